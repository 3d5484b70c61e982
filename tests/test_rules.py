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
