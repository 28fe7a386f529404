"""(docstring, code) pairs from the graph, one JSON object per documented function.

Deterministic: functions are written in the order of their ids (``<repo>:<qualified
name>``, sorted as strings), each object with sorted keys, so two exports of
the same graph are byte-identical. The shape is ``schema/pairs.schema.json``.

Variants (``variant``):
- ``full``: description = the cleaned docstring (``inspect.cleandoc``); code = the
  function's source, dedented, with the docstring statement removed (a pair
  whose code contains its description teaches nothing).
- ``first-sentence``: description = the docstring's first sentence (up to the
  first ". " before a capital letter, digit, quote or bracket, or the end of the
  first paragraph), on one line; code as in ``full``.
- ``signature-only``: description as in ``full``; code = the decorators and the
  ``def`` line alone, with ``...`` as the body.

Filters: ``drop_trivial`` drops functions whose body (without the docstring) is
empty, ``pass``, ``...``, ``raise NotImplementedError``, a bare ``return`` or a
return of a name, attribute or constant; ``dedupe`` keeps only the first
function (in id order) of each content hash. Test functions are left out
unless ``include_tests``.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TextIO

from graph_rag.model import Origin
from graph_rag.source_text import dedent_function, source_lines
from graph_rag.store import GraphStore

BATCH = 500


class Variant(StrEnum):
    FULL = "full"
    FIRST_SENTENCE = "first-sentence"
    SIGNATURE_ONLY = "signature-only"


@dataclass
class PairsReport:
    candidates: int = 0
    written: int = 0
    trivial: int = 0
    duplicates: int = 0
    blank: int = 0  # docstrings of Unicode whitespace only (Cypher's trim() keeps a no-break space)
    repositories: dict[str, int] = field(default_factory=dict)


def export_pairs(
    store: GraphStore,
    out: TextIO,
    *,
    repos: Sequence[str] = (),
    origin: Origin | None = None,
    min_quality: float | None = None,
    variant: Variant = Variant.FULL,
    drop_trivial: bool = False,
    dedupe: bool = False,
    include_tests: bool = False,
) -> PairsReport:
    """Write one JSON line per documented function to ``out``; report what was kept."""
    store.require_repositories(repos)
    ids = sorted(
        row["id"]
        for row in store.read(
            "pair_candidates",
            repos=list(repos),
            origin=origin.value if origin else None,
            min_quality=min_quality,
            include_tests=include_tests,
        )
    )
    report = PairsReport(candidates=len(ids))
    seen: set[str] = set()
    for start in range(0, len(ids), BATCH):
        rows = {row["id"]: row for row in store.read("pair_functions", ids=ids[start : start + BATCH])}
        ordered = [rows[i] for i in ids[start : start + BATCH] if i in rows]
        bases = _bases(store, sorted({r["class_id"] for r in ordered if r["class_id"]}))
        imports = _imports(store, sorted({r["module_id"] for r in ordered}))
        for row in ordered:
            if not inspect.cleandoc(row["docstring"] or "").strip():
                report.blank += 1
                continue
            if dedupe:
                if row["content_hash"] in seen:
                    report.duplicates += 1
                    continue
                seen.add(row["content_hash"])
            code = strip_docstring(row["source"] or "")
            if drop_trivial and is_trivial(row["source"] or ""):
                report.trivial += 1
                continue
            pair = build_pair(row, variant, code, bases, imports)
            out.write(json.dumps(pair, sort_keys=True, ensure_ascii=False) + "\n")
            report.written += 1
            report.repositories[row["repo_id"]] = report.repositories.get(row["repo_id"], 0) + 1
    return report


def build_pair(
    row: dict[str, Any],
    variant: Variant,
    code: str,
    bases: dict[str, list[str]],
    imports: dict[str, list[str]],
) -> dict[str, object]:
    docstring = inspect.cleandoc(row["docstring"] or "")
    description = first_sentence(docstring) if variant is Variant.FIRST_SENTENCE else docstring
    if variant is Variant.SIGNATURE_ONLY:
        code = signature_code(row["source"] or "", row["signature"] or "", bool(row["is_async"]))
    class_context = None
    if row["class_id"]:
        class_context = {
            "qualified_name": row["class_qualname"],
            "name": row["class_name"],
            "docstring": first_sentence(inspect.cleandoc(row["class_docstring"] or "")),
            "bases": bases.get(row["class_id"], []),
        }
    return {
        "id": row["id"],
        "variant": variant.value,
        "description": description,
        "code": code,
        "qualified_name": row["qualname"],
        "name": row["name"],
        "kind": row["kind"],
        "signature": row["signature"] or "",
        "class_context": class_context,
        "imports": imports.get(row["module_id"], []),
        "repository": {
            "name": row["repo_id"],
            "url": row["repo_url"] or "",
            "commit": row["repo_commit"] or "",
            "origin": row["repo_origin"] or Origin.INHOUSE.value,
            "role": row["repo_role"] or "",
            "license": row["repo_license"] or "",
        },
        "path": row["path"],
        "lines": {"start": row["lineno"], "end": row["end_lineno"]},
        "quality": row["quality"],
        "content_hash": row["content_hash"],
    }


def _bases(store: GraphStore, class_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if class_ids:
        for row in store.read("pair_class_bases", ids=class_ids):
            found.setdefault(row["id"], []).append(row["base"])
    return found


def _imports(store: GraphStore, module_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, set[str]] = {}
    if module_ids:
        for row in store.read("pair_module_imports", ids=module_ids):
            names = row["names"] or []
            dotted = {f"{row['target']}.{n}" for n in names if n != "*"} if names else {row["target"]}
            found.setdefault(row["id"], set()).update(dotted)
    return {mid: sorted(names) for mid, names in found.items()}


# -- text work (pure) --------------------------------------------------------------------

# A sentence ends at ". " (or "!", "?") before a capital, digit, quote or bracket: "e.g. x" does not.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'`(\[])")


def first_sentence(docstring: str) -> str:
    """The first sentence of the first paragraph, on one line."""
    paragraph = " ".join(docstring.strip().split("\n\n", 1)[0].split())
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0] if paragraph else ""


def _function_node(source: str) -> tuple[list[str], ast.FunctionDef | ast.AsyncFunctionDef] | None:
    text = dedent_function(source)
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    return source_lines(text), tree.body[0]


def _docstring_node(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Expr | None:
    first = fn.body[0]
    is_doc = (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )
    return first if is_doc else None  # type: ignore[return-value]


def strip_docstring(source: str) -> str:
    """The dedented source without its docstring statement (unchanged when that is impossible)."""
    found = _function_node(source)
    if found is None:
        return textwrap.dedent(source).rstrip("\n")
    lines, fn = found
    doc = _docstring_node(fn)
    if doc is not None and doc.lineno == doc.end_lineno == fn.body[-1].end_lineno and len(fn.body) == 1:
        # ``def f(x): """Doc."""`` on one line (or the docstring alone on its own line)
        line = lines[doc.lineno - 1]
        assert doc.end_col_offset is not None
        lines[doc.lineno - 1] = line[: doc.col_offset] + "..." + line[doc.end_col_offset :]
        return "\n".join(lines)
    if doc is None or doc.lineno <= fn.lineno or any(line.strip() for line in _same_line_rest(lines, doc)):
        return "\n".join(lines)
    keep = lines[: doc.lineno - 1] + lines[doc.end_lineno :]
    if len(fn.body) == 1:  # the docstring was the whole body
        keep.insert(doc.lineno - 1, " " * doc.col_offset + "...")
    return "\n".join(keep)


def _same_line_rest(lines: list[str], doc: ast.Expr) -> list[str]:
    """Code sharing a line with the docstring (``"doc"; x = 1``): then it is left in."""
    assert doc.end_lineno is not None and doc.end_col_offset is not None
    return [lines[doc.end_lineno - 1][doc.end_col_offset :].split("#")[0].strip(" ;")]


def signature_code(source: str, signature: str, is_async: bool) -> str:
    """Decorators and the ``def`` line, with ``...`` as the body."""
    found = _function_node(source)
    decorators: list[str] = []
    if found is not None:
        _, fn = found
        decorators = [f"@{ast.unparse(d)}" for d in fn.decorator_list]
    return "\n".join([*decorators, f"{'async ' if is_async else ''}def {signature}:", "    ..."])


def is_trivial(source: str) -> bool:
    """Nothing but a docstring, pass, ..., raise NotImplementedError or a plain return."""
    found = _function_node(source)
    if found is None:
        return False
    _, fn = found
    body = fn.body[1:] if _docstring_node(fn) is not None else fn.body
    if not body:
        return True
    if len(body) != 1:
        return False
    stmt = body[0]
    if isinstance(stmt, ast.Pass):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis:
        return True
    if isinstance(stmt, ast.Raise) and stmt.exc is not None:
        exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    if isinstance(stmt, ast.Return):
        return stmt.value is None or isinstance(stmt.value, ast.Name | ast.Attribute | ast.Constant)
    return False
