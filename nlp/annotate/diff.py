"""Agreement between two annotation sets (A and B) of the same documents, paired by document id.

- Entities, per label and overall: strict span F1 (same offsets and label; A as reference, F1 is
  symmetric) and Cohen's kappa at the token level. Tokens (``\\w+|[^\\w\\s]``) are those inside a
  criterion of A or of B; a token carries label L in a set when it lies inside an entity of label L
  there. Per label, binary kappa (L or not) of A vs B; overall, kappa of the multi-class labelling
  with 'O' for none (a token inside several entities takes the longest one's label). Kappa is 1
  when the sets agree on every token (even where chance agreement is 1 too), None with no tokens.
- Attributes of strictly matched entities (pairs of equal offsets and label): agreements over
  matches for negated, historical, hypothetical, family, exception and polarity.
- Thresholds: a pair matches when their analytes overlap (or, when either has none, their spans
  do), their comparators are equal and value, upper and values are equal (``score.same_threshold``,
  as ``criteria evaluate`` matches them).
- Disagreements: each entity or threshold in one set only, and each attribute that differs on a
  matched entity, with document id, offsets, label, text and context.

A document in one set only, or whose text differs between the sets, is listed and left out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from ..gold import Gold
from ..schema import Entity, Threshold, TrialDocument
from ..score import context, describe, same_threshold

TOKEN = re.compile(r"\w+|[^\w\s]")
ATTRIBUTES = ("negated", "historical", "hypothetical", "family", "exception", "polarity")
OUTSIDE = "O"


@dataclass
class LabelAgreement:
    label: str
    a: int = 0
    b: int = 0
    matched: int = 0
    kappa: float | None = None

    @property
    def f1(self) -> float:
        return 2 * self.matched / (self.a + self.b) if self.a + self.b else 0.0

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "matched": self.matched, "f1": self.f1, "kappa": self.kappa}


@dataclass
class Agreement:
    agree: int = 0
    matched: int = 0

    @property
    def rate(self) -> float:
        return self.agree / self.matched if self.matched else 0.0

    def to_dict(self) -> dict:
        return {"agree": self.agree, "matched": self.matched, "rate": self.rate}


@dataclass
class Disagreement:
    document: str
    kind: str  # entity, threshold, attribute
    which: str  # 'A only', 'B only', or 'A vs B' for an attribute
    start: int
    end: int
    label: str  # entity label, threshold kind, or attribute name
    text: str
    detail: str
    context: str


@dataclass
class DiffReport:
    documents: list[str] = field(default_factory=list)
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    text_differs: list[str] = field(default_factory=list)
    tokens: int = 0
    labels: dict[str, LabelAgreement] = field(default_factory=dict)
    overall: LabelAgreement = field(default_factory=lambda: LabelAgreement("all"))
    attributes: dict[str, Agreement] = field(default_factory=lambda: {a: Agreement() for a in ATTRIBUTES})
    thresholds: LabelAgreement = field(default_factory=lambda: LabelAgreement("thresholds"))
    disagreements: list[Disagreement] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "documents": self.documents, "only_in_a": self.only_in_a, "only_in_b": self.only_in_b,
            "text_differs": self.text_differs, "tokens": self.tokens,
            "entities": {"overall": self.overall.to_dict(),
                         "by_label": {k: v.to_dict() for k, v in sorted(self.labels.items())}},
            "attributes": {k: v.to_dict() for k, v in self.attributes.items()},
            "thresholds": {k: v for k, v in self.thresholds.to_dict().items() if k != "kappa"},
            "disagreements": [asdict(d) for d in self.disagreements],
        }


def cohen_kappa(pairs: list[tuple[object, object]]) -> float | None:
    """Cohen's kappa of paired ratings; 1 when they always agree, None when there are none."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(x == y for x, y in pairs) / n
    if observed == 1:
        return 1.0
    first, second = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    return (observed - expected) / (1 - expected)


def diff(a: list[Gold], b: list[Gold]) -> DiffReport:
    """The agreement of set B with set A; ValueError when a set holds a document id twice."""
    in_a, in_b = _by_id(a, "A"), _by_id(b, "B")
    report = DiffReport(only_in_a=[d for d in in_a if d not in in_b],
                        only_in_b=[d for d in in_b if d not in in_a])
    tokens: list[tuple[set[str], set[str], str, str]] = []
    for doc_id, ga in in_a.items():
        gb = in_b.get(doc_id)
        if gb is None:
            continue
        if ga.text != gb.text:
            report.text_differs.append(doc_id)
            continue
        report.documents.append(doc_id)
        _Document(report, doc_id, ga.text, ga.document.document, gb.document.document).compare(tokens)
    report.tokens = len(tokens)
    for label, agreement in report.labels.items():
        agreement.kappa = cohen_kappa([(label in sa, label in sb) for sa, sb, _, _ in tokens])
    report.overall.kappa = cohen_kappa([(ma, mb) for _, _, ma, mb in tokens])
    return report


def _by_id(golds: list[Gold], name: str) -> dict[str, Gold]:
    found: dict[str, Gold] = {}
    for g in golds:
        doc_id = g.document.document.id
        if doc_id in found:
            raise ValueError(f"{g.origin}: document {doc_id} is in set {name} twice "
                             f"(also {found[doc_id].origin})")
        found[doc_id] = g
    return found


