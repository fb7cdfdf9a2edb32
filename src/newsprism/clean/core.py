"""Clean v2: drop site furniture line by line, by rules, site templates and a line model.

The pass reads the text as lines (``lines.split_lines``) and decides for
each whether it is furniture, and why:

1. whole-line patterns (``patterns.FURNITURE``), date-only lines, bylines,
   wire slugs, a "(FNA)- " agency prefix (only the prefix goes);
2. site templates: lines that recur on many pages of the article's outlet
   (``templates``), wherever they stand, even between paragraphs of prose;
3. the title (first line, or the line equal to the known title) and a short
   section label right under it;
4. after an end-of-article marker (comment form, related links, author box)
   that follows real prose, everything is furniture until long dense prose
   shows the article going on;
5. position: the article is the run of lines with the most prose
   (``position``); navigation before it and footers after it go;
6. the line model (``model``, trained by ``benchmarks/clean/train.py``)
   scores every line from its shape, place and the verdicts above: it gives
   back lines cut only by position and cuts lines the rules kept. The other
   rules' cuts stand whatever the score.

Nothing here deletes text silently: every removed stretch is a ``Span`` into
the input with its reason as label (``pattern:*``, ``template``, ``title``,
``dateline``, ``byline``, ``position:*``, ``model``) and an explanation in
``attrs["why"]``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Article, BodyMap, Cleaned, Span
from . import meta
from .features import RuleView, matrix
from .lines import Cut, Line, is_whole, kind_of, shorten, split_lines, whole_line
from .model import default_model
from .options import DEFAULT_OPTIONS, CleanOptions
from .patterns import FURNITURE, SLUG, Furniture
from .position import cut_by_position, cut_tail_zones
from .templates import EMPTY_VIEW, TemplateView

_DOTS = re.compile(r"(?:\.\.\.|…)$")
_SECTION_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞА-Я][\w'’.-]*|&|and|of|the|de|la|и")


def clean(
    article: Article,
    options: CleanOptions = DEFAULT_OPTIONS,
    templates: TemplateView | None = None,
) -> Cleaned:
    """Remove the site furniture from an article's text; ``templates`` are its outlet's."""
    return clean_text(article.text, title=article.title, options=options, templates=templates)


def clean_text(
    text: str,
    *,
    title: str | None = None,
    options: CleanOptions = DEFAULT_OPTIONS,
    templates: TemplateView | None = None,
) -> Cleaned:
    """Remove the site furniture from ``text``; ``title`` is the article's title if known."""
    view, found = apply_rules(text, title=title, options=options, templates=templates)
    cuts = view.cuts
    if options.use_model:
        model = default_model()
        probs = model.predict(matrix(view, model.stop_words))
        threshold = model.threshold if options.model_threshold is None else options.model_threshold
        cuts = decide(view, probs, threshold)
    return assemble(view, cuts, found)


def apply_rules(
    text: str,
    *,
    title: str | None = None,
    options: CleanOptions = DEFAULT_OPTIONS,
    templates: TemplateView | None = None,
) -> tuple[RuleView, dict[str, str]]:
    """The rule pass: what patterns, templates and position cut, and the metadata found."""
    lines = split_lines(text)
    kinds = [kind_of(line, options.prose_min_words) for line in lines]
    cuts: dict[int, Cut] = {}
    found: dict[str, str] = {}
    markers: dict[int, str] = {}  # end-of-article markers: "soft" or "hard"
    dates: list[tuple[int, str]] = []
    authors: list[tuple[int, str]] = []
    templates = templates or EMPTY_VIEW
    shares = [0.0] * len(lines)

    for line in lines:
        i = line.index
        if templates:
            shares[i] = templates.count(line.text) / templates.n_articles
        furniture = _match_furniture(line.text)
        if furniture:
            cuts[i] = whole_line(line, furniture.label, f"{furniture.why}: “{shorten(line.text)}”")
            if furniture.ends_article:
                markers[i] = furniture.ends_article
            if furniture.teaser_follows:
                _cut_teaser(lines, i, cuts)
            continue
        if i in cuts:  # a teaser line cut above
            continue
        if SLUG.fullmatch(line.text):
            cuts[i] = whole_line(
                line, "pattern:slug", f"a wire slug (editors' initials): “{line.text}”"
            )
        elif (iso := meta.parse_date_line(line.text)) is not None:
            cuts[i] = whole_line(line, "dateline", f"a date line, read as {iso}")
            dates.append((i, iso))
        elif (byline := meta.parse_byline(line.text)) is not None:
            name, ends = byline
            cuts[i] = whole_line(line, "byline", f"a byline naming {name}")
            authors.append((i, name))
            if ends:
                markers[i] = "soft"
        elif not any(ch.isalnum() for ch in line.text) or len(line.text) <= 2:
            cuts[i] = whole_line(line, "pattern:fragment", "a stray symbol, not text")
        elif templates.is_template(line.text):
            cuts[i] = whole_line(line, "template", templates.why(line.text))
        elif (prefix := meta.agency_prefix(line.text)) is not None:
            agency, length = prefix
            cuts[i] = Cut(
                "byline", f"a news agency prefix ({agency})", line.start, line.start + length
            )
            found.setdefault("agency", agency)

    title_index = _find_title(lines, cuts, title, options)
    if title_index is not None:
        found["title"] = lines[title_index].text
        _cut_section(lines, kinds, cuts, title_index, options)
    _cut_bios(lines, cuts, [name for _, name in authors])

    tail, walls = cut_tail_zones(lines, kinds, cuts, markers, options)
    run = cut_by_position(lines, kinds, cuts, walls, options) if options.use_position else None
    head = frozenset(range(run[0], run[1])) - cuts.keys() if run is not None else frozenset()

    for i, iso in dates:
        if i not in tail:
            found.setdefault("published", iso)
            break
    for i, name in authors:
        if i not in tail:
            found.setdefault("author", name)
            break
    span = (run[0], run[2]) if run is not None else None
    return RuleView(text, lines, kinds, cuts, tail, span, shares, head), found


