"""What iterating or unpacking a value yields, from what the code and the stubs declare.

``for entry in entries``, ``a, b = pair`` and ``[x for x in xs]`` bind names whose type is
an element of another value's: a declared ``list[Entry]``, a ``tuple[str, int]`` taken by
position, what a standard-library call's stub says it yields (``text.splitlines()``), a
literal's elements, what ``zip``, ``enumerate``, ``sorted`` or ``itertools.chain`` pass on.

``ElementTypes`` is the part of ``receivers.ReceiverTypes`` that answers this; the types of
the expressions involved are the subclass's (``types_of``, ``annotations_of``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from astroid import nodes

from graph_rag.parse import containers, filled, stdlib_stubs
from graph_rag.parse.annotations import AnnotationTypes
from graph_rag.parse.bindings import last_assignment
from graph_rag.parse.class_members import typed_mro
from graph_rag.parse.names import binding_of, plain_assignment, resolve_dotted

T = TypeVar("T")
# What a loop over a container or a tuple assignment yields: an annotation node, a class
# name (``builtins.str``), or one such per position of a tuple.
Element = nodes.NodeNG | str | tuple["Element", ...]
# Builtins whose result iterates over the same elements as their argument.
_SAME_ELEMENTS = frozenset(
    f"builtins.{name}" for name in ("sorted", "list", "reversed", "set", "frozenset", "tuple", "iter")
)
# What iterating these yields is what iterating each argument yields.
_CHAINED = frozenset({"itertools.chain"})
_STR_TUPLES = {"os.path.split": 2, "os.path.splitext": 2, "posixpath.split": 2, "posixpath.splitext": 2}
_COLLECTION_OPERATORS = frozenset({"|", "&", "-", "^", "+"})  # on sets, lists and tuples
# Decorators after which calling a method still runs its own body.
_KEEPS_CALLS = frozenset({"builtins.staticmethod", "builtins.classmethod", "abc.abstractmethod"})
_YIELD_DEPTH = 2  # generators read inside one another for what a loop over a call yields


class ElementTypes(AnnotationTypes):
    """Elements of iterated and unpacked values: annotation nodes, class names
    (``builtins.str``), or one such per position of a tuple."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._yield_nesting = 0  # generators whose yields are being read, one inside another

    def types_of(self, expr: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        """The classes ``expr`` may be an instance of (receivers.ReceiverTypes)."""
        raise NotImplementedError

    def annotations_of(self, expr: nodes.NodeNG, depth: int) -> list[nodes.NodeNG]:
        """The annotations that declare ``expr`` (receivers.ReceiverTypes)."""
        raise NotImplementedError

    def container_view(self, annotation: nodes.NodeNG) -> nodes.NodeNG:
        """``annotation`` as the known container its class derives from (generics.GenericCalls)."""
        raise NotImplementedError

    def iterated_by_class(self, annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
        """What iterating ``annotation`` yields by its class's ``__iter__`` (generics.GenericCalls)."""
        raise NotImplementedError

    def called_functions(self, call: nodes.Call) -> list[tuple[nodes.FunctionDef, int]]:
        """The functions ``call`` reaches (receivers.ReceiverTypes)."""
        raise NotImplementedError

    def _stdlib_kind(self, owner: nodes.ClassDef | str) -> str | None:
        """``owner``'s qualified name when it is a standard-library class (whose members the
        stubs type), named by its module or built by astroid (``builtins.str``)."""
        if isinstance(owner, nodes.ClassDef):
            if self.in_repo(owner):
                return None
            owner = owner.qname()
        return owner if stdlib_stubs.is_stdlib(owner) and not self.names_repo(owner) else None

    def _stubs_say(
        self, owner: nodes.NodeNG, depth: int, read: Callable[[str, str], T | None], name: str
    ) -> list[T]:
        """What the stubs say (``read(class, name)``) of ``name`` for each standard-library
        class ``owner`` may be an instance of."""
        kinds = (self._stdlib_kind(kind) for kind in self.types_of(owner, depth))
        return list(
            dict.fromkeys(said for k in kinds if k is not None and (said := read(k, name)) is not None)
        )

    def _positional_parts(self, name: nodes.Name, depth: int) -> list[nodes.NodeNG | str]:
        """What a name bound by a ``for`` loop or a comprehension, or unpacked from a tuple
        (``a, b = f()``), holds: the element its position takes in what is iterated or
        assigned, as annotation nodes or class names, when annotations or builtins say."""
        target = last_assignment(name)
        return self._unpacked_parts(target, depth) if target is not None else []

    def _unpacked_parts(self, target: nodes.NodeNG, depth: int) -> list[nodes.NodeNG | str]:
        """What an assignment target (a name, or ``self.x`` in ``self.x, self.y = f()``)
        holds by its position in a loop's or an unpacking's tuple."""
        if depth <= 0:
            return []
        path: list[tuple[int, int]] = []  # (index, length) from the outermost tuple inward
        child, parent = target, target.parent
        while isinstance(parent, nodes.Tuple | nodes.List):
            if any(isinstance(e, nodes.Starred) for e in parent.elts):
                return []
            path.insert(0, (parent.elts.index(child), len(parent.elts)))
            child, parent = parent, parent.parent
        if isinstance(parent, nodes.For | nodes.Comprehension) and child is parent.target:
            elements = self._iterated(parent.iter, depth - 1)
        elif isinstance(parent, nodes.Assign) and path:
            literal = parent.value  # ``state, dict_ = (instance_state(obj), instance_dict(obj))``
            if isinstance(literal, nodes.Tuple | nodes.List) and len(path) == 1:
                elements = literal.elts
                if len(elements) == path[0][1] and not any(isinstance(e, nodes.Starred) for e in elements):
                    return list(self.types_of(elements[path[0][0]], depth - 1))
            elements = self._unpackable(parent.value, depth - 1, path[0][1])
        else:
            return []
        return [part for element in elements for part in follow_path(element, path)]

    def _iterated(self, iterable: nodes.NodeNG, depth: int) -> list[Element]:
        """What iterating ``iterable`` yields: annotation nodes, class names, or tuples of them."""
        dotted = resolve_dotted(iterable)
        if dotted == "os.environ":
            return ["builtins.str"]
        if isinstance(iterable, nodes.Call):
            maker = resolve_dotted(iterable.func)
            if maker == "builtins.dir" or maker in _STR_TUPLES:
                return ["builtins.str"]
            if maker in _SAME_ELEMENTS and len(iterable.args) == 1:
                return self._iterated(iterable.args[0], depth - 1) if depth else []
            if maker in _CHAINED and iterable.args and depth:
                return all_or_none([self._iterated(a, depth - 1) for a in iterable.args])
            if maker == "builtins.filter" and len(iterable.args) == 2 and depth:  # what it lets through
                return self._iterated(iterable.args[1], depth - 1)
            if maker == "builtins.map" and len(iterable.args) >= 2:  # ``map(str, choices)``: strs
                made = self.class_named(iterable.args[0])
                return [k if isinstance(k, str) or self.in_repo(k) else k.qname() for k in made]
            if maker == "builtins.enumerate" and iterable.args and depth:
                return [("builtins.int", e) for e in self._iterated(iterable.args[0], depth - 1)]
            if maker == "builtins.zip" and iterable.args and depth:  # one element of each, side by side
                each = [self._iterated(a, depth - 1) for a in iterable.args]
                return [tuple(e[0] for e in each)] if all(len(e) == 1 for e in each) else []
            func = iterable.func
            if isinstance(func, nodes.Attribute) and func.attrname in ("items", "keys", "values") and depth:
                mappings = [self.container_view(a) for a in self.annotations_of(func.expr, depth - 1)]
                keys = [k for a in mappings for k in containers.mapped(a, 0)]
                values = [v for a in mappings for v in containers.mapped(a, 1)]
                if func.attrname == "keys":
                    return list(keys)
                if func.attrname == "values":
                    return list(values)
                return [(k, v) for k in keys[:1] for v in values[:1]]
        if isinstance(iterable, nodes.ListComp | nodes.SetComp | nodes.GeneratorExp) and depth:
            return list(self.types_of(iterable.elt, depth - 1))  # ``[line.strip() for ...]``: strs
        if isinstance(iterable, nodes.DictComp) and depth:
            return list(self.types_of(iterable.key, depth - 1))
        if isinstance(iterable, nodes.Subscript) and isinstance(iterable.slice, nodes.Slice) and depth:
            return self._iterated(iterable.value, depth - 1)  # ``lines[1:]`` holds what ``lines`` does
        if isinstance(iterable, nodes.BoolOp) and iterable.op == "or" and depth:
            # ``self.routes or []``: what its operands hold, each known (an empty literal holds
            # nothing), as types_of reads ``name or ""``
            operands = [v for v in iterable.values if not _holds_nothing(v)]
            return all_or_none([self._iterated(o, depth - 1) for o in operands])
        if isinstance(iterable, nodes.BinOp) and iterable.op in _COLLECTION_OPERATORS and depth:
            # ``SAFE | set(names)``, ``head + rest``: what the operands hold (``-``, ``&``: the left's)
            operands = [iterable.left] if iterable.op in "-&" else [iterable.left, iterable.right]
            return list(dict.fromkeys(e for o in operands for e in self._iterated(o, depth - 1)))
        declared = self.annotations_of(iterable, depth)
        found: list[Element] = [e for a in declared for e in containers.iterated(self.container_view(a))]
        if not found:  # ``for user in session.scalars(...)``: ScalarResult[User]'s ``__iter__``
            found.extend(e for a in declared for e in self.iterated_by_class(a))
        if not found:  # ``for entry in self`` in a ``class Traceback(List[Entry])``
            found.extend(e for a in self._container_bases(iterable, depth) for e in containers.iterated(a))
        if not found and depth:
            found.extend(self._stdlib_elements(iterable, depth - 1))
        if not found and "builtins.str" in map(kind_name, self.types_of(iterable, depth)):  # characters
            found.append("builtins.str")
        if not found:
            found.extend(self._literal_elements(iterable, depth))
        if not found and isinstance(iterable, nodes.Call) and depth:
            found.extend(self._yielded(iterable, depth - 1) or self._returned_elements(iterable, depth - 1))
        if not found and isinstance(iterable, nodes.Name) and depth:
            binding, _ = binding_of(iterable, iterable.name)
            if isinstance(binding, nodes.Assign):  # the name is one of its plain targets
                found.extend(self._assigned_elements(iterable, binding.value, depth - 1))
        return found

    def _assigned_elements(self, name: nodes.Name, value: nodes.NodeNG, depth: int) -> list[Element]:
        """What ``name = value`` holds: what ``value`` iterates, with what the code where it
        was made adds to it (filled.py: ``links = []`` then ``links.append({...})``), when
        each is known."""
        put = filled.fills(name)
        made = [] if put is not None and put.made_empty else self._iterated(value, depth)
        if put is None or not (put.elements or put.iterables or put.values):
            return made
        # ``names[0] = other`` puts an element into a list; into a mapping, a value under a key
        listed = put.values and {kind_name(k) for k in self.types_of(value, depth)} == {"builtins.list"}
        if put.values and not listed:
            return []
        added = [list(self.types_of(e, depth)) for e in (*put.elements, *(put.values if listed else ()))]
        added += [self._iterated(i, depth) for i in put.iterables]
        return all_or_none(added if put.made_empty else [made, *added])

    def filled_values(self, mapping: nodes.Name, depth: int) -> list[nodes.ClassDef | str]:
        """What a dict made empty and filled where it was made holds under its keys."""
        put = filled.fills(mapping)
        if put is None or not put.made_empty or put.elements or put.iterables or not put.values:
            return []
        return all_or_none([self.types_of(v, depth) for v in put.values])

    def _yielded(self, call: nodes.Call, depth: int) -> list[Element]:
        """What the repository's generator ``call`` reaches yields where no declaration says
        (``for stmt in splitter.process(stream)``, its ``yield sql.Statement(...)``): the
        type of each ``yield``, what each ``yield from`` iterates; none if any is unknown.
        Read at most ``_YIELD_DEPTH`` generators deep: finding the callee types its
        receiver afresh, so Django's SQL compiler, whose generators loop over one another,
        recursed until the stack ran out."""
        if self._yield_nesting >= _YIELD_DEPTH:
            return []
        self._yield_nesting += 1
        try:
            kinds = [
                part
                for function, _ in self.called_functions(call)
                if self.in_repo(function) and function.is_generator() and not _rewrapped(function)
                for part in self._yields(function, depth)
            ]
        finally:
            self._yield_nesting -= 1
        return all_or_none(kinds) if kinds else []

    def _returned_elements(self, call: nodes.Call, depth: int) -> list[Element]:
        """What the container a repository function ``call`` reaches returns holds, where
        no declaration says (``for link in parse_links(value)``, which fills and returns a
        list): what iterating each returned value yields (a ``return None`` aside: no
        loop runs over it); none if any is unknown. As deep as ``_yielded`` reads."""
        if self._yield_nesting >= _YIELD_DEPTH:
            return []
        self._yield_nesting += 1
        try:
            parts = [
                self._iterated(node.value, depth)
                for function, _ in self.called_functions(call)
                if self.in_repo(function) and not function.is_generator() and not _rewrapped(function)
                for node in function.nodes_of_class(nodes.Return)
                if node.scope() is function and not _holds_nothing(node.value)
            ]
        finally:
            self._yield_nesting -= 1
        return all_or_none(parts) if parts else []

    def _yields(self, function: nodes.FunctionDef, depth: int) -> list[list[Element]]:
        """The elements each ``yield`` of ``function`` gives (an empty part where one is unknown)."""
        parts: list[list[Element]] = []
        for node in function.nodes_of_class(nodes.Yield):  # a YieldFrom is a Yield too
            if node.scope() is not function:
                continue
            if node.value is None:
                parts.append([])
            elif isinstance(node, nodes.YieldFrom):
                parts.append(self._iterated(node.value, depth))
            else:
                parts.append(list(self.types_of(node.value, depth)))
        return parts

    def _stdlib_elements(self, iterable: nodes.NodeNG, depth: int) -> list[Element]:
        """What a standard-library function, method or attribute's value yields, as the
        stubs declare it: ``text.splitlines()`` strs, ``root.rglob("*.py")`` Paths."""
        if isinstance(iterable, nodes.Call) and isinstance(iterable.func, nodes.Attribute):
            func = iterable.func
            said = self._stubs_say(func.expr, depth, stdlib_stubs.method_elements, func.attrname)
            if said:
                return said  # else a module's function: ``traceback.format_exception(...)``
        elif isinstance(iterable, nodes.Attribute):
            return self._stubs_say(iterable.expr, depth, stdlib_stubs.attribute_elements, iterable.attrname)
        maker = resolve_dotted(iterable.func) if isinstance(iterable, nodes.Call) else None
        if not maker or self.names_repo(maker):
            return []
        yielded = stdlib_stubs.function_elements(maker)
        if (
            yielded is None
            and isinstance(iterable, nodes.Call)
            and (strings := self.strings_passed(iterable, depth))
        ):
            yielded = stdlib_stubs.function_elements(maker, strings)  # ``os.walk(top)``, ``re.split(...)``
        return [yielded] if yielded else []

    def strings_passed(self, call: nodes.Call, depth: int) -> str | None:
        """The kind of string (``builtins.str`` or ``builtins.bytes``) a call's arguments
        are, where those of a known type agree on one: what picks a standard-library
        function's overload (``re.sub(r"\\s+", " ", text)``) or binds its ``AnyStr``."""
        passed = [*call.args, *(k.value for k in call.keywords or ())]
        kinds = {kind_name(k) for a in passed for k in self.types_of(a, depth)}
        strings = kinds & {"builtins.str", "builtins.bytes"}
        return strings.pop() if len(strings) == 1 else None

    def _literal_elements(self, iterable: nodes.NodeNG, depth: int = 0) -> list[Element]:
        """``for m in ("get", "post")``: the builtin type every element of a literal shares;
        ``(path, other)``: the types of its elements, when each has one."""
        elements = (
            getattr(iterable, "elts", None)
            if isinstance(iterable, nodes.List | nodes.Tuple | nodes.Set)
            else None
        )
        if elements and depth:
            # ``(directory, *directory.parents)``: a starred element adds what it iterates
            kinds = all_or_none(
                [self._iterated(e.value, depth - 1) for e in elements if isinstance(e, nodes.Starred)]
                + [list(self.types_of(e, depth - 1)) for e in elements if not isinstance(e, nodes.Starred)]
            )
            if kinds:
                return kinds
        for value in self.infer(iterable):
            elements = getattr(value, "elts", None)
            if not isinstance(value, nodes.List | nodes.Tuple | nodes.Set) or not elements:
                continue
            kinds = {type(e.value) if isinstance(e, nodes.Const) else None for e in elements}
            if len(kinds) == 1 and (kind := kinds.pop()) in (str, int, bytes, float):
                return [f"builtins.{kind.__name__}"]
        return []

    def _unpackable(self, value: nodes.NodeNG, depth: int, length: int) -> list[Element]:
        """What a tuple assignment of ``length`` targets unpacks: a declared ``tuple[...]``, a
        stdlib pair, or what a standard-library result holds throughout (``a, b =
        s.split(":", 1)`` strs; ``s.partition("=")`` is a ``tuple[str, str, str]``)."""
        if isinstance(value, nodes.Call):
            maker = resolve_dotted(value.func)
            if maker in _STR_TUPLES:
                return [("builtins.str",) * _STR_TUPLES[maker]]
        if isinstance(value, nodes.Name) and depth:  # ``parts = s.split(","); a, b = parts``
            assignment, _ = plain_assignment(value)
            if assignment is not None:
                return self._unpackable(assignment.value, depth - 1, length)
        declared = list(self.annotations_of(value, depth))
        if declared or not depth:
            return declared
        return [(e,) * length for e in self._stdlib_elements(value, depth - 1) if isinstance(e, str)]

    def _container_bases(self, expr: nodes.NodeNG, depth: int) -> list[nodes.NodeNG]:
        """The subscripted container bases (``List[Entry]``, ``Mapping[str, str]``) of the
        repository classes ``expr`` is an instance of, that define no ``__iter__`` or
        ``__getitem__`` of their own: what the container holds is what the instance holds."""
        found: list[nodes.NodeNG] = []
        for owner in self.types_of(expr, depth):
            if not isinstance(owner, nodes.ClassDef) or not self.in_repo(owner):
                continue
            for klass in typed_mro(owner):
                if not self.in_repo(klass) or {"__iter__", "__getitem__"} & set(klass.locals):
                    break
                found.extend(b for b in klass.bases if isinstance(b, nodes.Subscript))
        return found


def kind_name(kind: nodes.ClassDef | str) -> str:
    """A type's qualified name, whether a class astroid built (``str`` from an annotation)
    or one named from the stubs (``builtins.str``)."""
    return kind if isinstance(kind, str) else kind.qname()


def follow_path(element: Element, path: list[tuple[int, int]]) -> list[nodes.NodeNG | str]:
    """The part of ``element`` at ``path`` (positions in nested tuple targets)."""
    for index, length in path:
        if isinstance(element, tuple):
            if len(element) != length:
                return []
            element = element[index]
        elif isinstance(element, nodes.NodeNG):
            spread = containers.positions(element, length)
            if spread is None:
                return []
            element = spread[index]
        else:
            return []
    return [] if isinstance(element, tuple) else [element]


def _rewrapped(function: nodes.FunctionDef) -> bool:
    """Whether a decorator may replace what calling ``function`` gives (astroid reads the
    undecorated ``def``: ``@as_strings`` over a generator of Items gives strs)."""
    decorators = function.decorators.nodes if function.decorators else []
    return any(resolve_dotted(d) not in _KEEPS_CALLS for d in decorators)


def all_or_none(parts: list[list[T]]) -> list[T]:
    """Every part's items, once each, when no part is empty: one unknown part may hold anything."""
    return list(dict.fromkeys(item for part in parts for item in part)) if all(parts) else []


def _holds_nothing(value: nodes.NodeNG | None) -> bool:
    """``None``, ``[]``, ``()`` or ``{}``: an operand of ``items or []`` that yields nothing."""
    if value is None:  # a bare ``return``
        return True
    if isinstance(value, nodes.Const):
        return value.value is None
    if isinstance(value, nodes.List | nodes.Tuple | nodes.Set):
        return not value.elts
    return isinstance(value, nodes.Dict) and not value.items
