"""pytest's fixtures: which function gives a test's parameter its value, found by name.

``def test_get(client): client.get("/")`` receives what the fixture ``client`` returns
(or yields); nothing in the test says so but the name. The fixture is looked up as pytest
looks it up:
- a fixture method of the test's class, or of a class it inherits from;
- a fixture function of its module;
- ``conftest.py`` in the test's directory and in each directory above it;
- the repository's modules those (or the test's module) name in ``pytest_plugins``;
- the plugins installed among the dependencies (pytest_plugins.py: pytest-django's
  ``client``, pytest-mock's ``mocker``).
Where none defines it, pytest's own fixtures are known by name (``tmp_path`` is a
``pathlib.Path``). A fixture is asked for by its ``name=`` where it gives one. A name
``@pytest.mark.parametrize`` gives is a parameter, not a fixture.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from astroid import nodes
from astroid.exceptions import AstroidError

from graph_rag.parse.class_members import typed_mro
from graph_rag.parse.names import passed_argument, resolve_dotted
from graph_rag.parse.pytest_names import collection_rules

# pytest's own fixtures, by the class of what they give (as pytest exports it).
BUILTIN = {
    "tmp_path": "pathlib.Path",
    "tmp_path_factory": "pytest.TempPathFactory",
    "monkeypatch": "pytest.MonkeyPatch",
    "capsys": "pytest.CaptureFixture",
    "capfd": "pytest.CaptureFixture",
    "caplog": "pytest.LogCaptureFixture",
    "request": "pytest.FixtureRequest",
    "pytester": "pytest.Pytester",
    "recwarn": "pytest.WarningsRecorder",
}
_FIXTURE_DECORATORS = frozenset({"pytest.fixture", "_pytest.fixtures.fixture", "pytest_asyncio.fixture"})
_PARAMETRIZE = frozenset({"pytest.mark.parametrize", "_pytest.mark.parametrize"})

ModuleOf = Callable[[Path], nodes.Module | None]  # a repository file's module, built
ModuleNamed = Callable[[str], nodes.Module | None]  # a repository module by name, built
Plugins = Callable[[], list[nodes.Module]]  # the installed pytest plugins' modules, built


def is_fixture(function: nodes.FunctionDef) -> bool:
    """``@pytest.fixture`` or ``@pytest.fixture(...)``, however ``pytest`` was imported."""
    return _fixture_decorator(function) is not None


def fixture_name(function: nodes.FunctionDef) -> str:
    """The name tests ask a fixture by: ``@pytest.fixture(name="client")``'s, else its own."""
    decorator = _fixture_decorator(function)
    given = passed_argument(decorator, -1, "name") if isinstance(decorator, nodes.Call) else None
    return given.value if isinstance(given, nodes.Const) and isinstance(given.value, str) else function.name


def _fixture_decorator(function: nodes.FunctionDef) -> nodes.NodeNG | None:
    for decorator in function.decorators.nodes if function.decorators else ():
        called = decorator.func if isinstance(decorator, nodes.Call) else decorator
        if resolve_dotted(called) in _FIXTURE_DECORATORS:
            return decorator
    return None


def requests_fixtures(function: nodes.FunctionDef, repo_root: Path | None) -> bool:
    """Whether pytest fills ``function``'s parameters with fixtures: a fixture, or a test
    (by default ``test*`` in a ``test_*.py`` or ``*_test.py`` module, at its top or in a
    ``Test*`` class; the project's pytest configuration may name them otherwise)."""
    if is_fixture(function):
        return True
    file = function.root().file
    if not file:
        return False
    rules = collection_rules(Path(file), repo_root)
    if not (rules.is_test_function(function.name) and rules.is_test_file(Path(file))):
        return False
    owner = function.parent
    in_test_class = isinstance(owner, nodes.ClassDef) and rules.is_test_class(owner.name)
    return isinstance(owner, nodes.Module) or in_test_class


