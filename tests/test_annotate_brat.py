"""brat export and import: lossless round trip, and edits made in brat read back as those edits.

SAMPLE (also used by the other annotate tests) has CRLF line ends, non-ASCII (≥, ×, µ), a criterion
over two lines, a nested criterion, an entity with every attribute, a polarity override, a ULN
threshold, a 'between' range, an 'in' list of strings, an analyte that is no entity, an analyte
null, and a requirement that is not Requirement.of the threshold.
"""

from pathlib import Path

import pytest

from nlp.annotate.brat import annotation_conf, import_brat, read_brat, write_brat
from nlp.annotate.regions import AnnotateError
from nlp.importers.brat import BratError
from nlp.schema import (
    Analyte,
    Annotation,
    Criterion,
    Entity,
    GoldDocument,
    Normalized,
    Requirement,
    Threshold,
    TrialDocument,
)

TEXT = ("Inclusion Criteria:\r\n"
        "- Age ≥ 18 years\r\n"
        "- Platelets ≥ 100×10^9/L\r\n  and bilirubin ≤ 1.5 × ULN\r\n"
        "- Adequate organ function:\r\n"
        "  - creatinine between 0.5 and 1.5 mg/dL\r\n"
        "  - Child-Pugh class A or B\r\n"
        "- 18 years or older\r\n"
        "Exclusion Criteria:\r\n"
        "- No family history of stroke, except if pregnant\r\n"
        "- Vitamin B12 < 200 µg/L\r\n")
ANNOTATION = Annotation(annotator="test", date="2026-11-22", method="manual")


