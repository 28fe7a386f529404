"""The graph-rag command line, driven through typer's CliRunner.

Fixtures: the accuracy-suite cases under tests/assets/callgraph (for `export`),
the shop repository from tests/ingest (for `ingest`, `status`, `remove`), and
the session's database server reached through GRAPH_RAG_HOME (settings_env).
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph_rag.cli import FAILURE, OK, USAGE, app
from graph_rag.db import free_port
from graph_rag.store import GraphStore

from .ingest.conftest import SHOP, write_tree

ASSETS = Path(__file__).parent / "assets" / "callgraph"
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", sorted(p.parent for p in ASSETS.glob("*/*/expected.json"))[:5])
def test_export_callgraph_writes_pycg_json(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "cg.json"
    code, _, _ = invoke("export", "callgraph", str(case), "--format", "pycg", "-o", str(out))
    assert code == OK
    expected = json.loads((case / "expected.json").read_text())
    got = json.loads(out.read_text())
    assert set(got) >= set(expected)


def test_export_in_several_processes_writes_the_same_graph(tmp_path: Path) -> None:
    """``--workers`` (default: cores) parses in parallel, as ingest does; the graph does not
    depend on how the files were shared out."""
    graphs = []
    for workers in ("1", "2"):
        out = tmp_path / f"cg{workers}.json"
        code, _, _ = invoke(
            "export", "callgraph", str(ASSETS / "typed_receivers"), "--workers", workers, "-o", str(out)
        )
        assert code == OK
        graphs.append(json.loads(out.read_text()))
    assert graphs[0] == graphs[1]
    assert len(graphs[0]) > 100


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("export", "callgraph", "/no/such/dir"), USAGE, "does not exist"),
        (("export", "callgraph", ".", "--format", "dot"), USAGE, "'dot' is not one of"),
        (("cypher", "show", "no_such_query"), FAILURE, "No named query 'no_such_query'"),
        (("cypher", "run", "ping", "-p", "novalue"), USAGE, "expected key=value"),
        (
            ("cypher", "run", "api.repositories", "-p", f"limit={2**64}"),
            USAGE,
            f"Invalid value: limit: {2**64} does not fit in 64 bits",
        ),
        (
            ("cypher", "run", "api.functions_by_id", "-p", f'ids=["a", {{"n": [{-(2**63) - 1}]}}]'),
            USAGE,
            f"Invalid value: ids: {-(2**63) - 1} does not fit in 64 bits",
        ),
        (("cypher", "run", "api.usages", "-p", "symbol=x", "-p", "limt=3"), FAILURE, "'api.usages' takes"),
        (
            ("cypher", "run", "api.usages", "-p", "symbol=x", "-p", "limit=abc"),
            FAILURE,
            "Query 'api.usages' takes $limit as an integer (like 20), not 'abc'.",
        ),
        (("export", "callgraph", ".", "-o", "/"), USAGE, "/ is a directory: name the file to write."),
        (("export", "callgraph", ".", "-o", "/no/such/cg.json"), FAILURE, "Cannot use /no/such/cg.json"),
        (
            ("cypher", "run", "remove_repository_node", "-p", "repo_id=x"),
            FAILURE,
            "'remove_repository_node' writes to the graph; `cypher run` runs read queries only.",
        ),
        (("serve", "--port", "70000"), USAGE, "'--port': Input should be less than or equal to 65535"),
        (
            ("db", "start", "--bolt-port", "0"),
            USAGE,
            "'--bolt-port': Input should be greater than or equal to 1",
        ),
        (("ingest", ".", "--workers", "0"), USAGE, "'--workers': Input should be greater than or equal to 1"),
    ],
)
def test_bad_arguments_give_one_clear_message_and_the_right_exit_code(
    args: tuple[str, ...], code: int, says: str
) -> None:
    exit_code, stdout, stderr = invoke(*args)
    assert exit_code == code
    assert says in " ".join((stdout + stderr).split())


def test_export_names_the_files_it_leaves_out_and_writes_the_rest(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def broken(:\n")
    (tmp_path / "good.py").write_text("def good():\n    return len([])\n")
    code, stdout, stderr = invoke("export", "callgraph", str(tmp_path))
    assert code == OK
    assert json.loads(stdout) == {"<builtin>.len": [], "good": [], "good.good": ["<builtin>.len"]}
    assert "Skipped bad.py:1: syntax error" in " ".join(stderr.split())


def test_export_of_a_folder_without_python_files_is_refused_as_ingest_refuses_it(tmp_path: Path) -> None:
    """It wrote ``{}``: an empty call graph, where the path was most likely the wrong one."""
    (tmp_path / "README.md").write_text("# notes\n")
    code, stdout, stderr = invoke("export", "callgraph", str(tmp_path), "-o", str(tmp_path / "cg.json"))
    assert code == USAGE and stdout == ""
    assert "no Python files in" in stderr
    assert not (tmp_path / "cg.json").exists()


@pytest.mark.parametrize("root", ["", "pkg"], ids=["a folder", "a package"])
def test_calls_into_a_file_that_does_not_parse_keep_the_name_the_import_gives(
    tmp_path: Path, root: str
) -> None:
    """What pkg/broken.py defines is unknown; ``ok`` is named as imported, as an external is,
    however it is reached (from the module, through the module, through an alias)."""
    write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/broken.py": "def ok(:\n    pass\n",
            "pkg/uses.py": (
                "from pkg.broken import ok\nfrom pkg import broken\nimport pkg.broken as b\n\n\n"
                "def main():\n    ok()\n    broken.ok()\n    b.ok()\n"
            ),
        },
    )
    code, stdout, _ = invoke("export", "callgraph", str(tmp_path / root))
    assert code == OK
    prefix = "" if root else "pkg."
    assert json.loads(stdout)[f"{prefix}uses.main"] == [f"{prefix}broken.ok"]


def test_export_of_a_package_folder_names_modules_relative_to_it(tmp_path: Path) -> None:
    """PATH may itself be a package: its relative imports still resolve, and names are
    relative to PATH as PyCG's are (the package's own module is ``__init__``)."""
    write_tree(
        tmp_path,
        {
            "pkg/__init__.py": "from .mod import f\n\n\ndef top():\n    f()\n",
            "pkg/mod.py": "from . import other\n\n\ndef f():\n    other.h()\n",
            "pkg/other.py": "def h():\n    pass\n",
        },
    )
    code, stdout, _ = invoke("export", "callgraph", str(tmp_path / "pkg"))
    assert code == OK
    assert json.loads(stdout) == {
        "__init__": [],
        "__init__.top": ["mod.f"],
        "mod": [],
        "mod.f": ["other.h"],
        "other": [],
        "other.h": [],
    }


def test_a_package_name_that_becomes_a_stdlib_name_keeps_its_callees(tmp_path: Path) -> None:
    """Under PATH app/, app.json.dump is named json.dump, as the stdlib's is: PyCG has one
    node per name, so the package function's callees are merged into it, never dropped."""
    write_tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/json.py": (
                "import json\n\n\ndef dump(obj, fp):\n    json.dump(obj, fp)\n    _check(obj)\n\n\n"
                "def _check(obj):\n    pass\n"
            ),
        },
    )
    code, stdout, _ = invoke("export", "callgraph", str(tmp_path / "app"))
    assert code == OK
    assert json.loads(stdout)["json.dump"] == ["json._check", "json.dump"]


