"""diff: agreement of two annotation sets, checked against values computed by hand."""

import pytest
from test_annotate_brat import ANNOTATION, TEXT, sample

from nlp.annotate.diff import cohen_kappa, diff, render
from nlp.gold import Gold
from nlp.schema import Analyte, Criterion, Entity, GoldDocument, Requirement, Threshold, TrialDocument

SMALL = "Inclusion Criteria:\n- No ascites or liver cancer, no sorafenib, age >= 18\n"


def small_span(phrase: str) -> dict:
    start = SMALL.index(phrase)
    return {"text": phrase, "start": start, "end": start + len(phrase)}


def small(entities: list[tuple[str, str, bool]], thresholds=(), doc_id="d1") -> Gold:
    criterion = Criterion(
        id="inc-1", section="inclusion", **small_span("No ascites or liver cancer, no sorafenib, age >= 18"),
        entities=[Entity(label=label, negated=negated, polarity="exclusion" if negated else "inclusion",
                         **small_span(phrase)) for phrase, label, negated in entities],
        thresholds=list(thresholds))
    document = GoldDocument(text=SMALL, annotation=ANNOTATION,
                            document=TrialDocument(id=doc_id, criteria=[criterion]))
    return Gold(document, SMALL, f"{doc_id}.json")


def age(value: float, analyte: str | None = "age") -> Threshold:
    mention = None if analyte is None else Analyte(name=None, code=None, **small_span(analyte))
    return Threshold(kind="age", analyte=mention, comparator=">=", value=value, unit=None,
                     requirement=Requirement(comparator=">=", value=value), **small_span(">= 18"))


def test_identical_sets_agree_perfectly():
    gold = Gold(GoldDocument(text=TEXT, annotation=ANNOTATION, document=sample()), TEXT, "a.json")
    report = diff([gold], [gold])
    assert report.documents == ["NCT00000001"] and report.disagreements == []
    assert all(row.f1 == 1.0 and row.kappa == 1.0 for row in report.labels.values())
    assert report.overall.f1 == 1.0 and report.overall.kappa == 1.0
    assert all(a.rate == 1.0 and a.matched == 7 for a in report.attributes.values())
    assert (report.thresholds.matched, report.thresholds.f1) == (7, 1.0)


def test_a_small_case_computed_by_hand():
    a = small([("ascites", "CONDITION", True), ("liver cancer", "CONDITION", False),
               ("sorafenib", "DRUG", False)], [age(18.0)])
    b = small([("ascites", "CONDITION", False), ("cancer", "CONDITION", False),
               ("sorafenib", "CONDITION", False)], [age(18.0), age(21.0, None)])
    report = diff([a], [b])
    # Tokens inside the criterion: No ascites or liver cancer , no sorafenib , age > = 18  (13)
    # A: O C O C C O O D O O O O O      B: O C O O C O O C O O O O O
    assert report.tokens == 13
    # CONDITION, binary: A has 3 tokens, B 3; they differ on 'liver' and 'sorafenib'.
    #   po = 11/13; pe = (3/13)(3/13) + (10/13)(10/13) = 109/169
    #   kappa = (143/169 - 109/169) / (60/169) = 34/60 = 0.5667
    assert report.labels["CONDITION"].kappa == pytest.approx(34 / 60)
    # DRUG, binary: A has 1 token ('sorafenib'), B none. po = 12/13; pe = (1/13)(0) + (12/13)(13/13)
    #   = 12/13, so kappa = 0.
    assert report.labels["DRUG"].kappa == pytest.approx(0.0)
    # Overall, classes O/C/D: A O 9, C 3, D 1; B O 10, C 3, D 0. po = 11/13;
    #   pe = (9*10 + 3*3 + 1*0) / 169 = 99/169; kappa = (143 - 99) / (169 - 99) = 44/70 = 0.6286
    assert report.overall.kappa == pytest.approx(44 / 70)
    # Strict spans: CONDITION A 2, B 3, matched 1 ('ascites'): F1 2/5; DRUG A 1, B 0: F1 0;
    # all: A 3, B 3, matched 1: F1 1/3.
    assert (report.labels["CONDITION"].f1, report.labels["DRUG"].f1) == (pytest.approx(0.4), 0.0)
    assert report.overall.f1 == pytest.approx(1 / 3)
    # 'ascites' is matched; A negates it, B does not, so negated and polarity disagree.
    assert (report.attributes["negated"].agree, report.attributes["negated"].matched) == (0, 1)
    assert report.attributes["polarity"].rate == 0.0 and report.attributes["historical"].rate == 1.0
    assert (report.thresholds.a, report.thresholds.b, report.thresholds.matched) == (1, 2, 1)
    listed = {(d.kind, d.which, d.label, d.text) for d in report.disagreements}
    assert listed == {("entity", "A only", "CONDITION", "liver cancer"),
                      ("entity", "A only", "DRUG", "sorafenib"),
                      ("entity", "B only", "CONDITION", "cancer"),
                      ("entity", "B only", "CONDITION", "sorafenib"),
                      ("attribute", "A vs B", "negated", "ascites"),
                      ("attribute", "A vs B", "polarity", "ascites"),
                      ("threshold", "B only", "age", ">= 18")}
    liver = next(d for d in report.disagreements if d.text == "liver cancer")
    assert liver.document == "d1" and "or [liver cancer], no sorafenib" in liver.context


def test_documents_in_one_set_only_or_with_another_text_are_listed():
    a = small([], doc_id="d1")
    b = [small([], doc_id="d2"), Gold(a.document, SMALL + "changed", "b.json")]
    report = diff([a], b)
    assert (report.only_in_a, report.only_in_b, report.text_differs) == ([], ["d2"], ["d1"])
    assert report.documents == [] and report.overall.kappa is None
    with pytest.raises(ValueError, match="document d1 is in set A twice"):
        diff([a, a], b)


def test_kappa_of_plain_ratings():
    # po = 3/4; pe = (2/4)(1/4) + (2/4)(3/4) = 8/16; kappa = (12/16 - 8/16) / (8/16) = 0.5
    assert cohen_kappa([(1, 1), (1, 0), (0, 0), (0, 0)]) == pytest.approx(0.5)
    assert cohen_kappa([]) is None and cohen_kappa([("x", "x")]) == 1.0


def test_render_and_to_dict():
    a = small([("ascites", "CONDITION", True)])
    b = small([("ascites", "CONDITION", True), ("sorafenib", "DRUG", False)])
    report = diff([a], [b])
    table = render(report, disagreements=True)
    assert "CONDITION" in table and "d1\tentity\tB only\t" in table and "thresholds: A 0, B 0" in table
    as_dict = report.to_dict()
    assert as_dict["entities"]["by_label"]["DRUG"] == {"a": 0, "b": 1, "matched": 0, "f1": 0.0,
                                                       "kappa": pytest.approx(0.0)}
    assert as_dict["disagreements"][0]["which"] == "B only"
