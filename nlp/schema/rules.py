"""The rule files of sections, ConText and the lexicon of entities and analytes (``nlp/resources/``)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import EntityLabel, ModifierKind, SectionName, _Strict


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
    alone: bool = Field(
        False,
        description="A heading only as a line of its own ('Exclusions:'), or after a sentence "
        "with its colon: never inside a criterion ('diagnosed after the exclusion of other causes').",
    )


class FurnitureRule(_Rule):
    """A whole line of page furniture that ends a criteria section."""

    pattern: str


class SectionRules(_Strict):
    headings: list[HeadingRule]
    furniture: list[FurnitureRule]


class TargetRule(_Rule):
    """One rule of medspaCy's TargetMatcher, made from a lexicon entry's name (``id``: the entry's)."""

    literal: str = Field(min_length=1)
    label: EntityLabel
    pattern: list[dict[str, Any]] | None = None


class ContextRule(_Rule):
    """A medspaCy ConText rule (the fields of medspaCy's context_rules.json) with id and comment."""

    literal: str = Field(min_length=1)
    category: Literal[
        "NEGATED_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY", "EXCEPTION",
        "PSEUDO", "TERMINATE", "TIME_REFERENCE",
    ]
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    pattern: list[dict[str, Any]] | None = None  # token patterns only: a cue may wrap over lines
    allowed_types: list[EntityLabel] | None = None
    excluded_types: list[EntityLabel] | None = None
    max_scope: int | None = Field(None, gt=0)
    max_targets: int | None = Field(None, gt=0)
    terminated_by: list[str] | None = None


class WordList(_Rule):
    """Lower-cased tokens that play one role in scope resolution."""

    words: list[str] = Field(min_length=1)


class LeadInLabel(_Rule):
    """A short title a criterion opens with ('Inability to Participate: Any condition that ...'):
    a cue inside it names the title's topic and denies nothing after the colon."""

    max_tokens: int = Field(gt=0, description="The longest title, in tokens before the colon.")
    min_capitalized: int = Field(
        gt=0, description="A title capitalizes every word of at least this many letters; lower-case "
                          "words make the text before the colon a lead-in to what follows ('No "
                          "history of: ...', 'Unable to undergo: MRI or CT').")


class LexiconLabel(_Rule):
    """The label of a lexicon name over the recognizer's: a model span whose bounds are a lexicon
    match of ``label`` takes it, unless the model's label is one of ``keeps``, or one of
    ``until_measured`` and no threshold measures the span."""

    label: EntityLabel
    keeps: list[EntityLabel] = Field(default_factory=list, description=(
        "The model's labels that stand: those the annotated corpus gives names of this label too."))
    until_measured: list[EntityLabel] = Field(default_factory=list, description=(
        "The model's labels that stand until a threshold measures the entity: 'positive HBsAg' stays "
        "a CONDITION, a finding the criterion logic reads; 'HBV DNA < 2000 IU/mL' is a MEASUREMENT."))


class EntityRules(_Strict):
    """What the entity component leaves out of the spans it merges, and the labels the lexicon
    decides (``resources/entity_rules.json``)."""

    restated_title: LeadInLabel = Field(description=(
        "A title a criterion opens with whose body names its concept again ('Performance Status: "
        "ECOG Performance Status of 0 or 1', 'Pathology: Postoperative pathological confirmation "
        "of ...'): an entity in the title is no entity when one of the same label follows the colon."))
    lexicon_labels: list[LexiconLabel] = Field(description=(
        "A model span that is exactly a lexicon name ('Child-Pugh', 'QTc prolongation') takes the "
        "lexicon's label, unless the rule of that label keeps the model's."))
    relabels: list[Relabel] = Field(description=(
        "The guideline's label conventions ('Pregnant': OBSERVATION, 'serum pregnancy test': "
        "PROCEDURE), read into the LCT gold and applied to the pipeline's entities alike."))

    @model_validator(mode="after")
    def _one_rule_a_label(self) -> EntityRules:
        labels = [r.label for r in self.lexicon_labels]
        if len(labels) != len(set(labels)):
            raise ValueError(f"lexicon_labels: one rule a label, not {labels}")
        return self


class HeaderScope(_Rule):
    """A header ending in ':' whose cue is open at its end covers its sub-items' entities."""

    restated_negation: list[Literal["inclusion", "exclusion"]] = Field(
        description="Sections where a negated header only restates the section ('None of the "
                    "following:' under Exclusion Criteria), so it negates nothing.")


class InheritedAssertions(_Rule):
    """Assertions an exception takes from the entity it is carved out of."""

    categories: list[Literal["HISTORICAL", "HYPOTHETICAL", "FAMILY"]] = Field(min_length=1)


class ScopeRules(_Strict):
    """Where a cue's scope ends, and how a cue limited to one target (max_targets 1) settles on
    its targets after ConText."""

    coordinators: WordList = Field(description="Tokens joining a list the cue spreads over.")
    list_separators: WordList = Field(
        description="Tokens that join a list only where a coordinator closes it ('A, B, or C')."
    )
    head_nouns: WordList = Field(
        description="Nouns that hand a cue on to the entity after 'of' ('radiographic evidence of X')."
    )
    companions: WordList = Field(
        description="Words joining a treatment to its agent, which the cue covers too ('treatment with X')."
    )
    treatment_nouns: WordList = Field(description="The nouns a companion word joins to an agent.")
    qualifier_prefixes: WordList = Field(
        description="Cue literals that, on an entity premodifying another, make it an exception "
                    "('non-HCC malignancy'), not a negation.")
    self_negating: WordList = Field(
        description="Entities that are one of these words carry their own negation ('untreated').")
    lead_in_label: LeadInLabel
    headers: HeaderScope
    determiners: WordList = Field(
        description="Words that may stand between a companion word and its object ('with any X'), "
                    "and between the members of a list ('X, Y or any Z')."
    )
    catch_alls: WordList = Field(
        description="Words that open a list's catch-all member ('X, Y or any other Z'): the list "
                    "closes before it, and a cue reaches it only by its own scope."
    )
    exception_inherits: InheritedAssertions = Field(description=(
        "'History of malignancy, except for basal cell carcinoma': an exception is a case of the "
        "class before it in the criterion and keeps that class's assertions of these categories."))


class ContextRules(_Strict):
    context_rules: list[ContextRule]
    scope: ScopeRules


AnalyteKind = Literal["lab", "vital", "score", "clinical"]


class AnalyteBlock(_Strict):
    """What thresholds need of a lexicon entry that names a lab test, vital sign or score."""

    name: str
    kind: AnalyteKind
    loinc: str | None = Field(None, pattern=r"^\d{1,7}-\d$")
    unit: str = Field(description="The canonical unit, in pint notation ('1e9/L' allowed).")
    molar_mass: float | None = Field(None, gt=0, description="g/mol, for mass <-> substance.")
    valence: int | None = Field(None, gt=0, description="An ion's charge, for mEq <-> mmol.")


class LexiconEntry(_Rule):
    """One concept of the lexicon (``resources/lexicon/*.jsonl``): its names, the label the entity
    matcher gives them, and, for what a threshold may measure, an analyte block."""

    label: EntityLabel
    synonyms: list[str] = Field(default_factory=list, description="Matched case-insensitively.")
    abbreviations: list[str] = Field(default_factory=list, description="Matched case-sensitively.")
    analyte: AnalyteBlock | None = None

    @model_validator(mode="after")
    def _named(self) -> LexiconEntry:
        if not self.synonyms and not self.abbreviations:
            raise ValueError("an entry needs at least one synonym or abbreviation")
        if self.analyte is not None and self.label not in ("MEASUREMENT", "OBSERVATION"):
            raise ValueError(f"an analyte block belongs to a MEASUREMENT or OBSERVATION, not {self.label}")
        return self


class AnalyteEntry(_Rule):
    """A lexicon entry with an analyte block, flat: what the threshold grammar links values to."""

    name: str
    kind: AnalyteKind
    synonyms: list[str] = Field(description="Matched case-insensitively.")
    abbreviations: list[str] = Field(default_factory=list, description="Matched case-sensitively.")
    loinc: str | None = None
    unit: str
    molar_mass: float | None = None
    valence: int | None = None

    @classmethod
    def of(cls, entry: LexiconEntry) -> AnalyteEntry:
        return cls(id=entry.id, comment=entry.comment, synonyms=entry.synonyms,
                   abbreviations=entry.abbreviations, **entry.analyte.model_dump())


class Relabel(_Rule):
    """A span that takes our guideline's label: in a corpus, instead of its type's mapping; in the
    pipeline's output, instead of the recognizer's label."""

    types: list[str] = Field(min_length=1, description="The corpus' span types this rule reads (LCT's).")
    labels: list[EntityLabel] = Field(min_length=1, description=(
        "The pipeline's entity labels this rule reads: the labels those corpus types become."))
    pattern: str = Field(description="A regular expression the whole span text matches, ignoring case.")
    label: EntityLabel

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(f"not a regular expression: {err}") from None
        return pattern


class SpanJoin(_Rule):
    """A corpus span type that, written right before an entity, belongs inside its span."""

    types: list[str] = Field(min_length=1, description="The corpus' entity span types it joins.")
    joins: str = Field(description="The corpus' span type that joins them when it is written right "
                                   "before one on its line and is no modifier word "
                                   "(``resources/modifiers.json``).")
    prefixes: list[str] = Field(default_factory=list, description=(
        "Prefixes a joined span carries into the entity, written right before it, ignoring case "
        "('non-' of 'non-small cell lung cancer')."))


class CorpusConventions(_Strict):
    """How a corpus' spans are read into the guideline's convention (``annotations/README.md``); its
    labels are read with the relabels of ``EntityRules``, which the pipeline applies too."""

    joins: list[SpanJoin] = Field(default_factory=list)


class ModifierRule(_Rule):
    """Words of one kind that grade an entity from outside its span."""

    kind: ModifierKind
    words: list[str] = Field(min_length=1, description="Lower-case words or phrases.")


class ModifierRules(_Strict):
    kinds: list[ModifierRule]
    joiners: WordList = Field(description="Tokens joining modifiers before one entity.")
    fixed_names: WordList = Field(description="Names whose modifier word is part of the name: kept whole.")
    quantifiers: WordList = Field(description="Words that may stand between modifiers and their entity "
                                              "('Known additional malignancy').")