def at(phrase: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def span(phrase: str, occurrence: int = 0) -> dict:
    start, end = at(phrase, occurrence)
    return {"text": phrase, "start": start, "end": end}


def entity(phrase: str, label: str, polarity: str = "inclusion", occurrence: int = 0, **flags) -> Entity:
    return Entity(label=label, polarity=polarity, **span(phrase, occurrence), **flags)


def threshold(written: str, analyte: str | None, comparator: str, value, section="inclusion", *,
              name=None, code=None, kind="measurement", upper=None, values=None, unit=None,
              requirement=None, occurrence=0, **extra) -> Threshold:
    mention = None if analyte is None else Analyte(name=name, code=code, **span(analyte, occurrence))
    return Threshold(kind=kind, analyte=mention, comparator=comparator, value=value, upper=upper,
                     values=values, unit=unit, **span(written),
                     requirement=requirement or Requirement.of(comparator, value, upper, values, section),
                     **extra)


def criterion(cid: str, phrase: str, section: str = "inclusion", entities=(), thresholds=(), parent=None):
    return Criterion(id=cid, section=section, parent=parent, entities=list(entities),
                     thresholds=list(thresholds), **span(phrase))


def sample() -> TrialDocument:
    two_lines = "Platelets ≥ 100×10^9/L\r\n  and bilirubin ≤ 1.5 × ULN"
    return TrialDocument(id="NCT00000001", criteria=[
        criterion("inc-1", "Age ≥ 18 years", entities=[entity("Age", "DEMOGRAPHIC")], thresholds=[
            threshold("≥ 18 years", "Age", ">=", 18.0, kind="age", unit="years",
                      normalized=Normalized(value=18.0, unit="year", factor=1.0))]),
        criterion("inc-2", two_lines, entities=[
            entity("Platelets", "MEASUREMENT"), entity("bilirubin", "MEASUREMENT")], thresholds=[
            threshold("≥ 100×10^9/L", "Platelets", ">=", 100.0, unit="×10^9/L", name="Platelet count",
                      code="777-3", normalized=Normalized(value=100.0, unit="1e9/L", factor=1.0)),
            threshold("≤ 1.5 × ULN", "bilirubin", "<=", 1.5, relative_to="ULN", name="Total bilirubin",
                      code="1975-2")]),
        criterion("inc-3", "Adequate organ function:"),
        criterion("inc-3.1", "creatinine between 0.5 and 1.5 mg/dL", parent="inc-3",
                  entities=[entity("creatinine", "MEASUREMENT")], thresholds=[
                      threshold("between 0.5 and 1.5 mg/dL", "creatinine", "between", 0.5, upper=1.5,
                                unit="mg/dL", lower_inclusive=False, condition="in men")]),
        criterion("inc-3.2", "Child-Pugh class A or B", parent="inc-3",
                  entities=[entity("Child-Pugh class", "MEASUREMENT")], thresholds=[
                      threshold("A or B", "Child-Pugh class", "in", None, values=["A", "B"])]),
        criterion("inc-4", "18 years or older", thresholds=[
            threshold("18 years or older", None, ">=", 18.0, kind="age", unit="years")]),
        criterion("exc-1", "No family history of stroke, except if pregnant", "exclusion", entities=[
            entity("stroke", "CONDITION", "inclusion", negated=True, historical=True, hypothetical=True,
                   family=True, exception=True),
            entity("pregnant", "OBSERVATION", "inclusion", hypothetical=True)]),  # polarity override
        criterion("exc-2", "Vitamin B12 < 200 µg/L", "exclusion", thresholds=[
            threshold("< 200 µg/L", "Vitamin B12", "<", 200.0, "exclusion", unit="µg/L",
                      normalization_error="no molar mass for Vitamin B12",
                      requirement=Requirement(comparator="<", value=200.0))]),  # not Requirement.of
    ])


def gold(document: TrialDocument | None = None, text: str = TEXT) -> GoldDocument:
    return GoldDocument(text=text, annotation=ANNOTATION, document=document or sample())


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write(path: Path, data: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(data)


def test_round_trip_is_lossless_and_the_text_byte_exact(tmp_path):
    txt = write_brat(sample(), TEXT, tmp_path)
    assert txt.read_bytes() == TEXT.encode("utf-8")
    assert (tmp_path / "annotation.conf").read_text(encoding="utf-8") == annotation_conf()
    back = import_brat(txt, ANNOTATION)
    assert back.document.model_dump() == sample().model_dump()
    assert back.text == TEXT and back.annotation == ANNOTATION


def test_the_ann_file_is_what_an_annotator_edits(tmp_path):
    ann = read(write_brat(sample(), TEXT, tmp_path).with_suffix(".ann"))
    lines = ann.splitlines()
    assert "\r" not in ann
    start, end = at("Platelets ≥ 100×10^9/L\r\n  and bilirubin ≤ 1.5 × ULN")
    middle = TEXT.index("\r\n", start)
    # a criterion over two lines is written as brat writes one: fragments split at the line break
    assert f"T4\tCriterion {start} {middle};{middle + 2} {end}\t" \
           f"Platelets ≥ 100×10^9/L   and bilirubin ≤ 1.5 × ULN" in lines
    assert "A1\tSection T1 inclusion" in lines
    assert '#1\tAnnotatorNotes T1\t{"id": "inc-1"}' in lines
    assert any(line.startswith("#") and line.endswith('{"id": "inc-3.1", "parent": "inc-3"}')
               for line in lines)
    stroke = next(line.split("\t")[0] for line in lines if line.endswith("\tstroke"))
    for name in ("Negated", "Historical", "Hypothetical", "Family", "Exception"):
        assert any(line.endswith(f"\t{name} {stroke}") for line in lines)
    pregnant = next(line.split("\t")[0] for line in lines if line.endswith("\tpregnant"))
    assert any(line.endswith(f"\tPolarity {pregnant} inclusion") for line in lines)
    assert not any(line.endswith(f"\tPolarity {stroke} inclusion") for line in lines)  # derived
    # the analyte that is no entity gets an Analyte span; the relation points at it
    b12 = next(line.split("\t")[0] for line in lines if line.endswith("\tVitamin B12"))
    assert any(line.startswith(f"{b12}\tAnalyte ") for line in lines)
    assert any(line.startswith("R") and line.endswith(f"Arg2:{b12}") for line in lines)
    note = next(line for line in lines if '"µg/L"' in line)
    assert '"requirement": {"comparator": "<"' in note  # kept: not Requirement.of
    assert '"requirement"' not in next(line for line in lines if '"ULN"' in line)  # recomputed


def edited(tmp_path: Path, change) -> TrialDocument:
    txt = write_brat(sample(), TEXT, tmp_path)
    ann = txt.with_suffix(".ann")
    write(ann, "".join(line + "\n" for line in change(read(ann).splitlines())))
    return read_brat(txt)[0]


def span_id(lines: list[str], text: str) -> str:
    return next(line.split("\t")[0] for line in lines if line.startswith("T") and line.endswith("\t" + text))


def test_a_changed_label_is_read_back(tmp_path):
    def relabel(lines):
        tid = span_id(lines, "Platelets")
        return [line.replace("MEASUREMENT", "CONDITION") if line.startswith(tid + "\t") else line
                for line in lines]

    document = edited(tmp_path, relabel)
    assert [e.label for e in document.criteria[1].entities] == ["CONDITION", "MEASUREMENT"]
    assert document.criteria[1].thresholds[0].analyte.text == "Platelets"  # the link stays


def test_a_deleted_entity_is_gone(tmp_path):
    def delete(lines):
        tid = span_id(lines, "pregnant")
        return [line for line in lines if not (line.startswith(tid + "\t") or line.endswith(" " + tid)
                                               or f" {tid} " in line)]

    document = edited(tmp_path, delete)
    assert [e.text for e in document.criteria[6].entities] == ["stroke"]


def test_toggling_negated_flips_the_derived_polarity(tmp_path):
    def toggle(lines):
        stroke = span_id(lines, "stroke")
        return [*(line for line in lines if not line.endswith(f"\tNegated {stroke}")),
                f"A99\tNegated {span_id(lines, 'Age')}"]

    document = edited(tmp_path, toggle)
    age, stroke = document.criteria[0].entities[0], document.criteria[6].entities[0]
    assert age.negated and age.polarity == "exclusion"
    assert not stroke.negated and stroke.polarity == "exclusion" and stroke.historical


def test_a_new_span_drawn_in_brat_joins_its_criterion(tmp_path):
    def add(lines):
        start, end = at("organ function")
        return [*lines, f"T99\tCONDITION {start} {end}\torgan function"]

    [new] = edited(tmp_path, add).criteria[2].entities
    assert (new.label, new.text, new.polarity, new.negated) == (
        "CONDITION", "organ function", "inclusion", False)


def test_an_edited_threshold_note_recomputes_the_requirement(tmp_path):
    def edit(lines):
        return [line.replace('"comparator": ">=", "value": 18.0, "unit": "years"}',
                             '"comparator": ">", "value": 17.0, "unit": "years"}') for line in lines]

    [t] = edited(tmp_path, edit).criteria[5].thresholds
    assert (t.comparator, t.value, t.requirement.comparator) == (">", 17.0, ">")


@pytest.mark.parametrize(("change", "message"), [
    (lambda lines: [*lines, "T99\tCONDITION 0 5\tWrong"], r"T99: the text 'Wrong' is not the text"),
    (lambda lines: [*lines, "T99\tGENE 2 5\tclu"], r"T99 GENE 'clu' at 2:5: unknown type"),
    (lambda lines: [*lines, "T99\tCONDITION 0 9\tInclusion"],
     r"T99 CONDITION 'Inclusion' at 0:9: lies in no"),
    (lambda lines: [line.replace('{"id": "inc-1"}', '{"id": inc-1}') for line in lines],
     r"the note of T1 is not JSON"),
    (lambda lines: [line for line in lines if not line.startswith("#1\t")],
     r"T1 Criterion .*no criterion id"),
    (lambda lines: [*lines, "T99\tThreshold 23 26\tAge"], r"T99 Threshold 'Age' at 23:26: needs kind and"),
    (lambda lines: [*lines, "X1 broken"], r"\.ann:\d+: cannot read 'X1 broken'"),
    (lambda lines: [*lines, "T99\tCONDITION two\tAge"], r"\.ann:\d+: cannot read"),
    (lambda lines: [*lines, "E1\tCONDITION:T2"], r"events \(E1\) are not part of this format"),
])
def test_unusable_edits_are_refused_with_file_and_span(tmp_path, change, message):
    with pytest.raises((AnnotateError, BratError), match=message):
        edited(tmp_path, change)


def test_pipeline_output_round_trips(tmp_path, pipeline):
    import nlp

    path = Path(__file__).resolve().parents[1] / "scripts" / "examples" / "NCT05793801.txt"
    text = read(path)
    document = nlp.extract(text, path.stem)
    assert any(t.analyte is not None for c in document.criteria for t in c.thresholds)
    back = import_brat(write_brat(document, text, tmp_path), ANNOTATION)
    # a criterion's logic is derived from the spans by the pipeline, not annotated: it does not travel
    assert any(c.logic is not None for c in document.criteria)
    assert all(c.logic is None for c in back.document.criteria)
    without_logic = {"criteria": {"__all__": {"logic"}}}
    assert back.document.model_dump(exclude=without_logic) == document.model_dump(exclude=without_logic)
    ann = read(tmp_path / f"{document.id}.ann")
    assert '"requirement"' not in ann  # Requirement.of gives back what the pipeline wrote


def test_an_unsafe_document_id_is_refused(tmp_path):
    with pytest.raises(AnnotateError, match="not a safe file name"):
        write_brat(sample().model_copy(update={"id": "../x"}), TEXT, tmp_path)
