"""ConText on criteria: each trap of medspaCy's default rules has a case here."""

import pytest

import nlp


def attrs(text, target, section="Exclusion"):
    doc = nlp.extract(f"{section} Criteria:\n- {text}")
    for crit in doc.criteria:
        for ent in crit.entities:
            if ent.text == target:
                return ent
    raise AssertionError(f"{target!r} not found in {text!r}")


@pytest.mark.parametrize(
    ("text", "target", "negated"),
    [
        # traps of the default rules
        ("Any other malignancy", "malignancy", False),
        ("History of stroke", "stroke", False),
        ("Eligible if hepatitis B is confirmed", "hepatitis B", False),
        ("Antiviral prophylaxis for HBV", "HBV", False),
        ("Positive test for HIV", "HIV", False),
        ("Resolved hepatitis B", "hepatitis B", False),
        # criteria cues
        ("No ascites", "ascites", True),
        ("HCC without extrahepatic metastasis", "extrahepatic metastasis", True),
        ("Unable to undergo MRI", "MRI", True),
        ("Inability to swallow tablets or undergo MRI", "MRI", True),
        ("Conditions that prohibit MRI", "MRI", True),
        ("Non-smoker", "smoker", True),
        ("No more than 2 prior chemotherapy regimens", "chemotherapy", False),
        ("No ascites, normal albumin", "albumin", False),
    ],
)
def test_negation(text, target, negated):
    assert attrs(text, target).negated is negated


@pytest.mark.parametrize(
    ("text", "target", "attr", "value"),
    [
        ("History of stroke", "stroke", "historical", True),
        ("Resolved hepatitis B", "hepatitis B", "historical", True),
        ("Eligible if hepatitis B is confirmed", "hepatitis B", "hypothetical", False),
        ("Positive test for HIV", "HIV", "hypothetical", False),
        ("Family history of long QT syndrome", "long QT syndrome", "family", True),
        ("Planned liver transplantation", "liver transplantation", "hypothetical", True),
        ("Malignancy except basal cell carcinoma", "basal cell carcinoma", "exception", True),
        ("Malignancy except basal cell carcinoma", "Malignancy", "exception", False),
        ("Treatments other than TACE", "TACE", "exception", True),
        ("Malignancy with the exception of carcinoma in situ", "carcinoma in situ", "exception", True),
        ("Any other malignancy", "malignancy", "exception", False),
    ],
)
def test_other_attributes(text, target, attr, value):
    assert getattr(attrs(text, target), attr) is value
