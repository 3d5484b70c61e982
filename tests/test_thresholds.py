"""Threshold parsing, table-driven, with real criteria text (seed pages and LCT) as cases."""

import pytest
from threshold_text import parse_thresholds

from nlp.rules import load_analytes, load_threshold_rules
from nlp.thresholds import Grammar, Mention


@pytest.fixture(scope="module")
def grammar():
    analytes = load_analytes()
    return Grammar(load_threshold_rules(analytes=analytes), analytes)


def parse(grammar, text, section="inclusion"):
    found = parse_thresholds(grammar, text, section, [])
    for t in found:
        assert text[t["start"]:t["end"]] == t["text"]
        if t["analyte"]:
            assert text[t["analyte"]["start"]:t["analyte"]["end"]] == t["analyte"]["text"]
    return [(t["analyte"]["text"] if t["analyte"] else None, t["comparator"], t["value"], t["upper"],
             t["values"], t["relative_to"]) for t in found]


@pytest.mark.parametrize(("text", "expected"), [
    # comparators as symbols and words
    ("AFP≥400ug/L before initial treatment", [("AFP", ">=", 400.0, None, None, None)]),
    ("Performance status \\> 2", [("Performance status", ">", 2.0, None, None, None)]),
    ("creatinine > 2.0 mg/dl", [("creatinine", ">", 2.0, None, None, None)]),
    ("Serum creatinine less than 1.5 times the upper limit of normal (ULN)",
     [("Serum creatinine", "<", 1.5, None, None, "ULN")]),
    ("hemoglobin no less than 9 g/dL", [("hemoglobin", ">=", 9.0, None, None, None)]),
    ("18 years of age or older", [("age", ">=", 18.0, None, None, None)]),
    # ranges and lists
    ("Single nodule, 3 to 8 cm of largest diameter",
     [("nodule", "=", 1.0, None, None, None), ("largest diameter", "between", 3.0, 8.0, None, None)]),
    ("gingival recessions ≥ 2 mm of depth", [("gingival recessions", ">=", 2.0, None, None, None)]),
    ("Patients aged 18-75 years", [("aged", "between", 18.0, 75.0, None, None)]),
    ("between 18 and 75 years of age", [("age", "between", 18.0, 75.0, None, None)]),
    ("ECOG score 0-1", [("ECOG score", "between", 0.0, 1.0, None, None)]),
    ("ECOG performance status 0 or 1", [("ECOG performance status", "in", None, None, [0.0, 1.0], None)]),
    ("Age > 18 years, < 80 years", [("Age", "between", 18.0, 80.0, None, None)]),
    # numbers and powers of ten
    ("platelets ≥50×109/L", [("platelets", ">=", 50.0, None, None, None)]),
    ("platelets ≥ 100 000/mm3", [("platelets", ">=", 100000.0, None, None, None)]),
    ("platelets ≥ 100,000/mm3", [("platelets", ">=", 100000.0, None, None, None)]),
    ("absolute neutrophil count ≥ 1.5 x 10^9/L",
     [("absolute neutrophil count", ">=", 1.5, None, None, None)]),
    # reference limits and conditional overrides
    ("total bilirubin ≤3× institutional upper limit of normal (ULN)",
     [("total bilirubin", "<=", 3.0, None, None, "ULN")]),
    ("AST(aspartate aminotransferase) or ALT(alanine aminotransferase) ≤ 5× institutional ULN",
     [("AST(aspartate aminotransferase)", "<=", 5.0, None, None, "ULN"),
      ("ALT(alanine aminotransferase)", "<=", 5.0, None, None, "ULN")]),
    ("AST ≤ 3 × ULN (≤ 5 × ULN for patients with liver metastases)",
     [("AST", "<=", 3.0, None, None, "ULN"), ("AST", "<=", 5.0, None, None, "ULN")]),
    ("AFP ≤ the upper limit of the normal value", [("AFP", "<=", 1.0, None, None, "ULN")]),
    ("Potassium ≥ LLN", [("Potassium", ">=", 1.0, None, None, "LLN")]),
    ("TSH below upper normal limit", [("TSH", "<", 1.0, None, None, "ULN")]),
    # scales
    ("Child-Pugh class A and B7", [("Child-Pugh class", "in", None, None, ["A", "B7"], None)]),
    ("Postoperative Child-Pugh score A5-B7",
     [("Child-Pugh score", "in", None, None, ["A5", "A6", "B7"], None)]),
    ("Child-Pugh B7-C10", [("Child-Pugh", "in", None, None, ["B7", "B8", "B9", "C10"], None)]),
    ("Child-Pugh A-B cirrhosis", [("Child-Pugh", "in", None, None, ["A", "B"], None)]),
    ("BCLC stage 0-A hepatocellular carcinoma", [("BCLC stage", "in", None, None, ["0", "A"], None)]),
    ("R0/R1 resection", [("resection", "in", None, None, ["R0", "R1"], None)]),
    ("R0 resection of the primary tumour", [("resection", "=", "R0", None, None, None)]),
    ("NYHA class III or IV", [("NYHA class", "in", None, None, ["III", "IV"], None)]),
    # time windows and bare numbers
    ("Previous anticancer therapy within the last 5 years", [(None, "<=", 5.0, None, None, None)]),
    ("HIV-1 infection, CYP3A4 inhibitors", []),
    # comparator spellings seen in LCT
    ("Age equal or above 18 years", [("Age", ">=", 18.0, None, None, None)]),
    ("Age > or = to 65 years", [("Age", ">=", 65.0, None, None, None)]),
    ("Age＜18 years, or age＞80 years.", [("Age", "<", 18.0, None, None, None),
                                          ("age", ">", 80.0, None, None, None)]),
    ("T-score ⩽ -3", [("T-score", "<=", -3.0, None, None, None)]),
    ("life expectancy shorter than 6 months", [("life expectancy", "<", 6.0, None, None, None)]),
    ("Age 16+", [("Age", ">=", 16.0, None, None, None)]),
    ("Patients under the age of 18", [("age", "<", 18.0, None, None, None)]),
    ("Age between 20 years old and 65 years old", [("Age", "between", 20.0, 65.0, None, None)]),
    ("Patients aged ≥18, and <80 years", [("aged", "between", 18.0, 80.0, None, None)]),
    ("patients <18", [("patients", "<", 18.0, None, None, None)]),
    # decimal comma, units with a space after the slash
    ("blood glucose ≥ 6,1 mmol/ l", [("blood glucose", ">=", 6.1, None, None, None)]),
    # blood pressure pairs: a systolic and a diastolic bound
    ("uncontrolled hypertension (BP > 160/100 mmHg)", [("BP", ">", 160.0, None, None, None),
                                                       ("BP", ">", 100.0, None, None, None)]),
    # an analyte after the value, or on a named scale; an abbreviation joins its analyte
    ("Hypertension (≥140 mmHg systolic and/or ≥90 mmHg diastolic)",
     [("systolic", ">=", 140.0, None, None, None), ("diastolic", ">=", 90.0, None, None, None)]),
    ("preoperative hemoglobin (HB) >13 g/dl", [("hemoglobin (HB)", ">", 13.0, None, None, None)]),
    ("total body surface area (TBSA) > 10%", [("total body surface area (TBSA)", ">", 10.0, None, None,
                                               None)]),
    ("BMI <20 or >35 kg/m2", [("BMI", "<", 20.0, None, None, None), ("BMI", ">", 35.0, None, None, None)]),
    # the analyte of the value before goes on across a parenthetical, a person, a range note
    ("Cyclophosphamide + TBI (> 500 cGy (single) or > 800 cGy (fractionated))",
     [("TBI", ">", 500.0, None, None, None), ("TBI", ">", 800.0, None, None, None)]),
    ("severe renal disease (Cr >2.5 mg/dL [men], >2.0 mg/dL [women])",
     [("Cr", ">", 2.5, None, None, None), ("Cr", ">", 2.0, None, None, None)]),
    ("UAS7 score (range 0-42) ≥16", [("UAS7 score", "between", 0.0, 42.0, None, None),
                                      ("UAS7 score", ">=", 16.0, None, None, None)]),
    # an open-vocabulary analyte with its abbreviation, or named right after the quantity
    ("clinical attachment level (CAL) ≥ 5mm", [("clinical attachment level (CAL)", ">=", 5.0, None, None,
                                                None)]),
    ("Presence of at least 4 sites with at least 6 mm probing depth",
     [("sites", ">=", 4.0, None, None, None), ("probing depth", ">=", 6.0, None, None, None)]),
    ("Relapsed disease will be defined as 5% or more blasts in bone marrow",
     [("blasts", ">=", 5.0, None, None, None)]),
    ("FEV1 < 50% predicted", [("FEV1", "<", 50.0, None, None, None)]),
    # a lexicon analyte a clause back gives way to the words right before the value
    ("known platelet dysfunction syndrome, critical thrombocytopenia (<50,000/ul)",
     [("critical thrombocytopenia", "<", 50000.0, None, None, None)]),
    ("clinical attachment level (CAL) ≥8 mm and at least 4 mm intrabony component",
     [("clinical attachment level (CAL)", ">=", 8.0, None, None, None),
      ("intrabony component", ">=", 4.0, None, None, None)]),
    ("colorectal lesions of 10-25 mm size", [("colorectal lesions", "between", 10.0, 25.0, None, None)]),
    ("resting heart rate\n     45-100 beats per minute", [("resting heart rate", "between", 45.0, 100.0, None,
                                                           None)]),
    ("Male or female subjects ≥ 12 to < 18 years of age", [("age", "between", 12.0, 18.0, None, None)]),
    ("Children age 4 to < 17 years", [("age", "between", 4.0, 17.0, None, None)]),
    # visual acuity and gestational weeks written as fractions are no ranges of their parts
    ("best-corrected visual acuity (BCVA) ranging from 20/40 to 20/320 Snellen equivalent", []),
    ("16 0/7 to 22 0/7 weeks of gestation", []),
    # a value with no comparator is '=': after a lexicon analyte, or a multiple of a limit
    ("Clinical tumour stage T2, or PSA 20 ng/ml", [("PSA", "=", 20.0, None, None, None)]),
    ("Haemoglobin (Hb) ≥10mg/dL (Hct 32%)", [("Haemoglobin (Hb)", ">=", 10.0, None, None, None),
                                            ("Hct", "=", 32.0, None, None, None)]),
    ("AST and ALT three times the upper limit of normal", [("AST", "=", 3.0, None, None, "ULN"),
                                                           ("ALT", "=", 3.0, None, None, "ULN")]),
    ("HbA1c 7-10%", [("HbA1c", "between", 7.0, 10.0, None, None)]),
    ("induction chemotherapy (i.e. ECOG 2993 or similar regimen)", []),
    ("Normal cognition defined as a Clinical Dementia Rating of 0 and a normal MMSE",
     [("Clinical Dementia Rating", "=", 0.0, None, None, None)]),
    ("Gleason score 7, or", [("Gleason score", "=", 7.0, None, None, None)]),
    ("(score >20 from Alcohol and Health Questionnaire 8)",
     [("Alcohol and Health Questionnaire", ">", 20.0, None, None, None)]),
    ("ALT more than twice the highest reference value", [("ALT", ">", 2.0, None, None, "ULN")]),
    # not quantities: a sample size, clock times, groups named by numbers
    ("degenerative scoliosis (n=20)", []),
    ("Ongoing night-shift work (22:00-6:00)", []),
    ("treatment of osteoarthritis (Patient groups 1+2)", []),
    ("Haemoglobin equal to or greater than100 g/L", [("Haemoglobin", ">=", 100.0, None, None, None)]),
    # a comparator before the scale's name
    ("Co-morbidity >ASA II", [("ASA", ">", "II", None, None, None)]),
    ("heart failure greater than NYHA 2", [("NYHA", ">", "II", None, None, None)]),
    # two age bounds, each with its own age word, are one range
    ("Age ≥18 years old and age ≤80years old", [("Age", "between", 18.0, 80.0, None, None)]),
    ("The patient is at least 18 years old (≥) and under 90 years old (<)",
     [("old", "between", 18.0, 90.0, None, None)]),
    ("MG-ADL profile must be ≥ 6 at screening", [("MG-ADL profile", ">=", 6.0, None, None, None)]),
    ("a score of 24 or above on the MMSE", [("MMSE", ">=", 24.0, None, None, None)]),
    ("severe neuropatic pain rated at least 5 on the 10-point numerical rating scale",
     [("10-point numerical rating scale", ">=", 5.0, None, None, None)]),
    ("a score > 1 or < -1 on the Richmond Agitation and Sedation Scale",
     [("Richmond Agitation and Sedation Scale", ">", 1.0, None, None, None),
      ("Richmond Agitation and Sedation Scale", "<", -1.0, None, None, None)]),
    ("moderate pain during the last week (> 3 on a 0-10 pain intensity numeric scale)",
     [("0-10 pain intensity numeric scale", ">", 3.0, None, None, None)]),
    ("smoking an average ≥ 5 cigarettes per day", [("smoking", ">=", 5.0, None, None, None)]),
    ("AMMI (<7 kg/m^2 in men; <5.7 kg/m^2 in women)",
     [("AMMI", "<", 7.0, None, None, None), ("AMMI", "<", 5.7, None, None, None)]),
    # instruments named around a bare 'score'
    ("Telephone Interview for Cognitive Status (TICS) score ≤20",
     [("Cognitive Status (TICS) score", "<=", 20.0, None, None, None)]),
    ("ongoing: arrhythmia of grade ≥2 by NCI-CTCAE criteria", [("arrhythmia of grade", ">=", 2.0, None, None,
                                                                 None)]),
    ("AEs not resolved to Grade ≤ 1", [("Grade", "<=", 1.0, None, None, None)]),
    ("Inadequate bowel preparation (Boston Bowel Prep Scale, total score ≤2)",
     [("Boston Bowel Prep Scale, total score", "<=", 2.0, None, None, None)]),
    ("A baseline score of greater than 5 on the Roland-Morris Disability Questionnaire",
     [("Roland-Morris Disability Questionnaire", ">", 5.0, None, None, None)]),
    ("low mood as indicated by a 5 or greater on the Geriatric Depression Scale (GDS)",
     [("Geriatric Depression Scale", ">=", 5.0, None, None, None)]),
    ("a score of 2 or greater on the speech question of the ALSFRS-R (i.e. speech is intelligible)",
     [("speech question of the ALSFRS-R", ">=", 2.0, None, None, None)]),
    ("BMI ≥18,5 and ≤27,5", [("BMI", "between", 18.5, 27.5, None, None)]),
    ("Body Mass Index > 39,99", [("Body Mass Index", ">", 39.99, None, None, None)]),
    # units beyond labs
    ("Gait speed <1 m/s", [("Gait speed", "<", 1.0, None, None, None)]),
    ("liver stiffness ≥10 kPa", [("liver stiffness", ">=", 10.0, None, None, None)]),
    ("PEEP ≤8cmH2O", [("PEEP", "<=", 8.0, None, None, None)]),
    ("LVMi ≥109 g/m²", [("LVMi", ">=", 109.0, None, None, None)]),
    # scale spellings
    ("ASA physical status >II", [("ASA physical status", ">", "II", None, None, None)]),
    ("ASA status 1,2", [("ASA status", "in", None, None, ["I", "II"], None)]),
    ("Patients with ASA status IV, V, or VI", [("ASA status", "in", None, None, ["IV", "V", "VI"], None)]),
    # an abbreviation and its expansion before one category: one threshold, on the first name
    ("American society of anesthesiologist (ASA)class III-IV",
     [("American society of anesthesiologist", "between", "III", "IV", None, None)]),
    ("New York heart association (NYHA) Class Ⅲ-Ⅳ",
     [("New York heart association", "between", "III", "IV", None, None)]),
])
def test_parse(grammar, text, expected):
    assert parse(grammar, text) == expected


