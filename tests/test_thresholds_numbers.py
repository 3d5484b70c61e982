"""The one number parser, shared by the threshold grammar and the LCT importer."""

import pytest

from nlp.importers.lct_thresholds import number
from nlp.thresholds.numbers import parse_number

WORDS = {"two": 2, "twice": 2, "ten": 10}


@pytest.mark.parametrize(("text", "expected"), [
    ("2,000", 2000.0), ("100 000", 100000.0), ("7,0", 7.0), ("1,5", 1.5), ("−3", -3.0), ("0.5", 0.5),
    ("Two", 2.0), ("twice", 2.0), (" 10 ", 10.0), ("III", None), ("grade", None), ("", None),
])
def test_numbers_as_written(text, expected):
    assert parse_number(text, WORDS) == expected


def test_roman_numbers_only_when_asked():
    assert parse_number("III", WORDS, {"III": 3}) == 3.0 and parse_number("iii", WORDS, {"III": 3}) == 3.0


def test_the_importer_reads_the_grammars_number_words():
    # 'fifteen' is a number word of threshold_rules.json, not of the importer's own list before
    assert number("fifteen") == 15.0 and number("IV") == 4.0 and number("7,0") == 7.0
