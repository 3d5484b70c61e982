"""Batch input: trial records read from the formats researchers have, one ``Record`` or
``Failure`` per record, in input order.

Formats, detected by content (the extension only breaks ties), each also gzip-compressed:

- a criteria text file (``.txt``): one record, its id the first NCT id in the text, else the stem;
- ClinicalTrials.gov API v2 JSON: one study, a ``{"studies": [...]}`` page, a list of studies, or
  JSONL of studies; the text is ``protocolSection.eligibilityModule.eligibilityCriteria`` and the
  module's ``minimumAge``, ``maximumAge``, ``sex`` and ``healthyVolunteers`` are carried along;
- AACT's ``eligibilities.txt`` (pipe-delimited, a header naming ``nct_id`` and ``criteria``);
- CSV, TSV or JSONL with ``id`` and ``text`` columns.

A record that cannot be read (malformed JSON, no text, bad UTF-8) is a ``Failure`` in its place;
a file that cannot be read at all is one ``Failure``.
"""

from __future__ import annotations

import csv
import glob
import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .io import InputError, decode_text
from .output import trial_id

GZIP_MAGIC = b"\x1f\x8b"
TEXT_SUFFIXES = (".txt", ".json", ".jsonl", ".ndjson", ".csv", ".tsv")
AACT_COLUMNS = {"nct_id", "criteria"}
CSV_FIELD_LIMIT = 10_000_000  # csv's default, 131,072 characters, is shorter than some criteria


@dataclass(frozen=True)
class Record:
    """One trial's criteria text. ``registry`` holds the registry's structured eligibility
    fields (``nlp.schema.RegistryEligibility``) as plain data, when the input has them."""

    id: str
    text: str
    source: str = ""  # where it was read: 'studies.json:3', 'page.txt'
    position: int = 0  # its index in the whole batch, from 0
    registry: dict | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Failure:
    """A record that cannot be processed, and why (one line)."""

    id: str | None
    source: str
    reason: str
    position: int = 0


Item = Record | Failure


class InputPathError(Exception):
    """An input path that names nothing readable: a usage error, found before the batch starts."""


def expand(inputs: Iterable[str]) -> list[Path]:
    """Files named by paths, directories (their criteria files, sorted) and globs."""
    files: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and _suffix(p) in TEXT_SUFFIXES)
            if not found:
                raise InputPathError(f"{raw}: directory holds no {', '.join(TEXT_SUFFIXES)} files")
            files += found
        elif path.is_file():
            files.append(path)
        elif glob.has_magic(raw) and (matches := sorted(glob.glob(raw, recursive=True))):
            files += [Path(m) for m in matches if Path(m).is_file()]
        else:
            raise InputPathError(f"{raw}: no such file, directory or matching glob")
    return files


def read_records(inputs: Iterable[str]) -> Iterator[Item]:
    """Every record of every input, numbered by ``position`` across the batch."""
    position = 0
    for path in expand(inputs):
        for item in read_file(path):
            yield _at(item, position)
            position += 1


