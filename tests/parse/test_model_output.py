"""The model the parser produces for tests/assets/parse/sample/.

The fixture is a ``src/`` layout repository:

- ``src/shop/__init__.py``: package docstring, re-exports ``Cart``;
- ``src/shop/cart.py``: ``Cart(Priced)`` with ``__init__``, ``add`` (docstring, hints),
  ``price`` (overrides ``Priced.price``, calls ``total``), property ``empty``, async
  ``save`` (calls ``os.path.join``); a ``@dataclass`` class ``Line``;
- ``src/shop/pricing.py``: ``Priced.price`` and ``total`` (calls ``sum``);
- ``tests/test_cart.py``: a test function instantiating and calling ``Cart`` (module
  ``tests.test_cart``: a directory without ``__init__.py`` is named by its path);
- four files that cannot be parsed: a syntax error, NUL bytes, bad UTF-8, Python 2.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph_rag.model import (
    Call,
    CodeGraph,
    Confidence,
    FileError,
    FunctionKind,
    Imports,
    Inherits,
    Overrides,
    Repository,
)
from graph_rag.parse import parse_file, parse_repository

SAMPLE = Path(__file__).parents[1] / "assets" / "parse" / "sample"
REPO = Repository(id="r", name="sample")


@pytest.fixture(scope="module")
def graph() -> CodeGraph:
    return parse_repository(SAMPLE, repository=REPO, workers=1)


def by_module(graph: CodeGraph) -> dict[str, object]:
    return {f.module.qualname: f for f in graph.files}


@pytest.mark.parametrize(
    ("qualname", "path", "is_test", "is_package", "docstring"),
    [
        ("shop", "src/shop/__init__.py", False, True, "A tiny shop package."),
        ("shop.cart", "src/shop/cart.py", False, False, "Shopping carts."),
        ("shop.pricing", "src/shop/pricing.py", False, False, ""),
        ("tests.test_cart", "tests/test_cart.py", True, False, ""),
    ],
)
def test_modules_are_named_from_their_import_root_or_path(
    graph: CodeGraph, qualname: str, path: str, is_test: bool, is_package: bool, docstring: str
) -> None:
    module = by_module(graph)[qualname].module
    assert (module.path, module.is_test, module.is_package, module.docstring) == (
        path,
        is_test,
        is_package,
        docstring,
    )
    assert module.loc == len((SAMPLE / path).read_text().splitlines())
    assert module.id == f"r:{qualname}"


@pytest.mark.parametrize(
    ("qualname", "kind", "signature", "lines", "is_async", "hints", "is_test", "docstring"),
    [
        (
            "shop.cart.Cart.__init__",
            FunctionKind.METHOD,
            "__init__(self) -> None",
            (12, 13),
            False,
            True,
            False,
            "",
        ),
        (
            "shop.cart.Cart.add",
            FunctionKind.METHOD,
            "add(self, price: int) -> None",
            (15, 17),
            False,
            True,
            False,
            "Add one item.",
        ),
        ("shop.cart.Cart.empty", FunctionKind.PROPERTY, "empty(self)", (22, 24), False, False, False, ""),
        ("shop.cart.Cart.save", FunctionKind.METHOD, "save(self, folder)", (26, 27), True, False, False, ""),
        ("shop.pricing.total", FunctionKind.FUNCTION, "total(prices)", (6, 7), False, False, False, ""),
        ("tests.test_cart.test_add", FunctionKind.FUNCTION, "test_add()", (4, 7), False, False, True, ""),
    ],
)
def test_functions(
    graph: CodeGraph,
    qualname: str,
    kind: FunctionKind,
    signature: str,
    lines: tuple[int, int],
    is_async: bool,
    hints: bool,
    is_test: bool,
    docstring: str,
) -> None:
    function = next(f for f in graph.functions if f.qualname == qualname)
    assert (function.kind, function.signature) == (kind, signature)
    assert (function.span.lineno, function.span.end_lineno) == lines
    assert (function.is_async, function.has_type_hints, function.is_test) == (
        is_async,
        hints,
        is_test,
    )
    assert function.docstring == docstring
    assert function.source.splitlines()[-1].strip() == (
        (SAMPLE / function.span.path).read_text().splitlines()[lines[1] - 1].strip()
    )
    assert len(function.content_hash) == 32


def test_property_keeps_its_decorator(graph: CodeGraph) -> None:
    empty = next(f for f in graph.functions if f.qualname == "shop.cart.Cart.empty")
    assert empty.decorators == ("property",)
    assert empty.source.startswith("    @property")


def test_a_property_with_a_setter_is_one_function_described_by_its_getter(tmp_path: Path) -> None:
    """``@debug.setter`` defines ``debug`` again; the getter's docstring and signature
    describe the node (flask's ``App.debug`` lost its docstring to the setter), and the
    setter's body is part of its code."""
    (tmp_path / "app.py").write_text(
        "class App:\n"
        "    @property\n"
        "    def debug(self) -> bool:\n"
        '        """Whether debug mode is enabled."""\n'
        "        return self.config['DEBUG']\n"
        "\n"
        "    @debug.setter\n"
        "    def debug(self, value: bool) -> None:\n"
        "        self.config['DEBUG'] = value\n"
    )
    graph = parse_repository(tmp_path, repository=Repository(id="t", name="t"), workers=1)
    [debug] = [f for f in graph.functions if f.qualname == "app.App.debug"]
    assert (debug.signature, debug.docstring) == ("debug(self) -> bool", "Whether debug mode is enabled.")
    assert (debug.span.lineno, debug.span.end_lineno) == (2, 9)  # from the getter to the setter
    assert debug.source.startswith("    @property") and "self.config['DEBUG'] = value" in debug.source
    assert debug.kind is FunctionKind.PROPERTY


def test_classes(graph: CodeGraph) -> None:
    classes = {c.qualname: c for c in graph.classes}
    assert set(classes) == {"shop.cart.Cart", "shop.cart.Line", "shop.pricing.Priced"}
    assert classes["shop.cart.Cart"].docstring == "A cart of items."
    assert classes["shop.cart.Line"].decorators == ("dataclass",)


@pytest.mark.parametrize(
    ("module", "edge"),
    [
        ("shop.cart", Imports("shop.cart", "os.path", (), 3)),
        ("shop.cart", Imports("shop.cart", "dataclasses", ("dataclass",), 4)),
        ("shop.cart", Imports("shop.cart", "shop.pricing", ("Priced", "total"), 6)),
        ("shop", Imports("shop", "shop.cart", ("Cart",), 3)),
    ],
)
def test_imports_use_absolute_module_names(graph: CodeGraph, module: str, edge: Imports) -> None:
    assert edge in by_module(graph)[module].imports


def test_inherits_and_overrides(graph: CodeGraph) -> None:
    cart = by_module(graph)["shop.cart"]
    assert cart.inherits == (Inherits("shop.cart.Cart", "shop.pricing.Priced", 0),)
    assert cart.overrides == (Overrides("shop.cart.Cart.price", "shop.pricing.Priced.price"),)


@pytest.mark.parametrize(
    "call",
    [
        Call("shop.cart.Cart.price", "shop.pricing.total", 20, Confidence.INFERRED),
        Call("shop.pricing.total", "builtins.sum", 7, Confidence.INFERRED),
        Call("shop.cart.Cart.save", "os.path.join", 27, Confidence.NAME),
        Call("shop.cart", "dataclasses.dataclass", 30, Confidence.NAME),
        Call("tests.test_cart.test_add", "shop.cart.Cart", 5, Confidence.INFERRED),
        Call("tests.test_cart.test_add", "shop.cart.Cart.__init__", 5, Confidence.INFERRED),
        Call("tests.test_cart.test_add", "shop.cart.Cart.add", 6, Confidence.INFERRED),
        Call("tests.test_cart.test_add", "shop.cart.Cart.price", 7, Confidence.INFERRED),
    ],
)
def test_calls(graph: CodeGraph, call: Call) -> None:
    assert call in graph.calls


@pytest.mark.parametrize(
    ("path", "reason", "lineno"),
    [
        ("src/shop/bad_encoding.py", "cannot decode as utf-8", 2),
        ("src/shop/nul_bytes.py", "source contains NUL bytes", 1),
        ("src/shop/python2.py", "Python 2 syntax", 2),
        ("src/shop/syntax_error.py", "syntax error", 1),
    ],
)
def test_unparsable_files_become_errors(graph: CodeGraph, path: str, reason: str, lineno: int) -> None:
    error = next(e for e in graph.errors if e.path == path)
    assert error.reason.startswith(reason)
    assert error.lineno == lineno


def test_errors_do_not_stop_the_other_files(graph: CodeGraph) -> None:
    assert graph.stats.files == 8
    assert len(graph.files) == 4 and len(graph.errors) == 4


def test_incremental_parse_still_resolves_across_files() -> None:
    parsed = parse_file(SAMPLE / "tests" / "test_cart.py", repository=REPO, root=SAMPLE)
    assert Call("tests.test_cart.test_add", "shop.cart.Cart.add", 6, Confidence.INFERRED) in parsed.calls


@pytest.fixture(params=["fork", "spawn"])
def pool_on_small_repos(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Workers even for this 8-file fixture, started one way (fork is chosen when this
    process has no other thread; spawn otherwise)."""
    from graph_rag.parse import workers

    monkeypatch.setattr(workers, "start_method", lambda: request.param)
    monkeypatch.setattr(workers, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "MIN_FILES_PER_FORKED_WORKER", 1)
    return request.param


def test_worker_processes_give_the_same_graph(graph: CodeGraph, pool_on_small_repos: str) -> None:
    pooled = parse_repository(SAMPLE, repository=REPO, workers=2)
    assert set(pooled.calls) == set(graph.calls)
    assert pooled.errors == graph.errors


FRESH_PROCESS_PARSE = """
import json, sys
from pathlib import Path
from graph_rag.model import Repository
from graph_rag.parse import parse_repository, workers
workers.MIN_FILES_PER_FORKED_WORKER = 1
graph = parse_repository(Path(sys.argv[1]), repository=Repository(id="r", name="r"), workers=int(sys.argv[2]))
print(json.dumps(sorted([c.caller, c.callee] for c in graph.calls)))
"""


def test_forked_workers_read_the_standard_library_as_one_process_does(tmp_path: Path) -> None:
    # A forked worker inherits the stdlib modules its parent built; had the parent read
    # ``_functools`` (C code) too, a call of a partial got an edge no single process
    # draws. Each run is a fresh process: this one has long built functools in-session.
    (tmp_path / "backend.py").write_text(
        "import functools\n\n\ndef register(connection):\n"
        "    create = functools.partial(connection.create_function, deterministic=True)\n"
        "    create('lower', 1, str.lower)\n"
    )
    (tmp_path / "other.py").write_text("def helper():\n    return len([])\n")

    def calls(workers: int) -> list[list[str]]:
        run = [sys.executable, "-c", FRESH_PROCESS_PARSE, str(tmp_path), str(workers)]
        return json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)

    alone = calls(1)
    assert ["backend.register", "functools.partial.__call__"] in alone
    assert calls(2) == alone


def test_progress_is_reported_once_per_file_in_order(pool_on_small_repos: str) -> None:
    seen: list[tuple[int, int]] = []  # through the pool: results arrive from workers
    graph = parse_repository(SAMPLE, repository=REPO, workers=2, on_progress=lambda d, t: seen.append((d, t)))
    assert seen == [(done, 8) for done in range(9)]
    assert graph.stats.files == 8


def test_workers_are_spawned_not_forked_while_another_thread_runs() -> None:
    import threading

    from graph_rag.parse import workers

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert workers.start_method() == "spawn"  # fork could copy a lock that thread holds
    finally:
        stop.set()
        other.join()


def test_a_big_directory_is_cut_into_chunks_that_balance_the_workers(tmp_path: Path) -> None:
    from graph_rag.parse import workers

    files = [tmp_path / "pkg" / f"m{i}.py" for i in range(16)] + [tmp_path / "pkg" / "sub" / "s.py"]
    for file in files:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("x = 1\n")
    chunks = workers._chunks(files, 2)
    assert sorted(f for chunk in chunks for f in chunk) == sorted(files)
    # 17 files for 2 workers: chunks of 4, the 16-file folder cut into four, not one chunk of 16
    assert sorted(len(chunk) for chunk in chunks) == [1, 4, 4, 4, 4]


def test_test_code_is_everything_in_a_test_module_and_test_methods_anywhere(tmp_path: Path) -> None:
    """``--exclude-tests`` and the pairs export leave out fixtures and helpers too."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text("def client():\n    pass\n")
    (tmp_path / "lib.py").write_text(
        "def test_connection():\n    pass\n\n\n"
        "class TestCase:\n    def test_it(self):\n        pass\n\n    def helper(self):\n        pass\n"
    )
    graph = parse_repository(tmp_path, repository=Repository(id="t", name="t"), workers=1)
    flags = {f.qualname: f.is_test for f in graph.functions}
    assert flags == {
        "tests.conftest.client": True,
        "lib.test_connection": False,  # a library function, whatever its name
        "lib.TestCase.test_it": True,
        "lib.TestCase.helper": False,
    }


@pytest.mark.parametrize(
    ("path", "qualname", "is_test"),
    [
        ("tests/test_cart.py", "tests.test_cart", True),
        ("src/shop/tests/helpers.py", "shop.tests.helpers", True),
        ("shop/conftest.py", "shop.conftest", True),
        ("app/tests.py", "app.tests", True),  # django's per-app tests
        ("Lib/test/support.py", "test.support", True),  # CPython's test package
        ("test/unit/check.py", "test.unit.check", True),
        ("src/werkzeug/test.py", "werkzeug.test", False),  # the test client: library code
        ("django/test/client.py", "django.test.client", False),
        ("numpy/testing/utils.py", "numpy.testing.utils", False),
        ("flask/testing.py", "flask.testing", False),
    ],
)
def test_test_modules_by_name_and_place(path: str, qualname: str, is_test: bool) -> None:
    from graph_rag.parse.definitions import is_test_module

    assert is_test_module(path, qualname) is is_test


def test_a_module_exports_what_its_imports_bind(graph: CodeGraph) -> None:
    modules = by_module(graph)
    assert modules["shop"].module.exports == (("Cart", "shop.cart.Cart"),)
    # ``import os.path`` binds ``os`` to itself: nothing another name could lead to
    assert modules["shop.cart"].module.exports == (
        ("Priced", "shop.pricing.Priced"),
        ("dataclass", "dataclasses.dataclass"),
        ("total", "shop.pricing.total"),
    )


def test_an_export_is_a_name_only_imports_bind(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "api.py").write_text("def get(url):\n    return url\n")
    (tmp_path / "lib" / "forms.py").write_text('__all__ = ["Form"]\nclass Form: ...\nclass Hidden: ...\n')
    (tmp_path / "lib" / "widgets.py").write_text('__all__ = ["Widget"]\nclass Widget: ...\nclass Form: ...\n')
    init = tmp_path / "lib" / "__init__.py"
    init.write_text(
        "from .forms import *\n"
        "from .widgets import *\n"
        "from .api import get as fetch\n"
        "import os.path as osp\n"
        "try:\n    import simplejson as json\nexcept ImportError:\n    import json\n"
        "from .api import get\n"
        "def get(url):\n    return url\n"
    )
    parsed = parse_file(init, repository=REPO, root=tmp_path)
    assert not isinstance(parsed, FileError)
    # a star import binds what the module's __all__ names: Form from forms, not widgets
    # json is simplejson or itself (then nothing to follow)
    assert parsed.module.exports == (
        ("Form", "lib.forms.Form"),
        ("Widget", "lib.widgets.Widget"),
        ("fetch", "lib.api.get"),
        ("json", "simplejson"),
        ("osp", "os.path"),
    )


def test_a_module_s_instances_are_the_names_it_binds_once_to_an_instance(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "signals.py").write_text(
        "class Signal:\n    def connect(self, receiver): ...\n\nclass Proxy: ...\n\n"
        "def make():\n    return Signal()\n"
    )
    module = tmp_path / "lib" / "globals.py"
    module.write_text(
        "import typing\n"
        "from lib.signals import Proxy, Signal, make\n"
        "saved = Signal()\n"
        "made = make()\n"  # what the function returns
        "current: Signal = Proxy()\n"  # the declared type, not the proxy
        "twice = Signal()\n"
        "twice = Proxy()\n"  # bound twice: either
        "MISSING = object()\n"  # a builtin sentinel: nothing to follow
        "T = typing.TypeVar('T')\n"
        "count = 0\n"
        "cls = Signal\n"  # a class, not an instance
        "def local():\n    inner = Signal()\n    return inner\n"
    )
    parsed = parse_file(module, repository=REPO, root=tmp_path)
    assert not isinstance(parsed, FileError)
    assert parsed.module.instances == (
        ("current", "lib.signals.Signal"),
        ("made", "lib.signals.Signal"),
        ("saved", "lib.signals.Signal"),
    )


def test_a_name_bound_to_a_partial_exports_the_function_it_calls(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    module = tmp_path / "lib" / "conf.py"
    module.write_text(
        "from functools import partial\n"
        "def _route(path, view, kind=None):\n    return path, view, kind\n"
        "route = partial(_route, kind='plain')\n"
        "regex_route = partial(_route, kind='regex')\n"
        "twice = partial(_route)\n"
        "twice = partial(len)\n"  # bound twice: either
    )
    parsed = parse_file(module, repository=REPO, root=tmp_path)
    assert not isinstance(parsed, FileError)
    assert parsed.module.exports == (
        ("partial", "functools.partial"),
        ("regex_route", "lib.conf._route"),
        ("route", "lib.conf._route"),
    )
