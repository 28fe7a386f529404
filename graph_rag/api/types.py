"""Strawberry types: thin views over the property maps the named queries return.

Each view keeps its raw map as ``strawberry.Private``; fields that walk the graph
go through the request's DataLoaders (graph_rag.api.loaders), so a list of
views resolving the same field costs one query, not one per view.
"""

from __future__ import annotations

import inspect
from enum import StrEnum
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graph_rag.api.limits import DEFAULT_FIRST, MAX_DEPTH, MAX_FIRST, MAX_SIMILAR, bounded
from graph_rag.api.loaders import Loaders
from graph_rag.model import FunctionKind, Origin
from graph_rag.search.path_glob import PATH_GLOB_DOC

Row = dict[str, Any]

OriginEnum = strawberry.enum(Origin, name="Origin", description="curated reference code or in-house code")
FunctionKindEnum = strawberry.enum(FunctionKind, name="FunctionKind")

FIRST_DOC = f"At most this many (1-{MAX_FIRST})."
DEPTH_DOC = f"How many hops to follow (1-{MAX_DEPTH})."
EXCLUDE_TESTS_DOC = "Leave out test code (test modules, fixtures): neither listed nor walked through."


def _docstring(node: Row) -> str:
    """The docstring as ``help()`` shows it (``inspect.cleandoc``): stored as written, its
    lines after the first carry the source's indentation, tokens an agent pays for."""
    return inspect.cleandoc(node.get("docstring") or "")


def _loaders(info: Info) -> Loaders:
    """The request's DataLoaders, once its deadline is checked: nested fields are mostly
    answered from their caches, where no store read (which checks it) would stop them."""
    info.context.time_left()
    return info.context.loaders


def _first(first: int) -> int:
    return bounded("first", first, MAX_FIRST)


def _depth(depth: int) -> int:
    return bounded("depth", depth, MAX_DEPTH)


@strawberry.enum(name="SearchMode", description="How search ranks functions.")
class SearchModeEnum(StrEnum):
    VECTOR = "vector"
    FULLTEXT = "fulltext"
    HYBRID = "hybrid"


@strawberry.interface(
    description="Anything with a qualified name: a function, class, module or external symbol."
)
class Symbol:
    id: strawberry.ID
    qualified_name: str
    name: str


@strawberry.type(description="Where a definition lives in its repository.")
class Location:
    repo: str
    path: str
    start_line: int
    end_line: int

    @strawberry.field(description="The commit the repository was ingested at.")
    async def commit(self, info: Info) -> str | None:
        repo = await _loaders(info).node("Repository", self.repo)
        return repo.get("commit") or None


def _location(node: Row) -> Location:
    return Location(
        repo=node.get("repo_id") or "",
        path=node.get("path") or "",
        start_line=node.get("lineno") or 0,
        end_line=node.get("end_lineno") or 0,
    )


def symbol(node: Row) -> Symbol:
    """The view of a node whose label is only known at run time."""
    label = node.get("label")
    if label == "Function":
        return Function.of(node)
    if label == "Class":
        return Class.of(node)
    if label == "Module":
        return Module.of(node)
    return ExternalSymbol.of(node)


@strawberry.type(description="A symbol outside what was ingested (stdlib, third-party, builtins).")
class ExternalSymbol(Symbol):
    @classmethod
    def of(cls, node: Row) -> ExternalSymbol:
        qualname = node.get("qualname") or node["id"]
        return cls(
            id=strawberry.ID(node["id"]),
            qualified_name=qualname,
            name=node.get("name") or qualname.rpartition(".")[2],
        )


