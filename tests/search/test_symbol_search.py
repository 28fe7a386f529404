"""A search text that names a symbol finds the functions of that name first.

``Adapter.send`` as words ("adapter send") ranks ``send_through_adapter`` above the
method: both words are in its name and twice in its docstring, and Lucene favours the
shorter text. An agent that types the name wants the definition, also under the name
the package exports it by or a subclass inherits it under, or by its id.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph_rag.embed import SentenceTransformerEmbedder
from graph_rag.model import FunctionKind, Origin
from graph_rag.search import Searcher, SearchFilter, SearchMode
from graph_rag.store import GraphStore

from .conftest import searching

ADAPTERS = {
    "adapters/__init__.py": "from adapters.retry import retry_send as resend\n",
    "adapters/retry.py": '''\
        from adapters.base import Adapter


        class RetryingAdapter(Adapter):
            """An adapter that sends again: send is Adapter's."""


        def retry_send(request):
            """Retry a send, the retrying way."""
            return request
        ''',
    "adapters/base.py": '''\
        class Adapter:
            def send(self, request):
                """Send a prepared request."""
                return request


        def send_through_adapter(adapter, request):
            """Send a request through an adapter: the adapter's send."""
            return adapter.send(request)
        ''',
    "tests/test_base.py": '''\
        from adapters.base import Adapter


        def test_send():
            """The adapter sends what it is given."""
            assert Adapter().send("r") == "r"
        ''',
}


@pytest.fixture(scope="module")
def searcher(
    session_store: GraphStore,
    embedder: SentenceTransformerEmbedder,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Searcher]:
    repos = {"adapters": (ADAPTERS, Origin.INHOUSE)}
    with searching(session_store, embedder, tmp_path_factory.mktemp("symbols"), repos) as searcher:
        yield searcher


def qualnames(searcher: Searcher, text: str, mode: SearchMode, **kwargs: object) -> list[str]:
    return [hit.qualname for hit in searcher.search(text, k=3, mode=mode, **kwargs)]  # type: ignore[arg-type]


def test_as_words_the_name_ranks_below_a_wordier_function(searcher: Searcher) -> None:
    assert qualnames(searcher, "adapter send", SearchMode.FULLTEXT)[0] == "adapters.base.send_through_adapter"


@pytest.mark.parametrize("mode", [SearchMode.FULLTEXT, SearchMode.HYBRID])
def test_a_symbol_lists_the_functions_of_that_name_first(searcher: Searcher, mode: SearchMode) -> None:
    hits = searcher.search("Adapter.send", k=3, mode=mode)
    assert [h.qualname for h in hits][:2] == [
        "adapters.base.Adapter.send",
        "adapters.base.send_through_adapter",
    ]
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1)) and len({h.id for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert (
        qualnames(searcher, "adapters.base.send_through_adapter()", mode)[0]
        == "adapters.base.send_through_adapter"
    )


@pytest.mark.parametrize("mode", [SearchMode.FULLTEXT, SearchMode.HYBRID])
def test_the_filters_hold_for_what_a_name_finds(searcher: Searcher, mode: SearchMode) -> None:
    assert qualnames(searcher, "test_send", mode)[0] == "tests.test_base.test_send"
    assert "tests.test_base.test_send" not in qualnames(
        searcher, "test_send", mode, filter=SearchFilter(exclude_tests=True)
    )
    in_tests = qualnames(searcher, "Adapter.send", mode, filter=SearchFilter(path_glob="tests/*"))
    assert in_tests and all(name.startswith("tests.") for name in in_tests)
    methods = qualnames(searcher, "Adapter.send", mode, filter=SearchFilter(kinds=(FunctionKind.FUNCTION,)))
    assert "adapters.base.Adapter.send" not in methods


@pytest.mark.parametrize("mode", [SearchMode.FULLTEXT, SearchMode.HYBRID])
@pytest.mark.parametrize(
    ("text", "defined"),
    [
        ("adapters.resend", "adapters.retry.retry_send"),  # what the package exports
        ("adapters.retry.RetryingAdapter.send", "adapters.base.Adapter.send"),  # inherited
        ("adapters:adapters.base.Adapter.send", "adapters.base.Adapter.send"),  # an id
    ],
)
def test_a_name_the_definition_goes_by_elsewhere_finds_it_first(
    searcher: Searcher, mode: SearchMode, text: str, defined: str
) -> None:
    assert qualnames(searcher, text, mode)[0] == defined
