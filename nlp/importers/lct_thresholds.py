"""The gold thresholds of the Leaf Clinical Trials corpus: its Numeric-Filter events read under
the pipeline's conventions (``read_thresholds``), and as schema thresholds (``to_threshold``).

Thresholds: each Numeric-Filter event (on an Observation, an Age, and the few Conditions and Risks
that carry one), its analyte the event's span and its text the Eq-Comparison span, read with
LCT's conventions mapped onto the pipeline's:
- a value span named twice (Value2 and Value3) is one number;
- '100x109/L' annotated as two values is one number with its lost superscript power of ten;
- a decimal comma ('7,0') is a decimal point; Roman class numbers ('III') and number words count;
- in '> 4/10' the 10 is the scale's maximum (the pipeline keeps it as the unit '/10'), and in
  '< 1.5:1' the 1 is a ratio's second term (the unit ':1');
- a comparison whose value the annotator left unlinked takes the numbers written in it;
- two values written as a range with no operator or with '=' ('between 50 and 70 years',
  'BIMS = 8-15'), or one comparison holding both bounds ('≥20 and ≤40 years'), are a range;
- a lower and an upper bound on one analyte span ('>= 19 years and <= 50 years'), and two age
  bounds on one line even on two age words ('Age ≥18 years old and age ≤80 years old'), are one
  range, as the pipeline writes them;
- a pressure pair ('> 140/90', also where the span stops at '<90' of '<90/60') is a systolic and a
  diastolic bound;
- a comparison with no number against a normal limit is 1 × that limit ('below the lower limit
  of normal': < 1 × LLN; 'within the normal range': >= 1 × LLN and <= 1 × ULN);
- an analyte and its abbreviation, two spans tied by Abbrev-Of, are one analyte (``aliases``).
As gold documents (``to_threshold``): kind 'age' for an Age, else 'measurement' (LCT annotates
windows, durations, counts, doses and stages otherwise, not as Numeric-Filter); EQ, PLUS-MINUS
and no operator are '=', and '=' with several numbers is a list ('in'); values written as Roman
numerals stay strings ('III'), as the pipeline writes a class, and so does a category written
where no number is ('Child-Pugh C'); relative_to is ULN or LLN when the comparison names that
limit; the unit is written from the Unit span to the Per span ('mg' per 'dL': 'mg/dL'), else the
Temporal-Unit span ('years'), else the scale or ratio ('/10', ':1'), and a limit of normal named
as a unit is relative_to, not a unit. Numbers that do not fit their comparator (one number on a
range, two on a bound) are kept as a list of values, and a comparison naming no number keeps no
value, so that they match no prediction, as in the evaluation scripts. A threshold goes into the
criterion holding its comparison's start; one outside every criterion (on a heading line,
'Inclusion Criteria: age 18-65') is left out. An analyte's Abbrev-Of mentions are its ``aliases``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..rules import load_threshold_rules
from ..schema import Threshold, Value
from ..thresholds.numbers import parse_number
from ..thresholds.patterns import ROMAN as ROMAN_CATEGORIES
from ..thresholds.patterns import ROMAN_GLYPHS
from . import gold_threshold
from .brat import Event, Standoff, TextBound

OPERATORS = {"EQ": "=", "LT": "<", "LTEQ": "<=", "GT": ">", "GTEQ": ">=", "BETWEEN": "between",
             "PLUS-MINUS": "="}


# The threshold grammar's Roman categories and glyphs, so gold and pipeline read one set.
ROMAN_NAMES = dict(enumerate(ROMAN_CATEGORIES, start=1))


ROMAN = {name: n for n, name in ROMAN_NAMES.items()}


ROMAN |= {chr(glyph): ROMAN[name] for glyph, name in ROMAN_GLYPHS.items()}


# the threshold grammar's number words, so gold and pipeline read one set
WORDS = {w.lower(): v for w, v in load_threshold_rules().number_words.words.items()}


WRITTEN_NUMBER = re.compile(r"\d+(?:[.,]\d+)?|\b(?:" + "|".join(WORDS) + r")\b", re.I)


WRITTEN_RANGE = re.compile(r"\bbetween\b|\w\s*(?:-|–|~|－|to)\s*\w", re.I)


PRESSURE_PAIR = re.compile(r"\d{2,3}\s*/\s*\d{2,3}")


SCIENTIFIC_FACTOR = re.compile(r"[x×X*]\s*$")


NORMAL_RANGE = re.compile(r"\bwithin\b.*\b(?:normal|reference)\b", re.I)


LIMIT_OF_NORMAL = re.compile(r"\b(?:upper|lower)\s+(?:normal\s+)?limit|\b[UL]LN\b", re.I)


UPPER_LIMIT = re.compile(r"\bupper\s+(?:normal\s+)?limit|\bULN\b", re.I)


LOWER_LIMIT = re.compile(r"\blower\s+(?:normal\s+)?limit|\bLLN\b", re.I)


BOTH_BOUNDS = re.compile(r"(?:≥|>=|>).*(?:≤|<=|<)")


SCALE_MAXIMUM = re.compile(r"(?:/|out\s+of)\s*$")  # '> 4/10': 10 is the scale, not a bound


RATIO_TO_ONE = re.compile(r"\d\s*:\s*$")  # 'Qp/Qs <1.5:1': the 1 is the ratio's second term


CATEGORY = re.compile(r"[A-Z]\d?[a-c]?")  # 'Child-Pugh C', 'B7', 'T1c'


@dataclass
class GoldThreshold:
    """A Numeric-Filter event: the analyte span, the operator, and the numbers written."""

    type: str  # the analyte span's type: Age, Observation, Condition, Risk
    start: int  # the analyte span
    end: int
    operator: str | None  # EQ, LT, LTEQ, GT, GTEQ, BETWEEN, PLUS-MINUS; None when not annotated
    numbers: tuple[float, ...]  # sorted
    text: str  # the comparison as written ('low ... high' for two merged bounds)
    text_start: int = 0  # the comparison's span (both comparisons' for two merged bounds)
    text_end: int = 0
    aliases: tuple[tuple[int, int], ...] = ()  # the analyte's abbreviation or expansion (Abbrev-Of)
    unit: str | None = None  # as written: Unit to Per span, else Temporal-Unit, else '/10' or ':1'
    roman: bool = False  # the numbers are written as Roman numerals ('class III')
    categories: tuple[str, ...] = ()  # values written as categories ('Child-Pugh C'), when no number is


def number(text: str) -> float | None:
    """'2,000' and '7,0' (a decimal comma), Roman class numbers ('III') and number words ('two')."""
    return parse_number(text, WORDS, ROMAN)


def targets(doc: Standoff, event: Event, role: str) -> set[str]:
    """Ids of the spans an event's arguments in role ('Negates', 'Negates2', ...) stand for."""
    spans = (doc.trigger_of(t) for r, t in event.arguments if r.rstrip("0123456789") == role)
    return {span.id for span in spans if span is not None}


