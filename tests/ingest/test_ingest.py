"""Ingest into the real database: idempotent, incremental, cross-repo, and safe with bad input.

Fixtures: the ``shop`` and ``client`` repositories described in conftest.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from astroid import nodes

from graph_rag.errors import SourceError, StoreError
from graph_rag.model import Origin
from graph_rag.parse.calls import CallResolver
from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.store import GraphStore
from graph_rag.store.writer import GraphWriter

from .conftest import CLIENT, SHOP, commit_all, graph_fingerprint, write_tree

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]


def run(store: GraphStore, source: Path | str, tmp_path: Path, **kwargs: object) -> IngestReport:
    return ingest(str(source), store=store, cache_dir=tmp_path / "cache", **kwargs)  # type: ignore[arg-type]


def clean_ingest_fingerprint(store: GraphStore, root: Path, tmp_path: Path) -> object:
    """The graph a first ingest of ``root`` into an empty database gives."""
    store.write("clear_all")
    run(store, root, tmp_path)
    return graph_fingerprint(store)


def callees(store: GraphStore, caller_id: str) -> set[str]:
    rows = store.read("test.callees", id=caller_id)
    return {row["callee"] for row in rows}


def imported(store: GraphStore, module_id: str) -> set[str]:
    return {row["target"] for row in store.read("test.imports", id=module_id)}


def test_a_repository_becomes_modules_classes_functions_and_resolved_edges(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("shop", SHOP)
    report = run(store, root, tmp_path, origin=Origin.CURATED, role="example")
    assert (report.modules, report.classes, report.functions) == (4, 1, 6)
    assert report.parse_errors == []
    assert callees(store, "shop:shop.cart.Cart.add") == {"shop:shop.pricing.price", "builtins.list.append"}
    assert callees(store, "shop:shop.pricing.price") == {"shop:shop.pricing.discount", "builtins.round"}
    assert callees(store, "shop:shop.cli.main") >= {
        "shop:shop.cart.Cart",
        "shop:shop.cart.Cart.__init__",
        "shop:shop.cart.Cart.add",
        "shop:shop.cart.Cart.total",
        "requests.get",
    }
    (repo,) = store.read("list_repositories")
    assert (repo["origin"], repo["role"], repo["license"], repo["complete"]) == (
        "curated",
        "example",
        "MIT",
        True,
    )


def test_ingesting_the_same_commit_twice_leaves_the_graph_identical(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("shop", SHOP)
    run(store, root, tmp_path)
    first = graph_fingerprint(store)
    again = run(store, root, tmp_path)
    assert again.files_parsed == 0 and again.files_unchanged == 4
    assert graph_fingerprint(store) == first


@pytest.mark.parametrize(
    ("change", "expect_parsed", "expect_deleted"),
    [
        ("edit", 2, 0),  # pricing.py, and cart.py that calls into it
        ("add", 1, 0),
        ("delete", 0, 1),
        ("rename", 1, 1),
        # the package moves under src/: every module keeps its dotted name (and id)
        ("move to src", 4, 4),
    ],
)
def test_re_ingest_touches_only_what_changed_and_equals_a_clean_ingest(
    store: GraphStore,
    make_repo: MakeRepo,
    tmp_path: Path,
    change: str,
    expect_parsed: int,
    expect_deleted: int,
) -> None:
    root = make_repo("shop", SHOP)
    run(store, root, tmp_path)
    if change == "edit":
        (root / "shop/pricing.py").write_text("def price(name, amount):\n    return round(amount, 2)\n")
    elif change == "add":
        (root / "shop/tax.py").write_text(
            "from shop.pricing import price\n\n\ndef with_tax(a):\n    return price('x', a) * 1.2\n"
        )
    elif change == "delete":
        (root / "shop/cli.py").unlink()
    elif change == "rename":
        (root / "shop/cli.py").rename(root / "shop/main.py")
    else:
        (root / "src").mkdir()
        (root / "shop").rename(root / "src/shop")
    commit_all(root, change)

    report = run(store, root, tmp_path)
    assert (report.files_parsed, report.files_deleted) == (expect_parsed, expect_deleted)
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


# Edges the repository-wide pass finds (graph_rag/parse/flow.py) join facts of several
# files: a callback passed in one file and called in another, an override in a subclass
# reached through ``self`` in its base. An edit to either file must move them.
HOOKS = {
    "hooks/__init__.py": "",
    "hooks/runner.py": (
        "def apply(fn):\n    return fn()\n\n\n"
        "class Base:\n    def run(self):\n        return self.step()\n\n"
        "    def step(self):\n        return 1\n"
    ),
    "hooks/plugins.py": (
        "from hooks.runner import Base, apply\n\n\n"
        "def helper():\n    return 2\n\n\n"
        "def other():\n    return 3\n\n\n"
        "def go():\n    return apply(helper)\n\n\n"
        "class Child(Base):\n    def step(self):\n        return 4\n"
    ),
}
HOOK_EDITS = {
    # the callback passed changes, and the override goes: runner.py's edges move, unedited
    "plugins": (
        "hooks/plugins.py",
        "from hooks.runner import Base, apply\n\n\n"
        "def helper():\n    return 2\n\n\n"
        "def other():\n    return 3\n\n\n"
        "def go():\n    return apply(other)\n",
    ),
    # runner.py changes: plugins.py, which imports, calls and subclasses it, is parsed again
    # with it, and what it passes and overrides must still count
    "runner": (
        "hooks/runner.py",
        "def apply(fn):\n    print('applying')\n    return fn()\n\n\n"
        "class Base:\n    def run(self):\n        return self.step()\n\n"
        "    def step(self):\n        return 1\n",
    ),
}


@pytest.mark.parametrize("edited", sorted(HOOK_EDITS))
def test_re_ingest_keeps_edges_that_join_facts_of_several_files(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, edited: str
) -> None:
    root = make_repo("hooks", HOOKS)
    run(store, root, tmp_path)
    assert callees(store, "hooks:hooks.runner.apply") == {"hooks:hooks.plugins.helper"}
    assert "hooks:hooks.plugins.Child.step" in callees(store, "hooks:hooks.runner.Base.run")
    path, text = HOOK_EDITS[edited]
    (root / path).write_text(text)
    commit_all(root, f"edit {path}")

    report = run(store, root, tmp_path)
    if edited == "plugins":
        assert callees(store, "hooks:hooks.runner.apply") == {"hooks:hooks.plugins.other"}
        assert "hooks:hooks.plugins.Child.step" not in callees(store, "hooks:hooks.runner.Base.run")
    else:
        assert report.files_parsed == 2
        assert callees(store, "hooks:hooks.runner.apply") >= {"hooks:hooks.plugins.helper"}
        assert "hooks:hooks.plugins.Child.step" in callees(store, "hooks:hooks.runner.Base.run")
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


DEPENDENTS = {
    "pkg/__init__.py": "",
    "pkg/base.py": "class A:\n    def m(self):\n        return 1\n\n\nclass B(A):\n    pass\n",
    "pkg/impl.py": "class C:\n    def run(self):\n        return 2\n",
    "pkg/config.py": "from pkg.impl import C\n",
    "pkg/use.py": (
        "from pkg.base import B\nfrom pkg.config import C\n\n\n"
        "def g():\n    return B().m()\n\n\ndef h():\n    return C().run()\n"
    ),
}
DEPENDENT_EDITS: dict[str, dict[str, str | None]] = {
    # B no longer inherits A.m: use.g's call of B().m() names nothing ingested any more
    "base dropped": {"pkg/base.py": "class A:\n    def m(self):\n        return 1\n\n\nclass B:\n    pass\n"},
    # C moves into the module that re-exported it, impl.py goes
    "class moved": {"pkg/config.py": "class C:\n    def run(self):\n        return 2\n", "pkg/impl.py": None},
    # impl.py stops parsing: use.h names C.run by its import, as a clean ingest does
    "syntax error": {"pkg/impl.py": "class C(:\n"},
}


@pytest.mark.parametrize("edit", sorted(DEPENDENT_EDITS))
def test_an_unchanged_file_whose_edges_went_through_what_changed_is_written_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, edit: str
) -> None:
    """use.py does not change, but its edges were inferred through base.py, config.py and
    impl.py: a re-ingest parses it again and ends where a clean ingest does."""
    root = make_repo("dep", DEPENDENTS)
    run(store, root, tmp_path)
    assert "dep:pkg.base.A.m" in callees(store, "dep:pkg.use.g")
    edit_and_reingest(store, root, tmp_path, edit, DEPENDENT_EDITS[edit])
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


def edit_and_reingest(
    store: GraphStore, root: Path, tmp_path: Path, message: str, edits: dict[str, str | None]
) -> IngestReport:
    """Write (or, for None, delete) each file, commit, and ingest again."""
    for path, text in edits.items():
        if text is None:
            (root / path).unlink()
        else:
            (root / path).write_text(text)
    commit_all(root, message)
    return run(store, root, tmp_path)


FAR = {
    "pkg/__init__.py": "",
    "pkg/errors.py": "class InvalidURL(Exception):\n    pass\n",
    "pkg/errors2.py": "class InvalidURL(ValueError):\n    pass\n",
    "pkg/exceptions.py": "from pkg.errors import InvalidURL\n",
    "pkg/api.py": (
        "from pkg.exceptions import InvalidURL\n\n\nclass InvalidProxyURL(InvalidURL):\n    pass\n\n\n"
        "def fail():\n    raise InvalidURL()\n"
    ),
    "pkg/base.py": "class Base:\n    def decode(self, s):\n        return s\n",
    "pkg/env.py": "from pkg.base import Base\n\n\nclass Env(Base):\n    pass\n",
    "pkg/app.py": "from pkg.env import Env\n\n\ndef make():\n    return Env()\n",
    "pkg/use.py": "from pkg.app import make\n\n\ndef f(s):\n    return make().decode(s)\n",
    "pkg/sub.py": (
        "from pkg.late import Late\n\n\nclass Sub(Late):\n    def get(self):\n        return super().get()\n"
    ),
    "pkg/web.py": "class Flask:\n    def run(self):\n        return 1\n",
    "pkg/other.py": "x = 1\n",
    "pkg/globals.py": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg.web import Flask\n\n"
        "current_app: 'Flask' = object()\n"
    ),
    "pkg/cli.py": "def run():\n    return 1\n",
    "pkg/main.py": "from . import cli\n",
    "pkg/sessions.py": "x = 1\n",
}
FAR_EDITS: dict[str, dict[str, str | None]] = {
    # exceptions.py re-exports another class: api.py's base and call follow it
    "re-export retargeted": {"pkg/exceptions.py": "from pkg.errors2 import InvalidURL\n"},
    # the re-exporting module goes: api.py's names lead to no definition any more
    "re-exporter deleted": {"pkg/exceptions.py": None},
    # Env drops its base: use.f's make().decode(), read through app.py and env.py, goes
    "base dropped two modules away": {"pkg/env.py": "class Env:\n    pass\n"},
    # late.py appears: sub.py's base, its override and its super() call resolve now
    "module added": {
        "pkg/late.py": (
            "class Late:\n    def get(self):\n        return 1\n\n"
            "    def run(self):\n        return self.get()\n"
        )
    },
    # Flask moves to other.py and web.py re-exports it: globals.py's current_app follows
    "class moved and re-exported": {
        "pkg/web.py": "from pkg.other import Flask\n",
        "pkg/other.py": "class Flask:\n    def run(self):\n        return 1\n",
    },
    # sessions.py imports cli through main.py's re-export, main.py already stored
    "import of a re-exported module": {
        "pkg/sessions.py": "from pkg.main import cli\n\n\ndef f():\n    return cli.run()\n"
    },
}


@pytest.mark.parametrize("edit", sorted(FAR_EDITS))
def test_a_file_whose_edges_went_through_a_module_it_read_is_written_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, edit: str
) -> None:
    """No edge leads from the unchanged file into what changed, but its parse read it:
    a re-export, a return type two modules away, a module it looked for before it
    existed. A re-ingest parses it again (Module.reads) and ends where a clean ingest does."""
    root = make_repo("far", FAR)
    run(store, root, tmp_path)
    edit_and_reingest(store, root, tmp_path, edit, FAR_EDITS[edit])
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


def test_a_re_ingest_killed_before_the_files_whose_edges_moved_are_written_converges_on_rerun(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """plugins.py changes the callback it passes, which moves runner.py's edges. The run
    dies after writing plugins.py: the rerun cannot compare stored facts (some are new
    already), so it rewrites every file, and the graph is the clean one."""
    root = make_repo("hooks", HOOKS)
    run(store, root, tmp_path)
    path, text = HOOK_EDITS["plugins"]
    (root / path).write_text(text)
    commit_all(root, "edit plugins")
    real = GraphWriter.write_files

    def dies_after_the_first_file(self, repo_id, files, resolver, **kwargs):  # type: ignore[no-untyped-def]
        assert [f.module.path for f in files] == ["hooks/plugins.py", "hooks/runner.py"]
        real(self, repo_id, files[:1], resolver, **kwargs)
        raise StoreError("create_calls", "killed (simulated)")

    monkeypatch.setattr(GraphWriter, "write_files", dies_after_the_first_file)
    with pytest.raises(StoreError, match="killed"):
        run(store, root, tmp_path)
    monkeypatch.setattr(GraphWriter, "write_files", real)
    report = run(store, root, tmp_path)
    assert report.resumed and report.files_parsed == 3
    assert callees(store, "hooks:hooks.runner.apply") == {"hooks:hooks.plugins.other"}
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


@pytest.mark.parametrize("change", ["edit runner", "edit plugins", "remove plugins"])
def test_a_graph_stored_without_flow_facts_is_rewritten_whole_on_its_next_change(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, change: str
) -> None:
    """Graphs ingested before modules kept their flow facts: with nothing to compare,
    every file's joined edges may have moved, so the next change rewrites them all once."""
    root = make_repo("hooks", HOOKS)
    run(store, root, tmp_path)
    store.write("test.forget_flow")
    what, name = change.split()
    if what == "edit":
        path, text = HOOK_EDITS[name]
        (root / path).write_text(text)
    else:
        (root / f"hooks/{name}.py").unlink()
    commit_all(root, change)
    report = run(store, root, tmp_path)
    assert report.files_unchanged == 0
    assert report.files_parsed == (3 if what == "edit" else 2)
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)
    if change == "remove plugins":
        assert callees(store, "hooks:hooks.runner.apply") == set()
    assert store.read("test.modules_without_flow") == []


