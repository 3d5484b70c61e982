"""The entity scorer agrees with nervaluate (the reference implementation) on the same inputs."""

import random

import pytest
from nervaluate import Evaluator

from nlp.evaluate import SCHEMES, Span, score_entities

LABELS = ["CONDITION", "DRUG", "MEASUREMENT"]


def random_document(rng: random.Random) -> tuple[list[Span], list[Span]]:
    gold = []
    for start in sorted(rng.sample(range(0, 200, 7), rng.randint(0, 8))):
        gold.append(Span(rng.choice(LABELS), start, start + rng.randint(1, 6)))
    predicted = []
    for g in gold:
        roll = rng.random()
        if roll < 0.4:
            predicted.append(g)  # exact
        elif roll < 0.6:
            predicted.append(Span(rng.choice(LABELS), g.start, g.end))  # maybe another label
        elif roll < 0.8:
            predicted.append(Span(g.label, g.start + rng.randint(0, 2), g.end + rng.randint(1, 3)))
    for _ in range(rng.randint(0, 3)):
        start = rng.randrange(200)
        predicted.append(Span(rng.choice(LABELS), start, start + rng.randint(1, 10)))
    return gold, predicted


def as_nervaluate(spans: list[Span]) -> list[dict]:
    return [{"label": s.label, "start": s.start, "end": s.end - 1} for s in spans]  # inclusive ends


@pytest.mark.parametrize("seed", range(20))
def test_agrees_with_nervaluate(seed):
    rng = random.Random(seed)
    docs = [random_document(rng) for _ in range(5)]
    reference = Evaluator([as_nervaluate(g) for g, _ in docs], [as_nervaluate(p) for _, p in docs],
                          tags=LABELS, loader="dict").evaluate()
    ours = score_entities(docs)
    for scheme in SCHEMES:
        expected, got = reference["overall"][scheme], ours.overall[scheme]
        assert (got.correct, got.incorrect, got.partial, got.missed, got.spurious) == (
            expected.correct, expected.incorrect, expected.partial, expected.missed, expected.spurious)
        assert got.scores()["f1"] == pytest.approx(expected.f1)
        for label, by_scheme in reference["entities"].items():
            assert ours.by_label[label][scheme].scores()["f1"] == pytest.approx(by_scheme[scheme].f1)


def test_report_has_micro_macro_and_labels():
    gold, predicted = [Span("DRUG", 0, 5)], [Span("DRUG", 0, 5), Span("CONDITION", 9, 12)]
    report = score_entities([(gold, predicted)]).to_dict()
    assert report["micro"]["strict"]["precision"] == 0.5 and report["micro"]["strict"]["recall"] == 1.0
    assert report["by_label"]["CONDITION"]["strict"]["f1"] == 0.0
    assert report["macro"]["strict"]["f1"] == pytest.approx(0.5)