def read_file(path: Path) -> Iterator[Item]:
    name = str(path)
    try:
        with path.open("rb") as raw:
            compressed = raw.read(2) == GZIP_MAGIC
        stream = gzip.open(path, "rb") if compressed else path.open("rb")
        with stream:
            yield from _read_stream(stream, name, _suffix(path))
    except (OSError, EOFError, zlib.error, csv.Error) as err:
        # An unreadable file, a truncated or corrupt gzip stream, or broken CSV quoting, after the
        # records read so far.
        yield Failure(None, name, f"reading stopped here: {err}")


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _read_stream(stream: io.BufferedIOBase, name: str, suffix: str) -> Iterator[Item]:
    head = stream.peek(4096)[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    first_line = head.split(b"\n", 1)[0].decode("utf-8", "replace").strip().lower()
    if suffix in (".jsonl", ".ndjson") and head[:1] == b"{":
        yield from read_json_lines(stream, name)
    elif head[:1] in (b"{", b"["):
        yield from _read_json(stream.read(), name)
    elif "|" in first_line and AACT_COLUMNS <= set(first_line.split("|")):
        yield from _read_delimited(stream, name, "|")
    elif suffix in (".csv", ".tsv"):
        yield from _read_delimited(stream, name, "\t" if suffix == ".tsv" else ",")
    else:
        yield _read_text(stream.read(), name, Path(name.removesuffix(".gz")).stem)


def _read_text(data: bytes, name: str, stem: str) -> Item:
    try:
        text = decode_text(data, name)
    except InputError as err:
        return Failure(stem, name, str(err).removeprefix(f"{name}: "))
    return Record(trial_id(text, stem), text, name)


def _read_json(data: bytes, name: str) -> Iterator[Item]:
    """A JSON document (a study, a page of studies, a list of them) or JSON lines."""
    try:
        whole = json.loads(data)
    except UnicodeDecodeError as err:
        yield Failure(None, name, f"not valid UTF-8 (byte {err.start})")
        return
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" or _is_json(data.split(b"\n", 1)[0]):
            yield from read_json_lines(io.BytesIO(data), name)
        else:
            yield Failure(None, name, f"not JSON ({err.msg} at line {err.lineno})")
        return
    if isinstance(whole, dict) and isinstance(whole.get("studies"), list):
        objects = whole["studies"]
    else:
        objects = whole if isinstance(whole, list) else [whole]
    for k, obj in enumerate(objects):
        yield from_object(obj, f"{name}#{k}")


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def read_json_lines(lines: Iterable[bytes | str], name: str) -> Iterator[Item]:
    """One record or failure per non-blank line of JSON (a study or an ``{"id", "text"}``
    object), named ``name:line`` and numbered from 0: a partition of a distributed engine."""
    items = (_json_line(line, f"{name}:{number}") for number, line in enumerate(lines, start=1)
             if line.strip())
    for position, item in enumerate(items):
        yield _at(item, position)


def _json_line(line: bytes | str, where: str) -> Item:
    try:
        obj = json.loads(line)
    except UnicodeDecodeError as err:
        return Failure(None, where, f"not valid UTF-8 (byte {err.start})")
    except json.JSONDecodeError as err:
        return Failure(None, where, f"malformed JSON ({err.msg} at column {err.colno})")
    return from_object(obj, where)


def from_object(obj: object, where: str) -> Item:
    """A record from a ClinicalTrials.gov API v2 study or an object with ``id`` and ``text``."""
    if not isinstance(obj, dict):
        return Failure(None, where, f"a JSON {type(obj).__name__}, not an object")
    if "protocolSection" in obj:
        return _from_study(obj["protocolSection"], where)
    if "id" not in obj or "text" not in obj:
        return Failure(_id(obj.get("id")), where, "neither a ClinicalTrials.gov study nor an object "
                       "with 'id' and 'text'")
    return _checked(_id(obj["id"]), obj["text"], where)


def _from_study(protocol: object, where: str) -> Item:
    protocol = _object(protocol)
    nct_id = _id(_object(protocol.get("identificationModule")).get("nctId"))
    if nct_id is None:
        return Failure(None, where, "study without protocolSection.identificationModule.nctId")
    module = _object(protocol.get("eligibilityModule"))
    # A field of the wrong type is dropped: it is the registry's, not the record's text.
    registry = {
        "source": "clinicaltrials.gov",
        "minimum_age": _of_type(module.get("minimumAge"), str),
        "maximum_age": _of_type(module.get("maximumAge"), str),
        "sex": _of_type(module.get("sex"), str),
        "healthy_volunteers": _of_type(module.get("healthyVolunteers"), bool),
    }
    return _checked(nct_id, module.get("eligibilityCriteria"), where, registry)


def _read_delimited(stream: io.BufferedReader, name: str, delimiter: str) -> Iterator[Item]:
    """CSV/TSV with id and text columns, or AACT's pipe-delimited eligibilities."""
    # surrogateescape keeps a bad byte inside its own record, which then fails alone.
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(text, delimiter=delimiter)
    columns = {c.strip().lower(): c for c in reader.fieldnames or ()}
    if AACT_COLUMNS <= set(columns):
        id_column, text_column = columns["nct_id"], columns["criteria"]
    elif {"id", "text"} <= set(columns):
        id_column, text_column = columns["id"], columns["text"]
    else:
        yield Failure(None, name, f"header has no 'id' and 'text' columns (found: {', '.join(columns)})")
        return
    line = reader.line_num
    for row in reader:
        where, line = f"{name}:{line + 1}", reader.line_num
        registry = _aact_registry(row, columns) if id_column == columns.get("nct_id") else None
        yield _checked(_id(row.get(id_column)), row.get(text_column), where, registry)


def _aact_registry(row: dict, columns: dict[str, str]) -> dict:
    def get(column: str) -> str | None:
        value = (row.get(columns.get(column, ""), None) or "").strip()
        return value or None

    volunteers = (get("healthy_volunteers") or "").lower()
    return {
        "source": "aact",
        "minimum_age": get("minimum_age"),
        "maximum_age": get("maximum_age"),
        "sex": (get("gender") or "").upper() or None,
        "healthy_volunteers": (True if volunteers.startswith(("yes", "accepts", "t")) else
                               False if volunteers.startswith(("no", "f")) else None),
    }


def _checked(record_id: str | None, text: object, where: str, registry: dict | None = None) -> Item:
    if record_id is None:
        return Failure(None, where, "no id")
    if not isinstance(text, str) or not text.strip():
        return Failure(record_id, where, "no criteria text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        return Failure(record_id, where, f"not valid UTF-8 (character {err.start} of the text)")
    return Record(record_id, text, where, registry=registry)


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _of_type(value: object, kind: type) -> object:
    return value if isinstance(value, kind) else None


def _id(value: object) -> str | None:
    if isinstance(value, (int, str)) and not isinstance(value, bool) and str(value).strip():
        return str(value).strip()
    return None


def _at(item: Item, position: int) -> Item:
    return replace(item, position=position)
