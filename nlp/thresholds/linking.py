"""Linking each expression to its analyte(s) and kind: ``link``."""

from __future__ import annotations

from .candidates import (
    _age_after,
    _before_parenthesis,
    _coordinated,
    _dimension_after,
    _instrument,
    _measured_before,
    _measured_right_after,
    _named_before_scale,
    _noun_after,
    _person_before,
    _phrase_at,
    _postposed,
    _rate_noun,
    _scale_named_after,
    _unit_span,
    _window_event,
    _with_abbreviation,
    _with_measurements,
    _words_before,
)
from .expressions import Expression
from .grammar import Grammar
from .kinds import _a_time, _calendar_years, _categorical, _counted, _dosed, _heads_only, _timed
from .mentions import Mention, Spans
from .normalization import _fitting_name, _unfit_lexicon_name
from .patterns import (
    BRACKETED,
    CLAUSE_BREAK,
    CLOSING_FIRST,
    COORDINATION,
    FOR_DURATION,
    FOR_POPULATION,
    RATE,
    WORD,
)


def link(grammar: Grammar, text: str, expressions: list[Expression], mentions: list[Mention],
         entities: list[Mention]) -> None:
    """Name each expression's analyte(s) and kind (see ``schema.Threshold.kind``)."""
    floor = previous_floor = 0
    previous: Expression | None = None
    before_previous: Expression | None = None
    mentions, entities, following = Spans(mentions), Spans(entities), Spans(expressions)
    for expr in expressions:
        # analytes may be named before a bracketed value: 'glomerular filtrate rate [within 30 days] < 30'
        reach = floor if previous is None else _past_aside(text, previous_floor, previous, expr)
        region = mentions.inside(reach, expr.start)
        analytes = [m for m in region if m.entry is not None]
        postposed = _postposed(text, expr, mentions, following)
        ages = [m for m in mentions.starting(floor, expr.end) if m.age
                and len(WORD.findall(text, m.end, expr.start)) <= 3  # 'age of patients: 18-65'
                and not grammar.age_qualified.search(text, max(0, m.start - 20), m.start)]
        ages += _age_after(grammar, text, expr)
        aged = any(not text[m.end:expr.start].strip(" :") for m in ages)  # 'aged 55 to 74 years from'
        window = expr.time_unit and not aged and not _timed(expr, analytes[-1:] + postposed) and (
            expr.window_cue or grammar.window_before.search(text, max(floor, expr.start - 30), expr.start)
            or grammar.window_elapsed.match(text, expr.end)
            or (grammar.window_after.match(text, expr.end) and not _age_after(grammar, text, expr)))
        words = _words_before(grammar, text, floor, expr.start)
        before = entities.inside(floor, expr.start)
        scale = [] if analytes else _scale_named_after(grammar, text, expr)
        in_words = expr.unit is None and not any(c.isdigit() for c in text[expr.start:expr.end])
        if window:
            expr.kind, expr.analytes = "time_window", _window_event(grammar, text, expr, entities, before)
        elif ((expr.unit_pint is None or expr.time_unit) and ages and not _categorical(expr)
              and not RATE.match(text, expr.end)  # '17-18 year olds at least 3 nights per week'
              and (not analytes or max(a.start for a in ages) > analytes[-1].end)):
            expr.kind = "age"
            expr.analytes = [min(ages, key=lambda m: abs(m.start - expr.start))]
        elif in_words and (counted := _counted(grammar, text, expr, entities, words)):
            expr.kind, expr.analytes = "count", counted  # 'with at least one post-treatment free PSA'
        elif postposed:
            expr.analytes = postposed
        elif scale and not _named_before_scale(grammar, text, reach, expr, entities, scale[0]):
            expr.analytes = scale  # 'pain rated at least 5 on the 10-point numerical rating scale'
            if (previous is not None and COORDINATION.fullmatch(text[previous.end:expr.start])
                    and _score_words_only(grammar, text, previous.analytes)):
                previous.analytes = scale  # 'a score > 1 or < -1 on the Richmond Agitation Scale'
        elif not analytes and (noun_after := _noun_after(grammar, text, expr, entities, following, words)):
            expr.analytes = noun_after  # '≥8 mm and at least 4 mm intrabony component'
        elif ((measured := _measured_before(grammar, text, reach, expr, entities, analytes))
              and not _calendar_years(expr) and (measured[0].label == "MEASUREMENT"
                   or _counted(grammar, text, expr, entities, words) is None)):
            expr.analytes = measured  # 'AMH levels age appropriate (≥2.3 ng/ml)'
        elif parallel := _parallel_to(text, before_previous, previous, expr):
            expr.kind, expr.analytes = parallel.kind, list(parallel.analytes)
        elif (previous is not None and previous.analytes and _same_quantity(previous, expr)
              and _continues(grammar, text[previous.end:expr.start])):
            expr.kind, expr.analytes = previous.kind, list(previous.analytes)  # 'BMI <20 or >35 kg/m2'
        elif (analytes and words and CLAUSE_BREAK.search(text, analytes[-1].end, words[0].start)
              and not _persons_only(grammar, text, words) and not _score_words_only(grammar, text, words)):
            expr.analytes = words  # 'uric acid ..., diuretic, small-dose aspirin (75~300mg/d)'
        elif analytes and words and _unfit_lexicon_name(expr, analytes, words[0]):
            # 'probing depth (PS)> 6 mm': not performance status, by its unit; 'plasma creatinine
            # clearance <30 mL/min': creatinine clearance, which a mL/min can measure
            expr.analytes = [_fitting_name(grammar, text, expr, words[0])]
        elif analytes:
            # 'Hamilton Anxiety Rating Scale or the Hamilton Depression Rating Scale score > 10'
            joinable = _with_measurements(text, analytes, entities, floor, analytes[-1])
            expr.analytes = _coordinated(text, joinable)
            if expr.analytes[-1].end >= floor:  # not across a value: 'Lansky Scale (<16 years) <50%'
                expr.analytes[-1] = _with_abbreviation(text, expr.analytes[-1], expr.start)
        elif expr.unit_pint == "year" and not words and not FOR_DURATION.search(text, floor, expr.start):
            expr.kind, expr.analytes = "age", [Mention(*_unit_span(text, expr))]
        elif (expr.unit_pint in (None, "year")
              and (person := _person_before(grammar, text, floor, expr.start))):
            expr.kind, expr.analytes = "age", person  # 'women over 50 years', 'patients < 18'
        elif expr.condition and previous is not None and previous.analytes:
            expr.analytes = previous.analytes
        elif _calendar_years(expr):
            expr.kind = "time_window"  # 'treated between 2000 and 2017'
            expr.analytes = before[-1:]
        elif (counted := _counted(grammar, text, expr, entities, words)) is not None:
            expr.kind, expr.analytes = "count", counted
        elif words and _persons_only(grammar, text, words):
            # '(>7 drinks/week for women, >14 for men)': who, not what; the analyte precedes
            expr.analytes = (previous.analytes if previous is not None and previous.analytes
                             else _before_parenthesis(grammar, text, expr.start))
        elif instrument := _instrument(grammar, text, floor, expr, words, entities):
            expr.analytes = instrument
        elif dimension := _dimension_after(grammar, text, expr, words):
            expr.analytes = dimension
        elif after := _measured_right_after(text, expr, entities, words):
            expr.analytes = after  # 'a total of less than or equal to 8 menses per year'
        else:
            expr.analytes = words or before[-1:] or _rate_noun(text, expr)
        if scale and expr.analytes != scale:
            expr.instrument = scale[0]  # its '0-10' is still no bound
        if (expr.kind == "measurement" and expr.time_unit and not _timed(expr, expr.analytes)
                and not any(a.label == "MEASUREMENT" for a in expr.analytes)
                and not _a_time(grammar, text, expr.analytes)):  # 'Timed up and go < 12 s'
            expr.kind = "duration"
        elif expr.kind == "measurement" and expr.dose_unit and _dosed(grammar, text, expr, entities):
            expr.kind = "dose"
        elif (expr.kind == "measurement" and expr.unit is None
              and not any(a.entry or a.label == "MEASUREMENT" for a in expr.analytes)
              and grammar.stage_before.search(text, floor, expr.start)
              and not _scale_named_after(grammar, text, expr)):  # '<2 on the Kellgren Laurence scale'
            expr.kind = "stage"  # 'Chronic Kidney Disease stage 1-5', 'Diabetes mellitus (type 1 or 2)'
            if _heads_only(grammar, text, expr.analytes):  # 'Stage III periodontitis', 'Type II diabetes'
                expr.analytes = (_phrase_at(grammar, text, expr.end, entities, grammar.noun_after_stop_words)
                                 or expr.analytes)
        if previous is not None and COORDINATION.fullmatch(text[previous.end:expr.start]):
            _share_backward(previous, expr)
        floor, previous_floor, before_previous, previous = expr.end, floor, previous, expr


