"""``builtins``, ``abc`` and ``functools`` stored as built (graph_rag/parse/prebuilt.py).

The first process to build them stores them; the next ones load them instead of
building, and must then infer exactly what a process that built them infers. Each case
runs fresh interpreters: a process builds (or loads) ``builtins`` once, when first asked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph_rag.config import USER_CACHE_ENV_VAR

# Inferences that lean on what the bootstrap leaves behind: constants' classes (``str``
# methods), containers' classes, generators, a builtin class's ``__dict__`` (an empty
# node holding a live mapping), a member descriptor (an empty node holding astroid's
# "no object" marker), exceptions, ``functools.partial`` and ``abc.ABC``.
PROBE = textwrap.dedent(
    """
    import astroid
    from astroid import raw_building
    from astroid.manager import AstroidManager
    from graph_rag.parse.builder import prebuild_externals

    built = []
    bootstrap = raw_building._astroid_bootstrapping
    raw_building._astroid_bootstrapping = lambda: (built.append(True), bootstrap())[1]
    prebuild_externals()
    print("built" if built else "loaded")
    module = astroid.parse('''
    import abc, functools
    def gen():
        yield 1
    def add(a, b):
        return a + b
    class Base(abc.ABC):
        pass
    "a".upper()  #@
    [1].append  #@
    {1: 2}.items()  #@
    gen()  #@
    functools.partial(add, 1)  #@
    ValueError("x").args  #@
    Base.__mro__  #@
    KeyError.__dict__  #@
    (1).bit_length  #@
    slice.start  #@
    ''')
    def describe(value):
        if value is astroid.Uninferable:
            return "Uninferable"
        named = value.qname() if hasattr(value, "qname") else ""
        return f"{type(value).__name__} {named} {value.pytype()}".strip()
    for node in module.body[4:]:
        try:
            print(node.as_string(), "->", ", ".join(describe(v) for v in node.value.infer()))
        except astroid.InferenceError as exc:
            print(node.as_string(), "->", type(exc).__name__)
    builtins = AstroidManager().astroid_cache["builtins"]
    shared = builtins["int"].locals["bit_length"][0].instance_attrs["__class__"][0]
    print("shared __class__:", shared is builtins["int"].locals["to_bytes"][0].instance_attrs["__class__"][0])
    """
)


def _probe(cache: Path) -> list[str]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, USER_CACHE_ENV_VAR: str(cache)},
    )
    return run.stdout.splitlines()


def _entries(cache: Path) -> list[Path]:
    return list((cache / "parse").glob("prebuilt-*/externals.pickle"))


@pytest.fixture(scope="module")
def built_then_loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[str], Path]:
    cache = tmp_path_factory.mktemp("cache")
    return _probe(cache), _probe(cache), cache


def test_the_first_process_builds_and_stores_them_the_next_loads_them(
    built_then_loaded: tuple[list[str], list[str], Path],
) -> None:
    first, second, cache = built_then_loaded
    assert (first[0], second[0]) == ("built", "loaded")
    assert len(_entries(cache)) == 1


def test_a_process_that_loaded_them_infers_what_one_that_built_them_does(
    built_then_loaded: tuple[list[str], list[str], Path],
) -> None:
    first, second, _ = built_then_loaded
    assert second[1:] == first[1:]
    inferred = dict(line.split(" -> ") for line in second[1:-1])
    assert inferred["'a'.upper()"] == "Const builtins.str builtins.str"
    assert inferred["gen()"] == "Generator builtins.generator builtins.generator"
    assert inferred["ValueError('x').args"] == "Instance builtins.tuple builtins.tuple"
    assert inferred["functools.partial(add, 1)"] == "PartialFunction PartialFunction builtins.function"
    assert second[-1] == "shared __class__: True"


def test_an_entry_that_does_not_read_back_is_built_again_and_replaced(tmp_path: Path) -> None:
    _probe(tmp_path)
    [entry] = _entries(tmp_path)
    entry.write_bytes(b"not a pickle")
    assert _probe(tmp_path)[0] == "built"
    assert _probe(tmp_path)[0] == "loaded"


def test_modules_that_cannot_be_pickled_are_built_and_not_tried_again(tmp_path: Path) -> None:
    """A live object no name finds again (here: every one) makes the modules unstorable;
    the entry says so, and later processes build them without another costly attempt."""
    unstorable = (
        "from graph_rag.parse import prebuilt\n"
        "def refuse(self, obj):\n"
        "    raise prebuilt._Unstorable('a live object')\n"
        "prebuilt._Pickler.persistent_id = refuse\n"
        "tried = []\n"
        "dump = prebuilt._Pickler.dump\n"
        "prebuilt._Pickler.dump = lambda self, obj: (tried.append(True), dump(self, obj))[1]\n"
    )
    probe = unstorable + PROBE + "print('pickling tried' if tried else 'pickling not tried')\n"
    env = {**os.environ, USER_CACHE_ENV_VAR: str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
        for _ in range(2)
    ]
    first, second = (run.stdout.splitlines() for run in runs)
    assert (first[0], first[-1]) == ("built", "pickling tried")
    assert (second[0], second[-1]) == ("built", "pickling not tried")
    _probe(tmp_path / "other")  # stores them
    assert second[1:-1] == _probe(tmp_path / "other")[1:]  # infers what a process loading them does
