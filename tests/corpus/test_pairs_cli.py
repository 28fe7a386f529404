"""Pairs export, `explain` and the corpus commands through the CLI, on the ``lib`` fixture
(conftest.py) synced from a manifest with a file:// URL.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from graph_rag.cli import FAILURE, OK, app
from graph_rag.services.ingest import ingest
from graph_rag.services.pairs import export_pairs, first_sentence, is_trivial, signature_code, strip_docstring
from graph_rag.store import GraphStore

from .conftest import LIB, MakeUpstream

SCHEMA = json.loads((Path(__file__).parents[2] / "schema" / "pairs.schema.json").read_text())
SAMPLE = Path(__file__).parent / "assets" / "awesome-python-sample.md"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def synced(settings_env: Path, make_upstream: MakeUpstream, write_manifest: Callable[[str], Path]) -> Path:
    lib = make_upstream("lib", LIB)
    manifest = write_manifest(f'[repos.lib]\nurl = "file://{lib}"\nref = "main"\nrole = "money"\n')
    code, stdout, stderr = invoke("corpus", "sync", "--manifest", str(manifest), "--no-embed", "--json")
    assert code == OK, stderr
    assert json.loads(stdout)["results"][0]["status"] == "ingested"
    return manifest


def read_pairs(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_pairs_validate_against_the_schema_in_a_deterministic_order(synced: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    assert invoke("export", "pairs", "-o", str(out))[0] == OK
    pairs = read_pairs(out)
    for pair in pairs:
        jsonschema.validate(pair, SCHEMA)
    assert [p["id"] for p in pairs] == [
        "lib:lib.core.Money.as_text", "lib:lib.core.Money.currency_code",
        "lib:lib.core.parse_price", "lib:lib.util.slugify",
    ]  # fmt: skip
    price = pairs[2]
    assert price["description"].startswith('Parse a price such as "12.50 EUR" into a float.\n\nThe currency')
    assert '"""' not in price["code"] and price["code"].startswith("def parse_price(text: str) -> float:")
    assert price["imports"] == ["lib.util.slugify", "re"]
    assert price["repository"]["role"] == "money" and price["repository"]["license"] == "MIT"
    assert pairs[0]["class_context"] == {
        "qualified_name": "lib.core.Money", "name": "Money", "docstring": "An amount in a currency.",
        "bases": [],
    }  # fmt: skip
    again = tmp_path / "again.jsonl"
    invoke("export", "pairs", "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_pairs_of_an_unknown_repository_are_an_error_not_an_empty_file(synced: Path, tmp_path: Path) -> None:
    code, _, stderr = invoke("export", "pairs", "-o", str(tmp_path / "pairs.jsonl"), "--repo", "other")
    assert code == FAILURE
    assert "No repository named 'other'; the graph holds " in " ".join(stderr.split())
    assert not (tmp_path / "pairs.jsonl").exists()


def test_a_failed_export_leaves_the_file_it_would_have_replaced(synced: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "pairs.jsonl"
    out.parent.mkdir()
    assert invoke("export", "pairs", "-o", str(out))[0] == OK
    before = out.read_bytes()
    assert invoke("export", "pairs", "-o", str(out), "--repo", "misspelt")[0] == FAILURE
    assert out.read_bytes() == before
    assert [p.name for p in out.parent.iterdir()] == ["pairs.jsonl"]  # no temporary file left


def test_the_pairs_file_keeps_the_mode_it_had_and_a_missing_folder_is_named(
    synced: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pairs.jsonl"
    out.write_text("")
    out.chmod(0o640)
    assert invoke("export", "pairs", "-o", str(out))[0] == OK
    assert out.stat().st_mode & 0o777 == 0o640
    new = tmp_path / "new.jsonl"
    assert invoke("export", "pairs", "-o", str(new))[0] == OK
    assert new.stat().st_mode & 0o777 == 0o666 & ~_umask()  # as any new file, not mkstemp's 0600
    code, _, stderr = invoke("export", "pairs", "-o", str(tmp_path / "missing" / "p.jsonl"))
    assert code == FAILURE
    assert f"Cannot use {tmp_path / 'missing' / 'p.jsonl'}: No such file or directory." in " ".join(
        stderr.split()
    )


def test_a_folder_given_as_the_pairs_file_is_named_before_anything_is_read(
    settings_env: Path, tmp_path: Path
) -> None:
    """It was told only once every pair was read, and by the temporary file's name
    ("Cannot use /tmp/.exports.x1y2.tmp: Is a directory.")."""
    folder = tmp_path / "out" / "exports"
    folder.mkdir(parents=True)
    code, _, stderr = invoke("export", "pairs", "-o", str(folder))
    assert (code, " ".join(stderr.split())) == (FAILURE, f"Cannot use {folder}: Is a directory.")
    assert [p.name for p in folder.parent.iterdir()] == ["exports"] and not any(folder.iterdir())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("args", "ids", "check"),
    [
        (["--drop-trivial"], ["Money.as_text", "parse_price", "slugify"], None),
        (["--variant", "first-sentence", "--repo", "lib"], None,
         ("lib:lib.core.parse_price", "description", 'Parse a price such as "12.50 EUR" into a float.')),
        (["--variant", "signature-only"], None,
         ("lib:lib.core.parse_price", "code", "def parse_price(text: str) -> float:\n    ...")),
        (["--origin", "inhouse"], [], None),
    ],
)  # fmt: skip
def test_pair_options(
    synced: Path, tmp_path: Path, args: list[str], ids: list[str] | None, check: tuple[str, str, str] | None
) -> None:
    out = tmp_path / "pairs.jsonl"
    assert invoke("export", "pairs", "-o", str(out), *args)[0] == OK
    pairs = read_pairs(out)
    for pair in pairs:
        jsonschema.validate(pair, SCHEMA)
    if ids is not None:
        assert [
            str(p["id"]).removeprefix("lib:lib.core.").removeprefix("lib:lib.util.") for p in pairs
        ] == ids
    if check is not None:
        pair_id, key, value = check
        assert next(p for p in pairs if p["id"] == pair_id)[key] == value


def test_min_quality_keeps_the_documented_typed_tested_function(synced: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    assert invoke("export", "pairs", "-o", str(out), "--min-quality", "0.8")[0] == OK
    assert [p["id"] for p in read_pairs(out)] == ["lib:lib.core.parse_price"]


def test_quality_recomputes_and_reports_each_repository(synced: Path) -> None:
    code, stdout, stderr = invoke("quality", "lib", "--json")
    assert code == OK, stderr
    (row,) = json.loads(stdout)["repositories"]
    assert row["repository"] == "lib" and 0 < row["quality"] <= 1
    assert row["functions"] > 0
    code, stdout, _ = invoke("quality")
    assert code == OK and "lib: quality" in stdout
    assert invoke("quality", "nosuch")[0] == FAILURE


def test_explain_prints_the_breakdown(synced: Path) -> None:
    code, stdout, _ = invoke("explain", "lib:lib.core.parse_price")
    assert code == OK
    for signal in ("docstring", "type_hints", "tested", "size", "complexity", "centrality"):
        assert signal in stdout
    assert "1 test callers" in stdout
    code, stdout, _ = invoke("explain", "lib:lib.core.helper", "--json")
    doc = json.loads(stdout)
    assert doc["kind"] == "function" and doc["total"] == doc["quality"]
    assert sum(s["contribution"] for s in doc["signals"]) == pytest.approx(doc["total"], abs=1e-3)
    assert {s["signal"]: s["input"] for s in doc["signals"]}["tested"] == "0 test callers"
    assert json.loads(invoke("explain", "lib", "--json")[1])["kind"] == "repository"
    assert json.loads(invoke("explain", "lib:lib.core", "--json")[1])["kind"] == "module"
    code, _, stderr = invoke("explain", "lib:nope")
    assert code == FAILURE
    assert "No function, module or repository with id 'lib:nope'" in " ".join(stderr.split())


def test_explain_says_when_a_signal_is_left_out_and_the_weights_are_scaled(
    settings_env: Path, tmp_path: Path
) -> None:
    """A folder that is no git checkout has no commit date: recency is left out, so each
    other signal contributes more than its weight says."""
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "mod.py").write_text('def f():\n    """Do it."""\n    return 1\n')
    assert invoke("ingest", str(tmp_path / "plain"), "--no-embed")[0] == OK
    code, stdout, _ = invoke("explain", "plain")
    assert code == OK
    assert "recency left out: the other weights are scaled up to sum to 1" in " ".join(stdout.split())


def test_sync_names_the_files_that_did_not_parse(
    settings_env: Path, make_upstream: MakeUpstream, write_manifest: Callable[[str], Path]
) -> None:
    lib = make_upstream("lib", {**LIB, "lib/broken.py": "def broken(:\n"})
    manifest = write_manifest(f'[repos.lib]\nurl = "file://{lib}"\nref = "main"\n')
    code, stdout, stderr = invoke("corpus", "sync", "--manifest", str(manifest), "--no-embed")
    assert code == OK
    assert "unparsable" in stdout
    assert "lib: parse error lib/broken.py:1: syntax error" in " ".join(stderr.split())
    invoke("remove", "lib")
    code, stdout, _ = invoke("corpus", "sync", "--manifest", str(manifest), "--no-embed", "--json")
    (result,) = json.loads(stdout)["results"]
    assert [e.split(": ")[0] for e in result["parse_errors"]] == ["lib/broken.py:1"]


def test_a_directory_include_takes_the_files_under_it_and_an_empty_match_is_said(
    settings_env: Path, make_upstream: MakeUpstream, write_manifest: Callable[[str], Path]
) -> None:
    """corpus.toml writes includes as directories (``include = ["lib/"]``)."""
    lib = make_upstream("lib", LIB)
    manifest = write_manifest(
        f'[repos.lib]\nurl = "file://{lib}"\nref = "main"\ninclude = ["lib/"]\n'
        f'[repos.none]\nurl = "file://{lib}"\nref = "main"\ninclude = ["src/"]\n'
    )
    code, _, stderr = invoke("corpus", "sync", "--manifest", str(manifest), "--no-embed")
    assert code == OK, stderr
    said = " ".join(stderr.split())
    assert "[repos.none] No Python files in file:" in said
    assert "check the path, and a manifest entry's include and exclude patterns." in said
    code, stdout, _ = invoke("status", "--json")
    modules = {r["id"]: r["modules"] for r in json.loads(stdout)["repositories"]}
    assert modules == {"lib": 3}  # nothing recorded for an entry of no files


def test_sync_exits_nonzero_only_when_everything_failed(
    settings_env: Path, write_manifest: Callable[[str], Path]
) -> None:
    manifest = write_manifest('[repos.a]\nurl = "https://github.com/a/a"\n')
    code, _, stderr = invoke("corpus", "sync", "--manifest", str(manifest), "--no-embed")
    assert code == FAILURE
    assert "[repos.a] has no 'ref'" in " ".join(stderr.split())


def test_sync_without_manifest_reads_the_one_in_the_current_directory(
    settings_env: Path, write_manifest: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = write_manifest('[repos.here]\nurl = "https://github.com/a/here"\n')
    monkeypatch.chdir(manifest.parent)
    code, _, stderr = invoke("corpus", "sync", "--no-embed")
    said = " ".join(stderr.split())
    assert code == FAILURE
    assert "Manifest: corpus.toml" in said
    assert "[repos.here] has no 'ref'" in said


def test_from_awesome_with_an_unknown_section_fails_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "candidates.toml"
    code, _, stderr = invoke("corpus", "from-awesome", str(SAMPLE), "--section", "nosuch", "-o", str(out))
    assert code == FAILURE
    assert "No section 'nosuch' in " in stderr and "; its sections: " in " ".join(stderr.split())
    assert not out.exists()


def test_from_awesome_writes_candidates(tmp_path: Path) -> None:
    out = tmp_path / "candidates.toml"
    code, _, stderr = invoke("corpus", "from-awesome", str(SAMPLE), "--section", "ORM", "-o", str(out))
    assert code == OK
    assert (
        '[repos.peewee]\n# A small, expressive ORM.\nurl = "https://github.com/coleifer/peewee"'
        in out.read_text()
    )
    assert "5 candidates" in stderr


@pytest.mark.parametrize(
    ("source", "trivial"),
    [
        ('def f(self):\n    """Doc."""\n    return self._x\n', True),
        ("def f():\n    pass\n", True),
        ("def f():\n    raise NotImplementedError('x')\n", True),
        ('def f(x):\n    """Doc."""\n    return x + 1\n', False),
    ],
)
def test_trivial_bodies(source: str, trivial: bool) -> None:
    assert is_trivial(source) is trivial


def test_text_variants() -> None:
    method = (
        '    @property\n    def f(self) -> int:\n        """One. Two.\n\n        More."""\n        return 1\n'
    )
    assert strip_docstring(method) == "@property\ndef f(self) -> int:\n    return 1"
    assert strip_docstring('def g():\n    """Only a docstring."""\n') == "def g():\n    ..."
    assert signature_code(method, "f(self) -> int", False) == "@property\ndef f(self) -> int:\n    ..."
    assert first_sentence("One. Two.\n\nMore.") == "One."
    assert first_sentence("Return the\n  e.g. value: x") == "Return the e.g. value: x"


@pytest.mark.parametrize(
    ("source", "code"),
    [
        # a method with a column-0 line inside a string: textwrap.dedent cannot dedent it
        (
            '    def query(self):\n        """Build the SQL."""\n        return """\nSELECT 1\n"""\n',
            'def query(self):\n    return """\nSELECT 1\n"""',
        ),
        ('def one_liner(x): """Return x unchanged."""', "def one_liner(x): ..."),
        ('def f():\n    """Doc."""\n    return 1\n', "def f():\n    return 1"),
    ],
)
def test_the_code_never_carries_its_own_docstring(source: str, code: str) -> None:
    assert strip_docstring(source) == code


def test_a_docstring_of_whitespace_only_makes_no_pair(
    store: GraphStore, make_upstream: MakeUpstream, tmp_path: Path
) -> None:
    """A no-break space passes Cypher's trim() but cleans to nothing: no empty description."""
    source = (
        'def blank():\n    """\u00a0"""\n    return 1\n\n\ndef kept():\n    """Return two."""\n    return 2\n'
    )
    root = make_upstream("nbsp", {"nbsp/__init__.py": "", "nbsp/m.py": source})
    ingest(str(root), store=store, cache_dir=tmp_path / "cache", name="nbsp")
    out = io.StringIO()
    report = export_pairs(store, out, drop_trivial=False)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["nbsp:nbsp.m.kept"]
    assert report.blank == 1
