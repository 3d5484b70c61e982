"""The merge of lexicon matches with the recognizer's spans (nlp/components/entities.py)."""

import pytest
from spacy.tokens import Span

from nlp import load
from nlp.components.entities import (
    cut_inside_a_word,
    merge_entities,
    with_lexicon_labels,
    without_comparators,
)
from nlp.lead_in import restated_title
from nlp.pipeline import blank
from nlp.rules import load_context_rules, load_entity_rules, load_logic_rules
from nlp.schema import LexiconLabel

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


@pytest.mark.parametrize(
    ("lexicon", "ents", "expected", "waiting"),
    [
        # a model span with a lexicon name's bounds takes its label
        ([("Serum", 2, "MEASUREMENT")], [("Serum", 2, "DRUG")], [("Serum", 2, "MEASUREMENT")], [None]),
        ([("chronic", 3, "CONDITION")], [("chronic", 3, "DRUG")], [("chronic", 3, "CONDITION")], [None]),
        # other bounds, or a lexicon label with no rule, keep the model's label
        ([("creatinine", 1, "MEASUREMENT")], [("creatinine", 2, "DRUG")], [("creatinine", 2, "DRUG")],
         [None]),
        ([("chronic", 3, "DEVICE")], [("chronic", 3, "DRUG")], [("chronic", 3, "DRUG")], [None]),
        # a label the rule keeps stands
        ([("chronic", 3, "CONDITION")], [("chronic", 3, "OBSERVATION")], [("chronic", 3, "OBSERVATION")],
         [None]),
        # a label kept until measured stands, and the lexicon's label waits for a threshold
        ([("Serum", 2, "MEASUREMENT")], [("Serum", 2, "CONDITION")], [("Serum", 2, "CONDITION")],
         ["MEASUREMENT"]),
    ],
)
def test_lexicon_labels(lexicon, ents, expected, waiting):
    doc = blank().make_doc(TEXT)
    rules = {"MEASUREMENT": LexiconLabel(id="m", comment="measurements", label="MEASUREMENT",
                                         until_measured=["CONDITION"]),
             "CONDITION": LexiconLabel(id="c", comment="conditions", label="CONDITION",
                                       keeps=["OBSERVATION"])}
    relabelled = with_lexicon_labels(spans(doc, *ents), spans(doc, *lexicon), rules)
    assert [(s.start, s.end, s.label_) for s in relabelled] == [
        (s.start, s.end, s.label_) for s in spans(doc, *expected)]
    assert [s._.measured_label for s in relabelled] == waiting


def test_pipeline_gives_a_lexicon_scale_its_label(pipeline):
    text = "Inclusion Criteria:\n- Child-Pugh B or C\n- Known or new BCLC stage 0-A\n"
    doc = pipeline(text)
    assert {e.text: e.label_ for e in doc.ents}.get("BCLC stage") == "MEASUREMENT"


def test_a_lexicon_measurement_waits_for_its_threshold(pipeline):
    """'HBV DNA < 2000 IU/mL' is a MEASUREMENT; 'positive HBsAg', which no threshold measures, stays
    the finding the recognizer calls it, and a leaf of the criterion's logic."""
    text = ("Inclusion Criteria:\n- For patients with active HBV: HBV DNA < 2000 IU/mL during screening\n"
            "Exclusion Criteria:\n- Known HIV infection or positive HBsAg\n")
    doc = pipeline(text)
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels["HBV DNA"] == "MEASUREMENT" and labels["HBsAg"] == "CONDITION"
    hbsag = next(e for e in doc.ents if e.text == "HBsAg")
    assert hbsag._.polarity == "exclusion" and hbsag._.criterion_id == "exc-1"


def test_pipeline_gives_a_lexicon_finding_its_label(pipeline):
    text = ("Exclusion Criteria:\n"
            "- Arrhythmia of grade ≥2 by NCI-CTCAE criteria, QTc prolongation (>450 ms in men)\n")
    doc = pipeline(text)
    assert {e.text: e.label_ for e in doc.ents}.get("QTc prolongation") == "CONDITION"


def test_a_name_wrapped_over_two_lines_is_one_entity():
    doc = load(None)("Inclusion Criteria:\n  -  Renal function: serum\n     creatinine < 1.5 mg/dL\n")
    assert [(e.text, e.label_) for e in doc.ents] == [("serum\n     creatinine", "MEASUREMENT")]


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


@pytest.mark.parametrize(("text", "ents", "dropped"), [
    # the body names the title's concept again: the title's entity goes
    ("Performance Status: ECOG Performance Status of 0 or 1",
     [("Performance", 2, "MEASUREMENT"), ("ECOG", 3, "MEASUREMENT")], ["Performance Status"]),
    ("Other Malignancies: History of other active malignancies",
     [("Malignancies", 1, "CONDITION"), ("malignancies", 1, "CONDITION")], ["Malignancies"]),
    # the title is the only name of what the body bounds: it stays
    ("Hemoglobin A1C: < 8 %", [("Hemoglobin", 2, "MEASUREMENT")], []),
    # the body names something of another kind: the title names its own concept
    ("Marrow: absolute neutrophil count >= 1.5",
     [("Marrow", 1, "CONDITION"), ("absolute", 3, "MEASUREMENT")], []),
    # sentence case before the colon is a lead-in, not a title
    ("History of diabetes: type 1 diabetes", [("diabetes", 1, "CONDITION"), ("type", 3, "CONDITION")], []),
    # no colon, no title
    ("Diabetes or type 1 diabetes", [("Diabetes", 1, "CONDITION"), ("type", 3, "CONDITION")], []),
])
def test_a_title_whose_body_names_its_concept_again_holds_no_entity(text, ents, dropped):
    doc = blank().make_doc(text)
    rule = load_entity_rules().restated_title
    assert [e.text for e in restated_title(doc[:], spans(doc, *ents), rule)] == dropped


@pytest.mark.parametrize(("text", "ents"), [
    ("Exclusion Criteria:\n* Other Malignancies: History of other active malignancies within 5 years.\n",
     ["malignancies"]),
    ("Inclusion Criteria:\n* Performance Status: ECOG Performance Status of 0 or 1.\n",
     ["ECOG Performance Status"]),
])
def test_the_pipeline_drops_a_restated_title(pipeline, text, ents):
    # the recognizer finds the title's words too ("Malignancies", "Performance Status")
    assert [e.text for e in pipeline(text).ents] == ents


def test_the_title_is_the_one_context_and_the_logic_read():
    """Each component keeps its own copy of the title definition (a saved pipeline reads only its
    own files); the shipped copies must describe the same title."""
    shape = {"max_tokens", "min_capitalized"}
    copies = [load_entity_rules().restated_title, load_context_rules().scope.lead_in_label,
              load_logic_rules().lead_in_label]
    assert len({tuple(sorted(c.model_dump(include=shape).items())) for c in copies}) == 1
