"""Numeric expressions: numbers, units, comparators, ranges, limits and bare values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .candidates import _words_before
from .grammar import Grammar
from .mentions import Mention, Spans
from .patterns import (
    DENOMINATOR,
    MEASURED,
    NOT_A_QUANTITY_AFTER,
    NOT_A_QUANTITY_BEFORE,
    POWER_OF_TEN,
    PRESSURE_PAIR,
    RESTATED_RANGE,
    SUPERSCRIPTS,
    _key,
)


@dataclass
class Expression:
    start: int
    end: int
    comparator: str
    value: float | str | None
    upper: float | str | None = None
    values: list | None = None
    unit: str | None = None  # as written
    unit_pint: str | None = None
    time_unit: bool = False
    dose_unit: bool = False
    exponent: int = 0
    relative_to: str | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = True
    condition: str | None = None
    window_cue: bool = False  # 'within the last 5 years'
    diastolic: float | None = None  # the second number of a blood pressure pair
    normal_range: bool = False  # 'within normal limits': 1 × LLN to 1 × ULN
    analytes: list[Mention] = field(default_factory=list)
    kind: str = "measurement"
    instrument: Mention | None = None  # the scale named after the value, when it is not the analyte
    resolver: str | None = None  # the linking rule, or the finder, that named the analyte


def find_expressions(grammar: Grammar, text: str) -> list[Expression]:
    """Every comparator, range or list over numbers in text (unlinked)."""
    reach = grammar.limits.sample_size_chars
    numbers = [m for m in grammar.number.finditer(text) if not _glued_to_word(grammar, text, m)
               and not NOT_A_QUANTITY_AFTER.match(text, m.end())
               and not NOT_A_QUANTITY_BEFORE.search(text, max(0, m.start() - reach), m.start())
               and not _unit_equivalent(grammar, text, m.start())]
    expressions: list[Expression] = []
    i, floor = 0, 0
    while i < len(numbers):
        expr, used = _expression_at(grammar, text, numbers, i, floor)
        if expr is not None:
            expressions.append(expr)
            floor = expr.end
        i += used
    numeric = Spans(expressions)
    expressions += _bare_references(grammar, text, numeric) + _normal_ranges(grammar, text, numeric)
    return _merge_bounds(grammar, sorted(expressions, key=lambda e: e.start), text)


ONE_SIDED = ("<", "<=", ">", ">=")


def written_comparator(grammar: Grammar, text: str) -> str | None:
    """The comparator a comparison's text states ('at least 18 years': '>='), when the text holds
    one comparison and it is one-sided; None for ranges, lists, bare values and several values."""
    found = find_expressions(grammar, text)
    if len(found) == 1 and found[0].comparator in ONE_SIDED:
        return found[0].comparator
    return None


def find_bare_values(grammar: Grammar, text: str, mentions: list[Mention], entities: list[Mention],
                     expressions: list[Expression]) -> list[Expression]:
    """'PSA 20 ng/ml', 'Hct 32%', 'Gleason score 7', 'a Clinical Dementia Rating of 0': a lexicon
    analyte or a named score followed by a value with no comparator requires that value; so does
    a recognized measurement or observation followed by a quantity with a unit ('internal diameter
    of 5.5 mm', 'passive abduction to 90 degrees')."""
    taken = Spans(sorted(expressions, key=lambda e: e.start))
    named = [(m.end, m, False) for m in mentions if m.entry is not None]
    named += [(e.end, e, True) for e in entities if e.label in MEASURED]
    for head in grammar.scale_head.finditer(text):
        reach = max(0, head.start() - grammar.limits.score_name_chars)
        words = _words_before(grammar, text, reach, head.end())
        if words and grammar.score_value_gap.match(text, head.end()):
            named.append((head.end(), words[0], False))
    found, used = [], set()
    for end, analyte, needs_unit in sorted(named, key=lambda n: n[0]):
        gap = (grammar.measured_value_gap if needs_unit else grammar.bare_value_gap).match(text, end)
        number = grammar.number.match(text, gap.end())
        if (number is None or number.start() in used or _glued_to_word(grammar, text, number)
                or NOT_A_QUANTITY_AFTER.match(text, number.end())):
            continue
        nearby = taken.starting(0, number.end())
        if nearby and nearby[-1].end > number.start():
            continue
        value = grammar.to_number(number.group())
        tail = _quantity_tail(grammar, text, number.end())
        if (grammar.bare_value_end.match(text, tail.end) is None or value in grammar.calendar_years
                # 'ECOG 2993' is a protocol, not a score
                or tail.unit is None and value >= grammar.limits.protocol_number_min
                or needs_unit and (tail.unit_rule is None or tail.unit_rule.time or tail.unit_rule.dose)):
            continue
        used.add(number.start())
        found.append(Expression(
            start=number.start(), end=tail.end, comparator="=", value=value, unit=tail.unit,
            unit_pint=tail.unit_rule.pint if tail.unit_rule else None,
            time_unit=bool(tail.unit_rule and tail.unit_rule.time), exponent=tail.exponent,
            analytes=[analyte]))
    return found


def _normal_ranges(grammar: Grammar, text: str, numeric: Spans) -> list[Expression]:
    """'AST within normal limits', 'CK values within the normal range'."""
    found = []
    for m in grammar.normal_range.finditer(text):
        overlapping = numeric.starting(0, m.end())
        # 'FSH within normal limits (1-12 IU/l)'
        restated = numeric.starting(m.end(), m.end() + grammar.limits.restated_range_chars)
        if restated and RESTATED_RANGE.fullmatch(text, m.end(), restated[0].start):
            continue
        if not overlapping or overlapping[-1].end <= m.start():
            found.append(Expression(start=m.start(), end=m.end(), comparator="between", value=1.0,
                                    normal_range=True))
    return found


def _bare_references(grammar: Grammar, text: str, numeric: Spans) -> list[Expression]:
    """'AFP ≤ the upper limit of normal', 'below the lower limit of normal': 1 × ULN or LLN."""
    found = []
    if not grammar.any_reference.search(text):
        return found  # most criteria name no limit: skip the scan for a comparator at every position
    for m in grammar.bare_reference.finditer(text):
        overlapping = numeric.starting(0, m.end())
        if overlapping and overlapping[-1].end > m.start():
            continue
        found.append(Expression(start=m.start(), end=m.end(), comparator=grammar.op_prefix[_key(m.group(1))],
                                value=1.0, relative_to=grammar.reference_of[_key(m.group(2))]))
    return found


def _unit_equivalent(grammar: Grammar, text: str, start: int) -> bool:
    before = text[max(0, start - grammar.limits.unit_equation_chars):start]
    return before.rstrip().endswith("=") and bool(grammar.unit_equation.search(before))


def _glued_to_word(grammar: Grammar, text: str, m: re.Match) -> bool:
    """'HIV-1', 'CYP3A4', 'B7': a number glued to letters is part of a name ('than100' is not)."""
    before = text[m.start() - 1] if m.start() else " "
    if before.isalpha():
        return not text.endswith(grammar.glued_after, 0, m.start())
    return before == "-" and m.start() > 1 and text[m.start() - 2].isalpha()


@dataclass
class Tail:
    """What follows a number: a power of ten and a unit, as written."""

    end: int
    exponent: int = 0
    unit: str | None = None
    unit_rule: object = None


def _quantity_tail(grammar: Grammar, text: str, pos: int) -> Tail:
    tail = Tail(pos)
    sci = grammar.sci.match(text, pos)
    if sci:
        raw = next(g for g in sci.groups() if g)
        tail.exponent = int(raw.translate(SUPERSCRIPTS).replace("−", "-"))
        tail.end = sci.end()
    unit = grammar.unit.match(text, tail.end)
    if unit is None and grammar.lasting.match(text, tail.end):
        unit = _time_unit(grammar, text, tail.end)  # '12 consecutive months'
    return _with_unit(grammar, text, tail, unit, pos if sci else None)  # '10^9/L' as written


def _with_unit(grammar: Grammar, text: str, tail: Tail, unit: re.Match | None,
               written_from: int | None = None) -> Tail:
    """``tail`` extended over ``unit``, as written from ``written_from`` (default: the unit)."""
    if unit is None:
        return tail
    start = unit.start(1) if written_from is None else written_from
    return Tail(unit.end(), tail.exponent, text[start:unit.end()].strip(), grammar.unit_rule(unit.group(1)))


def _time_unit(grammar: Grammar, text: str, pos: int) -> re.Match | None:
    """A time unit at ``pos``, past the words that keep a number a length of time ('at least 12
    consecutive months', '2 or more (consecutive) weeks'): how long, not how many."""
    lasting = grammar.lasting.match(text, pos)
    unit = grammar.unit.match(text, lasting.end() if lasting else pos)
    return unit if unit and grammar.unit_rule(unit.group(1)).time else None


def _expression_at(grammar: Grammar, text: str, numbers: list[re.Match], i: int, floor: int):
    """The expression around numbers[i] (and the numbers it used), or None if it has no comparator."""
    first = numbers[i]
    if DENOMINATOR.search(text, max(0, first.start() - grammar.limits.denominator_chars), first.start()):
        return None, 1  # the 40 of a visual acuity '20/40 to 20/320', the 7 of '16 0/7 weeks'
    value = grammar.to_number(first.group())
    power = POWER_OF_TEN.match(text, first.end()) if first.group() == "10" else None
    if power:  # 'bacteriuria > 10^3 CFU/mL'
        value = 10.0 ** int(power.group(1).replace("−", "-"))
    tail = _quantity_tail(grammar, text, power.end() if power else first.end())
    upper, values, used, comparator, diastolic = None, None, 1, None, None
    nxt = numbers[i + 1] if i + 1 < len(numbers) else None
    limits = grammar.limits
    # the '/100' of '160/100' is no unit 'out of 100'
    if (nxt and limits.systolic_min <= value <= limits.systolic_max
            and PRESSURE_PAIR.fullmatch(text, first.end(), nxt.end())
            and grammar.to_number(nxt.group()) < value):
        diastolic, used = grammar.to_number(nxt.group()), 2
        tail = _quantity_tail(grammar, text, nxt.end())
        nxt = numbers[i + 2] if i + 2 < len(numbers) else None
    between = grammar.between.search(text, floor, first.start())
    separator = grammar.between_separator if between else grammar.range_separator
    open_upper = nxt and grammar.open_upper.fullmatch(text, tail.end, nxt.start())  # 'age 4 to < 17 years'
    if nxt and diastolic is None and (open_upper or separator.fullmatch(text[tail.end:nxt.start()])):
        upper = grammar.to_number(nxt.group())
        # 'between (16-24) weeks of gestation': the unit follows the bracket
        closed = between and between.group(1) and text.startswith(")", nxt.end())
        second = _quantity_tail(grammar, text, nxt.end() + 1 if closed else nxt.end())
        tail = second if second.unit or not tail.unit else Tail(second.end, tail.exponent, tail.unit,
                                                                 tail.unit_rule)
        comparator, used = "between", 2
    elif (nxt and diastolic is None and tail.unit is None and value.is_integer()
          and value <= limits.list_value_max):
        j = i + 1
        while j < len(numbers) and grammar.list_sep.fullmatch(text[numbers[j - 1].end():numbers[j].start()]):
            j += 1
        if j - i > 1 and grammar.list_join.search(text[numbers[j - 2].end():numbers[j - 1].start()]):
            value, values = None, [grammar.to_number(n.group()) for n in numbers[i:j]]
            comparator, used, tail = "in", j - i, Tail(numbers[j - 1].end())
    start, end, relative_to = first.start(), tail.end, None
    reference = grammar.reference.match(text, end)
    if reference:
        relative_to, end = grammar.reference_of[_key(reference.group(1))], reference.end()
    timed = bool(tail.unit_rule and tail.unit_rule.time)
    if comparator is None:
        prefix = grammar.prefix.search(text, floor, start)
        window = timed and grammar.window_before.search(text, floor, start)
        lasting = timed and grammar.window_until.search(text, floor, start)
        if prefix:
            comparator, start = grammar.op_prefix[_key(prefix.group(1))], prefix.start()
        elif window:  # 'within the last 5 years': at most 5 years ago
            comparator, start = "<=", window.start()
        elif lasting:  # 'through 30 days after radiotherapy': until then, so at least 30 days
            comparator, start = ">=", lasting.start()
    elif between and comparator == "between":
        start = between.start()
    window_cue = comparator is not None and start < first.start() and timed and bool(
        grammar.window_before.search(text, start, first.start())
        or grammar.window_until.search(text, start, first.start()))
    postfix = grammar.postfix.match(text, end)
    if postfix and comparator is None:
        comparator, end = grammar.op_postfix[_key(postfix.group(1))], postfix.end()
        if tail.unit is None and (unit := _time_unit(grammar, text, end)):  # '2 or more weeks'
            tail = _with_unit(grammar, text, tail, unit)
            end, timed = unit.end(), True
    if comparator is None and timed and grammar.window_elapsed.match(text, end):
        comparator = ">="  # '14 days must have elapsed since the completion of chemotherapy'
    if comparator is None and timed and grammar.window_exact.match(text, end):
        comparator = "="  # '4 months after surgery', '(one month apart)'
    if comparator is None and timed and grammar.aged_exactly.match(text, end):
        comparator = "="  # 'Patients who were 18 years old'
    age_from = max(floor, start - limits.age_of_chars)
    if comparator is None and timed and grammar.age_of.search(text, age_from, start):
        comparator = "="  # 'an infant age of 6 months', not 'before age 5 years'
    if comparator is None and relative_to:
        comparator = "="  # 'AST and ALT three times the upper limit of normal'
    if comparator is None:
        return None, used
    expr = Expression(
        start=start, end=end, comparator=comparator, value=value, upper=upper, values=values,
        upper_inclusive=not (open_upper and open_upper.group(1) == "<"),
        unit=tail.unit, unit_pint=tail.unit_rule.pint if tail.unit_rule else None,
        time_unit=bool(tail.unit_rule and tail.unit_rule.time), exponent=tail.exponent,
        relative_to=relative_to, window_cue=window_cue, diastolic=diastolic,
        dose_unit=bool(tail.unit_rule and tail.unit_rule.dose),
    )
    condition = grammar.condition.match(text, end)
    if condition and text.count("(", 0, start) > text.count(")", 0, start):  # '(>450 ms in men, ...)'
        expr.condition = condition.group(1)
    return expr, used


def _merge_bounds(grammar: Grammar, expressions: list[Expression], text: str) -> list[Expression]:
    """'Age > 18 years, < 80 years': a lower and an upper bound in a row make one range."""
    merged: list[Expression] = []
    for expr in expressions:
        prev = merged[-1] if merged else None
        if (prev and prev.comparator in (">", ">=") and expr.comparator in ("<", "<=")
                and prev.relative_to is None and expr.relative_to is None
                and grammar.bound_join.fullmatch(text[prev.end:expr.start])
                and (prev.unit_pint == expr.unit_pint or prev.unit_pint is None)
                and isinstance(prev.value, float) and isinstance(expr.value, float)
                and prev.value < expr.value):
            prev.lower_inclusive, prev.upper_inclusive = prev.comparator == ">=", expr.comparator == "<="
            prev.comparator, prev.upper, prev.end = "between", expr.value, expr.end
            prev.unit, prev.unit_pint, prev.time_unit = expr.unit, expr.unit_pint, expr.time_unit
            continue
        merged.append(expr)
    return merged
