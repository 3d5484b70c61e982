"""nlp.documents: any trial input as documents; one trial for `criteria match`."""

from __future__ import annotations

import json

import pytest

from nlp.documents import load_trial, read_documents
from nlp.io import InputError

TEXT = "Inclusion Criteria:\n- Age >= 18 years\n"


def study(nct_id: str) -> dict:
    return {"protocolSection": {"identificationModule": {"nctId": nct_id},
                                "eligibilityModule": {"eligibilityCriteria": TEXT}}}


class Unused:
    """A pipeline that must not run."""

    def __getattr__(self, name):
        raise AssertionError(f"the pipeline ran ({name})")

    def __call__(self, *args):
        raise AssertionError("the pipeline ran")


def test_several_records_are_refused_before_the_pipeline_runs(tmp_path):
    path = tmp_path / "studies.jsonl"
    path.write_text("\n".join(json.dumps(study(i)) for i in ("NCT1", "NCT2")), encoding="utf-8")
    with pytest.raises(InputError, match="studies.jsonl: not one trial: 2 records"):
        load_trial(path, Unused())


def test_a_json_file_of_json_lines_is_read_as_records(tmp_path, pipeline):
    path = tmp_path / "studies.json"
    path.write_text("\n".join(json.dumps(study(i)) for i in ("NCT1", "NCT2")), encoding="utf-8")
    assert [r.document.id for r in read_documents(path, lambda: pipeline)] == ["NCT1", "NCT2"]


def test_a_gold_file_is_its_annotations_or_its_text_through_the_pipeline(tmp_path, pipeline):
    gold = {"gold_version": "1", "text": TEXT,
            "annotation": {"annotator": "test", "date": "2026-12-06", "method": "manual"},
            "document": {"id": "G", "criteria": [{"id": "inc-1", "section": "inclusion",
                                                  "text": "Age >= 18 years", "start": 22, "end": 37}]}}
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    (annotated,) = read_documents(path, Unused, gold_annotations=True)
    assert annotated.document.criteria[0].thresholds == []  # as annotated: none
    assert load_trial(path, pipeline).criteria[0].thresholds[0].value == 18


@pytest.mark.parametrize(("content", "problem"), [
    ("", "input.json: empty input"),
    ('{"gold_version": "1"}', "not a trial document"),
    (b"\x1f\x8b broken", "not a readable gzip file"),
])
def test_unreadable_inputs_are_one_line_errors(tmp_path, content, problem):
    path = tmp_path / "input.json"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    with pytest.raises(InputError, match=problem):
        list(read_documents(path, Unused))
