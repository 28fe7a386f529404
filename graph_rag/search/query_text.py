"""User text -> what the indexes are asked: a safe Lucene query and a regex for globs.

Nothing the user types reaches Lucene's query parser as syntax: the text is cut
into alphanumeric words (identifiers split on case and underscores, as the index
side does in ``graph_rag.store.rows.search_text``), lowercased (so ``AND`` is a
word, not an operator) and joined as optional terms. ``foo(``, ``a AND``,
``"unbalanced`` or ``*`` never raise a parse error; text with no word at all
gives no query, and fulltext search returns nothing for it.
"""

from __future__ import annotations

import re

from graph_rag.store.rows import identifier_words

MAX_TERMS = 64  # well under Lucene's 1,024 clauses; 2,000 characters rarely make more

# Words so common in English docstrings that matching them says nothing about the
# function; dropping them from the query (not the index) moved MRR on the benchmark.
STOPWORDS = frozenset(
    "a an and are as at be by for from if in into is it its of on or that the "  # noqa: SIM905
    "this to was will with".split()
)

_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


def lucene_query(text: str, *, drop_stopwords: bool = True) -> str:
    """Optional terms for Lucene ("" when the text holds no word).

    >>> lucene_query("Parse an HTTPDate( AND time")
    'parse http date time'
    """
    words = [w for w in identifier_words(text) if w.isalnum()]
    if drop_stopwords:
        kept = [w for w in words if w not in STOPWORDS]
        words = kept or words  # a query of stopwords only still searches for them
    return " ".join(list(dict.fromkeys(words))[:MAX_TERMS])


def escape_lucene(text: str) -> str:
    """``text`` with every Lucene special character escaped (for exact phrases)."""
    return _LUCENE_SPECIAL.sub(r"\\\1", text)


def glob_regex(glob: str) -> str:
    """An ``fnmatch.fnmatchcase`` glob as a regex that Cypher's ``=~`` matches whole.

    Written for both Java (the servers) and Python: ``*`` -> ``.*``, ``?`` -> ``.``,
    ``[...]`` and ``[!...]`` -> classes, every other non-alphanumeric escaped
    (``src/*.py`` -> ``src\\/.*\\.py``).
    """
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        i += 1
        if c == "*":
            if not out or out[-1] != ".*":  # "**" is one "*" (no backtracking blow-up)
                out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = i
            if j < n and glob[j] == "!":
                j += 1
            if j < n and glob[j] == "]":
                j += 1
            while j < n and glob[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: a literal "["
                out.append("\\[")
                continue
            body = glob[i:j]
            i = j + 1
            negate = body.startswith("!")
            if negate:
                body = body[1:]
            escaped = "".join(ch if ch.isalnum() or ch == "-" else "\\" + ch for ch in body)
            out.append(f"[{'^' if negate else ''}{escaped}]")
        elif c.isalnum() or c == "_":
            out.append(c)
        else:
            out.append("\\" + c)
    return "".join(out)
