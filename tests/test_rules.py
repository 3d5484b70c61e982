import json
from pathlib import Path

import pytest

import nlp
from nlp.pipeline import blank
from nlp.rules import (
    LINE_BREAK,
    RuleFileError,
    across_line_breaks,
    load_context_rules,
    load_entity_rules,
    load_lexicon,
    load_section_rules,
    one_pattern_a_first_word,
    target_rules,
)


def test_shipped_rule_files_validate():
    assert len(load_lexicon()) >= 700
    assert len(load_context_rules().context_rules) >= 50
    assert load_section_rules().headings


def test_duplicate_ids_are_refused(tmp_path):
    rule = {"id": "drug-x", "comment": "test rule", "synonyms": ["x"], "label": "DRUG"}
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps(rule) + "\n" + json.dumps(rule) + "\n")
    with pytest.raises(RuleFileError, match="duplicate rule id"):
        load_lexicon(path)


def test_a_bad_rule_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "drug-x", "comment": "c", "synonyms": ["x"], "label": "DRUG"}\n')
    with pytest.raises(RuleFileError, match="bad.jsonl:1"):
        load_lexicon(path)


@pytest.mark.parametrize(("entry", "problem"), [
    ({"label": "DRUG"}, "at least one synonym or abbreviation"),
    ({"label": "DRUG", "synonyms": ["x"], "analyte": {"name": "X", "kind": "lab", "unit": "g/L"}},
     "belongs to a MEASUREMENT or OBSERVATION"),
    ({"label": "MEASUREMENT", "synonyms": ["x"],
      "analyte": {"name": "X", "kind": "lab", "unit": "furlong_per_x"}},
     "unit 'furlong_per_x'"),
])
def test_a_lexicon_entry_is_checked(tmp_path, entry, problem):
    path = tmp_path / "lexicon.jsonl"
    path.write_text(json.dumps({"id": "x", "comment": "test entry", **entry}) + "\n")
    with pytest.raises(RuleFileError, match=problem):
        load_lexicon(path)


def test_entity_rules_give_a_label_one_lexicon_rule(tmp_path):
    rules = json.loads((Path(nlp.__file__).parent / "resources" / "entity_rules.json").read_text())
    rules["lexicon_labels"].append({**rules["lexicon_labels"][0], "id": "entity-lexicon-again"})
    path = tmp_path / "entity_rules.json"
    path.write_text(json.dumps(rules))
    with pytest.raises(RuleFileError, match="one rule a label"):
        load_entity_rules(path)


def test_one_lexicon_gives_entities_and_analytes():
    """An analyte's names are also the entity matcher's: its synonyms match on lower-cased
    tokens, its abbreviations on their exact text, token by token."""
    entries = {e.id: e for e in load_lexicon()}
    hemoglobin = entries["hemoglobin"]
    assert hemoglobin.label == "MEASUREMENT" and hemoglobin.analyte.loinc == "718-7"
    assert entries["gestational-age"].label == "OBSERVATION" and entries["gestational-age"].analyte
    rules = target_rules([hemoglobin], blank().make_doc)
    assert {(r.literal, r.pattern is None) for r in rules} >= {("haemoglobin", True), ("Hgb", False)}
    assert [r.pattern for r in rules if r.literal == "Hgb"] == [[{"TEXT": "Hgb"}]]


NOT, ALLOWED, PAST = {"LOWER": "not"}, {"LOWER": "allowed"}, {"LOWER": "past"}
THE = {"LOWER": "the", "OP": "?"}
DRUG, HYPHEN, FREE = {"LOWER": "drug"}, {"ORTH": "-"}, {"LOWER": "free"}
CHILD, DASH, PUGH = {"TEXT": "Child"}, {"TEXT": "-"}, {"TEXT": "Pugh"}


@pytest.mark.parametrize(("pattern", "expected"), [
    ([NOT, ALLOWED], [NOT, LINE_BREAK, ALLOWED]),
    ([THE, PAST], [THE, LINE_BREAK, PAST]),
    # a hyphen is written to the letter: no line break beside it
    ([DRUG, HYPHEN, FREE], [DRUG, HYPHEN, FREE]),
    ([CHILD, DASH, PUGH], [CHILD, DASH, PUGH]),
])
def test_across_line_breaks(pattern, expected):
    assert across_line_breaks(pattern) == expected


