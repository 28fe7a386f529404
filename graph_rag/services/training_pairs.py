"""(query, code) training pairs from Python source trees, CodeSearchNet style.

A pair is a function's docstring first sentence (what a person asks for) and
``function_text`` of that function *without* its docstring (what the index
holds for it): exactly the task bench/retrieval_bench.py measures, so a model
tuned on pairs from other code can be scored there fairly.

Only definitions are needed, so files are built by astroid without inference
or transforms, in worker processes with a per-file time bound (a few files of
the wild take astroid minutes even so). Test, documentation and example
folders and vendored copies of other projects are skipped. Pairs whose query
or code also occurs in the ``held_out`` trees are dropped, so code copied
between projects cannot leak an evaluation answer into training.
"""

from __future__ import annotations

import os
import random
import re
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from graph_rag.embed.text import function_text
from graph_rag.model import Function

# A first sentence: capitalized, ends with . ! or ?, at least three words (checked below).
_SENTENCE = re.compile(r"^([A-Z][^.!?]*?[a-z0-9)`'\"][.!?])(?:\s|$)")
MIN_SENTENCE_WORDS = 3
SKIPPED_FOLDERS = frozenset(
    {"tests", "test", "testing", "docs", "doc", "examples", "_vendor", "vendor", "vendored", "third_party"}
    | {"site-packages"}  # installed copies of other projects (a stdlib tree holds one)
)
MAX_FILE_BYTES = 300_000  # generated tables, not code anyone documents
FILE_TIMEOUT_S = 5


@dataclass(frozen=True, slots=True)
class Pair:
    query: str
    code: str
    source: str  # "<tree folder name>:<qualified name>"

    @property
    def project(self) -> str:
        """The source tree the pair comes from (what same-project batches group by)."""
        return self.source.partition(":")[0]


@dataclass(frozen=True, slots=True)
class PairSet:
    pairs: list[Pair]
    files: int
    files_skipped: int  # unreadable, unparsable or over the time bound
    held_out_dropped: int
    repeated_dropped: int  # a query already taken by another function


def query_sentence(docstring: str) -> str | None:
    """The docstring's opening sentence when it is a full one (a pair's query), else None.

    Stricter than ``services.pairs.first_sentence``, which exports whatever opens a
    docstring: a query must be capitalized, end in . ! or ? and have three words.

    >>> query_sentence("Return the user's name.\\n\\nMore text.")
    "Return the user's name."
    >>> query_sentence("returns x") is None
    True
    """
    paragraph = " ".join(docstring.strip().split("\n\n")[0].split())
    m = _SENTENCE.match(paragraph)
    if not m or len(m.group(1).split()) < MIN_SENTENCE_WORDS:
        return None
    return m.group(1)


def pairs_from_functions(functions: Iterable[Function], *, source: str) -> Iterator[Pair]:
    """One pair per non-test function whose docstring opens with a full sentence."""
    for fn in functions:
        if fn.is_test or not fn.docstring:
            continue
        sentence = query_sentence(fn.docstring)
        if sentence:
            yield Pair(sentence, function_text(fn, include_docstring=False), f"{source}:{fn.qualname}")


def training_order(pairs: Sequence[Pair], max_pairs: int | None = None) -> list[Pair]:
    """``pairs`` shuffled with a fixed seed, at most ``max_pairs`` of them.

    Files yield pairs project by project; shuffled, a cut keeps every project.
    (Batches are drawn by ``embed.tune.batches``, mixed or one project each.)
    """
    ordered = list(pairs)
    random.Random(13).shuffle(ordered)
    return ordered[:max_pairs] if max_pairs else ordered


def collect_pairs(
    roots: Sequence[Path], *, held_out: Sequence[Path] = (), workers: int | None = None
) -> PairSet:
    """Training pairs from every Python file under ``roots``, none shared with ``held_out``."""
    jobs = _files(roots, skip_folders=True)
    held_jobs = _files(held_out, skip_folders=False)
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        found = list(pool.map(_pairs_of_file, jobs, chunksize=20))
        held = list(pool.map(_pairs_of_file, held_jobs, chunksize=20))
    held_queries = {p.query for ps in held if ps for p in ps}
    held_codes = {p.code for ps in held if ps for p in ps}
    pairs: list[Pair] = []
    seen: set[str] = set()
    dropped = repeated = 0
    for file_pairs in found:
        for pair in file_pairs or ():
            if pair.query in held_queries or pair.code in held_codes:
                dropped += 1
            elif pair.query in seen:
                repeated += 1
            else:
                seen.add(pair.query)
                pairs.append(pair)
    return PairSet(pairs, len(jobs), sum(ps is None for ps in found), dropped, repeated)


def _files(roots: Sequence[Path], *, skip_folders: bool) -> list[tuple[Path, Path]]:
    from graph_rag.parse.roots import walk_python_files

    jobs = []
    for root in roots:
        root = root.resolve()
        for path in walk_python_files(root):
            folders = path.relative_to(root).parts[:-1]
            if skip_folders and SKIPPED_FOLDERS.intersection(folders):
                continue
            jobs.append((root, path))
    return jobs


class _TooSlow(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TooSlow


def _pairs_of_file(job: tuple[Path, Path]) -> list[Pair] | None:
    """The file's pairs, or None when it cannot be read, parsed or built in time."""
    from astroid.builder import parse

    from graph_rag.parse.builder import read_source
    from graph_rag.parse.definitions import collect
    from graph_rag.parse.roots import dotted_name, import_root

    root, path = job
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(FILE_TIMEOUT_S)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        text, _ = read_source(path)
        module = dotted_name(path, import_root(path, root)) or path.stem
        tree = parse(text, module_name=module, path=str(path), apply_transforms=False)
        rel = path.relative_to(root).as_posix()
        functions = collect(tree, repo_id=root.name, path=rel, text=text, sha256="").functions
        return list(pairs_from_functions(functions, source=root.name))
    except Exception:  # _TooSlow, SourceError, astroid's errors: no pairs (ingest reports such files)
        return None
    finally:
        signal.alarm(0)
