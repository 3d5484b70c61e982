"""The linking rules: small named functions, each naming a value's analyte(s), and its kind where
that follows, or passing it on. Their order and their parameters are data (``linking`` in
``resources/threshold_rules.json``); ``link`` runs them, and each threshold records the rule
that linked it (``Threshold.resolver``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import NamedTuple

from .candidates import (
    _before_parenthesis,
    _coordinated,
    _dimension_after,
    _instrument,
    _measured_before,
    _measured_right_after,
    _named_before_scale,
    _noun_after,
    _person_before,
    _rate_noun,
    _unit_span,
    _window_event,
    _with_abbreviation,
    _with_measurements,
)
from .expressions import Expression
from .grammar import Grammar
from .kinds import _calendar_years, _categorical, _counted
from .mentions import Mention, Spans
from .normalization import _fitting_name, _unfit_lexicon_name
from .patterns import BRACKETED, CLAUSE_BREAK, WORD


@dataclass
class Context:
    """What the rules read about one value: its neighbours and the candidates around it."""

    grammar: Grammar
    text: str
    expr: Expression
    previous: Expression | None
    before_previous: Expression | None
    floor: int  # where the value's clause starts: the end of the value before it
    reach: int  # where words that may name it start (before a bracketed aside)
    entities: Spans
    following: Spans  # the values of the criterion
    analytes: list[Mention]  # lexicon analytes between reach and the value
    postposed: list[Mention]  # an analyte written right after the value
    ages: list[Mention]
    window: bool  # a time relative to an event
    words: list[Mention]  # the words right before the value
    before: list[Mention]  # the recognizer's entities in the clause
    scale: list[Mention]  # a scale named after the value
    names: list[Mention]  # every lexicon name of the criterion, overlapping ones too


class Link(NamedTuple):
    analytes: list[Mention]
    kind: str | None = None  # None: the value stays a measurement
    previous: list[Mention] | None = None  # what the value before it measures instead


Resolver = Callable[[Context], Link | None]
RESOLVERS: dict[str, Resolver] = {}


def registering(table: dict) -> Callable[[str], Callable]:
    """A decorator that files a rule function in ``table`` under the id the rule file names it by."""
    def named(name: str) -> Callable:
        def register(function: Callable) -> Callable:
            table[name] = function
            return function

        return register

    return named


resolver = registering(RESOLVERS)


@resolver("time-window")
def time_window(c: Context) -> Link | None:
    """'within 4 weeks before the first dose': the event."""
    if not c.window:
        return None
    return Link(_window_event(c.grammar, c.text, c.expr, c.entities, c.before), "time_window")


@resolver("age-word")
def age_word(c: Context) -> Link | None:
    """'aged 18 to 75', 'age of patients: 18-65': the age word nearest the value."""
    expr = c.expr
    if ((expr.unit_pint is None or expr.time_unit) and c.ages and not _categorical(expr)
            and not c.grammar.rate.match(c.text, expr.end)  # '17-18 year olds at least 3 nights per week'
            and (not c.analytes or max(a.start for a in c.ages) > c.analytes[-1].end)):
        return Link([min(c.ages, key=lambda m: abs(m.start - expr.start))], "age")
    return None


@resolver("count-in-words")
def count_in_words(c: Context) -> Link | None:
    """'with at least one post-treatment free PSA': a number word counts what follows."""
    in_words = c.expr.unit is None and not any(ch.isdigit() for ch in c.text[c.expr.start:c.expr.end])
    counted = _counted(c.grammar, c.text, c.expr, c.entities, c.words, c.floor) if in_words else None
    return Link(counted, "count") if counted else None


@resolver("named-after")
def named_after(c: Context) -> Link | None:
    """'≥140 mmHg SBP', '1.5 times upper limit of normal of serum creatinine'."""
    return Link(c.postposed) if c.postposed else None


@resolver("rated-on-scale")
def rated_on_scale(c: Context) -> Link | None:
    """'pain rated at least 5 on the 10-point numerical rating scale': the scale; a score word
    joined before it ('a score > 1 or < -1 on the Richmond Agitation Scale') takes it too."""
    if not c.scale or _named_before_scale(c.grammar, c.text, c.reach, c.expr, c.entities, c.scale[0]):
        return None
    previous = c.previous
    if (previous is not None and c.grammar.coordination.fullmatch(c.text[previous.end:c.expr.start])
            and _only_words_of(c.grammar.score_words, c.text, previous.analytes)):
        return Link(c.scale, previous=c.scale)
    return Link(c.scale)


@resolver("noun-after")
def noun_after(c: Context) -> Link | None:
    """'≥8 mm and at least 4 mm intrabony component', with no lexicon analyte before."""
    if c.analytes:
        return None
    found = _noun_after(c.grammar, c.text, c.expr, c.entities, c.following, c.words)
    return Link(found) if found else None


@resolver("measured-before")
def measured_before(c: Context) -> Link | None:
    """'AMH levels age appropriate (≥2.3 ng/ml)': the measurement the recognizer found before."""
    measured = _measured_before(c.grammar, c.text, c.reach, c.expr, c.entities, c.analytes)
    if measured and not _calendar_years(c.grammar, c.expr) and (
            measured[0].label == "MEASUREMENT"
            or _counted(c.grammar, c.text, c.expr, c.entities, c.words, c.floor) is None):
        return Link(measured)
    return None


@resolver("parallel-value")
def parallel_value(c: Context) -> Link | None:
    """'Beighton score ≥ 5 for women up to the age of 50 years and ≥ 4 for those above 50':
    after a value and the age it is for, the next value is one of the first analyte."""
    first, age, expr = c.before_previous, c.previous, c.expr
    if first is None or age is None:
        return None
    if (age.kind == "age" and first.kind == "measurement" and first.analytes and expr.unit is None
            and c.grammar.for_population.match(c.text, first.end, age.start)
            and c.grammar.coordination.fullmatch(c.text, age.end, expr.start)):
        return Link(list(first.analytes), first.kind)
    return None


@resolver("continued-value")
def continued_value(c: Context) -> Link | None:
    """'BMI <20 or >35 kg/m2', 'Cr >2.5 mg/dL [men], >2.0 mg/dL': the analyte of the value before."""
    previous = c.previous
    if (previous is not None and previous.analytes and _same_quantity(previous, c.expr)
            and _continues(c.grammar, c.text[previous.end:c.expr.start])):
        return Link(list(previous.analytes), previous.kind)
    return None


@resolver("words-past-clause")
def words_past_clause(c: Context) -> Link | None:
    """'uric acid ..., diuretic, small-dose aspirin (75~300mg/d)': a lexicon analyte in an
    earlier clause gives way to the words before the value."""
    if (c.analytes and c.words and CLAUSE_BREAK.search(c.text, c.analytes[-1].end, c.words[0].start)
            and not _only_words_of(c.grammar.person_words, c.text, c.words)
            and not _only_words_of(c.grammar.score_words, c.text, c.words)):
        return Link(c.words)
    return None


@resolver("fitting-name")
def fitting_name(c: Context) -> Link | None:
    """'probing depth (PS)> 6 mm' is not performance status, by its unit; 'plasma creatinine
    clearance <30 mL/min' is creatinine clearance, which a mL/min can measure."""
    if c.analytes and c.words and _unfit_lexicon_name(c.expr, c.analytes, c.words[0]):
        return Link([_fitting_name(c.expr, c.names, c.words[0])])
    return None


