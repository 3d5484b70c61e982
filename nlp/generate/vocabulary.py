"""The vocabulary the generator draws from, read once from the rule files through ``nlp.rules``."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..rules import load_analytes, load_context_rules, load_lexicon, load_threshold_rules
from ..schema import AnalyteEntry, ScaleRule, UnitRule
from ..units import conversion


@dataclass(frozen=True)
class Vocabulary:
    """What the generator draws from, read from the rule files through ``nlp.rules``."""

    units: tuple[UnitRule, ...]
    unit_forms: tuple[str, ...]  # every form of every unit
    fitting: dict[str, tuple[UnitRule, ...]]  # analyte id -> the units that convert to its unit
    counts_per_volume: tuple[UnitRule, ...]  # where a power of ten goes: '1.5 x 10^9/L'
    counted_analytes: frozenset[str]  # the analytes counted per volume: platelets, ANC, CD4
    time_units: tuple[UnitRule, ...]
    years: tuple[str, ...]
    lengths: tuple[UnitRule, ...]
    doses: tuple[UnitRule, ...]
    celsius: tuple[str, ...]
    fahrenheit: tuple[str, ...]
    pressure: tuple[str, ...]  # mmHg forms
    ratio_forms: tuple[str, ...]  # ':1'
    out_of_forms: tuple[str, ...]  # '/10', 'out of 10'
    prefix: dict[str, tuple[str, ...]]  # op -> forms
    postfix: dict[str, tuple[str, ...]]
    symbols: tuple[str, ...]  # every prefix form without letters
    words: tuple[str, ...]  # every prefix form with letters
    all_prefix: tuple[str, ...]
    all_postfix: tuple[str, ...]
    references: tuple[str, ...]
    normal_ranges: tuple[str, ...]
    number_words: tuple[str, ...]
    small_number_words: tuple[str, ...]  # the number words of 0 to 12
    age_before: tuple[str, ...]
    age_after: tuple[str, ...]
    window_before: tuple[str, ...]
    window_after: tuple[str, ...]
    window_until: tuple[str, ...]
    window_exact: tuple[str, ...]
    window_elapsed: tuple[str, ...]
    event_heads: tuple[str, ...]
    anchors: tuple[str, ...]
    scales: tuple[tuple[ScaleRule, tuple[str, ...]], ...]  # with the scale's names
    romans: tuple[str, ...]
    leading_scales: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (categories, graded)
    labs: tuple[AnalyteEntry, ...]  # labs, vitals and clinical values
    scores: tuple[AnalyteEntry, ...]  # numeric scores (not the ordinal scales)
    pressures: tuple[AnalyteEntry, ...]
    temperatures: tuple[AnalyteEntry, ...]
    persons: tuple[str, ...]
    stage_words: tuple[str, ...]
    category_heads: tuple[str, ...]
    scale_heads: tuple[str, ...]
    dimensions: tuple[str, ...]
    dimension_qualifiers: tuple[str, ...]
    count_words: tuple[str, ...]
    count_modifiers: tuple[str, ...]
    frequency_words: tuple[str, ...]
    dose_words: tuple[str, ...]
    dose_tail: tuple[str, ...]
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label -> lexicon literals
    cues_before: tuple[str, ...] = ()  # ConText cues written before their target
    cues_after: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    analytes = load_analytes()
    rules = load_threshold_rules(analytes=analytes)
    by_id = {a.id: a for a in analytes}
    units = tuple(rules.units)
    measured = tuple(u for u in units if not u.time)

    @cache
    def converts(pint: str, canonical: str, molar: bool, valence: int | None) -> bool:
        try:
            conversion(pint, canonical, 100.0 if molar else None, valence)
        except ValueError:
            return False
        return True

    fitting = {a.id: tuple(u for u in units if converts(u.pint, a.unit, a.molar_mass is not None, a.valence))
               for a in analytes}
    per_volume = tuple(u for u in measured if u.pint.startswith("count/"))
    prefix = {r.op: tuple(r.prefix) for r in rules.comparators}
    postfix = {r.op: tuple(r.postfix) for r in rules.comparators if r.postfix}
    all_prefix = tuple(f for r in rules.comparators for f in r.prefix)
    words = rules.number_words.words
    scale_ids = {s.analyte for s in rules.scales}
    forms_of = {u.pint: u.forms for u in units}
    dimensionless = [f for u in units if u.pint == "dimensionless" for f in u.forms]
    entities: dict[str, list[str]] = {}
    for entry in load_lexicon():
        entities.setdefault(entry.label, []).extend(entry.synonyms + entry.abbreviations)
    context = load_context_rules().context_rules
    romans = {c for s in rules.scales for c in s.categories if c and set(c) <= set("IVX")}
    age_words = rules.age_words.words
    return Vocabulary(
        units=units,
        unit_forms=tuple(f for u in units for f in u.forms),
        fitting=fitting,
        counts_per_volume=per_volume,
        counted_analytes=frozenset(a.id for a in analytes
                                   if {u.id for u in fitting[a.id]} & {u.id for u in per_volume}),
        time_units=tuple(u for u in units if u.time),
        years=tuple(f for u in units if u.time and u.pint == "year" for f in u.forms),
        lengths=tuple(u for u in measured if converts(u.pint, "cm", False, None)),
        doses=tuple(u for u in units if u.dose),
        celsius=tuple(forms_of.get("degC", ())),
        fahrenheit=tuple(forms_of.get("degF", ())),
        pressure=tuple(forms_of.get("mmHg", ())),
        ratio_forms=tuple(f for f in dimensionless if f.startswith(":")),
        out_of_forms=tuple(f for f in dimensionless if f.startswith("/") or f.startswith("out of")),
        prefix=prefix,
        postfix=postfix,
        symbols=tuple(f for f in all_prefix if not any(c.isalpha() for c in f)),
        words=tuple(f for f in all_prefix if any(c.isalpha() for c in f)),
        all_prefix=all_prefix,
        all_postfix=tuple(f for r in rules.comparators for f in r.postfix),
        references=tuple(f for r in rules.references for f in r.forms),
        normal_ranges=tuple(rules.normal_ranges.words),
        number_words=tuple(words),
        small_number_words=tuple(w for w, v in words.items() if v <= 12 and w not in ("twice", "thrice")),
        age_before=tuple(w for w in age_words if w.lower().startswith("age")),
        age_after=tuple(w for w in age_words if not w.lower().startswith("age")),
        window_before=tuple(rules.window_cues.before),
        window_after=tuple(rules.window_cues.after),
        window_until=tuple(rules.window_cues.until),
        window_exact=tuple(rules.window_cues.exact_after),
        window_elapsed=tuple(rules.window_cues.elapsed),
        event_heads=tuple(rules.window_cues.event_heads),
        anchors=tuple(rules.study_anchors.words),
        scales=tuple((s, tuple(by_id[s.analyte].synonyms + by_id[s.analyte].abbreviations))
                     for s in rules.scales),
        romans=tuple(sorted(romans, key=lambda c: (len(c), c))),
        leading_scales=tuple((tuple(s.categories), tuple(s.graded)) for s in rules.leading_scales),
        labs=tuple(a for a in analytes if a.kind != "score"),
        scores=tuple(a for a in analytes if a.kind == "score" and a.id not in scale_ids),
        pressures=tuple(a for a in analytes if a.unit == "mmHg" and a.kind == "vital"),
        temperatures=tuple(a for a in analytes if a.unit in ("degC", "degF")),
        persons=tuple(rules.person_words.words),
        stage_words=tuple(rules.stage_words.words),
        category_heads=tuple(rules.category_heads.words),
        scale_heads=tuple(rules.scale_heads.words),
        dimensions=tuple(rules.dimensions.words),
        dimension_qualifiers=tuple(rules.dimensions.qualifiers),
        count_words=tuple(rules.leading_counts.words),
        count_modifiers=tuple(rules.leading_counts.modifiers),
        frequency_words=tuple(rules.frequency_words.words),
        dose_words=tuple(rules.dose_words.words),
        dose_tail=tuple(rules.dose_tail_words.words),
        entities={label: tuple(literals) for label, literals in entities.items()},
        cues_before=tuple(r.literal for r in context if r.direction in ("FORWARD", "BIDIRECTIONAL")),
        cues_after=tuple(r.literal for r in context if r.direction in ("BACKWARD", "BIDIRECTIONAL")),
    )
