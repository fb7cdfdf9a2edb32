"""The command line: parses, calls the library, renders with rich. Nothing else lives here.

Exit codes: 0 success; 1 an error the message explains; 2 a usage error;
3 the run finished but some inputs were rejected (each was named on stderr).
"""

from __future__ import annotations

import sys

import typer

from newsprism.cli.browse import articles_cmd, show_cmd
from newsprism.cli.clean import clean_cmd
from newsprism.cli.common import err_console
from newsprism.cli.corpus import analyze_cmd, ingest_cmd
from newsprism.cli.output import bench_cmd, export_cmd, report_cmd
from newsprism.cli.quotes import quotes_cmd
from newsprism.cli.stories import reuse_cmd, stories_cmd, story_cmd
from newsprism.errors import NewsprismError

app = typer.Typer(
    name="newsprism",
    help="One story, every outlet's version of it, side by side. "
    "Start with: newsprism analyze FOLDER, then open report.html.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ingest")(ingest_cmd)
app.command("analyze")(analyze_cmd)
app.command("articles")(articles_cmd)
app.command("show")(show_cmd)
app.command("quotes")(quotes_cmd)
app.command("stories")(stories_cmd)
app.command("story")(story_cmd)
app.command("reuse")(reuse_cmd)
app.command("clean")(clean_cmd)
app.command("export")(export_cmd)
app.command("report")(report_cmd)
app.command("bench")(bench_cmd)


def main() -> None:
    try:
        app()
    except NewsprismError as err:
        err_console.print(f"[red]error:[/] {err}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err_console.print(
            "[yellow]interrupted:[/] finished batches are stored; run again to continue."
        )
        sys.exit(130)