@resolver("lexicon-analyte")
def lexicon_analyte(c: Context) -> Link | None:
    """'Hamilton Anxiety Rating Scale or the Hamilton Depression Rating Scale score > 10': the
    nearest lexicon analyte before, with those coordinated with it and its abbreviation."""
    if not c.analytes:
        return None
    joinable = _with_measurements(c.grammar, c.text, c.analytes, c.entities, c.floor, c.analytes[-1])
    analytes = _coordinated(c.grammar, c.text, joinable)
    if analytes[-1].end >= c.floor:  # not across a value: 'Lansky Scale (<16 years) <50%'
        analytes[-1] = _with_abbreviation(c.grammar, c.text, analytes[-1], c.expr.start)
    return Link(analytes)


@resolver("years-alone")
def years_alone(c: Context) -> Link | None:
    """'18 years or older' with nothing before it: an age, named by its unit."""
    expr = c.expr
    if (expr.unit_pint == "year" and not c.words
            and not c.grammar.for_duration.search(c.text, c.floor, expr.start)):
        return Link([Mention(*_unit_span(c.text, expr))], "age")
    return None


@resolver("person-age")
def person_age(c: Context) -> Link | None:
    """'women over 50 years', 'patients < 18': an age of the persons named."""
    if c.expr.unit_pint in (None, "year"):
        person = _person_before(c.grammar, c.text, c.floor, c.expr.start)
        if person:
            return Link(person, "age")
    return None


