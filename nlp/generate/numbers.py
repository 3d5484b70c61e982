"""Numbers as criteria write them (decimals, thousands, powers of ten, counts per volume), unit
forms, comparators, and the quantities they make together."""

from __future__ import annotations

from ..schema import AnalyteEntry
from .draws import _bool, _cased, _chance, _form, _int, _pick, _space
from .vocabulary import vocabulary

SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
# How criteria write the 'times' of a power of ten or of a multiple of a limit
TIMES = (" x ", "x", " × ", "×", " X ", "X", "*", " * ", "·", " · ", " x", "x ")


def _numbers(draw, lo: int = 0, hi: int = 500, decimals: bool = True) -> str:
    """A number as criteria write it: '5', '1.5', '7,0', '.5', '100,000', '100 000', 'five', '-2.5'."""
    kind = _int(draw, 0, 12 if decimals else 3)
    whole = _int(draw, lo, hi)
    if kind <= 2:
        return str(whole)
    if kind == 3:
        return _pick(draw, vocabulary().number_words) if _chance(draw, 3) else str(whole)
    fraction = str(_int(draw, 0, 99)).rjust(_int(draw, 1, 2), "0")
    if kind <= 7:
        return f"{whole}.{fraction}"
    if kind == 8:
        return f"{whole},{fraction[:2]}"  # a decimal comma: '7,0 mmol/l'
    if kind == 9:
        return f".{fraction}"
    if kind == 10:
        return _thousands(draw)
    if kind == 11:
        return f"{_pick(draw, ('-', '−', '+'))}{whole}.{fraction}"
    return f"{whole}.{fraction}{_int(draw, 0, 9)}"


def _thousands(draw) -> str:
    """A large number with its thousands separated: '100,000', '100 000', '1,500', '150000'."""
    big = _int(draw, 1, 999) * 1000 + _int(draw, 0, 999)
    grouped = f"{big:,}"
    return _pick(draw, (grouped, grouped, grouped.replace(",", " "), grouped.replace(",", "\u202f"),
                        grouped.replace(",", "."), str(big)))


def _powers_of_ten(draw) -> str:
    """The power of ten after a mantissa, in every spelling: ' x 10^9', '×10⁹', ' x 109', ' × 10E9',
    '*10**9', 'e9'."""
    exponent = _pick(draw, (3, 6, 9, 9, 9, 12, 4, 5))
    spelling = _int(draw, 0, 10)
    if spelling == 10:
        return _pick(draw, ("e", "E", "E+", "e+0", "E0")) + str(exponent)
    times = _pick(draw, TIMES)
    if spelling <= 3:
        power = _pick(draw, ("^", "^ ", " ^ ", "**", "E", "e", "E ")) + str(exponent)
    elif spelling <= 6:
        power = str(exponent).translate(SUPERSCRIPT)
    else:
        power = _pick(draw, ("", " ")) + str(exponent)  # '1.5 x 109/L': a lost superscript
    return f"{times}10{power}"


def _counts(draw) -> str:
    """A count per volume: '1.5 x 10^9/L', '100,000/mm3', '100 000/µL', '1,5×10⁹/l', '10^5 CFU/mL'."""
    v = vocabulary()
    unit = _form(draw, v.counts_per_volume)
    shape = _int(draw, 0, 5)
    if shape <= 2:
        mantissa = _numbers(draw, 0, 500)
        return mantissa + _powers_of_ten(draw) + _pick(draw, ("", "", " ")) + unit
    if shape == 3:  # a power of ten as the value itself: '> 10^3 CFU/mL'
        exponent = str(_int(draw, 2, 9))
        power = _pick(draw, ("10^" + exponent, "10" + exponent.translate(SUPERSCRIPT), "10**" + exponent,
                             "10^-" + exponent, "10E" + exponent))
        return power + _space(draw) + unit
    return _thousands(draw) + _space(draw) + unit


def _any_unit_form(draw) -> str:
    """Any unit form the grammar knows: half the time the rule first (each rule as likely), half
    the time the form (a rule with many spellings, eGFR's or BMI's, gets them all written)."""
    v = vocabulary()
    if _bool(draw):
        return _form(draw, v.units)
    return _pick(draw, v.unit_forms)


def _units_for(draw, entry: AnalyteEntry | None) -> str:
    """A unit form, mostly one that fits the analyte, otherwise any form the grammar knows."""
    v = vocabulary()
    fitting = v.fitting.get(entry.id, ()) if entry else ()
    if fitting and _bool(draw):
        return _form(draw, fitting)
    return _any_unit_form(draw)


def _comparator(draw, ops: tuple[str, ...] | None = None) -> str:
    """A prefix comparator form, with the space criteria leave after it ('≥', '≥ ', 'at least ')."""
    v = vocabulary()
    forms = v.all_prefix if ops is None else tuple(f for op in ops for f in v.prefix.get(op, ()))
    form = _pick(draw, forms)
    worded = any(c.isalpha() for c in form)
    form = _cased(draw, form) if worded else form
    if form[:1] in "<>" and _chance(draw, 30):
        form = "\\" + form  # the registry's markdown escape, '\> 2'
    return form + (" " if worded else _space(draw))


def _quantities(draw, entry: AnalyteEntry | None = None) -> str:
    """A number and its unit: '2.0 mg/dl', '1.5 x 10^9/L', '90 %', '7,0\\n   mmol/l'."""
    v = vocabulary()
    if entry is not None and entry.id in v.counted_analytes and _bool(draw):
        return _counts(draw)
    if _chance(draw, 10):
        return _counts(draw)
    number = _numbers(draw)
    if _chance(draw, 8):
        return number  # no unit
    gap = "\n" + _pick(draw, ("", "   ", "             ")) if _chance(draw, 30) else _space(draw)
    return number + gap + _units_for(draw, entry)


def _maybe_comparator(draw) -> str:
    return _comparator(draw) if _bool(draw) else ""
