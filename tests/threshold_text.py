"""Thresholds of a plain text, for the table-driven tests: the analyte matcher of a grammar's
lexicon runs on the text tokenized by the pipeline's tokenizer, as the component runs it on the Doc."""

from weakref import WeakKeyDictionary

from nlp.pipeline import blank
from nlp.thresholds import AnalyteMatcher, Grammar
from nlp.thresholds import parse_thresholds as parse_with_lexicon

MAKE_DOC = blank().make_doc
_MATCHERS: WeakKeyDictionary[Grammar, AnalyteMatcher] = WeakKeyDictionary()


def parse_thresholds(grammar: Grammar, text: str, section: str, entities: list) -> list[dict]:
    if grammar not in _MATCHERS:
        _MATCHERS[grammar] = AnalyteMatcher(list(grammar.analytes.values()), MAKE_DOC)
    return parse_with_lexicon(grammar, text, section, entities, _MATCHERS[grammar].in_text(text))
