"""The one schema of criteria-nlp: pipeline output, and the rule files the pipeline loads.

Offsets are character offsets into the input text exactly as read, end-exclusive:
``input[start:end] == text`` for every object that carries them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SCHEMA_VERSION = "1.4"

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


Comparator = Literal["<", "<=", ">", ">=", "=", "between", "in"]
RequirementComparator = Literal["<", "<=", ">", ">=", "=", "between", "in", "outside", "not_in"]
Value = float | str  # a number, or an ordinal category such as Child-Pugh "B7" or NYHA "III"


class Analyte(TextSpan):
    """What a threshold constrains: its mention in the text, and its lexicon entry if known."""

    text: str
    start: Start
    end: End
    name: str | None = Field(description="Canonical name from the analyte lexicon, else null.")
    code: str | None = Field(description="LOINC code of the analyte, where the lexicon has one.")


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
    # 1.4 the normalized ``offset`` (0 when absent).
    schema_version: Literal["1.1", "1.2", "1.3", "1.4"] = SCHEMA_VERSION
    id: str = Field(description="The record's id (the NCT id of a registry record); for a text "
                    "file, the NCT id found in the text, else the file stem.")
    criteria: list[Criterion] = Field(default_factory=list)
    registry: RegistryEligibility | None = Field(
        None, description="Structured fields of the registry record (added in 1.2); null for text input."
    )


# ---- Gold files (annotations/) -------------------------------------------------------------

GOLD_VERSION = "1"


class Annotation(_Strict):
    """Who made a gold file and how; a file starting from pipeline or corpus output says so."""

    annotator: str = Field(min_length=1)
    date: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    method: Literal["manual", "corrected-pipeline", "imported"] = Field(
        description="'manual': read and annotated by hand; 'corrected-pipeline': pipeline output "
        "with every field checked and corrected by hand; 'imported': converted from a corpus."
    )
    note: str | None = None


class StandOffSource(_Strict):
    """Text that may not be copied into the project: the gold names it and its hash, and the
    loader reads it from the corpus path it is given."""

    corpus: str = Field(description="Corpus name, e.g. 'lct'.")
    document: str = Field(description="Path of the text file relative to the corpus root.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class GoldDocument(_Strict):
    """One hand-annotated trial: the output schema plus its text (or a stand-off pointer to it)
    and how it was annotated. Every offset indexes the text."""

    gold_version: Literal["1"] = GOLD_VERSION
    text: str | None = Field(None, description="The input text, exactly as read.")
    source: StandOffSource | None = None
    annotation: Annotation
    document: TrialDocument

    @model_validator(mode="after")
    def _one_text_source(self) -> GoldDocument:
        if (self.text is None) == (self.source is None):
            raise ValueError("a gold file holds either 'text' or a stand-off 'source', not both or neither")
        return self


# ---- Rule files shipped in nlp/resources/ -------------------------------------------------


class _Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_.-]+$")
    comment: str = Field(min_length=3)


class HeadingRule(_Rule):
    """A regular expression for a criteria section heading (matched case-insensitively)."""

    pattern: str
    section: SectionName
    plain_language: bool = Field(
        False,
        description="A plain-language rewrite: dropped when the page also holds the original "
        "criteria, so each criterion is emitted once, from the original text.",
    )


class FurnitureRule(_Rule):
    """A whole line of page furniture that ends a criteria section."""

    pattern: str


class SectionRules(_Strict):
    headings: list[HeadingRule]
    furniture: list[FurnitureRule]


class TargetRule(_Rule):
    """A lexicon entry for medspaCy's TargetMatcher."""

    literal: str = Field(min_length=1)
    label: EntityLabel
    pattern: list[dict[str, Any]] | None = None


class ContextRule(_Rule):
    """A medspaCy ConText rule (the fields of medspaCy's context_rules.json) with id and comment."""

    literal: str = Field(min_length=1)
    category: Literal[
        "NEGATED_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY", "EXCEPTION",
        "PSEUDO", "TERMINATE",
    ]
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    pattern: list[dict[str, Any]] | str | None = None
    allowed_types: list[EntityLabel] | None = None
    excluded_types: list[EntityLabel] | None = None
    max_scope: int | None = Field(None, gt=0)
    max_targets: int | None = Field(None, gt=0)
    terminated_by: list[str] | None = None


