"""Fine-tune a sentence-transformers model on (query, code) pairs.

The loss is the one sentence-transformers calls MultipleNegativesRankingLoss:
in a batch of n pairs, each query must pick its own code among the n codes (and
each code its own query), a cross-entropy over scaled cosine similarities. Every
other pair of the batch is a negative, so no negatives need mining. Given
``groups`` (the project each pair comes from), each batch is drawn from one
group: its negatives then share the query's vocabulary and conventions, as the
distractors of a search over one project's code do.

More negatives per batch make a sharper ranker, but a batch's activations must
fit in memory. A batch larger than ``chunk_size`` is therefore trained the way
GradCache (Gao et al., 2021) does: embed every chunk without gradients, take the
loss and its gradient with respect to the embeddings over the whole batch, then
embed each chunk again with gradients (same dropout) and push that gradient
through. The update is the large batch's; memory is one chunk's. Written here
as a short torch loop rather than through the sentence-transformers trainer,
which would pull in ``datasets`` and ``accelerate`` for nothing we use.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph_rag.embed.sentence_transformer import ModelSource, default_device, load_sentence_transformer
from graph_rag.errors import ConfigError

if TYPE_CHECKING:
    import torch

# sentence-transformers' default for MultipleNegativesRankingLoss: cosine x 20 as logits.
SIMILARITY_SCALE = 20.0


@dataclass(frozen=True, slots=True)
class TuneConfig:
    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 3e-5
    warmup_share: float = 0.1
    max_seq_length: int = 128
    seed: int = 13
    # Texts embedded at once; a larger batch is trained in chunks (GradCache), at ~1.3x the
    # time of a whole batch. Batches of 256 over 25,406 pairs (4,449 s) scored vector MRR@10
    # 0.606 against 0.600 for whole batches of 64: not worth the time at that size.
    chunk_size: int = 64


@dataclass(frozen=True, slots=True)
class TuneReport:
    pairs: int
    steps: int
    seconds: float
    first_loss: float
    last_loss: float


Progress = Callable[[int, int, float], None]  # step, steps, mean loss of the last steps


def batches(groups: Sequence[str], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Full batches of pair indices, each from one group, in random order.

    A group's pairs that do not fill a last batch are pooled with the other
    groups' and batched together; what then does not fill a batch is left out
    (a different part every epoch). With one group this is a plain shuffle.
    """
    by_group: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        by_group.setdefault(group, []).append(i)
    out: list[list[int]] = []
    pooled: list[int] = []
    for group in sorted(by_group):
        indices = by_group[group]
        rng.shuffle(indices)
        full = len(indices) - len(indices) % batch_size
        out.extend(indices[i : i + batch_size] for i in range(0, full, batch_size))
        pooled.extend(indices[full:])
    rng.shuffle(pooled)
    out.extend(pooled[i : i + batch_size] for i in range(0, len(pooled) - batch_size + 1, batch_size))
    rng.shuffle(out)
    return out


