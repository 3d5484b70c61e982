"""Label Studio export and import: lossless round trip, the annotator's work preferred over the
prediction, offsets checked against the text."""

import json
import xml.etree.ElementTree as ET

import pytest
from test_annotate_brat import ANNOTATION, TEXT, sample

from nlp.annotate.labelstudio import from_task, import_tasks, labeling_config, task, write_tasks
from nlp.annotate.regions import AnnotateError


def result_of(document=None) -> list[dict]:
    return task(document or sample(), TEXT)["predictions"][0]["result"]


def test_round_trip_is_lossless(tmp_path):
    path = write_tasks([(sample(), TEXT)], tmp_path)
    [back] = import_tasks(path, ANNOTATION)
    assert back.document.model_dump() == sample().model_dump()
    assert back.text == TEXT and "\r\n" in back.text


def test_task_shape_and_per_region_results():
    exported = task(sample(), TEXT)
    assert exported["data"] == {"text": TEXT, "id": "NCT00000001"}
    assert exported["predictions"][0]["model_version"].startswith("criteria-nlp ")
    result = exported["predictions"][0]["result"]
    first = result[0]
    assert first["type"] == "labels" and first["from_name"] == "label" and first["to_name"] == "text"
    assert first["value"]["labels"] == ["Criterion"]
    assert TEXT[first["value"]["start"]:first["value"]["end"]] == first["value"]["text"] == "Age ≥ 18 years"
    same_region = {r["from_name"]: r["value"] for r in result if r.get("id") == first["id"]}
    assert same_region["section"]["choices"] == ["inclusion"]
    assert same_region["criterion_id"]["text"] == ["inc-1"]
    stroke = next(r["id"] for r in result if r["type"] == "labels" and r["value"]["text"] == "stroke")
    [flags] = [r["value"]["choices"] for r in result
               if r.get("id") == stroke and r["from_name"] == "attributes"]
    assert flags == ["negated", "historical", "hypothetical", "family", "exception"]
    relations = [r for r in result if r["type"] == "relation"]
    assert len(relations) == 6 and all(r["labels"] == ["Analyte"] for r in relations)
    notes = [json.loads(r["value"]["text"][0]) for r in result if r.get("from_name") == "threshold"]
    assert {"kind": "measurement", "comparator": "in", "value": None, "values": ["A", "B"],
            "unit": None} in notes


def test_labeling_config_names_every_control_the_results_use():
    config = ET.fromstring(labeling_config())
    names = {e.get("name") for e in config.iter() if e.get("name")}
    used = {r["from_name"] for r in result_of() if "from_name" in r} | {"text"}
    assert used <= names
    labels = {e.get("value") for e in config.iter("Label")}
    assert {"Criterion", "CONDITION", "Threshold", "Analyte"} <= labels
    assert [e.get("value") for e in config.iter("Relation")] == ["Analyte"]


def test_the_last_annotation_wins_over_the_prediction():
    exported = task(sample(), TEXT)
    result = result_of()
    pregnant = next(r["id"] for r in result if r["type"] == "labels" and r["value"]["text"] == "pregnant")
    corrected = [r for r in result if pregnant not in (r.get("id"), r.get("from_id"), r.get("to_id"))]
    for r in corrected:  # the annotator negates "Age"
        if r["type"] == "labels" and r["value"]["text"] == "Age":
            corrected.append({**r, "from_name": "attributes", "type": "choices",
                              "value": {"start": r["value"]["start"], "end": r["value"]["end"],
                                        "choices": ["negated"]}})
            break
    exported["annotations"] = [{"result": []}, {"result": corrected},
                               {"result": [], "was_cancelled": True}]
    document, _ = from_task(exported, "export.json: task 1")
    age = document.criteria[0].entities[0]
    assert age.negated and age.polarity == "exclusion"
    assert [e.text for e in document.criteria[6].entities] == ["stroke"]


def test_a_relation_drawn_backwards_still_links_the_threshold():
    result = [({**r, "from_id": r["to_id"], "to_id": r["from_id"], "direction": "left"}
               if r["type"] == "relation" else r) for r in result_of()]
    exported = {"data": {"text": TEXT, "id": "d"}, "annotations": [{"result": result}]}
    document, _ = from_task(exported, "t")
    assert document.criteria[0].thresholds[0].analyte.text == "Age"


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: r["value"].update(text="Agx ≥ 18 years") if r["type"] == "labels" else None,
     r"export.json: task 1 \(NCT00000001\): region r1: text 'Agx ≥ 18 years' is not the text at 23:37"),
    (lambda r: r["value"].update(labels=["GENE"]) if r["type"] == "labels" else None,
     r"r1 GENE 'Age ≥ 18 years' at 23:37: unknown type"),
    (lambda r: r["value"].update(text=["{not json"]) if r.get("from_name") == "threshold" else None,
     r"region r3: threshold: not JSON"),
    (lambda r: r.update(from_name="colour") if r.get("from_name") == "section" else None,
     r"region r1: colour: choices 'colour' is not part of the labeling config"),
])
def test_unusable_results_are_refused_with_task_and_region(change, message):
    result = result_of()
    first = {"id": result[0]["id"]}
    for r in result:
        if r.get("id") == first["id"] or r.get("from_name") == "threshold":
            change(r)
    with pytest.raises(AnnotateError, match=message):
        from_task({"data": {"text": TEXT, "id": "NCT00000001"}, "predictions": [{"result": result}]},
                  "export.json: task 1")


def test_not_a_task_list_is_refused(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"data": {}}', encoding="utf-8")
    with pytest.raises(AnnotateError, match="not a Label Studio export"):
        import_tasks(path, ANNOTATION)
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(AnnotateError, match=r"export.json: not JSON"):
        import_tasks(path, ANNOTATION)


def test_pipeline_output_round_trips(pipeline):
    from pathlib import Path

    import nlp

    path = Path(__file__).resolve().parents[1] / "scripts" / "examples" / "NCT05793801.txt"
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    document = nlp.extract(text, path.stem)
    back, back_text = from_task(json.loads(json.dumps(task(document, text))), "t")
    # a criterion's logic is derived from the spans by the pipeline, not annotated: it does not travel
    assert any(c.logic is not None for c in document.criteria)
    assert all(c.logic is None for c in back.criteria)
    without_logic = {"criteria": {"__all__": {"logic"}}}
    assert back.model_dump(exclude=without_logic) == document.model_dump(exclude=without_logic)
    assert back_text == text
