"""Split criteria sections into single criteria, with their nesting, one sentence each.

Markers: ``*``/``-``/``•`` bullets (also run together on one line), ``1.`` ``1)`` ``(1)``
``a)`` ``i.`` numbering, unmarked lines, and numbering that runs on inside a paragraph
("...formula); 9. Women of..."), accepted only where it continues an open list or starts
one after a colon, so "grade 2. Patients" or "1.5 mg" never split.
"""


import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..thresholds.numbers import roman_value

LEADING_MARKER = re.compile(
    r"[ \t]*(?P<m>(?P<bullet>[-*•▪◦·o–])(?=\s)"
    r"|\((?P<pnum>\d{1,3})\)|(?P<num>\d{1,3})(?P<nsep>[.)])(?!\d)"
    r"|\((?P<palpha>[a-zA-Z]|[ivx]{1,4})\)|(?P<alpha>[a-zA-Z]|[ivx]{1,4})(?P<asep>[.)])(?=\s))"
    r"[ \t]*"
)
INLINE_NUMBER = re.compile(
    r"(?:(?<=[;:.)])|(?<=[;:.)] ))[ \t]*(?P<m>\((?P<pnum>\d{1,3})\)|(?P<num>\d{1,3})(?P<nsep>[.)]))"
    r"(?!\d)[ \t]*(?=[A-Za-z(])"
)
SEPARATORS = " \t\r\n;,"
# An unmarked line ending like this introduces the list that follows it.
INTRODUCES_LIST = re.compile(r"(?::|\b(?:following|below|by|include|including|either))$", re.I)


@dataclass
class Marker:
    start: int  # where the marker (or unmarked line) starts
    text_start: int  # where the criterion text starts
    style: str  # "*", "num.", "num)", "(num)", "alpha.", "roman)", ..., "line"
    number: int | None


@dataclass
class Item:
    start: int
    end: int
    parent: int | None  # index of the parent item


def _style_of(m: re.Match, previous: dict[str, int]) -> tuple[str, int | None]:
    groups = m.groupdict()
    if groups.get("bullet"):
        bullet = groups["bullet"]
        return ("-" if bullet == "–" else bullet), None
    if groups.get("pnum"):
        return "(num)", int(groups["pnum"])
    if groups.get("num"):
        return f"num{groups['nsep']}", int(groups["num"])
    letter = groups.get("palpha") or groups.get("alpha")
    wrap = "({})" if groups.get("palpha") else "{}" + (groups.get("asep") or "")
    low = letter.lower()
    alpha_style = wrap.format("alpha")
    # "i" after "h" continues a lettered list; otherwise i, ii, iv... are roman numerals.
    roman = roman_value(low)
    if roman is not None and (len(low) > 1 or previous.get(alpha_style) != ord(low) - 1):
        return wrap.format("roman"), int(roman)
    if len(low) > 1:
        return "", None
    return alpha_style, ord(low)


def find_markers(text: str, start: int, end: int) -> list[Marker]:
    """List markers and unmarked lines between ``start`` and ``end``, in order."""
    markers: list[Marker] = []
    last_number: dict[str, int] = {}
    pos, text_column = start, 0  # the column where the last marked line's text starts
    while pos < end:
        newline = text.find("\n", pos, end)
        line_end = end if newline < 0 else newline
        line = text[pos:line_end]
        if line.strip():
            m = LEADING_MARKER.match(text, pos, line_end)
            style, number = _style_of(m, last_number) if m else ("", None)
            indent = len(line) - len(line.lstrip())
            if style:
                markers.append(Marker(pos + indent, m.end(), style, number))
                text_column = m.end() - pos
            elif markers and (line.lstrip()[:1].islower() or 0 < text_column <= indent):
                pass  # a wrapped line, or one aligned under the criterion's text, continues it
            else:
                markers.append(Marker(pos + indent, pos + indent, "line", None))
                text_column = 0
            if number is not None:
                last_number[style] = number
            line_style = style
            for inline in _inline_markers(text, markers[-1].text_start, line_end, line_style):
                if inline.style in ("*", "•", "-") or _continues(inline, text, last_number):
                    markers.append(inline)
                    if inline.number is not None:
                        last_number[inline.style] = inline.number
        pos = line_end + 1
    return markers


