"""Review pages: every criterion, one highlight per entity, a row per threshold, escaped text,
offsets that mark exactly the entity's text; the view and evaluate --html commands."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp
from nlp.cli import app
from nlp.schema import TrialDocument
from nlp.score import score
from nlp.view import page_name, render_document, render_evaluation
from nlp.view.page import Mark, marked

TEXT = ("Inclusion Criteria:\n- Age ≥ 18 years\n- Adequate organ function, defined as:\n"
        "  a) Hemoglobin ≥ 9 g/dL\n  b) AST ≤ 2.5 × ULN (≤ 5 × ULN for patients with liver metastases)\n"
        "Exclusion Criteria:\n- No prior treatment with sorafenib\n"
        "- Uncontrolled hypertension <script>x</script>\n")


class Elements(HTMLParser):
    """Each element's tag, attributes and the text directly inside it, in document order."""

    def __init__(self):
        super().__init__()
        self.found: list[dict] = []
        self.open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        within = next((e["data-criterion"] for e in reversed(self.open) if "data-criterion" in e), None)
        element = {"tag": tag, **dict(attrs), "text": "", "within": within}
        self.found.append(element)
        if tag not in ("meta", "input", "br"):
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open and self.open.pop()["tag"] != tag:
            pass

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def having(self, cls: str) -> list[dict]:
        return [e for e in self.found if cls in e.get("class", "").split()]


