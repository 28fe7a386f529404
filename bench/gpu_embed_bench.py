"""Embedding on a GPU: that graph-rag picks CUDA by itself, how fast it embeds all of
django's functions there, and that its vectors are the CPU's.

Two steps, because the GPU machine reaches no network and holds no graph-rag
dependencies beyond torch and sentence-transformers (``graph_rag.embed`` needs no
more):

1. ``prepare OUT`` (here, on the CPU machine): django 5.1.4's function texts, exactly as
   ingest embeds them (``function_text``, via bench/embed_bench.py's reader), gzipped;
   the default model saved with float16 weights (the whole fp32 model does not fit
   the 64 MiB a device call may carry); and CPU vectors of the first 256 texts from
   that same float16-stored model, for the fidelity check.
2. ``run OUT`` (on the GPU machine): ``SentenceTransformerEmbedder(model)`` with no
   device named, then every text embedded at several batch sizes (ingest's default is
   16), best of ``--rounds`` after one warm-up; the table gives functions/s, minutes
   for django's ~29k functions against the issue's 10-minute floor, and the cosine of
   the GPU's vectors to the CPU's.

Run: ``.venv/bin/python bench/gpu_embed_bench.py prepare .gpu`` here, then
``python3 bench/gpu_embed_bench.py run .gpu`` there. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the GPU machine has no install

from graph_rag.embed import SentenceTransformerEmbedder, function_text

FLOOR_MINUTES = 10.0  # issue #5: all of django's functions in under 10 minutes
REFERENCE = 256


def prepare(out: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from embed_bench import CORPORA, read_functions, sdist_folder

    from graph_rag.embed import resolve_model

    _, _, packages = CORPORA["django"]
    texts = [function_text(fn) for fn in read_functions(sdist_folder("django"), packages)]
    out.mkdir(parents=True, exist_ok=True)
    with gzip.open(out / "texts.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(t) + "\n" for t in texts)
    model = SentenceTransformer(resolve_model().location, device="cpu")
    model.half()
    model.save(str(out / "model"), safe_serialization=True)
    # Stored as float16 to travel; loaded as float32, as the shipped model runs.
    config = out / "model" / "config.json"
    config.write_text(config.read_text().replace('"dtype": "float16"', '"dtype": "float32"'))
    cpu = SentenceTransformerEmbedder(str(out / "model"), device="cpu", max_seq_length=128)
    np.save(out / "reference.npy", np.array(cpu.embed_documents(texts[:REFERENCE]), dtype=np.float32))
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{len(texts)} texts, model {parameters} parameters, torch {torch.__version__}")


def run(out: Path, batches: list[int], rounds: int, limit: int | None) -> None:
    import torch

    with gzip.open(out / "texts.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts = [json.loads(line) for line in fh][:limit]
    embedder = SentenceTransformerEmbedder(str(out / "model"), max_seq_length=128)  # no device named
    device = str(next(embedder._runner._model.parameters()).device)  # type: ignore[attr-defined]
    card = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU"
    print(f"device picked: {device} ({card})")
    reference = np.load(out / "reference.npy")
    mine = np.array(embedder.embed_documents(texts[:REFERENCE]), dtype=np.float32)
    cosines = (mine * reference).sum(axis=1)
    print(f"vs CPU, first {REFERENCE} texts: cosine mean {cosines.mean():.5f}, min {cosines.min():.5f}")
    print(f"| batch | functions/s | {len(texts):,} functions | floor | |")
    print("|---|---|---|---|---|")
    for batch in batches:
        embedder.batch_size = batch
        embedder.embed_documents(texts[:2048])  # warm-up: kernels, allocator
        best = float("inf")
        for _ in range(rounds):
            if torch.cuda.is_available():
                torch.cuda.synchronize()
            began = time.perf_counter()
            embedder.embed_documents(texts)
            if torch.cuda.is_available():
                torch.cuda.synchronize()
            best = min(best, time.perf_counter() - began)
        minutes = best / 60
        verdict = "within" if minutes < FLOOR_MINUTES else "OVER"
        rate = len(texts) / best
        print(f"| {batch} | {rate:,.0f} | {minutes:.2f} min | {FLOOR_MINUTES:.0f} min | {verdict} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["prepare", "run"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--batch", type=int, action="append", help="batch sizes (default 16, 64, 256)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N texts (a dry run on a CPU)")
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.out)
    else:
        run(args.out, args.batch or [16, 64, 256], args.rounds, args.limit)


if __name__ == "__main__":
    main()
