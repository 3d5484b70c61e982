"""Check gold files against the annotation guideline (``annotations/README.md``).

Each problem is one line, ``file:line: message``, the message naming the object (criterion id,
entity or threshold text and offsets). The line is the JSONL line of the document, or in a .json
file the line where the offending object starts. Checks:

- the file is JSON and a ``GoldDocument`` (every schema error, unknown labels said as such);
- a stand-off text is found and unchanged (``nlp.gold``);
- offsets give the text: criteria, entities, thresholds, analytes;
- no entity span annotated twice (same offsets and label), nor with two labels;
- an entity's modifiers give their text, lie in its criterion and outside the entity;
- every threshold's analyte lies inside its criterion (it is a span of the criterion's text; it need
  not be an entity);
- a threshold's comparator agrees with its text: one one-sided comparison ("at least 18 years")
  read by the pipeline's grammar states the comparator, so ``=`` or ``<=`` there is a slip;
- entity polarity is the section flipped by negation;
- criterion ids are unique and parents exist.

In a directory, ``*.json`` and ``*.jsonl`` files are checked except a JSON object with none of a
gold file's keys (``floors.json``, for one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..gold import GoldError, stand_off_text
from ..importers import polarity
from ..rules import analytes_of, load_lexicon, load_threshold_rules
from ..schema import ENTITY_LABELS, GoldDocument, TrialDocument
from ..thresholds import Grammar, written_comparator
from ..thresholds.expressions import ONE_SIDED

GOLD_KEYS = {"gold_version", "annotation", "document"}
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
JsonPath = tuple[Any, ...]  # a JSON path: keys and list indices
Where = Callable[[JsonPath], int]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def validate(gold_path: Path, corpus: Path | None = None) -> list[Problem]:
    """Every problem of a gold file, or of the gold files in a directory."""
    return [p for file in gold_files(gold_path) for p in check_file(file, corpus)[1]]


def gold_files(path: Path) -> list[Path]:
    """The gold files at path; GoldError when there is nothing there, a folder without gold files
    included (checking nothing is no pass)."""
    if path.is_dir():
        found = [p for p in sorted(path.glob("*.json*")) if p.suffix in (".json", ".jsonl") and _gold_like(p)]
        if not found:
            raise GoldError(f"{path}: no gold files in this folder (.json or .jsonl)")
        return found
    if not path.is_file():
        raise GoldError(f"{path}: no such file or directory")
    return [path]


def _gold_like(path: Path) -> bool:
    if path.suffix == ".jsonl":
        return True
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return True  # broken: check_file says why
    return not isinstance(data, dict) or bool(GOLD_KEYS & set(data))


def check_file(path: Path, corpus: Path | None = None) -> tuple[int, list[Problem]]:
    """(documents, problems) of one .json or .jsonl gold file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return 0, [Problem(str(path), 1, f"not UTF-8 (byte {err.start})")]
    if path.suffix != ".jsonl":
        return 1, check_document(raw, str(path), corpus)
    documents, problems = 0, []
    for number, line in enumerate(raw.splitlines(), 1):
        if line.strip():
            documents += 1
            problems += check_document(line, str(path), corpus, number)
    return documents, problems


