"""Within-article speaker resolution, by rules over entities and the parse.

No coreference model ships offline, so: a name is completed from the fullest earlier
mention of the same surname; a pronoun goes to the nearest earlier person who spoke or
was a sentence subject; a role phrase ("the head of the State Department") goes to the
person an apposition or a title bound to a role sharing its words; organisations and
places name themselves; a floating quote inherits the last speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

from newsprism.analyse.quotes.marks import Mark
from newsprism.analyse.quotes.model import Pos

_PRONOUNS = {"he", "she", "him", "her"}
_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_NAMELESS = {"i", "we", "you", "they", "it", "who", "which", "that", "this", "these", "those"}
#: Sources that are only a pronoun or a relative word: beside a resolved name they add nothing.
BARE_SOURCES = frozenset(_PRONOUNS | _NAMELESS)
_STOP = {"the", "a", "an", "of", "and", "for", "in", "on", "at", "to", "'s", "’s", "s", "by"}
# Generic heads that say "a role" without naming which one.
_GENERIC = {"head", "chief", "leader", "official", "spokesman", "spokeswoman", "spokesperson"}
_TITLE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\.?|President|Secretary|Senator|Minister)\s+"
)
_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z'’-]+){1,2}")
_TITLE_WORDS = {
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "President",
    "Secretary",
    "Minister",
    "Senator",
    "Sen",
    "Rep",
    "Gov",
    "General",
    "Spokesman",
    "Chairman",
    "Director",
    "Judge",
    "The",
}
_GROUPS = {"ORG", "GPE", "NORP", "FAC"}
# Words that make a phrase a role even inside an organisation's name ("Kremlin Spokesman").
_TITLES = _GENERIC | {
    "secretary",
    "president",
    "minister",
    "senator",
    "governor",
    "ambassador",
    "director",
    "chairman",
    "chairwoman",
    "spokesperson",
    "premier",
    "chancellor",
    "mayor",
    "adviser",
    "advisor",
    "diplomat",
    "envoy",
    "commander",
    "general",
    "judge",
    "candidate",
    "nominee",
}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    label: str
    name: str
    subject: bool


@dataclass(frozen=True, slots=True)
class Binding:
    """A role phrase bound to a person by apposition or a title before the name."""

    pos: int
    words: frozenset[str]
    name: str


def clean_name(text: str) -> str:
    text = re.sub(r"['’]s?$", "", text.strip()).strip()
    text = re.sub(r"^(?:the|The)\s+", "", text)
    prev = None
    while prev != text:
        prev, text = text, _TITLE.sub("", text)
    return " ".join(text.split())


def _words(tokens) -> frozenset[str]:
    return frozenset(t.lower_ for t in tokens if t.is_alpha and t.lower_ not in _STOP)


def read_doc(doc: Doc, off: int, marks: list[Mark]) -> tuple[list[Mention], list[Binding]]:
    """Entity mentions outside quotations, and role bindings, of one parsed unit."""
    mentions, bindings = [], []
    for ent in doc.ents:
        s = off + ent.start_char
        if any(m.start <= s < m.end for m in marks):
            continue
        name = clean_name(ent.text)
        if not name:
            continue
        root = ent.root
        subject = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")
        )
        mentions.append(Mention(s, off + ent.end_char, ent.label_, name, subject))
        if ent.label_ != "PERSON":
            continue
        title = [t for t in doc[root.left_edge.i : ent.start] if t.dep_ not in ("det", "poss")]
        roles = [title]
        if root.dep_ == "appos":
            inside = {t.i for t in root.subtree}
            roles.append([t for t in root.head.subtree if t.i not in inside])
        for c in root.children:
            if c.dep_ == "appos":
                roles.append(list(c.subtree))
        for r in roles:
            words = _words(r)
            if words:
                bindings.append(Binding(s, words, name))
    return mentions, bindings


_FIRST = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)$")


def _first_name(body: str, surname: str) -> str | None:
    """The capitalised word right before the first ``surname`` in ``body`` that has one
    (found by string search: a regex that starts with ``[A-Z]`` tries every position)."""
    after = re.compile(re.escape(surname) + r"\b")
    i = body.find(" " + surname)
    while i >= 0:
        if after.match(body, i + 1):
            m = _FIRST.search(body, max(0, i - 40), i)
            if m:
                return m.group(1)
        i = body.find(" " + surname, i + 1)
    return None


class Resolver:
    """Resolves the sources of one article in text order."""

    def __init__(
        self,
        body: str,
        mentions: list[Mention],
        bindings: list[Binding],
        context: Callable[[int], list[Mention]] | None = None,
        more_bindings: Callable[[int, frozenset[str]], list[Binding]] | None = None,
    ) -> None:
        self.body = body
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.bindings = bindings
        self.context = context
        self.more_bindings = more_bindings
        self.speakers: list[tuple[int, str, bool]] = []  # (pos, name, is_person)
        self.persons = [m for m in self.mentions if m.label == "PERSON"]
        self._full: dict[str, str] = {}
        # "he" or "she" once resolved to a person: a later pronoun of the other kind is
        # not theirs ("Pask said … he said. Marrow visited … she told reporters")
        self.gender: dict[str, str] = {}

    def full_name(self, name: str) -> str:
        """The fullest mention in the article that ends with the same surname."""
        if name in self._full:
            return self._full[name]
        parts = name.split()
        if not parts:
            return name
        best = name
        for m in self.persons:
            mp = m.name.split()
            if mp[-1] == parts[-1] and len(mp) > len(best.split()):
                best = m.name
        if best == name and len(parts) == 1:
            # a surname whose full form sits in an unparsed sentence: "Maria Keller"
            first = _first_name(self.body, name)
            if first and first not in _TITLE_WORDS:
                best = f"{first} {name}"
        self._full[name] = best
        return best

    def _pronoun(self, pos: int, unit_start: int, pronoun: str = "") -> str | None:
        gender = _GENDER.get(pronoun)

        def fits(name: str) -> bool:
            known = self.gender.get(self.full_name(name))
            return gender is None or known is None or known == gender

        # earlier speakers anywhere before; other subjects only in earlier sentences
        cands = [(p, n) for p, n, person in self.speakers if person and p < pos]
        cands += [(m.start, m.name) for m in self.persons if m.subject and m.start < unit_start]
        cands = [(p, n) for p, n in cands if fits(n)]
        if self.context and not any(p >= unit_start - 400 for p, _ in cands):
            # nobody near: look (parse, tag) a little further back
            more = [(m.start, m.name) for m in self.context(pos) if m.label == "PERSON"]
            cands += [(p, n) for p, n in more if fits(n)]
        if not cands:
            cands = [(m.start, m.name) for m in self.persons if m.start < pos and fits(m.name)]
        if not cands:
            return None
        name = self.full_name(max(cands)[1])
        if gender:
            self.gender.setdefault(name, gender)
        return name

    def _role(self, words: frozenset[str], pos: int) -> str | None:
        name = self._best_role(words, pos)
        if name is None and self.more_bindings and words & _TITLES:
            # a title ("the minister") may be bound in a sentence nobody parsed: look there
            self.bindings += self.more_bindings(pos, words & _TITLES)
            name = self._best_role(words, pos)
        return name

    def _best_role(self, words: frozenset[str], pos: int) -> str | None:
        # most shared words; then whoever spoke last; then the nearest binding
        spoke = {self.full_name(n): p for p, n, _ in self.speakers if p < pos}
        best: tuple[int, int, int, str] | None = None
        for b in self.bindings:
            score = len(words & b.words)
            if not score:
                continue
            key = (score, spoke.get(self.full_name(b.name), -1), -abs(b.pos - pos), b.name)
            if best is None or key > best:
                best = key
        return self.full_name(best[3]) if best else None

    def resolve(self, source: Pos, head: int | None, unit_start: int) -> str | None:
        """The speaker named by the source span ``body[source]`` whose head word starts
        at ``head``, in the sentence unit starting at ``unit_start``."""
        s, e = source
        text = self.body[s:e].strip()
        words = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text)) - _STOP
        inside = [m for m in self.mentions if s <= m.start and m.end <= e]
        person = next((m for m in inside if m.label == "PERSON"), None)
        # NER sometimes calls a bare surname an ORG; a known person's surname wins
        known = next((m for m in inside if self.full_name(m.name) != m.name), None)
        name: str | None
        is_person = True
        if person or known:
            name = self.full_name((person or known).name)
        elif text.lower() in _PRONOUNS:
            name = self._pronoun(s, unit_start, text.lower())
        elif text.lower() in _NAMELESS:
            name, is_person = None, False
        else:
            at = e - 1 if head is None else head
            head_in_group = any(m.label in _GROUPS and m.start <= at < m.end for m in inside)
            role = not head_in_group or bool(words & _TITLES)
            name = self._role(words - _GENERIC or words, s) if role else None
            lead_end = self.body.index(",", s) if "," in text else e
            lead = clean_name(self.body[s:lead_end])
            lead_is_group = any(m.label in _GROUPS and m.start < lead_end for m in inside)
            if name is None and "," in text and not lead_is_group and _NAME.fullmatch(lead):
                # "Oren Pask, a spokesperson for the Coast Guard," names the person first:
                # the organisation in the apposition is where he works, not who speaks
                name = lead
            elif name is None:
                group = next((m for m in inside if m.label in _GROUPS), None)
                name = group.name if group else clean_name(text)
                # NER misses some names (often sentence-initial): "Ilse Marrow" still looks like one
                is_person = not group and bool(_NAME.fullmatch(name))
        if name:
            self.speakers.append((s, name, is_person))
        return name

    def last(self, pos: int) -> str | None:
        """The last speaker before ``pos``, for a floating quote."""
        before = [(p, n) for p, n, _ in self.speakers if p < pos]
        return max(before)[1] if before else None
