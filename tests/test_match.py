"""`criteria match`: each leaf kind against a patient record, the three-valued logic, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp
from nlp.cli import app
from nlp.match import facts_for, kleene, match
from nlp.match.facts import Finding
from nlp.rules import RESOURCES
from nlp.schema import Entity, Modifier, Patient, Threshold


@pytest.fixture(scope="module")
def facts(pipeline):
    return facts_for(pipeline)


def result(pipeline, facts, section: str, criterion: str, **record) -> str:
    heading = "Inclusion Criteria:" if section == "inclusion" else "Exclusion Criteria:"
    document = nlp.doc_to_document(pipeline(f"{heading}\n- {criterion}\n"), "t")
    line = match(facts, document, Patient(id="P", **record), "t")
    return line["criteria"][0]["result"]


def lab(name, value, unit=None, **limits):
    return {"measurements": [{"name": name, "value": value, "unit": unit, **limits}]}


CASES = [
    # unit conversion with the extraction's own normalizer
    ("inclusion", "Serum creatinine ≤ 1.5 mg/dL", lab("creatinine", 140, "µmol/L"), "fails"),
    ("inclusion", "Serum creatinine ≤ 1.5 mg/dL", lab("creatinine", 120, "µmol/L"), "passes"),
    ("inclusion", "Platelets ≥ 100 × 10^9/L", lab("platelets", 90000, "/µL"), "fails"),
    ("inclusion", "Platelets ≥ 100 × 10^9/L", lab("platelets", 150, "10^9/L"), "passes"),
    ("inclusion", "Hemoglobin ≥ 9 g/dL", lab("hemoglobin", 85, "g/L"), "fails"),
    ("inclusion", "Hemoglobin ≥ 9 g/dL", lab("Hb", 95, "g/L"), "passes"),  # an abbreviation
    ("inclusion", "Hemoglobin ≥ 9 g/dL", lab("hemoglobin", 9, "mmHg"), "unknown"),  # no conversion
    ("inclusion", "Hemoglobin ≥ 9 g/dL", lab("ferritin", 9, "g/dL"), "unknown"),  # another analyte
    ("inclusion", "Serum creatinine ≤ 1.5 mg/dL", lab("creatinine", "120", "µmol/L"), "passes"),  # a string
    # a multiple of the limit of normal needs the patient's limit
    ("exclusion", "AST or ALT > 3 × ULN", lab("ALT", 130, "U/L", uln=40), "fails"),
    ("exclusion", "AST or ALT > 3 × ULN", lab("ALT", 110, "U/L", uln=40), "unknown"),  # AST unstated
    ("exclusion", "AST or ALT > 3 × ULN", lab("ALT", 500, "U/L"), "unknown"),  # no uln
    ("inclusion", "ALT ≤ 1.5 × ULN", lab("ALT", 2.1, "U/L", uln=1.4), "passes"),  # 2.1 / 1.4 is 1.5
    # a group name bounds each of its members
    ("inclusion", "Transaminases ≤ 3 × ULN", lab("ALT", 130, "U/L", uln=40), "fails"),
    ("inclusion", "Transaminases ≤ 3 × ULN", lab("ALT", 110, "U/L", uln=40), "unknown"),  # AST unstated
    ("exclusion", "Transaminases > 3 × ULN", lab("AST", 130, "U/L", uln=40), "fails"),
    # scales compare as scales
    ("inclusion", "Child-Pugh class A", lab("Child-Pugh", "B8"), "fails"),
    ("inclusion", "Child-Pugh class A", lab("Child-Pugh", "A6"), "passes"),
    ("inclusion", "Child-Pugh score A5-B7", lab("Child-Pugh", "A6"), "passes"),
    ("inclusion", "Child-Pugh score A5-B7", lab("Child-Pugh", "B"), "unknown"),  # B7 in, B8 out
    ("inclusion", "Child-Pugh score A5-B7", lab("Child-Pugh", "C"), "fails"),
    ("inclusion", "Child-Pugh class A", lab("Child-Pugh", "b8"), "fails"),  # any case
    ("inclusion", "Child-Pugh class A", lab("Child-Pugh", "a6"), "passes"),
    ("inclusion", "Child-Pugh class A", lab("Child-Pugh", "X2"), "unknown"),  # not of the scale
    ("inclusion", "ECOG performance status 0-1", lab("ECOG", "1.0"), "passes"),
    ("inclusion", "ECOG performance status 0-1", lab("ECOG", 2), "fails"),
    ("inclusion", "ECOG performance status 0-1 or Karnofsky ≥ 70", lab("ECOG", 2) | {"measurements": [
        {"name": "ECOG", "value": 2}, {"name": "Karnofsky", "value": 80}]}, "passes"),
    ("exclusion", "NYHA class III or IV heart failure",
     lab("NYHA", "III") | {"conditions": ["heart failure"]}, "fails"),
    ("exclusion", "NYHA class III or IV heart failure",
     lab("NYHA", "II") | {"conditions": ["heart failure"]}, "passes"),
    # age, sex-specific bounds, pregnancy
    ("inclusion", "Age ≥ 18 years", {"age": 17}, "fails"),
    ("inclusion", "Age ≥ 18 years", {}, "unknown"),
    ("exclusion", "QTc prolongation (>450 ms in men, >470 ms in women)",
     {"sex": "male"} | lab("QTc", 460, "ms"), "fails"),
    ("exclusion", "QTc prolongation (>450 ms in men, >470 ms in women)",
     {"sex": "female"} | lab("QTc", 460, "ms"), "passes"),
    ("exclusion", "QTc prolongation (>450 ms in men, >470 ms in women)", lab("QTc", 460, "ms"), "unknown"),
    # a condition holds when the record names all of it: 'metastases' alone is not 'liver metastases'
    ("inclusion", "AST ≤ 2.5 × ULN (≤ 5 × ULN for patients with liver metastases)",
     lab("AST", 150, "U/L", uln=40) | {"conditions": ["liver metastases"]}, "passes"),
    ("inclusion", "AST ≤ 2.5 × ULN (≤ 5 × ULN for patients with liver metastases)",
     lab("AST", 150, "U/L", uln=40) | {"conditions": ["metastases"]}, "unknown"),
    ("exclusion", "Pregnant or breastfeeding", {"pregnant": True}, "fails"),
    ("exclusion", "Pregnant or breastfeeding", {"pregnant": False}, "unknown"),  # breastfeeding unstated
    # conditions, medications and procedures; negation and exceptions
    ("exclusion", "Known HIV infection", {"conditions": ["HIV infection"]}, "fails"),
    ("exclusion", "Known HIV infection", {"conditions": ["hypertension"]}, "unknown"),  # a partial record
    ("inclusion", "No ascites", {"conditions": ["ascites"]}, "fails"),
    ("exclusion", "History of malignancy except basal cell carcinoma of the skin",
     {"conditions": ["basal cell carcinoma"]}, "passes"),
    ("exclusion", "Prior treatment with sorafenib", {"medications": ["sorafenib"]}, "fails"),
    # nobody's record says
    ("inclusion", "Signed informed consent", {"age": 50}, "unknown"),
]


@pytest.mark.parametrize(("section", "criterion", "record", "expected"), CASES)
def test_each_leaf_kind(pipeline, facts, section, criterion, record, expected):
    assert result(pipeline, facts, section, criterion, **record) == expected



def condition_entity(text, expansion=None, modifiers=()):
    return Entity(label="CONDITION", text=text, start=0, end=len(text), polarity="exclusion",
                  expansion=expansion, modifiers=[Modifier(kind="activity", text=m, start=0, end=len(m))
                                                  for m in modifiers])


@pytest.mark.parametrize(("entity", "conditions", "expected"), [
    (condition_entity("DVT", "Deep vein thrombosis"), ["deep vein thrombosis"], True),
    (condition_entity("DVT"), ["deep vein thrombosis"], None),  # no definition in the document
    (condition_entity("DVT", "Deep vein thrombosis"), ["DVT"], True),  # the short form itself
    (condition_entity("DVT", "Deep vein thrombosis", ["active"]), ["deep vein thrombosis"], None),
    (condition_entity("DVT", "Deep vein thrombosis", ["active"]), ["active deep vein thrombosis"], True),
    (condition_entity("DVT", "Deep vein thrombosis"), ["thrombosis"], None),  # a fact holds all the words
])
def test_an_abbreviation_matches_by_its_expansion(facts, entity, conditions, expected):
    assert facts.entity(entity, Patient(id="P", conditions=conditions)).holds is expected


def kinded_entity(text, kind=None, modifier=None):
    mods = [Modifier(kind=kind, text=modifier, start=0, end=len(modifier))] if modifier else []
    return Entity(label="CONDITION", text=text, start=0, end=len(text), polarity="exclusion", modifiers=mods)


@pytest.mark.parametrize(("entity", "conditions", "index", "expected"), [
    # a class names its kinds, with the entity's other words
    (kinded_entity("malignancy"), ["breast cancer"], (), True),
    (kinded_entity("second primary malignant tumor"), ["a second primary malignancy"], (), True),
    (kinded_entity("second primary malignant tumor"), ["hepatocellular carcinoma"], (), None),
    (kinded_entity("organ transplantation"), ["kidney transplantation"], (), True),
    (kinded_entity("abdominal irradiation"), ["abdominal radiotherapy"], (), True),
    # ... but not the trial's own disease, which its inclusion criteria name
    (kinded_entity("malignancies"), ["lung cancer"], ("lung cancer",), None),
    (kinded_entity("malignancies"), ["lung cancer", "prostate cancer"], ("lung cancer",), True),
    (kinded_entity("malignancy"), ["malignancy"], ("malignancy",), None),  # the class itself
    (kinded_entity("cancers"), ["lung cancer"], ("lung cancer",), None),
    (kinded_entity("lung cancer"), ["lung cancer"], ("lung cancer",), True),  # no class: as written
    # a certainty is no part of what a fact must say; an activity is
    (kinded_entity("lung cancer", "certainty", "confirmed"), ["lung cancer"], (), True),
    (kinded_entity("hepatitis B", "activity", "active"), ["hepatitis B"], (), None),
])
def test_a_class_names_its_kinds(facts, entity, conditions, index, expected):
    assert facts.entity(entity, Patient(id="P", conditions=conditions), frozenset(index)).holds is expected


def test_an_exclusion_of_other_malignancies_leaves_the_trials_own_cancer_alone(pipeline, facts):
    text = ("Inclusion Criteria:\n- Patients with non-small cell lung cancer\nExclusion Criteria:\n"
            "- Other malignancies\n- Organ transplantation\n")
    document = nlp.doc_to_document(pipeline(text), "t")
    cancers = ["non-small cell lung cancer", "metastatic non-small cell lung cancer"]  # both the trial's
    record = Patient(id="P", conditions=cancers, procedures=["kidney transplantation"])
    line = match(facts, document, record, "t")
    assert [(c["id"], c["result"]) for c in line["criteria"]] == [
        ("inc-1", "passes"), ("exc-1", "unknown"), ("exc-2", "fails")]


def test_an_entity_matches_a_fact_of_any_list_of_the_record(facts):
    """The recognizer's label and the record's list may disagree: its own list is read first."""
    ent = Entity(label="CONDITION", text="portal vein embolization", start=0, end=24, polarity="inclusion")
    record = Patient(id="P", procedures=["preoperative portal vein embolization"])
    assert facts.entity(ent, record) == Finding(True, "procedures: preoperative portal vein embolization")
    assert facts.entity(ent, Patient(id="P", conditions=["portal vein thrombosis"])).holds is None


@pytest.mark.parametrize(("conditions", "expected"), [
    (["breast cancer"], "fails"),  # a malignancy no exception carves out
    (["basal cell carcinoma of the skin"], "passes"),
    (["basal cell carcinoma of the skin", "carcinoma in situ of the cervix"], "passes"),  # each carved out
    (["basal cell carcinoma of the skin", "breast cancer"], "fails"),
    (["hypertension"], "unknown"),  # no malignancy: the record does not say
])
def test_exceptions_are_read_against_the_facts_the_statement_holds_by(pipeline, facts, conditions, expected):
    criterion = ("History of malignancies, except for basal cell skin carcinoma and in situ carcinoma of "
                 "the cervix")
    assert result(pipeline, facts, "exclusion", criterion, conditions=conditions) == expected


def test_an_abbreviation_defined_in_another_criterion_matches_through_the_pipeline(pipeline, facts):
    text = "Exclusion Criteria:\n- Deep vein thrombosis (DVT) in the last year\n- DVT on anticoagulation\n"
    document = nlp.doc_to_document(pipeline(text), "t")
    record = Patient(id="P", conditions=["deep vein thrombosis"], procedures=["anticoagulation"])
    line = match(facts, document, record, "t")
    assert [(c["id"], c["result"]) for c in line["criteria"]] == [("exc-1", "fails"), ("exc-2", "fails")]

@pytest.mark.parametrize(("op", "values", "expected"), [
    ("and", [True, None], None), ("and", [False, None], False), ("and", [True, True], True),
    ("or", [False, None], None), ("or", [True, None], True), ("or", [False, False], False),
    ("not", [None], None), ("not", [True], False),
])
def test_kleene(op, values, expected):
    assert kleene(op, values) is expected


def test_verdict_and_registry_ages(pipeline, facts):
    text = "Inclusion Criteria:\n- Age ≥ 18 years\n- ECOG 0-1\n"
    document = nlp.doc_to_document(pipeline(text), "t", registry={
        "source": "clinicaltrials.gov", "minimum_age": "18 Years", "maximum_age": "75 Years", "sex": "ALL"})
    old = match(facts, document, Patient(id="old", age=80, measurements=[{"name": "ECOG", "value": 0}]), "t")
    assert old["verdict"] == "ineligible"
    assert [r["result"] for r in old["criteria"]] == ["fails", "passes", "passes"]
    assert old["criteria"][0]["id"] == "registry" and "age: 80" in old["criteria"][0]["reasons"][1]
    fit = match(facts, document, Patient(id="fit", age=60, measurements=[{"name": "ECOG", "value": 0}]), "t")
    assert fit["verdict"] == "eligible"
    assert match(facts, document, Patient(id="x", age=60), "t")["verdict"] == "undetermined"


def test_patient_json_schema_is_current():
    committed = json.loads((RESOURCES / "patient.schema.json").read_text(encoding="utf-8"))
    assert committed == Patient.model_json_schema(), (
        "regenerate with: criteria schema --patient -o nlp/resources/patient.schema.json")


def test_cli_json_lines_table_and_errors(tmp_path):
    trial = tmp_path / "trial.txt"
    trial.write_text("Inclusion Criteria:\n- Age ≥ 18 years\nExclusion Criteria:\n- Known HIV infection\n")
    young = tmp_path / "young.json"
    young.write_text(json.dumps({"id": "young", "age": 16, "conditions": ["HIV infection"]}))
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "b", "age": "old"}')
    runner = CliRunner()
    out = runner.invoke(app, ["match", str(trial), str(young), str(bad)])
    assert out.exit_code == 2
    line = json.loads(out.stdout.splitlines()[0])
    assert line["patient"] == "young" and line["verdict"] == "ineligible"
    assert [(c["id"], c["result"]) for c in line["criteria"]] == [("inc-1", "fails"), ("exc-1", "fails")]
    assert all(c["reasons"] for c in line["criteria"])
    assert "bad.json: not a patient record: age" in out.stderr and "Traceback" not in out.stderr
    table = runner.invoke(app, ["match", str(trial), str(young), "--table"])
    assert table.exit_code == 0 and "young" in table.stdout and "fails" in table.stdout
    missing = runner.invoke(app, ["match", str(tmp_path / "none.txt"), str(young)])
    assert missing.exit_code == 2 and "none.txt" in missing.stderr and "Traceback" not in missing.stderr


def test_an_extracted_document_is_a_trial(tmp_path, pipeline):
    document = nlp.doc_to_document(pipeline("Inclusion Criteria:\n- Age ≥ 18 years\n"), "t")
    path = tmp_path / "t.json"
    path.write_text(document.model_dump_json())
    patient = tmp_path / "p.json"
    patient.write_text(json.dumps({"id": "p", "age": 30}))
    out = CliRunner().invoke(app, ["match", str(path), str(patient)])
    assert out.exit_code == 0 and json.loads(out.stdout)["verdict"] == "eligible"


def test_seed_trial_reads_from_its_gold_file(pipeline):
    from nlp.match import load_trial

    root = Path(__file__).resolve().parents[1]
    document = load_trial(root / "annotations" / "seeds" / "NCT05349331.json", pipeline)
    assert document.id == "NCT05349331" and len(document.criteria) > 20


@pytest.mark.parametrize(("condition", "record", "expected"), [
    ("in men", {"sex": "male"}, True),
    ("in men", {"sex": "female"}, False),
    ("in men", {}, None),
    ("for patients with liver metastases", {"conditions": ["Liver metastasis"]}, True),
    ("for patients with liver metastases", {"conditions": ["liver"]}, None),  # the fact names part of it
    ("for patients without liver metastases", {"conditions": ["liver metastases"]}, None),  # denied
    ("in women with cirrhosis", {"sex": "female", "conditions": ["cirrhosis"]}, True),
    ("in women with cirrhosis", {"sex": "male", "conditions": ["cirrhosis"]}, False),
    ("in women with cirrhosis", {"sex": "female"}, None),  # the sex alone does not decide it
    ("in men and women", {"sex": "male"}, None),
])
def test_a_bounds_condition(facts, condition, record, expected):
    th = Threshold.model_construct(condition=condition)
    assert facts.condition(th, Patient(id="P", **record)).holds is expected


def test_scoring_a_folder_without_cases_or_with_a_bad_one_is_an_input_error(tmp_path, pipeline):
    from nlp.io import InputError
    from nlp.match.score import score_cases

    with pytest.raises(InputError, match="no matching case files"):
        score_cases(tmp_path, pipeline)
    (tmp_path / "bad.json").write_text('{"cases": []}', encoding="utf-8")
    with pytest.raises(InputError, match="bad.json: not a matching case file"):
        score_cases(tmp_path, pipeline)
