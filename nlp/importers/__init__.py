"""Importers from annotation corpora into gold documents (``schema.GoldDocument``)."""

from __future__ import annotations

from ..schema import Alias, Analyte, Criterion, Requirement, Threshold, Value
from .brat import TextBound


def polarity(section: str, negated: bool) -> str:
    """An entity's polarity: its criterion's section, flipped when it is negated."""
    return ("exclusion" if section == "inclusion" else "inclusion") if negated else section


def holder(criteria: list[Criterion], start: int, end: int) -> Criterion | None:
    """The criterion whose text holds start:end."""
    return next((c for c in criteria if c.start <= start and end <= c.end), None)


def gold_threshold(text: str, kind: str, analyte: TextBound, written: TextBound, section: str,
                   comparator: str, value: Value | None, upper: Value | None = None,
                   values: list[Value] | None = None, unit: str | None = None,
                   aliases: list[TextBound] = ()) -> Threshold:
    """A gold threshold on an annotated analyte span (with the spans annotated as naming it too);
    corpora give no lexicon name or code."""
    return Threshold(
        kind=kind,
        analyte=Analyte(text=text[analyte.start:analyte.end], start=analyte.start, end=analyte.end,
                        name=None, code=None,
                        aliases=[Alias(text=text[a.start:a.end], start=a.start, end=a.end) for a in aliases]),
        comparator=comparator, value=value, upper=upper, values=values, unit=unit,
        requirement=Requirement.of(comparator, value, upper, values, section),
        text=text[written.start:written.end], start=written.start, end=written.end,
    )
