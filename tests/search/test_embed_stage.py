"""The embed stage of ingest, `graph-rag embed`, and searching before anything is ingested.

Fixture repositories: toolkit and webby (see conftest.py). Covers: every function
gets a vector with progress reported; a second ingest of an unchanged repository
embeds nothing; a changed function alone is re-embedded; a function written back
unchanged comes from the cache; an unchanged repository does not even load the default
model, nor does `embed` with nothing to embed; `ingest --no-embed` reads a model folder's
vector size from its files; `embed` fills in after --no-embed; a model of
another dimension is refused with the fix; search on an empty graph is empty and
the CLI says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_rag import embed as embedding_models
from graph_rag.cli import OK, USAGE, app
from graph_rag.config import Settings
from graph_rag.embed import EmbeddingCache, SentenceTransformerEmbedder, comparable_models
from graph_rag.errors import NotFound, SchemaMismatch
from graph_rag.search import Searcher, SearchMode
from graph_rag.services import embedding
from graph_rag.services.embedding import embed_missing, embed_repository
from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.store import GraphStore
from graph_rag.store.schema import schema_report

from .conftest import TOOLKIT, WEBBY, RecordingProgress, make_ingest, write_tree

runner = CliRunner()


class TinyEmbedder:
    """An 8-dimensional stand-in for a model the vector index was not made for."""

    model_name, dimensions = "tiny-model", 8

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [[1.0] + [0.0] * 7 for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_ingest_embeds_every_function_once_then_nothing(
    store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    with EmbeddingCache(tmp_path / "v.sqlite") as cache:
        run = make_ingest(store, tmp_path, embedder, cache)
        progress = RecordingProgress()
        first = run("toolkit", TOOLKIT, progress=progress)
        assert (first.embedded, first.embed_cached) == (5, 0)
        assert ("stage", "embed", 5) in progress.events
        assert ("advance", "embed", 5) in progress.events
        assert ("done", "embed", None) in progress.events
        assert embedding.stale_functions(store, "toolkit", embedder.model_name) == []

        second = run("toolkit", TOOLKIT)
        assert (second.embedded, second.embed_cached) == (0, 0)

        changed = dict(TOOLKIT)
        changed["toolkit/files.py"] = TOOLKIT["toolkit/files.py"].replace(
            "exist_ok=True)\n", "exist_ok=False)\n", 1
        )
        third = run("toolkit", changed)
        assert (third.embedded, third.embed_cached) == (1, 0)

        # vectors its int8 twin made compare alike: current, and a change re-embeds one
        store.write("test.rename_vectors", repo_id="toolkit", model=f"{embedder.model_name}+int8")
        assert embedding.stale_functions(store, "toolkit", embedder.model_name) == []
        fourth = run("toolkit", TOOLKIT)
        assert (fourth.embedded, fourth.embed_cached) == (0, 1)  # copy_tree as it was: cached


def test_an_unchanged_repository_is_ingested_without_loading_the_default_model(
    store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each CLI run builds its stage afresh; loading the model was 2 s of a 2.9 s no-op ingest."""
    assert embedding_models.default_model_name() in comparable_models(embedder.model_name)  # known unloaded
    loads: list[str] = []

    def load(settings: Settings) -> SentenceTransformerEmbedder:
        loads.append("model")
        return embedder

    monkeypatch.setattr(embedding, "load_embedder", load)
    root = tmp_path / "src" / "toolkit"
    write_tree(root, TOOLKIT)

    def run() -> IngestReport:
        with EmbeddingCache(tmp_path / "v.sqlite") as cache:
            stage = embedding.embed_stage(Settings(home=tmp_path / "home"), cache=cache)
            return ingest(str(root), store=store, cache_dir=tmp_path / "repos", workers=1, embed=stage)

    assert (run().embedded, loads) == (5, ["model"])
    assert (run().embedded, loads) == (0, ["model"])  # nothing to embed: no model loaded
    changed = TOOLKIT["toolkit/files.py"].replace("exist_ok=True)", "exist_ok=False)")
    write_tree(root, {"toolkit/files.py": changed})
    assert (run().embedded, loads) == (1, ["model", "model"])


