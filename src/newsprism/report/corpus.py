"""What the report shows of the corpus as a whole: stories, speakers, quote families and
copies, plus what each article gains from them (its quotes, its story, its reused passages).

``read_findings`` reads the corpus-wide results from a store once; ``corpus_views`` turns
them into plain views, linked to the article sections by anchor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from newsprism.analyse.quotes.speakers import BARE_SOURCES
from newsprism.corpus.attribution import attribute, quote_families
from newsprism.corpus.copying import Copy, Edge, copies, copy_graph, passage
from newsprism.corpus.families import Family
from newsprism.model import StoredArticle
from newsprism.report.articles import ArticleExtras, QuoteView, Ref, ref_of
from newsprism.report.segments import Range
from newsprism.store import Store
from newsprism.store.records import ReuseRow, SpeakerRow, StoryRow

SNIPPET = 400


@dataclass(slots=True)
class Findings:
    """The corpus-wide results of a store, as the report needs them."""

    speakers: list[SpeakerRow] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # within-article name -> speaker id
    families: list[Family] = field(default_factory=list)
    stories: list[StoryRow] = field(default_factory=list)
    story_of: dict[int, int] = field(default_factory=dict)
    reuse: list[ReuseRow] = field(default_factory=list)


def read_findings(store: Store) -> Findings:
    speakers, aliases = store.speakers(), store.speaker_aliases()
    return Findings(
        speakers=speakers,
        aliases=aliases,
        families=quote_families(attribute(store.quote_rows(), speakers, aliases)),
        stories=store.stories(),
        story_of=store.story_of(),
        reuse=store.reuse_rows(),
    )


@dataclass(slots=True)
class SpeakerView:
    anchor: str
    name: str
    kind: str | None
    aliases: list[str]
    quotes: list[QuoteView]


@dataclass(slots=True)
class PairView:
    source: Ref
    target: Ref
    near_duplicate: bool
    chars: int
    passages: list[tuple[str, str]]  # (source text, target text)


@dataclass(slots=True)
class StoryView:
    anchor: str
    row: StoryRow
    articles: list[Ref]
    edges: list[Edge]
    pairs: list[PairView]


@dataclass(slots=True)
class MemberView:
    article: Ref | None
    speaker: str | None
    text: str
    diff: list[tuple[str, str]]
    first: bool


@dataclass(slots=True)
class FamilyView:
    anchor: str
    id: str
    mismatch: bool
    speakers: dict[str, list[str]]
    members: list[MemberView]


@dataclass(slots=True)
class CorpusViews:
    speakers: list[SpeakerView]
    stories: list[StoryView]
    families: list[FamilyView]
    extras: dict[int, ArticleExtras]


def corpus_views(findings: Findings, articles: Mapping[int, StoredArticle]) -> CorpusViews:
    refs = {i: ref_of(s) for i, s in articles.items()}
    by_ext = {s.article.ext_id: refs[i] for i, s in articles.items()}
    extras: dict[int, ArticleExtras] = {i: ArticleExtras() for i in articles}

    # Quotes come from each article's own analysis; the store's speaker table only names
    # them canonically, so a report without findings still highlights who said what.
    canonical = {s.id: s for s in findings.speakers}
    speakers: dict[str, SpeakerView] = {}
    for i, stored in articles.items():
        for q in stored.analysis.quotes if stored.analysis else []:
            name = q.attrs.get("speaker")
            who = canonical.get(findings.aliases.get(name or "", ""))
            anchor = f"p-{_slug(who.id)}" if who else None
            text = q.attrs.get("text") or stored.analysis.cleaned.body[q.start : q.end]
            view = QuoteView(
                refs[i],
                q.label,
                who.name if who else name or "unresolved",
                anchor,
                _as_written(q.attrs.get("source_text")),
                text,
            )
            ex = extras[i]
            ex.quotes.append(view)
            for s, e in q.attrs.get("content") or [(q.start, q.end)]:
                ex.marks.append(Range(s, e, "quote", {"quote": q.label, "who": view.speaker}))
            if who and anchor:
                sv = speakers.setdefault(
                    anchor, SpeakerView(anchor, who.name, who.kind, who.aliases, [])
                )
                sv.quotes.append(view)

    members: dict[int, list[int]] = {}
    for art, sid in findings.story_of.items():
        members.setdefault(sid, []).append(art)
    links = [r for r in findings.reuse if r.source_id in refs and r.target_id in refs]
    pairs = copies(links)
    for c in pairs:
        extras[c.target].reused.append(("took from", refs[c.source], c.chars))
        extras[c.source].reused.append(("taken by", refs[c.target], c.chars))
        for p in c.passages:
            ex_t, ex_s = extras[c.target], extras[c.source]
            ex_t.marks.append(
                Range(
                    p.target_start,
                    p.target_end,
                    "reused",
                    {"reused": f"from {refs[c.source].outlet}"},
                )
            )
            ex_s.marks.append(
                Range(
                    p.source_start,
                    p.source_end,
                    "reused",
                    {"reused": f"taken by {refs[c.target].outlet}"},
                )
            )

    stories = []
    outlet_of = {i: s.article.outlet for i, s in articles.items()}
    for row in findings.stories:
        ids = sorted(
            (i for i in members.get(row.id, []) if i in refs),
            key=lambda i: (articles[i].article.published or "~", i),
        )
        if not ids:
            continue
        anchor = f"s-{row.id}"
        for i in ids:
            extras[i].story = Ref(anchor, row.label, "", row.first_date)
        inside = set(ids)
        story_pairs = [c for c in pairs if c.source in inside and c.target in inside]
        stories.append(
            StoryView(
                anchor,
                row,
                [refs[i] for i in ids],
                copy_graph(story_pairs, outlet_of),
                [_pair(c, refs, articles) for c in story_pairs],
            )
        )

    families = [
        FamilyView(
            f"f-{fam.id}",
            fam.id,
            fam.speaker_mismatch,
            fam.speakers,
            [
                MemberView(by_ext.get(m.article), m.speaker, m.text, m.diff, k == 0)
                for k, m in enumerate(fam.members)
            ],
        )
        for fam in findings.families
    ]
    ranked = sorted(speakers.values(), key=lambda s: (-len(s.quotes), s.name))
    return CorpusViews(ranked, stories, families, extras)


def _pair(c: Copy, refs: Mapping[int, Ref], articles: Mapping[int, StoredArticle]) -> PairView:
    def body(i: int) -> str:
        an = articles[i].analysis
        return an.cleaned.body if an else ""

    src, dst = body(c.source), body(c.target)
    passages = [
        (
            passage(src, p.source_start, p.source_end, SNIPPET),
            passage(dst, p.target_start, p.target_end, SNIPPET),
        )
        for p in c.passages
    ]
    return PairView(refs[c.source], refs[c.target], c.near_duplicate, c.chars, passages)


def _as_written(source: str | None) -> str | None:
    if not source or source.strip().lower() in BARE_SOURCES:
        return None
    return " ".join(source.split())


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in text)
