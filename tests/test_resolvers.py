"""Each linking rule alone: a criterion it links, the analyte it names and the kind; and the
engine runs the rules in the order of the rule file."""

import json
from importlib.resources import files

import pytest
from threshold_text import parse_thresholds

from nlp.rules import RuleFileError, load_analytes, load_threshold_rules
from nlp.schema import ThresholdRules
from nlp.thresholds import Grammar, Mention
from nlp.thresholds.resolvers import RESOLVERS


@pytest.fixture(scope="module")
def analytes():
    return load_analytes()


@pytest.fixture(scope="module")
def grammar(analytes):
    return Grammar(load_threshold_rules(analytes=analytes), analytes)


def entity(text: str, words: str, label: str = "MEASUREMENT") -> Mention:
    start = text.index(words)
    return Mention(start, start + len(words), label=label)


# (resolver, criterion, recognizer entities, value, analyte named, kind)
CASES = [
    ("time-window", "within 4 weeks before the first dose of radiotherapy", [], "within 4 weeks", None,
     "time_window"),
    ("age-word", "aged 18 to 75", [], "18 to 75", "aged", "age"),
    ("count-in-words", "with at least one post-treatment free PSA", [], "at least one",
     "post-treatment free PSA", "count"),
    ("named-after", "≥140 mmHg SBP", [], "≥140 mmHg", "SBP", "measurement"),
    ("rated-on-scale", "pain rated at least 5 on the 10-point numerical rating scale", [], "at least 5",
     "10-point numerical rating scale", "measurement"),
    ("noun-after", "≥8 mm and at least 4 mm intrabony component", [], "at least 4 mm", "intrabony component",
     "measurement"),
    ("measured-before", "sSBP ≥ 20mmHg and sDBP ≥ 10mmHg", ["sSBP", "sDBP"], "≥ 10mmHg", "sDBP",
     "measurement"),
    ("parallel-value", "Beighton score ≥ 5 for women up to the age of 50 years and ≥ 4 for those above 50 "
     "years", [], "≥ 4", "Beighton score", "measurement"),
    ("continued-value", "BMI <20 or >35 kg/m2", [], ">35 kg/m2", "BMI", "measurement"),
    ("words-past-clause", "uric acid, diuretic, small-dose aspirin (75~300mg/d)", [], "75~300mg/d",
     "small-dose aspirin", "dose"),
    ("fitting-name", "plasma creatinine clearance <30 mL/min", [], "<30 mL/min",
     "plasma creatinine clearance", "measurement"),
    ("lexicon-analyte", "hemoglobin ≥ 9 g/dL", [], "≥ 9 g/dL", "hemoglobin", "measurement"),
    ("years-alone", "Subjects of 40-70 years.", [], "40-70 years", "years", "age"),
    ("person-age", "women over 50 years", [], "over 50 years", "women", "age"),
    ("conditional-override", "AST and ALT ≤ 2.5 x ULN per institutional laboratory range (or ≤ 5 x ULN if "
     "liver metastases are present)", [], "≤ 5 x ULN", "ALT", "measurement"),
    ("calendar-years", "treated between 2000 and 2017", [], "between 2000 and 2017", None, "time_window"),
    ("count", "A minimum of 10 active electrodes", [], "minimum of 10", "active electrodes", "count"),
    ("persons-earlier-analyte", "a body weight between 45 kg and 95 kg if male, between 40 kg and 85 kg if "
     "female", [], "between 40 kg and 85 kg", "body weight", "measurement"),
    ("instrument", "score >20 from the Alcohol Use Disorders Identification Test", [], ">20",
     "Alcohol Use Disorders Identification Test", "measurement"),
    ("dimension-after", "3 to 8 cm of largest diameter", [], "3 to 8 cm", "largest diameter", "measurement"),
    ("measured-right-after", "Requiring less than 40 minutes travel to the assessment center", ["travel"],
     "less than 40 minutes", "travel", "duration"),
    ("words-before", "commuting distance < 45 minutes", [], "< 45 minutes", "commuting distance",
     "measurement"),
]


