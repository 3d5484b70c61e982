"""Clauses about a value: comparisons, bounds written after, ranges, lists, multiples of a limit,
normal ranges, bare values, blood pressures, temperatures, counts, doses, ratios and sizes."""

from __future__ import annotations

from .draws import (
    LIST_JOINS,
    RANGE_SEPARATORS,
    _bool,
    _bracketed,
    _cased,
    _chance,
    _form,
    _int,
    _pick,
    _several,
    _space,
    _wrapped_space,
)
from .numbers import TIMES, _comparator, _maybe_comparator, _numbers, _quantities, _units_for
from .phrases import _analyte_names, _analyte_phrases, _conditions
from .vocabulary import vocabulary

PERIODS = ("day", "week", "month", "year")


def _comparisons(draw) -> str:
    """'ANC ≥ 1.5 x 10^9/L', 'hemoglobin no less than 9 g/dL', 'Age > 18 years, < 80 years'."""
    phrase, entry = _analyte_phrases(draw)
    gap = _pick(draw, (" ", "", "  ", _wrapped_space(draw)))
    text = phrase + gap + _comparator(draw) + _quantities(draw, entry)
    if _chance(draw, 5):  # a second bound: 'BMI <20 or >35 kg/m2', 'Cr >2.5 mg/dL [men], >2.0 mg/dL [women]'
        if _bool(draw):
            text += " " + _bracketed(draw, _pick(draw, vocabulary().persons))
        text += _pick(draw, LIST_JOINS) + _comparator(draw) + _quantities(draw, entry)
    if _chance(draw, 6):  # restated in another unit: '≥ 1.5 x 10^9/L (1500/µL)'
        text += " " + _bracketed(draw, _maybe_comparator(draw) + _quantities(draw, entry))
    return text


def _postfixed(draw) -> str:
    """'5 or more', '18 years or older', '2 mg/dL or less'."""
    v = vocabulary()
    phrase, entry = _analyte_phrases(draw)
    return phrase + " " + _quantities(draw, entry) + " " + _cased(draw, _pick(draw, v.all_postfix))


def _ranges(draw) -> str:
    """'between 50 and 65 kg', '18-30 kg/m2', '3 to 8 cm', 'from 1.5 to 2.5 mmol/L',
    '4.0 mmol/L - 6.0 mmol/L', 'age 4 to < 17 years'."""
    phrase, entry = _analyte_phrases(draw)
    unit = _units_for(draw, entry)
    low, high = _numbers(draw), _numbers(draw)
    space = _space(draw)
    first_unit = space + unit if _chance(draw, 4) else ""
    shape = _int(draw, 0, 3)
    if shape == 0:
        body = f"between {low}{first_unit} and {high}{space}{unit}"
    elif shape == 1:
        body = f"from {low}{first_unit} to {high}{space}{unit}"
    elif shape == 2:
        body = f"{low}{first_unit}{_pick(draw, RANGE_SEPARATORS)}{high}{space}{unit}"
    else:
        body = f"{low}{_pick(draw, RANGE_SEPARATORS)}{_comparator(draw, ('<', '<='))}{high}{space}{unit}"
    if _chance(draw, 5):
        body += _pick(draw, (" inclusive", " (inclusive)", " exclusive", ", inclusive"))
    return phrase + " " + body


def _lists(draw) -> str:
    """'0 or 1', '0, 1, or 2', '1 and/or 2', '0/1'."""
    v = vocabulary()
    phrase, _ = _analyte_phrases(draw, v.scores or None)
    members = _several(draw, lambda: _int(draw, 0, 10), 2, 4)
    text = str(members[0])
    for member in members[1:-1]:
        text += _pick(draw, (", ", ",", " , ")) + str(member)
    text += _pick(draw, LIST_JOINS) + str(members[-1])
    return phrase + " " + text


