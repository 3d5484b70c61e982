import csv

from nlp.schema import Analyte, Criterion, Requirement, Threshold, TrialDocument
from nlp.tables import COLUMNS, rows, write_tables


def document():
    text = "Child-Pugh A5-B7"
    analyte = Analyte(text="Child-Pugh", start=0, end=10, name="Child-Pugh score", code=None)
    threshold = Threshold(
        kind="measurement", analyte=analyte, comparator="in", value=None, values=["A5", "A6", "B7"],
        unit=None, requirement=Requirement(comparator="in", values=["A5", "A6", "B7"]),
        text="A5-B7", start=11, end=16)
    hb = Threshold(
        kind="measurement", analyte=None, comparator="between", value=9.0, upper=12.0, unit="g/dL",
        requirement=Requirement(comparator="outside", value=9.0, upper=12.0), text="A5-B7", start=11, end=16)
    crit = Criterion(id="exc-1", section="exclusion", text=text, start=0, end=16, thresholds=[threshold, hb])
    return TrialDocument(id="NCT1", criteria=[crit])


def test_rows_have_exactly_the_declared_columns_and_split_bounds():
    got = list(rows([document()]))
    assert [table for table, _ in got] == ["trials", "criteria", "thresholds", "thresholds"]
    for table, row in got:
        assert sorted(row) == sorted(name for name, _ in COLUMNS[table])
    child_pugh, hb = (row for table, row in got if table == "thresholds")
    assert (child_pugh["values"], child_pugh["value"], child_pugh["requirement_values"]) == (
        '["A5", "A6", "B7"]', None, '["A5", "A6", "B7"]')
    assert (hb["value"], hb["upper"], hb["requirement_comparator"], hb["analyte_text"]) == (
        9.0, 12.0, "outside", None)


def test_csv_tables(tmp_path):
    counts = write_tables([document()], tmp_path, "csv")
    assert counts == {"trials": 1, "criteria": 1, "entities": 0, "thresholds": 2}
    with (tmp_path / "thresholds.csv").open() as f:
        table = list(csv.DictReader(f))
    assert [(r["trial_id"], r["criterion_id"], r["comparator"], r["value"]) for r in table] == [
        ("NCT1", "exc-1", "in", ""), ("NCT1", "exc-1", "between", "9.0")]
