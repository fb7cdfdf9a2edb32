"""Exports of the store as JSON Lines, CSV or Parquet: one row per article."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newsprism.errors import NewsprismError

FORMATS = ("jsonl", "csv", "parquet")


def write_export(rows: Iterable[dict[str, Any]], path: Path, fmt: str) -> int:
    """Write ``rows`` to ``path`` in ``fmt``; atomic, so an interrupted export leaves no
    half-written file. Returns the number of rows."""
    if fmt not in FORMATS:
        raise NewsprismError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        n = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](rows, Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _jsonl(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Nested values as JSON text: CSV cells hold strings."""
    return {
        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
        for k, v in row.items()
    }


def _csv(rows: Iterable[dict[str, Any]], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            if writer is None:
                writer = csv.DictWriter(f, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(_flat(row))
            n += 1
    return n


def _parquet(rows: Iterable[dict[str, Any]], path: Path, batch: int = 1000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    n = 0
    buffer: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal writer
        table = pa.Table.from_pylist(buffer, schema=writer.schema if writer else None)
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
        buffer.clear()

    try:
        for row in rows:
            buffer.append(row)
            n += 1
            if len(buffer) >= batch:
                flush()
        if buffer or writer is None:
            flush()
    finally:
        if writer is not None:
            writer.close()
    return n