def _multiples(draw) -> str:
    """A multiple of a reference limit: '≤ 2.5 × ULN', 'less than 3 times the upper limit of normal',
    '≤ the upper limit of normal', 'twice the ULN', with or without a conditional override."""
    v = vocabulary()
    phrase, _ = _analyte_phrases(draw)
    reference = _pick(draw, v.references)
    institutional = _pick(draw, ("", "", "", "the ", "institutional ", "the institutional ", "local ",
                                 "the laboratory ", "site "))
    shape = _int(draw, 0, 5)
    if shape == 0:  # '≤ the upper limit of normal'
        body = _comparator(draw) + "the " + reference
    elif shape == 1:  # 'twice the ULN', 'three times the upper limit of normal'
        word = _pick(draw, v.number_words)
        times = _pick(draw, (" times ", " ", "-fold "))
        body = _maybe_comparator(draw) + word + times + institutional + reference
    else:
        times = _pick(draw, (*TIMES, " times ", " times the ", "-fold ", " fold ", " x the "))
        body = _comparator(draw) + _numbers(draw, 0, 10) + times + institutional + reference
    text = phrase + " " + body
    if _chance(draw, 3):  # '(≤ 5 × ULN for patients with liver metastases)'
        condition = _pick(draw, ("for patients with", "in patients with", "if", "in case of",
                                 "for subjects with", "in the presence of"))
        override = (_comparator(draw) + _numbers(draw, 1, 10) + _pick(draw, TIMES) + reference + " "
                    + condition + " " + _conditions(draw))
        text += " " + _bracketed(draw, override)
    return text


def _normal_ranges(draw) -> str:
    """'AST within normal limits', 'CK values within the normal range (1-12 IU/l)'."""
    v = vocabulary()
    phrase, entry = _analyte_phrases(draw)
    text = phrase + " " + _pick(draw, v.normal_ranges)
    if _chance(draw, 4):
        low = _numbers(draw)
        text += " " + _bracketed(draw, low + _pick(draw, RANGE_SEPARATORS) + _quantities(draw, entry))
    return text


def _bare_values(draw) -> str:
    """A value with no comparator after a lexicon analyte: 'PSA 20 ng/ml', 'Hct 32%'."""
    entry = _pick(draw, vocabulary().labs)
    name = _analyte_names(draw, entry)
    return name + _pick(draw, (" ", " of ", ": ", " = ", " ")) + _quantities(draw, entry)


def _pressures(draw) -> str:
    """'BP > 140/90 mmHg', '(≥140 mmHg systolic and/or ≥90 mmHg diastolic)', 'BP ≥ 160/100 mm Hg'."""
    v = vocabulary()
    unit = _pick(draw, v.pressure) if v.pressure else "mmHg"
    systolic, diastolic = _int(draw, 90, 220), _int(draw, 40, 130)
    if _chance(draw, 4):
        text = (f"{_comparator(draw)}{systolic}{_space(draw)}{unit} systolic{_pick(draw, LIST_JOINS)}"
                f"{_comparator(draw)}{diastolic}{_space(draw)}{unit} diastolic")
        return _pick(draw, ("hypertension ", "Hypertension ", "")) + _bracketed(draw, text)
    name = _analyte_names(draw, _pick(draw, v.pressures)) if v.pressures else "BP"
    slash = _pick(draw, ("/", "/", " / ", "/ "))
    gap = _pick(draw, ("", ":", " of"))
    text = f"{name}{gap} {_comparator(draw)}{systolic}{slash}{diastolic}{_space(draw)}{unit}"
    if _chance(draw, 3):
        text = _pick(draw, ("uncontrolled hypertension ", "Hypertension ")) + _bracketed(draw, text)
    return text


def _temperatures(draw) -> str:
    """'temperature > 38.5 °C', 'fever (> 100.4°F)', 'body temperature ≥ 38,0 ℃'."""
    v = vocabulary()
    fahrenheit = _bool(draw)
    forms = v.fahrenheit if fahrenheit else v.celsius
    whole = _int(draw, 95, 106) if fahrenheit else _int(draw, 35, 41)
    value = f"{whole}{_pick(draw, ('.', '.', ','))}{_int(draw, 0, 9)}" if _bool(draw) else str(whole)
    quantity = value + _space(draw) + _pick(draw, forms)
    if v.temperatures and _bool(draw):
        return _analyte_names(draw, _pick(draw, v.temperatures)) + " " + _comparator(draw) + quantity
    return _pick(draw, ("fever", "Fever", "pyrexia")) + " " + _bracketed(draw, _comparator(draw) + quantity)


