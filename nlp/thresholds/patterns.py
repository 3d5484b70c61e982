"""Regular expressions and constants the threshold modules share, and ``_alternation``."""

from __future__ import annotations

import re

# Whitespace runs are possessive (\s*+): two quantifiers that can both take the same spaces make
# a failed match try every split of them, which is polynomial in the run's length
# (scripts/bench_pathological.py checks every pattern).
RANGE_SEP = r"\s*+(?:old\s++|of\s++age\s++)?(?:-|–|—|－|~|to|through)\s*+"
SCALE_HEAD = (r"\)?\s*+(?:\([^)]*\)\s*+)?(?:liver\s++function\s++)?"
              r"(?:(?:physical|physiological|functional)\s++)?"
              r"(?:(?:class(?:ification)?|stage|score|grade|status|category|levels?)\s*+)?"
              r"(?:(?:class(?:ification)?|system|state)\s*+)*(?::\s*+)?([<>≤≥]=?|=)?\s*+")
ROMAN = ("I", "II", "III", "IV", "V", "VI")
GLUED_ROMAN = r"(?=(?:VI|IV|V|I{1,3})(?![\w]))"
ROMAN_GLYPHS = str.maketrans({"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V", "Ⅵ": "VI"})
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
OF = re.compile(r"\s*(?:of\s+)?")
# 'Age > 18 years, < 80 years', 'age ≥18 years old and age ≤80', 'at least 18 years old (≥) and under 90'
BOUND_JOIN = re.compile(
    r"\s*(?:old\s*|of\s+age\s*)?(?:\([^()\w]{1,3}\)\s*)?,?\s*(?:(?:and|but)(?:\s+an?\b)?|to)?\s*(?:ages?\s*)?",
    re.I)
FOR_DURATION = re.compile(r"\bfor\s*+$", re.I)  # 'smoke ... for longer than one year': how long
AGE_OF = re.compile(r"(?<!before\s)(?<!after\s)(?<!since\s)(?<!until\s)(?<!by\s)(?<!from\s)"
                    r"\bage\s+(?:of\s+)?$", re.I)
AGED_EXACTLY = re.compile(r"\s*+old\b", re.I)
FOR_POPULATION = re.compile(r"\s*(?:for|in)\s+[a-z]", re.I)  # '≥ 5 for women up to the age of 50'
CLAUSE_BREAK = re.compile(r"[,;]")
JOINS = r"or|and|and/or|/|,"
COORDINATION = re.compile(r"\s*(?:" + JOINS + r")\s*")
# 'HAM-A or the HAM-D', 'magnesium and potassium levels, along with lactate dehydrogenase'
ANALYTE_JOIN = re.compile(
    r"\s*(?:,\s*)?(?:" + JOINS + r"|along\s+with|as\s+well\s+as)\s*(?:(?:the|a|an)\s+)?")
WORD_JOIN = re.compile(r"\b(?:or|and)\b|/")
MEASURED_BY = re.compile(r"\s*[(\[]\s*(?:measured\s+)?(?:by|via|on)\s+", re.I)
COMPOUND_BEFORE = re.compile(r"[A-Za-z]-(?:for|to|per)-$", re.I)
COMPOUND_AFTER = re.compile(r"-(?:for|to|per)-[A-Za-z]", re.I)
JOIN_THEN_WORD = re.compile(r"\s*(?:or|and)\s+[A-Za-z][\w-]*\s+")  # lexicon analytes: 'PPO FEV1 and PPO DLCO'
COORDINATION_AFTER_WORD = re.compile(r"((?:\s+[a-z]+(?<!\bor)(?<!\band))?)" + ANALYTE_JOIN.pattern)
PARENTHESES = re.compile(r"\([^()]*\)|[()]")
BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|[()\[\]]")
MARKDOWN_ESCAPE = re.compile(r"\\([<>*])")
RESTATED_RANGE = re.compile(r"\s*[(\[:]?\s*")
CLOSING_FIRST = re.compile(r"[^()\[\]]*([)\]])")
PRESSURE_PAIR = re.compile(r"\s*/\s*\d{2,3}")  # '> 140/90 mmHg': systolic over diastolic
MEASURED = ("MEASUREMENT", "OBSERVATION")  # the recognizer's labels for what thresholds measure
MEASURED_GAP_WORDS = 4
ARTICLES = ("the", "a", "an")
TIME_CANONICAL = {"age": "year", "time_window": "day", "duration": "day"}
CALENDAR_YEARS = range(1900, 2101)
WORD = re.compile(r"[A-Za-z]+")
BARE_VALUE_GAP = re.compile(r"(?:\s*\([^()]{1,20}\))?(?:\s*(?:score|level|value|of|is|was|=|:))?\s*+",
                            re.I)
