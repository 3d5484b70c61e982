"""The pipeline's output: a trial document of criteria, entities and thresholds.

Offsets are character offsets into the input text exactly as read, end-exclusive:
``input[start:end] == text`` for every object that carries them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import End, EntityLabel, ModifierKind, SectionName, Start, TextSpan, _Strict

SCHEMA_VERSION = "1.6"


class Modifier(TextSpan):
    """A word that grades an entity without naming it, outside the entity's span:
    'Uncontrolled' in 'Uncontrolled hypertension', 'severe' in 'severe renal impairment'."""

    kind: ModifierKind
    text: str
    start: Start
    end: End


class Entity(TextSpan):
    """A clinical concept inside a criterion, with its ConText attributes."""

    label: EntityLabel
    text: str
    start: Start
    end: End
    negated: bool = Field(False, description="Asserted absent: 'No ascites', 'without HBV'.")
    historical: bool = Field(False, description="Refers to the past: 'history of stroke'.")
    hypothetical: bool = Field(False, description="Conditional or future: 'if pregnant'.")
    family: bool = Field(False, description="About a relative, not the patient.")
    exception: bool = Field(
        False,
        description="Carved out of the criterion by 'except', 'other than', "
        "'with the exception of': the criterion does not apply to it.",
    )
    polarity: SectionName = Field(
        description="'inclusion': an eligible patient must have it; 'exclusion': having it "
        "disqualifies. The criterion's section, flipped when the entity is negated."
    )
    modifiers: list[Modifier] = Field(
        default_factory=list,
        description="Severity, stability, acuteness, activity and certainty words before the "
        "entity, in reading order (schema 1.6). The entity's span leaves them out.",
    )


Comparator = Literal["<", "<=", ">", ">=", "=", "between", "in"]
RequirementComparator = Literal["<", "<=", ">", ">=", "=", "between", "in", "outside", "not_in"]
Value = float | str  # a number, or an ordinal category such as Child-Pugh "B7" or NYHA "III"


class Alias(TextSpan):
    """Another mention of the same analyte."""

    text: str
    start: Start
    end: End


class Analyte(TextSpan):
    """What a threshold constrains: its mention in the text, and its lexicon entry if known."""

    text: str
    start: Start
    end: End
    name: str | None = Field(description="Canonical name from the analyte lexicon, else null.")
    code: str | None = Field(description="LOINC code of the analyte, where the lexicon has one.")
    aliases: list[Alias] = Field(
        default_factory=list,
        description="Other mentions of the same analyte that gold annotates apart, an abbreviation "
        "or its expansion ('hemoglobin (Hb)'): a prediction on any of them names it. The pipeline "
        "writes none; its mention takes in an abbreviation beside the name.",
    )


class Normalized(_Strict):
    """The bound(s) in the analyte's canonical unit."""

    value: float
    upper: float | None = None
    unit: str = Field(description="The analyte's canonical unit (pint notation).")
    factor: float = Field(description="canonical = written x factor + offset.")
    offset: float = Field(
        0.0, description="Added after the factor (schema 1.4): nonzero only between temperature "
        "scales whose zeros differ (a value in °F to the canonical °C)."
    )


FLIP_FOR_EXCLUSION = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "not_in", "between": "outside",
                      "in": "not_in"}


class Requirement(_Strict):
    """What an eligible patient satisfies: the threshold itself under inclusion, its complement
    under exclusion ('Performance status > 2' excludes, so eligible patients have <= 2)."""

    comparator: RequirementComparator
    value: Value | None = None
    upper: Value | None = None
    values: list[Value] | None = None

    @classmethod
    def of(cls, comparator: str, value: Value | None, upper: Value | None,
           values: list[Value] | None, section: str) -> Requirement:
        """The requirement a threshold written in section sets."""
        flipped = comparator if section == "inclusion" else FLIP_FOR_EXCLUSION[comparator]
        if flipped == "not_in" and values is None:
            values = [value]
        return cls(comparator=flipped, value=None if flipped in ("in", "not_in") else value,
                   upper=upper, values=values)


