"""criteria_abbreviations: abbreviations the text defines (scispaCy's Schwartz & Hearst functions),
every place each short form stands, in the output with an entity's expansion (schema 1.8)."""

import pytest

from nlp.output import doc_to_document
from nlp.pipeline import PIPE_NAMES
from nlp.schema import TrialDocument

HCC = ("Inclusion Criteria:\n- Hepatocellular carcinoma (HCC) confirmed by histology or cytology\n"
       "- HCC must be measurable per RECIST 1.1\n")
ECOG = "Inclusion Criteria:\n- Eastern Cooperative Oncology Group (ECOG) performance status 0-1\n"
# (text, [(short form, long form)] for each occurrence, in text order)
CASES = [
    (HCC, [("HCC", "Hepatocellular carcinoma"), ("HCC", "Hepatocellular carcinoma")]),
    (ECOG, [("ECOG", "Eastern Cooperative Oncology Group")]),
    # The short form before a bracket of more than three tokens: the long form is inside.
    ("Inclusion Criteria:\n- ECOG (Eastern Cooperative Oncology Group) performance status <= 2\n",
     [("ECOG", "Eastern Cooperative Oncology Group")]),
    # Brackets that hold no abbreviation define nothing.
    ("Inclusion Criteria:\n- Adequate organ and marrow function (see below)\n- Prior therapy (or "
     "equivalent) allowed\n", []),
    # A short form is one word: a bracket of several words is none.
    ("Inclusion Criteria:\n- Histologically confirmed supratentorial WHO Grade III or IV Glioma "
     "(High Grade Glioma)\n", []),
    ("Inclusion Criteria:\n- Programmed death-ligand 1 (PD-L1) expression; PD-L1 >= 1%\n",
     [("PD-L1", "Programmed death-ligand 1"), ("PD-L1", "Programmed death-ligand 1")]),
    # One word the tokenizer splits ('HbA1' 'c') is one short form.
    ("Inclusion Criteria:\n- Hemoglobin A1c (HbA1c) <= 8%; HbA1c above 6.5%\n",
     [("HbA1c", "Hemoglobin A1c"), ("HbA1c", "Hemoglobin A1c")]),
    ("Exclusion Criteria:\n- Known history of human immunodeficiency virus (HIV) infection\n"
     "- Active hepatitis B virus (HBV) infection; HIV positive\n",
     [("HIV", "human immunodeficiency virus"), ("HBV", "hepatitis B virus"),
      ("HIV", "human immunodeficiency virus")]),
    # A short form used before its definition is one of its places too; another word holding the
    # letters is not ('HCCs' is no whole token 'HCC').
    ("Inclusion Criteria:\n- Unresectable HCC\n- Hepatocellular carcinoma (HCC) by biopsy; no HCCs\n",
     [("HCC", "Hepatocellular carcinoma"), ("HCC", "Hepatocellular carcinoma")]),
    ("", []),
    ("(ABC)", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_abbreviations_and_their_places(pipeline, text, expected):
    found = pipeline(text)._.abbreviations
    assert [(a["short"]["text"], a["long"]["text"]) for a in found] == expected
    for a in found:
        for form in ("short", "long"):
            assert text[a[form]["start"]:a[form]["end"]] == a[form]["text"]
    assert [a["short"]["start"] for a in found] == sorted({a["short"]["start"] for a in found})


def test_the_component_sits_between_entities_and_context():
    names = list(PIPE_NAMES)
    assert names.index("criteria_entities") < names.index("criteria_abbreviations") < names.index(
        "criteria_context")


def test_the_output_lists_them_and_expands_entities(pipeline):
    document = doc_to_document(pipeline(HCC), "t")
    assert document.schema_version == "1.8"
    assert [(a.short.text, a.short.start, a.long.text, a.long.start) for a in document.abbreviations] == [
        ("HCC", HCC.index("HCC"), "Hepatocellular carcinoma", HCC.index("Hepatocellular")),
        ("HCC", HCC.index("HCC must"), "Hepatocellular carcinoma", HCC.index("Hepatocellular"))]
    expanded = {e.text: e.expansion for c in document.criteria for e in c.entities}
    assert expanded.get("HCC") == "Hepatocellular carcinoma"
    assert all(v is None for k, v in expanded.items() if k != "HCC")
    assert TrialDocument.model_validate_json(document.model_dump_json()) == document


def test_offsets_index_the_input_as_read(pipeline):
    """An invisible character before the definition moves every offset; they still give the text."""
    text = "\u200b" + HCC.replace("Hepatocellular", "Hepato\u00adcellular")
    document = doc_to_document(pipeline(text), "t")
    assert [a.long.text for a in document.abbreviations] == ["Hepato\u00adcellular carcinoma"] * 2
    for a in document.abbreviations:
        assert text[a.short.start:a.short.end] == a.short.text == "HCC"
        assert text[a.long.start:a.long.end] == a.long.text
    # The expansion is the long form's text without the invisible character (like a unit's).
    assert {e.expansion for c in document.criteria for e in c.entities if e.text == "HCC"} == {
        "Hepatocellular carcinoma"}


def test_a_document_of_schema_1_7_still_validates():
    document = TrialDocument.model_validate({"schema_version": "1.7", "id": "x", "criteria": []})
    assert document.abbreviations == []


def test_many_brackets_stay_linear(pipeline):
    """A page of thousands of brackets: each bracket is a few tokens' work."""
    import time

    unit = "Patients with hepatocellular carcinoma (HCC) and (see below) or (ECOG) ( ( ) ) HCC; "
    small, large = unit * 200, unit * 2000
    component = pipeline.get_pipe("criteria_abbreviations")
    docs = [pipeline.make_doc(t) for t in (small, large)]
    times = []
    for doc in docs:
        start = time.perf_counter()
        component(doc)
        times.append(time.perf_counter() - start)
    assert len(docs[1]._.abbreviations) == 10 * len(docs[0]._.abbreviations) > 0
    assert times[1] < 30 * times[0] + 0.5
