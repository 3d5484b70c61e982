"""Threshold parsing, table-driven, with real criteria text (seed pages and LCT) as cases."""

import pytest

from nlp.rules import load_analytes, load_threshold_rules
from nlp.thresholds import Grammar, parse_thresholds


@pytest.fixture(scope="module")
def grammar():
    analytes = load_analytes()
    return Grammar(load_threshold_rules(analytes=analytes), analytes)


def parse(grammar, text, section="inclusion"):
    found = parse_thresholds(grammar, text, section, [])
    for t in found:
        assert text[t["start"]:t["end"]] == t["text"]
        if t["analyte"]:
            assert text[t["analyte"]["start"]:t["analyte"]["end"]] == t["analyte"]["text"]
    return [(t["analyte"]["text"] if t["analyte"] else None, t["comparator"], t["value"], t["upper"],
             t["values"], t["relative_to"]) for t in found]


@pytest.mark.parametrize(("text", "expected"), [
    # comparators as symbols and words
    ("AFP≥400ug/L before initial treatment", [("AFP", ">=", 400.0, None, None, None)]),
    ("Performance status \\> 2", [("Performance status", ">", 2.0, None, None, None)]),
    ("creatinine > 2.0 mg/dl", [("creatinine", ">", 2.0, None, None, None)]),
    ("Serum creatinine less than 1.5 times the upper limit of normal (ULN)",
     [("Serum creatinine", "<", 1.5, None, None, "ULN")]),
    ("hemoglobin no less than 9 g/dL", [("hemoglobin", ">=", 9.0, None, None, None)]),
    ("18 years of age or older", [("age", ">=", 18.0, None, None, None)]),
    # ranges and lists
    ("Single nodule, 3 to 8 cm of largest diameter", [("Single nodule", "between", 3.0, 8.0, None, None)]),
    ("Patients aged 18-75 years", [("aged", "between", 18.0, 75.0, None, None)]),
    ("between 18 and 75 years of age", [("age", "between", 18.0, 75.0, None, None)]),
    ("ECOG score 0-1", [("ECOG score", "between", 0.0, 1.0, None, None)]),
    ("ECOG performance status 0 or 1", [("ECOG performance status", "in", None, None, [0.0, 1.0], None)]),
    ("Age > 18 years, < 80 years", [("Age", "between", 18.0, 80.0, None, None)]),
    # numbers and powers of ten
    ("platelets ≥50×109/L", [("platelets", ">=", 50.0, None, None, None)]),
    ("platelets ≥ 100 000/mm3", [("platelets", ">=", 100000.0, None, None, None)]),
    ("platelets ≥ 100,000/mm3", [("platelets", ">=", 100000.0, None, None, None)]),
    ("absolute neutrophil count ≥ 1.5 x 10^9/L",
     [("absolute neutrophil count", ">=", 1.5, None, None, None)]),
    # reference limits and conditional overrides
    ("total bilirubin ≤3× institutional upper limit of normal (ULN)",
     [("total bilirubin", "<=", 3.0, None, None, "ULN")]),
    ("AST(aspartate aminotransferase) or ALT(alanine aminotransferase) ≤ 5× institutional ULN",
     [("aspartate aminotransferase", "<=", 5.0, None, None, "ULN"),
      ("alanine aminotransferase", "<=", 5.0, None, None, "ULN")]),
    ("AST ≤ 3 × ULN (≤ 5 × ULN for patients with liver metastases)",
     [("AST", "<=", 3.0, None, None, "ULN"), ("AST", "<=", 5.0, None, None, "ULN")]),
    # scales
    ("Child-Pugh class A and B7", [("Child-Pugh class", "in", None, None, ["A", "B7"], None)]),
    ("Postoperative Child-Pugh score A5-B7", [("Child-Pugh score", "between", "A5", "B7", None, None)]),
    ("BCLC stage 0-A hepatocellular carcinoma", [("BCLC stage", "between", "0", "A", None, None)]),
    ("NYHA class III or IV", [("NYHA class", "in", None, None, ["III", "IV"], None)]),
    # time windows and bare numbers
    ("Previous anticancer therapy within the last 5 years", [(None, "<=", 5.0, None, None, None)]),
    ("HIV-1 infection, CYP3A4 inhibitors", []),
])
def test_parse(grammar, text, expected):
    assert parse(grammar, text) == expected


def test_units_are_converted_to_the_analyte_unit(grammar):
    [hb] = parse_thresholds(grammar, "hemoglobin ≥ 9 g/dL", "inclusion", [])
    assert hb["normalized"]["unit"] == "g/L" and hb["normalized"]["value"] == pytest.approx(90)
    [cr] = parse_thresholds(grammar, "creatinine > 2.0 mg/dl", "inclusion", [])
    assert cr["normalized"]["value"] == pytest.approx(176.8, abs=0.1)
    [plt] = parse_thresholds(grammar, "platelets ≥ 100 000/mm3", "inclusion", [])
    assert plt["normalized"]["value"] == pytest.approx(100) and plt["normalized"]["unit"] == "1e9/L"
    [anc] = parse_thresholds(grammar, "neutrophils>1.5×109/L", "inclusion", [])
    assert anc["normalized"]["value"] == pytest.approx(1.5)


def test_a_conversion_without_justification_is_refused(grammar):
    [hbv] = parse_thresholds(grammar, "HBV DNA < 2000 copies/mL", "inclusion", [])
    assert hbv["normalized"] is None and "cannot convert" in hbv["normalization_error"]


def test_exclusion_requirement_is_the_complement(grammar):
    [ps] = parse_thresholds(grammar, "Performance status > 2", "exclusion", [])
    assert ps["requirement"] == {"comparator": "<=", "value": 2.0, "upper": None, "values": None}
    [age] = parse_thresholds(grammar, "aged 18-75 years", "exclusion", [])
    assert age["requirement"]["comparator"] == "outside"


def test_conditional_override_keeps_its_condition(grammar):
    found = parse_thresholds(grammar, "AST ≤ 3 × ULN (≤ 5 × ULN for patients with liver metastases)",
                             "inclusion", [])
    assert [t["condition"] for t in found] == [None, "for patients with liver metastases"]
