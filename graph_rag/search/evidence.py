"""What a candidate's own names say about the query: the lexical evidence hybrid adds to ranks.

Rank fusion sees only where each list put a function. It cannot see that "Return
the cookie's domain" names two of the three words of ``get_cookie_domain``, nor
that a dunder method is rarely what prose asks for. ``fusion.fuse`` adds these
shares and flags to the fused score with weights fitted on other libraries
(bench/fusion_fit.py), never on the benchmark's.

A share is the part of the query's words (stopwords dropped, English inflections
undone as for the fulltext query) found among a name's words, identifiers split
on case and underscores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graph_rag.search.query_text import query_word_forms
from graph_rag.store.rows import identifier_words


@dataclass(frozen=True, slots=True)
class NameEvidence:
    name: float  # share of the query's words in the function's own name
    owner: float  # ... in the enclosing name (the class of a method, else the module)
    signature: float  # ... in the signature (name, parameters, annotations)
    dunder: bool  # ``__eq__``: rarely what a sentence asks for
    private: bool  # ``_helper``, ``__mangled``


class QueryWords:
    """A query's words, each with the forms it may take in code, read once per search."""

    def __init__(self, text: str) -> None:
        self.forms: Sequence[frozenset[str]] = query_word_forms(text)

    def share(self, words: set[str]) -> float:
        """The part of the query's words that ``words`` holds in some form."""
        if not self.forms:
            return 0.0
        return sum(1 for forms in self.forms if forms & words) / len(self.forms)

    def evidence(self, qualname: str, name: str, signature: str) -> NameEvidence:
        """What a function's qualified name, name and signature say about this query."""
        parts = qualname.split(".")
        owner = parts[-2] if len(parts) > 1 else ""
        dunder = len(name) > 4 and name.startswith("__") and name.endswith("__")
        return NameEvidence(
            name=self.share(set(identifier_words(name))),
            owner=self.share(set(identifier_words(owner))),
            signature=self.share(set(identifier_words(signature))),
            dunder=dunder,
            private=name.startswith("_") and not dunder,
        )