def _inline_markers(text: str, start: int, end: int, line_style: str):
    if line_style in ("*", "•", "-"):
        # " - " also joins ranges ("18 - 75", "ASA I - IV"): a run-on dash bullet must open a
        # capitalised item that is not a Roman numeral.
        after = r"(?=[A-Z])(?![IVX]{1,4}\b)" if line_style == "-" else ""
        bullet = re.compile(rf"(?<=\s){re.escape(line_style)}[ \t]+{after}")
        for m in bullet.finditer(text, start, end):
            yield Marker(m.start(), m.end(), line_style, None)
        return
    for m in INLINE_NUMBER.finditer(text, start, end):
        style, number = _style_of(m, {})
        yield Marker(m.start("m"), m.end(), style, number)


def _continues(marker: Marker, text: str, last_number: dict[str, int]) -> bool:
    if last_number.get(marker.style, 0) + 1 == marker.number:
        return True
    before = text[: marker.start].rstrip()
    return marker.number == 1 and before.endswith(":")


def nest(text: str, markers: list[Marker], end: int) -> list[Item]:
    """Turn markers into items with parents: a new marker style opens a sub-list."""
    items: list[Item] = []
    stack: list[tuple[str, int]] = []  # (style, item index), outermost first
    for i, marker in enumerate(markers):
        item_end = markers[i + 1].start if i + 1 < len(markers) else end
        item_end = marker.text_start + len(text[marker.text_start : item_end].rstrip(SEPARATORS))
        styles = [style for style, _ in stack]
        if marker.style == "line":
            stack = []
        elif marker.style in styles:
            del stack[styles.index(marker.style) :]
        elif stack and stack[-1][0] == "line":
            intro = items[stack[-1][1]]
            if not INTRODUCES_LIST.search(text[intro.start : intro.end]):
                stack = []
        parent = stack[-1][1] if stack else None
        items.append(Item(marker.text_start, item_end, parent))
        stack.append((marker.style, len(items) - 1))
    return items


def split_criteria(text: str, sections: list[dict]) -> list[dict]:
    """Criteria of all sections as plain dicts: id, section, start, end, parent."""
    criteria: list[dict] = []
    counters = {"inclusion": 0, "exclusion": 0}
    for section in sections:
        items = nest(text, find_markers(text, section["start"], section["end"]), section["end"])
        ids: list[str | None] = []
        children: dict[int, int] = {}
        for i, item in enumerate(items):
            if item.end <= item.start:
                ids.append(None)
                continue
            if item.parent is None or ids[item.parent] is None:
                counters[section["section"]] += 1
                prefix = "inc" if section["section"] == "inclusion" else "exc"
                ids.append(f"{prefix}-{counters[section['section']]}")
                parent_id = None
            else:
                children[item.parent] = children.get(item.parent, 0) + 1
                parent_id = ids[item.parent]
                ids.append(f"{parent_id}.{children[item.parent]}")
            criteria.append(
                {"id": ids[i], "section": section["section"], "start": item.start,
                 "end": item.end, "parent": parent_id}
            )
    return criteria


CLAUSE_ENDS = frozenset(";.")


def set_criterion_sentences(doc: Doc, criteria: list[dict], max_tokens: int) -> None:
    """One sentence per criterion, so no ConText scope crosses two criteria. A criterion longer
    than ``max_tokens`` continues in a new sentence after its next ';' or '.' (and after
    2 x ``max_tokens`` tokens in any case): ConText's work grows with the square of a sentence's
    length, so a run-on page of one line would otherwise take minutes."""
    if not len(doc):
        return
    boundaries = sorted({c["start"] for c in criteria} | {c["end"] for c in criteria})
    starts = numpy.full(len(doc), -1, dtype="int64")
    starts[0] = 1
    length = 1
    for token in doc[1:]:
        previous = doc[token.i - 1]
        k = bisect_right(boundaries, previous.idx)
        if (k < len(boundaries) and boundaries[k] <= token.idx
                or length >= max_tokens and previous.text in CLAUSE_ENDS or length >= 2 * max_tokens):
            starts[token.i] = 1
            length = 0
        length += 1
    # One array write: setting token.is_sent_start scans the whole Doc each time (quadratic).
    doc.from_array([SENT_START], starts.astype("uint64"))


# The longest criterion in the 857 LCT and API v2 texts has 567 tokens.
@Language.factory("criteria_splitter_v1", default_config={"max_sentence_tokens": 1000})
class CriteriaSplitter:
    """Sets ``doc._.criteria`` from ``doc._.criteria_sections`` and one sentence per criterion."""

    def __init__(self, nlp: Language, name: str, max_sentence_tokens: int):
        self.name = name
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        criteria = split_criteria(doc.text, doc._.criteria_sections)
        doc._.criteria = criteria
        set_criterion_sentences(doc, criteria, self.max_sentence_tokens)
        return doc
