"""MCP tools for agents, thin over the GraphQL resolvers.

Each tool runs one fixed GraphQL document against the same schema, context and
DataLoaders as /graphql, so limits, errors and query batching are the API's
own. Inputs carry JSON-schema bounds (k, first, depth, hops); outputs are
bounded by them. ``graph-rag mcp`` serves these over stdio; ``graph-rag serve``
mounts them at /mcp (streamable HTTP).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError
from mcp.types import Tool as MCPTool
from pydantic import BeforeValidator, Field, ValidationError

from graph_rag import __version__
from graph_rag.api.context import Backend, Context
from graph_rag.api.limits import (
    MAX_DEPTH,
    MAX_FIRST,
    MAX_HOPS,
    MAX_K,
    MAX_NAME_CHARS,
    MAX_SIMILAR,
    MAX_TEXT_CHARS,
)
from graph_rag.api.mcp_stdio import serve_stdio
from graph_rag.api.schema import schema
from graph_rag.model import FunctionKind
from graph_rag.search.path_glob import MAX_GLOB_CHARS, PATH_GLOB_DOC

INSTRUCTIONS = (
    "A code knowledge graph of Python repositories (curated reference code and in-house code). "
    "Find functions with `search` (or code like a function with `similar`), then walk the call "
    "graph with `callers`, `callees`, `impact`, `call_path` and `usages`; `class` gives a class's "
    "bases, methods and subclasses, `module` what a module imports and what imports it; "
    "`repositories` lists what the graph holds. Functions are "
    "named by id ('repo:package.module.func') or by qualified name ('package.module.func', "
    "with `repo` when several repositories define it), which may be one the library exports "
    "('requests.get' for requests.api.get)."
)

FUNCTION_FIELDS = "id qualifiedName signature location { repo path startLine endLine }"

SEARCH = f"""query($text: String!, $k: Int!, $mode: SearchMode!, $filter: SearchFilterInput) {{
  search(text: $text, k: $k, mode: $mode, filter: $filter) {{
    score rank function {{ {FUNCTION_FIELDS} docstring }} }} }}"""
FUNCTION = f"""query($id: ID, $name: String, $repo: String) {{
  function(id: $id, qualifiedName: $name, repo: $repo) {{
    {FUNCTION_FIELDS} kind docstring class {{ qualifiedName }} module {{ qualifiedName }}
    callers(first: 20) {{ qualifiedName }} callees(first: 20) {{ qualifiedName }} }} }}"""
CALLERS = f"""query($id: ID, $name: String, $repo: String, $depth: Int!, $first: Int!, $tests: Boolean!) {{
  function(id: $id, qualifiedName: $name, repo: $repo) {{
    callers(depth: $depth, first: $first, excludeTests: $tests) {{ {FUNCTION_FIELDS} }} }} }}"""
CALLEES = """query($id: ID, $name: String, $repo: String, $depth: Int!, $first: Int!, $tests: Boolean!) {
  function(id: $id, qualifiedName: $name, repo: $repo) {
    callees(depth: $depth, first: $first, excludeTests: $tests) {
      __typename id qualifiedName
      ... on Function { signature location { repo path startLine endLine } } } } }"""
IMPACT = f"""query($ref: String!, $repo: String, $depth: Int!, $first: Int!, $tests: Boolean!) {{
  impact(id: $ref, repo: $repo, depth: $depth, first: $first, excludeTests: $tests) {{
    depth function {{ {FUNCTION_FIELDS} }} }} }}"""
CALL_PATH = """query($source: String!, $target: String!, $repo: String, $hops: Int!) {
  callPath(from: $source, to: $target, repo: $repo, maxHops: $hops) {
    hops functions { id qualifiedName location { path startLine } } } }"""
SIMILAR = f"""query($id: ID, $name: String, $repo: String, $k: Int!) {{
  function(id: $id, qualifiedName: $name, repo: $repo) {{
    similar(k: $k) {{ score rank function {{ {FUNCTION_FIELDS} docstring }} }} }} }}"""
CLASS = """query($id: ID, $name: String, $repo: String, $depth: Int!, $first: Int!) {
  class(id: $id, qualifiedName: $name, repo: $repo) {
    id qualifiedName docstring location { repo path startLine endLine } module { qualifiedName }
    bases { __typename id qualifiedName }
    methods(first: $first) { id qualifiedName kind signature }
    subclasses(depth: $depth, first: $first) { id qualifiedName location { repo path startLine } } } }"""
MODULE = """query($id: ID, $name: String, $repo: String, $first: Int!) {
  module(id: $id, qualifiedName: $name, repo: $repo) {
    id qualifiedName path docstring isTest isPackage loc repository { name }
    imports(first: $first) { __typename id qualifiedName }
    importedBy(first: $first) { id qualifiedName path }
    classes(first: $first) { id qualifiedName }
    functions(first: $first) { id qualifiedName signature } } }"""
REPOSITORIES = """query { repositories {
  name origin role url commit license stats { modules classes functions } } }"""
USAGES = f"""query($symbol: String!, $origin: Origin, $first: Int!) {{
  usages(symbol: $symbol, origin: $origin, first: $first) {{
    target lines confidence derived origin
    function {{ {FUNCTION_FIELDS} }} module {{ qualifiedName path }} }} }}"""


def _named(description: str) -> Any:
    """A required argument naming a node: its id or its qualified name."""
    return Annotated[str, Field(description=description, min_length=1, max_length=MAX_NAME_CHARS)]


Ref = _named("A function id ('repo:pkg.mod.func') or qualified name.")
ClassRef = _named("A class id ('repo:pkg.mod.Class') or qualified name.")
ModuleRef = _named("A module id ('repo:pkg.mod') or dotted name.")
Repo = Annotated[
    str | None,
    Field(
        description="The repository to look a qualified name up in, when several define it "
        "(an id needs none).",
        min_length=1,
        max_length=MAX_NAME_CHARS,
    ),
]
First = Annotated[int, Field(ge=1, le=MAX_FIRST, strict=True, description="At most this many results.")]
Depth = Annotated[int, Field(ge=1, le=MAX_DEPTH, strict=True, description="How many hops to follow.")]
NoTests = Annotated[
    bool, Field(strict=True, description="Leave out test code: neither listed nor walked through.")
]


def _lower(value: object) -> object:
    """An enum value in any case: answers spell them as GraphQL does ("INHOUSE",
    "METHOD"), and an agent passes back what it read."""
    return value.lower() if isinstance(value, str) else value


OriginName = Annotated[Literal["curated", "inhouse"], BeforeValidator(_lower)]
ModeName = Annotated[Literal["hybrid", "vector", "fulltext"], BeforeValidator(_lower)]
KindName = Annotated[FunctionKind, BeforeValidator(_lower)]
TEXT_DOC = "What the code does, in words or identifiers."
SYMBOL_DOC = "A qualified name: external ('sqlalchemy.orm.Session.execute') or ingested."


def _ref(ref: str) -> dict[str, str | None]:
    return {"id": ref, "name": None} if ":" in ref else {"id": None, "name": ref}


class Tools:
    """The tool bodies: run a document, unwrap its data or raise its first error."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    async def run(self, document: str, variables: dict[str, Any]) -> dict[str, Any]:
        context = Context(self.backend)
        result = await schema.execute(document, variable_values=variables, context_value=context)
        if result.errors:
            raise ToolError(result.errors[0].message)
        return result.data or {}

    async def search(
        self,
        text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS, description=TEXT_DOC)],
        k: Annotated[int, Field(ge=1, le=MAX_K, strict=True)] = 10,
        mode: ModeName = "hybrid",
        origin: OriginName | None = None,
        repositories: Annotated[list[str] | None, Field(max_length=50)] = None,
        exclude_tests: Annotated[
            bool, Field(description="Leave out test code (test modules, fixtures).")
        ] = False,
        kinds: Annotated[
            list[KindName] | None, Field(max_length=len(FunctionKind), description="Only these kinds.")
        ] = None,
        path_glob: Annotated[
            str | None,
            Field(
                min_length=1,
                max_length=MAX_GLOB_CHARS,
                description=f"Only paths matching it: {PATH_GLOB_DOC}.",
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Functions matching a text, best first, with their location and docstring; a text
        that is a name ('HTTPAdapter.send', 'parse_cookie') lists the functions of that name
        first (except in vector mode)."""
        filter_ = {
            "origin": origin.upper() if origin else None,
            "repositories": repositories,
            "excludeTests": exclude_tests,
            "kinds": [kind.name for kind in kinds] if kinds else None,
            "pathGlob": path_glob,
        }
        data = await self.run(SEARCH, {"text": text, "k": k, "mode": mode.upper(), "filter": filter_})
        return {"hits": data["search"]}

    async def function(self, ref: Ref, repo: Repo = None) -> dict[str, Any]:
        """One function: signature, location, docstring, class, module, direct callers and callees."""
        data = await self.run(FUNCTION, {**_ref(ref), "repo": repo})
        return data["function"]

    async def callers(
        self, ref: Ref, repo: Repo = None, depth: Depth = 1, first: First = 20, exclude_tests: NoTests = False
    ) -> dict[str, Any]:
        """Functions that call this one, up to `depth` hops away, nearest first (`impact`
        says at which depth each is)."""
        variables = {**_ref(ref), "repo": repo, "depth": depth, "first": first, "tests": exclude_tests}
        data = await self.run(CALLERS, variables)
        return {"callers": data["function"]["callers"]}

    async def callees(
        self, ref: Ref, repo: Repo = None, depth: Depth = 1, first: First = 20, exclude_tests: NoTests = False
    ) -> dict[str, Any]:
        """What this function calls (functions, classes, external symbols), up to `depth` hops."""
        variables = {**_ref(ref), "repo": repo, "depth": depth, "first": first, "tests": exclude_tests}
        data = await self.run(CALLEES, variables)
        return {"callees": data["function"]["callees"]}

    async def impact(
        self, ref: Ref, repo: Repo = None, depth: Depth = 3, first: First = 50, exclude_tests: NoTests = False
    ) -> dict[str, Any]:
        """Everything that calls this function transitively, with the depth each is reached at."""
        variables = {"ref": ref, "repo": repo, "depth": depth, "first": first, "tests": exclude_tests}
        data = await self.run(IMPACT, variables)
        return {"impacted": data["impact"]}

    async def call_path(
        self,
        source: Ref,
        target: Ref,
        repo: Repo = None,
        max_hops: Annotated[int, Field(ge=1, le=MAX_HOPS, strict=True)] = 6,
    ) -> dict[str, Any]:
        """The shortest chain of calls from `source` to `target` (null path when there is none);
        from a function to itself, the shortest cycle of calls through it."""
        variables = {"source": source, "target": target, "repo": repo, "hops": max_hops}
        data = await self.run(CALL_PATH, variables)
        return {"path": data["callPath"]}

    async def usages(
        self,
        symbol: Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS, description=SYMBOL_DOC)],
        origin: OriginName | None = None,
        first: First = 20,
    ) -> dict[str, Any]:
        """Code that calls a symbol (by its qualified name, or one its library exports such
        as requests.get), optionally only in curated or in-house repositories: the calling
        function, or null with the module for a call at module or class level (a decorator)."""
        variables = {"symbol": symbol, "origin": origin.upper() if origin else None, "first": first}
        data = await self.run(USAGES, variables)
        return {"usages": data["usages"]}

    async def similar(
        self,
        ref: Ref,
        repo: Repo = None,
        k: Annotated[int, Field(ge=1, le=MAX_SIMILAR, strict=True)] = 5,
    ) -> dict[str, Any]:
        """The functions nearest to this one by embedding, nearest first: code like it,
        in every repository."""
        data = await self.run(SIMILAR, {**_ref(ref), "repo": repo, "k": k})
        return {"similar": data["function"]["similar"]}

    async def class_(
        self, ref: ClassRef, repo: Repo = None, depth: Depth = 1, first: First = 20
    ) -> dict[str, Any]:
        """One class: docstring, location, module, its bases in declaration order (classes
        or external symbols), its methods, and the classes that inherit from it up to
        `depth` hops down."""
        data = await self.run(CLASS, {**_ref(ref), "repo": repo, "depth": depth, "first": first})
        return data["class"]

    async def module(self, ref: ModuleRef, repo: Repo = None, first: First = 20) -> dict[str, Any]:
        """One module: path, docstring, what it imports (ingested modules and external
        symbols), the modules that import it, and the classes and functions it defines."""
        data = await self.run(MODULE, {**_ref(ref), "repo": repo, "first": first})
        return data["module"]

    async def repositories(self) -> dict[str, Any]:
        """The repositories in the graph: name, origin (curated or in-house), role, source URL,
        commit, license, and counts of modules, classes and functions."""
        data = await self.run(REPOSITORIES, {})
        return {"repositories": data["repositories"]}


TOOL_NAMES = (
    "search",
    "similar",
    "function",
    "callers",
    "callees",
    "impact",
    "call_path",
    "usages",
    "class",
    "module",
    "repositories",
)


def _method(tools: Tools, name: str) -> Any:
    """The body of tool ``name`` (``class`` is ``Tools.class_``: a keyword in Python)."""
    return getattr(tools, name, None) or getattr(tools, f"{name}_")


class _Server(MCPServer):
    """A tool's error is told as the GraphQL API tells it: arguments out of bounds as
    "first must be at most 100, got 500." (not pydantic's report with its links), and
    without the SDK's "Error executing tool <name>: " before each message.

    An argument a tool does not take is refused by name: the SDK's argument model ignores
    what it does not declare (pydantic's default, which ``add_tool`` cannot change), so a
    misspelled ``frist`` ran the call with the default ``first``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parameters: dict[str, tuple[str, ...]] = {}  # by tool: the arguments it takes

    async def run_stdio_async(self) -> None:
        """Requests read before stdin closed are all answered (mcp_stdio.py)."""
        await serve_stdio(self._lowlevel_server)

    async def list_tools(self) -> list[MCPTool]:
        """The tools, each schema saying that it takes no other arguments."""
        return [
            tool.model_copy(update={"input_schema": {**tool.input_schema, "additionalProperties": False}})
            for tool in await super().list_tools()
        ]

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        if name in self.parameters:
            _refuse_unknown(name, arguments or {}, self.parameters[name])
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError:
            raise  # a crash: the SDK logs it as one and tells the client nothing of it
        except ToolError as error:
            if isinstance(error.__cause__, ValidationError):
                raise ToolError(_argument_errors(error.__cause__)) from None
            prefix = f"Error executing tool {name}: "
            if str(error).startswith(prefix):
                raise ToolError(str(error).removeprefix(prefix)) from error.__cause__
            raise


def _refuse_unknown(tool: str, arguments: dict[str, Any], parameters: tuple[str, ...]) -> None:
    unknown = [name for name in arguments if name not in parameters]
    if unknown:
        noun = "argument" if len(unknown) == 1 else "arguments"
        takes = ", ".join(parameters) or "none"
        raise ToolError(f"Unknown {noun} {', '.join(map(repr, unknown))}: {tool} takes {takes}.")


def _argument_errors(invalid: ValidationError) -> str:
    return " ".join(_argument_error(detail) for detail in invalid.errors())


def _argument_error(detail: Any) -> str:
    name = ".".join(str(part) for part in detail["loc"]) or "arguments"
    bounds, given = detail.get("ctx") or {}, detail.get("input")
    said = {
        "less_than_equal": f"{name} must be at most {bounds.get('le')}, got {given!r}.",
        "greater_than_equal": f"{name} must be at least {bounds.get('ge')}, got {given!r}.",
        "string_too_short": f"{name} must not be empty.",
        "string_too_long": f"{name} must be at most {bounds.get('max_length')} characters.",
        "too_long": f"{name} takes at most {bounds.get('max_length')} items.",
        "missing": f"{name} is required.",
    }
    return said.get(detail["type"], f"{name}: {detail['msg']}.")


def build_mcp(backend: Backend) -> MCPServer:
    server = _Server("graph-rag", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    tools = Tools(backend)
    for name in TOOL_NAMES:
        tool = _method(tools, name)
        # getdoc dedents: a docstring's second line reached agents with its indentation.
        server.add_tool(tool, name=name, description=inspect.getdoc(tool))
        server.parameters[name] = tuple(inspect.signature(tool).parameters)
    return server


def run_stdio(backend: Backend) -> None:
    build_mcp(backend).run("stdio")
