"""What standard-library functions return and classes hold, as typeshed's stubs declare.

astroid reads only a few standard-library modules (``builder.ALLOWED_EXTERNAL``):
building the rest from source would cost more than a repository's own parse. So
``textwrap.dedent(s).splitlines()`` or ``path.joinpath("x").mkdir()`` had a
receiver of no known type. The stubs typeshed publishes (bundled by the
``typeshed_client`` package; read as text with ``ast``, never imported) say what
each function returns and what each class defines, in a few milliseconds per module.

Only plain answers are given; anything else is None (no type, as before):

- a return or attribute annotation naming one class: ``str``, ``Path``, ``Self``
  (the receiver's class), ``list[str]`` (a ``list``), ``X | None`` (an ``X``: code
  calls a method on the result only where it is not None);
- every overload naming the same class (``os.path.join``'s ``str`` and ``bytes``
  overloads name none);
- ``if sys.version_info >= ...`` and ``sys.platform`` branches read as for the
  running interpreter.

Besides returns: what iterating a result yields (``list[str]``: a str), and whether a
class declares a member at all, so that no edge names one it lacks.
"""

from __future__ import annotations

import ast
import copy
import operator
import pickle
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import util
from pathlib import Path
from typing import TypeVar

from graph_rag.parse.disk_cache import DiskCache

T = TypeVar("T")
Element = str | tuple[str, ...]  # a class, or one per position of a tuple

# Annotations naming a class by another name: a literal string is a str.
_SAME_AS = {"LiteralString": "builtins.str"}
_BUILTIN_CLASSES = frozenset(
    {"str", "bytes", "bytearray", "int", "float", "complex", "bool", "list", "dict", "set", "frozenset"}
    | {"tuple", "memoryview", "range", "type", "object"}
)
_STDLIB = frozenset(sys.stdlib_module_names) | {"_typeshed"}
_SYS_VALUES: dict[str, object] = {"sys.version_info": tuple(sys.version_info), "sys.platform": sys.platform}
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
# Generic classes whose first type argument is what iterating one yields (a mapping's keys).
_ITERABLES = frozenset(
    {"list", "set", "frozenset", "tuple", "dict", "Iterator", "Iterable", "Generator", "Sequence"}
    | {"MutableSequence", "AbstractSet", "MutableSet", "Collection", "Reversible", "KeysView"}
    | {"ValuesView", "Mapping", "MutableMapping", "deque", "defaultdict", "OrderedDict", "Counter"}
)
_MAX_HOPS = 12  # re-exports and bases followed; typeshed's chains are short
# Classes in the stubs that say nothing about a value: any type at all, or none.
_NO_TYPE = frozenset({"typing.Any", "builtins.object", "typing.NoReturn", "typing.Never"})
_NO_MEMBERS = frozenset({"Generic", "Protocol"})  # bases that give an instance nothing to call
SELF = "typing.Self"  # what ``method_returns(..., self_type=SELF)`` answers for ``-> Self``


@cache
def _stub_root() -> Path | None:
    # Found, not imported: importing typeshed_client costs 8 ms, and only its data is read.
    spec = util.find_spec("typeshed_client")
    locations = list(spec.submodule_search_locations or ()) if spec is not None else []
    root = Path(locations[0]) / "typeshed" if locations else None
    return root if root is not None and root.is_dir() else None


