"""CI gate: the pipeline must reach the floors committed in ``annotations/floors.json``, on the
hand-annotated seed pages in ``annotations/seeds/`` and, when it is present, on the LCT
development corpus (CC BY 4.0). The recognizer was trained on LCT, so entity and attribute
metrics there count only the dev trials it never saw (``models/ner/split.json``); criteria,
sections and the scripts' metrics use all 797. Raise a floor deliberately when quality improves.
The LCT gold is read once (``nlp.importers.lct``): scored by ``nlp/score.py`` the way the
thresholds script scores it, its threshold F1 stays within 0.01 of the script's."""

import json
import sys
from functools import reduce
from pathlib import Path

from nlp import doc_to_document
from nlp.gold import read_gold, resolve
from nlp.importers import lct
from nlp.match.score import score_cases
from nlp.schema import MatchingCases
from nlp.score import score

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "annotations" / "floors.json").read_text(encoding="utf-8"))

sys.path.insert(0, str(ROOT / "scripts"))

from eval_lct_negation import negation_scores  # noqa: E402
from eval_lct_sections import section_agreement  # noqa: E402
from eval_lct_thresholds import threshold_scores  # noqa: E402
from eval_ner import dev_ids  # noqa: E402


def shortfalls(floors: dict, measured: dict) -> list[str]:
    """Every metric below its floor, as 'path: measured < floor'."""
    low = []
    for path, entry in floors.items():
        value = reduce(lambda node, key: node[key], path.split("."), measured)
        if value < entry["floor"]:
            low.append(f"{path}: {value:.4f} < {entry['floor']}")
    return low


def scored_triples(pipeline, golds) -> list[tuple]:
    """(text, gold document, predicted document) per gold, as ``score`` takes them."""
    docs = pipeline.pipe(g.text for g in golds)
    return [(g.text, g.document.document, doc_to_document(doc, g.document.document.id))
            for g, doc in zip(golds, docs, strict=True)]


def test_floors_name_real_metrics():
    assert shortfalls({"thresholds.tuples.f1": {"floor": 0.5}}, {"thresholds": {"tuples": {"f1": 0.4}}}) == [
        "thresholds.tuples.f1: 0.4000 < 0.5"]
    for section in ("seeds", "lct", "matching"):
        assert all(entry["measured"] >= entry["floor"] for entry in FLOORS[section].values())


def test_seed_gold_gate(pipeline):
    golds = list(read_gold(ROOT / "annotations" / "seeds"))
    assert len(golds) == 5
    assert shortfalls(FLOORS["seeds"], score(scored_triples(pipeline, golds)).to_dict()) == []


def test_lct_development_gate(pipeline, lct_dir):
    golds = [resolve(d, d.source.document, lct_dir) for d in lct.import_corpus(lct_dir)]
    assert len(golds) == 797
    docs, total, agree, _ = section_agreement(lct_dir)
    triples, dev = scored_triples(pipeline, golds), dev_ids()
    as_the_script = score(triples, threshold_kinds={"measurement", "age"}, ages_by_kind=True).to_dict()
    measured = {
        "evaluate": score(triples).to_dict(),
        "dev": score(t for t in triples if t[1].id in dev).to_dict(),
        "scripts": {"sections": {"agreement": agree / total},
                    "negation": negation_scores(lct_dir),
                    "negation_medspacy_default": negation_scores(lct_dir, medspacy_default=True),
                    "thresholds": threshold_scores(lct_dir)},
    }
    assert shortfalls(FLOORS["lct"], measured) == []
    # one reader, one matching rule: `criteria evaluate --import lct` and the script count the same
    tuples, script = as_the_script["thresholds"]["tuples"], measured["scripts"]["thresholds"]
    assert (tuples["tp"], tuples["fp"], tuples["fn"]) == (script["tp"], script["fp"], script["fn"])
    gain = measured["scripts"]["negation"]["f1"] - measured["scripts"]["negation_medspacy_default"]["f1"]
    assert gain > 0.2


def test_lct_reader_keeps_the_comparisons_annotators_linked_to_nothing(lct_dir):
    doc = lct.read_document(lct_dir / "brat" / "NCT03860220.txt")
    assert "≤ 250 mg/dL" in [doc.text[start:end] for start, end in doc.unlinked]
    assert not {(t.text_start, t.text_end) for t in doc.thresholds} & set(doc.unlinked)


def test_matching_cases_name_real_criteria():
    """Each case fails only top-level criteria of its trial's gold, and at least 60 cases are kept."""
    count = 0
    for path in sorted((ROOT / "annotations" / "matching").glob("*.json")):
        cases = MatchingCases.model_validate_json(path.read_bytes())
        gold = next(read_gold(ROOT / cases.trial))
        top = {c.id for c in gold.document.document.criteria if c.parent is None}
        for case in cases.cases:
            assert set(case.failing) <= top, (path.name, case.patient.id)
            assert (case.verdict == "ineligible") == bool(case.failing), (path.name, case.patient.id)
            count += 1
    assert count >= 60


def test_matching_gate(pipeline):
    measured = score_cases(ROOT / "annotations" / "matching", pipeline, root=ROOT).report()
    assert shortfalls(FLOORS["matching"], measured) == []
