"""Label Studio: tasks with pre-annotations (``tasks.json``), the labeling config that matches them
(``labeling_config.xml``), and its JSON export read back.

A task is ``{"data": {"text": ..., "id": <doc id>}, "predictions": [{"model_version": "criteria-nlp
<version>", "result": [...]}]}``. Each region (see ``regions``) is one ``labels`` result of the
control ``label`` on ``text`` (``Criterion``, an entity label, ``Threshold`` or ``Analyte``) with
``value.start/end/text/labels``; per-region results share its id:

- ``choices`` ``section`` (a criterion's inclusion/exclusion), ``attributes`` (negated,
  historical, hypothetical, family, exception: the ones that are true) and ``polarity`` (only to
  override the section flipped by negation);
- ``textarea`` ``criterion_id`` and ``parent`` (a criterion's id and parent, plain text),
  ``threshold`` (a threshold's other fields, compact JSON as in the brat note), ``modifiers`` (an
  entity's modifiers, the JSON list of the brat note) and ``criterion`` (the criterion of an entity
  outside the innermost criterion holding it: rare);
- a ``relation`` result (``from_id`` the threshold, ``to_id`` its analyte, label ``Analyte``).

Offsets are character offsets into ``data.text`` (Label Studio counts code points and ``\\r\\n``
as two), so they are Python string offsets; reading back checks ``text[start:end] == value.text``.
Reading a task uses its last annotation that was not cancelled (the annotator's corrected work),
else its last prediction.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..schema import Annotation, GoldDocument, TrialDocument
from .regions import ANALYTE, CRITERION, FLAGS, THRESHOLD, AnnotateError, Region, from_regions, to_regions

LABEL, TEXT = "label", "text"
CHOICES = {"section": ("inclusion", "exclusion"), "attributes": FLAGS, "polarity": ("inclusion", "exclusion")}
TEXTAREAS = ("criterion_id", "parent", "threshold", "modifiers", "criterion")
COLOURS = {CRITERION: "#f5f5dc", "CONDITION": "#ff9f9f", "DRUG": "#9fc5ff", "PROCEDURE": "#c5a3ff",
           "MEASUREMENT": "#ffd27f", "OBSERVATION": "#a8e6a1", "DEVICE": "#d9d9d9", "DEMOGRAPHIC": "#f7c6e0",
           THRESHOLD: "#7fe0e0", ANALYTE: "#e0e0a0"}


def task(document: TrialDocument, text: str) -> dict[str, Any]:
    """One Label Studio task with the document as a prediction."""
    result: list[dict[str, Any]] = []
    relations = []
    for r in to_regions(document, "r"):
        span = {"start": r.start, "end": r.end}
        result.append(_result(r.id, LABEL, "labels",
                              {**span, "text": text[r.start:r.end], "labels": [r.kind]}))
        choices = {"section": [r.attributes["section"]] if "section" in r.attributes else [],
                   "attributes": [name for name in FLAGS if r.attributes.get(name)],
                   "polarity": [r.attributes["polarity"]] if "polarity" in r.attributes else []}
        for name, chosen in choices.items():
            if chosen:
                result.append(_result(r.id, name, "choices", {**span, "choices": chosen}))
        for name, value in _textareas(r).items():
            result.append(_result(r.id, name, "textarea", {**span, "text": [value]}))
        if r.analyte is not None:
            relations.append({"from_id": r.id, "to_id": r.analyte, "type": "relation", "direction": "right",
                              "labels": ["Analyte"]})
    return {"data": {"text": text, "id": document.id},
            "predictions": [{"model_version": f"criteria-nlp {__version__}", "result": result + relations}]}


def _result(rid: str, name: str, kind: str, value: dict[str, Any]) -> dict[str, Any]:
    return {"id": rid, "from_name": name, "to_name": TEXT, "type": kind, "value": value}


def _textareas(r: Region) -> dict[str, str]:
    if r.kind == CRITERION:
        return {"criterion_id": r.note["id"], **({"parent": r.note["parent"]} if "parent" in r.note else {})}
    if r.kind == THRESHOLD:
        return {"threshold": json.dumps(r.note, ensure_ascii=False)}
    fields = {"criterion": r.note["criterion"]} if "criterion" in r.note else {}
    if "modifiers" in r.note:
        fields["modifiers"] = json.dumps(r.note["modifiers"], ensure_ascii=False)
    return fields


def write_tasks(documents: list[tuple[TrialDocument, str]], folder: Path) -> Path:
    """Write folder/tasks.json and folder/labeling_config.xml; returns the tasks path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tasks.json"
    path.write_text(json.dumps([task(d, t) for d, t in documents], ensure_ascii=False, indent=1) + "\n",
                    encoding="utf-8")
    (folder / "labeling_config.xml").write_text(labeling_config(), encoding="utf-8")
    return path


