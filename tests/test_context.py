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
        # an outcome that failed denies neither the treatment nor the finding
        ("Patients who have not recovered from major surgery", "surgery", False),
        ("Hypertension not controlled by medication", "medication", False),
        ("Patients who have not responded to sorafenib", "sorafenib", False),
        ("Failure to recover from surgery", "surgery", False),
        ("Toxicities not resolved to grade 1", "Toxicities", False),
        ("Procedures include but are not restricted to colonoscopy", "colonoscopy", False),
        ("Patients meeting not all of these criteria for Kawasaki disease", "Kawasaki disease", False),
        # one-target cues: the head of the noun phrase and the whole list
        ("No cholesterol medication", "medication", True),
        ("No cholesterol medication", "cholesterol", False),
        ("No radiographic evidence of lung metastases", "metastases", True),
        ("Not pregnant or nursing", "nursing", True),
        ("Does not suffer from anemia or diabetes", "diabetes", True),
        ("No hypertension; diabetes", "diabetes", False),
        # a comma joins a list that a coordinator closes, read from either end
        ("No diabetes, hypertension, or asthma", "hypertension", True),
        ("No diabetes, hypertension, or asthma", "asthma", True),
        # a cue wrapped over two lines is one cue
        ("Drugs including, but not limited\n      to: warfarin", "warfarin", False),
        ("Chemotherapy is not\n      allowed", "Chemotherapy", True),
        # a member graded by its own modifier is still a member
        ("No diabetes, severe asthma or uncontrolled hypertension", "hypertension", True),
        ("No known HIV infection or active hepatitis B", "hepatitis B", True),
        ("Diabetes, hypertension or asthma are not allowed", "Diabetes", True),
        ("No ascites, albumin above 3 g/dL or bilirubin", "albumin", False),
        ("Patients must not participate unless they had hepatitis B", "hepatitis B", False),
        ("No brain metastases unless treated with radiotherapy", "brain metastases", True),
        # criteria constructs (issue 20): a treatment with its agent, tests that exclude, labels
        ("No prior treatment with anti-PD-1 antibodies", "anti-PD-1", True),
        ("No prior treatment with anti-PD-1 antibodies", "treatment", True),
        ("No treatment with any investigational drug", "investigational drug", True),
        ("No prior treatment with gemcitabine or cisplatin", "cisplatin", True),
        ("Unable to undergo the surgery with general anesthesia", "general anesthesia", False),
        ("Liver resection without portal vein embolization", "portal vein embolization", True),
        ("PET-CT to exclude distant metastasis", "distant metastasis", True),
        ("PET-CT to exclude distant metastasis", "PET-CT", False),
        ("CT to rule out brain metastases", "brain metastases", True),
        ("Diagnosis confirmed after exclusion of hepatitis B", "hepatitis B", True),
        ("Inability to Participate: Any medical condition that would interfere with MRI", "medical condition",
         False),
        ("Inability to Participate: Any medical condition that would interfere with MRI", "MRI", False),
        ("Inability to undergo: MRI or CT", "CT", True),
        ("No history of: stroke or diabetes", "diabetes", True),
        ("Any non-HCC malignancy", "HCC", False),
        ("Non-smoker", "smoker", True),
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
        ("Women planning pregnancy", "pregnancy", "hypothetical", True),
        ("Women planning a pregnancy during the study", "pregnancy", "hypothetical", True),
        ("Women planning on becoming pregnant", "pregnant", "hypothetical", True),
        ("Natural family planning or oral contraceptives", "oral contraceptives", "hypothetical", False),
        ("Natural family planning or oral contraceptives", "oral contraceptives", "family", False),
        ("Malignancy except basal cell carcinoma", "basal cell carcinoma", "exception", True),
        ("Malignancy except basal cell carcinoma", "Malignancy", "exception", False),
        ("Treatments other than TACE", "TACE", "exception", True),
        ("Malignancy with the exception of carcinoma in situ", "carcinoma in situ", "exception", True),
        ("Any other malignancy", "malignancy", "exception", False),
        ("Any non-HCC malignancy", "HCC", "exception", True),
        ("Any non-HCC malignancy", "malignancy", "exception", False),
        # a future reference point is not history; what happened in the past is
        ("Radiotherapy at least 7 days prior to SBRT", "SBRT", "historical", False),
        ("Hepatocellular carcinoma was diagnosed in the past", "Hepatocellular carcinoma", "historical",
         True),
        ("Patients previously treated with sorafenib", "sorafenib", "historical", True),
        ("Prior chemotherapy", "chemotherapy", "historical", True),
        ("Carcinoma of the skin that has undergone curative therapy", "therapy", "historical", True),
        ("Patients who underwent liver transplantation", "liver transplantation", "historical", True),
        ("Patients scheduled to undergo liver transplantation", "liver transplantation", "historical",
         False),
        # a window that reaches back from now, or from a reference point, holds past events
        ("Myocardial infarction within the previous 6 months", "Myocardial infarction", "historical", True),
        ("Major surgery in the last 4 weeks", "surgery", "historical", True),
        ("Major surgery in the\n      last 4 weeks", "surgery", "historical", True),
        ("During the past year: stroke", "stroke", "historical", True),
        ("Active hepatitis B, stroke in the last 6 months", "hepatitis B", "historical", False),
        ("Stroke within 6 months prior to enrollment", "Stroke", "historical", True),
        ("Stroke within 6 months prior to SBRT", "SBRT", "historical", False),
        ("Stroke, asthma, or diabetes within 6 months prior to enrollment", "Stroke", "historical", True),
        ("Patients who have not recovered from major surgery", "surgery", "historical", True),
        ("Failure to respond to sorafenib", "sorafenib", "historical", True),
        # an exception is a case of the class it is carved out of and keeps its time, not its negation
        ("History of malignancy, except for basal cell carcinoma", "basal cell carcinoma", "historical",
         True),
        ("No history of malignancy except basal cell carcinoma", "basal cell carcinoma", "negated", False),
        ("Prior chemotherapy other than sorafenib", "sorafenib", "historical", True),
        ("Family history of cancer other than basal cell carcinoma", "basal cell carcinoma", "family", True),
        ("Malignancy except basal cell carcinoma", "basal cell carcinoma", "historical", False),
    ],
)
def test_other_attributes(text, target, attr, value):
    assert getattr(attrs(text, target), attr) is value


