"""parse_repository: every file of a repository, resolved together, as one CodeGraph."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from graph_rag.config import tree_cache_max_bytes
from graph_rag.model import CodeGraph, FileError, FlowFacts, ParsedFile, ParseStats, Repository
from graph_rag.parse import flow, workers
from graph_rag.parse.files import DEFAULT_CALL_TIMEOUT_S, DEFAULT_FILE_TIMEOUT_S
from graph_rag.parse.roots import ModuleIndex, inside, located, resolve_files, walk_python_files

# ``@property`` or ``@x.cached_property``, then the next ``def``: past a comment on the
# decorator's line and past other decorators, also written over several lines.
_PROPERTY = re.compile(
    r"@(?:\w+\.)*(?:cached_)?property\b[^\n]*\n(?:(?!\s*(?:async\s+)?def\s)[^\n]*\n)*?\s*(?:async\s+)?def\s+(\w+)"
)


def _property_names(files: Sequence[Path]) -> set[str]:
    """Names defined as properties anywhere: a read of one may call its getter.

    A regex over the text is enough (the getter is confirmed by inference later) and
    lets every worker know properties of modules it has not built. It must find every
    property the parser's own test (``definitions.is_property``) finds: a name only a
    parsed module revealed would make a read's edge depend on which files a worker
    happened to parse first.
    """
    names: set[str] = set()
    for file in files:
        try:
            names.update(_PROPERTY.findall(file.read_text("utf-8", errors="replace")))
        except OSError:
            continue
    return names


def module_names(root: Path, files: Sequence[Path]) -> dict[Path, str]:
    """The dotted module name each of ``files`` (under ``root``) is parsed under, as
    ``parse_repository`` names it: every Python file under ``root`` decides the import
    roots. Files outside ``root``, or that are no Python module, are left out."""
    root = root.resolve()
    files = [f for f in files if f.suffix == ".py"]
    targets = [located(f) for f in files]
    index = ModuleIndex.build(root, walk_python_files(root), extra=targets)
    return {f: index.names[t] for f, t in zip(files, targets, strict=True) if t in index.names}


def parse_repository(
    root: Path,
    *,
    repository: Repository,
    workers: int | None = None,
    files: Sequence[Path] | None = None,
    file_timeout_s: float = DEFAULT_FILE_TIMEOUT_S,
    call_timeout_s: float = DEFAULT_CALL_TIMEOUT_S,
    hard_timeout_s: float | None = None,
    path_relative_names: bool = False,
    dependencies: Sequence[Path] = (),
    on_progress: Callable[[int, int], None] | None = None,
    known_flow: Mapping[str, FlowFacts] | None = None,
) -> CodeGraph:
    """Parse ``root``'s Python files (or only ``files``) into a CodeGraph.

    Every Python file under root is indexed so imports across files resolve even
    when only ``files`` are parsed (incremental re-ingest). Files that cannot be
    parsed become ``FileError`` records. ``path_relative_names`` names modules by
    their path under root (PyCG's convention) instead of by their import root.
    ``on_progress(done, total)`` is called in this process with ``(0, total)`` before
    the first file and once per file as its result arrives from a worker.
    ``workers=1`` (or a small repository) parses in this process, with the cooperative
    per-file bound only; otherwise files are parsed in worker processes and one still
    running after ``hard_timeout_s`` (default: ``workers.default_hard_timeout(file_timeout_s)``)
    is killed and recorded as a ``FileError``. ``dependencies`` are source roots of the
    repository's installed dependencies (``site-packages``, a dependency's ``src/``):
    inference may read modules there to follow calls into them, and they are named as
    externals. Nothing is imported or executed. ``known_flow`` holds the flow facts of
    modules not parsed now (by qualified name; a re-ingest's unchanged files, as stored):
    callbacks and overrides they take part in still reach the parsed files' edges.
    """
    if dependencies:
        tree_cache_max_bytes()  # a bad GRAPH_RAG_TREE_CACHE_MB stops the run here, not in each worker
    root = root.resolve()
    targets = resolve_files(root, files)
    # a file, or a file symlink whose text lies outside the root, is never read
    strays = [f for f in targets if not f.is_relative_to(root) or (f.is_symlink() and not inside(f, root))]
    targets = [f for f in targets if f not in strays]
    everything = walk_python_files(root) if files is not None else targets
    index = ModuleIndex.build(
        root, everything, extra=targets, path_relative=path_relative_names, dependencies=dependencies
    )
    count = workers if workers is not None else workers_default()
    if on_progress is not None:
        on_progress(0, len(targets))
    arriving = workers_run(
        targets,
        repo_id=repository.id,
        index=index,
        properties=_property_names(everything),
        workers=count,
        timeouts=(call_timeout_s, file_timeout_s),
        hard_timeout_s=None if count == 1 else hard_timeout_s or default_hard_timeout(file_timeout_s),
    )
    results = []
    for done, result in enumerate(arriving, 1):
        results.append(result)
        if on_progress is not None:
            on_progress(done, len(targets))
    results.sort(key=lambda pair: pair[0])  # completion order varies; the graph must not
    parsed: dict[str, ParsedFile] = {}
    errors = [FileError(str(f), "outside the repository root") for f in strays]
    inferred = by_name = unresolved = cut_short = 0
    for _, result in results:
        cut_short += result.cut_short
        if result.parsed is None:
            assert result.error is not None
            errors.append(result.error)
            continue
        module = result.parsed.module.qualname
        if module in parsed:  # two files claim one module name: keep the first, say so
            errors.append(FileError(result.parsed.module.path, f"duplicate module {module}"))
            continue
        parsed[module] = result.parsed
        inferred += result.inferred
        by_name += result.by_name
        unresolved += result.unresolved
    facts = {**(known_flow or {}), **{module: p.flow for module, p in parsed.items()}}
    joined = flow.join(facts, counted=parsed)
    for module, extra in joined.calls.items():
        if module not in parsed:
            continue
        before = parsed[module]
        # an edge found at parse time keeps its confidence; the pass only adds what is new
        known = {(c.caller, c.callee, c.lineno) for c in before.calls}
        calls = (
            *before.calls,
            *dict.fromkeys(c for c in extra if (c.caller, c.callee, c.lineno) not in known),
        )
        parsed[module] = dataclasses.replace(before, calls=calls)
    stats = ParseStats(
        files=len(parsed) + len(errors),
        calls_inferred=inferred,
        calls_by_name=by_name + joined.resolved_param_calls,
        calls_unresolved=unresolved + joined.unresolved_param_calls,
        inference_cut_short=cut_short,
    )
    ordered = tuple(sorted(parsed.values(), key=lambda p: p.module.path))
    return CodeGraph(repository, ordered, tuple(sorted(errors, key=lambda e: e.path)), stats)


workers_default = workers.default_workers
default_hard_timeout = workers.default_hard_timeout
workers_run = workers.run
