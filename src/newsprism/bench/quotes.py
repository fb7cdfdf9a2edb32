"""Adapter for the shared quotes benchmark (``../shared/bench/quotes``).

Reads ``{"id", "text", ...}`` lines (the gold ``attributions``, if present, are never
read) and writes ``{"id", "attributions"}`` lines for ``score_quotes.py``, with offsets
into the input text and ``source_name`` = the speaker resolved within the article.
Run: ``python -m newsprism.bench.quotes IN.jsonl OUT.jsonl``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..analyse.quotes import Quote, QuoteOptions, find_quotes_many
from .jsonl import read_records, write_records


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


def run(in_path: Path, out_path: Path, options: QuoteOptions | None = None) -> int:
    """Write one prediction line per input article; return the number of articles."""
    records = [record for _, record in read_records(in_path)]
    texts = [record["text"] for record in records]
    found = find_quotes_many(texts, options=options)
    return write_records(
        out_path,
        (
            {"id": record["id"], "attributions": [to_record(q) for q in quotes]}
            for record, quotes in zip(records, found, strict=True)
        ),
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m newsprism.bench.quotes IN.jsonl OUT.jsonl")
    print(run(Path(sys.argv[1]), Path(sys.argv[2])))
