"""What a function or class declares for the values it receives and hands out.

A parameter's annotation (or, left bare in an override, the overridden method's), the
``__getitem__`` overloads a subscript runs, the type parameters a ``Generic`` class
declares and the type arguments a value was made with: read from the definitions, never inferred.
"""

from __future__ import annotations

from collections.abc import Callable

from astroid import nodes

from graph_rag.parse.class_members import positional_params, typed_mro
from graph_rag.parse.names import plain_assignment, resolve_dotted


def statement_annotation(statement: nodes.NodeNG | None) -> nodes.NodeNG | None:
    """The type a statement declares for the one name or attribute it binds: ``x: T = ...``,
    or a type comment (``x = None  # type: T``, astroid's ``Assign.type_annotation``), as
    code written before annotations declares it (marshmallow 3.23 has 27). A comment on
    several targets or an unpacking (``a, b = f()  # type: int, str``) is not read."""
    if isinstance(statement, nodes.AnnAssign):
        return statement.annotation
    if (
        isinstance(statement, nodes.Assign)
        and statement.type_annotation is not None
        and len(statement.targets) == 1
        and isinstance(statement.targets[0], nodes.AssignName | nodes.AssignAttr)
    ):
        return statement.type_annotation
    return None


def declares(statement: nodes.NodeNG, name: str) -> nodes.NodeNG | None:
    """``statement``'s declared type where it is ``name: T = ...`` or ``name = ...  # type: T``."""
    annotation = statement_annotation(statement)
    if annotation is None:
        return None
    target = statement.target if isinstance(statement, nodes.AnnAssign) else statement.targets[0]
    return annotation if isinstance(target, nodes.AssignName) and target.name == name else None


def annotation_of(arguments: nodes.Arguments, name: str) -> nodes.NodeNG | None:
    """The parameter ``name``'s annotation, or, unannotated in a method, that of the same
    parameter of the method it overrides (as pyright reads it): code reaches an override
    through the base's signature, so the base's type is what it receives. SQLAlchemy's
    dialects leave ``connection`` bare in ``get_indexes(self, connection, ...)``, which
    ``Dialect.get_indexes`` declares a ``Connection``."""
    own = own_annotation(arguments, name)
    if own is not None:
        return own
    function = arguments.parent
    klass = function.parent if isinstance(function, nodes.FunctionDef) else None
    if not isinstance(klass, nodes.ClassDef) or not arguments.args:
        return None
    if (arguments.posonlyargs + arguments.args)[0].name == name and function.type != "staticmethod":
        return None  # self or cls: the class itself says more than any base
    for base in typed_mro(klass)[1:]:
        found = base.locals.get(function.name)
        if found:
            overridden = found[-1]
            if isinstance(overridden, nodes.FunctionDef) and overridden.args.args is not None:
                return own_annotation(overridden.args, name)
            return None
    return None


def own_annotation(arguments: nodes.Arguments, name: str) -> nodes.NodeNG | None:
    """The parameter ``name``'s own annotation, or its type comment: the parameter's
    (``item,  # type: Item``) or the function's (``# type: (Item, int) -> Result``)."""
    if arguments.args is None:  # a living object's function: nothing declared
        return None
    pairs = zip(
        arguments.posonlyargs + arguments.args + arguments.kwonlyargs,
        arguments.posonlyargs_annotations + arguments.annotations + arguments.kwonlyargs_annotations,
        arguments.type_comment_posonlyargs + arguments.type_comment_args + arguments.type_comment_kwonlyargs,
        strict=False,
    )
    for arg, annotation, comment in pairs:
        if arg.name == name:
            return annotation if annotation is not None else comment or _signature_comment(arguments, name)
    return None


