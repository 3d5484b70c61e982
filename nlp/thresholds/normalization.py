"""Units that fit an analyte, bounds in its canonical unit, and the requirement."""

from __future__ import annotations

from ..schema import AnalyteEntry, Requirement
from ..units import conversion, shift
from .expressions import Expression
from .mentions import Mention
from .patterns import TIME_CANONICAL


def _unfit_lexicon_name(expr: Expression, analytes: list[Mention], words: Mention) -> bool:
    """Whether the lexicon analyte nearest a value is a part of the longer name before it that
    its unit cannot measure ('probing depth (PS)> 6 mm'), not that name and its abbreviation
    ('Hemoglobin A1c (HbA1c) >47mmol/mol')."""
    last = analytes[-1]
    if _fits(expr, last.entry) or (words.start, words.end) == (last.start, last.end):
        return False
    return not any(a.entry is last.entry for a in analytes[:-1] if a.start >= words.start)


def _fitting_name(expr: Expression, names: list[Mention], words: Mention) -> Mention:
    """The words before a value, with the lexicon entry that fits its unit named inside them: the
    longest name at the first word that starts one (``names``: the matcher's, longest first)."""
    starts = set()
    for name in names:
        if name.start in starts or not (words.start <= name.start and name.end <= words.end):
            continue
        starts.add(name.start)
        if _fits(expr, name.entry):
            return Mention(words.start, words.end, name.entry)
    return words


def _fits(expr: Expression, entry: AnalyteEntry) -> bool:
    """Whether a value's unit can measure the analyte: no unit, a percent, a time (a duration of
    it) and a multiple of a limit always can; otherwise its dimension must convert."""
    if (expr.unit_pint in (None, "percent") or expr.time_unit or expr.relative_to
            or entry.unit == "dimensionless" and entry.kind != "score"):
        return True
    try:
        conversion(expr.unit_pint, entry.unit, entry.molar_mass, entry.valence)
    except ValueError:
        return False
    return True


def normalize(expr: Expression, entry: AnalyteEntry | None) -> tuple[dict | None, str | None]:
    """(normalized, error): the bounds in the analyte's canonical unit (years for an age, days for
    a time window or a duration), or why not."""
    if expr.relative_to or expr.values is not None or not isinstance(expr.value, float):
        return None, None
    canonical = TIME_CANONICAL.get(expr.kind) if entry is None else entry.unit
    molar_mass, valence = (entry.molar_mass, entry.valence) if entry else (None, None)
    if canonical is None:
        return None, "analyte not in the lexicon" if expr.unit else None
    unit = expr.unit_pint
    if unit is None and entry is not None and entry.kind == "score":
        return None, None  # a score has no unit to convert
    if unit is None:
        return None, f"no unit written; {entry.name if entry else expr.kind} is in {canonical}"
    try:
        factor, offset = conversion(unit, canonical, molar_mass, valence)
    except ValueError as err:
        return None, str(err)
    factor *= 10.0 ** expr.exponent
    upper = shift(expr.upper * factor, offset) if isinstance(expr.upper, float) else None
    normalized = {"value": shift(expr.value * factor, offset), "upper": upper, "unit": canonical,
                  "factor": factor}
    return (normalized | {"offset": offset} if offset else normalized), None


def requirement(expr: Expression, section: str) -> dict:
    """What an eligible patient satisfies: the threshold, or its complement under exclusion."""
    return Requirement.of(expr.comparator, expr.value, expr.upper, expr.values, section).model_dump()
