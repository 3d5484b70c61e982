"""Generated criteria for the robustness sweep: a hypothesis strategy composing whole criteria
texts from the project's own rule files, and a fixed, seeded batch of them as records.

Everything the grammar knows comes from the loaders of ``nlp.rules``, never from a copy here:
the analytes of ``resources/lexicon/`` (synonyms and abbreviations), every comparator form of
``threshold_rules.json`` (prefix and postfix, symbols and words), every form of every unit,
every reference-limit form, the normal-range phrases, number words, age words, window cues and
study anchors, the scales' categories and orders, leading scales, stage and category heads,
dimensions, leading counts, frequency and dose words; around them the lexicon's condition, drug
and procedure literals and the ConText cues of ``context_rules.json``. What is written here is
how criteria put those together: numbers (decimals, a decimal comma, thousands separators, every
spelling of a power of ten), ranges, lists, multiples of a limit, time windows, ages, scales,
pressure pairs, temperatures, ratios; joined with ';', ',', 'and'/'or', brackets; under
optional headings, as bulleted or numbered items, indented, nested, wrapped across lines (the
registry's old layout) or run together on one line (the seed pages' layout).

    from nlp.generate import criteria_texts, generated_records
    records = generated_records(10_000, seed=0)   # python scripts/sweep.py --generated 10000
"""

from .clauses import clauses, criterion_texts
from .layout import criteria_texts
from .records import generated_records
from .vocabulary import Vocabulary, vocabulary

__all__ = ["Vocabulary", "clauses", "criteria_texts", "criterion_texts", "generated_records", "vocabulary"]
