"""What annotated containers hold: the element a loop, a subscript or ``.get`` yields.

Works on annotation nodes (``dict[str, list[Rule]]``), read syntactically: the
generic's head must name a builtin, ``typing`` or ``collections(.abc)`` container,
so a repository class that happens to be called ``List`` is never taken for one.
"""

from __future__ import annotations

from collections.abc import Callable

from astroid import nodes

from graph_rag.parse.names import binding_of, import_target, resolve_dotted

_CONTAINER_MODULES = frozenset(
    {"builtins", "typing", "typing_extensions", "collections", "collections.abc", "contextvars"}
)
ALIAS_HOPS = 3  # ``A = B``, ``B = list[C]``: aliases followed to their definition
# What the value of a type alias is written as (never a call: ``T = TypeVar("T")``).
_TYPE_EXPRESSIONS = (nodes.Subscript, nodes.BinOp, nodes.Name, nodes.Attribute, nodes.Const)
# Generics whose iteration (and indexing, for the sequences) yields their one argument.
SEQUENCES = frozenset({"list", "List", "Sequence", "MutableSequence", "deque", "Deque", "tuple", "Tuple"})
ITERABLES = SEQUENCES | frozenset(
    {
        "set",
        "Set",
        "frozenset",
        "FrozenSet",
        "AbstractSet",
        "MutableSet",
        "Iterable",
        "Iterator",
        "Collection",
        "Generator",
        "KeysView",
        "ValuesView",
    }
)
MAPPINGS = frozenset(
    {"dict", "Dict", "Mapping", "MutableMapping", "defaultdict", "DefaultDict", "OrderedDict", "ChainMap"}
)


def dealias(annotation: nodes.NodeNG) -> nodes.NodeNG:
    """``Handlers`` -> ``dict[str, list[Handler]]`` for a module-level alias of a generic."""
    for _ in range(ALIAS_HOPS):
        aliased = alias_value(annotation)
        if aliased is None:
            break
        annotation = aliased
    return annotation


def alias_value(
    annotation: nodes.NodeNG, module_binding: Callable[[str], nodes.NodeNG | None] | None = None
) -> nodes.NodeNG | None:
    """The type expression a module-level alias stands for (``Scope = MutableMapping[str,
    Any]``, ``Handler: TypeAlias = Union[...]``) where ``annotation`` names one; None for
    any other name. With ``module_binding`` (a qualified name -> the statement that
    assigns it), an alias imported (``from .types import Scope``) or read as an
    attribute of its module (``types.Scope``) is followed too."""
    if isinstance(annotation, nodes.Name):
        statement, is_global = binding_of(annotation, annotation.name)
        if isinstance(statement, nodes.ImportFrom):
            target = import_target(statement, annotation.name) if module_binding else None
            statement, is_global = (module_binding(target) if target else None), True
    elif isinstance(annotation, nodes.Attribute) and module_binding is not None:
        dotted = resolve_dotted(annotation)
        statement, is_global = (module_binding(dotted) if dotted else None), True
    else:
        return None
    if not (is_global and isinstance(statement, nodes.Assign | nodes.AnnAssign)):
        return None
    return statement.value if isinstance(statement.value, _TYPE_EXPRESSIONS) else None


