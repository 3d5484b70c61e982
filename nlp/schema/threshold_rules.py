"""The threshold grammar's rule file (``nlp/resources/threshold_rules.json``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import _Strict
from .rules import WordList, _Rule


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
    lasting_words: WordList
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
