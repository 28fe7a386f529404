"""What a call of an inferred value reaches, and what a class's member is as a callee.

The base of the call resolver (``calls.py``): astroid inference within the file's
budget, once per node; the qualified names a function, class (its ``__init__`` via
the MRO, or the external base's), instance (``__call__``) or ``functools.partial``
reaches; values defined outside the repository named by their import path; and
members looked up on classes, the repository's or external ones by name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from astroid import bases, nodes, objects
from astroid.exceptions import AttributeInferenceError
from astroid.nodes.scoped_nodes import SYNTHETIC_ROOT
from astroid.util import UninferableBase

from graph_rag.model import Binding, Call, Confidence, ParamCall, SelfCall, Signature, SuperCall
from graph_rag.parse import stdlib_stubs
from graph_rag.parse.bounds import Budget
from graph_rag.parse.class_members import (
    NO_BEHAVIOUR_BASES,
    class_mro,
    external_class,
    mro_attribute,
    mro_method,
    runtime_attribute,
    unwrap,
)
from graph_rag.parse.corrections import declared_class
from graph_rag.parse.names import plain_assignment, resolve_dotted
from graph_rag.parse.naming import qualname
from graph_rag.parse.receivers import ReceiverTypes
from graph_rag.parse.type_checking import under_type_checking

# Metaclasses that give a class's instances no attributes of their own.
_PLAIN_METACLASSES = frozenset({"builtins.type", "abc.ABCMeta", "typing._ProtocolMeta"})
# Class decorators that add dunder methods only (``__lt__``, ``__init__``, ``__repr__``).
_DUNDER_DECORATORS = frozenset(
    {"functools.total_ordering", "dataclasses.dataclass", "typing.final", "typing.runtime_checkable"}
)


def _adds_only_dunders(decorators: nodes.Decorators | None, name: str) -> bool:
    """Whether a class's decorators leave ``name`` as the class body wrote it."""
    if decorators is None:
        return True
    if name.startswith("__") and name.endswith("__"):
        return False
    for decorator in decorators.nodes:
        written = decorator.func if isinstance(decorator, nodes.Call) else decorator
        if resolve_dotted(written) not in _DUNDER_DECORATORS:
            return False
    return True


MAX_VALUES = 16  # inferred values kept per expression; more means inference is guessing
# Modules whose classes, as bases, run no ``__init__`` worth an edge by their name.
_NO_INIT_OF_THEIR_OWN = ("builtins.", "typing.", "typing_extensions.", "enum.", "abc.", "collections.abc.")


@dataclass(slots=True)
class CallResults:
    calls: list[Call] = field(default_factory=list)
    param_calls: list[ParamCall] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    self_calls: list[SelfCall] = field(default_factory=list)
    super_calls: list[SuperCall] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    iterators: list[tuple[str, str]] = field(default_factory=list)
    extends: list[tuple[str, str]] = field(default_factory=list)
    inferred: int = 0
    by_name: int = 0
    unresolved: int = 0
    pending: int = 0  # parameter and super() calls: resolved or not by the repository-wide pass


