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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache

from graph_rag.search.query_text import query_word_forms
from graph_rag.store.rows import identifier_words


@dataclass(frozen=True, slots=True)
class NameEvidence:
    name: float  # share of the query's words in the function's own name
    owner: float  # ... in the enclosing name (the class of a method, else the module)
    signature: float  # ... in the signature (name, parameters, annotations)
    dunder: bool  # ``__eq__``: rarely what a sentence asks for
    private: bool  # ``_helper``, ``__mangled``


EVIDENCE = tuple(f.name for f in fields(NameEvidence))  # FusionWeights has a weight for each


def is_dunder(name: str) -> bool:
    """``__eq__``, not ``__mangled`` nor a row of underscores."""
    inner = name[2:-2]
    return name.startswith("__") and name.endswith("__") and inner != "" and inner.strip("_") == inner


@lru_cache(maxsize=1 << 16)
def _words(name: str) -> frozenset[str]:
    """A name's words; the same candidates come back query after query (most of the cost)."""
    return frozenset(identifier_words(name))


class QueryWords:
    """A query's words, each with the forms it may take in code, read once per search."""

    def __init__(self, text: str) -> None:
        forms: Sequence[frozenset[str]] = query_word_forms(text)
        self.count = len(forms)
        # each form a word may take -> the query words it stands for
        self._words_of: dict[str, set[int]] = {}
        for i, word_forms in enumerate(forms):
            for form in word_forms:
                self._words_of.setdefault(form, set()).add(i)

    def share(self, words: Iterable[str]) -> float:
        """The part of the query's words that ``words`` holds in some form."""
        if not self.count:
            return 0.0
        found: set[int] = set()
        for word in words:
            found |= self._words_of.get(word, set())
        return len(found) / self.count

    def evidence(self, qualname: str, name: str, signature: str) -> NameEvidence:
        """What a function's qualified name, name and signature say about this query."""
        parts = qualname.split(".")
        owner = parts[-2] if len(parts) > 1 else ""
        dunder = is_dunder(name)
        return NameEvidence(
            name=self.share(_words(name)),
            owner=self.share(_words(owner)),
            signature=self.share(_words(signature)),
            dunder=dunder,
            private=name.startswith("_") and not dunder,
        )

    def row_evidence(self, row: Mapping[str, object]) -> NameEvidence:
        """The evidence of a search row (what search_vector / search_fulltext return)."""
        return self.evidence(
            str(row.get("qualname") or ""), str(row.get("name") or ""), str(row.get("signature") or "")
        )
