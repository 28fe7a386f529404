"""Call targets: astroid inference first, then scopes and the import table.

For every call site the resolver tries, in order:
1. astroid inference of the called expression (functions, bound methods via
   ``self``/``cls`` and the MRO, ``super()``, classes, ``functools.partial``,
   aliases, returned objects) -> ``Confidence.INFERRED``;
2. name resolution (``Confidence.NAME``): the import table for externals
   (``requests.get``), methods of receivers typed from their declarations
   (annotations, assignments, ``isinstance``: see ``receivers.py``), ``self`` methods
   inherited from an external base, dispatch tables written as dict or list literals;
3. otherwise the call is recorded as a *parameter call* when the callee is a
   parameter or a value kept on ``self`` (``slots.py``: ``self.handler()``, a loop
   over a registry, ``table[name]()`` on a table passed in), or a method called on one
   (``sink.write()``, ``self.store.save()``), so the repository-wide pass in
   ``flow.py`` can bind it to what callers pass or store: functions, instances
   (their class's MRO gives the method), values of builtin types; a ``super()`` call
   in a mixin waits there for the subclasses' MROs. A parameter with a default gets
   astroid's answer for the default and the pass's for what callers pass.

What each call passes is recorded as well (``_bind_arguments``; values named as in
``values.py``), for the functions it reaches at once and, at a parameter call, for
whatever the pass finds it reaches (a callback's own callbacks).

Implicit calls are added too: a decorator is called with the function it
decorates, ``with`` calls ``__enter__``/``__exit__``, a loop calls ``__iter__`` and
``__next__``, reading a property calls its getter. Instantiating a class calls it
and its ``__init__`` (found via the MRO) when the repository defines one, else the
``__init__`` of the external base it inherits (``ext.Base.__init__``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from astroid import bases, nodes, objects
from astroid.exceptions import NoDefault
from astroid.util import UninferableBase

from graph_rag.model import Binding, Call, Confidence, ParamCall, SelfCall, Signature, SuperCall
from graph_rag.parse import containers
from graph_rag.parse.bounds import Budget
from graph_rag.parse.items import ItemStores
from graph_rag.parse.names import (
    binding_of,
    parameter_function,
    passed_argument,
    plain_assignment,
    resolve_dotted,
)
from graph_rag.parse.naming import caller_of, qualname
from graph_rag.parse.receivers import (
    TYPE_DEPTH,
    ReceiverTypes,
    callee_function,
    class_mro,
    external_class,
    mro_attribute,
    mro_getter,
    mro_method,
    positional_params,
    unwrap,
)
from graph_rag.parse.slots import called_slot, expand, is_slot, receiver_class, stored
from graph_rag.parse.values import FAMILY, UNBOUND, instance_ref, param_ref

MAX_VALUES = 16  # inferred values kept per expression; more means inference is guessing
MAX_ITEMS = 64  # items of a literal container passed in that are bound (a big table: its first)
# Builtin decorators whose call is bookkeeping, not behaviour worth an edge.
_PLAIN_DECORATORS = frozenset({"builtins.property", "builtins.staticmethod", "builtins.classmethod"})


@dataclass(slots=True)
class CallResults:
    calls: list[Call] = field(default_factory=list)
    param_calls: list[ParamCall] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    self_calls: list[SelfCall] = field(default_factory=list)
    super_calls: list[SuperCall] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    iterators: list[tuple[str, str]] = field(default_factory=list)
    inferred: int = 0
    by_name: int = 0
    unresolved: int = 0
    pending: int = 0  # parameter and super() calls: resolved or not by the repository-wide pass


# Modules whose classes, as bases, run no ``__init__`` worth an edge by their name.
_NO_INIT_OF_THEIR_OWN = ("builtins.", "typing.", "typing_extensions.", "enum.", "abc.", "collections.abc.")
# Arguments whose value the repository-wide pass can use, besides literals (their type).
_PASSED_NODES = (nodes.Name, nodes.Attribute, nodes.Lambda, nodes.Subscript, nodes.Call)
_LITERALS = (nodes.Const, nodes.List, nodes.Tuple, nodes.Dict, nodes.Set)
_CONTAINERS = (nodes.List, nodes.Tuple, nodes.Dict, nodes.Set)


class CallResolver:
    """Resolves every call site of one module."""

    def __init__(self, repo_modules: frozenset[str] | set[str], budget: Budget) -> None:
        self.repo_modules = repo_modules
        self.budget = budget
        self.out = CallResults()
        # Typing receivers from declarations; it infers through this resolver's budget.
        self.receivers = ReceiverTypes(self.infer, self.in_repo, repo_modules)
        self.items: ItemStores | None = None  # the module's stores into dicts and lists
        # what each stored entry holds: (inferred values, their targets, a flow source)
        self._entry_values: dict[nodes.NodeNG, tuple[list[object], list[str], tuple[str, str] | None]] = {}
        # functions whose parameters the facts name: their signatures go with the facts
        self._param_owners: dict[str, nodes.FunctionDef | nodes.Lambda] = {}
        self._inferred: dict[nodes.NodeNG, list[object]] = {}

    # -- inference -------------------------------------------------------------

    def infer(self, node: nodes.NodeNG) -> list[object]:
        """The node's known values, inferred once per module (an argument is asked for its
        values and again for the items of the literal it names)."""
        if node not in self._inferred:
            self._inferred[node] = self._bounded(node.infer)
        return self._inferred[node]

    def _bounded(self, inference: Callable[[], Iterable[object]]) -> list[object]:
        """The known values an astroid inference yields, at most MAX_VALUES, within the budget."""

        def work() -> list[object]:
            values: list[object] = []
            for value in inference():
                if not isinstance(value, UninferableBase):
                    values.append(value)
                if len(values) >= MAX_VALUES:
                    break
            return values

        try:
            return self.budget.run(work) or []
        except Exception:  # astroid raises many inference errors; all mean "unknown"
            return []

    def in_repo(self, node: nodes.NodeNG) -> bool:
        return node.root().name in self.repo_modules

    def targets(self, value: object) -> list[str]:
        """Qualified names a call of an inferred value reaches."""
        if isinstance(value, objects.PartialFunction):
            wrapped = value.body[0].parent if value.body else None
            return [qualname(wrapped)] if isinstance(wrapped, nodes.FunctionDef) else []
        if isinstance(value, bases.BoundMethod) and isinstance(value.bound, bases.Instance):
            value = self._rebind(value)
        value = unwrap(value)
        if isinstance(value, nodes.FunctionDef | nodes.Lambda):
            if value.qname().startswith("builtins.object."):
                return []  # object's own slots: no behaviour worth an edge
            if self.in_repo(value) and _synthesized(value):
                return []
            return [self._name(value)]
        if isinstance(value, nodes.ClassDef):
            if value.root().name == "__astroid_synthetic":
                return []  # a class astroid's brains make up (a NamedTuple's): no code of anyone's
            names = [self._name(value)]
            init = mro_method(value, "__init__")
            if init is not None and self.in_repo(init):
                names.extend([] if _synthesized(init) else [qualname(init)])
            elif self.in_repo(value) and (init is None or init.qname() != "builtins.object.__init__"):
                names.extend(self._external_init(value))  # inherited from outside: ``A(ext.Base)``
            return names
        if isinstance(value, bases.Instance):
            call = mro_method(value._proxied, "__call__")
            if call is not None and self.in_repo(call):
                return [qualname(call)]
        return []

    def _external_init(self, klass: nodes.ClassDef) -> list[str]:
        """The ``__init__`` of the first external class ``klass`` derives from, by its import
        name (``ext.Base.__init__``). Bases that run none of their own are passed over: a
        builtin (``Exception``, ``List[str]``), a typing construct (``NamedTuple``), an
        enum (``Color(1)`` looks a member up), an abstract base (``collections.abc.Sized``)."""
        for base in self.receivers.external_bases(klass):
            if self.receivers.names_repo(base):
                outside = self.receivers.follow(base)
                if outside is True:  # the repository's own, unread by astroid (``_Prop[_T]``)
                    found = self._repo_init(base)
                    if found:
                        return found
                    continue
                base = outside if isinstance(outside, str) else ""  # ``compat.cookielib.CookieJar``
            if "." in base and not base.startswith(_NO_INIT_OF_THEIR_OWN):
                return [f"{base}.__init__"]
        return []

    def _repo_init(self, name: str) -> list[str]:
        """The ``__init__`` a repository class named ``name`` runs, if its MRO defines one here."""
        klass = external_class(name)
        init = mro_method(klass, "__init__") if klass is not None else None
        if init is None or not self.in_repo(init) or _synthesized(init):
            return []
        return [qualname(init)]

    def _rebind(self, method: bases.BoundMethod) -> object:
        """The method the C3 MRO really picks (astroid's instance lookup is depth-first)."""
        klass = method.bound._proxied
        if isinstance(klass, nodes.ClassDef):
            found = mro_method(klass, method.name)
            if found is not None:
                return found
        return method

    def _name(self, node: nodes.ClassDef | nodes.FunctionDef | nodes.Lambda) -> str:
        if self.in_repo(node):
            return qualname(node)
        return node.qname()  # builtins.len, builtins.str.join, functools.partial

    # -- one module --------------------------------------------------------------

    def resolve(self, tree: nodes.Module, property_names: set[str]) -> CallResults:
        self.items = ItemStores(tree)
        functions: list[nodes.FunctionDef] = []  # decorated ones, done after the calls (one walk)
        classes: list[nodes.ClassDef] = []
        kinds = (
            nodes.Call,
            nodes.Attribute,
            nodes.With,
            nodes.AsyncWith,
            nodes.FunctionDef,
            nodes.ClassDef,
            nodes.Assign,
            nodes.AnnAssign,
            nodes.For,
            nodes.Comprehension,
            nodes.Raise,
        )
        for node in tree.nodes_of_class(kinds):
            if isinstance(node, nodes.Call):
                self._call(node)
            elif isinstance(node, nodes.Assign | nodes.AnnAssign):
                self._store(node)
            elif isinstance(node, nodes.With | nodes.AsyncWith):
                self._with(node)
            elif isinstance(node, nodes.For | nodes.Comprehension):
                self._iterate(node)
            elif isinstance(node, nodes.Raise):
                self._raise(node)
            elif isinstance(node, nodes.FunctionDef):
                if node.decorators:
                    functions.append(node)
            elif isinstance(node, nodes.ClassDef):
                if node.decorators:
                    classes.append(node)
                self._iterator_of(node)
            elif node.attrname in property_names and not _is_call_func(node):
                self._property(node)
        for decorated in (*functions, *classes):
            self._decorators(decorated)
        self.out.signatures = [_signature(name, f) for name, f in self._param_owners.items()]
        return self.out

    def _emit(self, caller: str, callees: Iterable[str], lineno: int, how: Confidence) -> None:
        for callee in dict.fromkeys(callees):
            self.out.calls.append(Call(caller, callee, lineno, how))

    def _call(self, call: nodes.Call) -> None:
        caller = qualname(caller_of(call))
        func = call.func
        self._store(call)  # ``self.funcs.append(f)`` registers a callable
        stored = self.items.values_at(func) if self.items and isinstance(func, nodes.Subscript) else None
        if stored is not None:
            self._stored_item(caller, stored, call)
            return
        source = self._flow_source(func) if _has_default(func) else None
        if source is not None:  # astroid answers its default alone; the pass adds what callers pass
            values = self.infer(func)
            names = [t for v in values for t in self._external_aware(v, func)]
            if names:
                self.out.inferred += 1
                self._emit(caller, names, call.lineno, Confidence.INFERRED)
                self._bind_arguments(call, values)
            else:
                self.out.pending += 1
            self._param_call(caller, source, call, counted=not names)
            return
        values = self.infer(func)
        if _is_super_attribute(func):
            values = values[:1]  # astroid answers every class up the MRO; the call runs the first
        names = [t for v in values for t in self._external_aware(v, func)]
        if names and isinstance(func, nodes.Subscript) and _has_default(func.slice):
            names += self._dispatch_table(func)  # ``table[key]()``: astroid reads the default key alone
        if names:
            self.out.inferred += 1
            self._emit(caller, names, call.lineno, Confidence.INFERRED)
            self._record_self_call(caller, func, values, call.lineno)
            self._bind_arguments(call, values)
            receiver = func.expr if isinstance(func, nodes.Attribute) else None
            source = self._flow_source(receiver) if _has_default(receiver) else None
            if source is not None:  # ``sink.save()`` with ``sink=Store()``: callers may pass others
                assert isinstance(func, nodes.Attribute)
                self._param_call(caller, source, call, func.attrname, counted=False)
            return
        fallback = self._by_name(func)
        if fallback:
            self.out.by_name += 1
            self._emit(caller, fallback, call.lineno, Confidence.NAME)
            if call.args or call.keywords:
                self._bind_arguments(call, self._declared_methods(func))
            return
        start = _super_start(func, self.infer) if _is_super_attribute(func) else None
        if start is not None:  # a mixin's: its subclasses' MROs say what runs
            assert isinstance(func, nodes.Attribute)
            self.out.pending += 1
            self.out.super_calls.append(SuperCall(caller, start, func.attrname, call.lineno))
            return
        if isinstance(func, nodes.Call):
            returned, forwarded = self._returned_callables(func)
            if returned or forwarded:
                self.out.by_name += 1 if returned else 0
                self.out.pending += 0 if returned else 1
                self._emit(caller, returned, call.lineno, Confidence.NAME)
                self._forwarded_calls(caller, forwarded, call, counted=not returned)
                return
        source = self._flow_source(func)
        if source is not None:
            self.out.pending += 1
            self._param_call(caller, source, call)
            return
        source = self._receiver_source(func)
        if source is not None:  # ``sink.write()``: looked up on the instances passed in
            assert isinstance(func, nodes.Attribute)
            self.out.pending += 1
            self._param_call(caller, source, call, func.attrname)
            return
        self.out.unresolved += 1

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
        self.out.param_calls.append(ParamCall(caller, *source, call.lineno, method, arguments, counted, also))

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

    def _stored_item(self, caller: str, stored: list[nodes.NodeNG], call: nodes.Call) -> None:
        """``handlers[key]()`` on a dict or list that stores change (items.py): what each
        entry holds, or the parameter it was stored from (a registering decorator's)."""
        names: list[str] = []
        forwarded: list[tuple[str, str]] = []
        values: list[object] = []
        for value in stored:
            if value not in self._entry_values:  # many calls read one registry: infer it once
                found, source = self._passed(value)
                self._entry_values[value] = (
                    found,
                    [t for v in found for t in self._external_aware(v, value)],
                    source,
                )
            found, targets, source = self._entry_values[value]
            if source is not None:
                forwarded.append(source)
            values.extend(found)
            names.extend(targets)
        lineno = call.lineno
        self._bind_arguments(call, values)
        if names:
            self.out.inferred += 1
            self._emit(caller, names, lineno, Confidence.INFERRED)
        elif forwarded:
            self.out.pending += 1
        else:
            self.out.unresolved += 1
        self._forwarded_calls(caller, forwarded, call, counted=not names)

    def _store(self, node: nodes.Assign | nodes.AnnAssign | nodes.Call) -> None:
        """Callables kept on ``self`` (slots.py): bound to their slot like arguments."""
        for (owner, slot), value in stored(node):
            self._bind(owner, slot, value)

    def _external_aware(self, value: object, func: nodes.NodeNG) -> list[str]:
        """Targets of a value; values defined outside the repo keep their import name."""
        found = self.targets(value)
        node = unwrap(value)
        if found and isinstance(node, nodes.NodeNG) and not self.in_repo(node):
            root = node.root().name
            if root != "builtins":
                dotted = resolve_dotted(func)
                if dotted is not None and self.receivers.names_repo(dotted):
                    outside = self.receivers.follow(dotted)  # ``compat.json.dumps``
                    dotted = outside if isinstance(outside, str) else None
                if dotted is not None:
                    return [dotted]
        return found

    def _record_self_call(self, caller: str, func: nodes.NodeNG, values: list[object], lineno: int) -> None:
        if not (isinstance(func, nodes.Attribute) and isinstance(func.expr, nodes.Name)):
            return
        if func.expr.name not in {"self", "cls"}:
            return
        receiver = receiver_class(func.expr)
        for value in values:
            function = unwrap(value)
            if isinstance(value, bases.BoundMethod) and self.in_repo(function):
                self.out.self_calls.append(SelfCall(caller, qualname(function), lineno, receiver))

    # -- arguments flowing into parameters ------------------------------------------

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
            for position, arg in enumerate(call.args):
                if isinstance(arg, nodes.Starred):
                    break
                if position < len(params):
                    self._bind(owner, params[position], arg)
                elif function.args.vararg:  # an element of the ``*args`` tuple
                    self._bind(owner, f"{function.args.vararg}[]", arg)
            named = {*params, *(a.name for a in function.args.kwonlyargs)}
            for keyword in call.keywords or ():
                if keyword.arg is None:
                    continue
                if keyword.arg in named or not function.args.kwarg:
                    self._bind(owner, keyword.arg, keyword.value)
                else:  # a value of the ``**kwargs`` dict
                    self._bind(owner, f"{function.args.kwarg}{{}}", keyword.value)

    def _declared_methods(self, func: nodes.NodeNG) -> list[object]:
        """The repository methods a call on a receiver typed from declarations reaches
        (``blueprint.register(app, options)`` with ``blueprint: Blueprint``), as values
        ``_bind_arguments`` takes: its arguments flow into their parameters too."""
        if not isinstance(func, nodes.Attribute):
            return []
        found: list[object] = []
        for owner in self.receivers.types_of(func.expr, TYPE_DEPTH):
            method = mro_method(owner, func.attrname) if isinstance(owner, nodes.ClassDef) else None
            if method is None or not self.in_repo(method):
                continue
            static = method.type == "staticmethod"
            found.append(method if static else bases.BoundMethod(method, bases.Instance(owner)))
        return found

    def _bind(self, owner: str, param: str, arg: nodes.NodeNG) -> None:
        """What ``arg`` passes to a parameter or slot: the repository's functions, instances
        of its classes (``run(Store())``, ``Service(store)``), or a parameter forwarded; and
        to a parameter, the items of a literal container (its keys "p{}", "p[]")."""
        self.out.bindings.extend(Binding(owner, param, value) for value in self._bound_values(arg))
        if param.isidentifier():  # not a slot on self: those get their items from stored()
            for suffix, item in self._literal_items(arg):
                self.out.bindings.extend(
                    Binding(owner, f"{param}{suffix}", v) for v in self._bound_values(item)
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
        if isinstance(arg, _LITERALS):  # its type is plain to see: nothing to infer
            kind = _builtin_kind(arg)
            return [instance_ref(kind)] if kind is not None else []
        if not isinstance(arg, _PASSED_NODES):
            return []
        if isinstance(arg, nodes.Name) and (klass := _instance_receiver(arg)):
            return [f"{klass}{FAMILY}"]  # ``self`` passed on: nothing binds it but the call
        values, source = self._passed(arg)
        found = [param_ref(source[0], n) for n in expand(source[1])] if source is not None else []
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
            elif _is_plain_instance(value) and self.in_repo(value._proxied):
                found.append(instance_ref(qualname(value._proxied)))
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

    # -- fallback: names ------------------------------------------------------------

    def _by_name(self, func: nodes.NodeNG) -> list[str]:
        dotted = resolve_dotted(func)
        # An import path is a name only outside the repository, or when the repository
        # defines it: ``current_app.json.loads`` is typed below, never named through it.
        if dotted is not None:
            found = self.receivers.follow(dotted) if self.receivers.names_repo(dotted) else True
            if found:  # defined here, outside, or re-exported from outside (``compat.json``)
                return [dotted if found is True else found]
        if isinstance(func, nodes.Subscript):
            return self._dispatch_table(func) or self._generic_class(func)
        if not isinstance(func, nodes.Attribute):
            if not isinstance(func, nodes.Name):
                return []
            return self._external_alias(func) or self._called_value(func) or self._iterated(func)
        declared = self.receivers.types_of(func.expr, TYPE_DEPTH)
        found = [target for owner in declared for target in self._member(owner, func.attrname)]
        if not found:  # ``self.response_class.force_type()`` with ``response_class: type[Response]``
            for annotation in self.receivers.annotations_of(func.expr, TYPE_DEPTH):
                for held in containers.classes_in(annotation):
                    for owner in self.receivers.annotation_types(held):
                        found.extend(self._member(owner, func.attrname))
        if not found and declared and all(self._lacks(kind, func.attrname) for kind in declared):
            # ``current_app._get_current_object()``: declared a Flask, which has no such
            # member; what is assigned (a LocalProxy) is what the object really is.
            for owner in self.receivers.assigned_types(func.expr, TYPE_DEPTH):
                found.extend(self._member(owner, func.attrname))
        if not found:  # ``Builder.from_environ()``: a method the repo class inherits from outside
            for klass in self.receivers.class_named(func.expr):
                if isinstance(klass, nodes.ClassDef) and self.in_repo(klass):
                    found.extend(self._member(klass, func.attrname))
        if not found:
            found = self._called_value(func)
        return list(dict.fromkeys(found))

    def _external_alias(self, func: nodes.Name) -> list[str]:
        """``loads = json.loads`` (or ``from ext import function; run = function``), then
        ``loads(...)``: a name assigned an external's import path calls that external."""
        binding, _ = plain_assignment(func)
        if binding is None:
            return []
        dotted = resolve_dotted(binding.value)
        return [dotted] if dotted is not None and not self.receivers.names_repo(dotted) else []

    def _called_value(self, func: nodes.Name | nodes.Attribute) -> list[str]:
        """Calling a value of a declared type: an instance calls its class's ``__call__``
        (``response(environ, start_response)``); a value declared ``type[C]`` makes a C."""
        found: list[str] = []
        for kind in self.receivers.types_of(func, TYPE_DEPTH):
            # Only a class whose source defines __call__: a name alone does not say that its
            # instances are callable (``x: Iterator | Callable[..., Iterator]``).
            if isinstance(kind, nodes.ClassDef) and mro_method(kind, "__call__") is not None:
                found.extend(self._member(kind, "__call__"))
        for annotation in [] if found else self.receivers.annotations_of(func, TYPE_DEPTH):
            for held in containers.classes_in(annotation):
                kinds = self.receivers.annotation_types(held)
                found.extend(t for kind in kinds for t in self._class_targets(kind))
        return found

    def _iterated(self, func: nodes.Name) -> list[str]:
        """A loop variable called (``for step in steps(): step()``): what a generator of
        the repository yields, or what ``__next__`` returns on the iterator an instance's
        ``__iter__`` gives (astroid follows neither)."""
        statement, _ = binding_of(func, func.name)
        if not (
            isinstance(statement, nodes.For | nodes.Comprehension)
            and isinstance(statement.target, nodes.AssignName)
        ):
            return []
        values = self._items_of(statement.iter, depth=2)
        return [t for value in values for t in self.targets(value)]

    def _items_of(self, iterable_node: nodes.NodeNG, depth: int) -> list[object]:
        """What iterating ``iterable_node`` gives: a repository generator's yields (and
        what it delegates to with ``yield from``, ``depth`` levels down), or what
        ``__next__`` returns on what an instance's ``__iter__`` gives."""
        values: list[object] = []
        for iterable in self.infer(iterable_node):
            if isinstance(iterable, bases.Generator) and isinstance(iterable.parent, nodes.FunctionDef):
                generator = iterable.parent
                if not self.in_repo(generator):
                    continue
                for node in generator.nodes_of_class((nodes.Yield, nodes.YieldFrom)):
                    if node.value is None or node.scope() is not generator:
                        continue
                    if not isinstance(node, nodes.YieldFrom):  # (a YieldFrom is a Yield too)
                        values += self.infer(node.value)
                    elif isinstance(node.value, nodes.List | nodes.Tuple | nodes.Set):
                        values += [v for element in node.value.elts for v in self.infer(element)]
                    elif depth > 0:
                        values += self._items_of(node.value, depth - 1)
                continue
            method = self._repo_method(iterable, "__iter__")
            for iterator in self._returned(method, iterable) if method is not None else ():
                following = self._repo_method(iterator, "__next__")
                values += self._returned(following, iterator) if following is not None else []
        return values

    def _returned_callables(self, call: nodes.Call) -> tuple[list[str], list[tuple[str, str]]]:
        """What calling the result of ``call`` calls, from the return statements of the
        function ``call`` reaches: a function or lambda it defines inside and returns (a
        decorator factory), or one of its parameters returned unchanged on some path
        (``ensure_sync(f)`` returns ``f``): then what the call site passes for it. Returns
        callee names and (function, parameter) pairs for a parameter passed on."""
        names: list[str] = []
        forwarded: list[tuple[str, str]] = []
        for function, skip in self.receivers.called_functions(call):
            params = [a.name for a in positional_params(function.args)]
            for ret in function.nodes_of_class(nodes.Return):
                value = ret.value
                if ret.scope() is not function:
                    continue
                if isinstance(value, nodes.Lambda):
                    names.append(self._name(value))
                if not isinstance(value, nodes.Name):
                    continue
                binding, _ = binding_of(value, value.name)
                if isinstance(binding, nodes.Assign) and isinstance(binding.value, nodes.Lambda):
                    binding = binding.value
                if (
                    isinstance(binding, nodes.FunctionDef | nodes.Lambda)
                    and binding.parent.scope() is function
                ):
                    names.append(self._name(binding))
                elif (
                    isinstance(binding, nodes.Arguments)
                    and binding.parent is function
                    and value.name in params
                ):
                    argument = passed_argument(call, params.index(value.name) - skip, value.name)
                    if argument is None:
                        continue
                    values, source = self._passed(argument)
                    if source is not None:  # a parameter, or what was stored on self
                        forwarded.append(source)
                    names.extend(t for v in values for t in self._external_aware(v, argument))
        return list(dict.fromkeys(names)), list(dict.fromkeys(forwarded))

    def _generic_class(self, func: nodes.Subscript) -> list[str]:
        """``ConfigAttribute[bool](...)``: calling a parametrised class makes an instance of it."""
        classes = [v for v in self.infer(func.value) if isinstance(v, nodes.ClassDef)]
        return [t for klass in classes[:1] for t in self._external_aware(klass, func.value)]

    def _member(self, owner: nodes.ClassDef | str, name: str) -> list[str]:
        """``owner.name`` as a callee: a repo method via the MRO, a class held in a class
        attribute (``url_map_class = Map``), else an external base's method by name."""
        if isinstance(owner, str):
            return [f"{owner}.{name}"]
        node = mro_attribute(owner, name)
        if isinstance(node, nodes.FunctionDef):
            return [qualname(node) if self.in_repo(node) else f"{node.qname()}"]
        if node is not None:  # a class attribute: calling it calls the class it holds
            held = [t for held in self.receivers.held_classes(node) for t in self._class_targets(held)]
            # else an external class's declared callable (``_get_current_object: Callable[[], T]``)
            return held if held or self.in_repo(owner) else [f"{owner.qname()}.{name}"]
        if not self.in_repo(owner):
            return [f"{owner.qname()}.{name}"]
        if any(name in k.instance_attrs for k in self._repo_mro(owner)):
            return []  # an attribute the repo assigns, not a method inherited from outside
        return [f"{base}.{name}" for base in self.receivers.external_bases(owner)][:1]

    def _lacks(self, owner: nodes.ClassDef | str, name: str) -> bool:
        """Whether ``owner`` surely has no attribute ``name``: a repository class whose
        whole MRO the repository defines, none of it defining or assigning ``name``."""
        if not isinstance(owner, nodes.ClassDef) or not self.in_repo(owner):
            return False
        if mro_attribute(owner, name) is not None or next(self.receivers.external_bases(owner), None):
            return False
        return not any(name in klass.instance_attrs for klass in self._repo_mro(owner))

    def _class_targets(self, held: nodes.ClassDef | str) -> list[str]:
        return [held] if isinstance(held, str) else self.targets(held)

    def _repo_mro(self, cls: nodes.ClassDef) -> list[nodes.ClassDef]:
        try:
            mro = class_mro(cls)
        except Exception:  # inconsistent MRO: the class alone
            mro = [cls]
        return [k for k in mro if isinstance(k, nodes.ClassDef) and self.in_repo(k)]

    def _dispatch_table(self, func: nodes.Subscript) -> list[str]:
        """``table[key]()`` where ``table`` is a dict or list literal of functions."""
        found: list[str] = []
        for container in self.infer(func.value):
            if isinstance(container, nodes.Dict):
                elements = [v for _, v in container.items]
            elif isinstance(container, nodes.List | nodes.Tuple):
                elements = list(container.elts)
            else:
                continue
            for element in elements:
                for value in self.infer(element):
                    found.extend(self._external_aware(value, element))
        return found

    # -- implicit calls ---------------------------------------------------------------

    def _decorators(self, node: nodes.FunctionDef | nodes.ClassDef) -> None:
        caller = qualname(caller_of(node))
        decorated = qualname(node)
        for decorator in node.decorators.nodes:
            values = self.infer(decorator)
            names = [t for v in values for t in self._external_aware(v, decorator)]
            how = Confidence.INFERRED
            if not names and not isinstance(decorator, nodes.Call):
                names, how = self._by_name(decorator), Confidence.NAME
            if isinstance(decorator, nodes.Call):  # the call itself is a call site already
                names = [n for n in names if self.receivers.names_repo(n)]
            if _is_property_accessor(decorator, node):
                continue
            names = [n for n in names if n not in _PLAIN_DECORATORS and not _is_property_helper(n)]
            self._emit(caller, names, decorator.lineno, how)
            for value in values:
                function, skip = callee_function(value)  # skip: a bound method's self
                if function is not None and self.in_repo(function):
                    params = [a.name for a in function.args.posonlyargs + function.args.args][skip:]
                    if params:
                        self.out.bindings.append(Binding(qualname(function), params[0], decorated))

    def _with(self, node: nodes.With | nodes.AsyncWith) -> None:
        caller = qualname(caller_of(node))
        enter, exit_ = (
            ("__aenter__", "__aexit__")
            if isinstance(node, nodes.AsyncWith)
            else (
                "__enter__",
                "__exit__",
            )
        )
        for expr, _ in node.items:
            for value in self.infer(expr):
                for name in (enter, exit_):
                    method = self._repo_method(value, name)
                    if method is not None:
                        self._emit(caller, [qualname(method)], node.lineno, Confidence.INFERRED)

    def _iterate(self, node: nodes.For | nodes.Comprehension) -> None:
        """A loop over an instance calls its class's ``__iter__``, then ``__next__`` on
        what that returns (``async for``: ``__aiter__``/``__anext__``)."""
        is_async = isinstance(node, nodes.AsyncFor) or bool(getattr(node, "is_async", False))
        first, then = ("__aiter__", "__anext__") if is_async else ("__iter__", "__next__")
        caller = qualname(caller_of(node.parent if isinstance(node, nodes.Comprehension) else node))
        lineno = node.iter.lineno
        found = False
        for value in self.infer(node.iter):
            method = self._repo_method(value, first)
            if method is None:
                continue
            found = True
            self._emit(caller, [qualname(method)], lineno, Confidence.INFERRED)
            for iterator in self._returned(method, value):
                following = self._repo_method(iterator, then)
                if following is not None:
                    self._emit(caller, [qualname(following)], lineno, Confidence.INFERRED)
        source = None if found else self._flow_source(node.iter)
        if source is not None:  # a parameter: on the instances passed in, then on what it returns
            self.out.param_calls.append(ParamCall(caller, *source, lineno, first, counted=False))

    def _iterator_of(self, klass: nodes.ClassDef) -> None:
        """What the class's own ``__iter__``/``__aiter__`` returns, for loops over instances
        passed in (the pass looks ``__next__`` up there): itself, or another class's instance."""
        for name in ("__iter__", "__aiter__"):
            method = next((m for m in klass.mymethods() if m.name == name), None)
            if method is None:
                continue
            for value in self._returned(method, bases.Instance(klass)):
                if _is_plain_instance(value) and self.in_repo(value._proxied):
                    returned = value._proxied
                    pair = (qualname(method), "" if returned is klass else qualname(returned))
                    self.out.iterators.append(pair)

    def _raise(self, node: nodes.Raise) -> None:
        """``raise E`` with a class, not an instance, makes one: ``E()``, so ``E.__init__``.
        A builtin exception raised so (``raise StopIteration``) runs no code of anyone's and
        draws no edge, as in PyCG's micro-benchmark."""
        if node.exc is None or isinstance(node.exc, nodes.Call):
            return  # a bare re-raise; ``raise E(...)`` is a call site already
        caller = qualname(caller_of(node))
        for value in self.infer(node.exc):
            if isinstance(value, nodes.ClassDef) and value.root().name != "builtins":
                self._emit(caller, self._external_aware(value, node.exc), node.lineno, Confidence.INFERRED)

    def _repo_method(self, value: object, name: str) -> nodes.FunctionDef | None:
        """``name`` looked up on the class of an inferred instance, when the repo defines it."""
        if not (isinstance(value, bases.Instance) and isinstance(value._proxied, nodes.ClassDef)):
            return None
        method = mro_method(value._proxied, name)
        return method if method is not None and self.in_repo(method) else None

    def _returned(self, method: nodes.FunctionDef, instance: object) -> list[object]:
        """What calling ``method`` on ``instance`` returns (``__iter__`` returning ``self``)."""
        return self._bounded(lambda: bases.BoundMethod(method, instance).infer_call_result(None))

    def _property(self, node: nodes.Attribute) -> None:
        """Reading a property calls its getter: on an inferred instance, else on a declared
        type (``thermostat: Thermostat`` then ``thermostat.target``)."""
        inferred = [
            value._proxied
            for value in self.infer(node.expr)
            if isinstance(value, bases.Instance) and isinstance(value._proxied, nodes.ClassDef)
        ]
        how = Confidence.INFERRED if inferred else Confidence.NAME
        owners = inferred or [
            t for t in self.receivers.types_of(node.expr, TYPE_DEPTH) if isinstance(t, nodes.ClassDef)
        ]
        for owner in owners:
            getter = mro_getter(owner, node.attrname)
            if getter is not None and self.in_repo(getter):
                self._emit(qualname(caller_of(node)), [qualname(getter)], node.lineno, how)


def _is_call_func(node: nodes.Attribute) -> bool:
    return isinstance(node.parent, nodes.Call) and node.parent.func is node


def _is_property_accessor(decorator: nodes.NodeNG, node: nodes.FunctionDef | nodes.ClassDef) -> bool:
    """``@name.setter`` (or getter, deleter) over ``def name``: bookkeeping like ``@property``,
    which astroid infers as a method of the getter (``C.name.setter``, a name for nothing)."""
    return (
        isinstance(decorator, nodes.Attribute)
        and decorator.attrname in {"setter", "getter", "deleter"}
        and isinstance(decorator.expr, nodes.Name)
        and decorator.expr.name == node.name
    )


def _is_property_helper(name: str) -> bool:
    return name.rpartition(".")[2] in {"setter", "getter", "deleter"} and "property" in name


def _has_default(node: nodes.NodeNG | None) -> bool:
    """A parameter with a default (``check`` in ``def store(v, check=validate)``): astroid
    answers its default alone, where callers may pass something else."""
    if not isinstance(node, nodes.Name) or node.name in {"self", "cls"}:
        return False
    function = parameter_function(node)
    if function is None:
        return False
    try:
        function.args.default_value(node.name)
    except NoDefault:
        return False
    return True


def _signature(name: str, function: nodes.FunctionDef | nodes.Lambda) -> Signature:
    """Positional parameters as a call through the function's usual value fills them: a
    method's bound value skips ``self`` (or ``cls``)."""
    names = [a.name for a in positional_params(function.args)]
    if isinstance(function, nodes.FunctionDef) and function.is_method() and function.type != "staticmethod":
        return Signature(name, tuple(names[1:]), function.args.vararg or "", names[0] if names else "")
    return Signature(name, tuple(names), function.args.vararg or "")


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
    if _is_plain_instance(value) and value._proxied.root().name == "builtins":
        return value._proxied.qname()
    return None


def _is_plain_instance(value: object) -> bool:
    """An instance of a class (not a literal: astroid's lists and strings are instances too)."""
    return (
        isinstance(value, bases.Instance)
        and not isinstance(value, nodes.NodeNG)
        and isinstance(value._proxied, nodes.ClassDef)
    )


def _synthesized(function: nodes.FunctionDef | nodes.Lambda) -> bool:
    """A method astroid makes up (a dataclass's ``__init__``): no source, so no node."""
    return function.lineno is None


def _super_start(func: nodes.Attribute, infer: Callable[[nodes.NodeNG], list[object]]) -> str | None:
    """The class ``super()`` (in its method) or ``super(C, obj)`` starts after, by name."""
    assert isinstance(func.expr, nodes.Call)
    args = func.expr.args
    if not args:
        klass = next((n for n in func.node_ancestors() if isinstance(n, nodes.ClassDef)), None)
    else:
        klass = next((v for v in infer(args[0]) if isinstance(v, nodes.ClassDef)), None)
    return qualname(klass) if klass is not None else None


def _is_super_attribute(node: nodes.NodeNG) -> bool:
    """``super().m`` or ``super(C, self).m``."""
    return (
        isinstance(node, nodes.Attribute)
        and isinstance(node.expr, nodes.Call)
        and isinstance(node.expr.func, nodes.Name)
        and node.expr.func.name == "super"
    )