def test_a_graph_stored_without_reads_parses_every_module_once_on_its_next_change(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """Graphs ingested before modules kept what they read: any module may have read the
    changed one, so the next change parses them all, and records their reads."""
    root = make_repo("far", FAR)
    run(store, root, tmp_path)
    store.write("test.forget_reads")
    report = edit_and_reingest(store, root, tmp_path, "edit", {"pkg/other.py": "x = 2\n"})
    assert (report.files_parsed, report.files_unchanged) == (len(FAR), 0)
    report = edit_and_reingest(store, root, tmp_path, "edit again", {"pkg/other.py": "x = 3\n"})
    assert (report.files_parsed, report.files_unchanged) == (1, len(FAR) - 1)  # nothing else read it
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


def test_a_deleted_function_leaves_its_callers_pointing_at_a_stand_in(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("shop", SHOP)
    run(store, root, tmp_path)
    (root / "shop/pricing.py").write_text("def price(name, amount):\n    return amount\n")
    commit_all(root)
    run(store, root, tmp_path)
    assert callees(store, "shop:shop.pricing.price") == set()
    assert "shop:shop.pricing.discount" not in {row["id"] for row in store.read("graph_nodes")}


@pytest.mark.parametrize("order", [("client", "shop"), ("shop", "client")])
def test_calls_into_another_repository_link_in_either_order(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, order: tuple[str, str]
) -> None:
    roots = {"shop": make_repo("shop", SHOP), "client": make_repo("client", CLIENT)}
    for name in order:
        run(store, roots[name], tmp_path)
    assert callees(store, "client:client.app.fetch") == {"shop:shop.pricing.price"}
    assert "shop.pricing.price" not in {row["id"] for row in store.read("graph_nodes")}


def test_removing_a_repository_keeps_the_other_and_its_edges_as_stand_ins(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    run(store, make_repo("shop", SHOP), tmp_path)
    run(store, make_repo("client", CLIENT), tmp_path)
    assert GraphWriter(store).remove_repository("shop") is True
    assert [r["id"] for r in store.read("list_repositories")] == ["client"]
    assert callees(store, "client:client.app.fetch") == {"shop.pricing.price"}
    assert GraphWriter(store).remove_repository("shop") is False


def test_removing_a_repository_takes_modules_nothing_contains_and_a_new_ingest_works(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("shop", SHOP)
    run(store, root, tmp_path)
    store.write("test.uncontain_module", id="shop:shop.cart")
    assert GraphWriter(store).remove_repository("shop") is True
    assert store.read("graph_nodes") == []
    run(store, root, tmp_path)
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


def test_a_same_named_repository_from_elsewhere_is_refused_unless_it_replaces(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """a/shop and b/shop are both named 'shop' by their folders: the second must not
    silently become 'shop' in place of the first."""
    first = make_repo("a/shop", SHOP)
    second = make_repo("b/shop", {"shop/__init__.py": "", "shop/other.py": "def other():\n    pass\n"})
    run(store, first, tmp_path)
    with pytest.raises(
        SourceError, match=rf"Repository 'shop' in the graph comes from {first}, not {second}"
    ):
        run(store, second, tmp_path)
    assert "shop:shop.cart.Cart" in {row["id"] for row in store.read("graph_nodes")}
    assert run(store, second, tmp_path, name="shop2").modules == 2  # under its own name
    replaced = run(store, second, tmp_path, replace=True)
    # cart, pricing and cli go; shop/__init__.py is at the same path in both
    assert (replaced.repository, replaced.modules, replaced.files_deleted) == ("shop", 2, 3)


A_FUNCTION = "def discount(amount):\n    return amount * 0.9\n"
A_CLASS = "class discount:\n    def __init__(self, amount):\n        self.amount = amount * 0.9\n"
PRICE = "\n\ndef price(name, amount):\n    return round(discount(amount), 2)\n"


@pytest.mark.parametrize(("before", "after"), [(A_FUNCTION, A_CLASS), (A_CLASS, A_FUNCTION)])
def test_a_name_that_changes_kind_is_a_new_node_as_in_a_clean_ingest(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, before: str, after: str
) -> None:
    """``def discount`` becomes ``class discount`` (or back): the old node goes, with its
    methods; one node of the new kind is defined by the module, and removing the
    repository leaves nothing (a stale node kept no DEFINES edge for removal to follow)."""
    root = make_repo("shop", {**SHOP, "shop/pricing.py": before + PRICE})
    run(store, root, tmp_path)
    (root / "shop/pricing.py").write_text(after + PRICE)
    commit_all(root)
    report = run(store, root, tmp_path)
    labels = [n["label"] for n in store.read("graph_nodes") if n["id"] == "shop:shop.pricing.discount"]
    assert labels == (["Class"] if after == A_CLASS else ["Function"])
    nodes = [n["label"] for n in store.read("graph_nodes") if n["id"].startswith("shop:")]
    stored = {r["name"]: (r["functions"], r["classes"]) for r in store.read("list_repositories")}
    assert (
        stored["shop"]
        == (report.functions, report.classes)
        == (nodes.count("Function"), nodes.count("Class"))
    )
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)
    GraphWriter(store).remove_repository("shop")
    assert [n["id"] for n in store.read("graph_nodes") if n["label"] != "External"] == []


def test_a_name_defined_twice_is_one_node_with_one_defines_edge(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """A property's getter and setter, and a function defined in both branches of an if,
    are one node each: counted once, and scored once in their module's quality."""
    root = make_repo(
        "twice",
        {
            "twice/__init__.py": "",
            "twice/m.py": (
                "import sys\n\n\nclass C:\n    @property\n    def value(self):\n        return 1\n\n"
                "    @value.setter\n    def value(self, v):\n        pass\n\n\n"
                "if sys.platform == 'win32':\n    def f():\n        return 1\nelse:\n    def f():\n"
                "        return 2\n"
            ),
        },
    )
    report = run(store, root, tmp_path)
    functions = [n for n in store.read("graph_nodes") if n["label"] == "Function"]
    assert report.functions == len(functions) == 2
    edges = [r for r in store.read("graph_relationships") if r["type"] == "DEFINES"]
    assert len(edges) == len({(r["src"], r["dst"]) for r in edges}) == 3  # module->C, C->value, module->f


def test_bad_files_are_reported_and_lose_nothing_else(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("def secret():\n    pass\n")
    files: dict[str, str | bytes] = {
        **SHOP,
        "shop/broken.py": "def broken(:\n",
        "shop/blob.py": b"\x00\x01binary" * 10,
        "shop/huge.py": "x = 1\n" * 300_000,
    }
    root = make_repo("shop", files)
    os.symlink(outside, root / "shop" / "escape.py")
    report = run(store, root, tmp_path)
    assert [e.path for e in report.parse_errors] == ["shop/broken.py"]
    assert report.skipped.get("binary") == 1
    assert report.skipped.get("too large") == 1
    assert report.skipped.get("symlink outside root") == 1
    assert (report.modules, report.functions) == (4, 6)
    assert "shop:shop.pricing.price" in callees(store, "shop:shop.cart.Cart.add")


def test_a_file_symlink_inside_the_repository_is_the_module_its_own_path_names(
    store: GraphStore, tmp_path: Path
) -> None:
    """``shop/alias.py`` -> ``pricing.py`` is imported by Python as ``shop.alias``. Read as its
    target, it claimed ``shop.pricing`` a second time: a "duplicate module" parse error
    blamed on pricing.py, whose module was then deleted and written again at each edit."""
    root = tmp_path / "shop"
    write_tree(root, SHOP)
    (root / "shop" / "alias.py").symlink_to("pricing.py")
    report = run(store, root, tmp_path)
    assert (report.parse_errors, report.files_parsed, report.modules) == ([], 5, 5)
    ids = {row["id"] for row in store.read("graph_nodes")}
    assert {"shop:shop.pricing.price", "shop:shop.alias.price"} <= ids
    assert run(store, root, tmp_path).files_parsed == 0
    with (root / "shop" / "pricing.py").open("a") as pricing:
        pricing.write('\n\ndef rebate(amount):\n    return price("x", amount)\n')
    report = run(store, root, tmp_path)
    assert (report.parse_errors, report.still_failing, report.files_deleted) == ([], [], 0)
    assert {"shop:shop.pricing.rebate", "shop:shop.alias.rebate"} <= {
        row["id"] for row in store.read("graph_nodes")
    }
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


def test_a_file_that_stops_parsing_loses_its_module_as_a_clean_ingest_would(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("shop", SHOP)
    run(store, root, tmp_path)
    (root / "shop/cli.py").write_text("def main(:\n")
    commit_all(root, "break cli")
    report = run(store, root, tmp_path)
    assert [e.path for e in report.parse_errors] == ["shop/cli.py"]
    assert "shop:shop.cli.main" not in {row["id"] for row in store.read("graph_nodes")}
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)
    assert run(store, root, tmp_path).files_parsed == 0  # still broken: not parsed again


def test_edges_into_a_file_that_stops_parsing_keep_their_target_by_name_until_it_parses_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``Cart.add`` calls ``shop.pricing.price`` and shop.cart imports shop.pricing: with
    pricing.py broken, both edges point at stand-ins of those names, in a re-ingest (cart.py
    unchanged, not parsed again) and a clean ingest alike; once pricing.py parses again
    they point at the definitions."""
    root = make_repo("shop", SHOP)
    run(store, root, tmp_path)
    good = (root / "shop/pricing.py").read_text()
    (root / "shop/pricing.py").write_text("def price(:\n")
    commit_all(root, "break pricing")
    for _ in ("re-ingest", "clean ingest"):
        run(store, root, tmp_path)
        assert "shop.pricing.price" in callees(store, "shop:shop.cart.Cart.add")
        assert imported(store, "shop:shop.cart") == {"shop.pricing"}
        store.write("clear_all")
    run(store, root, tmp_path)
    (root / "shop/pricing.py").write_text(good)
    commit_all(root, "fix pricing")
    run(store, root, tmp_path)
    assert "shop:shop.pricing.price" in callees(store, "shop:shop.cart.Cart.add")
    assert imported(store, "shop:shop.cart") == {"shop:shop.pricing"}
    externals = {row["id"] for row in store.read("graph_nodes") if row["label"] == "External"}
    assert not {"shop.pricing", "shop.pricing.price"} & externals


def test_a_file_that_failed_to_parse_is_parsed_again_only_once_it_changed(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("shop", {**SHOP, "shop/broken.py": "def broken(:\n"})
    assert [e.path for e in run(store, root, tmp_path).parse_errors] == ["shop/broken.py"]
    again = run(store, root, tmp_path)
    assert (again.files_parsed, again.parse_errors, again.structure) == (0, [], None)
    assert again.still_failing == ["shop/broken.py"]  # reported, so nobody thinks it fixed
    (root / "shop/broken.py").write_text("def mended():\n    return 1\n")
    mended = run(store, root, tmp_path)
    assert (mended.files_parsed, mended.parse_errors, mended.still_failing) == (1, [], [])
    assert "shop:shop.broken.mended" in {row["id"] for row in store.read("graph_nodes")}


def test_a_file_whose_analysis_failed_is_parsed_again_by_the_next_ingest(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running out of time or into an astroid bug says nothing lasting about the file: a
    later parser, or a quieter machine, may well read it. This repository's own
    bench/retrieval_bench.py once timed out, and every later ingest skipped it as unchanged."""
    root = make_repo("shop", SHOP)
    resolve = CallResolver.resolve

    def fail_on_the_cart(self: CallResolver, tree: nodes.Module, properties: set[str]) -> object:
        if tree.name == "shop.cart":
            raise RuntimeError("an astroid bug")
        return resolve(self, tree, properties)

    with monkeypatch.context() as patched:
        patched.setattr(CallResolver, "resolve", fail_on_the_cart)
        first = run(store, root, tmp_path)
    assert [(e.path, e.lasting) for e in first.parse_errors] == [("shop/cart.py", False)]
    assert "shop:shop.cart.Cart.add" not in {row["id"] for row in store.read("graph_nodes")}
    again = run(store, root, tmp_path)
    assert (again.parse_errors, again.still_failing) == ([], [])
    assert "shop:shop.cart.Cart.add" in {row["id"] for row in store.read("graph_nodes")}
    assert graph_fingerprint(store) == clean_ingest_fingerprint(store, root, tmp_path)


def test_a_git_url_is_cloned_and_ingested(store: GraphStore, make_repo: MakeRepo, tmp_path: Path) -> None:
    root = make_repo("shop", SHOP)
    report = run(store, f"file://{root}", tmp_path)
    assert report.functions == 6 and len(report.commit) == 40


def test_a_new_source_without_python_files_is_refused_and_recorded_nowhere(
    store: GraphStore, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "README.md").write_text("# not code\n")
    with pytest.raises(SourceError, match=r"No Python files in .*docs: check the path"):
        run(store, docs, tmp_path)
    assert store.read("list_repositories") == []


def test_a_repository_whose_files_are_all_gone_is_emptied_with_a_warning(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    root = make_repo("shop", SHOP)
    run(store, root, tmp_path)
    for file in root.rglob("*.py"):
        file.unlink()
    report = run(store, root, tmp_path)
    assert report.warnings == [
        "no Python files found: check the path, and a manifest entry's include and exclude patterns"
    ]
    assert [(r["id"], r["modules"]) for r in store.read("list_repositories")] == [("shop", 0)]


def test_a_url_that_is_not_a_repository_gives_a_clear_error(store: GraphStore, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError, match="not a git repository"):
        run(store, f"file://{empty}", tmp_path)
    assert store.read("list_repositories") == []


def test_a_package_that_imports_its_own_submodule_imports_that_module_not_itself(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``from . import utils`` in pkg/__init__.py imports pkg.utils; an edge from pkg to
    pkg listed the package among its own importers (found by a review of the API)."""
    root = make_repo("own", {"pkg/__init__.py": "from . import utils\n", "pkg/utils.py": "X = 1\n"})
    run(store, root, tmp_path)
    assert imported(store, "own:pkg") == {"own:pkg.utils"}
