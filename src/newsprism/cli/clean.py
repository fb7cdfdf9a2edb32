"""``newsprism clean FILE``: show what the cleaner keeps and removes from a page, and why."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from newsprism.clean import clean
from newsprism.cli.common import console, err_console
from newsprism.cli.corpus import EXIT_SKIPPED
from newsprism.ingest import IngestOptions, read_sources
from newsprism.model import Article, Cleaned, Problem

KEPT, REMOVED = "green", "red"


def clean_cmd(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, archives or URLs.")],
    reasons: Annotated[bool, typer.Option(help="Show the reason beside each removed line.")] = True,
) -> None:
    """Print each page with the lines the cleaner keeps and removes, coloured, and the reason
    for every removal. Nothing is stored.

    Example: newsprism clean ../shared/corpus/seeds/002_048f34a3824fe1eb.txt
    """
    skipped = False
    for item in read_sources(sources, IngestOptions()):
        if isinstance(item, Problem):
            err_console.print(f"[red]{item.level}:[/] {item}", highlight=False, soft_wrap=True)
            skipped = skipped or item.level == "error"
            continue
        render_cleaned(item, clean(item), show_reasons=reasons)
    if skipped:
        raise typer.Exit(EXIT_SKIPPED)


def render_cleaned(article: Article, cleaned: Cleaned, *, show_reasons: bool = True) -> None:
    """The ingested text line by line: kept lines plain, removed parts struck through."""
    console.rule(f"[bold]{article.title or article.ext_id}[/] [dim]{article.source}[/]")
    found = ", ".join(f"{k}: {v}" for k, v in cleaned.found.items() if k != "title")
    if found:
        console.print(f"[dim]found in removed lines:[/] {found}", highlight=False)
    text = article.text
    removed = sorted(cleaned.removed, key=lambda s: s.start)
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if start == end:
            console.print()
            continue
        hits = [s for s in removed if s.start < end and s.end > start]
        row = Text(no_wrap=False)
        gone = sum(min(s.end, end) - max(s.start, start) for s in hits)
        mark = "✗ " if gone >= end - start else ("± " if hits else "  ")
        row.append(mark, style=REMOVED if hits else KEPT)
        body = Text(text[start:end])
        for s in hits:
            body.stylize(f"strike {REMOVED}", max(s.start, start) - start, min(s.end, end) - start)
        row.append_text(body)
        if show_reasons and hits:
            why = "; ".join(dict.fromkeys(s.label for s in hits))
            row.append(f"  ← {why}", style="dim italic")
        console.print(row)
