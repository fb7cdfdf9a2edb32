"""Adapters from the shared benchmark formats (``../shared/bench``) to the pipeline.

Each task reads only the benchmark's input fields and writes predictions in its scorer's
format. ``newsprism bench TASK IN -o OUT`` calls ``run_task``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from newsprism.errors import NewsprismError

# task name -> module with ``run(in_path, out_path) -> int``
TASKS: dict[str, str] = {
    "clean": "newsprism.bench.clean",
    "quotes": "newsprism.bench.quotes",
    "reuse": "newsprism.bench.reuse",
    "stories": "newsprism.bench.stories",
}


def run_task(task: str, in_path: Path, out_path: Path) -> int:
    """Run benchmark ``task`` on ``in_path``, writing predictions to ``out_path``."""
    if task not in TASKS:
        raise NewsprismError(f"unknown bench task {task!r}; available: {', '.join(TASKS)}")
    if not in_path.is_file():
        raise NewsprismError(f"{in_path}: no such file")
    run: Callable[[Path, Path], int] = import_module(TASKS[task]).run
    return run(in_path, out_path)
