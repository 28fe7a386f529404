"""A model's vector size, read from its files without loading it (declared_dimensions).

Fixtures: sentence-transformers folders written here, holding only their config files
(``modules.json`` and each module's ``config.json``, no weights), in the layouts
sentence-transformers 5 and 6 save; the bundled default model's folder; a folder
sentence-transformers itself saves with two pooling modes and a Dense layer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph_rag.embed import SentenceTransformerEmbedder, declared_dimensions, resolve_model

TRANSFORMER = {"type": "sentence_transformers.models.Transformer", "path": ""}
NORMALIZE = {"type": "sentence_transformers.base.modules.normalize.Normalize", "path": "2_Normalize"}
LEGACY_POOLING = {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"}
POOLING = {"type": "sentence_transformers.sentence_transformer.modules.pooling.Pooling", "path": "1_Pooling"}
DENSE = {"type": "sentence_transformers.base.modules.dense.Dense", "path": "2_Dense"}
LEGACY_MEAN = {
    "word_embedding_dimension": 384,
    "pooling_mode_cls_token": False,
    "pooling_mode_mean_tokens": True,
}


def write_model(folder: Path, modules: list[dict[str, str]], configs: dict[str, Any]) -> Path:
    """A sentence-transformers folder without weights: ``configs`` by module path."""
    folder.mkdir()
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "config.json").write_text(json.dumps({"hidden_size": 384}))
    for path, config in configs.items():
        (folder / path).mkdir()
        (folder / path / "config.json").write_text(json.dumps(config))
    return folder


@pytest.mark.parametrize(
    ("modules", "configs", "dimensions"),
    [
        # sentence-transformers 5 and before: a flag per pooling mode
        ([TRANSFORMER, LEGACY_POOLING, NORMALIZE], {"1_Pooling": LEGACY_MEAN}, 384),
        ([TRANSFORMER, LEGACY_POOLING], {"1_Pooling": {"word_embedding_dimension": 768}}, 768),  # mean
        (
            [TRANSFORMER, LEGACY_POOLING],
            {"1_Pooling": {**LEGACY_MEAN, "pooling_mode_cls_token": True}},
            768,  # two modes, concatenated
        ),
        # sentence-transformers 6: the width and a mode, or several
        ([TRANSFORMER, POOLING], {"1_Pooling": {"embedding_dimension": 384, "pooling_mode": "cls"}}, 384),
        (
            [TRANSFORMER, POOLING],
            {"1_Pooling": {"embedding_dimension": 384, "pooling_mode": ["cls", "max", "mean"]}},
            1152,
        ),
        # a Dense layer after pooling makes the vectors its own size
        (
            [TRANSFORMER, POOLING, DENSE, NORMALIZE | {"path": "3_Normalize"}],
            {"1_Pooling": {"embedding_dimension": 384}, "2_Dense": {"in_features": 384, "out_features": 64}},
            64,
        ),
        # what is not read here is left to loading the model
        ([TRANSFORMER, NORMALIZE], {}, None),  # no pooling: the transformer's width has many rules
        ([TRANSFORMER, {"type": "sentence_transformers.models.CNN", "path": "1_CNN"}], {}, None),
        ([TRANSFORMER, POOLING], {}, None),  # its config is missing
        ([TRANSFORMER, POOLING], {"1_Pooling": {"pooling_mode": "mean"}}, None),  # without its width
    ],
)
def test_a_folder_s_config_files_tell_its_vector_size(
    tmp_path: Path, modules: list[dict[str, str]], configs: dict[str, Any], dimensions: int | None
) -> None:
    folder = write_model(tmp_path / "model", modules, configs)
    assert declared_dimensions(resolve_model(str(folder))) == dimensions


def test_what_declares_no_modules_is_left_to_loading(tmp_path: Path) -> None:
    plain = tmp_path / "plain-transformer"
    plain.mkdir()
    (plain / "config.json").write_text(json.dumps({"hidden_size": 384}))
    broken = write_model(tmp_path / "broken", [TRANSFORMER, POOLING], {"1_Pooling": {}})
    (broken / "modules.json").write_text("[{")
    assert declared_dimensions(resolve_model(str(plain))) is None
    assert declared_dimensions(resolve_model(str(broken))) is None
    assert declared_dimensions(resolve_model("org/some-model")) is None  # a hub name


def test_the_default_model_declares_the_size_it_makes(embedder: SentenceTransformerEmbedder) -> None:
    assert declared_dimensions(resolve_model()) == embedder.dimensions == 384


def test_a_folder_sentence_transformers_saved_declares_the_size_it_makes(tmp_path: Path) -> None:
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6
        from sentence_transformers.sentence_transformer.modules import Dense, Pooling

        cls_and_mean = Pooling(384, pooling_mode=("cls", "mean"))
    except ImportError:  # 5: a flag per mode
        from sentence_transformers.models import Dense, Pooling

        cls_and_mean = Pooling(384, pooling_mode_cls_token=True, pooling_mode_mean_tokens=True)

    base = SentenceTransformer(resolve_model().location, device="cpu")
    folder = tmp_path / "cls-mean-dense"
    modules = [base[0], cls_and_mean, Dense(in_features=768, out_features=96), base[2]]
    SentenceTransformer(modules=modules, device="cpu").save(str(folder))
    assert declared_dimensions(resolve_model(str(folder))) == 96
    assert SentenceTransformerEmbedder(str(folder)).dimensions == 96
