import pytest
from spacy.language import Language

from nlp.gold import offset_problems
from nlp.records import Failure, Record, read_records
from nlp.schema import Criterion, TrialDocument
from nlp.sweep import Problem, check_text, sweep

TEXT = "Inclusion Criteria:\n- Hemoglobin >= 9 g/dL"


@Language.component("test_sweep_raises")
def raises(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("boom")
    return doc


@Language.component("test_sweep_bad_section")
def bad_section(doc):
    doc._.criteria = [{"id": "x-1", "section": "neither", "start": 0, "end": 4, "parent": None}]
    return doc


@pytest.fixture(scope="module")
def rules():
    from nlp.pipeline import build

    return build(None)


def problems(pipeline, items):
    return [p for p in sweep(items, pipeline) if isinstance(p, Problem)]


def test_an_exception_is_a_problem_of_its_record_and_the_sweep_goes_on(rules):
    rules.add_pipe("test_sweep_raises", first=True)
    try:
        found = problems(rules, [Record("A", "BOOM " + TEXT, "in:1"), Record("B", TEXT, "in:2"),
                                 Failure(None, "in:3", "malformed JSON")])
    finally:
        rules.remove_pipe("test_sweep_raises")
    assert [(p.id, p.source, p.kind) for p in found] == [("A", "in:1", "exception"), (None, "in:3", "unread")]
    assert found[0].detail.startswith("RuntimeError: boom (at ")  # where it was raised, on one line


def test_a_document_the_schema_refuses_is_a_problem(rules):
    rules.add_pipe("test_sweep_bad_section")
    try:
        [(kind, detail)] = check_text(rules, TEXT, "A")
    finally:
        rules.remove_pipe("test_sweep_bad_section")
    assert kind == "schema" and "section" in detail


def test_offsets_that_do_not_give_the_text_are_problems():
    document = TrialDocument(id="A", criteria=[Criterion(id="inc-1", section="inclusion", text="Hemo",
                                                         start=0, end=4)])
    assert offset_problems(document, "Hemoglobin") == []
    assert offset_problems(document, "xHemoglobin") == [
        "criterion inc-1 'Hemo' at 0:4 reads 'xHem' in the text"]


def test_no_problem_on_the_lct_and_api_v2_texts(pipeline, lct_dir):
    studies = lct_dir.parent / "ctgov_v2" / "studies_sample.json"
    items = list(read_records([str(lct_dir / "brat"), str(studies)]))
    assert len(items) == 857
    assert [p.line() for p in problems(pipeline, items)] == []


def test_a_review_page_that_fails_or_misses_an_entity_is_a_problem(rules, monkeypatch):
    import nlp.sweep

    assert list(check_text(rules, TEXT, "A")) == []
    monkeypatch.setattr(nlp.sweep, "render_document", lambda document: "<p>no marks</p>")
    [(kind, detail)] = check_text(rules, TEXT, "A")
    assert kind == "view" and detail.startswith("0 highlights for ")

    def broken(document):
        raise KeyError("label")

    monkeypatch.setattr(nlp.sweep, "render_document", broken)
    [(kind, detail)] = check_text(rules, TEXT, "A")
    assert kind == "view" and detail.startswith("KeyError")


def test_table_rows_that_fail_or_miss_a_column_are_a_problem(rules, monkeypatch):
    import nlp.sweep

    assert list(check_text(rules, TEXT, "A")) == []

    def broken(documents):
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr(nlp.sweep, "rows", broken)
    [(kind, detail)] = check_text(rules, TEXT, "A")
    assert kind == "tables" and detail.startswith("TypeError")
    monkeypatch.setattr(nlp.sweep, "rows", lambda documents: iter([("trials", {"trial_id": "A"})]))
    [(kind, detail)] = check_text(rules, TEXT, "A")
    assert kind == "tables" and detail.startswith("trials row: columns [")
