"""Re-ingest of real code nobody here wrote: flask 3.1.0's package, from its PyPI sdist
(``tests/sdists.py``: downloaded once into a cache outside the repository), copied per test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.store import GraphStore

from ..sdists import sdist
from .conftest import graph_fingerprint


@pytest.fixture(scope="session")
def flask_sdist() -> Path:
    return sdist("flask", "3.1.0") / "src" / "flask"


def test_an_edit_to_flask_app_moves_the_override_edge_of_another_module(
    store: GraphStore, flask_sdist: Path, tmp_path: Path
) -> None:
    """sansio/app.py's App.jinja_env calls self.create_jinja_environment(), which app.py's
    Flask overrides. Renaming the override in app.py changes an edge of sansio/app.py, a
    file that did not change: the re-ingest must parse and rewrite it too."""
    root = tmp_path / "flask"
    shutil.copytree(flask_sdist, root / "flask")

    def run() -> IngestReport:
        return ingest(str(root), store=store, cache_dir=tmp_path / "cache", name="flask", workers=2)

    def callees() -> set[str]:
        return {r["callee"] for r in store.read("test.callees", id="flask:flask.sansio.app.App.jinja_env")}

    run()
    assert "flask:flask.app.Flask.create_jinja_environment" in callees()
    app = root / "flask" / "app.py"
    text = app.read_text()
    old, new = "    def create_jinja_environment(self)", "    def build_jinja_environment(self)"
    assert old in text
    app.write_text(text.replace(old, new))

    report = run()
    # app.py, and the 13 modules whose parse read it or that call, subclass or override
    # into it (sansio/app.py among them)
    assert (report.files_parsed, report.files_unchanged) == (14, 10)
    assert callees() == {"flask:flask.sansio.app.App.create_jinja_environment"}
    incremental = graph_fingerprint(store)
    store.write("clear_all")
    run()
    assert graph_fingerprint(store) == incremental
