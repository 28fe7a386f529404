"""What a call of a generic or overloaded function returns, its type arguments kept.

``session.execute(select(User)).scalars().all()`` is a ``Sequence[User]`` only to a reader
that follows SQLAlchemy 2.0's declarations as a type checker does: ``select``'s overload
for one entity (``_TCCA[_T0]``, an alias of ``Union[..., Type[_T]]``) returns
``Select[Tuple[User]]``; ``Select`` is a ``TypedReturnsRows[_TP]``, which ``Session.execute``'s
first overload turns into ``Result[Tuple[User]]``; the ``scalars`` overload whose ``self``
is a ``Result[Tuple[_T]]`` gives ``ScalarResult[User]``, whose ``all`` gives
``Sequence[_R]`` with ``_R`` a User.

``GenericCalls`` does that on annotation nodes:
- the overload is the first whose parameters take the call's arguments (arity, a class
  object for ``type[T]``, a subclass for a class, a literal for ``Literal[...]``);
- TypeVars are bound by matching each parameter's annotation against the argument's (its
  class's generic bases mapped, ``Select[X]`` read as ``TypedReturnsRows[X]``), by the
  receiver's type arguments, and by an annotated ``self``;
- a generic alias (``_EntityType[_O]``) is expanded with its own TypeVars replaced;
- the return annotation comes back with the TypeVars replaced by what bound them: a new
  ``Subscript`` (or ``Tuple``, ``BinOp``) whose children are the original nodes, so each
  name is still looked up where it is written (``Select`` in SQLAlchemy, ``User`` in the
  caller's module). A class a TypeVar is bound to stands as its ``ClassDef``.

An argument whose type is unknown matches any parameter, as ``Any`` does for a type
checker; where that lets several overloads with different returns fit, none is chosen
and ``returns.CallResults`` reads them all, as before. Calls of plain functions (no
overloads, no TypeVar in the return) are left to it too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from astroid import bases, nodes
from astroid.const import Context

from graph_rag.parse import containers
from graph_rag.parse.class_members import mro_attribute, mro_method, positional_params, typed_mro, unwrap
from graph_rag.parse.declared import declared_returns, own_annotation, type_parameters
from graph_rag.parse.elements import ElementTypes, kind_name
from graph_rag.parse.names import binding_of, resolve_dotted

N = TypeVar("N", bound=nodes.NodeNG)
# TypeVar name -> what binds it: an annotation node, or a class (its ClassDef).
Bindings = dict[str, nodes.NodeNG]

_ALIAS_HOPS = 4  # ``_TCCA = _TypedColumnClauseArgument = Union[...]``
_BASE_HOPS = 12  # generic bases followed up from a class to the one a parameter names
_TYPE_HEADS = frozenset({"builtins.type", "typing.Type"})
_TUPLE_HEADS = frozenset({"builtins.tuple", "typing.Tuple"})
_UNION_HEADS = frozenset({"Union", "Optional"})
_OVERLOAD = frozenset({"typing.overload", "typing_extensions.overload"})
# Parameters any argument satisfies.
_ANY = frozenset({"typing.Any", "typing_extensions.Any", "builtins.object"})


class GenericCalls(ElementTypes):
    """Return annotations of generic and overloaded calls, TypeVars bound. A mixin of
    ``receivers.ReceiverTypes`` (``annotations_of``, ``types_of``, ``class_named``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._generic: dict[tuple[int, int], list[nodes.NodeNG] | None] = {}
        # The nodes made for rewritten annotations live as long as the caches keyed by ids.
        self._made: list[nodes.NodeNG] = []

    def generic_returns(self, call: nodes.Call, depth: int) -> list[nodes.NodeNG] | None:
        """The return annotations of ``call``, overload chosen and TypeVars replaced; None
        where the callee is neither overloaded nor returns a TypeVar (or ``Self`` of a
        generic receiver), which ``returns.CallResults`` reads as it is."""
        if depth < 0:
            return None
        key = (id(call), depth)
        if key not in self._generic:
            self._generic[key] = None  # a call that reaches itself again finds nothing
            self._generic[key] = self._compute_generic(call, depth)
        return self._generic[key]

    def _compute_generic(self, call: nodes.Call, depth: int) -> list[nodes.NodeNG] | None:
        if isinstance(call.func, nodes.Subscript):  # ``Repo[User]()`` is a ``Repo[User]``
            made = [v for v in self.infer(call.func.value) if isinstance(v, nodes.ClassDef)]
            return [call.func] if made and self._parameters(made[0]) else None
        applied = False
        found: list[nodes.NodeNG] = []
        seen: set[tuple[int, int]] = set()  # astroid answers each overload of one function
        for function, skip, receiver in self._targets(call, depth):
            candidates = overloads(function)
            if (id(candidates[0]), id(receiver)) in seen:
                continue
            seen.add((id(candidates[0]), id(receiver)))
            constructor = function.name == "__init__" and receiver is None
            if not (
                len(candidates) > 1
                or constructor
                or self._returns_variable(function)
                or (self._returns_self(function) and isinstance(receiver, nodes.Subscript))
            ):
                continue
            chosen = self._chosen(candidates, call, skip, receiver, depth)
            if chosen is None:  # no signature fits, or several might: CallResults reads them all
                continue
            applied = True
            returned = self._returned(chosen[0], call, receiver, chosen[1], constructor)
            found.extend([returned] if returned is not None else [])
        return found if applied else None

    def _chosen(
        self,
        candidates: list[nodes.FunctionDef],
        call: nodes.Call,
        skip: int,
        receiver: nodes.NodeNG | None,
        depth: int,
    ) -> tuple[nodes.FunctionDef, Bindings] | None:
        """The signature a type checker picks for ``call``: the first that takes its
        arguments. Where one took an argument of unknown type, a later signature that
        takes them too leaves the choice open (None), unless both return the same classes."""
        several = len(candidates) > 1
        fitting: list[tuple[nodes.FunctionDef, Bindings]] = []
        for candidate in candidates:
            bound = self._bound(candidate, call, skip, receiver, depth, several=several)
            if bound is None:
                continue
            bindings, certain = bound
            if certain and not fitting:
                return candidate, bindings
            fitting.append((candidate, bindings))
        if len(fitting) <= 1:
            return fitting[0] if fitting else None
        kinds = [self._returned_kinds(candidate) for candidate, _ in fitting]
        return fitting[0] if all(k == kinds[0] for k in kinds) else None

    def _returned_kinds(self, function: nodes.FunctionDef) -> set[str]:
        returns = declared_returns(function)
        if returns is None:
            return set()
        return {k.qname() if isinstance(k, nodes.ClassDef) else k for k in self.annotation_types(returns)}

    def container_view(self, annotation: nodes.NodeNG) -> nodes.NodeNG:
        """A generic class's annotation as the known container it derives from, its type
        arguments passed up (``FacadeDict[str, Table]``, a ``Dict[_KT, _VT]`` through
        ``ImmutableDictBase``: ``Dict[str, Table]``), so subscripts, ``.get`` and loops
        read it; the annotation itself otherwise. A class on the way that defines
        ``__iter__`` or ``__getitem__`` of its own stops it. A string is read as the
        expression it holds (``tags: "list[Tag]"``)."""
        if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
            annotation = self._parsed_string(annotation) or annotation
        if not isinstance(annotation, nodes.Subscript | nodes.Name | nodes.Attribute):
            return annotation
        if containers.parts(annotation) is not None:
            return annotation
        declared = self._declared_generic(annotation)
        if declared is None:
            return annotation
        found = self._container_base(*declared, _BASE_HOPS, set())
        return found if found is not None else annotation

    def iterated_by_class(self, annotation: nodes.NodeNG) -> list[nodes.NodeNG]:
        """What a loop over a value declared ``annotation`` yields by its class's declared
        ``__iter__``, the receiver's type arguments bound (``ScalarResult[User]``, whose
        ``__iter__`` returns ``Iterator[_R]``: a User)."""
        annotation = self._stripped(annotation)
        head = annotation.value if isinstance(annotation, nodes.Subscript) else annotation
        if not isinstance(head, nodes.Name | nodes.Attribute | nodes.ClassDef):
            return []
        declared = self._declared_generic(annotation)
        method = mro_method(declared[0], "__iter__") if declared is not None else None
        owner = _owner(method) if method is not None else None
        returns = declared_returns(method) if method is not None else None
        if returns is None or owner is None:
            return []
        bindings = self._class_arguments(annotation, owner) or {}
        return containers.iterated(self._substituted(returns, bindings))

    def _container_base(
        self, klass: nodes.ClassDef, arguments: Bindings, hops: int, seen: set[nodes.ClassDef]
    ) -> nodes.NodeNG | None:
        if hops <= 0 or klass in seen or {"__iter__", "__getitem__"} & set(klass.locals):
            return None
        seen.add(klass)  # a diamond's shared bases once, not once per path
        for base in klass.bases:
            if isinstance(base, nodes.Subscript) and containers.parts(base) is not None:
                return self._substituted(base, arguments)
            head = base.value if isinstance(base, nodes.Subscript) else base
            for parent in self.infer(head):
                if isinstance(parent, nodes.ClassDef) and parent is not klass:
                    passed_up = self._passed_up(base, parent, arguments)
                    found = self._container_base(parent, passed_up, hops - 1, seen)
                    if found is not None:
                        return found
        return None

    # -- what the call reaches ---------------------------------------------------------

    def _targets(
        self, call: nodes.Call, depth: int
    ) -> Iterator[tuple[nodes.FunctionDef, int, nodes.NodeNG | None]]:
        """(function, parameters the call does not pass, the receiver's annotation) for
        each function ``call`` may run; a class called runs its ``__init__`` (receiver
        None), an instance its ``__call__``."""
        func = call.func
        if isinstance(func, nodes.Attribute):
            receivers = self._receiver_annotations(func.expr, depth)
            for receiver in receivers:
                for owner in self.annotation_types(receiver):
                    method = (
                        mro_attribute(owner, func.attrname) if isinstance(owner, nodes.ClassDef) else None
                    )
                    if isinstance(method, nodes.FunctionDef) and method.type != "staticmethod":
                        yield method, 1, receiver
            if receivers:
                return
        for value in self.infer(func):
            if isinstance(value, nodes.ClassDef):
                init = mro_method(value, "__init__")
                if init is not None and _owner(init) is not None and not _object_init(init):
                    yield init, 1, None
            elif type(value) is bases.Instance:  # ``SessionLocal()``: its ``__call__``
                method = mro_method(value._proxied, "__call__")
                receiver = next(iter(self._receiver_annotations(func, depth)), value._proxied)
                if method is not None:
                    yield method, 1, receiver
            elif isinstance(unwrap(value), nodes.FunctionDef):
                function = unwrap(value)
                yield function, 1 if isinstance(value, bases.BoundMethod) else 0, None

    def _receiver_annotations(self, expr: nodes.NodeNG, depth: int) -> list[nodes.NodeNG]:
        """What ``expr`` is declared as (type arguments kept), else its classes."""
        declared = [self._stripped(a) for a in self.annotations_of(expr, depth)]
        declared = [
            a for a in declared if any(isinstance(k, nodes.ClassDef) for k in self.annotation_types(a))
        ]
        if declared:
            return declared
        return [k for k in self.types_of(expr, depth) if isinstance(k, nodes.ClassDef)]

    def _returns_variable(self, function: nodes.FunctionDef) -> bool:
        returns = declared_returns(function)
        return returns is not None and self._has_type_var(returns)

    def _returns_self(self, function: nodes.FunctionDef) -> bool:
        returns = declared_returns(function)
        return returns is not None and self._is_self(returns)

    # -- binding the arguments ---------------------------------------------------------

    def _bound(
        self,
        function: nodes.FunctionDef,
        call: nodes.Call,
        skip: int,
        receiver: nodes.NodeNG | None,
        depth: int,
        *,
        several: bool,
    ) -> tuple[Bindings, bool] | None:
        """The TypeVars ``call`` binds in ``function``'s signature, and whether every
        annotated argument's type was known; None when the arguments do not fit it (with
        ``several`` overloads, a class annotation the argument's class is no subclass of
        does not fit either)."""
        bindings: Bindings = {}
        owner = _owner(function)
        if receiver is not None and owner is not None:
            bindings.update(self._class_arguments(receiver, owner) or {})
        passed = _passed(function, call, skip)
        if passed is None:
            return None
        certain = True
        params = positional_params(function.args)
        if skip and params and receiver is not None:
            declared_self = own_annotation(function.args, params[0].name)
            fits = self._fits(declared_self, receiver, bindings) if declared_self is not None else True
            if fits is False:
                return None
            certain = fits is True
        for name, argument in passed:
            annotation = own_annotation(function.args, name)
            if annotation is None:
                continue
            accepted = self._accepts(annotation, argument, bindings, depth, strict=several)
            if accepted is False:
                return None
            certain = certain and accepted is True
        return bindings, certain

    def _accepts(
        self,
        annotation: nodes.NodeNG,
        argument: nodes.NodeNG,
        bindings: Bindings,
        depth: int,
        *,
        strict: bool,
    ) -> bool | None:
        """Whether a parameter declared ``annotation`` takes ``argument``, binding the
        TypeVars it holds; None when the argument's type is unknown."""
        annotation = self._expanded(annotation)
        members = self._union_members(annotation)
        if members is not None:
            answers = []
            for member in members:
                tried = dict(bindings)
                answer = self._accepts(member, argument, tried, depth, strict=strict)
                if answer:
                    bindings.update(tried)
                    return True
                answers.append(answer)
            return None if None in answers else False
        head = resolve_dotted(annotation.value) if isinstance(annotation, nodes.Subscript) else None
        if head in _TYPE_HEADS:
            classes = [c for c in self._class_objects(argument) if isinstance(c, nodes.ClassDef)]
            if not classes:  # an instance passed (a class made by ``type()`` is one of ``type``)
                kinds = {kind_name(k) for k in self.types_of(argument, depth)}
                return False if strict and kinds and "builtins.type" not in kinds else None
            wanted = annotation.slice
            if self._type_var(wanted) is not None:
                bindings.setdefault(wanted.name, classes[0])
                return True
            return self._subclass_of(classes[0], wanted) if strict else True
        if (
            resolve_dotted(annotation) if isinstance(annotation, nodes.Name | nodes.Attribute) else None
        ) in _ANY:
            return True
        if not strict and not self._has_type_var(annotation):
            return None  # one signature and nothing to bind: the argument changes nothing
        if (values := self._literal_values(annotation)) is not None:
            return argument.value in values if isinstance(argument, nodes.Const) else None
        if strict and self._class_objects(argument):
            return False if self._names_a_class(annotation) else None
        passed = self._argument_annotation(argument, depth)
        if passed is None:
            return None
        if self._type_var(annotation) is not None:
            bindings.setdefault(annotation.name, passed)
            return True
        answer = self._fits(annotation, passed, bindings)
        if answer is False and not strict:
            return None  # one signature: the call is what it is, whatever the argument
        return answer

    def _fits(self, annotation: nodes.NodeNG, passed: nodes.NodeNG, bindings: Bindings) -> bool | None:
        """Whether a value declared ``passed`` is a ``annotation``, binding its TypeVars:
        ``TypedReturnsRows[_T]`` against ``Select[Tuple[User]]`` binds ``_T``."""
        annotation = self._expanded(annotation)
        if self._type_var(annotation) is not None:
            bindings.setdefault(annotation.name, passed)
            return True
        members = self._union_members(annotation)
        if members is not None:
            answers = [self._fits(m, passed, bindings) for m in members]
            return True if True in answers else (None if None in answers else False)
        passed = self._stripped(passed)
        if isinstance(annotation, nodes.Subscript):
            head = resolve_dotted(annotation.value)
            if head in _TUPLE_HEADS:
                return self._fits_tuple(annotation, passed, bindings)
            wanted = [k for k in self.annotation_types(annotation.value) if isinstance(k, nodes.ClassDef)]
            if not wanted:
                return None
            arguments = self._class_arguments(passed, wanted[0])
            if arguments is None:
                return None if not self._known_class(passed) else False
            parameters = self._parameters(wanted[0])
            for parameter, wanted_argument in zip(parameters, _elements(annotation.slice), strict=False):
                if (
                    parameter in arguments
                    and self._fits(wanted_argument, arguments[parameter], bindings) is False
                ):
                    return False
            return True
        if isinstance(annotation, nodes.Name | nodes.Attribute | nodes.ClassDef):
            wanted = [k for k in self.annotation_types(annotation) if isinstance(k, nodes.ClassDef)]
            if not wanted:
                return None
            return self._class_arguments(passed, wanted[0]) is not None or (
                None if not self._known_class(passed) else False
            )
        return None

    def _fits_tuple(
        self, annotation: nodes.Subscript, passed: nodes.NodeNG, bindings: Bindings
    ) -> bool | None:
        """``Tuple[_T]`` against ``Tuple[User]``: position by position."""
        if not (isinstance(passed, nodes.Subscript) and resolve_dotted(passed.value) in _TUPLE_HEADS):
            return None
        wanted, given = _elements(annotation.slice), _elements(passed.slice)
        if len(wanted) != len(given):
            return False
        answers = [self._fits(w, g, bindings) for w, g in zip(wanted, given, strict=True)]
        return False not in answers

    def _class_objects(self, argument: nodes.NodeNG) -> list[nodes.ClassDef | str]:
        """The class ``argument`` is, as an object (``roles.ExpressionElementRole[str]``
        too: a generic one). Only a name a class statement or an import binds, or an
        attribute, is asked: inferring every local variable passed cost time, and
        astroid's inference cache then answered later questions differently."""
        named = argument.value if isinstance(argument, nodes.Subscript) else argument
        if isinstance(named, nodes.Name):
            binding, _ = binding_of(named, named.name)
            if not isinstance(binding, nodes.ClassDef | nodes.ImportFrom | nodes.Import):
                return []
        return self.class_named(named)

    def _has_type_var(self, annotation: nodes.NodeNG) -> bool:
        return bool(self._type_vars_in(annotation))

    def _type_vars_in(self, annotation: nodes.NodeNG) -> list[nodes.Name]:
        """The TypeVars ``annotation`` names, in order, strings in it read too."""
        if isinstance(annotation, nodes.ClassDef):
            return []
        if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
            parsed = self._parsed_string(annotation) or self._named_string(annotation)
            return self._type_vars_in(parsed) if parsed is not None else []
        if isinstance(annotation, nodes.Name):
            return [annotation] if self._type_var(annotation) is not None else []
        return [v for child in annotation.get_children() for v in self._type_vars_in(child)]

    def _argument_annotation(self, argument: nodes.NodeNG, depth: int) -> nodes.NodeNG | None:
        """What ``argument`` is declared as, type arguments kept; else its class."""
        declared = [self._stripped(a) for a in self.annotations_of(argument, depth)]
        generic = [a for a in declared if isinstance(a, nodes.Subscript)]
        if generic:
            return generic[0]
        classes = [k for k in self.types_of(argument, depth) if isinstance(k, nodes.ClassDef)]
        if len(classes) == 1:
            return classes[0]
        if classes:  # ``Select() if flag else Delete()``: either
            union: nodes.NodeNG = classes[0]
            for klass in classes[1:]:
                either = self._make(nodes.BinOp, argument, op="|")
                either.postinit(left=union, right=klass)
                union = either
            return union
        return declared[0] if declared else None

    # -- generic classes ---------------------------------------------------------------

    def _parameters(self, klass: nodes.ClassDef) -> list[str]:
        return type_parameters(klass, lambda name: self._type_var(name) is not None)

    def _class_arguments(self, annotation: nodes.NodeNG, klass: nodes.ClassDef) -> Bindings | None:
        """``klass``'s type parameters as a value declared ``annotation`` binds them,
        through the generic bases between (``Select[Tuple[User]]`` as a
        ``TypedReturnsRows``: ``{"_TP": Tuple[User]}``); None when the value's class is
        not ``klass`` or a subclass of it."""
        declared = self._declared_generic(self._stripped(annotation))
        return self._up_to(*declared, klass, _BASE_HOPS) if declared is not None else None

    def _declared_generic(self, annotation: nodes.NodeNG) -> tuple[nodes.ClassDef, Bindings] | None:
        """The class ``annotation`` names (``Repo[User]``, ``Repo``, or the ClassDef) and its
        type parameters bound by the annotation's arguments (``{"T": User}``)."""
        if isinstance(annotation, nodes.ClassDef):
            return annotation, {}
        head = annotation.value if isinstance(annotation, nodes.Subscript) else annotation
        found = [k for k in self.annotation_types(head) if isinstance(k, nodes.ClassDef)]
        if not found:
            return None
        given = _elements(annotation.slice) if isinstance(annotation, nodes.Subscript) else []
        return found[0], dict(zip(self._parameters(found[0]), given, strict=False))

    def _passed_up(self, base: nodes.NodeNG, parent: nodes.ClassDef, arguments: Bindings) -> Bindings:
        """``parent``'s type parameters as the base ``base`` (``FilterResult[_R]``, which
        names ``parent``) binds them, a subclass's ``arguments`` substituted in."""
        given = (
            [self._substituted(e, arguments) for e in _elements(base.slice)]
            if isinstance(base, nodes.Subscript)
            else []
        )
        return dict(zip(self._parameters(parent), given, strict=False))

    def _up_to(
        self, klass: nodes.ClassDef, arguments: Bindings, target: nodes.ClassDef, hops: int
    ) -> Bindings | None:
        if klass is target:
            return arguments
        if hops <= 0:
            return None
        for base in klass.bases:
            head = base.value if isinstance(base, nodes.Subscript) else base
            for parent in self.infer(head):
                if not isinstance(parent, nodes.ClassDef):
                    continue
                if parent is not target and target not in typed_mro(parent):
                    continue
                found = self._up_to(parent, self._passed_up(base, parent, arguments), target, hops - 1)
                if found is not None:
                    return found
        return None

    def _known_class(self, passed: nodes.NodeNG) -> bool:
        """Whether ``passed`` names a class whose bases are all known (so not deriving
        from a class is a fact)."""
        kinds = self.annotation_types(passed.value if isinstance(passed, nodes.Subscript) else passed)
        return bool(kinds) and all(isinstance(k, nodes.ClassDef) for k in kinds)

    def _subclass_of(self, klass: nodes.ClassDef, wanted: nodes.NodeNG) -> bool | None:
        classes = [k for k in self.annotation_types(wanted) if isinstance(k, nodes.ClassDef)]
        if not classes:
            return None
        return classes[0] is klass or classes[0] in typed_mro(klass)

    def _names_a_class(self, annotation: nodes.NodeNG) -> bool:
        """Whether ``annotation`` declares an instance of a known class (which a class
        object is not)."""
        return any(isinstance(k, nodes.ClassDef) for k in self.annotation_types(annotation))

    # -- annotations, rewritten --------------------------------------------------------

    def _returned(
        self,
        function: nodes.FunctionDef,
        call: nodes.Call,
        receiver: nodes.NodeNG | None,
        bindings: Bindings,
        constructor: bool,
    ) -> nodes.NodeNG | None:
        """What the chosen signature returns for the call, TypeVars replaced."""
        if constructor:  # ``def __init__(self: "sessionmaker[Session]", ...)``, else ``Repo[User]``
            params = positional_params(function.args)
            declared_self = own_annotation(function.args, params[0].name) if params else None
            if declared_self is not None:
                return self._substituted(self._expanded(declared_self), bindings)
            klass = _owner(function)
            parameters = self._parameters(klass) if klass is not None else []
            if not parameters or not all(p in bindings for p in parameters):
                return None
            index = [bindings[p] for p in parameters]
            made = self._make(nodes.Subscript, call, ctx=Context.Load)
            made.postinit(
                value=call.func, slice=index[0] if len(index) == 1 else self._make_tuple(index, call)
            )
            return made
        returns = declared_returns(function)
        if returns is None:
            return None
        if self._is_self(returns):
            return receiver
        return self._substituted(returns, bindings)

    def _substituted(self, annotation: nodes.NodeNG, bindings: Bindings) -> nodes.NodeNG:
        """``annotation`` with the TypeVars ``bindings`` holds replaced; unchanged nodes
        are the originals, so every name is looked up where it is written."""
        if not bindings:
            return annotation
        if isinstance(annotation, nodes.Name) and annotation.name in bindings and self._type_var(annotation):
            return bindings[annotation.name]
        if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
            parsed = self._parsed_string(annotation) or self._named_string(annotation)
            return self._substituted(parsed, bindings) if parsed is not None else annotation
        if isinstance(annotation, nodes.Subscript):
            index = self._substituted(annotation.slice, bindings)
            if index is annotation.slice:
                return annotation
            made = self._make(nodes.Subscript, annotation, ctx=Context.Load)
            made.postinit(value=annotation.value, slice=index)
            return made
        if isinstance(annotation, nodes.Tuple):
            elements = [self._substituted(e, bindings) for e in annotation.elts]
            if all(a is b for a, b in zip(elements, annotation.elts, strict=True)):
                return annotation
            return self._make_tuple(elements, annotation)
        if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
            left, right = (
                self._substituted(annotation.left, bindings),
                self._substituted(annotation.right, bindings),
            )
            if left is annotation.left and right is annotation.right:
                return annotation
            made = self._make(nodes.BinOp, annotation, op="|")
            made.postinit(left=left, right=right)
            return made
        return annotation

    def _named_string(self, annotation: nodes.Const) -> nodes.NodeNG | None:
        """``"_T"`` (a TypeVar written as a string) as the name it is."""
        name = annotation.value.strip()
        if not name.isidentifier():
            return None
        made = self._make(nodes.Name, annotation, name=name)
        return made if self._type_var(made) is not None else None

    def _expanded(self, annotation: nodes.NodeNG) -> nodes.NodeNG:
        """A generic alias subscripted (``_EntityType[_O]``) as the type it stands for,
        its own TypeVars replaced by the subscript's (``Union[Type[_O], ...]``); a string
        annotation parsed."""
        for _ in range(_ALIAS_HOPS):
            if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
                parsed = self._parsed_string(annotation) or self._named_string(annotation)
                if parsed is None:
                    return annotation
                annotation = parsed
                continue
            head = annotation.value if isinstance(annotation, nodes.Subscript) else annotation
            value = self._alias_of(head)
            if value is None:
                return annotation
            if isinstance(annotation, nodes.Subscript) and isinstance(value, nodes.Name | nodes.Attribute):
                renamed = self._make(nodes.Subscript, annotation, ctx=Context.Load)  # an alias of an alias
                renamed.postinit(value=value, slice=annotation.slice)
                annotation = renamed
            elif isinstance(annotation, nodes.Subscript):
                own = list(dict.fromkeys(n.name for n in self._type_vars_in(value)))
                annotation = self._substituted(
                    value, dict(zip(own, _elements(annotation.slice), strict=False))
                )
            else:
                annotation = value
        return annotation

    def _alias_of(self, head: nodes.NodeNG) -> nodes.NodeNG | None:
        """The type expression a module-level alias named ``head`` stands for (here, or
        in the repository's or a read dependency's module it is imported from); None for
        a class, a TypeVar or anything else."""
        value = containers.alias_value(head, self._defined_at)
        if isinstance(value, nodes.Const) or (isinstance(value, nodes.BinOp) and value.op != "|"):
            return None
        if isinstance(value, nodes.Name | nodes.Attribute) and self._type_var(value) is not None:
            return None
        return value

    def _defined_at(self, dotted: str) -> nodes.NodeNG | None:
        """The statement that binds the qualified name ``dotted``: the repository's or a
        read dependency's."""
        if self.names_repo(dotted):
            return self._module_binding(dotted)
        return self._followed_outside(dotted)[1]

    def _union_members(self, annotation: nodes.NodeNG) -> list[nodes.NodeNG] | None:
        """The members of ``Union[...]``, ``Optional[X]`` (with ``None``) or ``X | Y``; None
        for anything else."""
        if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
            return [annotation.left, annotation.right]
        if isinstance(annotation, nodes.Subscript):
            head = (resolve_dotted(annotation.value) or "").rpartition(".")[2]
            if head in _UNION_HEADS and (resolve_dotted(annotation.value) or "").startswith(
                ("typing", "typing_extensions")
            ):
                members = _elements(annotation.slice)
                return (
                    members
                    if head == "Union"
                    else [*members, self._make(nodes.Const, annotation, value=None)]
                )
        return None

    def _literal_values(self, annotation: nodes.NodeNG) -> list[object] | None:
        if not isinstance(annotation, nodes.Subscript):
            return None
        if (resolve_dotted(annotation.value) or "").rpartition(".")[2] != "Literal":
            return None
        members = _elements(annotation.slice)
        if not all(isinstance(m, nodes.Const) for m in members):
            return None
        return [m.value for m in members]

    def _stripped(self, annotation: nodes.NodeNG) -> nodes.NodeNG:
        """``X`` of ``Optional[X]``/``X | None``, and a string parsed: what a value that
        is there at all is declared as."""
        annotation = self._expanded(annotation)
        members = self._union_members(annotation)
        if members is None:
            return annotation
        kept = [m for m in members if not (isinstance(m, nodes.Const) and m.value is None)]
        return self._stripped(kept[0]) if len(kept) == 1 else annotation

    def _make(self, kind: type[N], near: nodes.NodeNG, **fields: object) -> N:
        """A node made for a rewritten annotation, set where ``near`` is (its scope and module)."""
        parent = near.parent if near.parent is not None else near
        made = kind(
            lineno=near.lineno,
            col_offset=near.col_offset,
            end_lineno=near.end_lineno,
            end_col_offset=near.end_col_offset,
            parent=parent,
            **fields,
        )
        self._made.append(made)
        return made

    def _make_tuple(self, elements: list[nodes.NodeNG], near: nodes.NodeNG) -> nodes.Tuple:
        made = self._make(nodes.Tuple, near, ctx=Context.Load)
        made.postinit(elts=elements)
        return made


def overloads(function: nodes.FunctionDef) -> list[nodes.FunctionDef]:
    """The ``@overload`` signatures declared for ``function`` in its scope, in order; the
    function alone where it has none."""
    scope = function.parent.frame()  # a class's or module's, through ``if TYPE_CHECKING:``
    found = [
        n
        for n in getattr(scope, "locals", {}).get(function.name, [])
        if isinstance(n, nodes.FunctionDef) and n.decorators is not None and _is_overload(n)
    ]
    return found or [function]


def _is_overload(function: nodes.FunctionDef) -> bool:
    return any(resolve_dotted(d) in _OVERLOAD for d in function.decorators.nodes)


def _object_init(init: nodes.FunctionDef) -> bool:
    owner = _owner(init)
    return owner is not None and owner.qname() == "builtins.object"


def _owner(function: nodes.FunctionDef) -> nodes.ClassDef | None:
    """The class ``function`` is a method of, also where it is defined under ``if
    TYPE_CHECKING:`` in the class body (SQLAlchemy's ``TupleResult``)."""
    frame = function.parent.frame() if function.parent is not None else None
    return frame if isinstance(frame, nodes.ClassDef) else None


def _passed(
    function: nodes.FunctionDef, call: nodes.Call, skip: int
) -> list[tuple[str, nodes.NodeNG]] | None:
    """(parameter name, argument) for what ``call`` passes ``function``; None when the
    call cannot be one of it (too many or too few arguments, an unknown keyword). A
    spread (``*args``, ``**kwargs``) leaves the count unknown: what is named still binds."""
    arguments = function.args
    if arguments.args is None:  # a signature astroid could not read
        return None
    params = positional_params(arguments)[skip:]
    spread = any(isinstance(a, nodes.Starred) for a in call.args) or any(
        k.arg is None for k in call.keywords or ()
    )
    positional = [a for a in call.args if not isinstance(a, nodes.Starred)]
    passed: list[tuple[str, nodes.NodeNG]] = []
    if len(positional) > len(params) and arguments.vararg is None and not spread:
        return None
    for param, argument in zip(params, positional, strict=False):
        passed.append((param.name, argument))
    named = {p.name for p in params} | {p.name for p in arguments.kwonlyargs}
    positional_only = {p.name for p in arguments.posonlyargs} | {
        p.name for p in params if p.name.startswith("__")
    }
    for keyword in call.keywords or ():
        if keyword.arg is None:
            continue
        if (keyword.arg not in named or keyword.arg in positional_only) and arguments.kwarg is None:
            return None
        if keyword.arg in named:
            passed.append((keyword.arg, keyword.value))
    if spread:
        return passed
    given = {name for name, _ in passed}
    defaults = len(arguments.defaults or ())
    required = [p.name for p in params[: len(params) - defaults]] if defaults <= len(params) else []
    kw_defaults = arguments.kw_defaults or [None] * len(arguments.kwonlyargs)
    required += [p.name for p, d in zip(arguments.kwonlyargs, kw_defaults, strict=False) if d is None]
    if any(name not in given for name in required):
        return None
    return passed


def _elements(index: nodes.NodeNG) -> list[nodes.NodeNG]:
    return list(index.elts) if isinstance(index, nodes.Tuple) else [index]
