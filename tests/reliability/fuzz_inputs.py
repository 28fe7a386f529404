"""Generated and mutated Python sources for fuzzing the parser, shared by the test suite
(a short hypothesis run) and ``bench/fuzz_parse.py`` (the long run).

Each family is a function ``(rng) -> {relative path: bytes}``: most give one file,
the import families give a small package of modules that import each other. A
batch of them is written into one directory and parsed as one repository, so
modules from different families also meet in imports.

Families: random bytes, random text, mutated real files (truncated, spliced,
bytes flipped, lines shuffled; from the sdists in ``~/.cache/graph-rag/sdists``
when present, else from this repository), deep nesting of every kind, huge
literals, encodings (BOMs, coding cookies, UTF-16, invalid bytes, odd line
ends), NUL bytes, Python 2 code, recursive imports, self-referential
assignments, metaclass and inheritance loops, and inference that recurses
forever.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

Files = dict[str, bytes]
Family = Callable[[random.Random], Files]

SDISTS = Path.home() / ".cache" / "graph-rag" / "sdists"
_CORPORA = (
    "requests-2.32.3",
    "flask-3.1.0",
    "click-8.1.7",
    "attrs-24.2.0",
    "werkzeug-3.1.3",
    "jinja2-3.1.4",
    "httpx-0.27.2",
)
# Discovery never hands the parser a file over 1 MiB (DEFAULT_MAX_FILE_BYTES); the
# huge-literal family stays just under it.
MAX_BYTES = 1024 * 1024 - 1024


@cache
def real_files() -> tuple[Path, ...]:
    """Real Python files to mutate: the pinned sdists, else graph-rag's own sources."""
    found: list[Path] = []
    for name in _CORPORA:
        found.extend(sorted((SDISTS / name).rglob("*.py")))
    if not found:
        found = sorted((Path(__file__).parents[2] / "graph_rag").rglob("*.py"))
    return tuple(f for f in found if 0 < f.stat().st_size < 200_000)


def _name(rng: random.Random) -> str:
    return rng.choice(["a", "b", "x", "self", "cls", "f", "g", "obj", "Meta", "ünï", "_", "__x"])


def random_bytes(rng: random.Random) -> Files:
    return {"m.py": rng.randbytes(rng.randint(0, 4000))}


_ALPHABET = "abcxyz_019 \t\n()[]{}:;.,=+-*/%@<>!&|^~'\"\\#\x0c\r" + "é中\u200b\U0001f600\ud800"


def random_text(rng: random.Random) -> Files:
    text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 3000)))
    return {"m.py": text.encode("utf-8", "surrogatepass")}


