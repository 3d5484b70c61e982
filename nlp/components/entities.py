"""Entities: medspaCy's TargetMatcher over the lexicon in ``resources/lexicon/``, merged with
what the trained recognizer (when the pipeline has one) already put in ``doc.ents``.

Merge policy: where a lexicon match and a model span overlap, the model wins, except for the
labels in ``rules_win`` (none by default); lexicon matches of the labels in ``fill_in``
(MEASUREMENT and DEVICE: the lexicon's analyte names, and the devices the training corpus lacks)
fill in where the model found nothing. Among lexicon matches the longest wins. Chosen on the LCT
tune split (``scripts/eval_ner.py --part tune``, 64 trials), strict F1 of the pipeline: this
policy 0.741; the lexicon winning DEVICE overlaps 0.734; winning MEASUREMENT and DEVICE overlaps
and filling in every label (the policy before 2026-12-04) 0.698. Without a recognizer
(``build(None)``) every lexicon label fills in.

Spans outside every criterion are dropped, and a model span loses a comparator at either end:
registry text's "AST\\<" is "AST", since a comparator belongs to a threshold, never to what it
measures (27 of the 3,483 entities of the 60 API v2 studies; none of LCT's, whose scores are
unchanged). A model span that stops at a hyphen ("Non-" of "Non-ambulatory") is dropped: the
recognizer stopped inside a compound word, and the prefix names nothing. An entity in a criterion's
title whose body names the same kind of thing again ("Pathology: Postoperative pathological
confirmation of ...") is dropped, as the guideline has it (``resources/entity_rules.json``). A span
that is exactly a lexicon name takes the lexicon's label unless LCT gives such names the model's
label too, and the guideline's label conventions that the LCT import reads ("serum pregnancy
test" is a PROCEDURE) relabel the entities too (the same file).
"""

import json
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..lead_in import restated_title
from ..rules import compiled_relabels, load_entity_rules, load_lexicon, target_rules, unwrapped
from ..schema import EntityRules, LeadInLabel, LexiconEntry, LexiconLabel, Relabel, TargetRule
from .polarity import criterion_at
from .serialize import RuleData
from .tokenizer import COMPARATORS

if TYPE_CHECKING:
    from medspacy.target_matcher import TargetRule as MedspacyTargetRule

RULES_WIN: list[str] = []
FILL_IN = ["MEASUREMENT", "DEVICE"]
# Thresholds read their candidate analytes from a lexicon-first merge: the lexicon's names are the
# analytes it links to, whatever the recognizer makes of the same words.
CANDIDATES_RULES_WIN = ["MEASUREMENT", "DEVICE"]
HYPHENS = frozenset("-‐‑–")


def jsonl(entries: list[LexiconEntry]) -> str:
    """Lexicon entries as a JSONL file, one a line."""
    return "".join(e.model_dump_json(exclude_none=True) + "\n" for e in entries)


def to_medspacy(rule: TargetRule) -> "MedspacyTargetRule":
    # Imported on first use, like the matcher: see nlp/components/context.py.
    from medspacy.target_matcher import TargetRule as MedspacyTargetRule

    return MedspacyTargetRule(
        literal=rule.literal, category=rule.label, pattern=rule.pattern, metadata={"id": rule.id}
    )


def without_comparators(span: Span) -> Span | None:
    """The span less the comparator tokens at its ends ('\\<' and '<' alike); None when nothing
    else is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and _is_comparator(doc[start].norm_):
        start += 1
    while end > start and _is_comparator(doc[end - 1].norm_):
        end -= 1
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label) if start < end else None


def cut_inside_a_word(span: Span) -> bool:
    """The span stops at a hyphen ('Non-' of 'Non-ambulatory', 'pre-' of 'pre-radiotherapy'): the
    model stopped inside a compound word, and what it holds names no concept."""
    return span[-1].text in HYPHENS


def _is_comparator(norm: str) -> bool:
    return bool(norm) and all(ch in COMPARATORS for ch in norm)


def without_restated_titles(doc: Doc, criteria: list[dict], ents: list[Span],
                            rule: LeadInLabel) -> list[Span]:
    """``ents`` less the entities of each criterion's title that its body names again."""
    dropped: set[tuple[int, int]] = set()
    for crit in criteria:
        span = doc.char_span(crit["start"], crit["end"], alignment_mode="contract")
        if span is not None:
            dropped.update((e.start, e.end) for e in restated_title(span, ents, rule))
    return [e for e in ents if (e.start, e.end) not in dropped]


def with_lexicon_labels(ents: list[Span], lexicon: Iterable[Span],
                        rules: dict[str, LexiconLabel]) -> list[Span]:
    """``ents`` with the label of the lexicon match that has the same bounds, by the rule of that
    label: the model's label stands where the rule keeps it, and until a threshold measures the
    entity where the rule says so (then ``Span._.measured_label`` holds the lexicon's label)."""
    named = {(s.start, s.end): s.label_ for s in lexicon if s.label_ in rules}
    relabelled = []
    for ent in ents:
        label = named.get((ent.start, ent.end))
        if label is not None and label != ent.label_ and ent.label_ not in rules[label].keeps:
            if ent.label_ in rules[label].until_measured:
                ent._.measured_label = label
            else:
                ent = Span(ent.doc, ent.start, ent.end, label=label)
        relabelled.append(ent)
    return relabelled


