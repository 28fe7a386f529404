"""The text that stands for a function when it is embedded.

One function, ``function_text``, decides what the model sees. It is pure and
deterministic (same ``Function`` and knobs, same text), because the cache keys
vectors by a hash of this text: changing what goes in here re-embeds
everything once, and nothing else does.

Layout, one part per line, most telling first so the model's token limit cuts
the least useful part (the tail of the body)::

    method flask app Flask run                       <- kind and qualified name as words
    run(self, host: str | None = None, ...) -> None  <- signature
    Runs the application on a local development ...  <- docstring, whitespace collapsed
    if os.environ.get("FLASK_RUN_FROM_CLI") == ...   <- body, without the def line and docstring
"""

from __future__ import annotations

import ast
import re
import textwrap

from graph_rag.model import Function
from graph_rag.source_text import dedent_function, source_lines

# all-MiniLM-L6-v2 reads up to 256 word pieces (128 by default here, see
# DEFAULT_MODEL_WINDOW); Python source runs at roughly 3 to 4 characters per
# piece, so ~1,000 characters fill the widest window without paying to tokenize
# much text the model would cut anyway.
DEFAULT_MAX_CHARS = 1000
DEFAULT_MAX_DOCSTRING_CHARS = 400

# "parseHTTPDate2" -> "parse HTTP Date 2": boundaries inside camelCase and acronyms.
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def name_words(qualname: str) -> str:
    """A dotted, snake_case or CamelCase name as space-separated words.

    >>> name_words("django.utils.http.parse_http_date")
    'django utils http parse http date'
    >>> name_words("flask.app.Flask.__call__")
    'flask app Flask call'
    """
    return " ".join(_CAMEL.findall(qualname.replace("_", " ").replace(".", " ")))


def function_text(
    fn: Function,
    *,
    include_docstring: bool = True,
    include_body: bool = True,
    max_docstring_chars: int = DEFAULT_MAX_DOCSTRING_CHARS,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> str:
    """The compact text embedded for ``fn``.

    Lines: ``"<kind> <qualified name as words>"``, the signature, the docstring
    (whitespace collapsed, cut to ``max_docstring_chars``) and the body with its
    ``def`` line, decorators and docstring removed (already said above) and
    blank lines dropped. The whole is cut to ``max_chars`` at a line boundary
    where one is near, so the model's own truncation rarely bites mid-token.
    """
    parts = [f"{fn.kind} {name_words(fn.qualname)}"]
    if fn.signature:
        parts.append(fn.signature)
    if include_docstring and fn.docstring:
        parts.append(_clip(" ".join(fn.docstring.split()), max_docstring_chars))
    if include_body:
        body = _body(fn.source)
        if body:
            parts.append(body)
    return _clip_lines("\n".join(parts), max_chars)


def _body(source: str) -> str:
    """The statements of a function's source after its signature and docstring."""
    text = dedent_function(source)
    try:
        tree = ast.parse(text)
    except SyntaxError:  # a fragment the parser kept as-is: embed it raw
        return _compact(text)
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return _compact(text)  # a lambda assignment or similar: the source is the body
    statements = node.body
    if ast.get_docstring(node, clean=False) is not None:
        statements = statements[1:]
    if not statements:
        return ""
    lines = source_lines(text)[statements[0].lineno - 1 : node.end_lineno]
    # A one-line "def f(): return x" starts its body on the def line.
    if statements[0].lineno == node.lineno:
        lines[0] = lines[0][statements[0].col_offset :]
    return _compact("\n".join(lines))


def _compact(code: str) -> str:
    """Dedent and drop blank lines and trailing spaces (they cost tokens, say nothing)."""
    lines = textwrap.dedent(code).splitlines()
    return "\n".join(line.rstrip() for line in lines if line.strip())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip()


def _clip_lines(text: str, limit: int) -> str:
    """Cut to ``limit`` characters, at the last line break if it keeps most of the text."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = head.rfind("\n")
    return head[:cut] if cut >= limit * 3 // 4 else head.rstrip()