def _aliases(doc: Standoff) -> dict[str, set[str]]:
    """Span id -> the span ids tied to it by Abbrev-Of (an analyte and its abbreviation)."""
    aliases: dict[str, set[str]] = {}
    for relation in doc.relations:
        if relation.type == "Abbrev-Of":
            first, second = (doc.events[a].trigger if a in doc.events else a
                             for a in (relation.arg1, relation.arg2))
            aliases.setdefault(first, set()).add(second)
            aliases.setdefault(second, set()).add(first)
    return aliases


def read_thresholds(doc: Standoff) -> list[GoldThreshold]:
    """The Numeric-Filter events, one threshold each, then bounds merged and pairs split."""
    aliases = _aliases(doc)
    thresholds = []
    for event in doc.events.values():
        for role, target in event.arguments:
            if role.startswith("Numeric-Filter") and target in doc.events:
                t = _gold_threshold(doc, doc.spans[event.trigger], doc.events[target])
                spans = [doc.spans[a] for a in sorted(aliases.get(event.trigger, ())) if a in doc.spans]
                thresholds.append(replace(t, aliases=tuple((a.start, a.end) for a in spans)))
    return [part for t in _merge_bounds(thresholds, doc.text)
            for part in _pressure_parts(t, doc.text) for part in _reference_limits(part)]


def _gold_threshold(doc: Standoff, analyte: TextBound, comparison: Event) -> GoldThreshold:
    text = doc.text
    numbers: list[float] = []
    romans: list[bool] = []  # each number written as a Roman numeral
    categories: list[str] = []
    last_end, scale = 0, None  # the end of the last number's span; the scale or ratio unit ('/10', ':1')
    # A span named twice (Value2 and Value3) is one number; '100x109/L' annotated as two
    # values is one number with its lost superscript power of ten; in '> 4/10' the 10 is the
    # scale's maximum, which the pipeline keeps as the unit '/10'; in '<1.5:1' the 1 is the second
    # term of a ratio, kept as the unit ':1'.
    for target in dict.fromkeys(t for role, t in comparison.arguments if role.startswith("Value")):
        value = doc.spans.get(target)
        before = text[max(0, value.start - 8): value.start] if value else ""
        written = text[value.start:value.end] if value else ""
        # '> 4/10': the 10 is the scale's maximum; in '160/100' the 100 is a diastolic pressure
        scale_maximum = (written in ("10", "100") and SCALE_MAXIMUM.search(before)
                         and bool(numbers) and numbers[-1] < float(written))
        ratio_to_one = written == "1" and RATIO_TO_ONE.search(before)
        if value is not None and numbers and (scale_maximum or ratio_to_one):
            scale = text[last_end:value.end].strip()
        if value is None or (numbers and (SCIENTIFIC_FACTOR.search(before) or scale_maximum or ratio_to_one)):
            continue
        found = number(written)
        if found is not None:
            numbers.append(found)
            last_end = value.end
            romans.append(written.strip().upper() in ROMAN)
        elif CATEGORY.fullmatch(written.strip()):
            categories.append(written.strip())
    whole = doc.spans[comparison.trigger]
    written = text[whole.start:whole.end]
    if not any(role.startswith("Value") for role, _ in comparison.arguments):
        # The annotator left the value unlinked: read it from the comparison's own text.
        numbers, romans = [number(n) for n in WRITTEN_NUMBER.findall(written)], []
    operators = [t for role, t in comparison.arguments if role.startswith("Operator")]
    operator = doc.attributes.get(("Eq-Operator-Value", operators[0])) if operators else None
    operator = operator if isinstance(operator, str) else None
    if len(numbers) == 2 and (operator in (None, "EQ") and WRITTEN_RANGE.search(written)
                              or operator in ("GT", "GTEQ") and BOTH_BOUNDS.search(written)):
        # 'between 50 and 70 years' left without an operator, 'BIMS = 8-15', and one comparison
        # written with both bounds ('≥20 and ≤40 years', '≥ 12 to < 18 years') are a range
        operator = "BETWEEN"
    return GoldThreshold(analyte.type, analyte.start, analyte.end, operator, tuple(sorted(numbers)), written,
                         whole.start, whole.end, unit=_unit(doc, comparison) or scale,
                         roman=bool(romans) and all(romans), categories=() if numbers else tuple(categories))


