"""The thresholds component (``nlp/components/thresholds.py``): what it leaves of ``doc.ents``."""

import pytest
import spacy

from nlp.components.thresholds import outside_values


def entities(text: str, spans: list[str]):
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(text.index(words), text.index(words) + len(words), label="MEASUREMENT")
                for words in spans]
    return list(doc.ents)


def threshold(text: str, value: str, kind: str = "measurement", analyte: str | None = None) -> dict:
    start = text.index(value)
    named = None if analyte is None else {"start": text.index(analyte),
                                         "end": text.index(analyte) + len(analyte), "aliases": []}
    return {"kind": kind, "start": start, "end": start + len(value), "analyte": named}


@pytest.mark.parametrize(
    ("text", "spans", "value", "kind", "analyte", "kept"),
    [
        # a limit of normal is part of the value
        ("AST ≤ 5× institutional ULN", ["AST", "ULN"], "≤ 5× institutional ULN", "measurement", "AST",
         ["AST"]),
        ("total bilirubin ≤3× upper limit of normal (ULN)", ["total bilirubin", "ULN"],
         "≤3× upper limit of normal (ULN)", "measurement", "total bilirubin", ["total bilirubin"]),
        # an analyte written inside the value expression stays
        ("≥140 mmHg SBP", ["SBP"], "≥140 mmHg SBP", "measurement", "SBP", ["SBP"]),
        # a time window's text holds its event
        ("within 4 weeks before surgery", ["surgery"], "within 4 weeks before surgery", "time_window",
         None, ["surgery"]),
        # entities outside every value stay
        ("ULN is defined by the site; ALT > 2", ["ULN", "ALT"], "> 2", "measurement", "ALT", ["ULN", "ALT"]),
    ],
)
def test_entities_inside_a_value_expression_leave(text, spans, value, kind, analyte, kept):
    found = outside_values(entities(text, spans), [threshold(text, value, kind, analyte)])
    assert [e.text for e in found] == kept