def test_units_are_converted_to_the_analyte_unit(grammar):
    [hb] = parse_thresholds(grammar, "hemoglobin ≥ 9 g/dL", "inclusion", [])
    assert hb["normalized"]["unit"] == "g/L" and hb["normalized"]["value"] == pytest.approx(90)
    [cr] = parse_thresholds(grammar, "creatinine > 2.0 mg/dl", "inclusion", [])
    assert cr["normalized"]["value"] == pytest.approx(176.8, abs=0.1)
    [plt] = parse_thresholds(grammar, "platelets ≥ 100 000/mm3", "inclusion", [])
    assert plt["normalized"]["value"] == pytest.approx(100) and plt["normalized"]["unit"] == "1e9/L"
    [anc] = parse_thresholds(grammar, "neutrophils>1.5×109/L", "inclusion", [])
    assert anc["normalized"]["value"] == pytest.approx(1.5)


@pytest.mark.parametrize(("text", "value", "unit"), [
    # an ion's milliequivalents by its charge; an enzyme's international unit is its unit;
    # a hormone's IU/L is its mIU/mL
    ("Hyperkalemia (serum potassium >5.5 mEq/L)", 5.5, "mmol/L"),
    ("serum magnesium < 1.2 mEq/L", 0.6, "mmol/L"),
    ("AST ≤ 40 IU/L", 40.0, "U/L"),
    ("FSH within normal limits (1-12 IU/l)", 1.0, "mIU/mL"),
    ("Body mass index 18.5-29.9 kg∙m-2", 18.5, "kg/m^2"),
    ("Body mass index (BMI) of 25-40 kilograms per square meter", 25.0, "kg/m^2"),
])
def test_analyte_aware_and_written_out_units_convert(grammar, text, value, unit):
    [found] = parse_thresholds(grammar, text, "inclusion", [])
    assert found["normalized"]["value"] == pytest.approx(value) and found["normalized"]["unit"] == unit


