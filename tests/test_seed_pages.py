"""End to end over the five seed pages; counts and texts were read off the pages by hand."""

import pytest

from nlp import extract

# file -> (trial id, inclusion count, exclusion count, [(id, parent, start, end, text)])
EXPECTED = {
    "000_4d871fb51e493958.txt": ("NCT04587739", 3, 5, [
        ("inc-1", None, 5218, 5279, "Biopsy-proven hepatocellular carcinoma or EASL/AASLD criteria"),
        ("exc-1", None, 5491, 5514, "Performance status \\> 2"),
    ]),
    "001_53ecf421e36037f2.txt": ("NCT05602974", 12, 11, [
        ("inc-8.1", "inc-8", 4723, 4807,
         "Marrow: absolute neutrophil count ≥1.5×109/L; platelets ≥50×109/L; hemoglobin ≥90g/L"),
        ("exc-11", None, 6429, 6488, "Received a live vaccine within 30 days before radiotherapy."),
    ]),
    "002_f15ba9c0d6737b47.txt": ("NCT05349331", 15, 11, [
        ("inc-1", None, 2445, 2462, "Age ≥18 years old"),
        ("inc-5.2", "inc-5", 3173, 3262,
         "Two consecutive tumor markers (one month apart) AFP ≤ the upper limit of the normal value"),
    ]),
    "003_a6dd480056656803.txt": ("NCT07063888", 12, 6, [
        ("inc-7.2", "inc-7", 2006, 2090,
         "Lymph node metastasis involving the paracardial region or below the renal vein level"),
        ("exc-6", None, 2649, 2681, "Duration from surgery ≥ 4 months"),
    ]),
    "004_efa4da7acf165dce.txt": ("NCT07282184", 8, 6, [
        ("inc-6", None, 6204, 6258, "Performance Status: ECOG Performance Status of 0 or 1."),
    ]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_page(seeds_dir, name):
    text = (seeds_dir / name).read_text(encoding="utf-8")
    trial, n_inc, n_exc, samples = EXPECTED[name]
    doc = extract(text, name)
    assert doc.id == trial
    sections = [c.section for c in doc.criteria]
    assert (sections.count("inclusion"), sections.count("exclusion")) == (n_inc, n_exc)
    by_id = {c.id: c for c in doc.criteria}
    for cid, parent, start, end, crit_text in samples:
        crit = by_id[cid]
        assert (crit.parent, crit.start, crit.end, crit.text) == (parent, start, end, crit_text)
    for crit in doc.criteria:
        assert text[crit.start : crit.end] == crit.text
        for ent in crit.entities:
            assert text[ent.start : ent.end] == ent.text


def test_seed_entities_carry_negation_and_polarity(seeds_dir):
    doc = extract((seeds_dir / "002_f15ba9c0d6737b47.txt").read_text(encoding="utf-8"))
    ascites = [e for c in doc.criteria for e in c.entities if e.text == "ascites"]
    assert [(e.negated, e.polarity) for e in ascites] == [(True, "exclusion")]
    plain = extract((seeds_dir / "000_4d871fb51e493958.txt").read_text(encoding="utf-8"))
    assert all("Who May" not in c.text for c in plain.criteria)
