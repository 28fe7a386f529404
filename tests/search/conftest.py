"""Fixtures for search and the embed stage: the real model, loaded once, and two small repos.

``toolkit`` (inhouse, package ``toolkit``):
  toolkit/dates.py   ``parse_http_date`` "Parse an HTTP date header into a datetime."
                     (calls ``_normalize``)
  toolkit/files.py   ``copy_tree`` "Copy a directory tree, creating missing folders."
  toolkit/text.py    ``Slugger.slugify`` (a method) "Turn a title into a URL slug."
                     and ``_normalize`` "Collapse whitespace and lowercase text."
                     (called by three functions: the most-called one)
  tests/test_dates.py  ``test_parse_http_date`` (a test function about HTTP dates)

``webby`` (curated, package ``webby``):
  webby/net.py       ``fetch_url`` "Download a URL and return the response body."
                     ``parse_cookie_date`` "Parse the expiry date of an HTTP cookie."
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from graph_rag.config import Settings
from graph_rag.embed import EmbeddingCache, SentenceTransformerEmbedder
from graph_rag.model import Origin
from graph_rag.search import Searcher
from graph_rag.services.embedding import embed_stage
from graph_rag.services.ingest import IngestReport, Progress, ingest
from graph_rag.store import GraphStore

TOOLKIT = {
    "toolkit/__init__.py": "",
    "toolkit/dates.py": '''\
        from datetime import datetime

        from toolkit.text import _normalize


        def parse_http_date(value):
            """Parse an HTTP date header into a datetime."""
            return datetime.strptime(_normalize(value), "%a, %d %b %Y %H:%M:%S gmt")
        ''',
    "toolkit/files.py": '''\
        import shutil
        from pathlib import Path

        from toolkit.text import _normalize


        def copy_tree(src, dst):
            """Copy a directory tree, creating missing folders."""
            Path(dst).mkdir(parents=True, exist_ok=True)
            shutil.copytree(src, dst, dirs_exist_ok=True)
            return _normalize(str(dst))
        ''',
    "toolkit/text.py": '''\
        import re


        def _normalize(text):
            """Collapse whitespace and lowercase text."""
            return " ".join(text.split()).lower()


        class Slugger:
            """Makes URL slugs."""

            def slugify(self, title):
                """Turn a title into a URL slug."""
                return re.sub(r"[^a-z0-9]+", "-", _normalize(title)).strip("-")
        ''',
    "tests/test_dates.py": '''\
        from toolkit.dates import parse_http_date


        def test_parse_http_date():
            """Parsing an HTTP date header gives a datetime."""
            assert parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").year == 1994
        ''',
}

WEBBY = {
    "webby/__init__.py": "",
    "webby/net.py": '''\
        import urllib.request


        def fetch_url(url):
            """Download a URL and return the response body."""
            with urllib.request.urlopen(url) as response:
                return response.read()


        def parse_cookie_date(expires):
            """Parse the expiry date of an HTTP cookie."""
            return expires.strip()
        ''',
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    return root


class RecordingProgress(Progress):
    def __init__(self) -> None:
        self.events: list[tuple[str, str, int | None]] = []

    def stage(self, name: str, total: int | None = None) -> None:
        self.events.append(("stage", name, total))

    def advance(self, name: str, amount: int = 1) -> None:
        self.events.append(("advance", name, amount))

    def done(self, name: str) -> None:
        self.events.append(("done", name, None))


Ingest = Callable[..., IngestReport]


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The default embedder (all-MiniLM-L6-v2), loaded once for the session."""
    return SentenceTransformerEmbedder()


def make_ingest(
    store: GraphStore, tmp: Path, embedder: SentenceTransformerEmbedder, cache: EmbeddingCache
) -> Ingest:
    """ingest(name, files, origin=..., embed=True, progress=None) into ``store``."""
    stage = embed_stage(Settings(home=tmp / "home"), embedder=embedder, cache=cache)

    def run(
        name: str,
        files: dict[str, str],
        *,
        origin: Origin = Origin.INHOUSE,
        embed: bool = True,
        progress: Progress | None = None,
    ) -> IngestReport:
        root = tmp / "src" / name
        write_tree(root, files)
        return ingest(
            str(root),
            store=store,
            cache_dir=tmp / "repos",
            name=name,
            origin=origin,
            workers=1,
            embed=stage if embed else None,
            progress=progress,
        )

    return run


@contextmanager
def searching(
    store: GraphStore,
    embedder: SentenceTransformerEmbedder,
    tmp: Path,
    repos: dict[str, tuple[dict[str, str], Origin]],
) -> Iterator[Searcher]:
    """A Searcher over an emptied ``store`` holding ``repos`` (name -> files, origin),
    ingested and embedded; the store is emptied again afterwards."""
    store.write("clear_all")
    with EmbeddingCache(tmp / "vectors.sqlite") as cache:
        run = make_ingest(store, tmp, embedder, cache)
        for name, (files, origin) in repos.items():
            run(name, files, origin=origin)
    try:
        yield Searcher(store, embedder)
    finally:
        store.write("clear_all")
