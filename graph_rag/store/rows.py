"""Model objects -> property maps for ``UNWIND $rows`` writes.

Pure functions, no database: the property names here are the graph schema
(see ../shared/DESIGN.md). Every definition row carries ``repo_id`` and
``module_id`` so a file's subgraph can be found without scanning others.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterable, Mapping
from typing import Any

from graph_rag.model import (
    Binding,
    Call,
    Class,
    FlowFacts,
    Function,
    Imports,
    Inherits,
    Module,
    Overrides,
    ParamCall,
    Repository,
    SelfCall,
    Signature,
    SuperCall,
)

Row = dict[str, object]

MAX_SEARCH_DOC_CHARS = 2000
MAX_CODE_WORDS = 300
# Times the definition's own name words appear in search_text. On bench/retrieval_bench.py
# (1,180 queries, the default model): 1 -> fulltext MRR@10 0.402, hybrid 0.489; 2 -> 0.432,
# 0.506; 3 -> 0.443, 0.499; 5 -> 0.448, 0.501; 8 -> 0.449, 0.502 (hybrid: 2-fold CV weights).
NAME_REPEATS = 3
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def identifier_words(name: str) -> list[str]:
    """``HTTPAdapter.send_request`` -> ["http", "adapter", "send", "request"]."""
    words: list[str] = []
    for part in re.split(r"[._\W]+", name):
        words.extend(w.lower() for w in _CAMEL.split(part) if w)
    return words


def code_words(code: str) -> str:
    """The distinct words of a source's identifiers, in order (no keywords, no 1-letter words)."""
    idents = (i for i in _IDENTIFIER.findall(code) if not keyword.iskeyword(i))
    words = dict.fromkeys(w for ident in idents for w in identifier_words(ident) if len(w) > 1)
    return " ".join(list(words)[:MAX_CODE_WORDS])


def search_text(qualname: str, docstring: str, code: str = "") -> str:
    """What the fulltext index sees: the qualified name, its words, the docstring, code words.

    The identifier words of the code (signature and body) raised fulltext MRR@10
    from 0.33 to 0.38 on bench/retrieval_bench.py (docstrings removed there). The
    definition's own name weighs more than any other word: one index field cannot carry
    a per-field boost on both servers, so its words are repeated (``NAME_REPEATS``).
    """
    words = " ".join(dict.fromkeys(identifier_words(qualname)))
    name = " ".join(identifier_words(qualname.rsplit(".", 1)[-1]))
    boost = f" {name}" * (NAME_REPEATS - 1) if name else ""
    text = f"{qualname} {words}{boost}\n{docstring[:MAX_SEARCH_DOC_CHARS]}".strip()
    extra = code_words(code) if code else ""
    return f"{text}\n{extra}" if extra else text


def repository_row(repo: Repository) -> Row:
    return {
        "name": repo.name,
        "url": repo.url,
        "origin": repo.origin.value,
        "role": repo.role,
        "license": repo.license,
    }


def module_row(module: Module, flow: FlowFacts) -> Row:
    return {
        "id": module.id,
        "repo_id": module.repo_id,
        "module_id": module.id,
        "qualname": module.qualname,
        "name": module.name,
        "path": module.path,
        "sha256": module.sha256,
        "loc": module.loc,
        "docstring": module.docstring,
        "is_test": module.is_test,
        "is_package": module.is_package,
        "flow": flow_json(flow),
        "exports": exports_json(module.exports, module.instances),
        "reads": list(module.reads),
    }


INSTANCE = "()"  # after a class's name: an instance of it, whose attributes are the class's


def exports_json(exports: Iterable[tuple[str, str]], instances: Iterable[tuple[str, str]] = ()) -> str:
    """A module's exports as compact JSON: each name with what it may be bound to, in order;
    a name holding an instance of a class, as that class's name followed by ``()``
    (``{"post_save": ["django.db.models.signals.ModelSignal()"]}``)."""
    bound: dict[str, list[str]] = {}
    for name, target in exports:
        bound.setdefault(name, []).append(target)
    for name, klass in instances:
        bound.setdefault(name, []).append(klass + INSTANCE)
    return json.dumps(bound, separators=(",", ":"))


