"""Where inference fails: callees named from declarations and the import table.

``Confidence.NAME`` edges: the import table for externals (``requests.get``), methods
of receivers typed from their declarations (annotations, assignments, ``isinstance``:
see ``receivers.py``), ``self`` methods inherited from an external base, dispatch
tables written as dict or list literals, what a repository generator yields, and the
callables a called function returns (a decorator factory's inner function, or a
parameter returned unchanged: then what the call site passes for it).
"""

from __future__ import annotations

from astroid import bases, nodes

from graph_rag.parse import containers
from graph_rag.parse.call_arguments import ArgumentFlow
from graph_rag.parse.class_members import mro_attribute, mro_method, positional_params
from graph_rag.parse.names import binding_of, is_super_call, passed_argument, plain_assignment, resolve_dotted
from graph_rag.parse.receivers import TYPE_DEPTH

# Functions outside the repository whose result, when called, calls the callable passed
# to them (position, keyword): ``await sync_to_async(self.get)(*args)`` runs ``self.get``
# in a thread, Django's ``aget``. Their sources are never read, so this says it.
_WRAPPERS = {
    "asgiref.sync.sync_to_async": (0, "func"),
    "asgiref.sync.async_to_sync": (0, "awaitable"),
}

# What these make when called is a class, not an instance (``RawURL = NamedTuple("RawURL",
# [...])``, ``Color = Enum("Color", "RED GREEN")``): calling that builds a tuple or a dict,
# or looks a member up; no ``__call__`` of theirs runs. (A ``NewType``'s does.)
_CLASS_FACTORIES = frozenset(
    f"{module}.{name}" for module in ("typing", "typing_extensions") for name in ("NamedTuple", "TypedDict")
) | frozenset(f"enum.{name}" for name in ("Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"))


def _defining_owners(owners: list[nodes.ClassDef | str], name: str) -> list[nodes.ClassDef | str]:
    """Of a union of classes whose source is read (``Select | Update | Delete``), where some
    define ``name``, only those: the code calls it on the ones it is written for. Classes
    known by name only are kept."""
    read = [o for o in owners if isinstance(o, nodes.ClassDef)]
    defining = [o for o in read if mro_attribute(o, name) is not None]
    if not defining or len(defining) == len(read):
        return owners
    return [o for o in owners if not isinstance(o, nodes.ClassDef) or o in defining]


class NameFallback(ArgumentFlow):
    """Callees named where astroid infers nothing."""

    def _by_name(self, func: nodes.NodeNG) -> list[str]:
        dotted = resolve_dotted(func)
        # An import path is a name only outside the repository, or when the repository
        # defines it: ``current_app.json.loads`` is typed below, never named through it;
        # or where the repository's module does not build, so nothing else can name it.
        if dotted is not None:
            found = self.receivers.follow(dotted) if self.receivers.names_repo(dotted) else dotted
            if isinstance(found, str) and self.receivers.through_variable_outside(found):
                found = False  # a dependency's variable: typed below, as the repository's are
            if found:  # defined here, outside, or re-exported from outside (``compat.json``)
                return [dotted if found is True else found]
            if self.receivers.unreadable(dotted):
                return [dotted]
        if isinstance(func, nodes.Subscript):
            return self._dispatch_table(func) or self._generic_class(func)
        if not isinstance(func, nodes.Attribute):
            if not isinstance(func, nodes.Name):
                return []
            return (
                self._external_alias(func)
                or self._method_alias(func)
                or self._called_value(func)
                or self._iterated(func)
            )
        if is_super_call(func.expr):  # the first external base that has it, as at run time
            reached = (self._member(base, func.attrname) for base in self.receivers.super_bases(func.expr))
            return next(filter(None, reached), [])
        declared = self.receivers.types_of(func.expr, TYPE_DEPTH)
        if func.attrname == "__class__":  # ``constraint.__class__(name=...)``: another of its class
            return list(dict.fromkeys(t for kind in declared for t in self._class_targets(kind)))
        owners = _defining_owners(declared, func.attrname)
        found = [target for owner in owners for target in self._member(owner, func.attrname)]
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

    def _declared_members(self, func: nodes.Attribute) -> list[str]:
        """The members a call reaches on its receiver's declared types."""
        owners = _defining_owners(self.receivers.types_of(func.expr, TYPE_DEPTH), func.attrname)
        return [t for owner in owners for t in self._member(owner, func.attrname)]

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

    def _external_alias(self, func: nodes.Name) -> list[str]:
        """``loads = json.loads`` (or ``from ext import function; run = function``), then
        ``loads(...)``: a name assigned an external's import path calls that external."""
        binding, _ = plain_assignment(func)
        if binding is None:
            return []
        dotted = resolve_dotted(binding.value)
        return [dotted] if dotted is not None and not self.receivers.names_repo(dotted) else []

    def _method_alias(self, func: nodes.Name) -> list[str]:
        """``write = stream.write``, then ``write(text)``: the method of the receiver's
        declared type, as ``stream.write(text)`` would call."""
        binding, _ = plain_assignment(func)
        if binding is None or not isinstance(binding.value, nodes.Attribute):
            return []
        return self._by_name(binding.value)

    def _called_value(self, func: nodes.Name | nodes.Attribute) -> list[str]:
        """Calling a value of a declared type: an instance calls its class's ``__call__``
        (``response(environ, start_response)``); a value declared ``type[C]`` makes a C."""
        found: list[str] = []
        kinds = self.receivers.types_of(func, TYPE_DEPTH)
        annotations = self.receivers.annotations_of(func, TYPE_DEPTH)
        for kind in kinds:
            # Only a class whose source defines __call__: a name alone does not say that its
            # instances are callable (``x: Iterator | Callable[..., Iterator]``).
            if isinstance(kind, nodes.ClassDef) and mro_method(kind, "__call__") is not None:
                found.extend(self._member(kind, "__call__"))
            elif (
                isinstance(kind, str)
                and not annotations
                and not kind.startswith("builtins.")
                and kind not in _CLASS_FACTORIES
            ):
                # an instance the code made of an external class (``hookimpl =
                # HookimplMarker("pytest")``), never a declared alternative: calling it
                # calls the class's __call__
                found.append(f"{kind}.__call__")
        for annotation in [] if found else annotations:
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
        (``ensure_sync(f)`` returns ``f``): then what the call site passes for it; or, for
        an external wrapper (``_WRAPPERS``), the callable passed to it. Returns callee
        names and (function, parameter) pairs for a parameter passed on."""
        names: list[str] = []
        forwarded: list[tuple[str, str]] = []
        wrapper = _WRAPPERS.get(resolve_dotted(call.func) or "")
        wrapped = passed_argument(call, *wrapper) if wrapper else None
        if wrapped is not None:
            values, source = self._passed(wrapped)
            forwarded.extend([source] if source is not None else [])
            names.extend(t for v in values for t in self._external_aware(v, wrapped))
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
