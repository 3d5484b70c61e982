"""A patient record for ``criteria match``, and the hand-written matching cases that score it.

A record is partial: it states some facts and says nothing of the rest. A fact the record does
not state decides nothing (the criterion that needs it is 'unknown'), so a condition missing
from ``conditions`` is not taken as absent.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import ModifierKind, _Strict
from .gold import Annotation

MATCHING_VERSION = "1"
Verdict = Literal["eligible", "ineligible", "undetermined"]
Result = Literal["passes", "fails", "unknown"]


class PatientMeasurement(_Strict):
    """One measured value: a lab, a vital sign or a score."""

    name: str = Field(min_length=1, description="As a clinician writes it: 'platelets', 'ALT', "
                      "'ECOG', 'Child-Pugh'; matched through the analyte lexicon.")
    value: float | str = Field(description="A number, or a category for a scale ('B7', 'III').")
    unit: str | None = Field(None, description="As written ('10^9/L', 'mg/dL', '/µL'); null for a "
                             "score or a count.")
    uln: float | None = Field(None, description="Upper limit of normal, in the same unit: needed "
                              "to compare against a multiple of ULN.")
    lln: float | None = Field(None, description="Lower limit of normal, in the same unit.")


class Patient(_Strict):
    """What one patient's record states."""

    id: str = Field(min_length=1)
    age: float | None = Field(None, ge=0, description="In years.")
    sex: Literal["female", "male"] | None = None
    conditions: list[str] = Field(default_factory=list, description="Diagnoses, present or past.")
    medications: list[str] = Field(default_factory=list, description="Drugs taken, now or before.")
    procedures: list[str] = Field(default_factory=list, description="Procedures and therapies had.")
    measurements: list[PatientMeasurement] = Field(default_factory=list)
    pregnant: bool | None = Field(None, description="Null when the record does not say.")


class MatchingCase(_Strict):
    """One patient against the case file's trial, with what a correct matcher answers."""

    patient: Patient
    verdict: Verdict
    failing: list[str] = Field(description="Ids of the criteria that make the patient ineligible "
                               "(top-level ids: a sub-item's failure is its header's).")
    note: str = Field(min_length=1, description="Why: the criterion and the fact that decide it.")


class MatchingCases(_Strict):
    """Hand-written patients for one trial (``annotations/matching/``)."""

    matching_version: Literal["1"] = MATCHING_VERSION
    trial: str = Field(description="The trial, a path relative to the project root: a seed gold "
                       "file, whose text the pipeline reads.")
    annotation: Annotation
    cases: list[MatchingCase] = Field(min_length=1)


class AnalyteGroup(_Strict):
    """A name that bounds several analytes at once ('transaminases'): each member must satisfy it."""

    id: str = Field(pattern=r"^[a-z0-9_.-]+$")
    comment: str = Field(min_length=3)
    names: list[str] = Field(min_length=1, description="Lower-cased names as criteria write them.")
    members: list[str] = Field(min_length=2, description="Canonical names of lexicon analytes.")


class ConceptClass(_Strict):
    """Names of one class of facts ('malignancy') and the words of its kinds ('carcinoma'): an
    entity that names the class is any fact that names a kind of it with the entity's other words
    ('second primary malignant tumor' is 'second primary breast cancer')."""

    id: str = Field(pattern=r"^[a-z0-9_.-]+$")
    comment: str = Field(min_length=3)
    names: list[str] = Field(min_length=1, description="Lower-cased names of the class.")
    kinds: list[str] = Field(min_length=1, description="Lower-cased names of its kinds, the names aside.")


class PluralSuffix(_Strict):
    plural: str = Field(min_length=1)
    singular: str


class SingularRules(_Strict):
    """How names are made singular before they are compared ('metastases' is 'metastasis')."""

    irregular: dict[str, str] = Field(default_factory=dict, description="Plurals no suffix rule gives.")
    suffixes: list[PluralSuffix] = Field(description="Tried in order; the first that ends a word applies.")
    min_length: int = Field(ge=1, description="Shorter words stay as written ('has', 'its').")
    kept_endings: list[str] = Field(default_factory=list, description="Singular words that end like a "
                                    "plural ('abscess', 'virus', 'metastasis').")


class MatchRules(_Strict):
    """What ``criteria match`` reads a record with (``resources/match_rules.json``)."""

    sex_words: dict[Literal["female", "male"], list[str]] = Field(
        description="Lower-cased words that restrict a bound or a criterion to one sex ('in men').")
    pregnancy_words: list[str] = Field(description="Lower-cased words of an entity that the record's "
                                       "'pregnant' decides.")
    fields: dict[str, Literal["conditions", "medications", "procedures"]] = Field(
        description="The record's list searched first for the facts an entity of each label names; "
        "the other lists follow, since a recognizer's label and a record's list may disagree.")
    ignored_words: list[str] = Field(description="Words that no fact's name needs to repeat ('known', "
                                     "'history'): left out of both names before they are compared.")
    singular: SingularRules
    condition_fillers: list[str] = Field(default_factory=list, description="Words of a bound's "
                                         "condition that name no fact ('for patients with').")
    condition_negations: list[str] = Field(default_factory=list, description="Words that deny a "
                                           "bound's condition ('without'): the matcher leaves it undecided.")
    analyte_groups: list[AnalyteGroup] = Field(default_factory=list)
    concept_classes: list[ConceptClass] = Field(default_factory=list)
    unrequired_modifiers: list[ModifierKind] = Field(
        default_factory=list, description="Kinds of entity modifiers that no fact needs to state: "
        "a record's 'lung cancer' is a 'confirmed' one, and counts for a 'suspected' one.")
