"""Which backend embeds functions at ingest (no model is loaded here).

The default model on a CPU is embedded by its int8 ONNX export (measured faster
and as good for retrieval: graph_rag/services/embedding.py); a GPU, another model
or a machine without onnxruntime and onnx keep torch.
"""

from __future__ import annotations

import sys

import pytest

from graph_rag.embed import sentence_transformer
from graph_rag.services.embedding import ingest_backend


@pytest.mark.parametrize(
    ("model", "missing", "device", "backend"),
    [
        (None, None, "cpu", "onnx-int8"),
        ("all-MiniLM-L6-v2", None, "cpu", "onnx-int8"),
        (None, None, "cuda", "torch"),
        (None, "onnx", "cpu", "torch"),
        (None, "onnxruntime", "cpu", "torch"),
        ("org/other-model", None, "cpu", "torch"),
    ],
)
def test_int8_onnx_embeds_the_default_model_on_a_cpu_only(
    model: str | None, missing: str | None, device: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for package in ("onnx", "onnxruntime"):
        if package != missing:
            pytest.importorskip(package)
    if missing:
        monkeypatch.setitem(sys.modules, missing, None)  # makes the import fail
    monkeypatch.setattr(sentence_transformer, "default_device", lambda: device)
    assert ingest_backend(model) == backend