def test_vectors_written_back_unchanged_come_from_the_cache(
    store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    with EmbeddingCache(tmp_path / "v.sqlite") as cache:
        run = make_ingest(store, tmp_path, embedder, cache)
        assert run("webby", WEBBY).embedded == 2
        store.write("clear_all")
        again = run("webby", WEBBY)
        assert (again.embedded, again.embed_cached) == (0, 2)


def test_embed_fills_in_what_an_ingest_without_embeddings_left_out(
    store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    with EmbeddingCache(tmp_path / "v.sqlite") as cache:
        run = make_ingest(store, tmp_path, embedder, cache)
        assert run("webby", WEBBY, embed=False).embedded == 0
        assert Searcher(store, embedder).search("download a url", mode=SearchMode.VECTOR) == []
        assert embed_missing(store, embedder=embedder, cache=cache) == {"webby": (2, 0)}
        assert embed_missing(store, embedder=embedder, cache=cache) == {"webby": (0, 0)}
        with pytest.raises(NotFound, match="No repository named 'nosuch'"):
            embed_missing(store, embedder=embedder, cache=cache, repositories=["nosuch"])
        hits = Searcher(store, embedder).search("download a url", mode=SearchMode.VECTOR, k=1)
        assert [h.qualname for h in hits] == ["webby.net.fetch_url"]


def test_a_model_of_another_dimension_is_refused_before_anything_is_written(
    store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    with EmbeddingCache(tmp_path / "v.sqlite") as cache:
        make_ingest(store, tmp_path, embedder, cache)("webby", WEBBY, embed=False)
        fake = TinyEmbedder()
        with pytest.raises(SchemaMismatch) as raised:
            embed_repository(store, "webby", embedder=fake, cache=cache)
    assert str(raised.value) == (
        "The vector index holds 384-dimensional embeddings "
        "(sentence-transformers/all-MiniLM-L6-v2) but the configured model tiny-model "
        "makes 8-dimensional ones. "
        "Run `graph-rag init --reset-embeddings` to drop the old vectors and index, then "
        "`graph-rag embed` to re-embed, or configure sentence-transformers/all-MiniLM-L6-v2 again "
        "(GRAPH_RAG_EMBED_MODEL)."
    )
    assert fake.calls == []
    with pytest.raises(SchemaMismatch):
        Searcher(store, fake).search("download", mode=SearchMode.VECTOR)


@pytest.mark.parametrize("mode", list(SearchMode))
def test_searching_an_empty_graph_finds_nothing(
    store: GraphStore, embedder: SentenceTransformerEmbedder, mode: SearchMode
) -> None:
    assert Searcher(store, embedder).search("parse an http date", mode=mode) == []


@pytest.fixture
def cli_embedder(monkeypatch: pytest.MonkeyPatch, embedder: SentenceTransformerEmbedder) -> None:
    """The CLI loads the session's model instead of its own copy (saves seconds per call)."""
    monkeypatch.setattr(embedding, "load_embedder", lambda settings: embedder)
    monkeypatch.setattr(embedding, "load_query_embedder", lambda settings: embedder)


@pytest.mark.usefixtures("cli_embedder")
def test_cli_search_before_ingest_says_nothing_is_ingested(settings_env: Path) -> None:
    result = runner.invoke(app, ["search", "parse an http date"])
    assert result.exit_code == OK
    assert result.stdout == ""
    assert "Nothing ingested yet: `graph-rag ingest PATH_OR_URL` first." in result.stderr
    result = runner.invoke(app, ["search", "parse an http date", "--json"])
    assert json.loads(result.stdout) == {"query": "parse an http date", "mode": "hybrid", "results": []}
    result = runner.invoke(app, ["search", "parse an http date", "-k", "0"])  # refused all the same
    assert result.exit_code == USAGE
    assert "Invalid value for '-k'" in result.stderr


@pytest.mark.usefixtures("cli_embedder")
def test_cli_ingest_embed_and_search(settings_env: Path, tmp_path: Path) -> None:
    from .conftest import write_tree

    root = write_tree(tmp_path / "webby", WEBBY)
    result = runner.invoke(app, ["ingest", str(root), "--no-embed"])
    assert result.exit_code == OK, result.stderr
    result = runner.invoke(app, ["search", "download a url", "--mode", "vector"])
    assert result.exit_code == OK and result.stdout == ""
    assert (
        "No function has an embedding yet (ingested with --no-embed?): run `graph-rag embed`, or search "
        in (" ".join(result.stderr.split()))
    )
    result = runner.invoke(app, ["search", "download a url", "--repo", "nosuch"])
    assert result.exit_code == 1
    assert "No repository named 'nosuch'" in result.stderr
    result = runner.invoke(app, ["embed", "--json"])
    assert result.exit_code == OK, result.stderr
    assert json.loads(result.stdout) == {"repositories": {"webby": {"embedded": 2, "cached": 0}}}

    result = runner.invoke(app, ["search", "download a url", "-k", "1", "--json", "--origin", "inhouse"])
    assert result.exit_code == OK, result.stderr
    (hit,) = json.loads(result.stdout)["results"]
    assert (hit["qualname"], hit["location"], hit["rank"]) == (
        "webby.net.fetch_url",
        "webby:webby/net.py:4",
        1,
    )

    result = runner.invoke(app, ["search", "download a url", "-k", "2", "--mode", "fulltext"])
    assert result.exit_code == OK, result.stderr
    assert "webby.net.fetch_url" in result.stdout and "webby:webby/net.py:4" in result.stdout

    result = runner.invoke(app, ["search", "x", "-k", "101"])  # a usage error, as -k 0 is
    assert result.exit_code == USAGE
    assert "Invalid value for '-k'" in result.stderr

    # a second repository ingested without embeddings: vector search cannot reach it, and says so
    toolkit = write_tree(tmp_path / "toolkit", TOOLKIT)
    assert runner.invoke(app, ["ingest", str(toolkit), "--no-embed", "--origin", "curated"]).exit_code == OK
    result = runner.invoke(app, ["search", "copy a tree", "--mode", "vector", "--repo", "toolkit"])
    assert result.exit_code == OK and result.stdout == ""
    said = " ".join(result.stderr.split())
    assert (
        "No function in toolkit has an embedding yet (ingested with --no-embed?): run `graph-rag embed`"
        in said
    )
    result = runner.invoke(app, ["search", "copy a tree"])
    assert result.exit_code == OK
    said = " ".join(result.stderr.split())
    assert (
        "5 functions have no embedding yet, so vector search leaves them out: run `graph-rag embed`." in said
    )
    result = runner.invoke(app, ["search", "download a url", "--repo", "webby"])
    assert "no embedding" not in result.stderr  # all of webby's have one
    result = runner.invoke(app, ["search", "download a url", "--origin", "inhouse"])
    assert "no embedding" not in result.stderr  # the curated toolkit is none of the search's


class Renamed:
    """The real model's vectors under another model's name: what a change of model to one
    of the same dimension looks like before the stored vectors are re-embedded."""

    def __init__(self, inner: SentenceTransformerEmbedder, name: str) -> None:
        self.inner, self.model_name, self.dimensions = inner, name, inner.dimensions

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def test_vector_search_compares_a_query_only_with_vectors_of_its_own_model(
    store: GraphStore, embedder: SentenceTransformerEmbedder, tmp_path: Path
) -> None:
    with EmbeddingCache(tmp_path / "v.sqlite") as cache:
        make_ingest(store, tmp_path, embedder, cache)("webby", WEBBY)
        other = Renamed(embedder, "another-384-model")
        assert Searcher(store, other).search("download a url", mode=SearchMode.VECTOR) == []
        quantized = Renamed(embedder, f"{embedder.model_name}+int8")  # int8 documents: comparable
        assert Searcher(store, quantized).search("download a url", mode=SearchMode.VECTOR, k=1)
        embed_missing(store, embedder=other, cache=cache)  # `graph-rag embed` after the change
        assert schema_report(store).embedding_model == "another-384-model"  # what a mismatch names
        hits = Searcher(store, other).search("download a url", mode=SearchMode.VECTOR, k=1)
        assert [h.qualname for h in hits] == ["webby.net.fetch_url"]


def test_cli_search_says_when_the_stored_vectors_are_another_model_s(
    settings_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: SentenceTransformerEmbedder
) -> None:
    """The model configured now is not the one the vectors were made with: vector search
    finds none it may compare with, and says so (not "no embedding yet")."""
    from .conftest import write_tree

    monkeypatch.setattr(embedding, "load_embedder", lambda settings: embedder)
    root = write_tree(tmp_path / "webby", WEBBY)
    assert runner.invoke(app, ["ingest", str(root)]).exit_code == OK
    monkeypatch.setattr(
        embedding, "load_query_embedder", lambda settings: Renamed(embedder, "another-384-model")
    )

    result = runner.invoke(app, ["search", "download a url", "--mode", "vector"])

    assert result.exit_code == OK and result.stdout == ""
    assert (
        "No function has a vector of another-384-model (2 functions have vectors of another model than "
        "another-384-model): run `graph-rag embed`, or search with --mode fulltext."
    ) in " ".join(result.stderr.split())


def test_cli_ingest_without_embeddings_reads_a_model_folder_s_size_from_its_files(
    settings_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders holding only config files, no weights: loading either would fail."""
    from .conftest import write_tree

    def model(name: str, dimensions: int) -> Path:
        pooling = {"embedding_dimension": dimensions, "pooling_mode": "mean"}
        modules = [
            {"type": "sentence_transformers.models.Transformer", "path": ""},
            {"type": "sentence_transformers.models.Pooling", "path": "1_Pooling"},
        ]
        return write_tree(
            tmp_path / name,
            {"modules.json": json.dumps(modules), "1_Pooling/config.json": json.dumps(pooling)},
        )

    root = write_tree(tmp_path / "webby", WEBBY)
    monkeypatch.setenv("GRAPH_RAG_EMBED_MODEL", str(model("mine", 384)))
    result = runner.invoke(app, ["ingest", str(root), "--no-embed"])
    assert result.exit_code == OK, result.stderr
    monkeypatch.setenv("GRAPH_RAG_EMBED_MODEL", str(model("wider", 768)))
    result = runner.invoke(app, ["ingest", str(root), "--no-embed"])
    assert result.exit_code == 1
    assert f"the configured model {tmp_path / 'wider'} makes 768-dimensional ones." in " ".join(
        result.stderr.split()
    )


def test_cli_embed_with_nothing_to_embed_says_so_without_loading_the_model(
    settings_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: SentenceTransformerEmbedder
) -> None:
    """The default model's vectors are named without loading it (2 s of a 3 s no-op run)."""
    from .conftest import write_tree

    loads: list[str] = []

    def load(settings: Settings) -> SentenceTransformerEmbedder:
        loads.append("model")
        return embedder

    monkeypatch.setattr(embedding, "load_embedder", load)
    root = write_tree(tmp_path / "webby", WEBBY)
    assert runner.invoke(app, ["ingest", str(root)]).exit_code == OK
    assert loads == ["model"]

    result = runner.invoke(app, ["embed"])
    assert (result.exit_code, result.stdout) == (
        OK,
        "Nothing to embed: every function has a vector of its current code from this model.\n",
    )
    result = runner.invoke(app, ["embed", "--json"])
    assert json.loads(result.stdout) == {"repositories": {"webby": {"embedded": 0, "cached": 0}}}
    assert runner.invoke(app, ["embed", "--repo", "nosuch"]).exit_code == 1  # still checked
    assert loads == ["model"]

    net = root / "webby" / "net.py"
    net.write_text(net.read_text().replace("return expires.strip()", "return expires.strip().lower()"))
    assert runner.invoke(app, ["ingest", str(root), "--no-embed"]).exit_code == OK
    result = runner.invoke(app, ["embed"])
    assert (result.exit_code, result.stdout) == (OK, "webby: 1 embedded, 0 from cache\n")
    assert loads == ["model", "model"]


@pytest.mark.usefixtures("cli_embedder")
def test_cli_search_says_when_vectors_were_made_from_older_code(settings_env: Path, tmp_path: Path) -> None:
    """A function edited and re-ingested with --no-embed keeps its old vector, which vector
    search still ranks by: said, with the fix."""
    from .conftest import write_tree

    root = write_tree(tmp_path / "webby", WEBBY)
    assert runner.invoke(app, ["ingest", str(root)]).exit_code == OK
    net = root / "webby" / "net.py"
    net.write_text(net.read_text().replace("return response.read()", "return response.read().decode()"))
    assert runner.invoke(app, ["ingest", str(root), "--no-embed"]).exit_code == OK

    result = runner.invoke(app, ["search", "download a url", "--mode", "vector"])

    said = " ".join(result.stderr.split())
    assert result.exit_code == OK and "webby.net.fetch_url" in result.stdout
    assert (
        "1 function has a vector made from an older version of its code (re-ingested with --no-embed)" in said
    )
    assert runner.invoke(app, ["embed"]).exit_code == OK
    assert "older version" not in runner.invoke(app, ["search", "download a url", "--mode", "vector"]).stderr