def _signature_comment(arguments: nodes.Arguments, name: str) -> nodes.NodeNG | None:
    """The type a function's signature comment gives ``name``: one per parameter in order
    (``*args`` and ``**kwargs`` among them), ``self`` or ``cls`` left out in a method as
    PEP 484 has it; ``(...)`` declares none."""
    function = arguments.parent
    types = function.type_comment_args if isinstance(function, nodes.FunctionDef) else None
    if not types or any(isinstance(t, nodes.Const) and t.value is Ellipsis for t in types):
        return None
    names = [a.name for a in arguments.posonlyargs + arguments.args]
    names += [arguments.vararg] if arguments.vararg else []
    names += [a.name for a in arguments.kwonlyargs]
    names += [arguments.kwarg] if arguments.kwarg else []
    if len(types) == len(names) - 1 and function.is_method() and function.type != "staticmethod":
        names = names[1:]
    if len(types) != len(names) or name not in names:
        return None
    return types[names.index(name)]


def declared_returns(function: nodes.FunctionDef) -> nodes.NodeNG | None:
    """What ``function`` declares it returns: its annotation, or its type comment's
    (``# type: (Item) -> Result``)."""
    return function.returns if function.returns is not None else function.type_comment_returns


def getitem_definitions(owner: nodes.ClassDef, sliced: bool) -> list[nodes.FunctionDef]:
    """The ``__getitem__`` a subscript of ``owner`` runs, as its class declares it: the
    ``@overload``s that take a slice (or, for ``sliced`` false, those that do not), else
    its one definition. pytest's ``Traceback[i]`` is a ``TracebackEntry`` and
    ``Traceback[1:]`` a ``Traceback``, not both of the implementation's union."""
    klass = next((k for k in typed_mro(owner) if "__getitem__" in k.locals), None)
    if klass is None:
        return []
    defs = [d for d in klass.locals["__getitem__"] if isinstance(d, nodes.FunctionDef)]
    overloads = [d for d in defs if is_overload(d)]
    if not overloads:
        return defs[-1:]
    return [d for d in overloads if takes_slice(d) == sliced]


def is_overload(function: nodes.FunctionDef) -> bool:
    decorators = function.decorators.nodes if function.decorators else []
    return any(d.as_string().rpartition(".")[2] == "overload" for d in decorators)


def takes_slice(function: nodes.FunctionDef) -> bool:
    """Whether the key ``function`` (a ``__getitem__``) declares is a ``slice``."""
    parameters = positional_params(function.args)
    annotation = annotation_of(function.args, parameters[1].name) if len(parameters) > 1 else None
    return annotation is not None and annotation.as_string().rpartition(".")[2] == "slice"


def type_parameters(
    klass: nodes.ClassDef, is_type_var: Callable[[nodes.Name], bool] | None = None
) -> list[str]:
    """The TypeVars a class declares by deriving from ``Generic[T, ...]``; without one, those
    its subscripted bases name, in order (``class Mapped(ORMDescriptor[_T_co], ...)``, as
    PEP 484 reads it), where ``is_type_var`` tells a TypeVar's name from a class's."""
    subscripted = [base for base in klass.bases if isinstance(base, nodes.Subscript)]
    for base in subscripted:
        if (resolve_dotted(base.value) or "").endswith("Generic"):
            elements = base.slice.elts if isinstance(base.slice, nodes.Tuple) else [base.slice]
            return [e.name if isinstance(e, nodes.Name) else "" for e in elements]
    if is_type_var is None:
        return []
    named = (n for base in subscripted for n in base.slice.nodes_of_class(nodes.Name) if is_type_var(n))
    return list(dict.fromkeys(n.name for n in named))


def made_with(argument: nodes.NodeNG) -> list[nodes.NodeNG]:
    """The type arguments ``argument`` was made with: ``StashKey[int]()``, directly or
    through the name it was assigned to (``key = StashKey["Config"]()``)."""
    if isinstance(argument, nodes.Name):
        assignment, _ = plain_assignment(argument)
        argument = assignment.value if assignment is not None else argument
    if isinstance(argument, nodes.Call) and isinstance(argument.func, nodes.Subscript):
        index = argument.func.slice
        return list(index.elts) if isinstance(index, nodes.Tuple) else [index]
    return []
