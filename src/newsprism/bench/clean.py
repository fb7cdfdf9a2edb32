"""Adapter for the shared clean benchmark (``../shared/bench/clean``).

Reads ``{"id", "page_text"}`` or ``{"id", "html"}`` lines (gold fields, if
present, are never read) and writes ``{"id", "body"}`` lines for
``score_clean.py``. Run: ``python -m newsprism.bench.clean IN.jsonl OUT.jsonl``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..clean import clean_text
from ..clean.html import extract_html
from ..clean.templates import SiteTemplates, TemplateView, outlet_of_url
from ..errors import InputError
from .jsonl import read_records, write_records


def body_of_page_text(page_text: str, templates: TemplateView | None = None) -> str:
    """The article body of a whole page copied as text (its first line is the page title);
    ``templates`` are the site templates of the page's outlet."""
    return clean_text(page_text, templates=templates).body


def body_of_html(html: str) -> str:
    """The article body of an HTML page (``newsprism.clean.html.extract_html``)."""
    return extract_html(html)


def run(in_path: Path, out_path: Path) -> int:
    """Write one ``{"id", "body"}`` line per input line; return the number of records.

    A first pass learns site templates from the input itself: the ``page_text``
    of records with a ``url`` are counted by host (an input field; gold is never
    read), then each page is cleaned with its host's templates.
    """
    templates = _learn_templates(Path(in_path))
    return write_records(
        out_path,
        (
            _predict(record, where, templates)
            for where, record in read_records(in_path, text_field=None)
        ),
    )


def _learn_templates(in_path: Path) -> SiteTemplates:
    """Site templates over the input's page texts (malformed lines are left to ``_predict``)."""
    templates = SiteTemplates()
    with in_path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if not isinstance(record, dict) or not isinstance(record.get("page_text"), str):
                continue
            outlet = outlet_of_url(record.get("url"))
            if outlet is not None:
                templates.add(outlet, record["page_text"])
    return templates


def _predict(record: dict, where: str, templates: SiteTemplates | None = None) -> dict[str, str]:
    if isinstance(record.get("page_text"), str):
        outlet = outlet_of_url(record.get("url"))
        view = templates.view(outlet) if templates is not None else None
        body = body_of_page_text(record["page_text"], view)
    elif isinstance(record.get("html"), str):
        body = body_of_html(record["html"])
    else:
        raise InputError(where, 'a record needs a "page_text" or an "html" string')
    return {"id": str(record["id"]), "body": body}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m newsprism.bench.clean IN.jsonl OUT.jsonl", file=sys.stderr)
        return 2
    n = run(Path(args[0]), Path(args[1]))
    print(f"{n} records -> {args[1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