def _parallel_to(text: str, first: Expression | None, age: Expression | None,
                 expr: Expression) -> Expression | None:
    """'Beighton score ≥ 5 for women up to the age of 50 years and ≥ 4 for those above 50 years':
    after a value and the age of the population it is for, the next value is a second value of
    the first analyte, not an age."""
    if first is None or age is None:
        return None
    if (age.kind == "age" and first.kind == "measurement" and first.analytes and expr.unit is None
            and FOR_POPULATION.match(text, first.end, age.start)
            and COORDINATION.fullmatch(text, age.end, expr.start)):
        return first
    return None


def _past_aside(text: str, previous_floor: int, previous: Expression, expr: Expression) -> int:
    """Where the words that may name a value start: after the value before it, unless that one
    sat in brackets closed since ('glomerular filtrate rate [within 30 days] less than 30')."""
    closing = CLOSING_FIRST.match(text, previous.end, expr.start)
    if not closing:
        return previous.end
    opened = text.rfind("[" if closing.group(1) == "]" else "(", previous_floor, previous.start)
    return previous_floor if opened >= 0 else previous.end


def _share_backward(previous: Expression, expr: Expression) -> None:
    """'<30 or >69 years old': both are ages; 'BMI <20 or >35 kg/m2': both are in kg/m2, which
    normalizes the first, whose unit as written stays null."""
    if previous.unit_pint is not None or expr.unit_pint is None or previous.relative_to or expr.relative_to:
        return
    previous.unit_pint, previous.exponent = expr.unit_pint, expr.exponent
    previous.time_unit, previous.dose_unit = expr.time_unit, expr.dose_unit
    if expr.kind == "age" and not previous.analytes:
        previous.kind, previous.analytes = "age", list(expr.analytes)


