"""Analyte mentions: the ``Mention`` type, ``Spans`` lookup, and the lexicon scan."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..schema import AnalyteEntry
from .patterns import _alternation, _key

if TYPE_CHECKING:
    from .grammar import Grammar


@dataclass
class Mention:
    """A possible analyte: a lexicon analyte, an age word, or an entity of the Doc."""

    start: int
    end: int
    entry: AnalyteEntry | None = None
    age: bool = False
    label: str | None = None  # an entity's label


class Spans:
    """Spans sorted by start, looked up by bisection: linking asks for the spans near each number,
    and a scan per number made it quadratic in the length of a criterion. ``inside`` also needs
    the spans not to overlap (mentions and entities do not), so that their ends are sorted."""

    def __init__(self, spans: list):
        self.spans = spans
        self.starts = [s.start for s in spans]
        self.ends = [s.end for s in spans]

    def inside(self, lo: int, hi: int) -> list:
        """The spans with lo <= start and end <= hi."""
        return self.spans[bisect_left(self.starts, lo) : bisect_right(self.ends, hi)]

    def starting(self, lo: int, hi: int | None = None) -> list:
        """The spans with lo <= start < hi (hi: the end)."""
        end = len(self.spans) if hi is None else bisect_left(self.starts, hi)
        return self.spans[bisect_left(self.starts, lo) : end]

    def overlaps(self, span) -> bool:
        """Whether any of the spans overlaps ``span`` (the spans may not overlap each other)."""
        i = bisect_left(self.starts, span.end) - 1
        return i >= 0 and self.ends[i] > span.start

    def at(self, start: int):
        i = bisect_left(self.starts, start)
        return self.spans[i] if i < len(self.spans) and self.starts[i] == start else None


def _form_scan(analytes, field: str, ignore_case: bool, before: str | None = None):
    """A pattern over the ``field`` forms of all analytes, the entry of each form, and the key
    that finds it from a match (the pattern allows any whitespace between words, or none);
    with ``before``, a form ends where that pattern starts instead of at a word's end."""
    key = _key if ignore_case else (lambda form: "".join(form.split()))
    forms = [form for entry in analytes for form in getattr(entry, field)]
    entries: dict[str, AnalyteEntry] = {}
    for entry in analytes:
        for form in getattr(entry, field):
            entries.setdefault(key(form), entry)
    if before is None:
        alternation = _alternation(forms, ignore_case=ignore_case)
    else:
        alternation = r"(?<![\w])" + _alternation(forms, boundary=False, ignore_case=ignore_case) + before
    return re.compile(alternation, re.I if ignore_case else 0), entries, key


def find_mentions(grammar: Grammar, text: str, lexicon: list[Mention]) -> list[Mention]:
    """The lexicon's analyte names (``lexicon``: the matcher's, sorted by start, longest first),
    scale abbreviations glued to a category ('ASAII') and age words: longest first where they
    overlap."""
    pattern, entries, key = grammar.glued_scale
    found = list(lexicon)
    found += [Mention(m.start(), m.end(), entries[key(m.group())]) for m in pattern.finditer(text)]
    found += [Mention(m.start(), m.end(), age=True) for m in grammar.age_word.finditer(text)]
    # 'weight-for-height (WHZ)': a name in a hyphenated compound is part of another name
    reach = grammar.limits.compound_chars
    found = [m for m in found if not (grammar.compound_before.search(text, max(0, m.start - reach), m.start)
                                      or grammar.compound_after.match(text, m.end))]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept
