"""Flat tables of a batch's output for pandas and R: trials, criteria, entities, thresholds and
abbreviations, keyed by ``trial_id`` and ``criterion_id``, as Parquet (pyarrow) or CSV.

Every field of the output has its column. A threshold's bound is a number or an ordinal
category (Child-Pugh "B7"): each bound gets a float column (``value``) and a string column
(``value_category``), one of them null; lists and trees (``values``, an entity's ``modifiers``,
a criterion's ``logic``) are JSON strings; a permission's requirement (null) leaves its columns null.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from .schema import RegistryEligibility, TrialDocument

ROWS_PER_GROUP = 10_000

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "trials": [
        ("trial_id", "str"), ("schema_version", "str"), ("criteria", "int"),
        ("registry_source", "str"), ("minimum_age", "str"), ("maximum_age", "str"),
        ("minimum_age_years", "float"), ("maximum_age_years", "float"), ("sex", "str"),
        ("healthy_volunteers", "bool"),
    ],
    "criteria": [
        ("trial_id", "str"), ("criterion_id", "str"), ("section", "str"), ("parent", "str"),
        ("start", "int"), ("end", "int"), ("text", "str"), ("logic", "str"),
    ],
    "entities": [
        ("trial_id", "str"), ("criterion_id", "str"), ("entity_id", "str"), ("label", "str"),
        ("text", "str"), ("start", "int"), ("end", "int"), ("negated", "bool"), ("historical", "bool"),
        ("hypothetical", "bool"), ("family", "bool"), ("exception", "bool"), ("polarity", "str"),
        ("modifiers", "str"), ("expansion", "str"),
    ],
    "thresholds": [
        ("trial_id", "str"), ("criterion_id", "str"), ("threshold_id", "str"), ("kind", "str"),
        ("analyte_text", "str"),
        ("analyte_start", "int"), ("analyte_end", "int"), ("analyte_name", "str"),
        ("analyte_code", "str"), ("comparator", "str"), ("value", "float"), ("value_category", "str"),
        ("upper", "float"), ("upper_category", "str"), ("lower_inclusive", "bool"),
        ("upper_inclusive", "bool"), ("values", "str"), ("unit", "str"), ("relative_to", "str"),
        ("normalized_value", "float"), ("normalized_upper", "float"), ("normalized_unit", "str"),
        ("normalized_factor", "float"), ("normalized_offset", "float"), ("normalization_error", "str"),
        ("requirement_comparator", "str"), ("requirement_value", "float"),
        ("requirement_value_category", "str"), ("requirement_upper", "float"),
        ("requirement_upper_category", "str"), ("requirement_values", "str"), ("modality", "str"),
        ("condition", "str"), ("resolver", "str"), ("text", "str"), ("start", "int"), ("end", "int"),
        ("analyte_aliases", "str"),
    ],
    "abbreviations": [
        ("trial_id", "str"), ("short_text", "str"), ("short_start", "int"), ("short_end", "int"),
        ("long_text", "str"), ("long_start", "int"), ("long_end", "int"),
    ],
}
FORMATS = ("parquet", "csv")


class TablesError(Exception):
    """Tables that cannot be written (pyarrow missing for Parquet, say)."""


def rows(documents: Iterable[TrialDocument]) -> Iterator[tuple[str, dict]]:
    """(table name, row) for every trial, criterion, entity, threshold and abbreviation."""
    for doc in documents:
        registry = (doc.registry.model_dump() if doc.registry
                    else dict.fromkeys(RegistryEligibility.model_fields))
        registry["registry_source"] = registry.pop("source")
        yield "trials", {"trial_id": doc.id, "schema_version": doc.schema_version,
                         "criteria": len(doc.criteria), **registry}
        for crit in doc.criteria:
            keys = {"trial_id": doc.id, "criterion_id": crit.id}
            logic = None if crit.logic is None else crit.logic.model_dump_json(exclude_none=True)
            yield "criteria", {**keys, "section": crit.section, "parent": crit.parent,
                               "start": crit.start, "end": crit.end, "text": crit.text, "logic": logic}
            for ent in crit.entities:
                yield "entities", {**keys, **_entity_row(ent.model_dump())}
            for th in crit.thresholds:
                yield "thresholds", {**keys, **_threshold_row(th.model_dump())}
        for abbreviation in doc.abbreviations:
            yield "abbreviations", {"trial_id": doc.id, **{
                f"{form}_{field}": value for form, span in abbreviation.model_dump().items()
                for field, value in span.items()}}


def _entity_row(ent: dict) -> dict:
    return {"entity_id": ent.pop("id"), **ent, "modifiers": _json(ent["modifiers"])}


def _threshold_row(th: dict) -> dict:
    analyte, normalized = th["analyte"] or {}, th["normalized"] or {}
    requirement = th["requirement"] or {"comparator": None, "value": None, "upper": None, "values": None}
    row = {
        "threshold_id": th["id"], "kind": th["kind"], "analyte_text": analyte.get("text"),
        "analyte_start": analyte.get("start"), "analyte_end": analyte.get("end"),
        "analyte_name": analyte.get("name"), "analyte_code": analyte.get("code"),
        "comparator": th["comparator"], "lower_inclusive": th["lower_inclusive"],
        "upper_inclusive": th["upper_inclusive"], "values": _json(th["values"]), "unit": th["unit"],
        "relative_to": th["relative_to"], "normalized_value": normalized.get("value"),
        "normalized_upper": normalized.get("upper"), "normalized_unit": normalized.get("unit"),
        "normalized_factor": normalized.get("factor"), "normalized_offset": normalized.get("offset"),
        "normalization_error": th["normalization_error"], "requirement_comparator": requirement["comparator"],
        "requirement_values": _json(requirement["values"]), "modality": th["modality"],
        "condition": th["condition"], "resolver": th["resolver"], "text": th["text"], "start": th["start"],
        "end": th["end"], "analyte_aliases": _json(analyte.get("aliases")),
    }
    for prefix, source in (("", th), ("requirement_", requirement)):
        for bound in ("value", "upper"):
            number, category = _split_bound(source[bound])
            row[f"{prefix}{bound}"], row[f"{prefix}{bound}_category"] = number, category
    return row


def _split_bound(value: float | str | None) -> tuple[float | None, str | None]:
    return (None, value) if isinstance(value, str) else (value, None)


def _json(value: list | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def write_tables(documents: Iterable[TrialDocument], folder: Path, fmt: str = "parquet") -> dict[str, int]:
    """Write ``folder/<table>.<fmt>`` for each table; returns the row count of each."""
    writers = _parquet_writers(folder) if fmt == "parquet" else _csv_writers(folder)
    counts = dict.fromkeys(COLUMNS, 0)
    try:
        for table, row in rows(documents):
            writers[table].add(row)
            counts[table] += 1
    finally:
        for writer in writers.values():
            writer.close()
    return counts


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise TablesError(f"--tables-format {fmt}: unknown (known: {', '.join(FORMATS)})")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise TablesError("Parquet tables need pyarrow (pip install 'criteria-nlp[parquet]'); "
                              "--tables-format csv needs nothing") from None


class _CsvTable:
    def __init__(self, path: Path, columns: list[str]):
        self._file = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.DictWriter(self._file, fieldnames=columns)
        self._writer.writeheader()

    def add(self, row: dict) -> None:
        self._writer.writerow(row)

    def close(self) -> None:
        self._file.close()


class _ParquetTable:
    def __init__(self, path: Path, columns: list[tuple[str, str]]):
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
        self._pa = pa
        self._schema = pa.schema([(name, types[kind]) for name, kind in columns])
        self._writer = pq.ParquetWriter(path, self._schema)
        self._rows: list[dict] = []

    def add(self, row: dict) -> None:
        self._rows.append(row)
        if len(self._rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
        self._rows = []

    def close(self) -> None:
        if self._rows:
            self._flush()
        self._writer.close()


def _csv_writers(folder: Path) -> dict[str, _CsvTable]:
    folder.mkdir(parents=True, exist_ok=True)
    return {t: _CsvTable(folder / f"{t}.csv", [name for name, _ in cols]) for t, cols in COLUMNS.items()}


def _parquet_writers(folder: Path) -> dict[str, _ParquetTable]:
    folder.mkdir(parents=True, exist_ok=True)
    return {t: _ParquetTable(folder / f"{t}.parquet", cols) for t, cols in COLUMNS.items()}
