import pytest

from nlp.components.criteria import split_criteria


def split(body):
    text = "Inclusion Criteria:\n" + body
    crits = split_criteria(text, [{"section": "inclusion", "start": 20, "end": len(text)}])
    for c in crits:
        assert text[c["start"] : c["end"]] == text[c["start"] : c["end"]].strip()
    return [(c["id"], c["parent"], text[c["start"] : c["end"]]) for c in crits]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- a\n- b", [("inc-1", None, "a"), ("inc-2", None, "b")]),
        (" * a * b * c", [("inc-1", None, "a"), ("inc-2", None, "b"), ("inc-3", None, "c")]),
        ("• a;\n• b ;", [("inc-1", None, "a"), ("inc-2", None, "b")]),
        ("1. a\n2. b", [("inc-1", None, "a"), ("inc-2", None, "b")]),
        ("(1) a\n(2) b", [("inc-1", None, "a"), ("inc-2", None, "b")]),
        ("a) a\nb) b", [("inc-1", None, "a"), ("inc-2", None, "b")]),
        ("i. a\nii. b", [("inc-1", None, "a"), ("inc-2", None, "b")]),
        ("One line\nAnother line", [("inc-1", None, "One line"), ("inc-2", None, "Another line")]),
        ("1. Organ function as below:\n\n1)Marrow: ANC ≥1.5; 2)Liver: ALT ≤ 3× ULN; 2. Women",
         [("inc-1", None, "Organ function as below:"), ("inc-1.1", "inc-1", "Marrow: ANC ≥1.5"),
          ("inc-1.2", "inc-1", "Liver: ALT ≤ 3× ULN"), ("inc-2", None, "Women")]),
        ("• Either of:\n    1. x\n    2. y\n• z",
         [("inc-1", None, "Either of:"), ("inc-1.1", "inc-1", "x"), ("inc-1.2", "inc-1", "y"),
          ("inc-2", None, "z")]),
        ("Response met: 1. imaging CR) 2. AFP normal",
         [("inc-1", None, "Response met:"), ("inc-1.1", "inc-1", "imaging CR)"),
          ("inc-1.2", "inc-1", "AFP normal")]),
        ("- Grade 2. Patients with 1.5 mg doses", [("inc-1", None, "Grade 2. Patients with 1.5 mg doses")]),
        ("- a wrapped\n  continuation line", [("inc-1", None, "a wrapped\n  continuation line")]),
        ("- score 18 - 75 years", [("inc-1", None, "score 18 - 75 years")]),
        ("- ASA I - IV - Age 18", [("inc-1", None, "ASA I - IV"), ("inc-2", None, "Age 18")]),
    ],
)
def test_split(body, expected):
    assert split(body) == expected


def test_each_criterion_is_one_sentence(pipeline):
    doc = pipeline("Inclusion Criteria:\n- No ascites\n- HCC confirmed")
    sents = [s.text.strip() for s in doc.sents]
    assert "No ascites" in sents and "HCC confirmed" in sents
