"""The code-graph vocabulary shared by parser, store, search and API.

Everything here is a frozen value: no I/O, no database types. The parser
produces these objects, the store maps them to rows, the API reads them back.

Ids are stable across re-ingests: ``"<repo_id>:<qualified name>"``. A qualified
name is the dotted import path of the definition (``flask.app.Flask.run``), so
an id names the same definition every time the same commit is ingested, and
``MERGE`` on it is idempotent. Edges point at *qualified names*, not ids: the
target may live in this repository, in another ingested one, or nowhere we know
(an ``External`` symbol such as ``os.path.join``); the store decides which.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class Origin(StrEnum):
    """Where a repository comes from: curated reference code or the team's own."""

    CURATED = "curated"
    INHOUSE = "inhouse"


class FunctionKind(StrEnum):
    FUNCTION = "function"
    METHOD = "method"
    CLASSMETHOD = "classmethod"
    STATICMETHOD = "staticmethod"
    PROPERTY = "property"
    NESTED = "nested"
    LAMBDA = "lambda"


class Confidence(StrEnum):
    """How a call target was found: astroid inference, or the import table and scopes."""

    INFERRED = "inferred"
    NAME = "name"


class Label(StrEnum):
    """Node labels; the only labels any query may interpolate."""

    REPOSITORY = "Repository"
    MODULE = "Module"
    CLASS = "Class"
    FUNCTION = "Function"
    EXTERNAL = "External"


class RelType(StrEnum):
    """Relationship types; the only types any query may interpolate."""

    CONTAINS = "CONTAINS"
    DEFINES = "DEFINES"
    IMPORTS = "IMPORTS"
    CALLS = "CALLS"
    INHERITS = "INHERITS"
    OVERRIDES = "OVERRIDES"


def node_id(repo_id: str, qualname: str) -> str:
    """The stable id of a definition: its repository and its qualified name."""
    return f"{repo_id}:{qualname}"


def content_hash(text: str) -> str:
    """A short, stable digest of source text (used for incremental work and caches)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a definition lives: a path relative to the repository root and its lines."""

    path: str
    lineno: int
    end_lineno: int

    def __str__(self) -> str:
        return f"{self.path}:{self.lineno}-{self.end_lineno}"


@dataclass(frozen=True, slots=True)
class Repository:
    id: str
    name: str
    url: str = ""
    origin: Origin = Origin.INHOUSE
    role: str = ""
    commit: str = ""
    license: str = ""

    def __str__(self) -> str:
        return f"{self.name}@{self.commit[:12]}" if self.commit else self.name


@dataclass(frozen=True, slots=True)
class Module:
    repo_id: str
    qualname: str  # dotted module name from the import root: "flask.app"
    path: str  # relative to the repository root, POSIX separators
    sha256: str
    loc: int
    docstring: str = ""
    is_test: bool = False
    is_package: bool = False  # an __init__.py
    # (name, qualified name) for each module-level name imports bind, and nothing else
    # does (a name bound by alternative imports: each, in order): ``requests.get`` is
    # ``requests.api.get``, so calls by the name a library exports link to its
    # definition (store/aliases.py); and each name bound once to a functools.partial of
    # one function, which calling it calls (Django's ``path``: parse/instances.py)
    exports: tuple[tuple[str, str], ...] = ()
    # (name, qualified name of its class) for each module-level name holding one instance
    # (``post_save = ModelSignal()``; ``request: Request = LocalProxy(...)`` by its declared
    # type): ``post_save.connect`` is ``ModelSignal.connect`` (parse/instances.py)
    instances: tuple[tuple[str, str], ...] = ()
    # The repository's modules its parse looked up, found or not, as inference followed
    # imports (a re-export, a return type two modules away, a base added later): when one
    # of them changes, an incremental ingest parses this module again too
    reads: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return node_id(self.repo_id, self.qualname)

    @property
    def name(self) -> str:
        return self.qualname.rpartition(".")[2]

    @property
    def parent(self) -> str:
        """The enclosing package's dotted name ("" at the top level)."""
        return self.qualname.rpartition(".")[0]

    def __str__(self) -> str:
        return self.qualname


@dataclass(frozen=True, slots=True)
class Class:
    repo_id: str
    qualname: str  # "flask.app.Flask"
    module: str  # "flask.app"
    span: Span
    docstring: str = ""
    decorators: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return node_id(self.repo_id, self.qualname)

    @property
    def name(self) -> str:
        return self.qualname.rpartition(".")[2]

    def __str__(self) -> str:
        return self.qualname


