"""Criterion logic: a table test per construct, each on a real criterion through the pipeline."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import nlp
from nlp.logic import LogicReader
from nlp.logic.reader import EVIDENCE
from nlp.logic.tree import Leaf, build_logic, child_logic, combine, ref
from nlp.pipeline import blank
from nlp.rules import load_logic_rules
from nlp.schema import TrialDocument


def shown(node: dict | None) -> str | None:
    """'or(t1, t2)': a tree with each leaf its item's id within the criterion, '?' for a condition."""
    if node is None:
        return None
    if "ref" in node:
        return node["ref"].split("/")[-1] + ("?" if node.get("part") else "")
    return f"{node['op']}({', '.join(shown(a) for a in node['args'])})"


def logic_of(pipeline, section: str, criterion: str) -> list[str | None]:
    heading = "Inclusion Criteria:" if section == "inclusion" else "Exclusion Criteria:"
    document = nlp.doc_to_document(pipeline(f"{heading}\n- {criterion}\n"), "t")
    return [shown(c.model_dump(exclude_none=True).get("logic")) for c in document.criteria]


CONSTRUCTS = [
    # alternatives: either suffices
    ("inclusion", "ECOG performance status 0-1 or Karnofsky ≥ 70", "or(t1, t2)"),
    ("inclusion", "Serum creatinine ≤ 1.5× ULN or GFR ≥ 50 mL/min", "or(t1, t2)"),
    # a coordinated analyte under exclusion: either one excludes, so both must stay below
    ("exclusion", "AST or ALT > 3 × ULN", "not(or(t1, t2))"),
    # a list of categories is one threshold, not a conjunction
    ("inclusion", "Child-Pugh class A and B7", "t1"),
    # a bare list under inclusion: every item; separate clauses under exclusion: any one
    ("inclusion", "Hemoglobin ≥ 9 g/dL, platelets ≥ 100 × 10^9/L", "and(t1, t2)"),
    ("exclusion", "Active hepatitis B; HIV infection", "not(or(e1, e2))"),
    # a quantified list: its lead-in is context, the items are alternatives
    ("exclusion", "Any of the following: myocardial infarction, unstable angina, or stroke",
     "not(or(e1, e2, e3))"),
    # the quantifier governs its list; a later clause joins as the section's clauses do
    ("inclusion", "Any of the following: hemoglobin ≥ 9 g/dL, platelets ≥ 100 × 10^9/L; and creatinine "
                  "≤ 1.5 mg/dL", "and(or(t1, t2), t3)"),
    # an exception is carved out of the statement
    ("exclusion", "History of malignancy except basal cell carcinoma of the skin", "not(and(e1, not(e2)))"),
    # conditional bounds: each applies when its condition holds, the plain one otherwise
    ("exclusion", "QTc prolongation (>450 ms in men, >470 ms in women)",
     "not(or(and(t1?, t1), and(t2?, t2)))"),
    ("inclusion", "AST ≤ 2.5 × ULN (≤ 5 × ULN for patients with liver metastases)",
     "and(or(t2?, t1), or(not(t2?), t2))"),
    # one analyte's bounds for different conditions are one unit: an 'or' after them takes them all
    ("inclusion", "AST ≤ 2.5 × ULN (≤ 5 × ULN for patients with liver metastases) or ALT ≤ 3 × ULN",
     "or(and(or(t2?, t1), or(not(t2?), t2)), t3)"),
    # the parts of one expression: both bounds under inclusion, either beyond under exclusion
    ("inclusion", "Blood pressure ≤ 140/90 mmHg", "and(t1, t2)"),
    ("exclusion", "Blood pressure > 160/100 mmHg", "not(or(t1, t2))"),
    # one cue denies every alternative: neither may hold
    ("inclusion", "Not pregnant or nursing", "and(not(e1), not(e2))"),
    # a bracket after a bound does not restate it
    ("inclusion", "At least 6 months since prior adjuvant chemotherapy (fluorouracil or oxaliplatin)",
     "and(t1, or(e2, e3))"),
    # an apposition and an example name the same thing
    ("exclusion", "Tuberculosis (TB)", "not(or(e1, e2))"),
    ("exclusion", "Bleeding disorder such as hemophilia", "not(or(e1, e2))"),
    # a treatment head hands the leaf to its agent
    ("exclusion", "Prior treatment with sorafenib", "not(e2)"),
    # a means shows the leaf before it: both hold, under either section
    ("exclusion", "Uncontrolled diabetes mellitus, as evidenced by HbA1c ≥ 13%", "not(and(e1, t1))"),
    ("inclusion", "Hepatocellular carcinoma confirmed by biopsy or MRI", "and(e1, or(e2, e3))"),
    # one way of an unfound means, and what is joined to it, is required of no one
    ("inclusion", "Hepatocellular carcinoma, confirmed by histopathology or non-invasive imaging", "e1"),
    # ... but an 'or' that opens a clause, a comma that ends the means, and parallel means alternate
    ("exclusion", "Proteinuria by urinalysis or a history of nephrotic syndrome", "not(or(e1, e3))"),
    ("exclusion", "Arrhythmia of grade ≥2 by NCI-CTCAE criteria, QTc prolongation or heart failure",
     "not(or(t1, e3, e4))"),
    ("inclusion", "Transformed lymphoma with MYC rearrangement by FISH or over-expression by IHC",
     "or(e1, e2)"),
    # the means of a bound is how its value is measured, with every way after it
    ("inclusion", "LVEF ≥ 45% by echocardiogram or MUGA", "t1"),
    ("exclusion", "LVEF < 45% as measured by echocardiogram (ECHO) or MUGA", "not(t1)"),
    ("inclusion", "Non-nodal lesion ≥ 1 cm by MRI, CT scan, or physical exam", "t1"),
    # ... and another word, a condition or a drug ends the ways: what follows is a leaf again
    ("inclusion", "Hepatocellular carcinoma confirmed by histopathology or imaging, or cirrhosis",
     "or(e1, e3)"),
    ("exclusion", "LVEF < 45% by echocardiogram or MUGA, or heart failure", "not(or(t1, e4))"),
    ("exclusion", "QTc > 470 ms by ECG, diabetes, or hypertension", "not(or(t1, e3, e4))"),
    # support is a treatment, no means: what it is is a leaf
    ("inclusion", "Platelets ≥ 100,000/mm3 not supported by transfusion", "and(t1, not(e2))"),
    ("inclusion", "Shortening fraction > 27% by echocardiogram, or ejection fraction > 47% by "
                  "radionuclide angiogram", "or(t1, t2)"),
    # values in a bracket define the entity before them under inclusion: a value out of range fails;
    # under exclusion either states it; an abbreviation before the value defines nothing
    ("inclusion", "Normal hematological function (platelets > 75 × 10^9/L; leukocytes > 3.0 × 10^9/L)",
     "and(t1, t2)"),
    ("inclusion", "Adequate cardiac function (LVEF > 50%)", "t1"),
    ("exclusion", "Decompensated liver cirrhosis (Child-Pugh B or C)", "not(or(e1, t1))"),
    ("inclusion", "Diagnosis of rheumatoid arthritis (RA) for ≥ 3 months", "or(e1, t1)"),
    # what a reaction no entity names is to is no leaf: the drug alone excludes no one
    ("exclusion", "Allergy to chemotherapy drugs", None),
    ("exclusion", "Known allergy to penicillin or sulfonamides", None),
    ("exclusion", "Known hypersensitivity to oxaliplatin", "not(and(e1, e2))"),
    # a permission inside an exclusion criterion carves out and requires nothing;
    # an obligation's clause stays outside the exclusion's 'not'
    ("exclusion", "Hydroxyurea is permitted more than 24 hours before the first dose", None),
    # what a clause allows is required of no one, in either section
    ("inclusion", "Prior chemotherapy is allowed", None),
    # (demographics are no leaves: 'women' and 'female' say whom it is for)
    ("exclusion", "Pregnant or lactating women, all female patients must undergo a pregnancy test "
                  "within 7 days before enrollment",
     "and(not(or(e1, e2)), e5, t1)"),
]


