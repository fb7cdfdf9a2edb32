"""The HTML track of the cleaner: trafilatura, the page's own text, then clean_text."""

from __future__ import annotations

import lxml.html
import pytest
import trafilatura

from newsprism.clean.html import article_region, extract_html, page_text
from prose import GENEVA_TALKS

PARAGRAPHS = GENEVA_TALKS
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)

ARTICLE_PAGE = f"""<!DOCTYPE html><html><head><title>Talks to resume | Daily Planet</title>
<script>var tracker = "should never show";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport and leisure pages</a></li></ul></nav>
<article><h1>Talks to resume in Geneva</h1>{BODY}</article>
<section class="comments"><h3>Leave a Reply</h3>
<div class="comment"><p>Great article, thanks for sharing this with all of us!</p></div>
<form><label>Your email address will not be published.</label></form></section>
<footer><p>Copyright 2024 Daily Planet. All rights reserved.</p>
<a href="/privacy">Privacy policy and cookie settings</a></footer>
</body></html>"""


def test_article_kept_and_furniture_dropped():
    body = extract_html(ARTICLE_PAGE)
    for paragraph in PARAGRAPHS:
        assert paragraph in body
    for furniture in ("Home", "Sport and leisure", "Great article", "email address",
                      "Copyright", "Privacy", "should never show"):  # fmt: skip
        assert furniture not in body
    assert body.endswith(PARAGRAPHS[-1])  # the comments and footer after it are gone


def test_swallowed_title_page_is_repaired():
    # A crawl cut "</title>" to "</tit": the parser reads the rest of the page as the title.
    page = (
        "<html><head><title>Talks to resume</tit" + "<!-- padding -->" * 30 + "</head>"
        f"<body><div>Home | World</div>{BODY}</body></html>"
    )
    assert trafilatura.extract(page) is None
    body = extract_html(page)
    assert all(p in body for p in PARAGRAPHS)
    assert "padding" not in body


def test_fragment_trafilatura_cannot_parse_is_read_by_lxml():
    page = "<br>".join(PARAGRAPHS[:2])  # no <html>: trafilatura's own parsing gives up
    assert trafilatura.extract(page) is None
    assert extract_html(page).split() == " ".join(PARAGRAPHS[:2]).split()


@pytest.mark.parametrize("page", ["", "   ", "\x00", "<<<>>>", "<html></html>", "<p>  </p>"])
def test_nothing_gives_empty(page):
    assert extract_html(page) == ""


def test_page_text_lays_out_blocks_and_drops_invisible_parts():
    root = lxml.html.document_fromstring(
        "<html><head><title>T</title><style>p {}</style></head><body>"
        "<div>Menu <b>one</b>, two</div><!-- note --><p>First <i>para</i>graph (x)</p>"
        "<ul><li>a</li><li>b</li></ul><script>x()</script></body></html>"
    )
    assert page_text(root) == "T\n\nMenu one, two\n\nFirst para graph (x)\n\na\nb"


def test_article_region_fills_gaps_between_found_lines():
    page = "\n".join(
        ["Home", "World news", "first line of the story", "a short one",
         "last line of the story", "Related: another story"]
    )  # fmt: skip
    extracted = "first line of the story\nlast line of the story"
    region = article_region(page, extracted)
    assert region == "first line of the story\na short one\nlast line of the story"
    assert article_region(page, "nothing of this page here") is None
