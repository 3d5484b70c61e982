import pytest

from nlp.units import Conversion, conversion, conversion_factor, shift


@pytest.mark.parametrize(
    ("unit", "canonical", "expected"),
    [
        ("degC", "degC", Conversion(1.0)),
        ("mg/dL", "mg/L", Conversion(10.0)),
        ("percent", "dimensionless", Conversion(0.01)),
        ("IU/L", "U/L", Conversion(1.0)),
        # offset units convert between temperatures, with their zero: 100.4 °F is 38 °C
        ("degF", "degC", Conversion(5 / 9, -160 / 9)),
        ("degC", "kelvin", Conversion(1.0, 273.15)),
    ],
)
def test_conversions(unit, canonical, expected):
    assert conversion(unit, canonical) == pytest.approx(expected)


@pytest.mark.parametrize(("fahrenheit", "celsius"), [(100.4, 38.0), (32.0, 0.0), (212.0, 100.0),
                                                   (98.6, 37.0), (-40.0, -40.0)])
def test_a_fahrenheit_value_in_celsius(fahrenheit, celsius):
    factor, offset = conversion("degF", "degC")
    assert repr(shift(fahrenheit * factor, offset)) == repr(celsius)  # repr: no -0.0, no noise


@pytest.mark.parametrize(
    ("unit", "canonical"),
    [
        # an offset unit with another dimension: pint's OffsetUnitCalculusError before
        ("degree", "degC"), ("degC", "degree"), ("minute", "degC"), ("degC", "s"), ("degF", "percent"),
        ("degC/min", "degC"), ("delta_degC", "degC"),
        ("no_such_unit", "mg"), ("mg", "no_such_unit"),  # unknown units
        ("mg/dL", "mmol/L"),  # no molar mass
        ("count/L", "mg/L"),  # another dimension
    ],
)
def test_unjustified_conversions_are_value_errors_never_pint_errors(unit, canonical):
    with pytest.raises(ValueError):
        conversion(unit, canonical)


def test_a_shifted_conversion_is_no_factor():
    with pytest.raises(ValueError, match="shifts the zero"):
        conversion_factor("degF", "degC")
    assert conversion_factor("degC", "degC") == 1.0