AWESOME = Path(__file__).parent / "corpus" / "assets" / "awesome-python-sample.md"


@pytest.mark.parametrize(
    ("args", "starts"),
    [
        (("export", "callgraph", str(ASSETS / "typed_receivers")), "{"),
        (("corpus", "from-awesome", str(AWESOME)), "# Candidate corpus entries read from"),
    ],
)
def test_an_output_of_dash_is_stdout(
    args: tuple[str, ...], starts: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `export pairs -o -` and most command lines read it: these wrote a file named '-'."""
    monkeypatch.chdir(tmp_path)
    code, to_stdout, _ = invoke(*args)
    code_dash, dashed, stderr = invoke(*args, "-o", "-")
    assert (code, code_dash) == (OK, OK)
    assert dashed == to_stdout and dashed.startswith(starts)
    assert list(tmp_path.iterdir()) == [] and "wrote" not in stderr.lower()


def test_export_into_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "good.py").write_text("def good():\n    pass\n")
    target = tmp_path / "no" / "cg.json"
    code, _, stderr = invoke("export", "callgraph", str(tmp_path), "-o", str(target))
    assert code == FAILURE
    assert f"Cannot use {target}: No such file or directory." in " ".join(stderr.split())


def test_cypher_list_and_show_print_the_named_queries() -> None:
    code, stdout, _ = invoke("cypher", "list", "--json")
    assert code == OK
    names = {row["name"] for row in json.loads(stdout)}
    assert {"ping", "vector_functions"} <= names and "upsert_functions" not in names  # `run` refuses writes
    code, stdout, _ = invoke("cypher", "list", "--all", "--json")
    rows = {row["name"]: row for row in json.loads(stdout)}
    assert rows["upsert_functions"]["writes"] is True and rows["ping"]["writes"] is False
    assert "\n" not in rows["api.call_cycle"]["doc"] and rows["api.call_cycle"]["doc"].endswith(
        "on no cycle."
    )
    code, stdout, _ = invoke("cypher", "show", "ping")
    assert code == OK and "RETURN 1 AS ok" in stdout


def test_db_status_of_a_fresh_data_dir_says_stopped(tmp_path: Path) -> None:
    code, stdout, _ = invoke("db", "status", "--data-dir", str(tmp_path / "db"), "--json")
    assert code == OK
    info = json.loads(stdout)
    assert info["running"] is False and info["data_dir"] == str(tmp_path / "db")


def test_db_status_of_a_stopped_server_gives_the_ports_a_start_serves_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ports given to ``db start`` are kept with the data (ports.json); stopped, status said
    null for both, so a user could not tell where the next start would listen."""
    for name in ("GRAPH_RAG_BOLT_PORT", "GRAPH_RAG_HTTP_PORT"):
        monkeypatch.delenv(name, raising=False)
    data_dir = tmp_path / "db"
    data_dir.mkdir()
    (data_dir / "ports.json").write_text(json.dumps({"bolt_port": 7101, "http_port": 2101}))
    code, stdout, _ = invoke("db", "status", "--data-dir", str(data_dir), "--json")
    info = json.loads(stdout)
    assert code == OK
    assert (info["running"], info["bolt_port"], info["http_port"], info["uri"]) == (False, 7101, 2101, "")
    code, stdout, _ = invoke("db", "status", "--data-dir", str(data_dir))
    assert "ports     Bolt 7101, HTTP 2101 (where `db start` serves)" in stdout


def test_db_status_of_a_server_that_ended_without_stop_says_so(tmp_path: Path) -> None:
    """It listed the gone process's pid and URI under "stopped", as if they still served."""
    ended = subprocess.Popen(["true"])
    ended.wait()  # a pid no process has now
    data_dir = tmp_path / "db"
    data_dir.mkdir()
    (data_dir / "server.json").write_text(
        json.dumps({"pid": ended.pid, "bolt_port": 7999, "http_port": 2999})
    )
    code, stdout, _ = invoke("db", "status", "--data-dir", str(data_dir))
    assert code == FAILURE
    assert stdout.splitlines()[0] == (
        f"Local server: stopped without `graph-rag db stop` (pid {ended.pid} is gone); "
        "`graph-rag db start` starts it again."
    )
    assert "7999" not in stdout and f"data_dir  {data_dir}" in stdout


def test_an_unreachable_neo4j_uri_gives_one_red_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    code, _, stderr = invoke("status")
    assert code == FAILURE
    assert stderr.startswith(f"Cannot reach the database at {uri}")
    assert "Traceback" not in stderr


def test_a_bad_fusion_weights_file_is_told_before_the_database_is_asked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The database here is unreachable: the weights file's error must come first."""
    weights = tmp_path / "weights.json"
    weights.write_text('{"dunder": ' + "9" * 400 + "}")
    monkeypatch.setenv("GRAPH_RAG_FUSION_WEIGHTS", str(weights))
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    code, _, stderr = invoke("search", "parse a date", "--mode", "fulltext")
    assert code == FAILURE
    assert " ".join(stderr.split()).startswith(f"The fusion weights file {weights}: dunder=inf is not")
    assert "Traceback" not in stderr


def test_a_bad_fusion_setting_stops_searches_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """GRAPH_RAG_RRF_C=-1 is refused where a search reads it, before the database is
    asked; `db status` (and stop, remove, ingest) do not search and carry on."""
    monkeypatch.setenv("GRAPH_RAG_RRF_C", "-1")
    monkeypatch.setenv("GRAPH_RAG_HOME", str(tmp_path / "home"))
    code, _, stderr = invoke("search", "parse a date")
    assert (code, " ".join(stderr.split())) == (
        FAILURE,
        "GRAPH_RAG_RRF_C='-1' is not a rank constant (a number >= 0).",
    )
    code, stdout, stderr = invoke("db", "status")
    assert "GRAPH_RAG_RRF_C" not in stdout + stderr


def test_a_neo4j_uri_that_is_not_bolt_is_refused_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "http://127.0.0.1:7474")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    code, _, stderr = invoke("status")
    assert code == FAILURE
    assert " ".join(stderr.split()).startswith(
        "NEO4J_URI must be a Bolt address (bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s://, "
        "neo4j+ssc://), got 'http://127.0.0.1:7474'."
    )
    assert "Traceback" not in stderr


