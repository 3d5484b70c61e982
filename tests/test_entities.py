"""The merge of lexicon matches with the recognizer's spans (nlp/components/entities.py)."""

import pytest
from spacy.tokens import Span

from nlp.components.entities import cut_inside_a_word, merge_entities, without_comparators
from nlp.pipeline import blank

TEXT = "Serum creatinine clearance below 60 in patients with chronic kidney disease"


def spans(doc, *items):
    """Spans from (first word, word count, label) triples."""
    words = [t.text for t in doc]
    return [Span(doc, words.index(w), words.index(w) + n, label) for w, n, label in items]


@pytest.mark.parametrize(
    ("rules", "model", "expected"),
    [
        # a label of rules_win: the lexicon's span wins over the model's overlapping one
        ([("creatinine", 2, "DEVICE")], [("Serum", 2, "CONDITION")], [("creatinine", 2, "DEVICE")]),
        # any other label: the model's span wins, longer or shorter
        ([("creatinine", 2, "MEASUREMENT")], [("Serum", 2, "CONDITION")], [("Serum", 2, "CONDITION")]),
        ([("kidney", 2, "CONDITION")], [("chronic", 3, "CONDITION")], [("chronic", 3, "CONDITION")]),
        ([("chronic", 3, "CONDITION")], [("kidney", 2, "CONDITION")], [("kidney", 2, "CONDITION")]),
        # where they do not overlap, a fill-in label fills in; another label does not
        ([("creatinine", 2, "MEASUREMENT")], [("chronic", 3, "CONDITION")],
         [("creatinine", 2, "MEASUREMENT"), ("chronic", 3, "CONDITION")]),
        ([("patients", 1, "DEMOGRAPHIC")], [("chronic", 3, "CONDITION")], [("chronic", 3, "CONDITION")]),
        # among lexicon matches the longest wins
        ([("creatinine", 1, "MEASUREMENT"), ("creatinine", 2, "MEASUREMENT")], [],
         [("creatinine", 2, "MEASUREMENT")]),
    ],
)
def test_merge_policy(rules, model, expected):
    doc = blank().make_doc(TEXT)
    merged = merge_entities(spans(doc, *rules), spans(doc, *model), {"DEVICE"}, {"MEASUREMENT", "DEVICE"})
    assert [(s.start, s.end, s.label_) for s in merged] == [
        (s.start, s.end, s.label_) for s in spans(doc, *expected)]


def test_without_a_fill_in_list_every_lexicon_label_fills_in():
    doc = blank().make_doc(TEXT)
    merged = merge_entities(spans(doc, ("patients", 1, "DEMOGRAPHIC")), [], {"DEVICE"}, None)
    assert [(s.text, s.label_) for s in merged] == [("patients", "DEMOGRAPHIC")]


def test_pipeline_keeps_recognizer_entities_only_inside_criteria(pipeline):
    text = "Heart failure clinic newsletter\n\nInclusion Criteria:\n- Chronic heart failure\n"
    doc = pipeline(text)
    start = text.index("Chronic")
    assert all(e.start_char >= start for e in doc.ents)
    assert any(e.label_ == "CONDITION" and "heart failure" in e.text for e in doc.ents)


@pytest.mark.parametrize(("text", "span", "expected"), [
    ("AST \\< 2.5 x ULN", (0, 2), "AST"),  # registry text's markdown escape
    ("count < 500", (0, 2), "count"),
    ("≥ platelets", (0, 2), "platelets"),
    ("serum creatinine", (0, 2), "serum creatinine"),  # nothing to take off
    ("\\< 5", (0, 1), None),  # nothing else left
])
def test_a_model_span_loses_comparators_at_its_ends(text, span, expected):
    doc = blank().make_doc(text)
    trimmed = without_comparators(Span(doc, *span, label="MEASUREMENT"))
    assert (trimmed.text if trimmed is not None else None) == expected
    assert trimmed is None or trimmed.label_ == "MEASUREMENT"


@pytest.mark.parametrize(("text", "span", "cut"), [
    ("Non-ambulatory", (0, 2), True),  # 'Non-'
    ("pre-radiotherapy PET-CT", (0, 2), True),  # 'pre-'
    ("Non-ambulatory", (0, 3), False),
    ("PET-CT", (0, 3), False),
])
def test_a_model_span_that_stops_at_a_hyphen_is_cut_inside_a_word(text, span, cut):
    doc = blank().make_doc(text)
    assert cut_inside_a_word(Span(doc, *span, label="CONDITION")) is cut
