"""The threshold rules compiled into regular expressions: ``Grammar``, ``ScaleGrammar``."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..schema import AnalyteEntry, ScaleRule, ThresholdRules, UnitRule
from .mentions import _form_scan
from .numbers import parse_number
from .patterns import (
    GLUED_ROMAN,
    ROMAN,
    ROMAN_GLYPHS,
    _alternation,
    _behind,
    _either,
    _forms,
    _key,
)


class ScaleGrammar(NamedTuple):
    rule: ScaleRule
    pattern: re.Pattern  # categories after the scale's name
    category: re.Pattern  # one category
    name: re.Pattern  # the scale's name, written again in a list
    roman: bool


class Grammar:
    """The threshold rules compiled once into regular expressions."""

    def __init__(self, rules: ThresholdRules, analytes: list[AnalyteEntry]):
        from .kind_rules import KIND_RULES  # the rules are functions of the package, named in the file
        from .resolvers import RESOLVERS

        self.rules = rules
        self._compile_phrases(rules)
        p = rules.phrases  # the connecting words, each list an alternation in its order
        the, of, ages = _either(p.definite_articles.words), _either(p.of.words), _either(p.age_nouns.words)
        range_sep, list_sep = self.range_sep, self.list_sep.pattern
        self.resolvers = [(rule.id, RESOLVERS[rule.id]) for rule in rules.linking.resolvers]
        self.kind_rules = [(rule.id, KIND_RULES[rule.id]) for rule in rules.linking.kinds]
        self.analytes = {a.id: a for a in analytes}
        words = rules.number_words.words
        self.number_words = {w.lower(): v for w, v in words.items()}
        self.number = re.compile(
            r"(?:(?<=[<>=≤≥⩽⩾＜＞])|(?<=[<>=≤≥⩽⩾＜＞]\s))(?:[-−+]\d+(?:\.\d+)?"  # 'T-score ≤ -2.5', '< +1'
            r"|\d+,\d{1,2}(?![\d,])(?!\s*" + _either(self.joins) + r"\s*\d))"  # 'BMI ≥18,5 and ≤27,5'
            r"|(?:(?<![\w.])|" + _behind(self.glued_after) + ")"  # 'than100'
            r"(?:\d+,\d{1,2}(?=\s*[A-Za-zµμ%])(?!\s*"  # '7,0 mmol/l'
            + _either(p.comma_list_words.words) + r"\b)"
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
            r"(?:(?:" + the + r"\s+)?" + ages + r"\s+)?(?:" + of + r"\s+)?$", re.I)
        postfixes = [f for r in rules.comparators for f in r.postfix]
        self.postfix = re.compile(r"(?:\s*+" + _either(p.age_postfix.words, r"\s++") + r")?\s*+("
                                  + _alternation(postfixes) + r")(?!\s*\d)", re.I)  # not '1+2'
        self.reference_of = {}
        for rule in rules.references:
            self.reference_of.update({_key(f): rule.relative_to for f in rule.forms})
        # matched right after a number, so a form needs no word boundary before it: '2x normal'
        reference_forms = _alternation([f for r in rules.references for f in r.forms], leading=False)
        self.reference = re.compile(
            r"\s*+" + _either(p.multipliers.words, first=("[x×X*]",), optional=True)
            + r"\s*+(?:" + the + r"\s++)?"
            + _either(p.reference_qualifiers.words, after=r"\s++", optional=True)
            + r"(?:" + _either(p.reference_normal.words) + r"\s++)?(" + reference_forms + ")", re.I)
        # '≤ the upper limit of normal': one times the limit
        self.any_reference = re.compile(_alternation([f for r in rules.references for f in r.forms]), re.I)
        self.bare_reference = re.compile(r"(" + _alternation(prefixes) + r")" + self.reference.pattern, re.I)
        self.normal_range = re.compile(_alternation(rules.normal_ranges.words), re.I)
        self.between = re.compile(
            _either(p.range_openers.words) + r"\s+(?:" + the + r"\s+)?(?:" + ages + r"\s+)?(?:" + of
            + r"\s+)?(\(\s*)?$", re.I)
        self.condition = re.compile(r"\s*(" + _either(p.condition_words.words)
                                    + r"\s+[^();,]*?)\s*(?=[),;]|$)")
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
            head + r"(?:([<>≤≥]=?|=)\s*+)?" + roman + r"(?:" + range_sep + r"(?:" + head + r")?" + roman
            + r"|((?:" + list_sep + r"(?:" + head + r")?" + roman.replace("(", "(?:", 1) + r")*))")
        self.category = re.compile(roman)
        self.category_heads = {w.lower() for w in rules.category_heads.words}
        self.stage_words = {w.lower() for w in rules.stage_words.words}
        self.stage_before = re.compile(_alternation(rules.stage_words.words) + r"\s*+(?:" + of
                                       + r"\s++)?[:(]?\s*+$", re.I)
        self.noun_after_stop_words = set(rules.noun_after_stop_words.words)
        self.score_words = set(rules.score_words.words)
        self.name_joiners = set(rules.name_joiners.words)
        self.instrument_stop_words = self.not_counted - self.name_joiners
        self.scale_head = re.compile(_alternation(rules.scale_heads.words), re.I)
        self.scale_after = re.compile(r"\s+" + _either(p.rated_on.words) + r"\s+(?:"
                                      + _either(p.articles.words) + r"\s+)?((?:[\w\-/]+\s+){0,"
                                      + str(self.limits.scale_name_words) + "}"
                                      + _alternation(rules.scale_heads.words) + ")", re.I)
        dimensions = rules.dimensions
        self.dimension_words = {w.lower() for w in dimensions.words}
        self.dimension = re.compile(r"\s*+" + _either(p.dimension_prepositions.words) + r"\s++(?:" + the
                                    + r"\s++)?((?:" + _alternation(dimensions.qualifiers) + r"\s++)?"
                                    + _alternation(dimensions.words) + ")", re.I)
        counts = rules.leading_counts
        self.count_words = {**self.number_words, **{w.lower(): v for w, v in counts.words.items()}}
        self.count_modifier = re.compile(r"\s*+(?:(?:" + _alternation(counts.modifiers) + r")(?!\s+"
                                         + _either(p.not_modifier_after.words) + r"\b))?", re.I)
        self.leading_count = re.compile(
            r"\A\s*+(" + _alternation(list(words) + list(counts.words)) + r"|\d+(?![.,]\d))\s++(?:(?:"
            + _alternation(counts.modifiers) + r")\s++)?(?=[A-Za-z])", re.I)
        self.age_word = re.compile(_alternation(rules.age_words.words), re.I)
        self.window_before = re.compile(_alternation(rules.window_cues.before) + r"\s*(?:" + the + r"\s+)?$",
                                        re.I)
        self.window_until = re.compile(_alternation(rules.window_cues.until) + r"\s*$", re.I)
        self.window_exact = re.compile(r"\s*+" + _alternation(rules.window_cues.exact_after), re.I)
        self.window_elapsed = re.compile(r"\s*+" + _alternation(rules.window_cues.elapsed)
                                         + r"(?:\s++" + _either(p.elapsed_relations.words) + ")?", re.I)
        self.event_head = re.compile(r"\s*+(?:" + the + r"\s++)?"
                                     + _alternation(rules.window_cues.event_heads)
                                     + r"\s++(?:" + _either(p.event_determiners.words) + r"\s++)?", re.I)
        self.study_anchor = re.compile(
            r"(?:" + _either(p.possessives.words) + r"\s++)?" + _alternation(rules.study_anchors.words), re.I)
        self.window_after = re.compile(r"\s*+(?:" + _either(p.of_age.words, r"\s++") + r")?\s*+"
                                       + _alternation(rules.window_cues.after), re.I)
        self.scales = []
        glued = []
        # 'NYHA class II or class III'
        list_heads = _either(p.scale_list_heads.words, after=r"\s++", optional=True)
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
                self.scale_lead + "(" + cat + r")(?:" + range_sep + named + "(" + cat + r"))?((?:"
                + list_sep + named + list_heads + cat + r")*)", re.I),
                re.compile(_alternation(scale.categories), re.I), re.compile(name, re.I), roman))
        self.glued_scale = _form_scan([a for a in analytes if set(a.abbreviations) & set(glued)],
                                      "abbreviations", ignore_case=False, before=GLUED_ROMAN)
        self.leading_scales = []
        for scale in rules.leading_scales:
            cat = _alternation(scale.categories)
            self.leading_scales.append((re.compile(
                "(" + cat + "(?:" + list_sep + cat + r")*)\s++(" + _alternation(scale.graded) + ")",
                re.I), re.compile(cat, re.I)))

    def _compile_phrases(self, rules: ThresholdRules) -> None:
        """The connecting phrases the finders share (``phrases`` in the rules, each list an
        alternation in its order), with the distances in them (``limits``). Whitespace runs are
        possessive where two quantifiers could take the same spaces (see ``patterns``)."""
        p, limits = rules.phrases, rules.limits
        self.limits = limits
        self.articles = set(p.articles.words)
        self.joins = tuple(p.joins.words)
        self.glued_after = tuple(p.glued_after.words)
        self.calendar_years = range(limits.first_calendar_year, limits.last_calendar_year + 1)
        of, the, articles = _either(p.of.words), _either(p.definite_articles.words), _either(p.articles.words)
        joins = _either(self.joins)
        # ranges and lists
        self.range_sep = (r"\s*+" + _either(p.age_after.words, r"\s++", after=r"\s++", optional=True)
                          + _either(p.range_words.words, first=("-", "–", "—", "－", "~")) + r"\s*+")
        self.range_separator = re.compile(self.range_sep)
        self.between_separator = re.compile(  # 'between 50 an 65'
            r"-?\s*(?:" + _either(p.years_old.words) + r"\s+)?"
            + _either(p.between_joins.words, last=("-", "–")) + r"\s*")
        self.open_upper = re.compile(self.range_sep + r"(<|<=|≤|=<)\s*+")  # 'age 4 to < 17 years'
        self.list_sep = re.compile(r"\s*+(?:,\s*+" + _either(self.joins, optional=True) + "|"
                                   + "|".join(_forms(self.joins)) + r"|/)\s*+")
        self.list_join = re.compile(joins)
        # 'Age > 18 years, < 80 years', 'age ≥18 years old and age ≤80',
        # 'at least 18 years old (≥) and under 90'
        bound_join = (_either(p.bound_joins.words) + r"(?:\s+" + _either(p.indefinite_articles.words)
                      + r"\b)?")
        self.bound_join = re.compile(
            r"\s*" + _either(p.age_after.words, after=r"\s*", optional=True)
            + r"(?:\([^()\w]{1,3}\)\s*)?,?\s*"
            + _either(p.bound_range_words.words, first=(bound_join,), optional=True)
            + r"\s*(?:" + _either(p.age_nouns.words) + r"\s*)?", re.I)
        # between a scale's name and its category: 'NYHA functional class II'
        organs = _either(p.scale_lead_organs.words, r"\s++", after=r"\s++", optional=True)
        self.scale_lead = (
            r"\)?\s*+(?:\([^)]*\)\s*+)?" + organs + r"(?:" + _either(p.scale_lead_kinds.words) + r"\s++)?"
            + r"(?:" + _either(p.scale_lead_heads.words) + r"\s*+)?"
            + r"(?:" + _either(p.scale_lead_tails.words) + r"\s*+)*(?::\s*+)?([<>≤≥]=?|=)?\s*+")
        # ages and durations
        self.optional_of = re.compile(r"\s*(?:" + of + r"\s+)?")
        # 'smoke ... for longer than one year': how long
        self.for_duration = re.compile(r"\b" + _either(p.duration_words.words) + r"\s*+$", re.I)
        self.lasting = re.compile(r"\s*+" + _either(p.lasting_words.words) + r"\b", re.I)
        self.age_of = re.compile(_behind(p.age_of_blockers.words, after=r"\s", negative=True) + r"\b"
                                 + _either(p.age_of_heads.words) + r"\s+(?:" + of + r"\s+)?$", re.I)
        self.aged_exactly = re.compile(r"\s*+" + _either(p.years_old.words) + r"\b", re.I)
        # '≥ 5 for women up to the age of 50'
        self.for_population = re.compile(r"\s*" + _either(p.population_words.words) + r"\s+[a-z]", re.I)
        # coordinated values and analytes
        coordinators = "|".join([*_forms(p.coordinators.words), "/", ","])
        self.coordination = re.compile(r"\s*(?:" + coordinators + r")\s*")
        # 'HAM-A or the HAM-D', 'magnesium and potassium levels, along with lactate dehydrogenase'
        self.analyte_join = re.compile(r"\s*(?:,\s*)?(?:" + coordinators + "|"
                                       + "|".join(_forms(p.analyte_joins.words)) + r")\s*(?:" + articles
                                       + r"\s+)?")
        self.word_join = re.compile(r"\b" + joins + r"\b|/")
        # lexicon analytes: 'PPO FEV1 and PPO DLCO'
        self.join_then_word = re.compile(r"\s*" + joins + r"\s+[A-Za-z][\w-]*\s+")
        not_a_join = _behind(self.joins, before=r"\b", negative=True)
        self.coordination_after_word = re.compile(r"((?:\s+[a-z]+" + not_a_join + r")?)"
                                                  + self.analyte_join.pattern)
        self.measured_by = re.compile(r"\s*[(\[]\s*(?:" + _either(p.measured_verbs.words) + r"\s+)?"
                                      + _either(p.measured_by.words) + r"\s+", re.I)
        compound = _either(p.compound_links.words)
        self.compound_before = re.compile(r"[A-Za-z]-" + compound + r"-$", re.I)
        self.compound_after = re.compile(r"-" + compound + r"-[A-Za-z]", re.I)
        # bare values
        self.bare_value_gap = re.compile(
            r"(?:\s*\([^()]{1," + str(limits.bare_value_aside_chars) + r"}\))?(?:\s*"
            + _either(p.bare_value_gap.words, last=("=", ":")) + r")?\s*+", re.I)
        self.measured_value_gap = re.compile(  # 'abduction to 90 degrees'
            r"\s*+(?:" + _either(p.measured_value_gap.words, last=("=", ":")) + r"\s*+)?", re.I)
        # what may follow a bare value: not '7-10', '5 or more'
        self.bare_value_end = re.compile(r"\s*(?:$|[,;.)\]]|" + _either(p.bare_value_end.words) + r"\b|\n)",
                                         re.I)
        # a named score's value: 'Gleason score 7', 'Clinical Dementia Rating of 0'; not 'Questionnaire 8'
        self.score_value_gap = re.compile(_behind(p.score_endings.words) + r"\s*+|\s*+"
                                          + _either(p.score_value_gap.words, last=(":", "=")) + r"\s*+", re.I)
        # counts and rates
        self.rate = re.compile(
            r"((?:\s+[A-Za-z][\w-]*){0," + str(limits.rate_noun_words) + r"}?)\s*"
            + _either(p.rate_words.words, before=r"\b", after=r"\b", first=("/",)) + r"\s*"
            + _either(p.rate_periods.words) + r"s?\b", re.I)
        self.counted_of = re.compile(r"\s+" + of + r"\s+(?:" + the + r"\s+)?", re.I)
        self.of_the_following = re.compile(r"\s+" + of + r"\s+(?:" + the + r"\s+)?"
                                           + _either(p.sublist_heads.words, last=(r"\d+\b",)) + r"\b", re.I)
        # the words around a value that name it
        self.determiner = re.compile(r"(?:\s*\b" + articles + r"\b)?", re.I)
        self.of_before = re.compile(r"\s+" + of + r"\s+", re.I)
        self.quantity_of = re.compile(r"\)?\s+" + of + r"\s+(?:" + the + r"\s+)?", re.I)
        self.right_after = re.compile(r"\s+(?:" + _either(p.right_after_prepositions.words) + r"\s+)?(?:"
                                      + articles + r"\s+)?")
        self.that_is = re.compile(r"[\s(]*\b" + _either(p.that_is.words, r"\s?") + r"\.?,?\s*$", re.I)
        abbreviation = r"\([^()]{1," + str(limits.abbreviation_chars) + r"}\)"
        self.abbreviation = re.compile(r"\s*" + abbreviation)
        self.trailing_abbreviation = re.compile(r"\s*(" + abbreviation + r")[\s:,(]*$")
        # '>= 5 on the NRS', 'score >20 from the AUDIT'
        self.on_instrument = re.compile(r"\s+" + _either(p.instrument_prepositions.words)
                                        + r"\s+")
        # '(TICS) score', 'scale, total score', 'arrhythmia of grade'; not 'resolved to grade'
        self.named_before = re.compile(r"[\s(,]*(?:" + _either(p.named_before_prepositions.words)
                                       + r"\s+)?(?:" + articles + r"\s+)?")
        self.on_scale = re.compile(r"\s*(?:" + _either(p.scale_prepositions.words)  # '>= 5 on the NRS'
                                   + r"\s+" + _either(p.scale_articles.words, optional=True) + r"\s*)?")

    # ---- numbers and units -------------------------------------------------------------

    def unit_rule(self, written: str) -> UnitRule:
        return self.unit_as_written.get("".join(written.split())) or self.unit_of[_key(written)]

    def to_number(self, text: str) -> float:
        """A number the grammar's patterns found (``numbers.parse_number``)."""
        value = parse_number(text, self.number_words)
        if value is None:
            raise ValueError(f"not a number: {text!r}")
        return value