@pytest.mark.parametrize("folder", ["[old]", "[/x]"], ids=["a tag", "a closing tag"])
def test_a_path_that_reads_as_markup_is_printed_as_it_is(folder: str, tmp_path: Path) -> None:
    """Rich read brackets in a path as its markup: "[old]" vanished from the line, and "[/x]"
    ended in a MarkupError traceback."""
    data_dir = tmp_path / folder / "db"
    code, stdout, stderr = invoke("db", "stop", "--data-dir", str(data_dir))
    assert (code, stdout.strip()) == (OK, f"The local server is not running (data in {data_dir}).")
    sdl = tmp_path / folder / "schema.graphql"
    code, _, stderr = invoke("export", "schema", str(sdl), "--check")
    assert (code, stderr.strip()) == (FAILURE, f"{sdl} is stale: run `graph-rag export schema`.")


def test_a_repository_name_that_reads_as_markup_is_removed_and_named(
    settings_env: Path, tmp_path: Path
) -> None:
    write_tree(tmp_path / "shop", SHOP)
    assert invoke("ingest", str(tmp_path / "shop"), "--name", "[/x]", "--no-embed")[0] == OK
    code, stdout, _ = invoke("remove", "[/x]")
    assert (code, stdout.strip()) == (OK, "Removed [/x].")
    code, _, stderr = invoke("remove", "[/x]")
    assert (code, stderr.strip()) == (FAILURE, "No repository named '[/x]'; `graph-rag status` lists them.")


