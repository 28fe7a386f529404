"""Structural signals from networkx, stored on nodes for ranking and reports.

Per repository: PageRank over the call graph (how central a function is), its
caller and callee counts, and the import cycles among its modules (strongly
connected components of more than one module). Only values that changed are
written back, so a re-ingest that touched one file writes a handful of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph_rag.store import GraphStore

# PageRank is stored rounded: differences below this are noise, not news.
PAGERANK_DIGITS = 4


@dataclass(frozen=True, slots=True)
class StructureReport:
    functions: int
    updated: int
    import_cycles: int
    modules_in_cycles: int


def call_centrality(
    functions: Iterable[str], edges: Iterable[tuple[str, str]]
) -> dict[str, tuple[float, int, int]]:
    """function id -> (PageRank scaled so the mean is 1, callers, callees) within ``functions``."""
    graph = nx.DiGraph()
    graph.add_nodes_from(functions)
    graph.add_edges_from((a, b) for a, b in edges if a in graph and b in graph and a != b)
    if not graph:
        return {}
    ranks = nx.pagerank(graph, alpha=0.85, tol=1e-6, max_iter=500)
    scale = graph.number_of_nodes()
    return {
        node: (round(ranks[node] * scale, PAGERANK_DIGITS), graph.in_degree(node), graph.out_degree(node))
        for node in graph
    }


def import_cycles(edges: Iterable[tuple[str, str]]) -> dict[str, int]:
    """module id -> cycle number, for modules in an import cycle (numbered by size, then name)."""
    graph = nx.DiGraph(list(edges))
    components = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    components.sort(key=lambda c: (-len(c), c[0]))
    return {module: number for number, members in enumerate(components, 1) for module in members}


def update_structure(store: GraphStore, repo_id: str) -> StructureReport:
    """Recompute one repository's signals and write back what changed."""
    stored = {row["id"]: row for row in store.read("repository_functions_structure", repo_id=repo_id)}
    call_edges = [(row["src"], row["dst"]) for row in store.read("repository_call_edges", repo_id=repo_id)]
    fresh = call_centrality(stored, call_edges)
    rows = [
        {"id": fid, "pagerank": rank, "callers": callers, "callees": callees}
        for fid, (rank, callers, callees) in fresh.items()
        if (stored[fid]["pagerank"], stored[fid]["callers"], stored[fid]["callees"])
        != (rank, callers, callees)
    ]
    store.write_batches("set_function_structure", rows, batch_size=5000)

    import_rows = store.read("repository_import_edges", repo_id=repo_id)
    cycles = import_cycles((row["src"], row["dst"]) for row in import_rows)
    was = {row["id"]: row["cycle"] for row in store.read("repository_cycle_marks", repo_id=repo_id)}
    module_rows = [
        {"id": module, "cycle": cycles.get(module)}
        for module in sorted(set(was) | set(cycles))
        if was.get(module) != cycles.get(module)
    ]
    store.write_batches("set_module_cycles", module_rows, batch_size=5000)
    return StructureReport(
        functions=len(fresh),
        updated=len(rows),
        import_cycles=len(set(cycles.values())),
        modules_in_cycles=len(cycles),
    )
