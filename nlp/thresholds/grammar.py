"""The threshold rules compiled into regular expressions: ``Grammar``, ``ScaleGrammar``."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..schema import AnalyteEntry, ScaleRule, ThresholdRules, UnitRule
from .mentions import _form_scan
from .patterns import GLUED_ROMAN, LIST_SEP, RANGE_SEP, ROMAN, ROMAN_GLYPHS, SCALE_HEAD, _alternation, _key


class ScaleGrammar(NamedTuple):
    rule: ScaleRule
    pattern: re.Pattern  # categories after the scale's name
    category: re.Pattern  # one category
    name: re.Pattern  # the scale's name, written again in a list
    roman: bool


class Grammar:
    """The threshold rules compiled once into regular expressions."""

    def __init__(self, rules: ThresholdRules, analytes: list[AnalyteEntry]):
        from .resolvers import RESOLVERS  # the rules are functions of the package, named in the file

        self.rules = rules
        self.resolvers = [(rule.id, RESOLVERS[rule.id]) for rule in rules.linking.resolvers]
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