def _unit(doc: Standoff, comparison: Event) -> str | None:
    """The unit as written: from its Unit span to its Per span ('mg' per 'dL': 'mg/dL'), else the
    Temporal-Unit ('years'); none for a limit of normal, which is relative_to ('× ULN')."""
    def spans(*roles: str) -> list[TextBound]:
        return [doc.spans[t] for role, t in comparison.arguments
                if role.rstrip("0123456789") in roles and t in doc.spans]

    parts = spans("Unit", "Per") or spans("Temporal-Unit")
    if not parts:
        return None
    unit = doc.text[min(p.start for p in parts):max(p.end for p in parts)]
    return None if LIMIT_OF_NORMAL.search(unit) or re.search(r"\bnormal\b", unit, re.I) else unit


def _merge_bounds(thresholds: list[GoldThreshold], text: str) -> list[GoldThreshold]:
    """A lower and an upper bound on one analyte span make one BETWEEN, as the pipeline writes
    them ('aged >= 19 years and <= 50 years'); LCT annotates two comparisons. Ages are matched
    by kind, so two age bounds on one line make one range even on two age words ('Age ≥18 years
    old and age ≤80 years old')."""
    merged: list[GoldThreshold] = []
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
                                  text_end=max(low.text_end, high.text_end),
                                  unit=high.unit or low.unit, roman=low.roman and high.roman))
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


def to_threshold(t: GoldThreshold, text: str, section: str) -> Threshold:
    """A gold threshold in the output schema, written in section (module docstring: 'As gold
    documents')."""
    comparator = OPERATORS.get(t.operator, "=")
    numbers: list[Value] = [ROMAN_NAMES.get(int(n), n) if t.roman and n.is_integer() else n
                            for n in t.numbers] or list(t.categories)
    value = upper = values = None
    if comparator == "between" and len(numbers) == 2:
        value, upper = numbers
    elif comparator == "=" and len(numbers) > 1:
        comparator, values = "in", numbers
    elif comparator != "between" and len(numbers) == 1:
        value = numbers[0]
    elif numbers:
        values = numbers  # numbers that do not fit the comparator: they match no prediction
    analyte = TextBound("", t.type, [(t.start, t.end)], text[t.start:t.end])
    written = TextBound("", "Eq-Comparison", [(t.text_start, t.text_end)], text[t.text_start:t.text_end])
    aliases = [TextBound("", t.type, [(start, end)], text[start:end]) for start, end in t.aliases]
    found = gold_threshold(text, "age" if t.type == "Age" else "measurement", analyte, written, section,
                           comparator, value, upper, values if numbers else [], unit=t.unit, aliases=aliases)
    update: dict = {"relative_to": _relative_to(t, text)}
    if not numbers:  # a comparison that names no number ('above the cut-off values'), as annotated
        update.update(values=None, requirement=found.requirement.model_copy(update={"values": None}))
    return found.model_copy(update=update)


def _relative_to(t: GoldThreshold, text: str) -> str | None:
    """ULN or LLN when the comparison names that limit; a bound of 'within normal limits' (split in
    two bounds) or of a comparison naming both is LLN when it is a lower bound, ULN when upper."""
    written = f"{text[t.text_start:t.text_end]} {t.unit or ''}"
    upper, lower = UPPER_LIMIT.search(written), LOWER_LIMIT.search(written)
    if upper and lower or NORMAL_RANGE.search(written) and t.numbers == (1.0,):
        return {"GT": "LLN", "GTEQ": "LLN", "LT": "ULN", "LTEQ": "ULN"}.get(t.operator or "")
    return "ULN" if upper else "LLN" if lower else None
