"""Clauses of time: ages, time windows around treatments and study events, and durations."""

from __future__ import annotations

from .draws import RANGE_SEPARATORS, _bool, _cased, _chance, _form, _int, _pick, _space
from .numbers import _comparator, _maybe_comparator, _numbers
from .phrases import _conditions, _events, _treatments
from .vocabulary import vocabulary


def _ages(draw) -> str:
    """'Age ≥ 18 years', 'aged 18 to 75 years', '18 years of age or older', 'between 18 and 75 years
    of age', 'women over 50 years', 'Age > 18 years, < 80 years', '≥18 y/o'."""
    v = vocabulary()
    low, high = str(_int(draw, 0, 30)), str(_int(draw, 40, 99))
    years = _pick(draw, v.years)
    age = _cased(draw, _pick(draw, v.age_before))
    old = _pick(draw, ("", "", " old", " of age", *(" " + w for w in v.age_after)))
    space = _space(draw) or " "
    shape = _int(draw, 0, 7)
    if shape == 0:
        return f"{age} {_comparator(draw)}{low}{space}{years}{old}"
    if shape == 1:
        return f"{age} {low}{_pick(draw, RANGE_SEPARATORS)}{high}{space}{years}{old}"
    if shape == 2:
        return f"{low}{space}{years} of age {_pick(draw, v.all_postfix)}"
    if shape == 3:
        return f"between {low} and {high}{space}{years} of age"
    if shape == 4:
        person = _cased(draw, _pick(draw, v.persons))
        return f"{person} {_comparator(draw)}{low}{space}{years}{old}"
    if shape == 5:
        first = f"{age} {_comparator(draw, ('>', '>='))}{low}{space}{years}{old}"
        join = _pick(draw, (", ", " and ", " ")) + _pick(draw, ("", age + " "))
        return f"{first}{join}{_comparator(draw, ('<', '<='))}{high}{space}{years}{old}"
    if shape == 6:
        return f"{_comparator(draw)}{low}{_pick(draw, v.age_after)}"
    return f"{age} between {low} {years} old and {high} {years} old"


def _windows(draw) -> str:
    """A time window: 'within 4 weeks before the first dose', 'Surgery within the last 6 months',
    '≥ 4 weeks since the last dose of sorafenib', '14 days must have elapsed since the completion
    of chemotherapy', 'through 30 days after radiotherapy', '4 months after surgery'."""
    v = vocabulary()
    unit = _form(draw, v.time_units)
    n = _numbers(draw, 0, 60, decimals=False) if _chance(draw, 4) else str(_int(draw, 1, 60))
    quantity = n + (_space(draw) or " ") + unit
    event = _events(draw)
    shape = _int(draw, 0, 5)
    if shape == 0:
        cue = _pick(draw, v.window_before)
        return f"{_treatments(draw)} {cue} {quantity} {_pick(draw, v.window_after)} {event}"
    if shape == 1:
        return f"{_treatments(draw)} {_pick(draw, v.window_before)}{_pick(draw, ('', ' the'))} {quantity}"
    if shape == 2:
        return f"{_comparator(draw)}{quantity} {_pick(draw, v.window_after)} {event}"
    if shape == 3:
        return f"{_maybe_comparator(draw)}{quantity} {_pick(draw, v.window_elapsed)} since {event}"
    if shape == 4:
        return f"{_pick(draw, v.window_until)} {quantity} after {event}"
    return f"{_treatments(draw)} {quantity} {_pick(draw, v.window_exact)} {event}"


def _durations(draw) -> str:
    """'Duration of diabetes ≥ 6 months', 'diabetes for at least 5 years', 'Life expectancy > 3 months'."""
    v = vocabulary()
    unit = _form(draw, v.time_units)
    quantity = str(_int(draw, 1, 60)) + _space(draw) + unit
    condition = _conditions(draw)
    if _bool(draw):
        return f"{condition} for {_comparator(draw)}{quantity}"
    return f"Duration of {condition} {_comparator(draw)}{quantity}"
