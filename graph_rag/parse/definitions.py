"""Modules, classes and functions of one astroid module, as model records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from astroid import nodes
from astroid.exceptions import AstroidError

from graph_rag.model import (
    Class,
    Defines,
    Function,
    FunctionKind,
    Imports,
    Module,
    Span,
)
from graph_rag.parse.module_nodes import nodes_of
from graph_rag.parse.names import absolute_module, import_target, imported_module, last_name
from graph_rag.parse.naming import naming_scope, qualname
from graph_rag.parse.type_checking import under_type_checking
from graph_rag.source_text import source_lines

_TEST_FILE = re.compile(r"(^test_.*|.*_test|^tests|^conftest)\.py$")
# Names that mean tests at the top of a tree (CPython's Lib/test/, a repository's test/)
# but a package's testing helpers inside it: django.test, werkzeug.test, numpy.testing.
_TOP_LEVEL_TEST_NAMES = frozenset({"test", "testing"})


def is_test_module(path: str, qualname: str) -> bool:
    """Test code by pytest's conventions (``test_*.py``, ``*_test.py``, ``tests.py``,
    ``conftest.py``, anything under a ``tests/`` directory), or a module named ``test``
    or ``testing`` (or under one) at the top of the module tree, never inside a package."""
    posix = PurePosixPath(path)
    if _TEST_FILE.match(posix.name) or "tests" in posix.parts[:-1]:
        return True
    return qualname.split(".")[0] in _TOP_LEVEL_TEST_NAMES


def _docstring(node: nodes.Module | nodes.ClassDef | nodes.FunctionDef) -> str:
    doc = getattr(node, "doc_node", None)
    return doc.value if doc is not None and isinstance(doc.value, str) else ""


def _decorators(node: nodes.ClassDef | nodes.FunctionDef) -> tuple[str, ...]:
    if not node.decorators:
        return ()
    return tuple(d.as_string() for d in node.decorators.nodes)


def function_kind(node: nodes.FunctionDef | nodes.Lambda) -> FunctionKind:
    if not isinstance(node, nodes.FunctionDef):
        return FunctionKind.LAMBDA
    scope = naming_scope(node)
    if isinstance(scope, nodes.ClassDef):
        names = {d.rpartition(".")[2] for d in _decorators(node)}
        if "staticmethod" in names:
            return FunctionKind.STATICMETHOD
        if "classmethod" in names:
            return FunctionKind.CLASSMETHOD
        if names & {"property", "cached_property", "setter", "getter", "deleter"}:
            return FunctionKind.PROPERTY
        return FunctionKind.METHOD
    if isinstance(scope, nodes.FunctionDef | nodes.Lambda):
        return FunctionKind.NESTED
    return FunctionKind.FUNCTION


def signature(node: nodes.FunctionDef | nodes.Lambda) -> str:
    name = node.name if isinstance(node, nodes.FunctionDef) else "lambda"
    text = f"{name}({node.args.as_string()})"
    returns = getattr(node, "returns", None)
    return f"{text} -> {returns.as_string()}" if returns is not None else text


def has_type_hints(node: nodes.FunctionDef | nodes.Lambda) -> bool:
    args = node.args
    annotations = [
        *args.annotations,
        *args.posonlyargs_annotations,
        *args.kwonlyargs_annotations,
        args.varargannotation,
        args.kwargannotation,
        getattr(node, "returns", None),
    ]
    return any(a is not None for a in annotations)


@dataclass(slots=True)
class Definitions:
    """What one module defines, before calls are resolved."""

    module: Module
    classes: list[Class] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    defines: list[Defines] = field(default_factory=list)
    imports: list[Imports] = field(default_factory=list)
    # functions only declared for type checkers (each ``def`` of the name under ``if
    # TYPE_CHECKING:``): no call at run time reaches them, an instance never runs them
    typing_only: set[str] = field(default_factory=set)


def is_property(function: nodes.FunctionDef) -> bool:
    """Whether ``function`` is decorated ``@property`` or ``@cached_property`` (any module's)."""
    if not function.decorators:
        return False
    return any(last_name(d) in {"property", "cached_property"} for d in function.decorators.nodes)


def collect(tree: nodes.Module, *, repo_id: str, path: str, text: str, sha256: str) -> Definitions:
    """Every class, function, lambda and import statement of a module, in source order."""
    lines = source_lines(text)
    module_is_test = is_test_module(path, tree.name)
    module = Module(
        repo_id=repo_id,
        qualname=tree.name,
        path=path,
        sha256=sha256,
        loc=len(lines),
        docstring=_docstring(tree),
        is_test=module_is_test,
        is_package=PurePosixPath(path).name == "__init__.py",
        exports=exports(tree),
    )
    found = Definitions(module)
    getters: dict[str, int] = {}  # a property's qualified name -> its getter in found.functions
    declared: set[str] = set()  # functions with a ``def`` under ``if TYPE_CHECKING:``
    defined: set[str] = set()  # and with one that runs
    kinds = (nodes.ClassDef, nodes.FunctionDef, nodes.Lambda, nodes.Import, nodes.ImportFrom)
    for node in nodes_of(tree, kinds):
        if isinstance(node, nodes.Import | nodes.ImportFrom):
            found.imports.extend(_imports(node, tree.name))
            continue
        name = qualname(node)
        parent = qualname(naming_scope(node))
        found.defines.append(Defines(parent, name))
        start = node.lineno
        if isinstance(node, nodes.ClassDef | nodes.FunctionDef) and node.decorators:
            start = min(start, node.decorators.lineno)
        span = Span(path, node.lineno, node.end_lineno or node.lineno)
        if isinstance(node, nodes.ClassDef):
            found.classes.append(Class(repo_id, name, tree.name, span, _docstring(node), _decorators(node)))
            continue
        source = "\n".join(lines[start - 1 : span.end_lineno])
        if not isinstance(node, nodes.FunctionDef):
            source = node.as_string()  # a lambda shares its line with other code
        scope = naming_scope(node)
        in_test_class = isinstance(scope, nodes.ClassDef) and scope.name.startswith("Test")
        is_def = isinstance(node, nodes.FunctionDef)
        function = Function(
            repo_id=repo_id,
            qualname=name,
            module=tree.name,
            kind=function_kind(node),
            span=span,
            signature=signature(node),
            source=source,
            docstring=_docstring(node) if is_def else "",
            decorators=_decorators(node) if is_def else (),
            is_async=isinstance(node, nodes.AsyncFunctionDef),
            has_type_hints=has_type_hints(node),
            # Test code: everything in a test module (fixtures and helpers too), and
            # test methods of a Test* class wherever it is.
            is_test=module_is_test or (is_def and in_test_class and node.name.startswith("test")),
            parent=parent,
        )
        if is_def:
            (declared if under_type_checking(node) else defined).add(name)
        if name in getters and _is_accessor(node):
            # ``@x.setter`` defines the same attribute again: one node, the getter's
            # signature and docstring, both bodies (the setter replaced the getter here).
            at = getters[name]
            found.functions[at] = _with_accessor(found.functions[at], function)
            continue
        if function.kind is FunctionKind.PROPERTY and is_def:
            getters[name] = len(found.functions)
        found.functions.append(function)
    found.typing_only = declared - defined
    return found


def _is_accessor(node: nodes.NodeNG) -> bool:
    """A ``@name.setter`` / ``.deleter`` / ``.getter`` def of a property defined above it."""
    if not isinstance(node, nodes.FunctionDef):
        return False
    return any(
        d in _decorators(node) for d in (f"{node.name}.setter", f"{node.name}.deleter", f"{node.name}.getter")
    )


def _with_accessor(getter: Function, accessor: Function) -> Function:
    return replace(
        getter,
        span=Span(
            getter.span.path, getter.span.lineno, max(getter.span.end_lineno, accessor.span.end_lineno)
        ),
        source=f"{getter.source}\n{accessor.source}",
        docstring=getter.docstring or accessor.docstring,
        has_type_hints=getter.has_type_hints or accessor.has_type_hints,
    )


def exports(tree: nodes.Module) -> tuple[tuple[str, str], ...]:
    """(name, qualified name) for each module-level name only imports bind: ``from .api
    import get`` in ``requests/__init__.py`` gives ("get", "requests.api.get"). A name a
    def, class or assignment also binds is the module's own. A name bound to several
    things, each in the order the module binds them (``try: from .c_ext import x`` /
    ``except ImportError: from .py_impl import x``): the graph links to the first it
    defines. A star import's names are exported too (``django.forms`` is ``from
    django.forms.forms import *`` and others), as far as the module it reads says (its
    ``__all__``)."""
    found = []
    stars: dict[nodes.ImportFrom, set[str]] = {}  # what each star import binds
    for name, bindings in tree.locals.items():
        if not all(isinstance(b, nodes.Import | nodes.ImportFrom) for b in bindings):
            continue
        # astroid lists every star import that offers the name; those whose module's
        # ``__all__`` leaves it out bind nothing
        targets = [_star_target(b, name, stars) if _is_star(b) else import_target(b, name) for b in bindings]
        # ``import os`` binds os to itself: nothing to follow
        found += [(name, t) for t in dict.fromkeys(targets) if t is not None and t != name]
    return tuple(sorted(found, key=lambda pair: pair[0]))  # by name; a name's targets in order


def _is_star(binding: nodes.NodeNG) -> bool:
    return isinstance(binding, nodes.ImportFrom) and binding.names[0][0] == "*"


def _star_target(binding: nodes.ImportFrom, name: str, stars: dict[nodes.ImportFrom, set[str]]) -> str | None:
    """What ``from x import *`` binds ``name`` to. astroid put every public name of ``x``
    in the module's locals; Python binds those of its ``__all__`` where it has one."""
    if binding not in stars:
        try:
            stars[binding] = set(binding.do_import_module().wildcard_import_names())
        except AstroidError:
            stars[binding] = set()
    return f"{absolute_module(binding)}.{name}" if name in stars[binding] else None


def _imports(node: nodes.Import | nodes.ImportFrom, module: str) -> list[Imports]:
    if isinstance(node, nodes.Import):
        return [Imports(module, imported_module(node, name), (), node.lineno) for name, _ in node.names]
    names = tuple(orig for orig, _ in node.names)
    return [Imports(module, absolute_module(node), names, node.lineno)]