def test_a_bullet_is_no_suffix_cue():
    """'-  Free of' opens an LCT item: the bullet's hyphen and 'Free' are not the suffix '-free' of
    'drug-free', which a line break would otherwise let through."""
    doc = load(None)("Inclusion Criteria:\n  -  Free of chronic disease\n")
    assert [(e.text, e._.negated) for e in doc.ents] == [("disease", True)]


def test_a_cue_inside_an_entity_negates_nothing(pipeline):
    text = "Inclusion Criteria:\n- Do not resuscitate order or dementia"
    doc = pipeline.make_doc(text)
    for name in ("criteria_sections", "criteria_splitter"):
        doc = pipeline.get_pipe(name)(doc)
    doc.ents = [doc.char_span(text.index("Do"), text.index(" order"), label="OBSERVATION"),
                doc.char_span(text.index("dementia"), len(text), label="CONDITION")]
    doc = pipeline.get_pipe("criteria_context")(doc)
    assert [e._.negated for e in doc.ents] == [False, False]


def negated_in(pipeline, text: str, spans: list[tuple[str, str]], attr: str = "negated") -> list[bool]:
    """Negation (or ``attr``) of hand-placed entities (text, label) in one inclusion criterion."""
    text = f"Inclusion Criteria:\n- {text}"
    doc = pipeline.make_doc(text)
    for name in ("criteria_sections", "criteria_splitter"):
        doc = pipeline.get_pipe(name)(doc)
    starts = [text.index(words) for words, _ in spans]
    doc.ents = [doc.char_span(start, start + len(words), label=label)
                for start, (words, label) in zip(starts, spans, strict=True)]
    doc = pipeline.get_pipe("criteria_context")(doc)
    return [getattr(e._, attr) for e in doc.ents]


@pytest.mark.parametrize(
    ("text", "spans", "negated"),
    [
        # a word that carries its own negating prefix is its own cue
        ("Untreated brain metastases", [("Untreated", "PROCEDURE"), ("brain metastases", "CONDITION")],
         [True, False]),
        ("Previously treated brain metastases", [("treated", "PROCEDURE"), ("brain metastases", "CONDITION")],
         [False, False]),
        # 'non-' on a premodifier of another kind denies it; of its own kind it carves it out
        ("Non-pregnant women", [("pregnant", "OBSERVATION"), ("women", "DEMOGRAPHIC")], [True, False]),
        ("Any non-HCC malignancy", [("HCC", "CONDITION"), ("malignancy", "CONDITION")], [False, False]),
        # a determiner may stand between list members; a catch-all closes the list before it
        ("No CNS metastases or a primary CNS tumor",
         [("CNS metastases", "CONDITION"), ("primary CNS tumor", "CONDITION")], [True, True]),
        ("No diabetes, hypertension or any other chronic disease",
         [("diabetes", "CONDITION"), ("hypertension", "CONDITION"), ("chronic disease", "CONDITION")],
         [True, True, False]),
        # a cue inside an entity is no cue and ends no other cue's scope
        ("No serious or non-healing wound, ulcer, or bone fracture",
         [("non-healing wound", "CONDITION"), ("ulcer", "CONDITION"), ("bone fracture", "CONDITION")],
         [True, True, True]),
        ("No response with medical treatment",
         [("response", "OBSERVATION"), ("medical treatment", "PROCEDURE")], [True, False]),
        # the event a statement is placed at is not what a negation denies
        ("Inability to follow-up after surgery", [("surgery", "PROCEDURE")], [False]),
        ("Not speaking English before age 5 years", [("age", "DEMOGRAPHIC")], [False]),
        ("No chemotherapy prior to enrollment or radiotherapy",
         [("chemotherapy", "PROCEDURE"), ("radiotherapy", "PROCEDURE")], [True, False]),
        ("Chemotherapy before 2020 is not allowed", [("Chemotherapy", "PROCEDURE")], [True]),
    ],
)
def test_negation_of_placed_entities(pipeline, text, spans, negated):
    assert negated_in(pipeline, text, spans) == negated


