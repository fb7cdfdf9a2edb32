"""Rules by position: the end of the article, and the article's main run of prose.

The article is the run of lines with the most prose, found as a maximum-sum
run over per-line scores (the idea of Finn et al.'s Body Text Extraction,
2001): prose lines score their length, short lines and furniture cost.
"""

from __future__ import annotations

from .lines import Cut, Line, is_whole, shorten, whole_line
from .options import CleanOptions


def line_scores(
    lines: list[Line], kinds: list[str], cuts: dict[int, Cut], options: CleanOptions
) -> list[float]:
    """How much each line speaks for being article text: prose gains, the rest costs."""
    scores: list[float] = []
    for line in lines:
        i = line.index
        if is_whole(cuts, line):
            scores.append(-options.furniture_cost)
        elif kinds[i] == "prose":
            scores.append(float(len(line.text)))
        elif kinds[i] == "sentence":
            scores.append(len(line.text) / 2)
        elif kinds[i] == "heading":
            scores.append(-options.heading_cost)
        else:
            scores.append(-options.short_line_cost)
    return scores


def cut_tail_zones(
    lines: list[Line],
    kinds: list[str],
    cuts: dict[int, Cut],
    markers: dict[int, str],
    options: CleanOptions,
) -> tuple[set[int], set[int]]:
    """Cut what follows an end-of-article marker; return the lines inside such zones,
    and those of them after a comment form.

    A marker counts only when it closes a run of prose ("5 Comments" next to a
    byline at the top, or a "Related" box in a sidebar before the article, do
    not end anything). After a soft marker (related links, an author line) the
    article may go on: a long prose paragraph, or two prose paragraphs in a row,
    end the zone. After a comment form, prose is comments.
    """
    scores = line_scores(lines, kinds, cuts, options)
    zone: set[int] = set()
    walls: set[int] = set()  # in a comment section: the article cannot run through
    run = 0.0  # the prose run so far, scored as in cut_by_position
    marker: Line | None = None
    hard = False
    prose_in_a_row = 0
    for line in lines:
        i = line.index
        if marker is not None:
            prose = i not in cuts and kinds[i] == "prose"
            prose_in_a_row = prose_in_a_row + 1 if prose else 0
            if not hard and (
                prose_in_a_row >= options.tail_resume_paragraphs
                or (prose and line.words >= options.tail_resume_words)
            ):
                resumed = range(i - max(prose_in_a_row, 1) + 1, i + 1)
                for j in resumed:  # the article goes on: give back its first paragraph
                    zone.discard(j)
                    if j in cuts and cuts[j].label == "position:tail":
                        del cuts[j]
                marker, run = None, sum(scores[j] for j in resumed)
                continue
            hard = hard or markers.get(i) == "hard"
            zone.add(i)
            if hard:
                walls.add(i)
            if not is_whole(cuts, line):
                cuts[i] = whole_line(
                    line,
                    "position:tail",
                    f"after the end of the article (“{shorten(marker.text)}”)",
                )
        elif i in markers and run >= options.tail_min_prose_chars:
            marker, hard, prose_in_a_row = line, markers[i] == "hard", 0
        else:
            run = max(0.0, run + scores[i])
    return zone, walls


def cut_by_position(
    lines: list[Line],
    kinds: list[str],
    cuts: dict[int, Cut],
    walls: set[int],
    options: CleanOptions,
) -> tuple[int, int, int] | None:
    """Keep the run of lines with the most prose; cut the lines before and after it.

    Returns the run as (first line, first line of prose, last line): the lines
    before the prose are headline-like lines kept above it. None when the page
    has no prose.
    """
    scores = line_scores(lines, kinds, cuts, options)
    for i in walls:
        scores[i] = -1e9  # a wall: the article does not run through a comment section
    best, best_start, best_end = 0.0, 0, -1
    run, run_start = 0.0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0.0, i
        run += score
        if run > best:
            best, best_start, best_end = run, run_start, i
    if best <= 0:
        return None  # no prose at all: nothing to anchor a position on

    # Headline-like lines right above the prose (a translated article's original
    # title, a standfirst) belong to the article, when nothing but the title and
    # furniture lies above them; on a page with navigation they are teasers.
    start = best_start
    above = [j for j in range(best_start) if j not in cuts]
    if len(above) <= options.head_extend_lines and all(kinds[j] != "short" for j in above):
        start = above[0] if above else best_start

    why = "outside the article's main run of prose (navigation, teasers, footer)"
    for line in lines:
        i = line.index
        if is_whole(cuts, line) or start <= i <= best_end:
            continue
        label = "position:head" if i < start else "position:tail"
        cuts[i] = whole_line(line, label, why)
    return start, best_start, best_end
