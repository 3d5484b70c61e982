"""Linking each expression to its analyte(s) and kind: ``link``."""

from __future__ import annotations

from .candidates import _age_after, _postposed, _scale_named_after, _words_before
from .expressions import Expression
from .grammar import Grammar
from .kind_rules import KindContext
from .kinds import _timed
from .mentions import Mention, Spans
from .patterns import CLOSING_FIRST, WORD
from .resolvers import Context


def link(grammar: Grammar, text: str, expressions: list[Expression], mentions: list[Mention],
         entities: list[Mention], names: list[Mention]) -> None:
    """Name each expression's analyte(s) and kind (see ``schema.Threshold.kind``): the first of
    the ordered linking rules (``grammar.resolvers``) that names them wins; then the kind rules
    (``grammar.kind_rules``) may make a measurement another kind, and a value coordinated with
    the one before it shares its unit (and, for an age, its analyte) backward. ``resolver``
    records the rule that set the analytes last."""
    floor = previous_floor = 0
    previous: Expression | None = None
    before_previous: Expression | None = None
    mentions, entities, following = Spans(mentions), Spans(entities), Spans(expressions)
    params = grammar.rules.linking
    for expr in expressions:
        # analytes may be named before a bracketed value: 'glomerular filtrate rate [within 30 days] < 30'
        reach = floor if previous is None else _past_aside(text, previous_floor, previous, expr)
        analytes = [m for m in mentions.inside(reach, expr.start) if m.entry is not None]
        postposed = _postposed(grammar, text, expr, mentions, following)
        ages = [m for m in mentions.starting(floor, expr.end) if m.age
                and len(WORD.findall(text, m.end, expr.start)) <= params.age_words_between
                and not grammar.age_qualified.search(text, max(0, m.start - params.age_qualifier_chars),
                                                     m.start)]
        ages += _age_after(grammar, text, expr)
        aged = any(not text[m.end:expr.start].strip(" :") for m in ages)  # 'aged 55 to 74 years from'
        cue_from = max(floor, expr.start - params.window_cue_chars)
        window = expr.time_unit and not aged and not _timed(expr, analytes[-1:] + postposed) and (
            expr.window_cue or grammar.window_before.search(text, cue_from, expr.start)
            or grammar.window_elapsed.match(text, expr.end)
            or (grammar.window_after.match(text, expr.end) and not _age_after(grammar, text, expr)))
        scale = [] if analytes else _scale_named_after(grammar, text, expr)
        words = _words_before(grammar, text, floor, expr.start)
        context = Context(grammar=grammar, text=text, expr=expr, previous=previous,
                          before_previous=before_previous, floor=floor, reach=reach, entities=entities,
                          following=following, analytes=analytes, postposed=postposed, ages=ages,
                          window=bool(window), words=words, before=entities.inside(floor, expr.start),
                          scale=scale, names=names)
        for name, resolve in grammar.resolvers:
            if (found := resolve(context)) is not None:
                expr.analytes, expr.resolver = found.analytes, name
                expr.kind = found.kind or expr.kind
                if found.previous is not None:
                    previous.analytes, previous.resolver = found.previous, name
                break
        if scale and expr.analytes != scale:
            expr.instrument = scale[0]  # its '0-10' is still no bound
        _refine_kind(grammar, text, expr, entities, floor)
        if previous is not None and grammar.coordination.fullmatch(text[previous.end:expr.start]):
            _share_backward(previous, expr)
        floor, previous_floor, before_previous, previous = expr.end, floor, previous, expr


def _refine_kind(grammar: Grammar, text: str, expr: Expression, entities: Spans, floor: int) -> None:
    """A measurement becomes the kind of the first kind rule that answers (``grammar.kind_rules``)."""
    if expr.kind != "measurement":
        return
    context = KindContext(grammar, text, expr, entities, floor)
    for name, rule in grammar.kind_rules:
        if (found := rule(context)) is not None:
            expr.kind = found.kind
            if found.analytes:  # the kind rule names what it is of: provenance is that rule's
                expr.analytes, expr.resolver = found.analytes, name
            return


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
        previous.kind, previous.analytes, previous.resolver = "age", list(expr.analytes), expr.resolver