@strawberry.type(description="A function or method.")
class Function(Symbol):
    node: strawberry.Private[Row]
    kind: FunctionKindEnum | None
    signature: str
    docstring: str
    is_async: bool
    is_test: bool
    quality: float | None

    @classmethod
    def of(cls, node: Row) -> Function:
        kind = node.get("kind")
        return cls(
            node=node,
            id=strawberry.ID(node["id"]),
            qualified_name=node.get("qualname") or "",
            name=node.get("name") or "",
            kind=FunctionKind(kind) if kind else None,
            signature=node.get("signature") or "",
            docstring=_docstring(node),
            is_async=bool(node.get("is_async")),
            is_test=bool(node.get("is_test")),
            quality=node.get("quality"),
        )

    @strawberry.field
    def location(self) -> Location:
        return _location(self.node)

    @strawberry.field(description="The module that holds it.")
    async def module(self, info: Info) -> Module | None:
        module_id = self.node.get("module_id")
        return Module.of(await _loaders(info).node("Module", module_id)) if module_id else None

    @strawberry.field(name="class", description="The class that defines it (null for a plain function).")
    async def class_(self, info: Info) -> Class | None:
        rows = await _loaders(info).neighbours("api.function_class").load((self.id, 1))
        return Class.of(rows[0]) if rows else None

    @strawberry.field(
        description="Functions that call it, up to `depth` hops away, nearest first; never the "
        "function itself (a recursive one's self-call is what `callPath(from, to)` with both ends "
        "on it shows)."
    )
    async def callers(
        self,
        info: Info,
        depth: Annotated[int, strawberry.argument(description=DEPTH_DOC)] = 1,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
        exclude_tests: Annotated[bool, strawberry.argument(description=EXCLUDE_TESTS_DOC)] = False,
    ) -> list[Function]:
        key = (str(self.id), _depth(depth), _first(first))
        loader = _loaders(info).walk("api.function_callers", "Function", exclude_tests=exclude_tests)
        return [Function.of(node) for node, _ in await loader.load(key)]

    @strawberry.field(
        description="What it calls (functions, classes, external symbols), up to `depth` hops away; "
        "never the function itself."
    )
    async def callees(
        self,
        info: Info,
        depth: Annotated[int, strawberry.argument(description=DEPTH_DOC)] = 1,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
        exclude_tests: Annotated[bool, strawberry.argument(description=EXCLUDE_TESTS_DOC)] = False,
    ) -> list[Symbol]:
        key = (str(self.id), _depth(depth), _first(first))
        loader = _loaders(info).walk("api.function_callees", "Function", exclude_tests=exclude_tests)
        return [symbol(node) for node, _ in await loader.load(key)]

    @strawberry.field(description="The methods it overrides.")
    async def overrides(self, info: Info) -> list[Function]:
        rows = await _loaders(info).neighbours("api.function_overrides").load((self.id, MAX_FIRST))
        return [Function.of(n) for n in rows]

    @strawberry.field(description="The methods that override it.")
    async def overridden_by(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Function]:
        loader = _loaders(info).neighbours("api.function_overridden_by")
        return [Function.of(n) for n in await loader.load((self.id, _first(first)))]

    @strawberry.field(description=f"The functions nearest to it by embedding (k: 1-{MAX_SIMILAR}).")
    async def similar(self, info: Info, k: int = 5) -> list[SearchHit]:
        rows = await _loaders(info).similar.load((str(self.id), bounded("k", k, MAX_SIMILAR)))
        return [
            SearchHit(score=r["score"], mode=SearchModeEnum.VECTOR, rank=i, function_id=r["id"])
            for i, r in enumerate(rows, 1)
        ]


@strawberry.type(description="A class.")
class Class(Symbol):
    node: strawberry.Private[Row]
    docstring: str

    @classmethod
    def of(cls, node: Row) -> Class:
        return cls(
            node=node,
            id=strawberry.ID(node["id"]),
            qualified_name=node.get("qualname") or "",
            name=node.get("name") or "",
            docstring=_docstring(node),
        )

    @strawberry.field
    def location(self) -> Location:
        return _location(self.node)

    @strawberry.field(description="The module that holds it.")
    async def module(self, info: Info) -> Module | None:
        module_id = self.node.get("module_id")
        return Module.of(await _loaders(info).node("Module", module_id)) if module_id else None

    @strawberry.field(description="The functions it defines, by name.")
    async def methods(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Function]:
        rows = await _loaders(info).neighbours("api.class_methods").load((self.id, _first(first)))
        return [Function.of(n) for n in rows]

    @strawberry.field(description="Its bases in declaration order (classes or external symbols).")
    async def bases(self, info: Info) -> list[Symbol]:
        return [symbol(n) for n in await _loaders(info).lists("api.class_bases").load(self.id)]

    @strawberry.field(description="Classes that inherit from it, up to `depth` hops down.")
    async def subclasses(
        self,
        info: Info,
        depth: Annotated[int, strawberry.argument(description=DEPTH_DOC)] = 1,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Class]:
        key = (str(self.id), _depth(depth), _first(first))
        walked = await _loaders(info).walk("api.class_subclasses", "Class").load(key)
        return [Class.of(node) for node, _ in walked]