# Raised when the stored facts change shape or the parser starts recording new kinds of
# them (3: callables kept on self; 4 and 5: instances passed in, methods called on
# parameters, super() calls of mixins, arguments passed on at parameter calls), or
# resolves what unchanged files call differently (6: Django's managers, _meta, fields'
# values and connections; attributes assigned from another module no longer recorded;
# 7: modules' exports, stored beside the facts; 8: the instances modules hold; 9:
# partials among the exports; 10: the receiver class of a binding, see model.Binding;
# 11: isinstance() guards on parameter calls and forwarded values, see values.guard_of;
# 12: calls on what a parameter's instances keep, ``param.attr.method()``; 13: the method a
# call through self is in, and the classes that call their ancestors' methods explicitly,
# see model.FlowFacts.extends; 14: property reads through self among those calls; 15: the
# property getters, and class-level assignments among the classes extending a method);
# facts of another version read as absent, so the next change to their repository
# parses and rewrites it whole, once.
FLOW_VERSION = 15


def flow_json(flow: FlowFacts) -> str:
    """A module's flow facts as compact JSON (lists of fields), stored on its node."""
    return json.dumps(
        {
            "v": FLOW_VERSION,
            "param_calls": [
                [
                    [
                        c.caller,
                        c.owner,
                        c.param,
                        c.lineno,
                        c.method,
                        c.counted,
                        *([c.guard] if c.guard else []),
                    ],
                    [list(a) for a in c.arguments],
                    [list(s) for s in c.also],
                ]
                for c in flow.param_calls
            ],
            "bindings": [_binding_fields(b) for b in flow.bindings],
            "self_calls": [
                [c.caller, c.callee, c.lineno, c.receiver, c.method, *([True] if c.read else [])]
                for c in flow.self_calls
            ],
            "overrides": [[o.method, o.overridden] for o in flow.overrides],
            "inherits": [[i.child, i.base, i.position] for i in flow.inherits],
            "methods": list(flow.methods),
            "super_calls": [[c.caller, c.klass, c.method, c.lineno] for c in flow.super_calls],
            "signatures": [[s.function, list(s.positional), s.vararg, s.receiver] for s in flow.signatures],
            "iterators": [list(pair) for pair in flow.iterators],
            "extends": [list(pair) for pair in flow.extends],
            "getters": list(flow.getters),
        },
        separators=(",", ":"),
    )


def _binding_fields(binding: Binding) -> list[str]:
    """A receiver only where there is one: most bindings have none."""
    fields = [binding.function, binding.param, binding.value]
    return [*fields, binding.receiver] if binding.receiver else fields


def flow_from_json(text: str) -> FlowFacts | None:
    """The facts ``flow_json`` wrote; None for facts stored in another version's shape
    (or in a shape this version did not write: the module is parsed again, never guessed)."""
    data = json.loads(text)
    if data.get("v") != FLOW_VERSION:
        return None
    try:
        return _facts(data)
    except (KeyError, TypeError, ValueError):
        return None


def _facts(data: dict) -> FlowFacts:
    return FlowFacts(
        tuple(
            ParamCall(
                *fields[:5],
                tuple((key, value) for key, value in arguments),
                fields[5],
                tuple((owner, param) for owner, param in also),
                *fields[6:7],  # a guard only where there is one
            )
            for fields, arguments, also in data["param_calls"]
        ),
        tuple(Binding(*fields) for fields in data["bindings"]),
        tuple(SelfCall(*fields) for fields in data["self_calls"]),
        tuple(Overrides(*fields) for fields in data["overrides"]),
        tuple(Inherits(*fields) for fields in data["inherits"]),
        tuple(data["methods"]),
        tuple(SuperCall(*fields) for fields in data["super_calls"]),
        tuple(
            Signature(f, tuple(names), vararg, receiver) for f, names, vararg, receiver in data["signatures"]
        ),
        tuple((method, returned) for method, returned in data["iterators"]),
        tuple((klass, name) for klass, name in data["extends"]),
        tuple(data["getters"]),
    )