@dataclass(frozen=True, slots=True)
class Function:
    repo_id: str
    qualname: str  # "flask.app.Flask.run", nested: "pkg.mod.outer.inner"
    module: str
    kind: FunctionKind
    span: Span
    signature: str  # "run(self, host: str | None = None, ...) -> None"
    source: str
    docstring: str = ""
    decorators: tuple[str, ...] = ()
    is_async: bool = False
    has_type_hints: bool = False
    is_test: bool = False
    parent: str = ""  # qualname of the defining module, class or function

    @property
    def id(self) -> str:
        return node_id(self.repo_id, self.qualname)

    @property
    def name(self) -> str:
        return self.qualname.rpartition(".")[2]

    @property
    def loc(self) -> int:
        return self.span.end_lineno - self.span.lineno + 1

    @property
    def content_hash(self) -> str:
        return content_hash(self.source)

    def __str__(self) -> str:
        return self.qualname


@dataclass(frozen=True, slots=True)
class External:
    """A symbol outside what was ingested: stdlib, third-party, builtins (``builtins.len``)."""

    qualname: str

    def __str__(self) -> str:
        return self.qualname


# Edges. Sources are qualified names inside the repository being parsed;
# targets are qualified names that may resolve anywhere (see module docstring).


@dataclass(frozen=True, slots=True)
class Defines:
    parent: str  # module or class (or function, for nested definitions)
    child: str


@dataclass(frozen=True, slots=True)
class Imports:
    module: str  # importing module
    target: str  # imported module's dotted name ("os.path", "flask.app")
    names: tuple[str, ...] = ()  # for "from x import a, b"
    lineno: int = 0


@dataclass(frozen=True, slots=True)
class Call:
    caller: str  # function qualname, or module qualname for module-level code
    callee: str  # function / class / external qualname
    lineno: int
    confidence: Confidence = Confidence.INFERRED

    def __str__(self) -> str:
        return f"{self.caller} -> {self.callee} (line {self.lineno}, {self.confidence})"


@dataclass(frozen=True, slots=True)
class Inherits:
    child: str
    base: str
    position: int = 0


@dataclass(frozen=True, slots=True)
class Overrides:
    method: str
    overridden: str


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be parsed, and why; the rest of the repository is unaffected.

    ``lasting``: the file's text alone causes it (a syntax error, an undecodable byte), so
    an ingest does not parse the file again until it changes. A failure of the analysis
    (out of time, recursion, an astroid error) may not recur with another parser or on
    a quieter machine: the next ingest tries the file again."""

    path: str
    reason: str
    lineno: int | None = None
    lasting: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.lineno}" if self.lineno else self.path
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParamCall:
    """A call of a parameter, or of a method on it: resolved later from what callers pass in."""

    caller: str
    owner: str  # the function the parameter belongs to
    param: str
    lineno: int
    # ``param.method()``: looked up on the instances passed in; "attr.method" for
    # ``param.attr.method()``: on what those instances keep in ``self.attr``
    method: str = ""
    # what the call passes on to whatever it reaches: ("#0" for the first positional
    # argument, or the keyword, and a Binding value), a callback's own callbacks
    arguments: tuple[tuple[str, str], ...] = ()
    # False where the site is counted elsewhere (resolved at parse time too, or one of
    # several sources of one call) or is no call written in the code (a loop's __iter__)
    counted: bool = True
    # the other parameters or slots one counted site may call (``choose(f, g)()``): each
    # has its own uncounted ParamCall; the site is resolved when any of them is
    also: tuple[tuple[str, str], ...] = ()
    # what isinstance() tests around the call say the parameter holds there (values.guard_of)
    guard: str = ""


@dataclass(frozen=True, slots=True)
class Binding:
    """A value passed to a repository function's parameter at some call site."""

    function: str
    param: str
    # a function qualname ("pkg.C.m(unbound)": a method taken from its class, called with
    # the instance first), "pkg.Class()" for an instance of a class ("pkg.Class(*)": of it
    # or a subclass, as ``self`` is), or "owner\x00param" for a forwarded parameter
    value: str
    # the class ``self`` is in the callee, where the call says so: "pkg.Class" (it or a
    # subclass) for ``self.m(v)`` or ``super().m(v)`` in a method of that class,
    # "pkg.Class()" (exactly it) for ``Class(v)``. What the callee keeps on ``self`` from
    # the parameter is kept for those instances only; "" for any other call
    receiver: str = ""


