"""One clause of any shape the grammar knows, and one criterion: clauses joined on one line."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from .categories import _leading_scales, _open_categories, _scales, _scores, _stages
from .draws import _bool, _bracketed, _cased, _chance, _int, _joined, _pick, _several
from .phrases import _conditions, _entity_phrases
from .times import _ages, _durations, _windows
from .values import (
    _bare_values,
    _comparisons,
    _counted,
    _doses,
    _lists,
    _multiples,
    _normal_ranges,
    _postfixed,
    _pressures,
    _ranges,
    _ratios,
    _sizes,
    _temperatures,
)

CLAUSE_JOINS = ("; ", ", ", " and ", " or ", " and/or ", ", and ", ", or ", " / ", "  ", ": ", " ; ",
                " AND ", " OR ", ",", ";")
ENDINGS = ("", "", ".", ";", " .", ",", " ;", "..")


THRESHOLDS: tuple[Callable[..., str], ...] = (
    _comparisons, _comparisons, _comparisons, _postfixed, _ranges, _ranges, _lists, _multiples, _multiples,
    _normal_ranges, _bare_values, _pressures, _temperatures, _scales, _scales, _scores, _open_categories,
    _leading_scales, _stages, _ages, _ages, _windows, _windows, _durations, _counted, _doses, _ratios, _sizes,
)


def _clauses(draw) -> str:
    """One threshold of any shape the grammar knows, or now and then a plain clinical phrase."""
    if _chance(draw, 6):
        return _entity_phrases(draw)
    return _pick(draw, THRESHOLDS)(draw)


def _criterion_texts(draw) -> str:
    """One criterion on one line: clauses joined with the punctuation criteria use, perhaps led by
    a clinical phrase, perhaps with a clause in brackets."""
    parts = _several(draw, lambda: _clauses(draw), 1, 3)
    text = _joined(draw, parts, CLAUSE_JOINS)
    shape = _int(draw, 0, 6)
    if shape == 0:  # 'Adequate hematologic function: ANC ≥ ...'
        text = _entity_phrases(draw) + _pick(draw, (": ", " with ", ", ", " defined as ", " - ", " (")) + text
        text += ")" if text.count("(") > text.count(")") and _bool(draw) else ""
    elif shape == 1:  # 'Hepatitis B (HBV DNA < 2000 copies/mL)'
        text = _entity_phrases(draw) + " " + _bracketed(draw, text)
    elif shape == 2:  # 'ANC ≥ 1.5 x 10^9/L in patients with cirrhosis'
        text += _pick(draw, (" in patients with ", " for ", " unless ", ", except ", " (except "))
        text += _conditions(draw)
    return _cased(draw, text) + _pick(draw, ENDINGS)


def criterion_texts() -> st.SearchStrategy[str]:
    """Single criteria, one line each, without layout."""
    return st.composite(_criterion_texts)()


def clauses() -> st.SearchStrategy[str]:
    """Single threshold clauses of every shape, and plain clinical phrases."""
    return st.composite(_clauses)()
