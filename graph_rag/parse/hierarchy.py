"""INHERITS and OVERRIDES edges of a module's classes."""

from __future__ import annotations

from astroid import nodes

from graph_rag.model import Inherits, Overrides
from graph_rag.parse.calls import CallResolver
from graph_rag.parse.class_members import class_mro
from graph_rag.parse.frameworks import real_class
from graph_rag.parse.module_nodes import nodes_of
from graph_rag.parse.naming import qualname


def inherits(tree: nodes.Module, resolver: CallResolver) -> list[Inherits]:
    """One edge per base class, to its qualname (in the repo) or import-qualified name."""
    edges: list[Inherits] = []
    for klass in nodes_of(tree, nodes.ClassDef):
        child = qualname(klass)
        for position, base in enumerate(klass.bases):
            classes = [real_class(v) for v in resolver.infer(base) if isinstance(v, nodes.ClassDef)]
            if classes and resolver.in_repo(classes[0]):
                target: str | None = qualname(classes[0])
            else:
                target = resolver.receivers.base_name(base) or (classes[0].qname() if classes else None)
            if target is not None:
                edges.append(Inherits(child, target, position))
    return edges


def overrides(tree: nodes.Module, resolver: CallResolver) -> list[Overrides]:
    """A method overrides the nearest same-named method up the MRO, when the repo has it."""
    edges: list[Overrides] = []
    for klass in nodes_of(tree, nodes.ClassDef):
        try:
            ancestors = class_mro(klass)[1:]
        except Exception:  # unresolvable or inconsistent MRO: fall back to a plain walk
            try:
                ancestors = list(klass.ancestors(recurs=True))
            except Exception:  # astroid brains can fail here too (e.g. odd namedtuples)
                continue
        for method in klass.mymethods():
            for ancestor in ancestors:
                found = ancestor.locals.get(method.name)
                if not found:
                    continue
                if isinstance(found[-1], nodes.FunctionDef) and resolver.in_repo(found[-1]):
                    edges.append(Overrides(qualname(method), qualname(found[-1])))
                break
    return edges
