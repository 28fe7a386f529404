"""Fine-tuning the real model on (query, code) pairs: it learns, saves, and loads back."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph_rag.embed import SentenceTransformerEmbedder, resolve_model
from graph_rag.embed.tune import TuneConfig, batches, cached_gradient_step, tune

# Eight small tasks whose queries share words across pairs, so the untuned model
# confuses some of them: each query should end up nearest its own code.
PAIRS = [
    ("Return the file's size in bytes.", "def size(path):\n    return os.stat(path).st_size"),
    ("Return the file's modification time.", "def mtime(path):\n    return os.stat(path).st_mtime"),
    ("Read the whole file as text.", "def read(path):\n    with open(path) as f:\n        return f.read()"),
    ("Write text to the file.", "def write(path, text):\n    open(path, 'w').write(text)"),
    ("Split a path into its folder and name.", "def split(path):\n    return os.path.split(path)"),
    ("Join path parts with the separator.", "def join(*parts):\n    return os.sep.join(parts)"),
    ("Remove the file if it exists.", "def remove(path):\n    os.path.exists(path) and os.remove(path)"),
    ("List the names in a folder.", "def names(folder):\n    return sorted(os.listdir(folder))"),
]


def margin(embedder: SentenceTransformerEmbedder) -> float:
    """Mean over queries of: cosine to its own code minus the best cosine to another code."""
    queries = embedder.embed_documents([q for q, _ in PAIRS])
    codes = embedder.embed_documents([c for _, c in PAIRS])
    total = 0.0
    for i, q in enumerate(queries):
        sims = [sum(a * b for a, b in zip(q, c, strict=True)) for c in codes]
        total += sims[i] - max(s for j, s in enumerate(sims) if j != i)
    return total / len(PAIRS)


# A chunk as large as the batch trains it whole; a smaller one in chunks (GradCache).
@pytest.mark.parametrize("chunk_size", [4, 3], ids=["whole batches", "batches in chunks"])
def test_tuning_pulls_each_query_toward_its_own_code(tmp_path: Path, chunk_size: int) -> None:
    before = margin(SentenceTransformerEmbedder("all-MiniLM-L6-v2", max_seq_length=128))
    out = tmp_path / "tuned"
    report = tune(
        resolve_model(None),
        [q for q, _ in PAIRS],
        [c for _, c in PAIRS],
        out,
        TuneConfig(epochs=6, batch_size=4, chunk_size=chunk_size, learning_rate=1e-4, warmup_share=0.0),
    )
    assert (report.pairs, report.steps) == (8, 12)
    assert report.last_loss < report.first_loss
    tuned = SentenceTransformerEmbedder(str(out))  # a folder: any sentence-transformers model
    assert tuned.model_name.startswith(f"{out.resolve()}#") and tuned.dimensions == 384
    assert tuned.max_seq_length == 128  # the window it was trained with travels with it
    assert margin(tuned) > before + 0.05


def test_pairs_must_match_and_fill_two_batches(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="3 queries but 2 codes"):
        tune(resolve_model(None), ["a", "b", "c"], ["x", "y"], tmp_path)
    with pytest.raises(ValueError, match="too few"):
        tune(resolve_model(None), ["a"] * 10, ["x"] * 10, tmp_path, TuneConfig(batch_size=8))


def test_grouped_batches_keep_to_one_group_and_pool_only_the_remainders() -> None:
    groups = ["django"] * 10 + ["flask"] * 7 + ["attrs"] * 3
    found = batches(groups, 4, random.Random(1))
    # django fills 2 batches and flask 1; the remainders (2 + 3) and attrs' 3 pool into 2 more
    kinds = sorted("+".join(sorted({groups[i] for i in b})) for b in found)
    assert kinds.count("django") == 2 and kinds.count("flask") == 1
    assert len(kinds) == 5 and all("+" in k for k in kinds if k not in {"django", "flask"})
    assert sorted(i for b in found for i in b) == list(range(20))


def test_one_group_is_a_plain_shuffle_into_full_batches() -> None:
    found = batches(["x"] * 10, 4, random.Random(1))
    assert [len(b) for b in found] == [4, 4]
    assert len({i for b in found for i in b}) == 8  # two pairs wait for another epoch


def test_a_batch_trained_in_chunks_gets_the_gradient_of_the_whole_batch() -> None:
    """GradCache: chunked embedding with cached gradients equals one big backward pass,
    dropout included (each chunk is re-embedded under the random state it first had)."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(0)
    layer = torch.nn.Linear(6, 4)
    features = {text: torch.randn(6) for text in "abcdefghijkl"}

    def embed(texts: list[str]) -> torch.Tensor:
        x = torch.stack([features[t] for t in texts])
        return F.normalize(F.dropout(layer(x), p=0.3, training=True), dim=-1)

    def loss_of(q: torch.Tensor, d: torch.Tensor) -> torch.Tensor:
        labels = torch.arange(len(q))
        logits = 20 * q @ d.T
        return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels)) / 2

    queries, codes = list("abcdef"), list("ghijkl")

    def whole_batch_gradient() -> tuple[float, torch.Tensor]:
        # Chunk by chunk in the same order (so the same dropout draws), one backward at the end.
        layer.zero_grad()
        torch.manual_seed(7)
        reps = [embed(queries[i : i + 4]) for i in (0, 4)] + [embed(codes[i : i + 4]) for i in (0, 4)]
        loss = loss_of(torch.cat(reps[:2]), torch.cat(reps[2:]))
        loss.backward()
        return float(loss.detach()), layer.weight.grad.clone()

    expected_loss, expected = whole_batch_gradient()
    layer.zero_grad()
    torch.manual_seed(7)
    loss = cached_gradient_step(embed, loss_of, queries, codes, chunk_size=4)
    assert float(loss) == pytest.approx(expected_loss)
    assert torch.allclose(layer.weight.grad, expected, atol=1e-6)
    assert expected.abs().sum() > 0  # the check compares a real gradient


def test_a_folder_the_model_cannot_be_saved_to_is_refused_before_training(tmp_path: Path) -> None:
    """Tuning takes up to an hour and a half: where it cannot be saved is said first."""
    from graph_rag.embed.tune import check_output_folder
    from graph_rag.errors import ConfigError

    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ConfigError, match=r"a-file: it is a file; name a folder"):
        check_output_folder(tmp_path / "a-file")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "app.py").write_text("x = 1\n")
    with pytest.raises(ConfigError, match=r"sources: the folder holds other files"):
        check_output_folder(tmp_path / "sources")
    (tmp_path / "old-model").mkdir()
    (tmp_path / "old-model" / "modules.json").write_text("[]")
    check_output_folder(tmp_path / "old-model")  # a model folder is replaced
    check_output_folder(tmp_path / "new" / "model")  # made, parents too
    assert (tmp_path / "new" / "model").is_dir()
    with pytest.raises(ConfigError, match=r"Cannot save the tuned model to /proc/graph-rag-model: "):
        check_output_folder(Path("/proc/graph-rag-model"))  # no folder can be made there, even by root
