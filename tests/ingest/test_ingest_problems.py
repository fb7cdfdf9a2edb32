"""Bad inputs: each is one Problem naming the file (and line); the rest of the batch goes on."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from newsprism.ingest import IngestOptions, read_sources
from newsprism.model import Article, Problem

RUSSIAN = (
    "Диалог продолжится: США ответят на российские предложения\n\n"
    "Госсекретарь США Энтони Блинкен заявил, что Вашингтон хочет стабильных "
    "и предсказуемых отношений с Москвой.\n"
)
FRENCH = (
    "Le dialogue continuera\n\n"
    "Le secrétaire d'État a déclaré que Washington souhaitait une relation stable et "
    "prévisible avec Moscou, déjà évoquée à Genève.\n"
)


def split(items: list[Article | Problem]) -> tuple[dict[str, Article], list[Problem]]:
    articles = {Path(a.source).name: a for a in items if isinstance(a, Article)}
    return articles, [p for p in items if isinstance(p, Problem)]


def test_a_batch_of_bad_files_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Good title\n\nGood body.\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03GIF junk\x00" * 20)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "ru.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (tmp_path / "fr.txt").write_bytes(FRENCH.encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(FRENCH.encode("utf-16"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n\t \n")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    (tmp_path / "broken.warc.gz").write_bytes(b"\x1f\x8b\x08\x00 not gzip at all")
    articles, problems = split(list(read_sources([tmp_path, tmp_path / "missing.txt"])))

    assert sorted(articles) == ["fr.txt", "good.txt", "ru.txt", "utf16.txt"]
    assert articles["utf16.txt"].text == FRENCH
    assert articles["ru.txt"].text == RUSSIAN and articles["ru.txt"].meta["encoding"] == "cp1251"
    assert articles["ru.txt"].title == "Диалог продолжится: США ответят на российские предложения"
    assert articles["fr.txt"].text == FRENCH and articles["fr.txt"].meta["encoding"] == "cp1252"

    by_file = {Path(p.source).name: p for p in problems}
    assert len(by_file) == len(problems), problems  # one problem per bad file
    assert set(by_file) == {
        "binary.txt",
        "image.png",
        "empty.txt",
        "blank.txt",
        "table.csv",
        "broken.zip",
        "broken.warc.gz",
        "missing.txt",
    }
    assert "binary" in by_file["binary.txt"].message and by_file["binary.txt"].level == "error"
    assert "binary" in by_file["image.png"].message
    assert by_file["empty.txt"].message == "empty file"
    assert by_file["blank.txt"].message == "empty file"
    assert by_file["table.csv"].level == "warning"
    assert by_file["table.csv"].message == "skipped: unknown file type (.csv)"
    assert by_file["broken.zip"].message.startswith("corrupt zip archive")
    assert "WARC" in by_file["broken.warc.gz"].message
    assert by_file["missing.txt"].message == "no such file or folder"
    assert str(by_file["empty.txt"]) == f"{tmp_path / 'empty.txt'}: empty file"


def test_size_cap_is_checked_before_reading(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("Big title\n\n" + "word " * 100)
    (tmp_path / "small.txt").write_text("Small title\n")
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as z:
        z.writestr("big-member.txt", "Member\n\n" + "word " * 100)
        z.writestr("small-member.txt", "Tiny\n")
    articles, problems = split(list(read_sources([tmp_path], IngestOptions(max_bytes=100))))
    assert sorted(a.title for a in articles.values()) == ["Small title", "Tiny"]
    assert [p.source for p in problems] == [
        str(tmp_path / "big.txt"),
        f"{tmp_path / 'z.zip'}!big-member.txt",
    ]
    assert problems[0].message == "511 bytes, over the size cap of 100 bytes (max_bytes)"


def test_jsonl_bad_lines_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "First."}),
        '{"id": "b", "text": "unterminated',
        json.dumps({"id": "c", "title": "No text here"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "text": "Fifth." + "x" * 200}),
        json.dumps({"id": "f", "text": "Last."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_sources([path], IngestOptions(max_bytes=150)))
    assert [a.ext_id for a in items if isinstance(a, Article)] == ["a", "f"]
    problems = [p for p in items if isinstance(p, Problem)]
    assert all(p.source == str(path) for p in problems)
    messages = [p.message for p in problems]
    assert messages[0].startswith("line 2: invalid JSON (Unterminated string")
    assert messages[1].startswith("line 3: no text")
    assert messages[2] == "line 4: not a JSON object"
    assert messages[3] == "line 5: over the size cap of 150 bytes"
    assert len(messages) == 4


def test_broken_json_file(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text('[{"text": "ok"},\n {"text": oops}]')
    (problem,) = read_sources([path])
    assert isinstance(problem, Problem) and problem.source == str(path)
    assert problem.message.startswith("line 2: invalid JSON")


def test_html_without_article_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing</title></head><body><nav></nav></body></html>")
    (problem,) = read_sources([path])
    assert problem == Problem(str(path), "no article text found in HTML")


def test_feed_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "bad.rss"
    path.write_text("<rss><channel><title>Broken</title><item><title>x</item>")
    (problem,) = read_sources([path])
    assert isinstance(problem, Problem) and problem.source == str(path)
