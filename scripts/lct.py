"""Read the Leaf Clinical Trials corpus (brat standoff) for the evaluation scripts.

The corpus stays where it is (CC BY 4.0, Dobbins et al. 2022); scripts take its path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# LCT span types that are entities in criteria-nlp, with our label.
LABELS = {
    "Condition": "CONDITION",
    "Drug": "DRUG",
    "Procedure": "PROCEDURE",
    "Observation": "OBSERVATION",
    "Age": "DEMOGRAPHIC",
    "Life-Stage-And-Gender": "DEMOGRAPHIC",
}
HEADING = re.compile(r"^[ \t\-*]*(?:\w+\s+){0,2}(inclusion|exclusion)\s+criteria", re.I | re.M)


@dataclass
class Span:
    id: str
    type: str
    start: int
    end: int


@dataclass
class Document:
    name: str
    text: str
    spans: dict[str, Span] = field(default_factory=dict)
    negated: set[str] = field(default_factory=set)  # ids of negated spans

    @property
    def entities(self) -> list[Span]:
        return [s for s in self.spans.values() if s.type in LABELS]

    def gold_section(self, offset: int) -> str | None:
        """The section named by the last Inclusion/Exclusion Criteria heading before offset."""
        section = None
        for m in HEADING.finditer(self.text, 0, offset):
            section = m.group(1).lower()
        return section


def read_document(txt: Path) -> Document:
    doc = Document(txt.stem, txt.read_text(encoding="utf-8"))
    events: dict[str, str] = {}  # event id -> trigger span id
    negations: list[str] = []  # negated event ids
    for line in txt.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            kind, _, offsets = cols[1].partition(" ")
            pieces = [p.split() for p in offsets.split(";")]
            doc.spans[cols[0]] = Span(cols[0], kind, int(pieces[0][0]), int(pieces[-1][1]))
        elif line.startswith("E") and len(cols) >= 2:
            args = [a.split(":") for a in cols[1].split()]
            events[cols[0]] = args[0][1]
            if args[0][0] == "Negation":
                negations += [target for role, target in args[1:] if role.startswith("Negates")]
    for event in negations:
        trigger = events.get(event, event)
        if trigger in doc.spans:
            doc.negated.add(trigger)
    return doc


def read_corpus(root: Path) -> list[Document]:
    brat = root / "brat" if (root / "brat").is_dir() else root
    return [read_document(txt) for txt in sorted(brat.glob("*.txt"))]
