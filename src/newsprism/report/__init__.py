"""The self-contained HTML report: every article with what cleaning removed and what analysis
found, and the corpus seen whole: stories, speakers and their quotes, quote families, and
who copied whom.

The report is one file with inline CSS and no external resources, so it can be mailed,
archived or opened offline. ``segments`` cuts each article's text for display from stored
spans, ``articles`` builds the per-article views, ``corpus`` the corpus-wide ones; the
template only escapes and styles.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from newsprism.model import Problem, StoredArticle
from newsprism.report.articles import UNKNOWN_OUTLET, ArticleView, article_view, group_by_outlet
from newsprism.report.corpus import Findings, corpus_views, read_findings
from newsprism.report.segments import Range, Segment, article_segments, split_segments

__all__ = [
    "ArticleView",
    "Findings",
    "Range",
    "Segment",
    "article_segments",
    "read_findings",
    "render_report",
    "split_segments",
    "write_report",
]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsprism", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _css_class(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", label) or "none"


def render_report(
    articles: Sequence[StoredArticle],
    *,
    title: str = "newsprism report",
    generated: str | None = None,
    problems: Sequence[Problem] = (),
    findings: Findings | None = None,
) -> str:
    """The report as one HTML string. ``generated`` defaults to now (UTC); pass "" to omit it.
    ``findings`` (``read_findings(store)``) adds stories, speakers, quote families and copies."""
    if generated is None:
        generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    corpus = corpus_views(findings or Findings(), {s.id: s for s in articles})
    groups = [
        (name, [article_view(s, corpus.extras.get(s.id)) for s in group])
        for name, group in group_by_outlet(articles)
    ]
    views = [v for _, group in groups for v in group]
    languages = Counter(v.language for v in views if v.language)
    labels = sorted(
        {seg.attrs["label"] for v in views for seg in v.segments if seg.kind == "ent"}
        | {label for v in views for label, _, _ in v.top_entities}
    )
    context: dict[str, Any] = {
        "title": title,
        "generated": generated,
        "groups": groups,
        "n_articles": len(views),
        "n_outlets": len({v.outlet for v in views if v.outlet != UNKNOWN_OUTLET}),
        "languages": languages.most_common(),
        "n_unanalysed": sum(not v.analysed for v in views),
        "labels": labels,
        "problems": list(problems),
        "corpus": corpus,
        "css_class": _css_class,
    }
    return _environment().get_template("report.html.j2").render(context)


def write_report(path: Path, articles: Sequence[StoredArticle], **kw: Any) -> None:
    """Render the report and write it to ``path`` atomically (temp file in the same folder)."""
    html = render_report(articles, **kw)
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(html)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