def labeling_config() -> str:
    labels = "\n".join(f'    <Label value="{kind}" background="{COLOURS[kind]}"/>' for kind in COLOURS)
    flags = "".join(f'<Choice value="{flag}"/>' for flag in FLAGS)

    def textarea(name: str, label: str | None, hint: str) -> str:
        when = f' whenLabelValue="{label}"' if label else ""
        return (f'  <View visibleWhen="region-selected"{when}>\n    <Header value="{hint}"/>\n'
                f'    <TextArea name="{name}" toName="{TEXT}" perRegion="true" editable="true" '
                f'maxSubmissions="1" rows="2"/>\n  </View>')

    return "\n".join([
        "<View>",
        "  <Style>.htx-text { white-space: pre-wrap; }</Style>",
        f'  <Labels name="{LABEL}" toName="{TEXT}">', labels, "  </Labels>",
        f'  <Text name="{TEXT}" value="$text" granularity="symbol"/>',
        '  <Relations>\n    <Relation value="Analyte"/>\n  </Relations>',
        f'  <Choices name="section" toName="{TEXT}" perRegion="true" choice="single" '
        f'visibleWhen="region-selected" whenLabelValue="{CRITERION}">'
        '<Choice value="inclusion"/><Choice value="exclusion"/></Choices>',
        f'  <Choices name="attributes" toName="{TEXT}" perRegion="true" choice="multiple" '
        f'visibleWhen="region-selected">{flags}</Choices>',
        '  <View visibleWhen="region-selected">\n'
        '    <Header value="Polarity: only to override the section flipped by negation"/>\n'
        f'    <Choices name="polarity" toName="{TEXT}" perRegion="true" choice="single">'
        '<Choice value="inclusion"/><Choice value="exclusion"/></Choices>\n  </View>',
        textarea("criterion_id", CRITERION, "Criterion id (inc-3, exc-2, inc-8.1)"),
        textarea("parent", CRITERION, "Parent criterion id, for a nested sub-item"),
        textarea("threshold", THRESHOLD, "Threshold fields (JSON: kind, comparator, value, unit, ...)"),
        textarea("modifiers", None, "Modifiers of this entity (JSON list of kind, start, end)"),
        textarea("criterion", None, "Criterion of this entity, only when not the innermost one holding it"),
        "</View>", "",
    ])


