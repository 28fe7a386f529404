"""Arguments flowing into parameters, for the repository-wide pass (``flow.py``).

What a call passes is recorded as bindings (values named as in ``values.py``): the
repository's functions, instances of its classes, values of builtin types, and the
parameters or slots it forwards; a literal container's items too. Where a callee is a
parameter or a value kept on ``self``, the call becomes a *parameter call* the pass
binds to what callers pass or store. A parameter with a default holds it unless a
caller passes something else.
"""

from __future__ import annotations

from collections.abc import Iterator

from astroid import bases, nodes

from graph_rag.model import Binding, ParamCall
from graph_rag.parse.bounds import Budget
from graph_rag.parse.call_targets import TargetResolver, is_plain_instance
from graph_rag.parse.class_members import callee_function, positional_params, unwrap
from graph_rag.parse.names import is_super_call, parameter_function
from graph_rag.parse.naming import qualname
from graph_rag.parse.receivers import TYPE_DEPTH
from graph_rag.parse.slots import called_slot, expand, is_slot, receiver_class
from graph_rag.parse.values import FAMILY, UNBOUND, guard_of, guarded, instance_ref, param_ref

MAX_ITEMS = 64  # items of a literal container passed in that are bound (a big table: its first)
# Arguments whose value the repository-wide pass can use, besides literals (their type).
_PASSED_NODES = (nodes.Name, nodes.Attribute, nodes.Lambda, nodes.Subscript, nodes.Call)
LITERALS = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Set)  # values plain to see
_CONTAINERS = (nodes.List, nodes.Tuple, nodes.Dict, nodes.Set)


