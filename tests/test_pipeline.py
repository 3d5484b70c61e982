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


def test_recognizer_multiplies_with_numpy_and_finds_the_same_entities(pipeline):
    from thinc.api import NumpyOps

    layers = list(pipeline.get_pipe("ner").model.walk())
    assert layers and all(not layer.ops.use_blis for layer in layers)
    with_blis = build()
    for layer in with_blis.get_pipe("ner").model.walk():
        layer.ops = NumpyOps(use_blis=True)
    texts = ["Uncontrolled hypertension despite treatment with two antihypertensive drugs.",
             "Serum creatinine > 1.5 mg/dL or creatinine clearance < 60 mL/min; prior chemotherapy"]

    def entities(nlp):
        return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]

    found = entities(pipeline)
    assert all(found) and found == entities(with_blis)
