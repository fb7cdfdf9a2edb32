"""Adapter for the shared quotes benchmark (``../shared/bench/quotes``).

Reads ``{"id", "text", ...}`` lines (the gold ``attributions``, if present, are never
read) and writes ``{"id", "attributions"}`` lines for ``score_quotes.py``, with offsets
into the input text and ``source_name`` = the speaker resolved within the article.
Run: ``python -m newsprism.bench.quotes IN.jsonl OUT.jsonl``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from ..analyse.quotes import Quote, QuoteOptions, find_quotes_many
from ..errors import InputError


def to_record(quote: Quote) -> dict:
    """One attribution in the benchmark format."""
    rec: dict = {
        "content": list(quote.content_span),
        "source": list(quote.source) if quote.source else None,
        "cue": list(quote.cue) if quote.cue else None,
        "source_name": quote.speaker,
        "kind": quote.kind,
    }
    if len(quote.content) > 1:
        rec["content_spans"] = [list(s) for s in quote.content]
    return rec


def _read(in_path: Path) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    with in_path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{in_path}:{lineno}: invalid JSON ({err.msg})") from err
            if not isinstance(rec, dict) or "id" not in rec or not isinstance(rec.get("text"), str):
                raise InputError(f'{in_path}:{lineno}: needs "id" and a string "text"')
            ids.append(rec["id"])
            texts.append(rec["text"])
    return ids, texts


def run(in_path: Path, out_path: Path, options: QuoteOptions | None = None) -> int:
    """Write one prediction line per input article; return the number of articles."""
    in_path, out_path = Path(in_path), Path(out_path)
    ids, texts = _read(in_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=f".{out_path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for aid, quotes in zip(ids, find_quotes_many(texts, options=options), strict=True):
                atts = [to_record(q) for q in quotes]
                out.write(json.dumps({"id": aid, "attributions": atts}, ensure_ascii=False) + "\n")
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(ids)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m newsprism.bench.quotes IN.jsonl OUT.jsonl")
    print(run(Path(sys.argv[1]), Path(sys.argv[2])))
