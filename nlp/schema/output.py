"""The pipeline's output: a trial document of criteria, entities and thresholds.

Offsets are character offsets into the input text exactly as read, end-exclusive:
``input[start:end] == text`` for every object that carries them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import End, EntityLabel, ModifierKind, SectionName, Start, TextSpan, _Strict

SCHEMA_VERSION = "1.8"


class Modifier(TextSpan):
    """A word that grades an entity without naming it, outside the entity's span:
    'Uncontrolled' in 'Uncontrolled hypertension', 'severe' in 'severe renal impairment'."""

    kind: ModifierKind
    text: str
    start: Start
    end: End


class Entity(TextSpan):
    """A clinical concept inside a criterion, with its ConText attributes."""

    id: str | None = Field(None, description="Stable within the document (schema 1.7): the criterion's "
                           "id and the entity's 1-based place among its entities, 'inc-3/e1'. Given "
                           "by position when a file leaves it out.")
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
    expansion: str | None = Field(
        None, description="Schema 1.8: the long form when the entity's text is a short form the "
        "document defines ('HCC' after 'Hepatocellular carcinoma (HCC)': 'Hepatocellular "
        "carcinoma', as written there, less invisible characters); else null. See the document's "
        "abbreviations.")


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
    """What an eligible patient satisfies: the threshold itself under inclusion or an obligation,
    its complement under exclusion ('Performance status > 2' excludes, so eligible patients have <= 2)."""

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

    id: str | None = Field(None, description="Stable within the document (schema 1.7): 'inc-3/t1', "
                           "like an entity's id.")
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
    requirement: Requirement | None = Field(
        description="What an eligible patient satisfies. Null for a permission (schema 1.7): "
        "'hydroxyurea is permitted more than 24 hours before the first dose' restricts nothing.")
    modality: Literal["obligation", "permission"] | None = Field(
        None, description="Schema 1.7: the clause states a duty ('must undergo a pregnancy test within "
        "7 days'), whose requirement keeps the written direction in either section, or a permission "
        "('... is permitted'), which sets no requirement. Null: the section decides.")
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


class LogicRef(_Strict):
    """A leaf: an entity ('the patient has it'), a threshold ('the patient's value satisfies it as
    written'), a threshold's condition ('the condition holds'), or a sub-item ('its logic holds')."""

    ref: str = Field(description="The id of an entity or threshold of this criterion, or of a sub-item.")
    part: Literal["condition"] | None = Field(
        None, description="'condition': the leaf is the threshold's condition, not its bound.")


class LogicNode(_Strict):
    """'and': every argument holds; 'or': at least one does; 'not': its one argument does not."""

    op: Literal["and", "or", "not"]
    args: list[LogicNode | LogicRef] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_argument_for_not(self) -> LogicNode:
        if self.op == "not" and len(self.args) != 1:
            raise ValueError("'not' takes exactly one argument")
        return self

    def refs(self) -> list[LogicRef]:
        """Every leaf, in order."""
        return [leaf for arg in self.args for leaf in (arg.refs() if isinstance(arg, LogicNode) else [arg])]


def entity_id(criterion_id: str, position: int) -> str:
    """An entity's id: its criterion's id and its 1-based place among the criterion's entities."""
    return f"{criterion_id}/e{position + 1}"


def threshold_id(criterion_id: str, position: int) -> str:
    return f"{criterion_id}/t{position + 1}"


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
    logic: LogicNode | LogicRef | None = Field(
        None, description="Schema 1.7: what an eligible patient satisfies, as a tree over this "
        "criterion's entities and thresholds (and, for a header, its sub-items). The section is "
        "already applied: an exclusion criterion's statement sits under 'not'. Null when the "
        "criterion has no leaf (consent, willingness). See the README, 'Criterion logic'.")

    @model_validator(mode="after")
    def _entities_inside(self) -> Criterion:
        for ent in self.entities:
            if not (self.start <= ent.start and ent.end <= self.end):
                raise ValueError(f"entity {ent.text!r} lies outside criterion {self.id}")
        return self

    @model_validator(mode="after")
    def _ids_by_position(self) -> Criterion:
        """Items without an id (a gold file, an annotation tool's) get theirs by position."""
        for k, ent in enumerate(self.entities):
            ent.id = ent.id or entity_id(self.id, k)
        for k, th in enumerate(self.thresholds):
            th.id = th.id or threshold_id(self.id, k)
        return self


class AbbreviationForm(TextSpan):
    """One form of an abbreviation where it stands in the input."""

    text: str
    start: Start
    end: End


class Abbreviation(_Strict):
    """A short form the document defines, at one place it stands, with its definition's long
    form (schema 1.8): 'Hepatocellular carcinoma (HCC)' defines 'HCC', and each later 'HCC' is
    another abbreviation with the same long form."""

    short: AbbreviationForm = Field(description="The short form at this place: 'HCC'.")
    long: AbbreviationForm = Field(description="The long form where the document defines the short "
                                   "form: 'Hepatocellular carcinoma'.")


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
    # 1.7 ids, a threshold's modality (a permission's requirement is null) and a criterion's logic.
    # 1.8 the document's abbreviations and an entity's expansion (empty and null when absent).
    schema_version: Literal["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8"] = SCHEMA_VERSION
    id: str = Field(description="The record's id (the NCT id of a registry record); for a text "
                    "file, the NCT id found in the text, else the file stem.")
    criteria: list[Criterion] = Field(default_factory=list)
    abbreviations: list[Abbreviation] = Field(
        default_factory=list, description="Schema 1.8: every place a short form the document defines "
        "stands ('Eastern Cooperative Oncology Group (ECOG)' ... 'ECOG'), the definition's own included, "
        "in text order, anywhere in the input (a trial page's description defines what its criteria use), "
        "each with its long form (Schwartz & Hearst's algorithm, scispaCy).")
    registry: RegistryEligibility | None = Field(
        None, description="Structured fields of the registry record (added in 1.2); null for text input."
    )

    @model_validator(mode="after")
    def _logic_leaves_exist(self) -> TrialDocument:
        children: dict[str, set[str]] = {}
        for crit in self.criteria:
            if crit.parent is not None:
                children.setdefault(crit.parent, set()).add(crit.id)
        for crit in self.criteria:
            if crit.logic is None:
                continue
            known = {e.id for e in crit.entities} | {t.id for t in crit.thresholds}
            known |= children.get(crit.id, set())
            conditional = {t.id for t in crit.thresholds if t.condition}
            leaves = crit.logic.refs() if isinstance(crit.logic, LogicNode) else [crit.logic]
            for leaf in leaves:
                if leaf.ref not in (conditional if leaf.part else known):
                    raise ValueError(f"criterion {crit.id}: logic names {leaf.ref!r}"
                                     f"{' (condition)' if leaf.part else ''}, which it does not hold")
        return self
