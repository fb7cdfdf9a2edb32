"""Site templates: lines that recur across one outlet's pages are its furniture."""

from __future__ import annotations

import hashlib
import json

from newsprism.bench.clean import run
from newsprism.clean import SiteTemplates, TemplateView, clean_text, line_key
from newsprism.clean.templates import article_keys, outlet_of_url
from prose import GENEVA_TALKS

FOOTER = "Daily Planet is not responsible for the content of external sites."

PARAGRAPHS = [
    *GENEVA_TALKS,
    "Farmers in the valley said the late frost had damaged most of the apricot harvest, "
    "and that insurance would cover only part of the loss.",
]


def page(title: str, paragraph: str, other: str) -> str:
    return f"{title}\n\n{paragraph}\n\n{FOOTER}\n\n{other}\n"


def test_line_key_is_a_stable_63_bit_hash_of_the_normalised_line():
    expected = hashlib.blake2b(b"copyright 0000 daily planet", digest_size=8).digest()
    assert line_key("Copyright 2008  Daily Planet") == int.from_bytes(expected, "big") & (2**63 - 1)
    assert line_key("  COPYRIGHT 1999 daily\tplanet ") == line_key("Copyright 2008 Daily Planet")
    assert line_key("Copyright Daily Planet") != line_key("Copyright 2008 Daily Planet")
    assert 0 <= line_key("x") < 2**63


def test_article_keys_are_distinct_and_skip_long_prose():
    text = f"Home\n\nhome\n\n{' '.join(PARAGRAPHS)}\n\n\n{FOOTER}\n"
    assert article_keys(text) == {line_key("Home"), line_key(FOOTER)}


def test_a_line_becomes_a_template_as_pages_of_the_outlet_arrive():
    templates = SiteTemplates(min_articles=3, min_share=0.2)
    assert not templates.view("planet")  # nothing learned: an empty view
    for n, paragraph in enumerate(PARAGRAPHS[:2]):
        templates.add("planet", page(f"Title {n}", paragraph, "Contact us"))
    assert not templates.view("planet").is_template(FOOTER)  # 2 of 2 pages: too few yet
    templates.add("planet", page("Title 3", PARAGRAPHS[2], "Contact us"))
    view = templates.view("planet")
    assert view and view.is_template(FOOTER) and view.is_template("CONTACT US")
    assert view.count(FOOTER) == 3
    assert view.why(FOOTER) == "recurs on 3 of 3 pages of this outlet"
    assert not view.is_template(PARAGRAPHS[0])  # in one page only
    assert not templates.view("other outlet") and not templates.view(None)


def test_share_threshold_grows_with_the_outlet():
    templates = SiteTemplates(min_articles=2, min_share=0.5)
    templates.add_counts("planet", 10, {line_key(FOOTER): 4, line_key("Menu"): 6})
    view = templates.view("planet")
    assert not view.is_template(FOOTER)  # 4 < 0.5 * 10
    assert view.is_template("Menu")
    templates.add("planet", f"Menu\n{FOOTER}\n")  # counts from a store merge with new pages
    assert templates.n_articles("planet") == 11
    assert templates.view("planet").count(FOOTER) == 5


def test_clean_removes_template_lines_with_their_counts():
    templates = SiteTemplates()
    for n, paragraph in enumerate(PARAGRAPHS):
        templates.add("planet", page(f"Title {n}", paragraph, PARAGRAPHS[(n + 1) % 4]))
    view = templates.view("planet")
    text = f"Talks resume\n\n{PARAGRAPHS[0]}\n\n{FOOTER}\n\n{PARAGRAPHS[1]}\n\n{PARAGRAPHS[2]}\n"
    result = clean_text(text, templates=view)
    assert FOOTER not in result.body
    assert all(p in result.body for p in PARAGRAPHS[:3])
    (span,) = [s for s in result.removed if s.label == "template"]
    assert span.text_of(text) == FOOTER
    assert span.attrs["why"] == "recurs on 4 of 4 pages of this outlet"
    # Without the outlet's templates the same line is not a template.
    assert "template" not in {s.label for s in clean_text(text).removed}


def test_outlet_of_url_is_the_host():
    assert outlet_of_url("http://www.Planet.example/news/1?x=2") == "www.planet.example"
    assert outlet_of_url("") is None and outlet_of_url(None) is None and outlet_of_url(3) is None


def test_bench_adapter_learns_templates_from_its_input(tmp_path):
    disclaimer = (
        "Readers should note that the views expressed in comments are those of their authors, "
        "and that comments are moderated before they appear on the site."
    )
    records = []
    for n, paragraph in enumerate(PARAGRAPHS):
        text = f"Title {n}\n\n{paragraph}\n\n{disclaimer}\n\n{PARAGRAPHS[(n + 1) % 4]}\n"
        records.append({"id": f"s/{n}", "url": f"http://planet.example/{n}", "page_text": text})
    records.append({"id": "s/x", "page_text": records[0]["page_text"]})  # no url: no templates
    src, out = tmp_path / "in.jsonl", tmp_path / "pred.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert run(src, out) == 5
    bodies = {r["id"]: r["body"] for r in map(json.loads, out.read_text().splitlines())}
    for n in range(4):
        assert disclaimer not in bodies[f"s/{n}"]
        assert PARAGRAPHS[n] in bodies[f"s/{n}"]
    assert not TemplateView()
    assert disclaimer in bodies["s/x"]  # the same page without a url keeps it
