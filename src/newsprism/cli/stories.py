"""``newsprism stories``, ``story ID`` and ``reuse``: the corpus seen as events and copies."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsprism.cli.common import DEFAULT_DB, DbOption, console, progress_bar
from newsprism.corpus import stages
from newsprism.corpus.copying import Copy, copies, copy_graph, passage
from newsprism.errors import NewsprismError
from newsprism.report.articles import show_date
from newsprism.store import Store
from newsprism.store.records import TextRow

SNIPPET = 160


def stories_cmd(
    db: DbOption = DEFAULT_DB,
    min_size: Annotated[
        int, typer.Option(help="Only stories with at least this many articles.")
    ] = 1,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    recluster: Annotated[
        bool,
        typer.Option(
            "--recluster",
            help="Forget every story and cluster all articles again (after a model change).",
        ),
    ] = False,
) -> None:
    """List stories (articles reporting one event), newest first, with their narrative,
    dates, size and outlets.

    Example: newsprism stories --min-size 2
    """
    with Store.open(db) as store:
        if recluster:
            store.reset_stage(stages.STORIES)
            with progress_bar("Stories") as update:
                n = stages.update_stories(store, on_progress=update)
            console.print(f"Re-clustered {n} article(s).")
        rows = store.stories(min_size=min_size)[:limit]
    table = Table(title=f"{len(rows)} stor{'y' if len(rows) == 1 else 'ies'}")
    for name in ("id", "narrative", "dates", "size", "outlets", "label"):
        table.add_column(name, overflow="fold")
    for r in rows:
        dates = r.first_date or "?"
        if r.last_date and r.last_date != r.first_date:
            dates += f" – {r.last_date}"
        table.add_row(
            str(r.id), str(r.narrative), dates, str(r.size), ", ".join(r.outlets), r.label
        )
    console.print(table)


def story_cmd(
    story_id: Annotated[
        int, typer.Argument(metavar="ID", help="A story id from `newsprism stories`.")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show one story: its timeline of articles, key entities, and who copied whom.

    Example: newsprism story 3
    """
    with Store.open(db) as store:
        found = store.story(story_id)
        if found is None:
            raise NewsprismError(f"no story with id {story_id}")
        row, ids = found
        texts = {t.id: t for t in store.iter_texts(ids)}
        links = [r for r in store.reuse_rows(ids) if r.source_id in texts and r.target_id in texts]
    console.rule(f"[bold]story {row.id}[/] · {row.label}")
    console.print(f"[bold]narrative[/] {row.narrative}   [bold]articles[/] {row.size}")
    console.print(f"[bold]entities[/] {', '.join(row.entities) or '–'}", highlight=False)
    table = Table(title="timeline")
    for name in ("date", "outlet", "id", "title"):
        table.add_column(name, overflow="fold")
    for i in ids:
        t = texts[i]
        shown = show_date(t.published, t.published_source) or "?"
        table.add_row(shown, t.outlet or "–", f"{t.id} ({t.ext_id})", t.title or "")
    console.print(table)
    _print_copies(copies(links), texts)


def reuse_cmd(
    db: DbOption = DEFAULT_DB,
    story: Annotated[int | None, typer.Option(help="Only articles of this story.")] = None,
    passages: Annotated[
        bool, typer.Option(help="Print each reused passage from both sides.")
    ] = True,
    limit: Annotated[int | None, typer.Option(help="At most this many article pairs.")] = None,
) -> None:
    """Who copied whom: passages shared between articles, the earlier article as source,
    near-duplicate republications flagged, and the outlet-level copy graph.

    Example: newsprism reuse --story 3
    """
    with Store.open(db) as store:
        ids = None
        if story is not None:
            found = store.story(story)
            if found is None:
                raise NewsprismError(f"no story with id {story}")
            ids = found[1]
        links = store.reuse_rows(ids)
        if ids is not None:
            keep = set(ids)
            links = [r for r in links if r.source_id in keep and r.target_id in keep]
        pairs = copies(links)[:limit]
        needed = {i for c in pairs for i in (c.source, c.target)}
        texts = {t.id: t for t in store.iter_texts(sorted(needed))}
    _print_copies(pairs, texts, show_passages=passages)


def _print_copies(
    pairs: list[Copy], texts: dict[int, TextRow], *, show_passages: bool = True
) -> None:
    if not pairs:
        console.print("No reused passages.")
        return
    graph = copy_graph(pairs, {i: t.outlet for i, t in texts.items()})
    table = Table(title="copy graph (outlet took from outlet)")
    for name in ("from", "to", "article pairs", "passages", "characters"):
        table.add_column(name)
    for e in graph:
        table.add_row(e.source, e.target, str(e.articles), str(e.passages), f"{e.chars:,}")
    console.print(table)
    for c in pairs:
        src, dst = texts[c.source], texts[c.target]
        flag = " [red]near-duplicate[/]" if c.near_duplicate else ""
        console.rule(
            f"{_name(dst)} took {c.chars:,} characters from {_name(src)}{flag}", style="dim"
        )
        if not show_passages:
            continue
        for p in c.passages:
            line = Text()
            line.append(f"  {src.outlet or src.ext_id} @{p.source_start}: ", style="bold")
            line.append(passage(src.body, p.source_start, p.source_end, SNIPPET) + "\n")
            line.append(f"  {dst.outlet or dst.ext_id} @{p.target_start}: ", style="bold green")
            line.append(passage(dst.body, p.target_start, p.target_end, SNIPPET))
            console.print(line, highlight=False)


def _name(t: TextRow) -> str:
    return f"{t.outlet or '–'} #{t.id} ({show_date(t.published, t.published_source) or 'no date'})"
