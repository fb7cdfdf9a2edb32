"""Adapter for the shared quotes benchmark (``../shared/bench/quotes``).

Reads ``{"id", "text", ...}`` lines (the gold ``attributions``, if present, are never
read) and writes ``{"id", "attributions"}`` lines for ``score_quotes.py``, with offsets
into the input text and ``source_name`` = the speaker's canonical name across the input
file (``Anthony Blinken`` in one article and ``Antony Blinken`` in another are one name), as
``newsprism quotes`` gives it.
Run: ``python -m newsprism.bench.quotes IN.jsonl OUT.jsonl``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..analyse.quotes import Quote, QuoteOptions, find_quotes_many
from ..corpus.speakers import SpeakerMention, Speakers, canonical_speakers
from .jsonl import read_records, write_records


def to_record(quote: Quote, speakers: Speakers | None = None) -> dict:
    """One attribution in the benchmark format."""
    canonical = speakers.resolve(quote.speaker) if speakers and quote.speaker else None
    rec: dict = {
        "content": list(quote.content_span),
        "source": list(quote.source) if quote.source else None,
        "cue": list(quote.cue) if quote.cue else None,
        "source_name": canonical.name if canonical else quote.speaker,
        "kind": quote.kind,
    }
    if len(quote.content) > 1:
        rec["content_spans"] = [list(s) for s in quote.content]
    return rec


def run(in_path: Path, out_path: Path, options: QuoteOptions | None = None) -> int:
    """Write one prediction line per input article; return the number of articles."""
    records = [record for _, record in read_records(in_path)]
    texts = [record["text"] for record in records]
    found = list(find_quotes_many(texts, options=options))
    speakers = canonical_speakers(
        SpeakerMention(q.speaker) for quotes in found for q in quotes if q.speaker
    )
    return write_records(
        out_path,
        (
            {
                "id": record["id"],
                # PolNeAR annotates no attribution inside another's content
                "attributions": [to_record(q, speakers) for q in quotes if not q.nested],
            }
            for record, quotes in zip(records, found, strict=True)
        ),
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m newsprism.bench.quotes IN.jsonl OUT.jsonl")
    print(run(Path(sys.argv[1]), Path(sys.argv[2])))