@strawberry.type(description="A Python module (a file).")
class Module(Symbol):
    node: strawberry.Private[Row]
    path: str
    docstring: str
    is_test: bool
    is_package: bool
    loc: int

    @classmethod
    def of(cls, node: Row) -> Module:
        return cls(
            node=node,
            id=strawberry.ID(node["id"]),
            qualified_name=node.get("qualname") or "",
            name=node.get("name") or "",
            path=node.get("path") or "",
            docstring=_docstring(node),
            is_test=bool(node.get("is_test")),
            is_package=bool(node.get("is_package")),
            loc=node.get("loc") or 0,
        )

    @strawberry.field
    async def repository(self, info: Info) -> Repository:
        return Repository.of(await _loaders(info).node("Repository", self.node["repo_id"]))

    @strawberry.field(description="What it imports: ingested modules and external symbols.")
    async def imports(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Symbol]:
        rows = await _loaders(info).neighbours("api.module_imports").load((self.id, _first(first)))
        return [symbol(n) for n in rows]

    @strawberry.field(description="Modules that import it.")
    async def imported_by(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Module]:
        loader = _loaders(info).neighbours("api.module_imported_by")
        return [Module.of(n) for n in await loader.load((self.id, _first(first)))]

    @strawberry.field(description="Classes it defines at its top level.")
    async def classes(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Class]:
        rows = await _loaders(info).neighbours("api.module_classes").load((self.id, _first(first)))
        return [Class.of(n) for n in rows]

    @strawberry.field(description="Functions it defines at its top level.")
    async def functions(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Function]:
        loader = _loaders(info).neighbours("api.module_functions")
        return [Function.of(n) for n in await loader.load((self.id, _first(first)))]


@strawberry.type(description="How much of the graph one repository holds.")
class RepositoryStats:
    modules: int
    classes: int
    functions: int
    calls: int = strawberry.field(
        description="CALLS edges from its code: functions' and module-level (class bodies, decorators)."
    )


@strawberry.type(description="An ingested repository.")
class Repository:
    node: strawberry.Private[Row]
    id: strawberry.ID
    name: str
    url: str
    origin: OriginEnum | None
    role: str
    commit: str | None
    license: str
    indexed_at: str | None

    @classmethod
    def of(cls, node: Row) -> Repository:
        origin = node.get("origin")
        indexed = node.get("indexed_at")
        return cls(
            node=node,
            id=strawberry.ID(node["id"]),
            name=node.get("name") or node["id"],
            url=node.get("url") or "",
            origin=Origin(origin) if origin else None,
            role=node.get("role") or "",
            commit=node.get("commit") or None,
            license=node.get("license") or "",
            indexed_at=str(indexed) if indexed else None,
        )

    @strawberry.field(description="Its modules, by dotted name.")
    async def modules(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Module]:
        loader = _loaders(info).neighbours("api.repository_modules")
        return [Module.of(n) for n in await loader.load((self.id, _first(first)))]

    @strawberry.field
    async def stats(self, info: Info) -> RepositoryStats:
        row = await _loaders(info).stats.load(str(self.id))
        return RepositoryStats(
            modules=row["modules"], classes=row["classes"], functions=row["functions"], calls=row["calls"]
        )


@strawberry.type(description="One search result: a function, its score, and how it was found.")
class SearchHit:
    score: float
    mode: SearchModeEnum
    rank: int = strawberry.field(description="1-based position in the results.")
    function_id: strawberry.Private[str]

    @strawberry.field
    async def function(self, info: Info) -> Function:
        return Function.of(await _loaders(info).node("Function", self.function_id))


@strawberry.type(description="A function that (transitively) calls the one asked about.")
class ImpactEntry:
    depth: int = strawberry.field(description="Hops from the function asked about (1 = a direct caller).")
    function: Function


@strawberry.type(description="A chain of calls, first function to last.")
class CallPath:
    hops: int
    function_ids: strawberry.Private[list[str]]

    @strawberry.field
    async def functions(self, info: Info) -> list[Function]:
        loader = _loaders(info).nodes["Function"]
        return [Function.of(n) for n in await loader.load_many(self.function_ids)]


@strawberry.type(description="A function calling a symbol, and where.")
class Usage:
    function_id: strawberry.Private[str | None]
    module_id: strawberry.Private[str]
    target: str = strawberry.field(description="The called node's id (an External's is its qualified name).")
    lines: list[int]
    confidence: str | None
    derived: bool = strawberry.field(
        description="The store derived this edge, which needs two repositories: the `__init__` "
        "a call of another repository's class runs (its lines are the class call's). "
        "False: the parser read the call in the source."
    )
    origin: OriginEnum | None

    @strawberry.field(
        description="The calling function; null for a call at module or class level (a "
        "decorator, a module-level instance), which only `module` names."
    )
    async def function(self, info: Info) -> Function | None:
        if self.function_id is None:
            return None
        return Function.of(await _loaders(info).node("Function", self.function_id))

    @strawberry.field(description="The module the call is in.")
    async def module(self, info: Info) -> Module:
        return Module.of(await _loaders(info).node("Module", self.module_id))


@strawberry.input(description="Which functions a search may return; all fields are optional.")
class SearchFilterInput:
    repositories: list[str] | None = None
    origin: OriginEnum | None = None
    kinds: list[FunctionKindEnum] | None = None
    path_glob: str | None = strawberry.field(default=None, description=PATH_GLOB_DOC)
    exclude_tests: bool = False
    min_quality: float | None = None
