"""Analyte names on the Doc: spaCy PhraseMatchers over the lexicon's analyte entries.

One matcher per case rule, built once: synonyms match on lower-cased tokens, abbreviations on the
exact text of the tokens. The threshold component runs them on the Doc it is given; plain-text
callers (tests, tools) tokenize first with ``in_text``.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..rules import unwrapped
from ..schema import AnalyteEntry
from .mentions import Mention


class AnalyteMatcher:
    def __init__(self, analytes: list[AnalyteEntry], make_doc: Callable[[str], Doc]):
        self.make_doc = make_doc
        vocab = make_doc("").vocab
        self.entries = analytes
        # synonyms before abbreviations, each in lexicon order: where two entries share a form,
        # or a synonym and an abbreviation the same span, the first one names it
        self.matchers = []
        for field, attr in (("synonyms", "LOWER"), ("abbreviations", "ORTH")):
            matcher = PhraseMatcher(vocab, attr=attr)
            for rank, entry in enumerate(analytes):
                forms = getattr(entry, field)
                if forms:
                    matcher.add(str(rank), [make_doc(form) for form in forms])
            self.matchers.append(matcher)

    def __call__(self, doc: Doc) -> list[Mention]:
        """Every analyte name in the Doc (they may overlap), with character offsets, sorted by
        start, longest first. A name may wrap: the matchers see the words without the
        whitespace tokens between them ('serum\\n   creatinine')."""
        doc, words = unwrapped(doc)
        found: dict[tuple[int, int], tuple[int, int]] = {}
        for order, matcher in enumerate(self.matchers):
            for match_id, start, end in matcher(doc):
                key = (words[start].idx, words[end - 1].idx + len(words[end - 1]))
                rank = (order, int(doc.vocab.strings[match_id]))
                if key not in found or rank < found[key]:
                    found[key] = rank
        ordered = sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][0] - kv[0][1], kv[1]))
        return [Mention(start, end, self.entries[rank]) for (start, end), (_, rank) in ordered]

    def in_text(self, text: str) -> list[Mention]:
        return self(self.make_doc(text))
