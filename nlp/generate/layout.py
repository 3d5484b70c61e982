"""Layout of whole criteria texts: headings, bulleted or numbered and nested items, indents,
wrapping, or everything on one line."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from .clauses import _criterion_texts
from .draws import _bool, _chance, _int, _pick, _several
from .phrases import _entity_phrases

BULLETS = ("-", "*", "•", "–", "▪", "◦", "·", "o")
NUMBERINGS = ("1.", "1)", "(1)", "a)", "a.", "(a)", "i.", "i)", "A.")
HEADINGS = {
    "inclusion": ("Inclusion Criteria:", "Inclusion criteria:", "INCLUSION CRITERIA:", "Inclusion Criteria",
                  "Key Inclusion Criteria:", "Criteria for inclusion:", "Inclusion:", "Inclusion criteria -"),
    "exclusion": ("Exclusion Criteria:", "Exclusion criteria:", "EXCLUSION CRITERIA:", "Exclusion Criteria",
                  "Key Exclusion Criteria:", "Criteria for exclusion:", "Exclusion:",
                  "Non-inclusion criteria:"),
}


def _roman(n: int) -> str:
    return ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")[n - 1] if n <= 10 else str(n)


@dataclass
class _Item:
    text: str
    children: list[_Item] = field(default_factory=list)


def _items(draw, depth: int = 0) -> _Item:
    """A criterion, sometimes an introduction with nested sub-items ('Adequate organ function:')."""
    if depth == 0 and _chance(draw, 8):
        intro = _entity_phrases(draw) + _pick(draw, (":", " defined as:", ", as follows:", " including:", ""))
        return _Item(intro, _several(draw, lambda: _items(draw, depth + 1), 1, 3))
    return _Item(_criterion_texts(draw))


@dataclass
class Layout:
    newline: str
    inline: bool  # everything run together on one line, as the seed pages have it
    indent: str
    after_marker: str
    blank_lines: bool
    width: int | None  # wrap criteria at this column
    hanging: bool  # a wrapped line lines up with the criterion's text
    markers: tuple[str, ...]  # one per section


def _layouts(draw) -> Layout:
    styles = (*BULLETS, *NUMBERINGS, "", "-")
    return Layout(
        newline="\r\n" if _chance(draw, 12) else "\n",
        inline=_chance(draw, 10),
        indent=_pick(draw, ("", "", "  ", "    ", "          ", "\t", " ")),
        after_marker=_pick(draw, (" ", " ", "  ", "\t", "")),
        blank_lines=_bool(draw),
        width=_int(draw, 40, 100) if _bool(draw) else None,
        hanging=_bool(draw),
        markers=(_pick(draw, styles), _pick(draw, styles)),
    )


def _marker(style: str, n: int) -> str:
    if not style or style in BULLETS:
        return style
    if style.startswith("1") or style.startswith("(1"):
        return style.replace("1", str(n))
    letter = chr(ord("a") + (n - 1) % 26)
    if style.startswith("A"):
        return style.replace("A", letter.upper())
    if style.startswith("i") or style.startswith("(i"):
        return style.replace("i", _roman(n), 1)
    return style.replace("a", letter, 1)


def _wrap(first: str, text: str, continuation: str, width: int | None, newline: str) -> str:
    """Greedy wrapping at spaces (only spaces: the text keeps every other character)."""
    if width is None:
        return first + text
    words = text.split(" ")
    lines, line = [], first + words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) > width and line.strip():
            lines.append(line)
            line = continuation + word
        else:
            line += " " + word
    return newline.join([*lines, line])


def _render(item: _Item, style: str, n: int, layout: Layout, depth: int) -> list[str]:
    indent = layout.indent * (depth + 1) if layout.indent else "  " * depth
    marker = _marker(style, n)
    first = indent + marker + (layout.after_marker if marker else "")
    continuation = " " * len(first) if layout.hanging else indent
    lines = [_wrap(first, item.text, continuation, None if layout.inline else layout.width, layout.newline)]
    child_style = "a)" if style[:1].isdigit() or style.startswith("(1") else "-"
    for k, child in enumerate(item.children, 1):
        lines += _render(child, child_style, k, layout, depth + 1)
    return lines


def _criteria_text(draw) -> str:
    """A whole criteria text: optional 'Inclusion Criteria:' / 'Exclusion Criteria:' headings, each
    section's criteria bulleted or numbered, indented, perhaps nested, wrapped across lines or run
    together on one line, each criterion one or more threshold clauses among clinical phrases."""
    layout = _layouts(draw)
    shape = _int(draw, 0, 5)
    sections = (["inclusion", "exclusion"] if shape <= 2 else ["inclusion"] if shape == 3
                else ["exclusion"] if shape == 4 else [None])
    blocks = []
    for k, section in enumerate(sections):
        lines = []
        if section is not None:
            lines.append(_pick(draw, HEADINGS[section]))
        for n, item in enumerate(_several(draw, lambda: _items(draw), 1, 6), 1):
            lines += _render(item, layout.markers[k], n, layout, 0)
        if layout.inline:
            blocks.append(" ".join(line.strip() for line in lines))
        else:
            blocks.append((layout.newline * (2 if layout.blank_lines else 1)).join(lines))
    text = (" " if layout.inline else layout.newline * _int(draw, 1, 2)).join(blocks)
    if _chance(draw, 4):  # the registry's old layout: leading newline and indent, trailing indent
        text = layout.newline + "        " + text + layout.newline + "      "
    return text


def criteria_texts() -> st.SearchStrategy[str]:
    """Whole criteria texts (see ``_criteria_text``): the strategy the sweep and the tests draw from."""
    return st.composite(_criteria_text)()
