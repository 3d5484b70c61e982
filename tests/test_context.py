"""ConText on criteria: each trap of medspaCy's default rules has a case here.

The cases run on the rule components alone, so the targets are the lexicon's spans whatever the
trained recognizer would find."""

import pytest

from nlp import doc_to_document, load


def attrs(text, target, section="Exclusion"):
    doc = doc_to_document(load(None)(f"{section} Criteria:\n- {text}"), "input")
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
        ("Patient doesn't have diabetes", "diabetes", True),
        ("Unable receive chemotherapy", "chemotherapy", True),
        ("Use of warfarin is prohibited", "warfarin", True),
        ("Steroids are not allowed", "Steroids", True),
        ("Colonoscopy is not possible", "Colonoscopy", True),
        ("Lesions incompatible with melanoma", "melanoma", True),
        # what a cue denies is the relation, or nothing at all
        ("Brain metastases will be excluded", "Brain metastases", False),
        ("Chemotherapy with or without radiotherapy", "radiotherapy", False),
        ("No contraindication to MRI", "MRI", False),
        ("No plans for surgery", "surgery", False),
        ("Unable to understand the consent form", "consent", False),
        ("Procedures include but are not restricted to colonoscopy", "colonoscopy", False),
        ("Patients meeting not all of these criteria for Kawasaki disease", "Kawasaki disease", False),
        # one-target cues: the head of the noun phrase and the whole list
        ("No cholesterol medication", "medication", True),
        ("No cholesterol medication", "cholesterol", False),
        ("No radiographic evidence of lung metastases", "metastases", True),
        ("Not pregnant or nursing", "nursing", True),
        ("Does not suffer from anemia or diabetes", "diabetes", True),
        ("No hypertension; diabetes", "diabetes", False),
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


def test_a_cue_inside_an_entity_negates_nothing(pipeline):
    text = "Inclusion Criteria:\n- Do not resuscitate order or dementia"
    doc = pipeline.make_doc(text)
    for name in ("criteria_sections", "criteria_splitter"):
        doc = pipeline.get_pipe(name)(doc)
    doc.ents = [doc.char_span(text.index("Do"), text.index(" order"), label="OBSERVATION"),
                doc.char_span(text.index("dementia"), len(text), label="CONDITION")]
    doc = pipeline.get_pipe("criteria_context")(doc)
    assert [e._.negated for e in doc.ents] == [False, False]
