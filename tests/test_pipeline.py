"""Building the default pipeline: the shipped recognizer plus the rule components."""

import pytest

from nlp.pipeline import NER_MODEL, PIPE_NAMES, ModelError, build


def test_default_pipeline_loads_the_shipped_recognizer(pipeline):
    assert (NER_MODEL / "config.cfg").is_file()
    assert pipeline.pipe_names == ["ner", *PIPE_NAMES]
    assert set(pipeline.get_pipe("ner").labels) >= {"CONDITION", "DRUG", "PROCEDURE", "MEASUREMENT"}


def test_recognizer_uses_the_tokenizer_of_the_code(pipeline):
    from nlp.pipeline import blank

    text = "AFP≥400ug/L; hypertension（Such"
    assert [t.text for t in pipeline.make_doc(text)] == [t.text for t in blank().make_doc(text)]


def test_rules_alone():
    assert build(ner_model=None).pipe_names == list(PIPE_NAMES)


def test_a_folder_without_a_model_is_refused(tmp_path):
    with pytest.raises(ModelError, match="no trained recognizer"):
        build(ner_model=tmp_path)
