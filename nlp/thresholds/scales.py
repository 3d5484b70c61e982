"""Ordinal expressions: scale categories, open categories, leading counts and leading scales."""

from __future__ import annotations

from .candidates import _phrase_at
from .expressions import Expression
from .grammar import Grammar
from .mentions import Mention, Spans
from .patterns import ROMAN, ROMAN_GLYPHS, _key


def find_scale_expressions(grammar: Grammar, text: str, mentions: list[Mention]) -> list[Expression]:
    """Ordinal categories after a scale: 'Child-Pugh class A and B7', 'score A5-B7', 'NYHA III or IV'."""
    found = []
    for mention in mentions:
        if mention.entry is None or found and mention.start < found[-1].end:  # 'ASA I or ASA II'
            continue
        for scale, pattern, category, name, roman in grammar.scales:
            if mention.entry.id != scale.analyte:
                continue
            m = pattern.match(text, mention.end)
            if not m:
                continue
            op, first, last, more = m.groups()
            start = m.start(1) if op else m.start(2)
            if not op and (before := grammar.prefix.search(text, 0, mention.start)):
                op, start = before.group(1), before.start()  # 'Co-morbidity >ASA II'
            expr = Expression(start=start, end=m.end(), comparator=grammar.op_prefix[_key(op)] if op else "=",
                              value=_category(first, roman), analytes=[mention])
            if last and (listed := _listed_range(scale.orders, expr.value, _category(last, roman))):
                expr.comparator, expr.value, expr.values = "in", None, listed
            elif last:
                expr.comparator, expr.upper = "between", _category(last, roman)
            elif more:
                expr.comparator, expr.value = "in", None
                expr.values = [_category(first, roman)] + [_category(c.group(), roman)
                                                          for c in category.finditer(name.sub(" ", more))]
            if not found or (found[-1].start, found[-1].end) != (expr.start, expr.end):
                found.append(expr)  # 'New York heart association (NYHA) Class III-IV': the first name
    return found


def find_open_categories(grammar: Grammar, text: str) -> list[Expression]:
    """Roman-numeral categories of scales the lexicon lacks, to be linked like numbers: 'GMFCS
    levels I-III', 'Glogau photoaging score II and III', 'Teeth mobility greater than grade I'."""
    found = []
    for m in grammar.open_category.finditer(text):
        op, first, last, more = m.groups()
        start = m.start(1) if op else m.start(2)  # the head is named like an analyte's unit
        if not op and (before := grammar.prefix.search(text, 0, m.start())):
            op, start = before.group(1), before.start()
        expr = Expression(start=start, end=m.end(), comparator=grammar.op_prefix[_key(op)] if op else "=",
                          value=_category(first, True))
        if last:
            expr.comparator, expr.upper = "between", _category(last, True)
        elif more:
            expr.comparator, expr.value = "in", None
            expr.values = [_category(first, True)] + [_category(c.group(), True)
                                                      for c in grammar.category.finditer(more)]
        found.append(expr)
    return found


def find_leading_count(grammar: Grammar, text: str, entities: list[Mention]) -> list[Expression]:
    """'Two consecutive imaging assessments': a criterion that opens with a bare count."""
    m = grammar.leading_count.match(text)
    if m is None or grammar.unit.match(text, m.end(1)):
        return []
    counted = _phrase_at(grammar, text, m.end(), Spans(entities), grammar.not_counted)
    if not counted:
        return []
    number = m.group(1)
    value = float(number) if number.isdigit() else float(grammar.count_words[number.lower()])
    return [Expression(start=m.start(1), end=m.end(1), comparator="=", value=value, analytes=counted,
                       kind="count")]


def _listed_range(orders: list[list[str]], first: str, last: str) -> list[str] | None:
    """'A5-B7' on Child-Pugh points: A5, A6, B7; None where no order holds both ends in turn."""
    for order in orders:
        if first in order and last in order and order.index(first) < order.index(last):
            return order[order.index(first):order.index(last) + 1]
    return None


def find_leading_scales(grammar: Grammar, text: str) -> list[Expression]:
    """Categories before what they grade: 'R0/R1 resection' lists R0 and R1 of the resection."""
    found = []
    for pattern, category in grammar.leading_scales:
        for m in pattern.finditer(text):
            values = [c.group().upper() for c in category.finditer(m.group(1))]
            expr = Expression(start=m.start(1), end=m.end(1), comparator="=" if len(values) == 1 else "in",
                              value=values[0] if len(values) == 1 else None,
                              values=values if len(values) > 1 else None,
                              analytes=[Mention(m.start(2), m.end(2))])
            found.append(expr)
    return found


def _category(written: str, roman: bool) -> str:
    """One spelling per category: 'Ⅲ' and, on a Roman-numeral scale, '3' are 'III'."""
    category = written.upper().translate(ROMAN_GLYPHS)
    numbered = roman and category.isdigit() and 0 < int(category) <= len(ROMAN)
    return ROMAN[int(category) - 1] if numbered else category