@dataclass
class _Stub:
    """One stub module's top level, with its version and platform branches taken, and
    only what is read of it: no function's parameters or body, no class body but the
    table of its members (a third of the objects, and what the disk cache stores)."""

    name: str
    functions: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)  # local name -> qualified name
    star_imports: list[str] = field(default_factory=list)
    # ``_Date: TypeAlias = date``: an alias of a class, by the name it is read as
    aliases: dict[str, ast.expr] = field(default_factory=dict)
    # class name -> member name -> its definitions; pickled, each class's table apart
    members: dict[str, dict[str, list[ast.stmt]] | bytes] = field(default_factory=dict)

    def members_of(self, klass: ast.ClassDef) -> dict[str, list[ast.stmt]]:
        """The members a class body defines, its version branches taken."""
        table = self.members.get(klass.name, {})
        if isinstance(table, bytes):  # as stored: read on first use (__getstate__)
            table = self.members[klass.name] = pickle.loads(table)
        return table

    def __getstate__(self) -> dict[str, object]:
        """Each class's member table pickled on its own, so that loading the stub costs
        only its top level and a run reads the tables of the classes it meets, a few of
        ``builtins``' 106 (its top level loads in 1.6 ms, all its tables in 9 ms more)."""
        state = dict(self.__dict__)
        state["members"] = {
            name: table if isinstance(table, bytes) else pickle.dumps(table, pickle.HIGHEST_PROTOCOL)
            for name, table in self.members.items()
        }
        return state

    @classmethod
    def read(cls, name: str, tree: ast.Module) -> _Stub:
        stub = cls(name)
        for statement in _taken(tree.body):
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                stub.functions.setdefault(statement.name, []).append(_signature_only(statement))
            elif isinstance(statement, ast.ClassDef):
                stub.classes[statement.name] = statement
                stub.members[statement.name] = _member_table(statement)
                statement.body = []
            elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                for alias in statement.names:
                    if alias.name == "*":
                        stub.star_imports.append(statement.module)
                    else:
                        stub.imports[alias.asname or alias.name] = f"{statement.module}.{alias.name}"
            elif isinstance(statement, ast.Import):
                for alias in statement.names:
                    stub.imports[alias.asname or alias.name] = alias.name
            elif _is_class_alias(statement):
                assert isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                assert statement.value is not None
                stub.aliases[statement.target.id] = statement.value
        return stub


def _is_class_alias(statement: ast.stmt) -> bool:
    """``_Date: TypeAlias = date`` (datetime's ``date()`` returns a ``_Date``): an alias
    declared as one whose value names a class, as ``_class_named`` reads a name."""
    return (
        isinstance(statement, ast.AnnAssign)
        and isinstance(statement.target, ast.Name)
        and isinstance(statement.value, ast.Name | ast.Attribute | ast.Subscript)
        and ast.unparse(statement.annotation).rpartition(".")[2] == "TypeAlias"
    )


def _member_table(klass: ast.ClassDef) -> dict[str, list[ast.stmt]]:
    table: dict[str, list[ast.stmt]] = {}
    for statement in _taken(klass.body):
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            table.setdefault(statement.name, []).append(_signature_only(statement))
        elif isinstance(statement, ast.AnnAssign):
            if isinstance(statement.target, ast.Name):
                table.setdefault(statement.target.id, []).append(statement)
        elif isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    table.setdefault(target.id, []).append(statement)
    return table


def _signature_only(
    function: ast.FunctionDef | ast.AsyncFunctionDef,
) -> ast.FunctionDef | ast.AsyncFunctionDef:
    """The function with its name, decorators, return annotation and annotated
    parameters (by name, without defaults): all that is read."""
    parameters = function.args
    every = (*parameters.posonlyargs, *parameters.args, *parameters.kwonlyargs)
    annotated = [a for a in every if a.annotation is not None]
    function.args = ast.arguments(
        posonlyargs=[], args=annotated, vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]
    )
    function.body = []
    return function