class Threshold(TextSpan):
    """A numeric or ordinal requirement in a criterion, tied to what it measures."""

    kind: Literal["measurement", "age", "time_window", "duration", "count", "dose", "stage"] = Field(
        description="'measurement': a lab, vital or score; 'age'; 'time_window': a duration "
        "relative to an event ('within 4 weeks before the first dose'), its analyte the event when "
        "one is named; 'duration': how long something lasts or has lasted ('diabetes for >= 6 "
        "months'); 'count': how many of something ('two or more episodes'), its analyte the thing "
        "counted; 'dose' (schema 1.3): the dose of a drug a patient takes ('prednisone > 10 "
        "mg/day'), its analyte the drug or the dose as written; 'stage' (schema 1.3): the stage, "
        "grade or type of a condition written as a number or Roman category ('Chronic Kidney Disease "
        "stage 1-5', 'diabetes (type 1 or 2)', 'Stage III periodontitis'), not a lexicon scale such as "
        "NYHA or ECOG nor the categories of a measurement ('GMFCS levels I-III')."
    )
    analyte: Analyte | None
    comparator: Comparator
    value: Value | None = Field(description="The bound, or the lower bound of a range.")
    upper: Value | None = Field(None, description="Upper bound of a range ('between').")
    lower_inclusive: bool = Field(True, description="For 'between': whether value itself is in range.")
    upper_inclusive: bool = Field(True, description="For 'between': whether upper itself is in range.")
    values: list[Value] | None = Field(None, description="The members of a list ('0 or 1').")
    unit: str | None = Field(description="The unit as written ('×109/L' keeps its spelling).")
    relative_to: Literal["ULN", "LLN"] | None = Field(
        None, description="The value is a multiple of the upper/lower limit of normal."
    )
    normalized: Normalized | None = Field(
        None, description="Converted to the analyte's canonical unit; null when not applicable."
    )
    normalization_error: str | None = Field(
        None, description="Why a written unit was not converted (refused, never guessed)."
    )
    requirement: Requirement
    condition: str | None = Field(
        None, description="Text of a conditional override: '(<= 5 x ULN for patients with "
        "liver metastases)' gives a threshold whose condition is 'for patients with liver metastases'."
    )
    resolver: str | None = Field(
        None, description="Provenance (schema 1.4): the id of the rule that named the analyte: a linking "
        "rule or a kind rule ('linking' in threshold_rules.json; a value coordinated with the next shares "
        "its rule), or the finder of a value that comes with its analyte ('scale-category', "
        "'leading-scale', 'leading-count')."
    )
    text: str
    start: Start
    end: End


class Criterion(TextSpan):
    """One eligibility criterion: a list item, a line, or a run-on numbered item."""

    id: str = Field(description="Stable within the document: 'inc-3', 'exc-2', 'inc-8.1'.")
    section: SectionName
    text: str
    start: Start
    end: End
    parent: str | None = Field(
        None, description="Id of the enclosing criterion for a nested sub-item, else null."
    )
    entities: list[Entity] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)

    @model_validator(mode="after")
    def _entities_inside(self) -> Criterion:
        for ent in self.entities:
            if not (self.start <= ent.start and ent.end <= self.end):
                raise ValueError(f"entity {ent.text!r} lies outside criterion {self.id}")
        return self


class RegistryEligibility(_Strict):
    """The registry's own structured eligibility fields, carried over from the input record
    (ClinicalTrials.gov API v2 ``eligibilityModule``, AACT ``eligibilities``). They are not read
    from the criteria text, so they carry no offsets."""

    source: Literal["clinicaltrials.gov", "aact"]
    minimum_age: str | None = Field(None, description="As the registry writes it: '18 Years' (AACT: "
                                    "'N/A' for none); null when the record has none.")
    maximum_age: str | None = Field(None, description="As the registry writes it, like minimum_age.")
    minimum_age_years: float | None = Field(None, description="minimum_age in years, where it parses.")
    maximum_age_years: float | None = Field(None, description="maximum_age in years, where it parses.")
    sex: Literal["ALL", "FEMALE", "MALE"] | None = None
    healthy_volunteers: bool | None = Field(None, description="Whether healthy volunteers are accepted.")


class TrialDocument(_Strict):
    """The structured eligibility criteria of one trial."""

    # Older documents still validate: 1.2 only added the optional ``registry``, 1.3 two kinds,
    # 1.4 the normalized ``offset`` (0 when absent), 1.5 an analyte's ``aliases`` (empty when absent),
    # 1.6 an entity's ``modifiers`` (empty when absent).
    schema_version: Literal["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"] = SCHEMA_VERSION
    id: str = Field(description="The record's id (the NCT id of a registry record); for a text "
                    "file, the NCT id found in the text, else the file stem.")
    criteria: list[Criterion] = Field(default_factory=list)
    registry: RegistryEligibility | None = Field(
        None, description="Structured fields of the registry record (added in 1.2); null for text input."
    )
