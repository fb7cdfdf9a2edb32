"""Canonical speakers across a corpus: one entity per person or organisation, every alias kept.

Input is what the per-article quote finder resolved (a name string, an entity kind when
known, an opaque passage reference). People are joined on their surname and first name
with Jaro-Winkler similarity, so transliterations (`Sergei`/`Sergey`, `Anthony`/`Antony`)
meet without hand-written tables; titles (`Mr.`, `Secretary of State`) are dropped first.
A surname alone goes to a full name only when one person clearly dominates that surname in
the corpus, so `Biden` joins `Joe Biden` but not when `Hunter Biden` is as common.
Organisations are joined on a normalised form (`The Kremlin` = `Kremlin`), near-identical
spellings and unique acronyms (`NATO`). Everything is pure and deterministic: the same
mentions give the same entities and ids.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

__all__ = ["Entity", "SpeakerMention", "Speakers", "canonical_speakers", "parse_name"]

PERSON = "PERSON"
ORG = "ORG"
OTHER = "OTHER"

#: Jaro-Winkler similarity at which two surnames or two first names are one spelling
SURNAME_SIMILARITY = 0.9
FIRST_NAME_SIMILARITY = 0.88
#: share of a surname's full-name mentions one person needs before a bare surname is theirs
DOMINANCE = 0.75
#: Jaro-Winkler similarity at which two organisation names are one spelling
ORG_SIMILARITY = 0.95


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that describe a role rather than name a person; dropped before the name.
_TITLE_WORDS = _wordset(
    """mr mrs ms miss dr prof sir dame lord lady sen rep gov gen col lt capt adm sgt
    lieutenant captain colonel sergeant admiral commissioner inspector constable
    president vice prime minister secretary senator representative governor general
    ambassador chairman chairwoman chair director spokesman spokeswoman spokesperson
    press deputy foreign defence defense state interior finance justice head chief
    leader judge justice mayor chancellor premier king queen prince princess pope
    commander envoy adviser advisor official officer attorney counsel speaker
    former acting first lady us u.s. uk u.k. russian american ukrainian chinese british
    french german kremlin white house department ministry of the for and to"""
)
_PARTICLES = _wordset("de del der di da du van von la le bin al ibn el dos")
_SUFFIXES = _wordset("jr jr. sr sr. ii iii iv")
# Words that make a name an organisation (or a place speaking as one), never a person.
_ORG_WORDS = _wordset(
    """house department ministry office council committee agency party union kremlin
    government administration bank commission parliament senate congress court service
    news times post press organization organisation fund institute university
    association group inc ltd corp company embassy army forces police assembly pentagon
    command staff bureau authority board federation republic states kingdom nations
    network television radio channel agency tass ria reuters"""
)
# Words that never begin or end a name ("With Russia" is a parse slip, not a person).
_FUNCTION_WORDS = _wordset(
    """the a an of and or for to with from by in on at as about after before against
    this that these those all both some many its their our his her"""
)
_POSSESSIVE = re.compile(r"[’']s?$")
_PARENS = re.compile(r"\([^)]*\)")


@functools.lru_cache(maxsize=100_000)
def _fold(s: str) -> str:
    """Lower case without accents, so `Zelenskyj` and `Zelenskyj` with a háček agree."""
    if s.isascii():
        return s.lower()
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


@dataclass(frozen=True, slots=True)
class SpeakerMention:
    """One speaker name as an article resolved it, and where it occurred."""

    name: str
    kind: str | None = None  # "PERSON", "ORG", another NER label, or None when unknown
    passage: Hashable = None  # opaque: the caller's reference to the quote or span


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A name split into what matters for matching: kind guess, first name, surname."""

    kind: str  # PERSON, ORG or OTHER
    key: str  # folded form used to compare organisations; folded surname for people
    first: str | None = None  # folded first name (or initial) of a person
    last: str | None = None  # folded surname of a person
    display: str = ""  # the name without titles, as written


