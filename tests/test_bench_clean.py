"""The clean benchmark adapter: JSONL in, ``{"id", "body"}`` lines out."""

from __future__ import annotations

import json

import pytest

from newsprism.bench.clean import run
from newsprism.errors import InputError
from prose import GENEVA_TALKS

PARAGRAPHS = GENEVA_TALKS

PAGE_TEXT = "\n".join(
    [
        "Talks to resume in Geneva | Daily Planet",
        "Home",
        "World",
        "Business",
        "",
        "Talks to resume in Geneva",
        "",
        *(p + "\n" for p in PARAGRAPHS),
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "Contact us",
    ]
)

HTML = f"""<html><head><title>Talks to resume in Geneva | Daily Planet</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks to resume in Geneva</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<p>Share this:</p></article>
<footer>Copyright 2024 Daily Planet. All rights reserved.</footer></body></html>"""


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def test_run_writes_one_body_per_record(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "out" / "pred.jsonl"
    write_jsonl(
        src,
        [
            {"id": "a/1", "page_text": PAGE_TEXT, "gold_body": "GOLD MUST NOT LEAK"},
            {"id": "b/2", "html": HTML},
        ],
    )
    assert run(src, out) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [set(r) for r in lines] == [{"id", "body"}, {"id", "body"}]
    assert [r["id"] for r in lines] == ["a/1", "b/2"]
    for record in lines:
        for paragraph in PARAGRAPHS:
            assert paragraph in record["body"], record["id"]
        assert "Share this" not in record["body"]
        assert "Copyright" not in record["body"]
    text_body = lines[0]["body"]
    assert "Leave a Reply" not in text_body and "Home" not in text_body
    assert "GOLD" not in text_body
    assert list(out.parent.iterdir()) == [out]  # the temporary file was renamed into place


def test_bad_line_names_file_and_line(tmp_path):
    src, out = tmp_path / "in.jsonl", tmp_path / "pred.jsonl"
    src.write_text(json.dumps({"id": "a", "page_text": "x"}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"in\.jsonl:2: invalid JSON"):
        run(src, out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]  # no temporary file left behind

    src.write_text(json.dumps({"id": "a", "gold_body": "only gold"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="page_text"):
        run(src, out)
