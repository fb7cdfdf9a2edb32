"""What every command shares: the database option, the consoles, progress bars."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from newsprism.pipeline import Progress as ProgressFn

DEFAULT_DB = "newsprism.db"

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="SQLite file or database URL (sqlite:///x.db, postgresql://user@host/db). "
        "Default: $NEWSPRISM_DB or ./newsprism.db.",
        envvar="NEWSPRISM_DB",
        show_default=False,
    ),
]


class RateColumn(ProgressColumn):
    """Items per second, so a user can tell how long a million pages will take."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed else f"– {self.unit}/s", style="cyan")


@contextmanager
def progress_bar(description: str, unit: str = "articles") -> Iterator[ProgressFn]:
    """A rich progress bar, yielded as a pipeline ``on_progress`` callback.

    Quiet when the output is not a terminal: logs and CI stay readable.
    """
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(unit),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update