class TargetResolver:
    """Inference and call targets, shared by every kind of call site of one module."""

    def __init__(self, repo_modules: frozenset[str] | set[str], budget: Budget) -> None:
        self.repo_modules = repo_modules
        self.budget = budget
        self.out = CallResults()
        # Typing receivers from declarations; it infers through this resolver's budget.
        self.receivers = ReceiverTypes(self.infer, self.in_repo, repo_modules)
        self._inferred: dict[nodes.NodeNG, list[object]] = {}
        self.partial: set[nodes.NodeNG] = set()  # nodes some of whose values are unknown

    def infer(self, node: nodes.NodeNG) -> list[object]:
        """The node's known values, inferred once per module (an argument is asked for its
        values and again for the items of the literal it names)."""
        if node not in self._inferred:
            self._inferred[node] = self._bounded(node.infer, node)
        return self._inferred[node]

    def _bounded(
        self, inference: Callable[[], Iterable[object]], node: nodes.NodeNG | None = None
    ) -> list[object]:
        """The known values an astroid inference yields, at most MAX_VALUES, within the
        budget; ``node`` is kept in ``partial`` when some of its values are unknown."""

        def work() -> list[object]:
            values: list[object] = []
            for value in inference():
                if not isinstance(value, UninferableBase):
                    values.append(value)
                elif node is not None:
                    self.partial.add(node)
                if len(values) >= MAX_VALUES:
                    break
            return values

        try:
            return self.budget.run(work) or []
        except Exception:  # astroid raises many inference errors; all mean "unknown"
            return []

    def in_repo(self, node: nodes.NodeNG) -> bool:
        return node.root().name in self.repo_modules

    def targets(self, value: object, *, bound_by_hand: bool = False) -> list[str]:
        """Qualified names a call of an inferred value reaches; ``bound_by_hand``: the value
        is a method bound to an instance with ``__get__``, so the method it was bound from."""
        if isinstance(value, objects.PartialFunction):
            wrapped = value.body[0].parent if value.body else None
            return [qualname(wrapped)] if isinstance(wrapped, nodes.FunctionDef) else []
        if _is_descriptor_get(value):
            return []  # ``f.__get__(obj)`` binds ``f``, it does not run it
        if isinstance(value, bases.BoundMethod):
            on_instance = isinstance(value.bound, bases.Instance)
            owner = value.bound._proxied if on_instance else value.bound
            if isinstance(owner, nodes.ClassDef) and (declared := declared_class(owner)) is not owner:
                return self._member(declared, value.name)  # ``span._replace``: typing.NamedTuple's
            if on_instance and not bound_by_hand:
                value = self._rebind(value)
            elif isinstance(owner, nodes.ClassDef) and under_type_checking(unwrap(value)):
                value = runtime_attribute(owner, value.name) or value  # ``Select.get_plugin_class(...)``
        value = unwrap(value)
        if isinstance(value, nodes.FunctionDef) and _answered_by_getattr(value):
            return []  # declared for type checkers only: __getattr__ answers the name (typed by name)
        if isinstance(value, nodes.FunctionDef | nodes.Lambda):
            if value.qname().startswith("builtins.object.") and not bound_by_hand:
                return []  # object's own slots reached by a lookup: no behaviour worth an edge
            if self.in_repo(value) and _synthesized(value):
                return []
            if not value.root().name:
                return _brain_written(value)
            return [self._name(value)]
        if isinstance(value, nodes.ClassDef):
            if value.root().name == SYNTHETIC_ROOT.name:
                return []  # a class astroid's brains make up (a NamedTuple's): no code of anyone's
            # a class ``type(name, bases, namespace)`` made has no definition to point at: the
            # call runs what its bases define (``formset_factory(F)(data)``: BaseFormSet.__init__)
            names = [] if _made_by_type(value) else [self._name(value)]
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
        """The method the C3 MRO really picks when the program runs (astroid's instance
        lookup is depth-first, and finds a stub declared only for type checkers)."""
        klass = method.bound._proxied
        if isinstance(klass, nodes.ClassDef):
            found = runtime_attribute(klass, method.name)
            if isinstance(found, nodes.FunctionDef):
                return found
        return method

    def _name(self, node: nodes.ClassDef | nodes.FunctionDef | nodes.Lambda) -> str:
        if self.in_repo(node):
            return qualname(node)
        return node.qname()  # builtins.len, builtins.str.join, functools.partial

    def _emit(self, caller: str, callees: Iterable[str], lineno: int, how: Confidence) -> None:
        for callee in dict.fromkeys(callees):
            self.out.calls.append(Call(caller, callee, lineno, how))

    def _external_aware(self, value: object, func: nodes.NodeNG) -> list[str]:
        """Targets of a value; values defined outside the repo keep their import name,
        unless a dependency's definition is reached through an object."""
        if isinstance(value, nodes.ClassDef):
            value = declared_class(value)  # ``_Span = Span; _Span(...)`` calls the statement's class
        found = self.targets(value, bound_by_hand=_bound_by_hand(func))
        node = unwrap(value)
        if found and isinstance(node, nodes.NodeNG) and not self.in_repo(node):
            root = node.root().name
            if root != "builtins" and not self._through_object(func, root):
                dotted = resolve_dotted(func)
                if dotted is not None and self.receivers.names_repo(dotted):
                    outside = self.receivers.follow(dotted)  # ``compat.json.dumps``
                    dotted = outside if isinstance(outside, str) else None
                if dotted is not None:
                    return [dotted]
        return found

    def _through_object(self, func: nodes.NodeNG, module: str) -> bool:
        """Whether ``func`` reaches a definition in a dependency read from source through an
        object (``django.db.connection.ops.quote_name``, ``User.objects.create_user``):
        the import name of a module or class leads to the definition through what the
        library exports and inherits (store/aliases.py), one through an object never does,
        so the definition inference found is named instead. The standard library keeps
        its import names (``sys.stdout.write``): nobody ingests it."""
        if not isinstance(func, nodes.Attribute) or stdlib_stubs.is_stdlib(module):
            return False
        receivers = self.infer(func.expr)
        return bool(receivers) and not all(isinstance(r, nodes.Module | nodes.ClassDef) for r in receivers)

    def _member(self, owner: nodes.ClassDef | str, name: str) -> list[str]:
        """``owner.name`` as a callee: a repo method via the MRO, a class held in a class
        attribute (``url_map_class = Map``), else an external base's method by name."""
        if isinstance(owner, str):
            return [] if _stdlib_lacks(owner, name) else [f"{owner}.{name}"]
        if owner.root().name == SYNTHETIC_ROOT.name:
            # A class astroid made up for a namedtuple: a ``typing.NamedTuple`` subclass's
            # members are its statement's (``typing.NamedTuple._replace`` inherited); a
            # ``collections.namedtuple(...)`` class has no statement nor stub to name them by.
            declared = declared_class(owner)
            if declared is owner:
                return []
            owner = declared
        node = runtime_attribute(owner, name)
        if isinstance(node, nodes.FunctionDef):
            return [qualname(node) if self.in_repo(node) else f"{node.qname()}"]
        if node is not None:  # a class attribute: calling it calls the class it holds
            held = [t for held in self.receivers.held_classes(node) for t in self._class_targets(held)]
            # else an external class's declared callable (``_get_current_object: Callable[[], T]``)
            return held if held or self.in_repo(owner) else [f"{owner.qname()}.{name}"]
        if not self.in_repo(owner):  # an external's member by name; a builtin's MRO says it all
            if owner.root().name == "builtins" or self._read_and_lacking(owner, name):
                return []
            # a dependency's class that inherits it from the standard library: named there
            inherited = (
                b for b in self.receivers.external_bases(owner, through_read=True) if _stdlib_has(b, name)
            )
            return [next((f"{base}.{name}" for base in inherited), f"{owner.qname()}.{name}")]
        if any(name in k.instance_attrs for k in self._repo_mro(owner)):
            return []  # an attribute the repo assigns, not a method inherited from outside
        bases = self.receivers.external_bases(owner)  # the first that may have it
        return [f"{base}.{name}" for base in bases if not _stdlib_lacks(base, name)][:1]

    def _read_and_lacking(self, owner: nodes.ClassDef, name: str) -> bool:
        """Whether a dependency's class, its source read, surely has no attribute ``name``:
        every base known, none of its MRO defining, assigning or computing (``__getattr__``)
        it, and no metaclass or class decorator that could add it (``@total_ordering`` adds
        dunders only). ``Mapped.title`` or
        ``Row.greet`` named no code: the receiver's type was a guess too wide."""
        try:
            lineage = [owner, *owner.ancestors()]
        except Exception:  # an inconsistent hierarchy
            return False
        for klass in lineage:
            if name in klass.instance_attrs or not _adds_only_dunders(klass.decorators, name):
                return False
            metaclass = klass.declared_metaclass()
            if metaclass is not None and metaclass.qname() not in _PLAIN_METACLASSES:
                return False
            for base in klass.bases:
                written = base.value if isinstance(base, nodes.Subscript) else base  # Generic[T]: Generic
                if resolve_dotted(written) in NO_BEHAVIOUR_BASES:
                    continue
                if not any(isinstance(v, nodes.ClassDef) for v in self.receivers.infer(written)):
                    return False  # a base astroid cannot read may have it
        return all(
            mro_attribute(owner, hook) is None or mro_attribute(owner, hook).qname().startswith("builtins.")
            for hook in ("__getattr__", "__getattribute__")
        )

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

    def _repo_method(self, value: object, name: str) -> nodes.FunctionDef | None:
        """``name`` looked up on the class of an inferred instance, when the repo defines it."""
        if not (isinstance(value, bases.Instance) and isinstance(value._proxied, nodes.ClassDef)):
            return None
        method = mro_method(value._proxied, name)
        return method if method is not None and self.in_repo(method) else None

    def _returned(self, method: nodes.FunctionDef, instance: object) -> list[object]:
        """What calling ``method`` on ``instance`` returns (``__iter__`` returning ``self``)."""
        return self._bounded(lambda: bases.BoundMethod(method, instance).infer_call_result(None))


