"""Files and folders named by the user, as blobs in a deterministic order.

Folders are searched recursively in name order; hidden files and folders
(``.name``) are skipped, and so are ``outlets.csv`` files (rules, not articles).
Symbolic links to folders are not followed, so a link loop cannot trap the walk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from ..model import Problem
from .blob import Blob, Place

OUTLETS_CSV = "outlets.csv"


def walk(path: Path) -> Iterator[Blob | Problem]:
    """The files under a path (itself, if it is a file)."""
    if path.is_dir():
        root = path.resolve()
        for relative in _files(root, Path()):
            if isinstance(relative, Problem):
                yield Problem(str(path / relative.source), relative.message)
            else:
                yield _blob(root / relative, root, str(path / relative))
    elif path.is_file():
        yield _blob(path.resolve(), path.resolve().parent, str(path))
    elif path.exists():
        yield Problem(str(path), "not a regular file or folder")
    else:
        yield Problem(str(path), "no such file or folder")


def count_files(path: Path) -> int:
    """How many files ``walk`` would give, without opening any."""
    if not path.is_dir():
        return 1
    return sum(1 for f in _files(path.resolve(), Path()) if not isinstance(f, Problem))


def _files(root: Path, relative: Path) -> Iterator[Path | Problem]:
    """Paths relative to root; a Problem (its source relative too) for an unreadable folder."""
    try:
        entries = sorted(os.scandir(root / relative), key=lambda e: e.name)
    except OSError as e:
        yield Problem(str(relative), f"cannot read folder: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files(root, relative / entry.name)
        elif entry.is_file() and entry.name != OUTLETS_CSV:
            yield relative / entry.name


def _blob(file: Path, root: Path, display: str) -> Blob | Problem:
    try:
        size = file.stat().st_size
    except OSError as e:
        return Problem(display, f"cannot read: {e.strerror or e}")
    return Blob(
        source=display,
        name=file.name,
        open=partial(open, file, "rb"),
        size=size,
        folder=file.parent.name,
        place=Place(file=file, root=root),
    )
