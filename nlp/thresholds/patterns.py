"""Regular expressions and constants the threshold modules share, and ``_alternation``."""

from __future__ import annotations

import re

# Whitespace runs are possessive (\s*+): two quantifiers that can both take the same spaces make
# a failed match try every split of them, which is polynomial in the run's length
# (scripts/bench_pathological.py checks every pattern). The patterns with words in them are built
# from the rules' word lists (``phrases``) once, in ``grammar.Grammar``; these are symbols only.
ROMAN = ("I", "II", "III", "IV", "V", "VI")
GLUED_ROMAN = r"(?=(?:VI|IV|V|I{1,3})(?![\w]))"
ROMAN_GLYPHS = str.maketrans({"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI"})
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
CLAUSE_BREAK = re.compile(r"[,;]")
PARENTHESES = re.compile(r"\([^()]*\)|[()]")
BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|[()\[\]]")
MARKDOWN_ESCAPE = re.compile(r"\\([<>*])")
RESTATED_RANGE = re.compile(r"\s*[(\[:]?\s*")
CLOSING_FIRST = re.compile(r"[^()\[\]]*([)\]])")
PRESSURE_PAIR = re.compile(r"\s*/\s*\d{2,3}")  # '> 140/90 mmHg': systolic over diastolic
MEASURED = ("MEASUREMENT", "OBSERVATION")  # the recognizer's labels for what thresholds measure
TIME_CANONICAL = {"age": "year", "time_window": "day", "duration": "day"}
WORD = re.compile(r"[A-Za-z]+")
POWER_OF_TEN = re.compile(r"\s*(?:\^|\*\*)\s*([-−]?\d{1,2})")
DENOMINATOR = re.compile(r"\d\s*/\s*$")
# a clock time, '22:00-6:00'; a section, '4.1.10'; a protocol number, 'DFCI 16-001'
NOT_A_QUANTITY_AFTER = re.compile(r":\d\d|\.\d|-0\d\d")
NOT_A_QUANTITY_BEFORE = re.compile(r"(?:\d:|\bn\s*=\s*)$", re.I)  # a clock time; a sample size, '(n=20)'
# a lower-case word or an abbreviation after a space, '>5% TBSA': not a new sentence or list item
NOUN_GAP = re.compile(r"[ \t]+(?:[a-z]|[A-Z]{2,}(?![\w(]))")
LAST_WORD = re.compile(r"([A-Za-z]+)[\s,(:]*$")  # 'Male or female, 19 years'
NEXT_WORD = re.compile(r"[ \t]*([A-Za-z][\w\-]*)")

def _alternation(forms, boundary=True, leading=True, ignore_case=True) -> str:
    """Literal forms as one regex trie, longest match first, any whitespace between words,
    word-bounded. A trie, not a flat list of alternatives: the regex engine then tries one branch
    per character instead of every form at every position (the analyte lexicon has ~900 forms).
    With ``ignore_case`` (for patterns compiled with re.I) the trie is case-folded, so "mM" cannot
    shadow the longer "mm Hg"."""
    trie: dict = {}
    for form in set(forms):
        node = trie
        for char in " ".join((form.lower() if ignore_case else form).split()):
            node = node.setdefault(char, {})
        node[_END] = True

    def render(node: dict, previous: str | None) -> str:
        # Whitespace last, so "abcde" is tried before "ab c" matching "abc" with no space.
        chars = sorted((c for c in node if c is not _END), key=lambda c: (c == " ", c))
        branches = []
        for char in chars:
            edge = r"\s*" if char == " " else re.escape(char)
            # a Roman-numeral glyph (U+2160-217F) is a word of its own: 'GradeⅠ－II'
            glyph = "\u2160" <= char <= "\u217f"
            if previous is None and boundary and leading and char.isalnum() and not glyph:
                edge = r"(?<![\w])" + edge
            branches.append(edge + render(node[char], char))
        if _END in node:
            branches.append(r"(?![\w])" if boundary and previous.isalnum() else "")
        if len(branches) == 1 and previous is not None:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return render(trie, None)


def _forms(forms, space: str = r"\s+", before: str = "", after: str = "") -> list[str]:
    """Each literal form of a rule word list as a regex alternative, in the list's order: its
    words escaped, ``space`` between them, ``before`` and ``after`` around it."""
    return [before + space.join(map(re.escape, form.split())) + after for form in forms]


def _either(forms, space: str = r"\s+", before: str = "", after: str = "", first=(), last=(),
            optional: bool = False) -> str:
    """The forms (``_forms``) as one alternation in the list's order, not a trie: a rule list's
    order is the order its alternatives are tried in. ``first`` and ``last`` are alternatives
    (symbols) tried before and after them. A group unless it holds one alternative; with
    ``optional`` always a group, made optional."""
    alternatives = [*first, *_forms(forms, space, before, after), *last]
    if optional:
        return "(?:" + "|".join(alternatives) + ")?"
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _behind(forms, before: str = "", after: str = "", negative: bool = False) -> str:
    """A look-behind per form (``_forms``; each of fixed width): one of them must end right
    before, or, ``negative``, none may."""
    forms = _forms(forms, before=before, after=after)
    if negative:
        return "".join("(?<!" + form + ")" for form in forms)
    looks = ["(?<=" + form + ")" for form in forms]
    return looks[0] if len(looks) == 1 else "(?:" + "|".join(looks) + ")"


TOKEN = re.compile(r"[A-Za-z][\w'\-]*")  # a word with its apostrophes and hyphens
DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")  # '7,0 mmol/l'

_END = object()


def _key(form: str) -> str:
    """Dictionary key of a form as matched: the regexes allow any whitespace between its words and
    match without case, so the key folds case as they do ('ΜMOL/L', a capital mu, is 'µmol/l';
    'İ' and the dotless 'ı' are 'i')."""
    return "".join(form.split()).casefold().replace("i\u0307", "i").replace("ı", "i")
