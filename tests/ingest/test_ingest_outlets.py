"""Outlet rules: option > metadata > outlets.csv > URL host > folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from newsprism.ingest import IngestOptions, read_sources
from newsprism.model import Article, Problem

BODY = (
    "<p>The harbour of Port Veyra reopened to shipping on Tuesday, eight days after the tanker "
    "Corran Star ran aground at its mouth, the port authority said in a statement.</p>"
    "<p>The harbour minister said she had kept her promise to reopen the port within ten days, "
    "and thanked the salvage crews who had worked through the weekend to free it.</p>"
)


def html(head: str = "") -> str:
    return (
        f"<html><head><title>Harbour reopens</title>{head}</head>"
        f"<body><article>{BODY}</article></body></html>"
    )


def outlets(paths: list[Path], **options: object) -> dict[str, tuple[str | None, str | None]]:
    """ext_id -> (outlet, outlet_source) for everything read."""
    items = list(read_sources(paths, IngestOptions(**options)))  # type: ignore[arg-type]
    assert not [p for p in items if isinstance(p, Problem)], items
    return {a.ext_id: (a.outlet, a.outlet_source) for a in items if isinstance(a, Article)}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_option_overrides_everything(tmp_path: Path) -> None:
    write(tmp_path / "w.jsonl", json.dumps({"id": "r", "text": "T.", "outlet": "Wire"}))
    write(tmp_path / "site.html", html('<meta property="og:site_name" content="Herald">'))
    found = outlets([tmp_path], outlet="My Pick")
    assert found == {"r": ("My Pick", "option"), "site.html": ("My Pick", "option")}


def test_metadata_beats_csv_csv_beats_url_and_folder(tmp_path: Path) -> None:
    write(tmp_path / "outlets.csv", "pattern,outlet\n*.html,From CSV\nw.jsonl,CSV Wire\n")
    write(tmp_path / "meta.html", html('<meta property="og:site_name" content="Herald">'))
    write(tmp_path / "plain.html", html('<link rel="canonical" href="https://www.x.example/a">'))
    rows = [
        {"id": "has", "text": "T.", "outlet": "Own"},
        {"id": "url", "text": "T.", "url": "https://y.example/"},
    ]
    write(tmp_path / "w.jsonl", "\n".join(json.dumps(r) for r in rows))
    assert outlets([tmp_path]) == {
        "meta.html": ("Herald", "metadata"),
        "plain.html": ("From CSV", "outlets.csv"),
        "has": ("Own", "metadata"),
        "url": ("CSV Wire", "outlets.csv"),
    }


def test_url_host_then_folder(tmp_path: Path) -> None:
    write(
        tmp_path / "site" / "canon.html",
        html('<link rel="canonical" href="https://www.x.example/a">'),
    )
    write(tmp_path / "site" / "bare.html", html())
    write(tmp_path / "rt" / "story.txt", "Title\n\nBody.\n")
    rows = [
        {"id": "u", "text": "T.", "url": "https://www.y.example/1"},
        {"id": "none", "text": "T."},
    ]
    write(tmp_path / "dump" / "d.jsonl", "\n".join(json.dumps(r) for r in rows))
    assert outlets([tmp_path]) == {
        "u": ("y.example", "url"),
        "none": (None, None),  # a dump's folder says nothing about each record's outlet
        "story.txt": ("rt", "folder"),
        "bare.html": ("site", "folder"),
        "canon.html": ("x.example", "url"),
    }


def test_folder_rule_uses_the_named_folder_too(tmp_path: Path) -> None:
    write(tmp_path / "seeds" / "a.txt", "A\n")
    assert outlets([tmp_path / "seeds"]) == {"a.txt": ("seeds", "folder")}
    assert outlets([tmp_path / "seeds" / "a.txt"]) == {"a.txt": ("seeds", "folder")}


def test_csv_patterns_and_the_nearest_csv(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    write(
        root / "outlets.csv",
        "pattern,outlet\ncourier,The Courier\nwire/*.txt,Wire Service\nlone.txt,Lone Star\n",
    )
    write(root / "courier" / "a.txt", "A\n")
    write(root / "courier" / "deep" / "b.txt", "B\n")
    write(root / "wire" / "c.txt", "C\n")
    write(root / "lone.txt", "L\n")
    write(root / "other" / "d.txt", "D\n")
    # a nearer csv wins; a row that does not match falls through to the csv above
    write(root / "courier" / "deep" / "outlets.csv", "pattern,outlet\nb.txt,Deep Courier\n")
    write(root / "courier" / "outlets.csv", "pattern,outlet\nnothing.txt,Nobody\n")
    assert outlets([root]) == {
        "a.txt": ("The Courier", "outlets.csv"),
        "b.txt": ("Deep Courier", "outlets.csv"),
        "c.txt": ("Wire Service", "outlets.csv"),
        "lone.txt": ("Lone Star", "outlets.csv"),
        "d.txt": ("other", "folder"),
    }


def test_csv_above_the_named_folder_is_not_used(tmp_path: Path) -> None:
    write(tmp_path / "outlets.csv", "pattern,outlet\ninner,Above\n")
    write(tmp_path / "inner" / "a.txt", "A\n")
    assert outlets([tmp_path / "inner"]) == {"a.txt": ("inner", "folder")}
    assert outlets([tmp_path]) == {"a.txt": ("Above", "outlets.csv")}


def test_archive_folders_and_csv(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as z:
        z.writestr("siteA/a.txt", "A\n")
        z.writestr("siteB/b.txt", "B\n")
        z.writestr("c.txt", "C\n")
    write(tmp_path / "outlets.csv", "pattern,outlet\nbundle.zip/siteA,Site A\n")
    assert outlets([tmp_path]) == {
        "a.txt": ("Site A", "outlets.csv"),
        "b.txt": ("siteB", "folder"),
        "c.txt": ("bundle", "folder"),
    }


def test_bad_csv_row_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "outlets.csv", "pattern,outlet\njust-one-cell\na.txt,Good\n")
    write(tmp_path / "a.txt", "A\n")
    items = list(read_sources([tmp_path]))
    (problem,) = [p for p in items if isinstance(p, Problem)]
    assert problem == Problem(
        str(tmp_path / "outlets.csv"), "line 2: expected 'pattern,outlet'", "warning"
    )
    (article,) = [a for a in items if isinstance(a, Article)]
    assert article.outlet == "Good"
