"""The ONNX backend: the same model, exported once and run with onnxruntime.

The export is made on first use, offline, from the sentence-transformers model
itself, and kept under ``~/.cache/graph-rag/onnx/<model>-<fingerprint>/``:

- ``model.onnx``: the transformer with eager attention, so onnxruntime's BERT
  optimizer can fuse attention, GELU and layer norms (the unfused graph ran
  slower than torch here);
- ``model-int8.onnx``: the same, dynamically quantized (made only when asked);
- ``tokenizer.json`` and ``meta.json``: what running needs, so a warm start
  imports neither torch nor sentence-transformers.

Pooling and normalization run in numpy, reading the model's own pooling mode.
Files are written to a temporary name and renamed, so two processes exporting
at once both end with a whole file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from graph_rag.config import USER_CACHE_ENV_VAR, user_cache_dir
from graph_rag.embed.base import EmbeddingModelUnavailable, MissingDependency
from graph_rag.embed.sentence_transformer import (
    ModelSource,
    _Runner,
    folder_fingerprint,
    load_sentence_transformer,
)

CACHE_ENV_VAR = USER_CACHE_ENV_VAR
_POOLING_MODES = ("mean", "cls")
_FORMAT = 1  # bump when the export recipe changes, so old exports are not reused


log = logging.getLogger(__name__)


def onnx_cache_root() -> Path:
    return user_cache_dir() / "onnx"


class OnnxRunner(_Runner):
    def __init__(
        self,
        source: ModelSource,
        *,
        quantized: bool = False,
        max_seq_length: int | None = None,
        cache_root: Path | None = None,
    ) -> None:
        try:
            import onnxruntime  # noqa: F401  (here for the message; _open uses them)
            import tokenizers  # noqa: F401
        except ImportError as e:
            raise MissingDependency("onnxruntime", "The onnx embedding backend") from e
        self._asked_length = max_seq_length
        if source.prebuilt is not None:  # shipped as ONNX: run the file as it is
            self._open(Path(source.location), "model.onnx", dataclasses.asdict(source.prebuilt))
            return
        folder = export_onnx(source, cache_root=cache_root, quantized=quantized)
        model_name = "model-int8.onnx" if quantized else "model.onnx"
        try:
            self._open(folder, model_name)
        except Exception as e:  # damaged since it was written whole (a disk, a person): made again
            log.warning("the ONNX export in %s does not load (%s); exporting it again", folder, e)
            shutil.rmtree(folder, ignore_errors=True)
            folder = export_onnx(source, cache_root=cache_root, quantized=quantized)
            self._open(folder, model_name)

    def _open(self, folder: Path, model_name: str, meta: dict[str, Any] | None = None) -> None:
        """Read the tokenizer and the model file of ``folder``, as ``meta`` describes them
        (an export's own meta.json where not given)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        if meta is None:
            meta = json.loads((folder / "meta.json").read_text())
        model_file = folder / model_name
        self.dimensions = int(meta["dimensions"])
        self.native_max_seq_length = int(meta["max_seq_length"])
        self.max_seq_length = min(
            self._asked_length or self.native_max_seq_length, self.native_max_seq_length
        )
        self._pooling = meta["pooling"]
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(self.max_seq_length)
        self._counter = Tokenizer.from_str(self._tokenizer.to_str())  # for lengths: unpadded
        self._counter.no_padding()
        self._tokenizer.enable_padding(pad_id=meta["pad_id"], pad_token=meta["pad_token"])
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def token_counts(self, texts: list[str]) -> list[int]:
        return [len(e.ids) for e in self._counter.encode_batch(texts)]

    def encode(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (hidden,) = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})
        if self._pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[:, :, None].astype(hidden.dtype)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def export_onnx(source: ModelSource, *, cache_root: Path | None = None, quantized: bool = False) -> Path:
    """The folder holding the ONNX export of ``source``, made now if it is missing."""
    folder = (cache_root or onnx_cache_root()) / f"{_slug(source.name)}-{_fingerprint(source)}"
    try:
        if not (folder / "meta.json").exists():
            _export(source, folder)
        if quantized and not (folder / "model-int8.onnx").exists():
            _quantize(folder / "model.onnx", folder / "model-int8.onnx")
    except OSError as e:  # an unwritable home (a container's HOME=/): callers fall back to torch
        raise EmbeddingModelUnavailable(
            source.name,
            f"its ONNX export cannot be written to {folder} ({e.strerror or e})",
            f"Set {CACHE_ENV_VAR} to a writable folder, or use the torch backend",
        ) from e
    return folder