@pytest.mark.parametrize("text", [
    "BUN > 10 mEq/L",  # milliequivalents of an analyte without a charge
    "AST > 150 IU/mL",  # an enzyme in international units at another scale: likely a slip for IU/L
])
def test_analyte_aware_conversions_are_refused_outside_their_reach(grammar, text):
    [found] = parse_thresholds(grammar, text, "inclusion", [])
    assert found["normalized"] is None and "cannot convert" in found["normalization_error"]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Small ASD with Qp/Qs <1.5:1 or no significant shunt", 1.5, ":1"),  # a ratio's second term
    ("Pain intensity > 4/10", 4.0, "/10"),
    ("quit smoking ≥ 5 out of 10", 5.0, "out of 10"),
    ("EFW < 10th percentile for gestational age", 10.0, "th percentile"),
    ("uncontrolled hypertension (BP > 160/100 mmHg)", 160.0, "mmHg"),
])
def test_scale_maximum_and_rank_are_units_not_bounds(grammar, text, value, unit):
    first = parse_thresholds(grammar, text, "inclusion", [])[0]
    assert (first["value"], first["unit"]) == (value, unit)


def test_a_conversion_without_justification_is_refused(grammar):
    [hbv] = parse_thresholds(grammar, "HBV DNA < 2000 copies/mL", "inclusion", [])
    assert hbv["normalized"] is None and "cannot convert" in hbv["normalization_error"]


def test_exclusion_requirement_is_the_complement(grammar):
    [ps] = parse_thresholds(grammar, "Performance status > 2", "exclusion", [])
    assert ps["requirement"] == {"comparator": "<=", "value": 2.0, "upper": None, "values": None}
    [age] = parse_thresholds(grammar, "aged 18-75 years", "exclusion", [])
    assert age["requirement"]["comparator"] == "outside"


def test_conditional_override_keeps_its_condition(grammar):
    found = parse_thresholds(grammar, "AST ≤ 3 × ULN (≤ 5 × ULN for patients with liver metastases)",
                             "inclusion", [])
    assert [t["condition"] for t in found] == [None, "for patients with liver metastases"]


