"""Effective polarity: what an eligible patient must have ("inclusion") or must not ("exclusion")."""


from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc

FLIP = {"inclusion": "exclusion", "exclusion": "inclusion"}


def polarity(section: str, negated: bool) -> str:
    """'No ascites' under inclusion excludes ascites; a negated exclusion is a requirement."""
    return FLIP[section] if negated else section


def criterion_at(criteria: list[dict], starts: list[int], start: int, end: int) -> dict | None:
    """The innermost criterion holding [start, end); criteria are sorted by start."""
    i = bisect_right(starts, start) - 1
    while i >= 0:
        crit = criteria[i]
        if crit["start"] <= start and end <= crit["end"]:
            return crit
        i -= 1
    return None


@Language.factory("criteria_polarity_v1", default_config={})
class CriteriaPolarity:
    """Links each entity to its criterion and sets its polarity; drops entities outside criteria."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        criteria = sorted(doc._.criteria or (), key=lambda c: c["start"])
        starts = [c["start"] for c in criteria]
        kept = []
        for ent in doc.ents:
            crit = criterion_at(criteria, starts, ent.start_char, ent.end_char)
            if crit is None:
                continue
            ent._.criterion_id = crit["id"]
            ent._.polarity = polarity(crit["section"], ent._.negated)
            kept.append(ent)
        doc.ents = kept
        return doc