def _taken(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of ``body`` that run here: version and platform tests decided."""
    taken: list[ast.stmt] = []
    for statement in body:
        if not isinstance(statement, ast.If):
            taken.append(statement)
            continue
        holds = _holds(statement.test)
        if holds is not None:
            taken.extend(_taken(statement.body if holds else statement.orelse))
    return taken


def _holds(test: ast.expr) -> bool | None:
    """``sys.version_info >= (3, 12)`` or ``sys.platform == "win32"`` (joined by ``and``,
    ``or``, ``not``) for this interpreter; None for any other test. The stubs test
    nothing else at module or class level; evaluated here, not compiled (~100 per module)."""
    if isinstance(test, ast.BoolOp):
        values = [_holds(v) for v in test.values]
        if None in values:
            return None
        return all(values) if isinstance(test.op, ast.And) else any(values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        value = _holds(test.operand)
        return None if value is None else not value
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _COMPARE):
        return None
    left = _SYS_VALUES.get(ast.unparse(test.left))
    try:
        right = ast.literal_eval(test.comparators[0])
    except (ValueError, TypeError):  # not a literal
        return None
    if left is None or type(right) is not type(left):
        return None
    return bool(_COMPARE[type(test.ops[0])](left, right))


@cache
def _stub(module: str) -> _Stub | None:
    root = _stub_root()
    if root is None or module.partition(".")[0] not in _STDLIB:
        return None
    return _disk_cache().get(module, lambda: _read_stub(root, module))


def _read_stub(root: Path, module: str) -> _Stub | None:
    base = root.joinpath(*module.split("."))
    for path in (base.with_suffix(".pyi"), base / "__init__.pyi"):
        if path.is_file():
            return _Stub.read(module, ast.parse(path.read_text(encoding="utf-8")))
    return None


@cache
def _disk_cache() -> DiskCache:
    """Stubs as read for this typeshed, this Python, this platform and this module's code."""
    root = _stub_root()
    # typeshed's VERSIONS file as installed stands for its version (asking
    # importlib.metadata costs 25 ms, a third of what the cache saves)
    versions = (root / "VERSIONS").stat() if root is not None else None
    typeshed = f"{root} {versions.st_size} {versions.st_mtime_ns}" if versions else ""
    code = Path(__file__).read_text(encoding="utf-8")
    return DiskCache("stubs", f"{typeshed} {sys.version_info[:2]} {sys.platform} {code}")


@dataclass(frozen=True)
class _Found:
    """What a qualified name denotes in the stubs, and the stub that defines it."""

    stub: _Stub
    name: str  # qualified where it is defined: ``os.path.join`` is ``posixpath.join``
    functions: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...] = ()
    klass: ast.ClassDef | None = None


def _find(qualname: str, hops: int = 0) -> _Found | None:
    """The function or class ``qualname`` names, through re-exports."""
    module, _, attr = qualname.rpartition(".")
    stub = _stub(module) if module and hops <= _MAX_HOPS else None
    if stub is None:
        return None
    if attr in stub.functions:
        return _Found(stub, qualname, functions=tuple(stub.functions[attr]))
    if attr in stub.classes:
        return _Found(stub, qualname, klass=stub.classes[attr])
    if attr in stub.imports:
        return _find(stub.imports[attr], hops + 1)
    for other in stub.star_imports:
        found = _find(f"{other}.{attr}", hops + 1)
        if found is not None:
            return found
    return None


def _class_named(stub: _Stub, annotation: ast.expr, owner: str) -> str | None:
    """The class ``annotation`` names in ``stub``, qualified; ``owner`` stands for ``Self``."""
    annotation = _without_none(annotation)
    if isinstance(annotation, ast.Subscript):  # ``list[str]`` is a list
        return _class_named(stub, annotation.value, owner)
    if not isinstance(annotation, ast.Name | ast.Attribute):
        return None
    dotted = ast.unparse(annotation)
    head, _, rest = dotted.partition(".")
    if head in stub.classes and not rest:
        return f"{stub.name}.{head}"
    if head in stub.aliases and not rest:
        return _class_named(stub, stub.aliases[head], owner)
    if head in stub.imports:
        dotted = stub.imports[head] + (f".{rest}" if rest else "")
    elif head in _BUILTIN_CLASSES and not rest:
        dotted = f"builtins.{head}"
    last = dotted.rpartition(".")[2]
    if last == "Self":
        return owner
    if last in _SAME_AS:
        return _SAME_AS[last]
    found = _find(dotted)
    if found is None or found.klass is None or found.name in _NO_TYPE:
        return None
    return found.name


def _is_ellipsis(annotation: ast.expr) -> bool:
    return isinstance(annotation, ast.Constant) and annotation.value is Ellipsis


