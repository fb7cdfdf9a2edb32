"""Reading benchmark inputs and writing predictions, shared by every task's adapter."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from newsprism.errors import InputError


def read_records(path: Path, *, text_field: str | None = "text") -> Iterator[tuple[str, dict]]:
    """``(where, record)`` for each non-blank line of ``path``, ``where`` being ``path:LINE``.

    Every record needs an ``id``, and a string ``text_field`` unless that is None; a line
    without them, or not JSON, stops the run with an error naming the line.
    """
    with Path(path).open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(where, f"invalid JSON ({err.msg})") from None
            if not isinstance(record, dict) or "id" not in record:
                raise InputError(where, 'a record needs an "id"')
            if text_field and not isinstance(record.get(text_field), str):
                raise InputError(where, f'a record needs a string "{text_field}"')
            yield where, record


def write_records(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write one JSON line per record, atomically: an interrupted run leaves no partial file.
    Returns the number of records."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n
