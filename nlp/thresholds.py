"""Numeric and ordinal thresholds in a criterion: parse, link to an analyte, normalize.

Plain functions over one criterion's text; the ``criteria_thresholds`` component maps a Doc to
them. Offsets are relative to the text given and end-exclusive. The grammar (comparators,
units, reference limits, scales) is data in ``resources/threshold_rules.json``; the analytes are
``resources/analytes.jsonl``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .schema import AnalyteEntry, Requirement, ScaleRule, ThresholdRules, UnitRule
from .units import conversion, conversion_factor, shift

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


@dataclass
class Mention:
    """A possible analyte: a lexicon analyte, an age word, or an entity of the Doc."""

    start: int
    end: int
    entry: AnalyteEntry | None = None
    age: bool = False
    label: str | None = None  # an entity's label


@dataclass
class Expression:
    start: int
    end: int
    comparator: str
    value: float | str | None
    upper: float | str | None = None
    values: list | None = None
    unit: str | None = None  # as written
    unit_pint: str | None = None
    time_unit: bool = False
    dose_unit: bool = False
    exponent: int = 0
    relative_to: str | None = None
    lower_inclusive: bool = True
    upper_inclusive: bool = True
    condition: str | None = None
    window_cue: bool = False  # 'within the last 5 years'
    diastolic: float | None = None  # the second number of a blood pressure pair
    normal_range: bool = False  # 'within normal limits': 1 × LLN to 1 × ULN
    analytes: list[Mention] = field(default_factory=list)
    kind: str = "measurement"
    instrument: Mention | None = None  # the scale named after the value, when it is not the analyte


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


class ScaleGrammar(NamedTuple):
    rule: ScaleRule
    pattern: re.Pattern  # categories after the scale's name
    category: re.Pattern  # one category
    name: re.Pattern  # the scale's name, written again in a list
    roman: bool


class Grammar:
    """The threshold rules compiled once into regular expressions."""

    def __init__(self, rules: ThresholdRules, analytes: list[AnalyteEntry]):
        self.rules = rules
        self.analytes = {a.id: a for a in analytes}
        words = rules.number_words.words
        self.number_words = {w.lower(): v for w, v in words.items()}
        self.number = re.compile(
            r"(?:(?<=[<>=≤≥⩽⩾＜＞])|(?<=[<>=≤≥⩽⩾＜＞]\s))(?:[-−+]\d+(?:\.\d+)?"  # 'T-score ≤ -2.5', '< +1'
            r"|\d+,\d{1,2}(?![\d,])(?!\s*(?:or|and)\s*\d))"  # 'BMI ≥18,5 and ≤27,5'
            r"|(?:(?<![\w.])|(?<=than))(?:\d+,\d{1,2}(?=\s*[A-Za-zµμ%])(?!\s*(?:or|and|to)\b)"  # '7,0 mmol/l'
            r"|\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:\.\d+)?|\.\d+)"
            r"|" + _alternation(words), re.I)
        self.sci = re.compile(
            r"\s*[x×X*·]\s*10\s*(?:(?:\^|\*\*|E|e)\s*([-−]?\d{1,2})|([⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)|\s?([3-9]|1[0-2])(?=\s*/))")
        # case decides first, so 'D' (diopters) is not 'd' (days) and 'µM' is not 'µm'
        self.unit_of, self.unit_as_written = {}, {}
        for rule in rules.units:
            for form in rule.forms:
                self.unit_of[_key(form)] = rule
                self.unit_as_written["".join(form.split())] = rule
        unit_forms = [f for r in rules.units for f in r.forms]
        self.unit = re.compile(r"\s*+(" + _alternation(unit_forms, leading=False).replace("/", r"\s*+/\s*+")
                               + r")(?![A-Za-zµμ²/])", re.I)
        # '(1cmH2O=0.098 kPa)': a unit's equivalent, not a threshold
        self.unit_equation = re.compile(r"(?<![\w.])\d+(?:\.\d+)?" + self.unit.pattern + r"\s*=\s*$", re.I)
        self.op_prefix, self.op_postfix = {}, {}
        for rule in rules.comparators:
            self.op_prefix.update({_key(f): rule.op for f in rule.prefix})
            self.op_postfix.update({_key(f): rule.op for f in rule.postfix})
        prefixes = [f for r in rules.comparators for f in r.prefix]
        self.prefix = re.compile(
            r"(" + _alternation(prefixes) + r")\s*(?:\([<>≤≥=]{1,2}\)\s*)?"  # 'less than or equal to (<=) 1'
            r"(?:(?:the\s+)?ages?\s+)?(?:of\s+)?$", re.I)
        postfixes = [f for r in rules.comparators for f in r.postfix]
        self.postfix = re.compile(r"(?:\s*+(?:of\s++age|old|of\s++age\s++old))?\s*+("
                                  + _alternation(postfixes) + r")(?!\s*\d)", re.I)  # not '1+2'
        self.reference_of = {}
        for rule in rules.references:
            self.reference_of.update({_key(f): rule.relative_to for f in rule.forms})
        # matched right after a number, so a form needs no word boundary before it: '2x normal'
        reference_forms = _alternation([f for r in rules.references for f in r.forms], leading=False)
        self.reference = re.compile(
            r"\s*+(?:[x×X*]|-?fold|times)?\s*+(?:the\s++)?(?:institutional\s++|institution'?s?\s++|"
            r"local\s++|site\s++|laboratory\s++)?(?:normal\s++)?(" + reference_forms + ")", re.I)
        # '≤ the upper limit of normal': one times the limit
        self.any_reference = re.compile(_alternation([f for r in rules.references for f in r.forms]), re.I)
        self.bare_reference = re.compile(r"(" + _alternation(prefixes) + r")" + self.reference.pattern, re.I)
        self.normal_range = re.compile(_alternation(rules.normal_ranges.words), re.I)
        self.between = re.compile(r"(?:between|from)\s+(?:the\s+)?(?:ages?\s+)?(?:of\s+)?(\(\s*)?$", re.I)
        self.condition = re.compile(r"\s*((?:for|in|if)\s+[^();,]*?)\s*(?=[),;]|$)")
        self.analyte_stop_words = set(rules.analyte_stop_words.words)
        self.not_counted = set(rules.not_counted.words)
        self.person_words = set(rules.person_words.words)
        self.copulas = set(rules.copulas.words)
        self.dose_words = set(rules.dose_words.words)
        self.dose_tail = re.compile(r"\s*(?:" + _alternation(rules.dose_tail_words.words) + r"\s+)*", re.I)
        self.qualifier_words = set(rules.qualifier_words.words)
        self.frequency_words = set(rules.frequency_words.words)
        self.time_heads = set(rules.time_heads.words)
        self.occasions = set(rules.occasion_words.words)
        self.age_qualified = re.compile(r"\b" + _alternation(rules.age_qualifiers.words) + r"\s+$", re.I)
        roman = r"(" + _alternation([*ROMAN, *map(chr, ROMAN_GLYPHS)], ignore_case=False) + ")"
        head = r"(?i:" + _alternation(rules.category_heads.words, ignore_case=False) + r")\s*+"
        self.open_category = re.compile(
            head + r"(?:([<>≤≥]=?|=)\s*+)?" + roman + r"(?:" + RANGE_SEP + r"(?:" + head + r")?" + roman
            + r"|((?:" + LIST_SEP.pattern + r"(?:" + head + r")?" + roman.replace("(", "(?:", 1) + r")*))")
        self.category = re.compile(roman)
        self.category_heads = {w.lower() for w in rules.category_heads.words}
        self.stage_before = re.compile(_alternation(rules.stage_words.words) + r"\s*+(?:of\s++)?[:(]?\s*+$",
                                       re.I)
        self.noun_after_stop_words = set(rules.noun_after_stop_words.words)
        self.score_words = set(rules.score_words.words)
        self.name_joiners = set(rules.name_joiners.words)
        self.instrument_stop_words = self.not_counted - self.name_joiners
        self.scale_head = re.compile(_alternation(rules.scale_heads.words), re.I)
        self.scale_after = re.compile(r"\s+on\s+(?:(?:the|a|an)\s+)?((?:[\w\-/]+\s+){0,7}"
                                      + _alternation(rules.scale_heads.words) + ")", re.I)
        dimensions = rules.dimensions
        self.dimension_words = {w.lower() for w in dimensions.words}
        self.dimension = re.compile(r"\s*+(?:of|in)\s++(?:the\s++)?((?:" + _alternation(dimensions.qualifiers)
                                    + r"\s++)?" + _alternation(dimensions.words) + ")", re.I)
        counts = rules.leading_counts
        self.count_words = {**self.number_words, **{w.lower(): v for w, v in counts.words.items()}}
        self.count_modifier = re.compile(r"\s*+(?:(?:" + _alternation(counts.modifiers) + r")(?!\s+to\b))?",
                                         re.I)
        self.leading_count = re.compile(
            r"\A\s*+(" + _alternation(list(words) + list(counts.words)) + r"|\d+(?![.,]\d))\s++(?:(?:"
            + _alternation(counts.modifiers) + r")\s++)?(?=[A-Za-z])", re.I)
        self.age_word = re.compile(_alternation(rules.age_words.words), re.I)
        self.window_before = re.compile(_alternation(rules.window_cues.before) + r"\s*(?:the\s+)?$", re.I)
        self.window_until = re.compile(_alternation(rules.window_cues.until) + r"\s*$", re.I)
        self.window_exact = re.compile(r"\s*+" + _alternation(rules.window_cues.exact_after), re.I)
        self.window_elapsed = re.compile(r"\s*+" + _alternation(rules.window_cues.elapsed)
                                         + r"(?:\s++(?:since|after|from|following|for))?", re.I)
        self.event_head = re.compile(r"\s*+(?:the\s++)?" + _alternation(rules.window_cues.event_heads)
                                     + r"\s++(?:(?:the|any|all)\s++)?", re.I)
        self.study_anchor = re.compile(
            r"(?:(?:her|his|their|its)\s++)?" + _alternation(rules.study_anchors.words), re.I)
        self.window_after = re.compile(r"\s*+(?:of\s++age)?\s*+" + _alternation(rules.window_cues.after),
                                       re.I)
        # One scan per case rule over every analyte's forms, longest first, instead of one per
        # analyte: the scan takes the longest form at each position, as the per-analyte scans did.
        self.analyte_scans = [_form_scan(analytes, "synonyms", ignore_case=True),
                              _form_scan(analytes, "abbreviations", ignore_case=False)]
        self.scales = []
        glued = []
        for scale in rules.scales:
            roman = any(c in ROMAN for c in scale.categories)
            # a Roman category may be glued to the scale's name: 'ASAI, ASAII'
            cat = _alternation(scale.categories, leading=not roman)
            entry = self.analytes[scale.analyte]
            name = _alternation([*entry.synonyms, *entry.abbreviations], boundary=False)
            named = r"(?:(?:" + name + r")\s*+)?"
            if roman:
                glued += entry.abbreviations
            self.scales.append(ScaleGrammar(scale, re.compile(  # 'ASA I- ASA II', 'NYHA II or NYHA III'
                SCALE_HEAD + "(" + cat + r")(?:" + RANGE_SEP + named + "(" + cat + r"))?((?:"
                + LIST_SEP.pattern + named + r"(?:class\s++|stage\s++)?" + cat + r")*)", re.I),
                re.compile(_alternation(scale.categories), re.I), re.compile(name, re.I), roman))
        self.glued_scale = _form_scan([a for a in analytes if set(a.abbreviations) & set(glued)],
                                      "abbreviations", ignore_case=False, before=GLUED_ROMAN)
        self.leading_scales = []
        for scale in rules.leading_scales:
            cat = _alternation(scale.categories)
            self.leading_scales.append((re.compile(
                "(" + cat + "(?:" + LIST_SEP.pattern + cat + r")*)\s++(" + _alternation(scale.graded) + ")",
                re.I), re.compile(cat, re.I)))

    # ---- numbers and units -------------------------------------------------------------

    def unit_rule(self, written: str) -> UnitRule:
        return self.unit_as_written.get("".join(written.split())) or self.unit_of[_key(written)]

    def to_number(self, text: str) -> float:
        word = self.number_words.get(text.lower())
        if word is not None:
            return float(word)
        if re.fullmatch(r"\d+,\d{1,2}", text):  # '7,0 mmol/l': a decimal comma
            return float(text.replace(",", "."))
        return float(text.replace(",", "").replace(" ", "").replace("−", "-"))


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


def find_mentions(grammar: Grammar, text: str) -> list[Mention]:
    """Analyte-lexicon and age-word mentions, longest first where they overlap."""
    found = []
    for pattern, entries, key in [*grammar.analyte_scans, grammar.glued_scale]:
        found += [Mention(m.start(), m.end(), entries[key(m.group())]) for m in pattern.finditer(text)]
    found += [Mention(m.start(), m.end(), age=True) for m in grammar.age_word.finditer(text)]
    # 'weight-for-height (WHZ)': a name in a hyphenated compound is part of another name
    found = [m for m in found if not (COMPOUND_BEFORE.search(text, max(0, m.start - 8), m.start)
                                      or COMPOUND_AFTER.match(text, m.end))]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def find_expressions(grammar: Grammar, text: str) -> list[Expression]:
    """Every comparator, range or list over numbers in text (unlinked)."""
    numbers = [m for m in grammar.number.finditer(text) if not _glued_to_word(text, m)
               and not NOT_A_QUANTITY_AFTER.match(text, m.end())
               and not NOT_A_QUANTITY_BEFORE.search(text, max(0, m.start() - 6), m.start())
               and not _unit_equivalent(grammar, text, m.start())]
    expressions: list[Expression] = []
    i, floor = 0, 0
    while i < len(numbers):
        expr, used = _expression_at(grammar, text, numbers, i, floor)
        if expr is not None:
            expressions.append(expr)
            floor = expr.end
        i += used
    numeric = Spans(expressions)
    expressions += _bare_references(grammar, text, numeric) + _normal_ranges(grammar, text, numeric)
    return _merge_bounds(sorted(expressions, key=lambda e: e.start), text)


def find_bare_values(grammar: Grammar, text: str, mentions: list[Mention], entities: list[Mention],
                     expressions: list[Expression]) -> list[Expression]:
    """'PSA 20 ng/ml', 'Hct 32%', 'Gleason score 7', 'a Clinical Dementia Rating of 0': a lexicon
    analyte or a named score followed by a value with no comparator requires that value; so does
    a recognized measurement or observation followed by a quantity with a unit ('internal diameter
    of 5.5 mm', 'passive abduction to 90 degrees')."""
    taken = Spans(sorted(expressions, key=lambda e: e.start))
    named = [(m.end, m, False) for m in mentions if m.entry is not None]
    named += [(e.end, e, True) for e in entities if e.label in MEASURED]
    for head in grammar.scale_head.finditer(text):
        words = _words_before(grammar, text, max(0, head.start() - 80), head.end())
        if words and SCORE_VALUE_GAP.match(text, head.end()):
            named.append((head.end(), words[0], False))
    found, used = [], set()
    for end, analyte, needs_unit in sorted(named, key=lambda n: n[0]):
        gap = (MEASURED_VALUE_GAP if needs_unit else BARE_VALUE_GAP).match(text, end)
        number = grammar.number.match(text, gap.end())
        if (number is None or number.start() in used or _glued_to_word(text, number)
                or NOT_A_QUANTITY_AFTER.match(text, number.end())):
            continue
        nearby = taken.starting(0, number.end())
        if nearby and nearby[-1].end > number.start():
            continue
        value = grammar.to_number(number.group())
        tail = _quantity_tail(grammar, text, number.end())
        if (BARE_VALUE_END.match(text, tail.end) is None or value in CALENDAR_YEARS
                or tail.unit is None and value >= 1000  # 'ECOG 2993' is a protocol, not a score
                or needs_unit and (tail.unit_rule is None or tail.unit_rule.time or tail.unit_rule.dose)):
            continue
        used.add(number.start())
        found.append(Expression(
            start=number.start(), end=tail.end, comparator="=", value=value, unit=tail.unit,
            unit_pint=tail.unit_rule.pint if tail.unit_rule else None,
            time_unit=bool(tail.unit_rule and tail.unit_rule.time), exponent=tail.exponent,
            analytes=[analyte]))
    return found


def _normal_ranges(grammar: Grammar, text: str, numeric: Spans) -> list[Expression]:
    """'AST within normal limits', 'CK values within the normal range'."""
    found = []
    for m in grammar.normal_range.finditer(text):
        overlapping = numeric.starting(0, m.end())
        restated = numeric.starting(m.end(), m.end() + 3)  # 'FSH within normal limits (1-12 IU/l)'
        if restated and RESTATED_RANGE.fullmatch(text, m.end(), restated[0].start):
            continue
        if not overlapping or overlapping[-1].end <= m.start():
            found.append(Expression(start=m.start(), end=m.end(), comparator="between", value=1.0,
                                    normal_range=True))
    return found


def _bare_references(grammar: Grammar, text: str, numeric: Spans) -> list[Expression]:
    """'AFP ≤ the upper limit of normal', 'below the lower limit of normal': 1 × ULN or LLN."""
    found = []
    if not grammar.any_reference.search(text):
        return found  # most criteria name no limit: skip the scan for a comparator at every position
    for m in grammar.bare_reference.finditer(text):
        overlapping = numeric.starting(0, m.end())
        if overlapping and overlapping[-1].end > m.start():
            continue
        found.append(Expression(start=m.start(), end=m.end(), comparator=grammar.op_prefix[_key(m.group(1))],
                                value=1.0, relative_to=grammar.reference_of[_key(m.group(2))]))
    return found


def _unit_equivalent(grammar: Grammar, text: str, start: int) -> bool:
    before = text[max(0, start - 25):start]
    return before.rstrip().endswith("=") and bool(grammar.unit_equation.search(before))


def _glued_to_word(text: str, m: re.Match) -> bool:
    """'HIV-1', 'CYP3A4', 'B7': a number glued to letters is part of a name ('than100' is not)."""
    before = text[m.start() - 1] if m.start() else " "
    if before.isalpha():
        return not text.endswith("than", 0, m.start())
    return before == "-" and m.start() > 1 and text[m.start() - 2].isalpha()


@dataclass
class Tail:
    """What follows a number: a power of ten and a unit, as written."""

    end: int
    exponent: int = 0
    unit: str | None = None
    unit_rule: object = None


def _quantity_tail(grammar: Grammar, text: str, pos: int) -> Tail:
    tail, written_from = Tail(pos), pos
    sci = grammar.sci.match(text, pos)
    if sci:
        raw = next(g for g in sci.groups() if g)
        tail.exponent = int(raw.translate(SUPERSCRIPTS).replace("−", "-"))
        tail.end = sci.end()
    unit = grammar.unit.match(text, tail.end)
    if unit:
        tail.unit_rule = grammar.unit_rule(unit.group(1))
        written_from = written_from if sci else unit.start(1)
        tail.end = unit.end()
        tail.unit = text[written_from:tail.end].strip()
    return tail


def _expression_at(grammar: Grammar, text: str, numbers: list[re.Match], i: int, floor: int):
    """The expression around numbers[i] (and the numbers it used), or None if it has no comparator."""
    first = numbers[i]
    if DENOMINATOR.search(text, max(0, first.start() - 4), first.start()):
        return None, 1  # the 40 of a visual acuity '20/40 to 20/320', the 7 of '16 0/7 weeks'
    value = grammar.to_number(first.group())
    power = POWER_OF_TEN.match(text, first.end()) if first.group() == "10" else None
    if power:  # 'bacteriuria > 10^3 CFU/mL'
        value = 10.0 ** int(power.group(1).replace("−", "-"))
    tail = _quantity_tail(grammar, text, power.end() if power else first.end())
    upper, values, used, comparator, diastolic = None, None, 1, None, None
    nxt = numbers[i + 1] if i + 1 < len(numbers) else None
    if (nxt and 50 <= value <= 300  # the '/100' of '160/100' is no unit 'out of 100'
            and PRESSURE_PAIR.fullmatch(text, first.end(), nxt.end())
            and grammar.to_number(nxt.group()) < value):
        diastolic, used = grammar.to_number(nxt.group()), 2
        tail = _quantity_tail(grammar, text, nxt.end())
        nxt = numbers[i + 2] if i + 2 < len(numbers) else None
    between = grammar.between.search(text, floor, first.start())
    separator = r"-?\s*(?:old\s+)?(?:and?|to|-|–)\s*" if between else RANGE_SEP  # 'between 50 an 65'
    open_upper = nxt and OPEN_UPPER.fullmatch(text, tail.end, nxt.start())  # 'age 4 to < 17 years'
    if nxt and diastolic is None and (open_upper or re.fullmatch(separator, text[tail.end:nxt.start()])):
        upper = grammar.to_number(nxt.group())
        # 'between (16-24) weeks of gestation': the unit follows the bracket
        closed = between and between.group(1) and text.startswith(")", nxt.end())
        second = _quantity_tail(grammar, text, nxt.end() + 1 if closed else nxt.end())
        tail = second if second.unit or not tail.unit else Tail(second.end, tail.exponent, tail.unit,
                                                                 tail.unit_rule)
        comparator, used = "between", 2
    elif nxt and diastolic is None and tail.unit is None and value.is_integer() and value <= 10:
        j = i + 1
        while j < len(numbers) and LIST_SEP.fullmatch(text[numbers[j - 1].end():numbers[j].start()]):
            j += 1
        if j - i > 1 and re.search(r"or|and", text[numbers[j - 2].end():numbers[j - 1].start()]):
            value, values = None, [grammar.to_number(n.group()) for n in numbers[i:j]]
            comparator, used, tail = "in", j - i, Tail(numbers[j - 1].end())
    start, end, relative_to = first.start(), tail.end, None
    reference = grammar.reference.match(text, end)
    if reference:
        relative_to, end = grammar.reference_of[_key(reference.group(1))], reference.end()
    timed = bool(tail.unit_rule and tail.unit_rule.time)
    if comparator is None:
        prefix = grammar.prefix.search(text, floor, start)
        window = timed and grammar.window_before.search(text, floor, start)
        lasting = timed and grammar.window_until.search(text, floor, start)
        if prefix:
            comparator, start = grammar.op_prefix[_key(prefix.group(1))], prefix.start()
        elif window:  # 'within the last 5 years': at most 5 years ago
            comparator, start = "<=", window.start()
        elif lasting:  # 'through 30 days after radiotherapy': until then, so at least 30 days
            comparator, start = ">=", lasting.start()
    elif between and comparator == "between":
        start = between.start()
    window_cue = comparator is not None and start < first.start() and timed and bool(
        grammar.window_before.search(text, start, first.start())
        or grammar.window_until.search(text, start, first.start()))
    postfix = grammar.postfix.match(text, end)
    if postfix and comparator is None:
        comparator, end = grammar.op_postfix[_key(postfix.group(1))], postfix.end()
    if comparator is None and timed and grammar.window_elapsed.match(text, end):
        comparator = ">="  # '14 days must have elapsed since the completion of chemotherapy'
    if comparator is None and timed and grammar.window_exact.match(text, end):
        comparator = "="  # '4 months after surgery', '(one month apart)'
    if comparator is None and timed and AGED_EXACTLY.match(text, end):
        comparator = "="  # 'Patients who were 18 years old'
    if comparator is None and timed and AGE_OF.search(text, max(floor, start - 40), start):
        comparator = "="  # 'an infant age of 6 months', not 'before age 5 years'
    if comparator is None and relative_to:
        comparator = "="  # 'AST and ALT three times the upper limit of normal'
    if comparator is None:
        return None, used
    expr = Expression(
        start=start, end=end, comparator=comparator, value=value, upper=upper, values=values,
        upper_inclusive=not (open_upper and open_upper.group(1) == "<"),
        unit=tail.unit, unit_pint=tail.unit_rule.pint if tail.unit_rule else None,
        time_unit=bool(tail.unit_rule and tail.unit_rule.time), exponent=tail.exponent,
        relative_to=relative_to, window_cue=window_cue, diastolic=diastolic,
        dose_unit=bool(tail.unit_rule and tail.unit_rule.dose),
    )
    condition = grammar.condition.match(text, end)
    if condition and text.count("(", 0, start) > text.count(")", 0, start):  # '(>450 ms in men, ...)'
        expr.condition = condition.group(1)
    return expr, used


def _key(form: str) -> str:
    """Dictionary key of a form as matched: the regexes allow any whitespace between its words."""
    return re.sub(r"\s+", "", form).lower()


def _merge_bounds(expressions: list[Expression], text: str) -> list[Expression]:
    """'Age > 18 years, < 80 years': a lower and an upper bound in a row make one range."""
    merged: list[Expression] = []
    for expr in expressions:
        prev = merged[-1] if merged else None
        if (prev and prev.comparator in (">", ">=") and expr.comparator in ("<", "<=")
                and prev.relative_to is None and expr.relative_to is None
                and BOUND_JOIN.fullmatch(text[prev.end:expr.start])
                and (prev.unit_pint == expr.unit_pint or prev.unit_pint is None)
                and isinstance(prev.value, float) and isinstance(expr.value, float)
                and prev.value < expr.value):
            prev.lower_inclusive, prev.upper_inclusive = prev.comparator == ">=", expr.comparator == "<="
            prev.comparator, prev.upper, prev.end = "between", expr.value, expr.end
            prev.unit, prev.unit_pint, prev.time_unit = expr.unit, expr.unit_pint, expr.time_unit
            continue
        merged.append(expr)
    return merged


# ---- scales ----------------------------------------------------------------------------


def find_scale_expressions(grammar: Grammar, text: str, mentions: list[Mention]) -> list[Expression]:
    """Ordinal categories after a scale: 'Child-Pugh class A and B7', 'score A5-B7', 'NYHA III or IV'."""
    found = []
    for mention in mentions:
        if mention.entry is None or found and mention.start < found[-1].end:  # 'ASA I or ASA II'
            continue
        for scale, pattern, category, name, roman in grammar.scales:
            if mention.entry.id != scale.analyte:
                continue
            m = pattern.match(text, mention.end)
            if not m:
                continue
            op, first, last, more = m.groups()
            start = m.start(1) if op else m.start(2)
            if not op and (before := grammar.prefix.search(text, 0, mention.start)):
                op, start = before.group(1), before.start()  # 'Co-morbidity >ASA II'
            expr = Expression(start=start, end=m.end(), comparator=grammar.op_prefix[_key(op)] if op else "=",
                              value=_category(first, roman), analytes=[mention])
            if last and (listed := _listed_range(scale.orders, expr.value, _category(last, roman))):
                expr.comparator, expr.value, expr.values = "in", None, listed
            elif last:
                expr.comparator, expr.upper = "between", _category(last, roman)
            elif more:
                expr.comparator, expr.value = "in", None
                expr.values = [_category(first, roman)] + [_category(c.group(), roman)
                                                          for c in category.finditer(name.sub(" ", more))]
            if not found or (found[-1].start, found[-1].end) != (expr.start, expr.end):
                found.append(expr)  # 'New York heart association (NYHA) Class III-IV': the first name
    return found


def find_open_categories(grammar: Grammar, text: str) -> list[Expression]:
    """Roman-numeral categories of scales the lexicon lacks, to be linked like numbers: 'GMFCS
    levels I-III', 'Glogau photoaging score II and III', 'Teeth mobility greater than grade I'."""
    found = []
    for m in grammar.open_category.finditer(text):
        op, first, last, more = m.groups()
        start = m.start(1) if op else m.start(2)  # the head is named like an analyte's unit
        if not op and (before := grammar.prefix.search(text, 0, m.start())):
            op, start = before.group(1), before.start()
        expr = Expression(start=start, end=m.end(), comparator=grammar.op_prefix[_key(op)] if op else "=",
                          value=_category(first, True))
        if last:
            expr.comparator, expr.upper = "between", _category(last, True)
        elif more:
            expr.comparator, expr.value = "in", None
            expr.values = [_category(first, True)] + [_category(c.group(), True)
                                                      for c in grammar.category.finditer(more)]
        found.append(expr)
    return found


def find_leading_count(grammar: Grammar, text: str, entities: list[Mention]) -> list[Expression]:
    """'Two consecutive imaging assessments': a criterion that opens with a bare count."""
    m = grammar.leading_count.match(text)
    if m is None or grammar.unit.match(text, m.end(1)):
        return []
    counted = _phrase_at(grammar, text, m.end(), Spans(entities), grammar.not_counted)
    if not counted:
        return []
    number = m.group(1)
    value = float(number) if number.isdigit() else float(grammar.count_words[number.lower()])
    return [Expression(start=m.start(1), end=m.end(1), comparator="=", value=value, analytes=counted,
                       kind="count")]


def _listed_range(orders: list[list[str]], first: str, last: str) -> list[str] | None:
    """'A5-B7' on Child-Pugh points: A5, A6, B7; None where no order holds both ends in turn."""
    for order in orders:
        if first in order and last in order and order.index(first) < order.index(last):
            return order[order.index(first):order.index(last) + 1]
    return None


def find_leading_scales(grammar: Grammar, text: str) -> list[Expression]:
    """Categories before what they grade: 'R0/R1 resection' lists R0 and R1 of the resection."""
    found = []
    for pattern, category in grammar.leading_scales:
        for m in pattern.finditer(text):
            values = [c.group().upper() for c in category.finditer(m.group(1))]
            expr = Expression(start=m.start(1), end=m.end(1), comparator="=" if len(values) == 1 else "in",
                              value=values[0] if len(values) == 1 else None,
                              values=values if len(values) > 1 else None,
                              analytes=[Mention(m.start(2), m.end(2))])
            found.append(expr)
    return found


def _category(written: str, roman: bool) -> str:
    """One spelling per category: 'Ⅲ' and, on a Roman-numeral scale, '3' are 'III'."""
    category = written.upper().translate(ROMAN_GLYPHS)
    return ROMAN[int(category) - 1] if roman and category.isdigit() and 0 < int(category) <= 6 else category


# ---- linking -----------------------------------------------------------------------------


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


def link(grammar: Grammar, text: str, expressions: list[Expression], mentions: list[Mention],
         entities: list[Mention]) -> None:
    """Name each expression's analyte(s) and kind (see ``schema.Threshold.kind``)."""
    floor = previous_floor = 0
    previous: Expression | None = None
    before_previous: Expression | None = None
    mentions, entities, following = Spans(mentions), Spans(entities), Spans(expressions)
    for expr in expressions:
        # analytes may be named before a bracketed value: 'glomerular filtrate rate [within 30 days] < 30'
        reach = floor if previous is None else _past_aside(text, previous_floor, previous, expr)
        region = mentions.inside(reach, expr.start)
        analytes = [m for m in region if m.entry is not None]
        postposed = _postposed(text, expr, mentions, following)
        ages = [m for m in mentions.starting(floor, expr.end) if m.age
                and len(WORD.findall(text, m.end, expr.start)) <= 3  # 'age of patients: 18-65'
                and not grammar.age_qualified.search(text, max(0, m.start - 20), m.start)]
        ages += _age_after(grammar, text, expr)
        aged = any(not text[m.end:expr.start].strip(" :") for m in ages)  # 'aged 55 to 74 years from'
        window = expr.time_unit and not aged and not _timed(expr, analytes[-1:] + postposed) and (
            expr.window_cue or grammar.window_before.search(text, max(floor, expr.start - 30), expr.start)
            or grammar.window_elapsed.match(text, expr.end)
            or (grammar.window_after.match(text, expr.end) and not _age_after(grammar, text, expr)))
        words = _words_before(grammar, text, floor, expr.start)
        before = entities.inside(floor, expr.start)
        scale = [] if analytes else _scale_named_after(grammar, text, expr)
        in_words = expr.unit is None and not any(c.isdigit() for c in text[expr.start:expr.end])
        if window:
            expr.kind, expr.analytes = "time_window", _window_event(grammar, text, expr, entities, before)
        elif ((expr.unit_pint is None or expr.time_unit) and ages and not _categorical(expr)
              and not RATE.match(text, expr.end)  # '17-18 year olds at least 3 nights per week'
              and (not analytes or max(a.start for a in ages) > analytes[-1].end)):
            expr.kind = "age"
            expr.analytes = [min(ages, key=lambda m: abs(m.start - expr.start))]
        elif in_words and (counted := _counted(grammar, text, expr, entities, words)):
            expr.kind, expr.analytes = "count", counted  # 'with at least one post-treatment free PSA'
        elif postposed:
            expr.analytes = postposed
        elif scale and not _named_before_scale(grammar, text, reach, expr, entities, scale[0]):
            expr.analytes = scale  # 'pain rated at least 5 on the 10-point numerical rating scale'
            if (previous is not None and COORDINATION.fullmatch(text[previous.end:expr.start])
                    and _score_words_only(grammar, text, previous.analytes)):
                previous.analytes = scale  # 'a score > 1 or < -1 on the Richmond Agitation Scale'
        elif not analytes and (noun_after := _noun_after(grammar, text, expr, entities, following, words)):
            expr.analytes = noun_after  # '≥8 mm and at least 4 mm intrabony component'
        elif ((measured := _measured_before(grammar, text, reach, expr, entities, analytes))
              and not _calendar_years(expr) and (measured[0].label == "MEASUREMENT"
                   or _counted(grammar, text, expr, entities, words) is None)):
            expr.analytes = measured  # 'AMH levels age appropriate (≥2.3 ng/ml)'
        elif parallel := _parallel_to(text, before_previous, previous, expr):
            expr.kind, expr.analytes = parallel.kind, list(parallel.analytes)
        elif (previous is not None and previous.analytes and _same_quantity(previous, expr)
              and _continues(grammar, text[previous.end:expr.start])):
            expr.kind, expr.analytes = previous.kind, list(previous.analytes)  # 'BMI <20 or >35 kg/m2'
        elif (analytes and words and CLAUSE_BREAK.search(text, analytes[-1].end, words[0].start)
              and not _persons_only(grammar, text, words) and not _score_words_only(grammar, text, words)):
            expr.analytes = words  # 'uric acid ..., diuretic, small-dose aspirin (75~300mg/d)'
        elif analytes and words and _unfit_lexicon_name(expr, analytes, words[0]):
            # 'probing depth (PS)> 6 mm': not performance status, by its unit; 'plasma creatinine
            # clearance <30 mL/min': creatinine clearance, which a mL/min can measure
            expr.analytes = [_fitting_name(grammar, text, expr, words[0])]
        elif analytes:
            # 'Hamilton Anxiety Rating Scale or the Hamilton Depression Rating Scale score > 10'
            joinable = _with_measurements(text, analytes, entities, floor, analytes[-1])
            expr.analytes = _coordinated(text, joinable)
            if expr.analytes[-1].end >= floor:  # not across a value: 'Lansky Scale (<16 years) <50%'
                expr.analytes[-1] = _with_abbreviation(text, expr.analytes[-1], expr.start)
        elif expr.unit_pint == "year" and not words and not FOR_DURATION.search(text, floor, expr.start):
            expr.kind, expr.analytes = "age", [Mention(*_unit_span(text, expr))]
        elif (expr.unit_pint in (None, "year")
              and (person := _person_before(grammar, text, floor, expr.start))):
            expr.kind, expr.analytes = "age", person  # 'women over 50 years', 'patients < 18'
        elif expr.condition and previous is not None and previous.analytes:
            expr.analytes = previous.analytes
        elif _calendar_years(expr):
            expr.kind = "time_window"  # 'treated between 2000 and 2017'
            expr.analytes = before[-1:]
        elif (counted := _counted(grammar, text, expr, entities, words)) is not None:
            expr.kind, expr.analytes = "count", counted
        elif words and _persons_only(grammar, text, words):
            # '(>7 drinks/week for women, >14 for men)': who, not what; the analyte precedes
            expr.analytes = (previous.analytes if previous is not None and previous.analytes
                             else _before_parenthesis(grammar, text, expr.start))
        elif instrument := _instrument(grammar, text, floor, expr, words, entities):
            expr.analytes = instrument
        elif dimension := _dimension_after(grammar, text, expr, words):
            expr.analytes = dimension
        elif after := _measured_right_after(text, expr, entities, words):
            expr.analytes = after  # 'a total of less than or equal to 8 menses per year'
        else:
            expr.analytes = words or before[-1:] or _rate_noun(text, expr)
        if scale and expr.analytes != scale:
            expr.instrument = scale[0]  # its '0-10' is still no bound
        if (expr.kind == "measurement" and expr.time_unit and not _timed(expr, expr.analytes)
                and not any(a.label == "MEASUREMENT" for a in expr.analytes)
                and not _a_time(grammar, text, expr.analytes)):  # 'Timed up and go < 12 s'
            expr.kind = "duration"
        elif expr.kind == "measurement" and expr.dose_unit and _dosed(grammar, text, expr, entities):
            expr.kind = "dose"
        elif (expr.kind == "measurement" and expr.unit is None
              and not any(a.entry or a.label == "MEASUREMENT" for a in expr.analytes)
              and grammar.stage_before.search(text, floor, expr.start)
              and not _scale_named_after(grammar, text, expr)):  # '<2 on the Kellgren Laurence scale'
            expr.kind = "stage"  # 'Chronic Kidney Disease stage 1-5', 'Diabetes mellitus (type 1 or 2)'
            if _heads_only(grammar, text, expr.analytes):  # 'Stage III periodontitis', 'Type II diabetes'
                expr.analytes = (_phrase_at(grammar, text, expr.end, entities, grammar.noun_after_stop_words)
                                 or expr.analytes)
        if previous is not None and COORDINATION.fullmatch(text[previous.end:expr.start]):
            _share_backward(previous, expr)
        floor, previous_floor, before_previous, previous = expr.end, floor, previous, expr


def _parallel_to(text: str, first: Expression | None, age: Expression | None,
                 expr: Expression) -> Expression | None:
    """'Beighton score ≥ 5 for women up to the age of 50 years and ≥ 4 for those above 50 years':
    after a value and the age of the population it is for, the next value is a second value of
    the first analyte, not an age."""
    if first is None or age is None:
        return None
    if (age.kind == "age" and first.kind == "measurement" and first.analytes and expr.unit is None
            and FOR_POPULATION.match(text, first.end, age.start)
            and COORDINATION.fullmatch(text, age.end, expr.start)):
        return first
    return None


def _past_aside(text: str, previous_floor: int, previous: Expression, expr: Expression) -> int:
    """Where the words that may name a value start: after the value before it, unless that one
    sat in brackets closed since ('glomerular filtrate rate [within 30 days] less than 30')."""
    closing = CLOSING_FIRST.match(text, previous.end, expr.start)
    if not closing:
        return previous.end
    opened = text.rfind("[" if closing.group(1) == "]" else "(", previous_floor, previous.start)
    return previous_floor if opened >= 0 else previous.end


def _measured_before(grammar: Grammar, text: str, floor: int, expr: Expression, entities: Spans,
                     analytes: list[Mention]) -> list[Mention]:
    """The measurement or observation the recognizer found just before a value, in its clause and
    after any lexicon analyte ('AMH levels age appropriate (≥2.3 ng/ml)', 'Clinical Frailty Score
    above 7 prior admission'), with the analytes coordinated with it ('PaO2/FiO2 < 300')."""
    after = analytes[-1].end if analytes else floor
    found = [e for e in entities.starting(after, expr.start) if e.label in MEASURED]
    if not found:
        return []
    entity = found[-1]
    if analytes and not text[after:entity.start].strip(" ("):
        return []  # 'HbA1c(NGSP) >= 10.0 %': a name right after a lexicon analyte qualifies it
    end = min(entity.end, expr.start)  # 'Gleason 6-7': the recognizer's span may take the number
    if any(e.label != "DEMOGRAPHIC" and WORD_JOIN.fullmatch(text[entity.end:e.start].strip())
           for e in entities.starting(entity.end, expr.start)):
        return []  # 'smoker or carbon monoxide concentration ≥ 6 ppm': the other one is nearer
    gap = text[end:expr.start]
    # 'The ETDRS letter score in the study eye must be between 24 and 70 letters': verbs and
    # articles do not count
    said = [w for w in WORD.findall(gap) if w.lower() not in grammar.copulas and w.lower() not in ARTICLES]
    if CLAUSE_BREAK.search(gap) or len(said) > MEASURED_GAP_WORDS:
        return []
    if any(len(w) > 1 and w.isupper() for w in said):
        return []  # 'full-mouth PD was≤ 3mm': an abbreviation nearer the value names it
    opening = gap.rfind("(")
    unclosed = opening >= 0 and ")" not in gap[opening:]
    inside = [w.lower() for w in WORD.findall(gap, opening)] if unclosed else []
    if any(w not in grammar.score_words for w in inside):
        return []  # 'abnormal renal function (Scr >1.5N)': the words in the parenthesis name it,
        # but not in 'pelvic pain (score ≥ 3 on Visual Analog Scale)'
    named = Mention(entity.start, _trimmed_end(text, entity.start, end), label=entity.label)
    return _coordinated(text, _with_measurements(text, analytes, entities, floor, named))


def _measured_right_after(text: str, expr: Expression, entities: Spans,
                          words: list[Mention]) -> list[Mention]:
    """The recognizer's measurement or observation right after a value, when no entity names one
    before it: 'a total of less than or equal to 8 menses per year'."""
    if words and entities.overlaps(words[-1]):
        return []
    found = [e for e in entities.starting(expr.end, expr.end + 40) if e.label in MEASURED]
    if not found or not RIGHT_AFTER.fullmatch(text, expr.end, found[0].start):
        return []
    return found[:1]


def _named_before_scale(grammar: Grammar, text: str, floor: int, expr: Expression, entities: Spans,
                        scale: Mention) -> bool:
    """Whether the recognizer's span just before a value names it rather than the scale after it:
    a measurement ('T-score ⩽ -3DS on at least 1 site'), or an observation the value is said of
    or whose scale the recognizer does not know ('Pain > 4 on a visual numerical scale', against
    'pain rated at least 5 on the 10-point numerical rating scale')."""
    before = _measured_before(grammar, text, floor, expr, entities, [])
    known = any(e.label in MEASURED for e in entities.starting(scale.start, scale.end))
    return any(m.label == "MEASUREMENT" or not known or MEASURED_VALUE_GAP.fullmatch(text, m.end, expr.start)
               for m in before)  # 'Pain intensity of > 4/10 on a 0-10 VAS scale': the value is said of it


def _with_measurements(text: str, analytes: list[Mention], entities: Spans, floor: int,
                       last: Mention) -> list[Mention]:
    """The lexicon analytes before ``last`` (the analyte nearest a value) and, among them, the
    recognizer's measurements that none overlaps, in order, then ``last``: what may be coordinated
    with it. Not observations ('No smokers or smokers of less than 10 cigarettes a day'), and not
    after a bare comma ('arrhythmia of grade ≥2 by NCI-CTCAE criteria, QTc prolongation')."""
    before = [a for a in analytes if a.end <= last.start]
    taken = Spans(before)
    extra = [e for e in entities.inside(floor, last.start)
             if e.label == "MEASUREMENT" and not taken.overlaps(e)]
    joined = sorted(before + extra, key=lambda m: m.start) + [last]
    return [m for m, after in zip(joined, joined[1:] + [None], strict=True)
            if m.entry is not None or after is None or WORD_JOIN.search(text, m.end, after.start)]


def _noun_after(grammar: Grammar, text: str, expr: Expression, entities: Spans,
                following: Spans, words: list[Mention]) -> list[Mention]:
    """'at least 6 mm probing depth', '5% or more blasts in bone marrow': a quantity right before
    a noun measures that noun; a dimension ('lesions of 10-25 mm size') is of the words before."""
    if expr.unit is None or expr.time_unit:
        return []
    # 'a minimum of 10 mL of whole blood', '> 50% of child's lifespan': a measurement or observation
    if of := QUANTITY_OF.match(text, expr.end):
        measured = [e for e in entities.starting(of.end(), of.end() + 30) if e.label in MEASURED]
        if measured and len(WORD.findall(text, of.end(), measured[0].start)) <= 2:
            return measured[:1]
    if not NOUN_GAP.match(text, expr.end) or _measurement_of(text, expr, entities):
        return []
    noun = _phrase_at(grammar, text, expr.end, entities, grammar.noun_after_stop_words)
    if not noun or DETERMINER.match(text, expr.end).end() != expr.end:
        return []
    if words and text[noun[0].start:noun[-1].end].lower() in grammar.dimension_words:
        return []
    after = next(iter(following.starting(noun[-1].end)), None)
    if after is not None and not text[noun[-1].end:after.start].strip(" :"):
        return []  # 'ANC ≥ 1500/mm3 platelets ≥ 100,000': the next value's own analyte
    return noun


def _measurement_of(text: str, expr: Expression, entities: Spans) -> bool:
    """'an IV fluid challenge of at least 30 ml/kg fluids': the measurement before 'of' is what
    the value measures, not the noun after it."""
    before = [e for e in entities.starting(max(0, expr.start - 80), expr.start) if e.label == "MEASUREMENT"]
    return bool(before) and bool(OF_BEFORE.fullmatch(text, before[-1].end, expr.start))


def _dosed(grammar: Grammar, text: str, expr: Expression, entities: Spans) -> bool:
    """Whether a mass is a drug's dose: its analyte is a drug or says dose ('prednisone equivalent'),
    or a drug follows the value ('≥5 mg/day prednisone', '≥ 1 g of methylprednisolone')."""
    for analyte in expr.analytes:
        named = {w.lower() for w in WORD.findall(text, analyte.start, analyte.end)}
        overlapping = entities.starting(max(0, analyte.start - 200), analyte.end)
        drug = any(e.label == "DRUG" and e.end > analyte.start for e in overlapping)
        if drug or named & grammar.dose_words:
            return True
    after = grammar.dose_tail.match(text, expr.end)
    following = entities.at(after.end()) if after else None
    return following is not None and following.label == "DRUG"


def _share_backward(previous: Expression, expr: Expression) -> None:
    """'<30 or >69 years old': both are ages; 'BMI <20 or >35 kg/m2': both are in kg/m2, which
    normalizes the first, whose unit as written stays null."""
    if previous.unit_pint is not None or expr.unit_pint is None or previous.relative_to or expr.relative_to:
        return
    previous.unit_pint, previous.exponent = expr.unit_pint, expr.exponent
    previous.time_unit, previous.dose_unit = expr.time_unit, expr.dose_unit
    if expr.kind == "age" and not previous.analytes:
        previous.kind, previous.analytes = "age", list(expr.analytes)


def _window_event(grammar: Grammar, text: str, expr: Expression, entities: Spans,
                  before: list[Mention]) -> list[Mention]:
    """What a window is relative to: the event after it ('7 days prior to SBRT'), else the events
    before it ('bleeding tendency or coagulation dysfunction within the previous 6 months'); none
    when it is the study itself ('before the first dose', 'of the study')."""
    cue = grammar.window_elapsed.match(text, expr.end) or grammar.window_after.match(text, expr.end)
    at = cue.end() + text.startswith("-", cue.end()) if cue else 0  # '6 months post-stroke'
    if cue and (head := grammar.event_head.match(text, at)):
        at = head.end()  # 'since the completion of systemic cytotoxic therapy'
    event = _phrase_at(grammar, text, at, entities, grammar.analyte_stop_words) if cue else []
    if event:
        return [] if grammar.study_anchor.match(text, event[0].start) else event
    return _coordinated(text, before) if before else []


def _postposed(text: str, expr: Expression, mentions: Spans, expressions: Spans) -> list[Mention]:
    """'≥140 mmHg SBP': a lexicon analyte right after the value, unless the next value is its own."""
    # '> 24 weeks gestation': the analyte may begin inside the unit ('weeks gestation')
    after = next((m for m in mentions.starting(expr.start) if m.entry and m.end > expr.end), None)
    if after is None or not ON_SCALE.fullmatch(text[expr.end:max(after.start, expr.end)]):
        return []
    following = next(iter(expressions.starting(after.end)), None)
    if following is not None and not text[after.end:following.start].strip(" :"):
        return []
    # '1.5 times upper limit of normal of serum creatinine, Alkaline phosphatase, AST (AST)'
    chain = [after]
    for mention in mentions.starting(after.end, following.start if following else None):
        if mention.entry is None:
            continue
        if _one_analyte(text, chain[-1], mention):
            chain[-1] = Mention(chain[-1].start, _past_bracket(text, mention.end), mention.entry)
        elif ANALYTE_JOIN.fullmatch(PARENTHESES.sub(" ", text[chain[-1].end:mention.start])):
            chain.append(mention)
        else:
            break
    return chain


def _instrument(grammar: Grammar, text: str, floor: int, expr: Expression,
                words: list[Mention], entities: Spans) -> list[Mention]:
    """The instrument a bare score belongs to: named after 'on' ('a score of 24 or above on the
    Folstein Mini-Mental State Exam') or before the score words ('(TICS) score <= 20')."""
    said = [w.lower() for m in words for w in text[m.start:m.end].split()]
    if not all(w in grammar.score_words for w in said):
        return []
    if on := ON_INSTRUMENT.match(text, expr.end):
        named = _phrase_at(grammar, text, on.end(), Spans([]), grammar.instrument_stop_words, most=8)
        if named and (words or text[named[0].start].isupper()):
            # the recognizer's name may be longer: 'from Alcohol and Health Questionnaire 8'
            known = [e for e in entities.starting(named[0].start, named[0].start + 1) if e.label in MEASURED]
            end = max([named[-1].end] + [_trimmed_end(text, e.start, e.end, ")] ") for e in known])
            return [Mention(named[0].start, end)]
    if words:
        named = _words_before(grammar, text, floor, words[0].start)
        if named and NAMED_BEFORE.fullmatch(text, named[0].end, words[0].start):
            return [Mention(named[0].start, words[0].end)]
    return []


def _trimmed_end(text: str, start: int, end: int, chars: str | None = None) -> int:
    """The end of a span less trailing ``chars`` (whitespace by default) the recognizer took in:
    'Questionnaire 8)'."""
    return start + len(text[start:end].rstrip(chars))


def _dimension_after(grammar: Grammar, text: str, expr: Expression, words: list[Mention]) -> list[Mention]:
    """'Single nodule, 3 to 8 cm of largest diameter': the dimension, when a comma sets the size
    off from the words before it."""
    if expr.unit is None or (words and "," not in text[words[-1].end:expr.start]):
        return []
    m = grammar.dimension.match(text, expr.end)
    return [Mention(m.start(1), m.end(1))] if m else []


def _scale_named_after(grammar: Grammar, text: str, expr: Expression) -> list[Mention]:
    m = grammar.scale_after.match(text, expr.end)
    return [Mention(m.start(1), m.end(1))] if m else []


def _score_words_only(grammar: Grammar, text: str, mentions: list[Mention]) -> bool:
    return all(w.lower() in grammar.score_words for m in mentions for w in text[m.start:m.end].split())


def _before_parenthesis(grammar: Grammar, text: str, start: int) -> list[Mention]:
    opening = text.rfind("(", 0, start)
    return _words_before(grammar, text, 0, opening) if opening > 0 else []


def _person_before(grammar: Grammar, text: str, floor: int, start: int) -> list[Mention]:
    """The person ('women', 'patients') a number of years or a bare number right after describes."""
    last = LAST_WORD.search(text, floor, start)
    for _ in range(3):  # 'participants must be ≥ 18', not 'MG-ADL profile must be ≥ 6'
        if last is None or last.group(1).lower() not in grammar.copulas:
            break
        last = LAST_WORD.search(text, floor, last.start())
    if last is None or last.group(1).lower() not in grammar.person_words:
        return []
    return [Mention(last.start(1), last.end(1))]


def _same_quantity(a: Expression, b: Expression) -> bool:
    """Whether two values may share an analyte: not a window 'within 16 weeks' and '200 mL', nor
    '(glomerular filtrate rate [within 30 days] less than 30)'."""
    if a.kind == "time_window" and not b.time_unit:
        return False
    return a.unit is None or b.unit is None or a.time_unit == b.time_unit


def _continues(grammar: Grammar, gap: str) -> bool:
    """Whether a value goes on with the analyte of the value before it: 'BMI <20 or >35',
    '> 500 cGy (single) or > 800 cGy', 'Cr >2.5 mg/dL [men], >2.0 mg/dL', 'score (range 0-42) ≥16',
    '> 7.2 mg/kg IV or >9.0 mg/kg orally'."""
    if COORDINATION.fullmatch(gap):
        return True
    bare = BRACKETED.sub(" ", gap)
    words = [w.lower() for w in WORD.findall(bare)]
    # '≥13 for women, ≥15 for men', 'AST ≤3 x ULN; ≤5 x ULN in case of liver involvement'
    joined = bare != gap or "or" in words or "and" in words or "," in gap or ";" in gap
    return joined and all(w in grammar.person_words or w in grammar.qualifier_words for w in words)


def _persons_only(grammar: Grammar, text: str, words: list[Mention]) -> bool:
    """Whether the words before a value say who ('for women'), not what is measured."""
    return all(w.lower() in grammar.person_words for m in words for w in text[m.start:m.end].split())


def _heads_only(grammar: Grammar, text: str, mentions: list[Mention]) -> bool:
    """Whether the words before a stage only say 'stage' or 'type': the staged thing follows."""
    words = [w.lower() for m in mentions for w in WORD.findall(text, m.start, m.end)]
    return all(w in grammar.category_heads for w in words)


def _categorical(expr: Expression) -> bool:
    """Whether the values are categories ('class II'), which are never ages or counts."""
    return any(isinstance(v, str) for v in expr.values or [expr.value])


def _calendar_years(expr: Expression) -> bool:
    bounds = [expr.value, expr.upper] if expr.upper is not None else [expr.value]
    return expr.unit is None and all(isinstance(b, float) and b in CALENDAR_YEARS for b in bounds)


def _timed(expr: Expression, mentions: list[Mention]) -> bool:
    """Whether a lexicon analyte is measured in time ('QTc > 450 ms', 'life expectancy > 3 months')."""
    for mention in mentions:
        if mention.entry is not None:
            try:
                conversion_factor(expr.unit_pint, mention.entry.unit, None)
                return True
            except ValueError:
                pass
    return False


def _a_time(grammar: Grammar, text: str, mentions: list[Mention]) -> bool:
    """Whether an open-vocabulary analyte is itself a time ('commuting distance < 45 minutes'),
    not an occasion ('feed the last time a minimum of 2 hours before')."""
    for mention in mentions:
        words = [w.lower() for w in WORD.findall(text, mention.start, mention.end)]
        occasion = len(words) > 1 and words[-2] in grammar.occasions
        if words and words[-1] in grammar.time_heads and not occasion:
            return True
    return False


def _counted(grammar: Grammar, text: str, expr: Expression, entities: Spans,
             words: list[Mention]) -> list[Mention] | None:
    """'two or more episodes of syncope': the thing a bare whole number counts, or what happens that
    often ('pain medication (more than 4 times per week)'); None if not a count."""
    if expr.unit or expr.relative_to or not all(
            isinstance(v, float) and v.is_integer() for v in expr.values or [expr.value]):
        return None
    if OF_THE_FOLLOWING.match(text, expr.end):
        return []  # 'at least two of the following': the items are the criterion's sub-list
    counted = NEXT_WORD.match(text, expr.end)
    rate = RATE.match(text, expr.end)
    # '3 times per week', '1-3 bolus insulin injections per day': how often, a count
    said = WORD.findall(rate.group(1)) if rate else [counted.group(1)] if counted else []
    how_often = any(w.lower() in grammar.frequency_words for w in said)
    if rate and not how_often:
        return None  # 'more than 2 alcoholic drinks per day' measures drinking; '3 times per week' counts
    if how_often and said[0].lower() in grammar.not_counted:  # a wrapped line: no counted word
        return words  # '(more than 4 times per week)': what happens that often is named before
    of = COUNTED_OF.match(text, expr.end)  # 'one or more of the laboratory findings'
    at = grammar.count_modifier.match(text, of.end() if of else expr.end).end()  # 'two or more prior ...'
    return _phrase_at(grammar, text, at, entities, grammar.not_counted) or None


def _rate_noun(text: str, expr: Expression) -> list[Mention]:
    """'No more than 14 drinks per week', 'less than 10 cigarettes a day': with nothing named
    before it, what a rate counts."""
    if expr.unit is None or not expr.unit_pint or not expr.unit_pint.startswith("1/"):
        return []
    rate = RATE.match(" " + expr.unit)  # the unit's own words before 'per', '/' or 'a'
    if rate is None or not rate.group(1).strip():
        return []
    start = _unit_span(text, expr)[0]
    return [Mention(start, start + rate.end(1) - 1)]


def _phrase_at(grammar: Grammar, text: str, pos: int, entities: Spans,
               stop: set[str], most: int = 3) -> list[Mention]:
    """The entity, or else the first few words, that start at pos (after a determiner)."""
    kept = []
    pos = DETERMINER.match(text, pos).end()
    while len(kept) < most and (word := NEXT_WORD.match(text, pos)):
        if word.group(1).lower() in stop:
            break
        kept.append(word)
        pos = word.end()
    while kept and kept[-1].group(1).lower() in grammar.name_joiners:
        kept.pop()
    if not kept:
        return []
    return [entities.at(kept[0].start(1)) or Mention(kept[0].start(1), kept[-1].end(1))]


def _age_after(grammar: Grammar, text: str, expr: Expression) -> list[Mention]:
    """'18 years of age', '18 years old': the age word right after the expression."""
    m = OF.match(text, expr.end)
    age = grammar.age_word.match(text, m.end())
    return [Mention(age.start(), age.end(), age=True)] if age else []


def _unit_span(text: str, expr: Expression) -> tuple[int, int]:
    at = text.rfind(expr.unit, expr.start, expr.end)
    return at, at + len(expr.unit)


def _coordinated(text: str, analytes: list[Mention]) -> list[Mention]:
    """'AST or ALT <= 5 x ULN': the last analyte and those joined to it by or/and/slash."""
    chosen, anchor = [analytes[-1]], analytes[-1]
    for mention in reversed(analytes[:-1]):
        gap = PARENTHESES.sub(" ", text[mention.end:anchor.start])
        if _one_analyte(text, mention, anchor):
            chosen[-1] = anchor = Mention(mention.start, _past_bracket(text, chosen[-1].end), mention.entry)
            continue
        # 'bleeding tendency or coagulation dysfunction' where a span ends at 'bleeding'
        joined = COORDINATION_AFTER_WORD.fullmatch(text, mention.end, anchor.start)
        if joined:
            mention = Mention(mention.start, joined.end(1), mention.entry, mention.age)
        elif not (ANALYTE_JOIN.fullmatch(gap)
                  or mention.entry and anchor.entry and JOIN_THEN_WORD.fullmatch(gap)):
            break
        chosen.append(mention)
        anchor = mention
    return chosen[::-1]


def _one_analyte(text: str, first: Mention, second: Mention) -> bool:
    """Whether two mentions name one analyte: 'AST(aspartate aminotransferase)', 'oxygen saturation
    [by pulse oximetry]'."""
    if first.entry is not second.entry:
        return False
    if not PARENTHESES.sub(" ", text[first.end:second.start]).strip():
        return True
    return first.entry is not None and bool(MEASURED_BY.fullmatch(text, first.end, second.start))


def _past_bracket(text: str, end: int) -> int:
    """``end``, or one further over the bracket that closes a name there."""
    return end + (text[end:end + 1] in (")", "]"))


def _with_abbreviation(text: str, mention: Mention, start: int) -> Mention:
    """'hemoglobin (Hb) > 13 g/dL': the analyte's span takes in the abbreviation after it."""
    abbreviation = ABBREVIATION.match(text, mention.end, start)
    if abbreviation is None or text[abbreviation.end():start].strip(" :,"):
        return mention
    return Mention(mention.start, abbreviation.end(), mention.entry, mention.age)


def _words_before(grammar: Grammar, text: str, floor: int, start: int) -> list[Mention]:
    """The last one to four words before the comparator: an open-vocabulary analyte, with its
    abbreviation ('total body surface area (TBSA) > 10%'), past an 'i.e.' ('30-day mortality (i.e.,
    ≥ 10%)')."""
    if explained := THAT_IS.search(text, floor, start):
        start = explained.start()
    abbreviation = TRAILING_ABBREVIATION.search(text[floor:start])
    if abbreviation:
        # 'clinical attachment level (CAL) ≥ 5mm', 'muscle mass index (AMMI) (<7 kg/m^2'
        named = _words_before(grammar, text, floor, floor + abbreviation.start())
        return [Mention(m.start, floor + abbreviation.end(1)) for m in named]
    words = list(re.finditer(r"[A-Za-z][\w'\-]*", text[floor:start]))
    if not words or text[floor + words[-1].end():start].strip().strip(" :(,-"):  # a line may wrap
        return []
    picked = []
    for seen, w in enumerate(reversed(words)):
        if w.group().lower() in grammar.analyte_stop_words:
            if picked or seen >= 3:  # 'accounting for > 50%' skips two words, not a clause
                break
            continue
        if len(picked) == 4 or picked and text[floor + w.end():floor + picked[-1].start()].strip():
            break
        picked.append(w)
    if not picked:
        return []
    return [Mention(floor + picked[-1].start(), floor + picked[0].end())]


# ---- normalization and output --------------------------------------------------------------


def _unfit_lexicon_name(expr: Expression, analytes: list[Mention], words: Mention) -> bool:
    """Whether the lexicon analyte nearest a value is a part of the longer name before it that
    its unit cannot measure ('probing depth (PS)> 6 mm'), not that name and its abbreviation
    ('Hemoglobin A1c (HbA1c) >47mmol/mol')."""
    last = analytes[-1]
    if _fits(expr, last.entry) or (words.start, words.end) == (last.start, last.end):
        return False
    return not any(a.entry is last.entry for a in analytes[:-1] if a.start >= words.start)


def _fitting_name(grammar: Grammar, text: str, expr: Expression, words: Mention) -> Mention:
    """The words before a value, with the lexicon entry named inside them that fits its unit."""
    for word in WORD.finditer(text, words.start, words.end):
        inside = find_mentions(grammar, text[word.start():words.end])
        if inside and inside[0].start == 0 and inside[0].entry and _fits(expr, inside[0].entry):
            return Mention(words.start, words.end, inside[0].entry)
    return words


def _fits(expr: Expression, entry: AnalyteEntry) -> bool:
    """Whether a value's unit can measure the analyte: no unit, a percent, a time (a duration of
    it) and a multiple of a limit always can; otherwise its dimension must convert."""
    if (expr.unit_pint in (None, "percent") or expr.time_unit or expr.relative_to
            or entry.unit == "dimensionless" and entry.kind != "score"):
        return True
    try:
        conversion(expr.unit_pint, entry.unit, entry.molar_mass, entry.valence)
    except ValueError:
        return False
    return True


def normalize(expr: Expression, entry: AnalyteEntry | None) -> tuple[dict | None, str | None]:
    """(normalized, error): the bounds in the analyte's canonical unit (years for an age, days for
    a time window or a duration), or why not."""
    if expr.relative_to or expr.values is not None or not isinstance(expr.value, float):
        return None, None
    canonical = TIME_CANONICAL.get(expr.kind) if entry is None else entry.unit
    molar_mass, valence = (entry.molar_mass, entry.valence) if entry else (None, None)
    if canonical is None:
        return None, "analyte not in the lexicon" if expr.unit else None
    unit = expr.unit_pint
    if unit is None and entry is not None and entry.kind == "score":
        return None, None  # a score has no unit to convert
    if unit is None:
        return None, f"no unit written; {entry.name if entry else expr.kind} is in {canonical}"
    try:
        factor, offset = conversion(unit, canonical, molar_mass, valence)
    except ValueError as err:
        return None, str(err)
    factor *= 10.0 ** expr.exponent
    upper = shift(expr.upper * factor, offset) if isinstance(expr.upper, float) else None
    normalized = {"value": shift(expr.value * factor, offset), "upper": upper, "unit": canonical,
                  "factor": factor}
    return (normalized | {"offset": offset} if offset else normalized), None


def requirement(expr: Expression, section: str) -> dict:
    """What an eligible patient satisfies: the threshold, or its complement under exclusion."""
    return Requirement.of(expr.comparator, expr.value, expr.upper, expr.values, section).model_dump()


def parse_thresholds(grammar: Grammar, text: str, section: str, entities: list[Mention],
                     offset: int = 0) -> list[dict]:
    """Every threshold of one criterion, as plain dicts in the shape of ``schema.Threshold``."""
    clean = MARKDOWN_ESCAPE.sub(r" \1", text)  # registry markdown escapes, same length
    mentions = find_mentions(grammar, clean)
    # scales and leading counts come with their analyte; the numeric expressions are linked
    prelinked = _without_restatements(find_scale_expressions(grammar, clean, mentions))
    prelinked += find_leading_scales(grammar, clean)
    numeric = _outside_scales(sorted(find_expressions(grammar, clean) + find_open_categories(grammar, clean),
                                     key=lambda e: e.start), prelinked)
    numeric += find_bare_values(grammar, clean, mentions, entities, prelinked + numeric)
    numeric.sort(key=lambda e: e.start)
    if not numeric or numeric[0].start > 0:
        prelinked += find_leading_count(grammar, clean, entities)
    link(grammar, clean, numeric, mentions, entities)
    numeric = _outside_analytes(numeric)
    out = []
    for expr in sorted(prelinked + numeric, key=lambda e: e.start):
        for part, mention in _parts(grammar, expr):
            out.append(_as_dict(part, mention, text, section, offset))
    return out


def _without_restatements(scales: list[Expression]) -> list[Expression]:
    """'an ASA 1 or 2 (ASA 1 corresponding to a patient in perfect health and ASA 2 to ...)': a
    category already required on the same scale, named again alone, explains it."""
    kept, seen = [], set()
    for expr in scales:
        entry = expr.analytes[0].entry.id
        if expr.comparator == "=" and (entry, expr.value) in seen:
            continue
        seen.update((entry, v) for v in expr.values or [expr.value])
        kept.append(expr)
    return kept


def _outside_analytes(expressions: list[Expression]) -> list[Expression]:
    """'> 3 on a 0-10 pain intensity numeric scale': the '0-10' inside an analyte's name is no
    bound, nor is a range inside the scale of a value named before it ('Pain intensity of > 4/10
    on a 0-10 VAS scale')."""
    names = [a for e in expressions for a in e.analytes]
    scales = [e.instrument for e in expressions if e.instrument]
    reaches = _reaches(expressions, names)
    in_scale = _reaches(expressions, scales)
    return [e for e, reach, scaled in zip(expressions, reaches, in_scale, strict=True)
            if reach < e.end and not (scaled >= e.end and e.comparator == "between")]


def _outside_scales(expressions: list[Expression], scales: list[Expression]) -> list[Expression]:
    """The expressions (sorted by start) that do not start inside a scale expression."""
    reaches = _reaches(expressions, scales)
    return [e for e, reach in zip(expressions, reaches, strict=True) if reach <= e.start]


def _reaches(expressions: list[Expression], spans: list) -> list[int]:
    """For each expression (sorted by start), the furthest end of the spans that start at or
    before it: one sweep, not a scan of the spans per expression."""
    spans, reaches, k, reach = sorted(spans, key=lambda s: s.start), [], 0, -1
    for expr in expressions:
        while k < len(spans) and spans[k].start <= expr.start:
            reach, k = max(reach, spans[k].end), k + 1
        reaches.append(reach)
    return reaches


def _parts(grammar: Grammar, expr: Expression) -> list[tuple[Expression, Mention | None]]:
    """Each (expression, analyte) to output: a pressure pair is a systolic and a diastolic bound,
    and 'within normal limits' is at least the lower and at most the upper limit of normal."""
    mentions = expr.analytes or [None]
    if expr.normal_range:
        bounds = (replace(expr, comparator=">=", relative_to="LLN", normal_range=False),
                  replace(expr, comparator="<=", relative_to="ULN", normal_range=False))
        return [(bound, m) for m in mentions for bound in bounds]
    if expr.diastolic is None:
        return [(expr, m) for m in mentions]
    at = mentions[-1]
    parts = []
    for value, analyte in ((expr.value, "systolic_bp"), (expr.diastolic, "diastolic_bp")):
        mention = Mention(at.start, at.end, grammar.analytes.get(analyte)) if at else None
        parts.append((replace(expr, value=value, diastolic=None), mention))
    return parts


def _as_dict(expr: Expression, mention: Mention | None, text: str, section: str, offset: int) -> dict:
    entry = mention.entry if mention else None
    normalized, error = normalize(expr, entry)
    analyte = None
    if mention is not None:
        analyte = {"text": text[mention.start:mention.end], "start": offset + mention.start,
                   "end": offset + mention.end, "name": entry.name if entry else None,
                   "code": entry.loinc if entry else None}
    return {
        "kind": expr.kind, "analyte": analyte, "comparator": expr.comparator, "value": expr.value,
        "upper": expr.upper, "lower_inclusive": expr.lower_inclusive,
        "upper_inclusive": expr.upper_inclusive, "values": expr.values, "unit": expr.unit,
        "relative_to": expr.relative_to, "normalized": normalized, "normalization_error": error,
        "requirement": requirement(expr, section), "condition": expr.condition,
        "text": text[expr.start:expr.end], "start": offset + expr.start, "end": offset + expr.end,
    }
