"""What a call returns, where astroid's inference of it gives up.

``ReceiverTypes`` types a receiver from what the code declares; a call's result is the
part of that answer this module holds: the class a call makes, a function's return
annotation (a TypeVar bound by the arguments), what an unannotated repository function
returns (a returned parameter: what the call passes), what calling an instance gives
(its ``__call__``'s), ``typing.cast``, a known standard-library return, a method of a
declared receiver. ``CallResults`` is the part of ``receivers.ReceiverTypes`` that
answers it; the types of the expressions involved are the subclass's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from astroid import bases, nodes

from graph_rag.parse import containers, stdlib_stubs
from graph_rag.parse.annotations import class_like
from graph_rag.parse.class_members import mro_attribute, mro_method, positional_params, unwrap
from graph_rag.parse.declared import annotation_of, declared_returns, made_with
from graph_rag.parse.elements import kind_name
from graph_rag.parse.generics import GenericCalls
from graph_rag.parse.names import (
    binding_of,
    passed_argument,
    plain_assignment,
    resolve_dotted,
    typing_binding_of,
)

N = TypeVar("N", bound=nodes.NodeNG)


@dataclass(frozen=True, slots=True)
class _Site:
    """A call followed into the repository function it calls: that function's parameters
    hold what ``call`` passes (``skip``: ``self``), read where the call is, where in turn
    the calling function's own parameters hold what ``outer`` passed."""

    call: nodes.Call
    skip: int
    outer: _Site | None = None


# Returns the stubs leave to the argument's type (``AnyStr``, ``str | None``): a str is what
# code passes and gets almost always. Every other standard-library return comes from the
# stubs themselves (``stdlib_stubs``).
STDLIB_RETURNS = {
    "os.fspath": "builtins.str",
    "os.path.join": "builtins.str",
    "os.path.basename": "builtins.str",
    "os.path.dirname": "builtins.str",
    "os.path.abspath": "builtins.str",
    "os.path.realpath": "builtins.str",
    "os.path.normpath": "builtins.str",
    "os.path.expanduser": "builtins.str",
    "os.path.relpath": "builtins.str",
    "os.environ.get": "builtins.str",
    "os.getenv": "builtins.str",
}

# Scopes whose ``return`` statements are their own, not the enclosing function's.
_OWN_SCOPES = (nodes.FunctionDef, nodes.Lambda, nodes.ClassDef)

_LITERALS = {nodes.List: "builtins.list", nodes.Dict: "builtins.dict", nodes.Set: "builtins.set"}
# werkzeug's LocalProxy method that returns the object behind the proxy, which code
# declares as that object (``current_app: Flask = LocalProxy(...)``).
_UNPROXIED = "_get_current_object"
_EMPTY_MADE = frozenset(_LITERALS.values())  # list(), dict(), set()


