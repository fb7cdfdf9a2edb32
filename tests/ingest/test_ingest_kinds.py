"""Each source kind, read from small files written here, and sniffing by content."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.ingest import read_sources
from newsprism.ingest.dates import parse_date_line
from newsprism.ingest.sniff import sniff
from newsprism.model import Article, Problem

PARAGRAPHS = [
    "Secretary of State Antony Blinken said on Sunday that Washington wanted a stable and "
    "predictable relationship with Moscow, after a meeting with Sergey Lavrov in Reykjavik.",
    "“It is up to Russia to decide,” Blinken said in an interview, adding that the United "
    "States would respond if Moscow chose a reckless or aggressive course.",
    "The two ministers spoke for nearly two hours, officials said, and agreed to keep talking "
    "about arms control, the Arctic and the coronavirus pandemic.",
]


def page(title: str = "Blinken says it is up to Russia", head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        f"<footer>Copyright 2021 Example Media</footer></body></html>"
    )


SITE_HEAD = (
    '<meta property="og:site_name" content="Example Herald">'
    '<link rel="canonical" href="https://www.herald.example/world/blinken">'
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2021-05-23T10:00:00Z">'
)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Bay Radio</title><link>https://bay.example/</link>
<item><title>First item</title><link>https://bay.example/1</link><guid>bay-1</guid>
<pubDate>Wed, 05 Mar 2025 19:10:00 +0100</pubDate><author>desk@bay.example (Ruth Calder)</author>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>First paragraph of the item.</p>
<p>Second paragraph, <b>bold</b>.</p>]]></content:encoded>
</item>
<item><title>Second item</title><link>https://bay.example/2</link>
<description>Only a plain summary here.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>Atom entry</title><id>urn:uuid:1</id><link href="https://wire.example/a"/>
<updated>2025-03-04T08:00:00Z</updated><published>2025-03-03T07:40:00+01:00</published>
<author><name>Kai Berg</name></author>
<content type="html">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content></entry>
</feed>"""


def only(items: list[Article | Problem]) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Title line\r\n\r\nBody one.\r\nBody two.\r\n")
    article = only(list(read_sources([path])))
    assert article.kind == "text" and article.ext_id == "story.txt"
    assert article.title == "Title line"
    assert article.text == "Title line\n\nBody one.\nBody two.\n"
    assert article.source == str(path)


def test_date_line_under_the_title(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline here\n\nWednesday, 5 March 2025\n\nWorld News\n\nBody.\n")
    article = only(list(read_sources([path])))
    assert (article.title, article.published) == ("Headline here", "2025-03-05")


def test_date_lines_are_strict() -> None:
    for line in ["Monday, May 24, 2021", "24.05.2021", "Published: 3 March 2025 10:32 GMT"]:
        assert parse_date_line(line), line
    assert parse_date_line("24 мая 2021") == "2021-05-24"
    for line in ["World News", "Sharing is caring!", "May 2021", "The 2020 election", "2021"]:
        assert parse_date_line(line) is None, line


def test_html_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(head=SITE_HEAD), encoding="utf-8")
    article = only(list(read_sources([path])))
    assert article.kind == "html" and article.ext_id == "page.html"
    assert article.title == "Blinken says it is up to Russia"
    assert article.outlet == "Example Herald" and article.outlet_source == "metadata"
    assert article.author == "Jane Doe"
    assert article.url == "https://www.herald.example/world/blinken"
    assert article.published == "2021-05-23" and article.published_source == "metadata"
    assert "up to Russia to decide" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text
    assert "\n\n“It is up to Russia" in article.text  # paragraphs split by blank lines
    assert article.meta["html_bytes"] == path.stat().st_size


def test_jsonl_file(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    rows = [
        {
            "id": "w1",
            "title": "T1",
            "text": "Text one.",
            "outlet": "Wire",
            "published": "2025-03-03",
        },
        {"text": "Text two, no id.", "url": "https://www.wire.example/2", "author": ["A", "B"]},
        {"id": "w3", "html": page(head=SITE_HEAD)},
        {"id": "w4", "page_text": "Menu\nText four.\nFooter"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    a, b, c, d = read_sources([path])
    assert (a.ext_id, a.title, a.text, a.outlet, a.published) == (
        "w1",
        "T1",
        "Text one.",
        "Wire",
        "2025-03-03",
    )
    assert a.kind == "jsonl" and a.source == f"{path}:1"
    assert (b.ext_id, b.source, b.author) == ("wire.jsonl:2", f"{path}:2", "A, B")
    assert (b.outlet, b.outlet_source) == ("wire.example", "url")
    assert c.ext_id == "w3" and c.kind == "jsonl" and c.meta["text_from"] == "html"
    assert c.title == "Blinken says it is up to Russia" and c.outlet == "Example Herald"
    assert "up to Russia to decide" in c.text and "Copyright" not in c.text
    assert d.text == "Menu\nText four.\nFooter" and d.meta["text_from"] == "page_text"


def test_json_list_and_object(tmp_path: Path) -> None:
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"id": 1, "text": "One."}, {"text": "Two."}]))
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"title": "Alone", "text": "Single."}, indent=2))
    one, two, alone = read_sources([listed, single])
    assert (one.ext_id, one.source) == ("1", f"{listed}#1")
    assert (two.ext_id, two.source) == ("list.json#2", f"{listed}#2")
    assert (alone.ext_id, alone.title, alone.text) == ("one.json", "Alone", "Single.")