def alternatives(annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
    """The non-None members of ``X | None``, ``Optional[X]``, ``Union[X, Y]``."""
    annotation = dealias(annotation)
    if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
        return alternatives(annotation.left) + alternatives(annotation.right)
    if isinstance(annotation, nodes.Const) and annotation.value is None:
        return []
    if isinstance(annotation, nodes.Subscript):
        head = _head(annotation)
        if head == "Optional":
            return alternatives(annotation.slice)
        if head == "Union":
            return [a for e in _args(annotation) for a in alternatives(e)]
    return [annotation]


def _head(annotation: nodes.Subscript) -> str | None:
    """``list`` for ``list[X]``, ``Dict`` for ``t.Dict[K, V]``; None unless it is a known container."""
    dotted = resolve_dotted(annotation.value)
    if dotted is None:
        return None
    module, _, name = dotted.rpartition(".")
    return name if module in _CONTAINER_MODULES else None


def _args(annotation: nodes.Subscript) -> list[nodes.NodeNG]:
    index = annotation.slice
    return list(index.elts) if isinstance(index, nodes.Tuple) else [index]


def parts(annotation: nodes.NodeNG) -> tuple[str, list[nodes.NodeNG]] | None:
    """(container name, type arguments) of a known generic container, else None."""
    if not isinstance(annotation, nodes.Subscript):
        return None
    head = _head(annotation)
    return (head, _args(annotation)) if head is not None else None


def iterated(annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
    """What iterating an annotated container yields: the element, or a mapping's key."""
    found: list[nodes.NodeNG] = []
    for alt in alternatives(annotation):
        split = parts(alt)
        if split is None:
            continue
        head, args = split
        if head in ("tuple", "Tuple"):
            found.extend(_tuple_elements(args))
        elif (head in ITERABLES and args) or (head in MAPPINGS and len(args) == 2):
            found.append(args[0])  # a mapping iterates over its keys
    return found


def mapped(annotation: nodes.NodeNG, part: int) -> list[nodes.NodeNG]:
    """A mapping's key (0) or value (1) type."""
    found: list[nodes.NodeNG] = []
    for alt in alternatives(annotation):
        split = parts(alt)
        if split is not None and split[0] in MAPPINGS and len(split[1]) == 2:
            found.append(split[1][part])
    return found


def indexed(annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
    """What ``x[i]`` yields: a mapping's value, a sequence's element."""
    found = mapped(annotation, 1)
    for alt in alternatives(annotation):
        split = parts(alt)
        if split is not None and split[0] in SEQUENCES:
            found.extend(_tuple_elements(split[1]) if split[0] in ("tuple", "Tuple") else split[1][:1])
    return found


def called_with(annotation: nodes.NodeNG) -> list[nodes.NodeNG] | None:
    """The parameter types of ``Callable[[A, B], R]``, else None."""
    alts = alternatives(annotation)
    split = parts(alts[0]) if len(alts) == 1 else None
    if split is None or split[0] != "Callable" or len(split[1]) != 2:
        return None
    params = split[1][0]
    return list(params.elts) if isinstance(params, nodes.List) else None


def returned(annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
    """What calling a ``Callable[[A, B], R]`` gives: R."""
    return _picked(annotation, ("Callable",), lambda args: args[1] if len(args) == 2 else None)


def awaited(annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
    """What awaiting an ``Awaitable[T]`` (or ``Coroutine[Y, S, T]``) gives: T."""
    return _picked(annotation, ("Awaitable", "Coroutine"), lambda args: args[-1] if args else None)


def classes_in(annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
    """``X`` of ``type[X]``: the annotation holds the class itself, not an instance."""
    return _picked(annotation, ("type", "Type"), lambda args: args[0] if len(args) == 1 else None)


def got(annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
    """What ``.get()`` on a ``ContextVar[T]`` returns."""
    return _picked(annotation, ("ContextVar",), lambda args: args[0] if len(args) == 1 else None)


def _picked(
    annotation: nodes.NodeNG,
    heads: tuple[str, ...],
    pick: Callable[[list[nodes.NodeNG]], nodes.NodeNG | None],
) -> list[nodes.NodeNG]:
    """The type argument ``pick`` chooses of each alternative that is one of ``heads``."""
    found: list[nodes.NodeNG] = []
    for alt in alternatives(annotation):
        split = parts(alt)
        if split is not None and split[0] in heads and (chosen := pick(split[1])) is not None:
            found.append(chosen)
    return found


def positions(annotation: nodes.NodeNG, count: int) -> list[nodes.NodeNG] | None:
    """The element types of a ``tuple[A, B]`` unpacked into ``count`` names, else None."""
    alts = alternatives(annotation)
    split = parts(alts[0]) if len(alts) == 1 else None
    if split is None or split[0] not in ("tuple", "Tuple"):
        return None
    args = split[1]
    if len(args) == 2 and _is_ellipsis(args[1]):
        return [args[0]] * count
    return args if len(args) == count else None


def _tuple_elements(args: list[nodes.NodeNG]) -> list[nodes.NodeNG]:
    return [a for a in args if not _is_ellipsis(a)]


def _is_ellipsis(node: nodes.NodeNG) -> bool:
    return isinstance(node, nodes.Const) and node.value is Ellipsis
