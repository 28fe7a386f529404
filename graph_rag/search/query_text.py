"""User text -> what the fulltext index is asked: a safe Lucene query.

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


def word_stems(word: str) -> list[str]:
    """``word`` and the bare forms English inflection may have hidden.

    The index holds code identifiers (``parse``, ``header``) and is not stemmed,
    while queries are prose ("Parses the headers"): without these a query word
    misses the identifier it names. Candidates that are no word cost nothing.

    >>> word_stems("parses"), word_stems("entries"), word_stems("parsing")
    (['parses', 'parse', 'pars'], ['entries', 'entry'], ['parsing', 'pars', 'parse'])
    """
    forms = [word]
    if len(word) > 4 and word.endswith("ies"):
        forms.append(word[:-3] + "y")
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
        if word.endswith("es"):
            forms.append(word[:-2])
    elif len(word) > 4 and word.endswith("ed"):
        forms += [word[:-1], word[:-2]]
        if word[-3] == word[-4]:  # "stopped" -> "stop"
            forms.append(word[:-3])
    elif len(word) > 5 and word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
        if word[-4] == word[-5]:  # "getting" -> "get"
            forms.append(word[:-4])
    return list(dict.fromkeys(forms))


def lucene_query(text: str, *, drop_stopwords: bool = True, stems: bool = True) -> str:
    """Optional terms for Lucene ("" when the text holds no word).

    >>> lucene_query("Parse an HTTPDate( AND time")
    'parse http date time'
    """
    words = [w for w in identifier_words(text) if w.isalnum()]
    if drop_stopwords:
        kept = [w for w in words if w not in STOPWORDS]
        words = kept or words  # a query of stopwords only still searches for them
    if stems:
        words = [form for w in words for form in word_stems(w)]
    return " ".join(list(dict.fromkeys(words))[:MAX_TERMS])


def query_word_forms(text: str) -> list[frozenset[str]]:
    """Each distinct word of ``text`` that says something, with the forms it may take in
    code: one-letter words (what "cookie's" leaves) are dropped, and so are stopwords
    unless nothing else is left.

    >>> [sorted(f) for f in query_word_forms("Parses the cookie's headers")]
    [['pars', 'parse', 'parses'], ['cookie'], ['header', 'headers']]
    """
    words = [w for w in dict.fromkeys(identifier_words(text)) if w.isalnum() and len(w) > 1]
    kept = [w for w in words if w not in STOPWORDS] or words
    return [frozenset(word_stems(w)) for w in kept]


# Far above any Python qualified name, and below where following a dotted name as an
# export (every prefix of it a module to ask the store for) grows past a request's time:
# a 10,000-character symbol of 5,000 parts kept the server busy past 10 s.
MAX_NAME_CHARS = 500
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_REPO_PREFIX = re.compile(r"[\w.-]+:(?=[A-Za-z_])")  # an id's 'requests:' before its qualified name


def symbol_in(text: str) -> str | None:
    """The symbol ``text`` names, where it is one rather than words: a dotted name
    (``HTTPAdapter.send``), or an identifier with an underscore or an inner capital
    (``parse_cookie``, ``urlEncode``), a trailing ``()`` allowed; an id
    (``requests:requests.api.get``) names its qualified name. A plain word (``send``)
    is prose to search for, not a name to look up.

    >>> symbol_in("HTTPAdapter.send"), symbol_in(" parse_cookie() "), symbol_in("send"), symbol_in("a b")
    ('HTTPAdapter.send', 'parse_cookie', None, None)
    >>> symbol_in("requests:requests.api.get")
    'requests.api.get'
    """
    name = text.strip().removesuffix("()")
    if prefix := _REPO_PREFIX.match(name):
        name = name[prefix.end() :]
    if not _DOTTED.fullmatch(name):
        return None
    if "." in name or "_" in name.strip("_") or any(c.isupper() for c in name[1:]):
        return name
    return None
