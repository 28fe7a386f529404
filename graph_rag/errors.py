"""Every error graph-rag raises on purpose derives from GraphRagError.

Errors carry fields and format their own message, so the CLI and the API can
show ``str(error)`` to a person as it is. They stay picklable (the parser runs
in worker processes), which is why each one passes its fields to ``super()``.
"""

from __future__ import annotations


class GraphRagError(Exception):
    """Root of graph-rag's errors: its message is meant for the user."""


class ConfigError(GraphRagError):
    """A setting is missing or malformed."""


class DatabaseUnavailable(GraphRagError):
    """No database answered at the URI that was tried."""

    def __init__(self, uri: str, reason: str, hint: str = "") -> None:
        super().__init__(uri, reason, hint)
        self.uri, self.reason, self.hint = uri, reason, hint

    def __str__(self) -> str:
        text = f"Cannot reach the database at {self.uri}: {self.reason}"
        return f"{text}. {self.hint}" if self.hint else text


class ServerError(GraphRagError):
    """The local database server could not be started, stopped or inspected."""


class StoreError(GraphRagError):
    """A query failed in the database; the server's own message is kept."""

    def __init__(self, query: str, message: str) -> None:
        super().__init__(query, message)
        self.query, self.message = query, message

    def __str__(self) -> str:
        return f"Query {self.query!r} failed: {self.message}"


class QueryTimedOut(StoreError):
    """The server stopped a query at its transaction (or statement) timeout."""


class SchemaMismatch(StoreError):
    """The database's schema disagrees with the configuration (e.g. vector dimensions)."""

    def __str__(self) -> str:  # no query failed: the message says what to do
        return self.message[:1].upper() + self.message[1:]


class QueryNotFound(GraphRagError):
    """A named query was asked for that no cypher/*.cypher file declares."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def __str__(self) -> str:
        return f"No named query {self.name!r}; `graph-rag cypher list` shows them all."


class QueryFileError(GraphRagError):
    """A cypher/*.cypher file is malformed (empty query, duplicate name, unused param)."""

    def __init__(self, path: str, lineno: int, problem: str) -> None:
        super().__init__(path, lineno, problem)
        self.path, self.lineno, self.problem = path, lineno, problem

    def __str__(self) -> str:
        return f"{self.path}:{self.lineno}: {self.problem}"


class UnknownParameter(GraphRagError):
    """A named query was called with a parameter it does not use."""

    def __init__(self, query: str, unknown: tuple[str, ...], takes: tuple[str, ...]) -> None:
        super().__init__(query, unknown, takes)
        self.query, self.unknown, self.takes = query, unknown, takes

    def __str__(self) -> str:
        names = ", ".join(f"${name}" for name in self.unknown)
        takes = ", ".join(f"${name}" for name in self.takes) or "no parameters"
        return f"Query {self.query!r} takes {takes}, not {names}."


class MistypedParameter(GraphRagError):
    """A parameter a person typed (`cypher run -p`) is not of the kind its query's header
    example is (``:param limit => 20``): the server's own error would not name it."""

    def __init__(self, query: str, name: str, kind: str, example: str, got: object) -> None:
        super().__init__(query, name, kind, example, got)
        self.query, self.name, self.kind, self.example, self.got = query, name, kind, example, got

    def __str__(self) -> str:
        return (
            f"Query {self.query!r} takes ${self.name} as {self.kind} (like {self.example}), not {self.got!r}."
        )


class MissingParameter(GraphRagError):
    """A named query was called without one of its $parameters."""

    def __init__(self, query: str, missing: tuple[str, ...]) -> None:
        super().__init__(query, missing)
        self.query, self.missing = query, missing

    def __str__(self) -> str:
        names = ", ".join(f"${name}" for name in self.missing)
        return f"Query {self.query!r} needs {names}."


class ParserWorkersFailed(GraphRagError):
    """The parser's worker processes could not start; parsing in-process still works."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}; retry with --workers 1 to parse in this process")


class SourceError(GraphRagError):
    """A source (path, git URL, manifest entry) cannot be used."""


class Busy(GraphRagError):
    """Another graph-rag process holds what this one needs (a repository, a clone)."""


class LimitExceeded(GraphRagError):
    """A request asked for more than graph-rag allows (first, depth, k, text length)."""

    def __init__(self, what: str, value: int, maximum: int) -> None:
        super().__init__(what, value, maximum)
        self.what, self.value, self.maximum = what, value, maximum

    def __str__(self) -> str:
        return f"{self.what} must be at most {self.maximum}, got {self.value}."


class NotFound(GraphRagError):
    """A node asked for by id or name does not exist."""


class InvalidArgument(GraphRagError):
    """An argument that cannot be used (below 1, both or neither of two, malformed)."""


SHOWN_CHARS = 200


def check_unicode(text: str, what: str) -> None:
    """Refuse a string with a lone surrogate ("\\ud800", which JSON allows): neither the
    model's tokenizer nor the driver can encode it."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InvalidArgument(f"{what} {shown(text)} is not valid Unicode ({e.reason}).") from None


def shown(value: object) -> str:
    """``repr(value)`` for an error message, cut so a huge input never makes a huge error."""
    text = repr(value)
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}... ({len(str(value)):,} characters)"
