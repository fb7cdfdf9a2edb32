"""The HTML report: segments from spans, escaping, index order, self-containment, atomic writes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsprism.model import Analysis, Article, BodyMap, Cleaned, Problem, Span, StoredArticle
from newsprism.report import (
    Range,
    Segment,
    article_segments,
    render_report,
    split_segments,
    write_report,
)

PAGE = (
    "Tanker aground at Port Veyra\n"
    "Share this article\n"
    "Ilse Marrow said the harbour would reopen.\n"
    "The Halvard Line declined to comment.\n"
    "four + six ="
)


def stored(
    id: int,
    text: str,
    *,
    keep: list[str] | None = None,
    removed: dict[str, tuple[str, str]] | None = None,
    entities: Sequence[tuple[str, str]] = (),
    languages: Sequence[tuple[str, str]] = (),
    **meta: object,
) -> StoredArticle:
    """An article whose body is the ``keep`` lines of ``text`` joined by newlines.

    ``removed`` maps removed text to (label, why); ``entities`` and ``languages``
    are (body substring, label) pairs. With ``keep=None`` the article is unanalysed.
    """
    article = Article(ext_id=f"e{id}", text=text, source=f"in/e{id}.txt", kind="text", **meta)
    if keep is None:
        return StoredArticle(id, article, None)
    body, segments = "", []
    for piece in keep:
        if body:
            body += "\n"
        segments.append((len(body), text.index(piece), len(piece)))
        body += piece
    cut = []
    for snippet, (label, why) in (removed or {}).items():
        start = text.index(snippet)
        cut.append(Span(start, start + len(snippet), label, {"why": why} if why else {}))

    def spans(pairs: Sequence[tuple[str, str]]) -> list[Span]:
        out = []
        for snippet, label in pairs:
            start = body.index(snippet)
            out.append(Span(start, start + len(snippet), label, {"text": snippet}))
        return out

    cleaned = Cleaned(body, BodyMap(tuple(segments)), cut)
    analysis = Analysis(cleaned, "en", 0.99, spans(languages), [], spans(entities))
    return StoredArticle(id, article, analysis)


def harbour_article(id: int = 1, **meta: object) -> StoredArticle:
    meta.setdefault("title", "Tanker aground at Port Veyra")
    meta.setdefault("outlet", "Harbour Watch")
    meta.setdefault("published", "2025-03-03")
    return stored(
        id,
        PAGE,
        keep=[
            "Ilse Marrow said the harbour would reopen.",
            "The Halvard Line declined to comment.",
        ],
        removed={
            "Tanker aground at Port Veyra\n": ("title", ""),
            "Share this article\n": ("pattern:share", "a share prompt"),
            "\nfour + six =": ("pattern:captcha", "an arithmetic captcha"),
        },
        entities=[("Ilse Marrow", "PERSON"), ("Halvard Line", "ORG")],
        **meta,
    )


class IndexParser(HTMLParser):
    """Collects the index: outlet headings and the anchors under each, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.in_nav = self.in_h3 = False
        self.groups: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self.in_nav = True
        elif self.in_nav and tag == "h3":
            self.in_h3 = True
            self.groups.append(("", []))
        elif self.in_nav and tag == "a":
            self.groups[-1][1].append(dict(attrs)["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.in_nav = False
        elif tag == "h3":
            self.in_h3 = False

    def handle_data(self, data: str) -> None:
        if self.in_h3 and self.groups and not self.groups[-1][0]:
            self.groups[-1] = (data.strip(), self.groups[-1][1])


def index_of(html: str) -> list[tuple[str, list[str]]]:
    parser = IndexParser()
    parser.feed(html)
    return parser.groups


# --- split_segments -------------------------------------------------------------------------


def test_split_segments_fills_gaps_with_plain_text() -> None:
    text = "Ilse Marrow met the Halvard Line."
    segs = split_segments(text, [Range(20, 32, "ent", {"label": "ORG"}), Range(0, 11, "ent")])
    assert [(s.kind, s.text) for s in segs] == [
        ("ent", "Ilse Marrow"),
        ("text", " met the "),
        ("ent", "Halvard Line"),
        ("text", "."),
    ]
    assert segs[2].attrs == {"label": "ORG"}


def test_split_segments_clips_overlaps_and_out_of_range_without_losing_text() -> None:
    text = "abcdefghij"
    segs = split_segments(
        text,
        [
            Range(2, 6, "x"),
            Range(4, 8, "y"),
            Range(5, 5, "empty"),
            Range(8, 99, "z"),
            Range(-3, 1, "w"),
        ],
    )
    assert "".join(s.text for s in segs) == text
    assert [(s.kind, s.text) for s in segs] == [
        ("w", "a"),
        ("text", "b"),
        ("x", "cdef"),
        ("y", "gh"),
        ("z", "ij"),
    ]


def test_split_segments_of_empty_text_and_no_ranges() -> None:
    assert split_segments("", [Range(0, 4, "x")]) == []
    assert split_segments("plain", []) == [Segment("text", "plain", {})]


def test_entity_straddling_a_removed_boundary_is_clipped_to_the_kept_parts() -> None:
    text = "Port\n[ad]\nVeyra reopened."
    art = stored(
        1,
        text,
        keep=["Port", "Veyra reopened."],
        removed={"\n[ad]\n": ("pattern:ad", "an advert")},
        entities=[("Port\nVeyra", "GPE")],  # spans the separator, so maps over the advert
    )
    segs = article_segments(art)
    assert "".join(s.text for s in segs) == text
    assert [(s.kind, s.text) for s in segs] == [
        ("ent", "Port"),
        ("removed", "\n"),
        ("removed", "[ad]\n"),
        ("ent", "Veyra"),
        ("text", " reopened."),
    ]


def test_entities_mapped_into_removed_text_or_past_the_end_never_break() -> None:
    text = "Port\n[ad]\nVeyra reopened."
    art = stored(1, text, keep=["Port", "Veyra reopened."], removed={"[ad]": ("ad", "")})
    assert art.analysis is not None
    # Body offset 4 is the separator: it maps onto the advert and the blank around it.
    art.analysis.entities.append(Span(4, 5, "ORG"))
    # A stale map that sends the next entity past the end of the text.
    art.analysis.cleaned.body_map = BodyMap(((0, 0, 4), (5, 10, 400)))
    art.analysis.entities.append(Span(6, 400, "GPE"))
    segs = article_segments(art)
    assert "".join(s.text for s in segs) == text
    assert ("removed", "[ad]") in [(s.kind, s.text) for s in segs]
    assert [s.text for s in segs if s.kind == "ent"] == ["eyra reopened."]


# --- rendering ------------------------------------------------------------------------------


def test_removed_text_is_struck_through_with_its_reason() -> None:
    html = render_report([harbour_article()], generated="")
    assert re.search(
        r'<del class="removed" title="a share prompt">Share this article\n</del>', html
    )
    assert '<span class="why" title="a share prompt">pattern:share</span>' in html
    # No "why" attribute: the label is the tooltip.
    assert re.search(
        r'<del class="removed" title="title">Tanker aground at Port Veyra\n</del>', html
    )
    assert "del.removed" in html and "line-through" in html


def test_a_run_of_lines_cut_for_one_reason_is_tagged_once() -> None:
    text = "Body text.\nLeave a Reply\nName *\nEmail *\nfour + six ="
    art = stored(
        1,
        text,
        keep=["Body text."],
        removed={
            "Leave a Reply": ("pattern:comments", "comment form"),
            "Name *": ("pattern:comments", "comment form"),
            "Email *": ("pattern:comments", "comment form"),
            "four + six =": ("pattern:captcha", "captcha"),
        },
        title="t",
    )
    kinds = [(s.kind, s.text) for s in article_segments(art)]
    assert kinds[:4] == [
        ("text", "Body text.\n"),  # the line break after kept text stays when cuts are hidden
        ("removed", "Leave a Reply"),
        ("gap", "\n"),  # between removed lines: hidden with them
        ("removed", "Name *"),
    ]
    html = render_report([art], generated="")
    assert '<span class="gap">\n</span>' in html
    assert html.count(">pattern:comments</span>") == 1
    assert html.count(">pattern:captcha</span>") == 1
    assert '<del class="removed" title="comment form">Email *</del>' in html


def test_entities_are_marked_with_their_label() -> None:
    html = render_report([harbour_article()], generated="")
    assert '<mark class="ent ent-PERSON" title="PERSON">Ilse Marrow</mark>' in html
    assert '<mark class="ent ent-ORG" title="ORG">Halvard Line</mark>' in html
    # The kept text around them is shown plainly, in order.
    assert "</mark> said the harbour would reopen.\nThe <mark" in html


def test_entity_summary_counts_mentions() -> None:
    text = "Marrow spoke. Marrow left. Pask stayed."
    art = stored(
        1,
        text,
        keep=[text],
        entities=[("Marrow", "PERSON"), ("Pask", "PERSON")],
        title="t",
    )
    art.analysis.entities.insert(1, Span(14, 20, "PERSON", {"text": "Marrow"}))
    html = render_report([art], generated="")
    summary = html[html.index("Most mentioned") :]
    assert re.search(r">Marrow</mark> <span class=\"n\">×2</span>", summary)
    assert summary.index(">Marrow<") < summary.index(">Pask<")


def test_paragraph_in_another_language_gets_a_badge() -> None:
    text = "Tanker aground\nUn buque encalla en Port Veyra\nThe ship is stuck."
    art = stored(
        1,
        text,
        keep=["Un buque encalla en Port Veyra", "The ship is stuck."],
        removed={"Tanker aground\n": ("title", "")},
        entities=[("Port Veyra", "GPE")],
        languages=[("Un buque encalla en Port Veyra", "es")],
        title="Tanker aground",
    )
    html = render_report([art], generated="")
    assert '<span class="lang-badge" title="paragraph in es, not en">es</span>' in html
    assert '<span class="foreign" lang="es">Un buque encalla en </span>' in html
    assert '<mark class="ent ent-GPE foreign" title="GPE">Port Veyra</mark>' in html
    assert html.count('class="lang-badge" title=') == 1


def test_html_in_the_data_is_escaped() -> None:
    evil = "Before <script>alert('x')</script> after & <b>bold</b>"
    art = stored(
        1,
        evil,
        title='<img src=x onerror="alert(1)">',
        outlet="<i>Outlet</i>",
        url="javascript:alert(1)",
    )
    html = render_report([art], generated="")
    assert "<script" not in html
    assert (
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; after &amp; &lt;b&gt;bold&lt;/b&gt;"
        in html
    )
    assert "<img" not in html and "&lt;img src=x" in html
    assert "<i>Outlet</i>" not in html
    assert 'href="javascript:' not in html  # shown as text, not a link


def test_unanalysed_article_shows_raw_text_with_a_note() -> None:
    html = render_report([stored(7, "Raw text\nwith <lines>.", title="Raw")], generated="")
    assert 'id="a-7"' in html
    assert "not analysed yet" in html
    assert "Raw text\nwith &lt;lines&gt;." in html
    assert "<del" not in html.split("<main>")[1]


def test_index_groups_by_outlet_then_date_unknown_last() -> None:
    arts = [
        harbour_article(1, outlet="Veyra Daily", published="2025-03-05"),
        harbour_article(2, outlet="Harbour Watch", published=None),
        harbour_article(3, outlet="Veyra Daily", published="2025-03-03T22:00:00+01:00"),
        harbour_article(4, outlet=None, published="2025-03-01"),
        harbour_article(5, outlet="Harbour Watch", published="2025-03-11"),
        harbour_article(6, outlet="Veyra Daily", published="2025-03-04"),
        harbour_article(7, outlet="Veyra Daily", published=None),
    ]
    html = render_report(arts, generated="")
    assert index_of(html) == [
        ("Harbour Watch", ["#a-5", "#a-2"]),
        ("Veyra Daily", ["#a-3", "#a-6", "#a-1", "#a-7"]),
        ("Unknown outlet", ["#a-4"]),
    ]
    # The articles themselves follow the index order.
    order = re.findall(r'<article class="art" id="(a-\d+)"', html)
    assert order == ["a-5", "a-2", "a-3", "a-6", "a-1", "a-7", "a-4"]


def test_header_counts_and_metadata() -> None:
    arts = [
        harbour_article(1, published_source="dateline", url="https://harbourwatch.test/a"),
        harbour_article(2, outlet="Veyra Daily"),
        stored(3, "Unanalysed.", outlet="Veyra Daily", title="u"),
    ]
    html = render_report(arts, title="Port Veyra", generated="2025-03-12 10:00 UTC")
    assert "<title>Port Veyra</title>" in html
    assert "Generated 2025-03-12 10:00 UTC" in html
    assert "<dt>articles</dt><dd>3</dd>" in html
    assert "<dt>outlets</dt><dd>2</dd>" in html
    assert "<dt>languages</dt><dd>1</dd>" in html
    assert "<dt>not analysed yet</dt><dd>1</dd>" in html
    assert '2025-03-03 <span class="via">from dateline</span>' in html
    assert '<a href="https://harbourwatch.test/a" rel="noopener noreferrer">' in html


def test_an_estimated_date_reads_as_a_guess_everywhere() -> None:
    art = harbour_article(1, published="2021-01-21", published_source="estimate")
    art.analysis.published = {"date": "2021-01-21", "note": "estimated from 1 date mention(s)"}
    html = render_report([art, harbour_article(2)], generated="")
    nav = html[: html.index("</nav>")]
    assert "≈ 2021-01-21" in nav and "≈ 2025-03-03" not in nav
    assert '≈ 2021-01-21 <span class="via">from estimate: estimated from 1 date' in html


def test_problems_are_listed() -> None:
    problems = [Problem("in/bad.html", "not UTF-8 and no charset declared")]
    html = render_report([harbour_article()], problems=problems, generated="")
    section = html[html.index('id="problems"') :]
    assert "<code>in/bad.html</code>: not UTF-8 and no charset declared" in section
    assert "problems" not in render_report([harbour_article()], generated="").split("<main>")[1]


def test_report_is_self_contained() -> None:
    url = "https://harbourwatch.test/tanker"
    html = render_report([harbour_article(url=url)], problems=[Problem("p", "m")])
    assert "<link" not in html
    assert "<script" not in html
    assert "@import" not in html
    assert "url(" not in html
    assert "src=" not in html
    # The only web address is the one that came with the article.
    assert "http://" not in html
    assert html.replace(url, "").count("https://") == 0


def test_empty_report_renders() -> None:
    html = render_report([], generated="")
    assert "<dt>articles</dt><dd>0</dd>" in html


# --- write_report ---------------------------------------------------------------------------


def test_write_report_writes_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("old report")
    write_report(path, [harbour_article()], title="Fresh", generated="")
    assert "<title>Fresh</title>" in path.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert path.stat().st_mode & 0o444 == 0o444


def test_write_report_cleans_up_when_the_replace_fails(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.mkdir()  # a directory cannot be replaced by a file
    (target / "keep").write_text("x")
    with pytest.raises(OSError):
        write_report(target, [harbour_article()])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


# --- marks: quotes and reused passages ------------------------------------------------------


def test_marks_lay_over_kept_text_and_entities_but_not_removed_text() -> None:
    art = harbour_article()
    body = art.analysis.cleaned.body
    start = body.index("Marrow said")
    end = body.index(" would reopen") + len(" would reopen")
    mark = Range(start, end, "quote", {"quote": "indirect", "who": "Ilse Marrow"})
    segs = article_segments(art, [mark])
    assert "".join(s.text for s in segs if s.kind != "lang") == PAGE
    marked = [(s.kind, s.text) for s in segs if s.attrs.get("quote")]
    # the entity is split at the mark's edge, and keeps its label on the marked piece
    assert marked == [("ent", "Marrow"), ("text", " said the harbour would reopen")]
    assert [s.attrs.get("label") for s in segs if s.text == "Marrow"] == ["PERSON"]
    assert not any(s.attrs.get("quote") for s in segs if s.kind == "removed")


def test_report_highlights_a_quote_and_names_its_speaker() -> None:
    art = harbour_article()
    body = art.analysis.cleaned.body
    s = body.index("the harbour")
    e = body.index(".", s)
    art.analysis.quotes.append(
        Span(s, e, "indirect", {"content": [[s, e]], "speaker": "Ilse Marrow", "text": body[s:e]})
    )
    html = render_report([art], generated="")
    assert '<span class="q q-indirect" title="indirect quote: Ilse Marrow">' in html
