"""The one number parser, for the threshold grammar, the corpus importers and the scripts."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .patterns import DECIMAL_COMMA, ROMAN_GLYPHS

ROMAN_NUMERAL = re.compile(r"(?=[IVX])(X{0,3})(IX|IV|V?I{0,3})")
ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}


def parse_number(text: str, words: Mapping[str, float], romans: Mapping[str, int] | None = None
                 ) -> float | None:
    """A number as written, or None: digits with thousands separators ('100,000', '100 000'), a
    decimal comma ('7,0'), a minus sign, a number word (``words``, lower-case keys: the rules'
    ``number_words``) and, with ``romans`` (upper-case keys), a Roman class number ('III')."""
    text = text.strip()
    if (word := words.get(text.lower())) is not None:
        return float(word)
    if romans is not None and (roman := romans.get(text.upper())) is not None:
        return float(roman)
    digits = text.replace(",", ".") if DECIMAL_COMMA.fullmatch(text) else text.replace(",", "")
    try:
        return float(digits.replace(" ", "").replace("−", "-"))
    except ValueError:
        return None


def roman_value(written: str) -> float | None:
    """The number a Roman numeral writes ('III', 'iv', 'Ⅱ'), up to 39; None for anything else."""
    written = written.strip().translate(ROMAN_GLYPHS).upper()
    if not ROMAN_NUMERAL.fullmatch(written):
        return None
    digits = [ROMAN_DIGITS[c] for c in written]
    return float(sum(-d if d < after else d for d, after in zip(digits, [*digits[1:], 0], strict=True)))