class CallResults(GenericCalls):
    """What calls return: instance types, as ``types_of`` gives them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decorations: dict[nodes.FunctionDef, nodes.Call] = {}  # a decorator's call, written out

    def _declared_types(self, expr: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        """The classes ``expr``'s declarations name (receivers.ReceiverTypes)."""
        raise NotImplementedError

    def held_classes(self, node: nodes.NodeNG) -> list[nodes.ClassDef | str]:
        """The classes a class attribute holds (receivers.ReceiverTypes)."""
        raise NotImplementedError

    def _type_arguments(self, value: nodes.NodeNG, klass: nodes.ClassDef) -> dict[str, nodes.NodeNG]:
        """A generic class's type arguments as ``value`` gives them (receivers.ReceiverTypes)."""
        raise NotImplementedError

    def _inherited_from_stubs(self, klass: nodes.ClassDef, method: str) -> list[nodes.ClassDef | str]:
        """What a method inherited from a standard-library base returns (receivers.ReceiverTypes)."""
        raise NotImplementedError

    def decorated_types(self, function: nodes.FunctionDef) -> list[nodes.ClassDef | str]:
        """What the name of a decorated function holds where its outermost decorator (the
        one applied last) returns an object, not a function: a ``functools.singledispatch``
        function is a ``functools._SingleDispatchCallable`` (``show.register(int)``), as
        typeshed declares; a repository decorator's result is inferred with the function
        passed (SQLAlchemy's ``@register.init`` returns a ``register``: ``create_db.for_db``).
        A decorator that returns a function (``functools.wraps``) says nothing here."""
        decorator = function.decorators.nodes[0] if function.decorators else None
        if decorator is None:
            return []
        dotted = resolve_dotted(decorator)
        if dotted is not None and not self.names_repo(dotted):
            returned = stdlib_stubs.function_returns(dotted)  # None for a decorator factory's call
            return [returned] if returned is not None and not isinstance(decorator, nodes.Call) else []
        if function not in self._decorations:
            # astroid applies no decorator: their call is inferred as one written out, with the
            # function passed (the node is no part of the tree; its parts keep their parents)
            applied = nodes.Call(
                lineno=decorator.lineno,
                col_offset=decorator.col_offset,
                end_lineno=decorator.end_lineno,
                end_col_offset=decorator.end_col_offset,
                parent=function.parent,
            )
            applied.postinit(func=decorator, args=[function], keywords=[])
            self._decorations[function] = applied
        made: list[nodes.ClassDef | str] = []
        for value in self.infer(self._decorations[function]):
            if type(value) is bases.Instance and value._proxied.root().name != "builtins":
                made.append(value._proxied)
        return list(dict.fromkeys(made))

    def _result_types(self, call: nodes.Call, depth: int) -> list[nodes.ClassDef | str]:
        """Instance types a call returns: a class made, a function's return annotation,
        a class held in a class attribute, ``typing.cast``, or a known stdlib return."""
        generic = self.generic_returns(call, depth)  # an overload chosen, TypeVars bound
        found: list[nodes.ClassDef | str] = [t for a in generic or () for t in self.annotation_types(a)]
        if found:
            return list(dict.fromkeys(found))
        for value in self.infer(call.func):
            skip = 1 if isinstance(value, bases.BoundMethod) else 0
            receiver = _receiver_class(value)
            value = unwrap(value)
            if isinstance(value, nodes.ClassDef):
                found.append(value)
            elif isinstance(value, nodes.FunctionDef) and declared_returns(value) is not None:
                found.extend(self._returned_types(value, call, skip, depth))
            elif isinstance(value, nodes.FunctionDef) and depth and self.in_repo(value):
                returned = self._returned_values(value, depth - 1, _Site(call, skip))
                found.extend(_as_receiver(returned, value, receiver))
            elif type(value) is bases.Instance:  # ``maker = Maker(); maker(app)``
                found.extend(self._called_instance(value._proxied, call, depth))
        if found:
            return found
        if isinstance(call.func, nodes.Subscript):  # ``ConfigAttribute[bool](...)`` makes one
            classes = [v for v in self.infer(call.func.value) if isinstance(v, nodes.ClassDef)]
            if classes:
                return classes[:1]
        declared = self.annotations_of(call, depth)
        # ``-> T`` (or ``Optional[T]``): what the arguments bind, below, before T's bound
        if not any(self._type_var(_optional_of(a)) for a in declared):
            found = [t for a in declared for t in self.annotation_types(a)]
            if found:
                return found
        for annotation in self.annotations_of(call.func, depth):  # ``factory: type[C]``, ``factory()``
            found.extend(t for held in containers.classes_in(annotation) for t in self.annotation_types(held))
        if found:
            return found
        if depth:  # ``factory: ClientFactory`` (a Protocol), ``factory(app)``: its ``__call__``'s return
            for owner in self.types_of(call.func, depth - 1):
                if isinstance(owner, nodes.ClassDef):
                    found.extend(self._called_instance(owner, call, depth))
            if found:
                return found
        if isinstance(call.func, nodes.Attribute) and call.func.attrname == _UNPROXIED and not call.args:
            return self._declared_types(call.func.expr, depth)  # the object the proxy stands for
        maker = resolve_dotted(call.func)
        if maker == "typing.cast" and call.args:
            return self.annotation_types(call.args[0])
        if maker in STDLIB_RETURNS:
            return [STDLIB_RETURNS[maker]]
        if maker and not self.names_repo(maker):
            returned = stdlib_stubs.function_returns(maker)
            if returned is None and (strings := self.strings_passed(call, depth)):
                returned = stdlib_stubs.function_returns(maker, strings)  # ``re.sub(pattern, " ", text)``
            if returned is not None:
                return [returned]
        if maker in {"builtins.open", "io.open", "os.fdopen"}:
            return _opened(call)
        if maker in {"copy.copy", "copy.deepcopy"} and call.args and depth:  # a copy of its kind
            return self.types_of(call.args[0], depth - 1)
        if (made := _default_kind(call)) is not None:  # ``registry.setdefault(key, []).append(f)``
            return [made]
        referenced = self._weakly_referenced(call.func)
        if referenced is not None and depth:  # ``weakref.ref(app)()`` is the app (or None)
            return self.types_of(referenced, depth - 1)
        external = maker if maker and not self.names_repo(maker) else None
        if maker and external is None and isinstance(followed := self.follow(maker), str):
            external = followed  # ``fastapi.testclient.TestClient`` re-exports starlette's
        if external and (class_like(external) or stdlib_stubs.is_class(external)):
            return [external]  # named as imported: ``io.StringIO``, not where it is defined (``_io``)
        if isinstance(call.func, nodes.Attribute) and depth:
            receiver_arguments = self._receiver_type_arguments(call.func.expr, depth - 1)
            for owner in self.types_of(call.func.expr, depth - 1):
                if (kind := self._stdlib_kind(owner)) is not None:
                    if call.func.attrname == "open" and kind.startswith("pathlib."):
                        found.extend(_opened(call, mode_at=0))  # ``path.open("w")``
                        continue
                    returned = stdlib_stubs.method_returns(kind, call.func.attrname)
                    found.extend([returned] if returned else [])
                    continue
                if not isinstance(owner, nodes.ClassDef):
                    continue
                node = mro_attribute(owner, call.func.attrname)
                if node is None:  # ``self.format(record)`` in a logging.Handler: the stub's return
                    found.extend(self._inherited_from_stubs(owner, call.func.attrname))
                elif (
                    isinstance(node, nodes.FunctionDef)
                    and declared_returns(node) is not None
                    and self._is_self(declared_returns(node))
                ):
                    found.append(owner)  # ``-> Self``: the receiver's own class (a subclass's too)
                elif isinstance(node, nodes.FunctionDef) and declared_returns(node) is not None:
                    skip = 0 if node.type == "staticmethod" else 1
                    found.extend(self._returned_types(node, call, skip, depth, receiver_arguments))
                elif isinstance(node, nodes.FunctionDef) and self.in_repo(node):  # unannotated: its returns
                    skip = 0 if node.type == "staticmethod" else 1
                    returned = self._returned_values(node, depth - 1, _Site(call, skip))
                    found.extend(_as_receiver(returned, node, owner))
                elif node is not None and not isinstance(node, nodes.FunctionDef):
                    found.extend(self.held_classes(node))
        return found

    def _weakly_referenced(self, func: nodes.NodeNG) -> nodes.NodeNG | None:
        """What ``func`` holds a weak reference to: ``x`` of ``weakref.ref(x)``, itself or
        assigned to the name ``func`` (``self_ref = weakref.ref(self)``)."""
        if isinstance(func, nodes.Name):
            binding, _ = binding_of(func, func.name)
            func = binding.value if isinstance(binding, nodes.Assign) else func
        if isinstance(func, nodes.Call) and func.args and resolve_dotted(func.func) == "weakref.ref":
            return func.args[0]
        return None

    def _called_instance(
        self, klass: nodes.ClassDef, call: nodes.Call, depth: int
    ) -> list[nodes.ClassDef | str]:
        """What calling an instance of ``klass`` returns: its ``__call__``'s annotation, or
        what the repository's ``__call__`` returns, as for a function called."""
        method = mro_method(klass, "__call__")
        if not isinstance(method, nodes.FunctionDef):
            return []
        if declared_returns(method) is not None:
            return self._returned_types(method, call, 1, depth)
        return self._returned_values(method, depth - 1) if depth and self.in_repo(method) else []

    def _receiver_type_arguments(self, receiver: nodes.NodeNG, depth: int) -> dict[str, nodes.NodeNG]:
        """The type arguments of a generic receiver, by type parameter: declared
        (``users: Repo[User]``, ``Optional[Repo[User]]``) or made (``users = Repo[User]()``)."""
        found: dict[str, nodes.NodeNG] = {}
        for annotation in self.annotations_of(receiver, depth):
            if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
                annotation = self._parsed_string(annotation) or annotation  # ``-> "Repo[User]"``
            annotation = _optional_of(annotation)
            if isinstance(annotation, nodes.Subscript):
                for klass in self.annotation_types(annotation.value):
                    if isinstance(klass, nodes.ClassDef):
                        found.update(self._type_arguments(annotation, klass))
        if not found and isinstance(receiver, nodes.Name):
            assignment, _ = plain_assignment(receiver)
            made = assignment.value if assignment is not None else None
            if isinstance(made, nodes.Call) and isinstance(made.func, nodes.Subscript):
                for klass in self.infer(made.func.value):
                    if isinstance(klass, nodes.ClassDef):
                        found.update(self._type_arguments(made, klass))
        return found

    def _returned_types(
        self,
        function: nodes.FunctionDef,
        call: nodes.Call | nodes.Subscript,
        skip: int,
        depth: int,
        receiver_arguments: dict[str, nodes.NodeNG] | None = None,
    ) -> list[nodes.ClassDef | str]:
        """What ``call`` of ``function`` returns, by its return annotation. A TypeVar there
        (``-> V``) is bound by the argument passed for the parameter declared ``V`` (that
        argument's type), ``type[V]`` (the class passed) or ``Key[V]`` (the type argument
        the argument was made with: ``stash[key]`` with ``key = StashKey[int]()`` and
        ``__getitem__(self, key: StashKey[T]) -> T`` is an int), else is its upper bound
        (``bound=``) if it has one; ``skip`` drops ``self``/``cls``. A subscript passes
        its index as the one argument (``__getitem__``). Keyword-only parameters bind by
        name; ``-> Optional[V]`` binds as ``-> V``; a generic receiver's type arguments
        (``receiver_arguments``) bind what no argument does."""
        returns = declared_returns(function)
        assert returns is not None
        var = self._type_var(_optional_of(returns))  # ``-> V`` or ``-> Optional[V]``
        if var is None:
            return self.annotation_types(returns)
        arguments = function.args
        keyword_only = [(-1, param) for param in arguments.kwonlyargs or ()]  # passed by name only
        for position, param in [*enumerate(positional_params(arguments)), *keyword_only]:
            annotation = annotation_of(arguments, param.name)
            if isinstance(call, nodes.Subscript):
                argument = call.slice if position - skip == 0 else None
            elif position < 0:  # keyword-only: whatever ``*args`` the call spreads before it
                argument = next((k.value for k in call.keywords or () if k.arg == param.name), None)
            else:
                argument = passed_argument(call, position - skip, param.name)
            if isinstance(annotation, nodes.Name) and annotation.name == var:
                passed = self.types_of(argument, depth - 1) if argument is not None else []
                return passed or self._unbound(function, var, receiver_arguments)
            if not isinstance(annotation, nodes.Subscript) or argument is None:
                continue
            held = annotation.slice.elts if isinstance(annotation.slice, nodes.Tuple) else [annotation.slice]
            at = next((i for i, h in enumerate(held) if isinstance(h, nodes.Name) and h.name == var), None)
            if at is None:
                continue
            if resolve_dotted(annotation.value) in {"builtins.type", "typing.Type"}:
                return self.class_named(argument)
            made = made_with(argument)
            return self.annotation_types(made[at]) if at < len(made) else []
        return self._unbound(function, var, receiver_arguments)

    def _unbound(
        self, function: nodes.FunctionDef, var: str, receiver_arguments: dict[str, nodes.NodeNG] | None
    ) -> list[nodes.ClassDef | str]:
        """``function``'s returned TypeVar ``var`` where no argument says what it is: the
        receiver's type argument (``Repo[User]().get() -> T``: a User), else the bound (a
        union: a method is then named only on the members that define it,
        call_names._defining_owners)."""
        if receiver_arguments and var in receiver_arguments:
            return self.annotation_types(receiver_arguments[var])
        return self.annotation_types(declared_returns(function))

    def _returned_values(
        self, function: nodes.FunctionDef, depth: int, site: _Site | None = None
    ) -> list[nodes.ClassDef | str]:
        """What an unannotated repository function returns, where astroid's inference of
        the call gave up: the types of its ``return`` values, when every one (``None``
        aside) has one (``return datetime.now(tz)`` in a helper is a datetime). Followed
        from a call (``site``), a returned parameter is what the call passes for it."""
        if function.is_generator():
            return []
        found: list[nodes.ClassDef | str] = []
        for returned in own_nodes(function, nodes.Return):
            value = returned.value
            if value is None or (isinstance(value, nodes.Const) and value.value is None):
                continue
            kinds = self.types_of(value, depth)
            if not kinds and site is not None:
                kinds = self._passed_through(value, function, site, depth)
            if any(kind_name(k) == "builtins.object" for k in kinds):  # ``-> object``: anything
                return []
            if not kinds or any(_is_type(k) for k in kinds):  # a class made: its instances unknown
                return []
            found.extend(kinds)
        return list(dict.fromkeys(found))

    def _passed_through(
        self, value: nodes.NodeNG, function: nodes.FunctionDef, site: _Site, depth: int
    ) -> list[nodes.ClassDef | str]:
        """What ``function``, called at ``site``, returns in ``value`` when only the call
        can tell: a parameter (``return project_state``) is what the call passes, followed
        out through the caller's own parameters; a call of another unannotated repository
        function (``return migration.apply(state, editor)``) is followed the same way."""
        if isinstance(value, nodes.Name):
            binding, _ = typing_binding_of(value, value.name)
            if binding is not function.args:
                return []
            names = [p.name for p in positional_params(function.args)]
            position = names.index(value.name) - site.skip if value.name in names else -1
            argument = passed_argument(site.call, position, value.name)
            if argument is None:
                return []
            found = self.types_of(argument, depth)
            caller = site.call.frame()
            if found or site.outer is None or not isinstance(caller, nodes.FunctionDef):
                return found
            return self._passed_through(argument, caller, site.outer, depth)
        if isinstance(value, nodes.Call) and depth:
            for target in self.infer(value.func):
                skip = 1 if isinstance(target, bases.BoundMethod) else 0
                target = unwrap(target)
                undeclared = isinstance(target, nodes.FunctionDef) and declared_returns(target) is None
                if undeclared and self.in_repo(target):
                    found = self._returned_values(target, depth - 1, _Site(value, skip, site))
                    if found:
                        return found
        return []


