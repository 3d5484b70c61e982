"""Clauses of ordinal categories: lexicon scales, numeric scores, open Roman categories, leading
scales ('R0/R1 resection') and stages."""

from __future__ import annotations

from .draws import INEQUALITIES, LIST_JOINS, RANGE_SEPARATORS, _cased, _chance, _int, _joined, _pick, _several
from .numbers import _comparator
from .phrases import _analyte_names, _conditions
from .vocabulary import vocabulary


def _scales(draw) -> str:
    """Ordinal categories of a lexicon scale: 'NYHA class III or IV', 'Child-Pugh A5-B7',
    'BCLC stage 0-A hepatocellular carcinoma', 'ASA physical status >II', 'ASAII', 'NYHA II or NYHA III'."""
    v = vocabulary()
    rule, names = _pick(draw, v.scales)
    name = _cased(draw, _pick(draw, names))
    head = _pick(draw, ("", "", " ", *(" " + _cased(draw, w) for w in v.category_heads), " physical status",
                        " functional class", " class:", " score of"))
    categories = rule.categories
    shape = _int(draw, 0, 4)
    if shape == 0 and rule.orders:  # a range in the scale's order
        order = _pick(draw, rule.orders)
        i, j = sorted((_int(draw, 0, len(order) - 1), _int(draw, 0, len(order) - 1)))
        body = order[i] + _pick(draw, RANGE_SEPARATORS) + order[j]
    elif shape <= 1:  # any two categories as a range
        body = _pick(draw, categories) + _pick(draw, RANGE_SEPARATORS) + _pick(draw, categories)
    elif shape == 2:  # a list, the name perhaps written again
        members = _several(draw, lambda: _pick(draw, categories), 2, 3)
        again = name + " " if _chance(draw, 3) else ""
        body = _joined(draw, members, again=again)
    elif shape == 3:
        body = _comparator(draw, INEQUALITIES) + _pick(draw, categories)
    else:
        body = _pick(draw, categories)
    glued = head == "" and body[:1] in "IV" and _chance(draw, 2)
    text = name + head + ("" if glued or head.endswith(" ") else " ") + body
    if _chance(draw, 4):
        text += " " + _conditions(draw)
    return text


def _scores(draw) -> str:
    """A numeric score: 'ECOG 0-1', 'ECOG performance status of 0 or 1', 'KPS ≥ 70%',
    'a score of 24 or above on the MMSE', '> 3 on a 0-10 pain intensity numeric scale'."""
    v = vocabulary()
    entry = _pick(draw, v.scores)
    name = _analyte_names(draw, entry)
    n, m = _int(draw, 0, 100), _int(draw, 0, 100)
    shape = _int(draw, 0, 5)
    gap = _pick(draw, (" ", " of ", ": ", " score ", " score of ", " "))
    if shape == 0:
        return f"{name}{gap}{min(n, m) % 6}{_pick(draw, RANGE_SEPARATORS)}{max(n, m) % 6}"
    if shape == 1:
        return f"{name}{gap}{n % 5}{_pick(draw, LIST_JOINS)}{m % 5}"
    if shape == 2:
        return f"{name}{gap}{_comparator(draw)}{n}{_pick(draw, ('', '%', ' %', ' points', ''))}"
    if shape == 3:
        postfix = _pick(draw, v.all_postfix)
        return f"a score of {n} {postfix} on the {name}"
    if shape == 4:
        head = _pick(draw, v.scale_heads)
        kind = _pick(draw, ("pain", "numeric", "visual analogue"))
        return f"{_comparator(draw)}{n % 11} on a 0-10 {kind} {head}"
    return f"{name} {n}"


def _open_categories(draw) -> str:
    """Roman categories of a scale the lexicon lacks: 'GMFCS levels I-III', 'Mallampati grade IV',
    'heart function classification ≥III'."""
    v = vocabulary()
    thing = _pick(draw, v.entities.get("MEASUREMENT", ()) + v.entities.get("CONDITION", ()))
    head = _cased(draw, _pick(draw, v.category_heads))
    first, second = _pick(draw, v.romans), _pick(draw, v.romans)
    shape = _int(draw, 0, 2)
    if shape == 0:
        body = first + _pick(draw, RANGE_SEPARATORS) + second
    elif shape == 1:
        body = first + _pick(draw, LIST_JOINS) + second
    else:
        body = _comparator(draw, INEQUALITIES) + first
    return f"{thing} {head} {body}"


def _leading_scales(draw) -> str:
    """'R0/R1 resection', 'R0 or R1 resection of the primary tumour'."""
    v = vocabulary()
    if not v.leading_scales:
        return "R0 resection"
    categories, graded = _pick(draw, v.leading_scales)
    members = _several(draw, lambda: _pick(draw, categories), 1, 3)
    body = _joined(draw, members)
    after = _pick(draw, ("", " of the primary tumour", " with curative intent"))
    return body + " " + _pick(draw, graded) + after


def _stages(draw) -> str:
    """'Chronic Kidney Disease stage 1-5', 'diabetes (type 1 or 2)', 'Stage III periodontitis',
    'arrhythmia of grade ≥2'."""
    v = vocabulary()
    condition = _conditions(draw)
    word = _cased(draw, _pick(draw, v.stage_words))
    a, b = _int(draw, 0, 5), _int(draw, 0, 5)
    shape = _int(draw, 0, 4)
    if shape == 0:
        return f"{condition} {word} {a}{_pick(draw, RANGE_SEPARATORS)}{b}"
    if shape == 1:
        return f"{condition} ({word} {a}{_pick(draw, LIST_JOINS)}{b})"
    if shape == 2:
        return f"{word} {_pick(draw, v.romans)} {condition}"
    if shape == 3:
        return f"{condition} of {word} {_comparator(draw)}{a}"
    return f"{condition} {word} {a} {_pick(draw, v.all_postfix)}"
