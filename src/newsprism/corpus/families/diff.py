"""Word-level diffs between renderings."""

from __future__ import annotations

import difflib
import functools
import re

_NON_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=200_000)
def _word_key(word: str) -> str:
    return _NON_WORD.sub("", word.lower()) or word


def diff_words(a: str, b: str) -> list[tuple[str, str]]:
    """Word-level diff turning ``a`` into ``b``: ("equal"|"delete"|"insert", words).

    Case and punctuation attached to words do not count as changes; equal runs are shown
    as ``b`` writes them.
    """
    wa, wb = a.split(), b.split()
    sm = difflib.SequenceMatcher(
        a=[_word_key(w) for w in wa], b=[_word_key(w) for w in wb], autojunk=False
    )
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.append(("equal", " ".join(wb[j1:j2])))
            continue
        if i2 > i1:
            out.append(("delete", " ".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("insert", " ".join(wb[j1:j2])))
    return out
