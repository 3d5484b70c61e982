"""A tokenizer for criteria text: splits comparators, units, ratios and list markers.

spaCy's English rules keep "≥18", "<1cm", "50×109/L" and "A5-B7" whole; matchers and
threshold parsers need their parts ("≥" "18", "<" "1" "cm", "50" "×" "109" "/" "L").
It tokenizes the normalized view of the text (``nlp.normalize``: no invisible characters,
plain spaces, ASCII for full-width forms), so every component after it reads the view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

from ..normalize import attach, view

COMPARATORS = r"≥≤≧≦⩾⩽<>=~±×"
# CJK punctuation that is no full-width form of ASCII (the view folds those): "women、or".
FULL_WIDTH = r"、。"
# Registry text escapes markdown: "\*" is "*" as written by the sponsor. The view already reads
# an escaped comparator or bracket as the plain one (nlp/normalize.py); these stay escaped there.
MARKDOWN_ESCAPES = {"\\*": "*", "\\-": "-", "\\_": "_"}
_ESCAPE = r"\\[*_-]"

EXTRA_PREFIXES = [
    _ESCAPE,
    rf"[{COMPARATORS}]",
    r"\d{1,3}\)(?=[A-Za-z])",  # "1)Marrow": a run-on list marker glued to its text
    r"[•▪◦·]",
    rf"[{FULL_WIDTH}①-⑳]",  # "③Han Nationality"
    r"\d{1,2}\.(?=[A-Z][A-Za-z])",  # "4.ECOG": a list marker glued to its text
    r"-(?=[A-Za-z])",  # "-Youth": a bullet glued to its text
]
EXTRA_INFIXES = [
    _ESCAPE,
    rf"[{COMPARATORS}]",
    r"/",
    r"(?<=[A-Za-z0-9])\\(?=[A-Za-z])",  # "PD-1\PD-L1"
    r"(?<=[0-9])(?=[A-Za-zµμ%][A-Za-z/]*\b)",  # "1cm", "90g/L", "400ug/L"
    r"(?<=[0-9A-Za-z])-(?=[A-Za-z])",  # "A5-B7", "0-A"
    r"(?<=[A-Za-z0-9)])[;:,](?=\S)",  # "ULN;ALT", "Liver:total"
    rf"[{FULL_WIDTH}]",
    r"(?<=[A-Za-z])\((?=[A-Za-z+-])",  # "Group(ECOG", "product(s", "C(+)"
    r"(?<=[A-Za-z])\)(?=\S)",  # "(ASA)class", "request).10"
]
EXTRA_SUFFIXES = [rf"[{COMPARATORS}]", r"[;:,]", rf"[{FULL_WIDTH}]", r"(?<=[A-Za-z]{2})-"]  # "cancer- esp"


class ViewTokenizer:
    """spaCy's Tokenizer over the normalized view of each text; the Doc records the input and
    the view's offset map (``nlp.normalize.attach``). Everything else is the Tokenizer's."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        found = view(text)
        return attach(self.tokenizer(found.text), found)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        if name == "tokenizer":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def criteria_tokenizer_for(nlp: Language) -> ViewTokenizer:
    defaults = nlp.Defaults
    prefixes = EXTRA_PREFIXES + list(defaults.prefixes)
    suffixes = EXTRA_SUFFIXES + list(defaults.suffixes)
    infixes = EXTRA_INFIXES + list(defaults.infixes)
    rules = dict(defaults.tokenizer_exceptions)
    for escaped, plain in MARKDOWN_ESCAPES.items():
        rules[escaped] = [{ORTH: escaped, NORM: plain}]
    return ViewTokenizer(Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=None,
        url_match=defaults.url_match,
    ))


@registry.tokenizers("criteria_tokenizer.v1")
def create_criteria_tokenizer() -> Callable[[Language], ViewTokenizer]:
    return criteria_tokenizer_for
