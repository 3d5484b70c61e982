"""Document scoring: entities with attributes, criteria, thresholds, and the error listing."""

import pytest

from nlp.schema import Analyte, Criterion, Entity, Normalized, Requirement, Threshold, TrialDocument
from nlp.score import context, render, score

TEXT = ("Inclusion Criteria:\n- No ascites, platelets ≥ 50×10^9/L\n"
        "Exclusion Criteria:\n- History of stroke\n- Bilirubin > 2 × ULN\n")


def at(phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def entity(phrase: str, label: str, section: str = "inclusion", **flags) -> Entity:
    start, end = at(phrase)
    flipped = {"inclusion": "exclusion", "exclusion": "inclusion"}[section]
    return Entity(label=label, text=phrase, start=start, end=end,
                  polarity=flipped if flags.get("negated") else section, **flags)


def criterion(cid: str, phrase: str, section: str, entities=(), thresholds=()) -> Criterion:
    start, end = at(phrase)
    return Criterion(id=cid, section=section, text=phrase, start=start, end=end,
                     entities=list(entities), thresholds=list(thresholds))


def threshold(analyte: str | None, written: str, comparator: str, value, unit=None, relative_to=None,
              section="inclusion", kind="measurement", normalized=None) -> Threshold:
    start, end = at(written)
    mention = None
    if analyte is not None:
        a_start, a_end = at(analyte)
        mention = Analyte(text=analyte, start=a_start, end=a_end, name=None, code=None)
    return Threshold(kind=kind, analyte=mention, comparator=comparator, value=value, unit=unit,
                     relative_to=relative_to, normalized=normalized,
                     requirement=Requirement.of(comparator, value, None, None, section),
                     text=written, start=start, end=end)


PLATELETS = Normalized(value=50.0, unit="1e9/L", factor=1.0)


def gold() -> TrialDocument:
    return TrialDocument(id="t", criteria=[
        criterion("inc-1", "No ascites, platelets ≥ 50×10^9/L", "inclusion",
                  [entity("ascites", "CONDITION", negated=True), entity("platelets", "MEASUREMENT")],
                  [threshold("platelets", "≥ 50×10^9/L", ">=", 50.0, "×10^9/L", normalized=PLATELETS)]),
        criterion("exc-1", "History of stroke", "exclusion",
                  [entity("stroke", "CONDITION", "exclusion", historical=True)]),
        criterion("exc-2", "Bilirubin > 2 × ULN", "exclusion",
                  [entity("Bilirubin", "MEASUREMENT", "exclusion")],
                  [threshold("Bilirubin", "> 2 × ULN", ">", 2.0, relative_to="ULN", section="exclusion")]),
    ])


def test_identical_documents_score_perfectly():
    report = score([(TEXT, gold(), gold())]).to_dict(errors=True)
    assert report["entities"]["micro"]["strict"]["f1"] == 1.0
    assert report["attributes"]["negated"]["f1"] == 1.0
    assert report["attributes"]["historical"]["f1"] == 1.0
    assert report["attributes"]["polarity"]["accuracy"] == 1.0
    assert report["criteria"]["boundaries"]["f1"] == 1.0 and report["criteria"]["section"]["accuracy"] == 1.0
    assert report["thresholds"]["tuples"]["f1"] == 1.0
    assert report["thresholds"]["unit"]["accuracy"] == report["thresholds"]["normalized"]["accuracy"] == 1.0
    assert report["errors"] == []


def test_attribute_errors_are_counted_on_strict_matches_only():
    predicted = gold()
    inc = predicted.criteria[0]
    inc.entities[0] = entity("ascites", "CONDITION")  # negation missed
    inc.entities[1] = entity("platelets", "CONDITION")  # wrong label: no strict match
    report = score([(TEXT, gold(), predicted)])
    scores = report.to_dict()
    assert scores["attributes"]["negated"] == pytest.approx(
        {"precision": 0.0, "recall": 0.0, "f1": 0.0, "accuracy": 2 / 3, "tp": 0, "fp": 0, "fn": 1, "tn": 2})
    assert scores["attributes"]["polarity"]["right"] == 2 and scores["attributes"]["polarity"]["total"] == 3
    assert scores["entities"]["micro"]["strict"]["f1"] == pytest.approx(0.75)
    assert scores["entities"]["micro"]["exact"]["f1"] == 1.0
    kinds = {(e.kind, e.error, e.text) for e in report.errors}
    assert kinds == {("attribute", "negated", "ascites"), ("attribute", "polarity", "ascites"),
                     ("entity", "false negative", "platelets"), ("entity", "false positive", "platelets")}


def test_criteria_boundaries_sections_and_parents():
    predicted = gold()
    predicted.criteria[1] = criterion("exc-1", "History of", "exclusion")
    moved = {"section": "inclusion", "parent": "exc-1"}
    predicted.criteria[2] = predicted.criteria[2].model_copy(update=moved)
    scores = score([(TEXT, gold(), predicted)]).to_dict()["criteria"]
    assert scores["boundaries"] == pytest.approx(
        {"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "tp": 2, "fp": 1, "fn": 1})
    assert scores["section"]["right"] == 1 and scores["section"]["total"] == 2
    assert scores["parent"]["right"] == 1


@pytest.mark.parametrize(("changes", "tuple_f1", "unit", "normalized"), [
    ({"analyte": "No ascites, platelets"}, 1.0, 1.0, 1.0),  # overlapping analyte span still matches
    ({"unit": "G/L", "normalized": None}, 1.0, 0.5, 0.5),
    ({"comparator": ">"}, 0.5, 1.0, 1.0),
    ({"value": 5.0}, 0.5, 1.0, 1.0),
    ({"analyte": "ascites"}, 0.5, 1.0, 1.0),  # analyte does not overlap the gold one
    ({"analyte": None}, 1.0, 1.0, 1.0),  # no analyte: the threshold texts overlap
])
def test_threshold_tuples_then_fields_on_matches(changes, tuple_f1, unit, normalized):
    fields = {"analyte": "platelets", "written": "≥ 50×10^9/L", "comparator": ">=", "value": 50.0,
              "unit": "×10^9/L", "normalized": PLATELETS} | changes
    predicted = gold()
    predicted.criteria[0].thresholds[0] = threshold(**fields)
    scores = score([(TEXT, gold(), predicted)]).to_dict()["thresholds"]
    assert scores["tuples"]["f1"] == pytest.approx(tuple_f1)
    assert scores["unit"]["accuracy"] == pytest.approx(unit)
    assert scores["normalized"]["accuracy"] == pytest.approx(normalized)
    assert scores["by_kind"]["measurement"]["f1"] == pytest.approx(tuple_f1)


def test_errors_carry_context_on_one_line():
    expected = "10^9/L Exclusion Criteria: - History of [stroke] - Bilirubin > 2 × ULN"
    assert context(TEXT, *at("stroke")) == expected


def test_render_lists_every_section_of_the_report():
    table = render(score([(TEXT, gold(), gold())]).to_dict())
    for heading in ("micro", "  CONDITION", "negated", "polarity", "criteria boundaries", "thresholds tuples",
                    "unit accuracy on matches: 1.000 (2/2)"):
        assert heading in table
