"""The words around thresholds: analyte names, conditions, treatments, the events a window is
relative to, and plain clinical phrases with their ConText cues."""

from __future__ import annotations

from functools import lru_cache

from ..schema import AnalyteEntry
from .draws import LIST_JOINS, _bool, _cased, _chance, _int, _pick
from .vocabulary import vocabulary

# Words that lead into a threshold or a condition, the glue of real criteria
LEADS = ("Patients with", "Subjects with", "Known", "Active", "Uncontrolled", "Documented", "Confirmed",
         "Presence of", "Evidence of", "Diagnosis of", "Severe", "Clinically significant", "Any")
ANALYTE_GAPS = ("", "", "", " level", " levels", " count", " value", ":", " of", " must be", " is", " was",
                " should be", " (serum)", " at screening")


def _analyte_names(draw, entry: AnalyteEntry) -> str:
    """A name of the analyte: a synonym (in some case), an abbreviation, or both, 'ANC' after
    'absolute neutrophil count' in brackets."""
    synonym = _cased(draw, _pick(draw, entry.synonyms))
    if entry.abbreviations and _bool(draw):
        abbreviation = _pick(draw, entry.abbreviations)
        if _chance(draw, 4):
            return synonym + _pick(draw, (" (", "(", " [")) + abbreviation + _pick(draw, (")", ")", "]"))
        return abbreviation
    return synonym


def _analyte_phrases(draw, entries: tuple[AnalyteEntry, ...] | None = None) -> tuple[str, AnalyteEntry]:
    """What a threshold is about: one analyte, or two coordinated ('AST and/or ALT'), then the
    words before the comparator ('level', 'of', ':')."""
    v = vocabulary()
    pool = entries or v.labs
    entry = _pick(draw, pool)
    name = _analyte_names(draw, entry)
    if _chance(draw, 8):
        name += _pick(draw, LIST_JOINS) + _analyte_names(draw, _pick(draw, pool))
    return name + _pick(draw, ANALYTE_GAPS), entry


@lru_cache(maxsize=16)
def _literals(labels: tuple[str, ...]) -> tuple[str, ...]:
    entities = vocabulary().entities
    return tuple(literal for label in labels for literal in entities.get(label, ())) or ("disease",)


def _literal(draw, *labels: str) -> str:
    return _pick(draw, _literals(labels))


def _conditions(draw) -> str:
    """A condition of the lexicon, sometimes with a modifier: 'liver metastases', 'active HBV'."""
    literal = _literal(draw, "CONDITION")
    if _chance(draw, 4):
        return _pick(draw, ("active ", "known ", "uncontrolled ", "severe ", "chronic ")) + literal
    return literal


def _treatments(draw) -> str:
    """'Treatment with sorafenib', 'Prior surgery', 'Radiotherapy'."""
    literal = _literal(draw, "DRUG", "PROCEDURE")
    return _pick(draw, ("Treatment with ", "Prior ", "Previous ", "Use of ", "", "Received ",
                        "Therapy with ")) + literal


def _events(draw) -> str:
    """What a window is relative to: the study ('the first dose', 'randomization') or a treatment
    ('the last dose of sorafenib', 'surgery')."""
    v = vocabulary()
    if _bool(draw):
        return _pick(draw, ("", "the ", "study ")) + _pick(draw, v.anchors)
    head = _pick(draw, ("", *(h + " " for h in v.event_heads)))
    return _pick(draw, ("", "the ")) + head + _literal(draw, "DRUG", "PROCEDURE")


def _entity_phrases(draw) -> str:
    """A plain clinical phrase with a ConText cue: 'no ascites', 'history of stroke',
    'HBV ruled out', 'Patients with cirrhosis', 'prior sorafenib'."""
    v = vocabulary()
    literal = _literal(draw, "CONDITION", "DRUG", "PROCEDURE", "DEVICE", "OBSERVATION", "DEMOGRAPHIC")
    shape = _int(draw, 0, 4)
    if shape == 0 and v.cues_before:
        return _cased(draw, _pick(draw, v.cues_before)) + " " + literal
    if shape == 1 and v.cues_after:
        return literal + " " + _pick(draw, v.cues_after)
    if shape == 2:
        return _pick(draw, LEADS) + " " + literal
    if shape == 3:
        return literal + _pick(draw, LIST_JOINS) + _literal(draw, "CONDITION", "DRUG")
    return _cased(draw, literal)
