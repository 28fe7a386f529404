"""The GraphQL schema: root queries, limits and error masking.

Root resolvers check their arguments (graph_rag.api.limits), find nodes through
the request's DataLoaders and hand back views (graph_rag.api.types). A document
too deep, too long, with too many aliases or too costly (graph_rag.api.cost) is
refused before anything runs. A GraphRagError's message reaches the client as it
is; anything else reads "Unexpected error." (and is logged with its traceback,
never sent).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.types import Info

from graph_rag.api.cost import QueryCostLimiter
from graph_rag.api.limits import (
    DEFAULT_FIRST,
    DEFAULT_HOPS,
    MAX_ALIASES,
    MAX_COST,
    MAX_DEPTH,
    MAX_FIRST,
    MAX_HOPS,
    MAX_K,
    MAX_QUERY_DEPTH,
    MAX_TEXT_CHARS,
    MAX_TOKENS,
    bounded,
    names_bounded,
)
from graph_rag.api.operations import OperationNameRequired
from graph_rag.api.types import (
    EXCLUDE_TESTS_DOC,
    FIRST_DOC,
    CallPath,
    Class,
    ExternalSymbol,
    Function,
    ImpactEntry,
    Module,
    OriginEnum,
    Repository,
    SearchFilterInput,
    SearchHit,
    SearchModeEnum,
    Usage,
)
from graph_rag.api.validation import ExplainedValidation
from graph_rag.errors import GraphRagError, InvalidArgument, NotFound, shown
from graph_rag.model import FunctionKind, Origin
from graph_rag.store.writer import defined_as

log = logging.getLogger(__name__)

Row = dict[str, Any]

_BY_NAME = {
    "Function": "api.functions_by_qualname",
    "Class": "api.classes_by_qualname",
    "Module": "api.modules_by_qualname",
}
_WHAT = {"Function": "function", "Class": "class", "Module": "module"}
REPO_DOC = "The repository to look qualified names up in, when several define one (ids need none)."


async def find_node(
    info: Info,
    label: str,
    *,
    id: str | None = None,
    qualified_name: str | None = None,
    repo: str | None = None,
) -> Row:
    """One node by id, or by qualified name (and repository when several define it): the
    name it is defined under or one its library exports."""
    what = _WHAT[label]
    names_bounded({"id": id, "qualifiedName": qualified_name, "repo": repo})
    if (id is None) == (qualified_name is None):
        raise InvalidArgument(f"Give exactly one of id and qualifiedName to find a {what}.")
    if repo is not None and not repo.strip():
        raise InvalidArgument("repo must not be empty: leave it out to look in every repository.")
    loaders = info.context.loaders
    if id is not None:
        return await loaders.node(label, id)
    nodes = await loaders.by_name(_BY_NAME[label]).load(qualified_name)
    if not nodes:  # a name its library exports: requests.get is requests.api.get
        defined = await info.context.run(defined_as, info.context.store, qualified_name)
        nodes = await loaders.by_name(_BY_NAME[label]).load(defined) if defined else []
    if repo is not None:
        nodes = [n for n in nodes if n.get("repo_id") == repo]
    if not nodes:
        if repo is not None:  # an unknown repository is said as such, not as a missing name
            await info.context.run(info.context.store.require_repositories, [repo])
        where = f" in repository {shown(repo)}" if repo else ""
        raise NotFound(f"No {what} named {shown(qualified_name)}{where}.")
    if len(nodes) > 1:
        repos = ", ".join(sorted(str(n.get("repo_id")) for n in nodes))
        raise InvalidArgument(
            f"{len(nodes)} repositories define {shown(qualified_name)} ({repos}); pass repo to pick "
            "one, or give the id ('repo:qualified.name')."
        )
    return nodes[0]


async def find_function(info: Info, ref: str, repo: str | None = None) -> Row:
    """A function by id (``repo:qualname``), or by qualified name (in ``repo`` if given)."""
    if ":" in ref:
        return await find_node(info, "Function", id=ref)
    return await find_node(info, "Function", qualified_name=ref, repo=repo)


def _search_filter(given: SearchFilterInput | None) -> Any:
    from graph_rag.search import SearchFilter

    if given is None:
        return None
    return SearchFilter(
        repositories=tuple(given.repositories or ()),
        origin=Origin(given.origin.value) if given.origin else None,
        kinds=tuple(FunctionKind(k.value) for k in given.kinds or ()),
        path_glob=given.path_glob,
        exclude_tests=given.exclude_tests,
        min_quality=given.min_quality,
    )


def _function_node(hit: Any) -> Row:
    """A search hit as the node ``api.functions_by_id`` returns for its function."""
    return {
        "label": "Function",
        "id": hit.id,
        "qualname": hit.qualname,
        "name": hit.name,
        "kind": hit.kind or None,
        "signature": hit.signature,
        "docstring": hit.docstring,
        "path": hit.path,
        "lineno": hit.lineno,
        "end_lineno": hit.end_lineno,
        "repo_id": hit.repo_id,
        "module_id": hit.module_id or None,
        "is_async": hit.is_async,
        "is_test": hit.is_test,
        "quality": hit.quality,
    }


@strawberry.type
class Query:
    @strawberry.field(
        description=f"Functions matching a text, best first (k: 1-{MAX_K}; text: at most "
        f"{MAX_TEXT_CHARS} characters). A text that is a name ('HTTPAdapter.send', "
        "'parse_cookie', 'requests.get' as requests exports it, an id) lists the functions of "
        "that name first, except in VECTOR mode."
    )
    async def search(
        self,
        info: Info,
        text: str,
        k: int = 10,
        mode: SearchModeEnum = SearchModeEnum.HYBRID,
        filter: SearchFilterInput | None = None,
    ) -> list[SearchHit]:
        # k, the text's length and a blank text are the searcher's to refuse (CLI and MCP too).
        context = info.context
        searcher = context.backend.searcher
        if searcher is None:
            raise GraphRagError("Search is not available: this server has no embedder configured.")
        from graph_rag.search import SearchMode

        hits = await context.run(
            searcher.search,
            text,
            k=k,
            mode=SearchMode(mode.value),
            filter=_search_filter(filter),
            timeout_s=context.time_left(),
        )
        # The hits carry every property of their functions: `function` on a hit costs no query.
        context.loaders.prime([_function_node(h) for h in hits])
        return [
            SearchHit(score=h.score, mode=SearchModeEnum(str(h.mode)), rank=h.rank, function_id=h.id)
            for h in hits
        ]

    @strawberry.field(description="One function, by id or by qualified name (and repo if several).")
    async def function(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        qualified_name: str | None = None,
        repo: str | None = None,
    ) -> Function | None:  # null, with an error, where none is found: the other fields stand
        node = await find_node(info, "Function", id=id, qualified_name=qualified_name, repo=repo)
        return Function.of(node)

    @strawberry.field(
        name="class", description="One class, by id or by qualified name (and repo if several)."
    )
    async def class_(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        qualified_name: str | None = None,
        repo: str | None = None,
    ) -> Class | None:
        return Class.of(await find_node(info, "Class", id=id, qualified_name=qualified_name, repo=repo))

    @strawberry.field(description="One module, by id or by dotted name (and repo if several).")
    async def module(
        self,
        info: Info,
        id: strawberry.ID | None = None,
        qualified_name: str | None = None,
        repo: str | None = None,
    ) -> Module | None:
        return Module.of(await find_node(info, "Module", id=id, qualified_name=qualified_name, repo=repo))

    @strawberry.field(description="One repository by name.")
    async def repository(self, info: Info, name: str) -> Repository | None:
        names_bounded({"name": name})
        return Repository.of(await info.context.loaders.node("Repository", name))

    @strawberry.field(description="Every ingested repository, by name.")
    async def repositories(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = MAX_FIRST,
    ) -> list[Repository]:
        rows = await info.context.read("api.repositories", limit=bounded("first", first, MAX_FIRST))
        nodes = [row["node"] for row in rows]
        info.context.loaders.prime(nodes)
        return [Repository.of(n) for n in nodes]

    @strawberry.field(
        description="The shortest chain of calls from one function to another (ids or qualified "
        f"names), or null when none is at most maxHops (1-{MAX_HOPS}) long. From a function to "
        "itself: the shortest cycle of calls through it (at least one hop)."
    )
    async def call_path(
        self,
        info: Info,
        from_: Annotated[str, strawberry.argument(name="from")],
        to: str,
        repo: Annotated[str | None, strawberry.argument(description=REPO_DOC)] = None,
        max_hops: int = DEFAULT_HOPS,
    ) -> CallPath | None:
        bounded("maxHops", max_hops, MAX_HOPS)
        names_bounded({"from": from_, "to": to, "repo": repo})
        source = await find_function(info, from_, repo)
        target = await find_function(info, to, repo)
        if source["id"] == target["id"]:
            rows = await info.context.read("api.call_cycle", source=source["id"])
        else:
            rows = await info.context.read("api.call_path", source=source["id"], target=target["id"])
        if not rows or rows[0]["hops"] > max_hops:
            return None
        return CallPath(hops=rows[0]["hops"], function_ids=list(rows[0]["ids"]))

    @strawberry.field(
        description=f"Functions that call this one transitively (depth: 1-{MAX_DEPTH}), each "
        "with the depth at which it is first reached, nearest first."
    )
    async def impact(
        self,
        info: Info,
        id: str,
        repo: Annotated[str | None, strawberry.argument(description=REPO_DOC)] = None,
        depth: int = 3,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = MAX_FIRST,
        exclude_tests: Annotated[bool, strawberry.argument(description=EXCLUDE_TESTS_DOC)] = False,
    ) -> list[ImpactEntry]:
        key = (bounded("depth", depth, MAX_DEPTH), bounded("first", first, MAX_FIRST))
        names_bounded({"id": id, "repo": repo})
        node = await find_function(info, id, repo)
        loader = info.context.loaders.walk("api.function_callers", "Function", exclude_tests=exclude_tests)
        walked = await loader.load((node["id"], *key))
        return [ImpactEntry(depth=level, function=Function.of(n)) for n, level in walked]

    @strawberry.field(
        description="Code that calls a symbol (functions, and modules for calls at module or "
        "class level): an external qualified name "
        "('sqlalchemy.orm.Session.execute') or an ingested function's or class's, by the "
        "name it is defined under or one its library exports ('requests.get'), optionally "
        "only in curated or in-house repositories."
    )
    async def usages(
        self,
        info: Info,
        symbol: str,
        origin: OriginEnum | None = None,
        first: Annotated[int, strawberry.argument(description=FIRST_DOC)] = DEFAULT_FIRST,
    ) -> list[Usage]:
        limit = bounded("first", first, MAX_FIRST)
        names_bounded({"symbol": symbol})
        if not symbol.strip():
            raise InvalidArgument("symbol must not be empty.")
        symbol = symbol.partition(":")[2] if ":" in symbol else symbol  # an id names its qualname
        symbols = [symbol]
        # ``requests.get`` is linked to ``requests.api.get`` once requests is ingested
        defined = await info.context.run(defined_as, info.context.store, symbol)
        if defined is not None:
            symbols.append(defined)
        rows: list[Any] = []
        only = origin.value if origin else None
        for name in symbols:
            rows += await info.context.read("api.usages", symbol=name, origin=only, limit=limit)
        rows = sorted(rows, key=lambda r: (r["id"] or r["module_id"], r["target"]))[:limit]
        return [
            Usage(
                function_id=r["id"],
                module_id=r["module_id"],
                target=r["target"],
                lines=list(r["lines"] or []),
                confidence=r["confidence"],
                derived=r["derived"],
                origin=Origin(r["origin"]) if r["origin"] else None,
            )
            for r in rows
        ]


def _is_unexpected(error: GraphQLError) -> bool:
    # Validation, variables that do not fit their types (raised before execution: no
    # path) and our own errors speak for themselves; they name only what the client
    # sent. A value of ours that does not fit its type (a path) is our fault, masked.
    original = error.original_error
    if original is None or isinstance(original, GraphRagError):
        return False
    return not (isinstance(original, GraphQLError) and error.path is None)


def _should_mask(error: GraphQLError) -> bool:
    if not _is_unexpected(error):
        return False
    log.error("unexpected error in %s", error.path, exc_info=error.original_error)
    return True


class _Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """A client's mistake is one log line; an unexpected error is logged, with its
        traceback, where it is masked (strawberry logs every error with a traceback)."""
        for error in errors:
            if not _is_unexpected(error):
                log.info("refused: %s", error.message)


def build_schema() -> strawberry.Schema:
    return _Schema(
        query=Query,
        types=[ExternalSymbol],  # only ever returned as a Symbol
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            OperationNameRequired,
            ExplainedValidation,
            lambda: QueryCostLimiter(max_cost=MAX_COST),
            lambda: MaskErrors(should_mask_error=_should_mask),
        ],
    )


schema = build_schema()


def sdl() -> str:
    return schema.as_str() + "\n"
