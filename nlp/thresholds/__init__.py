"""Numeric and ordinal thresholds in a criterion: parse, link to an analyte, normalize.

Plain functions over one criterion's text; the ``criteria_thresholds`` component maps a Doc to
them. Offsets are relative to the text given and end-exclusive. The grammar (comparators,
units, reference limits, scales) is data in ``resources/threshold_rules.json``; the analytes are
the entries of ``resources/lexicon/`` with an analyte block.
"""

from __future__ import annotations

from dataclasses import replace

from .expressions import Expression, Tail, find_bare_values, find_expressions, written_comparator
from .grammar import Grammar, ScaleGrammar
from .lexicon import AnalyteMatcher
from .linking import link
from .mentions import Mention, Spans, find_mentions
from .normalization import normalize, requirement
from .patterns import MARKDOWN_ESCAPE
from .scales import find_leading_count, find_leading_scales, find_open_categories, find_scale_expressions

__all__ = [
    "AnalyteMatcher", "Expression", "Grammar", "Mention", "ScaleGrammar", "Spans", "Tail", "find_bare_values",
    "find_expressions", "find_leading_count", "find_leading_scales", "find_mentions",
    "find_open_categories", "find_scale_expressions", "link", "normalize", "parse_thresholds",
    "requirement", "written_comparator",
]

def parse_thresholds(grammar: Grammar, text: str, section: str, entities: list[Mention],
                     lexicon: list[Mention], offset: int = 0) -> list[dict]:
    """Every threshold of one criterion, as plain dicts in the shape of ``schema.Threshold``.
    ``entities`` are the recognizer's spans and ``lexicon`` the analyte matcher's names
    (``AnalyteMatcher``), with offsets relative to ``text``."""
    clean = MARKDOWN_ESCAPE.sub(r" \1", text)  # registry markdown escapes, same length
    mentions = find_mentions(grammar, clean, lexicon)
    # scales and leading counts come with their analyte; the numeric expressions are linked
    prelinked = _found_by("scale-category", _without_restatements(find_scale_expressions(grammar, clean,
                                                                                     mentions)))
    prelinked += _found_by("leading-scale", find_leading_scales(grammar, clean))
    numeric = _outside_scales(sorted(find_expressions(grammar, clean) + find_open_categories(grammar, clean),
                                     key=lambda e: e.start), prelinked)
    numeric += find_bare_values(grammar, clean, mentions, entities, prelinked + numeric)
    numeric.sort(key=lambda e: e.start)
    if not numeric or numeric[0].start > 0:
        prelinked += _found_by("leading-count", find_leading_count(grammar, clean, entities))
    link(grammar, clean, numeric, mentions, entities, lexicon)
    numeric = _outside_analytes(numeric)
    out = []
    for expr in sorted(prelinked + numeric, key=lambda e: e.start):
        for part, mention in _parts(grammar, expr):
            out.append(_as_dict(part, mention, text, section, offset))
    return out


def _found_by(finder: str, expressions: list[Expression]) -> list[Expression]:
    """Values that come with their analyte record the finder that named it."""
    for expr in expressions:
        expr.resolver = finder
    return expressions


def _without_restatements(scales: list[Expression]) -> list[Expression]:
    """'an ASA 1 or 2 (ASA 1 corresponding to a patient in perfect health and ASA 2 to ...)': a
    category already required on the same scale, named again alone, explains it."""
    kept, seen = [], set()
    for expr in scales:
        entry = expr.analytes[0].entry.id
        if expr.comparator == "=" and (entry, expr.value) in seen:
            continue
        seen.update((entry, v) for v in expr.values or [expr.value])
        kept.append(expr)
    return kept


def _outside_analytes(expressions: list[Expression]) -> list[Expression]:
    """'> 3 on a 0-10 pain intensity numeric scale': the '0-10' inside an analyte's name is no
    bound, nor is a range inside the scale of a value named before it ('Pain intensity of > 4/10
    on a 0-10 VAS scale')."""
    names = [a for e in expressions for a in e.analytes]
    scales = [e.instrument for e in expressions if e.instrument]
    reaches = _reaches(expressions, names)
    in_scale = _reaches(expressions, scales)
    return [e for e, reach, scaled in zip(expressions, reaches, in_scale, strict=True)
            if reach < e.end and not (scaled >= e.end and e.comparator == "between")]


def _outside_scales(expressions: list[Expression], scales: list[Expression]) -> list[Expression]:
    """The expressions (sorted by start) that do not start inside a scale expression."""
    reaches = _reaches(expressions, scales)
    return [e for e, reach in zip(expressions, reaches, strict=True) if reach <= e.start]


def _reaches(expressions: list[Expression], spans: list) -> list[int]:
    """For each expression (sorted by start), the furthest end of the spans that start at or
    before it: one sweep, not a scan of the spans per expression."""
    spans, reaches, k, reach = sorted(spans, key=lambda s: s.start), [], 0, -1
    for expr in expressions:
        while k < len(spans) and spans[k].start <= expr.start:
            reach, k = max(reach, spans[k].end), k + 1
        reaches.append(reach)
    return reaches


def _parts(grammar: Grammar, expr: Expression) -> list[tuple[Expression, Mention | None]]:
    """Each (expression, analyte) to output: a pressure pair is a systolic and a diastolic bound,
    and 'within normal limits' is at least the lower and at most the upper limit of normal."""
    mentions = expr.analytes or [None]
    if expr.normal_range:
        bounds = (replace(expr, comparator=">=", relative_to="LLN", normal_range=False),
                  replace(expr, comparator="<=", relative_to="ULN", normal_range=False))
        return [(bound, m) for m in mentions for bound in bounds]
    if expr.diastolic is None:
        return [(expr, m) for m in mentions]
    at = mentions[-1]
    parts = []
    for value, analyte in ((expr.value, "systolic_bp"), (expr.diastolic, "diastolic_bp")):
        mention = Mention(at.start, at.end, grammar.analytes.get(analyte)) if at else None
        parts.append((replace(expr, value=value, diastolic=None), mention))
    return parts


def _as_dict(expr: Expression, mention: Mention | None, text: str, section: str, offset: int) -> dict:
    entry = mention.entry if mention else None
    normalized, error = normalize(expr, entry)
    analyte = None
    if mention is not None:
        analyte = {"text": text[mention.start:mention.end], "start": offset + mention.start,
                   "end": offset + mention.end, "name": entry.name if entry else None,
                   "code": entry.loinc if entry else None}
    return {
        "kind": expr.kind, "analyte": analyte, "comparator": expr.comparator, "value": expr.value,
        "upper": expr.upper, "lower_inclusive": expr.lower_inclusive,
        "upper_inclusive": expr.upper_inclusive, "values": expr.values, "unit": expr.unit,
        "relative_to": expr.relative_to, "normalized": normalized, "normalization_error": error,
        "requirement": requirement(expr, section), "condition": expr.condition, "resolver": expr.resolver,
        "text": text[expr.start:expr.end], "start": offset + expr.start, "end": offset + expr.end,
    }
