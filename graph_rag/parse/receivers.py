"""Receivers' types from declarations, for the calls astroid cannot infer.

``ReceiverTypes`` says which classes (repository ``ClassDef`` nodes, or external classes by
qualified name) an expression may be an instance of, from what the code declares:
annotations of parameters, attributes and module-level names, ``self``/``super()``,
assignments, return annotations (a TypeVar bound by the argument passed), properties and
descriptors' ``__get__``, ``isinstance`` narrowing, ``with`` and ``except ... as``, what
annotated containers yield to loops, subscripts and unpacking, literals, comprehensions,
operators, and what the standard library's stubs declare (``stdlib_stubs``).

Never by bare name: each name is looked up through its scope and imports, so two classes
that share a short name (``Response``) in different modules are never confused, and a
receiver whose declaration says nothing gets no type rather than a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from astroid import bases, nodes
from astroid.exceptions import NoDefault

from graph_rag.parse import containers, fixtures, stdlib_stubs
from graph_rag.parse.annotations import NOT_A_TYPE, TYPING_ALIASES
from graph_rag.parse.bindings import (
    branch_assignments,
    earlier_siblings,
    enclosing_class,
    is_attribute_of,
    is_positional,
    last_assignment,
    last_class_binding,
    scope_declaration,
)
from graph_rag.parse.builder import module_named, module_of, plugin_modules, repository_root
from graph_rag.parse.class_members import (
    NO_BEHAVIOUR_BASES,
    callee_function,
    external_class,
    mro_attribute,
    mro_method,
    positional_params,
    runtime_attribute,
    typed_mro,
    unwrap,
)
from graph_rag.parse.corrections import declared_class
from graph_rag.parse.declared import (
    annotation_of,
    declared_returns,
    declares,
    getitem_definitions,
    statement_annotation,
    type_parameters,
)
from graph_rag.parse.definitions import is_property
from graph_rag.parse.elements import (
    all_or_none,
    kind_name,
)
from graph_rag.parse.frameworks import real_class
from graph_rag.parse.names import (
    binding_of,
    import_target,
    is_super_call,
    last_name,
    passed_argument,
    resolve_dotted,
    typing_binding_of,
)
from graph_rag.parse.returns import CallResults, own_nodes
from graph_rag.parse.slots import receiver_class

_COMPREHENSIONS_OR_GENERATOR = (nodes.ListComp, nodes.SetComp, nodes.DictComp, nodes.GeneratorExp)
TYPE_DEPTH = 8  # assignments, attributes and calls followed to type a receiver


# What ``open()`` returns by mode (the stubs' word); all of them return self from __enter__.
_FILES = frozenset({"io.TextIOWrapper", "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom"})
_DESCRIPTORS = frozenset({"builtins.property", "functools.cached_property"})
# What an operator calls on its left operand (a repository class's operators astroid infers).
_OPERATOR_METHODS = {
    "+": "__add__",
    "-": "__sub__",
    "*": "__mul__",
    "/": "__truediv__",
    "//": "__floordiv__",
    "%": "__mod__",
    "|": "__or__",
    "&": "__and__",
}
# What a comprehension makes.
_COMPREHENSIONS = {
    nodes.ListComp: "builtins.list",
    nodes.SetComp: "builtins.set",
    nodes.DictComp: "builtins.dict",
}
# Literals typed by their value (``None`` calls nothing worth naming).
_LITERAL_KINDS = frozenset({str, bytes, int, float, complex, bool})
_SLICED_KEEP_TYPE = frozenset({"builtins.str", "builtins.bytes", "builtins.list", "builtins.tuple"})
_SEQUENCES = frozenset({"builtins.str", "builtins.list", "builtins.tuple"})  # indexed: an element


class ReceiverTypes(CallResults):
    """Types receivers for one module's resolver; ``infer`` and ``in_repo`` are its own
    (one inference budget), and the caches live as long as it does."""

    def __init__(
        self,
        infer: Callable[[nodes.NodeNG], list[object]],
        in_repo: Callable[[nodes.NodeNG], bool],
        repo_modules: frozenset[str] | set[str],
    ) -> None:
        super().__init__(infer, in_repo, repo_modules)
        # Receivers' types, asked again for every call on the same chain: (node id, depth) ->.
        self._types: dict[tuple[int, int], list[nodes.ClassDef | str]] = {}
        self._declared: dict[tuple[int, int], list[nodes.NodeNG]] = {}
        # A function's ``name.attr = ...`` targets, by the function's node id.
        self._assigned_in: dict[int, frozenset[tuple[str, str]]] = {}
        # The lines a frame assigns each attribute on, by the frame's node id.
        self._writes: dict[int, dict[str, list[int]]] = {}

    def called_functions(self, call: nodes.Call) -> list[tuple[nodes.FunctionDef, int]]:
        """The functions ``call`` reaches, by inference or the receiver's declared type,
        each with the count of leading parameters the call does not pass (``self``)."""
        found: list[tuple[nodes.FunctionDef, int]] = []
        for value in self.infer(call.func):
            function = unwrap(value)
            if isinstance(function, nodes.FunctionDef):
                found.append((function, 1 if isinstance(value, bases.BoundMethod) else 0))
        if found or not isinstance(call.func, nodes.Attribute):
            return found
        for owner in self.types_of(call.func.expr, TYPE_DEPTH):
            klass = external_class(owner) if isinstance(owner, str) else owner
            node = mro_attribute(klass, call.func.attrname) if klass is not None else None
            if isinstance(node, nodes.FunctionDef):
                found.append((node, 0 if node.type == "staticmethod" else 1))
        return found

    def _sent_types(self, expr: nodes.Yield) -> list[nodes.ClassDef | str]:
        """What a generator declared ``Generator[Y, S, R]`` or ``AsyncGenerator[Y, S]`` is
        sent: the value of a ``yield`` expression in it."""
        function = expr.frame()
        declared = declared_returns(function) if isinstance(function, nodes.FunctionDef) else None
        if isinstance(declared, nodes.Const) and isinstance(declared.value, str):
            declared = self._parsed_string(declared) or declared
        if not (isinstance(declared, nodes.Subscript) and isinstance(declared.slice, nodes.Tuple)):
            return []
        head = (resolve_dotted(declared.value) or "").rpartition(".")[2]
        arguments = declared.slice.elts
        return self.annotation_types(arguments[1]) if head in _SENT_TO and len(arguments) > 1 else []

    def _is_class_object(self, expr: nodes.NodeNG, depth: int) -> bool:
        """Whether ``expr`` is a class itself, not an instance: a class's name, a value
        declared ``type[X]``, or a classmethod's ``cls``."""
        if isinstance(expr, nodes.Name) and expr.name == "cls" and receiver_class(expr):
            return True
        for annotation in self.annotations_of(expr, depth):
            head = resolve_dotted(annotation.value) if isinstance(annotation, nodes.Subscript) else None
            if head in {"builtins.type", "typing.Type"}:
                return True
        if isinstance(expr, nodes.Name | nodes.Attribute):
            return any(isinstance(v, nodes.ClassDef) for v in self.infer(expr))
        return False

    def held_classes(self, node: nodes.NodeNG) -> list[nodes.ClassDef | str]:
        """Classes a class attribute holds: ``x: type[X] = ...`` or ``x = X``."""
        statement = node.parent if isinstance(node, nodes.AssignName) else None
        annotation = statement_annotation(statement)
        if isinstance(annotation, nodes.Subscript):
            head = resolve_dotted(annotation.value) or ""
            if head in {"builtins.type", "typing.Type"}:
                return self.annotation_types(annotation.slice)
        value = statement.value if isinstance(statement, nodes.Assign | nodes.AnnAssign) else None
        return self.class_named(value) if value is not None else []

    def types_of(self, expr: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        """Classes (or external class names) ``expr`` may be an instance of, from
        annotations, ``self``/``super()``, assignments, properties' return annotations,
        module-level instances imported from the repo and ``except ... as e``."""
        if depth < 0:
            return []
        key = (id(expr), depth)
        if key not in self._types:
            found = self._compute_types(expr, depth)
            self._types[key] = [declared_class(t) if isinstance(t, nodes.ClassDef) else t for t in found]
        return self._types[key]

    def _compute_types(self, expr: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        if isinstance(expr, nodes.JoinedStr):
            return ["builtins.str"]
        if isinstance(expr, nodes.Const):
            kind = type(expr.value)
            return [f"builtins.{kind.__name__}"] if kind in _LITERAL_KINDS else []
        if isinstance(expr, nodes.List | nodes.Dict | nodes.Set | nodes.Tuple):
            return [f"builtins.{type(expr).__name__.lower()}"]
        if isinstance(expr, nodes.ListComp | nodes.SetComp | nodes.DictComp):
            return [_COMPREHENSIONS[type(expr)]]
        if isinstance(expr, nodes.BinOp) and expr.op in _OPERATOR_METHODS:  # ``folder / "x.py"``
            return self._stubs_say(expr.left, depth, stdlib_stubs.method_returns, _OPERATOR_METHODS[expr.op])
        if isinstance(expr, nodes.IfExp):  # ``delete(m) if deleting else select(m)``: either
            kinds = [self.types_of(v, depth) for v in (expr.body, expr.orelse)]
            return list(dict.fromkeys(k for found in kinds for k in found)) if all(kinds) else []
        if isinstance(expr, nodes.BoolOp):  # ``(name or "")`` is one of its operands
            operands = [v for v in expr.values if not (isinstance(v, nodes.Const) and v.value is None)]
            kinds = [self.types_of(v, depth) for v in operands]
            return list(dict.fromkeys(k for found in kinds for k in found)) if all(kinds) else []
        if isinstance(expr, nodes.NamedExpr):  # ``(number := token.value).isdigit()``
            return self.types_of(expr.value, depth)
        if isinstance(expr, nodes.Yield):  # ``response = yield request``: what the generator is sent
            return self._sent_types(expr)
        if isinstance(expr, nodes.Await):  # a coroutine function's call gives its declared return
            if self._awaits_coroutine(expr):
                return self.types_of(expr.value, depth)
            return self._declared_types(expr, depth)
        if isinstance(expr, nodes.Call):
            if is_super_call(expr):
                return self.super_bases(expr)[:1]
            return self._result_types(expr, depth)
        if isinstance(expr, nodes.Attribute):
            if narrowed := self._narrowed(expr):  # ``if isinstance(fk.spec, str): fk.spec.rsplit(...)``
                return _narrowed_to(narrowed, self._attribute_read_types(expr, depth))
            return self._not_excluded(expr, self._attribute_read_types(expr, depth))
        if isinstance(expr, nodes.Subscript) and isinstance(expr.slice, nodes.Slice):
            kept = self.types_of(expr.value, depth)
            return [t for t in kept if kind_name(t) in _SLICED_KEEP_TYPE] or self._item_types(expr, depth)
        if isinstance(expr, nodes.Subscript):
            return self._declared_types(expr, depth) or self._item_types(expr, depth)
        if not isinstance(expr, nodes.Name):
            return []
        narrowed = self._narrowed(expr)
        found = self._bound_types(expr, depth)
        declared = scope_declaration(expr) if not found else None
        if declared is not None:  # ``node: Node | None = ...`` declares ``node`` in all its scope
            found = self.annotation_types(declared.annotation)
        return _narrowed_to(narrowed, found) if narrowed else self._not_excluded(expr, found)

    def _attribute_read_types(self, expr: nodes.Attribute, depth: int) -> list[nodes.ClassDef | str]:
        """What reading ``expr`` gives, from its owner's declarations and assignments."""
        found: list[nodes.ClassDef | str] = []
        if expr.attrname == "__dict__":  # an instance's attributes live in a dict, a class's in a proxy
            if self._is_class_object(expr.expr, depth):
                return ["types.MappingProxyType"]
            return ["builtins.dict"] if self.types_of(expr.expr, depth) else []
        assigned = self._assigned_before(expr)
        if assigned is not None and depth and (local := self.types_of(assigned, depth - 1)):
            return local  # ``self.data = {...}`` just before: not what __init__ made
        dotted = resolve_dotted(expr)
        if dotted is not None and dotted.rpartition(".")[0] in self.repo_modules and depth:
            # ``pg_catalog.pg_namespace``: a module's instance, read through the module
            return self._module_attribute_types(dotted, depth - 1)
        owners = self.types_of(expr.expr, depth) or self._inferred_classes(expr.expr)
        for owner in owners:
            if (kind := self._stdlib_kind(owner)) is not None:
                held = stdlib_stubs.attribute_type(kind, expr.attrname)
                found.extend([held] if held else [])
            elif isinstance(owner, nodes.ClassDef):
                found.extend(
                    self._attribute_types(owner, expr.attrname, depth)
                    or self._dynamic_attribute_types(owner, expr, depth)
                )
        return list(dict.fromkeys(found))

    def _inferred_classes(self, expr: nodes.NodeNG) -> list[nodes.ClassDef | str]:
        """The repository classes of the instances astroid infers ``expr`` to be, where no
        declaration says (``func = _FunctionGenerator()`` in a module, read as ``sql.func``)."""
        return [
            value._proxied
            for value in self.infer(expr)
            if type(value) is bases.Instance and isinstance(value._proxied, nodes.ClassDef)
            if self.in_repo(value._proxied)
        ]

    def _dynamic_attribute_types(
        self, klass: nodes.ClassDef, expr: nodes.Attribute, depth: int
    ) -> list[nodes.ClassDef | str]:
        """What reading an attribute the class does not define gives where its
        ``__getattr__`` declares a return (SQLAlchemy's ``table.c.name``:
        ``ColumnCollection.__getattr__(key) -> _COL_co``, bound by ``.c``'s declared
        ``ReadOnlyColumnCollection[str, Column[Any]]``)."""
        hook = mro_method(klass, "__getattr__")
        returned = declared_returns(hook) if hook is not None else None
        if returned is None or runtime_attribute(klass, expr.attrname) is not None:
            return []
        if any(expr.attrname in k.instance_attrs for k in typed_mro(klass)):
            return []
        var = self._type_var(returned)
        if var is None:
            return self.annotation_types(returned)
        return self._unbound(hook, var, self._receiver_type_arguments(expr.expr, depth - 1) if depth else {})

    def _bound_types(self, expr: nodes.Name, depth: int) -> list[nodes.ClassDef | str]:
        """What the assignments (or the parameter, loop, import...) that bind ``expr`` say."""
        branches = branch_assignments(expr) if depth else []
        kinds = [self.types_of(b.value, depth - 1) for b in branches]
        if kinds and all(kinds):  # ``conn = bind`` in one branch, ``conn = bind.connect()`` in another
            return list(dict.fromkeys(k for found in kinds for k in found))
        binding, _ = typing_binding_of(expr, expr.name)
        if is_positional(binding):
            parts = self._positional_parts(expr, depth)
            return list(dict.fromkeys(t for p in parts for t in self._element_types(p)))
        if isinstance(binding, nodes.Arguments):
            declared = self._declared_types(expr, depth)
            if declared:
                return declared
            annotation = annotation_of(binding, expr.name)
            if annotation is not None:
                return self.annotation_types(annotation)
            klass = binding.parent.parent
            first = (binding.posonlyargs + binding.args)[:1]
            if isinstance(klass, nodes.ClassDef) and first and first[0].name == expr.name:
                return [klass]
            return self._fixture_types(binding, expr.name, depth) or self._stub_parameter(binding, expr.name)
        if (annotation := statement_annotation(binding)) is not None:
            return self.annotation_types(annotation)
        if isinstance(binding, nodes.Assign) and depth and (reclassed := self._reclassed(expr, binding)):
            return self.types_of(reclassed, depth - 1)
        if isinstance(binding, nodes.Assign | nodes.NamedExpr):
            return self.types_of(binding.value, depth - 1) if depth else []
        if isinstance(binding, nodes.FunctionDef) and binding.decorators is not None:
            return self.decorated_types(binding)
        if isinstance(binding, nodes.ImportFrom):
            target = import_target(binding, expr.name)
            return self._module_attribute_types(target, depth - 1) if target and depth else []
        if isinstance(binding, nodes.With) and depth:
            entered = [e for e, target in binding.items if getattr(target, "name", None) == expr.name]
            managed = [
                t for e in entered for a in self._managed(e, depth - 1) for t in self.annotation_types(a)
            ]
            if managed:  # ``with engine.begin() as conn``, a ``@contextmanager`` declared ``Iterator[Conn]``
                return managed
            asynchronous = isinstance(binding, nodes.AsyncWith)
            return [
                t
                for e in entered
                for k in self.types_of(e, depth - 1)
                for t in self._entered(k, asynchronous)
            ]
        if isinstance(binding, nodes.ExceptHandler) and binding.type is not None:
            kinds = binding.type.elts if isinstance(binding.type, nodes.Tuple) else [binding.type]
            return [c for kind in kinds for c in self.class_named(kind)]
        return []

    def _reclassed(self, name: nodes.Name, binding: nodes.Assign) -> nodes.NodeNG | None:
        """The instance whose class ``name``'s object takes by ``obj.__class__ = ...``
        between its binding and the read (Django's ``Query.clone``: ``obj = Empty();
        obj.__class__ = self.__class__``): ``self`` there; None where none is assigned."""
        found = None
        for statement in own_nodes(name.frame(), nodes.Assign):
            target = statement.targets[0] if len(statement.targets) == 1 else None
            if not (
                isinstance(target, nodes.AssignAttr)
                and target.attrname == "__class__"
                and isinstance(target.expr, nodes.Name)
                and target.expr.name == name.name
                and binding.lineno < statement.lineno < name.lineno
            ):
                continue
            value = statement.value
            if isinstance(value, nodes.Attribute) and value.attrname == "__class__":
                found = value.expr
            elif (
                isinstance(value, nodes.Call) and resolve_dotted(value.func) == "builtins.type" and value.args
            ):
                found = value.args[0]
            else:
                return None  # a class named: not an instance's
        return found

    # -- declared container types: subscripts, loops, unpacking, isinstance ------------

    def _declared_types(self, expr: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        return [t for a in self.annotations_of(expr, depth) for t in self.annotation_types(a)]

    def annotations_of(self, expr: nodes.NodeNG, depth: int) -> list[nodes.NodeNG]:
        """The annotation nodes that declare ``expr``'s type, kept as nodes: their type
        arguments say what a loop, a subscript or ``.get`` on it yields. ``depth`` bounds
        the assignments followed; sub-expressions are finite and need no bound."""
        if depth < 0:
            return []
        key = (id(expr), depth)
        if key not in self._declared:
            self._declared[key] = self._compute_annotations(expr, depth)
        return self._declared[key]

    def _compute_annotations(self, expr: nodes.NodeNG, depth: int) -> list[nodes.NodeNG]:
        if isinstance(expr, nodes.Name):
            binding, _ = typing_binding_of(expr, expr.name)
            if isinstance(binding, nodes.Arguments):
                annotation = annotation_of(binding, expr.name)
                if annotation is None and isinstance(binding.parent, nodes.Lambda):
                    return self._lambda_parameter(binding.parent, expr.name)
                return [annotation] if annotation is not None else []
            if (annotation := statement_annotation(binding)) is not None:
                return [annotation]
            if isinstance(binding, nodes.ImportFrom):
                target = import_target(binding, expr.name)
                return self._module_declaration(target) if target else []
            if isinstance(binding, nodes.With):
                entered = [e for e, target in binding.items if getattr(target, "name", None) == expr.name]
                return [a for e in entered for a in self._managed(e, depth - 1)]
            if is_positional(binding):
                return [p for p in self._positional_parts(expr, depth) if isinstance(p, nodes.NodeNG)]
            if isinstance(binding, nodes.Assign):
                return self.annotations_of(binding.value, depth - 1)
            return []
        if isinstance(expr, nodes.Attribute):
            found: list[nodes.NodeNG] = []
            for owner in self.types_of(expr.expr, depth):
                if isinstance(owner, nodes.ClassDef):
                    found.extend(self._declared_attribute(owner, expr.attrname, depth))
            return found
        if isinstance(expr, nodes.Subscript) and not isinstance(expr.slice, nodes.Slice):
            held = self.annotations_of(expr.value, depth)
            return [e for a in held for e in containers.indexed(self.container_view(a))]
        if isinstance(expr, nodes.Call) and (generic := self.generic_returns(expr, depth)):
            return generic  # ``session.scalars(select(User))``: a ``ScalarResult[User]``
        if isinstance(expr, nodes.Call) and isinstance(expr.func, nodes.Attribute):
            receiver = [self.container_view(a) for a in self.annotations_of(expr.func.expr, depth)]
            method = expr.func.attrname
            if method in ("get", "setdefault"):
                return [e for a in receiver for e in containers.mapped(a, 1) + containers.got(a)]
            if method == "pop":
                return [e for a in receiver for e in containers.indexed(a)]
            if method == "copy":
                return [a for a in receiver if any(map(containers.parts, containers.alternatives(a)))]
        if isinstance(expr, nodes.Call):
            returns = [unwrap(v) for v in self.infer(expr.func)]
            if not returns and isinstance(expr.func, nodes.Attribute):  # a typed receiver's method
                owners = self.types_of(expr.func.expr, depth)
                returns = [mro_attribute(o, expr.func.attrname) for o in owners if not isinstance(o, str)]
            if any(returns):
                functions = [f for f in returns if isinstance(f, nodes.FunctionDef)]
                return [r for f in functions if (r := declared_returns(f)) is not None]
            # a value declared ``Callable[[], Message]`` (``self._receive()``): what it returns
            callables = self.annotations_of(expr.func, depth)
            return [r for a in callables for r in containers.returned(self._dealiased(a))]
        if isinstance(expr, nodes.Await) and self._awaits_coroutine(expr):
            return self.annotations_of(
                expr.value, depth
            )  # ``await session.execute(...)``: its declared return
        if isinstance(expr, nodes.Await):  # ``await receive()``, declared ``Awaitable[Message]``
            awaitables = self.annotations_of(expr.value, depth)
            return [r for a in awaitables for r in containers.awaited(self._dealiased(a))]
        return []

    def _dealiased(self, annotation: nodes.NodeNG) -> nodes.NodeNG:
        """``Receive`` imported from the module that defines ``Receive = Callable[...]``: the
        value it stands for (an alias of this module's own is followed by ``containers``)."""
        for _ in range(containers.ALIAS_HOPS):
            aliased = containers.alias_value(annotation, self._module_binding)
            if aliased is None:
                break
            annotation = aliased
        return annotation

    def _is_getter(self, function: nodes.FunctionDef) -> bool:
        """Whether reading the attribute ``function`` defines runs it: a ``@property`` or
        ``@cached_property``, or a function made into a descriptor by a class with
        ``__get__`` (SQLAlchemy's ``@util.memoized_property``)."""
        return is_property(function) or self._made_descriptor(function)

    def _made_descriptor(self, function: nodes.FunctionDef) -> bool:
        """Whether a decorator of ``function`` is a class with ``__get__`` (the function
        becomes that descriptor's getter)."""
        decorators = function.decorators.nodes if function.decorators else []
        return any(
            isinstance(kind, nodes.ClassDef) and self._is_descriptor(kind)
            for decorator in decorators
            if not isinstance(decorator, nodes.Call)
            for kind in self.infer(decorator)
        )

    def _declared_attribute(self, klass: nodes.ClassDef, name: str, depth: int) -> list[nodes.NodeNG]:
        """The annotation of ``name`` on the first class of the MRO that declares it, or
        else of the parameter a method stores in it (``self._receive = receive``)."""
        found = self._annotated_attribute(klass, name)
        if found or depth <= 0:
            return found
        for owner in typed_mro(klass):
            for target in owner.instance_attrs.get(name, []):
                value = target.parent.value if isinstance(target.parent, nodes.Assign) else None
                if isinstance(value, nodes.Name) and isinstance(
                    binding_of(value, value.name)[0], nodes.Arguments
                ):
                    found.extend(self.annotations_of(value, depth - 1))
            if found:
                return found
        return []

    def _annotated_attribute(self, klass: nodes.ClassDef, name: str) -> list[nodes.NodeNG]:
        for owner in typed_mro(klass):
            for node in owner.body:
                if (annotation := declares(node, name)) is not None:
                    return [self._as_read(annotation)]
            for target in owner.instance_attrs.get(name, []):
                if (annotation := statement_annotation(target.parent)) is not None:
                    return [annotation]
            node = last_class_binding(owner, name)
            returned = declared_returns(node) if isinstance(node, nodes.FunctionDef) else None
            if returned is not None and self._is_getter(node):
                return [returned]
        return []

    def _narrowed(self, name: nodes.Name | nodes.Attribute) -> list[nodes.ClassDef | str]:
        """The classes ``if isinstance(name, C):`` narrows ``name`` to, inside its body, or
        an earlier ``assert isinstance(name, C)`` of an enclosing block, when the name is not
        rebound between the test and the use. An attribute (``fk.spec``) narrows the same
        way, unless the function assigns it before the use."""
        subject = _subject(name)
        if subject is None:
            return []
        after = self._last_written(name, subject)
        child, parent = name, name.parent
        while parent is not None:
            if isinstance(parent, _COMPREHENSIONS_OR_GENERATOR) and any(
                child is getattr(parent, part, None) for part in ("elt", "key", "value")
            ):
                # ``(obj for obj in values if isinstance(obj, C))``: its own variable, tested by its ifs
                for test in (test for generator in parent.generators for test in generator.ifs):
                    kinds = self._narrowing_test(test, subject)
                    if kinds is not None:
                        return kinds
            inside = (isinstance(parent, nodes.If) and child in parent.body) or (
                isinstance(parent, nodes.IfExp) and child is parent.body
            )
            tests = [parent.test] if inside else []
            if child.is_statement and not isinstance(parent, nodes.Module):  # a module's asserts: rare
                for earlier in earlier_siblings(child):
                    if isinstance(earlier, nodes.Assert):
                        tests.append(earlier.test)
                    elif (guard := _exits_unless(earlier)) is not None:
                        tests.append(guard)  # ``if not isinstance(rv, C): raise ...``, then rv is a C
            for test in tests:
                kinds = self._narrowing_test(test, subject) if test.lineno > after else None
                if kinds is not None:
                    return kinds
            if isinstance(parent, nodes.FunctionDef | nodes.Lambda | nodes.Module):
                break
            child, parent = parent, parent.parent
        return []

    def _last_written(self, name: nodes.Name | nodes.Attribute, subject: str) -> int:
        """The line ``name`` was last assigned on before it is read (0: never): a test of
        it above that line says nothing of the value read."""
        if isinstance(name, nodes.Name):
            assigned = last_assignment(name)
            return assigned.lineno if assigned is not None else 0
        written = self._attribute_writes(name.frame()).get(subject, ())
        return max((line for line in written if line <= name.lineno), default=0)

    def guards(
        self, name: nodes.Name | nodes.Attribute
    ) -> tuple[list[nodes.ClassDef | str], list[nodes.ClassDef | str]]:
        """What ``isinstance`` tests say of ``name`` where it is read: the classes it is an
        instance of one of (empty: none said), and those it is an instance of none of. The
        repository-wide pass filters what callers pass by them (``self.jar = cookies`` in
        the branch where ``cookies`` is no ``Cookies``)."""
        if _subject(name) is None:
            return [], []
        return self._narrowed(name), self._excluded(name)

    def _not_excluded(
        self, name: nodes.Name | nodes.Attribute, known: list[nodes.ClassDef | str]
    ) -> list[nodes.ClassDef | str]:
        """``known`` less what a failed ``isinstance(name, C)`` rules out where ``name`` is
        read (``_excluded``)."""
        if len(known) <= 1:  # one kind: nothing to rule out
            return known
        excluded = self._excluded(name)
        kept = [k for k in known if not any(_derives_from(k, e) for e in excluded)]
        return kept

    def _excluded(self, name: nodes.Name | nodes.Attribute) -> list[nodes.ClassDef | str]:
        """What a failed ``isinstance(name, C)`` rules out where ``name`` is read: the else
        of ``x if isinstance(x, str) else x.decode()`` or of an ``if`` (of each ``elif``
        above it, and of every test of a failed ``or``), and what follows ``if
        isinstance(x, bytes): return ...`` (a ``str | bytes`` is a str; each ``elif`` of
        such a chain too), when the name is not rebound between the test and the use."""
        subject = _subject(name)
        if subject is None:
            return []
        after = self._last_written(name, subject)
        excluded: list[nodes.ClassDef | str] = []
        child, parent = name, name.parent
        while parent is not None and not isinstance(child, nodes.FunctionDef | nodes.Lambda | nodes.Module):
            tests = []
            if (isinstance(parent, nodes.If) and child in parent.orelse) or (
                isinstance(parent, nodes.IfExp) and child is parent.orelse
            ):
                tests.append(parent.test)
            if child.is_statement:
                tests.extend(test for e in earlier_siblings(child) for test in _exit_tests(e))
            for test in tests:
                if test.lineno <= after:
                    continue
                # a plain isinstance() only, or each of a failed ``or``'s: ``isinstance(x, C)
                # and y`` failing says nothing of x
                failed = test.values if isinstance(test, nodes.BoolOp) and test.op == "or" else [test]
                for part in failed:
                    if isinstance(part, nodes.Call) and not _tests_own_class(part):
                        excluded.extend(self._isinstance_test(part, subject) or ())
            child, parent = parent, parent.parent
        return excluded

    def _managed(self, entered: nodes.NodeNG, depth: int) -> list[nodes.NodeNG]:
        """What ``with f() as x`` binds for an ``f`` decorated ``@contextmanager`` or
        ``@asynccontextmanager``: the ``T`` of its declared ``Iterator[T]``,
        ``Generator[T, ...]``, ``AsyncIterator[T]`` or ``AsyncGenerator[T, ...]``."""
        if not isinstance(entered, nodes.Call) or depth < 0:
            return []
        found: list[nodes.NodeNG] = []
        for function, _ in self.called_functions(entered):
            decorators = function.decorators.nodes if function.decorators else []
            if declared_returns(function) is None or not any(
                resolve_dotted(d) in _CONTEXT_MANAGERS for d in decorators
            ):
                continue
            declared = self._dealiased(declared_returns(function))
            if isinstance(declared, nodes.Const) and isinstance(declared.value, str):
                declared = self._parsed_string(declared) or declared
            if (
                isinstance(declared, nodes.Subscript)
                and (resolve_dotted(declared.value) or "").rpartition(".")[2] in _YIELDING
            ):
                index = declared.slice
                found.append(index.elts[0] if isinstance(index, nodes.Tuple) else index)
        return found

    def _awaits_coroutine(self, expr: nodes.Await) -> bool:
        """Whether ``expr`` awaits a call of an ``async def``, whose declared return is
        what the ``await`` gives."""
        awaited = expr.value
        return isinstance(awaited, nodes.Call) and any(
            isinstance(f, nodes.AsyncFunctionDef) for f, _ in self.called_functions(awaited)
        )

    def _attribute_writes(self, frame: nodes.NodeNG) -> dict[str, list[int]]:
        """The lines where ``frame`` assigns each attribute (``fk.spec = ...``), read once
        per frame: asked for every attribute read, a walk each time was quadratic."""
        key = id(frame)
        if key not in self._writes:
            found: dict[str, list[int]] = {}
            for target in frame.nodes_of_class(nodes.AssignAttr):
                found.setdefault(target.as_string(), []).append(target.lineno)
            self._writes[key] = found
        return self._writes[key]

    def _narrowing_test(self, test: nodes.NodeNG, name: str) -> list[nodes.ClassDef | str] | None:
        """What ``test`` passing says ``name`` is: an ``isinstance`` test's classes, or the
        ``C`` of a function declared ``-> TypeGuard[C]`` (or ``TypeIs[C]``) called on it
        (SQLAlchemy's ``if is_column_element(x):``), also as one operand of an ``and``.
        A failed guard says nothing (``TypeGuard``'s ``False`` rules no class out)."""
        if isinstance(test, nodes.BoolOp) and test.op == "and":
            found = (self._narrowing_test(value, name) for value in test.values)
            return next((kinds for kinds in found if kinds is not None), None)
        kinds = self._isinstance_test(test, name)
        return kinds if kinds is not None else self._type_guard_test(test, name)

    def _type_guard_test(self, test: nodes.NodeNG, name: str) -> list[nodes.ClassDef | str] | None:
        if not (isinstance(test, nodes.Call) and test.args and _subject(test.args[0]) == name):
            return None
        for value in self.infer(test.func):
            returns = value.returns if isinstance(value, nodes.FunctionDef) else None
            guard = last_name(returns.value) if isinstance(returns, nodes.Subscript) else None
            if guard in _TYPE_GUARDS:
                return self.annotation_types(returns.slice)
        return None

    def _isinstance_test(self, test: nodes.NodeNG, name: str) -> list[nodes.ClassDef | str] | None:
        """The classes of ``isinstance(name, C)`` or ``isinstance(name, (C, D))``, also as one
        operand of an ``and`` (all of which hold where the test passed), else None; ``name``
        is a name or a dotted attribute (``fk.spec``) as written."""
        if isinstance(test, nodes.BoolOp) and test.op == "and":
            found = (self._isinstance_test(value, name) for value in test.values)
            return next((kinds for kinds in found if kinds is not None), None)
        if not (
            isinstance(test, nodes.Call)
            and len(test.args) == 2
            and _subject(test.args[0]) == name
            and resolve_dotted(test.func) == "builtins.isinstance"
        ):
            return None
        kinds = test.args[1].elts if isinstance(test.args[1], nodes.Tuple) else [test.args[1]]
        return [c for kind in kinds for c in self._isinstance_class(kind)]

    def _isinstance_class(self, kind: nodes.NodeNG) -> list[nodes.ClassDef | str]:
        """isinstance's second argument is a class, whatever its name's case (``timedelta``)."""
        found = self.class_named(kind)
        dotted = resolve_dotted(kind) if not found else None
        if dotted is not None and not self.names_repo(dotted) and dotted not in NOT_A_TYPE:
            return [TYPING_ALIASES.get(dotted, dotted)]
        return found

    def _element_types(self, part: nodes.NodeNG | str) -> list[nodes.ClassDef | str]:
        return [part] if isinstance(part, str) else self.annotation_types(part)

    def _lambda_parameter(self, function: nodes.Lambda, name: str) -> list[nodes.NodeNG]:
        """``record(lambda s: ...)`` where ``record(f: Callable[[State], None])``: ``s`` is a State."""
        call = function.parent.parent if isinstance(function.parent, nodes.Keyword) else function.parent
        if not isinstance(call, nodes.Call):
            return []
        params = [a.name for a in function.args.posonlyargs + function.args.args]
        if name not in params:
            return []
        found: list[nodes.NodeNG] = []
        for value in self.infer(call.func):
            target, skip = callee_function(value)
            if target is None or not self.in_repo(target):
                continue
            arguments = target.args
            names = [a.name for a in arguments.posonlyargs + arguments.args][skip:]
            if function in call.args and call.args.index(function) < len(names):
                param = names[call.args.index(function)]
            else:
                param = next((k.arg for k in call.keywords or () if k.value is function), None)
            annotation = annotation_of(arguments, param) if param else None
            accepted = containers.called_with(annotation) if annotation is not None else None
            if accepted is not None and params.index(name) < len(accepted):
                found.append(accepted[params.index(name)])
        return found

    def _module_declaration(self, name: str) -> list[nodes.NodeNG]:
        """The annotation of a repo module's ``name: T = ...`` (``_cv_app: ContextVar[App]``)."""
        annotation = statement_annotation(self._module_binding(name))
        return [annotation] if annotation is not None else []

    def assigned_types(self, expr: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        """For a name declared one type and assigned another (``current_app: Flask =
        LocalProxy(...)``, imported or local): the assigned value's types. A member the
        declared type lacks is looked up on what the object really is."""
        if not isinstance(expr, nodes.Name) or depth <= 0:
            return []
        binding, _ = binding_of(expr, expr.name)
        if isinstance(binding, nodes.ImportFrom):
            target = import_target(binding, expr.name)
            binding = self._module_binding(target) if target else None
        if statement_annotation(binding) is not None and binding.value is not None:
            return self.types_of(binding.value, depth - 1)
        return []

    def _module_attribute_types(self, name: str, depth: int) -> list[nodes.ClassDef | str]:
        """Types of a module-level instance of the repo (``current_app: Flask = ...``)."""
        statement = self._module_binding(name)
        if (annotation := statement_annotation(statement)) is not None:
            return self.annotation_types(annotation)
        if isinstance(statement, nodes.Assign) and depth >= 0:
            return self.types_of(statement.value, depth)
        if isinstance(statement, nodes.FunctionDef) and statement.decorators is not None:
            return self.decorated_types(statement)  # ``get_ns_resolver.cache_clear()``, imported
        return []

    def _attribute_types(self, klass: nodes.ClassDef, name: str, depth: int) -> list[nodes.ClassDef | str]:
        """Types of ``obj.<name>`` for an instance of a repo class, first class of the MRO
        that says: a class-level annotation, a property's return annotation, an annotated
        or plain assignment in a method, a class-level instance. Classes outside the
        repository (a dependency's, on astroid's path) are read the same way."""
        for owner in typed_mro(klass):
            found = self._own_attribute_types(owner, name, depth)
            if found:
                return found
        return []

    def _own_attribute_types(
        self, klass: nodes.ClassDef, name: str, depth: int
    ) -> list[nodes.ClassDef | str]:
        for node in klass.body:
            if (annotation := declares(node, name)) is not None:
                declared = self.annotation_types(annotation)
                if any(map(self._is_descriptor, declared)):  # ``name: Mapped[str]``: a str when read
                    return [t for k in declared for t in self._descriptor_get_types(k, annotation)]
                return declared
        node = last_class_binding(klass, name)
        if isinstance(node, nodes.FunctionDef):  # a getter's type; a method gives itself
            if not self._is_getter(node):
                return []
            if (returned := declared_returns(node)) is not None:
                return self.annotation_types(returned)
            # unannotated: what it returns (pytest's ``def node(self): ... return node``)
            return self._returned_values(node, depth - 1) if depth and self.in_repo(node) else []
        if node is not None and isinstance(node.parent, nodes.Assign) and depth:
            found = self.types_of(node.parent.value, depth - 1)
            if any(map(self._is_descriptor, found)):  # reading it calls ``__get__``
                value = node.parent.value
                read = self._getter_types(value, depth - 1)
                return read or [t for k in found for t in self._descriptor_get_types(k, value)]
            if found:
                return found
        assigned = klass.instance_attrs.get(name, [])
        for target in assigned:
            if (annotation := statement_annotation(target.parent)) is not None:
                return self.annotation_types(annotation)
        for target in assigned:
            parent = target.parent
            if isinstance(parent, nodes.Assign) and depth:
                found = self.types_of(parent.value, depth - 1)
                if found:
                    return found
            elif isinstance(parent, nodes.Tuple | nodes.List):  # ``self.a, self.b = f()``
                parts = self._unpacked_parts(target, depth)
                found = list(dict.fromkeys(t for p in parts for t in self._element_types(p)))
                if found:
                    return found
        return []

    def _assigned_before(self, read: nodes.Attribute) -> nodes.NodeNG | None:
        """The value of the last ``obj.attr = value`` that surely runs before ``read`` of
        ``obj.attr`` in the same function: a statement earlier in the read's block or an
        enclosing block of that function. None when there is none, or when a nearer
        statement may assign it too (inside an ``if``, a loop)."""
        if not isinstance(read.expr, nodes.Name):
            return None
        owner, name = read.expr.name, read.attrname
        frame = read.frame()
        if id(frame) not in self._assigned_in:
            targets = frame.nodes_of_class(nodes.AssignAttr, skip_klass=nodes.FunctionDef | nodes.ClassDef)
            self._assigned_in[id(frame)] = frozenset(
                (t.expr.name, t.attrname) for t in targets if isinstance(t.expr, nodes.Name)
            )
        if (owner, name) not in self._assigned_in[id(frame)]:
            return None
        statement = read.statement()
        while statement is not None and statement is not frame and statement.is_statement:
            for earlier in reversed(earlier_siblings(statement)):
                assigns = [
                    t for t in earlier.nodes_of_class(nodes.AssignAttr) if is_attribute_of(t, owner, name)
                ]
                if assigns and isinstance(earlier, nodes.Assign) and assigns[0] in earlier.targets:
                    return earlier.value
                if assigns:
                    return None
            statement = statement.parent
        return None

    def _getter_types(self, value: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        """What reading a class attribute made by ``property(fget, ...)`` gives: ``fget``'s
        return annotation, also when a function builds and returns the property."""
        if not isinstance(value, nodes.Call) or depth < 0:
            return []
        if resolve_dotted(value.func) == "builtins.property":
            getter = passed_argument(value, 0, "fget")
            functions = [unwrap(v) for v in self.infer(getter)] if getter is not None else []
            return [
                t
                for f in functions
                if isinstance(f, nodes.FunctionDef) and (returned := declared_returns(f)) is not None
                for t in self.annotation_types(returned)
            ]
        found: list[nodes.ClassDef | str] = []
        for function, _ in self.called_functions(value):
            for ret in function.nodes_of_class(nodes.Return):
                if ret.scope() is function and ret.value is not None:
                    found.extend(self._getter_types(ret.value, depth - 1))
        return found

    def _descriptor_get_types(
        self, kind: nodes.ClassDef | str, value: nodes.NodeNG
    ) -> list[nodes.ClassDef | str]:
        """What reading a descriptor through an instance gives: its ``__get__``'s declared
        return (the overload whose ``obj`` is not ``None``), a class type parameter there
        bound by the subscript the descriptor was made with (``ConfigAttribute[timedelta](...)``)."""
        returned = self._instance_getter_returns(kind)
        if returned is None:
            return []
        var = self._type_var(returned)
        if var is None:
            return self.annotation_types(returned)
        bound = self._type_arguments(value, kind).get(var)
        return self.annotation_types(bound if bound is not None else returned)

    def _instance_getter_returns(self, kind: nodes.ClassDef | str) -> nodes.NodeNG | None:
        """The return annotation of ``kind``'s ``__get__`` for a read through an instance
        (the overload whose ``obj`` is not ``None``); None for no descriptor."""
        if isinstance(kind, str) or mro_method(kind, "__get__") is None:
            return None
        owner = next((k for k in typed_mro(kind) if "__get__" in k.locals), None)
        getters = [n for n in owner.locals["__get__"] if isinstance(n, nodes.FunctionDef)] if owner else []
        for getter in getters:
            arguments = positional_params(getter.args)
            obj = annotation_of(getter.args, arguments[1].name) if len(arguments) > 1 else None
            returned = declared_returns(getter)
            if returned is not None and not (isinstance(obj, nodes.Const) and obj.value is None):
                return returned
        return None  # undeclared, or read from the class only

    def _as_read(self, annotation: nodes.NodeNG) -> nodes.NodeNG:
        """A class-level annotation as an instance reads it: through a descriptor's ``__get__``
        that returns its type parameter, the type argument (``Mapped[list[Address]]``:
        ``list[Address]``, whose elements a loop then knows); else the annotation itself."""
        for kind in self.annotation_types(annotation):
            returned = self._instance_getter_returns(kind)
            var = self._type_var(returned) if returned is not None else None
            bound = self._type_arguments(annotation, kind).get(var) if var is not None else None
            if isinstance(kind, nodes.ClassDef) and bound is not None:
                return bound
        return annotation

    def _item_types(self, item: nodes.Subscript, depth: int) -> list[nodes.ClassDef | str]:
        """``obj[key]`` for an ``obj`` of a class whose ``__getitem__`` declares what it
        returns (the overloads for a slice, or for any other key, where it has them)."""
        found: list[nodes.ClassDef | str] = []
        sliced = isinstance(item.slice, nodes.Slice)
        if not sliced and resolve_dotted(item.value) in _STR_VALUED:  # ``os.environ["PATH"]``
            return ["builtins.str"]
        for owner in self.types_of(item.value, depth):
            for getitem in getitem_definitions(owner, sliced) if isinstance(owner, nodes.ClassDef) else []:
                if declared_returns(getitem) is not None and depth:
                    found.extend(self._returned_types(getitem, item, 1, depth))
        if sliced:  # a slice is no element: only a declaration says what it is
            return list(dict.fromkeys(found))
        if not found:  # ``self[-1]`` in a ``class Traceback(List[Entry])``: an Entry
            held = [e for a in self._container_bases(item.value, depth) for e in containers.indexed(a)]
            found.extend(t for e in held for t in self.annotation_types(e))
        kinds = self.types_of(item.value, depth) if not found and depth else []
        if kinds and all(kind_name(k) in _SEQUENCES for k in kinds):
            # ``text.split(",")[0]``: an element of a sequence, what iterating it yields
            elements = self._iterated(item.value, depth - 1)  # a pair of items(): a tuple, left out
            found.extend(t for e in elements if not isinstance(e, tuple) for t in self._element_types(e))
        if not found and depth:
            found.extend(self._factory_made(item.value, depth - 1))
        if not found and depth and isinstance(item.value, nodes.Name):  # ``families["base"] = {...}``
            found.extend(self.filled_values(item.value, depth - 1))
        return list(dict.fromkeys(found))

    def _factory_made(self, mapping: nodes.NodeNG, depth: int) -> list[nodes.ClassDef | str]:
        """``groups[key]`` of ``groups = defaultdict(list)``: what the factory makes, the value
        a key gets when it is first read (a class, or what a ``lambda`` returns)."""
        if not isinstance(mapping, nodes.Name):
            return []
        binding, _ = typing_binding_of(mapping, mapping.name)
        made = binding.value if isinstance(binding, nodes.Assign) else None
        if not (
            isinstance(made, nodes.Call)
            and made.args
            and resolve_dotted(made.func) == "collections.defaultdict"
        ):
            return []
        factory = made.args[0]
        if isinstance(factory, nodes.Lambda):
            return self.types_of(factory.body, depth)
        return self.class_named(factory)

    def _type_arguments(self, value: nodes.NodeNG, klass: nodes.ClassDef) -> dict[str, nodes.NodeNG]:
        """``C[int, str](...)``, or the annotation ``C[int, str]``, -> {"T": int, "U": str}
        when ``klass`` is ``C(Generic[T, U])``."""
        if isinstance(value, nodes.Call) and isinstance(value.func, nodes.Subscript):
            subscript = value.func
        elif isinstance(value, nodes.Subscript):
            subscript = value
        else:
            return {}
        if klass not in self.infer(subscript.value):
            return {}
        arguments = subscript.slice.elts if isinstance(subscript.slice, nodes.Tuple) else [subscript.slice]
        parameters = type_parameters(klass, lambda name: self._type_var(name) is not None)
        return dict(zip(parameters, arguments, strict=False))

    def _entered(self, kind: nodes.ClassDef | str, asynchronous: bool = False) -> list[nodes.ClassDef | str]:
        """What ``with x as y`` binds ``y`` to for an ``x`` of ``kind``: ``x`` itself for
        files and classes whose ``__enter__`` returns ``self``; for another standard-library
        class, what its stub's ``__enter__`` declares (``ExitStack``: itself;
        ``TemporaryDirectory``: a str). ``async with`` reads ``__aenter__`` instead
        (``async with async_session() as session``: an ``AsyncSession``)."""
        if isinstance(kind, str):
            if asynchronous:
                return []
            if kind in _FILES:
                return [kind]
            entered = stdlib_stubs.method_returns(kind, "__enter__") if self._stdlib_kind(kind) else None
            return [entered] if entered else []
        enter = mro_method(kind, "__aenter__" if asynchronous else "__enter__")
        returns = [r.value for r in enter.nodes_of_class(nodes.Return)] if enter is not None else []
        itself = bool(returns) and all(isinstance(v, nodes.Name) and v.name == "self" for v in returns)
        return [kind] if itself else []

    def _is_descriptor(self, kind: nodes.ClassDef | str) -> bool:
        if isinstance(kind, str):
            return kind in _DESCRIPTORS
        return mro_method(kind, "__get__") is not None

    def _inherited_from_stubs(self, klass: nodes.ClassDef, method: str) -> list[nodes.ClassDef | str]:
        """What ``method``, which ``klass`` inherits from a standard-library base, returns:
        the stub of the first external base that has it says (``Self``: ``klass``)."""
        base = self._stdlib_base_with(klass, method)
        returned = stdlib_stubs.method_returns(base, method, self_type=stdlib_stubs.SELF) if base else None
        if returned:
            return [klass if returned == stdlib_stubs.SELF else returned]
        if base is not None and method in _READS_ITEM:  # ``headers.get("host", "")``: what ``self[key]`` is
            getitem = mro_method(klass, "__getitem__")
            returned = declared_returns(getitem) if getitem is not None and self.in_repo(getitem) else None
            if returned is not None:
                return self.annotation_types(returned)
        return []

    def _fixture_types(self, arguments: nodes.Arguments, name: str, depth: int) -> list[nodes.ClassDef | str]:
        """A test's (or a fixture's) bare parameter: what the fixture of that name gives
        (fixtures.py), by its return annotation (a generator's: what it yields), else by the
        values it returns or yields; or the class of what one of pytest's own gives."""
        function = arguments.parent
        if not (isinstance(function, nodes.FunctionDef) and depth):
            return []
        if not fixtures.requests_fixtures(function, repository_root()):
            return []
        try:
            arguments.default_value(name)
            return []  # a default: no fixture is looked up
        except NoDefault:
            pass
        fixture = fixtures.fixture_for(function, name, module_of, module_named, plugin_modules)
        if fixture is None:
            builtin = fixtures.BUILTIN.get(name)  # one of pytest's own: its definition in pytest itself
            return self._named_class(builtin) if builtin else []
        generator = fixture.is_generator()
        returned = declared_returns(fixture)
        if returned is not None:  # a yield fixture's Iterator[T]; else what it yields
            declared = containers.iterated(returned) if generator else [returned]
            found = [t for a in declared for t in self.annotation_types(a)]
            if found or not generator:
                return found
        if not generator:
            return self._returned_values(fixture, depth - 1)
        yields = [y.value for y in own_nodes(fixture, nodes.Yield) if y.value is not None]
        return all_or_none([self.types_of(value, depth - 1) for value in yields])

    def _stub_parameter(self, arguments: nodes.Arguments, name: str) -> list[nodes.ClassDef | str]:
        """A bare parameter of a method overriding a standard-library class's: the class
        its stub declares (``emit(self, record)`` in a ``logging.Handler`` subclass: a
        ``LogRecord``)."""
        function = arguments.parent
        klass = function.parent if isinstance(function, nodes.FunctionDef) else None
        base = self._stdlib_base_with(klass, function.name) if isinstance(klass, nodes.ClassDef) else None
        declared = stdlib_stubs.parameter_type(base, function.name, name) if base else None
        return [declared] if declared else []

    def _stdlib_base_with(self, klass: nodes.ClassDef, member: str) -> str | None:
        """The first external base of ``klass`` that has ``member``, when it is a
        standard-library class (whose stub then says what ``member`` is)."""
        for base in self.external_bases(klass):
            if self._stdlib_kind(base) is not None and not stdlib_stubs.lacks(base, member):
                return base
        return None

    def super_bases(self, call: nodes.Call) -> list[str]:
        """The external classes ``super()`` (or ``super(C, obj)``) may reach, in order:
        the first that has an attribute is the one whose attribute it gives."""
        named = self.class_named(call.args[0]) if call.args else []
        klass = named[0] if named and isinstance(named[0], nodes.ClassDef) else enclosing_class(call)
        return list(self.external_bases(klass)) if klass is not None else []

    def external_bases(self, klass: nodes.ClassDef, through_read: bool = False) -> Iterator[str]:
        """Import-qualified names of the external classes ``klass`` derives from
        (``Base[T]`` counts as ``Base``); a typing alias is the class an instance is at
        run time (``List[Entry]``: ``builtins.list``; a ``TypedDict``: ``builtins.dict``).
        ``through_read``: past a dependency's classes too, whose source is read, to the
        classes known by name only (``immutabledict(ImmutableDictBase[K, V])``: ``builtins.dict``)."""
        seen: set[int] = set()
        stack = [klass]
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            for base in current.bases:
                inferred = [real_class(v) for v in self.infer(base) if isinstance(v, nodes.ClassDef)]
                repo = [
                    v for v in inferred if self.in_repo(v) or (through_read and v.root().name != "builtins")
                ]
                if repo:
                    stack.extend(repo)
                    continue
                dotted = self.base_name(base)
                if dotted is not None and self.names_repo(dotted):  # a repo module re-exports it
                    followed = self.follow(dotted)
                    dotted = followed if isinstance(followed, str) else dotted
                if dotted is not None and dotted not in NO_BEHAVIOUR_BASES:
                    yield _INSTANCES_ARE.get(dotted, dotted)

    def base_name(self, base: nodes.NodeNG, hops: int = 3) -> str | None:
        """The import-qualified name of a base class written as a name chain or ``Base[T]``,
        or as a module-level alias of one (``if TYPE_CHECKING: _Base = Future[Any] else:
        _Base = Future``, then ``class F(_Base)``: astroid never builds the external it
        names, so the alias itself is read)."""
        named = base.value if isinstance(base, nodes.Subscript) else base
        dotted = resolve_dotted(named)
        if dotted is not None or hops == 0 or not isinstance(named, nodes.Name):
            return dotted
        aliased = containers.alias_value(named, self._module_binding)
        return self.base_name(aliased, hops - 1) if aliased is not None else None


# Bases whose subclasses' instances are of another class at run time.
_INSTANCES_ARE = {
    **TYPING_ALIASES,
    "typing.TypedDict": "builtins.dict",
    "typing_extensions.TypedDict": "builtins.dict",
}


def _exits_unless(statement: nodes.NodeNG) -> nodes.NodeNG | None:
    """``T`` of ``if not T: <leaves the block>`` (no else): after it, ``T`` held."""
    test = _exits_if(statement)
    return test.operand if isinstance(test, nodes.UnaryOp) and test.op == "not" else None


def _exits_if(statement: nodes.NodeNG) -> nodes.NodeNG | None:
    """``T`` of ``if T: <leaves the block>`` (no else): after it, ``T`` did not hold."""
    if not (isinstance(statement, nodes.If) and not statement.orelse and statement.body):
        return None
    return statement.test if _leaves(statement.body[-1]) else None


def _exit_tests(statement: nodes.NodeNG) -> list[nodes.NodeNG]:
    """The tests of ``if A: <leaves> elif B: <leaves> ...``: after it, none of them held.
    Only the chain's leading branches that leave the block count: after ``if A: x = 1
    elif B: return``, A may have held, and B was then never tested."""
    tests: list[nodes.NodeNG] = []
    while isinstance(statement, nodes.If) and statement.body and _leaves(statement.body[-1]):
        tests.append(statement.test)
        if not (len(statement.orelse) == 1 and isinstance(statement.orelse[0], nodes.If)):
            break  # no ``elif`` next: a final ``else`` runs only where every test failed
        statement = statement.orelse[0]
    return tests


def _leaves(statement: nodes.NodeNG) -> bool:
    return isinstance(statement, nodes.Return | nodes.Raise | nodes.Continue | nodes.Break)


def _tests_own_class(test: nodes.Call) -> bool:
    """``isinstance(x, self.__class__)``, ``type(self)`` or ``cls``: a class that may be any
    subclass of the one that defines the method, so failing it rules none out."""
    kinds = test.args[1:2]
    if kinds and isinstance(kinds[0], nodes.Tuple):
        kinds = kinds[0].elts
    return any(
        (isinstance(k, nodes.Attribute) and k.attrname == "__class__")
        or (isinstance(k, nodes.Call) and isinstance(k.func, nodes.Name) and k.func.name == "type")
        or (isinstance(k, nodes.Name) and k.name in {"cls", "self"})
        for k in kinds
    )


def _derives_from(kind: nodes.ClassDef | str, excluded: nodes.ClassDef | str) -> bool:
    if isinstance(kind, str) or isinstance(excluded, str):
        return kind_name(kind) == kind_name(excluded)
    return excluded in typed_mro(kind)


_SENT_TO = frozenset({"Generator", "AsyncGenerator"})  # generics whose second argument is what is sent
# A Mapping's mixin methods that return what ``self[key]`` does (``get``'s default aside).
_READS_ITEM = frozenset({"get", "pop", "setdefault"})
_CONTEXT_MANAGERS = frozenset({"contextlib.contextmanager", "contextlib.asynccontextmanager"})
# What a generator function declares it returns; its first argument is what it yields.
_YIELDING = frozenset(
    {"Iterator", "Generator", "Iterable", "AsyncIterator", "AsyncGenerator", "AsyncIterable"}
)


def _narrowed_to(
    narrowed: list[nodes.ClassDef | str], known: list[nodes.ClassDef | str]
) -> list[nodes.ClassDef | str]:
    """What ``isinstance(x, C)`` leaves of what ``x`` was known to be, as a type checker
    narrows: the known classes that derive from C (a ``Case`` or a ``Func`` under
    ``isinstance(x, Expression)``), else C itself."""
    kept: list[nodes.ClassDef | str] = []
    for kind in narrowed:
        derived = [
            k
            for k in known
            if isinstance(kind, nodes.ClassDef) and isinstance(k, nodes.ClassDef) and k is not kind
            if kind in typed_mro(k)
        ]
        kept.extend(derived or [kind])
    return list(dict.fromkeys(kept))


# Module variables of the standard library whose items are strs (``os.environ``: an
# ``_Environ[str]``; ``sys.argv``: a ``list[str]``), which the stubs' generics do not say.
_STR_VALUED = frozenset({"os.environ", "sys.argv"})
# What a function returning one of these says of its first argument when it returns True.
_TYPE_GUARDS = frozenset({"TypeGuard", "TypeIs"})


def _subject(expr: nodes.NodeNG) -> str | None:
    """``name`` or ``name.attr.attr`` as written: what an isinstance test may narrow."""
    if isinstance(expr, nodes.Name):
        return expr.name
    if isinstance(expr, nodes.Attribute) and _subject(expr.expr) is not None:
        return expr.as_string()
    return None