class ArgumentFlow(TargetResolver):
    """Bindings of arguments to parameters, and calls left to the repository-wide pass."""

    def __init__(self, repo_modules: frozenset[str] | set[str], budget: Budget) -> None:
        super().__init__(repo_modules, budget)
        # functions whose parameters the facts name: their signatures go with the facts
        self._param_owners: dict[str, nodes.FunctionDef | nodes.Lambda] = {}

    def _param_call(
        self,
        caller: str,
        source: tuple[str, str],
        call: nodes.Call,
        method: str = "",
        *,
        counted: bool = True,
        also: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """A call resolved by the repository-wide pass, with what it passes on (bound there
        to the parameters of whatever it reaches: a callback's own callbacks)."""
        passed: list[tuple[str, str]] = []
        for position, arg in enumerate(call.args):
            if isinstance(arg, nodes.Starred):
                break
            passed.extend((f"#{position}", value) for value in self._bound_values(arg))
        for keyword in call.keywords or ():
            if keyword.arg is not None:
                passed.extend((keyword.arg, value) for value in self._bound_values(keyword.value))
        arguments = tuple(dict.fromkeys(passed))
        called = call.func
        for _ in range(method.count(".") + 1 if method else 0):  # the receiver the values are passed for
            called = called.expr if isinstance(called, nodes.Attribute) else called
        guard = self.guard(called)
        self.out.param_calls.append(
            ParamCall(caller, *source, call.lineno, method, arguments, counted, also, guard)
        )

    def guard(self, node: nodes.NodeNG) -> str:
        """What ``isinstance`` tests around ``node`` (a parameter or a slot read) say it
        holds there, for the pass to filter what callers pass (values.guard_of). A test
        for a class is kept only where the pass knows the family of every class named
        (the repository's, builtins): of an external one it knows no subclass."""
        if not isinstance(node, nodes.Name | nodes.Attribute):
            return ""
        one_of, none_of = self.receivers.guards(node)
        named = [self._class_name(kind) for kind in one_of]
        known = all(
            self._in_repo_class(kind) or name.startswith("builtins.")
            for kind, name in zip(one_of, named, strict=True)
        )
        return guard_of(named if known else [], [self._class_name(kind) for kind in none_of])

    def _class_name(self, kind: nodes.ClassDef | str) -> str:
        if isinstance(kind, str):
            return kind
        return qualname(kind) if self.in_repo(kind) else kind.qname()

    def _in_repo_class(self, kind: nodes.ClassDef | str) -> bool:
        return isinstance(kind, nodes.ClassDef) and self.in_repo(kind)

    def _forwarded_calls(
        self, caller: str, sources: list[tuple[str, str]], call: nodes.Call, *, counted: bool
    ) -> None:
        """One call site whose callee comes from any of ``sources`` (parameters or slots):
        a parameter call for each, the site counted once (on the first, the others named
        there), and not at all when it was counted at parse time."""
        unique = list(dict.fromkeys(sources))
        for position, source in enumerate(unique):
            first = position == 0
            also = tuple(unique[1:]) if first else ()
            self._param_call(caller, source, call, counted=counted and first, also=also)

    def _bind_arguments(self, call: nodes.Call, values: list[object]) -> None:
        """Record functions passed as arguments to repository functions."""
        if not call.args and not call.keywords:
            return
        for value in values:
            function, skip = callee_function(value)
            if function is None or not self.in_repo(function):
                continue
            params = [a.name for a in function.args.posonlyargs + function.args.args][skip:]
            owner = qualname(function)
            receiver = self._receiver(call, value)
            for position, arg in enumerate(call.args):
                if isinstance(arg, nodes.Starred):
                    break
                if position < len(params):
                    self._bind(owner, params[position], arg, receiver)
                elif function.args.vararg:  # an element of the ``*args`` tuple
                    self._bind(owner, f"{function.args.vararg}[]", arg, receiver)
            named = {*params, *(a.name for a in function.args.kwonlyargs)}
            for keyword in call.keywords or ():
                if keyword.arg is None:
                    continue
                if keyword.arg in named or not function.args.kwarg:
                    self._bind(owner, keyword.arg, keyword.value, receiver)
                else:  # a value of the ``**kwargs`` dict
                    self._bind(owner, f"{function.args.kwarg}{{}}", keyword.value, receiver)

    def _receiver(self, call: nodes.Call, value: object) -> str:
        """The class ``self`` is in the callee, where the call says: exactly that class for
        ``Class(...)`` ("pkg.Class()"), that class or a subclass for ``cls(...)``,
        ``self.m(...)`` or ``super().m(...)`` in one of its methods ("pkg.Class")."""
        func = call.func
        if isinstance(value, nodes.ClassDef):
            if not self.in_repo(value):
                return ""
            if isinstance(func, nodes.Name) and (klass := receiver_class(func)):
                return klass  # ``cls(...)``: the class a classmethod runs on, or a subclass
            named = func.name if isinstance(func, nodes.Name) else getattr(func, "attrname", None)
            # an alias or a class held in a variable may stand for a subclass: not said
            return instance_ref(qualname(value)) if named == value.name else ""
        if not isinstance(value, bases.BoundMethod) or not isinstance(func, nodes.Attribute):
            return ""
        if isinstance(func.expr, nodes.Name):
            return receiver_class(func.expr)
        if is_super_call(func.expr):
            return super_receiver(func.expr)
        return ""

    def _bind(self, owner: str, param: str, arg: nodes.NodeNG, receiver: str = "") -> None:
        """What ``arg`` passes to a parameter or slot: the repository's functions, instances
        of its classes (``run(Store())``, ``Service(store)``), or a parameter forwarded; and
        to a parameter, the items of a literal container (its keys "p{}", "p[]")."""
        self.out.bindings.extend(Binding(owner, param, value, receiver) for value in self._bound_values(arg))
        if param.isidentifier():  # not a slot on self: those get their items from stored()
            for suffix, item in self._literal_items(arg):
                self.out.bindings.extend(
                    Binding(owner, f"{param}{suffix}", v, receiver) for v in self._bound_values(item)
                )

    def _literal_items(self, arg: nodes.NodeNG) -> Iterator[tuple[str, nodes.NodeNG]]:
        """The items of the dict, list, tuple or set literal ``arg`` is (or names): a dict's
        values under "{}", the others' elements under "[]", at most MAX_ITEMS of them."""
        if isinstance(arg, nodes.Const | nodes.Lambda | nodes.JoinedStr):
            return
        if isinstance(arg, _CONTAINERS):
            literal = arg
        else:
            literal = next((v for v in self.infer(arg) if isinstance(v, _CONTAINERS)), None)
        if isinstance(literal, nodes.Dict):
            yield from [("{}", value) for _, value in literal.items][:MAX_ITEMS]
        elif literal is not None:
            yield from [("[]", element) for element in literal.elts][:MAX_ITEMS]

    def _bound_values(self, arg: nodes.NodeNG) -> list[str]:
        """Binding values of an argument: functions, instances (``pkg.Class()``, and of
        builtin types: ``builtins.str()`` for ``"a"``), and parameters or slots it
        forwards (``owner\\x00param``)."""
        if isinstance(arg, nodes.JoinedStr):
            return [instance_ref("builtins.str")]
        if isinstance(arg, LITERALS):  # its type is plain to see: nothing to infer
            kind = _builtin_kind(arg)
            return [instance_ref(kind)] if kind is not None else []
        if not isinstance(arg, _PASSED_NODES):
            return []
        if isinstance(arg, nodes.Name) and (klass := _instance_receiver(arg)):
            return [f"{klass}{FAMILY}"]  # ``self`` passed on: nothing binds it but the call
        values, source = self._passed(arg)
        guard = self.guard(arg) if source is not None else ""
        found = (
            [guarded(param_ref(source[0], n), guard) for n in expand(source[1])] if source is not None else []
        )
        for raw in values:
            value = unwrap(raw)
            if isinstance(value, nodes.FunctionDef | nodes.Lambda) and self.in_repo(value):
                # the method's function itself, bound to no instance: taken from its class
                unbound = not isinstance(raw, bases.BoundMethod) and _is_instance_method(value)
                found.append(f"{qualname(value)}{UNBOUND}" if unbound else qualname(value))
            elif isinstance(value, nodes.FunctionDef):  # a builtin's or an external's: its name
                found.extend(self._external_aware(raw, arg))
            elif (kind := _builtin_kind(value)) is not None:
                found.append(instance_ref(kind))
            elif is_plain_instance(value) and self.in_repo(value._proxied):
                found.append(instance_ref(qualname(value._proxied)))
        if not values and isinstance(arg, nodes.Name) and (source is None or is_slot(source[1])):
            found += self._typed_instances(arg)  # a slot may hold nothing the pass can see
        if not found and isinstance(arg, nodes.Attribute):  # ``run(client.fetch)``, client external
            # a method of a typed receiver only: ``sys.argv`` and ``json.dumps`` look alike unread
            typed = self.receivers.types_of(arg.expr, TYPE_DEPTH)
            found = [
                n
                for owner in typed
                for n in self._member(owner, arg.attrname)
                if not self.receivers.names_repo(n)
            ]
        return list(dict.fromkeys(found))

    def _typed_instances(self, arg: nodes.Name) -> list[str]:
        """Instances of what ``arg`` is typed as where inference knows no value (``for stmt
        in splitter.process(stream): group(stmt)``, a generator yielding ``Statement``s):
        the repository's classes and builtins, each as exactly that class, as a call on
        ``arg`` itself is named by its type's member (NameFallback)."""
        found: list[str] = []
        for kind in self.receivers.types_of(arg, TYPE_DEPTH):
            if isinstance(kind, nodes.ClassDef) and self.in_repo(kind):
                found.append(instance_ref(qualname(kind)))
            elif isinstance(kind, nodes.ClassDef) and kind.root().name == "builtins":
                found.append(instance_ref(kind.qname()))
            elif isinstance(kind, str) and kind.startswith("builtins."):
                found.append(instance_ref(kind))
        return found

    def _passed(self, node: nodes.NodeNG) -> tuple[list[object], tuple[str, str] | None]:
        """What an argument passes on: its inferred values, or where the repository-wide
        pass finds them (a parameter, a slot on ``self``). ``self.x`` naming a method of
        the class is that method (``run(self.on_click)``), else it is the slot."""
        source = self._flow_source(node)
        if source is not None and not is_slot(source[1]):
            return [], source
        values = self.infer(node)
        if source is None:
            return values, None
        methods = [v for v in values if isinstance(v, bases.BoundMethod)]
        return (methods, None) if methods else ([], source)

    def _bind_defaults(self, owner: str, arguments: nodes.Arguments) -> None:
        """A parameter holds its default unless a caller passes something else; ``*args``
        is a tuple and ``**kwargs`` a dict whatever callers pass."""
        positional, defaults = positional_params(arguments), arguments.defaults or []
        pairs = list(zip(arguments.kwonlyargs, arguments.kw_defaults or [], strict=False))
        if len(defaults) <= len(positional):  # the last positional parameters have them
            pairs += zip(positional[len(positional) - len(defaults) :], defaults, strict=True)
        for param, default in pairs:
            if default is not None:
                self._bind(owner, param.name, default)
        for name, kind in ((arguments.vararg, "builtins.tuple"), (arguments.kwarg, "builtins.dict")):
            if name:
                self.out.bindings.append(Binding(owner, name, instance_ref(kind)))

    def _receiver_source(self, func: nodes.NodeNG) -> tuple[str, str] | None:
        """The parameter or slot whose value a method is called on: ``sink`` in
        ``sink.write()``, ``self.store`` in ``self.store.save()`` (never ``self`` itself:
        nothing passes it)."""
        if not isinstance(func, nodes.Attribute):
            return None
        receiver = func.expr
        if isinstance(receiver, nodes.Name) and receiver.name in {"self", "cls"}:
            return None
        return self._flow_source(receiver)

    def _flow_source(self, node: nodes.NodeNG) -> tuple[str, str] | None:
        """Where the value of ``node`` comes from, for the repository-wide pass: a bare
        parameter (function, name), or what a method keeps on ``self`` (class, slot)."""
        if isinstance(node, nodes.Name) and (function := parameter_function(node)) is not None:
            owner = qualname(function)
            if owner not in self._param_owners:
                self._param_owners[owner] = function
                self._bind_defaults(owner, function.args)
            return owner, node.name
        return called_slot(node)


def _is_instance_method(function: nodes.FunctionDef | nodes.Lambda) -> bool:
    return isinstance(function, nodes.FunctionDef) and function.is_method() and function.type == "method"


def _instance_receiver(name: nodes.Name) -> str:
    """The class of which ``name`` is the instance a method runs on (its ``self``); "" for
    any other name, and for a classmethod's ``cls``."""
    if name.name != "self":  # by convention; sparing every other argument a scope lookup
        return ""
    klass = receiver_class(name)
    method = name.scope()
    while klass and not (isinstance(method, nodes.FunctionDef) and isinstance(method.parent, nodes.ClassDef)):
        method = method.parent.scope()  # a closure inside the method
    return klass if klass and method.type == "method" else ""


def _builtin_kind(value: object) -> str | None:
    """``builtins.str`` for a string, ``builtins.dict`` for a dict: the builtin type of a
    literal (or of what a builtin call makes); None for None, and for anything else."""
    if isinstance(value, nodes.Const):
        return None if value.value is None or value.value is Ellipsis else value.pytype()
    if isinstance(value, nodes.List | nodes.Tuple | nodes.Dict | nodes.Set):
        return value.pytype()
    if is_plain_instance(value) and value._proxied.root().name == "builtins":
        return value._proxied.qname()
    return None


def super_receiver(call: nodes.Call) -> str:
    """The class of ``self`` a ``super()`` call passes on: the method's class, or what the
    second argument of ``super(C, self)`` names."""
    if call.args:
        second = call.args[1] if len(call.args) == 2 else None
        return receiver_class(second) if isinstance(second, nodes.Name) else ""
    method = call.frame()
    if isinstance(method, nodes.FunctionDef) and isinstance(method.parent, nodes.ClassDef):
        return "" if method.type == "staticmethod" else qualname(method.parent)
    return ""
