"""Standard-library types from typeshed's stubs (graph_rag/parse/stdlib_stubs.py).

astroid does not read the standard library's source; the stubs say what its functions
return and what its classes have, and only plain answers count: one class, the same
for every overload.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_rag.config import USER_CACHE_ENV_VAR
from graph_rag.parse import stdlib_stubs
from graph_rag.parse.stdlib_stubs import (
    attribute_elements,
    attribute_type,
    function_elements,
    function_returns,
    is_class,
    lacks,
    method_elements,
    method_returns,
    parameter_type,
)


@pytest.mark.parametrize(
    ("function", "returns"),
    [
        ("textwrap.dedent", "builtins.str"),
        ("logging.getLogger", "logging.Logger"),
        ("hashlib.sha256", "_hashlib.HASH"),  # where the class is defined, as at run time
        ("re.match", "re.Match"),  # ``Match[str] | None``: a method is called only on a match
        ("datetime.datetime.now", "datetime.datetime"),  # a classmethod's Self, called on the class
        ("os.path.join", None),  # a str overload and a bytes overload: no one answer
        ("os.path.no_such_function", None),
        ("requests.get", None),  # not the standard library
    ],
)
def test_a_function_returns_the_one_class_its_stub_declares(function: str, returns: str | None) -> None:
    assert function_returns(function) == returns


@pytest.mark.parametrize(
    ("klass", "method", "returns"),
    [
        ("pathlib.Path", "joinpath", "pathlib.Path"),  # ``-> Self`` on PurePath, read on a Path
        ("pathlib.Path", "read_text", "builtins.str"),
        ("builtins.str", "strip", "builtins.str"),  # the LiteralString overload is a str too
        ("builtins.str", "split", "builtins.list"),
        ("re.Pattern", "match", "re.Match"),
        ("datetime.datetime", "date", "datetime.date"),  # ``-> _Date``, a ``TypeAlias`` of date
        ("pathlib.Path", "parent", None),  # a property is read, not called
        ("builtins.bytes", "casefold", None),  # str has it, bytes does not
    ],
)
def test_a_method_returns_what_the_first_class_of_its_hierarchy_declares(
    klass: str, method: str, returns: str | None
) -> None:
    assert method_returns(klass, method) == returns


def test_attributes_are_typed_by_their_declaration_or_their_property() -> None:
    assert attribute_type("pathlib.Path", "parent") == "pathlib.Path"  # ``-> Self``
    assert attribute_type("pathlib.PurePath", "name") == "builtins.str"
    assert attribute_type("datetime.datetime", "tzinfo") == "datetime.tzinfo"  # ``_TzInfo | None``
    assert attribute_type("subprocess.CompletedProcess", "stdout") is None  # a type variable


def test_a_class_lacks_only_what_neither_it_nor_any_base_defines() -> None:
    assert lacks("pathlib.PurePath", "mkdir")  # a Path's, not a PurePath's
    assert not lacks("pathlib.Path", "mkdir")
    assert not lacks("reprlib.Repr", "__init__")  # object's, the base no stub writes
    # __getattr__ answers any name, but not with a member of the class: no edge to name
    assert lacks("types.ModuleType", "SessionStore")
    assert not lacks("requests.Session", "anything")  # no stub: nothing is known


def test_version_branches_are_read_for_the_running_interpreter() -> None:
    # PurePath.full_match is declared under ``if sys.version_info >= (3, 13):``.
    assert lacks("pathlib.PurePath", "full_match") == (sys.version_info < (3, 13))


def test_iterating_a_result_yields_its_first_type_argument() -> None:
    assert method_elements("builtins.str", "splitlines") == "builtins.str"  # list[str]
    assert method_elements("pathlib.Path", "rglob") == "pathlib.Path"  # Iterator[Self]
    assert method_elements("re.Pattern", "finditer") == "re.Match"  # Iterator[Match[str]]
    assert attribute_elements("pathlib.Path", "parents") == "pathlib.Path"  # Sequence[Self]
    assert function_elements("shlex.split") == "builtins.str"
    assert function_elements("os.listdir") is None  # str, bytes or PathLike overloads


def test_a_return_of_any_or_object_types_nothing() -> None:
    assert method_returns("builtins.object", "__getattribute__") is None  # -> Any
    assert function_returns("builtins.object.__new__") is None  # Self is the cls passed, not object


def test_a_tuple_yields_one_class_only_when_all_its_positions_share_it() -> None:
    assert method_elements("builtins.str", "partition") == "builtins.str"  # tuple[str, str, str]
    assert method_elements("re.Match", "span") == "builtins.int"  # tuple[int, int]
    assert function_elements("subprocess.getstatusoutput") is None  # tuple[int, str]


def test_members_are_looked_up_in_pythons_method_resolution_order() -> None:
    """StringIO derives from TextIOBase (whose IOBase declares ``__enter__ -> Self``) and,
    later, from typing.TextIO (``__enter__ -> TextIO``): C3 puts IOBase first."""
    assert method_returns("io.StringIO", "__enter__") == "io.StringIO"
    assert method_returns("collections.defaultdict", "keys") == "_collections_abc.dict_keys"  # dict's
    assert method_returns("builtins.bool", "bit_length") == "builtins.int"  # int's


def test_a_parameter_has_the_class_its_stub_declares() -> None:
    assert parameter_type("logging.Handler", "emit", "record") == "logging.LogRecord"
    assert parameter_type("logging.StreamHandler", "emit", "record") == "logging.LogRecord"  # inherited
    assert parameter_type("html.parser.HTMLParser", "handle_starttag", "tag") == "builtins.str"
    assert parameter_type("logging.Handler", "emit", "no_such_parameter") is None
    assert parameter_type("logging.Handler", "no_such_method", "record") is None


def test_a_class_is_known_by_the_stubs_not_by_its_spelling() -> None:
    assert is_class("netrc.netrc")  # lower case, a class all the same
    assert is_class("collections.deque")
    assert is_class("io.StringIO")  # re-exported from _io
    assert not is_class("hashlib.sha256")  # a function that returns a HASH
    assert not is_class("typing.Any")  # says nothing about a value
    assert not is_class("requests.Session")  # not the standard library


def _answers() -> list[object]:
    return [
        method_returns("pathlib.Path", "joinpath"),
        method_elements("builtins.str", "splitlines"),
        attribute_type("pathlib.Path", "parent"),
        function_returns("datetime.datetime.now"),
        lacks("pathlib.PurePath", "mkdir"),
        lacks("builtins.dict", "items"),
    ]


def _forget_what_this_process_read() -> None:
    for cached in (stdlib_stubs._stub, stdlib_stubs._disk_cache, stdlib_stubs._class_chain):
        cached.cache_clear()


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setenv(USER_CACHE_ENV_VAR, str(tmp_path))
    _forget_what_this_process_read()
    yield tmp_path
    _forget_what_this_process_read()


def test_a_later_process_reads_the_stubs_from_the_disk_cache_with_the_same_answers(
    fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing the stubs cost each parser process about 0.1 s; what it keeps of them is
    pickled once and loaded after."""
    read_from_the_stubs = _answers()
    assert read_from_the_stubs == [
        "pathlib.Path",
        "builtins.str",
        "pathlib.Path",
        "datetime.datetime",
        True,
        False,
    ]
    assert {p.name for p in fresh_cache.glob("parse/stubs-*/*.pickle")} >= {
        "builtins.pickle",
        "pathlib.pickle",
    }
    _forget_what_this_process_read()  # as a new process would start
    monkeypatch.setattr(ast, "parse", lambda *_, **__: pytest.fail("a stub was parsed again"))
    assert _answers() == read_from_the_stubs
    # a class's member table is read only when the class is met: dict's was, memoryview's not
    builtins = stdlib_stubs._stub("builtins")
    assert builtins is not None
    assert isinstance(builtins.members["dict"], dict)
    assert isinstance(builtins.members["memoryview"], bytes)
