"""Abbreviations the text defines ('Hepatocellular carcinoma (HCC)', 'ECOG (Eastern Cooperative
Oncology Group)') and every place each short form stands in the document.

The definitions come from scispaCy's implementation of Schwartz & Hearst (2003), its plain
functions: ``filter_matches`` picks the candidates of each bracket (the short form inside, or
the word before a bracket of more than three tokens; ``short_form_filter`` on each) and
``find_abbreviation`` matches the short form's characters in the long form. Not its
``AbbreviationDetector``: that sets extensions holding Spans and adds to a shared matcher on every
call. A definition here also needs a short form of one word with a capital letter ('(see
below)', '(or equivalent)', '(High Grade Glioma)' define nothing) and a long form within one line.
The criteria tokenizer splits some words that are one short form ('HbA1c' is 'HbA1' 'c', 'PD-L1'
is 'PD' '-' 'L1'), which ``short_form_filter`` refuses token by token; such a bracket is judged
as the one word it is, by the same tests (2 to 9 characters, half of them letters, a letter
first), with the long-form window ``filter_matches`` gives.

``doc._.abbreviations``: one plain dict per occurrence of a defined short form, in text order,
the definition's own included: {"short": {"start", "end", "text"}, "long": {"start", "end",
"text"}}, character offsets into ``doc.text`` (end-exclusive), ``long`` the definition's. The first
definition of a short form is the one its occurrences get.
"""


from scispacy.abbreviation import filter_matches, find_abbreviation
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

# filter_matches takes at most 8 tokens inside a bracket; a nested bracket is no candidate.
BRACKET = [{"ORTH": "("}, {"ORTH": {"NOT_IN": ["(", ")"]}, "OP": "{1,8}"}, {"ORTH": ")"}]


def _offsets(span: Span) -> dict:
    return {"start": span.start_char, "end": span.end_char, "text": span.text}


def _defines(short: Span, long: Span | None) -> bool:
    """Whether scispaCy's pair is a definition criteria-nlp keeps."""
    if long is None or not len(long) or (long.end > short.start and short.end > long.start):
        return False
    return (any(c.isupper() for c in short.text) and not any(c.isspace() for c in short.text)
            and len(long.text) > len(short.text) and "\n" not in long.text)


def _word_filter(word: str) -> bool:
    """scispaCy's ``short_form_filter`` for a short form of one word."""
    return 2 <= len(word) < 10 and sum(c.isalpha() for c in word) / len(word) >= 0.5 and word[0].isalpha()


def _split_words(inside: list[tuple[int, int, int]], doc: Doc) -> tuple[list, list[tuple[Span, Span]]]:
    """The brackets for ``filter_matches``, and the (long candidate, short candidate) pairs of the
    brackets that hold one word of several tokens."""
    plain, words = [], []
    for match in inside:
        _, start, end = match
        short = doc[start:end]
        if end - start < 2 or start < 2 or any(t.whitespace_ for t in short[:-1]):
            plain.append(match)
        elif _word_filter(short.text):
            max_words = min(len(short.text) + 5, len(short.text) * 2)
            words.append((doc[max(start - max_words - 1, 0):start - 1], short))
    return plain, words


def definitions(doc: Doc, matcher: Matcher) -> dict[tuple[str, ...], Span]:
    """Each defined short form (its token texts) and its long form, first definition first."""
    plain, words = _split_words([(key, start + 1, end - 1) for key, start, end in matcher(doc)], doc)
    found: dict[tuple[str, ...], Span] = {}
    for long_candidate, short_candidate in sorted(filter_matches(plain, doc) + words,
                                                  key=lambda pair: pair[1].start):
        short, long = find_abbreviation(long_candidate, short_candidate)
        key = tuple(t.text for t in short)
        if key not in found and _defines(short, long):
            found[key] = long
    return found


def occurrences(doc: Doc, defined: dict[tuple[str, ...], Span]) -> list[dict]:
    """Every place a defined short form stands as whole tokens, outside the long forms: one pass
    over the tokens, each compared with the short forms that start with its text."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(defined, key=len, reverse=True):  # the longest short form first
        by_first.setdefault(key[0], []).append(key)
    in_long = {i for long in defined.values() for i in range(long.start, long.end)}
    found, i = [], 0
    while i < len(doc):
        for key in by_first.get(doc[i].text, ()):
            end = i + len(key)
            if (end <= len(doc) and tuple(t.text for t in doc[i:end]) == key
                    and in_long.isdisjoint(range(i, end))):
                found.append({"short": _offsets(doc[i:end]), "long": _offsets(defined[key])})
                i = end - 1
                break
        i += 1
    return found


@Language.factory("criteria_abbreviations_v1", default_config={})
class CriteriaAbbreviations:
    """Sets ``doc._.abbreviations`` (plain data, above)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("bracket", [BRACKET])

    def __call__(self, doc: Doc) -> Doc:
        defined = definitions(doc, self.matcher)
        doc._.abbreviations = occurrences(doc, defined) if defined else []
        return doc
