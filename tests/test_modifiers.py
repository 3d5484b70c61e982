"""criteria_modifiers: modifiers leave the entity's span and are recorded on it (the span
convention of annotations/README.md). Docs are built by hand: entities as a recognizer or the
lexicon would give them."""

import pytest

from nlp.pipeline import load


def graded(text: str, entity: str, label: str = "CONDITION"):
    """The entity spanning ``entity`` in text after criteria_modifiers: (text, [(modifier, kind)])."""
    pipeline = load(None)
    doc = pipeline.make_doc(text)
    start = text.index(entity)
    doc.ents = [doc.char_span(start, start + len(entity), label=label)]
    doc = pipeline.get_pipe("criteria_modifiers")(doc)
    [ent] = doc.ents
    return ent.text, [(text[m["start"]:m["end"]], m["kind"]) for m in ent._.modifiers]


@pytest.mark.parametrize(
    ("text", "entity", "expected"),
    [
        # a leading modifier leaves the span
        ("Uncontrolled hypertension", "Uncontrolled hypertension",
         ("hypertension", [("Uncontrolled", "stability")])),
        ("Active infection requiring therapy", "Active infection", ("infection", [("Active", "activity")])),
        ("Known active hepatitis B", "Known active hepatitis B",
         ("hepatitis B", [("Known", "certainty"), ("active", "activity")])),
        ("severe/unstable angina", "severe/unstable angina", ("unstable angina", [("severe", "severity")])),
        # a modifier written just before the entity is its modifier too, joined ones included
        ("Severe renal impairment", "renal impairment", ("renal impairment", [("Severe", "severity")])),
        ("severe or uncontrolled hypertension", "hypertension",
         ("hypertension", [("severe", "severity"), ("uncontrolled", "stability")])),
        ("clinically significant bleeding", "bleeding",
         ("bleeding", [("clinically significant", "severity")])),
        # modifiers before a coordination grade its last entity: a modifier as the first word of
        # a fixed name, or a one-word conjunct that is no entity, stands between
        ("severe/unstable angina", "unstable angina", ("unstable angina", [("severe", "severity")])),
        ("Known psychiatric or substance abuse disorders", "substance abuse disorders",
         ("substance abuse disorders", [("Known", "certainty")])),
        ("serious acute or chronic physical or psychiatric diseases", "psychiatric diseases",
         ("psychiatric diseases",
          [("serious", "severity"), ("acute", "acuteness"), ("chronic", "acuteness")])),
        ("renal or hepatic impairment", "hepatic impairment", ("hepatic impairment", [])),
        ("Known brain tumour or leptomeningeal disease", "leptomeningeal disease",
         ("leptomeningeal disease", [])),
        # a quantifier may stand between the modifiers and the entity
        ("Known additional malignancy", "malignancy", ("malignancy", [("Known", "certainty")])),
        ("severe other systemic disease", "systemic disease",
         ("systemic disease", [("severe", "severity")])),
        # a fixed name keeps its word; a word that is not a modifier is not one
        ("Chronic kidney disease", "Chronic kidney disease", ("Chronic kidney disease", [])),
        ("unstable angina", "unstable angina", ("unstable angina", [])),
        ("unstable angina pectoris", "unstable angina pectoris", ("unstable angina pectoris", [])),
        ("chronic kidney disease stage 4", "chronic kidney disease stage 4",
         ("chronic kidney disease stage 4", [])),
        # a joiner that leads to no modifier ends the trimming: nothing is left dangling
        ("stable and treated brain metastases", "stable and treated brain metastases",
         ("stable and treated brain metastases", [])),
        ("mild or moderate", "mild or moderate", ("mild or moderate", [])),
        ("Second primary malignancy", "Second primary malignancy", ("Second primary malignancy", [])),
        ("hepatitis B, severe", "hepatitis B", ("hepatitis B", [])),
        # a lone modifier is no entity to trim
        ("Severe", "Severe", ("Severe", [])),
    ],
)
def test_modifiers_leave_the_span(text, entity, expected):
    assert graded(text, entity) == expected


def test_a_modifier_inside_another_entity_is_not_taken():
    pipeline = load(None)
    text = "chronic pain hypertension"
    doc = pipeline.make_doc(text)
    doc.ents = [doc.char_span(0, 12, label="CONDITION"), doc.char_span(13, len(text), label="CONDITION")]
    doc = pipeline.get_pipe("criteria_modifiers")(doc)
    assert [(e.text, e._.modifiers) for e in doc.ents] == [("chronic pain", []), ("hypertension", [])]


def test_a_conjunct_that_is_an_entity_keeps_the_modifiers_its_own():
    pipeline = load(None)
    text = "severe pain or nausea"
    doc = pipeline.make_doc(text)
    doc.ents = [doc.char_span(7, 11, label="CONDITION"), doc.char_span(15, len(text), label="CONDITION")]
    doc = pipeline.get_pipe("criteria_modifiers")(doc)
    assert [(e.text, len(e._.modifiers)) for e in doc.ents] == [("pain", 1), ("nausea", 0)]


def test_modifiers_reach_the_output_with_offsets():
    from nlp import doc_to_document

    text = "Exclusion Criteria:\n- Uncontrolled hypertension"
    document = doc_to_document(load(None)(text), "t")
    [entity] = [e for c in document.criteria for e in c.entities]
    [modifier] = entity.modifiers
    assert (entity.text, modifier.kind, text[modifier.start:modifier.end]) == ("hypertension", "stability",
                                                                               "Uncontrolled")


def test_the_rules_travel_with_the_pipeline(tmp_path):
    pipeline = load(None)
    component = pipeline.get_pipe("criteria_modifiers")
    component.to_disk(tmp_path)
    assert type(component)(pipeline, "m").from_disk(tmp_path).rules == component.rules