def test_warc_gz(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, html, ctype in [
            ("https://www.herald.example/a", page(head=SITE_HEAD), "text/html; charset=utf-8"),
            ("https://www.other.example/b", page(title="Undated page"), "text/html"),
            ("https://www.other.example/logo.png", "\x89PNG", "image/png"),
        ]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(html.encode("utf-8")),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2021-05-24T12:00:00Z"},
            )
            writer.write_record(record)
    dated, undated = read_sources([path])
    assert dated.kind == "warc" and dated.ext_id == "https://www.herald.example/a"
    assert dated.url == "https://www.herald.example/a"
    assert dated.meta["canonical_url"] == "https://www.herald.example/world/blinken"
    assert (dated.published, dated.published_source) == ("2021-05-23", "metadata")
    assert (undated.published, undated.published_source) == ("2021-05-24T12:00:00Z", "warc")
    assert (undated.outlet, undated.outlet_source) == ("other.example", "url")
    assert undated.source == f"{path}#2"  # the 2nd record of the file


def test_rss_and_atom(tmp_path: Path) -> None:
    (tmp_path / "bay.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "wire.atom").write_text(ATOM, encoding="utf-8")
    first, second, atom = read_sources([tmp_path / "bay.rss", tmp_path / "wire.atom"])
    assert first.kind == "feed" and first.ext_id == "bay-1"
    assert first.text == "First paragraph of the item.\n\nSecond paragraph, bold."
    assert (first.title, first.url, first.author) == (
        "First item",
        "https://bay.example/1",
        "Ruth Calder",
    )
    assert (first.published, first.published_source) == ("2025-03-05T19:10:00+01:00", "metadata")
    assert (first.outlet, first.outlet_source) == ("Bay Radio", "metadata")
    assert first.source == f"{tmp_path / 'bay.rss'}#1"
    assert second.ext_id == "https://bay.example/2" and second.text == "Only a plain summary here."
    assert (atom.ext_id, atom.outlet, atom.author) == ("urn:uuid:1", "Atom Wire", "Kai Berg")
    assert atom.text == "One.\n\nTwo." and atom.published == "2025-03-03T07:40:00+01:00"


def test_zip_and_tar_gz(tmp_path: Path) -> None:
    members = {
        "siteA/one.txt": b"Zip title\n\nZip body.\n",
        "siteA/two.html": page(head=SITE_HEAD).encode(),
        "top.txt": b"Top title\n\nTop body.\n",
        ".hidden.txt": b"not read",
        "__MACOSX/siteA/._one.txt": b"\0\0junk",
    }
    zipped = tmp_path / "bundle.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    tarred = tmp_path / "bundle.tar.gz"
    with tarfile.open(tarred, "w:gz") as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    for archive in (zipped, tarred):
        one, two, top = read_sources([archive])
        assert one.source == f"{archive}!siteA/one.txt" and one.ext_id == "one.txt"
        assert (one.kind, one.title, one.outlet, one.outlet_source) == (
            "text",
            "Zip title",
            "siteA",
            "folder",
        )
        assert two.kind == "html" and two.outlet == "Example Herald"
        assert top.source == f"{archive}!top.txt"
        assert (top.outlet, top.outlet_source) == ("bundle", "folder")


def test_nested_archive(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep/a.txt", "Deep title\n\nDeep body.\n")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("inner.zip", inner.getvalue())
    article = only(list(read_sources([outer])))
    assert article.source == f"{outer}!inner.zip!deep/a.txt"
    assert article.title == "Deep title" and article.outlet == "deep"


def test_content_beats_suffix(tmp_path: Path) -> None:
    (tmp_path / "a_page.txt").write_text(page(head=SITE_HEAD))
    (tmp_path / "b_feed.dat").write_text(RSS)
    (tmp_path / "c_feed.xml").write_text(ATOM)
    (tmp_path / "d_lines.json").write_text('{"text": "L1"}\n{"text": "L2"}\n')
    (tmp_path / "e_noext").write_text('{"id": "n1", "text": "No suffix."}\n')
    items = list(read_sources([tmp_path]))
    assert [(a.kind, a.source.rsplit("/", 1)[-1]) for a in items] == [
        ("html", "a_page.txt"),
        ("feed", "b_feed.dat#1"),
        ("feed", "b_feed.dat#2"),
        ("feed", "c_feed.xml#1"),
        ("jsonl", "d_lines.json:1"),
        ("jsonl", "d_lines.json:2"),
        ("jsonl", "e_noext:1"),
    ]


def test_sniff_on_bytes() -> None:
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("a.txt", "x")
    assert sniff(zipped.getvalue(), "looks.txt") == "zip"
    assert sniff(b"WARC/1.0\r\n", "crawl.dat") == "warc"
    assert sniff(b"<?xml version='1.0'?>\n<rss version='2.0'>", "x.txt") == "feed"
    assert sniff(b"<?xml version='1.0'?>\n<config/>", "settings.xml") == "unknown"
    assert sniff(b"  <div>Hi</div>", "snippet.txt") == "html"
    assert sniff(b"<Reuters> said on Monday", "wire.txt") == "text"
    assert sniff(b"[Reuters] said", "wire.txt") == "text"
    assert sniff(b"plain words", "data.csv") == "unknown"
    assert sniff(b"\x00\x01\x02binary", "x.txt") == "binary"
    assert sniff("\ufeffTitle".encode("utf-16"), "utf16.txt") == "text"


def test_hidden_files_and_outlets_csv_are_not_articles(tmp_path: Path) -> None:
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden\n")
    (tmp_path / ".secret.txt").write_text("Secret\n")
    (tmp_path / "outlets.csv").write_text("pattern,outlet\nb.txt,Bee\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A title\n")
    (tmp_path / "b.txt").write_text("B title\n")
    items = list(read_sources([tmp_path]))
    assert [a.title for a in items] == ["B title", "A title"]