@functools.lru_cache(maxsize=100_000)  # a corpus repeats its speakers' names
def parse_name(name: str, kind: str | None = None) -> ParsedName:
    """Strip titles, possessives and brackets, and guess the kind when none is given."""
    text = _PARENS.sub(" ", unicodedata.normalize("NFKC", name))
    parts = [_words(part) for part in re.sub(r"[\[\]]", " ", text).split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return ParsedName(OTHER, "", display="")
    # an apposition ("Jen Psaki, the White House press secretary"): the part naming someone
    words = next((p for p in parts if len(_name_run(p)) > 1 and _plain(_name_run(p))), parts[-1])
    label = (kind or "").upper()
    run = _name_run(words)
    folded_run = [_fold(w).rstrip(".") for w in run]
    before = _fold(words[len(words) - len(run) - 1]).rstrip(".") if len(run) < len(words) else ""
    titled = before in _TITLE_WORDS and before not in _FUNCTION_WORDS
    personal = bool(run) and (
        label in (PERSON, "PER") or (not label and _plain(run) and (2 <= len(run) <= 4 or titled))
    )
    if not personal:
        orgish = any(_fold(w).rstrip(".") in _ORG_WORDS for w in words)
        group_kind = label if label not in ("", PERSON, "PER") else ORG if orgish else OTHER
        return _group(words, group_kind)
    # a middle name or initial does not change the person: compare first and last only
    last = folded_run[-1]
    if len(folded_run) > 2 and folded_run[-2] in _PARTICLES:
        last = " ".join(folded_run[-2:])
    first = folded_run[0] if len(folded_run) > 1 else None
    return ParsedName(PERSON, last, first, last, " ".join(run))


def _plain(run: list[str]) -> bool:
    """Whether a run of capitalised words can be a person's name: no organisation or
    function word, no acronym."""
    return not any(
        _fold(w).rstrip(".") in _ORG_WORDS
        or _fold(w) in _FUNCTION_WORDS
        or (w.rstrip(".").isupper() and len(w.rstrip(".")) > 1)
        for w in run
    )


def _words(text: str) -> list[str]:
    words = [w.strip(';:"“”«»') for w in text.split()]
    words = [_POSSESSIVE.sub("", w) if w.endswith(("'s", "’s", "'", "’")) else w for w in words]
    words = [w for w in words if w]
    while words and _fold(words[-1]) in _SUFFIXES:
        words.pop()
    return words


def _name_run(words: list[str]) -> list[str]:
    """The trailing run of capitalised words (and particles) after any title; a title word
    may end it only after a plain name word (`Martin Luther King`)."""
    folded = [_fold(w).rstrip(".") for w in words]

    def plain(i: int) -> bool:
        return words[i][:1].isupper() and folded[i] not in _TITLE_WORDS

    def in_name(i: int) -> bool:
        if i == len(words) - 1 and i > 0 and words[i][:1].isupper() and plain(i - 1):
            return True
        return plain(i) or (folded[i] in _PARTICLES and i < len(words) - 1)

    start = len(words)
    while start > 0 and in_name(start - 1):
        start -= 1
    while start < len(words) and folded[start] in _PARTICLES:
        start += 1
    return words[start:]


def _group(words: list[str], kind: str) -> ParsedName:
    if words and _fold(words[0]) == "the":
        words = words[1:]
    display = " ".join(words)
    key = re.sub(r"[^\w ]+", "", _fold(display).replace(".", ""))
    return ParsedName(kind if kind != PERSON else OTHER, " ".join(key.split()), display=display)


@dataclass
class Entity:
    """One canonical speaker: a stable id, its canonical name and every alias it goes by."""

    id: str
    name: str
    kind: str
    aliases: dict[str, list[Hashable]] = field(default_factory=dict)  # alias -> passages

    @property
    def mentions(self) -> int:
        return sum(len(p) for p in self.aliases.values())


class Speakers:
    """The canonical speakers of a corpus, looked up by any alias or a new spelling."""

    def __init__(self, entities: list[Entity], persons: _PersonIndex, groups: dict[str, Entity]):
        self.entities = entities
        self._by_alias = {a: e for e in entities for a in e.aliases}
        self._by_id = {e.id: e for e in entities}
        self._persons = persons
        self._groups = groups

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def __len__(self) -> int:
        return len(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        return self._by_id.get(entity_id)

    def resolve(self, name: str, kind: str | None = None) -> Entity | None:
        """The entity ``name`` refers to: an alias seen in the corpus, or a spelling variant,
        title form or unambiguous surname of one; ``None`` when nothing fits."""
        if kind is None and name in self._by_alias:
            return self._by_alias[name]
        p = parse_name(name, kind)
        if kind is None and p.kind == OTHER and p.key in self._persons.surname_of:
            p = _as_surname(p)
        if p.kind == PERSON:
            return self._persons.lookup(p)
        return self._groups.get(p.key) or self._groups.get(_acronym(p.display) or "")


class _PersonIndex:
    """People clustered by surname, then by first name; bare surnames by dominance."""

    def __init__(self, names: Iterable[ParsedName], dominance: float):
        counts = Counter((p.first, p.last) for p in names)
        self.dominance = dominance
        surnames = sorted({last for _, last in counts})
        self.surname_of = _cluster(surnames, SURNAME_SIMILARITY)  # surname -> cluster head
        # full names per surname cluster, joined when their first names are one spelling
        by_cluster: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for first, last in sorted(counts, key=lambda k: (k[0] or "", k[1])):
            if first is not None and len(first) > 1:  # not an initial
                by_cluster[self.surname_of[last]].append((first, last))
        self.person_of: dict[tuple[str, str], tuple[str, str]] = {}
        self.weight: Counter[tuple[str, str]] = Counter()
        for head, fulls in by_cluster.items():
            firsts = _cluster(sorted({f for f, _ in fulls}), FIRST_NAME_SIMILARITY)
            for first, last in fulls:
                self.person_of[(first, last)] = (firsts[first], head)
        for key, n in counts.items():
            if key in self.person_of:
                self.weight[self.person_of[key]] += n
        self.people_by_cluster: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for person in sorted(set(self.person_of.values())):
            self.people_by_cluster[person[1]].append(person)
        self.entities: dict[tuple[str, str], Entity] = {}
        self.bare: dict[str, Entity] = {}  # surnames that stay on their own

    def person(self, p: ParsedName) -> tuple[str, str] | None:
        """The person key of a parsed name; a bare surname or initial needs a dominant owner."""
        if p.last is None:
            return None
        head = self.surname_of.get(p.last) or self._nearest_surname(p.last)
        if head is None:
            return None
        if p.first and len(p.first) > 1:
            if (p.first, p.last) in self.person_of:
                return self.person_of[(p.first, p.last)]
            for person in self.people_by_cluster.get(head, []):
                if JaroWinkler.similarity(p.first, person[0]) >= FIRST_NAME_SIMILARITY:
                    return person
            return None
        people = self.people_by_cluster.get(head, [])
        if p.first:  # an initial narrows the people to those it could stand for
            people = [q for q in people if q[0].startswith(p.first)]
        total = sum(self.weight[q] for q in people)
        if not people or total == 0:
            return None
        top = max(people, key=lambda q: (self.weight[q], q))
        return top if self.weight[top] / total >= self.dominance else None

    def _nearest_surname(self, last: str) -> str | None:
        best = process.extractOne(
            last,
            list(self.surname_of),
            scorer=JaroWinkler.similarity,
            score_cutoff=SURNAME_SIMILARITY,
        )
        return self.surname_of[best[0]] if best else None

    def lookup(self, p: ParsedName) -> Entity | None:
        key = self.person(p)
        if key is not None:
            return self.entities.get(key)
        head = self.surname_of.get(p.last or "")
        return self.bare.get(head or "") if not p.first else None


def _cluster(keys: list[str], threshold: float) -> dict[str, str]:
    """Single-link clusters of similar strings; each key maps to its cluster's least key.

    Compared only within a first letter (transliterations keep it: Sergei/Sergey,
    Zelensky/Zelenskyy), in rapidfuzz's C++ loop, so many thousands of names stay cheap.
    """
    parent = {k: k for k in keys}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    blocks: dict[str, list[str]] = defaultdict(list)
    for k in sorted(keys):
        blocks[k[:1]].append(k)
    for block in blocks.values():
        for i, a in enumerate(block[:-1]):
            rest = block[i + 1 :]
            for _, _, j in process.extract_iter(
                a, rest, scorer=JaroWinkler.similarity, score_cutoff=threshold
            ):
                ra, rb = find(a), find(rest[j])
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return {k: find(k) for k in keys}


def _acronym(display: str) -> str | None:
    """`North Atlantic Treaty Organization` -> `nato`; None for a single word."""
    caps = [w[0] for w in display.split() if w[:1].isupper()]
    return "".join(caps).lower() if len(caps) > 1 else None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-") or "unnamed"


def canonical_speakers(
    mentions: Iterable[SpeakerMention], dominance: float = DOMINANCE
) -> Speakers:
    """Canonical entities for every speaker mention of a corpus.

    Each entity's name is its most frequent full form (titles dropped), its id
    ``kind:slug-of-name``; every alias as written keeps the passages it occurs in.
    """
    mentions = [m for m in mentions if m.name and m.name.strip()]
    parsed = [parse_name(m.name, m.kind) for m in mentions]
    # a bare word a corpus also uses as a person's surname is that person, unless NER said
    # otherwise ("Blinken" said... with no kind)
    surnames = {p.last for p in parsed if p.kind == PERSON and p.first}
    parsed = [
        _as_surname(p) if m.kind is None and p.kind == OTHER and p.key in surnames else p
        for m, p in zip(mentions, parsed, strict=True)
    ]
    persons = _PersonIndex((p for p in parsed if p.kind == PERSON), dominance)

    members: dict[tuple, list[int]] = defaultdict(list)
    group_keys = _group_keys([p for p in parsed if p.kind != PERSON])
    for i, p in enumerate(parsed):
        if p.kind == PERSON:
            # a full name always has a person; a bare surname (or initial) without a dominant
            # owner stays an entity of its own
            key = (PERSON, persons.person(p) or ("", persons.surname_of[p.last]))
        else:
            key = ("GROUP", group_keys[p.key])
        members[key].append(i)

    entities: list[Entity] = []
    groups: dict[str, Entity] = {}
    for key, idx in members.items():
        forms = Counter(parsed[i].display for i in idx)
        full = Counter({f: n for f, n in forms.items() if len(f.split()) > 1}) or forms
        name = max(full, key=lambda f: (full[f], len(f), f))
        kinds = Counter(parsed[i].kind for i in idx)
        # a kind someone stated beats OTHER, the guess for "no idea"
        kind = max(kinds, key=lambda k: (k != OTHER, kinds[k], k))
        aliases: dict[str, list[Hashable]] = {}
        for i in idx:
            aliases.setdefault(mentions[i].name, []).append(mentions[i].passage)
        entity = Entity(f"{kind.lower()}:{_slug(name)}", name, kind, aliases)
        entities.append(entity)
        if key[0] == PERSON:
            if key[1][0]:
                persons.entities[key[1]] = entity
            else:
                persons.bare[key[1][1]] = entity
        else:
            for i in idx:
                groups[parsed[i].key] = entity
                if acro := _acronym(parsed[i].display):
                    groups.setdefault(acro, entity)
    entities.sort(key=lambda e: (-e.mentions, e.id))
    _dedupe_ids(entities)
    return Speakers(entities, persons, groups)


def _as_surname(p: ParsedName) -> ParsedName:
    return ParsedName(PERSON, p.key, None, p.key, p.display)


def _group_keys(names: list[ParsedName]) -> dict[str, str]:
    """Organisation keys joined: near-identical spellings, and an acronym whose expansion is
    the only one in the corpus (`NATO` and `North Atlantic Treaty Organization`)."""
    keys = sorted({p.key for p in names})
    head = _cluster(keys, ORG_SIMILARITY)
    expansions: dict[str, set[str]] = defaultdict(set)
    for p in names:
        if acro := _acronym(p.display):
            expansions[acro].add(head[p.key])
    for k in keys:
        if k in expansions and len(expansions[k]) == 1 and " " not in k:
            target = next(iter(expansions[k]))
            for other, h in head.items():
                if h == head[k]:
                    head[other] = target
    return head


def _dedupe_ids(entities: list[Entity]) -> None:
    """Two entities can share a name (a bare surname and a place, say): number the later."""
    seen: Counter[str] = Counter()
    for e in entities:
        seen[e.id] += 1
        if seen[e.id] > 1:
            e.id = f"{e.id}-{seen[e.id]}"
