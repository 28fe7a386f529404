"""Named Cypher queries loaded from ``cypher/**/*.cypher``.

A file holds one or more queries, each under a ``// name:`` header; the comment
lines right below the header are the query's documentation (and its Neo4j
Browser ``:param`` example), the rest up to the next header is the query:

    // name: function_callers
    // Direct callers of one function, bounded by $limit.
    // :param id => 'flask:flask.app.Flask.run'
    MATCH (c:Function)-[:CALLS]->(:Function {id: $id}) RETURN c LIMIT $limit

Sub-folders are namespaces (``cypher/api/search.cypher`` -> ``api.<name>``).
Loading fails fast, naming file and line, on an empty query, a duplicate name,
or a ``$param`` documented in the header but never used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from graph_rag.errors import (
    MissingParameter,
    MistypedParameter,
    QueryFileError,
    QueryNotFound,
    UnknownParameter,
)
from graph_rag.resources import CYPHER_DIR

HEADER = re.compile(r"^//\s*name:\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
DOC_PARAM = re.compile(r"^//\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\b")
NULL_PARAM = re.compile(r"^//\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*null\s*$")
EXAMPLE_PARAM = re.compile(r"^//\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*$")
# What a header example's JSON value says a parameter is; an int is a float's kind too.
_KINDS: tuple[tuple[type, str, tuple[type, ...]], ...] = (
    (bool, "true or false", (bool,)),
    (int, "an integer", (int,)),
    (float, "a number", (int, float)),
    (str, "a string", (str,)),
    (list, "a list", (list,)),
    (dict, "a map", (dict,)),
)
STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
# Clauses that change the graph or the schema (outside string literals and comments).
WRITE_CLAUSE = re.compile(
    r"\b(?:CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|IN\s+TRANSACTIONS)\b",
    re.IGNORECASE,
)
COMMENT = re.compile(r"//[^\n]*")


@dataclass(frozen=True, slots=True)
class Query:
    name: str
    doc: str
    text: str
    file: str
    line: int
    params: frozenset[str]

    def bind(self, params: Mapping[str, object]) -> dict[str, object]:
        """The parameters this query uses, refusing a call that misses one."""
        missing = tuple(sorted(self.params - params.keys()))
        if missing:
            raise MissingParameter(self.name, missing)
        return {name: params[name] for name in self.params}

    def refuse_unknown(self, params: Mapping[str, object]) -> None:
        """For parameters a person typed (`cypher run`): one the query does not use is a
        typo, which ``bind`` (and the driver) would drop silently."""
        unknown = tuple(sorted(params.keys() - self.params))
        if unknown:
            raise UnknownParameter(self.name, unknown, tuple(sorted(self.params)))

    def optional(self) -> dict[str, None]:
        """The parameters its header documents as null-able (``:param origin => null``),
        each as null: what a person running it may leave out (`cypher run`)."""
        found = (NULL_PARAM.match("//" + line) for line in self.doc.splitlines())
        return {m.group(1): None for m in found if m and m.group(1) in self.params}

    def refuse_mistyped(self, params: Mapping[str, object]) -> None:
        """For parameters a person typed (`cypher run`): one of another kind than its
        header example (``-p limit=abc`` where ``:param limit => 20``) is refused by name."""
        for line in self.doc.splitlines():
            m = EXAMPLE_PARAM.match("//" + line)
            if m is None or params.get(m.group(1)) is None:
                continue
            try:
                example = json.loads(m.group(2).replace("'", '"'))
            except ValueError:
                continue
            got = params[m.group(1)]
            for kind, said, accepted in _KINDS:
                if isinstance(example, kind):
                    if not isinstance(got, accepted) or (isinstance(got, bool) and kind is not bool):
                        raise MistypedParameter(self.name, m.group(1), said, m.group(2), got)
                    break

    @property
    def writes(self) -> bool:
        """Whether the text holds a write clause: such a query never runs in a READ session."""
        return WRITE_CLAUSE.search(COMMENT.sub("", STRING_LITERAL.sub("''", self.text))) is not None

    def __str__(self) -> str:
        return f"{self.name} ({self.file}:{self.line})"


def _params_of(text: str) -> frozenset[str]:
    # A '$x' inside a string literal is text, not a parameter.
    return frozenset(PARAM.findall(STRING_LITERAL.sub("''", text)))


def parse_query_file(path: Path, namespace: str = "") -> list[Query]:
    """Every query in one file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := HEADER.match(line))]
    if not starts and any(line.strip() for line in lines):
        raise QueryFileError(str(path), 1, "no '// name:' header")
    queries = []
    for index, (start, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(lines)
        body = lines[start + 1 : end]
        doc_lines = []
        while body and body[0].lstrip().startswith("//"):
            doc_lines.append(body.pop(0).lstrip()[2:].strip())
        text = "\n".join(line for line in body if not line.lstrip().startswith("//")).strip()
        text = text.rstrip(";").strip()
        if not text:
            raise QueryFileError(str(path), start + 1, f"query {name!r} is empty")
        params = _params_of(text)
        for offset, doc_line in enumerate(doc_lines):
            if (m := DOC_PARAM.match("//" + doc_line)) and m.group(1) not in params:
                raise QueryFileError(
                    str(path),
                    start + 2 + offset,
                    f"query {name!r} documents ${m.group(1)} but never uses it",
                )
        full_name = f"{namespace}.{name}" if namespace else name
        queries.append(Query(full_name, "\n".join(doc_lines), text, str(path), start + 1, params))
    return queries


class QueryRegistry(Mapping[str, Query]):
    """An immutable name -> Query map of every query under a directory."""

    def __init__(self, queries: Mapping[str, Query]) -> None:
        self._queries = MappingProxyType(dict(queries))

    @classmethod
    def load(cls, *roots: Path) -> QueryRegistry:
        """Every query under the given directories (default: the shipped cypher/)."""
        found: dict[str, Query] = {}
        paths = [(root, p) for root in roots or (CYPHER_DIR,) for p in sorted(root.rglob("*.cypher"))]
        for root, path in paths:
            namespace = ".".join(path.relative_to(root).parent.parts)
            for query in parse_query_file(path, namespace):
                if query.name in found:
                    first = found[query.name]
                    raise QueryFileError(
                        query.file,
                        query.line,
                        f"duplicate query name {query.name!r} (first at {first.file}:{first.line})",
                    )
                found[query.name] = query
        return cls(found)

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise QueryNotFound(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._queries)

    def __len__(self) -> int:
        return len(self._queries)