MEASURED_VALUE_GAP = re.compile(r"\s*+(?:(?:of|to|was|is|=|:)\s*+)?", re.I)  # 'abduction to 90 degrees'
# what may follow a bare value: not '7-10', '5 or more'
BARE_VALUE_END = re.compile(r"\s*(?:$|[,;.)\]]|(?:and|or|at|in|on|within|during|for)\b|\n)", re.I)
# a named score's value: 'Gleason score 7', 'Clinical Dementia Rating of 0'; not 'Questionnaire 8'
SCORE_VALUE_GAP = re.compile(r"(?<=score|ating)\s*+|\s*+(?:of|:|=|is|was)\s*+", re.I)
POWER_OF_TEN = re.compile(r"\s*(?:\^|\*\*)\s*([-−]?\d{1,2})")
DENOMINATOR = re.compile(r"\d\s*/\s*$")
OPEN_UPPER = re.compile(RANGE_SEP + r"(<|<=|≤|=<)\s*+")
# a clock time, '22:00-6:00'; a section, '4.1.10'; a protocol number, 'DFCI 16-001'
NOT_A_QUANTITY_AFTER = re.compile(r":\d\d|\.\d|-0\d\d")
NOT_A_QUANTITY_BEFORE = re.compile(r"(?:\d:|\bn\s*=\s*)$", re.I)  # a clock time; a sample size, '(n=20)'
# a lower-case word or an abbreviation after a space, '>5% TBSA': not a new sentence or list item
NOUN_GAP = re.compile(r"[ \t]+(?:[a-z]|[A-Z]{2,}(?![\w(]))")
LAST_WORD = re.compile(r"([A-Za-z]+)[\s,(:]*$")  # 'Male or female, 19 years'
NEXT_WORD = re.compile(r"[ \t]*([A-Za-z][\w\-]*)")
DETERMINER = re.compile(r"(?:\s*\b(?:the|a|an)\b)?", re.I)
RATE = re.compile(r"((?:\s+[A-Za-z][\w-]*){0,3}?)\s*(?:/|\bper\b|\ba\b|\beach\b|\bevery\b)\s*"
                  r"(?:day|week|month|year|night|hour|occasion|session)s?\b", re.I)
OF_BEFORE = re.compile(r"\s+of\s+", re.I)
RIGHT_AFTER = re.compile(r"\s+(?:(?:of|in)\s+)?(?:(?:the|a|an)\s+)?")
QUANTITY_OF = re.compile(r"\)?\s+of\s+(?:the\s+)?", re.I)
COUNTED_OF = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
OF_THE_FOLLOWING = re.compile(r"\s+of\s+(?:the\s+)?(?:following|these|those|criteria|\d+\b)\b", re.I)
THAT_IS = re.compile(r"[\s(]*\b(?:i\.\s?e|e\.\s?g)\.?,?\s*$", re.I)
ABBREVIATION = re.compile(r"\s*\([^()]{1,20}\)")
TRAILING_ABBREVIATION = re.compile(r"\s*(\([^()]{1,20}\))[\s:,(]*$")
ON_INSTRUMENT = re.compile(r"\s+(?:on|from)\s+")  # '>= 5 on the NRS', 'score >20 from the AUDIT'
# '(TICS) score', 'scale, total score', 'arrhythmia of grade'; not 'resolved to grade'
NAMED_BEFORE = re.compile(r"[\s(,]*(?:(?:of|with)\s+)?(?:(?:a|an|the)\s+)?")
ON_SCALE = re.compile(r"\s*(?:(?:on|in|of)\s+(?:the|a)?\s*)?")  # '>= 5 on the NRS'
LIST_SEP = re.compile(r"\s*+(?:,\s*+(?:or|and)?|or|and|/)\s*+")


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


_END = object()


def _key(form: str) -> str:
    """Dictionary key of a form as matched: the regexes allow any whitespace between its words."""
    return re.sub(r"\s+", "", form).lower()
