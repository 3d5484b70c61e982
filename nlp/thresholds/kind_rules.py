"""The kind rules: after linking, a measurement whose unit and analyte say it is something else
becomes that kind. Each is a named function (context -> kind or nothing); their order is data
(``linking.kinds`` in ``resources/threshold_rules.json``), and the first that answers wins."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from .candidates import _phrase_at, _scale_named_after
from .expressions import Expression
from .grammar import Grammar
from .kinds import _a_time, _after_stage_word, _dosed, _ends_in_stage_word, _timed, _words
from .mentions import Mention, Spans
from .resolvers import registering


class KindContext(NamedTuple):
    grammar: Grammar
    text: str
    expr: Expression
    entities: Spans
    floor: int  # where the value's clause starts


class Kind(NamedTuple):
    kind: str
    analytes: list[Mention] | None = None  # what it is of instead, when the kind says so


KindRule = Callable[[KindContext], Kind | None]
KIND_RULES: dict[str, KindRule] = {}


kind_rule = registering(KIND_RULES)


@kind_rule("duration")
def duration(c: KindContext) -> Kind | None:
    """'diabetes for ≥ 6 months': a time of nothing measured in time ('QTc > 450 ms' is
    measured; 'Timed up and go < 12 s' is a time itself)."""
    expr = c.expr
    if (expr.time_unit and not _timed(expr, expr.analytes)
            and not any(a.label == "MEASUREMENT" for a in expr.analytes)
            and not _a_time(c.grammar, c.text, expr.analytes)):
        return Kind("duration")
    return None


@kind_rule("dose")
def dose(c: KindContext) -> Kind | None:
    """'prednisone at doses > 10 mg/day': a unit drugs are dosed in, said of a drug."""
    if c.expr.dose_unit and _dosed(c.grammar, c.text, c.expr, c.entities):
        return Kind("dose")
    return None


@kind_rule("stage")
def stage(c: KindContext) -> Kind | None:
    """'Chronic Kidney Disease stage 1-5', 'Diabetes mellitus (type 1 or 2)': a bare number after a
    stage word of no measurement; 'Stage III periodontitis' is of the condition after it."""
    expr, grammar, text = c.expr, c.grammar, c.text
    if (expr.unit is None and not any(a.entry or a.label == "MEASUREMENT" for a in expr.analytes)
            and _after_stage_word(grammar, text, c.floor, expr)
            and not _scale_named_after(grammar, text, expr)):  # '<2 on the Kellgren Laurence scale'
        if _ends_in_stage_word(grammar, text, expr.analytes):  # 'Stage III periodontitis', 'Type II diabetes'
            after = _phrase_at(grammar, text, expr.end, c.entities, grammar.noun_after_stop_words)
            return Kind("stage", after if _staged(grammar, text, after) else None)
        return Kind("stage")
    return None


def _staged(grammar: Grammar, text: str, after: list[Mention]) -> bool:
    """Whether the words after a stage name what is staged: not who ('type 1 or 2 patients'), nor
    another grading ('periodontitis stages III and IV grades A-B')."""
    words = _words(text, after)
    return bool(words) and words[0] not in grammar.category_heads and not set(words) <= grammar.person_words