def check_output_folder(out: Path) -> None:
    """Refuse, before any pair is collected or step trained, a folder the tuned model
    cannot be saved to: a file, another model's neighbours (a non-empty folder that is no
    sentence-transformers model), or one that cannot be created or written."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"Cannot save the tuned model to {out}: it is a file; name a folder.")
    if out.is_dir() and any(out.iterdir()) and not (out / "modules.json").is_file():
        raise ConfigError(
            f"Cannot save the tuned model to {out}: the folder holds other files; name a new "
            "folder (or a model folder, which is replaced)."
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as e:
        raise ConfigError(f"Cannot save the tuned model to {out}: {e.strerror or e}.") from None


def tune(
    source: ModelSource,
    queries: Sequence[str],
    codes: Sequence[str],
    out: Path,
    config: TuneConfig = TuneConfig(),
    progress: Progress | None = None,
    groups: Sequence[str] | None = None,
) -> TuneReport:
    """Train ``source`` so each query embeds near its code; save the model to ``out``.

    ``groups`` (one label per pair, such as its project) keeps each batch within one group.
    """
    import torch
    import torch.nn.functional as F

    if len(queries) != len(codes):
        raise ValueError(f"{len(queries)} queries but {len(codes)} codes")
    groups = groups if groups is not None else [""] * len(queries)
    if len(groups) != len(queries):
        raise ValueError(f"{len(queries)} pairs but {len(groups)} groups")
    if len(queries) < 2 * config.batch_size:
        raise ValueError(f"{len(queries)} pairs are too few to train with batches of {config.batch_size}")
    torch.manual_seed(config.seed)
    rng = random.Random(config.seed)
    model = load_sentence_transformer(source, default_device())
    model.max_seq_length = min(config.max_seq_length, model.max_seq_length)  # never past its positions
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate)
    epochs = [batches(groups, config.batch_size, rng) for _ in range(config.epochs)]
    steps = sum(map(len, epochs))
    warmup = max(1, int(steps * config.warmup_share))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )

    def embed(texts: list[str]) -> torch.Tensor:
        # sentence-transformers 6 renamed tokenize to preprocess; accept both.
        features = getattr(model, "preprocess", model.tokenize)(texts)
        features = {k: v.to(model.device) if isinstance(v, torch.Tensor) else v for k, v in features.items()}
        return F.normalize(model(features)["sentence_embedding"], dim=-1)

    def ranking_loss(q: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
        labels = torch.arange(len(q), device=q.device)
        logits = SIMILARITY_SCALE * q @ d.T
        return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2

    losses: list[float] = []
    began = time.perf_counter()
    for epoch in epochs:
        for idx in epoch:
            batch_queries, batch_codes = [queries[i] for i in idx], [codes[i] for i in idx]
            optimizer.zero_grad(set_to_none=True)
            if len(idx) <= config.chunk_size:
                loss = ranking_loss(embed(batch_queries), embed(batch_codes))
                loss.backward()
            else:
                loss = cached_gradient_step(
                    embed, ranking_loss, batch_queries, batch_codes, config.chunk_size
                )
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            losses.append(float(loss.detach()))
            if progress:
                progress(len(losses), steps, sum(losses[-50:]) / len(losses[-50:]))
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save(str(out))
    window = max(1, min(50, len(losses) // 4))  # mean loss of the first and last quarter, at most 50 steps
    return TuneReport(
        pairs=len(queries),
        steps=steps,
        seconds=time.perf_counter() - began,
        first_loss=sum(losses[:window]) / window,
        last_loss=sum(losses[-window:]) / window,
    )


def cached_gradient_step(
    embed: Callable[[list[str]], torch.Tensor],
    ranking_loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
    batch_queries: list[str],
    batch_codes: list[str],
    chunk_size: int,
) -> torch.Tensor:
    """Accumulate one large batch's gradients chunk by chunk; returns the batch's loss."""
    import torch

    chunks = [
        texts[i : i + chunk_size]
        for texts in (batch_queries, batch_codes)
        for i in range(0, len(texts), chunk_size)
    ]
    states: list[tuple[torch.Tensor, list[torch.Tensor]]] = []
    with torch.no_grad():
        reps = []
        for texts in chunks:
            states.append((torch.get_rng_state(), _cuda_rng_states()))
            reps.append(embed(texts))
    cached = [rep.requires_grad_() for rep in reps]
    n_query_chunks = -(-len(batch_queries) // chunk_size)
    loss = ranking_loss(torch.cat(cached[:n_query_chunks]), torch.cat(cached[n_query_chunks:]))
    loss.backward()
    for texts, (cpu_state, cuda_states), rep in zip(chunks, states, cached, strict=True):
        # the same dropout as the pass the gradient was taken at
        torch.set_rng_state(cpu_state)
        if cuda_states:
            torch.cuda.set_rng_state_all(cuda_states)
        embed(texts).backward(rep.grad)
    return loss.detach()


def _cuda_rng_states() -> list[torch.Tensor]:
    import torch

    return torch.cuda.get_rng_state_all() if torch.cuda.is_initialized() else []
