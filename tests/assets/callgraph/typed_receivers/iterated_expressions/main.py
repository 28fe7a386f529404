import difflib
import itertools
import traceback
from pathlib import Path


def module_functions(exc_info, left: list[str], right: list[str]) -> None:
    for line in traceback.format_exception(*exc_info):  # a module's function: list[str]
        line.strip()
    for diff in difflib.ndiff(left, right):  # Iterator[str]
        diff.rstrip()


def comprehensions(root: Path, text: str) -> None:
    for path in sorted(p for p in root.rglob("*.py") if p.is_file()):  # a generator's elements
        path.relative_to(root)
    for word in [w.strip() for w in text.split(",")]:  # what the comprehension makes
        word.upper()
    for key in {k.lower(): 1 for k in text.split()}:  # a dict comprehension's keys
        key.title()


def chained_and_sliced(path: Path, lines: list[str]) -> None:
    for parent in itertools.chain((path,), path.parents):  # every argument's elements
        parent.is_dir()
    for line in lines[1:]:  # a slice holds what the list does
        line.lstrip()


def stepped_by_hand(text: str) -> None:
    words = iter(text.split())  # an iterator over what it is given (rich's Style.parse)
    for word in words:
        word.lower()
