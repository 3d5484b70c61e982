"""validate: one test per check; each message names the file, the line and the object."""

import json

import pytest
from test_annotate_brat import ANNOTATION, TEXT, entity, gold, sample, span

from nlp.annotate.validate import check_file, object_lines, validate
from nlp.gold import GoldError, sha256, write_gold
from nlp.schema import GoldDocument, StandOffSource


def clean() -> GoldDocument:
    """The sample made to follow the guideline: no polarity override ('Vitamin B12' is made an
    entity too, though an analyte need not be one)."""
    document = sample()
    exc1, exc2 = document.criteria[6], document.criteria[7]
    exc1.entities[1] = exc1.entities[1].model_copy(update={"polarity": "exclusion"})
    exc2.entities.append(entity("Vitamin B12", "MEASUREMENT", "exclusion"))
    return gold(type(document).model_validate(document.model_dump()))  # as read from a file: ids by position


def written(tmp_path, document: GoldDocument | dict, name: str = "NCT00000001.json"):
    path = tmp_path / name
    if isinstance(document, GoldDocument):
        write_gold(document, path)
    else:
        path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def line_of(path, fragment: str, before: int = 0) -> int:
    """The line holding fragment, less before (to reach the '{' opening its object)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line) - before


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_clean_gold_file_has_no_problem(tmp_path):
    assert validate(written(tmp_path, clean())) == []
    assert check_file(written(tmp_path, clean()))[0] == 1


def test_not_json_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n "gold_version": "1",\n "text": nope\n}\n', encoding="utf-8")
    [problem] = validate(path)
    assert str(problem).startswith(f"{path}:3: not JSON (Expecting value at line 3 column 10)")


def test_an_unknown_label_is_said_plainly_at_its_object(tmp_path):
    raw = clean().model_dump(mode="json")
    raw["document"]["criteria"][0]["entities"][0]["label"] = "GENE"
    path = written(tmp_path, raw)
    [problem] = validate(path)
    assert problem.line == line_of(path, '"label": "GENE"', before=2)
    assert problem.message == ("criterion inc-1: entity 'Age' at 23:26: unknown label 'GENE' (known: "
                               "CONDITION, DRUG, PROCEDURE, MEASUREMENT, OBSERVATION, DEVICE, DEMOGRAPHIC)")


def test_every_schema_error_is_listed_with_its_field(tmp_path):
    raw = clean().model_dump(mode="json")
    raw["annotation"]["date"] = "22/11/2026"
    raw["document"]["criteria"][1]["thresholds"][0]["comparator"] = "~"
    found = messages(validate(written(tmp_path, raw)))
    assert any(m.endswith("annotation.date: String should match pattern '^\\d{4}-\\d{2}-\\d{2}$'")
               for m in found)
    assert any("criterion inc-2: threshold '≥ 100×10^9/L' at 51:63: comparator: Input should be" in m
               for m in found)


def test_offsets_that_miss_the_text(tmp_path):
    raw = clean().model_dump(mode="json")
    raw["document"]["criteria"][0]["entities"][0]["text"] = "Agx"
    raw["document"]["criteria"][7]["thresholds"][0]["analyte"]["start"] += 1
    raw["document"]["criteria"][7]["thresholds"][0]["analyte"]["end"] += 1
    path = written(tmp_path, raw)
    found = messages(validate(path))
    line = line_of(path, '"text": "Agx"', before=3)
    assert f"{path}:{line}: criterion inc-1: entity 'Agx' at 23:26 reads 'Age' in the text" in found
    assert any(": criterion exc-2: threshold '< 200 µg/L' at 300:310: analyte 'Vitamin B12' at 289:300 "
               "reads 'itamin B12 ' in the text" in m for m in found)


def test_an_entity_span_twice_or_with_two_labels(tmp_path):
    document = clean()
    age = document.document.criteria[0].entities[0]
    document.document.criteria[0].entities += [age, age.model_copy(update={"label": "MEASUREMENT"})]
    path = written(tmp_path, document)
    found = messages(validate(path))
    first = line_of(path, '"label": "DEMOGRAPHIC"', before=2)
    assert len(found) == 3
    assert found[0].endswith(f"criterion inc-1: entity 'Age' at 23:26: annotated twice as DEMOGRAPHIC "
                             f"(also at line {first})")
    assert "criterion inc-1: entity 'Age' at 23:26: annotated with two labels, DEMOGRAPHIC and MEASUREMENT" \
           in found[1]


def stray() -> GoldDocument:
    """The sample with exc-2's analyte moved onto inc-1's 'Age': a span outside its criterion."""
    document = sample()
    b12 = document.criteria[7].thresholds[0]
    document.criteria[7].thresholds[0] = b12.model_copy(
        update={"analyte": b12.analyte.model_copy(update=span("Age"))})
    return gold(document)


def test_a_threshold_analyte_need_not_be_an_entity(tmp_path):
    path = written(tmp_path, gold())  # the sample: 'Vitamin B12' is no entity of exc-2
    assert [p for p in validate(path) if "analyte" in p.message] == []


def test_a_threshold_analyte_must_lie_inside_its_criterion(tmp_path):
    path = written(tmp_path, stray())
    [problem] = [p for p in validate(path) if "analyte" in p.message]
    analyte_lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                     if '"analyte": {' in line]
    assert problem.line == analyte_lines[-1]  # exc-2's analyte object, the last one
    assert problem.message == ("criterion exc-2: threshold '< 200 µg/L' at 300:310: analyte 'Age' at "
                               "23:26 lies outside the criterion (288:310)")


@pytest.mark.parametrize("comparator, flagged", [
    (">=", False),  # '≥ 18 years' states '>='
    (">", True),  # the strict slip: '≥' read as '>'
    ("<=", True),  # the direction reversed
    ("=", True),  # the comparator left out
    ("between", False),  # a range or list is not read against one comparison
])
def test_a_threshold_comparator_must_agree_with_its_text(tmp_path, comparator, flagged):
    document = clean()
    age = document.document.criteria[0].thresholds[0]  # '≥ 18 years'
    document.document.criteria[0].thresholds[0] = age.model_copy(update={"comparator": comparator})
    found = [p.message for p in validate(written(tmp_path, document)) if "comparator" in p.message]
    expected = [f"criterion inc-1: threshold '≥ 18 years' at 27:37: comparator {comparator!r}, but its "
                "text states '>='"]
    assert found == (expected if flagged else [])


def test_a_range_or_list_text_states_no_single_comparator(tmp_path):
    document = clean()
    list_threshold = document.document.criteria[4].thresholds[0]  # 'A or B'
    document.document.criteria[4].thresholds[0] = list_threshold.model_copy(update={"comparator": "="})
    assert [p for p in validate(written(tmp_path, document)) if "comparator" in p.message] == []


def test_a_modifier_must_give_its_text_and_lie_outside_its_entity(tmp_path):
    from nlp.schema import Modifier

    document = clean()
    inc1 = document.document.criteria[0]  # 'Age ≥ 18 years', entity 'Age'
    age = inc1.entities[0]
    shifted = Modifier(kind="certainty", text="Age", start=age.start, end=age.end)  # on the entity itself
    inc1.entities[0] = age.model_copy(update={"modifiers": [shifted]})
    found = [p.message for p in validate(written(tmp_path, document)) if "modifier" in p.message]
    assert found == [f"criterion inc-1: entity 'Age' at {age.start}:{age.end}: modifier 'Age' at "
                     f"{age.start}:{age.end} must lie in the criterion and outside the entity"]
    wrong_text = Modifier(kind="certainty", text="xy", start=age.end, end=age.end + 2)
    inc1.entities[0] = age.model_copy(update={"modifiers": [wrong_text]})
    found = [p.message for p in validate(written(tmp_path, document)) if "modifier" in p.message]
    assert len(found) == 1 and "reads" in found[0]


def test_polarity_is_the_section_flipped_by_negation(tmp_path):
    path = written(tmp_path, gold())  # the sample: 'pregnant' overrides its polarity
    [problem] = [p for p in validate(path) if "polarity" in p.message]
    assert problem.line == line_of(path, '"text": "pregnant"', before=3)
    assert problem.message == ("criterion exc-1: entity 'pregnant' at 276:284: polarity inclusion, "
                               "expected exclusion (the exclusion section)")


def test_criterion_ids_unique_and_parents_present(tmp_path):
    document = clean()
    criteria = document.document.criteria
    criteria[1] = criteria[1].model_copy(update={"id": "inc-1"})
    criteria[3] = criteria[3].model_copy(update={"parent": "inc-9"})
    path = written(tmp_path, document)
    found = messages(validate(path))
    first = line_of(path, '"id": "inc-1"', before=1)
    assert any(m.endswith(f"criterion inc-1: id used twice (first at line {first})") for m in found)
    assert any(": criterion inc-3.1: parent inc-9 is not another criterion of the document" in m
               for m in found)


def test_jsonl_problems_carry_the_document_line_and_a_directory_skips_other_json(tmp_path):
    good = clean().model_dump_json()
    bad = stray().model_dump_json()
    (tmp_path / "set.jsonl").write_text(f"{good}\n\n{bad}\n", encoding="utf-8")
    (tmp_path / "floors.json").write_text('{"entities": {"f1": 0.8}}\n', encoding="utf-8")
    found = validate(tmp_path)
    assert {p.line for p in found} == {3} and len(found) == 2
    assert check_file(tmp_path / "set.jsonl")[0] == 2


def test_stand_off_gold_needs_its_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(corpus / "d.txt", "w", encoding="utf-8", newline="") as f:
        f.write(TEXT)
    stand_off = GoldDocument(source=StandOffSource(corpus="c", document="d.txt", sha256=sha256(TEXT)),
                             annotation=ANNOTATION, document=clean().document)
    path = written(tmp_path, stand_off)
    assert validate(path, corpus) == []
    [problem] = validate(path)
    line = line_of(path, '"source"')
    assert str(problem) == f"{path}:{line}: stand-off gold for corpus 'c' needs the corpus path"


def test_a_missing_path_is_an_error():
    with pytest.raises(GoldError, match="no such file or directory"):
        validate(__import__("pathlib").Path("/nonexistent/gold.json"))


def test_object_lines_follow_nesting():
    raw = '{\n "a": [\n  {"b": 1},\n  {\n   "c": {"d": []}\n  }\n ]\n}'
    assert object_lines(raw) == {(): 1, ("a", 0): 3, ("a", 1): 4, ("a", 1, "c"): 5}
