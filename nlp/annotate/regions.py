"""The neutral form both annotation tools are written from and read back into: regions.

A document becomes a flat list of regions in document order: each criterion, then its entities,
its thresholds and the analyte spans its thresholds need. A region has a kind (``Criterion``, an
entity label, ``Threshold`` or ``Analyte``), offsets, attributes and a note (a small JSON object):

- ``Criterion``: attribute ``section``; note ``{"id": "inc-8.1", "parent": "inc-8"}`` (parent only
  when set).
- an entity: attributes ``negated``, ``historical``, ``hypothetical``, ``family``, ``exception``
  when true; ``polarity`` only when it is *not* the section flipped by negation (an override: a new
  entity, or one whose negation is toggled, takes the derived polarity); note ``{"modifiers":
  [{"kind": "stability", "start": 22, "end": 34}]}`` when it has modifiers (their text is the
  text at those offsets).
- ``Threshold``: ``analyte`` names the region it constrains: the entity of its criterion with the
  analyte's offsets, else an extra ``Analyte`` region (shared by thresholds on the same span). The
  note holds the other fields (``threshold_note``): kind, comparator, value and, when not their
  defaults, upper, lower/upper_inclusive, values, relative_to, normalized, normalization_error,
  condition, resolver, modality, the analyte's lexicon name and code, and the requirement when it
  is not ``Requirement.of`` the threshold (recomputed on reading, so an edited comparator carries over).
- Ids of entities and thresholds are given by position (the schema does). A criterion's ``logic``
  is derived by the pipeline from the spans, not annotated: read-back documents have none.
- An entity or threshold belongs to the innermost criterion holding its span; a note
  ``{"criterion": id}`` names its criterion where that rule would pick another.

Reading back keeps region order, so exported objects keep theirs and objects added in the tool
come after the exported ones of their criterion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..importers import polarity
from ..schema import (
    ENTITY_LABELS,
    Analyte,
    Comparator,
    Criterion,
    Entity,
    Modifier,
    Requirement,
    Threshold,
    TrialDocument,
    first_error,
)

CRITERION, THRESHOLD, ANALYTE = "Criterion", "Threshold", "Analyte"
KINDS = (CRITERION, *ENTITY_LABELS, THRESHOLD, ANALYTE)
FLAGS = ("negated", "historical", "hypothetical", "family", "exception")
SECTIONS = ("inclusion", "exclusion")
CRITERION_KEYS = {"id", "parent"}
THRESHOLD_KEYS = {"kind", "comparator", "value", "upper", "lower_inclusive", "upper_inclusive", "values",
                  "unit", "relative_to", "normalized", "normalization_error", "condition", "analyte",
                  "requirement", "criterion", "resolver", "modality"}
THRESHOLD_EXAMPLE = '{"kind": "measurement", "comparator": ">=", "value": 1.5, "unit": "mg/dL"}'


class AnnotateError(ValueError):
    """An annotation file that cannot be read back; the message names the file and the object."""


@dataclass
class Region:
    id: str
    kind: str
    start: int
    end: int
    attributes: dict[str, str | bool] = field(default_factory=dict)
    note: dict[str, Any] = field(default_factory=dict)
    analyte: str | None = None  # a Threshold's analyte: the id of an entity or Analyte region


def to_regions(document: TrialDocument, prefix: str) -> list[Region]:
    """The document's regions, with ids prefix1, prefix2, ... in document order."""
    regions: list[Region] = []

    def add(kind: str, start: int, end: int, **fields: Any) -> Region:
        regions.append(Region(f"{prefix}{len(regions) + 1}", kind, start, end, **fields))
        return regions[-1]

    for c in document.criteria:
        add(CRITERION, c.start, c.end, attributes={"section": c.section},
            note={"id": c.id, **({"parent": c.parent} if c.parent is not None else {})})
        entity_at: dict[tuple[int, int], str] = {}
        for e in c.entities:
            attributes: dict[str, str | bool] = {name: True for name in FLAGS if getattr(e, name)}
            if e.polarity != polarity(c.section, e.negated):
                attributes["polarity"] = e.polarity
            modifiers = [m.model_dump(exclude={"text"}) for m in e.modifiers]
            region = add(e.label, e.start, e.end, attributes=attributes,
                         note={**_membership(document.criteria, c, e.start, e.end),
                               **({"modifiers": modifiers} if modifiers else {})})
            entity_at.setdefault((e.start, e.end), region.id)
        analyte_at: dict[tuple[int, int], str] = {}
        for t in c.thresholds:
            region = add(THRESHOLD, t.start, t.end,
                         note={**threshold_note(t, c.section),
                               **_membership(document.criteria, c, t.start, t.end)})
            if t.analyte is not None:
                key = (t.analyte.start, t.analyte.end)
                if key not in entity_at and key not in analyte_at:
                    analyte_at[key] = add(ANALYTE, *key).id
                region.analyte = entity_at.get(key) or analyte_at[key]
    return regions


