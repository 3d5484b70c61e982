"""The page shell and the pieces every page shares: escaping, marked-up criterion text, the legend."""

from __future__ import annotations

import json
from functools import lru_cache
from html import escape
from typing import NamedTuple

from ..rules import RESOURCES
from ..schema import ENTITY_LABELS, Entity

FLAGS = (  # (field, tag shown on the mark, legend wording)
    ("negated", "NEG", "negated: asserted absent (struck through)"),
    ("historical", "HIST", "historical: in the past (double underline)"),
    ("hypothetical", "HYP", "hypothetical: conditional or future (dashed box)"),
    ("family", "FAM", "family: about a relative (dotted box)"),
    ("exception", "EXC", "exception: carved out of the criterion (hatched)"),
)
POLARITY = {"inclusion": ("+", "must have"), "exclusion": ("−", "must not have")}


@lru_cache(maxsize=1)
def assets() -> tuple[str, str]:
    """The page's stylesheet and script, inlined so that a page loads nothing."""
    folder = RESOURCES / "view"
    return (folder / "view.css").read_text(encoding="utf-8"), (folder / "view.js").read_text(encoding="utf-8")


def page(title: str, meta: str, main: str, side: str) -> str:
    css, js = assets()
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        f'<header class="top"><h1>{escape(title)}</h1><p class="meta">{escape(meta)}</p></header>\n'
        f"<main>\n{main}</main>\n"
        f'<aside class="side"><div class="sticky">{side}</div></aside>\n'
        f"<script>\n{js}</script>\n</body>\n</html>\n"
    )


def details_panel() -> str:
    return ('<section id="details"><h3>Details</h3><div class="fields"><p class="hint">Hover or click '
            "an entity, a threshold row or a logic leaf to see its fields.</p></div></section>")


def legend(extra: str = "") -> str:
    labels = "".join(f'<dt><span class="swatch" data-label="{label}">{label}</span></dt>'
                     f"<dd>{label.lower()}</dd>" for label in ENTITY_LABELS)
    flags = "".join(f'<dt><span class="tag">{tag}</span></dt><dd>{escape(words)}</dd>'
                    for _, tag, words in FLAGS)
    polarity = "".join(f"<dt>{sign}</dt><dd>polarity: an eligible patient {words} it</dd>"
                       for sign, words in POLARITY.values())
    modifier = '<dt><span class="modifier">word</span></dt><dd>a modifier of the entity after it</dd>'
    return (f'<section class="legend"><h3>Legend</h3><dl>{labels}{flags}{polarity}{modifier}'
            f"{extra}</dl></section>")


def fields_attr(data: dict) -> str:
    return escape(json.dumps(data, ensure_ascii=False), quote=True)


class Mark(NamedTuple):
    """A span of a criterion's text to mark up: document offsets and the HTML around it."""

    start: int
    end: int
    open: str
    close: str


def marked(text: str, base: int, marks: list[Mark]) -> str:
    """``text`` (starting at document offset ``base``) escaped, with each mark around its span;
    a mark overlapping an earlier one is left out rather than break the markup."""
    out, at = [], 0
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start, end = mark.start - base, mark.end - base
        if start < at or end > len(text) or start >= end:
            continue
        out += [escape(text[at:start]), mark.open, escape(text[start:end]), mark.close]
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def entity_mark(ent: Entity, extra_class: str = "", note: str = "") -> Mark:
    """An entity as displaCy shows one, its ConText flags and polarity as tags in words."""
    flags = [(field, tag) for field, tag, _ in FLAGS if getattr(ent, field)]
    sign, words = POLARITY[ent.polarity]
    classes = " ".join(["ent", *(f for f, _ in flags), f"pol-{ent.polarity}", extra_class]).strip()
    tags = "".join(f'<span class="tag">{tag}</span>' for _, tag in flags)
    title = ", ".join([ent.label, *(f for f, _ in flags), words, *([note] if note else [])])
    data = f' data-id="{escape(ent.id)}"' if ent.id else ""
    data += f' data-fields="{fields_attr(ent.model_dump(exclude_none=True))}"'
    data += f' tabindex="0" title="{escape(title)}"'
    opening = f'<mark class="{classes}" data-label="{ent.label}"{data}><span class="txt">'
    closing = f'</span><span class="lbl">{ent.label} {sign}</span>{tags}</mark>'
    return Mark(ent.start, ent.end, opening, closing)


def modifier_marks(ent: Entity) -> list[Mark]:
    return [Mark(m.start, m.end, f'<span class="modifier" title="{escape(m.kind)} of {escape(ent.text)}">',
                 "</span>") for m in ent.modifiers]