def _is_none(annotation: ast.expr) -> bool:
    """``None``, or typeshed's ``MaybeNone`` (an ``Any`` that stands for a None rarely met:
    ``re.split``'s unmatched groups), which type checkers let code call methods past."""
    if isinstance(annotation, ast.Name | ast.Attribute):
        return ast.unparse(annotation).rpartition(".")[2] == "MaybeNone"
    return isinstance(annotation, ast.Constant) and annotation.value is None


def _without_none(annotation: ast.expr) -> ast.expr | None:
    """``X`` of ``X | None`` (a method is called on the value only where it is not None);
    None for a union of several types; any other annotation as it is."""
    if not (isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr)):
        return annotation
    parts = [a for a in (annotation.left, annotation.right) if not _is_none(a)]
    return _without_none(parts[0]) if len(parts) == 1 else None


def _element_named(stub: _Stub, annotation: ast.expr, owner: str) -> Element | None:
    """What iterating a value of ``annotation`` yields: ``list[str]`` a str, ``Iterator[Self]``
    the receiver's class, ``dict[K, V]`` a K, ``Iterator[tuple[str, int]]`` a (str, int)."""
    annotation = _without_none(annotation)
    if not isinstance(annotation, ast.Subscript):
        return None
    head = ast.unparse(annotation.value).rpartition(".")[2]
    if head not in _ITERABLES:
        return None
    arguments = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
    if head == "tuple" and not (len(arguments) == 2 and _is_ellipsis(arguments[1])):
        named = {_class_named(stub, a, owner) for a in arguments}  # tuple[str, str, str]: strs
        return named.pop() if len(named) == 1 else None  # tuple[str, int]: a str or an int
    element = arguments[0]
    if isinstance(element, ast.Subscript) and ast.unparse(element.value).rpartition(".")[2] == "tuple":
        parts = element.slice.elts if isinstance(element.slice, ast.Tuple) else [element.slice]
        named = [_class_named(stub, part, owner) for part in parts]
        return tuple(n for n in named if n is not None) if None not in named and named else None
    return _class_named(stub, element, owner)


_Def = ast.FunctionDef | ast.AsyncFunctionDef


def _returns(function: _Def) -> ast.expr | None:
    return function.returns


def _one_answer(
    read: Callable[[_Stub, ast.expr, str], T | None],
    stub: _Stub,
    defs: list[_Def],
    owner: str,
    annotation: Callable[[_Def], ast.expr | None] = _returns,
) -> T | None:
    """What every overload's return annotation (or another of its annotations) says,
    when they all say the same."""
    said = {read(stub, a, owner) if (a := annotation(d)) is not None else None for d in defs}
    return said.pop() if len(said) == 1 else None


