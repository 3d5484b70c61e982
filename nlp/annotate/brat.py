"""brat standoff for annotators: ``<doc id>.txt`` + ``.ann``, with ``annotation.conf`` and
``visual.conf`` so brat knows the types.

Encoding (see ``regions`` for what each object becomes):

- criteria are text-bound ``Criterion`` spans with a multi-valued attribute ``Section``
  (``A1\\tSection T1 inclusion``) and an AnnotatorNotes line holding the id and parent as JSON
  (``#1\\tAnnotatorNotes T1\\t{"id": "inc-8.1", "parent": "inc-8"}``);
- entities are text-bound spans typed with our labels (``CONDITION`` ...); the flags are binary
  attributes ``Negated``, ``Historical``, ``Hypothetical``, ``Family``, ``Exception``
  (``A2\\tNegated T3``); ``Polarity`` (inclusion/exclusion) is written only to override the
  section flipped by negation;
- thresholds are text-bound ``Threshold`` spans whose other fields are an AnnotatorNotes line of
  compact JSON (``{"kind": "measurement", "comparator": ">=", "value": 1.5, "unit": "mg/dL", ...}``);
  the analyte is a relation ``Analyte`` (Arg1 the threshold, Arg2 the entity with the analyte's
  offsets, or an extra text-bound ``Analyte`` span when no entity has them).

The text is written and read byte-exact (``newline=""``): offsets count characters of the exact
text, ``\\r`` included. A span crossing a line break is written as brat writes one, as fragments
split at the breaks (``T1\\tCriterion 10 20;21 30\\tfirst line second line``) and read back as one
span. brat's own server reads text with universal newlines and so counts CRLF as one character
(nlplab/brat#853): annotations made in its UI on a CRLF text are shifted, and reading them back
fails on the span texts rather than shifting silently.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..importers.brat import BratError, Standoff, read_standoff, read_text
from ..schema import ENTITY_LABELS, Annotation, GoldDocument, TrialDocument
from .regions import ANALYTE, CRITERION, FLAGS, THRESHOLD, AnnotateError, Region, from_regions, to_regions

NOTE = "AnnotatorNotes"
ATTRIBUTE_NAMES = {"section": "Section", "polarity": "Polarity",
                   **{flag: flag.capitalize() for flag in FLAGS}}
FROM_ATTRIBUTE = {name: key for key, name in ATTRIBUTE_NAMES.items()}
# What ends a line for brat (Python line boundaries) and what ends a column: never inside a T line.
BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
SAFE_NAME = re.compile(r"^[\w.-]+$")


def ann(document: TrialDocument, text: str) -> str:
    """The .ann text of a document."""
    lines: list[str] = []
    counts = {"A": 0, "R": 0, "#": 0}

    def next_id(kind: str) -> str:
        counts[kind] += 1
        return f"{kind}{counts[kind]}"

    relations = []
    for r in to_regions(document, "T"):
        pieces = _pieces(text, r.start, r.end)
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        lines.append(f"{r.id}\t{r.kind} {offsets}\t{' '.join(text[s:e] for s, e in pieces)}")
        for key, value in r.attributes.items():
            suffix = "" if value is True else f" {value}"
            lines.append(f"{next_id('A')}\t{ATTRIBUTE_NAMES[key]} {r.id}{suffix}")
        if r.note:
            lines.append(f"{next_id('#')}\t{NOTE} {r.id}\t{json.dumps(r.note, ensure_ascii=False)}")
        if r.analyte is not None:
            relations.append(f"{next_id('R')}\tAnalyte Arg1:{r.id} Arg2:{r.analyte}")
    return "".join(line + "\n" for line in lines + relations)


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces, position = [], start
    for brk in BREAKS.finditer(text, start, end):
        if brk.start() > position:
            pieces.append((position, brk.start()))
        position = brk.end()
    if position < end:
        pieces.append((position, end))
    if not pieces or pieces[0][0] != start or pieces[-1][1] != end:
        raise AnnotateError(f"span {start}:{end} {text[start:end]!r} starts or ends with a line break "
                            "or tab, which brat cannot show")
    return pieces


def write_brat(document: TrialDocument, text: str, folder: Path) -> Path:
    """Write <id>.txt and <id>.ann into folder (and its .conf files); returns the .txt path."""
    if not SAFE_NAME.match(document.id):
        raise AnnotateError(f"document id {document.id!r} is not a safe file name")
    content = ann(document, text)
    folder.mkdir(parents=True, exist_ok=True)
    write_conf(folder)
    txt = folder / f"{document.id}.txt"
    for path, data in ((txt, text), (txt.with_suffix(".ann"), content)):
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(data)
    return txt


def write_conf(folder: Path) -> None:
    for name, data in (("annotation.conf", annotation_conf()), ("visual.conf", visual_conf())):
        (folder / name).write_text(data, encoding="utf-8")


def annotation_conf() -> str:
    entities = "|".join(ENTITY_LABELS)
    return "\n".join([
        "# criteria-nlp: criteria, entities, thresholds and their analytes (criteria annotate)",
        "[entities]", CRITERION, *ENTITY_LABELS, THRESHOLD, ANALYTE, "",
        "[relations]",
        "# nested and overlapping spans: entities inside criteria, thresholds beside entities",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        f"Analyte\tArg1:{THRESHOLD}, Arg2:{entities}|{ANALYTE}", "",
        "[events]", "",
        "[attributes]",
        f"Section\tArg:{CRITERION}, Value:inclusion|exclusion",
        *(f"{ATTRIBUTE_NAMES[flag]}\tArg:{entities}" for flag in FLAGS),
        "# only where it is not the section flipped by negation",
        f"Polarity\tArg:{entities}, Value:inclusion|exclusion", "",
    ])


def visual_conf() -> str:
    colours = {"CONDITION": "#ff9f9f", "DRUG": "#9fc5ff", "PROCEDURE": "#c5a3ff", "MEASUREMENT": "#ffd27f",
               "OBSERVATION": "#a8e6a1", "DEVICE": "#d9d9d9", "DEMOGRAPHIC": "#f7c6e0",
               CRITERION: "#f5f5dc", THRESHOLD: "#7fe0e0", ANALYTE: "#e0e0a0"}
    return "\n".join([
        "[labels]", "Criterion | Criterion | Crit", "Threshold | Threshold | Thr", "",
        "[drawing]", "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
        *(f"{kind}\tbgColor:{colour}" for kind, colour in colours.items()),
        "Negated\tglyph:¬", "Historical\tglyph:H", "Hypothetical\tglyph:?", "Family\tglyph:F",
        "Exception\tglyph:∖", "Polarity\tglyph:!", "Section\tglyph:(in)|(ex), position:left", "",
    ])


def read_brat(txt: Path) -> tuple[TrialDocument, str]:
    """The document and text of <id>.txt and its .ann; the document id is the file stem."""
    doc = read_standoff(txt)
    ann_path = txt.with_suffix(".ann")
    if doc.events:
        raise BratError(f"{ann_path}: events ({', '.join(doc.events)}) are not part of this format")
    regions = _regions(doc, ann_path)
    return from_regions(txt.stem, doc.text, regions, str(ann_path)), doc.text


def import_brat(txt: Path, annotation: Annotation) -> GoldDocument:
    document, text = read_brat(txt)
    return GoldDocument(text=text, annotation=annotation, document=document)


def _regions(doc: Standoff, ann_path: Path) -> list[Region]:
    regions: dict[str, Region] = {}
    for span in doc.spans.values():
        written = " ".join(doc.text[s:e] for s, e in span.pieces)
        if any(s > e for s, e in span.pieces) or span.end > len(doc.text):
            raise BratError(f"{ann_path}: {span.id}: offsets {span.pieces} do not fit the text")
        if written != span.text:
            raise BratError(f"{ann_path}: {span.id}: the text {span.text!r} is not the text at its offsets "
                            f"({written!r}); was the .txt changed?")
        gaps = [doc.text[e:s] for (_, e), (s, _) in zip(span.pieces, span.pieces[1:], strict=False)]
        if any(gap.strip() for gap in gaps):
            raise BratError(f"{ann_path}: {span.id}: a discontinuous span is not supported; mark one span")
        regions[span.id] = Region(span.id, span.type, span.start, span.end)
    for (name, target), value in doc.attributes.items():
        if target not in regions or name not in FROM_ATTRIBUTE:
            raise BratError(f"{ann_path}: attribute {name} on {target}: unknown attribute or target")
        regions[target].attributes[FROM_ATTRIBUTE[name]] = value
    for relation in doc.relations:
        source = regions.get(relation.arg1)
        if relation.type != "Analyte" or source is None or relation.arg2 not in regions:
            raise BratError(f"{ann_path}: {relation.id}: only Analyte relations between spans are read "
                            f"({relation.type} {relation.arg1} {relation.arg2})")
        if source.analyte is not None:
            raise BratError(f"{ann_path}: {relation.id}: {relation.arg1} already has an analyte")
        source.analyte = relation.arg2
    for number, target, note in _notes(ann_path):
        if target not in regions:
            raise BratError(f"{ann_path}:{number}: a note on {target}, which is not a span")
        try:
            parsed = json.loads(note)
        except json.JSONDecodeError as err:
            raise BratError(f"{ann_path}:{number}: the note of {target} is not JSON ({err.msg})") from None
        if not isinstance(parsed, dict):
            raise BratError(f"{ann_path}:{number}: the note of {target} must be a JSON object {{...}}")
        regions[target].note = parsed
    return list(regions.values())


def _notes(ann_path: Path) -> list[tuple[int, str, str]]:
    """(line number, target id, note) of each AnnotatorNotes line; a line of another kind than
    read_standoff reads is refused."""
    notes, seen = [], set()
    for number, line in enumerate(read_text(ann_path).splitlines(), 1):
        if line.strip() and line[0] not in "TRAM#":  # the lines read_standoff leaves out
            raise BratError(f"{ann_path}:{number}: cannot read {line[:60]!r} "
                            "(only T, R, A, M and # lines are part of this format)")
        if not line.startswith("#"):
            continue
        cols = line.split("\t")
        kind, _, target = cols[1].partition(" ") if len(cols) > 1 else ("", "", "")
        if kind != NOTE:
            continue
        target = target.strip()
        if target in seen:
            raise BratError(f"{ann_path}:{number}: {target} has two notes")
        seen.add(target)
        notes.append((number, target, "\t".join(cols[2:])))
    return notes
