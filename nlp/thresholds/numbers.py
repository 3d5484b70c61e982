"""The one number parser, for the threshold grammar, the corpus importers and the scripts."""

from __future__ import annotations

from collections.abc import Mapping

from .patterns import DECIMAL_COMMA


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