def _export(source: ModelSource, folder: Path) -> None:
    try:
        import torch
    except ImportError as e:
        raise MissingDependency("torch", "Exporting the model to ONNX") from e
    st = load_sentence_transformer(source, device="cpu")
    transformer, pooling = st[0], st[1] if len(st) > 1 else None
    mode = getattr(pooling, "pooling_mode", None)
    if mode not in _POOLING_MODES:
        raise EmbeddingModelUnavailable(
            source.name,
            f"the onnx backend supports {' and '.join(_POOLING_MODES)} pooling, not {mode!r}",
            'Use backend="torch"',
        )
    # Only the transformer is exported and pooling is redone here: a layer after pooling
    # (Dense, say) would silently be left out, giving other vectors than torch's.
    unsupported = [type(m).__name__ for m in list(st)[2:] if type(m).__name__ != "Normalize"]
    if unsupported:
        raise EmbeddingModelUnavailable(
            source.name,
            f"the onnx backend runs a transformer and its pooling, not {', '.join(unsupported)}",
            'Use backend="torch"',
        )
    model = transformer.auto_model
    # Eager attention exports as plain MatMul/Softmax, which onnxruntime fuses; SDPA does not.
    model.set_attn_implementation("eager")
    model.eval()
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = st.tokenizer
    sample = tokenizer(["def f(x):", "return x + 1 if x else None"], padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class Wrapped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *args: Any) -> Any:
            return self.model(**dict(zip(names, args, strict=True))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
    # The tracer warns about shapes it freezes; the attention mask always matches the
    # input length, so they hold (the tests compare against torch at other lengths).
    with _atomic(folder / "model.onnx") as tmp, torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Wrapped(),
            tuple(sample[n] for n in names),
            str(tmp),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
        _optimize(tmp, model.config)
    with _atomic(folder / "tokenizer.json") as tmp:
        tokenizer.backend_tokenizer.save(str(tmp))
    meta = {
        "format": _FORMAT,
        "model": source.name,
        "dimensions": int(st.get_embedding_dimension()),
        "max_seq_length": int(st.max_seq_length),
        "pooling": mode,
        "pad_id": int(tokenizer.pad_token_id),
        "pad_token": str(tokenizer.pad_token),
    }
    with _atomic(folder / "meta.json") as tmp:
        tmp.write_text(json.dumps(meta, indent=2))


def _optimize(path: Path, config: Any) -> None:
    """Fuse attention, GELU and layer norms in place; keep the plain graph if fusion fails."""
    try:
        from onnxruntime.transformers import optimizer

        optimized = optimizer.optimize_model(
            str(path),
            model_type="bert",
            num_heads=int(config.num_attention_heads),
            hidden_size=int(config.hidden_size),
        )
        optimized.save_model_to_file(str(path))
    except Exception:  # an architecture the BERT fuser does not know still runs unfused
        return


def _quantize(model: Path, target: Path) -> None:
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as e:
        raise MissingDependency("onnx", "The onnx-int8 embedding backend") from e
    # onnxruntime advises pre-processing through the root logger; our export is already
    # optimised, so the advice is noise on the user's terminal.
    root, advice = logging.getLogger(), _Dropping("consider to run pre-processing before quantization")
    root.addFilter(advice)
    try:
        with _atomic(target) as tmp:
            quantize_dynamic(
                str(model),
                str(tmp),
                weight_type=QuantType.QUInt8,
                # Fused ops (Attention, SkipLayerNorm) hide their types from shape inference.
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
    finally:
        root.removeFilter(advice)


class _Dropping(logging.Filter):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        return self.text not in record.getMessage()


class _atomic:
    """A temporary path beside ``path`` that replaces it on success."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Path:
        fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        os.close(fd)
        self.tmp = Path(name)
        return self.tmp

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.tmp.chmod(0o644)  # mkstemp makes it private; an export is no secret
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name.strip("/"))[-80:]


def _fingerprint(source: ModelSource) -> str:
    """Changes when the model's files change (a folder) or its name does (a hub name)."""
    digest = hashlib.sha256(f"{_FORMAT}:{source.name}".encode())
    folder = Path(source.location)
    if folder.is_dir():
        digest.update(folder_fingerprint(folder).encode())
    return digest.hexdigest()[:12]
