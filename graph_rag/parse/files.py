"""One file in, its share of the code graph out (or the reason it could not be parsed)."""

from __future__ import annotations

import hashlib
import sys
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph_rag.model import FileError, FlowFacts, Function, FunctionKind, Imports, ParsedFile
from graph_rag.parse.bounds import Budget
from graph_rag.parse.builder import RepoManager, SourceError, forget_inferences, read_source
from graph_rag.parse.calls import CallResolver
from graph_rag.parse.collector import collecting_less
from graph_rag.parse.definitions import collect
from graph_rag.parse.hierarchy import inherits, overrides
from graph_rag.parse.instances import module_instances, module_partials
from graph_rag.parse.roots import ModuleIndex

DEFAULT_CALL_TIMEOUT_S = 0.5  # seconds of CPU time (bounds.py says why not wall-clock)
DEFAULT_FILE_TIMEOUT_S = 20.0  # seconds of CPU time
CLASS_MEMBERS = frozenset(
    {FunctionKind.METHOD, FunctionKind.CLASSMETHOD, FunctionKind.STATICMETHOD, FunctionKind.PROPERTY}
)
# astroid recurses deeply on long expression chains; Python's default of 1000 is too tight.
RECURSION_LIMIT = 6000


@dataclass(slots=True)
class FileResult:
    """A worker's answer for one file: the parsed file or its error, and call counts."""

    parsed: ParsedFile | None = None
    error: FileError | None = None
    inferred: int = 0
    by_name: int = 0
    unresolved: int = 0
    pending: int = 0
    cut_short: int = 0


