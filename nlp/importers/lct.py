"""The Leaf Clinical Trials corpus (brat) as stand-off gold documents.

Label mapping (LCT type -> ours):
  Condition -> CONDITION; Drug -> DRUG; Procedure -> PROCEDURE;
  Observation typed lab, vital, measurement or clinical-score -> MEASUREMENT, other Observation
  (social habits, questionnaires, untyped) -> OBSERVATION;
  Age, Life-Stage-And-Gender, Ethnicity -> DEMOGRAPHIC. LCT has no devices.
Attributes: negated from Negation events; hypothetical from Assertion events (possible,
hypothetical, intention); exception from the Except arguments of Exception events; family from
Family-Member events whose member is not the patient. LCT does not mark history, so historical
stays false. Polarity is the section, flipped when negated.
Criteria: each non-blank line after an 'Inclusion/Exclusion Criteria' heading, without its bullet;
lines before any heading count as inclusion. Sub-items stay flat (no parent).
Thresholds: Numeric-Filter events of Observation and Age: the analyte is the event's span, the
text the Eq-Comparison span; EQ with several values is a list ('in'); a comparison without an
operator is '=' (a range when written as one).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..gold import sha256
from ..schema import (
    Annotation,
    Criterion,
    Entity,
    GoldDocument,
    StandOffSource,
    Threshold,
    TrialDocument,
)
from . import gold_threshold, holder, polarity
from .brat import Standoff, read_standoff

CORPUS = "lct"
LABELS = {"Condition": "CONDITION", "Drug": "DRUG", "Procedure": "PROCEDURE", "Age": "DEMOGRAPHIC",
          "Life-Stage-And-Gender": "DEMOGRAPHIC", "Ethnicity": "DEMOGRAPHIC"}
MEASURED = {"lab", "vital", "measurement", "clinical-score"}
OPERATORS = {"EQ": "=", "LT": "<", "LTEQ": "<=", "GT": ">", "GTEQ": ">=", "BETWEEN": "between",
             "PLUS-MINUS": "="}
HEADING = re.compile(r"^[ \t\-*]*(?:\w+\s+){0,2}(inclusion|exclusion)\s+criteria\b.*$", re.I | re.M)
BULLET = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)])?[ \t]*")
NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)?")
WRITTEN_RANGE = re.compile(r"\bbetween\b|\w\s*(?:-|–|~|－|to)\s*\w", re.I)


def import_corpus(root: Path) -> list[GoldDocument]:
    brat = root / "brat" if (root / "brat").is_dir() else root
    return [import_document(txt, txt.relative_to(root).as_posix()) for txt in sorted(brat.glob("*.txt"))]


def import_document(txt: Path, relative: str) -> GoldDocument:
    doc = read_standoff(txt)
    criteria = _criteria(doc.text)
    _add_entities(doc, criteria)
    _add_thresholds(doc, criteria)
    return GoldDocument(
        source=StandOffSource(corpus=CORPUS, document=relative, sha256=sha256(doc.text)),
        annotation=Annotation(annotator="LCT corpus annotators (Dobbins et al. 2022)",
                              date=date.today().isoformat(), method="imported",
                              note="Converted by nlp.importers.lct; CC BY 4.0."),
        document=TrialDocument(id=doc.name, criteria=criteria),
    )


def _criteria(text: str) -> list[Criterion]:
    criteria, section, counts, pos = [], "inclusion", {"inclusion": 0, "exclusion": 0}, 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        heading = HEADING.match(body)
        if heading:
            section = heading.group(1).lower()
        elif body.strip():
            start = pos + BULLET.match(body).end()
            end = pos + len(body.rstrip())
            if end > start:
                counts[section] += 1
                criteria.append(Criterion(id=f"{section[:3]}-{counts[section]}", section=section,
                                          text=text[start:end], start=start, end=end))
        pos += len(line)
    return criteria


def _flags(doc: Standoff) -> dict[str, set[str]]:
    """Span ids carrying each attribute, from the events that assert it."""
    flags = {"negated": set(), "hypothetical": set(), "exception": set(), "family": set()}
    for event in doc.events.values():
        if event.type == "Negation":
            flags["negated"] |= _targets(doc, event, "Negates")
        elif event.type == "Assertion":
            flags["hypothetical"] |= _targets(doc, event, "Asserted")
        elif event.type == "Exception":
            flags["exception"] |= _targets(doc, event, "Except")
        elif (event.type == "Family-Member"
              and doc.attributes.get(("Family-Member-Type", event.id)) != "patient"):
            flags["family"] |= _targets(doc, event, "Has")
    return flags


def _targets(doc: Standoff, event, role: str) -> set[str]:
    """Ids of the spans an event's arguments in role ('Negates', 'Negates2', ...) stand for."""
    spans = (doc.trigger_of(t) for r, t in event.arguments if r.rstrip("0123456789") == role)
    return {span.id for span in spans if span is not None}


