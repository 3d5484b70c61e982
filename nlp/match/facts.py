"""One leaf against one patient record: True, False, or None when the record cannot decide.

Measurements meet thresholds through the analyte lexicon and the threshold grammar's own units,
so a value the record writes in µmol/L compares with a bound written in mg/dL exactly as the
extraction would normalize it; scales compare as categories in their scale's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import AnalyteEntry, Entity, MatchRules, Patient, PatientMeasurement, ScaleRule, Threshold
from ..thresholds import AnalyteMatcher, Grammar, find_expressions
from ..thresholds.numbers import parse_number, roman_value
from ..units import conversion
from .kleene import kleene

WORD = re.compile(r"[\w-]+")
COMPARE = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__, "=": float.__eq__}


@dataclass
class Finding:
    """A leaf's truth for one patient and the record's fact that decided it (None: undecided)."""

    holds: bool | None
    fact: str | None = None


class Facts:
    """Reads a patient record against the leaves of one document."""

    def __init__(self, grammar: Grammar, matcher: AnalyteMatcher, scales: list[ScaleRule], rules: MatchRules):
        self.grammar, self.matcher, self.rules = grammar, matcher, rules
        self.scales = {s.analyte: s for s in scales}
        self.by_name = {e.name: e for e in matcher.entries}
        self.sex = {w: sex for sex, words in rules.sex_words.items() for w in words}
        self.sex_singular = {self.singular(w) for w in self.sex}
        self.fillers = {self.singular(w) for w in rules.condition_fillers}
        self.negations = set(rules.condition_negations)
        self.groups = {self.words(name): group.members
                       for group in rules.analyte_groups for name in group.names}
        self.classes = [([self.words(n) for n in c.names], [self.words(k) for k in c.kinds])
                        for c in rules.concept_classes]
        self.class_names = {name for names, _ in self.classes for name in names}
        self.lists = list(dict.fromkeys(rules.fields.values()))  # the record's lists, each once
        self.pregnancy_words = set(rules.pregnancy_words)

    # ---- names --------------------------------------------------------------------------

    def words(self, text: str) -> tuple[str, ...]:
        """A name as words to compare: lower case, singular, without words no name needs."""
        found = (w.lower() for w in WORD.findall(text))
        return tuple(self.singular(w) for w in found if w not in self.rules.ignored_words)

    def singular(self, word: str) -> str:
        """The word's singular by the rules' irregular forms, else by its first plural suffix;
        short words and the kept endings ('abscess', 'virus', 'metastasis') stay as written."""
        rules = self.rules.singular
        if word in rules.irregular:
            return rules.irregular[word]
        if len(word) < rules.min_length or word.endswith(tuple(rules.kept_endings)):
            return word
        for suffix in rules.suffixes:
            if word.endswith(suffix.plural):
                return word[:len(word) - len(suffix.plural)] + suffix.singular
        return word

    def analyte_of(self, name: str) -> AnalyteEntry | None:
        """The lexicon entry a record's measurement name spells: the longest name the matcher finds."""
        found = self.matcher.in_text(name)
        return max(found, key=lambda m: m.end - m.start).entry if found else None

    # ---- leaves -------------------------------------------------------------------------

    def entity(self, ent: Entity, patient: Patient, index: frozenset[str] = frozenset()) -> Finding:
        """Whether the patient has the entity: a record's fact whose name holds every word of the
        entity's and of its modifiers but the unrequired ('extrahepatic metastasis' has
        'metastasis'; 'liver cirrhosis' is not 'Decompensated liver cirrhosis'; 'lung cancer' is a
        'confirmed' one), or of its expansion when the document defines it as a short form ('HCC':
        'hepatocellular carcinoma'), or of a kind of a class it names ('malignancy': 'breast
        cancer'). A fact in ``index``, what the trial's inclusion criteria name, is no kind of a
        class an entity names, nor the class itself ('Other malignancies', 'Other cancers' in a
        lung cancer trial are not the lung cancer). Not stated: None."""
        if ent.hypothetical or ent.family:
            return Finding(None)
        if self.pregnancy(ent):
            if patient.pregnant is not None:
                return Finding(patient.pregnant, f"pregnant: {str(patient.pregnant).lower()}")
            return Finding(None)
        found = self.facts_of(ent, patient, index)
        return Finding(True, f"{self.list_of(patient, found[0])}: {found[0]}") if found else Finding(None)

    def exception(self, exc: Entity, statement: list[Entity], exceptions: list[Entity], patient: Patient,
                  index: frozenset[str] = frozenset()) -> Finding:
        """An exception read against the facts that make its criterion's statement hold
        ('malignancy except basal cell carcinoma of the skin'): the criterion's exceptions hold
        when together they name each of those facts, and do not when one is left (a 'breast
        cancer' is a malignancy none carves out). With no such fact, ``exc`` is read as an entity."""
        witnesses = {fact for ent in statement for fact in self.facts_of(ent, patient, index)}
        if not witnesses:
            return self.entity(exc, patient, index)
        left = sorted(witnesses.difference(*(self.facts_of(e, patient) for e in exceptions)))
        fact = left[0] if left else sorted(witnesses)[0]
        return Finding(not left, f"{self.list_of(patient, fact)}: {fact}")

    def facts_of(self, ent: Entity, patient: Patient, index: frozenset[str] = frozenset()) -> list[str]:
        """Every fact of the record that names the entity, as ``entity`` reads them: in the list
        its label names first, then in the others (the recognizer may call a portal vein
        embolization a CONDITION that the record lists among procedures)."""
        field = self.rules.fields.get(ent.label)
        names = self.names(ent)
        if field is None or not names:
            return []
        classed = [kind for name in names for kind in self.kinds(name)]
        if any(self.is_class(name) for name in names):  # 'cancers': the class itself
            names, classed = [], [*names, *classed]
        found = []
        lists = [field, *(f for f in self.lists if f != field)]
        for fact in (fact for listed in lists for fact in getattr(patient, listed)):
            fact_words = self.words(fact)
            if any(_contains(fact_words, name) for name in (*names, *(classed if fact not in index else ()))):
                found.append(fact)
        return found

    def list_of(self, patient: Patient, fact: str) -> str:
        """The record's list that holds the fact."""
        return next(f for f in self.lists if fact in getattr(patient, f))

    def names(self, ent: Entity) -> list[tuple[str, ...]]:
        """The entity's words with its required modifiers', and its expansion's."""
        modifiers = [m.text for m in ent.modifiers if m.kind not in self.rules.unrequired_modifiers]
        return [words for name in (ent.text, ent.expansion) if name
                and (words := self.words(" ".join([*modifiers, name])))]

    def pregnancy(self, ent: Entity) -> bool:
        words = self.words(ent.text)
        return bool(words) and set(words) <= self.pregnancy_words

    def is_class(self, name: tuple[str, ...]) -> bool:
        return name in self.class_names

    def kinds(self, name: tuple[str, ...]) -> list[tuple[str, ...]]:
        """The name with a class it names replaced by each kind of the class ('second primary
        malignancy': 'second primary carcinoma', ...)."""
        found = []
        for class_names, kinds in self.classes:
            for class_name in class_names:
                if set(class_name) <= set(name):
                    rest = tuple(w for w in name if w not in class_name)
                    found += [rest + kind for kind in kinds]
        return found

    def condition(self, th: Threshold, patient: Patient) -> Finding:
        """Whether a conditional bound's condition holds: a sex ('in men'), a condition of the
        record that holds every word the condition names ('for patients with liver metastases'),
        or both ('in women with cirrhosis'). A denied condition ('without liver metastases') or one
        the record does not state is undecided: a record is partial."""
        words = [w.lower() for w in WORD.findall(th.condition or "")]
        if self.negations.intersection(words):
            return Finding(None)
        sexes = {self.sex[w] for w in words if w in self.sex}
        wanted = tuple(w for w in self.words(th.condition or "")
                       if w not in self.fillers and w not in self.sex_singular)
        found = []
        if len(sexes) == 1:
            found.append(Finding(None) if patient.sex is None else
                         Finding(patient.sex in sexes, f"sex: {patient.sex}"))
        elif sexes:
            return Finding(None)  # 'men and women': no restriction this matcher reads
        if wanted:
            fact = next((f for f in patient.conditions if _contains(self.words(f), wanted)), None)
            found.append(Finding(True, f"conditions: {fact}") if fact else Finding(None))
        if not found:
            return Finding(None)
        holds = kleene("and", [f.holds for f in found])
        return Finding(holds, "; ".join(f.fact for f in found if f.fact) or None)

    def threshold(self, th: Threshold, patient: Patient) -> Finding:
        """Whether the patient's value satisfies the threshold as written."""
        if th.kind == "age":
            if patient.age is None:
                return Finding(None)
            return Finding(_satisfies(th, patient.age, _bounds(th, canonical=th.normalized is not None)),
                           f"age: {patient.age:g}")
        if th.kind != "measurement" or th.analyte is None:
            return Finding(None)  # a time window, a count, a dose: no record field says
        entry = self.by_name.get(th.analyte.name) if th.analyte.name else None
        members = self.groups.get(self.words(th.analyte.text)) if entry is None else None
        if members:
            return self._group(th, [self.by_name[name] for name in members if name in self.by_name], patient)
        return self._of_entry(th, entry, patient)

    def _group(self, th: Threshold, members: list[AnalyteEntry], patient: Patient) -> Finding:
        """A group stands for its extreme member: 'transaminases <= 3 x ULN' holds when every member
        is within it, 'transaminases > 3 x ULN' when any member is beyond."""
        found = [self._of_entry(th, member, patient) for member in members]
        facts = "; ".join(f.fact for f in found if f.fact) or None
        holds = kleene("or" if th.comparator in (">", ">=") else "and", [f.holds for f in found])
        return Finding(holds if found else None, facts)

    def _of_entry(self, th: Threshold, entry: AnalyteEntry | None, patient: Patient) -> Finding:
        for m in patient.measurements:
            if self._same_analyte(m, entry, th.analyte.text):
                return self._measured(th, entry, m)
        return Finding(None)

    def _same_analyte(self, m: PatientMeasurement, entry: AnalyteEntry | None, text: str) -> bool:
        if entry is not None:
            found = self.analyte_of(m.name)
            return found is not None and found.id == entry.id
        return self.words(m.name) == self.words(text)

    def _measured(self, th: Threshold, entry: AnalyteEntry | None, m: PatientMeasurement) -> Finding:
        fact = f"{m.name}: {m.value}{' ' + m.unit if m.unit else ''}"
        bounds = (th.value, th.upper, *(th.values or []))
        value = m.value if not isinstance(m.value, str) else _number(m.value)  # '90' is 90
        if value is None or any(isinstance(v, str) for v in bounds):
            return Finding(self._category(th, entry, m.value), fact)
        value = float(value)
        if th.relative_to:
            limit = m.uln if th.relative_to == "ULN" else m.lln
            if not limit:
                return Finding(None)
            ratio = _significant(value / limit)  # 2.1 / 1.4 is 1.5, not 1.5000000000000002
            return Finding(_satisfies(th, ratio, _bounds(th)), f"{fact}, {th.relative_to} {limit:g}")
        if th.unit is None and m.unit is None:
            return Finding(_satisfies(th, value, _bounds(th)), fact)
        if th.normalized is not None and entry is not None:
            canonical = self._converted(value, m.unit, (entry.unit, 0), entry)
            holds = None if canonical is None else _satisfies(th, canonical, _bounds(th, canonical=True))
            return Finding(holds, fact)
        written = self._unit(th.unit)  # no canonical unit: compare in the bound's own unit
        converted = None if written is None else self._converted(value, m.unit, written, None)
        return Finding(None if converted is None else _satisfies(th, converted, _bounds(th)), fact)

    def _unit(self, unit: str | None) -> tuple[str, int] | None:
        """(pint unit, power of ten) of a unit as written, read by the threshold grammar; a
        record's '10^9/L' is the grammar's '×10^9/L'."""
        if unit is None:
            return None
        for written in (unit, f"×{unit}"):
            found = find_expressions(self.grammar, f">= 1 {written}")
            if found and found[0].unit_pint is not None:
                return found[0].unit_pint, found[0].exponent
        return None

    def _converted(self, value: float, unit: str | None, target: tuple[str, int],
                   entry: AnalyteEntry | None) -> float | None:
        """The value in ``target`` (pint unit, power of ten); None when the unit does not convert:
        never a guess."""
        written = self._unit(unit)
        if written is None:
            return None
        molar_mass, valence = (entry.molar_mass, entry.valence) if entry else (None, None)
        try:
            factor, offset = conversion(written[0], target[0], molar_mass, valence)
        except ValueError:
            return None
        # 75 x10^9/L is 75 in 1e9/L, not 75.00000000000001
        return _significant(value * factor * 10.0 ** (written[1] - target[1]) + offset)

    def _category(self, th: Threshold, entry: AnalyteEntry | None, value: float | str) -> bool | None:
        """A scale value against categories: every category the patient's could be is allowed
        (True), none is (False), some are or the value is not of the scale (None): a plain 'B'
        against 'A5-B7'."""
        scale = self.scales.get(entry.id) if entry else None
        order = scale.orders[0] if scale and scale.orders else None
        have = _expand(str(value), order)
        if have is None:
            return None
        if th.comparator in ("=", "in"):
            expanded = [_expand(str(v), order) for v in (th.values or [th.value])]
            allowed = None if None in expanded else set().union(*expanded)
        elif order is not None and all(isinstance(v, str) for v in (th.value, th.upper) if v is not None):
            allowed = _ordered(th, order)
        else:
            numbers = [_number(v) for v in have]
            if None in numbers:
                return None
            results = {_satisfies(th, n, _bounds(th, numeric=True)) for n in numbers}
            return results.pop() if len(results) == 1 else None
        if allowed is None:
            return None
        if have <= allowed:
            return True
        return False if not have & allowed else None


