"""Obligations and permissions keep their own direction; a permission is not a requirement."""

from __future__ import annotations

import pytest

import nlp
from nlp.logic import Cue, modality_of, requirement_for


def thresholds(pipeline, section: str, criterion: str):
    heading = "Inclusion Criteria:" if section == "inclusion" else "Exclusion Criteria:"
    document = nlp.doc_to_document(pipeline(f"{heading}\n- {criterion}\n"), "t")
    return [t for c in document.criteria for t in c.thresholds]


@pytest.mark.parametrize(("section", "criterion", "modality", "requirement"), [
    # seed NCT05349331: an obligation inside an exclusion criterion keeps its direction
    ("exclusion", "Pregnant or lactating women, all female patients of childbearing potential must "
                  "undergo a pregnancy test (serum or urine) within 7 days before enrollment",
     "obligation", ("<=", 7.0)),
    ("exclusion", "Patients are required to stop anticoagulants at least 5 days before surgery",
     "obligation", (">=", 5.0)),
    # an API v2 record: a permission sets no requirement, in either section
    ("exclusion", "Hydroxyurea is permitted more than 24 hours before the first dose", "permission", None),
    # under inclusion a permission's bound is what is accepted: the written direction
    ("inclusion", "Prior chemotherapy is allowed if completed more than 4 weeks before enrollment",
     "permission", (">", 4.0)),
    # a cue inside brackets governs only their inside
    ("inclusion", "Total bilirubin ≤ 1.5 × ULN (isolated bilirubin is acceptable if direct bilirubin < 35%)",
     None, ("<=", 1.5)),
    # no modality: the section decides
    ("exclusion", "Patients who must receive prednisone > 10 mg/day", None, ("<=", 10.0)),  # relative clause
    ("exclusion", "Patients must not have ALT > 3 x ULN", None, ("<=", 3.0)),  # a prohibition
    ("exclusion", "Any condition that may increase the risk of bleeding within 4 weeks", None, (">", 4.0)),
    ("exclusion", "Performance status > 2", None, ("<=", 2.0)),
])
def test_modality_and_requirement(pipeline, section, criterion, modality, requirement):
    found = thresholds(pipeline, section, criterion)
    assert len(found) >= 1
    assert found[0].modality == modality
    got = found[0].requirement
    assert (got.comparator, got.value) == requirement if requirement else got is None


def test_a_cue_governs_only_its_own_clause():
    cues = [Cue(5, 6, "obligation")]
    assert modality_of(cues, [3, 9], token=7, first=0, last=12) == "obligation"
    assert modality_of(cues, [3, 9], token=2, first=0, last=12) is None  # before the break
    assert modality_of(cues, [3, 9], token=10, first=0, last=12) is None  # after it
    assert modality_of(cues, [], token=7, first=6, last=12) is None  # another criterion
    brackets = [-1] * 4 + [4] * 4 + [-1] * 4  # tokens 4-7 inside brackets opened at token 4
    assert modality_of(cues, [], token=10, first=0, last=12, brackets=brackets) is None
    assert modality_of(cues, [], token=6, first=0, last=12, brackets=brackets) == "obligation"
    outside = [Cue(1, 2, "permission")]  # a cue outside brackets governs their inside too
    assert modality_of(outside, [], token=6, first=0, last=12, brackets=brackets) == "permission"


def test_requirement_for():
    th = {"comparator": ">", "value": 7.0, "upper": None, "values": None}
    assert requirement_for(th, "exclusion", None)["comparator"] == "<="
    assert requirement_for(th, "exclusion", "obligation")["comparator"] == ">"
    assert requirement_for(th, "exclusion", "permission") is None
    assert requirement_for(th, "inclusion", "permission")["comparator"] == ">"
