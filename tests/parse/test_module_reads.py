"""What each module's parse read of the repository (``Module.reads``): the modules an
incremental ingest must parse it again after, when one of them changes.

Inference reads further than a module's own imports: ``use.f`` calls
``make().decode(s)``, so reading ``use`` reads ``app`` (where ``make`` is), ``env``
(what ``make`` returns) and ``base`` (where ``Env.decode`` is inherited from). A name
looked for and not found is read too: ``sub`` looks for ``pkg.late``, which a later
commit may add. Modules outside the repository (``json``) are not recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.model import Repository
from graph_rag.parse import module_names, parse_repository

FILES = {
    "pkg/__init__.py": "",
    "pkg/base.py": "import json\n\n\nclass Base:\n    def decode(self, s):\n        return json.loads(s)\n",
    "pkg/env.py": "from pkg.base import Base\n\n\nclass Env(Base):\n    pass\n",
    "pkg/app.py": "from pkg.env import Env\n\n\ndef make():\n    return Env()\n",
    "pkg/use.py": "from pkg.app import make\n\n\ndef f(s):\n    return make().decode(s)\n",
    "pkg/sub.py": "from pkg.late import Late\n\n\nclass Sub(Late):\n    pass\n",
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_tree(tmp_path, FILES)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_module_reads_what_inference_followed_and_what_it_looked_for(root: Path, workers: int) -> None:
    graph = parse_repository(root, repository=Repository(id="r", name="r"), workers=workers)
    reads = {f.module.qualname: set(f.module.reads) for f in graph.files}

    assert reads["pkg.use"] == {"pkg.app", "pkg.env", "pkg.base"}
    assert reads["pkg.sub"] == {"pkg.late"}
    assert reads["pkg.base"] == set()  # json is not the repository's


def test_a_module_reads_the_same_whichever_file_built_what_it_reads_first(root: Path) -> None:
    """env.py built while app.py was parsed, or while use.py was: use.py reads base.py
    either way (what a build read counts for every later reader of the module)."""
    repo = Repository(id="r", name="r")
    alone = parse_repository(root, repository=repo, workers=1, files=[root / "pkg/use.py"])
    after = parse_repository(
        root, repository=repo, workers=1, files=[root / "pkg/app.py", root / "pkg/use.py"]
    )
    (use_alone,) = alone.files
    use_after = next(f for f in after.files if f.module.qualname == "pkg.use")
    assert use_alone.module.reads == use_after.module.reads == ("pkg.app", "pkg.base", "pkg.env")


def test_module_names_are_the_names_files_are_parsed_under(root: Path) -> None:
    (root / "pkg/late.py").write_text("class Late:\n    pass\n")
    names = module_names(root, [root / "pkg/late.py", root / "pkg/__init__.py", root / "README"])
    assert names == {root / "pkg/late.py": "pkg.late", root / "pkg/__init__.py": "pkg"}


def test_what_an_earlier_file_inferred_does_not_hide_a_read(tmp_path: Path) -> None:
    """a.py and b.py both call x.THING.g(); inferring x.THING reads y.py (its class).
    Parsed after a.py, b.py still reads y.py: astroid's cached answer from a.py's parse
    would otherwise skip the lookup, and b.py would not be parsed again when y.py changes."""
    files = {
        "pkg/__init__.py": "",
        "pkg/y.py": "class Thing:\n    def g(self):\n        return 1\n",
        "pkg/x.py": "import pkg.y as y\n\nTHING = y.Thing()\n",
        "pkg/a.py": "from pkg.x import THING\n\n\ndef use():\n    return THING.g()\n",
        "pkg/b.py": "from pkg.x import THING\n\n\ndef use():\n    return THING.g()\n",
    }
    write_tree(tmp_path, files)
    repo = Repository(id="r", name="r")
    graph = parse_repository(
        tmp_path, repository=repo, workers=1, files=[tmp_path / "pkg/a.py", tmp_path / "pkg/b.py"]
    )
    reads = {f.module.qualname: set(f.module.reads) for f in graph.files}
    assert reads["pkg.a"] == reads["pkg.b"] == {"pkg.x", "pkg.y"}


CYCLE = {
    "pkg/__init__.py": "",
    "pkg/s.py": "class S:\n    pass\n",
    "pkg/a.py": "from pkg.e import Error\nfrom pkg.s import S\n\n\nclass Base(S):\n    pass\n",
    "pkg/e.py": "from pkg.a import Base\n\n\nclass Error(Base):\n    pass\n",
    "pkg/h.py": "from pkg.e import Error\n\n\ndef hook():\n    raise Error()\n",
}


@pytest.mark.parametrize("first", [[], ["pkg/a.py"], ["pkg/e.py"], ["pkg/s.py", "pkg/a.py"]])
def test_reads_through_an_import_cycle_do_not_depend_on_what_was_parsed_first(
    tmp_path: Path, first: list[str]
) -> None:
    """a.py and e.py import each other: building a.py builds e.py, whose build looks a.py
    up while it is half built. h.py reads e.py, and through it a.py and what a.py reads
    (s.py, Base's base), whichever file was parsed first."""
    write_tree(tmp_path, CYCLE)
    files = [tmp_path / p for p in (*first, "pkg/h.py")]
    graph = parse_repository(tmp_path, repository=Repository(id="r", name="r"), workers=1, files=files)
    (h,) = (f for f in graph.files if f.module.qualname == "pkg.h")
    assert set(h.module.reads) == {"pkg.a", "pkg.e", "pkg.s"}


def test_a_view_reads_the_same_url_modules_in_every_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a function is a view is asked of the URL modules that name it, in order,
    up to the first that routes to it; those are what its module reads. In the order of
    a set of names, which changes from one process to the next (string hashing), two
    runs recorded different reads for the same file."""
    from graph_rag.parse.frameworks.lookup import SourceScan

    site = Path(__file__).parents[1] / "assets" / "frameworks" / "django_orm" / "site"
    routes = (
        "from django.urls import path\nfrom shop import views\n\nurlpatterns = [path('{0}/', views.checkout)]"
    )
    view = "def checkout(request):\n    return request.GET.get('q')\n"
    files = {"shop/__init__.py": "", "shop/views.py": view}
    files |= {f"{name}/__init__.py": "" for name in "abc"}
    files |= {f"{name}/urls.py": routes.format(name) + "\n" for name in "abc"}
    write_tree(tmp_path, files)

    def views_reads() -> tuple[str, ...]:
        graph = parse_repository(
            tmp_path, repository=Repository(id="p", name="p"), workers=1, dependencies=[site]
        )
        return next(f.module.reads for f in graph.files if f.module.qualname == "shop.views")

    names = SourceScan.names
    in_order = views_reads()
    assert "a.urls" in in_order
    monkeypatch.setattr(
        SourceScan, "names", lambda scan: {k: sorted(v, reverse=True) for k, v in names(scan).items()}
    )
    assert views_reads() == in_order
