"""Corpus importers: Chia on a small fixture written in its format, LCT on the corpus itself."""

from pathlib import Path

import pytest

from nlp.gold import offset_problems
from nlp.importers import chia, lct
from nlp.importers.brat import read_text

CHIA = Path(__file__).parent / "fixtures" / "chia"


def test_chia_offsets_count_carriage_returns():
    [exc, inc] = chia.import_corpus(CHIA)
    assert (inc.document.id, inc.source.document) == ("NCT00000001", "NCT00000001_inc.txt")
    assert not offset_problems(inc.document, read_text(CHIA / "NCT00000001_inc.txt"))
    assert [c.text for c in inc.document.criteria] == [
        "Age >= 18 years", "Hemoglobin > 9 g/dL", "Histologically confirmed breast cancer"]
    assert inc.document.criteria[1].start == 17  # 'Age >= 18 years\r\n' is 17 characters


def test_chia_labels_negation_and_values():
    [exc, inc] = chia.import_corpus(CHIA)
    entities = [(e.label, e.text, e.negated, e.polarity) for c in exc.document.criteria for e in c.entities]
    assert entities == [("CONDITION", "Pregnancy", False, "exclusion"),
                        ("DRUG", "chemotherapy", True, "inclusion"),
                        ("DEVICE", "Pacemaker", False, "exclusion")]
    thresholds = [(t.kind, t.analyte.text, t.comparator, t.value, t.unit)
                  for c in inc.document.criteria for t in c.thresholds]
    assert thresholds == [("age", "Age", ">=", 18.0, "years"),
                          ("measurement", "Hemoglobin", ">", 9.0, "g/dL")]


def test_lct_import(lct_dir):
    [doc] = [lct.import_document(lct_dir / "brat" / "NCT03860194.txt", "brat/NCT03860194.txt")]
    assert not offset_problems(doc.document, read_text(lct_dir / "brat" / "NCT03860194.txt"))
    criteria = doc.document.criteria
    assert criteria[0].text == "Older adults (≥ 65 years)" and criteria[0].section == "inclusion"
    assert any(c.section == "exclusion" and c.text.startswith("Subject's life expectancy") for c in criteria)
    ammi = [t for c in criteria for t in c.thresholds if t.analyte.text == "AMMI"]
    assert [(t.comparator, t.value) for t in ammi] == [("<", 7.0), ("<", 5.7)]


@pytest.mark.parametrize("label", ["CONDITION", "DRUG", "PROCEDURE", "MEASUREMENT", "OBSERVATION",
                                   "DEMOGRAPHIC"])
def test_lct_corpus_maps_every_label(lct_dir, label):
    docs = lct.import_corpus(lct_dir)[:100]
    assert any(e.label == label for d in docs for c in d.document.criteria for e in c.entities)
