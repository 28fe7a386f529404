"""Python source -> the code-graph model, with call targets resolved by astroid inference.

Public entry points:

- ``parse_repository(root, repository=..., workers=None, files=None)`` -> ``CodeGraph``
- ``parse_file(path, repository=..., root=None)`` -> ``ParsedFile | FileError``
- ``module_names(root, files)``: the dotted name each file is parsed under
- ``moved_modules(before, after)``: modules whose cross-file edges a change of flow facts moves
- ``scanned_keys(text)``: what a module of this text offers Django's tips' source scans
- ``named_relations(text)``: the reverse relations a module of this text names
- ``graph_rag.parse.pycg.callgraph(root)`` -> PyCG's ``{"caller": ["callee", ...]}``

Parsing never imports or executes the analysed code.
"""

from __future__ import annotations

from pathlib import Path

from graph_rag.model import FileError, ParsedFile, Repository
from graph_rag.parse.flow import moved_modules
from graph_rag.parse.frameworks import named_relations, scanned_keys
from graph_rag.parse.repository import module_names, parse_repository


def parse_file(path: Path, *, repository: Repository, root: Path | None = None) -> ParsedFile | FileError:
    """One file, resolved against the other modules of ``root`` (default: its directory)."""
    path = path.resolve()
    graph = parse_repository(root or path.parent, repository=repository, workers=1, files=[path])
    return graph.errors[0] if graph.errors else graph.files[0]


__all__ = [
    "module_names",
    "moved_modules",
    "named_relations",
    "parse_file",
    "parse_repository",
    "scanned_keys",
]
