"""Call graph export in PyCG's JSON format: ``{"caller": ["callee", ...]}``.

Conventions (PyCG's): names are qualified by the module path relative to the
analysed directory (``pkg/mod.py`` -> ``pkg.mod``, ``pkg/__init__.py`` -> ``pkg``);
module-level code calls from the module's own name; methods are ``mod.Class.meth``,
nested functions ``mod.outer.inner``, lambdas ``mod.<lambda1>`` numbered per
enclosing scope in source order; builtins are ``<builtin>.name``; externals keep
their import-qualified name (``os.path.join``), except a dependency read with
``--deps`` whose definition is reached through an object (``django.db.connection``):
that is named by its definition. Instantiating a class is an edge
to ``mod.Class.__init__`` when the directory defines one (the edge to the class
itself is the model's, not PyCG's, and is dropped here; an external class keeps
its own name). Every node is a key, even with no callees: each module and function defined, and each
builtin and external called (a call of a module variable that holds a callable is the
model's edge, not PyCG's, and names no node).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from graph_rag.model import CodeGraph, FileError, Repository
from graph_rag.parse.repository import parse_repository
from graph_rag.parse.roots import top_of, walk_python_files

BUILTIN_PREFIX = "builtins."


def to_pycg_name(name: str) -> str:
    return f"<builtin>.{name.removeprefix(BUILTIN_PREFIX)}" if name.startswith(BUILTIN_PREFIX) else name


def from_graph(graph: CodeGraph) -> dict[str, list[str]]:
    """PyCG's mapping from a parsed CodeGraph (parsed with path-relative names)."""
    classes = {c.qualname for c in graph.classes}
    result: dict[str, list[str]] = {}
    for parsed in graph.files:
        result.setdefault(parsed.module.qualname, [])
        for function in parsed.functions:
            result.setdefault(function.qualname, [])
    # What a module that did not parse defines is unknown: a call into it keeps its name.
    unparsed = _unparsed_modules(graph)
    modules = {parsed.module.qualname for parsed in graph.files} | unparsed
    for call in graph.calls:
        if call.callee in classes:
            continue  # PyCG records the __init__ edge, never the class itself
        owner = _module_of(call.callee.rpartition(".")[0], modules)
        if call.callee not in result and owner is not None and owner not in unparsed:
            continue  # a variable of the program holding a callable: not a function of it
        callees = result.setdefault(call.caller, [])
        name = to_pycg_name(call.callee)
        if name not in callees:
            callees.append(name)
        result.setdefault(name, [])  # PyCG lists every node, builtins and externals too
    return {caller: sorted(callees) for caller, callees in sorted(result.items())}


def callgraph(
    root: Path, *, workers: int | None = 1, dependencies: Sequence[Path] = ()
) -> dict[str, list[str]]:
    """The call graph of every Python file under ``root``, in PyCG's format; calls into
    ``dependencies`` (source roots, read and never imported) are named as externals."""
    return callgraph_and_errors(root, workers=workers, dependencies=dependencies)[0]


def callgraph_and_errors(
    root: Path, *, workers: int | None = 1, dependencies: Sequence[Path] = ()
) -> tuple[dict[str, list[str]], tuple[FileError, ...]]:
    """``callgraph``, and the files left out of it because they could not be parsed.

    When ``root`` is itself a package, its modules are analysed under the names Python
    imports them by (so ``from .mod import f`` resolves), then renamed relative to
    ``root``: ``mod``, ``sub.deep``, and ``__init__`` for the package's own module.
    """
    root = Path(root).resolve()
    base = top_of(root)
    graph = parse_repository(
        base,
        repository=Repository(id="pycg", name=root.name),
        workers=workers,
        files=None if base == root else walk_python_files(root),
        path_relative_names=True,
        dependencies=dependencies,
    )
    found = from_graph(graph)
    if base != root:
        modules = {parsed.module.qualname for parsed in graph.files} | _unparsed_modules(graph)
        found = _relative_to_package(found, ".".join(root.relative_to(base).parts), modules)
    return found, graph.errors


def _relative_to_package(
    found: dict[str, list[str]], package: str, modules: set[str]
) -> dict[str, list[str]]:
    """Names under ``package`` renamed relative to it, as PyCG names files under its PATH."""

    def rename(name: str) -> str:
        if name == package:
            return "__init__"
        if not name.startswith(package + "."):
            return name  # outside the package: an external, a builtin
        if _module_of(name, modules) == package:
            return "__init__" + name[len(package) :]  # defined in the package's __init__.py
        return name[len(package) + 1 :]

    # Two names can become one (``flask.json.dump`` and the stdlib's ``json.dump`` under
    # PATH flask/): PyCG's graph has one node per name, so their callees are merged.
    renamed: dict[str, set[str]] = {}
    for caller, callees in found.items():
        renamed.setdefault(rename(caller), set()).update(rename(c) for c in callees)
    return {caller: sorted(callees) for caller, callees in sorted(renamed.items())}


def _unparsed_modules(graph: CodeGraph) -> set[str]:
    """The modules of the files that did not parse, named as path-relative names go."""
    return {_path_module(error.path) for error in graph.errors}


def _path_module(path: str) -> str:
    """The module a file's path names under path-relative naming (``pkg/__init__.py`` -> ``pkg``)."""
    parts = PurePosixPath(path).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_of(name: str, modules: set[str]) -> str | None:
    """The longest module name that ``name`` lies in (or is)."""
    parts = name.split(".")
    return next((m for i in range(len(parts), 0, -1) if (m := ".".join(parts[:i])) in modules), None)