def test_ingest_status_and_remove_round_trip(settings_env: Path, tmp_path: Path, store: GraphStore) -> None:
    root = tmp_path / "shop"
    write_tree(root, SHOP)
    code, stdout, _ = invoke("ingest", str(root), "--no-embed", "--json")
    assert code == OK
    (report,) = json.loads(stdout)["repositories"]
    assert (report["repository"], report["functions"]) == ("shop", 6)

    code, stdout, _ = invoke("status", "--json")
    # a folder that is no git checkout has no commit: null, as GraphQL and MCP say
    assert [(r["id"], r["commit"]) for r in json.loads(stdout)["repositories"]] == [("shop", None)]
    store.write("test.interrupt_repository", id="shop")  # killed before it stored its figures
    code, stdout, _ = invoke("status", "--json")
    (row,) = json.loads(stdout)["repositories"]
    assert (row["complete"], row["modules"], row["functions"]) == (False, 4, 6)  # what it holds

    assert invoke("remove", "shop")[0] == OK
    code, _, stderr = invoke("remove", "shop")
    assert code == FAILURE and "No repository named 'shop'" in stderr


def test_ingest_leaves_out_what_exclude_names_and_a_later_exclude_removes_it(
    settings_env: Path, tmp_path: Path, store: GraphStore
) -> None:
    root = tmp_path / "shop"
    write_tree(root, SHOP)
    write_tree(root, {"tests/assets/fake.py": "def get():\n    return 1\n"})

    def paths(*options: str) -> set[str]:
        code, stdout, _ = invoke("ingest", str(root), "--no-embed", "--json", *options)
        assert code == OK, stdout
        return {row["path"] for row in store.read("repository_modules", repo_id="shop")}

    assert "tests/assets/fake.py" in paths()
    assert "tests/assets/fake.py" not in paths("--exclude", "tests/assets/")
    assert (
        paths("--include", "shop/") == paths("--exclude", "tests/") == {p for p in SHOP if p.endswith(".py")}
    )
    code, _, stderr = invoke("ingest", str(root), "--no-embed", "--include", "nothing/")
    assert code == FAILURE and "include" in stderr
    assert invoke("remove", "shop")[0] == OK


