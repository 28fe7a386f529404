"""Dependencies' modules as astroid leaves them after its post-build steps, pickled.

tree_cache.py spares a dependency's module the parse and the rebuild, but what astroid
does next ran again on every load: imported names into the module's locals, ``self.x
= ...`` onto its classes, and the transforms over every node, whose predicates infer.
With flask's five dependencies that was most of what reading them cost each worker
(their 48 modules: about 0.4 s a worker, against 0.13 s to unpickle them built).

A built module is only right for as long as what its build read is unchanged: the
modules it looked up (its imports, the bases its transforms inferred), found or not,
and those modules' own reads. So an entry holds, beside the pickled module, what each
of those names resolved to when it was built (a dependency file and the hash of its
bytes, or nothing), and is used only when each resolves the same now (builder.py
checks). A build that looked up a repository module is not stored: the repository
changes at every run. Nor is one that found a module of an import cycle half built
(its star imports not yet copied), nor any built from those: what they hold depends on
which module of the cycle a run reached first. Where Django's tips are in use, their
predicates decide at build time from the names the repository's sources offer, so
entries are kept apart by those names' digest (frameworks.fingerprint()).

The pickle keeps the module's own nodes. What it points at outside them is written by
name and found again when loaded: a class of ``builtins`` (every process builds the
same), and astroid's inference tips (a closure over a module-level function). A module
that points at any other module's nodes (another dependency's, half built in an
import cycle) is not stored, nor one whose tips are not module-level functions.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
import types
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import astroid
from astroid import nodes
from astroid.inference_tip import _inference_tip_cached
from astroid.manager import AstroidManager

from graph_rag.config import tree_cache_max_bytes
from graph_rag.parse.collector import not_collecting
from graph_rag.parse.disk_cache import DiskCache, parser_code

# What a name looked up during a build resolved to: a dependency's file and the
# sha256 of its bytes; None where no file had it.
Resolution = tuple[str, str] | None


@dataclass(slots=True)
class Built:
    """A pickled built module and what its build read."""

    payload: bytes
    reads: dict[str, Resolution]


class _Foreign(Exception):
    """The module points at what cannot be found again by name."""


def key(modname: str, path: Path, text: str, variant: str = "") -> str:
    """The entry of ``text`` built as module ``modname`` at ``path`` (under ``variant``:
    what else the build depends on, frameworks.fingerprint())."""
    return hashlib.sha256(f"{modname}\0{path}\0{variant}\0{text}".encode()).hexdigest()[:32]


def stored(entry: str) -> Built | None:
    """The entry stored under ``entry``, if any reads back."""
    found = _disk_cache().load(entry)
    return found if isinstance(found, Built) else None


def has(entry: str) -> bool:
    """Whether something is stored under ``entry`` (read or not)."""
    return _disk_cache().has(entry)


def store(entry: str, module: nodes.Module, reads: dict[str, Resolution]) -> bool:
    """Keep ``module`` as built, with what its build read; False where it cannot be
    pickled apart from other modules."""
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, module).dump(module)
    except (_Foreign, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return False
    _disk_cache().store(entry, Built(buffer.getvalue(), reads))
    return True


def load(built: Built) -> nodes.Module | None:
    """The module ``built`` holds; None where it does not read back (then build it)."""
    try:
        with not_collecting():  # a hundred thousand nodes, all alive
            module = _Unpickler(io.BytesIO(built.payload)).load()
    except Exception:
        return None
    return module if isinstance(module, nodes.Module) else None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, module: nodes.Module) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._module = module

    def persistent_id(self, obj: object) -> object:
        if isinstance(obj, nodes.NodeNG):
            root = obj.root()
            if root is self._module:
                return None
            if root.name == "builtins" and obj.parent is root and isinstance(obj, nodes.ClassDef):
                return ("builtins", obj.name)
            raise _Foreign(f"{type(obj).__name__} of {root.name}")
        if is_inference_tip(obj):
            inferred_by = tip_function(obj)
            if inferred_by is None:
                raise _Foreign(f"inference tip {obj!r}")
            return ("tip", inferred_by)
        return None


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: object) -> object:
        kind, value = pid  # type: ignore[misc]
        if kind == "tip":
            return _inference_tip_cached(value)
        found = AstroidManager().builtins_module.locals.get(value, ())
        if kind != "builtins" or not found:
            raise pickle.UnpicklingError(f"no {value} in builtins")
        return found[0]


_TIP_QUALNAME = _inference_tip_cached(lambda node, context=None: iter(())).__qualname__


def is_inference_tip(obj: object) -> bool:
    """Whether ``obj`` is one of astroid's inference tips (a closure over its function)."""
    return isinstance(obj, types.FunctionType) and obj.__qualname__ == _TIP_QUALNAME


def tip_function(tip: types.FunctionType) -> types.FunctionType | None:
    """The function an inference tip wraps, where a name finds it again once loaded (a
    module-level one); None for any other."""
    inferred_by = tip.__closure__[0].cell_contents if tip.__closure__ else None
    if not isinstance(inferred_by, types.FunctionType) or "<locals>" in inferred_by.__qualname__:
        return None
    return inferred_by


@cache
def _disk_cache() -> DiskCache:
    """Modules as built by this astroid, this Python and this parser's code (its
    transforms and corrections run in the post-build steps)."""
    return DiskCache(
        "built", f"{astroid.__version__} {sys.version} {parser_code()}", max_bytes=tree_cache_max_bytes()
    )