@pytest.mark.parametrize(("text", "kinds"), [
    ("Duration of diabetes ≥ 6 months", [("duration", "diabetes")]),
    ("QTc > 450 ms", [("measurement", "QTc")]),
    ("Life expectancy > 3 months", [("measurement", "Life expectancy")]),
    ("women over 50 years", [("age", "women")]),
    ("Participants must be ≥ 18", [("age", "Participants")]),
    ("two or more episodes of syncope", [("count", "episodes")]),
    ("Drinking more than 2 alcoholic drinks per day", [("measurement", "Drinking")]),
    ("prednisone at doses >10 mg/day", [("dose", "doses")]),
    ("Busulfan (Total dose > 7.2 mg/kg IV or >9.0 mg/kg orally)",
     [("dose", "Total dose"), ("dose", "Total dose")]),
    ("Children must have a body weight ≥ 20 kg", [("measurement", "body weight")]),
    ("Chronic Kidney Disease stage 1-5", [("stage", "Chronic Kidney Disease stage")]),
    ("Diabetes mellitus (type 1 or 2)", [("stage", "type")]),
    ("NYHA class III or IV", [("measurement", "NYHA class")]),
    ("knee osteoarthritis stage <2 on the Kellgren Laurence scale",
     [("measurement", "Kellgren Laurence scale")]),
    ("currently using electronic cigarettes more than 2 days/week", [("count", "days")]),
    ("Age 13-17 years or 18-20 if still living at home", [("age", "Age"), ("age", "Age")]),
    ("Smokers (Less than 20 cigars/day)", [("measurement", "Smokers")]),
    ("Nursing home residents with ≥2 of the following risk factors", [("count", None)]),
    ("≥2 of 6 CAPS typical signs/symptoms", [("count", None)]),
    ("One or more of the laboratory findings, out of range", [("count", "laboratory findings")]),
    ("defined as two or more prior episodes of service contact", [("count", "episodes")]),
    ("<30 or >69 years old", [("age", "old"), ("age", "old")]),
    ("Subjects with a minimum of 1 and a maximum of 12 primary anterior teeth",
     [("count", "primary anterior teeth")]),
    ("Smokers (Less than 20 cigarettes/day)", [("measurement", "Smokers")]),
    ("at least 7 days prior to SBRT", [("time_window", "SBRT")]),
    ("Two consecutive imaging assessments (one month apart)", [("count", "imaging assessments"),
                                                                ("time_window", None)]),
    ("Had moderate or severe ascites with obvious symptoms 4 months after surgery",
     [("time_window", "surgery")]),
    ("contraception through 30 days after radiotherapy", [("time_window", "radiotherapy")]),
    ("At least 6 months post-stroke", [("time_window", "stroke")]),
    ("Received a live vaccine within 30 days prior to randomization", [("time_window", None)]),
    ("a negative pregnancy test before 72h of her first treatment", [("time_window", None)]),
    ("Any of the following within the first 12 months of the study", [("time_window", None)]),
    ("heartburn for 3 months or more", [("duration", "heartburn")]),
    ("treated for prostate cancer between 2000 and 2017", [("time_window", None)]),
    ("Male or female, greater than or equal to 19 years at the time of consent", [("age", "female")]),
    ("Adult renal transplant patients (≥21years),", [("age", "patients")]),
    ("population aged 55 to 74 years from NEDICES 2 study", [("age", "aged")]),
    ("women at > 24 weeks gestation", [("measurement", "weeks gestation")]),
    ("carbon monoxide concentration ≥ 6 ppm", [("measurement", "carbon monoxide concentration")]),
    ("glucose ≥ 2 on two occasions", [("measurement", "glucose")]),
    # how often something happens is a count of it
    ("Regular intake of pain medication (more than 4 times per week)", [("count", "pain medication")]),
    ("treated with basal insulin plus 1-3 bolus insulin injections per day",
     [("count", "bolus insulin injections")]),
    # a number in words before a lexicon analyte counts
    ("Failure of at least one weight loss medication", [("count", "weight loss medication")]),
    # 'for' a number of years is how long, not an age
    ("smoke at least 5 cigarettes per day for longer than one year",
     [("measurement", "smoke"), ("duration", None)]),
    ("Patients who were 18 years old", [("age", "old")]),
    # a rate is never an age; a number in words counts before it names a lexicon analyte's value
    ("later than 11:20 for 17-18 year olds at least 3 nights per week", [("age", "olds"),
                                                                        ("count", "nights")]),
    ("a rising PSA, with at least one post-treatment free PSA", [("count", "post-treatment free PSA")]),
    # a value for another person keeps the analyte
    ("AUDIT score indicative of severe alcohol dependence (≥13 for women, ≥15 for men)",
     [("measurement", "severe alcohol dependence"), ("measurement", "severe alcohol dependence")]),
    ("healthy participant, from 12 to 20 years old, with a history of training at least 3 years",
     [("age", "old"), ("duration", "training")]),
    # family and life-stage words are persons; so is 'those'
    ("complicated pregnancies, mothers <18 years or >40 years of age", [("age", "mothers"), ("age", "age")]),
    ("≥ 4 for those above 50 years", [("measurement", None), ("age", "those")]),
    # a lexicon analyte whose unit cannot measure the value names nothing: the words before do
    ("Present locations with probing depth (PS)> 6 mm", [("measurement", "probing depth (PS)")]),
    ("Hypertrophic cardiomyopathy (diastolic septal thickness> 15 mm)",
     [("measurement", "diastolic septal thickness")]),
    ("performance status (PS) > 2", [("measurement", "performance status (PS)")]),
    # an exact age after 'age (of)', but not the age before which something happened
    ("an infant age of 6 months (±3 weeks)", [("age", "age")]),
    ("Not speaking English before age 5 years.", []),
    ("age between 50 an 65 years", [("age", "age")]),
    ("pregnant woman between (16-24) weeks of gestation.", [("measurement", "weeks of gestation")]),
    # a rate with nothing named before it measures what it counts
    ("No more than 14 drinks per week (if male)", [("measurement", "drinks")]),
    # an analyte that is itself a time is measured, not lasted; an occasion is not one
    ("Commuting distance < 45 minutes", [("measurement", "Commuting distance")]),
    ("Simple reaction time > 500 ms", [("measurement", "Simple reaction time")]),
    ("agrees to feed the last time a minimum of 2 hours", [("duration", "last time")]),
    # a value after ';' with no words of its own goes on with the analytes before it
    ("alanine aminotransferase (ALT) ≤3 x ULN; ≤5 x ULN in case of liver involvement",
     [("measurement", "alanine aminotransferase (ALT)"), ("measurement", "alanine aminotransferase (ALT)")]),
    # a time unit past the words of a count or a comparison says how long, not how many
    ("Spontaneous amenorrhea for at least 12 consecutive months", [("duration", "Spontaneous amenorrhea")]),
    ("Interruption of anticoagulant therapy for 2 or more weeks", [("duration", "anticoagulant therapy")]),
    ("Diabetes for 5 or more years", [("duration", "Diabetes")]),
    ("Symptoms on at least 3 separate days", [("count", "days")]),
    # a grade is no count; the graded thing may follow the stage word, but not who, nor another grading
    ("Current grade 3 or higher neuropathy", [("stage", "neuropathy")]),
    ("Emesis, retching, or Grade 2 or 3 nausea", [("stage", "nausea")]),
    ("Arrhythmia or Class 3 or 4 congestive heart failure", [("stage", "congestive heart failure")]),
    ("Diabetes type 1 or 2 patients", [("stage", "Diabetes type")]),
    ("Patients with periodontitis stages III and IV grades A-B", [("stage", "periodontitis stages")]),
    ("Canadian Cardiovascular Society grade II-IV despite medical therapy",
     [("stage", "Canadian Cardiovascular Society grade")]),
])
def test_kind_and_analyte(grammar, text, kinds):
    found = parse_thresholds(grammar, text, "inclusion", [])
    assert [(t["kind"], t["analyte"]["text"] if t["analyte"] else None) for t in found] == kinds


@pytest.mark.parametrize(("text", "word"), [
    ("Compared with intact side, there is more than 25% limitation", "there"),
    ("2 prolactin levels at least one week apart greater than 30 ng/mL", "apart"),
    ("a lesion which is > 2 cm", "which"),
    ("a lesion that is > 2 cm", "that"),
    # one letter alone names nothing: a list item, the end of a unit
    ("DCE-MRI and PET studies, b) is at least 2cm in size", "b"),
    ("the ischemic core (defined by ADC<600 × 10-6 mm2/s) of 1.8 or more", "s"),
])
def test_a_pronoun_adverb_or_letter_names_nothing_measured(grammar, text, word):
    found = parse_thresholds(grammar, text, "inclusion", [])
    assert found and all(word not in (t["analyte"] or {}).get("text", "").split() for t in found)


def test_a_capital_letter_may_name_an_analyte(grammar):
    found = parse_thresholds(grammar, "Na ≥ 130, K ≥ 3.5 mmol/L", "inclusion", [])
    assert [(t["analyte"] or {}).get("text") for t in found][-1] == "K"


def test_times_are_normalized_to_years_for_ages_and_days_for_windows(grammar):
    [age] = parse_thresholds(grammar, "Aged ≥18 years", "inclusion", [])
    assert age["normalized"] == {"value": 18.0, "upper": None, "unit": "year", "factor": 1.0}
    [window] = parse_thresholds(grammar, "within 4 weeks before the first dose", "inclusion", [])
    assert window["normalized"]["value"] == pytest.approx(28) and window["normalized"]["unit"] == "day"


def test_pressure_pair_names_systolic_and_diastolic(grammar):
    found = parse_thresholds(grammar, "BP > 160/100 mmHg", "inclusion", [])
    assert [t["analyte"]["name"] for t in found] == ["Systolic blood pressure", "Diastolic blood pressure"]
    assert [t["normalized"]["value"] for t in found] == [160.0, 100.0]


def test_population_conditions_inside_parentheses(grammar):
    found = parse_thresholds(grammar, "QTc prolongation (>450 ms in men, >470 ms in women)", "exclusion", [])
    assert [(t["value"], t["condition"]) for t in found] == [(450.0, "in men"), (470.0, "in women")]


