"""Edges into a dependency that name no definition there: the parser's precision on real code.

The accuracy suite (tests/parse/test_callgraph_accuracy.py) scores hand-written cases.
This scores real packages read with their pinned dependencies as ``--deps``, where a
receiver typed too widely shows up as an edge to a name no code defines
(``sqlalchemy.engine.row.Row.greet``). For every CALLS edge whose callee lies in one of
the case's dependency packages, the callee is looked up in that dependency's source
(astroid, never imported) and counted as:

- **defined**: a module, class, function (nested ones too), method, or an attribute a
  class declares or assigns;
- **through an object**: reached through a module-level object the dependency defines
  (``flask.request.args.get``: an imported name's call keeps the name it was imported
  by, as ``requests.get`` does), which no lookup can follow without running code;
- **names nothing**: a wrong edge.

Floor: at most 1% of a case's dependency edges name nothing.

    python bench/dependency_names.py [--only flask] [--cache DIR] [--show N]

Cases (sdists fetched as ``bench/parse_bench.py`` does, into the same cache): flask's
package with its five dependencies, FastAPI's with Starlette, django-allauth's with
Django (a project built on a framework, with data migrations, views and admin),
advanced-alchemy's with SQLAlchemy (code written against SQLAlchemy 2.0's typed ORM),
alembic's with SQLAlchemy (a large user of its core and reflection), and SQLModel's
tests with SQLModel and SQLAlchemy (overloaded ``select`` and ``Session.exec``).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse_bench import DEFAULT_CACHE, fetch  # a sibling script

# case: (sdist, version, package inside it, [(dependency sdist, version, source root, packages)])
CASES: dict[str, tuple[str, str, str, list[tuple[str, str, str, tuple[str, ...]]]]] = {
    "flask": (
        "flask",
        "3.1.0",
        "src/flask",
        [
            ("werkzeug", "3.1.3", "src", ("werkzeug",)),
            ("jinja2", "3.1.4", "src", ("jinja2",)),
            ("click", "8.1.7", "src", ("click",)),
            ("blinker", "1.9.0", "src", ("blinker",)),
            ("itsdangerous", "2.2.0", "src", ("itsdangerous",)),
        ],
    ),
    "fastapi": ("fastapi", "0.115.6", "fastapi", [("starlette", "0.41.3", ".", ("starlette",))]),
    "django-allauth": ("django_allauth", "65.3.0", "allauth", [("django", "5.1.4", ".", ("django",))]),
    "advanced-alchemy": (
        "advanced_alchemy",
        "0.26.0",
        "advanced_alchemy",
        [("sqlalchemy", "2.0.36", "lib", ("sqlalchemy",))],
    ),
    "alembic": ("alembic", "1.14.0", "alembic", [("sqlalchemy", "2.0.36", "lib", ("sqlalchemy",))]),
    # SQLModel's own tests: code written against its overloaded select() and Session.exec(),
    # which wrap SQLAlchemy's generics; both are read as dependencies
    "sqlmodel-tests": (
        "sqlmodel",
        "0.0.22",
        "tests",
        [("sqlmodel", "0.0.22", ".", ("sqlmodel",)), ("sqlalchemy", "2.0.36", "lib", ("sqlalchemy",))],
    ),
}
FLOOR = 0.01  # at most this share of dependency edges may name nothing

DEFINED, THROUGH_OBJECT, NOTHING = "defined", "through an object", "names nothing"


def classify(callee: str) -> str:
    """What ``callee`` names in the dependencies' source (on astroid's path)."""
    from astroid import nodes
    from astroid.exceptions import AstroidError
    from astroid.manager import AstroidManager

    parts = callee.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            current: nodes.NodeNG = AstroidManager().ast_from_module_name(".".join(parts[:cut]))
        except (AstroidError, ImportError, SyntaxError):
            continue
        for position, attribute in enumerate(parts[cut:], start=cut):
            found = _member(current, attribute)
            if found is None:
                return NOTHING
            if not isinstance(found, nodes.Module | nodes.ClassDef | nodes.FunctionDef):
                return DEFINED if position == len(parts) - 1 else THROUGH_OBJECT  # a variable
            current = found
        return DEFINED
    return NOTHING


def _member(owner: object, name: str) -> object | None:
    """``owner.name`` as the source defines it: followed through imports, a class's MRO
    and its instances' attributes, a function's nested definitions; None when undefined."""
    from astroid import nodes
    from astroid.exceptions import AstroidError

    if isinstance(owner, nodes.FunctionDef):
        found = owner.locals.get(name, [])
    elif isinstance(owner, nodes.ClassDef):
        try:
            found = owner.getattr(name)
        except AstroidError:  # assigned on instances, or only declared (``x: Callable[[], T]``)
            lineage = [owner, *owner.ancestors()]
            found = [a for k in lineage for a in k.instance_attrs.get(name, [])] or [
                node.target
                for k in lineage
                for node in k.body
                if isinstance(node, nodes.AnnAssign) and getattr(node.target, "name", None) == name
            ]
    elif isinstance(owner, nodes.Module):
        try:
            found = owner.getattr(name)
        except AstroidError:
            return None
    else:
        return None
    if not found:
        return None
    last = found[-1]
    if isinstance(last, nodes.ImportFrom | nodes.Import):
        try:
            inferred = [v for v in owner.igetattr(name) if isinstance(v, nodes.NodeNG)]
        except AstroidError:
            inferred = []
        return inferred[0] if inferred else last
    return last


def measure(name: str, cache: Path) -> tuple[Counter[str], Counter[str]]:
    """(edges by kind, callees that name nothing) of one case."""
    from graph_rag.model import Repository
    from graph_rag.parse import parse_repository

    sdist, version, inner, dependencies = CASES[name]
    root = fetch(sdist, version, cache) / inner
    roots = [fetch(d, v, cache) / src for d, v, src, _ in dependencies]
    packages = {p for *_, names in dependencies for p in names}
    graph = parse_repository(root, repository=Repository(id=name, name=name), workers=2, dependencies=roots)
    sys.path[:0] = [str(r) for r in roots]  # astroid's module finder reads sys.path; nothing is imported
    kinds: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for call in graph.calls:
        if call.callee.partition(".")[0] not in packages:
            continue
        kind = classify(call.callee)
        kinds[kind] += 1
        if kind == NOTHING:
            wrong[call.callee] += 1
    return kinds, wrong


def _isolated(name: str, cache: Path) -> tuple[Counter[str], Counter[str]]:
    """``measure`` in a fresh interpreter: the lookup builds the dependencies' modules
    into astroid's process-wide cache and puts their roots on ``sys.path``, where the next
    case's parse found them (alembic after advanced-alchemy: 1,358 edges, alone 1,362)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(measure, name, cache).result()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--show", type=int, default=10, help="callees that name nothing, per case")
    args = parser.parse_args()

    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"CALLS edges into read dependencies (floor: at most {FLOOR:.0%} name nothing)")
    for column in ("case", "dependency edges", DEFINED, THROUGH_OBJECT, NOTHING, "share", "within floor"):
        table.add_column(column, justify="left" if column == "case" else "right")
    shown: list[tuple[str, Counter[str]]] = []
    for name in args.only or list(CASES):
        kinds, wrong = _isolated(name, args.cache)
        total = sum(kinds.values())
        share = kinds[NOTHING] / total if total else 0.0
        table.add_row(
            name,
            f"{total:,}",
            f"{kinds[DEFINED]:,}",
            f"{kinds[THROUGH_OBJECT]:,}",
            f"{kinds[NOTHING]:,}",
            f"{share:.2%}",
            "yes" if share <= FLOOR else "NO",
        )
        shown.append((name, wrong))
    console.print(table)
    for name, wrong in shown:
        for callee, count in wrong.most_common(args.show):
            console.print(f"  {name}: {count} x {callee}")


if __name__ == "__main__":
    main()
