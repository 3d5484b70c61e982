"""Build the default criteria-nlp pipeline from registered factories."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import extensions  # noqa: F401  (declares the custom attributes)
from .components import (  # noqa: F401
    context,
    criteria,
    entities,
    polarity,
    sections,
    thresholds,
    tokenizer,
)

PIPE_NAMES = (
    "criteria_sections", "criteria_splitter", "criteria_entities", "criteria_context",
    "criteria_polarity", "criteria_thresholds",
)


def blank() -> Language:
    """An English pipeline with our tokenizer and no components."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "criteria_tokenizer.v1"}}})


def build() -> Language:
    nlp = blank()
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=1)
def load() -> Language:
    """The default pipeline, built once per process."""
    return build()
