import json

import pytest

from nlp.rules import RuleFileError, load_context_rules, load_section_rules, load_target_rules


def test_shipped_rule_files_validate():
    assert len(load_target_rules()) >= 500
    assert len(load_context_rules().context_rules) >= 50
    assert load_section_rules().headings


def test_duplicate_ids_are_refused(tmp_path):
    rule = {"id": "drug-x", "comment": "test rule", "literal": "x", "label": "DRUG"}
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps(rule) + "\n" + json.dumps(rule) + "\n")
    with pytest.raises(RuleFileError, match="duplicate rule id"):
        load_target_rules(path)


def test_a_bad_rule_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "drug-x", "comment": "c", "literal": "x", "label": "DRUG"}\n')
    with pytest.raises(RuleFileError, match="bad.jsonl:1"):
        load_target_rules(path)


def test_pipeline_round_trips_through_disk(pipeline, tmp_path):
    import spacy

    pipeline.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    text = "Exclusion Criteria:\n- No ascites\n- History of HIV infection"
    ents = lambda doc: [(e.text, e.label_, e._.negated, e._.polarity) for e in doc.ents]  # noqa: E731
    assert ents(loaded(text)) == ents(pipeline(text))
    assert (tmp_path / "model" / "criteria_context" / "context_rules.json").exists()


@pytest.mark.parametrize("pint_unit", ["(mg", "mg/L/", "no_such_unit", "3 x"])
def test_a_unit_rule_pint_does_not_read_is_refused(tmp_path, pint_unit):
    from importlib.resources import files

    from nlp.rules import load_threshold_rules

    rules = json.loads((files("nlp") / "resources" / "threshold_rules.json").read_text(encoding="utf-8"))
    rules["units"][0]["pint"] = pint_unit
    path = tmp_path / "threshold_rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(RuleFileError, match=f"unit {rules['units'][0]['id']}: pint"):
        load_threshold_rules(path)


def test_shipped_threshold_phrases_and_limits_load():
    from nlp.rules import load_threshold_rules
    from nlp.schema import LimitRules, PhraseRules

    rules = load_threshold_rules()
    lists = [getattr(rules.phrases, name) for name in PhraseRules.model_fields]
    assert len(lists) >= 50
    assert all(wl.words and all(w.strip() for w in wl.words) for wl in lists)
    assert len({wl.id for wl in lists}) == len(lists)
    assert rules.phrases.range_words.words[:2] == ["to", "through"]
    assert set(rules.limits.model_dump()) == set(LimitRules.model_fields)
    assert rules.limits.first_calendar_year < rules.limits.last_calendar_year


@pytest.mark.parametrize("edit, message", [
    (lambda rules: rules["phrases"]["joins"].update(words=[]), "phrases.joins.words"),
    (lambda rules: rules["phrases"].pop("range_words"), "phrases.range_words"),
    (lambda rules: rules["limits"].update(systolic_min=400), "systolic_min is above systolic_max"),
    (lambda rules: rules["limits"].update(abbreviation_chars=0), "limits.abbreviation_chars"),
])
def test_a_bad_threshold_phrase_or_limit_is_refused(tmp_path, edit, message):
    from importlib.resources import files

    from nlp.rules import load_threshold_rules

    rules = json.loads((files("nlp") / "resources" / "threshold_rules.json").read_text(encoding="utf-8"))
    edit(rules)
    path = tmp_path / "threshold_rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        load_threshold_rules(path)


def test_the_grammar_takes_its_words_and_limits_from_the_rules():
    from nlp.rules import load_analytes, load_threshold_rules
    from nlp.thresholds import Grammar

    analytes = load_analytes()
    rules = load_threshold_rules(analytes=analytes)
    grammar = Grammar(rules, analytes)
    assert grammar.range_separator.fullmatch(" through ") and not grammar.range_separator.fullmatch(" until ")
    assert 2000.0 in grammar.calendar_years and 1800.0 not in grammar.calendar_years
    phrases = rules.phrases
    until = phrases.range_words.model_copy(update={"words": [*phrases.range_words.words, "until"]})
    limits = rules.limits.model_copy(update={"first_calendar_year": 1800})
    grammar = Grammar(rules.model_copy(update={"phrases": phrases.model_copy(update={"range_words": until}),
                                               "limits": limits}), analytes)
    assert grammar.range_separator.fullmatch(" until ")
    assert 1800.0 in grammar.calendar_years


def test_a_look_behind_list_takes_single_words_only(tmp_path):
    from importlib.resources import files

    from nlp.rules import load_threshold_rules

    rules = json.loads((files("nlp") / "resources" / "threshold_rules.json").read_text(encoding="utf-8"))
    rules["phrases"]["joins"]["words"].append("and also")
    path = tmp_path / "threshold_rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    with pytest.raises(RuleFileError, match="joins: matched as look-behinds"):
        load_threshold_rules(path)
