"""criteria-nlp: clinical-trial eligibility criteria as validated JSON."""

from __future__ import annotations

__version__ = "0.1.0"

from .output import doc_to_document
from .pipeline import build, load
from .schema import SCHEMA_VERSION, TrialDocument


def extract(text: str, doc_id: str = "input") -> TrialDocument:
    """Run the default pipeline on one criteria text or trial page."""
    return doc_to_document(load()(text), doc_id)


__all__ = ["SCHEMA_VERSION", "TrialDocument", "build", "doc_to_document", "extract", "load"]
