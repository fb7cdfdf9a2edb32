"""Site templates learned from the corpus: lines that recur across one outlet's pages.

A line that turns up in many of an outlet's articles ("Share this story",
"© 2008 Daily Planet", the section menu) is that outlet's furniture. The
counts are kept per line key (a hash of the normalised line), once per
article, so they can be stored as integers and merged as more pages of an
outlet arrive. Nothing here reads gold: it is learned from the input alone.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .lines import split_lines

#: Lines longer than this are prose; a template is never that long.
MAX_TEMPLATE_CHARS = 300
_DIGITS = re.compile(r"\d")
_MASK = (1 << 63) - 1


def _normalise(line: str) -> str:
    return _DIGITS.sub("0", " ".join(line.casefold().split()))


def line_key(line: str) -> int:
    """A stable 63-bit key of a line: case, spacing and digits do not matter."""
    digest = hashlib.blake2b(_normalise(line).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _MASK  # fits a signed BIGINT


def outlet_of_url(url: object) -> str | None:
    """The outlet a URL belongs to, as its host name (None without a usable URL)."""
    if not isinstance(url, str) or not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host or None


def article_keys(text: str) -> set[int]:
    """The distinct keys of the template-sized lines of one article's text."""
    return {
        line_key(line.text) for line in split_lines(text) if len(line.text) <= MAX_TEMPLATE_CHARS
    }


@dataclass(frozen=True)
class TemplateView:
    """An outlet's template lines, as one article's cleaning sees them."""

    counts: dict[int, int] = field(default_factory=dict)
    n_articles: int = 0
    threshold: float = float("inf")

    def count(self, line: str) -> int:
        """In how many of the outlet's articles ``line`` occurs."""
        if not self.counts or len(line) > MAX_TEMPLATE_CHARS:
            return 0
        return self.counts.get(line_key(line), 0)

    def is_template(self, line: str) -> bool:
        return self.count(line) >= self.threshold

    def why(self, line: str) -> str:
        return f"recurs on {self.count(line)} of {self.n_articles} pages of this outlet"

    def __bool__(self) -> bool:
        return self.n_articles > 0 and bool(self.counts)


#: No outlet known, or nothing learned yet: no line is a template.
EMPTY_VIEW = TemplateView()


@dataclass
class SiteTemplates:
    """Per-outlet counts: in how many of an outlet's articles each line key occurs.

    A key is a template when it occurs in at least ``max(min_articles,
    min_share * articles of the outlet)`` articles. Each article counts itself
    when added, so a line seen only in the article being cleaned has n = 1.
    """

    min_articles: int = 3
    min_share: float = 0.2
    _articles: Counter[str] = field(default_factory=Counter, repr=False)
    _keys: dict[str, Counter[int]] = field(default_factory=dict, repr=False)

    def add(self, outlet: str, text: str) -> None:
        """Count one article of ``outlet`` (each line key once)."""
        self._articles[outlet] += 1
        self._keys.setdefault(outlet, Counter()).update(article_keys(text))

    def add_counts(self, outlet: str, n_articles: int, key_counts: dict[int, int]) -> None:
        """Merge counts loaded from a store: ``n_articles`` articles, ``key -> n``."""
        self._articles[outlet] += n_articles
        self._keys.setdefault(outlet, Counter()).update(key_counts)

    def n_articles(self, outlet: str) -> int:
        return self._articles.get(outlet, 0)

    def view(self, outlet: str | None) -> TemplateView:
        """What cleaning one article of ``outlet`` consumes (empty for an unknown outlet)."""
        if outlet is None or outlet not in self._keys:
            return EMPTY_VIEW
        n = self._articles[outlet]
        threshold = max(self.min_articles, self.min_share * n)
        return TemplateView(self._keys[outlet], n, threshold)
