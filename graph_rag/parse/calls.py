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

What each call passes is recorded as well, for the functions it reaches at once and,
at a parameter call, for whatever the pass finds it reaches (a callback's own
callbacks). Implicit calls are added too (a decorator, ``with``, a loop, ``raise E``,
a property read). Instantiating a class calls it and its ``__init__`` (found via the
MRO) when the repository defines one, else the ``__init__`` of the external base it
inherits (``ext.Base.__init__``).

The resolver is built in layers, each module using only those before it:
``call_targets`` (inference, and what a value reaches: step 1), ``call_arguments``
(bindings and parameter calls: step 3), ``call_names`` (step 2), ``implicit_calls``,
and here the walk over a module's call sites in that order.
"""

from __future__ import annotations

from collections.abc import Callable

from astroid import bases, nodes
from astroid.exceptions import NoDefault

from graph_rag.model import Confidence, SelfCall, Signature, SuperCall
from graph_rag.parse.bounds import Budget
from graph_rag.parse.call_arguments import LITERALS, super_receiver
from graph_rag.parse.call_targets import CallResults
from graph_rag.parse.class_members import is_abstract, mro_method, positional_params, unwrap
from graph_rag.parse.implicit_calls import ImplicitCalls, is_call_func
from graph_rag.parse.items import ItemStores
from graph_rag.parse.module_nodes import nodes_of
from graph_rag.parse.names import is_super_call, parameter_function, plain_assignment
from graph_rag.parse.naming import caller_of, qualname
from graph_rag.parse.receivers import TYPE_DEPTH
from graph_rag.parse.slots import EITHER, called_slot, is_method_receiver, is_slot, stored
from graph_rag.parse.type_checking import unevaluated_annotations

__all__ = ["CallResolver", "CallResults"]


_KEPT_DEPTH = 3  # attributes followed from a parameter or slot to the method called


class CallResolver(ImplicitCalls):
    """Resolves every call site of one module."""

    def __init__(self, repo_modules: frozenset[str] | set[str], budget: Budget) -> None:
        super().__init__(repo_modules, budget)
        self.items: ItemStores | None = None  # the module's stores into dicts and lists
        # what each stored entry holds: (inferred values, their targets, a flow source)
        self._entry_values: dict[nodes.NodeNG, tuple[list[object], list[str], tuple[str, str] | None]] = {}

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
        never_run = unevaluated_annotations(tree)
        for node in nodes_of(tree, kinds):
            if node in never_run:
                continue
            if isinstance(node, nodes.Call):
                self._call(node)
            elif isinstance(node, nodes.Assign | nodes.AnnAssign):
                self._store(node)
                self._record_class_assignment(node)
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
            elif node.attrname in property_names and not is_call_func(node):
                self._property(node)
        for decorated in (*functions, *classes):
            self._decorators(decorated)
        self.out.signatures = [_signature(name, f) for name, f in self._param_owners.items()]
        return self.out

    def _call(self, call: nodes.Call) -> None:
        caller = qualname(caller_of(call))
        func = call.func
        self._store(call)  # ``self.funcs.append(f)`` registers a callable
        self._record_extension(call)
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
            if isinstance(func, nodes.Attribute) and func in self.partial:
                # astroid followed some of the receiver's values only: the declarations may say
                # what the others are (``conn = engine.connect()`` in the other branch)
                declared = self._declared_members(func)
                self._emit(caller, [t for t in declared if t not in names], call.lineno, Confidence.NAME)
            self._record_self_call(caller, func, values, call.lineno)
            if isinstance(func, nodes.Name):  # an instance called: its declared class's __call__
                self._record_abstract_calls(caller, func, call.lineno)
            self._bind_arguments(call, values)
            slot = called_slot(func)
            if slot is not None and slot[1].endswith(_ITEM_SLOTS):
                # astroid reads a registry's literal alone (``self.steps = [self.first]``):
                # what is added later (``self.steps.append(self.second)``) the pass adds
                self._param_call(caller, slot, call, counted=False)
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
            self._record_abstract_calls(caller, func, call.lineno)
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
        returned = self._returned_slots(func.expr) if isinstance(func, nodes.Attribute) else []
        if returned:  # ``adapter = self.get_adapter(url); adapter.send(...)``: what it returns from
            assert isinstance(func, nodes.Attribute)
            self.out.pending += 1
            for position, slot in enumerate(returned):
                also = tuple(returned[1:]) if position == 0 else ()
                self._param_call(caller, slot, call, func.attrname, counted=position == 0, also=also)
            return
        chain = self._kept_chain(func)
        if chain is not None:  # ``stack.preprocess.append()``: what the instances passed in keep there
            self.out.pending += 1
            self._param_call(caller, chain[0], call, chain[1])
            return
        self.out.unresolved += 1

    def _kept_chain(self, func: nodes.NodeNG) -> tuple[tuple[str, str], str] | None:
        """``stack.preprocess.append`` (or ``self.lhs.output_field.get_internal_type``, at
        most ``_KEPT_DEPTH`` attributes down): the parameter or slot at its root, and the
        attributes then the method looked up on what its instances keep ("preprocess.append")."""
        names: list[str] = []
        node = func
        while isinstance(node, nodes.Attribute) and len(names) <= _KEPT_DEPTH:
            names.insert(0, node.attrname)
            node = node.expr
            source = self._receiver_source(node) if isinstance(node, nodes.Attribute) else None
            if source is not None:
                assert isinstance(node, nodes.Attribute)
                return source, ".".join([node.attrname, *names])
        return None

    def _returned_slots(self, receiver: nodes.NodeNG) -> list[tuple[str, str]]:
        """The slots on ``self`` that the repository method whose call ``receiver`` is (or
        holds: ``adapter = self.get_adapter(url)``) returns a value of unchanged: ``return
        adapter`` in a loop over ``self.adapters.items()``, ``return self.handler``,
        ``return self.hooks[key]``. What they hold is what the call gives."""
        if isinstance(receiver, nodes.Name):
            binding, _ = plain_assignment(receiver)
            receiver = binding.value if binding is not None else None
        if not isinstance(receiver, nodes.Call):
            return []
        # the slot is read on the object the method is called on: ``form.save()`` on a
        # CategoryForm gives its instance, never what another form subclass keeps
        called_on = receiver.func.expr if isinstance(receiver.func, nodes.Attribute) else None
        if called_on is not None and is_super_call(called_on):  # ``super().save()``: on self, this class's
            classes = [klass] if (klass := super_receiver(called_on)) else []
        else:
            classes = [
                qualname(k)
                for k in (self.receivers.types_of(called_on, TYPE_DEPTH) if called_on is not None else [])
                if isinstance(k, nodes.ClassDef) and self.in_repo(k)
            ]
        found: list[tuple[str, str]] = []
        for function, _ in self.receivers.called_functions(receiver):
            if not self.in_repo(function):
                continue
            for ret in function.nodes_of_class(nodes.Return):
                slot = called_slot(ret.value) if ret.value is not None and ret.scope() is function else None
                if slot is not None and is_slot(slot[1]):
                    found.extend([(klass, slot[1]) for klass in classes] or [slot])
        return list(dict.fromkeys(found))

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

    def _record_abstract_calls(self, caller: str, func: nodes.NodeNG, lineno: int) -> None:
        """A method called on a value declared to be an instance of a repository class (not
        ``self``: _record_self_call), where the method is abstract (``@abstractmethod``, or
        it only raises NotImplementedError): it never runs itself, the overrides do, so the
        pass adds those of the declared class and its subclasses (as for a call on self).
        Declared types only: astroid infers ``self`` in an inherited method as the class
        that defines it (``clone = self.copy()`` in BaseExpression), which would reach
        every expression's ``as_sql`` from one aggregate's. Calling such a value runs its
        ``__call__`` (tenacity's ``copy = self.copy(); copy(f)``, declared a BaseRetrying)."""
        values: list[object] = []
        if isinstance(func, nodes.Name) and not is_method_receiver(func):
            values = [
                bases.BoundMethod(call, bases.Instance(owner))
                for owner in self.receivers.types_of(func, TYPE_DEPTH)
                if isinstance(owner, nodes.ClassDef) and (call := mro_method(owner, "__call__")) is not None
            ]
        elif isinstance(func, nodes.Attribute) and not is_method_receiver(func.expr):
            values = self._declared_methods(func)
        for value in values:
            if not (isinstance(value, bases.BoundMethod) and isinstance(value.bound, bases.Instance)):
                continue
            function, owner = unwrap(value), value.bound._proxied
            if (
                isinstance(function, nodes.FunctionDef)
                and isinstance(owner, nodes.ClassDef)
                and self.in_repo(function)
                and self.in_repo(owner)
                and is_abstract(function)
            ):
                self.out.self_calls.append(SelfCall(caller, qualname(function), lineno, qualname(owner)))

    def _record_self_call(self, caller: str, func: nodes.NodeNG, values: list[object], lineno: int) -> None:
        if not (isinstance(func, nodes.Attribute) and isinstance(func.expr, nodes.Name)):
            return
        for value in values:
            function = unwrap(value)
            if isinstance(value, bases.BoundMethod) and self.in_repo(function):
                self._record_through_self(caller, function, lineno, func.expr)

    def _record_class_assignment(self, node: nodes.Assign | nodes.AnnAssign) -> None:
        """``create_cursor = Base.create_cursor`` in a class body: whatever it holds, the
        class's instances may run an ancestor's method of that name (FlowFacts.extends).
        Not a literal (``lookup_name = "year"``: no method) nor a bare annotation."""
        literal = isinstance(node.value, (*LITERALS, nodes.JoinedStr))
        if not isinstance(node.parent, nodes.ClassDef) or node.value is None or literal:
            return
        targets = node.targets if isinstance(node, nodes.Assign) else [node.target]
        for target in targets:
            if isinstance(target, nodes.AssignName):
                self.out.extends.append((qualname(node.parent), target.name))

    def _record_extension(self, call: nodes.Call) -> None:
        """``super().name(...)`` or ``Base.name(self, ...)`` in a method: the class it is
        in may run its ancestors' ``name`` though it overrides it (FlowFacts.extends)."""
        func = call.func
        if not isinstance(func, nodes.Attribute):
            return
        if not is_super_call(func.expr):
            first = call.args[0] if call.args else None
            if not (isinstance(first, nodes.Name) and first.name in {"self", "cls"}):
                return
            if isinstance(func.expr, nodes.Name) and func.expr.name == first.name:
                return  # ``self.name(self)``: dispatched on self like any other call
        klass = next((n for n in call.node_ancestors() if isinstance(n, nodes.ClassDef)), None)
        if klass is not None:
            self.out.extends.append((qualname(klass), func.attrname))


_ITEM_SLOTS = ("[]", "{}", EITHER)  # slots of a registry's items (slots.py)


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
    return isinstance(node, nodes.Attribute) and is_super_call(node.expr)