def _is_property(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(ast.unparse(d).endswith("property") for d in function.decorator_list)


_LINEARIZING: set[str] = set()  # classes whose chain is being made: a cycle ends there


@cache
def _class_chain(qualname: str) -> tuple[list[_Found], bool]:
    """The stub class ``qualname`` names and its bases in method resolution order (C3, as
    Python orders them: ``StringIO.__enter__`` is ``IOBase``'s ``-> Self``, not that of
    ``typing.TextIO``, a later base), and whether every base was found (``Generic`` and
    ``Protocol`` add no members)."""
    found = _find(qualname)
    if found is None or found.klass is None or found.name in _LINEARIZING:
        return [], False
    _LINEARIZING.add(found.name)
    try:
        complete = True
        chains: list[list[_Found]] = []
        for base in found.klass.bases:
            named = _class_named(found.stub, base, found.name)
            if named is None:
                complete = complete and ast.unparse(base).partition("[")[0].rpartition(".")[2] in _NO_MEMBERS
                continue
            chain, whole = _class_chain(named)
            complete = complete and whole
            if chain:
                chains.append(chain)
        root = _find("builtins.object")  # every class's last base, written or not
        if not chains and root is not None and found.name != root.name:
            chains.append([root])
        return [found, *_merged([*chains, [c[0] for c in chains]])], complete
    finally:
        _LINEARIZING.discard(found.name)


def _merged(sequences: list[list[_Found]]) -> list[_Found]:
    """C3's merge; where the bases admit no such order, each class once, first seen first."""
    pending = [list(s) for s in sequences if s]
    merged: list[_Found] = []
    while pending:
        for sequence in pending:
            head = sequence[0]
            if not any(head.name in (f.name for f in other[1:]) for other in pending):
                break
        else:  # inconsistent: fall back to first-seen order
            seen: dict[str, _Found] = {f.name: f for f in merged}
            for sequence in pending:
                for f in sequence:
                    seen.setdefault(f.name, f)
            return list(seen.values())
        merged.append(head)
        pending = [[f for f in s if f.name != head.name] for s in pending]
        pending = [s for s in pending if s]
    return merged


def _members(found: _Found, name: str) -> list[ast.stmt]:
    assert found.klass is not None
    return found.stub.members_of(found.klass).get(name, [])


def is_stdlib(qualname: str) -> bool:
    """Whether ``qualname`` lies in the standard library (``builtins.str``, ``pathlib.Path``)."""
    return qualname.partition(".")[0] in _STDLIB


def _function(
    qualname: str, read: Callable[[_Stub, ast.expr, str], T | None], strings: str | None = None
) -> T | None:
    found = _find(qualname)
    if found is not None and found.functions:
        defs = list(found.functions)
        if strings is not None:  # the overloads for the strings passed, AnyStr standing for them
            defs = [d for d in defs if not _takes_other_strings(d, strings)]
            read = _reading_strings(read, strings)
        return _one_answer(read, found.stub, defs, owner="") or None  # ``Self``: nothing
    owner, _, name = qualname.rpartition(".")
    klass = _find(owner) if owner else None
    if klass is not None and klass.klass is not None and name != "__new__":  # ``datetime.now()``
        return _method(klass.name, name, read)
    return None


def _method(
    klass: str,
    method: str,
    read: Callable[[_Stub, ast.expr, str], T | None],
    owner: str | None = None,
    annotation: Callable[[_Def], ast.expr | None] = _returns,
) -> T | None:
    for found in _class_chain(klass)[0]:
        members = _members(found, method)
        if members:
            defs = [m for m in members if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)]
            if len(defs) != len(members) or any(_is_property(d) for d in defs):
                return None
            return _one_answer(read, found.stub, defs, owner=owner or klass, annotation=annotation)
    return None


def _attribute(klass: str, name: str, read: Callable[[_Stub, ast.expr, str], T | None]) -> T | None:
    for found in _class_chain(klass)[0]:
        members = _members(found, name)
        if not members:
            continue
        last = members[-1]
        if isinstance(last, ast.AnnAssign):
            return read(found.stub, last.annotation, klass)
        if isinstance(last, ast.FunctionDef | ast.AsyncFunctionDef) and _is_property(last):
            return read(found.stub, last.returns, klass) if last.returns is not None else None
        return None
    return None


def is_class(qualname: str) -> bool:
    """Whether ``qualname`` names a standard-library class (calling it makes one), however
    it is spelled: ``netrc.netrc`` and ``io.StringIO`` do; ``hashlib.sha256`` (a function)
    does not."""
    found = _find(qualname)
    return found is not None and found.klass is not None and found.name not in _NO_TYPE


def function_returns(qualname: str, strings: str | None = None) -> str | None:
    """The class a standard-library function returns: ``textwrap.dedent`` -> ``builtins.str``;
    ``datetime.datetime.now`` -> ``datetime.datetime`` (a method called on its class).
    ``strings`` (``builtins.str`` or ``builtins.bytes``): the kind of string the call
    passes, which picks the overloads for it (``re.sub``) and binds ``AnyStr`` (``re.escape``)."""
    return _function(qualname, _class_named, strings)


def function_elements(qualname: str, strings: str | None = None) -> Element | None:
    """What iterating a function's result yields: ``shlex.split`` -> ``builtins.str``;
    ``os.walk`` given a str -> ``(str, list, list)``."""
    return _function(qualname, _element_named, strings)