def test_a_window_names_every_event_of_a_list(grammar):
    text = "Chemotherapy, immunotherapy, or targeted therapy within 4 weeks"
    events = ["Chemotherapy", "immunotherapy", "targeted therapy"]
    found = parse_thresholds(grammar, text, "exclusion", [entity(text, e, "PROCEDURE") for e in events])
    assert [t["analyte"]["text"] for t in found] == events


def test_a_window_names_the_events_before_it_and_those_joined_to_them(grammar):
    text = "Severe bleeding tendency or coagulation dysfunction within the previous 6 months"
    entities = [Mention(text.index("bleeding"), text.index(" tendency")),
                Mention(text.index("coagulation"), text.index(" within"))]
    found = parse_thresholds(grammar, text, "exclusion", entities)
    assert [(t["kind"], t["analyte"]["text"], t["comparator"], t["value"]) for t in found] == [
        ("time_window", "bleeding tendency", "<=", 6.0),
        ("time_window", "coagulation dysfunction", "<=", 6.0)]


def test_a_mass_with_a_drug_is_a_dose(grammar):
    text = "steroids at the equivalent of ≥5 mg/day prednisone, or aspirin (75~300mg/d)"
    entities = [Mention(text.index("prednisone"), text.index(", or"), label="DRUG"),
                Mention(text.index("aspirin"), text.index(" (75"), label="DRUG")]
    found = parse_thresholds(grammar, text, "exclusion", entities)
    assert [(t["kind"], t["value"], t["upper"]) for t in found] == [("dose", 5.0, None),
                                                                     ("dose", 75.0, 300.0)]


def test_a_volume_after_a_window_is_not_a_window(grammar):
    text = "Collected 400 mL or more of whole blood within 16 weeks, or 200 mL or more of whole blood"
    found = parse_thresholds(grammar, text, "exclusion", [])
    assert [(t["kind"], t["value"]) for t in found] == [("measurement", 400.0), ("time_window", 16.0),
                                                         ("measurement", 200.0)]


def parse_with_units(grammar, text, section="inclusion"):
    found = parse_thresholds(grammar, text, section, [])
    return [(t["analyte"]["text"] if t["analyte"] else None, t["comparator"], t["value"], t["upper"],
             t["values"], t["unit"], t["relative_to"],
             round(t["normalized"]["value"], 6) if t["normalized"] else None) for t in found]


# One case per construct the thresholds issue lists, in the spelling of real criteria (the issue's
# own examples, the seed pages, LCT and the ClinicalTrials.gov sample): analyte, comparator,
# value, upper, values, unit as written, relative_to, normalized value.
@pytest.mark.parametrize(("text", "expected"), [
    # comparators as symbols and words
    ("Age ≧ 20 years", [("Age", ">=", 20.0, None, None, "years", None, 20.0)]),
    ("creatinine =< 1.5 mg/dL", [("creatinine", "<=", 1.5, None, None, "mg/dL", None, 132.602546)]),
    ("creatinine < or = 1.5 mg/dL", [("creatinine", "<=", 1.5, None, None, "mg/dL", None, 132.602546)]),
    ("serum creatinine exceeding 1.5 mg/dL",
     [("serum creatinine", ">", 1.5, None, None, "mg/dL", None, 132.602546)]),
    ("total bilirubin up to 2 mg/dL", [("total bilirubin", "<=", 2.0, None, None, "mg/dL", None, 34.207916)]),
    ("hemoglobin below 9 g/dL", [("hemoglobin", "<", 9.0, None, None, "g/dL", None, 90.0)]),
    ("Inability to protrude the mandible beyond 5 mm",
     [("mandible", ">", 5.0, None, None, "mm", None, None)]),
    ("ECOG 2 or more", [("ECOG", ">=", 2.0, None, None, None, None, None)]),
    ("HbA1c 7.5% or less", [("HbA1c", "<=", 7.5, None, None, "%", None, 7.5)]),
    ("minimum 18 years of age", [("age", ">=", 18.0, None, None, "years", None, 18.0)]),
    ("Karnofsky / Lansky score \\< 50%", [("Karnofsky", "<", 50.0, None, None, "%", None, 50.0),
                                         ("Lansky score", "<", 50.0, None, None, "%", None, 50.0)]),
    # ranges and lists
    ("ECOG performance status 0~2",
     [("ECOG performance status", "between", 0.0, 2.0, None, None, None, None)]),
    ("WHO performance status 0-2", [("WHO performance status", "between", 0.0, 2.0, None, None, None, None)]),
    # numbers: thousands, spelled out, powers of ten in every spelling
    ("platelets ≥ 2 000/mm3", [("platelets", ">=", 2000.0, None, None, "/mm3", None, 2.0)]),
    ("at least five days", [(None, ">=", 5.0, None, None, "days", None, 5.0)]),
    ("ANC ≥1.5 x10E9/L", [("ANC", ">=", 1.5, None, None, "x10E9/L", None, 1.5)]),
    ("platelets ≥ 100 x 10⁹/L", [("platelets", ">=", 100.0, None, None, "x 10⁹/L", None, 100.0)]),
    ("WBC ≥ 3 x 10^3/µL", [("WBC", ">=", 3.0, None, None, "x 10^3/µL", None, 3.0)]),
    ("Absolute Neutrophil Count < 500/mm³",
     [("Absolute Neutrophil Count", "<", 500.0, None, None, "/mm³", None, 0.5)]),
    ("CD4 count < 50 cells/mm3", [("CD4 count", "<", 50.0, None, None, "cells/mm3", None, 50.0)]),
    ("neutrophils>1.5×109/L", [("neutrophils", ">", 1.5, None, None, "×109/L", None, 1.5)]),
    # units
    ("total bilirubin ≤ 34 µmol/L", [("total bilirubin", "<=", 34.0, None, None, "µmol/L", None, 34.0)]),
    ("glucose < 7.0 mmol/L", [("glucose", "<", 7.0, None, None, "mmol/L", None, 7.0)]),
    ("ALT < 40 U/L", [("ALT", "<", 40.0, None, None, "U/L", None, 40.0)]),
    ("LVEF ≥ 50%", [("LVEF", ">=", 50.0, None, None, "%", None, 50.0)]),
    ("creatinine clearance ≥ 60 mL/min",
     [("creatinine clearance", ">=", 60.0, None, None, "mL/min", None, 60.0)]),
    ("eGFR ≥ 45 mL/min/1.73 m²", [("eGFR", ">=", 45.0, None, None, "mL/min/1.73 m²", None, 45.0)]),
    ("systolic blood pressure > 160 mmHg",
     [("systolic blood pressure", ">", 160.0, None, None, "mmHg", None, 160.0)]),
    ("QTc > 470 ms", [("QTc", ">", 470.0, None, None, "ms", None, 470.0)]),
    ("Renal insufficiency (eGFR < 30 mL/minute/1.73 m2)",
     [("eGFR", "<", 30.0, None, None, "mL/minute/1.73 m2", None, 30.0)]),
    ("TSH < 4 mU/L", [("TSH", "<", 4.0, None, None, "mU/L", None, 4.0)]),
    ("Verified anaemia with hemoglobin level below 9.0 gr/dl.",
     [("hemoglobin level", "<", 9.0, None, None, "gr/dl", None, 90.0)]),
    # reference limits
    ("bilirubin < 2.5 times the ULN", [("bilirubin", "<", 2.5, None, None, None, "ULN", None)]),
    ("AST within normal limits", [("AST", ">=", 1.0, None, None, None, "LLN", None),
                                  ("AST", "<=", 1.0, None, None, None, "ULN", None)]),
    # scales
    ("Child-Pugh score ≤ 7", [("Child-Pugh score", "<=", 7.0, None, None, None, None, None)]),
    ("BCLC stage B", [("BCLC stage", "=", "B", None, None, None, None, None)]),
    ("ASA I-III", [("ASA", "between", "I", "III", None, None, None, None)]),
    # age and time windows
    ("life expectancy > 3 months", [("life expectancy", ">", 3.0, None, None, "months", None, 3.0)]),
    ("within 4 weeks before the first dose", [(None, "<=", 4.0, None, None, "weeks", None, 28.0)]),
])
def test_issue_constructs(grammar, text, expected):
    assert parse_with_units(grammar, text) == expected