def _synthesized(function: nodes.FunctionDef | nodes.Lambda) -> bool:
    """A method astroid makes up (a dataclass's ``__init__``): no source, so no node."""
    return function.lineno is None


def is_plain_instance(value: object) -> bool:
    """An instance of a class (not a literal: astroid's lists and strings are instances too)."""
    return (
        isinstance(value, bases.Instance)
        and not isinstance(value, nodes.NodeNG)
        and isinstance(value._proxied, nodes.ClassDef)
    )


def _answered_by_getattr(function: nodes.FunctionDef) -> bool:
    """Whether ``function`` is a member declared only for type checkers on a class whose
    ``__getattr__`` answers that name when the program runs (SQLAlchemy's ``func.coalesce``)."""
    klass = function.parent.frame() if function.parent is not None else None
    return (
        isinstance(klass, nodes.ClassDef)
        and under_type_checking(function)
        and runtime_attribute(klass, function.name) is None
    )


def _stdlib_has(owner: str, name: str) -> bool:
    """Whether the standard library's class ``owner`` surely has an attribute ``name``."""
    if not owner.startswith("builtins."):
        return stdlib_stubs.is_stdlib(owner) and stdlib_stubs.has(owner, name)
    return external_class(owner) is not None and not _stdlib_lacks(owner, name)


