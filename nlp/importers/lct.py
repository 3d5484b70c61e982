"""The Leaf Clinical Trials corpus (brat): the one reader of its annotations, and its import as
stand-off gold documents. The corpus stays where it is (CC BY 4.0, Dobbins et al. 2022).

``read_document`` reads one trial into an ``LctDocument``: its brat annotations, the attributes
its events assert, its gold thresholds (``lct_thresholds``), and the comparisons no event
links to. ``import_document`` turns that into a ``GoldDocument``; the evaluation scripts
(``scripts/eval_lct_*.py``) score against the same ``LctDocument``.

Label mapping (LCT type -> ours):
  Condition -> CONDITION; Drug -> DRUG; Procedure -> PROCEDURE;
  Observation typed lab, vital, measurement or clinical-score -> MEASUREMENT, other Observation
  (social habits, questionnaires, untyped) -> OBSERVATION;
  Age, Life-Stage-And-Gender, Ethnicity -> DEMOGRAPHIC. LCT has no devices.
  Then the relabels of ``resources/entity_rules.json`` put the guideline's label where LCT's
  type differs from it: pregnancy and breastfeeding are OBSERVATION, childbearing potential is
  DEMOGRAPHIC, a pregnancy test is a PROCEDURE.
Spans: the ``joins`` of ``resources/lct_conventions.json`` put into an entity's span the site or
  subtype LCT annotates apart as a Modifier right before it ('renal' insufficiency, 'type 2'
  diabetes), as the guideline's minimal noun phrase has it, and a grade that is part of a
  diagnosis' name ('unstable' angina); grading words stay outside, as the entity's modifiers. A
  span that starts inside a word ('operative' of 'preoperative') is part of a time expression:
  left out.
  (``SPAN_LABELS``, the spans the negation and section scripts score, is coarser: every Observation
  is OBSERVATION and Ethnicity is left out.)
Attributes: negated from Negation events; hypothetical from Assertion events (possible,
hypothetical, intention); exception from the Except arguments of Exception events; family from
Family-Member events whose member is not the patient. LCT does not mark history, so historical
stays false. Polarity is the section, flipped when negated.
Criteria: each non-blank line after an 'Inclusion/Exclusion Criteria' heading, without its bullet (a line
that names its section in a sentence, not a title, is a criterion too);
lines before any heading count as inclusion. Sub-items stay flat (no parent).

Thresholds: read by ``lct_thresholds`` (its docstring says the conventions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from ..components.modifiers import starts_with_fixed_name
from ..gold import sha256
from ..rules import compiled_relabels, load_corpus_conventions, load_entity_rules, load_modifier_rules
from ..schema import (
    Annotation,
    Criterion,
    Entity,
    GoldDocument,
    Modifier,
    Relabel,
    StandOffSource,
    TrialDocument,
)
from . import holder, polarity
from .brat import Standoff, TextBound, read_standoff
from .lct_thresholds import GoldThreshold, read_thresholds, targets, to_threshold

CORPUS = "lct"
LABELS = {"Condition": "CONDITION", "Drug": "DRUG", "Procedure": "PROCEDURE", "Age": "DEMOGRAPHIC",
          "Life-Stage-And-Gender": "DEMOGRAPHIC", "Ethnicity": "DEMOGRAPHIC"}
# The spans the negation and section scripts score, with the label put on them in the Doc.
SPAN_LABELS = {"Condition": "CONDITION", "Drug": "DRUG", "Procedure": "PROCEDURE",
               "Observation": "OBSERVATION", "Age": "DEMOGRAPHIC", "Life-Stage-And-Gender": "DEMOGRAPHIC"}
MEASURED = {"lab", "vital", "measurement", "clinical-score"}
HEADING = re.compile(r"^[ \t\-*]*(?:\w+\s+){0,2}(inclusion|exclusion)\s+criteria\b.*$", re.I | re.M)
WORD = re.compile(r"\w+")
# LCT's event roles that grade an entity, and the modifier kind each is (annotations/README.md).
GRADE_ROLES = {"Severity": "severity", "Stability": "stability", "Acuteness": "acuteness"}
HEADING_WORDS = 8  # a title is at most this long; a longer line not ending in ':' is a sentence
BLANKS = re.compile(r"[ \t]*")
BULLET = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)])?[ \t]*")


@dataclass
class LctDocument:
    """One trial as read: its brat annotations and what the conventions above make of them."""

    standoff: Standoff
    flags: dict[str, set[str]]  # 'negated', 'hypothetical', 'exception', 'family': span ids
    thresholds: list[GoldThreshold] = field(default_factory=list)
    # Eq-Comparison spans no event links to: a comparison the annotators left unattached
    unlinked: list[tuple[int, int]] = field(default_factory=list)
    _before: dict[int, list[TextBound]] | None = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.standoff.name

    @property
    def text(self) -> str:
        return self.standoff.text

    @property
    def spans(self) -> dict[str, TextBound]:
        return self.standoff.spans

    @property
    def negated(self) -> set[str]:
        """Ids of the negated spans."""
        return self.flags["negated"]

    @property
    def entities(self) -> list[TextBound]:
        """The spans of ``SPAN_LABELS`` types, which the negation and section scripts score."""
        return [s for s in self.spans.values() if s.type in SPAN_LABELS]

    def entity_span(self, span: TextBound) -> tuple[int, int] | None:
        """The (start, end) of an entity span under the guideline's convention (the premodifiers
        the ``joins`` conventions put in it), or None for a part of a word ('operative' of
        'preoperative'), which the guideline does not annotate."""
        if self._before is None:
            self._before = _by_next_word(self)
        start = joined_start(self.text, span, self._before)
        return None if _inside_word(self.text, start) else (start, span.end)

    def gold_section(self, offset: int) -> str | None:
        """The section named by the last Inclusion/Exclusion Criteria heading before offset."""
        section = None
        for m in HEADING.finditer(self.text, 0, offset):
            section = m.group(1).lower()
        return section


# ---- Reading ------------------------------------------------------------------------------------


def read_corpus(root: Path) -> list[LctDocument]:
    """Every trial of the corpus at root (its ``brat/`` folder, or root itself), by name."""
    brat = root / "brat" if (root / "brat").is_dir() else root
    return [read_document(txt) for txt in sorted(brat.glob("*.txt"))]


def read_document(txt: Path) -> LctDocument:
    """One trial (``.txt`` with its ``.ann`` beside it)."""
    standoff = read_standoff(txt)
    doc = LctDocument(standoff, _flags(standoff), read_thresholds(standoff))
    linked = {target for event in standoff.events.values() for _, target in event.arguments}
    doc.unlinked = [(span.start, span.end) for event in standoff.events.values()
                    if event.id not in linked and (span := standoff.spans.get(event.trigger)) is not None
                    and span.type == "Eq-Comparison"]
    return doc


def _flags(doc: Standoff) -> dict[str, set[str]]:
    """Span ids carrying each attribute, from the events that assert it."""
    flags = {"negated": set(), "hypothetical": set(), "exception": set(), "family": set()}
    for event in doc.events.values():
        if event.type == "Negation":
            flags["negated"] |= targets(doc, event, "Negates")
        elif event.type == "Assertion":
            flags["hypothetical"] |= targets(doc, event, "Asserted")
        elif event.type == "Exception":
            flags["exception"] |= targets(doc, event, "Except")
        elif (event.type == "Family-Member"
              and doc.attributes.get(("Family-Member-Type", event.id)) != "patient"):
            flags["family"] |= targets(doc, event, "Has")
    return flags


# ---- Gold documents -----------------------------------------------------------------------------


def import_corpus(root: Path) -> list[GoldDocument]:
    brat = root / "brat" if (root / "brat").is_dir() else root
    return [import_document(txt, txt.relative_to(root).as_posix()) for txt in sorted(brat.glob("*.txt"))]


def import_document(txt: Path, relative: str) -> GoldDocument:
    doc = read_document(txt)
    criteria = _criteria(doc.text)
    _add_entities(doc, criteria)
    for t in doc.thresholds:
        criterion = holder(criteria, t.text_start, t.text_start)
        if criterion is not None:
            criterion.thresholds.append(to_threshold(t, doc.text, criterion.section))
    return GoldDocument(
        source=StandOffSource(corpus=CORPUS, document=relative, sha256=sha256(doc.text)),
        annotation=Annotation(annotator="LCT corpus annotators (Dobbins et al. 2022)",
                              date=date.today().isoformat(), method="imported",
                              note="Converted by nlp.importers.lct; CC BY 4.0."),
        document=TrialDocument(id=doc.name, criteria=criteria),
    )


def _criteria(text: str) -> list[Criterion]:
    criteria, section, counts, pos = [], "inclusion", {"inclusion": 0, "exclusion": 0}, 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        heading = HEADING.match(body)
        if heading:
            section = heading.group(1).lower()
        if body.strip() and (heading is None or _states_criteria(body)):
            start = pos + BULLET.match(body).end()
            end = pos + len(body.rstrip())
            if end > start:
                counts[section] += 1
                criteria.append(Criterion(id=f"{section[:3]}-{counts[section]}", section=section,
                                          text=text[start:end], start=start, end=end))
        pos += len(line)
    return criteria


def _states_criteria(heading: str) -> bool:
    """Whether a line naming its section is a criterion itself, a sentence rather than a title:
    'Exclusion criteria will include non-English speaking, no working telephone, and ...', not
    'Inclusion Criteria for Participating Units:'."""
    return len(WORD.findall(heading)) > HEADING_WORDS and not heading.rstrip().endswith(":")


@cache
def _relabels() -> list[tuple[Relabel, re.Pattern]]:
    return compiled_relabels(load_entity_rules().relabels)


def relabel(span_type: str, text: str, label: str | None) -> str | None:
    """The guideline's label for a span of this type and text: the first relabel rule that
    matches the whole text, else the type's mapping."""
    for rule, pattern in _relabels():
        if span_type in rule.types and pattern.fullmatch(text):
            return rule.label
    return label