@dataclass(frozen=True, slots=True)
class SelfCall:
    """A call through self/cls: overrides in subclasses of ``receiver`` (the class whose
    method the call is in: ``self`` is one of those) may be the real target. ``method``
    names that method (the one whose ``self`` makes the call): ``self`` is then only an
    instance of a class that runs it, not of one that overrides it without calling it.
    "" where the receiver is a declared type, not ``self``. ``read``: a read of a property
    (``self.node``), which only a getter of the name runs, not a plain method."""

    caller: str
    callee: str
    lineno: int
    receiver: str = ""  # unknown: any override may run
    method: str = ""
    read: bool = False


@dataclass(frozen=True, slots=True)
class Signature:
    """Where a call through a function's usual value puts its positional arguments (a
    method's bound value: after ``self``, which ``receiver`` names; a method passed
    unbound, ``C.handle``, takes it first): for binding what a parameter call passes."""

    function: str
    positional: tuple[str, ...]
    vararg: str = ""
    receiver: str = ""


@dataclass(frozen=True, slots=True)
class SuperCall:
    """``super().method()`` in a class whose own bases lack ``method``: a mixin's. What
    runs is the next class defining it in the MRO of each subclass the mixin is part of."""

    caller: str
    klass: str  # the class ``super()`` starts after
    method: str
    lineno: int


@dataclass(frozen=True, slots=True)
class FlowFacts:
    """What one file tells the repository-wide pass (parse/flow.py): parameter calls,
    values bound to parameters, calls through ``self``, overrides, the bases of its
    classes and their methods (a method called on an instance passed in is looked up
    along its class's MRO), and ``super()`` calls a mixin makes. Edges joined from them
    can cross files, so they are stored with the module: a re-ingest of some files joins
    their new facts with the stored facts of the others."""

    param_calls: tuple[ParamCall, ...] = ()
    bindings: tuple[Binding, ...] = ()
    self_calls: tuple[SelfCall, ...] = ()
    overrides: tuple[Overrides, ...] = ()
    inherits: tuple[Inherits, ...] = ()
    methods: tuple[str, ...] = ()  # qualnames of the methods its classes define
    super_calls: tuple[SuperCall, ...] = ()
    signatures: tuple[Signature, ...] = ()  # of the functions whose parameters are called
    # (an ``__iter__`` method, the class whose instance it returns; "" for ``self``): a loop
    # over a parameter calls ``__next__`` there
    iterators: tuple[tuple[str, str], ...] = ()
    # (class, name): a method of the class calls ``name`` past the class in the MRO
    # (``super().name()``, ``Base.name(self)``), or the class body assigns ``name``
    # (``create_cursor = Base.create_cursor``), so an override of ``name`` there does not
    # stop its ancestors' from running on its instances
    extends: tuple[tuple[str, str], ...] = ()
    # qualnames of what reading a name of its classes may run (of ``methods``): property
    # getters and other decorated methods (a decorator may make a descriptor)
    getters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """Everything one source file contributes to the graph (its unit of atomic replacement)."""

    module: Module
    classes: tuple[Class, ...] = ()
    functions: tuple[Function, ...] = ()
    defines: tuple[Defines, ...] = ()
    imports: tuple[Imports, ...] = ()
    calls: tuple[Call, ...] = ()
    inherits: tuple[Inherits, ...] = ()
    overrides: tuple[Overrides, ...] = ()
    flow: FlowFacts = FlowFacts()


@dataclass(frozen=True, slots=True)
class ParseStats:
    files: int = 0
    calls_inferred: int = 0
    calls_by_name: int = 0
    calls_unresolved: int = 0
    inference_cut_short: int = 0  # calls whose inference hit the CPU-time or depth bound


@dataclass(frozen=True, slots=True)
class CodeGraph:
    """A parsed repository: its files and the files that could not be parsed."""

    repository: Repository
    files: tuple[ParsedFile, ...] = ()
    errors: tuple[FileError, ...] = ()
    stats: ParseStats = field(default_factory=ParseStats)

    @property
    def functions(self) -> tuple[Function, ...]:
        return tuple(fn for f in self.files for fn in f.functions)

    @property
    def classes(self) -> tuple[Class, ...]:
        return tuple(c for f in self.files for c in f.classes)

    @property
    def calls(self) -> tuple[Call, ...]:
        return tuple(c for f in self.files for c in f.calls)
