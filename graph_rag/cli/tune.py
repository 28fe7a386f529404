"""graph-rag tune-embedder: fine-tune the embedding model on documented code."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from graph_rag.cli.common import FAILURE, JsonOpt, app, emit_json, err, guarded, out

PathsArg = Annotated[
    list[Path], typer.Argument(exists=True, file_okay=False, help="Source trees to learn from.")
]


class Batching(StrEnum):
    project = "project"
    mixed = "mixed"


@app.command("tune-embedder")
@guarded
def tune_embedder_command(
    sources: PathsArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to save the tuned model in.")],
    model: Annotated[
        str | None,
        typer.Option("--model", help="Model to start from (default: GRAPH_RAG_EMBED_MODEL or the default)."),
    ] = None,
    hold_out: Annotated[
        list[Path] | None,
        typer.Option(
            "--hold-out",
            exists=True,
            file_okay=False,
            help="Code you will evaluate on: no pair it shares is learned.",
        ),
    ] = None,
    epochs: Annotated[int, typer.Option(min=1)] = 1,
    batch_size: Annotated[
        int,
        typer.Option(
            min=4,
            help="Pairs per step; the rest of a batch are the negatives. "
            "Batches over --chunk-size are trained in chunks (memory of one chunk).",
        ),
    ] = 64,
    chunk_size: Annotated[int, typer.Option(min=1, help="Texts embedded at once.")] = 64,
    learning_rate: Annotated[float, typer.Option(min=0.0)] = 3e-5,
    max_pairs: Annotated[int | None, typer.Option(min=1, help="Train on at most this many pairs.")] = None,
    batches: Annotated[
        Batching,
        typer.Option(help="project: each batch from one source tree (harder negatives); mixed: any."),
    ] = Batching.project,
    as_json: JsonOpt = False,
) -> None:
    """Teach the embedding model which code answers which docstring sentence.

    Pairs are (first docstring sentence, function text without the docstring)
    from SOURCES. Afterwards set GRAPH_RAG_EMBED_MODEL to OUTPUT and re-embed
    (`graph-rag embed`) so stored vectors and queries come from the same model.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from graph_rag.embed.rebuild import trainable
    from graph_rag.embed.sentence_transformer import resolve_model
    from graph_rag.embed.tune import TuneConfig, check_output_folder, tune
    from graph_rag.services.training_pairs import collect_pairs, training_order

    check_output_folder(output)  # before minutes of collecting and training, not after
    source = resolve_model(model)
    if source.prebuilt is not None:
        with err.status(f"Rebuilding fp32 weights of {source.name} from its int8 export (once)..."):
            source = trainable(source)
    with err.status("Collecting (docstring sentence, code) pairs..."):
        found = collect_pairs(sources, held_out=hold_out or ())
    pairs = training_order(found.pairs, max_pairs)
    err.print(
        f"{len(pairs)} pairs from {found.files} files ({found.files_skipped} skipped, "
        f"{found.held_out_dropped} shared with held-out code dropped, "
        f"{found.repeated_dropped} repeated queries)"
    )
    if len(pairs) < 2 * batch_size:
        err.print(
            f"[red]{len(pairs)} pairs are too few to train with batches of {batch_size}: "
            "add source trees or lower --batch-size.[/red]"
        )
        raise typer.Exit(FAILURE)
    config = TuneConfig(
        epochs=epochs, batch_size=batch_size, learning_rate=learning_rate, chunk_size=chunk_size
    )
    columns = (
        TextColumn("tuning"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} loss {task.fields[loss]}"),
    )
    with Progress(*columns, TimeRemainingColumn(), console=err, disable=as_json) as bar:
        task = bar.add_task("tune", total=None, loss="-")

        def advance(step: int, steps: int, loss: float) -> None:
            bar.update(task, completed=step, total=steps, loss=f"{loss:.3f}")

        report = tune(
            source,
            [p.query for p in pairs],
            [p.code for p in pairs],
            output,
            config,
            advance,
            groups=[p.project for p in pairs] if batches is Batching.project else None,
        )
    if as_json:
        emit_json({"output": str(output.resolve()), **{k: getattr(report, k) for k in report.__slots__}})
        return
    saved = escape(str(output.resolve()))
    out.print(
        f"Saved to {saved}: {report.pairs} pairs, {report.steps} steps in {report.seconds:.0f} s, "
        f"loss {report.first_loss:.3f} -> {report.last_loss:.3f}.\n"
        f"Use it: export GRAPH_RAG_EMBED_MODEL={saved} && graph-rag embed"
    )
