"""The analyte matcher: the lexicon's names on the Doc's tokens."""

import pytest

from nlp.pipeline import blank
from nlp.rules import load_analytes
from nlp.thresholds import AnalyteMatcher


@pytest.fixture(scope="module")
def matcher():
    return AnalyteMatcher(load_analytes(), blank().make_doc)


@pytest.mark.parametrize(("text", "expected"), [
    # a synonym matches in any case, an abbreviation only as written
    ("HEMOGLOBIN ≥ 9 g/dL", [("HEMOGLOBIN", "hemoglobin")]),
    ("Hgb ≥ 9 g/dL", [("Hgb", "hemoglobin")]),
    ("hgb ≥ 9 g/dL", []),
    # a name wrapped onto the next line is one name
    ("serum\n             creatinine < 1.5", [("serum\n             creatinine", "creatinine"),
                                              ("creatinine", "creatinine")]),
    # overlapping names are all found, longest first at each start
    ("plasma creatinine clearance < 30 mL/min", [("plasma creatinine", "creatinine"),
                                                 ("creatinine clearance", "creatinine_clearance"),
                                                 ("creatinine", "creatinine")]),
    # a name glued to a comparator is a token of its own
    ("ANC≥1500/mm3", [("ANC", "anc")]),
])
def test_names_on_tokens(matcher, text, expected):
    assert [(text[m.start:m.end], m.entry.id) for m in matcher.in_text(text)] == expected


def test_a_name_inside_a_word_is_no_name(matcher):
    assert matcher.in_text("PLATELETSX > 100") == []