def test_a_unit_written_once_normalizes_both_bounds(grammar):
    found = parse_thresholds(grammar, "BMI <20 or >35 kg/m2", "exclusion", [])
    assert [(t["unit"], t["normalized"]["value"], t["normalized"]["unit"]) for t in found] == [
        (None, 20.0, "kg/m^2"), ("kg/m2", 35.0, "kg/m^2")]


def test_a_range_to_a_strict_bound_excludes_it(grammar):
    found = parse_thresholds(grammar, "Children age 4 to < 17 years", "inclusion", [])
    assert [(t["lower_inclusive"], t["upper_inclusive"]) for t in found] == [(True, False)]


def entity(text, words, label):
    start = text.index(words)
    return Mention(start, start + len(words), label=label)


@pytest.mark.parametrize(("text", "recognized", "expected"), [
    # the recognizer's measurement or observation just before a value is its analyte
    ("AMH levels age appropriate (≥2.3 ng/ml)", [("AMH", "MEASUREMENT")], [("AMH", ">=", 2.3)]),
    ("Clinical Frailty Score above 7 prior admission", [("Clinical Frailty Score", "MEASUREMENT")],
     [("Clinical Frailty Score", ">", 7.0)]),
    ("A single defect too large for closure (>38 mm)",
     [("defect", "OBSERVATION"), ("closure", "PROCEDURE")], [("defect", ">", 38.0)]),
    # a span that takes in the number stops before it
    ("Gleason 6-7 cancer", [("Gleason 6", "MEASUREMENT")], [("Gleason", "between", 6.0)]),
    # measurements coordinate with lexicon analytes
    ("PaO2/FiO2 < 300", [("FiO2", "MEASUREMENT")], [("PaO2", "<", 300.0), ("FiO2", "<", 300.0)]),
    ("Hamilton Anxiety Rating Scale or the Hamilton Depression Rating Scale score > 10",
     [("Hamilton Anxiety Rating Scale", "MEASUREMENT")],
     [("Hamilton Anxiety Rating Scale", ">", 10.0), ("Hamilton Depression Rating Scale score", ">", 10.0)]),
    # but not after a bare comma, and observations do not coordinate
    ("arrhythmia by NCI-CTCAE criteria, QTc > 450 ms", [("NCI-CTCAE criteria", "MEASUREMENT")],
     [("QTc", ">", 450.0)]),
    ("No smokers or smokers of less than 10 cigarettes a day",
     [("smokers", "OBSERVATION"), ("smokers of", "OBSERVATION")], [("smokers of", "<", 10.0)]),
    # a quantity of a measurement
    ("Must be able to provide a minimum of 10 mL of whole blood", [("whole blood", "MEASUREMENT")],
     [("whole blood", ">=", 10.0)]),
    ("Primary caregiver > 50% of child's lifespan", [("child", "DEMOGRAPHIC"), ("lifespan", "OBSERVATION")],
     [("lifespan", ">", 50.0)]),
    ("Gingival recessions presenting minimal amount (< 1mm) of apico-coronal keratinized tissue",
     [("Gingival recessions", "OBSERVATION"), ("apico-coronal keratinized tissue", "MEASUREMENT")],
     [("apico-coronal keratinized tissue", "<", 1.0)]),
    # a lexicon name inside a hyphenated compound is not the analyte
    ("Z scores for weight-for-age (WAZ) or weight-for-height (WHZ) <3", [("WHZ", "OBSERVATION")],
     [("WHZ", "<", 3.0)]),
    # a recognized measurement followed by a quantity with a unit requires it
    ("do not use a reinforced tracheal tube of internal diameter of 5.5 mm for male patient",
     [("internal diameter", "MEASUREMENT")], [("internal diameter", "=", 5.5)]),
    ("passive abduction to 90 degrees at shoulder", [("passive abduction", "OBSERVATION")],
     [("passive abduction", "=", 90.0)]),
    ("pain for 3 months", [("pain", "OBSERVATION")], []),
    # too far back, or in another clause, the recognizer's span is not the analyte
    ("MMSE, which the site will rate on a visit ≥ 24", [("MMSE", "MEASUREMENT")],
     [("visit", ">=", 24.0)]),
    # verbs and articles in between do not count towards the distance
    ("The ETDRS letter score in the study eye must be between 24 and 70 letters",
     [("ETDRS letter score", "MEASUREMENT")], [("ETDRS letter score", "between", 24.0)]),
    # after a value and the age of the population it is for, the next value is the first's
    ("Beighton score cut-off ≥ 5 for women up to the age of 50 years and ≥ 4 for those above 50",
     [("Beighton score", "MEASUREMENT")],
     [("Beighton score", ">=", 5.0), ("age", "<=", 50.0), ("Beighton score", ">=", 4.0),
      ("those", ">", 50.0)]),
    # an abbreviation between the recognized span and the value names it
    ("full-mouth PD was≤ 3mm,", [("full-mouth", "MEASUREMENT")], [("full-mouth PD", "<=", 3.0)]),
    # an age that qualifies a score is not what is measured
    ("Charlson comorbidity scale adjusted to age <4.", [("Charlson comorbidity scale", "MEASUREMENT")],
     [("Charlson comorbidity scale", "<", 4.0)]),
    # a bracket opened with a score word only does not hide the observation before it
    ("Current pelvic pain (score ≥ 3 on Visual Analog Scale, where 0 represents absence of pain)",
     [("pelvic pain", "OBSERVATION")], [("pelvic pain", ">=", 3.0)]),
    # how a score was given ('self-rated') names nothing
    ("16-item Quick Inventory of Depressive Symptomatology, self-rated > 10",
     [("Depressive Symptomatology", "CONDITION")], [("Depressive Symptomatology", ">", 10.0)]),
    # a score 'from' an instrument, named as far as the recognizer's span goes
    ("alcohol dependance (score >20 from Alcohol and Health Questionnaire 8);",
     [("Alcohol and Health Questionnaire 8)", "OBSERVATION")],
     [("Alcohol and Health Questionnaire 8", ">", 20.0)]),
    # nor when another entity is joined to it, nearer the value
    ("Self-reported smoker or carbon monoxide concentration ≥ 6 ppm",
     [("smoker", "OBSERVATION"), ("carbon monoxide concentration", "CONDITION")],
     [("carbon monoxide concentration", ">=", 6.0)]),
])
def test_recognized_measurements_are_analytes(grammar, text, recognized, expected):
    entities = sorted((entity(text, words, label) for words, label in recognized), key=lambda m: m.start)
    found = parse_thresholds(grammar, text, "inclusion", entities)
    assert [(t["analyte"]["text"], t["comparator"], t["value"]) for t in found] == expected


