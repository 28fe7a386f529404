"""Build astroid trees under their dotted names, with loading confined to the repository.

Only the repository's own modules (plus ``builtins`` and the few stdlib
modules astroid's brains need to understand ``functools.partial``) are ever
built. Everything else stays an import-qualified name (``requests.get``), which
is both the name the model wants for externals and far cheaper than letting
astroid build click, typing or werkzeug for every run. Nothing is imported or
executed: astroid reads source text only.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import cast

from astroid import bases, nodes, raw_building
from astroid.builder import AstroidBuilder, _can_assign_attr
from astroid.context import _INFERENCE_CACHE
from astroid.exceptions import AstroidBuildingError, AstroidImportError
from astroid.inference_tip import clear_inference_tip_cache
from astroid.manager import AstroidManager
from astroid.rebuilder import TreeRebuilder

from graph_rag.parse import bounds, built_cache, corrections, frameworks, prebuilt, pytest_names, tree_cache
from graph_rag.parse.collector import set_aside
from graph_rag.parse.pytest_plugins import installed_plugins
from graph_rag.parse.roots import ModuleIndex
from graph_rag.parse.type_checking import under_type_checking

# Stdlib modules whose brains matter for call resolution and cost little to build.
ALLOWED_EXTERNAL = frozenset({"builtins", "functools", "abc"})

# CPython 3.11's parser is quadratic in one f-string's replacement fields (20,000 parse in
# ~1.3 s, 70,000 in minutes) and cannot be interrupted; no real code comes near this.
MAX_FSTRING_FIELDS = 10_000

_PY2_HINTS = (
    "Missing parentheses in call to",
    "print statement",
    "exec statement",
)


class SourceError(Exception):
    """A file that cannot become a module: a reason and, when known, a line."""

    def __init__(self, reason: str, lineno: int | None = None) -> None:
        super().__init__(reason, lineno)
        self.reason, self.lineno = reason, lineno


def read_source(path: Path) -> tuple[str, bytes]:
    """Decode a file as Python would (PEP 263), refusing NUL bytes; returns text and bytes."""
    data = path.read_bytes()
    if b"\x00" in data:
        raise SourceError("source contains NUL bytes", data[: data.index(b"\x00")].count(b"\n") + 1)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError) as exc:
        raise SourceError(f"unknown encoding: {exc}", 1) from exc
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(f"cannot decode as {exc.encoding}: {exc.reason}", line) from exc
    text = text.removeprefix("\ufeff")
    _refuse_costly_fstrings(text)
    return text, data


def _refuse_costly_fstrings(text: str) -> None:
    """Refuse a file with an f-string the parser would take minutes over; the count of
    braces gates the (slower) tokenizer, so ordinary files pay one ``str.count``."""
    if text.count("{") <= MAX_FSTRING_FIELDS:
        return
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.STRING:
                continue
            prefix = token.string[: len(token.string) - len(token.string.lstrip("rRbBuUfF"))]
            fields = token.string.count("{") - 2 * token.string.count("{{")
            if "f" in prefix.lower() and fields > MAX_FSTRING_FIELDS:
                raise SourceError(
                    f"an f-string with {fields:,} replacement fields (more than {MAX_FSTRING_FIELDS:,}): "
                    "too costly to parse",
                    token.start[0],
                )
    except (tokenize.TokenError, SyntaxError):  # the build reports what is wrong with it
        return


def _syntax_reason(exc: BaseException) -> tuple[str, int | None]:
    error = getattr(exc, "error", None) or exc.__cause__ or exc
    message = getattr(error, "msg", None) or str(error)
    lineno = getattr(error, "lineno", None)
    if isinstance(error, RecursionError):
        return "recursion too deep while parsing", None
    if isinstance(error, MemoryError):
        return "source too deeply nested to parse", None
    if any(hint in message for hint in _PY2_HINTS) or re.search(r"\bprint [\"'\w]", message):
        return f"Python 2 syntax: {message}", lineno
    return f"syntax error: {message}", lineno


def prebuild_externals(manager: AstroidManager | None = None) -> None:
    """Build ``builtins`` and the other allowed stdlib modules into astroid's cache (kept
    across sessions: they do not depend on the repository). A process that forks
    workers builds them once, before forking, and every worker inherits them: built as a
    session builds them, reading no module outside the allowed ones (else ``functools``
    would pick up ``_functools``'s ``partial``, built from the live C module, and forked
    workers would name edges a single process never does)."""
    manager = manager or AstroidManager()
    fresh = not prebuilt.bootstrapped()
    if fresh and prebuilt.load(manager, ALLOWED_EXTERNAL):
        return
    outside_session = _active is None
    if outside_session:
        AstroidManager.ast_from_module_name = _allowed_only  # type: ignore[method-assign]
    raw_building._add_dunder_class = _shared_dunder_class  # type: ignore[assignment]
    try:
        for name in sorted(ALLOWED_EXTERNAL):
            try:
                manager.ast_from_module_name(name)
            except AstroidBuildingError:
                continue
    finally:
        raw_building._add_dunder_class = _ORIGINAL_DUNDER_CLASS
        _DUNDER_CLASSES.clear()
        if outside_session:
            AstroidManager.ast_from_module_name = _ORIGINAL  # type: ignore[method-assign]
    if fresh and all(name in manager.astroid_cache for name in ALLOWED_EXTERNAL):
        prebuilt.store(manager, ALLOWED_EXTERNAL)  # the next process loads them (prebuilt.py)


# Building ``builtins`` from the live module, astroid makes a ``__class__`` class for each
# of its ~2,900 methods (``method_descriptor``, ``wrapper_descriptor``, ...): a third of
# the build, which every parse pays before its first file. Methods of one class share
# one such node instead (same name, bases and parent: nothing reads them apart).
_ORIGINAL_DUNDER_CLASS = raw_building._add_dunder_class
_DUNDER_CLASSES: dict[tuple[int, type], nodes.ClassDef] = {}


def _shared_dunder_class(func: nodes.FunctionDef, parent: nodes.NodeNG, member: object) -> None:
    key = (id(parent), type(member))
    if key not in _DUNDER_CLASSES:
        _ORIGINAL_DUNDER_CLASS(func, parent, member)
        found = func.instance_attrs.get("__class__")
        if found:
            _DUNDER_CLASSES[key] = found[0]
        return
    func.instance_attrs["__class__"] = [_DUNDER_CLASSES[key]]


def _const_state(const: nodes.Const, state: dict[str, object]) -> None:
    const.__dict__.update(state)


# Unpickling a node looks its class up for ``__setstate__``. Const has none, so its
# ``__getattr__`` asks the builtin class it proxies, and fails: ~2 us a constant, tens of
# thousands in the modules a run loads built (built_cache.py, prebuilt.py). What pickle
# does without one, directly.
nodes.Const.__setstate__ = _const_state  # type: ignore[attr-defined]


def _allowed_only(
    manager: AstroidManager, modname: str | None, context_file: str | None = None, use_cache: bool = True
) -> nodes.Module:
    if modname is None or modname.partition(".")[0] not in ALLOWED_EXTERNAL:
        raise AstroidImportError("{modname} is not prebuilt", modname=modname)
    return _ORIGINAL(manager, modname, context_file, use_cache)


_ORIGINAL = AstroidManager.ast_from_module_name
_active: RepoManager | None = None


def _dispatch(
    manager: AstroidManager,
    modname: str | None,
    context_file: str | None = None,
    use_cache: bool = True,
) -> nodes.Module:
    # astroid creates AstroidManager() instances all over (they share state), so the
    # loader is swapped on the class while a session is active, and only then.
    if _active is None:
        return _ORIGINAL(manager, modname, context_file, use_cache)
    return _active._load(modname, context_file, use_cache)


_ORIGINAL_ABSOLUTE = nodes.Module.relative_to_absolute_name


def _absolute_name(module: nodes.Module, modname: str, level: int | None) -> str:
    # An absolute import reads the importing script's own directory first; astroid asks
    # this (and so do names.py's import helpers) before it loads any imported module.
    if _active is None:
        return _ORIGINAL_ABSOLUTE(module, modname, level)
    # Asked again at every inference through an import (5,000 times for flask's 24 files,
    # a relative one checking the disk twice), and the same answer each time in a session.
    key = (module, modname, level)
    found = _active._absolute_names.get(key)
    if found is None:
        found = _ORIGINAL_ABSOLUTE(module, modname, level)
        if level is None:
            found = _active.index.local_module(found, module.file) or found
        _active._absolute_names[key] = found
    return found


def _install(session: RepoManager | None) -> None:
    global _active
    _active = session
    if session is None:
        pytest_names.forget()  # the next session reads the configuration files again
        frameworks.unregister(AstroidManager())
        corrections.uninstall(AstroidManager())
    else:
        corrections.install(session.manager)
        django_read = "django" in session.index.lookup or session.index.dependency_file("django") is not None
        frameworks.register(session.manager, session.index.lookup, django_read, session)
    AstroidManager.ast_from_module_name = _dispatch if session else _ORIGINAL  # type: ignore[method-assign]
    nodes.Module.relative_to_absolute_name = _absolute_name if session else _ORIGINAL_ABSOLUTE  # type: ignore[method-assign]


# Methods astroid binds to the class, not an instance, though no decorator says so.
_IMPLICIT_CLASSMETHODS = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})


def _instance_class(node: nodes.AssignAttr) -> nodes.ClassDef | None:
    """The class of ``self`` in ``self.attr = value`` inside a plain method, read from the
    syntax: what inferring ``self`` gives, without its cost (a fifth of building a
    dependency: deciding whether the class is a metaclass infers its bases, which builds
    their modules). None where only inference can tell: a decorated method, a name
    rebound in the method, a class that may be a metaclass (deriving from ``type``)."""
    expr = node.expr
    if not isinstance(expr, nodes.Name):
        return None
    function = node.scope()
    if not isinstance(function, nodes.FunctionDef) or function.decorators is not None:
        return None
    klass = function.parent
    arguments = function.args.posonlyargs or function.args.args
    if not (isinstance(klass, nodes.ClassDef) and arguments and arguments[0].name == expr.name):
        return None
    if function.name in _IMPLICIT_CLASSMETHODS or len(function.locals.get(expr.name, ())) != 1:
        return None
    if any(_may_be_metaclass(base) for base in klass.bases):  # ``metaclass=M`` does not make one
        return None
    return klass


def _assignable(klass: nodes.ClassDef, name: str) -> bool:
    """Whether an instance of ``klass`` can hold attribute ``name``. A class without its
    own ``__slots__`` has a ``__dict__`` (asking the MRO's slots, as astroid does, would
    infer every base for the same answer); so does one whose slots name ``__dict__``,
    which astroid misses (pytest's Node: its stash, keywords and own_markers were lost)."""
    if "__slots__" not in klass.locals or _can_assign_attr(klass, name):
        return True
    try:
        slots = klass.slots()
    except NotImplementedError:
        return True
    return any(slot.value == "__dict__" for slot in slots or ())


def _may_be_metaclass(base: nodes.NodeNG) -> bool:
    name = base.as_string().rpartition(".")[2]
    return name == "type" or "Meta" in name


class _ModuleLocalBuilder(AstroidBuilder):
    """astroid records ``x.attr = value`` on whatever ``x`` infers to, in any module: a
    test's ``humanize.datetime = MockDateTime`` or ``sitemap.items = qs.all`` then
    changes what every later inference in that process finds, so the graph depended
    on which files a worker happened to build first. Here an assignment is recorded
    only on a module, class or function of its own module (``self.x = ...`` in a
    method always is); what crosses modules is the repository-wide pass's job."""

    def delayed_assattr(self, node: nodes.AssignAttr) -> None:
        klass = _instance_class(node)
        if klass is not None:
            if _assignable(klass, node.attrname):
                values = klass.instance_attrs.setdefault(node.attrname, [])
                if node not in values:
                    values.append(node)
            return
        root = node.root()
        infer = node.expr.infer

        def own_module_only(*args: object, **kwargs: object) -> Iterator[object]:
            for value in infer(*args, **kwargs):
                owner = value._proxied if isinstance(value, bases.Instance) else value
                if not isinstance(owner, nodes.NodeNG) or owner.root() is root:
                    yield value

        node.expr.infer = own_module_only  # type: ignore[method-assign]
        try:
            super().delayed_assattr(node)
        finally:
            del node.expr.infer

    def _post_build(self, module: nodes.Module, builder: TreeRebuilder, encoding: str) -> nodes.Module:
        corrections.mark_read_from_source(module)  # before the transforms it spares
        return super()._post_build(module, builder, encoding)


class _DependencyBuilder(_ModuleLocalBuilder):
    """A dependency's module, its rebuilt tree read from the disk cache (tree_cache.py):
    dependencies change between runs far less often than the repository does."""

    def _data_build(
        self, data: str, modname: str, path: str | None, is_stub: bool | None = None
    ) -> tuple[nodes.Module, TreeRebuilder]:
        build = super()._data_build
        if path is None:
            return build(data, modname, path, is_stub)

        def rebuild() -> tree_cache.Rebuilt:
            module, rebuilder = build(data, modname, path, is_stub)
            froms = [(node, list(names)) for node, names in rebuilder._import_from_nodes]
            return tree_cache.Rebuilt(module, froms, list(rebuilder._delayed_assattr))

        found = tree_cache.rebuilt(data, modname, path, rebuild)
        return found.module, cast(TreeRebuilder, found)

    def add_from_names_to_locals(self, node: nodes.ImportFrom, global_name: Collection[str]) -> None:
        # A star import under ``if TYPE_CHECKING:`` serves type checkers while the package
        # loads lazily at run time; expanding it builds its module and, star by star, the
        # package: transformers' ``from .models import *`` built 2,300 modules (80 s) for
        # one ``from transformers import AutoConfig``. Its names stay unknown instead.
        if any(name == "*" for name, _ in node.names) and under_type_checking(node):
            return
        super().add_from_names_to_locals(node, global_name)


def module_of(file: Path) -> nodes.Module | None:
    """The module the active session builds from the repository file ``file``; None for a
    file outside the repository, one that does not build, or no session."""
    session = _active
    name = session.index.names.get(file) if session is not None else None
    return module_named(name) if name is not None else None


def plugin_modules() -> list[nodes.Module]:
    """The modules of the pytest plugins installed among the active session's dependencies
    (pytest_plugins.py), built once; those that do not build are left out."""
    return _active.plugin_modules() if _active is not None else []


def repository_root() -> Path | None:
    """The root of the repository the active session parses; None without one."""
    return _active.index.repo_root if _active is not None else None


def module_named(modname: str) -> nodes.Module | None:
    """The repository module ``modname`` (``tests.fixtures.db``), built as an import
    would build it (RepoManager._load: once, off the inference timer); else None."""
    session = _active
    if session is None or modname not in session.index.lookup:
        return None
    try:
        return session._load(modname)
    except AstroidBuildingError:
        return None


def _closed(names: Iterable[str], looked_up: Mapping[str, frozenset[str]]) -> set[str]:
    """``names`` with what each looked up (``looked_up``), and what those did, and so on."""
    closed = set(names)
    todo = list(closed)
    while todo:
        for name in looked_up.get(todo.pop(), ()):
            if name not in closed:
                closed.add(name)
                todo.append(name)
    return closed


@contextmanager
def _collecting(stack: list[set[str]]) -> Iterator[set[str]]:
    """A set on ``stack`` while inside, for whatever records there to fill."""
    collected: set[str] = set()
    stack.append(collected)
    try:
        yield collected
    finally:
        stack.pop()


def forget_inferences() -> None:
    """Empty astroid's caches of inference results (built modules stay)."""
    clear_inference_tip_cache()
    _INFERENCE_CACHE.clear()


class RepoManager:
    """The process's astroid manager, taught where the repository's modules are."""

    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self.manager = AstroidManager()
        self._namespaces = index.namespace_packages()
        self._failed: dict[str, SourceError] = {}
        self._plugins: list[nodes.Module] | None = None  # pytest plugins among the dependencies
        self._aliases: dict[Path, list[str]] = {}
        for alias, path in index.lookup.items():
            if alias != index.names.get(path):
                self._aliases.setdefault(path, []).append(alias)
        # The repository modules each build looked up, and the lookups of whatever is
        # being read now (``reading``): found or not, under the repository's top-level names.
        self._roots = frozenset(name.partition(".")[0] for name in (*index.lookup, *self._namespaces))
        self._build_reads: dict[str, frozenset[str]] = {}
        self._readers: list[set[str]] = []
        # Every name looked up, as asked (``lookups``); what each dependency's build looked
        # up (built_cache.py), the builds under way (outermost first), the modules whose
        # build depended on the order a run reached them (``_read``, ``_build_dependency``),
        # and the built modules to store once the outermost build has ended.
        self._lookups: list[set[str]] = []
        self._dependency_reads: dict[str, frozenset[str]] = {}
        self._dependency_builds: list[str] = []
        self._order_dependent: set[str] = set()
        self._unstored: list[tuple[str, str, nodes.Module, bool]] = []  # (..., replacing an entry)
        self._digests: dict[Path, str] = {}
        self._absolute_names: dict[tuple[nodes.Module, str, int | None], str] = {}  # _absolute_name's
        # A module of the same name built earlier in this process (``astroid.parse(...,
        # module_name="main")``, another repository's session) is not this repository's.
        cache = self.manager.astroid_cache
        for name in set(index.lookup) & set(cache):
            del cache[name]
        self.manager.max_inferable_values = 32
        before = set(cache)
        _install(self)
        # Django's tips decide at build time from the names the repository's sources
        # offer (reverse relations, routed views): a dependency is stored built under them.
        self._built_under = frameworks.fingerprint()
        try:
            # Built here, outside any inference timer: an alarm during a build could leave
            # a half-built module in astroid's cache.
            prebuild_externals(self.manager)
        except BaseException:
            _install(None)
            raise
        # What close() keeps: the standard library modules just prebuilt (builtins too,
        # ~0.2 s to rebuild), never this repository's own module or namespace of that name.
        ours = set(index.lookup) | set(self._namespaces)
        self._preexisting = before | {n for n in ALLOWED_EXTERNAL if n in cache and n not in ours}

    def close(self) -> None:
        """Forget this repository's modules, so another session in this process starts clean."""
        _install(None)
        cache = self.manager.astroid_cache
        for name in set(cache) - self._preexisting:
            del cache[name]
        forget_inferences()

    def _load(
        self, modname: str | None, context_file: str | None = None, use_cache: bool = True
    ) -> nodes.Module:
        if modname is None:
            raise AstroidBuildingError("No module name given.")
        self._read(modname)
        cache = self.manager.astroid_cache
        if modname in cache:
            return cache[modname]
        # A build costs the same whenever an inference first reaches it: off its timer
        # (bounds.unbounded), and no alarm can leave a half-built module in the cache.
        with bounds.unbounded():
            return self._built(modname, context_file, use_cache)

    @contextmanager
    def reading(self) -> Iterator[set[str]]:
        """The names of the repository's modules looked up while inside, found or not (a
        module added later is one a file looked for), with what their builds looked up,
        and so on: what a file's edges may have been inferred through (services/ingest.py
        parses it again when one of them changes). Complete once the block ends."""
        with self._recording() as reads:
            yield reads
        # Closed over the builds only now: a module looked up while its own build was
        # under way (an import cycle) had no complete record yet.
        reads |= _closed(reads, self._build_reads)

    def _recording(self) -> AbstractContextManager[set[str]]:
        return _collecting(self._readers)

    def lookups(self) -> AbstractContextManager[set[str]]:
        """Every module name looked up while inside, found or not, as it was asked for:
        what ``note`` takes to record those lookups again for whatever reads now."""
        return _collecting(self._lookups)

    def is_package(self, modname: str) -> bool:
        """Whether the repository's module ``modname`` is a package (one that may gain
        submodules), a namespace package included."""
        file = self.index.lookup.get(modname)
        return modname in self._namespaces or (file is not None and file.name == "__init__.py")

    def note(self, modname: str) -> None:
        """Record a lookup of ``modname`` as if it were made now (a result found earlier
        from that module is being used again: frameworks/lookup.remembered)."""
        self._read(modname)

    def _read(self, modname: str) -> None:
        for looked_up in self._lookups:
            looked_up.add(modname)
        builds = self._dependency_builds
        if modname in builds and builds[-1] != modname:
            # A build under way looked up a module whose own build it is nested in, and
            # found it half built: what both hold depends on which one a run reached first.
            self._order_dependent.update(builds[builds.index(modname) :])
        if not self._readers:
            return
        if modname.startswith("?"):
            # A source scan's answer used (frameworks/lookup.SourceScan); not by a
            # dependency's build, which only the first file to reach it would record (the
            # built cache keeps those apart by what the scans find: frameworks.fingerprint).
            if not self._dependency_builds:
                for reads in self._readers:
                    reads.add(modname)
            return
        if modname.partition(".")[0] not in self._roots:
            return
        file = self.index.lookup.get(modname)
        name = self.index.names.get(file, modname) if file is not None else modname.removesuffix(".__init__")
        for reads in self._readers:
            reads.add(name)

    def _built(self, modname: str, context_file: str | None, use_cache: bool) -> nodes.Module:
        cache = self.manager.astroid_cache
        file = self.index.lookup.get(modname)
        if file is not None:
            return self.build(file)
        if modname in self._namespaces:
            module = self.manager._build_namespace_module(modname, self._namespaces[modname])
            cache[modname] = module
            return module
        if modname.partition(".")[0] in ALLOWED_EXTERNAL:
            return _ORIGINAL(self.manager, modname, context_file, use_cache)
        dependency = self.index.dependency_file(modname)
        if dependency is not None:
            return self._build_dependency(modname, dependency)
        raise AstroidImportError("{modname} is outside the repository", modname=modname)

    def build(self, file: Path) -> nodes.Module:
        """The module of a repository file, built once under its canonical name."""
        name = self.index.names[file]
        self._read(name)
        cache = self.manager.astroid_cache
        module = cache.get(name)
        if module is not None:
            return module
        if name in self._failed:
            raise AstroidBuildingError(self._failed[name].reason)
        try:
            with self._recording() as reads:
                module = self._read_and_build(name, file)
            self._build_reads[name] = frozenset(reads)
        except SourceError as exc:
            self._failed[name] = exc
            raise AstroidBuildingError(exc.reason) from exc
        except (AstroidBuildingError, RecursionError, MemoryError, ValueError) as exc:
            reason, lineno = _syntax_reason(exc)
            self._failed[name] = SourceError(reason, lineno)
            raise AstroidBuildingError(reason) from exc
        for alias in self._aliases.get(file, ()):
            cache.setdefault(alias, module)
        return module

    def _read_and_build(
        self,
        name: str,
        file: Path,
        builder: type[_ModuleLocalBuilder] = _ModuleLocalBuilder,
        text: str | None = None,
    ) -> nodes.Module:
        """Decode ``file`` as Python would (unless its ``text`` is given) and build it as
        module ``name`` (a package's ``__init__`` under ``name.__init__``, as astroid names it)."""
        if text is None:
            text, _ = read_source(file)
        modname = f"{name}.__init__" if file.name == "__init__.py" else name
        module = builder(self.manager).string_build(text, modname, str(file))
        set_aside()  # it lives as long as the session: no collection walks it again
        return module

    def _build_dependency(self, modname: str, file: Path) -> nodes.Module:
        """A dependency's module, read (never imported) so inference can follow calls into it."""
        if modname in self._failed:
            raise AstroidBuildingError(self._failed[modname].reason)
        try:
            module = self._dependency_module(modname, file)
        except (SourceError, AstroidBuildingError, RecursionError, MemoryError, ValueError) as exc:
            if isinstance(exc, RecursionError | MemoryError):
                # Maybe only as deep as it was nested in other builds: a module built from it
                # without its names is not what a run reaching it first would build.
                self._order_dependent.add(modname)
            self._failed[modname] = SourceError(str(exc))
            raise AstroidBuildingError(str(exc)) from exc
        self.manager.astroid_cache.setdefault(modname, module)
        return module

    def _dependency_module(self, modname: str, file: Path) -> nodes.Module:
        """The dependency's module as stored built (built_cache.py) when what its build
        read is unchanged; else built, and stored once no other dependency's build is
        under way (an import cycle's modules are complete only then)."""
        text, _ = read_source(file)
        entry = built_cache.key(modname, file, text, self._built_under)
        built = built_cache.stored(entry)
        if built is not None and all(self._resolution(name) == was for name, was in built.reads.items()):
            module = built_cache.load(built)
            if module is not None:
                self._dependency_reads[modname] = frozenset(built.reads)
                set_aside()
                return module
        self._dependency_builds.append(modname)
        try:
            with self.lookups() as looked_up:
                module = self._read_and_build(modname, file, _DependencyBuilder, text)
            self._unstored.append((modname, entry, module, built is not None))
        finally:
            self._dependency_builds.pop()
            self._dependency_reads[modname] = frozenset(looked_up)
            if not self._dependency_builds:
                self._store_built()
        return module

    def _store_built(self) -> None:
        unstored, self._unstored = self._unstored, []
        for modname, entry, module, replacing in unstored:
            if not replacing and built_cache.has(entry):  # another worker built it meanwhile
                continue
            closed = self._closed_dependency_reads(modname)
            if not self._order_dependent.isdisjoint({modname, *closed}):
                continue  # reached in another order, what it read holds other names
            reads = {name: self._resolution(name) for name in closed}
            if False not in reads.values():
                built_cache.store(entry, module, cast(dict[str, built_cache.Resolution], reads))

    def _closed_dependency_reads(self, modname: str) -> set[str]:
        """What ``modname``'s build looked up, and what those modules' builds did."""
        return _closed(self._dependency_reads.get(modname, ()), self._dependency_reads)

    def _resolution(self, name: str) -> built_cache.Resolution | bool:
        """What a lookup of ``name`` finds outside the repository: a dependency's file
        and its digest, or None; False for a name under the repository's (it changes)."""
        if name.startswith("?"):  # a source scan's key: what it finds is in the entry's key
            return None
        if name.partition(".")[0] in self._roots:
            return False
        file = None if name.partition(".")[0] in ALLOWED_EXTERNAL else self.index.dependency_file(name)
        if file is None:
            return None
        if file not in self._digests:
            self._digests[file] = built_cache.digest(file.read_bytes())
        return (str(file), self._digests[file])

    def plugin_modules(self) -> list[nodes.Module]:
        if self._plugins is None:
            self._plugins = []
            for name in installed_plugins(self.index.dependencies):
                try:
                    self._plugins.append(self._load(name))
                except AstroidBuildingError:
                    continue
        return self._plugins

    def failure(self, file: Path) -> SourceError | None:
        return self._failed.get(self.index.names[file])
