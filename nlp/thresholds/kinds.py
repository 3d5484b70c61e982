"""What a linked value is: a count, a duration, a dose, a calendar year, a category or a stage."""

from __future__ import annotations

from ..units import conversion_factor
from .candidates import _phrase_at
from .expressions import Expression
from .grammar import Grammar
from .mentions import Mention, Spans
from .patterns import NEXT_WORD, WORD


def _dosed(grammar: Grammar, text: str, expr: Expression, entities: Spans) -> bool:
    """Whether a mass is a drug's dose: its analyte is a drug or says dose ('prednisone equivalent'),
    or a drug follows the value ('≥5 mg/day prednisone', '≥ 1 g of methylprednisolone')."""
    for analyte in expr.analytes:
        named = {w.lower() for w in WORD.findall(text, analyte.start, analyte.end)}
        overlapping = entities.starting(max(0, analyte.start - grammar.limits.drug_chars), analyte.end)
        drug = any(e.label == "DRUG" and e.end > analyte.start for e in overlapping)
        if drug or named & grammar.dose_words:
            return True
    after = grammar.dose_tail.match(text, expr.end)
    following = entities.at(after.end()) if after else None
    return following is not None and following.label == "DRUG"


def _words(text: str, mentions: list[Mention]) -> list[str]:
    """The lower-cased words of the mentions, in order."""
    return [w.lower() for m in mentions for w in WORD.findall(text, m.start, m.end)]


def _after_stage_word(grammar: Grammar, text: str, floor: int, expr: Expression) -> bool:
    """Whether a stage word stands right before the value ('grade 3 or higher', 'type 1 or 2')."""
    return bool(grammar.stage_before.search(text, floor, expr.start))


def _ends_in_stage_word(grammar: Grammar, text: str, mentions: list[Mention]) -> bool:
    """Whether the words before a stage end in a stage word: the staged thing may follow ('Stage III
    periodontitis', 'current grade 3 or higher neuropathy')."""
    words = _words(text, mentions)
    return not words or words[-1] in grammar.stage_words


def _categorical(expr: Expression) -> bool:
    """Whether the values are categories ('class II'), which are never ages or counts."""
    return any(isinstance(v, str) for v in expr.values or [expr.value])


def _calendar_years(grammar: Grammar, expr: Expression) -> bool:
    bounds = [expr.value, expr.upper] if expr.upper is not None else [expr.value]
    return expr.unit is None and all(isinstance(b, float) and b in grammar.calendar_years for b in bounds)


def _timed(expr: Expression, mentions: list[Mention]) -> bool:
    """Whether a lexicon analyte is measured in time ('QTc > 450 ms', 'life expectancy > 3 months')."""
    for mention in mentions:
        if mention.entry is not None:
            try:
                conversion_factor(expr.unit_pint, mention.entry.unit, None)
                return True
            except ValueError:
                pass
    return False


def _a_time(grammar: Grammar, text: str, mentions: list[Mention]) -> bool:
    """Whether an open-vocabulary analyte is itself a time ('commuting distance < 45 minutes'),
    not an occasion ('feed the last time a minimum of 2 hours before')."""
    for mention in mentions:
        words = [w.lower() for w in WORD.findall(text, mention.start, mention.end)]
        occasion = len(words) > 1 and words[-2] in grammar.occasions
        if words and words[-1] in grammar.time_heads and not occasion:
            return True
    return False


def _counted(grammar: Grammar, text: str, expr: Expression, entities: Spans,
             words: list[Mention], floor: int) -> list[Mention] | None:
    """'two or more episodes of syncope': the thing a bare whole number counts, or what happens that
    often ('pain medication (more than 4 times per week)'); None if not a count, as a grade is not
    ('grade 3 or higher neuropathy', 'Class 3 or 4 congestive heart failure')."""
    if expr.unit or expr.relative_to or not all(
            isinstance(v, float) and v.is_integer() for v in expr.values or [expr.value]):
        return None
    if _after_stage_word(grammar, text, floor, expr):
        return None
    if grammar.of_the_following.match(text, expr.end):
        return []  # 'at least two of the following': the items are the criterion's sub-list
    counted = NEXT_WORD.match(text, expr.end)
    rate = grammar.rate.match(text, expr.end)
    # '3 times per week', '1-3 bolus insulin injections per day': how often, a count
    said = WORD.findall(rate.group(1)) if rate else [counted.group(1)] if counted else []
    how_often = any(w.lower() in grammar.frequency_words for w in said)
    if rate and not how_often:
        return None  # 'more than 2 alcoholic drinks per day' measures drinking; '3 times per week' counts
    if how_often and said[0].lower() in grammar.not_counted:  # a wrapped line: no counted word
        return words  # '(more than 4 times per week)': what happens that often is named before
    of = grammar.counted_of.match(text, expr.end)  # 'one or more of the laboratory findings'
    at = grammar.count_modifier.match(text, of.end() if of else expr.end).end()  # 'two or more prior ...'
    return _phrase_at(grammar, text, at, entities, grammar.not_counted) or None
