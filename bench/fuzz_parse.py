"""Long parser fuzz run: every generated input yields a model or a FileError, in bounded
time and memory. Not part of the test suite (tests/reliability/test_fuzz_parse.py is
the short run).

Inputs come from ``tests/reliability/fuzz_inputs.py`` (12 families: random bytes and
text, mutated real files from the pinned sdists, deep nesting, huge literals, odd
encodings, NUL bytes, Python 2, recursive imports, self-referential assignments,
metaclass/inheritance loops, quadratic f-strings), input ``k`` from family ``k % 12`` with seed
``seed + k`` (``--known`` adds the families of known bugs), so a run is
reproducible and any failing input can be regenerated with ``generate(family, seed)``.

Inputs are parsed in a child process, ``--batch`` at a time, each batch written to a
temporary folder and parsed as one repository the way a parser worker does (one
``Session``, the default bounds: 0.5 s per inference, 20 s per file). The parent
watches: a child that dies is a crash (the input it was on is recorded, a fresh
child carries on after it); a file still running after ``--hang-s`` (default 60 s,
three times the per-file bound) is a hang (the child is killed, same). A file that
took longer than the 20 s bound but finished is counted as "over bound".

Memory: the child's RSS is sampled after every batch; the stated limit is a peak
under 1 GiB per parser process (django's whole tree peaked at 740 MB) and growth
between the first and the last batch under 200 MB (no per-batch leak).

Run: ``.venv/bin/python bench/fuzz_parse.py --inputs 10000 [--seed 0] [--batch 100]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.fuzz_inputs import FAMILIES, KNOWN, generate, parse_each, write_inputs

FILE_TIMEOUT_S = 20.0
CALL_TIMEOUT_S = 0.5
PEAK_RSS_LIMIT_MB = 1024
GROWTH_LIMIT_MB = 200
NAMES = sorted(FAMILIES)


def family_of(k: int) -> str:
    return NAMES[k % len(NAMES)]


def use_known() -> None:
    """Add the families of known bugs (tests/reliability/fuzz_inputs.KNOWN) to the mix."""
    NAMES[:] = sorted({*FAMILIES, *KNOWN})


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def child(start: int, stop: int, seed: int, batch: int, out: Any, known: bool) -> None:
    """Parse inputs start..stop-1, telling the parent what it is on and what came out."""
    if known:
        use_known()
    for first in range(start, stop, batch):
        ks = list(range(first, min(first + batch, stop)))
        inputs = [(family_of(k), generate(family_of(k), seed + k)) for k in ks]
        with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
            root = Path(tmp)
            paths = write_inputs(root, inputs)
            owner = {p: ks[int(p.relative_to(root).parts[0][1:])] for p in paths}

            def on_file(path: Path, owner: dict[Path, int] = owner) -> None:
                out.put(("on", owner[path]))

            results = parse_each(
                root, paths, file_timeout_s=FILE_TIMEOUT_S, call_timeout_s=CALL_TIMEOUT_S, on_file=on_file
            )
        rows = [(owner[p], family_of(owner[p]), outcome, s) for p, outcome, s in results]
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out.put(("batch", ks[-1], rows, _rss_mb(), maxrss))
    out.put(("end",))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--hang-s", type=float, default=60.0)
    parser.add_argument("--known", action="store_true", help="add the families of known bugs")
    args = parser.parse_args()
    if args.known:
        use_known()

    ctx = multiprocessing.get_context("spawn")
    began = time.perf_counter()
    files = crashes = hangs = over_bound = 0
    outcomes = {"model": 0, "error": 0}
    by_family: dict[str, list[int]] = {name: [0, 0, 0] for name in NAMES}  # inputs, files, errors
    slowest: tuple[float, int, str] = (0.0, -1, "")
    rss_after_batch: list[float] = []
    peak_rss = 0.0
    failures: list[str] = []
    next_k = 0
    while next_k < args.inputs:
        out = ctx.Queue()
        proc = ctx.Process(target=child, args=(next_k, args.inputs, args.seed, args.batch, out, args.known))
        proc.start()
        current, since = next_k, time.monotonic()
        while True:
            try:
                msg = out.get(timeout=1.0)
            except queue.Empty:
                if not proc.is_alive():
                    crashes += 1
                    failures.append(f"crash: input {current} ({family_of(current)}), exit {proc.exitcode}")
                    next_k = current + 1
                    break
                if time.monotonic() - since > args.hang_s:
                    hangs += 1
                    failures.append(f"hang: input {current} ({family_of(current)}) > {args.hang_s:g} s")
                    proc.kill()
                    next_k = current + 1
                    break
                continue
            if msg[0] == "on":
                if msg[1] != current:
                    current, since = msg[1], time.monotonic()
            elif msg[0] == "batch":
                _, last, rows, rss, maxrss = msg
                rss_after_batch.append(rss)
                peak_rss = max(peak_rss, maxrss)
                seen = set()
                for k, family, outcome, seconds in rows:
                    files += 1
                    outcomes[outcome] += 1
                    by_family[family][1] += 1
                    by_family[family][2] += outcome == "error"
                    if k not in seen:
                        seen.add(k)
                        by_family[family][0] += 1
                    over_bound += seconds > FILE_TIMEOUT_S + CALL_TIMEOUT_S
                    slowest = max(slowest, (seconds, k, family))
                next_k = last + 1
                current, since = next_k, time.monotonic()
                done = next_k
                print(
                    f"  {done}/{args.inputs} inputs, {files} files, {time.perf_counter() - began:.0f} s, "
                    f"rss {rss:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
            elif msg[0] == "end":
                next_k = args.inputs
                break
        proc.join(timeout=10)
        if proc.is_alive():
            proc.kill()

    wall = time.perf_counter() - began
    growth = rss_after_batch[-1] - rss_after_batch[0] if rss_after_batch else 0.0
    print(
        f"\nparser fuzz: seed {args.seed}, batch {args.batch}, bounds {CALL_TIMEOUT_S:g} s/inference, "
        f"{FILE_TIMEOUT_S:g} s/file"
    )
    print(f"{'family':<20}{'inputs':>8}{'files':>8}{'errors':>8}")
    for name in NAMES:
        n_in, n_files, n_err = by_family[name]
        print(f"{name:<20}{n_in:>8}{n_files:>8}{n_err:>8}")
    print(f"inputs              {args.inputs}")
    print(f"files parsed        {files} ({outcomes['model']} models, {outcomes['error']} FileErrors)")
    print(f"crashes             {crashes}")
    print(f"hangs (> {args.hang_s:g} s)     {hangs}")
    print(f"over 20 s bound     {over_bound}")
    print(f"max time per file   {slowest[0]:.2f} s (input {slowest[1]}, {slowest[2]})")
    print(f"peak RSS (child)    {peak_rss:.0f} MB (limit {PEAK_RSS_LIMIT_MB} MB)")
    print(f"RSS growth          {growth:+.0f} MB first->last batch (limit {GROWTH_LIMIT_MB} MB)")
    print(f"wall                {wall:.0f} s ({files / wall:.1f} files/s)")
    for line in failures:
        print(line)
    ok = not crashes and not hangs and peak_rss < PEAK_RSS_LIMIT_MB and growth < GROWTH_LIMIT_MB
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
