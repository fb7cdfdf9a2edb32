"""Word forms that report speech or thought: a hand list plus words learned on PolNeAR train.

``benchmarks/quotes/train.py`` writes each cue word's precision (the share of its
occurrences inside an annotated cue) to ``data/quotes-cues.json``; words above a threshold
join the hand list. The lexicon also drives the cheap candidate filter, so a sentence
without any of these forms, quote marks or dialogue dashes is never parsed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CUES_FILE = "quotes-cues.json"


def _split(words: str) -> list[str]:
    return words.split()


def wordset(words: str) -> frozenset[str]:
    """A word list written as one string, for the rules' small vocabularies."""
    return frozenset(words.split())


_BASES = _split(
    """
say says said saying tell tells told telling add adds added adding write writes wrote writing
ask asks asked asking call calls called calling note notes noted noting report reports reported
announce announces announced announcing suggest suggests suggested suggesting argue argues argued
arguing tweet tweets tweeted tweeting describe describes described describing continue continued
declare declares declared declaring explain explains explained explaining acknowledge
acknowledges acknowledged acknowledging express expresses expressed expressing agree agreed
point pointed pointing urge urges urged urging claim claims claimed claiming warn warns warned
warning state stated stating cite cites cited citing propose proposed proposing reveal reveals
revealed conclude concludes concluded praise praised praising vow vows vowed vowing promise
promises promised promising insist insists insisted insisting recall recalled recalling reply
replied replies respond responds responded question questioned reject rejected rejecting
accuse accuses accused accusing criticize criticized criticizing criticise criticised
mention mentions mentioned deny denies denied denying predict predicted predicting confirm
confirms confirmed admit admits admitted blame blamed blames stress stresses stressed
stressing emphasize emphasized emphasizing emphasise emphasised assert asserts asserted
asserting reiterate reiterated reiterating repeat repeated comment commented remark remarked
clarify clarified clarifies indicate indicated indicates believe believes believed think
thinks thought hope hopes hoped hoping fear feared worry worried estimate estimated insisted
contend contends contended allege alleged alleges testify testified inform informed
assure assured assuring complain complained complaining quoted joked boasted conceded
observed recounted dismissed pledged pledges threatened threatens demanded demands
proclaimed exclaimed lamented acknowledge told assured stressing maintained maintains
signaled signalled hinted hints speculated wondered emailed texted posted
"""
)

#: Word forms that never carry content as their direct object ("told him", "asked her").
NO_OBJECT: frozenset[str] = frozenset(
    _split(
        """tell tells told telling ask asks asked asking inform informs informed assure assured
    assuring remind reminded urge urges urged urging warn warns warned call calls called"""
    )
)
_PREPS = {"about", "of", "for", "over", "against", "to"}


_MARKS = re.compile(
    r"[\"“”„«»]|''|(?:^|\s)[–—]\s|[–—]”|\baccording to\b|\bin\b[^.]{0,60}\b(?:polls?|surveys?)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Lexicon:
    """Cue forms, and the cheap test for sentences that may hold an attribution."""

    forms: frozenset[str]
    preps: frozenset[str] = frozenset(_PREPS)
    # wider set tried as cues inside sentences parsed anyway; the learned filter judges them
    cues: frozenset[str] = frozenset()

    def candidate(self, text: str) -> bool:
        """Whether ``text`` has a quotation mark, a dialogue dash or a cue form."""
        if _MARKS.search(text):
            return True
        return not self.forms.isdisjoint(_WORDS.findall(text.lower()))


def learned(threshold: float) -> frozenset[str]:
    """Words whose cue precision on PolNeAR train is at least ``threshold``."""
    text = resources.files("newsprism").joinpath("data", CUES_FILE).read_text(encoding="utf-8")
    cues = json.loads(text)["cues"]
    return frozenset(w for w, p in cues.items() if p >= threshold)


@lru_cache(maxsize=8)
def lexicon(threshold: float | None = 0.3, cue_threshold: float | None = None) -> Lexicon:
    """The hand list plus learned cue words at ``threshold`` (None: the hand list only);
    cues inside parsed sentences go down to ``cue_threshold`` when it is lower."""
    forms = frozenset(_BASES) | (learned(threshold) if threshold is not None else frozenset())
    cues = forms | (learned(cue_threshold) if cue_threshold is not None else frozenset())
    return Lexicon(forms, cues=cues)
