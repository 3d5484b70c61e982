"""Build the default criteria-nlp pipeline: the trained recognizer shipped in ``models/ner``
(installed as the data package ``nlp.models``) followed by the registered rule components."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import Model, NumpyOps

from . import extensions  # noqa: F401  (declares the custom attributes)
from .components import (  # noqa: F401
    abbreviations,
    context,
    criteria,
    entities,
    logic,
    modality,
    modifiers,
    polarity,
    sections,
    thresholds,
    tokenizer,
)

PIPE_NAMES = (
    "criteria_sections", "criteria_splitter", "criteria_entities", "criteria_abbreviations",
    "criteria_modifiers", "criteria_context", "criteria_polarity", "criteria_thresholds", "criteria_modality",
    "criteria_logic",
)
# Each pipe's registered factory: its name with a version ('criteria_context' is made by
# 'criteria_context_v1'), so a changed component can register a v2 beside it. spaCy refuses a
# '.' in a factory name (E853), so the version follows an underscore; the tokenizer, a
# registered function, is 'criteria_tokenizer.v1'.
FACTORIES = {name: f"{name}_v1" for name in PIPE_NAMES}
NER_MODEL = Path(str(files("nlp.models") / "ner"))
MAX_LENGTH = 2_000_000


class ModelError(Exception):
    """A recognizer path that does not hold a spaCy pipeline with an ``ner`` component."""


def blank() -> Language:
    """An English pipeline with our tokenizer and no components."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "criteria_tokenizer.v1"}}})


def build(ner_model: Path | None = NER_MODEL) -> Language:
    """The recognizer saved at ``ner_model`` (its ``ner`` and any vectors) and the rule
    components after it; ``ner_model=None`` gives the rules alone."""
    if ner_model is None:
        nlp = blank()
    elif not (Path(ner_model) / "config.cfg").is_file():
        raise ModelError(f"{ner_model}: no trained recognizer here (no config.cfg)")
    else:
        # The tokenizer comes from the code, not the saved copy, so both stay one tokenizer.
        nlp = spacy.load(ner_model, exclude=["tokenizer"])
        if nlp.pipe_names != ["ner"]:
            raise ModelError(f"{ner_model}: expected one 'ner' component, found {nlp.pipe_names}")
        multiply_with_numpy(nlp.get_pipe("ner").model)
    rules_only = {"criteria_entities": {"fill_in": None}} if ner_model is None else {}
    for name in PIPE_NAMES:
        # Without a recognizer the lexicon is every entity there is: it fills in every label.
        pipe = nlp.add_pipe(FACTORIES[name], name=name, config=rules_only.get(name, {}))
        if hasattr(pipe, "load_rules"):
            pipe.load_rules()  # read and validate now (a saved pipeline reads its own copy)
    # Every component is linear in the text (scripts/bench_pathological.py); the recognizer needs
    # about 3 GB for a text of a million characters, so twice that is the limit.
    nlp.max_length = MAX_LENGTH
    return nlp


def multiply_with_numpy(model: Model) -> None:
    """Let every layer of ``model`` multiply matrices with numpy's BLAS instead of thinc's BLIS.

    thinc's BLIS build was 3.6 times slower than numpy's OpenBLAS on the development machine (an
    AMD EPYC, one thread: a 30,000 x 288 by 288 x 288 product in 0.157 s against 0.044 s), and the
    recognizer's matrix products are most of the pipeline's time. The entities are identical on the
    857 LCT and API v2 texts and the 4,861 unlabeled ones. The parser's own step loop keeps BLIS:
    spaCy calls it from C.
    """
    ops = NumpyOps(use_blis=False)
    for layer in model.walk():
        layer.ops = ops


@lru_cache(maxsize=2)
def load(ner_model: Path | None = NER_MODEL) -> Language:
    """The pipeline for ``ner_model`` (default: the shipped one), built once per process."""
    return build(ner_model)
