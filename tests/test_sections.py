import pytest

from nlp.components.sections import SectionFinder
from nlp.rules import load_section_rules

FINDER = SectionFinder(load_section_rules())


def sections(text):
    return [(s.section, text[s.start : s.end].strip()) for s in FINDER.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inclusion Criteria:\n- a\nExclusion Criteria:\n- b",
         [("inclusion", "- a"), ("exclusion", "- b")]),
        ("Key Inclusion Criteria:\n- a\n\nKey exclusion criteria\n- b",
         [("inclusion", "- a"), ("exclusion", "- b")]),
        ("INCLUSION CRITERIA\n1. a", [("inclusion", "1. a")]),
        ("Exclusion criteria for patients:\n- b", [("exclusion", "- b")]),
        ("Inclusion Criteria: * a * b Exclusion Criteria: * c", [("inclusion", "* a * b"),
                                                                 ("exclusion", "* c")]),
        ("Exclusions:\n- b", [("exclusion", "- b")]),
        ("Patients aged 18 or older\nwith HCC", [("inclusion", "Patients aged 18 or older\nwith HCC")]),
        # LCT: a misspelt heading, and a parenthetical that runs onto a second line
        ("Inclution Criteria:\n  1. a\nExclusion Criteria:\n  1. b",
         [("inclusion", "1. a"), ("exclusion", "1. b")]),
        ("Inclusion Criteria(Only patients who fully meet the following criteria are eligible to\n"
         "participate in the trial):\n  -  a\nExclusion Criteria:\n  -  b",
         [("inclusion", "-  a"), ("exclusion", "-  b")]),
        # the bare word heads a line of its own, or words before a colon; inside a criterion it
        # is a step of the trial, and the criterion stays (LCT, the unlabeled registry text)
        ("Inclusion Criteria:\n  -  a\n  -  Diagnosis after the exclusion of other causes\n",
         [("inclusion", "-  a\n  -  Diagnosis after the exclusion of other causes")]),
        ("Inclusion Criteria:\n  5. Previous inclusion in the present study;\n",
         [("inclusion", "5. Previous inclusion in the present study;")]),
        ("Part A Inclusion:\n- a\nPart A Exclusion:\n- b", [("inclusion", "- a"), ("exclusion", "- b")]),
        ("Inclusion conditions:\n- a\nExclusion conditions:\n- b",
         [("inclusion", "- a"), ("exclusion", "- b")]),
        ("Subject Inclusion\n- a\nSubject Exclusion\n- b", [("inclusion", "- a"), ("exclusion", "- b")]),
        # without a colon, a criterion that names the criteria is no heading
        ("Exclusion Criteria:\n  -  HIV\n  -  do not meet inclusion criteria\n"
         "  -  Further exclusion criteria apply.\n  -  Other protocol-defined exclusion criteria may apply\n",
         [("exclusion", "-  HIV\n  -  do not meet inclusion criteria\n"
                        "  -  Further exclusion criteria apply.\n"
                        "  -  Other protocol-defined exclusion criteria may apply")]),
        ("Main Criteria for Inclusion:\n- a\nKey Exclusion Criteria\n- b",
         [("inclusion", "- a"), ("exclusion", "- b")]),
        # a full-width colon, a full stop, a star or hyphens after the heading
        ("Inclusion criteria：\n- a\nExclusion Criteria.\n- b",
         [("inclusion", "- a"), ("exclusion", "- b")]),
        ("Inclusion Criteria*:\n- a\nExclusion Criteria-- Participants must not be:\n- b",
         [("inclusion", "- a"), ("exclusion", "- b")]),
    ],
)
def test_headings(text, expected):
    assert sections(text) == expected


def test_heading_words_inside_prose_are_not_headings():
    text = "Inclusion Criteria:\n- a\nThe sponsor sets the exclusion criteria of the study."
    assert sections(text) == [("inclusion", text.split(":\n", 1)[1])]


def test_plain_language_copy_is_dropped_when_the_original_is_there():
    page = ("Who May Qualify: - a Who Should NOT Join This Trial: - b\n\n"
            "Inclusion Criteria: * a Exclusion Criteria: * b\n")
    assert sections(page) == [("inclusion", "* a"), ("exclusion", "* b")]


def test_plain_language_alone_is_kept():
    assert sections("Who May Qualify: - a") == [("inclusion", "- a")]


def test_page_furniture_ends_the_section():
    page = "Menu\nHome\nAbout\n\nExclusion Criteria\n\nKnown HIV infection\nClear my responses\n"
    assert sections(page) == [("exclusion", "Known HIV infection")]


def test_on_a_page_an_unlisted_paragraph_ends_the_section():
    page = "Menu\nHome\nAbout\n\nInclusion Criteria:\n\n  • a\n  • b\n\nStudy details\n  HCC\n"
    assert sections(page) == [("inclusion", "• a\n  • b")]
