"""criteria-nlp: clinical-trial eligibility criteria as validated JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

from .schema import SCHEMA_VERSION, TrialDocument

if TYPE_CHECKING:
    from .output import doc_to_document
    from .pipeline import build, load

# spaCy and the pipeline load on first use, not on ``import nlp``: the command line answers
# --version, usage errors and Ctrl-C at once, and the schema is usable without spaCy.
_LAZY = {"doc_to_document": ".output", "build": ".pipeline", "load": ".pipeline"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract(text: str, doc_id: str = "input") -> TrialDocument:
    """Run the default pipeline on one criteria text or trial page."""
    from .output import doc_to_document
    from .pipeline import load

    return doc_to_document(load()(text), doc_id)


__all__ = ["SCHEMA_VERSION", "TrialDocument", "build", "doc_to_document", "extract", "load"]