#: How much surer than usual the model must be to cut a sentence the rules kept.
SENTENCE_DOUBT = 0.5
_SENTENCES = frozenset({"prose", "sentence"})


def decide(view: RuleView, probs: Sequence[float], threshold: float) -> dict[int, Cut]:
    """The rules' cuts, revised by the model's score of each line.

    Pattern, template, title and metadata cuts stand whatever the score. A
    cut made only by position is given back when the model reads the line as
    article text; a line the rules kept goes when the model reads it as
    furniture, except a headline-like line that position kept on purpose
    just above the prose (a translated article's original title, a standfirst).
    A kept line that reads as a sentence goes only on a confident score (below
    ``SENTENCE_DOUBT`` times the threshold): losing a sentence of the article
    costs a reader more than keeping a line of furniture.
    Either way the removed line says its score. On a page without a run of
    prose, or where the model would leave nothing, the rules' cuts stand.
    """
    cuts = dict(view.cuts)
    if view.run is None:
        return cuts
    for line, p in zip(view.lines, probs, strict=True):
        if line.index in view.head:
            continue
        cut = cuts.get(line.index)
        whole = cut is not None and is_whole(cuts, line)
        if whole and not cut.label.startswith("position:"):
            continue
        if p >= threshold:
            if whole:
                del cuts[line.index]
        elif not whole and cut is None and view.kinds[line.index] in _SENTENCES:
            if p < threshold * SENTENCE_DOUBT:
                cuts[line.index] = whole_line(
                    line, "model", f"model score {p:.2f}: a sentence, but reads as furniture"
                )
        elif whole:
            cuts[line.index] = Cut(cut.label, f"{cut.why}; model score {p:.2f}", cut.start, cut.end)
        else:
            cuts[line.index] = whole_line(
                line, "model", f"model score {p:.2f} < {threshold:.2f}: reads as furniture"
            )
    if all(is_whole(cuts, line) for line in view.lines):
        return dict(view.cuts)
    return cuts


# All furniture patterns at once: most lines match none, and one regex tells that fastest.
_ANY_FURNITURE = re.compile("|".join(f"(?:{f.regex.pattern})" for f in FURNITURE), re.IGNORECASE)


def _match_furniture(line: str) -> Furniture | None:
    if len(line) > 400 or not _ANY_FURNITURE.fullmatch(line):  # furniture is short
        return None
    for furniture in FURNITURE:
        if furniture.regex.fullmatch(line):
            return furniture
    return None


def _norm(s: str) -> str:
    return " ".join(s.casefold().split())


def _cut_teaser(lines: list[Line], i: int, cuts: dict[int, Cut]) -> None:
    """Cut the teaser after a "Featured Post" line: up to the summary that ends in "..."."""
    following = lines[i + 1 : i + 4]
    for n, line in enumerate(following):
        if _DOTS.search(line.text):
            for teaser in following[: n + 1]:
                cuts[teaser.index] = whole_line(
                    teaser, "pattern:featured", f"the teaser after “{lines[i].text}”"
                )
            return


