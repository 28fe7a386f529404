"""Calls no parenthesis shows: a decorator is called with the function it decorates,
``with`` calls ``__enter__``/``__exit__``, a loop calls ``__iter__`` and ``__next__``,
``raise E`` makes an ``E``, and reading a property calls its getter."""

from __future__ import annotations

from collections.abc import Callable

from astroid import bases, nodes

from graph_rag.model import Binding, Confidence, ParamCall, SelfCall
from graph_rag.parse.call_names import NameFallback
from graph_rag.parse.call_targets import is_plain_instance
from graph_rag.parse.class_members import callee_function, is_abstract, mro_getter
from graph_rag.parse.naming import caller_of, qualname
from graph_rag.parse.receivers import TYPE_DEPTH
from graph_rag.parse.slots import binding_method, is_method_receiver
from graph_rag.parse.type_checking import under_type_checking

# Builtin decorators whose call is bookkeeping, not behaviour worth an edge.
_PLAIN_DECORATORS = frozenset({"builtins.property", "builtins.staticmethod", "builtins.classmethod"})


class ImplicitCalls(NameFallback):
    """Edges for the calls Python makes on the code's behalf."""

    def _decorators(self, node: nodes.FunctionDef | nodes.ClassDef) -> None:
        caller = qualname(caller_of(node))
        decorated = qualname(node)
        for decorator in node.decorators.nodes:
            values = self._running(decorator, self.infer(decorator))
            names = [t for v in values for t in self._external_aware(v, decorator)]
            how = Confidence.INFERRED
            if not names and not isinstance(decorator, nodes.Call):
                names, how = self._by_name(decorator), Confidence.NAME
            elif not names:  # ``@create_db.for_db("sqlite")``: the function its call returns is applied
                names, how = self._returned_callables(decorator)[0], Confidence.NAME
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

    def _running(self, decorator: nodes.NodeNG, values: list[object]) -> list[object]:
        """Of a decorator's values, those it has when the program runs, where its name is
        bound one way for type checkers and another otherwise (SQLAlchemy's
        ``memoized_property``: ``generic_fn_descriptor`` under ``if TYPE_CHECKING:``, else
        ``_memoized_property``). The decorator's own inference still reads both (astroid
        knows a memoizing descriptor for what it is only as the ``property`` checkers see)."""
        bindings = _defining_bindings(decorator, self.infer)
        running = [b for b in bindings if not under_type_checking(b)]
        if not running or len(running) == len(bindings):
            return values
        kept = [v for b in running if isinstance(b, nodes.Assign) for v in self.infer(b.value)]
        return [v for v in values if any(v is k for k in kept)] or values

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
            guard = self.guard(node.iter)
            self.out.param_calls.append(ParamCall(caller, *source, lineno, first, counted=False, guard=guard))

    def _iterator_of(self, klass: nodes.ClassDef) -> None:
        """What the class's own ``__iter__``/``__aiter__`` returns, for loops over instances
        passed in (the pass looks ``__next__`` up there): itself, or another class's instance."""
        for name in ("__iter__", "__aiter__"):
            method = next((m for m in klass.mymethods() if m.name == name), None)
            if method is None:
                continue
            for value in self._returned(method, bases.Instance(klass)):
                if is_plain_instance(value) and self.in_repo(value._proxied):
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
        caller = qualname(caller_of(node))
        for owner in owners:
            getter = mro_getter(owner, node.attrname)
            if getter is not None and self.in_repo(getter):
                self._emit(caller, [qualname(getter)], node.lineno, how)
                if is_method_receiver(node.expr):  # ``self.node``: a subclass's getter may run
                    self._record_through_self(caller, getter, node.lineno, node.expr, read=True)
                elif is_abstract(getter) and self.in_repo(owner):
                    # ``request.node`` with ``request: FixtureRequest``: its subclasses' getters run
                    self.out.self_calls.append(
                        SelfCall(caller, qualname(getter), node.lineno, qualname(owner), read=True)
                    )

    def _record_through_self(
        self, caller: str, function: nodes.FunctionDef, lineno: int, receiver: nodes.Name, read: bool = False
    ) -> None:
        """A call of ``function`` through ``self``/``cls``: the repository-wide pass adds the
        overrides that may run instead (flow.py), those of classes running the method the
        call is in."""
        if receiver.name not in {"self", "cls"}:
            return
        method = binding_method(receiver)
        owner, name = (qualname(method.parent), method.name) if method is not None else ("", "")
        self.out.self_calls.append(SelfCall(caller, qualname(function), lineno, owner, name, read))


def is_call_func(node: nodes.Attribute) -> bool:
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


Infer = Callable[[nodes.NodeNG], list[object]]
_IMPORT_HOPS = 4  # re-exports followed to the module that assigns the name


def _defining_bindings(expr: nodes.NodeNG, infer: Infer) -> list[nodes.NodeNG]:
    """The statements that bind the name ``expr`` reads where it is defined: through
    ``from x import name`` (re-exports too, a few hops) to the module that assigns it."""
    if isinstance(expr, nodes.Name):
        name, found = expr.name, expr.lookup(expr.name)[1]
    elif isinstance(expr, nodes.Attribute):
        modules = [v for v in infer(expr.expr) if isinstance(v, nodes.Module)]
        if len(modules) != 1:
            return []
        name, found = expr.attrname, modules[0].locals.get(expr.attrname, [])
    else:
        return []
    bindings = [b.parent if isinstance(b, nodes.AssignName) else b for b in found]
    for _ in range(_IMPORT_HOPS):
        if not (len(bindings) == 1 and isinstance(bindings[0], nodes.ImportFrom)):
            return bindings
        imported = bindings[0]
        original = next((real for real, alias in imported.names if (alias or real) == name), None)
        if original is None:
            return []
        try:
            module = imported.do_import_module()
        except Exception:  # not found, not built: what it binds is unknown
            return []
        name = original
        bindings = [b.parent if isinstance(b, nodes.AssignName) else b for b in module.locals.get(name, ())]
    return bindings