class WordList(_Rule):
    """Lower-cased tokens that play one role in scope resolution."""

    words: list[str] = Field(min_length=1)


class ScopeRules(_Strict):
    """How a cue limited to one target (max_targets 1) settles on its targets after ConText."""

    coordinators: WordList = Field(description="Tokens joining a list the cue spreads over.")
    head_nouns: WordList = Field(
        description="Nouns that hand a cue on to the entity after 'of' ('radiographic evidence of X')."
    )


class ContextRules(_Strict):
    context_rules: list[ContextRule]
    scope: ScopeRules


class ComparatorRule(_Rule):
    """Words and symbols for one comparator, before the number or after it ('18 or older')."""

    op: Literal["<", "<=", ">", ">=", "="]
    prefix: list[str]
    postfix: list[str] = Field(default_factory=list)


class UnitRule(_Rule):
    """Spellings of one unit and its pint expression."""

    forms: list[str] = Field(min_length=1)
    pint: str
    time: bool = False
    dose: bool = Field(False, description="A unit drugs are dosed in ('mg/day'): with a drug, a dose.")


class ReferenceRule(_Rule):
    """Phrases naming a reference limit that a value multiplies ('1.5 x ULN')."""

    relative_to: Literal["ULN", "LLN"]
    forms: list[str] = Field(min_length=1)


class NumberWords(_Rule):
    words: dict[str, int]


class AgeWords(_Rule):
    words: list[str]


class WindowCues(_Rule):
    before: list[str] = Field(description="Cues before the duration: 'within 4 weeks'.")
    after: list[str] = Field(description="Relations after it: '7 days prior to SBRT'.")
    until: list[str] = Field(
        min_length=1, description="Cues before a duration that lasts until then: 'through 30 days "
        "after radiotherapy' is at least 30 days.")
    exact_after: list[str] = Field(
        min_length=1, description="Relations after a duration written without a comparator that make "
        "it an exact window: '4 months after surgery', '(one month apart)'.")
    elapsed: list[str] = Field(
        default_factory=list, description="Cues after a duration that make it at least that long ago: "
        "'14 days must have elapsed since the completion of chemotherapy'.")
    event_heads: list[str] = Field(
        default_factory=list, description="Words before a window's event that name a moment of it, "
        "not the event: 'since the completion of systemic cytotoxic therapy'.")


class LeadingCounts(_Rule):
    """A criterion that opens with a count and no comparator ('Two consecutive imaging
    assessments', 'Single nodule'): words that count besides the numbers, and the modifiers
    skipped before the thing counted."""

    words: dict[str, int] = Field(min_length=1)
    modifiers: list[str] = Field(min_length=1)


class DimensionWords(_Rule):
    """Dimensions named after a size ('3 to 8 cm of largest diameter'), with their qualifiers."""

    words: list[str] = Field(min_length=1)
    qualifiers: list[str] = Field(min_length=1)


class ScaleRule(_Rule):
    """Ordinal categories of a score, longest first ('B7' before 'B')."""

    analyte: str = Field(description="Id of the scale in the analyte lexicon.")
    categories: list[str] = Field(min_length=1)
    orders: list[list[str]] = Field(
        default_factory=list,
        description="Categories in scale order: a range whose ends are in one order is the list "
        "from one end to the other ('A5-B7': A5, A6, B7). A scale without orders keeps ranges.",
    )


class LeadingScaleRule(_Rule):
    """Categories written before what they grade: 'R0/R1 resection'."""

    categories: list[str] = Field(min_length=1)
    graded: list[str] = Field(min_length=1, description="The words they grade, the analyte.")


class ResolverRule(_Rule):
    """One linking rule of ``nlp/thresholds/resolvers.py``, by its id; the list's order is the
    order they are tried in."""


class LinkingRules(_Strict):
    """How values are linked to what they measure: the resolvers in order, and the distances the
    candidates are looked for in."""

    resolvers: list[ResolverRule] = Field(min_length=1)
    kinds: list[ResolverRule] = Field(description="The kind rules of ``nlp/thresholds/kind_rules.py``, in "
                                      "order: what a linked measurement becomes.")
    age_words_between: int = Field(ge=0, description="Words at most between an age word and its value.")
    age_qualifier_chars: int = Field(ge=0, description="Characters before an age word searched for what "
                                     "makes it no age of the patient ('adjusted to age').")
    window_cue_chars: int = Field(ge=0, description="Characters before a time searched for a window cue.")


