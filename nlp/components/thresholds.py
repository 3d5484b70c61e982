"""Numeric thresholds per criterion (``nlp.thresholds`` does the work; this maps a Doc to it)."""


import json
from bisect import bisect_left
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extensions import SPAN_EXTENSIONS
from ..intervals import Intervals
from ..rules import analytes_of, load_lexicon, load_threshold_rules
from ..schema import LexiconEntry, ThresholdRules
from ..thresholds import AnalyteMatcher, Grammar, Mention, parse_thresholds
from .entities import jsonl
from .serialize import RuleData


@Language.factory("criteria_thresholds_v1", default_config={"rules": None, "lexicon": None})
class CriteriaThresholds(RuleData):
    """Sets ``doc._.thresholds``: one dict per threshold, with its criterion id. ``rules``: a
    threshold rule file (None: ``resources/threshold_rules.json``); ``lexicon``: the lexicon whose
    analyte entries it links to, a folder or one JSONL file (None: ``resources/lexicon/``)."""

    rule_files = ("threshold_rules.json", "analytes.jsonl")
    rule_attrs = frozenset({"rules", "entries", "grammar", "matcher"})

    def __init__(self, nlp: Language, name: str, rules: str | None = None, lexicon: str | None = None):
        self.name, self.make_doc = name, nlp.make_doc
        self._rules_from({"threshold_rules.json": rules, "analytes.jsonl": lexicon})

    def _read_rules(self, paths: dict[str, Path | None]) -> None:
        lexicon, rules = paths["analytes.jsonl"], paths["threshold_rules.json"]
        entries = load_lexicon() if lexicon is None else load_lexicon(lexicon)
        self._build([e for e in entries if e.analyte is not None],
                    "threshold_rules.json" if rules is None else rules)

    def _rule_texts(self) -> dict[str, str]:
        return {"threshold_rules.json": json.dumps(self.rules.model_dump(), indent=1, ensure_ascii=False),
                "analytes.jsonl": jsonl(self.entries)}

    def _build(self, entries: list[LexiconEntry],
               rules: ThresholdRules | Path | str = "threshold_rules.json") -> None:
        """The grammar of the rule file (or of rules already read) over the lexicon entries that
        name analytes."""
        analytes = analytes_of(entries)
        if not isinstance(rules, ThresholdRules):
            rules = load_threshold_rules(rules, analytes)
        self.rules, self.entries = rules, entries
        self.grammar = Grammar(self.rules, analytes)
        self.matcher = AnalyteMatcher(analytes, self.make_doc)

    def __call__(self, doc: Doc) -> Doc:
        found = []
        # doc.text and doc.ents are rebuilt from the tokens on each read: read them once.
        text = doc.text
        candidates = doc._.analyte_candidates
        if candidates is None:  # no criteria_entities before us: the Doc's own entities
            candidates = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        candidates = sorted(candidates)
        first = [c[0] for c in candidates]
        names = self.matcher(doc)
        starts = [m.start for m in names]
        for crit in doc._.criteria or ():
            start, end = crit["start"], crit["end"]
            entities = [Mention(s - start, e - start, label=label)
                        for s, e, label in candidates[bisect_left(first, start):bisect_left(first, end)]
                        if e <= end]
            lexicon = [Mention(m.start - start, m.end - start, m.entry)
                       for m in names[bisect_left(starts, start):bisect_left(starts, end)] if m.end <= end]
            for threshold in parse_thresholds(self.grammar, text[start:end], crit["section"], entities,
                                              lexicon, offset=start):
                found.append({"criterion_id": crit["id"], **threshold})
        doc._.thresholds = found
        doc.ents = with_measured_labels(outside_values(list(doc.ents), found), found)
        return doc


def outside_values(ents: list[Span], thresholds: list[dict]) -> list[Span]:
    """The entities less those inside a threshold's value expression: a limit of normal ('≤ 3×
    institutional ULN') or a unit the recognizer took for a measurement is part of the value, not a
    concept. A time window's text holds its event, and an analyte is kept wherever it is written."""
    values = Intervals([(t["start"], t["end"]) for t in thresholds if t["kind"] != "time_window"])
    analytes = {(a["start"], a["end"]) for t in thresholds for a in _analytes(t)}

    def in_value(ent: Span) -> bool:
        return values.holds(ent.start_char, ent.end_char) and (ent.start_char, ent.end_char) not in analytes

    return [ent for ent in ents if not in_value(ent)]


def with_measured_labels(ents: list[Span], thresholds: list[dict]) -> list[Span]:
    """The entities a threshold measures take the label their lexicon name waits for
    (``Span._.measured_label``, set by criteria_entities): 'HBV DNA < 2000 IU/mL' is a
    MEASUREMENT; 'positive HBsAg', measured by nothing, stays the recognizer's CONDITION. The
    entity keeps every attribute the components before set."""
    measured = {(a["start"], a["end"]) for t in thresholds for a in _analytes(t)}
    relabelled = []
    for ent in ents:
        label = ent._.measured_label
        if label is not None and (ent.start_char, ent.end_char) in measured:
            span = Span(ent.doc, ent.start, ent.end, label=label)
            for name in SPAN_EXTENSIONS:
                setattr(span._, name, getattr(ent._, name))
            span._.measured_label = None
            ent = span
        relabelled.append(ent)
    return relabelled


def _analytes(threshold: dict) -> list[dict]:
    analyte = threshold.get("analyte")
    return [analyte, *analyte.get("aliases", [])] if analyte else []
