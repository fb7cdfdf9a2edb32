"""Adapter for the shared clean benchmark (``../shared/bench/clean``).

Reads ``{"id", "page_text"}`` or ``{"id", "html"}`` lines (gold fields, if
present, are never read) and writes ``{"id", "body"}`` lines for
``score_clean.py``. Run: ``python -m newsprism.bench.clean IN.jsonl OUT.jsonl``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import trafilatura

from ..clean import CleanOptions, clean_text
from ..errors import InputError

#: trafilatura's output has no title line, so its first paragraph is text.
HTML_OPTIONS = CleanOptions(first_line_is_title=False)


def body_of_page_text(page_text: str) -> str:
    """The article body of a whole page copied as text (its first line is the page title)."""
    return clean_text(page_text).body


def body_of_html(html: str) -> str:
    """The article body of an HTML page: trafilatura's extraction, then the text cleaner."""
    extracted = trafilatura.extract(html, favor_recall=True, include_comments=False)
    if not extracted:
        return ""
    return clean_text(extracted, options=HTML_OPTIONS).body


def run(in_path: Path, out_path: Path) -> int:
    """Write one ``{"id", "body"}`` line per input line; return the number of records."""
    in_path, out_path = Path(in_path), Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=f".{out_path.name}.", suffix=".tmp")
    n = 0
    try:
        with (
            os.fdopen(fd, "w", encoding="utf-8") as out,
            in_path.open(encoding="utf-8") as lines,
        ):
            for lineno, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                body = _predict(line, f"{in_path}:{lineno}")
                out.write(json.dumps(body, ensure_ascii=False) + "\n")
                n += 1
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _predict(line: str, where: str) -> dict[str, str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(where, f"not JSON: {e.msg}") from None
    if not isinstance(record, dict) or "id" not in record:
        raise InputError(where, 'a record needs an "id"')
    if isinstance(record.get("page_text"), str):
        body = body_of_page_text(record["page_text"])
    elif isinstance(record.get("html"), str):
        body = body_of_html(record["html"])
    else:
        raise InputError(where, 'a record needs a "page_text" or an "html" string')
    return {"id": str(record["id"]), "body": body}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m newsprism.bench.clean IN.jsonl OUT.jsonl", file=sys.stderr)
        return 2
    n = run(Path(args[0]), Path(args[1]))
    print(f"{n} records -> {args[1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
