"""Score predicted documents against gold documents: entities, attributes, criteria, thresholds.

- Entities: ``evaluate.score_entities`` (strict, exact, partial, ent_type; micro, macro, per label).
- Attributes: on entities matched strictly (same offsets and label), each boolean is scored as a
  detection of ``True`` (precision, recall, F1) and by accuracy; polarity by accuracy; modifiers
  (schema 1.6) as tuples of offsets and kind.
- Criteria: boundary F1 (same start and end); section and parent accuracy on matched criteria.
- Thresholds: tuple F1, a prediction matching a gold threshold when its analyte overlaps the gold
  analyte or one of its aliases (or, when either has none, its text overlaps the gold text), its
  comparator is equal and its numbers (value, upper, list values) are equal, a class written as a
  Roman numeral ('III') equal to its number (3); then on matched thresholds, accuracy of the unit
  as written, of ``relative_to``, of the normalized value and of the requirement with the modality
  that sets it. Two options, for a gold that annotates only some
  kinds or picks its age words freely (LCT, as ``scripts/eval_lct_thresholds.py`` scores it):
  ``threshold_kinds`` scores only thresholds of those kinds, on both sides; ``ages_by_kind`` matches
  an age threshold to any age threshold of the document, on comparator and numbers alone.
Every error is kept with its context for ``--errors``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass, field

from .evaluate import Span, prf, score_entities
from .schema import Criterion, Entity, Threshold, TrialDocument
from .thresholds.numbers import roman_value

ATTRIBUTES = ("negated", "historical", "hypothetical", "family", "exception")
CONTEXT = 40


@dataclass
class Binary:
    """Detection counts of one boolean attribute over matched entities."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        name = ("tp" if gold else "fp") if predicted else ("fn" if gold else "tn")
        setattr(self, name, getattr(self, name) + 1)

    def to_dict(self) -> dict:
        total = self.tp + self.fp + self.fn + self.tn
        return {**f1(self.tp, self.fp, self.fn), "accuracy": ratio(self.tp + self.tn, total),
                "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def to_dict(self) -> dict:
        return {"accuracy": ratio(self.right, self.total), "right": self.right, "total": self.total}


@dataclass
class Tuples:
    """Matched (tp), predicted only (fp) and gold only (fn) items."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def to_dict(self) -> dict:
        return {**f1(self.tp, self.fp, self.fn), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class ErrorItem:
    """One disagreement, with enough context to find and fix it."""

    document: str
    kind: str  # entity, attribute, criterion, threshold
    error: str  # false positive, false negative, or the field that differs
    start: int
    end: int
    text: str
    detail: str
    context: str


@dataclass
class Report:
    documents: int = 0
    attributes: dict[str, Binary] = field(default_factory=lambda: {a: Binary() for a in ATTRIBUTES})
    polarity: Accuracy = field(default_factory=Accuracy)
    modifiers: Tuples = field(default_factory=Tuples)  # (start, end, kind) on strict matches
    criteria: Tuples = field(default_factory=Tuples)
    sections: Accuracy = field(default_factory=Accuracy)
    parents: Accuracy = field(default_factory=Accuracy)
    thresholds: Tuples = field(default_factory=Tuples)
    threshold_kinds: dict[str, Tuples] = field(default_factory=dict)
    units: Accuracy = field(default_factory=Accuracy)
    reference: Accuracy = field(default_factory=Accuracy)
    normalized: Accuracy = field(default_factory=Accuracy)
    requirement: Accuracy = field(default_factory=Accuracy)  # with the modality that sets it
    entity_pairs: list[tuple[list[Span], list[Span]]] = field(default_factory=list)
    errors: list[ErrorItem] = field(default_factory=list)

    def to_dict(self, errors: bool = False) -> dict:
        report = {
            "documents": self.documents,
            "entities": score_entities(self.entity_pairs).to_dict(),
            "attributes": {**{a: b.to_dict() for a, b in self.attributes.items()},
                           "polarity": self.polarity.to_dict()},
            "modifiers": self.modifiers.to_dict(),
            "criteria": {"boundaries": self.criteria.to_dict(), "section": self.sections.to_dict(),
                         "parent": self.parents.to_dict()},
            "thresholds": {"tuples": self.thresholds.to_dict(),
                           "by_kind": {k: t.to_dict() for k, t in sorted(self.threshold_kinds.items())},
                           "unit": self.units.to_dict(),
                           "relative_to": self.reference.to_dict(),
                           "normalized": self.normalized.to_dict(),
                           "requirement": self.requirement.to_dict()},
        }
        if errors:
            report["errors"] = [asdict(e) for e in self.errors]
        return report


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    return prf(tp, tp + fp, tp + fn)


def score(pairs: Iterable[tuple[str, TrialDocument, TrialDocument]],
          threshold_kinds: Collection[str] | None = None, ages_by_kind: bool = False) -> Report:
    """Score (text, gold, predicted) triples, one per document; offsets index the text. With
    threshold_kinds, only thresholds of those kinds are scored; with ages_by_kind, an age threshold
    matches any age threshold of its document with the same comparator and numbers."""
    report = Report()
    for text, gold, predicted in pairs:
        report.documents += 1
        scorer = _DocumentScorer(report, text, gold.id, ages_by_kind)
        scorer.entities(_entities(gold), _entities(predicted))
        scorer.criteria(gold.criteria, predicted.criteria)
        scorer.thresholds(_thresholds(gold, threshold_kinds), _thresholds(predicted, threshold_kinds))
    return report


def _entities(document: TrialDocument) -> list[Entity]:
    return [e for c in document.criteria for e in c.entities]


def _thresholds(document: TrialDocument, kinds: Collection[str] | None = None) -> list[Threshold]:
    return [t for c in document.criteria for t in c.thresholds if kinds is None or t.kind in kinds]


def context(text: str, start: int, end: int) -> str:
    """The span in brackets with a little text either side, on one line."""
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


@dataclass
class _DocumentScorer:
    report: Report
    text: str
    document: str
    ages_by_kind: bool = False

    def error(self, kind: str, error: str, start: int, end: int, detail: str = "") -> None:
        self.report.errors.append(ErrorItem(self.document, kind, error, start, end,
                                            self.text[start:end], detail,
                                            context(self.text, start, end)))

    def entities(self, gold: list[Entity], predicted: list[Entity]) -> None:
        self.report.entity_pairs.append(([Span(e.label, e.start, e.end) for e in gold],
                                         [Span(e.label, e.start, e.end) for e in predicted]))
        by_span = {(e.label, e.start, e.end): e for e in predicted}
        matched = set()
        for g in gold:
            p = by_span.get((g.label, g.start, g.end))
            if p is None:
                self.error("entity", "false negative", g.start, g.end, g.label)
                continue
            matched.add((g.label, g.start, g.end))
            for name in ATTRIBUTES:
                self.report.attributes[name].add(getattr(g, name), getattr(p, name))
                if getattr(g, name) != getattr(p, name):
                    self.error("attribute", name, g.start, g.end,
                               f"{g.label}: gold {getattr(g, name)}, predicted {getattr(p, name)}")
            self.report.polarity.add(g.polarity == p.polarity)
            if g.polarity != p.polarity:
                self.error("attribute", "polarity", g.start, g.end,
                           f"{g.label}: gold {g.polarity}, predicted {p.polarity}")
            self.modifiers(g, p)
        for key, p in by_span.items():
            if key not in matched:
                self.error("entity", "false positive", p.start, p.end, p.label)

    def modifiers(self, gold: Entity, predicted: Entity) -> None:
        """An entity's modifiers, matched by offsets and kind."""
        wanted = {(m.start, m.end, m.kind) for m in gold.modifiers}
        found = {(m.start, m.end, m.kind) for m in predicted.modifiers}
        tally = self.report.modifiers
        tally.tp += len(wanted & found)
        for kind, missed in (("fn", wanted - found), ("fp", found - wanted)):
            setattr(tally, kind, getattr(tally, kind) + len(missed))
            for start, end, name in sorted(missed):
                self.error("modifier", {"fn": "false negative", "fp": "false positive"}[kind], start, end,
                           f"{name} of {gold.label} {gold.text!r}")

    def criteria(self, gold: list[Criterion], predicted: list[Criterion]) -> None:
        by_span = {(c.start, c.end): c for c in predicted}
        gold_ids = {c.id: (c.start, c.end) for c in gold}
        pred_ids = {c.id: (c.start, c.end) for c in predicted}
        tally = self.report.criteria
        for g in gold:
            p = by_span.pop((g.start, g.end), None)
            if p is None:
                tally.fn += 1
                self.error("criterion", "false negative", g.start, g.end, g.section)
                continue
            tally.tp += 1
            self.report.sections.add(g.section == p.section)
            if g.section != p.section:
                self.error("criterion", "section", g.start, g.end,
                           f"gold {g.section}, predicted {p.section}")
            same_parent = gold_ids.get(g.parent) == pred_ids.get(p.parent)
            self.report.parents.add(same_parent)
            if not same_parent:
                self.error("criterion", "parent", g.start, g.end, f"gold {g.parent}, predicted {p.parent}")
        for p in by_span.values():
            tally.fp += 1
            self.error("criterion", "false positive", p.start, p.end, p.section)

    def thresholds(self, gold: list[Threshold], predicted: list[Threshold]) -> None:
        left = list(predicted)
        for g in gold:
            p = next((p for p in left if same_threshold(g, p, self.ages_by_kind)), None)
            if p is None:
                self._count(g.kind, "fn")
                self.error("threshold", "false negative", g.start, g.end, describe(g))
                continue
            left.remove(p)
            self._count(g.kind, "tp")
            for name, tally_field, equal in (
                ("unit", self.report.units, _same_unit(g.unit, p.unit)),
                ("relative_to", self.report.reference, g.relative_to == p.relative_to),
                ("normalized", self.report.normalized, _same_normalized(g, p)),
                ("requirement", self.report.requirement,
                 (g.requirement, g.modality) == (p.requirement, p.modality)),
            ):
                tally_field.add(equal)
                if not equal:
                    self.error("threshold", name, g.start, g.end,
                               f"gold {_field(g, name)}, predicted {_field(p, name)}")
        for p in left:
            self._count(p.kind, "fp")
            self.error("threshold", "false positive", p.start, p.end, describe(p))

    def _count(self, kind: str, outcome: str) -> None:
        for tally in (self.report.thresholds, self.report.threshold_kinds.setdefault(kind, Tuples())):
            setattr(tally, outcome, getattr(tally, outcome) + 1)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def same_threshold(gold: Threshold, predicted: Threshold, ages_by_kind: bool = False) -> bool:
    """Same place (overlapping analytes, else texts; with ages_by_kind, an age anywhere for an age),
    same comparator, same numbers."""
    if ages_by_kind and "age" in (gold.kind, predicted.kind):
        where = gold.kind == predicted.kind
    elif gold.analyte is not None and predicted.analyte is not None:
        where = any(_overlap(named.start, named.end, predicted.analyte.start, predicted.analyte.end)
                    for named in (gold.analyte, *gold.analyte.aliases))
    else:
        where = _overlap(gold.start, gold.end, predicted.start, predicted.end)
    return where and gold.comparator == predicted.comparator and _numbers(gold) == _numbers(predicted)


def _numbers(t: Threshold) -> tuple:
    def key(value) -> object:
        if value is None:
            return None
        if isinstance(value, str) and (roman := roman_value(value)) is not None:
            value = roman  # 'III' is class 3
        return round(value, 9) if isinstance(value, float | int) else str(value).strip().upper()

    values = sorted(map(str, map(key, t.values))) if t.values is not None else None
    return key(t.value), key(t.upper), values


def _same_unit(gold: str | None, predicted: str | None) -> bool:
    return (gold or "").replace(" ", "") == (predicted or "").replace(" ", "")


def _same_normalized(gold: Threshold, predicted: Threshold) -> bool:
    a, b = gold.normalized, predicted.normalized
    if a is None or b is None:
        return a is b
    close = [x == y or (x is not None and y is not None and abs(x - y) <= 1e-6 * max(abs(x), abs(y)))
             for x, y in ((a.value, b.value), (a.upper, b.upper))]
    return all(close) and a.unit == b.unit


def _field(t: Threshold, name: str) -> str:
    if name == "requirement":
        r = t.requirement
        written = "none" if r is None else f"{r.comparator} {r.values if r.values is not None else r.value}"
        return f"{written} ({t.modality})" if t.modality else written
    if name == "normalized":
        n = t.normalized
        if n is None:
            return "none"
        return f"{n.value}{'' if n.upper is None else f'..{n.upper}'} {n.unit}"
    return repr(getattr(t, name))


def describe(t: Threshold) -> str:
    analyte = t.analyte.text if t.analyte else "-"
    values = t.values if t.values is not None else (t.value if t.upper is None else f"{t.value}..{t.upper}")
    return f"{t.kind} {analyte!r} {t.comparator} {values} {t.unit or ''}{t.relative_to or ''}".rstrip()


def render(report: dict) -> str:
    """The report as a plain-text table."""
    lines = [f"documents: {report['documents']}", "",
             f"{'entities':<22}{'strict P':>9}{'R':>7}{'F1':>7}{'exact F1':>10}{'partial F1':>12}"
             f"{'type F1':>9}{'gold':>7}{'pred':>7}"]
    entities = report["entities"]
    rows = [("micro", entities["micro"]), ("macro", entities["macro"]),
            *((f"  {label}", scores) for label, scores in entities["by_label"].items())]
    for name, s in rows:
        counts = s["strict"]
        gold = counts.get("correct", 0) + counts.get("incorrect", 0) + counts.get("missed", 0)
        pred = counts.get("correct", 0) + counts.get("incorrect", 0) + counts.get("spurious", 0)
        sizes = f"{gold:>7}{pred:>7}" if "correct" in counts else ""
        lines.append(f"{name:<22}{counts['precision']:>9.3f}{counts['recall']:>7.3f}{counts['f1']:>7.3f}"
                     f"{s['exact']['f1']:>10.3f}{s['partial']['f1']:>12.3f}{s['ent_type']['f1']:>9.3f}{sizes}")
    lines += ["", f"{'attributes (strict matches)':<28}{'P':>7}{'R':>7}{'F1':>7}{'accuracy':>10}{'n':>7}"]
    for name, s in report["attributes"].items():
        if name == "polarity":
            lines.append(f"{name:<28}{'':>21}{s['accuracy']:>10.3f}{s['total']:>7}")
        else:
            n = s["tp"] + s["fp"] + s["fn"] + s["tn"]
            lines.append(f"{name:<28}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                         f"{s['accuracy']:>10.3f}{n:>7}")
    m = report["modifiers"]
    lines += [f"{'modifiers (strict matches)':<28}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
              f"  (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})"]
    for title, group, tuples in (("criteria", report["criteria"], "boundaries"),
                                 ("thresholds", report["thresholds"], "tuples")):
        t = group[tuples]
        lines += ["", f"{title} {tuples}: P {t['precision']:.3f}  R {t['recall']:.3f}  F1 {t['f1']:.3f}"
                      f"  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})"]
        for name, s in group.get("by_kind", {}).items():
            lines.append(f"  {name}: P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
                         f"  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
        lines += [f"  {name} accuracy on matches: {s['accuracy']:.3f} ({s['right']}/{s['total']})"
                  for name, s in group.items() if name not in (tuples, "by_kind")]
    return "\n".join(lines) + "\n"


def render_errors(errors: Iterable[ErrorItem]) -> str:
    return "".join(f"{e.document}\t{e.kind}\t{e.error}\t{e.start}:{e.end}\t{e.detail}\t{e.context}\n"
                   for e in errors)
