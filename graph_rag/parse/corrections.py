"""Where astroid reads Python differently from how Python runs it, put right for a parse
session (installed and taken back with the session's loader, ``builder._install``).

- **A function's header is evaluated in the enclosing scope.** Python evaluates
  parameter annotations and defaults when the ``def`` runs, outside the function, but
  astroid looks a name up there in the function's own scope unless the name *is* a
  default: in ``def Query(*, deprecated: Annotated[bool, deprecated("old")] = False)``
  (FastAPI's ``params.py``) the call ``deprecated("old")`` read as a call of the
  parameter, and ``def f(x=make(y))`` found a parameter or local named ``make``.
- **A subscripted class is still that class as a base.** ``class C(Base[str])`` derives
  from ``Base`` (``Base[str].__mro_entries__`` says so), but astroid subscripts a class
  through ``__class_getitem__``, which comes from ``typing.Generic`` and ``typing`` is
  never read: the base was lost from the MRO, and with it every method ``C`` inherits.
- **A type comment is read on its statement's line.** astroid parses the comment of
  ``DEFAULT = None  # type: Item`` on its own, so its nodes say line 1, and a name in it
  was looked up from the module's first line, before the class it names existed.
- **A function's type comments are read on its ``def``'s line**, and in the enclosing
  scope as its annotations are: ``# type: (Item, int) -> Result`` (astroid's
  ``type_comment_args`` and ``type_comment_returns``) and a parameter's own
  ``# type: Item`` said line 1, for the same reason.
- **A module that imports a name from itself gets the name's value.** ``from .a2 import
  add`` at the bottom of ``pkg/a2.py`` binds ``add`` to what ``a2.add`` already is (the
  function defined above), but astroid skips the module's own names when it imports
  from itself (meant for a package's ``from . import sub``, a submodule), found nothing,
  and every call of ``add`` read as unknown. Python reads the attribute the module has
  when the import runs: a binding above it; with none, a package's submodule
  (SQLAlchemy's ``from . import array as arraylib`` above ``from .array import array``).
- **A NamedTuple's class is its statement.** astroid infers ``class Tag(NamedTuple):
  name: str`` as the ``collections.namedtuple`` class it builds from the field names, in
  a module of its own: the fields' annotations were lost (``tag.name.strip()`` read as
  unknown) and its ``_replace`` was named ``.Tag._replace``. The made-up class now
  points back at the statement (``declared_class``), whose fields type what is read
  and whose base names what it inherits (``typing.NamedTuple._replace``).
- **A module read from source is what its source says.** astroid's brains extend some
  libraries' modules with what the installed library has at run time; applied to the
  library's own source they can contradict it: the SQLAlchemy brain makes
  ``sqlalchemy.orm.session.Session`` an import of itself (so uninferable, and every
  ``Session`` in SQLAlchemy with it). Module extenders are skipped for the modules a
  session builds from the repository's or its dependencies' source.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from astroid import bases, nodes
from astroid.brain import brain_namedtuple_enum
from astroid.context import InferenceContext
from astroid.exceptions import TooManyLevelsError, UseInferenceDefault
from astroid.inference_tip import inference_tip
from astroid.manager import AstroidManager

__all__ = ["declared_class", "install", "mark_read_from_source", "uninstall"]


def _in_header(function: nodes.FunctionDef | nodes.Lambda, node: nodes.NodeNG) -> bool:
    """Whether ``node`` lies in an annotation or default of ``function``'s parameters, or in
    its return annotation (the parameters themselves are the Arguments' AssignName nodes)."""
    below, child = node, node
    while child.parent is not function:
        if child.parent is None:
            return False
        below, child = child, child.parent
    if child is function.args:
        return below is not child and not isinstance(below, nodes.AssignName)
    return isinstance(function, nodes.FunctionDef) and (
        child is function.returns
        or child is function.type_comment_returns
        or any(child is t for t in function.type_comment_args or ())
    )


def _header_scope_lookup(original):  # type: ignore[no-untyped-def]
    def scope_lookup(self, node, name, offset=0):  # type: ignore[no-untyped-def]
        if self.parent is not None and name != "__class__" and _in_header(self, node):
            return self.parent.frame()._scope_lookup(node, name, -1)  # -1: not ``def f(f=f)``'s f
        return original(self, node, name, offset)

    scope_lookup.original = original  # type: ignore[attr-defined]
    return scope_lookup


def _is_subscripted_base(node: nodes.Subscript) -> bool:
    return isinstance(node.parent, nodes.ClassDef) and node in node.parent.bases


def _infer_subscripted_base(
    node: nodes.Subscript, context: InferenceContext | None = None
) -> Iterator[object]:
    # A fresh context: the caller's carries the attribute being looked up on an instance
    # of the class (``self.__class__``), which inferring the base's name must not see.
    classes = [v for v in node.value.infer(InferenceContext()) if isinstance(v, nodes.ClassDef)]
    if not classes:
        raise UseInferenceDefault
    return iter(classes)


_READ_FROM_SOURCE = "graph_rag_read_from_source"


def mark_read_from_source(module: nodes.Module) -> None:
    """Called by the session's builder before a module's transforms run."""
    setattr(module, _READ_FROM_SOURCE, True)


def _unless_read_from_source(predicate):  # type: ignore[no-untyped-def]
    def applies(module: nodes.Module) -> bool:
        return not getattr(module, _READ_FROM_SOURCE, False) and (predicate is None or predicate(module))

    applies.original = predicate  # type: ignore[attr-defined]
    return applies


def _module_extenders(manager: AstroidManager) -> list[tuple[object, object]]:
    return [
        (transform, predicate)
        for transform, predicate in manager._transform.transforms[nodes.Module]
        if getattr(transform, "__qualname__", "").startswith("register_module_extender.")
    ]


def _has_type_comment(node: nodes.Assign) -> bool:
    return node.type_annotation is not None


def _onto_line(comments: Iterable[nodes.NodeNG | None], lineno: int | None, end_lineno: int | None) -> None:
    """Put type comments' nodes (with the Expr astroid wraps one in) on the lines of what
    they annotate; run before any lookup, which caches their lines."""
    for comment in comments:
        if comment is None:
            continue
        top = comment.parent if isinstance(comment.parent, nodes.Expr) else comment
        for part in top.nodes_of_class(nodes.NodeNG):
            part.lineno, part.end_lineno = lineno, end_lineno


def _type_comment_on_its_line(node: nodes.Assign) -> None:
    _onto_line([node.type_annotation], node.lineno, node.end_lineno)


def _imports_its_own_module(node: nodes.ImportFrom) -> bool:
    module = node.root()
    try:
        return module.relative_to_absolute_name(node.modname, node.level) == module.name
    except TooManyLevelsError:
        return False


def _infer_from_own_module(
    node: nodes.ImportFrom, context: InferenceContext | None = None
) -> Iterator[object]:
    """What the module's bindings of the name above the import give (not another import
    of the module from itself): Python reads the attribute the module has by then."""
    name = context.lookupname if context is not None else None
    module = node.root()
    if name is None or name == "*":
        raise UseInferenceDefault
    before = [
        n
        for n in module.locals.get(name, ())
        if n.lineno is not None
        and n.lineno < node.lineno
        and not isinstance(n, nodes.DelName)
        and not (isinstance(n, nodes.ImportFrom) and _imports_its_own_module(n))
    ]
    if not before:
        raise UseInferenceDefault  # astroid's answer: a package's submodule, or nothing
    # astroid's own step from statements to values (Module.igetattr's), a private name
    return bases._infer_stmts(before, context, frame=module)


def _parameter_comments(args: nodes.Arguments) -> list[nodes.NodeNG | None]:
    """Each parameter's own type comment (``item,  # type: Item``), None where it has none."""
    if args.args is None:  # a living object's function
        return []
    return args.type_comment_posonlyargs + args.type_comment_args + args.type_comment_kwonlyargs


def _has_signature_comment(node: nodes.FunctionDef) -> bool:
    return bool(node.type_comment_args or node.type_comment_returns or any(_parameter_comments(node.args)))


def _signature_comment_on_its_line(node: nodes.FunctionDef) -> None:
    """A function's type comments (``# type: (Item) -> Result`` and a parameter's
    ``# type: Item``) on the ``def``'s line."""
    comments = (*(node.type_comment_args or ()), node.type_comment_returns, *_parameter_comments(node.args))
    _onto_line(comments, node.lineno, node.lineno)


_DECLARED_BY = "graph_rag_declared_by"


def _is_named_tuple_class(node: nodes.ClassDef) -> bool:
    return bool(set(node.basenames) & brain_namedtuple_enum.TYPING_NAMEDTUPLE_BASENAMES)


def _infer_named_tuple_class(
    node: nodes.ClassDef, context: InferenceContext | None = None
) -> Iterator[object]:
    for made in brain_namedtuple_enum.infer_typing_namedtuple_class(node, context):
        setattr(made, _DECLARED_BY, node)
        yield made


def declared_class(klass: nodes.ClassDef) -> nodes.ClassDef:
    """The ``class`` statement astroid made ``klass`` up from (a ``typing.NamedTuple``
    subclass is inferred as the ``collections.namedtuple`` class built from its fields);
    else ``klass`` itself."""
    declared = getattr(klass, _DECLARED_BY, None)
    return declared if isinstance(declared, nodes.ClassDef) else klass


_TRANSFORMS = (
    (nodes.ClassDef, inference_tip(_infer_named_tuple_class), _is_named_tuple_class),
    (nodes.Subscript, inference_tip(_infer_subscripted_base), _is_subscripted_base),
    (nodes.ImportFrom, inference_tip(_infer_from_own_module), _imports_its_own_module),
    (nodes.Assign, _type_comment_on_its_line, _has_type_comment),
    (nodes.FunctionDef, _signature_comment_on_its_line, _has_signature_comment),
)
_PATCHED = (nodes.FunctionDef, nodes.Lambda)


def install(manager: AstroidManager) -> None:
    """Correct astroid for modules built from now on (once; installing again is a no-op)."""
    if hasattr(nodes.FunctionDef.scope_lookup, "original"):
        return
    for node_class, transform, predicate in _TRANSFORMS:
        manager.register_transform(node_class, transform, predicate)
    for klass in _PATCHED:
        klass.scope_lookup = _header_scope_lookup(klass.scope_lookup)  # type: ignore[method-assign]
    for transform, predicate in _module_extenders(manager):
        manager.unregister_transform(nodes.Module, transform, predicate)
        manager.register_transform(nodes.Module, transform, _unless_read_from_source(predicate))


def uninstall(manager: AstroidManager) -> None:
    if not hasattr(nodes.FunctionDef.scope_lookup, "original"):
        return
    for node_class, transform, predicate in _TRANSFORMS:
        manager.unregister_transform(node_class, transform, predicate)
    for klass in _PATCHED:
        klass.scope_lookup = klass.scope_lookup.original  # type: ignore[attr-defined,method-assign]
    for transform, predicate in _module_extenders(manager):
        manager.unregister_transform(nodes.Module, transform, predicate)
        manager.register_transform(nodes.Module, transform, predicate.original)
