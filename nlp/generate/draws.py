"""Drawing primitives: integers, choices, chances, casing, spacing and brackets, and the joins
criteria write between values."""

from __future__ import annotations

from hypothesis import strategies as st

RANGE_SEPARATORS = ("-", " - ", "–", " – ", " to ", "~", " ~ ", "－", " through ", "—")
LIST_JOINS = (" or ", ", ", " and ", "/", " and/or ", ", or ", " or  ")
INEQUALITIES = ("<", "<=", ">", ">=")

_INTEGERS: dict[tuple[int, int], st.SearchStrategy[int]] = {}
_BOOLEANS = st.booleans()


def _int(draw, lo: int, hi: int) -> int:
    """An integer drawn from a strategy built once per range: building strategies in every draw
    costs more than drawing from them."""
    strategy = _INTEGERS.get((lo, hi))
    if strategy is None:
        strategy = _INTEGERS[(lo, hi)] = st.integers(lo, hi)
    return draw(strategy)


def _bool(draw) -> bool:
    return draw(_BOOLEANS)


def _pick(draw, options):
    return options[_int(draw, 0, len(options) - 1)]


def _several(draw, make, lo: int, hi: int) -> list:
    return [make() for _ in range(_int(draw, lo, hi))]


def _joined(draw, members: list[str], joins: tuple[str, ...] = LIST_JOINS, again: str = "") -> str:
    """Members joined, each join drawn from ``joins``, ``again`` written before every later member."""
    return members[0] + "".join(_pick(draw, joins) + again + member for member in members[1:])


def _form(draw, rules) -> str:
    """A form of one of the rules (units, mostly): the rule first, then one of its forms."""
    return _pick(draw, _pick(draw, rules).forms)


def _chance(draw, one_in: int) -> bool:
    """True about once in ``one_in`` draws. Hypothesis draws the simplest choice, 0, more often
    than the others, so the rare outcome is the last value, not the first."""
    return _int(draw, 0, one_in - 1) == one_in - 1


def _cased(draw, text: str) -> str:
    """A case-insensitive form as criteria write it: as is, capitalized, or in capitals."""
    how = _int(draw, 0, 9)
    if how == 8:
        return text[:1].upper() + text[1:]
    if how == 9 and len(text) < 30:
        return text.upper()
    return text


def _space(draw) -> str:
    """Between a comparator symbol and its number, or a number and its unit."""
    return _pick(draw, ("", " ", " ", "  ", "\u00a0"))


def _wrapped_space(draw) -> str:
    """A space, or now and then a line break with the registry's continuation indent."""
    if _chance(draw, 25):
        return "\n" + _pick(draw, ("", "  ", "     ", "             "))
    return " "


def _bracketed(draw, text: str) -> str:
    opening, closing = _pick(draw, (("(", ")"), ("(", ")"), ("[", "]"), ("( ", " )"), ("(", "")))
    return opening + text + closing
