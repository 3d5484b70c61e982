import csv
import json

import pytest

from nlp.schema import (
    Abbreviation,
    AbbreviationForm,
    Analyte,
    Criterion,
    Entity,
    LogicNode,
    LogicRef,
    Modifier,
    Normalized,
    RegistryEligibility,
    Requirement,
    Threshold,
    TrialDocument,
)
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
    assert counts == {"trials": 1, "criteria": 1, "entities": 0, "thresholds": 2, "abbreviations": 0}
    with (tmp_path / "thresholds.csv").open() as f:
        table = list(csv.DictReader(f))
    assert [(r["trial_id"], r["criterion_id"], r["comparator"], r["value"]) for r in table] == [
        ("NCT1", "exc-1", "in", ""), ("NCT1", "exc-1", "between", "9.0")]


def full_document():
    """Every kind of field: an entity with a modifier and an expansion, a permission (no
    requirement), a criterion's logic, an abbreviation."""
    text = "Uncontrolled HCC; sorafenib is permitted > 24 hours before"
    hcc = Entity(id="exc-1/e1", label="CONDITION", text="HCC", start=13, end=16, polarity="exclusion",
                 modifiers=[Modifier(kind="stability", text="Uncontrolled", start=0, end=12)],
                 expansion="Hepatocellular carcinoma")
    permitted = Threshold(id="exc-1/t1", kind="time_window", analyte=None, comparator=">", value=24.0,
                          unit="hours", requirement=None, modality="permission", text="> 24 hours",
                          start=40, end=50)
    crit = Criterion(id="exc-1", section="exclusion", text=text, start=0, end=len(text), entities=[hcc],
                     thresholds=[permitted], logic=LogicNode(op="not", args=[LogicRef(ref="exc-1/e1")]))
    abbreviation = Abbreviation(short=AbbreviationForm(text="HCC", start=13, end=16),
                                long=AbbreviationForm(text="Hepatocellular carcinoma", start=100, end=124))
    return TrialDocument(id="NCT2", criteria=[crit], abbreviations=[abbreviation])


def test_every_field_of_a_full_document_has_its_column():
    got = list(rows([full_document()]))
    assert sorted({table for table, _ in got}) == sorted(COLUMNS)
    for table, row in got:
        assert sorted(row) == sorted(name for name, _ in COLUMNS[table]), table
    by_table = {table: row for table, row in got}
    entity, threshold = by_table["entities"], by_table["thresholds"]
    assert (entity["entity_id"], entity["expansion"]) == ("exc-1/e1", "Hepatocellular carcinoma")
    assert json.loads(entity["modifiers"]) == [{"kind": "stability", "text": "Uncontrolled", "start": 0,
                                                "end": 12}]
    assert (threshold["threshold_id"], threshold["modality"], threshold["requirement_comparator"],
            threshold["requirement_value"]) == ("exc-1/t1", "permission", None, None)
    assert json.loads(by_table["criteria"]["logic"]) == {"op": "not", "args": [{"ref": "exc-1/e1"}]}
    assert (by_table["abbreviations"]["short_text"], by_table["abbreviations"]["long_start"]) == ("HCC", 100)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_full_document_writes_in_each_format(tmp_path, fmt):
    counts = write_tables([full_document(), document()], tmp_path, fmt)
    assert counts == {"trials": 2, "criteria": 2, "entities": 1, "thresholds": 3, "abbreviations": 1}


def test_each_model_field_is_a_column_or_a_table():
    """A field added to the output schema without a column fails here."""
    columns = {name for table in COLUMNS.values() for name, _ in table}
    tables_of = {"criteria", "entities", "thresholds", "abbreviations"}
    renamed = {"id"}  # trial_id, criterion_id, entity_id, threshold_id
    nested = {"analyte", "normalized", "requirement", "registry"}  # flattened into prefixed columns
    for model in (TrialDocument, Criterion, Entity, Threshold):
        for name in model.model_fields:
            assert (name in columns or name in tables_of or name in renamed
                    or name in nested), f"{model.__name__}.{name}"
    for prefix, model in (("analyte_", Analyte), ("normalized_", Normalized), ("requirement_", Requirement)):
        for name in model.model_fields:
            assert f"{prefix}{name}" in columns, f"{prefix}{name}"
    for name in RegistryEligibility.model_fields:
        assert name in columns or f"registry_{name}" in columns, name