def read_tasks(path: Path) -> list[tuple[TrialDocument, str]]:
    """The documents and texts of a Label Studio JSON export (a list of tasks)."""
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise AnnotateError(f"{path}: not JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(tasks, list):
        raise AnnotateError(f"{path}: not a Label Studio export (a JSON list of tasks)")
    return [from_task(t, f"{path}: task {number}") for number, t in enumerate(tasks, 1)]


def import_tasks(path: Path, annotation: Annotation) -> list[GoldDocument]:
    return [GoldDocument(text=text, annotation=annotation, document=document)
            for document, text in read_tasks(path)]


def from_task(task: dict[str, Any], origin: str) -> tuple[TrialDocument, str]:
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data.get("id"):
        raise AnnotateError(f"{origin}: no data.text and data.id")
    text, doc_id = data["text"], str(data["id"])
    origin = f"{origin} ({doc_id})"
    annotations = [a for a in task.get("annotations") or []
                   if isinstance(a, dict) and not a.get("was_cancelled")]
    chosen = annotations or [p for p in task.get("predictions") or [] if isinstance(p, dict)]
    result = (chosen[-1].get("result") or []) if chosen else []
    if not isinstance(result, list) or not all(isinstance(r, dict) and isinstance(r.get("value", {}), dict)
                                               for r in result):
        raise AnnotateError(f"{origin}: the result is not a list of Label Studio results")
    return from_regions(doc_id, text, _regions(result, text, origin), origin), text


def _regions(result: list[dict[str, Any]], text: str, origin: str) -> list[Region]:
    regions: dict[str, Region] = {}
    for item in result:
        if item.get("type") == "labels":
            rid, value = str(item.get("id")), item.get("value") or {}
            labels, start, end = value.get("labels") or [], value.get("start"), value.get("end")
            if len(labels) != 1 or not isinstance(start, int) or not isinstance(end, int):
                raise AnnotateError(f"{origin}: region {rid}: needs start, end and exactly one label")
            if isinstance(value.get("text"), str) and value["text"] != text[start:end]:
                raise AnnotateError(f"{origin}: region {rid}: text {value['text']!r} is not the text at "
                                    f"{start}:{end} ({text[start:end]!r})")
            if rid in regions:
                raise AnnotateError(f"{origin}: region {rid} is labelled twice")
            regions[rid] = Region(rid, labels[0], start, end)
    for item in result:
        kind, rid, value = item.get("type"), str(item.get("id")), item.get("value") or {}
        if kind == "relation":
            _relation(item, regions, origin)
        elif kind in ("choices", "textarea"):
            region = regions.get(rid)
            if region is None:
                raise AnnotateError(f"{origin}: {kind} {item.get('from_name')} for region {rid}, "
                                    "which has no label")
            _per_region(region, item.get("from_name"), kind, value, origin)
        elif kind != "labels":
            raise AnnotateError(f"{origin}: region {rid}: result type {kind!r} is not part of this format")
    return list(regions.values())


def _per_region(region: Region, name: Any, kind: str, value: dict[str, Any], origin: str) -> None:
    where = f"{origin}: region {region.id}: {name}"
    if kind == "choices" and name in CHOICES:
        choices = value.get("choices") or []
        if any(c not in CHOICES[name] for c in choices):
            raise AnnotateError(f"{where}: unknown choice in {choices}")
        if name == "attributes":
            region.attributes.update({flag: True for flag in choices})
        elif choices:
            region.attributes[name] = choices[-1]
    elif kind == "textarea" and name in TEXTAREAS:
        lines = [t for t in value.get("text") or [] if isinstance(t, str) and t.strip()]
        if not lines:
            return
        written = lines[-1].strip()
        if name in ("threshold", "modifiers"):
            try:
                fields = json.loads(written)
            except json.JSONDecodeError as err:
                raise AnnotateError(f"{where}: not JSON ({err.msg})") from None
            if name == "modifiers":
                if not isinstance(fields, list):
                    raise AnnotateError(f"{where}: must be a JSON list [{{kind, start, end}}, ...]")
                fields = {"modifiers": fields}
            elif not isinstance(fields, dict):
                raise AnnotateError(f"{where}: must be a JSON object {{...}}")
            region.note.update(fields)
        else:
            region.note[{"criterion_id": "id"}.get(name, name)] = written
    else:
        raise AnnotateError(f"{where}: {kind} {name!r} is not part of the labeling config")


def _relation(item: dict[str, Any], regions: dict[str, Region], origin: str) -> None:
    ends = [regions.get(str(item.get(key))) for key in ("from_id", "to_id")]
    labels = item.get("labels") or ["Analyte"]
    thresholds = [r for r in ends if r is not None and r.kind == THRESHOLD]
    where = f"{origin}: relation {item.get('from_id')} -> {item.get('to_id')}"
    if None in ends or labels != ["Analyte"] or len(thresholds) != 1:
        raise AnnotateError(f"{where}: an Analyte relation links one Threshold and one other region")
    source = thresholds[0]
    target = ends[1] if ends[0] is source else ends[0]
    if source.analyte is not None:
        raise AnnotateError(f"{where}: threshold {source.id} already has an analyte")
    source.analyte = target.id
