"""Read the Leaf Clinical Trials corpus (brat standoff) for the evaluation scripts.

The corpus stays where it is (CC BY 4.0, Dobbins et al. 2022); scripts take its path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from nlp.importers.lct import WRITTEN_RANGE

# LCT span types that are entities in criteria-nlp, with our label.
LABELS = {
    "Condition": "CONDITION",
    "Drug": "DRUG",
    "Procedure": "PROCEDURE",
    "Observation": "OBSERVATION",
    "Age": "DEMOGRAPHIC",
    "Life-Stage-And-Gender": "DEMOGRAPHIC",
}
HEADING = re.compile(r"^[ \t\-*]*(?:\w+\s+){0,2}(inclusion|exclusion)\s+criteria", re.I | re.M)


@dataclass
class Span:
    id: str
    type: str
    start: int
    end: int


@dataclass
class GoldThreshold:
    """A Numeric-Filter event: the analyte span, the operator, and the numbers written."""

    type: str  # Age, Observation, ...
    start: int
    end: int
    operator: str | None  # EQ, LT, LTEQ, GT, GTEQ, BETWEEN, PLUS-MINUS
    numbers: tuple[float, ...]
    text: str
    text_start: int = 0  # the comparison's span
    text_end: int = 0
    aliases: tuple[tuple[int, int], ...] = ()  # the analyte's abbreviation or expansion (Abbrev-Of)


@dataclass
class Document:
    name: str
    text: str
    spans: dict[str, Span] = field(default_factory=dict)
    negated: set[str] = field(default_factory=set)  # ids of negated spans
    thresholds: list[GoldThreshold] = field(default_factory=list)
    # Eq-Comparison spans no event links to: a comparison the annotators left unattached
    unlinked: list[tuple[int, int]] = field(default_factory=list)

    @property
    def entities(self) -> list[Span]:
        return [s for s in self.spans.values() if s.type in LABELS]

    def gold_section(self, offset: int) -> str | None:
        """The section named by the last Inclusion/Exclusion Criteria heading before offset."""
        section = None
        for m in HEADING.finditer(self.text, 0, offset):
            section = m.group(1).lower()
        return section


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4}
DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
PRESSURE_PAIR = re.compile(r"\d{2,3}\s*/\s*\d{2,3}")
SCIENTIFIC_FACTOR = re.compile(r"[x×X*]\s*$")
NORMAL_RANGE = re.compile(r"\bwithin\b.*\b(?:normal|reference)\b", re.I)
LIMIT_OF_NORMAL = re.compile(r"\b(?:upper|lower)\s+(?:normal\s+)?limit|\b[UL]LN\b", re.I)
BOTH_BOUNDS = re.compile(r"(?:≥|>=|>).*(?:≤|<=|<)")
SCALE_MAXIMUM = re.compile(r"(?:/|out\s+of)\s*$")  # '> 4/10': 10 is the scale, not a bound
RATIO_TO_ONE = re.compile(r"\d\s*:\s*$")  # 'Qp/Qs <1.5:1': the 1 is the ratio's second term


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "twelve": 12, "twice": 2}
WRITTEN_NUMBER = re.compile(r"\d+(?:[.,]\d+)?|\b(?:" + "|".join(WORDS) + r")\b", re.I)


def number(text: str) -> float | None:
    """'2,000' and '7,0' (a decimal comma), and Roman class numbers ('III')."""
    text = text.strip()
    if text.lower() in WORDS:
        return float(WORDS[text.lower()])
    if text.upper() in ROMAN:
        return float(ROMAN[text.upper()])
    text = text.replace(",", ".") if DECIMAL_COMMA.fullmatch(text) else text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def read_document(txt: Path) -> Document:
    doc = Document(txt.stem, txt.read_text(encoding="utf-8"))
    events: dict[str, str] = {}  # event id -> trigger span id
    arguments: dict[str, list[list[str]]] = {}
    attributes: dict[tuple[str, str], str] = {}
    negations: list[str] = []  # negated event ids
    abbreviations: list[tuple[str, str]] = []
    for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, offsets = cols[1].partition(" ")
            pieces = [p.split() for p in offsets.split(";")]
            doc.spans[cols[0]] = Span(cols[0], kind, int(pieces[0][0]), int(pieces[-1][1]))
        elif line.startswith("E") and len(cols) >= 2:
            args = [a.split(":") for a in cols[1].split()]
            events[cols[0]] = args[0][1]
            arguments[cols[0]] = args
            if args[0][0] == "Negation":
                negations += [target for role, target in args[1:] if role.startswith("Negates")]
        elif line.startswith("R") and len(cols) >= 2 and cols[1].startswith("Abbrev-Of "):
            first, second = (arg.partition(":")[2] for arg in cols[1].split()[1:3])
            abbreviations.append((first, second))
        elif line.startswith("A") and len(cols) >= 2:
            parts = cols[1].split()
            if len(parts) == 3:
                attributes[(parts[0], parts[1])] = parts[2]
    aliases: dict[str, set[str]] = {}
    for first, second in abbreviations:
        first, second = events.get(first, first), events.get(second, second)
        aliases.setdefault(first, set()).add(second)
        aliases.setdefault(second, set()).add(first)
    for args in arguments.values():
        for role, comparison in args[1:]:
            if role.startswith("Numeric-Filter") and comparison in arguments:
                t = _gold_threshold(doc, args[0][1], arguments[comparison], attributes)
                spans = [doc.spans[a] for a in sorted(aliases.get(args[0][1], ())) if a in doc.spans]
                doc.thresholds.append(replace(t, aliases=tuple((a.start, a.end) for a in spans)))
    doc.thresholds = [part for t in _merge_bounds(doc.thresholds, doc.text)
                      for part in _pressure_parts(t, doc.text) for part in _reference_limits(part)]
    linked = {target for args in arguments.values() for _, target in args[1:]}
    doc.unlinked = [(doc.spans[t].start, doc.spans[t].end) for e, t in events.items()
                    if e not in linked and t in doc.spans and doc.spans[t].type == "Eq-Comparison"]
    for event in negations:
        trigger = events.get(event, event)
        if trigger in doc.spans:
            doc.negated.add(trigger)
    return doc


def _gold_threshold(doc: Document, analyte: str, comparison: list[list[str]], attributes) -> GoldThreshold:
    span = doc.spans[analyte]
    operators = [t for role, t in comparison[1:] if role.startswith("Operator")]
    numbers = []
    # A span named twice (Value2 and Value3) is one number; '100x109/L' annotated as two
    # values is one number with its lost superscript power of ten; in '> 4/10' the 10 is the
    # scale's maximum, which the pipeline keeps as the unit '/10'; in '<1.5:1' the 1 is the second
    # term of a ratio, kept as the unit ':1'.
    for target in dict.fromkeys(t for role, t in comparison[1:] if role.startswith("Value")):
        value = doc.spans.get(target)
        before = doc.text[max(0, value.start - 8): value.start] if value else ""
        written = doc.text[value.start:value.end] if value else ""
        # '> 4/10': the 10 is the scale's maximum; in '160/100' the 100 is a diastolic pressure
        scale_maximum = (written in ("10", "100") and SCALE_MAXIMUM.search(before)
                         and bool(numbers) and numbers[-1] < float(written))
        ratio_to_one = written == "1" and RATIO_TO_ONE.search(before)
        if value is None or (numbers and (SCIENTIFIC_FACTOR.search(before) or scale_maximum or ratio_to_one)):
            continue
        written = number(doc.text[value.start : value.end])
        if written is not None:
            numbers.append(written)
    whole = doc.spans[comparison[0][1]]
    if not any(role.startswith("Value") for role, _ in comparison[1:]):
        # The annotator left the value unlinked: read it from the comparison's own text.
        numbers = [number(n) for n in WRITTEN_NUMBER.findall(doc.text[whole.start : whole.end])]
    operator = attributes.get(("Eq-Operator-Value", operators[0])) if operators else None
    written = doc.text[whole.start : whole.end]
    if len(numbers) == 2 and (operator in (None, "EQ") and WRITTEN_RANGE.search(written)
                              or operator in ("GT", "GTEQ") and BOTH_BOUNDS.search(written)):
        # 'between 50 and 70 years' left without an operator, 'BIMS = 8-15', and one comparison
        # written with both bounds ('≥20 and ≤40 years', '≥ 12 to < 18 years') are a range
        operator = "BETWEEN"
    return GoldThreshold(span.type, span.start, span.end, operator, tuple(sorted(numbers)), written,
                         whole.start, whole.end)


def _merge_bounds(thresholds: list[GoldThreshold], text: str) -> list[GoldThreshold]:
    """A lower and an upper bound on one analyte span make one BETWEEN, as the pipeline writes
    them ('aged >= 19 years and <= 50 years'); LCT annotates two comparisons. Ages are matched
    by kind, so two age bounds on one line make one range even on two age words ('Age ≥18 years
    old and age ≤80 years old')."""
    merged = []
    for t in thresholds:
        pair = next((m for m in merged if (_same_span(m, t) or _ages_on_one_line(m, t, text))
                     and {m.operator, t.operator} & {"GT", "GTEQ"}
                     and {m.operator, t.operator} & {"LT", "LTEQ"}
                     and len(m.numbers) == len(t.numbers) == 1), None)
        low, high = (pair, t) if pair and pair.operator in ("GT", "GTEQ") else (t, pair)
        if pair and low.numbers[0] < high.numbers[0]:
            merged.remove(pair)
            merged.append(replace(t, operator="BETWEEN", numbers=low.numbers + high.numbers,
                                  text=f"{low.text} ... {high.text}",
                                  text_start=min(low.text_start, high.text_start),
                                  text_end=max(low.text_end, high.text_end)))
        else:
            merged.append(t)
    return merged


def _same_span(a: GoldThreshold, b: GoldThreshold) -> bool:
    return (a.start, a.end) == (b.start, b.end)


def _ages_on_one_line(a: GoldThreshold, b: GoldThreshold, text: str) -> bool:
    start, end = sorted((a.text_start, b.text_start))
    return a.type == b.type == "Age" and "\n" not in text[start:end]


def _reference_limits(t: GoldThreshold) -> list[GoldThreshold]:
    """A comparison with no number against the normal limits is 1 × the limit, as the pipeline
    writes it: 'below the lower limit of normal' is < 1 × LLN, 'within the normal range' is
    >= 1 × LLN and <= 1 × ULN."""
    if t.numbers:
        return [t]
    if NORMAL_RANGE.search(t.text):
        return [replace(t, operator="GTEQ", numbers=(1.0,)), replace(t, operator="LTEQ", numbers=(1.0,))]
    return [replace(t, numbers=(1.0,))] if LIMIT_OF_NORMAL.search(t.text) else [t]


def _pressure_parts(t: GoldThreshold, text: str) -> list[GoldThreshold]:
    """'> 140/90 mmHg', one comparison in LCT, is a systolic and a diastolic bound in the pipeline;
    the annotator's span may stop before the diastolic value ('<90' of '<90/60')."""
    written = text[t.text_start:t.text_end + 4]
    if len(t.numbers) != 2 or not PRESSURE_PAIR.search(written) or min(t.numbers) < 30:
        return [t]
    return [replace(t, numbers=(n,)) for n in t.numbers]


def scores(tp: int, fp: int, fn: int, errors: dict) -> dict:
    """Precision, recall and F1 with the counts and error lists, for the evaluation scripts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "errors": errors}


def print_report(label: str, s: dict, n_errors: int) -> None:
    """The scores on one line, then up to n_errors false positives and negatives."""
    print(f"{label} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
          f"(tp={s['tp']} fp={s['fp']} fn={s['fn']})")
    for kind in ("fp", "fn"):
        for line in s["errors"][kind][:n_errors]:
            print(kind.upper(), line)


def read_corpus(root: Path) -> list[Document]:
    brat = root / "brat" if (root / "brat").is_dir() else root
    return [read_document(txt) for txt in sorted(brat.glob("*.txt"))]
