"""Turn a processed Doc into the output document of ``nlp.schema``."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .schema import Criterion, Entity, Threshold, TrialDocument

NCT_ID = re.compile(r"NCT\d{8}(?!\d)")


def trial_id(text: str, fallback: str) -> str:
    """The first NCT id in the text, else ``fallback`` (the input file stem)."""
    found = NCT_ID.search(text)
    return found.group(0) if found else fallback


def doc_to_document(doc: Doc, fallback_id: str) -> TrialDocument:
    text = doc.text
    by_criterion: dict[str, list[Entity]] = {}
    for ent in doc.ents:
        by_criterion.setdefault(ent._.criterion_id, []).append(
            Entity(
                label=ent.label_, text=ent.text, start=ent.start_char, end=ent.end_char,
                negated=ent._.negated, historical=ent._.historical,
                hypothetical=ent._.hypothetical, family=ent._.family,
                exception=ent._.exception, polarity=ent._.polarity,
            )
        )
    thresholds: dict[str, list[Threshold]] = {}
    for found in doc._.thresholds or ():
        found = dict(found)
        thresholds.setdefault(found.pop("criterion_id"), []).append(Threshold.model_validate(found))
    criteria = [
        Criterion(
            id=c["id"], section=c["section"], parent=c["parent"], start=c["start"], end=c["end"],
            text=text[c["start"] : c["end"]], entities=by_criterion.get(c["id"], []),
            thresholds=thresholds.get(c["id"], []),
        )
        for c in doc._.criteria
    ]
    return TrialDocument(id=trial_id(text, fallback_id), criteria=criteria)
