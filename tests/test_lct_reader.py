"""The one LCT reader (``nlp.importers.lct``): each convention of its gold thresholds on a small
trial written here in LCT's brat format, the gold documents it imports, and the scorer options
that score them as ``scripts/eval_lct_thresholds.py`` does."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.cli import app
from nlp.gold import offset_problems
from nlp.importers import lct, lct_thresholds
from nlp.schema import Analyte, Criterion, Requirement, Threshold, TrialDocument
from nlp.score import same_threshold, score

HEAD = "Inclusion Criteria:\n  -  "


class Brat:
    """A trial in LCT's brat format: spans found by phrase (the first one after ``after``), events,
    attributes and relations."""

    def __init__(self, text: str):
        self.text, self.lines, self.counts = text, [], {"T": 0, "E": 0, "A": 0, "R": 0}

    def _id(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind}{self.counts[kind]}"

    def at(self, phrase: str, after: str = "", start: int = 0) -> int:
        if after:
            start = self.text.index(after, start) + len(after)
        return self.text.index(phrase, start)

    def span(self, kind: str, phrase: str, after: str = "", start: int = 0) -> str:
        at = self.at(phrase, after, start)
        tid = self._id("T")
        self.lines.append(f"{tid}\t{kind} {at} {at + len(phrase)}\t{phrase}")
        return tid

    def event(self, kind: str, trigger: str, *arguments: tuple[str, str]) -> str:
        eid = self._id("E")
        self.lines.append(f"{eid}\t{kind}:{trigger} " + " ".join(f"{r}:{t}" for r, t in arguments))
        return eid

    def comparison(self, phrase: str, operator: tuple[str, str] | None = None, values: tuple[str, ...] = (),
                   after: str = "", **parts: str) -> str:
        """An Eq-Comparison event on phrase: its operator (the text, its Eq-Operator-Value), its
        values (texts in order, each after the one before; a text named twice is one span), and
        Unit=, Per=, ... texts."""
        start = self.at(phrase, after)
        arguments = [("Eq-Comparison", self.span("Eq-Comparison", phrase, start=start))]
        if operator:
            op = self.span("Eq-Operator", operator[0], start=start)
            arguments.append(("Operator", op))
            self.lines.append(f"{self._id('A')}\tEq-Operator-Value {op} {operator[1]}")
        seen: dict[str, str] = {}
        cursor = start
        for i, value in enumerate(values):
            if value not in seen:
                seen[value] = self.span("Eq-Value", value, start=cursor)
                cursor = self.at(value, start=cursor) + len(value)
            arguments.append(("Value" if i == 0 else f"Value{i + 1}", seen[value]))
        for role, written in parts.items():
            arguments.append((role, self.span(f"Eq-{role}", written, start=start)))
        (kind, trigger), *rest = arguments
        return self.event(kind, trigger, *rest)

    def filtered(self, kind: str, phrase: str, *comparisons: str, after: str = "") -> str:
        """An Observation or Age event on phrase with these Numeric-Filter comparisons."""
        roles = [("Numeric-Filter" if i == 0 else f"Numeric-Filter{i + 1}", c)
                 for i, c in enumerate(comparisons)]
        return self.event(kind, self.span(kind, phrase, after), *roles)

    def relation(self, kind: str, first: str, second: str) -> None:
        self.lines.append(f"{self._id('R')}\t{kind} Arg1:{first} Arg2:{second}")

    def write(self, folder: Path, name: str = "NCT00000001") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        txt = folder / f"{name}.txt"
        txt.write_text(self.text, encoding="utf-8")
        txt.with_suffix(".ann").write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        return txt


def read(brat: Brat, tmp_path: Path) -> lct.LctDocument:
    return lct.read_document(brat.write(tmp_path))


def shapes(doc: lct.LctDocument) -> list[tuple]:
    return [(t.type, doc.text[t.start:t.end], t.operator, t.numbers) for t in doc.thresholds]


def test_a_value_named_twice_counts_once_and_a_lost_power_of_ten_joins_its_value(tmp_path):
    brat = Brat(HEAD + "Platelets > 100\n  -  ANC >= 1.5x109/L\n")
    brat.filtered("Observation", "Platelets", brat.comparison("> 100", (">", "GT"), ("100", "100")))
    brat.filtered("Observation", "ANC", brat.comparison(">= 1.5x109/L", (">=", "GTEQ"), ("1.5", "109")))
    assert shapes(read(brat, tmp_path)) == [("Observation", "Platelets", "GT", (100.0,)),
                                            ("Observation", "ANC", "GTEQ", (1.5,))]


def test_a_decimal_comma_and_a_unit_written_with_its_per_span(tmp_path):
    brat = Brat(HEAD + "Hemoglobin < 7,5 g/dL\n")
    brat.filtered("Observation", "Hemoglobin",
                  brat.comparison("< 7,5 g/dL", ("<", "LT"), ("7,5",), Unit="g", Per="dL"))
    [t] = read(brat, tmp_path).thresholds
    assert (t.numbers, t.unit) == ((7.5,), "g/dL")


def test_an_unlinked_value_is_read_from_the_comparison_and_unlinked_comparisons_are_kept(tmp_path):
    brat = Brat(HEAD + "Age over 65\n  -  Glucose ≤ 250 mg/dL\n")
    brat.filtered("Age", "Age", brat.comparison("over 65", ("over", "GT")))
    brat.span("Observation", "Glucose")
    brat.comparison("≤ 250 mg/dL", ("≤", "LTEQ"), ("250",))  # no event links to it
    doc = read(brat, tmp_path)
    assert shapes(doc) == [("Age", "Age", "GT", (65.0,))]
    assert [doc.text[s:e] for s, e in doc.unlinked] == ["≤ 250 mg/dL"]


def test_two_bounds_on_one_analyte_and_two_age_bounds_on_one_line_are_one_range(tmp_path):
    brat = Brat(HEAD + "aged >= 19 years and <= 50 years\n  -  Age ≥18 years old and age ≤80 years old\n")
    brat.filtered("Age", "aged", brat.comparison(">= 19 years", (">=", "GTEQ"), ("19",)),
                  brat.comparison("<= 50 years", ("<=", "LTEQ"), ("50",)))
    brat.filtered("Age", "Age", brat.comparison("≥18 years", ("≥", "GTEQ"), ("18",)))
    brat.filtered("Age", "age", brat.comparison("≤80 years", ("≤", "LTEQ"), ("80",)), after="old and ")
    doc = read(brat, tmp_path)
    assert [(t.operator, t.numbers, t.text) for t in doc.thresholds] == [
        ("BETWEEN", (19.0, 50.0), ">= 19 years ... <= 50 years"),
        ("BETWEEN", (18.0, 80.0), "≥18 years ... ≤80 years")]
    first = doc.thresholds[0]
    assert doc.text[first.text_start:first.text_end] == ">= 19 years and <= 50 years"


def test_a_pressure_pair_is_a_systolic_and_a_diastolic_bound(tmp_path):
    brat = Brat(HEAD + "blood pressure > 140/90 mmHg\n")
    brat.filtered("Observation", "blood pressure",
                  brat.comparison("> 140/90 mmHg", (">", "GT"), ("140", "90"), Unit="mmHg"))
    assert [t.numbers for t in read(brat, tmp_path).thresholds] == [(90.0,), (140.0,)]


def test_a_scale_maximum_and_a_ratio_term_are_units_not_bounds(tmp_path):
    brat = Brat(HEAD + "pain > 4/10\n  -  Qp/Qs <1.5:1\n")
    brat.filtered("Observation", "pain", brat.comparison("> 4/10", (">", "GT"), ("4", "10")))
    brat.filtered("Observation", "Qp/Qs", brat.comparison("<1.5:1", ("<", "LT"), ("1.5", "1")))
    assert [(t.numbers, t.unit) for t in read(brat, tmp_path).thresholds] == [((4.0,), "/10"), ((1.5,), ":1")]


def test_ranges_without_an_operator_with_equals_or_with_both_bounds(tmp_path):
    brat = Brat(HEAD + "between 50 and 70 years old\n  -  BIMS = 8-15\n  -  BMI ≥20 and ≤40\n")
    brat.filtered("Age", "old", brat.comparison("between 50 and 70 years", None, ("50", "70")))
    brat.filtered("Observation", "BIMS", brat.comparison("= 8-15", ("=", "EQ"), ("8", "15")))
    brat.filtered("Observation", "BMI", brat.comparison("≥20 and ≤40", ("≥", "GTEQ"), ("20", "40")))
    assert [(t.operator, t.numbers) for t in read(brat, tmp_path).thresholds] == [
        ("BETWEEN", (50.0, 70.0)), ("BETWEEN", (8.0, 15.0)), ("BETWEEN", (20.0, 40.0))]


def test_a_comparison_against_a_normal_limit_is_one_times_that_limit(tmp_path):
    brat = Brat(HEAD + "bilirubin above the upper limit of normal\n  -  creatinine within the normal range\n")
    brat.filtered("Observation", "bilirubin",
                  brat.comparison("above the upper limit of normal", ("above", "GT")))
    brat.filtered("Observation", "creatinine", brat.comparison("within the normal range"))
    doc = read(brat, tmp_path)
    assert [(t.operator, t.numbers) for t in doc.thresholds] == [("GT", (1.0,)), ("GTEQ", (1.0,)),
                                                                 ("LTEQ", (1.0,))]
    gold = [lct_thresholds.to_threshold(t, doc.text, "inclusion") for t in doc.thresholds]
    assert [(t.comparator, t.value, t.relative_to) for t in gold] == [
        (">", 1.0, "ULN"), (">=", 1.0, "LLN"), ("<=", 1.0, "ULN")]


def test_an_analyte_and_its_abbreviation_are_one_analyte_and_a_roman_class_stays_a_category(tmp_path):
    brat = Brat(HEAD + "American Society of Anesthesiologists (ASA) class I-III\n")
    long = brat.event("Observation", brat.span("Observation", "American Society of Anesthesiologists"))
    short = brat.filtered("Observation", "ASA", brat.comparison("class I-III", None, ("I", "III")))
    brat.relation("Abbrev-Of", short, long)
    doc = read(brat, tmp_path)
    [t] = doc.thresholds
    assert (t.operator, t.numbers, t.roman) == ("BETWEEN", (1.0, 3.0), True)
    assert [doc.text[s:e] for s, e in t.aliases] == ["American Society of Anesthesiologists"]
    gold = lct_thresholds.to_threshold(t, doc.text, "inclusion")
    assert (gold.comparator, gold.value, gold.upper) == ("between", "I", "III")
    assert [a.text for a in gold.analyte.aliases] == ["American Society of Anesthesiologists"]
    # a prediction on the expansion names the analyte the gold's mention is the abbreviation of
    start = doc.text.index("American")
    on_alias = gold.model_copy(update={"analyte": gold.analyte.model_copy(update={
        "text": "American", "start": start, "end": start + 8, "aliases": []})})
    assert same_threshold(gold, on_alias)
    assert not same_threshold(gold.model_copy(update={"analyte": gold.analyte.model_copy(
        update={"aliases": []})}), on_alias)


@pytest.mark.parametrize(("line", "criterion"), [
    ("Exclusion criteria will include non-English speaking, no working telephone, and less than 5th grade.",
     True),
    ("  -  The inclusion criteria were being female, ≥ 18 years, having an initial diagnosis of SI.", True),
    ("Inclusion Criteria for Participating Units:", False),
    ("Inclusion Criteria: includes presence of all the following:", False),
    ("Newly added exclusion criteria in version 2.0:", False),
])
def test_a_line_naming_its_section_in_a_sentence_is_a_criterion(tmp_path, line, criterion):
    brat = Brat("Inclusion Criteria:\n  -  ECOG 0 or 1\n" + line + "\n")
    texts = [c.text for c in lct.import_document(brat.write(tmp_path), "x.txt").document.criteria]
    assert texts[0] == "ECOG 0 or 1"
    assert (line.strip(" -") in texts) is criterion


def test_gold_entities_carry_the_modifiers_lct_annotates_apart(tmp_path):
    brat = Brat("Exclusion Criteria:\n  -  Severe uncontrolled hypertension\n  -  renal insufficiency\n"
                "  -  type 2 diabetes\n  -  unstable angina pectoris\n  -  renal\n     failure\n")
    severity, stability = brat.span("Severity", "Severe"), brat.span("Modifier", "uncontrolled")
    renal, subtype = brat.span("Modifier", "renal"), brat.span("Modifier", "type 2")
    unstable, organ = brat.span("Stability", "unstable"), brat.span("Modifier", "renal", after="angina")
    hypertension = brat.span("Condition", "hypertension")
    insufficiency, diabetes = brat.span("Condition", "insufficiency"), brat.span("Condition", "diabetes")
    angina, failure = brat.span("Condition", "angina pectoris"), brat.span("Condition", "failure")
    brat.event("Condition", hypertension, ("Severity", severity))
    brat.event("Modifier", stability, ("Modifies", hypertension))
    # a site or subtype changes what the entity is: it joins the span (the guideline's noun phrase)
    brat.event("Modifier", renal, ("Modifies", insufficiency))
    brat.event("Modifier", subtype, ("Modifies", diabetes))
    # a grade that begins a diagnosis' name joins it too (fixed_names), as the pipeline keeps it
    brat.event("Condition", angina, ("Stability", unstable))
    # a premodifier on the line before stays out
    brat.event("Modifier", organ, ("Modifies", failure))
    brat.write(tmp_path / "brat")
    [gold] = lct.import_corpus(tmp_path)
    found = [(e.text, [(m.text, m.kind) for m in e.modifiers])
             for c in gold.document.criteria for e in c.entities]
    assert found == [("hypertension", [("Severe", "severity"), ("uncontrolled", "stability")]),
                     ("renal insufficiency", []), ("type 2 diabetes", []), ("unstable angina pectoris", []),
                     ("failure", [])]
    assert not offset_problems(gold.document, brat.text)


def test_gold_documents_carry_the_read_thresholds(tmp_path):
    brat = Brat("Inclusion Criteria:\n  -  ECOG 0 or 1\n  -  Child-Pugh C\n"
                "Exclusion Criteria:\n  -  Age < 18 years\n  -  score > 2-3 points\n")
    brat.filtered("Observation", "ECOG", brat.comparison("0 or 1", None, ("0", "1")))
    brat.filtered("Observation", "Child-Pugh", brat.comparison("C", None, ("C",), after="Child-Pugh "))
    brat.filtered("Age", "Age", brat.comparison("< 18 years", ("<", "LT"), ("18",),
                                                **{"Temporal-Unit": "years"}))
    brat.filtered("Observation", "score", brat.comparison("> 2-3", (">", "GT"), ("2", "3")))
    txt = brat.write(tmp_path / "brat")
    [gold] = lct.import_corpus(tmp_path)
    assert gold.source.document == "brat/NCT00000001.txt"
    assert not offset_problems(gold.document, brat.text)
    found = [(c.id, t.kind, t.analyte.text, t.comparator, t.value, t.values, t.unit, t.requirement.comparator)
             for c in gold.document.criteria for t in c.thresholds]
    assert found == [
        ("inc-1", "measurement", "ECOG", "in", None, [0.0, 1.0], None, "in"),
        ("inc-2", "measurement", "Child-Pugh", "=", "C", None, None, "="),
        ("exc-1", "age", "Age", "<", 18.0, None, "years", ">="),
        # two numbers on one bound: kept as a list that matches no prediction
        ("exc-2", "measurement", "score", ">", None, [2.0, 3.0], None, "<="),
    ]
    assert lct.read_document(txt).thresholds[1].categories == ("C",)


def test_a_comparison_naming_no_number_is_gold_without_a_value(tmp_path):
    brat = Brat("Exclusion Criteria:\n  -  hearing above the cut-off values\n")
    brat.filtered("Observation", "hearing", brat.comparison("above the cut-off values", ("above", "GT"),
                                                            ("cut-off values",)))
    brat.write(tmp_path)
    [gold] = lct.import_corpus(tmp_path)
    [t] = gold.document.criteria[0].thresholds
    assert (t.comparator, t.value, t.values, t.requirement.comparator) == (">", None, None, "<=")


# ---- Scoring the LCT gold as the script does ---------------------------------------------------

TEXT = "Inclusion Criteria:\n- Older adults (≥ 65 years), ASA 3, within 4 weeks of surgery\n"


def _threshold(kind: str, analyte: str, written: str, comparator: str, value) -> Threshold:
    a, w = TEXT.index(analyte), TEXT.index(written)
    mention = Analyte(text=analyte, start=a, end=a + len(analyte), name=None, code=None)
    return Threshold(kind=kind, analyte=mention, comparator=comparator, value=value, unit=None,
                     requirement=Requirement.of(comparator, value, None, None, "inclusion"),
                     text=written, start=w, end=w + len(written))


def _document(*thresholds: Threshold) -> TrialDocument:
    line = TEXT.splitlines()[1][2:]
    start = TEXT.index(line)
    return TrialDocument(id="t", criteria=[Criterion(id="inc-1", section="inclusion", text=line, start=start,
                                                     end=start + len(line), thresholds=list(thresholds))])


GOLD = _document(_threshold("age", "years", "≥ 65 years", ">=", 65.0),
                 _threshold("measurement", "ASA", "3", "=", 3.0))
PREDICTED = _document(_threshold("age", "Older", "≥ 65 years", ">=", 65.0),
                      _threshold("measurement", "ASA", "3", "=", "III"),
                      _threshold("time_window", "surgery", "4 weeks", "<=", 4.0))


@pytest.mark.parametrize(("options", "tuples"), [
    ({}, (1, 2, 1)),  # 'III' is 3; the age's words differ; the window is a false positive
    ({"threshold_kinds": {"measurement", "age"}}, (1, 1, 1)),
    ({"threshold_kinds": {"measurement", "age"}, "ages_by_kind": True}, (2, 0, 0)),
])
def test_threshold_kinds_and_ages_by_kind(options, tuples):
    report = score([(TEXT, GOLD, PREDICTED)], **options).to_dict()["thresholds"]
    assert tuple(report["tuples"][k] for k in ("tp", "fp", "fn")) == tuples


def test_ages_by_kind_never_matches_an_age_to_a_measurement():
    gold = _document(_threshold("age", "years", "≥ 65 years", ">=", 65.0))
    predicted = _document(_threshold("measurement", "years", "≥ 65 years", ">=", 65.0))
    assert score([(TEXT, gold, predicted)], ages_by_kind=True).to_dict()["thresholds"]["tuples"]["tp"] == 0
    assert score([(TEXT, gold, predicted)]).to_dict()["thresholds"]["tuples"]["tp"] == 1


def test_evaluate_import_lct_with_the_options(tmp_path):
    brat = Brat(HEAD + "Aged 18 years or older\n")
    brat.filtered("Age", "years", brat.comparison("18 years or older", ("or older", "GTEQ"), ("18",)))
    brat.write(tmp_path / "corpus" / "brat")
    at = brat.text.index("18 years or older")
    line = brat.text.splitlines()[1][5:]
    start = brat.text.index(line)
    aged = Analyte(text="Aged", start=start, end=start + 4, name=None, code=None)
    predicted = TrialDocument(id="NCT00000001", criteria=[Criterion(
        id="inc-1", section="inclusion", text=line, start=start, end=start + len(line), thresholds=[
            Threshold(kind="age", analyte=aged,
                      comparator=">=", value=18.0, unit="years",
                      requirement=Requirement.of(">=", 18.0, None, None, "inclusion"),
                      text="18 years or older", start=at, end=at + 17),
            Threshold(kind="duration", analyte=None, comparator="=", value=18.0, unit="years",
                      requirement=Requirement.of("=", 18.0, None, None, "inclusion"),
                      text="18 years", start=at, end=at + 8)])])
    pred = tmp_path / "pred.json"
    pred.write_text(predicted.model_dump_json())
    base = ["evaluate", "--gold", str(tmp_path / "corpus"), "--import", "lct", "--pred", str(pred),
            "--json", "-"]
    runner = CliRunner()
    plain = json.loads(runner.invoke(app, base).stdout)["thresholds"]["tuples"]
    lct_way = runner.invoke(app, [*base, "--threshold-kinds", "measurement,age", "--ages-by-kind"])
    assert lct_way.exit_code == 0, lct_way.output
    assert (plain["tp"], plain["fp"], plain["fn"]) == (0, 2, 1)
    assert json.loads(lct_way.stdout)["thresholds"]["tuples"] == {**plain, "precision": 1.0, "recall": 1.0,
                                                                  "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    bad = runner.invoke(app, [*base, "--threshold-kinds", "measurement,weight"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("criteria: error: --threshold-kinds measurement,weight: name kinds among")


# ---- On the corpus itself -------------------------------------------------------------------------


def test_the_corpus_reader_and_the_importer_agree(lct_dir):
    docs = {d.name: d for d in lct.read_corpus(lct_dir)[:100]}
    for gold in lct.import_corpus(lct_dir)[:100]:
        doc = docs[gold.document.id]
        imported = [(t.start, t.end, t.analyte.start) for c in gold.document.criteria for t in c.thresholds]
        read = [(t.text_start, t.text_end, t.start) for t in doc.thresholds]
        assert set(imported) <= set(read)
        outside = [t for t in doc.thresholds
                   if not any(c.start <= t.text_start <= c.end for c in gold.document.criteria)]
        assert len(read) - len(imported) == len(outside)


def test_the_script_leaves_a_linking_rule_out_of_a_fresh_grammar():
    """``eval_lct_thresholds.py --without``: the named resolver links nothing any more."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from eval_lct_thresholds import _leave_out

    from nlp.pipeline import build

    pipeline = build()
    text = "Inclusion Criteria:\n- Hemoglobin ≥ 9 g/dL\n"
    assert [t["resolver"] for t in pipeline(text)._.thresholds] == ["lexicon-analyte"]
    _leave_out(pipeline.get_pipe("criteria_thresholds"), ("lexicon-analyte",))
    assert "lexicon-analyte" not in [t["resolver"] for t in pipeline(text)._.thresholds]
    with pytest.raises(SystemExit, match="no linking or kind rule nonesuch"):
        _leave_out(pipeline.get_pipe("criteria_thresholds"), ("nonesuch",))


def test_the_scripts_refuse_a_folder_that_is_no_corpus_or_no_recognizer(tmp_path):
    """Scored on an empty folder, every script printed F1 0 and exited 0, or raised."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import argparse

    from eval_ner import model_arg
    from lct import corpus_arg

    with pytest.raises(argparse.ArgumentTypeError, match="not the LCT corpus"):
        corpus_arg(str(tmp_path))
    (tmp_path / "brat").mkdir()
    (tmp_path / "brat" / "NCT0.ann").write_text("", encoding="utf-8")
    with pytest.raises(argparse.ArgumentTypeError, match="not the LCT corpus"):  # no text beside it
        corpus_arg(str(tmp_path))
    (tmp_path / "brat" / "NCT0.txt").write_text("Inclusion Criteria:\n", encoding="utf-8")
    assert corpus_arg(str(tmp_path)) == tmp_path
    with pytest.raises(argparse.ArgumentTypeError, match="no split.json"):
        model_arg(str(tmp_path))
