"""A full recomputation of one repository's structural and quality signals.

PageRank and caller / callee counts (networkx), import cycles, then the quality
scores of ``score_definitions``, in one read of the functions and one write of what
changed: a function's quality is scored with the PageRank just computed instead of
reading it back. On django two separate passes each read and rewrote ~30k functions.
"""

from __future__ import annotations

from graph_rag.services.quality import (
    QualityReport,
    complexities,
    module_function_scores,
    row_quality,
    score_modules,
)
from graph_rag.services.structure import StructureReport, call_centrality, update_import_cycles
from graph_rag.store import GraphStore

_SIGNALS = ("pagerank", "callers", "callees", "quality", "test_callers", "complexity", "complexity_of")


def recompute_signals(store: GraphStore, repo_id: str) -> tuple[StructureReport, QualityReport]:
    """Recompute PageRank, counts, import cycles and quality of a repository; write what changed."""
    rows = store.read("quality_function_inputs", repo_id=repo_id)
    edges = [(row["src"], row["dst"]) for row in store.read("repository_call_edges", repo_id=repo_id)]
    centrality = call_centrality([row["id"] for row in rows], edges)
    complexity = complexities(store, rows)
    changed, structure_updated = [], 0
    module_scores: list[tuple[str, float, bool]] = []
    for row in rows:
        fid = row["id"]
        rank, callers, callees = centrality[fid]
        quality = row_quality(row, complexity[fid], pagerank=rank)
        module_scores.append((row["module_id"], quality, row["is_test"]))
        fresh = (rank, callers, callees, quality, row["test_callers"], complexity[fid], row["content_hash"])
        stored = (
            row["pagerank"],
            row["callers"],
            row["callees"],
            row["quality"],
            row["stored_test_callers"],
            row["complexity"],
            row["complexity_of"],
        )
        if fresh != stored:
            changed.append({"id": fid, **dict(zip(_SIGNALS, fresh, strict=True))})
            structure_updated += fresh[:3] != stored[:3]
    store.write_batches("set_function_signals", changed, batch_size=5000)
    # A function nobody calls has the smallest rank: where a new function's estimate starts.
    base = min((rank for rank, _, _ in centrality.values()), default=None)
    store.write("set_structure_state", id=repo_id, pagerank_drift=0.0, pagerank_base=base)
    cycles, in_cycles = update_import_cycles(store, repo_id)
    modules = store.read("quality_module_inputs", repo_id=repo_id)
    modules_updated = score_modules(store, modules, module_function_scores(module_scores))
    structure = StructureReport(
        functions=len(centrality),
        updated=structure_updated,
        import_cycles=cycles,
        modules_in_cycles=in_cycles,
    )
    quality = QualityReport(len(rows), len(changed), len(modules), modules_updated)
    return structure, quality