LOOK_BEHIND_LISTS = ("age_of_blockers", "score_endings", "glued_after", "joins")


class PhraseRules(_Strict):
    """The words of the threshold grammar's connecting phrases, one list per role. Each list is
    joined in its order into a regular expression once, in ``thresholds.grammar.Grammar``: the
    order is the order alternatives are tried in, a space in a form matches the whitespace the
    expression allows there, and the symbols around the words stay in the code. The forms of the
    lists matched as look-behinds (``age_of_blockers``, ``score_endings``, ``glued_after``,
    ``joins``) are one word each."""

    age_after: WordList
    years_old: WordList
    of_age: WordList
    age_postfix: WordList
    age_nouns: WordList
    age_of_heads: WordList
    age_of_blockers: WordList
    range_words: WordList
    between_joins: WordList
    range_openers: WordList
    bound_joins: WordList
    bound_range_words: WordList
    indefinite_articles: WordList
    of: WordList
    articles: WordList
    definite_articles: WordList
    joins: WordList
    coordinators: WordList
    analyte_joins: WordList
    comma_list_words: WordList
    glued_after: WordList
    duration_words: WordList
    population_words: WordList
    condition_words: WordList
    measured_verbs: WordList
    measured_by: WordList
    compound_links: WordList
    bare_value_gap: WordList
    measured_value_gap: WordList
    bare_value_end: WordList
    score_endings: WordList
    score_value_gap: WordList
    rate_words: WordList
    rate_periods: WordList
    right_after_prepositions: WordList
    sublist_heads: WordList
    that_is: WordList
    instrument_prepositions: WordList
    named_before_prepositions: WordList
    scale_prepositions: WordList
    scale_articles: WordList
    rated_on: WordList
    dimension_prepositions: WordList
    scale_lead_organs: WordList
    scale_lead_kinds: WordList
    scale_lead_heads: WordList
    scale_lead_tails: WordList
    scale_list_heads: WordList
    multipliers: WordList
    reference_qualifiers: WordList
    reference_normal: WordList
    not_modifier_after: WordList
    elapsed_relations: WordList
    event_determiners: WordList
    possessives: WordList


    @model_validator(mode="after")
    def _look_behinds_are_single_words(self) -> PhraseRules:
        for name in LOOK_BEHIND_LISTS:
            if spaced := [w for w in getattr(self, name).words if not w or any(c.isspace() for c in w)]:
                raise ValueError(f"{name}: matched as look-behinds, its forms are single words, not {spaced}")
        return self