@pytest.mark.parametrize(("section", "criterion", "expected"), CONSTRUCTS)
def test_logic_of_each_construct(pipeline, section, criterion, expected):
    assert logic_of(pipeline, section, criterion) == [expected]


@pytest.mark.parametrize(("section", "header", "expected"), [
    ("inclusion", "At least one of the following:", "or(inc-1.1, inc-1.2)"),
    ("inclusion", "Adequate organ function, defined as:", "and(inc-1.1, inc-1.2)"),
    ("exclusion", "Any of the following:", "and(exc-1.1, exc-1.2)"),  # each sub-item's logic is a 'not'
    ("exclusion", "All of the following:", "or(exc-1.1, exc-1.2)"),
])
def test_a_header_joins_its_sub_items(pipeline, section, header, expected):
    heading = "Inclusion Criteria:" if section == "inclusion" else "Exclusion Criteria:"
    text = f"{heading}\n1. {header}\n   a) Hemoglobin ≥ 9 g/dL\n   b) Platelets ≥ 100 × 10^9/L\n"
    document = nlp.doc_to_document(pipeline(text), "t")
    header_logic = document.criteria[0].model_dump(exclude_none=True)["logic"]
    assert f"{header_logic['op']}({', '.join(a['ref'] for a in header_logic['args'])})" == expected
    assert [c.parent for c in document.criteria[1:]] == [document.criteria[0].id] * 2


def test_ids_are_stable_and_every_leaf_exists(pipeline):
    document = nlp.doc_to_document(pipeline("Inclusion Criteria:\n- AST or ALT ≤ 3 × ULN\n"), "t")
    crit = document.criteria[0]
    assert [t.id for t in crit.thresholds] == ["inc-1/t1", "inc-1/t2"]
    assert [e.id for e in crit.entities][:2] == ["inc-1/e1", "inc-1/e2"]
    broken = document.model_dump()
    broken["criteria"][0]["logic"] = {"op": "or", "args": [{"ref": "inc-1/t9"}]}
    with pytest.raises(ValidationError, match="inc-1/t9"):
        TrialDocument.model_validate(broken)


