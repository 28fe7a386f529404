"""Edges from a project into a library it uses: how many reach the library's definitions.

A project calls a library by the names it exports (``django.db.models.Model``,
``requests.get``) and through the classes it inherits from; the library defines them
elsewhere (``django.db.models.base.Model``). With both ingested, the graph should link
each such edge to the definition, in either order of ingestion (store/aliases.py).
Edges that stay on an ``External`` stand-in are the ones an agent cannot follow into
the library. The edges the store derives with both in the graph (store/derived.py: the
``__init__`` a call of a library class runs, the library method a subclass's method
overrides) are counted apart, so the shares compare with runs from before they existed.

Each case ingests a library's package (curated) and a project's (in-house, parsed
without dependencies, as a checkout without a virtualenv is) into a fresh graph on a
local server of its own, in both orders, and counts the project's CALLS and INHERITS
edges into the library's top-level package by what they reach.

Floor: the same ingests with exact names only (exported names and inherited members
not followed, as before b2efc90), measured in the same run.

    python bench/link_bench.py [--only django] [--no-floor]

``--no-floor`` skips the exact-names ingests (half the time) where only the current
linking is wanted, as when comparing two commits.

Cases: django-allauth 65.3.0 -> Django 5.1.4; alembic 1.14.0 -> SQLAlchemy 2.0.36.
About 15 minutes on 2 cores (each case is ingested four times into a fresh graph).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse_bench import DEFAULT_CACHE, fetch  # a sibling script

from graph_rag.db import LocalServer, free_port
from graph_rag.model import Origin
from graph_rag.services.connection import local_spec
from graph_rag.services.ingest import ingest
from graph_rag.store import GraphStore, QueryRegistry, apply_schema
from graph_rag.store.queries import CYPHER_DIR
from graph_rag.store.writer import GraphWriter, TargetResolver

# case: (library sdist, version, its package, project sdist, version, its package)
CASES = {
    "django": ("Django", "5.1.4", "django", "django_allauth", "65.3.0", "allauth"),
    "sqlalchemy": ("sqlalchemy", "2.0.36", "lib/sqlalchemy", "alembic", "1.14.0", "alembic"),
}


@contextlib.contextmanager
def exact_names_only() -> Iterator[None]:
    """Linking as it was before exported names were followed: by exact name alone."""
    with (
        mock.patch.object(TargetResolver, "exported", lambda self, names: {}),
        mock.patch.object(GraphWriter, "_relink_exported", lambda self: False),
    ):
        yield


def counts(store: GraphStore, query: str, repo: str, prefix: str) -> tuple[int, int]:
    """(edges, edges that reach a definition)."""
    rows = {row["label"]: row["edges"] for row in store.read(query, repo=repo, prefix=prefix)}
    total = sum(rows.values())
    return total, total - rows.get("External", 0)


def share(part: int, whole: int) -> str:
    return f"{part:,} ({part / whole:.1%})" if whole else "-"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", action="append", choices=sorted(CASES))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--no-floor", action="store_true", help="skip the exact-names-only ingests")
    args = parser.parse_args()
    console = Console(width=200)

    work = Path(tempfile.mkdtemp(prefix="graph-rag-link-bench-"))
    server = LocalServer(work / "db", bolt_port=free_port(), http_port=free_port())
    server.start()
    table = Table(title="A project's edges into a library, both ingested (floor: exact names only)")
    for column in (
        "project -> library",
        "linking",
        "order",
        "CALLS",
        "to definitions",
        "INHERITS",
        "to definitions",
        "derived __init__ CALLS",
        "derived OVERRIDES",
    ):
        table.add_column(
            column, justify="left" if column in {"project -> library", "linking", "order"} else "right"
        )
    try:
        store = GraphStore.connect(
            local_spec(server), queries=QueryRegistry.load(CYPHER_DIR, Path(__file__).parent / "cypher")
        )
        apply_schema(store, embedding_model="all-MiniLM-L6-v2", dimensions=384)
        for case in args.only or sorted(CASES):
            lib_name, lib_version, lib_package, user_name, user_version, user_package = CASES[case]
            library = fetch(lib_name, lib_version, args.cache) / lib_package
            project = fetch(user_name, user_version, args.cache) / user_package
            sources = {"library": (library, Origin.CURATED), "project": (project, Origin.INHOUSE)}
            prefix = f"{Path(lib_package).name}."
            for linking in ("exported names",) if args.no_floor else ("exact names only", "exported names"):
                for order in (("library", "project"), ("project", "library")):
                    store.write("clear_all")
                    with exact_names_only() if linking == "exact names only" else contextlib.nullcontext():
                        for name in order:
                            root, origin = sources[name]
                            ingest(str(root), store=store, cache_dir=work / "cache", name=name, origin=origin)
                    calls = counts(store, "bench.calls_into", "project", prefix)
                    inherits = counts(store, "bench.inherits_into", "project", prefix)
                    derived = {
                        row["type"]: row["edges"]
                        for row in store.read("bench.derived_into", repo="project", prefix=prefix)
                    }
                    table.add_row(
                        f"{user_package} -> {Path(lib_package).name}",
                        linking,
                        f"{order[0]} first",
                        f"{calls[0]:,}",
                        share(calls[1], calls[0]),
                        f"{inherits[0]:,}",
                        share(inherits[1], inherits[0]),
                        f"{derived.get('CALLS', 0):,}",
                        f"{derived.get('OVERRIDES', 0):,}",
                    )
                    console.print(f"  done: {case}, {linking}, {order[0]} first")
        console.print(table)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
