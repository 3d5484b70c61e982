"""Rule files chosen through a component's config, saved with the pipeline, and serialization
that honours ``exclude`` (nlp/components/serialize.py)."""

import json
import shutil
from importlib.resources import files

import pytest
import spacy
import srsly

from nlp.pipeline import FACTORIES, blank, build
from nlp.rules import RuleFileError

TEXT = "Exclusion Criteria:\n- No ascites\n- History of HIV infection\n- Platelets < 100 x 10^9/L\n"
RULE_DRIVEN = {  # pipe name -> its config key(s) and the files it saves
    "criteria_sections": ("rules", ["section_rules.json"]),
    "criteria_entities": ("lexicon", ["lexicon.jsonl", "entity_rules.json"]),
    "criteria_modifiers": ("rules", ["modifiers.json"]),
    "criteria_context": ("rules", ["context_rules.json"]),
    "criteria_thresholds": ("rules", ["threshold_rules.json", "analytes.jsonl"]),
    "criteria_modality": ("rules", ["modality_rules.json"]),
    "criteria_logic": ("rules", ["logic_rules.json"]),
}


def rules_pipeline(context_rules=None):
    """The rules alone, up to polarity, with ``context_rules`` for criteria_context."""
    nlp = blank()
    for name in ("criteria_sections", "criteria_splitter", "criteria_entities", "criteria_context",
                 "criteria_polarity"):
        config = {"criteria_entities": {"fill_in": None},
                  "criteria_context": {"rules": context_rules}}.get(name, {})
        nlp.add_pipe(FACTORIES[name], name=name, config=config)
    return nlp


def ents(doc):
    return [(e.text, e._.negated, e._.historical, e._.polarity) for e in doc.ents]


@pytest.fixture
def custom_context(tmp_path):
    """The packaged context rules with one rule changed: 'no' is a historical cue, not a negation."""
    rules = json.loads((files("nlp") / "resources" / "context_rules.json").read_text(encoding="utf-8"))
    (rule,) = [r for r in rules["context_rules"] if r["id"] == "neg-no"]
    rule["category"] = "HISTORICAL"
    path = tmp_path / "custom" / "my_context.json"
    path.parent.mkdir()
    path.write_text(json.dumps(rules), encoding="utf-8")
    return path


def test_a_custom_rule_file_changes_the_component_and_is_saved_with_it(custom_context, tmp_path):
    default, custom = rules_pipeline(), rules_pipeline(str(custom_context))
    assert ("ascites", True, False, "inclusion") in ents(default(TEXT))
    assert ("ascites", False, True, "exclusion") in ents(custom(TEXT))
    expected = ents(custom(TEXT))
    custom.to_disk(tmp_path / "saved")
    saved = json.loads((tmp_path / "saved" / "criteria_context" / "context_rules.json").read_text())
    assert [r["category"] for r in saved["context_rules"] if r["id"] == "neg-no"] == ["HISTORICAL"]
    shutil.rmtree(custom_context.parent)  # the saved pipeline reads its own copy, not this path
    assert ents(spacy.load(tmp_path / "saved")(TEXT)) == expected
    assert ents(rules_pipeline().from_disk(tmp_path / "saved")(TEXT)) == expected


@pytest.mark.parametrize("content, problem", [
    (None, "cannot read"),
    ('{"context_rules": 5}', "context_rules"),
    ("not json", "Invalid JSON"),
])
def test_a_bad_rule_file_is_refused_naming_it(tmp_path, content, problem):
    path = tmp_path / "bad_context.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    nlp = blank()
    pipe = nlp.add_pipe("criteria_context_v1", name="criteria_context", config={"rules": str(path)})
    with pytest.raises(RuleFileError, match=f"bad_context.json: .*{problem}") as err:
        pipe.load_rules()
    assert "bad_context.json" in str(err.value).splitlines()[0]


def test_a_bad_rule_file_fails_every_use_the_same_way(tmp_path):
    """Through spacy.load or a batch the rules are read on first use: every use names the file."""
    nlp = rules_pipeline(str(tmp_path / "gone.json"))
    for _ in range(2):
        with pytest.raises(RuleFileError, match="gone.json: cannot read"):
            nlp(TEXT)


@pytest.mark.parametrize("name", [name for name, (key, _) in RULE_DRIVEN.items()
                                  if key == "rules" or name == "criteria_entities"])
def test_each_component_reads_the_rules_its_config_names(name, tmp_path):
    pipe = blank().add_pipe(FACTORIES[name], name=name, config={"rules": str(tmp_path / "nowhere.json")})
    with pytest.raises(RuleFileError, match="nowhere.json: cannot read"):
        pipe.load_rules()


def test_a_bad_lexicon_path_is_refused_naming_it(tmp_path):
    for name, key in (("criteria_entities", "lexicon"), ("criteria_thresholds", "lexicon")):
        pipe = blank().add_pipe(FACTORIES[name], name=name, config={key: str(tmp_path / "nowhere.jsonl")})
        with pytest.raises(RuleFileError, match="nowhere.jsonl: cannot read"):
            pipe.load_rules()


def test_every_rule_driven_component_takes_its_files_from_the_config(pipeline, tmp_path):
    """Each component loads from the paths its config names: the files it saved give the same
    component, read from those paths."""
    for name, (key, saved_files) in RULE_DRIVEN.items():
        component = pipeline.get_pipe(name)
        component.to_disk(tmp_path / name)
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == sorted(saved_files)
        config = {key: str(tmp_path / name / saved_files[0])}
        if name == "criteria_thresholds":
            config["lexicon"] = str(tmp_path / name / "analytes.jsonl")
        if name == "criteria_entities":
            config["rules"] = str(tmp_path / name / "entity_rules.json")
        fresh = blank().add_pipe(FACTORIES[name], name=name, config=config)
        assert fresh.to_bytes() == component.to_bytes(), name


def test_the_whole_pipeline_round_trips_through_bytes(pipeline):
    data = pipeline.to_bytes()
    fresh = build().from_bytes(data)
    text = TEXT + "Inclusion Criteria:\n- ECOG performance status 0-1\n- Age >= 18 years\n"
    a, b = pipeline(text), fresh(text)
    assert ents(a) == ents(b) and a._.thresholds == b._.thresholds and a._.logic == b._.logic
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [
        (e.start_char, e.end_char, e.label_) for e in b.ents]


def test_exclude_rules_leaves_the_rules_out(pipeline, custom_context, tmp_path):
    for name in RULE_DRIVEN:
        component = pipeline.get_pipe(name)
        component.to_disk(tmp_path / name, exclude=["rules"])
        assert list((tmp_path / name).iterdir()) == []
        assert srsly.msgpack_loads(component.to_bytes(exclude=["rules"])) == {}
        assert set(srsly.msgpack_loads(component.to_bytes())) == {"rules"}
    custom = rules_pipeline(str(custom_context)).get_pipe("criteria_context")
    default = rules_pipeline().get_pipe("criteria_context")
    data = custom.to_bytes()
    packaged = rules_pipeline().get_pipe("criteria_context").rules
    assert default.from_bytes(data, exclude=["rules"]).rules == packaged != custom.rules
    assert default.from_bytes(data).rules == custom.rules
    # A folder saved without its rules leaves a component the rules it has: those its config names.
    custom.to_disk(tmp_path / "bare", exclude=["rules"])
    fresh = rules_pipeline().get_pipe("criteria_context")
    assert fresh.from_disk(tmp_path / "bare").rules == packaged
    assert rules_pipeline(str(custom_context)).get_pipe("criteria_context").from_disk(
        tmp_path / "bare").rules == custom.rules
