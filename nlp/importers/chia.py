"""The Chia corpus (brat, one file per trial and section: ``NCTxxxxxxxx_inc.txt``/``_exc.txt``)
as stand-off gold documents, one per file.

Label mapping (Chia type -> ours): Condition -> CONDITION; Drug -> DRUG; Procedure -> PROCEDURE;
Measurement -> MEASUREMENT; Observation -> OBSERVATION; Device -> DEVICE; Person -> DEMOGRAPHIC.
Negated: the entity is Arg1 of a Has_negation relation. Thresholds: a Measurement (or Person,
for ages) that is Arg1 of Has_value, read from the Value span's text: a leading comparator in
symbols or words, one number or a range. Criteria: each non-blank line of the file. Offsets
count the raw text, '\\r' included.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ..gold import sha256
from ..schema import (
    Annotation,
    Criterion,
    Entity,
    GoldDocument,
    StandOffSource,
    Threshold,
    TrialDocument,
)
from . import gold_threshold, holder, polarity
from .brat import Standoff, TextBound, read_standoff

CORPUS = "chia"
LABELS = {"Condition": "CONDITION", "Drug": "DRUG", "Procedure": "PROCEDURE", "Measurement": "MEASUREMENT",
          "Observation": "OBSERVATION", "Device": "DEVICE", "Person": "DEMOGRAPHIC"}
SECTIONS = {"inc": "inclusion", "exc": "exclusion"}
COMPARATOR = re.compile(
    r"\s*(?P<op>>=|=>|≥|<=|=<|≤|>|<|=|at least|no less than|greater than or equal to|no more than|"
    r"up to|less than or equal to|greater than|more than|over|above|less than|under|below)?\s*", re.I)
WORD_OPS = {"at least": ">=", "no less than": ">=", "greater than or equal to": ">=", "=>": ">=",
            "≥": ">=", "no more than": "<=", "up to": "<=", "less than or equal to": "<=", "=<": "<=",
            "≤": "<=", "greater than": ">", "more than": ">", "over": ">", "above": ">",
            "less than": "<", "under": "<", "below": "<"}
NUMBER = re.compile(r"\d+(?:\.\d+)?")
RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)")


def import_corpus(root: Path) -> list[GoldDocument]:
    files = sorted(p for p in root.rglob("*.txt") if p.stem.rsplit("_", 1)[-1] in SECTIONS)
    return [import_document(txt, txt.relative_to(root).as_posix()) for txt in files]


def import_document(txt: Path, relative: str) -> GoldDocument:
    doc = read_standoff(txt)
    section = SECTIONS[doc.name.rsplit("_", 1)[-1]]
    criteria = _criteria(doc.text, section)
    negated = {r.arg1 for r in doc.relations if r.type == "Has_negation"}
    values = {r.arg1: r.arg2 for r in doc.relations if r.type == "Has_value"}
    for span in doc.spans.values():
        label = LABELS.get(span.type)
        criterion = holder(criteria, span.start, span.end)
        if label is None or criterion is None:
            continue
        criterion.entities.append(Entity(
            label=label, text=doc.text[span.start:span.end], start=span.start, end=span.end,
            negated=span.id in negated,
            polarity=polarity(section, span.id in negated),
        ))
        value = doc.spans.get(values.get(span.id, ""))
        if value is not None and (threshold := _threshold(doc, span, value, section)) is not None:
            criterion.thresholds.append(threshold)
    return GoldDocument(
        source=StandOffSource(corpus=CORPUS, document=relative, sha256=sha256(doc.text)),
        annotation=Annotation(annotator="Chia corpus annotators (Kury et al. 2020)",
                              date=date.today().isoformat(), method="imported",
                              note="Converted by nlp.importers.chia."),
        document=TrialDocument(id=doc.name.rsplit("_", 1)[0], criteria=criteria),
    )


def _criteria(text: str, section: str) -> list[Criterion]:
    criteria, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = pos + len(body) - len(body.lstrip())
        end = pos + len(body.rstrip())
        if end > start:
            criteria.append(Criterion(id=f"{section[:3]}-{len(criteria) + 1}", section=section,
                                      text=text[start:end], start=start, end=end))
        pos += len(line)
    return criteria


def _threshold(doc: Standoff, analyte: TextBound, value: TextBound, section: str) -> Threshold | None:
    written = doc.text[value.start:value.end]
    op = COMPARATOR.match(written)
    rest = written[op.end():]
    if rng := RANGE.match(rest):
        comparator, low, high, tail = "between", float(rng.group(1)), float(rng.group(2)), rest[rng.end():]
    elif num := NUMBER.match(rest):
        comparator = WORD_OPS.get((op.group("op") or "=").lower(), op.group("op") or "=")
        low, high, tail = float(num.group()), None, rest[num.end():]
    else:
        return None
    unit = tail.strip() or None
    kind = "age" if "age" in doc.text[analyte.start:analyte.end].lower() else "measurement"
    return gold_threshold(doc.text, kind, analyte, value, section, comparator, low, high, unit=unit)
