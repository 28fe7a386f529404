"""What a model's own files say about it, read without loading it (torch and the weights
take seconds): the size of its vectors, which the vector index is made for.

A sentence-transformers folder lists its modules in ``modules.json``, each with a
``config.json`` of its own: the Pooling module names the width of the token vectors
it pools (``embedding_dimension``, ``word_embedding_dimension`` before
sentence-transformers 6) and a Dense module its ``out_features``. The transformer's
own width is not read: sentence-transformers derives it from several fields
(``projection_dim``, ``word_embed_proj_dim``, ``hidden_size`` ...), and the Pooling
module after it states it anyway.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph_rag.embed.sentence_transformer import ModelSource

# Modules whose vectors are as wide as those they are given.
_SAME_WIDTH = frozenset({"Normalize", "Dropout", "LayerNorm"})


def declared_dimensions(source: ModelSource) -> int | None:
    """The size of the vectors ``source`` makes, as its files declare it; None where they
    do not tell (a hub name, a folder without ``modules.json``, a module not known here),
    and loading the model must."""
    if source.prebuilt is not None:
        return source.prebuilt.dimensions
    folder = Path(source.location)
    try:
        return _through_modules(folder, _read(folder / "modules.json"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # unreadable or unexpected
        return None


def _through_modules(folder: Path, modules: list[dict[str, Any]]) -> int | None:
    width: int | None = None  # of the vectors the modules so far make
    for module in modules:
        kind = str(module["type"]).rpartition(".")[2]
        if kind == "Transformer":
            width = None  # token vectors: the Pooling module after it says how wide
        elif kind == "Pooling":
            width = _pooled(_read(folder / module["path"] / "config.json"))
        elif kind == "Dense":
            width = int(_read(folder / module["path"] / "config.json")["out_features"])
        elif kind not in _SAME_WIDTH:
            return None
    return width if width is not None and width > 0 else None


def _pooled(config: dict[str, Any]) -> int:
    """A Pooling module's output: one token-vector width per pooling mode, concatenated."""
    width = int(config.get("embedding_dimension") or config["word_embedding_dimension"])
    mode = config.get("pooling_mode")
    if mode is None:  # before sentence-transformers 6: a flag per mode, mean when none is set
        modes = sum(1 for key, on in config.items() if key.startswith("pooling_mode_") and on is True) or 1
    else:
        modes = 1 if isinstance(mode, str) else len(mode)
    return width * modes


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