def mutated_real_file(rng: random.Random) -> Files:
    data = rng.choice(real_files()).read_bytes()
    for _ in range(rng.choice([1, 1, 1, 2, 4])):
        how = rng.randrange(6)
        cut = rng.randint(0, len(data))
        if how == 0:  # truncated
            data = data[:cut]
        elif how == 1:  # a range deleted
            data = data[:cut] + data[cut + rng.randint(1, 400) :]
        elif how == 2:  # random bytes (or punctuation, which still decodes) inserted
            noise = (
                rng.randbytes(rng.randint(1, 16))
                if rng.random() < 0.3
                else rng.choice(
                    [b"(", b")", b":", b"\n", b"    ", b"'", b'"""', b"lambda", b"\\", b"@", b"*"]
                )
            )
            data = data[:cut] + noise + data[cut:]
        elif how == 3:  # a range duplicated (often unbalanced blocks)
            end = cut + rng.randint(1, 2000)
            data = data[:end] + data[cut:end] + data[end:]
        elif how == 4:  # lines shuffled: indentation and scopes break
            lines = data.split(b"\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        else:  # one indentation level removed or added
            data = data.replace(b"\n    ", b"\n" if rng.random() < 0.5 else b"\n        ", 40)
    return {"m.py": data}


def deep_nesting(rng: random.Random) -> Files:
    n = rng.choice([50, 200, 1000, 3000, 10_000, 50_000])
    kind = rng.randrange(10)
    if kind == 0:
        text = "x = " + "(" * n + "1" + ")" * n
    elif kind == 1:
        text = "x = " + "[" * n + "]" * n
    elif kind == 2:
        text = "x = " + "{'k': " * n + "1" + "}" * n
    elif kind == 3:
        text = "x = " + " + ".join(["a"] * n)
    elif kind == 4:
        text = "x = a" + ".b" * n + "\nx" + "()" * min(n, 5000) + "\n"
    elif kind == 5:
        n = min(n, 400)  # Python refuses more than 100 nested blocks: both sides of that
        text = "".join(" " * i + "if x:\n" for i in range(n)) + " " * n + "pass\n"
    elif kind == 6:
        n = min(n, 300)
        text = "".join(" " * i + f"def f{i}():\n" for i in range(n)) + " " * n + "return f0()\n"
    elif kind == 7:
        text = "f = " + "lambda: " * n + "f()"
    elif kind == 8:
        text = "x = " + "not " * n + "x"
    else:
        text = "x = " + "-" * n + "1"
    return {"m.py": text.encode()}


def huge_literal(rng: random.Random) -> Files:
    size = rng.choice([10_000, 100_000, 900_000])
    kind = rng.randrange(6)
    if kind == 0:
        text = "s = '" + "a" * size + "'\n"
    elif kind == 1:
        text = "n = " + "9" * min(size, 50_000) + "\n"  # past int's 4300-digit limit
    elif kind == 2:
        text = "xs = [" + ", ".join(str(i) for i in range(size // 8)) + "]\n"
    elif kind == 3:
        text = "d = {" + ", ".join(f"{i}: f({i})" for i in range(size // 12)) + "}\n"
    elif kind == 4:
        text = 'b = b"' + "\\x00" * (size // 4) + '"\n'
    else:  # capped: see quadratic_fstring
        text = 's = f"' + "{x}" * (min(size, 100_000) // 3) + '"\n'
    return {"m.py": text.encode()[:MAX_BYTES]}


def quadratic_fstring(rng: random.Random) -> Files:
    """Was a hang: CPython 3.11's parser takes time quadratic in the replacement fields of
    one f-string (40k fields: 2.5 s; 300k, a 900 KB file under the 1 MiB discovery
    bound: minutes), inside ``ast.parse`` where no SIGALRM bound can interrupt it. Now
    refused before parsing (``builder.MAX_FSTRING_FIELDS``)."""
    fields = rng.choice([70_000, 150_000, 300_000])
    return {"m.py": ('s = f"' + "{x}" * fields + '"\n').encode()}


_BODY = "def f():\n    return g()\n\n\ndef g():\n    return 'é'\n"


def odd_encoding(rng: random.Random) -> Files:
    kind = rng.randrange(12)
    if kind == 0:
        data = b"\xef\xbb\xbf" + _BODY.encode()
    elif kind == 1:  # a BOM that contradicts the cookie: Python refuses it
        data = b"\xef\xbb\xbf# -*- coding: latin-1 -*-\n" + _BODY.encode()
    elif kind == 2:
        data = b"# -*- coding: latin-1 -*-\n" + _BODY.encode("latin-1")
    elif kind == 3:
        data = b"# coding: klingon\n" + _BODY.encode()
    elif kind == 4:
        data = b"\n\n# coding: latin-1\n" + _BODY.encode("latin-1")  # cookie too late
    elif kind == 5:
        data = _BODY.encode("utf-16")
    elif kind == 6:
        data = b"x = '\xff\xfe\xc3\x28'\n" + _BODY.encode()
    elif kind == 7:
        data = _BODY.replace("\n", "\r").encode()
    elif kind == 8:
        data = _BODY.replace("\n", "\r\n").encode() + b"\x0c\x0c"
    elif kind == 9:
        data = "# coding: utf-8\ndef ƒ():\n    return ﬁle()\nπ = ƒ\u200b\n".encode()
    elif kind == 10:
        data = b"# vim: set fileencoding=cp1252 :\n" + "s = '€'\n".encode("cp1252")
    else:
        data = b"# coding: utf-8\n" + "s = '\ud800'\n".encode("utf-8", "surrogatepass")
    return {"m.py": data}


def nul_bytes(rng: random.Random) -> Files:
    data = bytearray(_BODY.encode() * rng.randint(1, 5))
    for _ in range(rng.randint(1, 3)):
        data.insert(rng.randint(0, len(data)), 0)
    return {"m.py": bytes(data)}


_PY2 = [
    'print "hello"\n',
    "exec 'x = 1'\n",
    "x = `y`\n",
    "try:\n    pass\nexcept Exception, e:\n    pass\n",
    "n = 0777\nm = 10L\n",
    "s = ur'abc'\n",
    "if 1 <> 2:\n    raise ValueError, 'no'\n",
    "def f((a, b)):\n    return a\n",
    "class Old:\n    def __nonzero__(self):\n        print >>sys.stderr, 'x'\n",
    "import string\nprint string.letters\n",
]


def python2(rng: random.Random) -> Files:
    return {"m.py": "".join(rng.sample(_PY2, rng.randint(1, 4))).encode()}


def recursive_imports(rng: random.Random) -> Files:
    n = rng.randint(2, 6)
    pkg = f"p{rng.randrange(10**6)}"
    files: Files = {f"{pkg}/__init__.py": f"from {pkg}.m0 import *\nfrom . import *\n".encode()}
    for i in range(n):
        nxt, prv = (i + 1) % n, (i - 1) % n
        files[f"{pkg}/m{i}.py"] = (
            f"from {pkg}.m{nxt} import *\n"
            f"from {pkg} import m{prv} as other\n"
            f"import {pkg}.m{i} as me\n"
            f"from .m{i} import f{i} as again\n"
            f"def f{i}():\n    return f{nxt}() + other.f{prv}() + me.f{i}() + again()\n"
            f"x{i} = me.me.me.other.x{prv}\n"
            f"__all__ = ['f{i}', 'f{nxt}', 'x{nxt}']\n"
        ).encode()
    return files


_SELF_REF = [
    "a = a.b\na.b = a\na.b.b.b()\n",
    "x = x()\nx()()\n",
    "a = b\nb = a\na()\nb()\n",
    "x = [x]\nx[0][0][0]()\n",
    "x += x\nx.y = x\nx.y.y.y.y()\n",
    "def f():\n    return f\nf()()()()()\n",
    "def f():\n    return f()()\nf()\n",
    "f = lambda: f()\nf()\n",
    "def f(x):\n    return f(x) + f(x)\nf(1).real()\n",
    "class A:\n    def __getattr__(self, n):\n        return self.n.n\nA().x.y.z()\n",
    "import m as m\nm.m.m.m()\n",
    "from m import *\nfrom m import x as x\nx()\n",
    "g = globals\ng()['g']()()\n",
    "a = 1\n" + "".join(f"a = a.f{i}()\n" for i in range(300)) + "a()\n",
    "def d(f):\n    return d(d)\n@d\n@d\ndef h():\n    pass\nh()\n",
    "x = y = z = x\nz.x.y.z()\n",
]


def self_referential(rng: random.Random) -> Files:
    return {"m.py": "".join(rng.sample(_SELF_REF, rng.randint(1, 5))).encode()}


_CLASSES = [
    "class M(type, metaclass=M):\n    pass\n"
    "class C(metaclass=M):\n    def f(self):\n        self.f()\nC().f()\n",
    "class A(B):\n    pass\nclass B(A):\n    pass\nA().x()\nB.mro()\n",
    "class A(A):\n    def f(self):\n        return super().f()\nA().f()\n",
    "class M(type):\n    def __call__(cls):\n        return cls()\nclass C(metaclass=M):\n    pass\nC()()\n",
    "class C:\n    def __new__(cls):\n        return C()\n"
    "    def __init__(self):\n        self.x = C()\nC().x.x.x.f()\n",
    "class P:\n    @property\n    def p(self):\n        return self.p\nP().p.p()\n",
    "class A:\n    pass\nA.__bases__ = (A,)\nA().f()\n",
    "def make():\n    class K(make()):\n        pass\n    return K\nmake()().g()\n",
    "class C(object.__class__.__class__):\n    __class__ = property(lambda s: C)\nC().__class__()\n",
    "class M(type):\n    def __getattr__(cls, n):\n        return cls.n\n"
    "class C(metaclass=M):\n    pass\nC.x.y()\n",
    "import typing\nT = typing.TypeVar('T', bound='C[T]')\nclass C(typing.Generic[T], C):\n    pass\n",
]


def class_loops(rng: random.Random) -> Files:
    return {"m.py": "".join(rng.sample(_CLASSES, rng.randint(1, 4))).encode()}


FAMILIES: dict[str, Family] = {
    "random_bytes": random_bytes,
    "random_text": random_text,
    "mutated_real_file": mutated_real_file,
    "deep_nesting": deep_nesting,
    "huge_literal": huge_literal,
    "odd_encoding": odd_encoding,
    "nul_bytes": nul_bytes,
    "python2": python2,
    "recursive_imports": recursive_imports,
    "self_referential": self_referential,
    "class_loops": class_loops,
    "quadratic_fstring": quadratic_fstring,
}
# Families that find a known, reported bug: left out of FAMILIES so the long run measures
# everything else; ``bench/fuzz_parse.py --known`` adds them back. None open now.
KNOWN: dict[str, Family] = {}


def generate(family: str, seed: int) -> Files:
    """One input of a family, the same for the same seed."""
    return {**FAMILIES, **KNOWN}[family](random.Random(f"{family}:{seed}"))


# -- the harness -----------------------------------------------------------------------


def write_inputs(root: Path, inputs: list[tuple[str, Files]]) -> list[Path]:
    """Write inputs under ``root`` (input i in folder ``i<i>``); the paths to parse."""
    paths: list[Path] = []
    for i, (_, files) in enumerate(inputs):
        for rel, data in files.items():
            path = root / f"i{i}" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            paths.append(path)
    return paths


def parse_each(
    root: Path,
    paths: list[Path],
    *,
    file_timeout_s: float,
    call_timeout_s: float = 0.5,
    on_file: Callable[[Path], None] | None = None,
) -> list[tuple[Path, str, float]]:
    """Parse ``paths`` as one repository the way a parser worker does (one Session,
    file after file); (path, "model" | "error", seconds) for each. An exception
    escaping ``Session.parse`` is a crash and propagates."""
    from graph_rag.parse.files import Session
    from graph_rag.parse.roots import ModuleIndex, walk_python_files

    index = ModuleIndex.build(root, walk_python_files(root), extra=paths)
    outcomes: list[tuple[Path, str, float]] = []
    with Session("fuzz", index, call_timeout_s=call_timeout_s, file_timeout_s=file_timeout_s) as session:
        for path in paths:
            if on_file is not None:
                on_file(path)
            began = time.perf_counter()
            result = session.parse(path)
            seconds = time.perf_counter() - began
            if (result.parsed is None) == (result.error is None):
                raise AssertionError(f"{path}: neither or both of a model and an error")
            outcomes.append((path, "model" if result.parsed else "error", seconds))
    return outcomes