def _receiver_class(value: object) -> nodes.ClassDef | None:
    """The class of the instance a method was looked up on (``self.copy``: the caller's;
    ``super().copy``: the caller's too, which astroid keeps apart from the class it binds)."""
    if not isinstance(value, bases.BoundMethod):
        return None
    instance = value.original_caller or value.bound
    return instance._proxied if type(instance) is bases.Instance else None


def _as_receiver(
    returned: list[nodes.ClassDef | str], method: nodes.FunctionDef, receiver: nodes.ClassDef | None
) -> list[nodes.ClassDef | str]:
    """What a method returns, called on an instance of ``receiver``: ``return self`` (or a
    copy of it, ``copy.copy(self)``) in a base's method is typed as the base there, and is
    the receiver's class here, whose overrides then run (Django's ``clone = self.copy();
    clone.as_sql()`` reached every expression's ``as_sql``)."""
    if receiver is None or _makes_its_class(method):
        return returned
    return [receiver if kind is method.parent else kind for kind in returned]


def _makes_its_class(method: nodes.FunctionDef) -> bool:
    """Whether ``method`` calls its own class by name (``return Vector(x, y)``): what it
    returns may be that class exactly, whatever the receiver's."""
    klass = method.parent
    for call in own_nodes(method, nodes.Call):
        func = call.func
        if (func.name if isinstance(func, nodes.Name) else getattr(func, "attrname", None)) == klass.name:
            return True
    return False