def leaves(*names: str) -> list[Leaf]:
    return [Leaf(k, k + 1, ref(name)) for k, name in enumerate(names)]


@pytest.mark.parametrize(("gaps", "list_op", "clause_op", "expected"), [
    (["or", "or"], "and", "and", "or(a, b, c)"),
    (["or", "and"], "or", "or", "and(or(a, b), c)"),
    (["list", "or"], "and", "and", "or(a, b, c)"),  # 'a, b, or c'
    (["list", "list"], "or", "or", "or(a, b, c)"),  # a bare list takes the list op
    (["or", "and"], "and", "and", "and(or(a, b), c)"),  # 'or' binds tighter
    (["break", "or"], "or", "or", "or(a, b, c)"),  # separate statements join by the clause op
    (["or", "break"], "and", "and", "and(or(a, b), c)"),
    (["list", "plain"], "or", "or", "and(or(a, b), c)"),  # a plain gap stops a list's look-ahead
    # one phrase: 'NYHA class III or IV heart failure'
    (["or", "adjacent"], "and", "and", "or(a, and(b, c))"),
    (["adjacent", "list"], "or", "or", "or(and(a, b), c)"),
    # a quantifier's op reaches its list, not the clauses: 'any of a, b; c'
    (["list", "break"], "or", "and", "and(or(a, b), c)"),
    # parts of one bound join first, by the clause op, before an 'or' can take one of them
    (["part", "or"], "and", "and", "or(and(a, b), c)"),
    (["or", "part"], "and", "or", "or(a, b, c)"),
])
def test_combine(gaps, list_op, clause_op, expected):
    assert shown(combine(leaves("a", "b", "c"), gaps, list_op, clause_op)) == expected


def test_build_logic_drops_permissions_and_keeps_obligations_outside_the_not():
    parts = [Leaf(0, 1, ref("a")), Leaf(2, 3, ref("b"), "permission"), Leaf(4, 5, ref("c"), "obligation")]
    assert shown(build_logic(parts, ["break", "break"], "exclusion", "or", "or")) == "and(not(a), c)"
    # under inclusion a permission's bound is what is accepted: it stays a leaf
    assert shown(build_logic(parts, ["break", "break"], "inclusion", "and", "and")) == "and(a, b, c)"
    assert build_logic(parts[1:2], [], "exclusion", "or", "or") is None


def test_build_logic_reads_the_statement_across_a_dropped_obligation():
    """'a, [obligation c]; b' under exclusion: the statement's gap is the strongest of the two."""
    parts = [Leaf(0, 1, ref("a")), Leaf(2, 3, ref("c"), "obligation"), Leaf(4, 5, ref("b"))]
    assert shown(build_logic(parts, ["or", "break"], "exclusion", "and", "and")) == "and(not(and(a, b)), c)"


def test_child_logic():
    assert shown(child_logic(["x", "y"], "inclusion", "any")) == "or(x, y)"
    assert shown(child_logic(["x", "y"], "exclusion", None)) == "and(x, y)"
    assert shown(child_logic(["x"], "exclusion", "all")) == "x"


def test_denied_alternatives_join_by_and():
    denied = [Leaf(k, k + 1, {"op": "not", "args": [ref(name)]}) for k, name in enumerate("ab")]
    assert shown(combine(denied, ["or"], "and", "and")) == "and(not(a), not(b))"
    mixed = [denied[0], Leaf(2, 3, ref("b"))]
    assert shown(combine(mixed, ["or"], "and", "and")) == "or(not(a), b)"


@pytest.mark.parametrize(("words", "expected"), [
    # the words between two leaves, the leaf after them an entity
    ("confirmed by", "plain"),  # the leaf after shows the one before
    ("confirmed by histopathology or", EVIDENCE),  # one way of an unfound means
    ("confirmed by histopathology or a", "or"),  # ... unless the 'or' opens a clause
    ("caused by alcohol or", None),  # a cause is no means: the connector decides
    ("involvement by lymphoma or", None),
    ("by nci-ctcae criteria ,", None),  # a comma ends the means
    ("or", None),
])
def test_the_means_gap(words, expected):
    reader = LogicReader(load_logic_rules(), blank().make_doc)
    joined = f" {words} "
    phrase, op = next(((p, o) for p, o in reader.connectors if p in joined), ("", None))
    assert reader.means_gap(joined, phrase, op, parallel=False) == expected


@pytest.mark.parametrize(("words", "expected"), [
    ("by", EVIDENCE),  # 'grade >= 2 by [CTCAE]', whatever label the recognizer gives it
    ("as measured by", EVIDENCE),
    ("by nci-ctcae criteria ,", None),  # a comma ends the means
    ("and", None),
])
def test_the_means_of_a_bound_is_no_leaf(words, expected):
    reader = LogicReader(load_logic_rules(), blank().make_doc)
    joined = f" {words} "
    phrase, op = next(((p, o) for p, o in reader.connectors if p in joined), ("", None))
    assert reader.means_gap(joined, phrase, op, parallel=False, of_bound=True) == expected