@resolver("conditional-override")
def conditional_override(c: Context) -> Link | None:
    """'(≤ 5 × ULN for patients with liver metastases)': the analyte of the value it overrides."""
    if c.expr.condition and c.previous is not None and c.previous.analytes:
        return Link(c.previous.analytes)
    return None


@resolver("calendar-years")
def calendar_years(c: Context) -> Link | None:
    """'treated between 2000 and 2017': a window in calendar years."""
    return Link(c.before[-1:], "time_window") if _calendar_years(c.grammar, c.expr) else None


@resolver("count")
def count(c: Context) -> Link | None:
    """'two or more episodes of syncope', '3 times per week': what a whole number counts."""
    counted = _counted(c.grammar, c.text, c.expr, c.entities, c.words, c.floor)
    return Link(counted, "count") if counted is not None else None


@resolver("persons-earlier-analyte")
def persons_earlier_analyte(c: Context) -> Link | None:
    """'(>7 drinks/week for women, >14 for men)': the words say who, not what; the analyte
    precedes."""
    if not (c.words and _only_words_of(c.grammar.person_words, c.text, c.words)):
        return None
    if c.previous is not None and c.previous.analytes:
        return Link(c.previous.analytes)
    return Link(_before_parenthesis(c.grammar, c.text, c.expr.start))


@resolver("instrument")
def instrument(c: Context) -> Link | None:
    """'score >20 from Alcohol and Health Questionnaire 8', '>= 5 on the NRS'."""
    found = _instrument(c.grammar, c.text, c.floor, c.expr, c.words, c.entities)
    return Link(found) if found else None


@resolver("dimension-after")
def dimension_after(c: Context) -> Link | None:
    """'3 to 8 cm of largest diameter'."""
    found = _dimension_after(c.grammar, c.text, c.expr, c.words)
    return Link(found) if found else None


@resolver("measured-right-after")
def measured_right_after(c: Context) -> Link | None:
    """'a total of less than or equal to 8 menses per year'."""
    found = _measured_right_after(c.grammar, c.text, c.expr, c.entities, c.words)
    return Link(found) if found else None


@resolver("words-before")
def words_before(c: Context) -> Link | None:
    """The words right before the value, else the last entity of its clause, else what a rate
    counts ('No more than 14 drinks per week')."""
    return Link(c.words or c.before[-1:] or _rate_noun(c.grammar, c.text, c.expr))


def _only_words_of(words: Collection[str], text: str, mentions: list[Mention]) -> bool:
    """Whether every word of the mentions is one of ``words``: score words ('a score > 1 or ...')
    say nothing of what is scored, person words ('for women') say who, not what."""
    return all(w.lower() in words for m in mentions for w in text[m.start:m.end].split())


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
    if grammar.coordination.fullmatch(gap):
        return True
    bare = BRACKETED.sub(" ", gap)
    words = [w.lower() for w in WORD.findall(bare)]
    # '≥13 for women, ≥15 for men', 'AST ≤3 x ULN; ≤5 x ULN in case of liver involvement'
    joined = bare != gap or any(j in words for j in grammar.joins) or "," in gap or ";" in gap
    return joined and all(w in grammar.person_words or w in grammar.qualifier_words for w in words)