def _stdlib_lacks(owner: str, name: str) -> bool:
    """Whether ``owner`` is a builtin class (astroid reads ``builtins``) or another
    standard-library class (typeshed's stubs say what it has) that has no attribute
    ``name``: ``builtins.type.__enter__`` names nothing (``cls.__enter__`` with
    ``cls = type(cm)`` is the class's own, whatever class that is), nor does
    ``pathlib.PurePath.mkdir``."""
    if not owner.startswith("builtins."):
        return stdlib_stubs.lacks(owner, name)
    klass = external_class(owner)
    if klass is None:
        return False
    try:
        klass.getattr(name)
    except AttributeInferenceError:
        return True
    return False


def _made_by_type(klass: nodes.ClassDef) -> bool:
    """Whether astroid made ``klass`` for a ``type(name, bases, namespace)`` call: it has no
    line, and its parent is the call's (a class built from a living module's sits in a
    module or class)."""
    return klass.lineno == 0 and not isinstance(klass.parent, nodes.Module | nodes.ClassDef)


# What astroid's functools brain makes an ``lru_cache``'d function's methods of: the
# class ``functools.lru_cache`` wraps a function in.
_LRU_WRAPPER_METHODS = frozenset({"cache_clear", "cache_info"})


def _brain_written(function: nodes.FunctionDef | nodes.Lambda) -> list[str]:
    """A function astroid's brains wrote as source of their own (a nameless module): the
    methods of a ``collections.namedtuple(...)`` class, ``numpy.array``. Nobody's code,
    and its name is no one's (``.Point._replace``); only an ``lru_cache``'d function's
    ``cache_clear`` is known by the name Python gives it."""
    if isinstance(function, nodes.FunctionDef) and function.name in _LRU_WRAPPER_METHODS:
        return [f"functools._lru_cache_wrapper.{function.name}"]
    return []


def _bound_by_hand(func: nodes.NodeNG) -> bool:
    """Whether a called expression is a method bound with ``__get__``: ``f.__get__(obj)(...)``,
    or a name plainly assigned that (attrs' ``bound_setattr = _OBJ_SETATTR.__get__(self)``)."""
    if isinstance(func, nodes.Name):
        binding, _ = plain_assignment(func)
        func = binding.value if binding is not None else None
    return (
        isinstance(func, nodes.Call)
        and isinstance(func.func, nodes.Attribute)
        and func.func.attrname == "__get__"
    )


def _is_descriptor_get(value: object) -> bool:
    """A function's own ``__get__``, as astroid's object model answers it."""
    return isinstance(value, bases.BoundMethod) and type(value).__name__ == "DescriptorBoundMethod"
