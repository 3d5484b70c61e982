"""Gold files: read, check against their text, write.

A gold file is a ``GoldDocument`` (``schema/gold.py``) as JSON. It carries its text, or for a corpus
whose text may not be copied into the project a stand-off source (document path and SHA-256)
that is resolved against the corpus root given at load time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .schema import GoldDocument, TrialDocument, first_error


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file and the problem."""


@dataclass
class Gold:
    """A validated gold document with its text resolved."""

    document: GoldDocument
    text: str
    origin: str  # file (and line, for JSONL) it came from


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_gold(path: Path, corpus: Path | None = None) -> Iterator[Gold]:
    """Gold documents from a .json file, a .jsonl file, or a directory of them (sorted)."""
    for origin, raw in json_records(path):
        yield parse_gold(raw, origin, corpus)


def json_records(path: Path) -> Iterator[tuple[str, str]]:
    """(origin, raw JSON) of each record in a .json file (one record), a .jsonl file (one per
    non-blank line, origin 'file:line') or a directory of them (sorted)."""
    if path.is_dir():
        for child in sorted(path.glob("*.json*")):
            yield from json_records(child)
    elif not path.is_file():
        raise GoldError(f"{path}: no such file or directory")
    elif path.suffix == ".jsonl":
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield f"{path}:{number}", line
    else:
        yield str(path), path.read_text(encoding="utf-8")


def parse_gold(raw: str, origin: str, corpus: Path | None = None) -> Gold:
    try:
        document = GoldDocument.model_validate(json.loads(raw))
    except json.JSONDecodeError as e:
        raise GoldError(f"{origin}: not JSON ({e.msg} at line {e.lineno})") from None
    except ValidationError as e:
        raise GoldError(f"{origin}: {first_error(e)}") from None
    return resolve(document, origin, corpus)


def resolve(document: GoldDocument, origin: str, corpus: Path | None = None) -> Gold:
    """The document with its text, stand-off text read from the corpus; offsets checked."""
    text = document.text if document.text is not None else stand_off_text(document, origin, corpus)
    problems = offset_problems(document.document, text)
    if problems:
        more = f" (and {len(problems) - 1} more)" if problems[1:] else ""
        raise GoldError(f"{origin}: {problems[0]}{more}")
    return Gold(document, text, origin)


def stand_off_text(document: GoldDocument, origin: str, corpus: Path | None) -> str:
    source = document.source
    if corpus is None:
        raise GoldError(f"{origin}: stand-off gold for corpus {source.corpus!r} needs the corpus path")
    path = corpus / source.document
    if not path.is_file():
        raise GoldError(f"{origin}: source text {path} not found")
    with open(path, encoding="utf-8", newline="") as f:  # offsets count '\r' too
        text = f.read()
    if sha256(text) != source.sha256:
        raise GoldError(f"{origin}: source text {path} does not match its SHA-256 (the corpus changed?)")
    return text


def offset_problems(document: TrialDocument, text: str) -> list[str]:
    """Every span whose offsets do not give its text, as 'criterion inc-2: entity ...' lines."""
    problems = []

    def check(what: str, start: int, end: int, written: str) -> None:
        if text[start:end] != written:
            problems.append(f"{what} {written!r} at {start}:{end} reads {text[start:end]!r} in the text")

    for c in document.criteria:
        check(f"criterion {c.id}", c.start, c.end, c.text)
        for e in c.entities:
            check(f"criterion {c.id}: entity", e.start, e.end, e.text)
        for t in c.thresholds:
            check(f"criterion {c.id}: threshold", t.start, t.end, t.text)
            if t.analyte is not None:
                check(f"criterion {c.id}: analyte", t.analyte.start, t.analyte.end, t.analyte.text)
    for a in document.abbreviations:
        check("abbreviation: short form", a.short.start, a.short.end, a.short.text)
        check("abbreviation: long form", a.long.start, a.long.end, a.long.text)
    return problems


def write_gold(document: GoldDocument, path: Path) -> None:
    path.write_text(document.model_dump_json(indent=1, exclude_none=False) + "\n", encoding="utf-8")