def _add_entities(doc: LctDocument, criteria: list[Criterion]) -> None:
    """Each entity into the criterion holding it; one crossing a line break is left out, and so is
    one that starts inside a word ('operative' of 'preoperative', 'treatment' of 'pretreatment'):
    the word is a time expression, which the guideline does not annotate."""
    event_of = {event.trigger: event.id for event in doc.standoff.events.values()}
    graded = _graded(doc)
    for span in doc.spans.values():
        label = LABELS.get(span.type)
        if span.type == "Observation":
            kind = doc.standoff.attributes.get(("Observation-Type-Value", event_of.get(span.id, "")))
            label = "MEASUREMENT" if kind in MEASURED else "OBSERVATION"
        where = doc.entity_span(span) if label is not None else None
        if where is None:
            continue
        start = where[0]
        label = relabel(span.type, doc.text[span.start:span.end], label)  # LCT's span, as typed
        criterion = holder(criteria, start, span.end)
        if criterion is None:
            continue
        negated = span.id in doc.flags["negated"]
        criterion.entities.append(Entity(
            label=label, text=doc.text[start:span.end], start=start, end=span.end,
            negated=negated, hypothetical=span.id in doc.flags["hypothetical"],
            exception=span.id in doc.flags["exception"], family=span.id in doc.flags["family"],
            polarity=polarity(criterion.section, negated),
            modifiers=_modifiers(doc, start, span.end, criterion, graded.get(span.id, [])),
        ))