class LimitRules(_Strict):
    """The numbers of the threshold grammar: how far around a value its parts are looked for, and
    the ranges that decide what a number is."""

    measured_gap_words: int = Field(ge=0, description=(
        "Words at most between a recognized measurement and its value, verbs and articles aside."))
    first_calendar_year: int = Field(ge=0, description=(
        "The first whole number read as a calendar year ('treated between 2000 and 2017')."))
    last_calendar_year: int = Field(ge=0, description="The last whole number read as a calendar year.")
    abbreviation_chars: int = Field(ge=1, description=(
        "Characters at most inside the brackets of an abbreviation after a name: 'hemoglobin (Hb)'."))
    bare_value_aside_chars: int = Field(ge=1, description=(
        "Characters at most inside brackets between an analyte and its bare value: 'PSA (ng/ml) 20'."))
    rate_noun_words: int = Field(ge=0, description=(
        "Words at most before the 'per' of a rate that say what it counts: 'alcoholic drinks per day'."))
    scale_name_words: int = Field(ge=0, description=(
        "Words at most before the head word of a scale named after a value: 'on the 10-point numerical "
        "rating scale'."))
    sample_size_chars: int = Field(ge=0, description=(
        "Characters before a number searched for a clock time or a sample size: '(n=20)'."))
    score_name_chars: int = Field(ge=0, description=(
        "Characters before a score word searched for the score's name: 'Gleason score 7'."))
    protocol_number_min: int = Field(ge=0, description=(
        "A bare value with no unit from this on is a protocol or a year, not a value: 'ECOG 2993'."))
    restated_range_chars: int = Field(ge=0, description=(
        "Characters after 'within normal limits' searched for the range restated: '(1-12 IU/l)'."))
    unit_equation_chars: int = Field(ge=0, description=(
        "Characters before a number searched for a unit's equivalent: '(1cmH2O=0.098 kPa)'."))
    denominator_chars: int = Field(ge=0, description=(
        "Characters before a number searched for the numerator of a fraction: the 40 of '20/40'."))
    systolic_min: int = Field(ge=0, description=(
        "The least first number of a blood pressure pair: '> 140/90 mmHg'."))
    systolic_max: int = Field(ge=0, description=(
        "The greatest first number of a blood pressure pair (not the '/100' of '160/100')."))
    list_value_max: int = Field(ge=0, description=(
        "The greatest whole number, with no unit, that opens a list of values: '0, 1 or 2'."))
    age_of_chars: int = Field(ge=0, description=(
        "Characters before a time with no comparator searched for 'age of': 'an infant age of 6 months'."))
    right_after_chars: int = Field(ge=0, description=(
        "Characters after a value searched for a recognized measurement right after it: '8 menses'."))
    quantity_of_chars: int = Field(ge=0, description=(
        "Characters after 'of' searched for the measurement a quantity is of: '10 mL of whole blood'."))
    quantity_of_words: int = Field(ge=0, description="Words at most between 'of' and that measurement.")
    measurement_of_chars: int = Field(ge=0, description=(
        "Characters before a value searched for the measurement it is of: 'a fluid challenge of at least "
        "30 ml/kg'."))
    instrument_words: int = Field(ge=0, description=(
        "Words at most of an instrument named after a bare score: 'on the Folstein Mini-Mental State "
        "Exam'."))
    phrase_words: int = Field(ge=0, description=(
        "Words at most of an open-vocabulary phrase after a value: what is counted, a noun, an event."))
    copulas_skipped: int = Field(ge=0, description=(
        "Copulas at most skipped back to the person before a value: 'participants must be >= 18'."))
    stop_words_skipped: int = Field(ge=0, description=(
        "Stop words at most skipped back before the words naming a value: 'accounting for > 50%'."))
    words_before: int = Field(ge=0, description=(
        "Words at most of an open-vocabulary analyte before a value: 'total body surface area'."))
    drug_chars: int = Field(ge=0, description=(
        "Characters before an analyte searched for a drug entity overlapping it, which makes a mass a "
        "dose."))
    compound_chars: int = Field(ge=0, description=(
        "Characters before a lexicon name searched for the hyphenated compound it is in: 'weight-for-'."))

    @model_validator(mode="after")
    def _ranges_in_order(self) -> LimitRules:
        for low, high in (("first_calendar_year", "last_calendar_year"), ("systolic_min", "systolic_max")):
            if getattr(self, low) > getattr(self, high):
                raise ValueError(f"{low} is above {high}")
        return self


class ThresholdRules(_Strict):
    comparators: list[ComparatorRule]
    units: list[UnitRule]
    references: list[ReferenceRule]
    normal_ranges: WordList
    number_words: NumberWords
    age_words: AgeWords
    window_cues: WindowCues
    scales: list[ScaleRule]
    leading_scales: list[LeadingScaleRule] = Field(default_factory=list)
    analyte_stop_words: WordList
    not_counted: WordList
    person_words: WordList
    copulas: WordList
    noun_after_stop_words: WordList
    score_words: WordList
    scale_heads: WordList
    name_joiners: WordList
    dimensions: DimensionWords
    study_anchors: WordList
    dose_words: WordList
    dose_tail_words: WordList
    qualifier_words: WordList
    stage_words: WordList
    category_heads: WordList
    frequency_words: WordList
    time_heads: WordList
    occasion_words: WordList
    age_qualifiers: WordList
    leading_counts: LeadingCounts
    linking: LinkingRules
    phrases: PhraseRules
    limits: LimitRules


class AnalyteEntry(_Rule):
    """One lab test, vital sign or score of the analyte lexicon (``analytes.jsonl``)."""

    name: str
    kind: Literal["lab", "vital", "score", "clinical"]
    synonyms: list[str] = Field(description="Matched case-insensitively.")
    abbreviations: list[str] = Field(default_factory=list, description="Matched case-sensitively.")
    loinc: str | None = Field(None, pattern=r"^\d{1,7}-\d$")
    unit: str = Field(description="The canonical unit, in pint notation ('1e9/L' allowed).")
    molar_mass: float | None = Field(None, gt=0, description="g/mol, for mass <-> substance.")
    valence: int | None = Field(None, gt=0, description="An ion's charge, for mEq <-> mmol.")