def fixture_for(
    function: nodes.FunctionDef,
    name: str,
    module_of: ModuleOf,
    module_named: ModuleNamed,
    installed: Plugins = list,
) -> nodes.FunctionDef | None:
    """The fixture that gives ``function``'s parameter ``name`` its value, if the repository
    defines one where pytest looks, else if an installed plugin (``installed()``) does."""
    if name in _parametrized(function):
        return None
    owner = function.parent
    # a test class sees the fixture methods it inherits too, its own first (pytest reads dir(cls))
    scopes: list[nodes.NodeNG] = typed_mro(owner) if isinstance(owner, nodes.ClassDef) else []
    module = function.root()
    scopes.append(module)
    here = Path(module.file) if module.file else None
    for directory in here.parents if here is not None else ():
        conftest = directory / "conftest.py"
        if conftest != here and conftest.is_file() and (found := module_of(conftest)) is not None:
            scopes.append(found)
    plugins = [p for scope in scopes if isinstance(scope, nodes.Module) for p in _plugins(scope)]
    scopes.extend(m for p in dict.fromkeys(plugins) if (m := module_named(p)) is not None)
    for scope in scopes:
        # ``def client(client)`` in a conftest.py asks for the ``client`` of a level above
        found = _defined_fixture(scope, name, besides=function)
        if found is not None:
            return found
    return next((f for module in installed() if (f := _plugin_fixture(module, name)) is not None), None)


def _defined_fixture(
    scope: nodes.NodeNG, name: str, besides: nodes.FunctionDef | None = None
) -> nodes.FunctionDef | None:
    """The fixture ``name`` a module or class body defines (the last, as Python binds it)."""
    defined = [f for f in scope.body if isinstance(f, nodes.FunctionDef) and f is not besides]
    found = [f for f in defined if is_fixture(f) and fixture_name(f) == name]
    return found[-1] if found else None


def _plugin_fixture(module: nodes.Module, name: str, hops: int = 3) -> nodes.FunctionDef | None:
    """A plugin module's fixture ``name``: defined or made there, or imported into it
    (pytest-django's plugin imports its fixtures from ``pytest_django.fixtures``)."""
    found = _defined_fixture(module, name)
    if found is not None:
        return found
    made = _made_fixture(module, name)
    if made is not None or not hops:
        return made
    for node in module.locals.get(name, []):
        if not isinstance(node, nodes.ImportFrom):
            continue
        try:
            source = node.do_import_module(node.modname)
            real = node.real_name(name)
        except AstroidError:
            continue
        imported = _plugin_fixture(source, real, hops - 1)
        if imported is not None:
            return imported
    return None


def _made_fixture(module: nodes.Module, name: str) -> nodes.FunctionDef | None:
    """``mocker = pytest.fixture()(_mocker)`` (pytest-mock): the function made a fixture."""
    bound = module.locals.get(name, [])
    assign = bound[-1].parent if len(bound) == 1 else None
    value = assign.value if isinstance(assign, nodes.Assign) else None
    if not (isinstance(value, nodes.Call) and isinstance(value.func, nodes.Call) and len(value.args) == 1):
        return None
    wrapped = value.args[0]
    if resolve_dotted(value.func.func) not in _FIXTURE_DECORATORS or not isinstance(wrapped, nodes.Name):
        return None
    made = [f for f in module.body if isinstance(f, nodes.FunctionDef) and f.name == wrapped.name]
    return made[-1] if made else None


def _plugins(module: nodes.Module) -> list[str]:
    """The modules ``pytest_plugins = ["tests.fixtures.db", ...]`` (or one string) names."""
    bound = module.locals.get("pytest_plugins", [])
    assign = bound[-1].parent if bound else None
    value = assign.value if isinstance(assign, nodes.Assign) else None
    values = value.elts if isinstance(value, nodes.List | nodes.Tuple) else [value]
    return [v.value for v in values if isinstance(v, nodes.Const) and isinstance(v.value, str)]


def _parametrized(function: nodes.FunctionDef) -> set[str]:
    """The names ``@pytest.mark.parametrize("a, b", ...)`` (or ``("a", "b")``) gives."""
    names: set[str] = set()
    for decorator in function.decorators.nodes if function.decorators else ():
        if not (isinstance(decorator, nodes.Call) and resolve_dotted(decorator.func) in _PARAMETRIZE):
            continue
        given = decorator.args[0] if decorator.args else None
        if isinstance(given, nodes.Const) and isinstance(given.value, str):
            names.update(part.strip() for part in given.value.split(","))
        elif isinstance(given, nodes.List | nodes.Tuple):
            constants = [e.value for e in given.elts if isinstance(e, nodes.Const)]
            names.update(c for c in constants if isinstance(c, str))
    return names