def with_guideline_labels(ents: list[Span], relabels: list[tuple[Relabel, re.Pattern]]) -> list[Span]:
    """``ents`` with the label of the first relabel (``rules.compiled_relabels``) that reads the
    entity's label and whose pattern the whole text matches."""
    relabelled = []
    for ent in ents:
        current = ent.label_
        label = next((rule.label for rule, pattern in relabels
                      if current in rule.labels and pattern.fullmatch(ent.text)), current)
        relabelled.append(ent if label == current else Span(ent.doc, ent.start, ent.end, label=label))
    return relabelled


def lexicon_matches(matcher, doc: Doc) -> list[Span]:
    """The matcher's spans, found on the words without the whitespace tokens between them
    (``unwrapped``), so that a name wrapped over two lines is one."""
    words_doc, words = unwrapped(doc)
    if words_doc is doc:
        return matcher(doc)
    return [Span(doc, words[s.start].i, words[s.end - 1].i + 1, label=s.label_) for s in matcher(words_doc)]


def merge_entities(rule_spans: Iterable[Span], model_spans: Iterable[Span],
                   rules_win: Collection[str], fill_in: Collection[str] | None = None) -> list[Span]:
    """Non-overlapping entities from lexicon and model spans, by the module's merge policy;
    ``fill_in`` limits the labels a lexicon match may fill in with (None: every label)."""
    rule_spans = filter_spans(rule_spans)
    strong = [s for s in rule_spans if s.label_ in rules_win]
    weak = [s for s in rule_spans if s.label_ not in rules_win and (fill_in is None or s.label_ in fill_in)]
    taken: set[int] = set()
    kept = []
    for spans in (strong, model_spans, weak):
        for span in spans:
            if taken.isdisjoint(range(span.start, span.end)):
                kept.append(span)
                taken.update(range(span.start, span.end))
    return sorted(kept)


@Language.factory("criteria_entities_v1",
                  default_config={"rules_win": RULES_WIN, "fill_in": FILL_IN, "lexicon": None, "rules": None})
class CriteriaEntities(RuleData):
    """Sets ``doc.ents`` and ``doc._.analyte_candidates``. ``lexicon``: a lexicon folder of
    ``*.jsonl`` files or one JSONL file (None: ``resources/lexicon/``); ``rules``: an
    ``entity_rules.json`` (None: the packaged one)."""

    rule_files = ("lexicon.jsonl", "entity_rules.json")
    rule_attrs = frozenset({"entries", "matcher", "rules", "relabels", "lexicon_labels"})

    def __init__(self, nlp: Language, name: str, rules_win: list[str], fill_in: list[str] | None,
                 lexicon: str | None = None, rules: str | None = None):
        self.nlp = nlp
        self.name = name
        self.rules_win = frozenset(rules_win)
        self.fill_in = None if fill_in is None else frozenset(fill_in)
        self._rules_from({"lexicon.jsonl": lexicon, "entity_rules.json": rules})

    def _read_rules(self, paths: dict[str, Path | None]) -> None:
        lexicon, rules = paths["lexicon.jsonl"], paths["entity_rules.json"]
        self.rules: EntityRules = load_entity_rules() if rules is None else load_entity_rules(rules)
        self.relabels = compiled_relabels(self.rules.relabels)
        self.lexicon_labels = {r.label: r for r in self.rules.lexicon_labels}
        self._build(load_lexicon() if lexicon is None else load_lexicon(lexicon))

    def _rule_texts(self) -> dict[str, str]:
        return {"lexicon.jsonl": jsonl(self.entries),
                "entity_rules.json": json.dumps(self.rules.model_dump(), indent=1, ensure_ascii=False)}

    def _build(self, entries: list[LexiconEntry]) -> None:
        from medspacy.target_matcher import TargetMatcher

        self.entries = entries
        self.matcher = TargetMatcher(self.nlp, name=self.name, result_type=None)
        self.matcher.add([to_medspacy(rule) for rule in target_rules(entries, self.nlp.make_doc)])

    def __call__(self, doc: Doc) -> Doc:
        criteria = sorted(doc._.criteria or (), key=lambda c: c["start"])
        starts = [c["start"] for c in criteria]

        def inside(spans: Iterable[Span]) -> list[Span]:
            return [s for s in spans if criterion_at(criteria, starts, s.start_char, s.end_char) is not None]

        model = [s for s in map(without_comparators, doc.ents) if s is not None and not cut_inside_a_word(s)]
        lexicon, model = inside(lexicon_matches(self.matcher, doc)), inside(model)
        doc._.analyte_candidates = [(s.start_char, s.end_char, s.label_)
                                    for s in merge_entities(lexicon, model, CANDIDATES_RULES_WIN)]
        merged = with_lexicon_labels(merge_entities(lexicon, model, self.rules_win, self.fill_in),
                                     lexicon, self.lexicon_labels)
        merged = with_guideline_labels(merged, self.relabels)
        doc.ents = without_restated_titles(doc, criteria, merged, self.rules.restated_title)
        return doc