def class_row(cls: Class, module_id: str) -> Row:
    return {
        "id": cls.id,
        "repo_id": cls.repo_id,
        "module_id": module_id,
        "qualname": cls.qualname,
        "name": cls.name,
        "path": cls.span.path,
        "lineno": cls.span.lineno,
        "end_lineno": cls.span.end_lineno,
        "docstring": cls.docstring,
        "decorators": list(cls.decorators),
    }


def function_row(fn: Function, module_id: str) -> Row:
    return {
        "id": fn.id,
        "repo_id": fn.repo_id,
        "module_id": module_id,
        "qualname": fn.qualname,
        "name": fn.name,
        "kind": fn.kind.value,
        "signature": fn.signature,
        "docstring": fn.docstring,
        "source": fn.source,
        "path": fn.span.path,
        "lineno": fn.span.lineno,
        "end_lineno": fn.span.end_lineno,
        "loc": fn.loc,
        "decorators": list(fn.decorators),
        "is_async": fn.is_async,
        "has_type_hints": fn.has_type_hints,
        "is_test": fn.is_test,
        "content_hash": fn.content_hash,
        "search_text": search_text(fn.qualname, fn.docstring, fn.source),
    }


def call_props(calls: Iterable[Call]) -> Row:
    """One CALLS edge per (caller, callee): every line, and the best confidence seen."""
    calls = list(calls)
    lines = sorted({c.lineno for c in calls})
    inferred = any(c.confidence.value == "inferred" for c in calls)
    return {
        "lineno": lines[0],
        "lines": lines,
        "count": len(calls),
        "confidence": "inferred" if inferred else "name",
    }


def merged_call_props(a: Mapping[str, Any], b: Mapping[str, Any]) -> Row:
    """One CALLS edge from two edges' properties to one target (``Base()`` and ``Sub()``
    running one ``__init__``): every line, the counts added, the best confidence, as
    ``call_props`` gives one edge per target (cypher/ingest.cypher's relinks do the same
    in Cypher)."""
    lines = sorted({*a["lines"], *b["lines"]})
    inferred = "inferred" in (a["confidence"], b["confidence"])
    return {
        "lineno": lines[0],
        "lines": lines,
        "count": a["count"] + b["count"],
        "confidence": "inferred" if inferred else "name",
    }


def written_entry(name: str, props: Mapping[str, object]) -> str:
    """One name a CALLS edge's code wrote, with the lines, count and confidence of its
    calls: ``lib.get|6,9|2|name``. Kept in one string (a property list holds no maps), in
    the same form that cypher/ingest.cypher builds when it merges edges."""
    lines = ",".join(str(line) for line in props["lines"])  # type: ignore[attr-defined]
    return f"{name}|{lines}|{props['count']}|{props['confidence']}"


def parse_written_entry(entry: str) -> tuple[str, Row]:
    """``written_entry``'s name and CALLS properties; a bare name (an INHERITS edge's) has none."""
    if "|" not in entry:
        return entry, {}
    name, lines, count, confidence = entry.rsplit("|", 3)  # from the right: the name is free-form
    numbers = [int(line) for line in lines.split(",")]
    return name, {"lineno": numbers[0], "lines": numbers, "count": int(count), "confidence": confidence}


def import_props(imports: Iterable[Imports]) -> Row:
    imports = list(imports)
    names = sorted({n for i in imports for n in i.names})
    return {"lineno": min(i.lineno for i in imports), "names": names}


def inherits_props(edge: Inherits) -> Row:
    return {"position": edge.position}
