"""Match patient records against a trial's extracted criteria (``criteria match``)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError
from spacy.language import Language

from ..batch import extract_records
from ..io import InputError
from ..output import doc_to_document
from ..records import Record, read_file
from ..rules import load_match_rules
from ..schema import GoldDocument, Patient, TrialDocument, first_error
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


def load_trial(path: Path, pipeline: Language) -> TrialDocument:
    """A trial as a document: an extracted document JSON as it is; a gold file, a criteria text,
    a page or a registry record through the pipeline."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_bytes())
        except OSError as err:
            raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
        except ValueError as err:
            raise InputError(f"{path}: not JSON: {err}") from None
        try:
            if isinstance(data, dict) and "schema_version" in data and "criteria" in data:
                return TrialDocument.model_validate(data)
            if isinstance(data, dict) and "gold_version" in data:
                gold = GoldDocument.model_validate(data)
                if gold.text is None:
                    raise InputError(f"{path}: a stand-off gold file; give the corpus text instead")
                return doc_to_document(pipeline(gold.text), gold.document.id, doc_id=gold.document.id)
        except ValidationError as err:
            raise InputError(f"{path}: not a trial document: {first_error(err)}") from None
    items = list(read_file(path))
    records = [item for item in items if isinstance(item, Record)]
    if len(items) != 1 or not records:
        reason = next((i.reason for i in items if not isinstance(i, Record)), f"{len(items)} records")
        raise InputError(f"{path}: not one trial: {reason}")
    result = next(extract_records(records, pipeline))
    if result.document is None:
        raise InputError(f"{path}: {result.error}")
    return result.document