def _contains(fact: tuple[str, ...], name: tuple[str, ...]) -> bool:
    return bool(name) and set(name) <= set(fact)


def _significant(x: float) -> float:
    """``x`` to twelve significant digits: arithmetic noise is not a difference."""
    return float(f"{x:.12g}")


def _number(category: str) -> float | None:
    """A category as a number: digits ('2', '2.0') or a Roman class ('II', 'ⅱ')."""
    roman = roman_value(category)
    return roman if roman is not None else parse_number(category, {})


def _expand(category: str, order: list[str] | None) -> set[str] | None:
    """The finest categories a value may be, spelled as the scale spells them: a Child-Pugh
    class 'a' is A5 or A6. None when an ordered scale has no such category."""
    key = category.strip().upper()
    if order is None:
        number = _number(key)
        return {f"{number:g}" if number is not None else key}
    spelled = {c.upper(): c for c in order}
    finer = {c for c in order if c.upper().startswith(key) and c.upper() != key and c[len(key):].isdigit()}
    if finer:
        return finer
    if key not in spelled and (number := _number(key)) is not None:
        key = f"{number:g}"  # '1.0' of a scale written '0', '1', ...
    return {spelled[key]} if key in spelled else None


def _ordered(th: Threshold, order: list[str]) -> set[str] | None:
    """The categories of an ordered scale that a range or a one-sided bound admits; None when a
    bound is not of the scale."""
    rank = {c: k for k, c in enumerate(order)}
    low = _expand(str(th.value), order)
    if low is None:
        return None
    lows = [rank[c] for c in low]
    if th.comparator == "between":
        high = _expand(str(th.upper), order)
        if high is None:
            return None
        return set(order[min(lows):max(rank[c] for c in high) + 1])
    pick = {"<": lambda k: k < min(lows), "<=": lambda k: k <= max(lows), ">": lambda k: k > max(lows),
            ">=": lambda k: k >= min(lows)}[th.comparator]
    return {c for c, k in rank.items() if pick(k)}


def _bounds(th: Threshold, canonical: bool = False, numeric: bool = False) -> tuple:
    """(value, upper, values) to compare with: canonical when normalized, else as written."""
    if canonical and th.normalized is not None:
        return th.normalized.value, th.normalized.upper, None
    convert = (lambda v: _number(str(v))) if numeric else (lambda v: v)
    values = [convert(v) for v in th.values] if th.values else None
    return convert(th.value), convert(th.upper) if th.upper is not None else None, values


def _satisfies(th: Threshold, x: float, bounds: tuple) -> bool | None:
    value, upper, values = bounds
    if th.comparator == "in":
        return None if values is None or None in values else any(abs(x - v) < 1e-9 for v in values)
    if value is None:
        return None
    if th.comparator == "between":
        if upper is None:
            return None
        above = x >= value if th.lower_inclusive else x > value
        below = x <= upper if th.upper_inclusive else x < upper
        return above and below
    if th.comparator == "=":
        return abs(x - value) < 1e-9
    return COMPARE[th.comparator](float(x), float(value))
