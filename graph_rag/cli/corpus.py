"""graph-rag corpus sync | corpus from-awesome | quality | explain | export pairs."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from graph_rag.cli.common import (
    FAILURE,
    STDOUT,
    JsonOpt,
    WorkersOpt,
    app,
    emit_json,
    err,
    export_app,
    guarded,
    notice,
    out,
    output_file,
)
from graph_rag.config import Settings
from graph_rag.errors import NotFound
from graph_rag.model import Origin
from graph_rag.resources import CURATED_MANIFEST
from graph_rag.services.connection import open_store

corpus_app = typer.Typer(help="Keep a curated corpus of repositories in the graph.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")
LOCAL_MANIFEST = Path("corpus.toml")


@corpus_app.command("sync")
@guarded
def corpus_sync(
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            "-m",
            help="The corpus manifest (TOML) \\[default: ./corpus.toml, else the curated one shipped].",
        ),
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove repositories this manifest no longer lists.")
    ] = False,
    workers: WorkersOpt = None,
    embed: Annotated[bool, typer.Option("--embed/--no-embed", help="Compute embeddings.")] = True,
    as_json: JsonOpt = False,
) -> None:
    """Clone or update each repository of the manifest and ingest what changed."""
    from graph_rag.cli.ingest import RichProgress, embed_stage_for, ensure_schema
    from graph_rag.services.corpus import FAILED, INGESTED, UNCHANGED, sync_corpus
    from graph_rag.sources.manifest import load_manifest

    if manifest is None:
        manifest = LOCAL_MANIFEST if LOCAL_MANIFEST.exists() else CURATED_MANIFEST
        notice(f"Manifest: {manifest}")
    loaded = load_manifest(manifest)
    settings = Settings.from_env()
    with open_store(settings, announce=notice) as store, embed_stage_for(settings, embed) as embed_stage:
        ensure_schema(store, settings)
        with RichProgress(enabled=not as_json) as progress:
            report = sync_corpus(
                loaded,
                store=store,
                cache_dir=settings.repos_dir,
                prune=prune,
                embed=embed_stage,
                progress=progress,
                workers=workers,
                chunk_rows=settings.write_chunk_rows,
            )
    if as_json:
        emit_json(
            {
                "manifest": report.manifest,
                "results": [
                    {
                        "name": r.name,
                        "status": r.status,
                        "commit": r.commit,
                        "error": r.error,
                        "seconds": round(r.seconds, 3),
                        "files_parsed": r.report.files_parsed if r.report else 0,
                        "files_deleted": r.report.files_deleted if r.report else 0,
                        "parse_errors": [str(e) for e in r.report.parse_errors] if r.report else [],
                        "embedded": r.report.embedded if r.report else r.embedded,
                    }
                    for r in report.results
                ],
                "warnings": report.warnings,
                "dropped": report.dropped,
                "removed": report.removed,
                "seconds": round(report.seconds, 3),
            }
        )
    else:
        for warning in report.warnings:
            err.print(f"[yellow]{escape(manifest.name)}: {escape(warning)}[/yellow]")
        table = Table(
            "repository", "status", "commit", "parsed", "unparsable", "deleted", "embedded", "seconds"
        )
        for r in report.results:
            colour = {INGESTED: "green", UNCHANGED: "dim", FAILED: "red"}[r.status]
            table.add_row(
                escape(r.name),
                f"[{colour}]{r.status}[/{colour}]",
                r.commit[:12],
                str(r.report.files_parsed) if r.report else "",
                str(len(r.report.parse_errors)) if r.report and r.report.parse_errors else "",
                str(r.report.files_deleted) if r.report else "",
                str(r.report.embedded if r.report else r.embedded or ""),
                f"{r.seconds:.1f}",
            )
        out.print(table)
        for r in report.results:
            if r.error:
                err.print(f"[red]{escape(r.error)}[/red]")
            for warning in r.report.warnings if r.report else ():
                err.print(f"[yellow]{escape(r.name)}: {escape(warning)}[/yellow]")
            for error in r.report.parse_errors if r.report else ():
                err.print(f"  [yellow]{escape(r.name)}: parse error[/yellow] {escape(str(error))}")
        if report.removed:
            out.print("Removed (no longer in the manifest): " + escape(", ".join(report.removed)))
        elif report.dropped:
            out.print(
                "No longer in the manifest: "
                + escape(", ".join(report.dropped))
                + " (run with --prune to remove)"
            )
        out.print(
            f"{report.count(INGESTED)} ingested, {report.count(UNCHANGED)} unchanged, "
            f"{report.count(FAILED)} failed in {report.seconds:.1f} s"
        )
    if report.all_failed:
        raise typer.Exit(FAILURE)


@corpus_app.command("from-awesome")
@guarded
def corpus_from_awesome(
    readme: Annotated[
        Path, typer.Argument(help="An awesome-list markdown file.", exists=True, dir_okay=False)
    ],
    section: Annotated[
        list[str] | None, typer.Option("--section", "-s", help="Only this section (repeatable).")
    ] = None,
    origin: Annotated[Origin, typer.Option(help="Origin written on the entries.")] = Origin.CURATED,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here ('-': stdout) \\[default: stdout].")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Write candidate manifest entries from an awesome list, for a person to review (nothing is cloned)."""
    from graph_rag.sources.awesome import candidates_toml, read_awesome_list, slug

    found = read_awesome_list(readme.read_text("utf-8"), sections=section or ())
    known = {slug(s) for s in found.sections}
    missing = [name for name in section or () if slug(name) not in known]
    if missing:  # before anything is written: a typo must not leave an empty candidates file
        names, sections = ", ".join(map(repr, missing)), ", ".join(found.sections)
        raise NotFound(f"No section {names} in {readme}; its sections: {sections}.")
    if as_json:
        emit_json({"candidates": found.candidates, "skipped": found.skipped})
        return
    text = candidates_toml(found, origin=origin.value, source=readme.name)
    with output_file(output) as sink:
        sink.write(text)
    notice(
        f"{_count(len(found.candidates), 'candidate')}, {_count(len(found.skipped), 'link')} skipped"
        + (f"; wrote {output}" if output is not None and str(output) != STDOUT else "")
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@app.command("quality")
@guarded
def quality_command(
    repositories: Annotated[
        list[str] | None, typer.Argument(help="Repository names \\[default: all].")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Recompute quality scores (ingest does this itself; use after upgrading graph-rag)."""
    from graph_rag.services.quality import update_quality

    with open_store(Settings.from_env(), announce=notice) as store:
        store.require_repositories(repositories or ())  # before rescoring any of them
        ids = repositories or [row["id"] for row in store.read("list_repositories")]
        rows = []
        for rid in ids:
            report, score = update_quality(store, rid)
            if score is None:  # removed while this ran
                raise NotFound(f"No repository named {rid!r}; `graph-rag status` lists them.")
            rows.append({"repository": rid, "quality": score, **dataclasses.asdict(report)})
    if as_json:
        emit_json({"repositories": rows})
        return
    for row in rows:
        out.print(
            f"{escape(row['repository'])}: quality {row['quality']:.3f}; "
            f"{row['functions_updated']} of {row['functions']} functions and "
            f"{row['modules_updated']} of {row['modules']} modules updated"
        )


@app.command("explain")
@guarded
def explain_command(
    node_id: Annotated[str, typer.Argument(metavar="ID", help="A function, module or repository id.")],
    as_json: JsonOpt = False,
) -> None:
    """Show how a node's quality score is made up, signal by signal."""
    from graph_rag.services.quality import (
        function_score,
        module_score,
        repository_inputs_score,
    )

    with open_store(Settings.from_env(), announce=notice) as store:
        if rows := store.read("explain_function", id=node_id):
            row, kind = rows[0], "function"
            score = function_score(
                docstring=row["docstring"],
                has_type_hints=row["has_type_hints"],
                test_callers=row["test_callers"],
                loc=row["loc"],
                complexity=row["complexity"],
                pagerank=row["pagerank"],
            )
        elif rows := store.read("explain_module", id=node_id):
            row, kind = rows[0], "module"
            score = module_score(
                docstring=row["docstring"], loc=row["loc"], function_quality=row["function_quality"]
            )
        elif rows := store.read("quality_repository_inputs", id=node_id):
            row, kind = rows[0], "repository"
            score = repository_inputs_score(row)
        else:
            raise NotFound(
                f"No function, module or repository with id {node_id!r} "
                "(ids look like 'repo:package.module.function')."
            )
    signals = [
        {
            "signal": s.name,
            "input": s.value,
            "score": round(s.score, 4),
            "weight": s.weight,
            "contribution": round(score.contribution(s), 4),
        }
        for s in score.signals
    ]
    if as_json:
        emit_json(
            {"id": node_id, "kind": kind, "quality": row["quality"], "total": score.total, "signals": signals}
        )
        return
    where = f" ({row['path']}:{row['lineno']})" if kind == "function" else ""
    out.print(f"[bold]{escape(node_id)}[/bold] {kind}{escape(where)}")
    table = Table("signal", "input", "score", "weight", "contribution")
    for s in signals:
        shown = "n/a (left out)" if s["input"] is None else str(s["input"])
        table.add_row(
            s["signal"], escape(shown), f"{s['score']:.3f}", f"{s['weight']:.2f}", f"{s['contribution']:.3f}"
        )
    out.print(table)
    left_out = [s.name for s in score.signals if not s.applies]
    if left_out and len(left_out) < len(score.signals):  # else score x weight reads as a mistake
        out.print(
            f"{', '.join(left_out)} left out: the other weights are scaled up to sum to 1 "
            "(contribution = score x weight / their sum)."
        )
    stored = row["quality"]
    out.print(
        f"quality {score.total:.4f}"
        + (
            ""
            if stored == score.total
            else f" (stored: {stored if stored is not None else 'not computed yet'})"
        )
    )


@export_app.command("pairs")
@guarded
def export_pairs_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON Lines file to write ('-': stdout).")],
    repo: Annotated[
        list[str] | None, typer.Option("--repo", help="Only this repository (repeatable).")
    ] = None,
    origin: Annotated[Origin | None, typer.Option(help="Only curated or inhouse repositories.")] = None,
    min_quality: Annotated[
        float | None,
        typer.Option("--min-quality", min=0.0, max=1.0, help="Only functions scoring at least this."),
    ] = None,
    dedupe: Annotated[bool, typer.Option("--dedupe", help="One pair per content hash.")] = False,
    drop_trivial: Annotated[
        bool, typer.Option("--drop-trivial", help="Drop pass / ... / plain-return bodies.")
    ] = False,
    variant: Annotated[str, typer.Option(help="full | first-sentence | signature-only.")] = "full",
    include_tests: Annotated[
        bool, typer.Option("--include-tests", help="Keep test code (test modules, fixtures, test methods).")
    ] = False,
) -> None:
    """Write (docstring, code) pairs of documented functions as JSON Lines (schema/pairs.schema.json)."""
    from graph_rag.services.pairs import Variant, export_pairs

    try:
        chosen = Variant(variant)
    except ValueError:
        raise typer.BadParameter(
            f"{variant!r} is not one of {', '.join(v.value for v in Variant)}", param_hint="--variant"
        ) from None
    # The output is opened first: a missing folder or a folder named is told before the
    # local server is started and the pairs are read.
    with output_file(output) as fh, open_store(Settings.from_env(), announce=notice) as store:
        report = export_pairs(
            store,
            fh,
            repos=repo or (),
            origin=origin,
            min_quality=min_quality,
            variant=chosen,
            drop_trivial=drop_trivial,
            dedupe=dedupe,
            include_tests=include_tests,
        )
    notice(
        f"Wrote {report.written} pairs of {report.candidates} documented functions"
        f" ({report.trivial} trivial, {report.duplicates} duplicates"
        f"{f', {report.blank} blank' if report.blank else ''} dropped)"
        + ("" if str(output) == STDOUT else f" to {output}")
    )
