"""The normalized view of an input text, and the offset map back to the text as read.

Invisible and compatibility characters must not change what the pipeline finds: a zero-width
joiner inside "Diabetes mellitus" or a byte-order mark after "hypertension" would otherwise split
a word, a no-break space a number from its unit, and full-width forms ("ｐｌａｔｅｌｅｔｓ ≥ １００")
hide every word from the lexicons. The tokenizer runs the pipeline on the view; every component
sees only the view; ``doc_to_document`` maps each offset back with ``OffsetMap``, so output
offsets index the input exactly as read and a span keeps an invisible character inside it.
A soft hyphen between digits becomes a hyphen, since there it stands for one.

The view drops Unicode format characters (category Cf: zero-width space, joiners, word joiner,
BOM, soft hyphen, LRM/RLM, ...), turns every space separator (Zs: no-break, thin, ideographic
spaces) into a space and line and paragraph separators (Zl, Zp) into a newline, and folds the
full-width ASCII forms (U+FF01 to U+FF5E) to ASCII. It also drops the backslash of the markdown
escapes ClinicalTrials.gov writes before a comparator or a square bracket ("\\<500/mm3",
"\\[IMP\\]"): the sponsor wrote "<" and "[". Other escapes stay ("\\*" unescaped would read as
a bullet; the tokenizer gives them their plain NORM). Nothing else changes, so every kept
character has one character in the input and only dropped characters shift offsets.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from . import extensions  # noqa: F401  (declares input_text and input_shifts)

DROPPED_CATEGORIES = ("Cf",)
SPACE_CATEGORIES = ("Zs",)
LINE_CATEGORIES = ("Zl", "Zp")
FULL_WIDTH = range(0xFF01, 0xFF5F)
FULL_WIDTH_SHIFT = 0xFEE0  # U+FF01 FULLWIDTH EXCLAMATION MARK is '!' + 0xFEE0
SOFT_HYPHEN_IN_NUMBER = re.compile(r"(?<=\d)\u00ad(?=\d)")
MARKDOWN_ESCAPE = r"\\(?=[<>\[\]])"


@dataclass(frozen=True)
class View:
    """``text`` is what the pipeline reads; ``shifts`` maps it back to ``source``: each pair
    (k, n) says that from view offset k on, n dropped characters precede in the source."""

    text: str
    source: str
    shifts: tuple[tuple[int, int], ...] = ()


# Planes 2 to 13 (ideographs, unassigned) and 15 to 16 (private use) hold no format or space
# characters; skipping them makes the scan 8 times faster (a test checks it misses none).
SCANNED = (range(0x20000), range(0xE0000, 0xF0000))


def scanned():
    for block in SCANNED:
        yield from block


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str | None], re.Pattern]:
    """The translation table of the view and a pattern of the characters it drops, built once
    from this Python's Unicode database."""
    table: dict[int, str | None] = {cp: chr(cp - FULL_WIDTH_SHIFT) for cp in FULL_WIDTH}
    dropped = []
    for cp in scanned():
        category = unicodedata.category(chr(cp))
        if category in DROPPED_CATEGORIES:
            table[cp] = None
            dropped.append(cp)
        elif category in SPACE_CATEGORIES and cp != 0x20:
            table[cp] = " "
        elif category in LINE_CATEGORIES:
            table[cp] = "\n"
    pattern = re.compile("[" + "".join(re.escape(chr(cp)) for cp in dropped) + "]+|" + MARKDOWN_ESCAPE)
    return table, pattern


def view(source: str) -> View:
    """The normalized view of ``source``."""
    table, dropped = _tables()
    # A soft hyphen between digits is a hyphen someone's editor made soft ('18\u00ad65 years'):
    # dropped, it would make one number of a range.
    hyphenated = SOFT_HYPHEN_IN_NUMBER.sub("-", source)  # one character for one: offsets stay
    text = dropped.sub("", hyphenated).translate(table)
    if len(text) == len(source):
        return View(text, source)
    shifts, removed = [], 0
    for run in dropped.finditer(hyphenated):
        removed += run.end() - run.start()
        shifts.append((run.end() - removed, removed))
    return View(text, source, tuple(shifts))


class OffsetMap:
    """View offsets to source offsets, from a view's shifts (built once per document)."""

    def __init__(self, shifts):
        self.keys = [k for k, _ in shifts]
        self.counts = [n for _, n in shifts]

    def _source(self, i: int) -> int:
        at = bisect_right(self.keys, i) - 1
        return i + self.counts[at] if at >= 0 else i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """start:end of the view in the source: the start at its character, the end just after
        the span's last character, so dropped characters at the edges stay outside the span and
        those inside it stay in."""
        if not self.keys:
            return start, end
        if end == start:  # an empty span sits after the character before it, like a span's end
            at = self._source(start - 1) + 1 if start else 0
            return at, at
        return self._source(start), self._source(end - 1) + 1


def attach(doc: Doc, found: View) -> Doc:
    """Record on the Doc what its view was made from, when the view differs from it."""
    if found.text != found.source:
        doc._.input_text = found.source
        doc._.input_shifts = [list(s) for s in found.shifts]
    return doc


def input_text(doc: Doc) -> str:
    """The text the Doc was made from, exactly as read."""
    return doc._.input_text if doc._.input_text is not None else doc.text


def offset_map(doc: Doc) -> OffsetMap:
    """Doc (view) character offsets to offsets into the input as read."""
    return OffsetMap(doc._.input_shifts or ())
