"""Adapter for the shared reuse benchmark (``../shared/bench/reuse``).

Reads ``{"id", "outlet", "published", "title", "text"}`` lines (gold is never read) and
writes one ``{"source_id", "source_span", "target_id", "target_span"}`` line per reused
passage for ``score_reuse.py`` (plus ``near_duplicate`` and ``score``, which it ignores).
Spans index ``text``. The first line of ``text`` is the headline, which republications
rewrite and gold spans never include, so only the body after it is compared; spans are
shifted back to ``text`` offsets.
Run: ``newsprism bench reuse IN.jsonl -o PRED.jsonl``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..corpus.reuse import Doc, find_reuse
from ..errors import InputError
from .jsonl import read_records, write_records


def read_docs(in_path: Path) -> tuple[list[Doc], dict[str, int]]:
    """The articles of ``in_path`` with their headline cut off, and each body's offset."""
    offsets: dict[str, int] = {}
    return list(iter_docs(in_path, offsets)), offsets


def iter_docs(in_path: Path, offsets: dict[str, int]) -> Iterator[Doc]:
    """Stream the articles of ``in_path`` (headline cut off), recording each body's offset
    in ``offsets``; streaming keeps only one text in memory at a time."""
    for where, rec in read_records(in_path):
        doc_id, text = str(rec["id"]), rec["text"]
        if doc_id in offsets:
            raise InputError(where, f"duplicate id {doc_id!r}")
        cut = text.find("\n") + 1  # 0 when there is no headline line
        offsets[doc_id] = cut
        yield Doc(doc_id, text[cut:], rec.get("published"), rec.get("outlet"))


def run(in_path: Path, out_path: Path) -> int:
    """Write the reuse links of the corpus ``in_path`` to ``out_path``; return their number."""
    in_path, out_path = Path(in_path), Path(out_path)
    off: dict[str, int] = {}
    links = find_reuse(iter_docs(in_path, off))

    def records() -> Iterator[dict]:
        for x in links:
            s, t = off[x.source_id], off[x.target_id]
            yield {
                "source_id": x.source_id,
                "source_span": [x.source_span[0] + s, x.source_span[1] + s],
                "target_id": x.target_id,
                "target_span": [x.target_span[0] + t, x.target_span[1] + t],
                # extra fields, ignored by the scorer
                "near_duplicate": x.near_duplicate,
                "score": round(x.score, 3),
            }

    return write_records(out_path, records())
