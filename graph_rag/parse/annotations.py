"""Which classes an annotation names, read as Python's typing reads it, and what a dotted
name inside the repository denotes.

``X``, ``"X"``, ``X | None``, ``Optional[X]``, ``Union[X, Y]``, ``dict[K, V]``
(``builtins.dict``), ``Generic[T]``, a string that is an expression (``"Select[Any]"``),
an alias the repository defines (``Scope = MutableMapping[str, Any]``), a TypeVar's bound,
``Self``, and a class an annotation names before its module defines it. Each name is
looked up through its scope and imports, never by its bare spelling.
"""

from __future__ import annotations

from collections.abc import Callable

from astroid import nodes
from astroid.builder import extract_node
from astroid.exceptions import AstroidBuildingError
from astroid.manager import AstroidManager

from graph_rag.parse import containers
from graph_rag.parse.class_members import mro_attribute
from graph_rag.parse.corrections import declared_class
from graph_rag.parse.names import absolute_module, binding_of, import_target, resolve_dotted

# Generic aliases whose instances are builtin containers.
TYPING_ALIASES = {
    "typing.Dict": "builtins.dict",
    "typing.List": "builtins.list",
    "typing.Set": "builtins.set",
    "typing.FrozenSet": "builtins.frozenset",
    "typing.Tuple": "builtins.tuple",
    "typing.Text": "builtins.str",
    "typing.DefaultDict": "collections.defaultdict",
    "typing.OrderedDict": "collections.OrderedDict",
    "typing.Deque": "collections.deque",
    "typing.Counter": "collections.Counter",
    "typing.ChainMap": "collections.ChainMap",
    "typing.Pattern": "re.Pattern",
    "typing.Match": "re.Match",
}
# Annotations that name no class whose methods a call could reach (typing_extensions'
# copies of typing's are added below).
_NOT_A_TYPE = frozenset(
    {
        "typing.Any",
        "typing.Callable",
        "collections.abc.Callable",
        "typing.Union",
        "typing.Literal",
        "typing.ClassVar",
        "typing.Final",
        "typing.Annotated",
        "typing.TypeVar",
        "typing.Self",
        "typing.NoReturn",
        "typing.Never",
        "builtins.object",
    }
)
# A bound or union member that holds nothing back (``object`` is kept: its methods are
# every value's, ``object.__new__`` for a ``type[T]`` bound to it).
ANYTHING = frozenset({"typing.Any", "typing_extensions.Any"})
NOT_A_TYPE = _NOT_A_TYPE | {
    f"typing_extensions.{n.removeprefix('typing.')}" for n in _NOT_A_TYPE if n.startswith("typing.")
}
# TypeVars the typing module declares with constraints: one of these classes, each time
_CONSTRAINED = {
    f"{module}.AnyStr": ["builtins.str", "builtins.bytes"] for module in ("typing", "typing_extensions")
}
_SELF = frozenset({"typing.Self", "typing_extensions.Self"})
_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})


