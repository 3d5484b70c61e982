"""Turn a processed Doc into the output document of ``nlp.schema``."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .normalize import input_text, offset_map
from .schema import (
    Abbreviation,
    Criterion,
    Entity,
    Modifier,
    RegistryEligibility,
    Threshold,
    TrialDocument,
    entity_id,
    threshold_id,
)
from .units import conversion_factor

NCT_ID = re.compile(r"NCT\d{8}(?!\d)")
REGISTRY_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$")
SEXES = ("ALL", "FEMALE", "MALE")


def trial_id(text: str, fallback: str) -> str:
    """The first NCT id in the text, else ``fallback`` (the input file stem)."""
    found = NCT_ID.search(text)
    return found.group(0) if found else fallback


def registry_eligibility(fields: dict) -> RegistryEligibility:
    """The registry's structured fields ('18 Years', 'FEMALE', ...) with ages in years."""
    sex = (fields.get("sex") or "").upper()
    return RegistryEligibility(
        source=fields["source"],
        minimum_age=fields.get("minimum_age"), maximum_age=fields.get("maximum_age"),
        minimum_age_years=_years(fields.get("minimum_age")),
        maximum_age_years=_years(fields.get("maximum_age")),
        sex=sex if sex in SEXES else None,
        healthy_volunteers=fields.get("healthy_volunteers"),
    )


def _years(age: str | None) -> float | None:
    found = REGISTRY_AGE.match(age or "")
    if not found:
        return None  # 'N/A', absent, or not an age
    try:
        return round(float(found.group(1)) * conversion_factor(found.group(2).lower(), "year", None), 4)
    except ValueError:  # not a time unit, or no unit pint knows
        return None


def doc_to_document(doc: Doc, fallback_id: str, *, doc_id: str | None = None,
                    registry: dict | None = None) -> TrialDocument:
    """The output document of a processed Doc, its offsets and texts mapped from the Doc's
    normalized view back to the input as read. Its id is ``doc_id`` when given (a record's own
    id), else the first NCT id in the text, else ``fallback_id``."""
    text, offsets = input_text(doc), offset_map(doc)

    def span(start: int, end: int) -> dict:
        start, end = offsets.span(start, end)
        return {"text": text[start:end], "start": start, "end": end}

    abbreviations = [Abbreviation(short=span(a["short"]["start"], a["short"]["end"]),
                                  long=span(a["long"]["start"], a["long"]["end"]))
                     for a in doc._.abbreviations or ()]
    # A short form -> its long form, both the view's text (like a threshold's unit): an invisible
    # character in the input changes no expansion.
    expansions = {a["short"]["text"]: a["long"]["text"] for a in doc._.abbreviations or ()}
    by_criterion: dict[str, list[Entity]] = {}
    for ent in doc.ents:
        listed = by_criterion.setdefault(ent._.criterion_id, [])
        listed.append(
            Entity(
                id=entity_id(ent._.criterion_id, len(listed)), label=ent.label_,
                **span(ent.start_char, ent.end_char),
                negated=ent._.negated, historical=ent._.historical,
                hypothetical=ent._.hypothetical, family=ent._.family,
                exception=ent._.exception, polarity=ent._.polarity,
                modifiers=[Modifier(kind=m["kind"], **span(m["start"], m["end"]))
                           for m in ent._.modifiers or ()],
                expansion=expansions.get(ent.text),
            )
        )
    thresholds: dict[str, list[Threshold]] = {}
    for found in doc._.thresholds or ():
        found = dict(found) | span(found["start"], found["end"])
        if found["analyte"] is not None:
            found["analyte"] = found["analyte"] | span(found["analyte"]["start"], found["analyte"]["end"])
        criterion_id = found.pop("criterion_id")
        listed = thresholds.setdefault(criterion_id, [])
        found["id"] = threshold_id(criterion_id, len(listed))
        listed.append(Threshold.model_validate(found))
    logic = doc._.logic or {}
    criteria = [
        Criterion(
            id=c["id"], section=c["section"], parent=c["parent"], **span(c["start"], c["end"]),
            entities=by_criterion.get(c["id"], []), thresholds=thresholds.get(c["id"], []),
            logic=logic.get(c["id"]),
        )
        for c in doc._.criteria
    ]
    return TrialDocument(id=doc_id or trial_id(doc.text, fallback_id), criteria=criteria,
                         abbreviations=abbreviations,
                         registry=registry_eligibility(registry) if registry else None)