def parsed(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    return elements


@pytest.fixture(scope="module")
def document(pipeline) -> TrialDocument:
    return nlp.doc_to_document(pipeline(TEXT), "view-test")


def test_a_page_shows_every_criterion_entity_and_threshold(document):
    page = parsed(render_document(document, "test.txt"))
    assert [e["data-criterion"] for e in page.having("criterion")] == [c.id for c in document.criteria]
    entities = [e for c in document.criteria for e in c.entities]
    marks = page.having("ent")
    assert [m["data-id"] for m in marks] == [e.id for e in entities]
    assert [t["text"] for t in page.having("txt")] == [e.text for e in entities]  # exactly its text
    assert [json.loads(m["data-fields"])["start"] for m in marks] == [e.start for e in entities]
    rows = page.having("threshold")
    assert [r["data-id"] for r in rows] == [t.id for c in document.criteria for t in c.thresholds]
    assert len(rows) >= 4


def test_flags_polarity_and_sub_items_are_visible(document):
    page = parsed(render_document(document))
    by_text = {m["text"].split("CONDITION")[0].split("DRUG")[0]: m for m in page.having("ent")}
    sorafenib = by_text["sorafenib"]
    assert "negated" in sorafenib["class"] and "NEG" in sorafenib["text"]
    assert "pol-inclusion" in sorafenib["class"]  # negated under exclusion, the polarity flips
    within = {e["data-criterion"]: e["within"] for e in page.having("criterion")}
    assert within == {c.id: c.parent for c in document.criteria}  # sub-items inside their header
    assert [e for e in page.having("modifier") if e["text"] == "Uncontrolled"]


def test_text_is_escaped():
    doc = TrialDocument.model_validate({"id": "x", "criteria": [
        {"id": "inc-1", "section": "inclusion", "text": "<b>bold</b> & more", "start": 0, "end": 18}]})
    html = render_document(doc)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html and "<b>bold" not in html


@pytest.mark.parametrize(("marks", "expected"), [
    ([Mark(12, 15, "[", "]")], "ab[cde]fg"),
    ([Mark(10, 12, "[", "]"), Mark(11, 13, "(", ")")], "[ab]cdefg"),  # an overlap is left out
    ([Mark(14, 30, "[", "]")], "abcdefg"),  # past the text
])
def test_marked(marks, expected):
    assert marked("abcdefg", 10, marks) == expected


def test_view_command_writes_a_page_per_input(tmp_path):
    text = tmp_path / "trial.txt"
    text.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "pages"
    result = runner.invoke(app, ["view", str(text), "-o", str(out)])
    assert result.exit_code == 0, result.output
    document_json = tmp_path / "doc.json"
    document_json.write_text(json.loads(json.dumps(runner.invoke(app, ["extract", str(text)]).stdout)),
                             encoding="utf-8")
    assert runner.invoke(app, ["view", str(document_json), "-o", str(out)]).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["doc.html", "trial.html"]
    assert (out / "doc.html").read_text(encoding="utf-8").count('class="criterion') == \
        (out / "trial.html").read_text(encoding="utf-8").count('class="criterion')
    page = (out / "trial.html").read_text(encoding="utf-8")
    for loads in ("src=", "href=", "url(", "@import", "fetch(", "XMLHttpRequest"):  # nothing from outside
        assert loads not in page, loads


def test_view_shows_a_gold_file_s_annotations_and_documents_as_batch_writes_them(tmp_path):
    text = "Inclusion Criteria:\n- Age >= 18 years\n"
    gold = {"gold_version": "1", "text": text,
            "annotation": {"annotator": "test", "date": "2026-12-06", "method": "manual"},
            "document": {"id": "a/b", "criteria": [{
                "id": "inc-1", "section": "inclusion", "text": "Age >= 18 years", "start": 22, "end": 37,
                "entities": [{"label": "DRUG", "text": "Age", "start": 22, "end": 25,
                              "polarity": "inclusion"}]}]}}
    gold_file = tmp_path / "gold.json"
    gold_file.write_text(json.dumps(gold), encoding="utf-8")
    batch_output = tmp_path / "results.jsonl.gz"
    documents = [{**gold["document"], "id": "NCT1"}, {**gold["document"], "id": "NCT1"}]
    with gzip.open(batch_output, "wt", encoding="utf-8") as f:
        f.write("".join(json.dumps({"schema_version": "1.8", **d}) + "\n" for d in documents))
    out = tmp_path / "pages"
    inputs = [str(gold_file), str(batch_output), str(gold_file)]
    result = CliRunner().invoke(app, ["view", *inputs, "-o", str(out)])
    assert result.exit_code == 0, result.output
    # the gold's own label (no pipeline reads 'Age' as a drug), a safe name for a repeated stem or id
    assert sorted(p.name for p in out.iterdir()) == [
        "gold-2.html", "gold.html", "results.jsonl-NCT1-2.html", "results.jsonl-NCT1.html"]
    marks = parsed((out / "gold.html").read_text(encoding="utf-8")).having("ent")
    assert [m["data-label"] for m in marks] == ["DRUG"]


def test_page_names_are_safe_and_unique():
    taken: set[str] = set()
    assert [page_name(stem, taken) for stem in ("x", "x", "a/b c", "..", "x-2")] == [
        "x.html", "x-2.html", "a_b_c.html", "page.html", "x-2-2.html"]


def test_view_of_several_records_and_bad_input(tmp_path):
    studies = tmp_path / "studies.jsonl"
    study = {"protocolSection": {"identificationModule": {"nctId": "NCT00000001"},
                                 "eligibilityModule": {"eligibilityCriteria": TEXT}}}
    other = json.loads(json.dumps(study))
    other["protocolSection"]["identificationModule"]["nctId"] = "NCT00000002"
    studies.write_text(json.dumps(study) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    out = tmp_path / "pages"
    result = CliRunner().invoke(app, ["view", str(studies), str(tmp_path / "missing.txt"), "-o", str(out)])
    assert result.exit_code == 2
    assert sorted(p.name for p in out.iterdir()) == ["studies-NCT00000001.html", "studies-NCT00000002.html"]
    assert "missing.txt: no such file" in result.output and "Traceback" not in result.output


def test_evaluate_writes_an_error_page(tmp_path):
    root = Path(__file__).resolve().parents[1]
    page = tmp_path / "errors.html"
    gold = root / "annotations" / "seeds" / "NCT05602974.json"
    result = CliRunner().invoke(app, ["evaluate", "--gold", str(gold), "--run", "--html", str(page)])
    assert result.exit_code == 0, result.output
    elements = parsed(page.read_text(encoding="utf-8"))
    pairs = [e for e in elements.found if e.get("class") == "pair"]
    assert len(pairs) == len(elements.having("criterion")) - len(
        [e for e in elements.having("criterion") if e.get("data-criterion") == "outside"])
    assert elements.having("fn") or elements.having("fp")  # this seed has known errors
    assert elements.having("side-gold") and elements.having("side-predicted")


def test_the_evaluation_page_marks_each_side_and_lists_every_error():
    """A gold and a predicted entity on one span with other labels: the gold one is missed, the
    predicted one spurious; a predicted criterion across two gold ones is an error shown too."""
    text = "Inclusion Criteria:\n- DVT\n- Age 18\n"
    entity = {"text": "DVT", "start": 22, "end": 25, "polarity": "inclusion"}
    gold = TrialDocument.model_validate({"id": "T", "criteria": [
        {"id": "inc-1", "section": "inclusion", "text": "DVT", "start": 22, "end": 25,
         "entities": [{**entity, "label": "CONDITION"}]},
        {"id": "inc-2", "section": "inclusion", "text": "Age 18", "start": 28, "end": 34}]})
    predicted = TrialDocument.model_validate({"id": "T", "criteria": [
        {"id": "inc-1", "section": "inclusion", "text": text[22:34], "start": 22, "end": 34,
         "entities": [{**entity, "label": "DRUG"}]}]})
    report = score([(text, gold, predicted)])
    page = parsed(render_evaluation([(gold, predicted)], report))
    gold_side, predicted_side = page.having("side-gold")[0], page.having("side-predicted")[0]
    assert [m["data-label"] for m in page.having("fn")] == ["CONDITION"]
    assert [m["data-label"] for m in page.having("fp") if m["tag"] == "mark"] == ["DRUG"]
    assert "DVT" in gold_side["text"] and "DVT" in predicted_side["text"]
    error_cells = [e for e in page.found if e["tag"] == "td" and e.get("class", "").startswith("err-")]
    assert len(error_cells) == len(report.errors) >= 3  # each error listed once, the criteria's too
    assert [e["text"] for e in error_cells].count("false positive") >= 2
