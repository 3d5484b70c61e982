import pytest

from nlp import extract
from nlp.components.polarity import polarity


@pytest.mark.parametrize(
    ("section", "negated", "expected"),
    [("inclusion", False, "inclusion"), ("inclusion", True, "exclusion"),
     ("exclusion", False, "exclusion"), ("exclusion", True, "inclusion")],
)
def test_polarity_table(section, negated, expected):
    assert polarity(section, negated) == expected


@pytest.mark.parametrize(
    ("text", "target", "expected"),
    [
        ("Inclusion Criteria:\n- No ascites", "ascites", "exclusion"),
        ("Inclusion Criteria:\n- Confirmed HCC", "HCC", "inclusion"),
        ("Exclusion Criteria:\n- Known HIV infection", "HIV infection", "exclusion"),
        ("Exclusion Criteria:\n- Children who do not have Kawasaki disease", "Kawasaki disease",
         "inclusion"),
    ],
)
def test_entity_polarity(text, target, expected):
    ents = [e for c in extract(text).criteria for e in c.entities if e.text == target]
    assert [e.polarity for e in ents] == [expected]


def test_entities_outside_criteria_are_dropped():
    from nlp import doc_to_document, load

    text = "Hepatitis B is common.\nMenu\nAbout\n\nInclusion Criteria:\n- HCC\n\nHIV\n"
    doc = doc_to_document(load(None)(text), "t")  # the lexicon finds all three
    assert [e.text for c in doc.criteria for e in c.entities] == ["HCC"]