def _score_words_only(grammar: Grammar, text: str, mentions: list[Mention]) -> bool:
    return all(w.lower() in grammar.score_words for m in mentions for w in text[m.start:m.end].split())


def _same_quantity(a: Expression, b: Expression) -> bool:
    """Whether two values may share an analyte: not a window 'within 16 weeks' and '200 mL', nor
    '(glomerular filtrate rate [within 30 days] less than 30)'."""
    if a.kind == "time_window" and not b.time_unit:
        return False
    return a.unit is None or b.unit is None or a.time_unit == b.time_unit


def _continues(grammar: Grammar, gap: str) -> bool:
    """Whether a value goes on with the analyte of the value before it: 'BMI <20 or >35',
    '> 500 cGy (single) or > 800 cGy', 'Cr >2.5 mg/dL [men], >2.0 mg/dL', 'score (range 0-42) ≥16',
    '> 7.2 mg/kg IV or >9.0 mg/kg orally'."""
    if COORDINATION.fullmatch(gap):
        return True
    bare = BRACKETED.sub(" ", gap)
    words = [w.lower() for w in WORD.findall(bare)]
    # '≥13 for women, ≥15 for men', 'AST ≤3 x ULN; ≤5 x ULN in case of liver involvement'
    joined = bare != gap or "or" in words or "and" in words or "," in gap or ";" in gap
    return joined and all(w in grammar.person_words or w in grammar.qualifier_words for w in words)


def _persons_only(grammar: Grammar, text: str, words: list[Mention]) -> bool:
    """Whether the words before a value say who ('for women'), not what is measured."""
    return all(w.lower() in grammar.person_words for m in words for w in text[m.start:m.end].split())
