"""Review pages: every criterion, one highlight per entity, a row per threshold, escaped text,
offsets that mark exactly the entity's text; the view and evaluate --html commands."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp
from nlp.cli import app
from nlp.schema import TrialDocument
from nlp.view import render_document
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
    assert all(m["text"].startswith(e.text) for m, e in zip(marks, entities, strict=True))
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
    assert "http" not in (out / "trial.html").read_text(encoding="utf-8").split("<main>")[0]


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
