"""Settings of the cleaner."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CleanOptions:
    """Settings of the cleaner; the defaults are tuned on the shared clean benchmark."""

    #: With no known title, take the first line as the title when it reads like one.
    first_line_is_title: bool = True
    #: Drop later lines that repeat the title (a page's <h1> under its <title>).
    drop_title_repeats: bool = True
    #: Words a line ending in a full stop needs to count as prose.
    prose_min_words: int = 8
    #: Find the article as the run of lines with the most prose; drop what lies outside.
    use_position: bool = True
    #: Headline-like lines just above that run that still belong to the article.
    head_extend_lines: int = 3
    #: Position scores: prose counts its characters, other lines cost these.
    short_line_cost: float = 50.0
    heading_cost: float = 15.0
    furniture_cost: float = 20.0
    #: An end-of-article marker counts after a run of prose scoring this much (~characters).
    tail_min_prose_chars: int = 400
    #: After such a marker, a prose line this long means the article goes on.
    tail_resume_words: int = 50
    #: ... and so do this many prose paragraphs in a row.
    tail_resume_paragraphs: int = 2
    #: A section label under the title has at most this many words.
    section_max_words: int = 3
    #: Revise the rules' cuts with the line model (``clean.model``).
    use_model: bool = True
    #: Keep a line when its model score reaches this; None: the model's own threshold.
    model_threshold: float | None = None


#: The defaults, shared as the default argument (the class is frozen).
DEFAULT_OPTIONS = CleanOptions()
