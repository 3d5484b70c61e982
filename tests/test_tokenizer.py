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
        ("status \\> 2", ["status", ">", "2"]),  # the view reads the escape as '>'
        ("30 \\* 10", ["30", "\\*", "10"]),  # other escapes stay tokens of their own
        ("HIV-1", ["HIV-1"]),
        ("COVID-19", ["COVID-19"]),
        # full-width forms are tokenized as the ASCII of the view (nlp.normalize)
        ("hypertension（Such as：", ["hypertension", "(", "Such", "as", ":"]),
        ("women，or", ["women", ",", "or"]),
        ("women、or", ["women", "、", "or"]),
        ("③Han Nationality", ["③", "Han", "Nationality"]),
        ("4.ECOG performance", ["4.", "ECOG", "performance"]),
        ("Group(ECOG) per", ["Group", "(", "ECOG", ")", "per"]),
        ("(ASA)class", ["(", "ASA", ")", "class"]),
        ("OTC product(s), ", ["OTC", "product", "(", "s", ")", ","]),
        ("surgeon request).10", ["surgeon", "request", ")", ".10"]),
        ("1.5 mg", ["1.5", "mg"]),
        ("v1.Final", ["v1.Final"]),
        ("Age＜18", ["Age", "<", "18"]),
        ("Dia\u200dbetes\u00a0mellitus", ["Diabetes", "mellitus"]),
        ("-Youth prevention", ["-", "Youth", "prevention"]),
        ("with cancer- esp", ["with", "cancer", "-", "esp"]),
        ("Hepatitis C(+).", ["Hepatitis", "C", "(", "+", ")", "."]),
        ("-1.5 SD", ["-1.5", "SD"]),
    ],
)
def test_splits_criteria_text(pipeline, text, tokens):
    assert [t.text for t in pipeline.make_doc(text)] == tokens


def test_markdown_escape_means_the_plain_character(pipeline):
    token = pipeline.make_doc("30 \\* 10^9/L")[1]
    assert (token.text, token.norm_) == ("\\*", "*")