class AnnotationTypes:
    """Reads annotations for one module's resolver; ``infer`` and ``in_repo`` are its own
    (one inference budget)."""

    def __init__(
        self,
        infer: Callable[[nodes.NodeNG], list[object]],
        in_repo: Callable[[nodes.NodeNG], bool],
        repo_modules: frozenset[str] | set[str],
    ) -> None:
        self.infer = infer
        self.in_repo = in_repo
        self.repo_modules = repo_modules
        self._strings: dict[nodes.Const, nodes.NodeNG | None] = {}  # string annotations, parsed
        self._outside: dict[str, tuple[str, nodes.NodeNG | None]] = {}  # names in dependencies, followed

    def names_repo(self, name: str) -> bool:
        head = name.split(".")
        return any(".".join(head[:i]) in self.repo_modules for i in range(1, len(head) + 1))

    def follow(self, dotted: str, hops: int = 4) -> bool | str:
        """What a name inside the repository denotes, following re-exports (star imports
        too) and class MROs:
        - True when the repository defines it (``flask.app.Flask.run``): a module, class,
          function, or a variable as the last part (``gdal.prototypes.ds.get_driver``, a
          callable a factory made);
        - the name where it is defined for a member a class inherits
          (``fields.DateField.register_lookup`` is ``query_utils.RegisterLookupMixin``'s);
        - the external's import path when a re-export leads out of the repository
          (``pkg.compat.json.loads`` is ``json.loads`` when ``pkg/compat.py`` does
          ``import json``, requests' own ``compat`` module);
        - False for a path *through* a variable (``flask.globals.current_app.json.loads``),
          which names nothing."""
        parts = dotted.split(".")
        split = self._module_prefix(parts)
        if not split:
            return False
        try:
            scope: nodes.NodeNG = AstroidManager().ast_from_module_name(".".join(parts[:split]))
        except Exception:  # the module failed to build
            return False
        for position in range(split, len(parts)):
            last = position == len(parts) - 1
            node = _binding_in(scope, parts[position])
            if node is None or node.root().name not in self.repo_modules:
                return False
            if isinstance(node, nodes.Import | nodes.ImportFrom):  # a re-export: go to its source
                target = import_target(node, parts[position]) or _star_target(node, parts[position])
                if not target:
                    return False
                rest = ".".join([target, *parts[position + 1 :]])
                if not self.names_repo(rest):
                    return rest
                return self.follow(rest, hops - 1) if hops else False
            if not isinstance(node, nodes.ClassDef):
                if last and (outside := self._assigned_from_outside(node)) is not None:
                    return outside  # ``_OBJ_SETATTR = object.__setattr__``, imported from there
                owner = node.parent.frame() if last and node.parent is not None else None
                if isinstance(owner, nodes.ClassDef) and owner is not scope:
                    # inherited (``DateField.register_lookup``, a descriptor of a mixin's):
                    # named where it is defined, as inference names an inherited method
                    return f"{owner.qname()}.{parts[position]}"
                return last  # a function, or a variable holding what is called
            scope = node
        return True

    def _assigned_from_outside(self, statement: nodes.NodeNG) -> str | None:
        """The import path of what a module-level name's statement plainly assigns
        (``setattr_ = object.__setattr__``, ``HTTPError = requests.HTTPError``) when it
        lies outside the repository: the name is an alias of it."""
        if not (
            isinstance(statement, nodes.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], nodes.AssignName)
            and isinstance(statement.value, nodes.Name | nodes.Attribute)
        ):
            return None
        dotted = resolve_dotted(statement.value)
        return dotted if dotted is not None and not self.names_repo(dotted) else None

    def unreadable(self, dotted: str) -> bool:
        """Whether ``dotted`` lies in a repository module that does not build (a syntax
        error; the session remembers the failure, so asking again parses nothing): what
        it defines is unknown, so the name the import gives is all there is."""
        parts = dotted.split(".")
        split = self._module_prefix(parts)
        if not split:
            return False
        try:
            AstroidManager().ast_from_module_name(".".join(parts[:split]))
        except AstroidBuildingError:
            return True
        return False

    def _module_prefix(self, parts: list[str]) -> int:
        """How many leading parts name the longest repository module (0: none)."""
        return next((i for i in range(len(parts), 0, -1) if ".".join(parts[:i]) in self.repo_modules), 0)

    def class_named(self, expr: nodes.NodeNG) -> list[nodes.ClassDef | str]:
        """The class a plain name or dotted name denotes (a class object, not an instance)."""
        if not isinstance(expr, nodes.Name | nodes.Attribute):
            return []
        classes = [v for v in self.infer(expr) if isinstance(v, nodes.ClassDef)]
        if classes:
            return classes[:1]
        dotted = resolve_dotted(expr)
        if dotted and not self.names_repo(dotted) and class_like(dotted):
            return [dotted]
        return []

    def _module_binding(self, name: str) -> nodes.NodeNG | None:
        """The statement that last assigns a repo module's top-level ``module.attr`` (or the
        ``def`` that does)."""
        module, _, attr = name.rpartition(".")
        if module not in self.repo_modules:
            return None
        try:
            found = AstroidManager().ast_from_module_name(module).locals.get(attr, [])
        except Exception:  # the module failed to build
            return None
        target = found[-1] if found else None
        if isinstance(target, nodes.FunctionDef):
            return target  # a function's own statement (a decorated one may hold an object)
        return target.parent if isinstance(target, nodes.AssignName) else None

    def annotation_types(self, annotation: nodes.NodeNG, hops: int = 3) -> list[nodes.ClassDef | str]:
        """``X``, ``"X"``, ``X | None``, ``Optional[X]``, ``Union[X, Y]``, ``dict[K, V]``
        (``builtins.dict``), ``Generic[T]`` (``Generic``) -> the classes named; an alias
        the repository defines (``Scope = MutableMapping[str, Any]``) -> what it stands
        for, following at most ``hops`` aliases."""
        if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
            name = annotation.value.strip()
            if not all(part.isidentifier() for part in name.split(".")):
                parsed = self._parsed_string(annotation)  # ``"Select[Any]"``, ``"A | None"``
                return self.annotation_types(parsed, hops) if parsed is not None else []
            # A string has no scope of its own: look the name up from where it is written, or,
            # read once the module has run, among what the module defines further down
            # (``addresses: Mapped[list["Address"]]`` above ``class Address``).
            binding, _ = binding_of(annotation.scope(), name.partition(".")[0])
            if binding is None:
                binding = next(iter(annotation.root().locals.get(name.partition(".")[0], [])[-1:]), None)
            if isinstance(binding, nodes.ClassDef):
                return [binding]
            target = import_target(binding, name.partition(".")[0]) if binding else None
            if target is None:
                return []
            full = ".".join([target, *name.split(".")[1:]])
            return self._named_class(full)
        if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
            return self.annotation_types(annotation.left, hops) + self.annotation_types(
                annotation.right, hops
            )
        if isinstance(annotation, nodes.Subscript):
            head = resolve_dotted(annotation.value) or ""
            last = head.rpartition(".")[2]
            if last == "Optional":
                return self.annotation_types(annotation.slice, hops)
            if head in _ANNOTATED and isinstance(annotation.slice, nodes.Tuple):  # X, with notes
                return self.annotation_types(annotation.slice.elts[0], hops)
            if last == "Union" and isinstance(annotation.slice, nodes.Tuple):
                return [t for e in annotation.slice.elts for t in self.annotation_types(e, hops)]
            if head in TYPING_ALIASES:
                return [TYPING_ALIASES[head]]
            if head in {"builtins.type", "typing.Type"} or head in NOT_A_TYPE:
                return []  # a class object, or no instance type at all
            return self.annotation_types(annotation.value, hops)  # Generic[T] -> Generic
        if isinstance(annotation, nodes.Const) and annotation.value is None:
            return []
        type_var = self._type_var_call(annotation)
        if type_var is not None:  # a TypeVar: its bound's methods, if it has one
            bound = _bound_of(type_var) if hops > 0 else None
            if bound is None or self._admits_anything(bound, hops - 1):
                return []  # ``bound=Union[Row, RowMapping, Any]`` holds back nothing
            return self.annotation_types(bound, hops - 1)
        inferred = [declared_class(v) for v in self.infer(annotation) if isinstance(v, nodes.ClassDef)]
        # astroid makes TypeVar(...) and NewType(...) up as classes of a nameless module.
        classes = [v for v in inferred if v.root().name]
        if classes:
            return classes[:1]
        if inferred:
            return []
        dotted = resolve_dotted(annotation)
        if dotted is None and (later := _class_defined_later(annotation)) is not None:
            return [later]
        if dotted is None or self.names_repo(dotted):  # the repository's, or a name it assigns
            aliased = containers.alias_value(annotation, self._module_binding) if hops > 0 else None
            if aliased is not None:
                return self.annotation_types(aliased, hops - 1)
            followed = self.follow(dotted) if dotted is not None else False
            if not isinstance(followed, str) or followed in NOT_A_TYPE:
                return []
            dotted = followed  # re-exported from outside: ``fastapi.testclient.TestClient``
        if dotted in _CONSTRAINED:  # ``text: AnyStr``: a str or a bytes, not a class of typing's
            return list(_CONSTRAINED[dotted])
        if dotted in NOT_A_TYPE:
            return []
        outside = self._assigned_outside(dotted, hops)
        return outside if outside is not None else [TYPING_ALIASES.get(dotted, dotted)]

    def _parsed_string(self, annotation: nodes.Const) -> nodes.NodeNG | None:
        """A string annotation that is an expression (``"Select[Any]"``), parsed and set
        in its module, whose names it reads (as ``typing.get_type_hints`` does) once the
        module has run: a class defined further down is found (``def f(q: "Later | None")``
        above ``class Later``)."""
        if annotation not in self._strings:
            try:
                parsed = extract_node(annotation.value.strip())
            except Exception:  # not an expression: a syntax error, several statements
                parsed = None
            if isinstance(parsed, nodes.Subscript | nodes.BinOp | nodes.Attribute):
                statement = parsed.parent  # the expression statement it was parsed as
                statement.parent, statement.lineno = annotation.root(), annotation.root().tolineno
            else:
                parsed = None
            self._strings[annotation] = parsed
        return self._strings[annotation]

    def _named_class(self, name: str, hops: int = 3) -> list[nodes.ClassDef | str]:
        """A class by qualified name: the repo's definition when it has one, followed
        through at most ``hops`` re-exports (``"Connection"`` imported from a package
        whose ``__init__`` imports it from ``.base``)."""
        module, _, attr = name.rpartition(".")
        if module in self.repo_modules:
            try:
                found = AstroidManager().ast_from_module_name(module).getattr(attr)
            except Exception:  # not defined there (or not a plain attribute)
                return []
            imported = [n for n in found if isinstance(n, nodes.ImportFrom | nodes.Import)]
            if imported and hops > 0:
                target = import_target(imported[-1], attr)
                return self._named_class(target, hops - 1) if target else []
            values = [v for n in found for v in self.infer(n) if isinstance(v, nodes.ClassDef)]
            return values[:1]
        if name in NOT_A_TYPE:
            return []
        _, statement = self._followed_outside(name)
        if isinstance(statement, nodes.ClassDef):  # a dependency's class, whose members are read
            return [statement]
        outside = self._assigned_outside(name, hops)
        return outside if outside is not None else [TYPING_ALIASES.get(name, name)]

    def _is_self(self, annotation: nodes.NodeNG) -> bool:
        """``Self`` (typing's or typing_extensions'), also written as a string or imported
        through the repository's own re-export (SQLAlchemy's ``util.typing.Self``)."""
        if isinstance(annotation, nodes.Const) and isinstance(annotation.value, str):
            if annotation.value.strip() != "Self":
                return False
            binding, _ = binding_of(annotation.scope(), "Self")
            target = import_target(binding, "Self") if binding is not None else None
        else:
            target = resolve_dotted(annotation)
        if target is not None and self.names_repo(target):
            outside = self.follow(target)
            target = outside if isinstance(outside, str) else None
        elif target is not None and target not in _SELF:  # a dependency's re-export
            target = self._followed_outside(target)[0]
        return target in _SELF

    def _type_var(self, annotation: nodes.NodeNG) -> str | None:
        """The name of the TypeVar ``annotation`` is (``V = TypeVar("V")``), if it is one."""
        if not isinstance(annotation, nodes.Name) or self._type_var_call(annotation) is None:
            return None
        return annotation.name

    def _assigned_outside(self, dotted: str, hops: int) -> list[nodes.ClassDef | str] | None:
        """What ``dotted`` stands for where a dependency whose source is read assigns it: a
        TypeVar or a re-export of what names no type (``sqlalchemy.util.typing.Self``) is
        no class; an alias (``_InfoType = Dict[Any, Any]``, ``CoreSchema: TypeAlias =
        Union[...]``) is what it stands for; a variable (``db = None``) is no class either.
        None where nothing is read there: it is named as written."""
        name, statement = self._followed_outside(dotted)
        if name in NOT_A_TYPE:
            return []
        if not isinstance(statement, nodes.Assign | nodes.AnnAssign) or statement.value is None:
            return None
        value = statement.value
        if (
            isinstance(value, nodes.Call)
            and (resolve_dotted(value.func) or "").rpartition(".")[2] == "TypeVar"
        ):
            return []
        return self.annotation_types(value, hops - 1) if hops > 0 else []

    def through_variable_outside(self, dotted: str, hops: int = 3) -> bool:
        """Whether ``dotted`` runs through a module-level variable of a dependency whose
        source is read (``sqlalchemy.testing.config.db.connect``, ``db`` set at run time):
        such a path names nothing, as ``follow`` says of one inside the repository."""
        parts = dotted.split(".")
        for split in range(len(parts) - 2, 0, -1):  # a module, then a variable and its member
            try:
                scope: nodes.NodeNG = AstroidManager().ast_from_module_name(".".join(parts[:split]))
            except Exception:  # not a module, or not read: an external known by its name only
                continue
            for position in range(split, len(parts) - 1):
                node = _binding_in(scope, parts[position])
                if isinstance(node, nodes.Import | nodes.ImportFrom):  # a re-export: go to its source
                    target = import_target(node, parts[position]) or _star_target(node, parts[position])
                    rest = ".".join([target, *parts[position + 1 :]]) if target else None
                    return rest is not None and hops > 0 and self.through_variable_outside(rest, hops - 1)
                if not isinstance(node, nodes.ClassDef):
                    return isinstance(node, nodes.Assign | nodes.AnnAssign) and isinstance(
                        scope, nodes.Module
                    )
                scope = node
            return False
        return False

    def _followed_outside(self, dotted: str, hops: int = 3) -> tuple[str, nodes.NodeNG | None]:
        """``dotted`` followed through the re-exports of dependencies whose source is read:
        the name it ends at and the statement that binds it there (None where unread)."""
        if dotted not in self._outside:
            module, _, attr = dotted.rpartition(".")
            try:
                found = AstroidManager().ast_from_module_name(module).locals.get(attr, [])
            except Exception:  # not read: an external known by its name only
                found = []
            last = found[-1] if found else None
            target = import_target(last, attr) if isinstance(last, nodes.ImportFrom | nodes.Import) else None
            if target is not None and hops > 0:
                self._outside[dotted] = self._followed_outside(target, hops - 1)
            else:
                self._outside[dotted] = (dotted, last.parent if isinstance(last, nodes.AssignName) else last)
        return self._outside[dotted]

    def _admits_anything(self, annotation: nodes.NodeNG, hops: int) -> bool:
        """Whether ``annotation`` lets any value through: ``Any``, or a union with it
        (through at most ``hops`` aliases, ``_RowData = Union[..., Any]``)."""
        if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
            sides = (annotation.left, annotation.right)
            return any(self._admits_anything(side, hops) for side in sides)
        if isinstance(annotation, nodes.Subscript):
            head = (resolve_dotted(annotation.value) or "").rpartition(".")[2]
            if head not in {"Union", "Optional"}:
                return False
            index = annotation.slice
            members = index.elts if isinstance(index, nodes.Tuple) else [index]
            return any(self._admits_anything(member, hops) for member in members)
        dotted = resolve_dotted(annotation)
        if dotted in ANYTHING:
            return True
        if not isinstance(annotation, nodes.Name) or hops <= 0:
            return False
        statement, _ = binding_of(annotation, annotation.name)
        if isinstance(statement, nodes.ImportFrom):
            target = import_target(statement, annotation.name)
            statement = self._module_binding(target) if target else None
        if isinstance(statement, nodes.Assign):  # an alias
            return self._admits_anything(statement.value, hops - 1)
        return False

    def _type_var_call(self, annotation: nodes.NodeNG) -> nodes.Call | None:
        """The ``TypeVar(...)`` call that defines the name ``annotation``, here or imported."""
        if not isinstance(annotation, nodes.Name):
            return None
        statement, _ = binding_of(annotation, annotation.name)
        if isinstance(statement, nodes.ImportFrom):
            target = import_target(statement, annotation.name)
            if target is None:
                statement = None
            elif self.names_repo(target):
                statement = self._module_binding(target)
            else:  # a dependency's (``from ._typing import _T_co``)
                statement = self._followed_outside(target)[1]
        if not isinstance(statement, nodes.Assign) or not isinstance(statement.value, nodes.Call):
            return None
        maker = resolve_dotted(statement.value.func) or ""
        return statement.value if maker.rpartition(".")[2] == "TypeVar" else None


