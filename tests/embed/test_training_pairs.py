"""Training pairs for tune-embedder: (first docstring sentence, code without the docstring)."""

from __future__ import annotations

from pathlib import Path

from graph_rag.services.training_pairs import collect_pairs, query_sentence

MODULE = '''
def parse_date(text):
    """Parse an ISO date into a date object.

    More detail that is not part of the query.
    """
    return date.fromisoformat(text)


def slugify(title):
    """Turn a title into a URL slug."""
    return "-".join(title.lower().split())


def helper(x):
    """helper"""
    return x


def undocumented(x):
    return x
'''


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_the_query_is_the_first_full_sentence_of_the_docstring() -> None:
    assert query_sentence("Parse an ISO date.\n\nReturns a date.") == "Parse an ISO date."
    assert query_sentence("Turn a title\ninto a URL slug. Then more.") == "Turn a title into a URL slug."
    assert query_sentence("helper") is None  # not a sentence
    assert query_sentence("lowercase start is not a sentence.") is None
    assert query_sentence("Too short.") is None  # fewer than three words


def test_pairs_hold_the_code_without_its_docstring(tmp_path: Path) -> None:
    write(tmp_path / "lib", "lib/__init__.py", "")
    write(tmp_path / "lib", "lib/dates.py", MODULE)
    found = collect_pairs([tmp_path / "lib"], workers=1)
    by_query = {p.query: p for p in found.pairs}
    assert set(by_query) == {"Parse an ISO date into a date object.", "Turn a title into a URL slug."}
    code = by_query["Parse an ISO date into a date object."].code
    assert "return date.fromisoformat(text)" in code
    assert "More detail" not in code and "Parse an ISO" not in code
    assert code.startswith("function lib dates parse date\nparse_date(text)")
    assert by_query["Turn a title into a URL slug."].source == "lib:lib.dates.slugify"


def test_tests_docs_vendored_and_installed_copies_are_not_learned_from(tmp_path: Path) -> None:
    for folder in ("tests", "docs", "lib/_vendor", "lib/python3.11/site-packages/other"):
        write(tmp_path / "proj", f"{folder}/mod.py", MODULE)
    assert collect_pairs([tmp_path / "proj"], workers=1).pairs == []


def test_held_out_code_never_becomes_training_data(tmp_path: Path) -> None:
    write(tmp_path / "train", "train/dates.py", MODULE)
    # The evaluation corpus holds a copy of slugify: learning it would leak the answer.
    write(tmp_path / "eval", "evalpkg/text.py", MODULE.split("def helper")[0].split("\n\n\n")[1])
    found = collect_pairs([tmp_path / "train"], held_out=[tmp_path / "eval"], workers=1)
    assert [p.query for p in found.pairs] == ["Parse an ISO date into a date object."]
    assert found.held_out_dropped == 1


def test_a_file_that_does_not_parse_is_skipped_and_counted(tmp_path: Path) -> None:
    write(tmp_path / "lib", "lib/good.py", MODULE)
    write(tmp_path / "lib", "lib/bad.py", "def broken(:\n")
    found = collect_pairs([tmp_path / "lib"], workers=1)
    assert (found.files, found.files_skipped) == (2, 1)
    assert len(found.pairs) == 2


def test_a_query_shared_by_two_functions_is_learned_once(tmp_path: Path) -> None:
    write(tmp_path / "lib", "lib/a.py", MODULE)
    write(tmp_path / "lib", "lib/b.py", MODULE)
    found = collect_pairs([tmp_path / "lib"], workers=1)
    assert len(found.pairs) == 2 and found.repeated_dropped == 2
