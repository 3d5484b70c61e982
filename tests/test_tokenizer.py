import pytest


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("≥18", ["≥", "18"]),
        ("<1cm", ["<", "1", "cm"]),
        ("50×109/L", ["50", "×", "109", "/", "L"]),
        ("≤1.5×ULN", ["≤", "1.5", "×", "ULN"]),
        ("A5-B7", ["A5", "-", "B7"]),
        ("mL/min/1.73 m2", ["mL", "/", "min", "/", "1.73", "m2"]),
        ("AFP≥400ug/L", ["AFP", "≥", "400", "ug", "/", "L"]),
        ("1)Marrow:", ["1)", "Marrow", ":"]),
        ("status \\> 2", ["status", "\\>", "2"]),
        ("HIV-1", ["HIV-1"]),
        ("COVID-19", ["COVID-19"]),
    ],
)
def test_splits_criteria_text(pipeline, text, tokens):
    assert [t.text for t in pipeline.make_doc(text)] == tokens


def test_markdown_escape_means_the_plain_character(pipeline):
    token = pipeline.make_doc("Performance status \\> 2")[2]
    assert (token.text, token.norm_) == ("\\>", ">")
