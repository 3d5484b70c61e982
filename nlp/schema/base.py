"""What every part of the schema shares: strict models, spans whose offsets give their text, the
section and entity labels."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SectionName = Literal["inclusion", "exclusion"]
EntityLabel = Literal[
    "CONDITION", "DRUG", "PROCEDURE", "MEASUREMENT", "OBSERVATION", "DEVICE", "DEMOGRAPHIC"
]
ENTITY_LABELS: tuple[str, ...] = EntityLabel.__args__


def first_error(err: ValidationError) -> str:
    """The first validation error on one line: 'criteria.0.label: Input should be ...'."""
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


Start = Annotated[int, Field(ge=0, description="Offset of the first character in the input.")]
End = Annotated[int, Field(ge=0, description="Offset one past the last character (end-exclusive).")]


# How an entity is graded by a word outside its span (annotations/README.md, span conventions).
ModifierKind = Literal["severity", "stability", "acuteness", "activity", "certainty"]


class TextSpan(_Strict):
    """A piece of the input: ``input[start:end] == text``. Subclasses declare text, start and
    end themselves, so each model lists its own fields in the documented order."""

    @model_validator(mode="after")
    def _offsets_fit_text(self) -> TextSpan:
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"offsets {self.start}:{self.end} span {self.end - self.start} characters "
                f"but text has {len(self.text)}"
            )
        return self