def threshold_note(t: Threshold, section: str) -> dict[str, Any]:
    """A threshold's fields other than its span and analyte span, defaults left out."""
    note: dict[str, Any] = {"kind": t.kind, "comparator": t.comparator, "value": t.value}
    if t.upper is not None:
        note["upper"] = t.upper
    for name in ("lower_inclusive", "upper_inclusive"):
        if not getattr(t, name):
            note[name] = False
    if t.values is not None:
        note["values"] = t.values
    note["unit"] = t.unit
    for name in ("relative_to", "normalized", "normalization_error", "condition", "resolver", "modality"):
        if getattr(t, name) is not None:
            value = getattr(t, name)
            note[name] = value.model_dump() if name == "normalized" else value
    if t.analyte is not None and (t.analyte.name is not None or t.analyte.code is not None):
        note["analyte"] = {"name": t.analyte.name, "code": t.analyte.code}
    if Requirement.of(t.comparator, t.value, t.upper, t.values, section) != t.requirement:
        note["requirement"] = t.requirement.model_dump() if t.requirement else None
    return note


def innermost(criteria: list[Any], start: int, end: int) -> Any | None:
    """The shortest criterion holding start:end (the first of equals); criteria have start/end."""
    holding = [c for c in criteria if c.start <= start and end <= c.end]
    return min(holding, key=lambda c: c.end - c.start) if holding else None


def _membership(criteria: list[Criterion], criterion: Criterion, start: int, end: int) -> dict[str, str]:
    return {} if innermost(criteria, start, end) is criterion else {"criterion": criterion.id}


@dataclass
class _Building:
    """A criterion being read back, before validation."""

    region: Region
    id: str
    section: str
    parent: str | None
    entities: list[Entity] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.region.start

    @property
    def end(self) -> int:
        return self.region.end


def from_regions(doc_id: str, text: str, regions: list[Region], origin: str) -> TrialDocument:
    """Read regions back into a document; an unusable region raises AnnotateError naming it."""
    return _Reader(text, regions, origin).document(doc_id)


