"""Match patient records against a trial's extracted criteria (``criteria match``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from spacy.language import Language

from ..documents import load_trial
from ..io import InputError
from ..rules import load_match_rules
from ..schema import Patient, first_error
from .engine import match
from .facts import Facts, Finding
from .kleene import kleene

__all__ = ["Facts", "Finding", "facts_for", "kleene", "load_patient", "load_trial", "match"]


def facts_for(pipeline: Language) -> Facts:
    """The record reader that shares the pipeline's analyte lexicon, units and scales."""
    pipe = pipeline.get_pipe("criteria_thresholds")
    return Facts(pipe.grammar, pipe.matcher, pipe.rules.scales, load_match_rules())


def load_patient(path: Path) -> Patient:
    try:
        return Patient.model_validate_json(path.read_bytes())
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    except ValidationError as err:
        raise InputError(f"{path}: not a patient record: {first_error(err)}") from None