@dataclass
class _Document:
    report: DiffReport
    id: str
    text: str
    a: TrialDocument
    b: TrialDocument

    def note(self, kind: str, which: str, start: int, end: int, label: str, detail: str) -> None:
        self.report.disagreements.append(Disagreement(
            self.id, kind, which, start, end, label, self.text[start:end], detail,
            context(self.text, start, end)))

    def compare(self, tokens: list[tuple[set[str], set[str], str, str]]) -> None:
        ents_a = [e for c in self.a.criteria for e in c.entities]
        ents_b = [e for c in self.b.criteria for e in c.entities]
        self.entities(ents_a, ents_b)
        self.thresholds([t for c in self.a.criteria for t in c.thresholds],
                        [t for c in self.b.criteria for t in c.thresholds])
        criteria = [(c.start, c.end) for c in (*self.a.criteria, *self.b.criteria)]
        for token in TOKEN.finditer(self.text):
            start, end = token.span()
            if any(s <= start and end <= e for s, e in criteria):
                (set_a, main_a), (set_b, main_b) = _labels(ents_a, start, end), _labels(ents_b, start, end)
                tokens.append((set_a, set_b, main_a, main_b))

    def entities(self, ents_a: list[Entity], ents_b: list[Entity]) -> None:
        unmatched: dict[tuple[str, int, int], list[Entity]] = defaultdict(list)
        for e in ents_b:
            unmatched[(e.label, e.start, e.end)].append(e)
            self.label(e.label).b += 1
        for e in ents_a:
            self.label(e.label).a += 1
            partners = unmatched[(e.label, e.start, e.end)]
            if not partners:
                self.note("entity", "A only", e.start, e.end, e.label, "")
                continue
            other = partners.pop(0)
            self.label(e.label).matched += 1
            for name in ATTRIBUTES:
                tally, mine, theirs = self.report.attributes[name], getattr(e, name), getattr(other, name)
                tally.matched += 1
                tally.agree += mine == theirs
                if mine != theirs:
                    self.note("attribute", "A vs B", e.start, e.end, name, f"{e.label}: A {mine}, B {theirs}")
        for left in unmatched.values():
            for e in left:
                self.note("entity", "B only", e.start, e.end, e.label, "")
        overall = self.report.overall
        overall.a, overall.b = overall.a + len(ents_a), overall.b + len(ents_b)
        overall.matched += len(ents_b) - sum(len(v) for v in unmatched.values())

    def label(self, label: str) -> LabelAgreement:
        return self.report.labels.setdefault(label, LabelAgreement(label))

    def thresholds(self, in_a: list[Threshold], in_b: list[Threshold]) -> None:
        left = list(in_b)
        tally = self.report.thresholds
        tally.a, tally.b = tally.a + len(in_a), tally.b + len(in_b)
        for t in in_a:
            other = next((o for o in left if same_threshold(t, o)), None)
            if other is None:
                self.note("threshold", "A only", t.start, t.end, t.kind, describe(t))
            else:
                left.remove(other)
                tally.matched += 1
        for t in left:
            self.note("threshold", "B only", t.start, t.end, t.kind, describe(t))


def _labels(entities: list[Entity], start: int, end: int) -> tuple[set[str], str]:
    """The labels of the entities holding start:end, and the longest one's label (else 'O')."""
    holding = [e for e in entities if e.start <= start and end <= e.end]
    main = min(holding, key=lambda e: (e.start - e.end, e.label)).label if holding else OUTSIDE
    return {e.label for e in holding}, main


def render(report: DiffReport, disagreements: bool = False) -> str:
    """The report as plain-text tables; with disagreements, one line for each."""
    lines = [f"documents: {len(report.documents)} compared"]
    for title, ids in (("only in A", report.only_in_a), ("only in B", report.only_in_b),
                       ("text differs, left out", report.text_differs)):
        if ids:
            lines.append(f"{title}: {', '.join(ids)}")
    lines += [f"tokens inside criteria: {report.tokens}", "",
              f"{'entities':<14}{'A':>6}{'B':>6}{'matched':>9}{'F1':>8}{'kappa':>8}"]
    for row in [*(report.labels[k] for k in sorted(report.labels)), report.overall]:
        kappa = "-" if row.kappa is None else f"{row.kappa:.3f}"
        lines.append(f"{row.label:<14}{row.a:>6}{row.b:>6}{row.matched:>9}{row.f1:>8.3f}{kappa:>8}")
    lines += ["", f"{'attributes (matched entities)':<31}{'agree':>7}{'matched':>9}{'rate':>8}"]
    for name, a in report.attributes.items():
        lines.append(f"{name:<31}{a.agree:>7}{a.matched:>9}{a.rate:>8.3f}")
    t = report.thresholds
    lines += ["", f"thresholds: A {t.a}, B {t.b}, matched {t.matched}, F1 {t.f1:.3f}"]
    if disagreements:
        lines += ["", "document\tkind\twhich\tspan\tlabel\ttext\tdetail\tcontext"]
        lines += [f"{d.document}\t{d.kind}\t{d.which}\t{d.start}:{d.end}\t{d.label}\t{d.text!r}\t{d.detail}\t"
                  f"{d.context}" for d in report.disagreements]
    return "\n".join(lines) + "\n"