def check_document(raw: str, file: str, corpus: Path | None, line: int | None = None) -> list[Problem]:
    """The problems of one document: raw is a whole .json file, or the JSONL line numbered line."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        return [Problem(file, line or err.lineno, f"not JSON ({err.msg} at line {err.lineno} "
                                                  f"column {err.colno})")]
    lines = object_lines(raw) if line is None else {}

    def where(path: JsonPath) -> int:
        return line or _line_of(lines, path)

    try:
        gold = GoldDocument.model_validate(data)
    except ValidationError as err:
        return [Problem(file, where(tuple(e["loc"])), _schema_message(data, e)) for e in err.errors()]
    if gold.text is not None:
        text = gold.text
    else:
        try:
            text = stand_off_text(gold, file, corpus)
        except GoldError as err:
            return [Problem(file, where(("source",)), str(err).removeprefix(f"{file}: "))]
    return [Problem(file, where(path), message)
            for path, message in document_problems(gold.document, text, where)]


def document_problems(document: TrialDocument, text: str,
                      where: Where = lambda _: 1) -> list[tuple[JsonPath, str]]:
    """(JSON path, message) of each guideline problem of a document whose offsets index text."""
    problems: list[tuple[JsonPath, str]] = []

    def offsets(path: JsonPath, name: str, start: int, end: int, written: str) -> None:
        if text[start:end] != written:
            problems.append((path, f"{name} {written!r} at {start}:{end} reads {text[start:end]!r} "
                                   "in the text"))

    ids = {c.id for c in document.criteria}
    first_at: dict[str, JsonPath] = {}
    spans: dict[tuple[int, int], list[tuple[JsonPath, str]]] = {}
    for i, c in enumerate(document.criteria):
        here, name = ("document", "criteria", i), f"criterion {c.id}"
        offsets(here, name, c.start, c.end, c.text)
        if c.id in first_at:
            problems.append((here, f"{name}: id used twice (first at line {where(first_at[c.id])})"))
        first_at.setdefault(c.id, here)
        if c.parent is not None and (c.parent not in ids or c.parent == c.id):
            problems.append((here, f"{name}: parent {c.parent} is not another criterion of the document"))
        for j, e in enumerate(c.entities):
            path, what = (*here, "entities", j), f"{name}: entity {e.text!r} at {e.start}:{e.end}"
            offsets(path, f"{name}: entity", e.start, e.end, e.text)
            expected = polarity(c.section, e.negated)
            if e.polarity != expected:
                problems.append((path, f"{what}: polarity {e.polarity}, expected {expected} (the {c.section} "
                                       f"section{', flipped by negation' if e.negated else ''})"))
            for other_path, label in spans.get((e.start, e.end), []):
                twice = f"annotated twice as {label}" if label == e.label else \
                    f"annotated with two labels, {label} and {e.label}"
                problems.append((path, f"{what}: {twice} (also at line {where(other_path)})"))
            spans.setdefault((e.start, e.end), []).append((path, e.label))
            for k, m in enumerate(e.modifiers):
                offsets((*path, "modifiers", k), f"{what}: modifier", m.start, m.end, m.text)
                if not (c.start <= m.start and m.end <= c.end) or (m.start < e.end and e.start < m.end):
                    problems.append((path, f"{what}: modifier {m.text!r} at {m.start}:{m.end} must lie in "
                                           "the criterion and outside the entity"))
        for k, t in enumerate(c.thresholds):
            path, what = (*here, "thresholds", k), f"{name}: threshold {t.text!r} at {t.start}:{t.end}"
            offsets(path, f"{name}: threshold", t.start, t.end, t.text)
            stated = written_comparator(grammar(), t.text)
            if stated is not None and t.comparator in ("=", *ONE_SIDED) and t.comparator != stated:
                problems.append((path, f"{what}: comparator {t.comparator!r}, but its text states "
                                       f"{stated!r}"))
            a = t.analyte
            if a is None:
                continue
            offsets((*path, "analyte"), f"{what}: analyte", a.start, a.end, a.text)
            # The analyte is a span of the criterion, not necessarily an entity: the pipeline names
            # analytes the recognizer did not tag, and matchers read the analyte's name and code.
            if not (c.start <= a.start and a.end <= c.end):
                problems.append(((*path, "analyte"), f"{what}: analyte {a.text!r} at {a.start}:{a.end} "
                                                     f"lies outside the criterion ({c.start}:{c.end})"))
    return problems


@cache
def grammar() -> Grammar:
    """The pipeline's threshold grammar, built once, for reading the comparator a text states."""
    return Grammar(load_threshold_rules("threshold_rules.json"), analytes_of(load_lexicon()))


def _schema_message(data: Any, error: dict[str, Any]) -> str:
    """'criterion inc-2: entity 'x' at 3:5: field: what is wrong', the objects named from data."""
    loc = tuple(error["loc"])
    names, node, named = [], data, 0
    for i, key in enumerate(loc):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(key, int) and isinstance(node, dict):
            names.append(_name(loc[i - 1] if i else "", node, key))
            named = i + 1
    field = ".".join(str(p) for p in loc[named:])
    if error["type"] == "literal_error" and loc and loc[-1] == "label":
        problem = f"unknown label {error['input']!r} (known: {', '.join(ENTITY_LABELS)})"
    else:
        problem = f"{field}: {error['msg']}" if field else error["msg"]
    return ": ".join([*names, problem])


def _name(kind: Any, item: dict[str, Any], index: int) -> str:
    if kind == "criteria":
        return f"criterion {item.get('id', f'#{index + 1}')}"
    span = f"{item.get('text')!r} at {item.get('start')}:{item.get('end')}"
    return f"{ {'entities': 'entity', 'thresholds': 'threshold'}.get(kind, kind)} {span}"


def object_lines(raw: str) -> dict[JsonPath, int]:
    """The line where each JSON object of raw starts, by JSON path (raw must be valid JSON)."""
    lines: dict[JsonPath, int] = {}
    stack: list[list[Any]] = []  # [is object, path, key or index, expecting a key]
    line, last = 1, 0
    for token in TOKEN.finditer(raw):
        line, last = line + raw.count("\n", last, token.start()), token.start()
        value = token.group()
        top = stack[-1] if stack else None
        if top is not None and top[0] and top[3] and value != "}":
            top[2], top[3] = json.loads(value), False
        elif value == ",":
            if top[0]:
                top[3] = True
            else:
                top[2] += 1
        elif value in ("}", "]"):
            stack.pop()
        elif value != ":":
            path = (*top[1], top[2]) if top is not None else ()
            if value == "{":
                lines[path] = line
                stack.append([True, path, None, True])
            elif value == "[":
                stack.append([False, path, 0, False])
    return lines


def _line_of(lines: dict[JsonPath, int], path: JsonPath) -> int:
    """The line of the innermost object on path."""
    for size in range(len(path), -1, -1):
        if path[:size] in lines:
            return lines[path[:size]]
    return 1