def _counted(draw) -> str:
    """'two or more episodes of syncope', 'at least 1 measurable lesion', 'Single nodule',
    'more than 4 times per week', 'smoking ≥ 5 cigarettes per day'."""
    v = vocabulary()
    number = _pick(draw, v.small_number_words) if _bool(draw) else str(_int(draw, 0, 12))
    modifier = _pick(draw, ("", "", *(m + " " for m in v.count_modifiers)))
    shape = _int(draw, 0, 3)
    if shape == 0:
        postfix, things = _pick(draw, v.all_postfix), _pick(draw, v.frequency_words)
        return f"{number} {postfix} {modifier}{things} of {_conditions(draw)}"
    if shape == 1:
        return f"{_comparator(draw)}{number} {modifier}{_conditions(draw)}"
    if shape == 2:
        return f"{_cased(draw, _pick(draw, v.count_words))} {modifier}{_conditions(draw)}"
    per = _pick(draw, (" per ", "/", " a ", " each "))
    return f"{_comparator(draw)}{number} {_pick(draw, v.frequency_words)}{per}{_pick(draw, PERIODS)}"


def _doses(draw) -> str:
    """'prednisone > 10 mg/day', 'prednisone at doses >10 mg/day', '>= 5 mg/day of prednisone',
    'Busulfan (Total dose > 7.2 mg/kg IV or >9.0 mg/kg orally)'."""
    v = vocabulary()
    drug = _cased(draw, _pick(draw, v.entities.get("DRUG", ("prednisone",))))
    unit = _form(draw, v.doses)
    quantity = _numbers(draw, 0, 1000) + _space(draw) + unit
    shape = _int(draw, 0, 3)
    if shape == 0:
        return f"{drug} {_comparator(draw)}{quantity}"
    if shape == 1:
        return f"{drug} at {_pick(draw, v.dose_words)} {_comparator(draw)}{quantity}"
    if shape == 2:
        return f"{_comparator(draw)}{quantity} {_pick(draw, v.dose_tail)} {drug}"
    second = _numbers(draw, 0, 1000) + _space(draw) + unit
    tail = _pick(draw, v.dose_tail)
    return (f"{drug} " + _bracketed(draw, f"{_pick(draw, v.dose_words)} {_comparator(draw)}{quantity} {tail}"
                                          f"{_pick(draw, LIST_JOINS)}{_comparator(draw)}{second}"))


def _ratios(draw) -> str:
    """'Qp/Qs <1.5:1', 'Pain intensity > 4/10', 'quit smoking ≥ 5 out of 10'."""
    v = vocabulary()
    thing = _pick(draw, ("Qp/Qs", "ratio", "Pain intensity", "VAS", "pain score", "E/A ratio"))
    if v.ratio_forms and _bool(draw):
        return f"{thing} {_comparator(draw)}{_numbers(draw, 0, 10)}{_pick(draw, v.ratio_forms)}"
    return f"{thing} {_comparator(draw)}{_int(draw, 0, 100)}{_pick(draw, v.out_of_forms or ('/10',))}"


def _sizes(draw) -> str:
    """'Single nodule, 3 to 8 cm of largest diameter', 'recessions ≥ 2 mm of depth',
    'colorectal lesions of 10-25 mm size'."""
    v = vocabulary()
    unit = _form(draw, v.lengths)
    thing = _conditions(draw)
    qualifier = _pick(draw, ("", *(q + " " for q in v.dimension_qualifiers)))
    dimension = _pick(draw, v.dimensions)
    a, b = _numbers(draw, 0, 20), _numbers(draw, 0, 50)
    shape = _int(draw, 0, 2)
    if shape == 0:
        return f"{thing}, {a}{_pick(draw, RANGE_SEPARATORS)}{b} {unit} of {qualifier}{dimension}"
    if shape == 1:
        return f"{thing} {_comparator(draw)}{a}{_space(draw)}{unit} of {dimension}"
    return f"{thing} of {a}{_pick(draw, RANGE_SEPARATORS)}{b} {unit} {dimension}"