def test_a_measured_time_is_a_measurement_not_a_duration(grammar):
    text = "Time up and go test </= 12 seconds"
    found = parse_thresholds(grammar, text, "inclusion", [entity(text, "Time up and go test", "MEASUREMENT")])
    assert [(t["kind"], t["analyte"]["text"], t["comparator"]) for t in found] == [
        ("measurement", "Time up and go test", "<=")]
    [duration] = parse_thresholds(grammar, "heartburn for 3 months or more", "inclusion", [])
    assert duration["kind"] == "duration"


@pytest.mark.parametrize(("text", "expected"), [
    ("slightly overweight z-score < +1.5", [("slightly overweight z-score", "<", 1.5, None, None, None)]),
    ("toxicities have returned to Grade less than or equal to (<=) 1",
     [("Grade", "<=", 1.0, None, None, None)]),
    ("American Society of Anesthesiologists GradeⅠ－II",
     [("American Society of Anesthesiologists", "between", "I", "II", None, None)]),
    ("Subjects with 1.5 times upper limit of normal of serum creatinine, Alkaline phosphatase, "
     "Aspartate aminotransferase (AST), Alanine aminotransferase (ALT)",
     [(name, "=", 1.5, None, None, "ULN") for name in (
         "serum creatinine", "Alkaline phosphatase", "Aspartate aminotransferase (AST)",
         "Alanine aminotransferase (ALT)")]),
    ("Hypoxemia (oxygen saturation [by pulse oximetry] < 92%",
     [("oxygen saturation [by pulse oximetry]", "<", 92.0, None, None, None)]),
    # a power of ten written alone; exposure units; a modal verb after a quantity names nothing
    ("bacteriuria > 10^3 CFU/mL with ESBL", [("bacteriuria", ">", 1000.0, None, None, None)]),
    ("Busulfan cumulative plasma AUC of >75 mg/L per hour or >18270 microMolar per minute could be used",
     [("Busulfan cumulative plasma AUC", ">", 75.0, None, None, None),
      ("Busulfan cumulative plasma AUC", ">", 18270.0, None, None, None)]),
    # analytes joined by 'along with', or sharing a modifier
    ("serum magnesium and potassium levels, along with lactate dehydrogenase, within the normal range",
     [(name, op, 1.0, None, None, limit) for name in ("serum magnesium", "potassium levels",
                                                      "lactate dehydrogenase")
      for op, limit in ((">=", "LLN"), ("<=", "ULN"))]),
    ("Both predicted postoperative (PPO) FEV1 and PPO DLCO >35%",
     [("FEV1", ">", 35.0, None, None, None), ("DLCO", ">", 35.0, None, None, None)]),
    # a category named again to explain it is no second threshold
    ("Patient with an ASA 1 or 2 (ASA 1 corresponding to a patient in perfect health and ASA 2 to a "
     "patient with moderate involvement)", [("ASA", "in", None, None, ["I", "II"], None)]),
    # 'i.e.' does not hide the analyte
    ("high-risk for 30-day mortality (i.e., ≥ 10%)", [("day mortality", ">=", 10.0, None, None, None)]),
    ("Impaired liver function (ALT > 2x normal)", [("ALT", ">", 2.0, None, None, "ULN")]),
    ("diffusion capacity of carbon monoxide (DLCO) >60%",
     [("diffusion capacity of carbon monoxide (DLCO)", ">", 60.0, None, None, None)]),
])
def test_signs_parenthesised_comparators_glyphs_and_analyte_lists(grammar, text, expected):
    assert parse(grammar, text) == expected


def test_micromolar_converts_and_ifcc_hba1c_is_refused(grammar):
    text = "creatinine > 1.2 mg/dL or > 100 micromolar"
    [creatinine] = parse_thresholds(grammar, text, "inclusion", [])[1:]
    assert (creatinine["unit"], creatinine["normalized"]["unit"]) == ("micromolar", "umol/L")
    [hba1c] = parse_thresholds(grammar, "HbA1c > 47 mmol/mol", "inclusion", [])
    assert (hba1c["unit"], hba1c["normalized"]) == ("mmol/mol", None)
    assert "cannot convert" in hba1c["normalization_error"]


@pytest.mark.parametrize(("text", "kinds"), [
    # Roman categories of scales the lexicon lacks, linked like numbers
    ("GMFCS levels I-III (GMFCS = Gross Motor Function Classification System)",
     [("measurement", "GMFCS", "between", "I", "III", None)]),
    ("Glogau photoaging score II and III.", [("measurement", "Glogau photoaging score", "in", None, None,
                                              ["II", "III"])]),
    ("heart function classification ≥III", [("measurement", "heart function classification", ">=", "III",
                                             None, None)]),
    ("Teeth mobility greater than grade I", [("measurement", "Teeth mobility", ">", "I", None, None)]),
    # a class, grade, stage or type of a condition is a stage, of what follows when nothing precedes
    ("endometriosis stage III/IV;", [("stage", "endometriosis stage", "in", None, None, ["III", "IV"])]),
    ("Stage III periodontitis", [("stage", "periodontitis", "=", "III", None, None)]),
    ("Presence of type I or type II diabetes", [("stage", "diabetes", "in", None, None, ["I", "II"])]),
    # never an age; lexicon scales keep their own reading
    ("Boys and girls from 7 to 12 years old with class II skeletal malocclusion",
     [("age", "old", "between", 7.0, 12.0, None), ("stage", "skeletal malocclusion", "=", "II", None, None)]),
    ("NYHA class III or IV", [("measurement", "NYHA class", "in", None, None, ["III", "IV"])]),
])
def test_open_categories(grammar, text, kinds):
    found = parse_thresholds(grammar, text, "inclusion", [])
    assert [(t["kind"], t["analyte"]["text"] if t["analyte"] else None, t["comparator"], t["value"],
             t["upper"], t["values"]) for t in found] == kinds


@pytest.mark.parametrize(("text", "recognized", "expected"), [
    # a value in brackets does not cut the next one off its analyte
    ("Severe renal dysfunction (glomerular filtrate rate [within 30 days] less than 30)",
     [("glomerular filtrate rate", "MEASUREMENT")],
     [("time_window", "<=", 30.0), ("measurement", "glomerular filtrate rate", "<", 30.0)]),
    # the measurement before 'of' is measured, not the noun after the quantity
    ("despite an IV fluid challenge of at least 30 ml/kg fluids", [("IV fluid challenge", "MEASUREMENT")],
     [("measurement", "IV fluid challenge", ">=", 30.0)]),
    ("with at least 1 lesion of at least 12 mm maximal diameter", [("lesion", "MEASUREMENT")],
     [("count", ">=", 1.0), ("measurement", "lesion", ">=", 12.0)]),
    # with nothing recognized before it, a value measures the observation right after it
    ("a total of less than or equal to 8 menses per year", [("menses", "OBSERVATION")],
     [("measurement", "menses", "<=", 8.0)]),
])
def test_values_after_brackets_and_measurements_of_a_quantity(grammar, text, recognized, expected):
    entities = sorted((entity(text, words, label) for words, label in recognized), key=lambda m: m.start)
    found = parse_thresholds(grammar, text, "inclusion", entities)
    got = [(t["kind"], t["analyte"]["text"], t["comparator"], t["value"]) if t["kind"] == "measurement"
           else (t["kind"], t["comparator"], t["value"]) for t in found]
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), [
    # case tells units apart: diopters are not days, micromolar is not micrometres
    ("Expected postoperative astigmatism ≤ 0.75D", ("measurement", "D", None)),
    ("hospitalised for > 3 d", ("duration", "d", "day")),
    ("creatinine > 120 µM", ("measurement", "µM", "umol/L")),
    ("creatinine > 120 µm", ("measurement", "µm", None)),  # a length: refused
])
def test_unit_case(grammar, text, expected):
    [found] = parse_thresholds(grammar, text, "inclusion", [])
    unit = found["normalized"]["unit"] if found["normalized"] else None
    assert (found["kind"], found["unit"], unit) == expected


