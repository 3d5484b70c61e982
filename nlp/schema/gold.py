"""Gold files (``annotations/``): the output schema plus the text and how it was annotated."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import _Strict
from .output import TrialDocument

GOLD_VERSION = "1"


class Annotation(_Strict):
    """Who made a gold file and how; a file starting from pipeline or corpus output says so."""

    annotator: str = Field(min_length=1)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    method: Literal["manual", "corrected-pipeline", "imported"] = Field(
        description="'manual': read and annotated by hand; 'corrected-pipeline': pipeline output "
        "with every field checked and corrected by hand; 'imported': converted from a corpus."
    )
    note: str | None = None


class StandOffSource(_Strict):
    """Text that may not be copied into the project: the gold names it and its hash, and the
    loader reads it from the corpus path it is given."""

    corpus: str = Field(description="Corpus name, e.g. 'lct'.")
    document: str = Field(description="Path of the text file relative to the corpus root.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class GoldDocument(_Strict):
    """One hand-annotated trial: the output schema plus its text (or a stand-off pointer to it)
    and how it was annotated. Every offset indexes the text."""

    gold_version: Literal["1"] = GOLD_VERSION
    text: str | None = Field(None, description="The input text, exactly as read.")
    source: StandOffSource | None = None
    annotation: Annotation
    document: TrialDocument

    @model_validator(mode="after")
    def _one_text_source(self) -> GoldDocument:
        if (self.text is None) == (self.source is None):
            raise ValueError("a gold file holds either 'text' or a stand-off 'source', not both or neither")
        return self
