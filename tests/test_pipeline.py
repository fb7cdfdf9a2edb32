"""The pipeline over a real store: transactional ingest, analysis, site templates."""

from __future__ import annotations

from pathlib import Path

from newsprism.ingest import IngestOptions
from newsprism.pipeline import analyse_pending, ingest
from newsprism.store import Store

STORIES = [
    "The harbour minister said the port would reopen within ten days, and ships waited.",
    "Fishing crews gathered on the harbour wall on Wednesday to ask for emergency payments.",
    "The coastguard said the transfer of the cargo to a second ship was going to plan.",
    "Salvors expect to finish pumping the tanker's methanol by the weekend, the firm said.",
]
# Not a known furniture pattern: only its recurrence on one outlet's pages gives it away.
HOUSE_LINE = "Tidewater Gazette: independent since 1887"


def write_pile(folder: Path) -> None:
    folder.mkdir(parents=True)
    for n, story in enumerate(STORIES):
        (folder / f"story-{n}.txt").write_text(
            f"Headline number {n}\n\n{HOUSE_LINE}\n\n{story}\n\n{STORIES[n - 1]}\n",
            encoding="utf-8",
        )


def test_lines_recurring_on_an_outlets_pages_are_cleaned_as_its_template(
    tmp_path: Path,
) -> None:
    write_pile(tmp_path / "gazette")
    with Store.open(tmp_path / "np.db") as store:
        report = ingest(store, [tmp_path / "gazette"], IngestOptions(outlet="Gazette"))
        assert report.added == 4
        assert analyse_pending(store) == 4
        for stored in store.iter_articles():
            cleaned = stored.analysis.cleaned
            assert HOUSE_LINE not in cleaned.body
            assert stored.article.text.count(HOUSE_LINE) == 1
            (span,) = [s for s in cleaned.removed if s.label == "template"]
            assert span.text_of(stored.article.text) == HOUSE_LINE
            assert "4" in span.attrs["why"]


def test_a_line_on_one_page_only_is_not_a_template(tmp_path: Path) -> None:
    write_pile(tmp_path / "gazette")
    with Store.open(tmp_path / "np.db") as store:
        # Each page under its own outlet: nothing recurs within an outlet.
        for n in range(len(STORIES)):
            page = tmp_path / "gazette" / f"story-{n}.txt"
            ingest(store, [page], IngestOptions(outlet=f"Outlet {n}"))
        analyse_pending(store)
        for stored in store.iter_articles():
            assert HOUSE_LINE in stored.analysis.cleaned.body