# A kind of string a call passes: the name AnyStr stands for, and the names an overload for
# the other kind takes (``re.sub``'s second overload: ``bytes | Pattern[bytes]``, ``ReadableBuffer``).
_STRINGS = {
    "builtins.str": ("str", frozenset({"bytes", "bytearray", "ReadableBuffer", "Buffer", "StrOrBytesPath"})),
    "builtins.bytes": ("bytes", frozenset({"str", "LiteralString", "StrPath"})),
}


def _takes_other_strings(function: _Def, strings: str) -> bool:
    """Whether an overload's parameters are written for the other kind of string."""
    _, other = _STRINGS[strings]
    annotations = [a.annotation for a in ast.walk(function.args) if isinstance(a, ast.arg) and a.annotation]
    named = {n.id if isinstance(n, ast.Name) else n.attr for a in annotations for n in ast.walk(a)
             if isinstance(n, ast.Name | ast.Attribute)}  # fmt: skip
    return not named.isdisjoint(other)


def _reading_strings(
    read: Callable[[_Stub, ast.expr, str], T | None], strings: str
) -> Callable[[_Stub, ast.expr, str], T | None]:
    """``read``, with ``AnyStr`` in the annotations it reads standing for ``strings``."""
    name, _ = _STRINGS[strings]

    def reading(stub: _Stub, annotation: ast.expr, owner: str) -> T | None:
        bound = _AnyStrBound(name).visit(copy.deepcopy(annotation))
        return read(stub, bound, owner)

    return reading


class _AnyStrBound(ast.NodeTransformer):
    def __init__(self, name: str) -> None:
        self.name = name

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(self.name, ast.Load()) if node.id == "AnyStr" else node


def method_returns(klass: str, method: str, *, self_type: str | None = None) -> str | None:
    """The class ``klass().method(...)`` returns: (``pathlib.Path``, ``joinpath``) ->
    ``pathlib.Path`` (``Self``, whichever class the method is inherited from; or
    ``self_type`` when given: a subclass outside the stubs)."""
    return _method(klass, method, _class_named, owner=self_type)


def method_elements(klass: str, method: str) -> Element | None:
    """What iterating ``klass().method(...)`` yields: (``builtins.str``, ``splitlines``) ->
    ``builtins.str``; (``pathlib.Path``, ``rglob``) -> ``pathlib.Path``."""
    return _method(klass, method, _element_named)


def attribute_type(klass: str, name: str) -> str | None:
    """The class of ``klass().name``, a property or a declared attribute:
    (``pathlib.Path``, ``parent``) -> ``pathlib.Path``."""
    return _attribute(klass, name, _class_named)


def attribute_elements(klass: str, name: str) -> Element | None:
    """What iterating ``klass().name`` yields: (``pathlib.Path``, ``parents``) -> ``pathlib.Path``."""
    return _attribute(klass, name, _element_named)


def parameter_type(klass: str, method: str, parameter: str) -> str | None:
    """The class the stubs declare for ``parameter`` of ``klass().method``, when every
    overload declares the same: (``logging.Handler``, ``emit``, ``record``) ->
    ``logging.LogRecord``. An override that leaves it bare receives the same."""

    def declared(function: _Def) -> ast.expr | None:
        return next((a.annotation for a in function.args.args if a.arg == parameter), None)

    return _method(klass, method, _class_named, annotation=declared)


def has(klass: str, name: str) -> bool:
    """Whether a standard-library class the stubs know declares ``name``, itself or
    through a base (``collections.OrderedDict.get``, dict's)."""
    chain, _ = _class_chain(klass)
    return any(_members(found, name) for found in chain)


def lacks(klass: str, name: str) -> bool:
    """Whether a standard-library class the stubs know declares no attribute ``name``,
    itself or through a base (``pathlib.PurePath.mkdir``). A class that answers any name
    through ``__getattr__`` (``types.ModuleType``) lacks those it does not declare too:
    what such a call runs is not the class's. False for a class the stubs do not know."""
    chain, complete = _class_chain(klass)
    return complete and not any(_members(found, name) for found in chain)