def _find_title(
    lines: list[Line],
    cuts: dict[int, Cut],
    title: str | None,
    options: CleanOptions,
) -> int | None:
    index = None
    if title is not None:
        wanted = _norm(title)
        index = next((ln.index for ln in lines[:20] if _norm(ln.text) == wanted), None)
    elif options.first_line_is_title:
        for line in lines[:5]:
            if line.index in cuts and cuts[line.index].label == "dateline":
                continue
            reads_like_title = (
                line.index not in cuts
                and line.words <= 30
                and not line.text.rstrip("\"'”’»)").endswith(".")
            )
            index = line.index if reads_like_title else None
            break
    if index is None:
        return None
    head = lines[index]
    cuts[index] = whole_line(head, "title", "the title line")
    if options.drop_title_repeats:
        for line in lines[index + 1 :]:
            if (
                line.index not in cuts
                and line.words >= 3
                and len(line.text) <= len(head.text) + 20  # a repeat is no longer than the title
                and _repeats(head.text, line.text)
            ):
                cuts[line.index] = whole_line(line, "title", "repeats the title")
    return index


def _repeats(title: str, line: str) -> bool:
    """Is ``line`` the title, or the title without a "| Site" part?"""
    t, s = _norm(title), _norm(line)
    if t == s:
        return True
    for sep in (" | ", " - ", " – ", " — ", ": ", " :: ", " » "):
        if t.startswith(s + sep.rstrip()) or t.endswith(sep.lstrip() + s):
            return True
    return False


def _cut_section(
    lines: list[Line],
    kinds: list[str],
    cuts: dict[int, Cut],
    title_index: int,
    options: CleanOptions,
) -> None:
    """A short label such as "World News" right under the title is the site's section."""
    seen = 0
    for line in lines[title_index + 1 :]:
        if line.index in cuts:
            continue
        if kinds[line.index] == "prose" or seen == 2:
            return
        seen += 1
        words = line.text.split()
        if (
            1 <= len(words) <= options.section_max_words
            and len(line.text) <= 30
            and line.text[-1] not in ".!?:,;"
            and all(_SECTION_WORD.fullmatch(w) for w in words)
        ):
            cuts[line.index] = whole_line(
                line, "pattern:section", f"a section label: “{line.text}”"
            )
            return


def _cut_bios(lines: list[Line], cuts: dict[int, Cut], names: list[str]) -> None:
    """A line opening with a byline's name ("SMEStreet Edit Desk is a small group of...")
    is the author's bio."""
    for name in names:
        opener = re.compile(rf"{re.escape(name)}\s+(?:is|was|has|had|joined|writes)\b", re.I)
        for line in lines:
            if line.index not in cuts and opener.match(line.text) and line.words <= 120:
                cuts[line.index] = whole_line(line, "pattern:bio", f"a bio of {name}")


def assemble(view: RuleView, cuts: dict[int, Cut], found: dict[str, str]) -> Cleaned:
    """Join the kept lines into the body; merge neighbouring cuts with one reason."""
    text, lines = view.text, view.lines
    parts: list[str] = []
    segments: list[list[int]] = []
    body_len = 0
    last_block: int | None = None
    removed: list[Span] = []
    open_cut: Cut | None = None
    open_lines = 0

    def close() -> None:
        nonlocal open_cut
        if open_cut is not None:
            attrs = {"why": open_cut.why, "lines": open_lines}
            removed.append(Span(open_cut.start, open_cut.end, open_cut.label, attrs))
            open_cut = None

    for line in lines:
        keep_start, keep_end = line.start, line.end
        cut = cuts.get(line.index)
        if cut is not None:
            whole = cut.start == line.start and cut.end == line.end
            if (
                open_cut is not None
                and whole
                and (cut.label, cut.why) == (open_cut.label, open_cut.why)
            ):
                open_cut.end, open_lines = cut.end, open_lines + 1
            else:
                close()
                open_cut, open_lines = Cut(cut.label, cut.why, cut.start, cut.end), 1
            if whole:
                continue
            keep_start = cut.end  # a prefix went; the rest of the line stays
            close()
        else:
            close()
        piece = text[keep_start:keep_end]
        # Lines of one paragraph keep their single newline; paragraphs get a blank line.
        sep = "" if last_block is None else "\n" if line.block == last_block else "\n\n"
        last_block = line.block
        prev = segments[-1] if segments else None
        if prev is not None and text[prev[1] + prev[2] : keep_start] == sep:
            prev[2] += len(sep) + len(piece)  # contiguous in the text too: one segment
        else:
            segments.append([body_len + len(sep), keep_start, len(piece)])
        parts.append(sep + piece)
        body_len += len(sep) + len(piece)
    close()
    body_map = BodyMap(tuple((a, b, c) for a, b, c in segments))
    return Cleaned(body="".join(parts), body_map=body_map, removed=removed, found=found)