def _binding_in(scope: nodes.NodeNG, name: str) -> nodes.NodeNG | None:
    """What binds ``name`` in a module, or in a class and its MRO (the statement for a
    variable, the import for an imported name)."""
    if isinstance(scope, nodes.ClassDef):
        found = mro_attribute(scope, name)
    elif isinstance(scope, nodes.Module):
        bound = scope.locals.get(name)
        found = bound[-1] if bound else None
    else:
        return None
    return found.parent if isinstance(found, nodes.AssignName) else found


def _star_target(node: nodes.NodeNG, name: str) -> str | None:
    """``name`` as ``from pkg.mod import *`` brings it in: ``pkg.mod.name``."""
    if isinstance(node, nodes.ImportFrom) and any(orig == "*" for orig, _ in node.names):
        return f"{absolute_module(node)}.{name}"
    return None


def class_like(dotted: str) -> bool:
    """An external name read as a class by its spelling (PEP 8): ``Path``, ``IO``; not a
    constant in capitals (``click.STRING`` is an instance, ``STRING(...)`` no class)."""
    name = dotted.rpartition(".")[2]
    return name[:1].isupper() and not (name.isupper() and len(name) > 3)


def _class_defined_later(annotation: nodes.NodeNG) -> nodes.ClassDef | None:
    """Under ``from __future__ import annotations`` an annotation is read once its module
    has run, so it may name a class the module defines further down (astroid's lookup
    from the annotation sees only what comes before); so is a type comment, never run."""
    if not isinstance(annotation, nodes.Name):
        return None
    module = annotation.root()
    if "annotations" not in getattr(module, "future_imports", ()) and not _in_type_comment(annotation):
        return None
    found = module.locals.get(annotation.name, [])[-1:]
    return found[0] if found and isinstance(found[0], nodes.ClassDef) else None


_COMMENTED = (nodes.Assign, nodes.Arguments, nodes.For, nodes.AsyncFor, nodes.With, nodes.AsyncWith)


def _in_type_comment(node: nodes.NodeNG) -> bool:
    """Whether ``node`` lies in a type comment: a function's (``# type: (Item) -> Result``,
    astroid's ``type_comment_args`` and ``type_comment_returns``), or one astroid wraps in
    an Expr under the statement or parameters it annotates (no Expr is there otherwise)."""
    child = node
    for parent in node.node_ancestors():
        if isinstance(parent, nodes.FunctionDef):
            signature = (parent.type_comment_returns, *(parent.type_comment_args or ()))
            return any(child is t for t in signature)
        if isinstance(child, nodes.Expr):
            return isinstance(parent, _COMMENTED)
        if child.is_statement:
            return False
        child = parent
    return False


def _bound_of(type_var: nodes.Call) -> nodes.NodeNG | None:
    """The upper bound a ``TypeVar(...)`` call declares (``S = TypeVar("S", bound=Session)``):
    whatever binds it, a value of it has the bound's methods."""
    return next((k.value for k in type_var.keywords or () if k.arg == "bound"), None)
