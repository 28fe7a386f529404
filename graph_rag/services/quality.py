"""Quality scores in [0, 1] for functions, modules and repositories (docs/corpus.md).

A score is a weighted mean of signals, each scored in [0, 1]:

function   docstring 0.30   none: 0; else 0.5 + 0.5 * min(1, words / 25)
           type_hints 0.15  1 when the signature carries annotations
           tested 0.20      1 when a test function (or test module) of the same repository calls it
           size 0.15        loc < 3: 0.5; 3..60: 1; then falling linearly to 0 at 200 lines
           complexity 0.10  cyclomatic complexity <= 10: 1; falling linearly to 0 at 30
           centrality 0.10  pagerank / (pagerank + 1) (PageRank scaled to mean 1: 0.5 at the mean)
module     docstring 0.25   as for functions
           size 0.15        <= 1000 lines: 1; falling linearly to 0 at 3000
           functions 0.60   mean quality of the functions it defines (n/a without functions)
repository license 0.25     1 when a license was recognised
           tests 0.25       1 when the repository has tests
           docs 0.20        1 with a docs/ folder or a README
           recency 0.30     last commit <= 1 year before indexing: 1; falling to 0 at 5 years

A signal whose input is unknown (a module without functions, a repository that
is no git checkout) is left out and the remaining weights are scaled to sum 1.
Scores are stored rounded to 4 digits as ``quality`` on each node, next to the
inputs that are not already there (``test_callers``, ``complexity``), so
``explain`` recomputes the breakdown from the node itself with these functions.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from graph_rag.source_text import dedent_function
from graph_rag.store import GraphStore

DIGITS = 4
FULL_DOC_WORDS = 25

FUNCTION_WEIGHTS = {
    "docstring": 0.30,
    "type_hints": 0.15,
    "tested": 0.20,
    "size": 0.15,
    "complexity": 0.10,
    "centrality": 0.10,
}
MODULE_WEIGHTS = {"docstring": 0.25, "size": 0.15, "functions": 0.60}
REPOSITORY_WEIGHTS = {"license": 0.25, "tests": 0.25, "docs": 0.20, "recency": 0.30}


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    value: object  # the input, as explain shows it; None: unknown, left out
    score: float  # in [0, 1]
    weight: float

    @property
    def applies(self) -> bool:
        return self.value is not None


@dataclass(frozen=True, slots=True)
class QualityScore:
    signals: tuple[Signal, ...]

    @property
    def total(self) -> float:
        used = [s for s in self.signals if s.applies]
        weight = sum(s.weight for s in used)
        if not weight:
            return 0.0
        return round(sum(s.score * s.weight for s in used) / weight, DIGITS)

    def contribution(self, signal: Signal) -> float:
        """What one signal adds to the total (after rescaling for left-out signals)."""
        weight = sum(s.weight for s in self.signals if s.applies)
        return signal.score * signal.weight / weight if signal.applies and weight else 0.0


@dataclass(frozen=True, slots=True)
class QualityReport:
    functions: int
    functions_updated: int
    modules: int
    modules_updated: int


# -- the signals (pure) ----------------------------------------------------------------


def _falling(value: float, good_until: float, zero_at: float) -> float:
    if value <= good_until:
        return 1.0
    if value >= zero_at:
        return 0.0
    return (zero_at - value) / (zero_at - good_until)


def docstring_score(docstring: str | None) -> float:
    words = len((docstring or "").split())
    return 0.0 if not words else min(1.0, 0.5 + 0.5 * words / FULL_DOC_WORDS)


def size_score(loc: int) -> float:
    return 0.5 if loc < 3 else _falling(loc, 60, 200)


def complexity_score(complexity: int) -> float:
    return _falling(complexity, 10, 30)


def centrality_score(pagerank: float | None) -> float:
    return pagerank / (pagerank + 1) if pagerank and pagerank > 0 else 0.0


_BRANCHES = (
    ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler,
    ast.With, ast.AsyncWith, ast.Assert, ast.comprehension, ast.match_case,
)  # fmt: skip


def cyclomatic_complexity(source: str) -> int:
    """McCabe's number of a function's source: 1 + branches + extra boolean operands."""
    try:
        tree = ast.parse(dedent_function(source))
    except (SyntaxError, ValueError):
        return 1
    count = 1
    for node in ast.walk(tree):
        if isinstance(node, _BRANCHES):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
    return count


def function_score(
    *,
    docstring: str | None,
    has_type_hints: bool | None,
    test_callers: int | None,
    loc: int | None,
    complexity: int | None,
    pagerank: float | None,
) -> QualityScore:
    w = FUNCTION_WEIGHTS
    words = len((docstring or "").split())
    loc = loc or 1
    complexity = complexity or 1
    return QualityScore(
        (
            Signal("docstring", f"{words} words", docstring_score(docstring), w["docstring"]),
            Signal("type_hints", bool(has_type_hints), float(bool(has_type_hints)), w["type_hints"]),
            Signal("tested", f"{test_callers or 0} test callers", float(bool(test_callers)), w["tested"]),
            Signal("size", f"{loc} lines", size_score(loc), w["size"]),
            Signal("complexity", complexity, complexity_score(complexity), w["complexity"]),
            Signal("centrality", f"pagerank {pagerank or 0:g}", centrality_score(pagerank), w["centrality"]),
        )
    )


def module_score(*, docstring: str | None, loc: int | None, function_quality: float | None) -> QualityScore:
    w = MODULE_WEIGHTS
    words = len((docstring or "").split())
    return QualityScore(
        (
            Signal("docstring", f"{words} words", docstring_score(docstring), w["docstring"]),
            Signal("size", f"{loc or 0} lines", _falling(loc or 0, 1000, 3000), w["size"]),
            Signal(
                "functions",
                None if function_quality is None else f"mean {function_quality:.3f}",
                function_quality or 0.0,
                w["functions"],
            ),
        )
    )


def repository_score(
    *,
    license: str | None,
    has_tests: bool | None,
    has_docs: bool | None,
    last_commit_date: str | None,
    indexed_at: str | None,
) -> QualityScore:
    w = REPOSITORY_WEIGHTS
    known = bool(license) and license != "unknown"
    age = _age_days(last_commit_date, indexed_at)
    recency = 0.0 if age is None else _falling(age, 365, 5 * 365)
    return QualityScore(
        (
            Signal("license", license or "unknown", float(known), w["license"]),
            Signal("tests", bool(has_tests), float(bool(has_tests)), w["tests"]),
            Signal("docs", bool(has_docs), float(bool(has_docs)), w["docs"]),
            Signal("recency", None if age is None else f"{age} days", recency, w["recency"]),
        )
    )


def _age_days(last_commit_date: str | None, indexed_at: str | None) -> int | None:
    if not last_commit_date:
        return None
    try:
        last = datetime.fromisoformat(last_commit_date)
        now = datetime.fromisoformat(indexed_at) if indexed_at else datetime.now(last.tzinfo)
    except ValueError:
        return None
    if (last.tzinfo is None) != (now.tzinfo is None):
        last, now = last.replace(tzinfo=None), now.replace(tzinfo=None)
    return max((now - last).days, 0)


# -- the use case: read inputs, score, write back what changed ------------------------


def score_definitions(store: GraphStore, repo_id: str) -> QualityReport:
    """Score every function and module of a repository; write only changed scores."""
    rows = store.read("quality_function_inputs", repo_id=repo_id)
    scores, updated = _score_functions(store, rows)
    by_module = module_function_scores((row["module_id"], scores[row["id"]], row["is_test"]) for row in rows)
    modules = store.read("quality_module_inputs", repo_id=repo_id)
    modules_updated = score_modules(store, modules, by_module)
    return QualityReport(len(rows), updated, len(modules), modules_updated)


def score_definitions_for(
    store: GraphStore, function_ids: Collection[str], module_ids: Collection[str]
) -> QualityReport:
    """Score some functions, then the modules holding them or named (a re-ingest's change).

    The same scores as ``score_definitions``: a function's inputs are its own
    properties, its test callers and its PageRank, so only the functions whose
    calls, callers or PageRank the change touched (``update_structure_for``) move."""
    rows: list[dict[str, object]] = []
    ids = sorted(function_ids)
    for start in range(0, len(ids), 5000):
        rows += store.read("quality_function_inputs_by_id", ids=ids[start : start + 5000])
    _, updated = _score_functions(store, rows)
    wanted = sorted(set(module_ids) | {str(row["module_id"]) for row in rows})
    modules = store.read("quality_module_inputs_by_id", ids=wanted) if wanted else []
    by_module = module_function_scores(
        (str(m["id"]), float(f["quality"]), bool(f["is_test"]))
        for m in modules
        for f in m["functions"]
        if f and f["quality"] is not None
    )
    modules_updated = score_modules(store, modules, by_module)
    return QualityReport(len(rows), updated, len(modules), modules_updated)


def row_quality(row: Mapping[str, object], complexity: int, *, pagerank: float | None) -> float:
    """The quality of a function from its ``quality_function_inputs`` row."""
    return function_score(
        docstring=row["docstring"],  # type: ignore[arg-type]
        has_type_hints=row["has_type_hints"],  # type: ignore[arg-type]
        test_callers=row["test_callers"],  # type: ignore[arg-type]
        loc=row["loc"],  # type: ignore[arg-type]
        complexity=complexity,
        pagerank=pagerank,
    ).total


def _score_functions(store: GraphStore, rows: list[dict[str, object]]) -> tuple[dict[str, float], int]:
    complexity = complexities(store, rows)
    scores: dict[str, float] = {}
    function_rows = []
    for row in rows:
        fid = str(row["id"])
        score = row_quality(row, complexity[fid], pagerank=row["pagerank"])  # type: ignore[arg-type]
        scores[fid] = score
        fresh = (score, row["test_callers"], complexity[fid], row["content_hash"])
        stored = (row["quality"], row["stored_test_callers"], row["complexity"], row["complexity_of"])
        if fresh != stored:
            function_rows.append(
                {
                    "id": fid,
                    "quality": score,
                    "test_callers": row["test_callers"],
                    "complexity": complexity[fid],
                    "complexity_of": row["content_hash"],
                }
            )
    store.write_batches("set_function_quality", function_rows, batch_size=5000)
    return scores, len(function_rows)


def module_function_scores(scores: Iterable[tuple[str, float, bool]]) -> dict[str, list[float]]:
    """(module, function score, is test code) -> each module's function scores: those of
    its code, not of its tests; a module of test code only (a conftest, a test file) is
    scored by its own functions."""
    code: dict[str, list[float]] = defaultdict(list)
    tests: dict[str, list[float]] = defaultdict(list)
    for module, score, is_test in scores:
        (tests if is_test else code)[str(module)].append(score)
    return {module: code.get(module) or tests[module] for module in {*code, *tests}}


def score_modules(
    store: GraphStore, modules: list[dict[str, object]], by_module: Mapping[str, list[float]]
) -> int:
    module_rows = []
    for row in modules:
        # Sorted: the same float sum whichever order the scores were read in.
        scores = sorted(by_module.get(str(row["id"])) or ())
        mean = round(sum(scores) / len(scores), DIGITS) if scores else None
        score = module_score(docstring=row["docstring"], loc=row["loc"], function_quality=mean).total  # type: ignore[arg-type]
        # Both: a mean that moves a little can leave the rounded total where it was.
        if score != row["quality"] or mean != row["function_quality"]:
            module_rows.append({"id": row["id"], "quality": score, "function_quality": mean})
    store.write_batches("set_module_quality", module_rows, batch_size=5000)
    return len(module_rows)


def score_repository(store: GraphStore, repo_id: str) -> float | None:
    """Score one repository from the signals ingest stored on it; None when it is not there."""
    rows = store.read("quality_repository_inputs", id=repo_id)
    if not rows:
        return None
    row = rows[0]
    score = repository_inputs_score(row).total
    if score != row["quality"]:
        store.write("set_repository_quality", id=repo_id, quality=score)
    return score


def repository_inputs_score(row: Mapping[str, object]) -> QualityScore:
    return repository_score(
        license=row.get("license"),  # type: ignore[arg-type]
        has_tests=row.get("has_tests"),  # type: ignore[arg-type]
        has_docs=row.get("has_docs"),  # type: ignore[arg-type]
        last_commit_date=row.get("last_commit_date"),  # type: ignore[arg-type]
        indexed_at=row.get("indexed_at"),  # type: ignore[arg-type]
    )


def update_quality(store: GraphStore, repo_id: str) -> tuple[QualityReport, float | None]:
    """Recompute every score of one repository (``graph-rag quality``): what changed, and
    the repository's own score (None when no repository has that id)."""
    return score_definitions(store, repo_id), score_repository(store, repo_id)


def complexities(store: GraphStore, rows: list[dict[str, object]]) -> dict[str, int]:
    """Complexity per function id, measured again only where the source changed since."""
    known = {
        str(r["id"]): int(r["complexity"])  # type: ignore[call-overload]
        for r in rows
        if r["complexity"] is not None and r["complexity_of"] == r["content_hash"]
    }
    stale = [str(r["id"]) for r in rows if str(r["id"]) not in known]
    for start in range(0, len(stale), 500):
        for row in store.read("quality_function_sources", ids=stale[start : start + 500]):
            known[row["id"]] = cyclomatic_complexity(row["source"] or "")
    return known