NO_OR_NOT = {"LOWER": {"IN": ["no", "not", "no"]}}


@pytest.mark.parametrize(("pattern", "expected"), [
    ([NO_OR_NOT, ALLOWED], [[{"LOWER": "no"}, ALLOWED], [{"LOWER": "not"}, ALLOWED]]),
    # a set that is optional, or beside another attribute, or not first, stays a set
    ([{**NO_OR_NOT, "OP": "?"}, ALLOWED], [[{**NO_OR_NOT, "OP": "?"}, ALLOWED]]),
    ([{**NO_OR_NOT, "IS_SENT_START": True}], [[{**NO_OR_NOT, "IS_SENT_START": True}]]),
    ([NOT, NO_OR_NOT], [[NOT, NO_OR_NOT]]),
    ([{"LOWER": {"REGEX": "^no"}}], [[{"LOWER": {"REGEX": "^no"}}]]),
])
def test_one_pattern_a_first_word(pattern, expected):
    assert one_pattern_a_first_word(pattern) == expected


def test_every_forward_negation_stops_at_a_time_reference():
    """'Inability to follow-up after surgery': the event a statement is placed at is not denied
    (resources/context_rules.json ref-time), so every forward negation rule lists TIME_REFERENCE;
    a backward one must reach over it ('Chemotherapy before 2020 is not allowed')."""
    rules = load_context_rules().context_rules
    assert {r.category for r in rules if r.id.startswith("ref-")} == {"TIME_REFERENCE"}
    negations = [r for r in rules if r.category == "NEGATED_EXISTENCE"]
    forward = [r for r in negations if r.direction != "BACKWARD"]
    assert forward and all("TIME_REFERENCE" in (r.terminated_by or []) for r in forward)
    assert all("TIME_REFERENCE" not in (r.terminated_by or []) for r in negations if r not in forward)


def test_one_pattern_a_first_word_finds_the_same_matches():
    from spacy.matcher import Matcher

    make_doc = blank().make_doc
    pattern = [{"LOWER": {"IN": ["no", "not"]}}, LINE_BREAK, {"LOWER": {"IN": ["known", "prior"]}}]
    doc = make_doc("No known allergy, not\n  prior surgery, no other; Not known")
    one, split = Matcher(make_doc("").vocab), Matcher(make_doc("").vocab)
    one.add("cue", [pattern])
    split.add("cue", one_pattern_a_first_word(pattern))
    assert split(doc) == one(doc)  # the order too: it settles ties between overlapping cues
    assert [doc[s:e].text for _, s, e in sorted(split(doc), key=lambda m: m[1])] == \
        ["No known", "not\n  prior", "Not known"]


def test_context_finds_the_cues_medspacy_matcher_finds(pipeline):
    """The component's matchers (a pattern's first words as words) and medspaCy's MedspacyMatcher
    over the same rules give the same cues, in the same order."""
    from medspacy.common.medspacy_matcher import MedspacyMatcher

    context = pipeline.get_pipe("criteria_context")
    reference = MedspacyMatcher(pipeline, phrase_matcher_attr="LOWER", prune=True)
    reference.add(list(context.cue_rules.values()))
    texts = ["No history of stroke, diabetes or any other disease; not pregnant or nursing",
             "Patients unable to undergo MRI, with no prior chemotherapy prior to enrollment.",
             "Inability to\n   swallow; free of drug-free intervals, except basal cell carcinoma"]
    for text in texts:
        doc = pipeline.make_doc(f"Inclusion Criteria:\n- {text}")
        for name in ("criteria_sections", "criteria_splitter"):
            doc = pipeline.get_pipe(name)(doc)
        ours = [(m.rule.metadata["id"], *m.modifier_span) for m in context.modifiers(doc)]
        theirs = [(reference.rule_map[pipeline.vocab.strings[k]].metadata["id"], s, e)
                  for k, s, e in reference(doc)]
        assert ours == theirs and ours


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
