"""What a class holds along its MRO, as the call resolver and the receivers' typing ask:
the method or attribute the C3 MRO finds first (computed once per class), a property's
getter, the function a call of a value runs, and an external class by name where its
source is on astroid's path."""

from __future__ import annotations

from astroid import bases, nodes, objects
from astroid.manager import AstroidManager

from graph_rag.parse.definitions import is_property
from graph_rag.parse.type_checking import under_type_checking

NO_BEHAVIOUR_BASES = frozenset(
    {"builtins.object", "typing.Generic", "typing.Protocol"}
    | {"typing_extensions.Generic", "typing_extensions.Protocol"}
)


def class_mro(cls: nodes.ClassDef) -> list[nodes.ClassDef]:
    """``cls`` and its C3 MRO, computed once per class (astroid recomputes it on each call,
    and the same classes are asked about for every call site); raises like ``mro()``."""
    cached = getattr(cls, "_graph_rag_mro", None)
    if cached is None:
        cached = [cls, *cls.mro()[1:]]
        cls._graph_rag_mro = cached
    return cached


def unwrap(value: object) -> object:
    """The function behind a bound or unbound method (astroid proxies it twice)."""
    while isinstance(value, bases.UnboundMethod):
        value = value._proxied
    return value


def mro_method(cls: nodes.ClassDef, name: str) -> nodes.FunctionDef | None:
    """The method ``name`` the MRO finds first; None when it finds something else."""
    node = mro_attribute(cls, name)
    return node if isinstance(node, nodes.FunctionDef) else None


def mro_getter(cls: nodes.ClassDef, name: str) -> nodes.FunctionDef | None:
    """The getter of the property ``name`` the MRO finds first (its ``@name.setter``,
    defined after it under the same name, is what ``mro_method`` would answer)."""
    found = _mro_bindings(cls, name)
    return next((n for n in found if isinstance(n, nodes.FunctionDef) and is_property(n)), None)


def is_abstract(function: nodes.FunctionDef) -> bool:
    """``@abstractmethod``, or a body that only raises NotImplementedError: it never runs
    itself where an override does."""
    try:
        return function.is_abstract(pass_is_abstract=False)
    except Exception:  # a decorator astroid fails on: not known to be abstract
        return False


def mro_attribute(cls: nodes.ClassDef, name: str) -> nodes.NodeNG | None:
    """The class-level definition of ``name`` the MRO finds first, if any."""
    found = _mro_bindings(cls, name)
    return found[-1] if found else None


def runtime_attribute(cls: nodes.ClassDef, name: str) -> nodes.NodeNG | None:
    """What the MRO finds for ``name`` when the program runs: a class's declaration for
    type checkers only (``if TYPE_CHECKING: def operate(...): ...``) is passed over for a
    base's definition. ``mro_attribute`` keeps it: its annotations say more of what the
    base's returns (``DMLState.get_plugin_class -> Type[DMLState]``)."""
    try:
        mro = class_mro(cls)
        for klass in mro:
            running = [b for b in klass.locals.get(name, ()) if not under_type_checking(b)]
            if running:
                return running[-1]
    except Exception:  # inconsistent or cyclic MRO: no answer
        return None
    declared = mro_attribute(cls, name)
    if declared is not None and under_type_checking(declared) and _answers_any_name(mro):
        return None  # SQLAlchemy's ``func.coalesce``: __getattr__ answers it when the program runs
    return declared


def _answers_any_name(mro: list[nodes.ClassDef]) -> bool:
    """Whether a class of ``mro`` defines ``__getattr__`` for the running program."""
    return any(not under_type_checking(b) for klass in mro for b in klass.locals.get("__getattr__", ()))


def _mro_bindings(cls: nodes.ClassDef, name: str) -> list[nodes.NodeNG]:
    """Every binding of ``name`` in the first class of the MRO that binds it."""
    try:
        for klass in class_mro(cls):
            found = klass.locals.get(name)
            if found:
                return found
    except Exception:  # inconsistent or cyclic MRO: no answer
        return []
    return []


def typed_mro(cls: nodes.ClassDef) -> list[nodes.ClassDef]:
    """The MRO whose classes' declarations type attributes (``object`` declares none)."""
    try:
        mro = class_mro(cls)
    except Exception:  # inconsistent MRO: the class alone
        mro = [cls]
    return [k for k in mro if isinstance(k, nodes.ClassDef) and k.qname() not in NO_BEHAVIOUR_BASES]


def callee_function(value: object) -> tuple[nodes.FunctionDef | nodes.Lambda | None, int]:
    """The function calling ``value`` runs (a class runs its ``__init__``), with the count
    of leading parameters the call does not pass (``self``)."""
    if isinstance(value, bases.BoundMethod):
        return unwrap(value), 1
    if isinstance(value, nodes.ClassDef):
        init = mro_method(value, "__init__")
        return init, 1
    if isinstance(value, nodes.FunctionDef | nodes.Lambda) and not isinstance(value, objects.PartialFunction):
        return value, 0  # a function or a lambda (``f = lambda g: g()``)
    return None, 0


def external_class(name: str) -> nodes.ClassDef | None:
    """The class an external name (``click.Group``) denotes, where its source is on
    astroid's path (a dependency's, or the standard library's)."""
    module, _, attr = name.rpartition(".")
    try:
        values = list(AstroidManager().ast_from_module_name(module).igetattr(attr))
    except Exception:  # not built, not defined there, or not inferable: no class
        return None
    return next((v for v in values if isinstance(v, nodes.ClassDef)), None)


def positional_params(arguments: nodes.Arguments) -> list[nodes.AssignName]:
    """The positional parameters; none known for a function astroid built from a living
    object whose signature it could not read (``args`` is None there)."""
    return [*arguments.posonlyargs, *arguments.args] if arguments.args is not None else []