def joined_start(text: str, span: TextBound, before: dict[int, list[TextBound]]) -> int:
    """Where the span starts once the words the ``joins`` conventions put in it are in: a span of
    the joining type written right before it on its line that is no modifier word ('renal'
    insufficiency), with a prefix of the rule written before it ('non-small cell' lung cancer), or
    any span before it that makes a name the guideline keeps whole ('unstable' angina,
    ``fixed_names`` of ``resources/modifiers.json``)."""
    start = span.start
    for rule in _joins():
        if span.type not in rule.types:
            continue
        while True:
            joined = next((j for j in before.get(start, ()) if j.start < start and j.end <= start
                           and (j.type == rule.joins and not _has_modifier_word(j.text)
                                or starts_with_fixed_name(text[j.start:span.end].lower(), _fixed_names()))),
                          None)
            if joined is None:
                break
            start = joined.start
        if start < span.start:
            start -= next((len(p) for p in rule.prefixes if text[start - len(p):start].lower() == p), 0)
    return start


def _inside_word(text: str, start: int) -> bool:
    return start > 0 and text[start - 1].isalpha() and text[start].isalpha()


def _by_next_word(doc: LctDocument) -> dict[int, list[TextBound]]:
    """The one-piece spans by where the next word after them starts, on their line."""
    found: dict[int, list[TextBound]] = {}
    for span in doc.spans.values():
        if len(span.pieces) == 1:
            found.setdefault(BLANKS.match(doc.text, span.end).end(), []).append(span)
    return found