@dataclass(slots=True)
class Session:
    """Per-process parsing state: the module index and astroid's cache of built modules."""

    repo_id: str
    index: ModuleIndex
    call_timeout_s: float = DEFAULT_CALL_TIMEOUT_S
    file_timeout_s: float = DEFAULT_FILE_TIMEOUT_S
    manager: RepoManager = field(init=False)
    properties: set[str] = field(default_factory=set)
    repo_modules: frozenset[str] = field(init=False)
    _collector: AbstractContextManager[None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        sys.setrecursionlimit(max(sys.getrecursionlimit(), RECURSION_LIMIT))
        self._collector = collecting_less()
        self._collector.__enter__()
        try:
            self.manager = RepoManager(self.index)
        except BaseException:
            self._collector.__exit__(None, None, None)
            raise
        self.repo_modules = frozenset(self.index.lookup) | frozenset(self.manager._namespaces)

    def close(self) -> None:
        try:
            self.manager.close()
        finally:
            self._collector.__exit__(None, None, None)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _prebuild(self, imports: list[Imports]) -> None:
        """Build the repository modules this file imports before any timer runs, so a
        lazy build inside one bounded inference is not mistaken for a runaway. A module
        not found is looked for all the same (Module.reads), a package's submodule too:
        ``from pkg import views`` leads to pkg/views.py once it is added, and the importer
        must be parsed again (a name imported from a plain module can be no module)."""
        for edge in imports:
            package = self.manager.is_package(edge.target)
            for name in (edge.target, *(f"{edge.target}.{n}" for n in edge.names)):
                file = self.index.lookup.get(name)
                if file is None:
                    if name == edge.target or package:
                        self.manager.note(name)
                else:
                    try:
                        self.manager.build(file)
                    except Exception:  # reported when that file itself is parsed
                        continue

    def parse(self, file: Path) -> FileResult:
        path = self.index.relative(file)
        try:
            text, data = read_source(file)
        except SourceError as exc:
            return FileResult(error=FileError(path, exc.reason, exc.lineno))
        except OSError as exc:
            return FileResult(error=FileError(path, f"cannot read: {exc.strerror}"))
        # Each file's inference starts afresh: results cached from an earlier file would
        # skip the lookups that record what this one reads (Module.reads), which then
        # depended on the order files came in. Measured free: flask, requests and
        # django/db give the same edges in the same time.
        forget_inferences()
        with self.manager.reading() as reads:
            result = self._parse(file, path, text, data)
        if result.parsed is not None:  # what it read, complete now (RepoManager.reading)
            module = result.parsed.module
            read = tuple(sorted(reads - {module.qualname}))
            result.parsed = replace(result.parsed, module=replace(module, reads=read))
        return result

    def _parse(self, file: Path, path: str, text: str, data: bytes) -> FileResult:
        try:
            tree = self.manager.build(file)
        except Exception:
            failure = self.manager.failure(file)
            reason = failure.reason if failure else "astroid could not build the module"
            return FileResult(error=FileError(path, reason, failure.lineno if failure else None))
        budget = Budget(per_call_s=self.call_timeout_s, per_file_s=self.file_timeout_s)
        resolver = CallResolver(self.repo_modules, budget)
        try:
            found = collect(
                tree,
                repo_id=self.repo_id,
                path=path,
                text=text,
                sha256=hashlib.sha256(data).hexdigest(),
            )
            self._prebuild(found.imports)
            with budget:
                calls = resolver.resolve(tree, self.properties)
                parents = tuple(inherits(tree, resolver))
                overriding = tuple(overrides(tree, resolver))
                instances = module_instances(tree, resolver)
                partials = module_partials(tree, resolver)
            # a partial's name leads to the function it calls, as an imported name does
            exports = tuple(sorted((*found.module.exports, *partials), key=lambda pair: pair[0]))
            parsed = ParsedFile(
                module=replace(found.module, exports=exports, instances=instances),
                classes=tuple(found.classes),
                functions=tuple(found.functions),
                defines=tuple(found.defines),
                imports=tuple(found.imports),
                calls=tuple(calls.calls),
                inherits=parents,
                overrides=overriding,
                flow=FlowFacts(
                    tuple(calls.param_calls),
                    # a set to the repository-wide pass: kept in one order, so a module's
                    # stored facts do not depend on the order inference met its calls in
                    tuple(sorted(set(calls.bindings), key=lambda b: (b.function, b.param, b.value))),
                    tuple(calls.self_calls),
                    overriding,
                    parents,
                    # what runs: a method only declared for type checkers never does
                    tuple(
                        f.qualname
                        for f in found.functions
                        if f.kind in CLASS_MEMBERS and f.qualname not in found.typing_only
                    ),
                    tuple(calls.super_calls),
                    tuple(calls.signatures),
                    tuple(dict.fromkeys(calls.iterators)),
                    tuple(sorted(set(calls.extends))),
                    tuple(f.qualname for f in found.functions if _is_getter(f, found.typing_only)),
                ),
            )
        except RecursionError:
            return FileResult(error=FileError(path, "recursion too deep while analysing", lasting=False))
        except Exception as exc:  # an astroid bug on one file must not stop the run
            reason = f"analysis failed: {type(exc).__name__}: {exc}"[:300]
            return FileResult(error=FileError(path, reason, lasting=False))
        return FileResult(
            parsed=parsed,
            inferred=calls.inferred,
            by_name=calls.by_name,
            unresolved=calls.unresolved,
            pending=calls.pending,
            cut_short=budget.cut_short,
        )


def _is_getter(function: Function, typing_only: set[str]) -> bool:
    """What reading its name may run: a property's getter, or a method with a decorator
    that may make it a descriptor (SQLAlchemy's ``@util.ro_non_memoized_property``); not
    a plain method (reading it only binds it), one declared for type checkers, nor a
    subclass's ``@Base.name.setter`` (a property of the base's getter and a new setter)."""
    accessor = any(d.endswith((".setter", ".deleter")) for d in function.decorators)
    if function.qualname in typing_only or accessor:
        return False
    decorated = function.kind is FunctionKind.METHOD and bool(function.decorators)
    return function.kind is FunctionKind.PROPERTY or decorated
