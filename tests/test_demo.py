"""The README's main job on the sample corpus, on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsprism.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_demo_corpus_end_to_end(db_url: str, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "newsprism", "analyze", str(CORPUS), "--db", db_url,
         "--report", str(report)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with Store.open(db_url) as store:
        stored = list(store.iter_articles())
        counts = store.counts()
    assert len(stored) == 10 and counts["analysed"] == 10
    assert len({s.article.outlet for s in stored}) == 8
    assert all(s.article.published for s in stored)
    bodies = {s.article.ext_id: s.analysis.cleaned.body for s in stored}
    for body in bodies.values():
        for furniture in ("Leave a Reply", "four + six =", "three + five =", "Sharing is caring!"):
            assert furniture not in body
    copy = next(s for s in stored if s.article.ext_id == "tanker-aground-port-veyra.txt")
    foreign = [
        (copy.analysis.cleaned.body[x.start : x.end], x.label) for x in copy.analysis.languages
    ]
    assert [label for _, label in foreign] == ["es"], foreign
    html = report.read_text(encoding="utf-8")
    assert "Harbour Watch" in html and "Ilse Marrow" in html