def _has_modifier_word(text: str) -> bool:
    kinds = _modifier_kinds()
    return text.lower() in kinds or any(word in kinds for word in WORD.findall(text.lower()))


@cache
def _fixed_names() -> frozenset[str]:
    return frozenset(name.lower() for name in load_modifier_rules().fixed_names.words)


@cache
def _joins():
    return load_corpus_conventions().joins


def _graded(doc: LctDocument) -> dict[str, list[tuple[TextBound, str | None]]]:
    """Per entity span id, the spans that grade it, with the kind LCT's role names (None for its
    generic Modifier): the Severity, Stability and Acuteness arguments of the entity's event and
    the Modifier events that modify it."""
    graded: dict[str, list[tuple[TextBound, str | None]]] = {}
    standoff = doc.standoff
    for event in standoff.events.values():
        for role, target in event.arguments:
            role = role.rstrip("0123456789")
            if event.type == "Modifier" and role == "Modifies":
                entity, grade, kind = standoff.trigger_of(target), standoff.spans.get(event.trigger), None
            elif role in GRADE_ROLES:
                entity, grade = standoff.spans.get(event.trigger), standoff.trigger_of(target)
                kind = GRADE_ROLES[role]
            else:
                continue
            if entity is not None and grade is not None:
                graded.setdefault(entity.id, []).append((grade, kind))
    return graded


def _modifiers(doc: LctDocument, start: int, end: int, criterion: Criterion,
               grades: list[tuple[TextBound, str | None]]) -> list[Modifier]:
    """The grades of the entity at [start, end) that are modifiers by our convention: outside it,
    in its criterion, one piece, and of a kind (a generic Modifier takes the kind of its word in
    ``resources/modifiers.json``, else it is no modifier: 'renal' joins 'renal insufficiency')."""
    found: dict[tuple[int, int], str] = {}
    for grade, kind in grades:
        kind = kind or _modifier_kinds().get(grade.text.lower())
        inside = criterion.start <= grade.start and grade.end <= criterion.end
        outside = grade.end <= start or end <= grade.start
        if kind and inside and outside and len(grade.pieces) == 1:
            found.setdefault((grade.start, grade.end), kind)
    return [Modifier(kind=kind, text=doc.text[a:b], start=a, end=b) for (a, b), kind in sorted(found.items())]


@cache
def _modifier_kinds() -> dict[str, str]:
    return {word: rule.kind for rule in load_modifier_rules().kinds for word in rule.words}