def test_a_name_with_its_abbreviation_keeps_the_lexicon_entry_whatever_the_unit(grammar):
    [found] = parse_thresholds(grammar, "Hemoglobin A1c (HbA1c) >47mmol/mol", "inclusion", [])
    analyte = found["analyte"]
    assert (analyte["text"], analyte["name"]) == ("Hemoglobin A1c (HbA1c)", "Hemoglobin A1c")


def test_words_that_replace_an_unfit_lexicon_name_keep_the_entry_that_fits(grammar):
    text = "severe kidney dysfunction (defined by plasma creatinine clearance <30 mL/min)"
    [found] = parse_thresholds(grammar, text, "inclusion", [])
    assert (found["analyte"]["text"], found["analyte"]["name"]) == ("plasma creatinine clearance",
                                                                   "Creatinine clearance")
    assert found["normalized"]["unit"] == "mL/min"


def test_an_abbreviation_right_after_a_percentage_is_what_it_is_a_percentage_of(grammar):
    text = "severe burns (>10% total body surface area (TBSA) or >5% TBSA with full thickness injury)"
    second = parse_thresholds(grammar, text, "inclusion", [])[1]
    assert (second["text"], second["analyte"]["start"]) == (">5%", text.rindex("TBSA"))


def test_a_protocol_number_is_not_a_range(grammar):
    assert parse_thresholds(grammar, "on or as per DFCI 16-001 and has completed", "inclusion", []) == []


def test_a_unit_equivalence_is_not_a_threshold(grammar):
    text = "Positive End Expiratory Pressure (PEEP) ≤8cmH2O (1cmH2O=0.098 kPa) when extubation"
    assert [t["text"] for t in parse_thresholds(grammar, text, "inclusion", [])] == ["≤8cmH2O"]


def test_a_normal_range_written_out_is_one_threshold(grammar):
    text = "early follicular- phase serum concentration of FSH within normal limits (1-12 IU/l)."
    assert parse(grammar, text) == [("FSH", "between", 1.0, 12.0, None, None)]


@pytest.mark.parametrize(("text", "expected"), [
    # a scale's name written again inside a list or range, or glued to a Roman category
    ("ASA I- ASA II", [("ASA", "between", "I", "II", None, None)]),
    ("ASA I, ASA II or ASA III", [("ASA", "in", None, None, ["I", "II", "III"], None)]),
    ("ASAI ,ASAII, ASAIII", [("ASA", "in", None, None, ["I", "II", "III"], None)]),
    ("NYHA II or NYHA III", [("NYHA", "in", None, None, ["II", "III"], None)]),
    ("Child-Pugh A or Child-Pugh B", [("Child-Pugh", "in", None, None, ["A", "B"], None)]),
    ("american society of anesthesiologists I or II",
     [("american society of anesthesiologists", "in", None, None, ["I", "II"], None)]),
    ("ASAP 2 and NYHAS", []),
])
def test_scale_named_again_or_glued(grammar, text, expected):
    assert parse(grammar, text) == expected


def test_what_the_recognizer_names_before_a_value_wins_over_a_scale_after_it(grammar):
    text = "osteoporosis (T-score ⩽ -3DS on at least 1 site or FRAX score above the threshold)"
    found = parse_thresholds(grammar, text, "inclusion", [entity(text, "T-score", "MEASUREMENT")])
    measured = [(t["analyte"]["text"], t["comparator"], t["value"]) for t in found
                if t["kind"] == "measurement"]
    assert measured == [("T-score", "<=", -3.0)]
    text = "pain rated at least 5 on the 10-point numerical rating scale"  # rated on a known scale
    recognized = [entity(text, "pain", "OBSERVATION"), entity(text, "10-point numerical rating scale",
                                                                "MEASUREMENT")]
    [found] = parse_thresholds(grammar, text, "inclusion", recognized)
    assert found["analyte"]["text"] == "10-point numerical rating scale"
    text = "Pain intensity of > 4/10 on a 0-10 VAS scale"  # the value is said of the symptom;
    recognized = [entity(text, "Pain intensity", "OBSERVATION"), entity(text, "VAS", "MEASUREMENT")]
    [found] = parse_thresholds(grammar, text, "inclusion", recognized)  # the scale's range is no bound
    assert found["analyte"]["text"] == "Pain intensity"
    text = "Pain > 4 on a visual numerical scale"  # on a scale the recognizer does not know
    [found] = parse_thresholds(grammar, text, "inclusion", [entity(text, "Pain", "OBSERVATION")])
    assert found["analyte"]["text"] == "Pain"


@pytest.mark.parametrize(("text", "expected"), [
    # 'must have elapsed' makes a duration at least that long ago; the event is what follows,
    # past the moment of it that is named ('the completion of', 'the last dose of')
    ("14 days must have elapsed since the completion of systemic cytotoxic therapy",
     [("time_window", "systemic cytotoxic therapy", ">=", 14.0)]),
    ("CHEMOTHERAPY: At least 7 days must have elapsed since the completion of cytotoxic therapy",
     [("time_window", "cytotoxic therapy", ">=", 7.0)]),
    ("at least 28 days after the last dose of chemotherapy", [("time_window", "chemotherapy", ">=", 28.0)]),
    ("within 4 weeks after the end of radiotherapy", [("time_window", "radiotherapy", "<=", 4.0)]),
])
def test_elapsed_windows_and_their_events(grammar, text, expected):
    found = parse_thresholds(grammar, text, "inclusion", [])
    assert [(t["kind"], t["analyte"]["text"], t["comparator"], t["value"]) for t in found] == expected


@pytest.mark.parametrize(("text", "value", "error"), [
    # temperatures: °F converts with its zero; an angle's degrees are no temperature (pint raised
    # OffsetUnitCalculusError on these before, and the whole document was lost)
    ("oral temperature greater than 100.4 degrees Fahrenheit", 38.0, None),
    ("body temperature > 38 ° C", 38.0, None),
    ("temperature above 38 degrees", None, "cannot convert degree to degC: only a temperature converts "
                                           "to or from a temperature scale"),
])
def test_temperatures_convert_only_to_temperatures(grammar, text, value, error):
    [found] = parse_thresholds(grammar, text, "inclusion", [])
    assert (found["normalized"] or {}).get("value") == value and found["normalization_error"] == error


def test_a_rate_wrapped_onto_the_next_line_is_a_count(grammar):
    # the counted word is on the next line: the count must not look for it on this one
    text = "laxatives to have at least 3\n    bowel evacuations per day"
    [found] = parse_thresholds(grammar, text, "inclusion", [])
    assert (found["kind"], found["value"]) == ("count", 3.0)


def test_every_unit_form_in_capitals_has_its_rule(grammar):
    """The unit regex matches without case, so its dictionary folds case as it does: capitals
    ('ΜMOL/L' has a Greek capital mu, the capital of the micro sign) find a rule."""
    forms = [form for rule in grammar.rules.units for form in rule.forms]
    assert all(grammar.unit_rule(form.upper()) for form in forms)
    assert grammar.unit_rule("ΜMOL/L") is grammar.unit_rule("µmol/L")
    assert parse(grammar, "HEMOGLOBIN ≥ 5 ΜMOL·MIN/L")[0][1:3] == (">=", 5.0)
    assert parse(grammar, "eGFR ≥ 60 mL/mın/1.73 m2")[0][1:3] == (">=", 60.0)  # a dotless i
