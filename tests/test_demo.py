"""The README's main job on the sample corpus, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
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
    assert 'id="stories"' in html and 'id="families"' in html


def test_demo_corpus_stages(tmp_path: Path) -> None:
    """The corpus stages on the sample corpus: the Harbour Watch report republished by the
    Southern Seaboard Post, the minister's "ten days" quote across outlets, her quotes under
    one speaker, and the tanker articles in one story."""
    db = tmp_path / "demo.db"
    done = subprocess.run(
        [sys.executable, "-m", "newsprism", "analyze", str(CORPUS), "--db", str(db), "--no-report"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with Store.open(db) as store:
        ids = {s.article.ext_id: s.id for s in store.iter_articles()}
        links = store.reuse_rows()
        story_of = store.story_of()
        speakers = store.speakers()
    original, copy = ids["tanker-aground.txt"], ids["tanker-aground-port-veyra.txt"]
    pair = [x for x in links if {x.source_id, x.target_id} == {original, copy}]
    assert pair and all(x.source_id == original and x.near_duplicate for x in pair)
    assert story_of[original] == story_of[copy]
    # one person, whatever the spelling, title or NER label of each mention
    (marrow,) = [s for s in speakers if "Marrow" in s.name]
    assert marrow.name == "Ilse Marrow" and marrow.kind == "PERSON"
    assert {"Ilse Marrow", "Ilsa Marrow", "Ms Marrow", "Marrow"} <= set(marrow.aliases)

    families = subprocess.run(
        [sys.executable, "-m", "newsprism", "quotes", "--families", "--json", "--db", str(db)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert families.returncode == 0, families.stderr
    ten_days = [
        f
        for f in map(json.loads, families.stdout.splitlines())
        if any("ten days" in m["text"] for m in f["members"])
    ]
    assert ten_days
    outlets = {m["outlet"] for m in ten_days[0]["members"]}
    assert len(outlets) >= 2
    assert {m["speaker"] for m in ten_days[0]["members"]} == {"Ilse Marrow"}