def _add_entities(doc: Standoff, criteria: list[Criterion]) -> None:
    """Each entity into the criterion holding it; one crossing a line break is left out."""
    flags = _flags(doc)
    event_of = {event.trigger: event.id for event in doc.events.values()}
    for span in doc.spans.values():
        label = LABELS.get(span.type)
        if span.type == "Observation":
            kind = doc.attributes.get(("Observation-Type-Value", event_of.get(span.id, "")))
            label = "MEASUREMENT" if kind in MEASURED else "OBSERVATION"
        criterion = holder(criteria, span.start, span.end)
        if label is None or criterion is None:
            continue
        negated = span.id in flags["negated"]
        criterion.entities.append(Entity(
            label=label, text=doc.text[span.start:span.end], start=span.start, end=span.end,
            negated=negated, hypothetical=span.id in flags["hypothetical"],
            exception=span.id in flags["exception"], family=span.id in flags["family"],
            polarity=polarity(criterion.section, negated),
        ))


def _add_thresholds(doc: Standoff, criteria: list[Criterion]) -> None:
    for event in doc.events.values():
        analyte = doc.spans.get(event.trigger)
        if analyte is None or analyte.type not in ("Observation", "Age"):
            continue
        for role, target in event.arguments:
            comparison = doc.events.get(target)
            if not role.startswith("Numeric-Filter") or comparison is None:
                continue
            whole = doc.spans[comparison.trigger]
            criterion = holder(criteria, whole.start, whole.start)
            if criterion is not None and (found := _threshold(doc, analyte, comparison, criterion.section)):
                criterion.thresholds.append(found)


def _threshold(doc: Standoff, analyte, comparison, section: str) -> Threshold | None:
    whole = doc.spans[comparison.trigger]
    text = doc.text
    written = text[whole.start:whole.end]
    value_ids = dict.fromkeys(t for r, t in comparison.arguments if r.startswith("Value"))
    numbers = [_number(text[s.start:s.end]) for t in value_ids if (s := doc.spans.get(t))]
    numbers = sorted(n for n in numbers if n is not None) or [
        n for n in map(_number, NUMBER.findall(written)) if n is not None]
    if not numbers:
        return None
    operator_ids = [t for r, t in comparison.arguments if r.startswith("Operator")]
    operator = doc.attributes.get(("Eq-Operator-Value", operator_ids[0])) if operator_ids else None
    if operator is None and len(numbers) == 2 and WRITTEN_RANGE.search(written):
        operator = "BETWEEN"
    comparator = OPERATORS.get(operator, "=")
    value, upper, values = numbers[0], None, None
    if comparator == "between" and len(numbers) >= 2:
        upper = numbers[-1]
    elif comparator == "between":
        comparator = "="
    if comparator == "=" and len(numbers) > 1:
        comparator, value, values = "in", None, numbers
    units = [doc.spans[t] for r, t in comparison.arguments if r.startswith("Unit") and t in doc.spans]
    return gold_threshold(text, "age" if analyte.type == "Age" else "measurement", analyte, whole, section,
                          comparator, value, upper, values,
                          unit=text[units[0].start:units[0].end] if units else None)


def _number(written: str) -> float | None:
    written = written.strip().replace("−", "-")
    decimal_comma = re.fullmatch(r"-?\d+,\d{1,2}", written)
    written = written.replace(",", "." if decimal_comma else "")
    try:
        return float(written)
    except ValueError:
        return None
