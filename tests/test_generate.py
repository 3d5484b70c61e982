"""Generated criteria (``nlp.generate``): the pipeline never raises on them and every offset gives
its text; the generator is deterministic and really covers the grammar of the rule files."""

import re

import pytest
from hypothesis import HealthCheck, given, settings

from nlp.components.criteria import LEADING_MARKER
from nlp.generate import criteria_texts, generated_records, vocabulary
from nlp.rules import load_threshold_rules
from nlp.sweep import check_text

COVERAGE_TEXTS = 2000


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=criteria_texts())
def test_pipeline_has_no_problem_with_generated_criteria(pipeline, text):
    assert list(check_text(pipeline, text, "gen")) == []


def test_generated_records_are_deterministic_and_distinct():
    first = generated_records(50, seed=1)
    assert first == generated_records(50, seed=1)
    assert [r.id for r in first] == [f"gen-{i:05d}" for i in range(1, 51)]
    assert [r.position for r in first] == list(range(50))
    assert {r.source for r in first} == {"generated:seed=1"}
    assert len({r.text for r in first}) == 50
    assert [r.text for r in generated_records(50, seed=2)] != [r.text for r in first]


@pytest.fixture(scope="module")
def texts():
    return [r.text for r in generated_records(COVERAGE_TEXTS, seed=7)]


@pytest.fixture(scope="module")
def joined(texts):
    return "\n\n".join(texts)


def _after_number(form: str) -> re.Pattern:
    """A unit form written after a number (or a power of ten), on the same line or the next."""
    return re.compile(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹]\s*" + re.escape(form) + r"(?![A-Za-z])")


def test_every_unit_rule_is_written_after_a_number(joined):
    rules = load_threshold_rules().units
    covered = {rule.id for rule in rules if any(_after_number(f).search(joined) for f in rule.forms)}
    assert len(covered) >= 0.9 * len(rules), sorted({r.id for r in rules} - covered)
    forms = [f for rule in rules for f in rule.forms]
    written = [f for f in forms if _after_number(f).search(joined)]
    assert len(written) >= 0.75 * len(forms), sorted(set(forms) - set(written))


def test_temperatures_in_both_scales(joined):
    v = vocabulary()
    assert v.celsius and v.fahrenheit
    assert any(_after_number(f).search(joined) for f in v.celsius)
    assert any(_after_number(f).search(joined) for f in v.fahrenheit)


def test_comparators_as_symbols_and_words(joined):
    rules = load_threshold_rules()
    for rule in rules.comparators:
        assert any(f in joined for f in rule.prefix), rule.id
    v = vocabulary()
    assert sum(f in joined for f in v.symbols) >= 0.8 * len(v.symbols)
    lowered = joined.lower()
    assert sum(f.lower() in lowered for f in v.words) >= 0.8 * len(v.words)
    assert sum(f.lower() in lowered for f in v.all_postfix) >= 0.8 * len(v.all_postfix)


def test_reference_limits_scales_and_windows(joined):
    rules = load_threshold_rules()
    lowered = joined.lower()
    for rule in rules.references:
        assert sum(f.lower() in lowered for f in rule.forms) >= 0.7 * len(rule.forms), rule.id
    for scale, names in vocabulary().scales:
        assert any(name.lower() in lowered for name in names), scale.id
    assert any(w.lower() in lowered for w in rules.normal_ranges.words)
    assert any(cue in lowered for cue in rules.window_cues.before)
    assert any(cue in lowered for cue in rules.window_cues.elapsed)


@pytest.mark.parametrize("spelling", [
    r"\d\s*[x×X*·]\s*10\s*\^\s*\d",  # 1.5 x 10^9/L
    r"\d\s*[x×X*·]\s*10[⁰¹²³⁴⁵⁶⁷⁸⁹]",  # 1.5×10⁹/L
    r"\d\s*[x×X*·]\s*10 ?(?:[3-9]|12)\s*/",  # 1.5 x 109/L, a lost superscript
    r"\d\s*[x×X*·]\s*10\s*E\s*\d",  # 1.5 × 10E9/L
    r"\d\s*[x×X*·]\s*10\*\*\d",  # 1.5*10**9/L
    r"\d[eE]\+?0?\d\s*/",  # 1.5e9/L
    r"(?<![\d,.])\d{1,3},\d{3}(?![\d,])",  # 100,000/mm3
    r"(?<![\d ])\d{1,3} \d{3}(?![\d])",  # 100 000/µL
    r"(?<![\d,.])\d+,\d{1,2}\s*[A-Za-zµμ%°]",  # 7,0 mmol/l
    r"\d+\.\d+",
    r"\d\s*/\s*\d{2,3}\s*mm ?[Hh]g",  # 140/90 mmHg
    r"\d:1\b",  # 1.5:1
])
def test_number_spellings(joined, spelling):
    assert re.search(spelling, joined)


def test_layouts(texts):
    assert any(t.lstrip().startswith("Inclusion Criteria:") for t in texts)
    assert any("Exclusion Criteria:" in t for t in texts)
    assert any(not re.search(r"(?i)criteria|inclusion|exclusion", t[:40]) for t in texts)
    for bullet in ("-", "*", "•", "1.", "a)"):
        assert any(re.search(r"(?m)^[ \t]*" + re.escape(bullet) + r"[ \t]", t) for t in texts), bullet
    assert any(re.search(r"[;,] ", t) and "(" in t and "[" in t for t in texts)
    # a criterion wrapped onto an indented line, and a number wrapped away from its unit
    assert any(_wrapped(t) for t in texts)
    assert any(re.search(r"\d\n[ \t]+[A-Za-zµμ/%°]", t) for t in texts)


def _wrapped(text: str) -> bool:
    lines = text.split("\n")
    for previous, line in zip(lines, lines[1:], strict=False):
        if (previous.strip() and previous.rstrip()[-1:].isalnum() and line[:1] in " \t"
                and line.strip()[:1].islower() and not LEADING_MARKER.match(line)):
            return True
    return False