def test_an_interrupted_ingest_says_how_to_finish_it(
    settings_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C half-way

    monkeypatch.setattr("graph_rag.services.ingest.ingest", interrupted)
    write_tree(tmp_path / "shop", SHOP)
    code, _, stderr = invoke("ingest", str(tmp_path / "shop"), "--no-embed")
    assert code == 130
    assert "Interrupted. What was written is kept; run the same command again to finish" in (
        " ".join(stderr.split())
    )


def _guarded_script(body: str) -> str:
    return (
        "import sys, typer\n"
        "from graph_rag.cli.common import guarded\n"
        "@guarded\n"
        "def command():\n"
        f"    {body}\n"
        "typer.run(command)\n"
    )


def test_output_piped_into_a_reader_that_stops_early_ends_quietly() -> None:
    """``graph-rag cypher show x | head -1``: once the reader has gone, writing fails with
    EPIPE; the command ends without an "[Errno 32] Broken pipe" line."""
    script = _guarded_script("sys.stdout.write('row\\n' * 500_000); sys.stdout.flush()")
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    child.stdout.close()  # the reader stops before the writer is done
    _, stderr = child.communicate(timeout=60)
    assert (child.returncode, stderr) == (FAILURE, b"")


def test_a_broken_pipe_that_is_not_stdout_is_an_error_like_any() -> None:
    """A parser worker's pipe, say: stdout is fine, so the failure is shown."""
    script = _guarded_script("raise BrokenPipeError(32, 'Broken pipe')")
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert (ended.returncode, ended.stderr.strip()) == (FAILURE, "[Errno 32] Broken pipe")


def test_serve_on_a_taken_port_fails_at_once_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, stdout, stderr = invoke("serve", "--port", str(port))
    assert code == FAILURE
    assert f"Cannot serve on 127.0.0.1:{port}: Address already in use." in " ".join(stderr.split())
    assert "GraphiQL at" not in stdout + stderr  # no banner for a server that never ran


def test_the_ingest_summary_leaves_out_the_version_control_folder(settings_env: Path, tmp_path: Path) -> None:
    """Every checkout has its .git skipped: the summary says what else was left out."""
    write_tree(tmp_path / "shop", {**SHOP, ".git/config": "[core]\n", "build/gen.py": "x = 1\n"})
    code, stdout, _ = invoke("ingest", str(tmp_path / "shop"), "--no-embed")
    assert code == OK
    assert "skipped: build output 1" in stdout and "version control" not in stdout
    invoke("remove", "shop")
    code, stdout, _ = invoke("ingest", str(tmp_path / "shop"), "--no-embed", "--json")
    (report,) = json.loads(stdout)["repositories"]
    assert report["skipped"] == {"build output": 1, "version control": 1}


def test_ingest_piped_to_a_log_writes_no_blank_lines_on_stderr(settings_env: Path, tmp_path: Path) -> None:
    """The progress bars draw only on a terminal: stderr piped to a log (cron's
    ``>> sync.log 2>&1``) got an empty line each time a bar stopped, one per source."""
    write_tree(tmp_path / "shop", SHOP)
    code, stdout, stderr = invoke("ingest", str(tmp_path / "shop"), str(tmp_path / "missing"), "--no-embed")
    assert stdout.startswith("shop @ (not git)")
    assert stderr.splitlines() == [  # the source named once: it was said before the message too
        f"Source '{tmp_path / 'missing'}' does not exist, and it is not a git URL."
    ]
    assert code == FAILURE  # one source failed


def test_a_failed_source_fails_the_ingest_after_the_others_are_ingested(
    settings_env: Path, tmp_path: Path
) -> None:
    """A script (``graph-rag ingest ./a ./typo && deploy``) must see that a source was left
    out: the exit status was 0 whenever another source went in."""
    write_tree(tmp_path / "shop", SHOP)
    code, stdout, _ = invoke(
        "ingest", str(tmp_path / "missing"), str(tmp_path / "shop"), "--no-embed", "--json"
    )
    assert code == FAILURE
    report = json.loads(stdout)
    assert [r["repository"] for r in report["repositories"]] == ["shop"]  # the good one went in all the same
    assert [f["source"] for f in report["failures"]] == [str(tmp_path / "missing")]
    code, stdout, _ = invoke("status")
    assert code == OK and "shop" in stdout


def test_the_ingest_summary_counts_in_words_that_agree_with_the_numbers(
    settings_env: Path, tmp_path: Path
) -> None:
    """It said "1 files", "1 classes" and "1 nodes"."""
    write_tree(tmp_path / "one", {"one.py": "class Shape:\n    pass\n"})
    code, stdout, _ = invoke("ingest", str(tmp_path / "one"), "--no-embed")
    assert code == OK
    assert stdout.splitlines()[:2] == [
        "one @ (not git): 1 file (1 parsed, 0 unchanged, 0 deleted)",
        "  graph: 1 module, 1 class, 0 functions; written 2 nodes and 2 relationships"
        " (CONTAINS 1, DEFINES 1)",
    ]


def test_the_json_report_counts_only_the_edge_types_written(settings_env: Path, tmp_path: Path) -> None:
    """Every report said "OVERRIDES": 0, a re-run that wrote nothing too."""
    write_tree(tmp_path / "shop", SHOP)
    for expected in ({"CALLS": 10, "CONTAINS": 4, "DEFINES": 7, "IMPORTS": 4}, {}):
        code, stdout, _ = invoke("ingest", str(tmp_path / "shop"), "--no-embed", "--json")
        assert code == OK
        assert json.loads(stdout)["repositories"][0]["write"]["by_type"] == expected


def test_ingest_of_nothing_ingestable_exits_non_zero(settings_env: Path, tmp_path: Path) -> None:
    code, _, stderr = invoke("ingest", f"file://{tmp_path}/missing", "--no-embed")
    assert code == FAILURE
    assert "file://" in stderr


def test_tune_embedder_learns_from_a_source_tree_and_says_how_to_use_the_model(tmp_path: Path) -> None:
    functions = [
        ("size", "Return the file's size in bytes.", "os.stat(path).st_size"),
        ("mtime", "Return the file's modification time.", "os.stat(path).st_mtime"),
        ("read", "Read the whole file as text.", "open(path).read()"),
        ("names", "List the names in a folder.", "sorted(os.listdir(path))"),
        ("split", "Split a path into its folder and name.", "os.path.split(path)"),
        ("parent", "Return the folder holding the path.", "os.path.dirname(path)"),
        ("exists", "Tell whether something exists at the path.", "os.path.exists(path)"),
        ("absolute", "Make the path absolute from the current folder.", "os.path.abspath(path)"),
    ]
    body = "".join(f'\n\ndef {n}(path):\n    """{doc}"""\n    return {code}\n' for n, doc, code in functions)
    write_tree(tmp_path / "src", {"files/__init__.py": "", "files/ops.py": "import os" + body})
    model = tmp_path / "model"
    code, stdout, _ = invoke(
        "tune-embedder",
        str(tmp_path / "src"),
        "-o",
        str(model),
        "--batch-size",
        "4",
        "--batches",
        "project",
        "--json",
    )
    assert code == OK
    report = json.loads(stdout)
    assert (report["pairs"], report["steps"], report["output"]) == (8, 2, str(model.resolve()))
    assert (model / "modules.json").is_file()  # a sentence-transformers folder GRAPH_RAG_EMBED_MODEL can name

    code, _, stderr = invoke(
        "tune-embedder", str(tmp_path / "src"), "-o", str(model), "--hold-out", str(tmp_path / "src")
    )
    assert code == FAILURE and "too few" in stderr


DEPENDENCIES = Path(__file__).parent / "assets" / "parse" / "dependencies"


def test_export_callgraph_with_deps_follows_calls_into_the_dependency_source() -> None:
    args = ("export", "callgraph", str(DEPENDENCIES / "repo"))
    _, alone, _ = invoke(*args)
    code, with_deps, _ = invoke(*args, "--deps", str(DEPENDENCIES / "site"))
    assert code == OK
    # rv = webkit.make_response(...); rv.headers.update(...): what rv is, only the source says.
    assert "webkit.response.Headers.update" not in json.loads(alone)["app.view"]
    assert "webkit.response.Headers.update" in json.loads(with_deps)["app.view"]


def test_ingest_with_deps_stores_the_calls_into_the_dependency(settings_env: Path, tmp_path: Path) -> None:
    root = tmp_path / "app"
    write_tree(root, {"app.py": (DEPENDENCIES / "repo" / "app.py").read_text()})
    code, _, _ = invoke("ingest", str(root), "--no-embed", "--deps", str(DEPENDENCIES / "site"))
    assert code == OK
    usages = ("cypher", "run", "api.usages", "-p", "symbol=webkit.response.Headers.update")
    code, stdout, _ = invoke(*usages, "-p", "origin=null", "-p", "limit=20", "--json")
    assert code == OK
    assert [row["id"] for row in json.loads(stdout)] == ["app:app.view"]
    # $origin's header documents it as null-able: left out, it is null
    code, stdout, stderr = invoke(*usages, "-p", "limit=20", "--json")
    assert code == OK, stderr
    assert [row["id"] for row in json.loads(stdout)] == ["app:app.view"]
    code, _, stderr = invoke("cypher", "run", "api.usages", "-p", "origin=null", "--json")
    assert code == FAILURE and "needs $limit, $symbol" in stderr  # those it has no null for
    # an index by the name the query's header gives (Neo4j's), whatever the server calls it
    search = ("cypher", "run", "search_fulltext", "-p", "index=function_text", "-p", "text=view")
    filters = ("-p", "repositories=[]", "-p", "kinds=[]", "-p", "exclude_tests=false")
    code, stdout, stderr = invoke(*search, *filters, "-p", "candidates=5", "-p", "k=5", "--json")
    assert code == OK, stderr
    assert [row["id"] for row in json.loads(stdout)] == ["app:app.view"]
    assert invoke("remove", "app")[0] == OK
    assert invoke("ingest", str(root), "--deps", "/no/such/dir")[0] == USAGE


def _project_with_venv(root: Path) -> Path:
    """app.py beside a .venv whose site-packages has the webkit dependency installed."""
    write_tree(root, {"app.py": (DEPENDENCIES / "repo" / "app.py").read_text(), ".venv/pyvenv.cfg": ""})
    site = root / ".venv" / "lib" / "python3.11" / "site-packages"
    shutil.copytree(DEPENDENCIES / "site" / "webkit", site / "webkit")
    return site


def test_export_callgraph_reads_the_projects_own_virtualenv_unless_told_not_to(tmp_path: Path) -> None:
    _project_with_venv(tmp_path / "app")
    code, with_venv, _ = invoke("export", "callgraph", str(tmp_path / "app"))
    assert code == OK
    assert "webkit.response.Headers.update" in json.loads(with_venv)["app.view"]
    _, without, _ = invoke("export", "callgraph", str(tmp_path / "app"), "--no-venv-deps")
    assert "webkit.response.Headers.update" not in json.loads(without)["app.view"]
    assert "webkit.make_response" in json.loads(without)["app.view"]  # named by its import all the same


def test_ingest_reads_the_projects_own_virtualenv_and_reports_it(settings_env: Path, tmp_path: Path) -> None:
    site = _project_with_venv(tmp_path / "app")
    code, stdout, _ = invoke("ingest", str(tmp_path / "app"), "--no-embed", "--json")
    assert code == OK
    report = json.loads(stdout)["repositories"][0]
    assert report["dependencies"] == [str(site.resolve())]
    assert report["files_discovered"] == 1  # the virtualenv is read, never ingested
    usages = ("cypher", "run", "api.usages", "-p", "symbol=webkit.response.Headers.update")
    code, stdout, _ = invoke(*usages, "-p", "origin=null", "-p", "limit=20", "--json")
    assert [row["id"] for row in json.loads(stdout)] == ["app:app.view"]
    assert invoke("remove", "app")[0] == OK


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if hasattr(command, "commands"):  # a group (typer carries its own click)
        return [p for name, sub in command.commands.items() for p in _command_paths(sub, (*path, name))]
    return [path]


def test_no_help_text_loses_its_default_to_rich_markup() -> None:
    """A bare "[default: x]" in a help string is rich markup, so it vanished and left
    "Parser processes ." behind."""
    import typer.main

    paths = _command_paths(typer.main.get_command(app))
    assert len(paths) > 20
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == OK, path
        assert not re.search(r"\w \.(\s|$)", result.stdout), (path, result.stdout)


def test_tables_piped_to_a_file_or_program_are_not_cut_to_80_columns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from graph_rag.cli.common import PIPED_WIDTH, _width

    monkeypatch.delenv("COLUMNS", raising=False)
    with (tmp_path / "out.txt").open("w") as piped:
        assert _width(piped) == PIPED_WIDTH
    monkeypatch.setenv("COLUMNS", "100")  # the user's own choice wins
    with (tmp_path / "out.txt").open("w") as piped:
        assert _width(piped) is None


def test_version_and_the_commands_in_the_order_a_newcomer_needs_them() -> None:
    from graph_rag import __version__

    code, stdout, _ = invoke("--version")
    assert (code, stdout.strip()) == (OK, f"graph-rag {__version__}")
    code, stdout, _ = invoke("--help")
    listed = re.findall(r"^│ ([a-z][a-z-]*) ", stdout, flags=re.M)
    assert listed[:6] == ["db", "init", "ingest", "status", "search", "embed"]


def test_the_driver_s_retry_warning_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """While the database is down the driver warns before each retry, over several lines
    with addresses; a user sees when graph-rag tries again."""
    import logging

    from graph_rag.cli.common import _DriverNotice

    record = logging.LogRecord(
        "neo4j.session", logging.WARNING, __file__, 1, "Transaction failed and will be retried in %ss (%s)",
        (1.047, "Couldn't connect to 127.0.0.1:7687 (resolved to ('127.0.0.1:7687',)):\nFailed ..."), None,
    )  # fmt: skip
    _DriverNotice().emit(record)
    assert capsys.readouterr().err.strip() == "The database did not answer; trying again in 1.0 s."


def test_the_ingest_summary_separates_thousands_in_edge_counts_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beside "1,871 relationships" it said "CALLS 1080"."""
    import io

    from rich.console import Console

    from graph_rag.cli import ingest as ingest_cli
    from graph_rag.services.ingest import IngestReport
    from graph_rag.store.writer import WriteStats

    screen = io.StringIO()
    monkeypatch.setattr(ingest_cli, "out", Console(file=screen, width=300))
    write = WriteStats(nodes=742, relationships=1871, by_type={"CALLS": 1080, "DEFINES": 413, "OVERRIDES": 0})
    ingest_cli._report_summary(IngestReport("flask", "/src/flask", "", files_discovered=24, write=write))
    assert "written 742 nodes and 1,871 relationships (CALLS 1,080, DEFINES 413)" in screen.getvalue()
