"""Entity scoring under the four schemes of SemEval 2013 task 9.1, as nervaluate counts them.

Each predicted entity, in order, is matched against the gold entities not yet taken:
- strict: same boundaries and label is correct; an overlap otherwise is incorrect;
- exact: same boundaries, any label, is correct; an overlap otherwise is incorrect;
- partial: same boundaries, any label, is correct; an overlap otherwise is partial (half credit);
- ent_type: an overlap with the same label is correct (the closest boundaries win); an overlap
  with another label is incorrect.
A prediction matching nothing is spurious, a gold entity left untaken is missed. An overlap must
cover at least 1% of the gold span. Offsets are end-exclusive character offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SCHEMES = ("strict", "exact", "partial", "ent_type")


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int


@dataclass
class Counts:
    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0
    half_credit: bool = False

    def add(self, other: Counts) -> None:
        for name in ("correct", "incorrect", "partial", "missed", "spurious"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    def scores(self) -> dict[str, float]:
        credit = self.correct + (0.5 * self.partial if self.half_credit else 0.0)
        return prf(credit, self.actual, self.possible)


def prf(credit: float, predicted: int, gold: int) -> dict[str, float]:
    """Precision, recall and F1 from the credit earned, the predicted and the gold counts."""
    precision = credit / predicted if predicted else 0.0
    recall = credit / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


@dataclass
class EntityReport:
    """Counts per scheme, overall and per label, summed over documents."""

    overall: dict[str, Counts] = field(default_factory=lambda: {s: _counts(s) for s in SCHEMES})
    by_label: dict[str, dict[str, Counts]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        def scored(counts: dict[str, Counts]) -> dict:
            return {s: {**c.scores(), "correct": c.correct, "incorrect": c.incorrect,
                        "partial": c.partial, "missed": c.missed, "spurious": c.spurious}
                    for s, c in counts.items()}

        labels = {label: scored(c) for label, c in sorted(self.by_label.items())}
        macro = {s: {m: sum(labels[lb][s][m] for lb in labels) / len(labels) if labels else 0.0
                     for m in ("precision", "recall", "f1")} for s in SCHEMES}
        return {"micro": scored(self.overall), "macro": macro, "by_label": labels}


def _counts(scheme: str) -> Counts:
    return Counts(half_credit=scheme in ("partial", "ent_type"))


def _overlaps(pred: Span, true: Span) -> bool:
    shared = min(pred.end, true.end) - max(pred.start, true.start)
    return shared > 0 and shared / (true.end - true.start) * 100 >= 1.0


def match(gold: list[Span], predicted: list[Span], scheme: str) -> Counts:
    """Counts for one document under one scheme."""
    counts, taken = _counts(scheme), set()
    for pred in predicted:
        correct = other = None
        best = None
        for i, true in enumerate(gold):
            if i in taken:
                continue
            same_bounds = (pred.start, pred.end) == (true.start, true.end)
            if scheme != "ent_type" and same_bounds and (scheme != "strict" or pred.label == true.label):
                correct = i
                break
            if not _overlaps(pred, true):
                continue
            if scheme == "ent_type" and pred.label == true.label:
                distance = abs(pred.start - true.start) + abs(pred.end - true.end)
                if best is None or distance < best:
                    correct, best = i, distance
            elif other is None:
                other = i
        if correct is not None:
            counts.correct += 1
            taken.add(correct)
        elif other is not None:
            taken.add(other)
            if scheme == "partial":
                counts.partial += 1
            else:
                counts.incorrect += 1
        else:
            counts.spurious += 1
    counts.missed = len(gold) - len(taken)
    return counts


def score_entities(pairs: Iterable[tuple[list[Span], list[Span]]]) -> EntityReport:
    """Score (gold, predicted) entity lists, one pair per document."""
    report = EntityReport()
    for gold, predicted in pairs:
        labels = {s.label for s in gold} | {s.label for s in predicted}
        for scheme in SCHEMES:
            report.overall[scheme].add(match(gold, predicted, scheme))
            for label in labels:
                per = report.by_label.setdefault(label, {s: _counts(s) for s in SCHEMES})
                per[scheme].add(match([s for s in gold if s.label == label],
                                      [s for s in predicted if s.label == label], scheme))
    return report
