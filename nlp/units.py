"""Unit conversion to an analyte's canonical unit, with pint for the dimensional part.

Analyte-aware factors (mass <-> substance concentration) come from the analyte's molar mass in
the lexicon. A conversion that neither justifies is refused with a reason, never guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import pint

INTERNATIONAL = re.compile(r"(?<![A-Za-z])IU(?![A-Za-z])")
EQUIVALENT = re.compile(r"(?<=m)Eq(?![A-Za-z])")
SCALED = re.compile(r"^\s*1e(-?\d+)\s*(.*)$")
BODY_SURFACE = re.compile(r"\(?1\.73\s*\*?\s*m\^?2\)?")


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry()
    # pint's U is the enzyme unit (umol/min). International units of biological activity
    # (viral loads, hormones) get their own dimension, so they never convert to mass or copies.
    ureg.define("international_unit = [biological_activity] = IU")
    ureg.define("milliequivalent = [charge_equivalent] = mEq")
    # HbA1c in IFCC mmol/mol is an affine function of the NGSP percent, not a multiple of it
    ureg.define("ifcc_mmol_per_mol = [hba1c_ifcc]")
    # "per 1.73 m²" (eGFR) as a unit: pint refuses numbers inside unit expressions.
    ureg.define("standard_body_surface = 1.73 * meter ** 2")
    return ureg


def _quantity(value: float, unit: str) -> pint.Quantity:
    """'1e9/L' style units carry a power of ten that pint does not accept in a unit."""
    scaled = SCALED.match(unit)
    scale, unit = (10.0 ** int(scaled.group(1)), scaled.group(2)) if scaled else (1.0, unit)
    unit = "1" + unit if unit.startswith("/") else unit
    unit = BODY_SURFACE.sub("standard_body_surface", unit.replace("µ", "u"))
    try:
        return registry().Quantity(value * scale, unit)
    except Exception as err:  # noqa: BLE001 -- pint's parser raises tokenize, assertion and value errors
        raise ValueError(f"{unit!r} is no unit pint reads ({type(err).__name__})") from None


class Conversion(NamedTuple):
    """value_in_canonical = value_in_unit * factor + offset; the offset is 0 but between
    temperature scales with different zeros (°F to °C)."""

    factor: float
    offset: float = 0.0


@lru_cache(maxsize=4096)  # pint parses each unit; criteria repeat a few dozen pairs
def conversion(unit: str, canonical: str, molar_mass: float | None = None,
               valence: int | None = None) -> Conversion:
    """How a value in ``unit`` converts to ``canonical``; ValueError when unjustified. No pint
    error escapes: an unknown unit, an offset unit or a dimension mismatch is a ValueError."""
    try:
        return _conversion(unit, canonical, molar_mass, valence)
    except pint.PintError as err:
        raise ValueError(f"cannot convert {unit} to {canonical} ({type(err).__name__})") from None


def conversion_factor(unit: str, canonical: str, molar_mass: float | None = None,
                      valence: int | None = None) -> float:
    """The factor f with value_in_canonical = value_in_unit * f; ValueError when unjustified or
    when the conversion also shifts the zero (°F to °C is no multiple)."""
    found = conversion(unit, canonical, molar_mass, valence)
    if found.offset:
        raise ValueError(f"{unit} to {canonical} shifts the zero; it is not a multiple")
    return found.factor


def _conversion(unit: str, canonical: str, molar_mass: float | None, valence: int | None) -> Conversion:
    ureg = registry()
    written, target = _quantity(1.0, unit), _quantity(1.0, canonical)
    if written.units == target.units:
        return Conversion(1.0)
    if _offset(written) or _offset(target):
        return _offset_conversion(unit, canonical)
    try:
        return Conversion(float((written / target).to("dimensionless").magnitude))
    except pint.DimensionalityError:
        pass
    if INTERNATIONAL.sub("U", unit) == canonical:
        # an enzyme's international unit is the enzyme unit (1 IU = 1 µmol/min): 'AST ≤ 40 IU/L';
        # only at the canonical scale: 'AST > 150 IU/mL' (150,000 U/L) is refused, likely a slip
        return Conversion(1.0)
    if valence and EQUIVALENT.search(unit):
        # an ion's equivalents are its moles times its charge: 'potassium > 5.5 mEq/L'
        factor = _conversion(EQUIVALENT.sub("mol", unit), canonical, molar_mass, None).factor
        return Conversion(factor / valence)
    if molar_mass is None:
        raise ValueError(f"cannot convert {unit} to {canonical}")
    molar = ureg.Quantity(molar_mass, "g/mol")
    for converted in (written / molar, written * molar):
        try:
            return Conversion(float((converted / target).to("dimensionless").magnitude))
        except pint.DimensionalityError:
            continue
    raise ValueError(f"cannot convert {unit} to {canonical} with molar mass {molar_mass} g/mol")


def shift(scaled: float, offset: float) -> float:
    """A scaled value moved by a scale's offset, to the 10 decimals an offset conversion keeps
    (it goes through kelvin: 100.4 °F is 38.00000000000006 °C in pint, 32 °F is -8e-12 °C)."""
    return round(scaled + offset, 10) + 0.0 if offset else scaled  # + 0.0: no negative zero


def _offset(quantity: pint.Quantity) -> bool:
    """A unit whose zero is not nothing (°C, °F): pint refuses to multiply or divide it."""
    return not quantity._is_multiplicative


def _offset_conversion(unit: str, canonical: str) -> Conversion:
    """Between two temperatures, pint's offset-aware path; to or from anything else, a refusal
    (a temperature is not an angle, a time or a ratio, whatever the analyte)."""
    ureg = registry()
    written, target = ureg.Quantity(0.0, unit), ureg.Quantity(0.0, canonical)
    if written.dimensionality != target.dimensionality:
        raise ValueError(f"cannot convert {unit} to {canonical}: only a temperature converts to or "
                         "from a temperature scale")
    zero = written.to(target.units).magnitude
    one = ureg.Quantity(1.0, unit).to(target.units).magnitude
    return Conversion(float(one - zero), float(zero))


def check_unit(unit: str) -> None:
    """ValueError when pint does not understand the unit."""
    _quantity(1.0, unit)
