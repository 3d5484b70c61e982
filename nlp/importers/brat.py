"""brat standoff (``.ann`` beside ``.txt``), parsed into plain records.

Offsets count characters of the text exactly as stored, ``\\r`` included, so the text is read
without newline translation. A discontinuous span ('0 5;9 14') keeps its pieces; ``start`` and
``end`` cover them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class BratError(ValueError):
    """A malformed .ann line; the message names the file and line."""


@dataclass
class TextBound:
    id: str
    type: str
    pieces: list[tuple[int, int]]
    text: str

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


@dataclass
class Event:
    id: str
    type: str
    trigger: str
    arguments: list[tuple[str, str]]  # (role, target id), roles as written ('Value2')


@dataclass
class Relation:
    id: str
    type: str
    arg1: str
    arg2: str


@dataclass
class Standoff:
    name: str
    text: str
    spans: dict[str, TextBound] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    attributes: dict[tuple[str, str], str | bool] = field(default_factory=dict)  # (type, target)

    def trigger_of(self, target: str) -> TextBound | None:
        """The span an id stands for: a span itself, or an event's trigger."""
        if target in self.events:
            target = self.events[target].trigger
        return self.spans.get(target)


def read_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def read_standoff(txt: Path) -> Standoff:
    ann = txt.with_suffix(".ann")
    doc = Standoff(txt.stem, read_text(txt))
    for number, line in enumerate(read_text(ann).splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            try:
                _parse_line(doc, line)
            except (ValueError, IndexError):
                raise BratError(f"{ann}:{number}: cannot read {line[:60]!r}") from None
    return doc


def _parse_line(doc: Standoff, line: str) -> None:
    cols = line.split("\t")
    kind = line[0]
    if kind == "T":
        label, _, offsets = cols[1].partition(" ")
        pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
        doc.spans[cols[0]] = TextBound(cols[0], label, pieces, cols[2] if len(cols) > 2 else "")
    elif kind == "E":
        args = [tuple(a.split(":", 1)) for a in cols[1].split()]
        doc.events[cols[0]] = Event(cols[0], args[0][0], args[0][1], args[1:])
    elif kind == "R":
        label, arg1, arg2 = cols[1].split()
        doc.relations.append(Relation(cols[0], label, arg1.split(":", 1)[1], arg2.split(":", 1)[1]))
    elif kind in "AM":
        parts = cols[1].split()
        doc.attributes[(parts[0], parts[1])] = parts[2] if len(parts) > 2 else True
