"""Fixtures for the embedding tests: the real default model, loaded once per session.

``functions`` holds three small, real-looking functions: an HTTP date parser,
a file copier and an HTML escaper, built by hand as the parser would build them.
"""

from __future__ import annotations

import pytest

from graph_rag.embed import SentenceTransformerEmbedder
from graph_rag.model import Function, FunctionKind, Span


def make_function(qualname: str, signature: str, source: str, docstring: str = "") -> Function:
    module = qualname.rpartition(".")[0]
    lines = source.count("\n") + 1
    return Function(
        repo_id="demo",
        qualname=qualname,
        module=module,
        kind=FunctionKind.FUNCTION,
        span=Span(module.replace(".", "/") + ".py", 10, 10 + lines - 1),
        signature=signature,
        source=source,
        docstring=docstring,
    )


PARSE_DATE = make_function(
    "webkit.utils.http.parse_http_date",
    "parse_http_date(date: str) -> int",
    '''def parse_http_date(date: str) -> int:
    """Parse a date format as specified by HTTP RFC 9110.

    Return an integer expressed in seconds since the epoch, in UTC.
    """
    for regex in RFC1123_DATE, RFC850_DATE, ASCTIME_DATE:
        m = regex.match(date)
        if m is not None:
            break
    else:
        raise ValueError("%r is not in a valid HTTP date format" % date)
    result = datetime.datetime(int(m["year"]), MONTHS.index(m["mon"].lower()) + 1, int(m["day"]))
    return int(result.timestamp())''',
    docstring="Parse a date format as specified by HTTP RFC 9110.\n\n"
    "Return an integer expressed in seconds since the epoch, in UTC.",
)

COPY_FILE = make_function(
    "webkit.storage.files.copy_file",
    "copy_file(src: Path, dst: Path) -> None",
    '''def copy_file(src: Path, dst: Path) -> None:
    """Copy the file at src to dst, creating dst's folder."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open("rb") as fin, dst.open("wb") as fout:
        shutil.copyfileobj(fin, fout)''',
    docstring="Copy the file at src to dst, creating dst's folder.",
)

ESCAPE_HTML = make_function(
    "webkit.utils.html.escape",
    "escape(text: str) -> str",
    """def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")""",
)


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    """The default embedder (all-MiniLM-L6-v2 on torch), loaded once."""
    return SentenceTransformerEmbedder()