@dataclass
class _Reader:
    text: str
    regions: list[Region]
    origin: str

    def fail(self, region: Region, message: str) -> AnnotateError:
        return AnnotateError(f"{self.origin}: {region.id} {region.kind} "
                             f"{self.text[region.start:region.end]!r} at {region.start}:{region.end}: "
                             f"{message}")

    def document(self, doc_id: str) -> TrialDocument:
        by_id = {r.id: r for r in self.regions}
        for r in self.regions:
            if r.kind not in KINDS:
                raise self.fail(r, f"unknown type (known: {', '.join(KINDS)})")
            if not 0 <= r.start < r.end <= len(self.text):
                raise self.fail(r, f"offsets outside the text (0:{len(self.text)}) or empty")
            if r.analyte is not None and r.kind != THRESHOLD:
                raise self.fail(r, "only a Threshold links to an analyte")
        criteria: dict[str, _Building] = {}
        for r in self.regions:
            if r.kind == CRITERION:
                built = self.criterion(r)
                if built.id in criteria:
                    raise self.fail(r, f"criterion id {built.id} is used twice")
                criteria[built.id] = built
        for r in self.regions:
            if r.kind in ENTITY_LABELS:
                owner = self.owner(r, criteria)
                owner.entities.append(self.entity(r, owner.section))
            elif r.kind == THRESHOLD:
                owner = self.owner(r, criteria)
                owner.thresholds.append(self.threshold(r, owner.section, by_id))
        built_criteria = []
        for c in criteria.values():
            try:
                built_criteria.append(Criterion(
                    id=c.id, section=c.section, text=self.text[c.start:c.end], start=c.start, end=c.end,
                    parent=c.parent, entities=c.entities, thresholds=c.thresholds))
            except ValidationError as err:
                raise self.fail(c.region, first_error(err)) from None
        return TrialDocument(id=doc_id, criteria=built_criteria)

    def criterion(self, r: Region) -> _Building:
        cid, parent = r.note.get("id"), r.note.get("parent")
        if not isinstance(cid, str) or not cid.strip():
            raise self.fail(r, 'no criterion id: give it a note {"id": "inc-9"}')
        if parent is not None and not isinstance(parent, str):
            raise self.fail(r, "parent must be a criterion id")
        if set(r.note) - CRITERION_KEYS:
            raise self.fail(r, f"unknown note fields {sorted(set(r.note) - CRITERION_KEYS)} "
                               "(known: id, parent)")
        if set(r.attributes) != {"section"} or r.attributes["section"] not in SECTIONS:
            raise self.fail(r, "a criterion needs its section (inclusion or exclusion), no other attribute")
        return _Building(r, cid.strip(), str(r.attributes["section"]), parent)

    def owner(self, r: Region, criteria: dict[str, _Building]) -> _Building:
        named = r.note.get("criterion")
        if named is not None:
            if named not in criteria:
                raise self.fail(r, f"its note names criterion {named!r}, which does not exist")
            return criteria[named]
        holder = innermost(list(criteria.values()), r.start, r.end)
        if holder is None:
            raise self.fail(r, "lies in no criterion")
        return holder

    def entity(self, r: Region, section: str) -> Entity:
        flags = {name: value for name, value in r.attributes.items() if name in FLAGS}
        other = set(r.attributes) - set(FLAGS) - {"polarity"}
        if other or any(value is not True for value in flags.values()):
            raise self.fail(r, f"unknown attributes {sorted(other)}" if other else
                            "negated, historical, hypothetical, family, exception are on/off flags")
        if set(r.note) - {"criterion", "modifiers"}:
            raise self.fail(r, f"unknown note fields {sorted(set(r.note) - {'criterion', 'modifiers'})}")
        negated = bool(flags.get("negated", False))
        side = r.attributes.get("polarity", polarity(section, negated))
        if side not in SECTIONS:
            raise self.fail(r, f"polarity {side!r} is not inclusion or exclusion")
        try:
            modifiers = [Modifier(**m, text=self.text[m["start"]:m["end"]])
                         for m in r.note.get("modifiers", [])]
        except (TypeError, KeyError, ValidationError) as err:
            message = first_error(err) if isinstance(err, ValidationError) else "not {kind, start, end}"
            raise self.fail(r, f"modifiers in the note: {message}") from None
        return Entity(label=r.kind, text=self.text[r.start:r.end], start=r.start, end=r.end,
                      polarity=side, modifiers=modifiers, **flags)

    def threshold(self, r: Region, section: str, by_id: dict[str, Region]) -> Threshold:
        fields = {k: v for k, v in r.note.items() if k != "criterion"}
        if set(fields) - THRESHOLD_KEYS:
            raise self.fail(r, f"unknown note fields {sorted(set(fields) - THRESHOLD_KEYS)}")
        if r.attributes:
            raise self.fail(r, f"a threshold has no attributes, found {sorted(r.attributes)}")
        if "kind" not in fields or fields.get("comparator") not in Comparator.__args__:
            raise self.fail(r, f"needs kind and comparator ({', '.join(Comparator.__args__)}) in its "
                               f"note, e.g. {THRESHOLD_EXAMPLE}")
        names = fields.pop("analyte", None) or {}
        if not isinstance(names, dict) or set(names) - {"name", "code"}:
            raise self.fail(r, 'analyte in the note must be {"name": ..., "code": ...}')
        target = None if r.analyte is None else by_id.get(r.analyte)
        if r.analyte is not None and (target is None or target.kind not in (*ENTITY_LABELS, ANALYTE)):
            raise self.fail(r, f"its analyte {r.analyte} is not an entity or Analyte span")
        try:
            analyte = None if target is None else Analyte(
                text=self.text[target.start:target.end], start=target.start, end=target.end,
                name=names.get("name"), code=names.get("code"))
            if "requirement" not in fields:
                fields["requirement"] = Requirement.of(
                    fields["comparator"], fields.get("value"), fields.get("upper"), fields.get("values"),
                    section)
            return Threshold.model_validate({
                **fields, "analyte": analyte, "text": self.text[r.start:r.end], "start": r.start,
                "end": r.end})
        except ValidationError as err:
            raise self.fail(r, first_error(err)) from None

