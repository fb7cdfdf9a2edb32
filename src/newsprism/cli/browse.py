"""Commands that read the store: ``articles`` and ``show``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsprism.cli.common import DEFAULT_DB, DbOption, console
from newsprism.errors import NewsprismError
from newsprism.model import StoredArticle
from newsprism.report.articles import date_source, show_date
from newsprism.store import Store

ENTITY_STYLES = {
    "PERSON": "bold magenta",
    "ORG": "bold cyan",
    "GPE": "bold green",
    "NORP": "green",
    "LOC": "green",
    "DATE": "yellow",
}


def articles_cmd(
    db: DbOption = DEFAULT_DB,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
) -> None:
    """List stored articles by outlet and date.

    Example: newsprism articles --outlet "Harbour Watch"
    """
    with Store.open(db) as store:
        rows = store.list_articles(outlet=outlet, limit=limit)
    table = Table(title=f"{len(rows)} article(s)")
    for name in ("id", "outlet", "published", "lang", "entities", "title"):
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(
            str(row.id),
            row.outlet or "–",
            show_date(row.published, row.published_source) or "–",
            row.language or "–",
            str(row.n_entities) if row.analysed else "not analysed",
            row.title or row.ext_id,
        )
    console.print(table)


def show_cmd(
    key: Annotated[
        str, typer.Argument(metavar="ID", help="Numeric id or the name it was ingested under.")
    ],
    db: DbOption = DEFAULT_DB,
    removed: Annotated[
        bool, typer.Option(help="Also list what cleaning removed, with reasons.")
    ] = True,
) -> None:
    """Show one article: its metadata, cleaned text with entities highlighted and quotes
    underlined, who said what, and what cleaning removed.

    Example: newsprism show 002_048f34a3824fe1eb.txt
    """
    with Store.open(db) as store:
        stored = find_article(store, key)
    render_article(stored, show_removed=removed)


def find_article(store: Store, key: str) -> StoredArticle:
    """By numeric id first, then by the name it was ingested under (which may be digits too)."""
    if key.isdigit():
        try:
            return store.get(int(key))
        except NewsprismError:
            pass
    return store.get(key)


def render_article(stored: StoredArticle, *, show_removed: bool = True) -> None:
    a, analysis = stored.article, stored.analysis
    console.rule(f"[bold]{a.title or a.ext_id}")
    facts = [
        ("id", f"{stored.id} ({a.ext_id})"),
        ("outlet", f"{a.outlet or '–'} [dim]({a.outlet_source or 'unknown'})[/]"),
        ("published", f"{a.published or '–'} [dim]({date_source(stored) or 'unknown'})[/]"),
        ("author", a.author or "–"),
        ("url", a.url or "–"),
        ("source", a.source),
    ]
    if analysis:
        facts.append(("language", f"{analysis.language or '–'} ({analysis.language_score:.2f})"))
    for name, value in facts:
        console.print(f"[bold]{name:>9}[/] {value}", highlight=False)
    console.print()
    if analysis is None:
        console.print("[dim]Not analysed yet: run `newsprism analyze`.[/]")
        console.print(a.text, highlight=False)
        return
    body = Text(analysis.cleaned.body)
    for ent in analysis.entities:
        body.stylize(ENTITY_STYLES.get(ent.label, "underline"), ent.start, ent.end)
    for span in analysis.languages:
        body.stylize("italic", span.start, span.end)
    for q in analysis.quotes:
        for start, end in q.attrs.get("content") or [(q.start, q.end)]:
            body.stylize("underline", start, end)
    console.print(body)
    if analysis.quotes:
        console.print()
        console.rule("[dim]who said what (underlined above)")
        for q in analysis.quotes:
            who = q.attrs.get("speaker") or "?"
            text = " ".join(str(q.attrs.get("text", "")).split())
            console.print(f"[magenta]{who}[/] [dim]{q.label}[/]: {text}", highlight=False)
    if show_removed and analysis.cleaned.removed:
        console.print()
        console.rule("[dim]removed by cleaning")
        for span in analysis.cleaned.removed:
            line = " ".join(span.text_of(a.text).split())
            console.print(f"[dim]{span.label:<18}[/] [strike dim]{line[:100]}[/]", highlight=False)