def _optional_of(annotation: nodes.NodeNG) -> nodes.NodeNG:
    """``V`` of ``Optional[V]``, ``V | None`` or ``Union[V, None]``; else ``annotation``: a
    call that returns a value at all returns the one its arguments bind."""
    if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
        sides = [annotation.left, annotation.right]
    elif isinstance(annotation, nodes.Subscript) and (resolve_dotted(annotation.value) or "").endswith(
        ("Optional", "Union")
    ):
        index = annotation.slice
        sides = index.elts if isinstance(index, nodes.Tuple) else [index]
    else:
        return annotation
    kept = [s for s in sides if not (isinstance(s, nodes.Const) and s.value is None)]
    return kept[0] if len(kept) == 1 else annotation


def own_nodes(scope: nodes.NodeNG, kind: type[N]) -> Iterator[N]:
    """The ``kind`` nodes of a function's (or module's) own body: not those of a function or
    class it defines (an app factory's ``@app.route`` views return strings; it returns the app)."""
    return scope.nodes_of_class(kind, skip_klass=_OWN_SCOPES)


def _is_type(kind: nodes.ClassDef | str) -> bool:
    """``builtins.type``: a class object (``type(name, bases, namespace)`` made one)."""
    return kind_name(kind) == "builtins.type"


def _default_kind(call: nodes.Call) -> str | None:
    """``mapping.setdefault(key, default)`` (or ``.get``) with a list, dict or set for a
    default (a literal, or ``list()``/``dict()``/``set()``): the value is of that kind;
    code that calls its methods says so too."""
    if not (
        isinstance(call.func, nodes.Attribute)
        and call.func.attrname in {"setdefault", "get"}
        and len(call.args) == 2
    ):
        return None
    default = call.args[1]
    if type(default) in _LITERALS:
        return _LITERALS[type(default)]
    made = resolve_dotted(default.func) if isinstance(default, nodes.Call) and not default.args else None
    return made if made in _EMPTY_MADE else None


def _opened(call: nodes.Call, mode_at: int = 1) -> list[str]:
    """The file class ``open(...)`` (``os.fdopen``, ``Path.open``: the mode at ``mode_at``)
    returns for a literal mode (unbuffered binary aside)."""
    mode = passed_argument(call, mode_at, "mode")
    if mode is None and (len(call.args) > mode_at or any(k.arg is None for k in call.keywords or ())):
        return []  # a mode passed through *args or **kwargs
    text = "r" if mode is None else getattr(mode, "value", None)
    if not isinstance(text, str):
        return []
    if "b" not in text:
        return ["io.TextIOWrapper"]
    if passed_argument(call, mode_at + 1, "buffering") is not None:
        return []  # buffering=0 gives a raw io.FileIO
    if "+" in text:
        return ["io.BufferedRandom"]
    return ["io.BufferedReader"] if "r" in text else ["io.BufferedWriter"]