@pytest.mark.parametrize(
    ("text", "spans", "attr", "values"),
    [
        # the persons before a modal are the population a criterion is conditioned on
        ("Women of childbearing potential must use contraception",
         [("Women", "DEMOGRAPHIC"), ("childbearing potential", "DEMOGRAPHIC"),
          ("contraception", "PROCEDURE")], "hypothetical", [True, True, False]),
        ("Patients with diabetes must have HbA1c below 8%", [("diabetes", "CONDITION")], "hypothetical",
         [False]),
        # ... while it shares the statement's time
        ("Willing to use contraception through 30 days after radiotherapy",
         [("contraception", "PROCEDURE"), ("radiotherapy", "PROCEDURE")], "hypothetical", [True, True]),
        # a full stop ends a cue's scope
        ("Have received chemotherapy. Acceptable combinations include cisplatin",
         [("chemotherapy", "PROCEDURE"), ("cisplatin", "DRUG")], "historical", [True, False]),
    ],
)
def test_attributes_of_placed_entities(pipeline, text, spans, attr, values):
    assert negated_in(pipeline, text, spans, attr) == values


def entities_under(text: str) -> dict[str, dict]:
    document = doc_to_document(load(None)(text), "input")
    return {e.text: {"negated": e.negated, "historical": e.historical, "polarity": e.polarity}
            for c in document.criteria for e in c.entities}


@pytest.mark.parametrize(
    ("header", "section", "target", "attrs"),
    [
        ("Patients must not have:", "Inclusion", "hepatitis B",
         {"negated": True, "historical": False, "polarity": "exclusion"}),
        ("None of the following:", "Inclusion", "hepatitis B",
         {"negated": True, "historical": False, "polarity": "exclusion"}),
        ("History of any of the following:", "Inclusion", "hepatitis B",
         {"negated": False, "historical": True, "polarity": "inclusion"}),
        # under Exclusion Criteria a negated header restates the section: its items exclude
        ("None of the following criteria must be fulfilled:", "Exclusion", "hepatitis B",
         {"negated": False, "historical": False, "polarity": "exclusion"}),
        # of a header's cues, the one still open at the colon covers the sub-items
        ("No stroke, and none of:", "Inclusion", "hepatitis B",
         {"negated": True, "historical": False, "polarity": "exclusion"}),
        # a cue inside an entity of the header is no cue
        ("Non-small cell lung cancer with:", "Inclusion", "hepatitis B",
         {"negated": False, "historical": False, "polarity": "inclusion"}),
        ("Adequate organ function:", "Inclusion", "hepatitis B",
         {"negated": False, "historical": False, "polarity": "inclusion"}),
        ("Patients who have not had hepatitis C, with:", "Inclusion", "hepatitis B",
         {"negated": False, "historical": False, "polarity": "inclusion"}),
    ],
)
def test_a_header_cue_scopes_over_its_sub_items(header, section, target, attrs):
    text = f"{section} Criteria:\n1. {header}\n   a. active hepatitis B\n   b. cirrhosis\n2. Age 18 or older"
    found = entities_under(text)
    assert found[target] == attrs
    assert found["cirrhosis"] == attrs  # every sub-item


@pytest.mark.parametrize(
    ("text", "target", "cue_rules"),
    [
        ("No history of stroke", "stroke", {"negated": "neg-no", "historical": "hist-history-of"}),
        ("History of malignancy, except for basal cell carcinoma", "basal cell carcinoma",
         {"exception": "exc-except-for", "historical": "scope-exception-inherits"}),
        ("Hepatocellular carcinoma", "Hepatocellular carcinoma", None),
    ],
)
def test_each_attribute_names_the_rule_that_set_it(text, target, cue_rules):
    doc = load(None)(f"Exclusion Criteria:\n- {text}")
    assert next(e for e in doc.ents if e.text == target)._.cue_rules == cue_rules