@pytest.mark.parametrize(("resolver", "text", "entities", "value", "analyte", "kind"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_resolver_links_its_construct(grammar, resolver, text, entities, value, analyte, kind):
    spans = [entity(text, words, "OBSERVATION" if words == "travel" else "MEASUREMENT") for words in entities]
    found = {t["text"]: t for t in parse_thresholds(grammar, text, "inclusion", spans)}
    threshold = found[value]
    named = threshold["analyte"]["text"] if threshold["analyte"] else None
    assert (threshold["resolver"], named, threshold["kind"]) == (resolver, analyte, kind)


def test_every_resolver_has_a_case_and_a_rule():
    ids = [rule.id for rule in load_threshold_rules().linking.resolvers]
    assert sorted(ids) == sorted(RESOLVERS) == sorted(c[0] for c in CASES)


def rules_without(analytes, *names: str) -> ThresholdRules:
    rules = load_threshold_rules(analytes=analytes)
    kept = [r for r in rules.linking.resolvers if r.id not in names]
    return rules.model_copy(update={"linking": rules.linking.model_copy(update={"resolvers": kept})})


def test_a_rule_left_out_of_the_file_is_not_tried(analytes):
    text = "BMI <20 or >35 kg/m2"
    grammar = Grammar(rules_without(analytes, "continued-value"), analytes)
    second = parse_thresholds(grammar, text, "inclusion", [])[1]
    assert (second["resolver"], second["analyte"]) == ("words-before", None)


def test_the_file_decides_the_order(analytes):
    rules = load_threshold_rules(analytes=analytes)
    resolvers = rules.linking.resolvers
    first = sorted(resolvers, key=lambda r: r.id != "words-before")  # the last resort first
    grammar = Grammar(rules.model_copy(update={"linking": rules.linking.model_copy(
        update={"resolvers": first})}), analytes)
    [found] = parse_thresholds(grammar, "hemoglobin ≥ 9 g/dL", "inclusion", [])
    assert found["resolver"] == "words-before"


def test_an_unknown_resolver_is_refused(tmp_path):
    rules = json.loads((files("nlp") / "resources" / "threshold_rules.json").read_text(encoding="utf-8"))
    rules["linking"]["resolvers"].append({"id": "no-such-rule", "comment": "a rule with no function"})
    path = tmp_path / "threshold_rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(RuleFileError, match="linking rule 'no-such-rule' is no function"):
        load_threshold_rules(path)


# (kind rule, criterion, value, kind, analyte named)
KIND_CASES = [
    ("duration", "diabetes for ≥ 6 months", "≥ 6 months", "duration", "diabetes"),
    ("dose", "prednisone at doses > 10 mg/day", "> 10 mg/day", "dose", "doses"),
    ("stage", "Chronic Kidney Disease stage 1-5", "1-5", "stage", "Chronic Kidney Disease stage"),
    ("stage", "Stage III periodontitis", "III", "stage", "periodontitis"),
]


@pytest.mark.parametrize(("rule", "text", "value", "kind", "analyte"), KIND_CASES,
                         ids=[f"{c[0]}: {c[1]}" for c in KIND_CASES])
def test_each_kind_rule_alone(analytes, grammar, rule, text, value, kind, analyte):
    found = {t["text"]: t for t in parse_thresholds(grammar, text, "inclusion", [])}[value]
    assert (found["kind"], found["analyte"]["text"]) == (kind, analyte)
    rules = load_threshold_rules(analytes=analytes)
    kept = [r for r in rules.linking.kinds if r.id != rule]
    without = Grammar(rules.model_copy(update={"linking": rules.linking.model_copy(update={"kinds": kept})}),
                      analytes)
    assert {t["text"]: t for t in parse_thresholds(without, text, "inclusion", [])}[value]["kind"] != kind


def test_every_kind_rule_has_a_case_and_a_rule():
    from nlp.thresholds.kind_rules import KIND_RULES

    ids = [rule.id for rule in load_threshold_rules().linking.kinds]
    assert sorted(ids) == sorted(KIND_RULES) == sorted({c[0] for c in KIND_CASES})
