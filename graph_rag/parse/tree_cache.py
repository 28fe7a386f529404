"""Dependencies' modules as astroid's rebuilder leaves them, pickled by their content.

A repository read with its dependencies (``--deps``, a checkout's ``site-packages``)
has every worker build the same dependency modules again at every ingest: flask's
five dependencies are 48 modules, 27k lines, built once per worker per run. What
astroid's rebuilder makes of a file depends on nothing but its text, its module name
and path, astroid's version and Python's, so the tree it leaves is pickled under a
hash of those and loaded (about 5x faster than ``ast.parse`` plus the rebuild) ever
after.

Entries read longest ago are removed once the cache holds more than
``GRAPH_RAG_TREE_CACHE_MB`` (default 1,024): each virtualenv parsed adds its modules'.

Only the rebuild is stored here. What astroid does next (imported names into the
module's locals, ``self.x = ...`` onto classes, the transforms) infers, so it reads
other modules; built_cache.py stores its result where that can be checked, and this
cache serves the builds it cannot spare (the first, a changed dependency, a module
tied to others).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import astroid
from astroid import nodes

from graph_rag.config import tree_cache_max_bytes
from graph_rag.parse.disk_cache import DiskCache


@dataclass(slots=True)
class Rebuilt:
    """A rebuilt module and what astroid's post-build steps take from its rebuilder,
    under the rebuilder's own attribute names (``AstroidBuilder._post_build`` reads them)."""

    module: nodes.Module
    _import_from_nodes: list[tuple[nodes.ImportFrom, list[str]]]
    _delayed_assattr: list[nodes.AssignAttr]


def rebuilt(data: str, modname: str, path: str, rebuild: Callable[[], Rebuilt]) -> Rebuilt:
    """The rebuilt tree of ``data`` (module ``modname`` at ``path``): stored, or
    ``rebuild()``'s, stored for next time."""
    key = hashlib.sha256(f"{modname}\0{path}\0{data}".encode()).hexdigest()[:32]
    return _disk_cache().get(key, rebuild)


@cache
def _disk_cache() -> DiskCache:
    """Trees as built by this astroid, this Python and this module's code."""
    code = Path(__file__).read_text(encoding="utf-8")
    return DiskCache("trees", f"{astroid.__version__} {sys.version} {code}", max_bytes=tree_cache_max_bytes())
