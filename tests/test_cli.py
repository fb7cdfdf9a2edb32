"""The command line end to end, as a user runs it: real CLI, real SQLite, real models."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cli_run import SEEDS, newsprism
from newsprism.store import Store

FURNITURE = ["Leave a Reply", "Sharing is caring!", "nine + ten ="]
# Long lines of the seed pages that are site furniture, not the article's own text.
LONG_FURNITURE_LINES = (
    "Graduated From Princeton University.",
    "SMEStreet Edit Desk is a small group",
    "Your email address will not be published.",
    "This site uses Akismet",
    "“The U.S. must stop supporting terrorists",
    "US Congresswoman, Tulsi Gabbard, recently visited Syria",
)
TITLES = {
    "000": "The White House: The US does not seek to escalate relations with Russia",
    "001": "The US wants a “more stable relationship” with Russia, but depends on Putin",
    "002": "Blinken Says It's 'Up to Russia to Decide' What Relationship It Will Have "
    "with US - FARS",
    "003": "The dialogue will continue: US to respond to Russian security proposals",
    "004": "Joe Biden Calls for De-Escalation Of Tensions With Russia",
}


def test_seeds_are_ingested_with_titles_and_dates(seeded: Path) -> None:
    with Store.open(seeded / "np.db") as store:
        stored = {s.article.ext_id[:3]: s for s in store.iter_articles()}
    assert {k: s.article.title for k, s in stored.items()} == TITLES
    assert stored["002"].article.published == "2021-05-24"


def test_seed_bodies_lose_furniture_but_no_article_text(seeded: Path) -> None:
    with Store.open(seeded / "np.db") as store:
        for s in store.iter_articles():
            body = s.analysis.cleaned.body
            for phrase in FURNITURE:
                assert phrase not in body, (s.article.ext_id, phrase)
            for line in s.article.text.splitlines():
                line = line.strip()
                if len(line) < 60 or line.startswith(LONG_FURNITURE_LINES):
                    continue
                if line == s.article.title:  # metadata, shown as the heading
                    continue
                assert line in body or line.removeprefix("(FNA)- ") in body, line


def test_report_is_written(seeded: Path) -> None:
    html = (seeded / "report.html").read_text(encoding="utf-8")
    for title in TITLES.values():
        assert title.replace("'", "&#39;").replace("“", "“") in html or title in html
    assert "<script src=" not in html


def test_reingest_is_idempotent(seeded: Path) -> None:
    done = newsprism("ingest", SEEDS, "--db", seeded / "np.db")
    assert done.returncode == 0, done.stderr
    assert "Ingested 0 new article(s), 5 already stored" in " ".join(done.stdout.split())
    with Store.open(seeded / "np.db") as store:
        assert store.counts()["articles"] == 5


def test_articles_show_and_export(seeded: Path) -> None:
    db = seeded / "np.db"
    listing = newsprism("articles", "--db", db)
    assert listing.returncode == 0 and "Joe Biden Calls" in listing.stdout
    show = newsprism("show", "002_048f34a3824fe1eb.txt", "--db", db)
    assert show.returncode == 0, show.stderr
    assert "Sergey Lavrov" in show.stdout and "2021-05-24" in show.stdout
    for fmt in ("jsonl", "csv", "parquet"):
        out = seeded / f"export.{fmt}"
        done = newsprism("export", "--db", db, "--format", fmt, "-o", out)
        assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in (seeded / "export.jsonl").read_text().splitlines()]
    assert len(rows) == 5 and all(r["entities"] for r in rows)
    with (seeded / "export.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 5
    import pyarrow.parquet as pq

    assert pq.read_table(seeded / "export.parquet").num_rows == 5


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "good.txt").write_text(
        "A good title\n\nThe minister said the port would reopen soon.\n"
    )
    (pile / "empty.txt").write_text("")
    (pile / "blob.txt").write_bytes(bytes(range(256)) * 8)
    (pile / "notes.xyz").write_text("something else")
    (pile / "lines.jsonl").write_text(
        '{"id": "j1", "title": "T", "text": "The coastguard said the tanker was stable."}\n'
        "{broken\n"
    )
    done = newsprism("analyze", pile, "--db", tmp_path / "np.db", "--no-report")
    assert done.returncode == 3, done.stderr
    err = " ".join(done.stderr.split())
    assert "empty.txt" in err and "blob.txt" in err and "notes.xyz" in err
    assert "lines.jsonl" in err and "line 2" in err
    with Store.open(tmp_path / "np.db") as store:
        assert {s.article.ext_id for s in store.iter_articles()} == {"good.txt", "j1"}


def test_errors_exit_1_with_a_message(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.txt"
    not_db.write_text("this is not a database\n" * 100)
    done = newsprism("articles", "--db", not_db)
    assert done.returncode == 1
    assert "notes.txt" in done.stderr
    done = newsprism("show", "nope", "--db", tmp_path / "empty.db")
    assert done.returncode == 1 and "nope" in done.stderr
    done = newsprism("bench", "nosuchtask", not_db, "-o", tmp_path / "p.jsonl")
    assert done.returncode == 1 and "nosuchtask" in done.stderr


def test_every_command_has_help() -> None:
    from typer.main import get_command

    from newsprism.cli import app

    group = get_command(app)
    for name, command in group.commands.items():
        assert command.help and len(command.help) > 40, name
        assert "Example:" in command.help, name


def test_clean_shows_removed_lines_with_reasons() -> None:
    done = newsprism("clean", next(SEEDS.glob("003_*.txt")))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    captcha = next(line for line in lines if "nine + ten =" in line)
    assert captcha.startswith("✗") and "←" in captcha
    kept = next(line for line in lines if "He stressed that the discussion" in line)
    assert not kept.startswith(("✗", "±"))
