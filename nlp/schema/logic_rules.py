"""The rule files of modality (``modality_rules.json``) and criterion logic (``logic_rules.json``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import EntityLabel, SectionName, _Strict
from .rules import LeadInLabel, WordList, _Rule

Modality = Literal["obligation", "permission"]
LogicOp = Literal["and", "or"]


class ModalityCue(_Rule):
    """A phrase that makes its clause an obligation or a permission, or (``pseudo``) a phrase
    that contains such a word and makes nothing ('must not', 'who must')."""

    phrase: str = Field(min_length=1, description="Lower-cased words, matched on token LOWER.")
    modality: Modality | Literal["pseudo"]


class ModalityRules(_Strict):
    cues: list[ModalityCue] = Field(min_length=1)
    relative_pronouns: WordList = Field(
        description="A cue right after one of these opens a relative clause that describes a patient "
        "('patients who must take steroids'): it states no obligation."
    )
    clause_breaks: WordList = Field(description="Tokens that end the clause a cue governs.")
    brackets: WordList = Field(description="Opening brackets, then as many closing ones: a cue inside "
                               "brackets governs only their inside.")


class Connector(_Rule):
    """Words between two leaves that join them."""

    phrase: str = Field(min_length=1, description="Lower-cased words, matched on token LOWER.")
    op: LogicOp


class Quantifier(_Rule):
    """Words that say how many of a list must hold ('at least one of the following')."""

    phrase: str = Field(min_length=1)
    quantifier: Literal["any", "all"]


class MeansMarkers(_Rule):
    """Words that open the means of the leaf before them ('confirmed by histology or imaging'): a
    leaf after one shows the leaf before and is no alternative to it; of means joined by 'or' none
    is required, so one after an unfound one is no leaf. Before a way is found the means ends at
    an ``ends`` token; after one, at any word but the ``joiners`` or at a leaf of none of the
    ``way_labels``. A leaf that opens its own means ('MYC rearrangement by FISH or over-expression
    by IHC') is a parallel alternative. The means of a bound ('LVEF >= 45% by echocardiogram')
    says how the value is measured: no leaf either."""

    words: list[str] = Field(min_length=1)
    ends: list[str] = Field(min_length=1)
    clause_openers: list[str] = Field(
        min_length=1, description="An 'or' followed by one of these ('or a history of', 'or any') "
        "opens an alternative to the whole statement, not another means.")
    causes: list[str] = Field(
        min_length=1, description="A marker right after one of these ('caused by', 'treated by') "
        "names part of the leaf, not a means.")
    way_labels: list[str] = Field(
        min_length=1, description="The labels of a way after a found one (tests, devices, "
        "findings): a condition or drug after it is a leaf again ('by MUGA, or heart failure').")
    joiners: list[str] = Field(
        min_length=1, description="The only words between two ways of one means: 'by MRI, CT "
        "scan, or physical exam', 'echocardiogram (ECHO) or MUGA'; any other ends the means.")


class ReactionHeads(_Rule):
    """Nouns of a reaction to something ('Allergy to chemotherapy drugs'): when no entity names the
    reaction, what it is to is no leaf, since the criterion asks for the reaction, not for it."""

    words: list[str] = Field(min_length=1, description="Lower-cased head nouns.")
    links: list[str] = Field(min_length=1, description="Words joining a head to its object ('to').")
    joiners: list[str] = Field(min_length=1, description="Tokens joining coordinated objects.")


class Definitions(_Rule):
    """An entity defined by the values in the bracket right after it ('Normal hematological
    function (platelets > 75 ...)'): under inclusion the values say what it is, and the entity is
    no leaf; under exclusion either states it."""

    labels: list[EntityLabel] = Field(min_length=1, description="The labels values can define.")
    closers: list[str] = Field(min_length=1, description="Tokens that close the bracket before a "
                               "value, which then is no part of the definition.")


class LogicRules(_Strict):
    connectors: list[Connector] = Field(min_length=1)
    quantifiers: list[Quantifier]
    list_separators: WordList = Field(description="Tokens of a bare list ('A, B, C'): the list takes "
                                      "the connector that ends it, else the list op.")
    clause_breaks: WordList = Field(description="Tokens between two leaves that make separate "
                                    "statements, joined by the list op.")
    appositions: WordList = Field(description="A gap of only these tokens between two leaves joins "
                                  "them with 'or': the second restates the first.")
    lead_in_ends: WordList = Field(description="Tokens that end the lead-in of a quantified list "
                                   "('Any of the following conditions:'), which is context, not a leaf.")
    lead_in_label: LeadInLabel = Field(description="A title the criterion opens with: no leaves in it.")
    treatment_heads: WordList = Field(description="Generic heads ('treatment') that name no leaf when a "
                                      "companion word joins them to the agent after them.")
    companions: WordList = Field(description="Words joining a treatment head to its agent ('with').")
    means: MeansMarkers = Field(description="The means of what comes before ('confirmed by histology "
                                "or imaging').")
    reaction_heads: ReactionHeads
    definitions: Definitions
    list_op: dict[SectionName, LogicOp] = Field(
        description="How a bare list, and separate clauses, join in each section's statement: every "
        "item required under inclusion, any item excluding under exclusion. A quantifier overrides it."
    )
    leaf_labels: list[EntityLabel] = Field(
        description="Entities that are leaves. An entity a threshold names or contains is that "
        "threshold's; the others of these labels state what the patient has."
    )
