import random

import pytest

from nlp import doc_to_document
from nlp.normalize import OffsetMap, view

ZERO_WIDTH = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u2066",
              "\u2069", "\u180e"]
SPACES = ["\u00a0", "\u2002", "\u2009", "\u202f", "\u3000", "\u205f"]


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("plain text", "plain text"),
        ("Dia\u200dbetes\u00a0mellitus", "Diabetes mellitus"),
        ("hypertension\ufeff", "hypertension"),
        ("ｐｌａｔｅｌｅｔｓ ≥ １００", "platelets ≥ 100"),
        ("a\u2028b", "a\nb"),
        ("\u200b\u200b", ""),
        # no compatibility mapping beyond full-width ASCII: units keep µ and ²
        ("5 µmol/L, 1.73 m²、", "5 µmol/L, 1.73 m²、"),
        # a soft hyphen between digits stands for a hyphen; elsewhere it is invisible
        ("aged 18\u00ad65 years, hyper\u00adtension", "aged 18-65 years, hypertension"),
        # registry markdown: an escaped comparator or bracket is the plain one; other escapes stay
        ("ANC \\<500/mm3, AST \\> 3 × ULN", "ANC <500/mm3, AST > 3 × ULN"),
        ("medicinal product \\[IMP\\]", "medicinal product [IMP]"),
        ("30 \\* 10^9/L, \\- item, a\\b", "30 \\* 10^9/L, \\- item, a\\b"),
    ],
)
def test_the_view(source, text):
    assert view(source).text == text


@pytest.mark.parametrize(
    ("source", "start", "end", "expected"),
    [
        # invisible characters inside a span stay in it; at its edges they stay out
        ("Dia\u200dbetes mellitus", 0, 8, "Dia\u200dbetes"),
        ("x \u200bDiabetes\u200b y", 2, 10, "Diabetes"),
        ("\ufeff\ufeffab\u00adcd\u200b", 0, 4, "ab\u00adcd"),
        ("ab\u200b", 2, 2, ""),
        # a soft hyphen that became a hyphen shifts nothing, before another dropped character
        ("18\u00ad65 years\u200b ok", 12, 14, "ok"),
        # an escape's backslash at a span's edge stays out, inside it stays in
        ("count \\<500 and \\[IMP\\]", 6, 10, "<500"),
        ("count \\<500 and \\[IMP\\]", 15, 20, "[IMP\\]"),
    ],
)
def test_view_offsets_map_back_to_the_source(source, start, end, expected):
    found = view(source)
    s, e = OffsetMap(found.shifts).span(start, end)
    assert source[s:e] == expected


def test_an_empty_span_sits_where_a_span_ending_there_ends():
    shifts = view("ab\u200b\u200bcd").shifts
    assert OffsetMap(shifts).span(2, 2) == OffsetMap(shifts).span(0, 2)[1:] * 2 == (2, 2)
    assert OffsetMap(shifts).span(0, 0) == (0, 0)


def inject(text: str, rng: random.Random) -> tuple[str, list[int]]:
    """``text`` with invisible characters put between and inside words, spaces made other space
    separators and ASCII made full-width, and where each character of ``text`` went."""
    out, where = [], []
    for k, char in enumerate(text):
        if rng.random() < 0.08:
            between_digits = text[k - 1:k].isdigit() and char.isdigit()  # there a soft hyphen is one
            out.append(rng.choice(ZERO_WIDTH[1:] if between_digits else ZERO_WIDTH))
        if char == " " and rng.random() < 0.3:
            char = rng.choice(SPACES)
        elif "!" <= char <= "~" and rng.random() < 0.05:
            char = chr(ord(char) + 0xFEE0)
        where.append(len(out))
        out.append(char)
        if k == len(text) - 1 and rng.random() < 0.5:
            out.append(rng.choice(ZERO_WIDTH))
    return "".join(out), where


def moved(document: dict, injected: str, where: list[int]) -> dict:
    """The document of the plain text with every span moved to where inject put it."""
    def move(span: dict) -> None:
        start = where[span["start"]] if span["start"] < len(where) else len(injected)
        end = where[span["end"] - 1] + 1 if span["end"] > span["start"] else start
        span.update(start=start, end=end, text=injected[start:end])

    for criterion in document["criteria"]:
        move(criterion)
        for entity in criterion["entities"]:
            move(entity)
            for modifier in entity["modifiers"]:
                move(modifier)
        for threshold in criterion["thresholds"]:
            move(threshold)
            if threshold["analyte"]:
                move(threshold["analyte"])
    for abbreviation in document["abbreviations"]:
        move(abbreviation["short"])
        move(abbreviation["long"])
    return document


def same_structure(pipeline, texts, seed):
    rng = random.Random(seed)
    injected = [inject(text, rng) for text in texts]
    plain = pipeline.pipe(texts)
    dirty = pipeline.pipe(text for text, _ in injected)
    for k, (p, d, (text, where)) in enumerate(zip(plain, dirty, injected, strict=True)):
        expected = moved(doc_to_document(p, f"t{k}").model_dump(), text, where)
        assert doc_to_document(d, f"t{k}").model_dump() == expected, f"text {k}"


def test_injected_characters_change_nothing_on_the_seed_pages(pipeline, seeds_dir):
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    same_structure(pipeline, texts, seed=1)


def test_injected_characters_change_nothing_on_the_lct_texts(pipeline, lct_dir):
    texts = [p.read_text(encoding="utf-8") for p in sorted((lct_dir / "brat").glob("*.txt"))]
    same_structure(pipeline, texts, seed=2)


def test_the_scan_of_the_unicode_database_misses_no_character():
    import sys
    import unicodedata

    from nlp.normalize import DROPPED_CATEGORIES, LINE_CATEGORIES, SPACE_CATEGORIES, scanned

    wanted = DROPPED_CATEGORIES + SPACE_CATEGORIES + LINE_CATEGORIES
    everywhere = {cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) in wanted}
    assert everywhere <= set(scanned())
