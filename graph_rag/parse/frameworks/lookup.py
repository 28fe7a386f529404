"""Django's classes as the tips need them: read when first asked (so only when Django's
source is read at all), and the class tests the tips share."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import ClassVar, Protocol, TypeVar, cast

from astroid import nodes
from astroid.context import InferenceContext
from astroid.exceptions import AstroidError
from astroid.manager import AstroidManager
from astroid.nodes.scoped_nodes import SYNTHETIC_ROOT

from graph_rag.parse.class_members import positional_params

MODEL = "django.db.models.base.Model"

K = TypeVar("K")
V = TypeVar("V")
# What was found once, with the module names looked up to find it (``remembered``).
Remembered = dict[K, tuple[V, frozenset[str]]]

_classes: Remembered[tuple[str, str], nodes.ClassDef | None] = {}  # by (module, name)
# A class's ancestors, walked once: the tips ask about the same models thousands of times.
_lineages: Remembered[nodes.ClassDef, tuple[nodes.ClassDef, ...]] = {}


class Lookups(Protocol):
    """Where a parse records the modules each file (and each build) looked up
    (builder.RepoManager: Module.reads, and what a dependency's stored build read)."""

    def lookups(self) -> AbstractContextManager[set[str]]: ...

    def note(self, modname: str) -> None: ...


_lookups: Lookups | None = None
_WORKING = object()


def record_lookups_with(lookups: Lookups | None) -> None:
    global _lookups
    _lookups = lookups


def remembered(cache: Remembered[K, V], key: K, find: Callable[[], V], meanwhile: object = _WORKING) -> V:
    """``cache[key]``, found by ``find()`` once per session. Each use looks up again the
    modules finding it looked up, so every file (and dependency build) that uses it
    records them as the first did: what a file read must not depend on which files its
    worker parsed before it (incremental re-ingest parses a file again when one of them
    changes). ``meanwhile`` is what a use from inside ``find`` gets (a cycle)."""
    if key not in cache:
        if meanwhile is not _WORKING:
            cache[key] = (cast(V, meanwhile), frozenset())
        with _lookups.lookups() if _lookups is not None else nullcontext(set()) as looked_up:
            value = find()
        cache[key] = (value, frozenset(looked_up))
    value, looked_up = cache[key]
    for name in looked_up:
        note(name)
    return value


def note(modname: str) -> None:
    """Record a lookup of ``modname`` (found or not) for whatever reads now."""
    if _lookups is not None:
        _lookups.note(modname)


def forget() -> None:
    _classes.clear()
    _lineages.clear()


class SourceScan:
    """Names the repository's modules may define, found in their sources read as text,
    once, on first use: a tip asked about a module built early still knows what a module
    not built yet may say (and every worker finds the same, whatever order it builds in).
    ``find`` gives the names one module's text offers. The scans over the same modules
    share one read of each file (``_scan``).

    What a scan answers is read from modules a file never looked up: each answer a file
    uses is recorded with its lookups (Module.reads) under a key, ``?<tag>:<name>`` (or
    ``?<tag>`` for a scan used whole), and an incremental ingest parses those files again
    when a changed file's text offers that key (``keys``); a module that stops offering
    one was looked up by the files it mattered to (``_views_of``, ``user_model``)."""

    _every: ClassVar[list[SourceScan]] = []

    def __init__(self, find: Callable[[str], Iterable[str]], tag: str = "", whole: bool = False) -> None:
        self._find = find
        self._tag = tag
        self._whole = whole
        self._modules: Mapping[str, Path] = {}
        self._names: dict[str, set[str]] | None = None
        SourceScan._every.append(self)

    def use(self, modules: Mapping[str, Path], django_read: bool) -> None:
        """The repository's modules (name -> file) to scan, if Django's source is read at all."""
        self._modules = modules if django_read else {}
        self._names = None

    def forget(self) -> None:
        self._names = None

    def module_names(self) -> list[str]:
        """The modules scanned (none where Django's source is not read)."""
        return sorted(self._modules)

    def offers(self, name: str, asker: str = "") -> bool:
        """Whether a module offers ``name``; asked for module ``asker``'s sake, recorded as
        used where that is the repository's (another's is built once, by whichever file
        reached it first, or loaded built: it records nothing)."""
        if asker in self._modules:
            self.consulted(name)
        return bool(self._modules) and name in self.names()

    def key(self, name: str) -> str:
        return f"?{self._tag}" if self._whole else f"?{self._tag}:{name}"

    def consulted(self, name: str = "") -> None:
        """Record that what the scan answers for ``name`` was used (Module.reads)."""
        if self._tag and self._modules:
            note(self.key(name))

    @classmethod
    def keys(cls, text: str) -> set[str]:
        """The keys a module of this text offers, under every scan that records its use."""
        return {scan.key(name) for scan in cls._every if scan._tag for name in scan._find(text)}

    @classmethod
    def fingerprint(cls) -> str:
        """A digest of what every scan finds (each scan in use reads the files once)."""
        found = [
            sorted((name, sorted(modules)) for name, modules in scan.names().items()) for scan in cls._every
        ]
        return hashlib.sha256(repr(found).encode()).hexdigest()

    def names(self) -> dict[str, set[str]]:
        """A name -> the modules whose text offers it."""
        if self._names is None:
            _scan([s for s in SourceScan._every if s._names is None and s._modules is self._modules])
        assert self._names is not None
        return self._names


def _scan(scans: list[SourceScan]) -> None:
    """Read each module of ``scans`` (all over the same modules) once, for all of them."""
    found: list[dict[str, set[str]]] = [{} for _ in scans]
    for modname, file in scans[0]._modules.items():
        try:
            text = file.read_text("utf-8", errors="replace")
        except OSError:
            continue
        for scan, names in zip(scans, found, strict=True):
            for name in scan._find(text):
                names.setdefault(name, set()).add(modname)
    for scan, names in zip(scans, found, strict=True):
        scan._names = names


def parameter_position(node: nodes.AssignName) -> int | None:
    """Where ``node`` stands among its function's positional parameters (a method's ``self``
    is 0); None for anything else (a keyword-only parameter, an assignment's target)."""
    arguments = node.parent
    if not isinstance(arguments, nodes.Arguments) or not isinstance(arguments.parent, nodes.FunctionDef):
        return None
    return next((i for i, arg in enumerate(positional_params(arguments)) if arg is node), None)


def load_module(name: str) -> nodes.Module | None:
    try:
        return AstroidManager().ast_from_module_name(name)
    except AstroidError:
        return None


def load_class(module: str, name: str) -> nodes.ClassDef | None:
    """A class of Django's, read when it is first needed (None when Django is not read)."""

    def find() -> nodes.ClassDef | None:
        found = load_module(module)
        try:
            klass = found.getattr(name)[0] if found is not None else None
        except (AstroidError, IndexError):
            klass = None
        return klass if isinstance(klass, nodes.ClassDef) else None

    return remembered(_classes, (module, name), find)


def made_class(name: str, bases: list[nodes.ClassDef]) -> nodes.ClassDef:
    """A class Django makes at run time, under astroid's synthetic root: no edge names it,
    calls reach the methods it holds or inherits."""
    klass = nodes.ClassDef(name, 0, 0, SYNTHETIC_ROOT, end_lineno=0, end_col_offset=0)
    klass.postinit(bases=[nodes.EvaluatedObject(b, b) for b in bases], body=[], decorators=None)
    return klass


def bound_by_call(parameter: nodes.AssignName, context: InferenceContext | None) -> bool:
    """Whether astroid is inferring ``parameter`` for a call of its function, whose
    arguments then say what it holds (astroid's own test, ``arguments_assigned_stmts``):
    a tip typing a parameter stands back there."""
    if context is None or context.callcontext is None:
        return False
    callee = context.callcontext.callee
    while hasattr(callee, "_proxied"):
        callee = callee._proxied
    return getattr(callee, "name", None) == parameter.parent.parent.name


def _lineage(klass: nodes.ClassDef) -> tuple[nodes.ClassDef, ...]:
    """The class and its ancestors, in MRO-ish order."""
    return remembered(_lineages, klass, lambda: (klass, *klass.ancestors()))


def derives(klass: nodes.ClassDef, qname: str) -> bool:
    return any(c.qname() == qname for c in _lineage(klass))


def declares(klass: nodes.ClassDef, name: str) -> bool:
    return any(name in c.locals for c in _lineage(klass))


def is_model(klass: nodes.ClassDef) -> bool:
    return derives(klass, MODEL)
