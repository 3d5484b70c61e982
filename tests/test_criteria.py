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
        # a line aligned under the criterion's text continues it, whatever its first character
        ("  -  resting heart rate\n     45-100 beats per minute)\n  -  b",
         [("inc-1", None, "resting heart rate\n     45-100 beats per minute)"), ("inc-2", None, "b")]),
        ("  -  a\nUnindented line", [("inc-1", None, "a"), ("inc-2", None, "Unindented line")]),
        ("Heading line\n     Indented line",
         [("inc-1", None, "Heading line"), ("inc-2", None, "Indented line")]),
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


@pytest.mark.parametrize(
    ("body", "max_tokens", "expected"),
    [
        # under the cap: the criterion is one sentence, clause punctuation and all
        ("- a ; b ; c", 10, ["a ; b ; c"]),
        # over it: the next ';' or '.' ends a sentence
        ("- a b c ; d e f . g h", 3, ["a b c ;", "d e f .", "g h"]),
        # no clause punctuation: cut at twice the cap
        ("- a b c d e f g h", 3, ["a b c d e f", "g h"]),
    ],
)
def test_long_criteria_continue_in_new_sentences(body, max_tokens, expected):
    from nlp.components.criteria import set_criterion_sentences
    from nlp.pipeline import blank

    doc = blank()("Inclusion Criteria:\n" + body)
    criteria = split_criteria(doc.text, [{"section": "inclusion", "start": 20, "end": len(doc.text)}])
    set_criterion_sentences(doc, criteria, max_tokens)
    assert [s.text for s in doc.sents][1:] == expected  # [0] is the heading
