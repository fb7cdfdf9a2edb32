"""Commands that write things out: ``export``, ``report``, ``bench``; and the run summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from newsprism.bench import TASKS, run_task
from newsprism.cli.common import DEFAULT_DB, DbOption, console
from newsprism.export import FORMATS, write_export
from newsprism.report import read_findings, write_report
from newsprism.store import Store


def export_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
    db: DbOption = DEFAULT_DB,
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")
    ] = "jsonl",
) -> None:
    """Export every article with its metadata, cleaned body and entities.

    Example: newsprism export --format parquet -o articles.parquet
    """
    with Store.open(db) as store:
        n = write_export(store.export_rows(), output, format)
    console.print(f"Wrote {n} article(s) to [bold]{output}[/].")


def report_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path(
        "report.html"
    ),
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write the self-contained HTML report (one file, works offline).

    Example: newsprism report -o report.html
    """
    with Store.open(db) as store:
        write_report(
            output,
            list(store.iter_articles()),
            problems=store.problems(),
            findings=read_findings(store),
        )
    console.print(f"Report written to [bold]{output}[/].")


def bench_cmd(
    task: Annotated[str, typer.Argument(help=f"One of: {', '.join(TASKS)}.")],
    input: Annotated[Path, typer.Argument(help="Benchmark input, JSON Lines.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Predictions to write.")],
) -> None:
    """Run a benchmark task on a shared-format input and write predictions for its scorer.

    Reads only the input fields, never the gold ones.

    Example: newsprism bench clean ../shared/bench/clean/text-dev.jsonl -o pred.jsonl
    """
    n = run_task(task, input, output)
    console.print(f"Wrote predictions for {n} record(s) to [bold]{output}[/].")


def render_summary(store: Store) -> None:
    """A short table of what the store now holds."""
    counts = store.counts()
    table = Table(title="newsprism store", show_header=False)
    counts |= store.corpus_counts()
    names = ("articles", "analysed", "sentences", "entities", "removed", "quotes", "speakers")
    for name in (*names, "stories", "reuse links"):
        table.add_row(name, f"{counts.get(name, 0):,}")
    outlets = sorted({row.outlet or "–" for row in store.list_articles()})
    table.add_row("outlets", ", ".join(outlets))
    console.print(table)
