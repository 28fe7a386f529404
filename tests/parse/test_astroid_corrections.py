"""Where astroid reads Python differently from how Python runs it, the parser follows
Python (graph_rag/parse/corrections.py, and the class astroid makes for a NamedTuple).

Each case is a pattern met in a real library whose calls were lost: FastAPI's
``deprecated`` parameters, Starlette's and pytest's generic bases, SQLAlchemy's
``Session``.
"""

from __future__ import annotations

import pytest

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

HEADERS = """
from typing_extensions import Annotated, deprecated


def make():
    return 1


def wrap(value):
    return value


def query(deprecated: Annotated[bool, deprecated("use include")] = False):
    return deprecated


def build(make=None, value=wrap(make())):
    return make


class Params:
    def __init__(self, alias: Annotated[str, deprecated("use name")] = "", deprecated: bool = False):
        self.deprecated = deprecated
"""

GENERICS = """
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


class Store(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self) -> list[str]:
        return []


class TextStore(Store[str]):
    def names(self) -> list[str]:
        return self.keys()


def open_store() -> TextStore:
    return TextStore("notes")


class Point(NamedTuple):
    x: int
    y: int


def origin() -> Point:
    return Point(0, 0)
"""

# SQLAlchemy's QueryableAttribute derives, through ~30 classes, from generic bases:
# looking those bases up must not spend astroid's inference budget for the expression
# that asked (``self.__class__``), or the expression comes out uninferable.
DEEP = "\n".join(
    [
        "from typing import Generic, TypeVar",
        'T = TypeVar("T")',
        "class Layer0(Generic[T]):",
        "    pass",
        *(f"class Layer{i}(Layer{i - 1}[T]):\n    pass" for i in range(1, 60)),
        "class Top(Layer59[int]):",
        "    def copy(self):",
        "        return self.__class__()",
    ]
)

# A repository that *is* a library astroid has a brain for: astroid's SQLAlchemy brain
# adds ``from sqlalchemy.orm.session import Session`` to this very module.
SESSION = """
class Session:
    def add(self, instance):
        return instance


def make_session():
    session = Session()
    session.add(1)
    return session
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> CodeGraph:
    root = tmp_path_factory.mktemp("corrections")
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "headers.py").write_text(HEADERS)
    (root / "app" / "generics.py").write_text(GENERICS)
    (root / "app" / "deep.py").write_text(DEEP)
    orm = root / "sqlalchemy" / "orm"
    orm.mkdir(parents=True)
    (root / "sqlalchemy" / "__init__.py").write_text("")
    (orm / "__init__.py").write_text("")
    (orm / "session.py").write_text(SESSION)
    return parse_repository(root, repository=Repository(id="c", name="c"), workers=1)


def callees(graph: CodeGraph, caller: str, lineno: int | None = None) -> set[str]:
    return {c.callee for c in graph.calls if c.caller == caller and lineno in (None, c.lineno)}


def test_an_annotation_is_evaluated_where_the_def_runs_not_inside_the_function(graph: CodeGraph) -> None:
    # ``deprecated("use include")`` calls typing_extensions' deprecated, not the parameter
    # of that name; the module runs it, when it runs the def.
    assert callees(graph, "app.headers", 13) == {"typing_extensions.deprecated"}


def test_a_method_annotation_is_evaluated_in_the_class_body_so_by_the_module(graph: CodeGraph) -> None:
    assert callees(graph, "app.headers", 22) == {"typing_extensions.deprecated"}


def test_a_name_inside_a_default_reads_the_enclosing_scope_not_a_parameter(graph: CodeGraph) -> None:
    # ``value=wrap(make())``: ``make`` is the module's function, though a parameter shares its name.
    assert callees(graph, "app.headers", 17) == {"app.headers.wrap", "app.headers.make"}
    assert not any(c.caller == "app.headers.build" for c in graph.calls)


def test_a_subscripted_base_is_still_the_base(graph: CodeGraph) -> None:
    inherits = {(i.child, i.base) for f in graph.files for i in f.inherits}
    assert ("app.generics.TextStore", "app.generics.Store") in inherits


def test_a_method_inherited_through_a_subscripted_base_resolves(graph: CodeGraph) -> None:
    assert callees(graph, "app.generics.TextStore.names") == {"app.generics.Store.keys"}


def test_instantiating_through_a_subscripted_base_runs_the_base_init(graph: CodeGraph) -> None:
    assert callees(graph, "app.generics.open_store") == {
        "app.generics.TextStore",
        "app.generics.Store.__init__",
    }


def test_a_deep_generic_hierarchy_leaves_self_class_inferable(graph: CodeGraph) -> None:
    assert callees(graph, "app.deep.Top.copy") == {"app.deep.Top"}


def test_calling_a_named_tuple_class_makes_that_class(graph: CodeGraph) -> None:
    # astroid answers a namedtuple class it builds from the fields; the edge names the
    # repository's class, as for any other.
    assert callees(graph, "app.generics.origin") == {"app.generics.Point"}


def test_a_library_read_from_source_is_not_rewritten_by_astroid_brains(graph: CodeGraph) -> None:
    assert callees(graph, "sqlalchemy.orm.session.make_session") == {
        "sqlalchemy.orm.session.Session",
        "sqlalchemy.orm.session.Session.add",
    }


def test_nothing_is_left_unresolved(graph: CodeGraph) -> None:
    assert graph.stats.calls_unresolved == 0


def test_the_corrections_last_only_as_long_as_the_parse(graph: CodeGraph) -> None:
    # Another user of astroid in the same process gets astroid as astroid reads Python.
    from astroid import extract_node

    call = extract_node("def f(g=None, x=g()):\n    pass\n").args.defaults[1]
    assert call.func.lookup("g")[0].name == "f"  # astroid's own answer: the parameter
