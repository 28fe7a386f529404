"""Manifest parsing (pure): defaults, filters, and one clear error per bad entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.errors import SourceError
from graph_rag.model import Origin
from graph_rag.sources.manifest import EXAMPLE_PATTERNS, TEST_PATTERNS, load_manifest, parse_manifest

SHIPPED = Path(__file__).parents[2] / "corpus.toml"


def test_defaults_apply_and_entries_override_them(tmp_path: Path) -> None:
    manifest = parse_manifest(
        """
        [defaults]
        origin = "curated"
        skip_examples = true
        exclude = ["*_pb2.py"]

        [repos.fastapi]
        url = "https://github.com/fastapi/fastapi"
        ref = "0.115.6"
        role = "api_framework"
        include = ["fastapi/"]

        [repos.shop]
        path = "../shop"
        origin = "inhouse"
        skip_tests = true
        exclude = ["migrations/"]
        max_file_bytes = 4096
        """.replace("\n        ", "\n"),
        base_dir=tmp_path / "corpora",
        default_name="web",
    )
    assert manifest.problems == ()
    fastapi, shop = manifest.entries
    assert (manifest.name, fastapi.origin, fastapi.ref, fastapi.include) == (
        "web", Origin.CURATED, "0.115.6", ("fastapi/",),
    )  # fmt: skip
    assert fastapi.exclude_patterns == ("*_pb2.py", *EXAMPLE_PATTERNS)
    assert (shop.path, shop.origin, shop.max_file_bytes) == (str(tmp_path / "shop"), Origin.INHOUSE, 4096)
    assert shop.exclude_patterns == ("migrations/", *TEST_PATTERNS, *EXAMPLE_PATTERNS)
    assert fastapi.fingerprint() != shop.fingerprint()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('url = "https://github.com/a/b"\nref = "v1"\nbranch = "x"',
         "[repos.e] unknown key 'branch' (allowed: url, path, ref, origin, role, include, exclude, "
         "max_file_bytes, skip_tests, skip_examples)"),
        ('url = "https://github.com/a/b"\nref = "v1"\nrol = "orm"',
         "[repos.e] unknown key 'rol' (did you mean 'role'?) (allowed: url, path, ref, origin, role, "
         "include, exclude, max_file_bytes, skip_tests, skip_examples)"),
        ('url = "ftp://example.com/a/b"\nref = "v1"',
         "[repos.e] Refusing source 'ftp://example.com/a/b': scheme 'ftp' is not allowed "
         "(use one of https, http, ssh, git, file)"),
        ('url = "not a url"\nref = "v1"',
         "[repos.e] url 'not a url' is not a git URL (https://, ssh://, git@host:path or file://)"),
        ('url = "https://github.com/a/b"',
         "[repos.e] has no 'ref': pin a branch, tag or commit (ref = \"v1.2.3\")"),
        ('url = "https://github.com/a/b"\nref = "--upload-pack=x"',
         "[repos.e] ref '--upload-pack=x' is not a branch, tag or commit name"),
        ('path = "x"\nurl = "https://github.com/a/b"\nref = "v1"',
         "[repos.e] needs exactly one of 'url' (a git URL) or 'path' (a local directory)"),
        ('path = "x"\nref = "v1"',
         "[repos.e] a 'ref' needs a git 'url'; for a local repository use url = \"file:///...\""),
        ('url = "https://github.com/a/b"\nref = "v1"\norigin = "vendor"',
         "[repos.e] origin 'vendor' must be 'curated' or 'inhouse'"),
        ('url = "https://github.com/a/b"\nref = "v1"\nmax_file_bytes = -1',
         "[repos.e] 'max_file_bytes' must be a positive integer"),
        ('url = "https://github.com/a/b"\nref = "v1"\ninclude = "src/"',
         "[repos.e] 'include' must be a list of patterns (strings)"),
    ],
)  # fmt: skip
def test_a_bad_entry_is_named_and_the_others_survive(entry: str, message: str, tmp_path: Path) -> None:
    text = f'[repos.good]\nurl = "https://github.com/a/good"\nref = "main"\n\n[repos.e]\n{entry}\n'
    manifest = parse_manifest(text, base_dir=tmp_path)
    assert [str(p) for p in manifest.problems] == [message]
    assert [e.name for e in manifest.entries] == ["good"]
    assert manifest.names == {"good", "e"}  # a broken entry is not "dropped" (no prune)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[repos.a\n", "m.toml is not valid TOML: "),
        ("[defaults]\nbranch = 'x'\n", "m.toml: [defaults] has unknown key 'branch'"),
        ("[defaults]\norigin = 'x'\n", "m.toml: [defaults] origin 'x' must be 'curated' or 'inhouse'."),
        ("repos = 3\n", "m.toml: 'repos' must be a table of [repos.<name>] entries."),
        # a typo for [repos.shop]: read as "no repositories", --prune would remove them all
        ("[repo.shop]\nurl = 'x'\n", "m.toml: unknown top-level key 'repo' (did you mean 'repos'?)"),
    ],
)
def test_a_file_that_is_no_manifest_raises(text: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        parse_manifest(text, base_dir=tmp_path, source="m.toml")
    assert str(caught.value).startswith(message)


def test_the_shipped_manifest_pins_the_python_web_stack() -> None:
    manifest = load_manifest(SHIPPED)
    assert manifest.problems == ()
    assert {e.name for e in manifest.entries} == {
        "fastapi", "starlette", "pydantic", "sqlalchemy", "alembic",
        "pytest", "requests", "flask", "django", "celery",
    }  # fmt: skip
    assert all(e.url.startswith("https://github.com/") and e.ref for e in manifest.entries)


def test_a_missing_manifest_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"No corpus manifest at .*nope\.toml\."):
        load_manifest(tmp_path / "nope.toml")
