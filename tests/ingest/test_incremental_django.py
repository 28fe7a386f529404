"""An incremental re-ingest of a Django project ends with the graph a clean ingest of the
same tree gives, after the edits a fuzz of such projects found apart (each test fails
without its fix). Django is the miniature in tests/assets/frameworks/django_orm/site,
read as a dependency."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.store import GraphStore

from .conftest import commit_all, graph_fingerprint, write_tree

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]
SITE = Path(__file__).parents[1] / "assets" / "frameworks" / "django_orm" / "site"


def _run(store: GraphStore, root: Path, tmp_path: Path, cache: str = "cache") -> IngestReport:
    return ingest(str(root), store=store, cache_dir=tmp_path / cache, workers=1, dependencies=[SITE])


def _same_as_clean(store: GraphStore, root: Path, tmp_path: Path) -> None:
    incremental = graph_fingerprint(store)
    store.write("clear_all")
    _run(store, root, tmp_path, "clean-cache")
    assert graph_fingerprint(store) == incremental


def test_a_module_added_where_a_file_imported_it_from_its_package_is_imported_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``from pkg import views`` while pkg/views.py is missing: adding it must parse the
    importer again (its IMPORTS edge now leads to the module). Seen: a fuzz deleting and
    restoring a views module that urls.py imports: the restored module had no IMPORTS
    edge from urls.py, and urls.py's reads lacked it."""
    root = make_repo(
        "site",
        {
            "pkg/__init__.py": "",
            "pkg/urls.py": "from pkg import views\n\nROUTES = [views.index]\n",
            "pkg/views.py": "def index(request):\n    return request\n",
        },
    )
    _run(store, root, tmp_path)
    (root / "pkg" / "views.py").unlink()
    commit_all(root, "no views")
    _run(store, root, tmp_path)
    write_tree(root, {"pkg/views.py": "def index(request):\n    return request\n"})
    commit_all(root, "views again")
    _run(store, root, tmp_path)
    _same_as_clean(store, root, tmp_path)
