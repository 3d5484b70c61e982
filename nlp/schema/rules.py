"""The rule files of sections, the entity lexicon, ConText and the analyte lexicon
(``nlp/resources/``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .base import EntityLabel, SectionName, _Strict


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
