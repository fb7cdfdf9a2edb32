"""``newsprism quotes``: who said what, and how each quote travels between outlets."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsprism.cli.common import DEFAULT_DB, DbOption, console
from newsprism.corpus.attribution import Attribution, attributions, quote_families
from newsprism.corpus.families import Family
from newsprism.store import Store

KIND_STYLES = {"direct": "green", "partial": "yellow", "indirect": "cyan", "dash": "magenta"}


def quotes_cmd(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[
        str | None, typer.Option(help="Only this speaker: any part of a name or alias.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    families: Annotated[
        bool, typer.Option("--families", help="Group each quote's renderings across articles.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per line (per family with --families).")
    ] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
) -> None:
    """List quotes and indirect speech with their resolved speakers.

    With --families, renderings of one quote across articles are grouped: the earliest
    first, each variant's outlet, date and speaker, a word diff against the earliest, and
    a flag where outlets name different speakers.

    Example: newsprism quotes --speaker blinken --families
    """
    with Store.open(db) as store:
        found = attributions(store, speaker=speaker, outlet=outlet)
    if families:
        groups = quote_families(found)[:limit]
        if as_json:
            for fam in groups:
                print(json.dumps(fam.to_json(), ensure_ascii=False))
        else:
            _print_families(groups)
        return
    found = found[:limit]
    if as_json:
        for a in found:
            print(json.dumps(_quote_json(a), ensure_ascii=False))
        return
    _print_quotes(found)


def _quote_json(a: Attribution) -> dict:
    q = a.quote
    attrs = q.span.attrs
    return {
        "article": q.ext_id,
        "outlet": q.outlet,
        "published": q.published,
        "kind": q.span.label,
        "speaker": a.speaker_name,
        "speaker_id": a.speaker.id if a.speaker else None,
        "speaker_as_written": attrs.get("source_text"),
        "text": q.text,
        "span": [q.span.start, q.span.end],
        "content": attrs.get("content"),
        "cue": attrs.get("cue"),
        "source": attrs.get("source"),
    }


def _print_quotes(found: list[Attribution]) -> None:
    table = Table(title=f"{len(found)} quote(s)")
    for name in ("speaker", "kind", "outlet", "article", "said"):
        table.add_column(name, overflow="fold")
    for a in found:
        q = a.quote
        written = q.span.attrs.get("source_text")
        who = Text(a.speaker_name or "?")
        if written and written != a.speaker_name:
            who.append(f"\n({written})", style="dim")
        table.add_row(
            who,
            Text(q.span.label, style=KIND_STYLES.get(q.span.label, "")),
            q.outlet or "–",
            f"{q.ext_id} @{q.span.start}",
            q.text,
        )
    console.print(table)


def _print_families(groups: list[Family]) -> None:
    console.print(f"{len(groups)} quote famil{'y' if len(groups) == 1 else 'ies'}")
    for fam in groups:
        first = fam.earliest
        flag = " [red]speakers differ[/]" if fam.speaker_mismatch else ""
        console.rule(f"[bold]family {fam.id}[/] · {len(fam.members)} renderings{flag}")
        for m in fam.members:
            line = Text()
            line.append(f"{m.published or '?':<10} ", style="yellow")
            line.append(f"{m.outlet or '–'} ", style="bold")
            line.append(f"({m.article}) ", style="dim")
            line.append(f"{m.speaker or '?'}: ", style="magenta")
            if m is first:
                line.append(m.text, style="bold")
            else:
                # word-diff markers as well as colour, so the change reads in a log too
                for op, words in m.diff:
                    if op == "delete":
                        line.append(f"[-{words}-] ", style="red")
                    elif op == "insert":
                        line.append(f"{{+{words}+}} ", style="green")
                    else:
                        line.append(words + " ")
            console.print(line)
