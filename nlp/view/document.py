"""The review page of one trial document: criteria by section with sub-items under their header,
entities highlighted, a row per threshold, the logic as a tree."""

from __future__ import annotations

from html import escape

from ..schema import Criterion, LogicNode, LogicRef, Threshold, TrialDocument
from .page import details_panel, entity_mark, fields_attr, legend, marked, modifier_marks, page

SECTION_TITLES = {"inclusion": "Inclusion criteria", "exclusion": "Exclusion criteria"}
OPS = {"and": "all of", "or": "any of", "not": "not"}
THRESHOLD_COLUMNS = ("id", "analyte", "comparator", "value", "unit", "ULN multiple", "normalized",
                     "requirement", "condition", "modality", "error")


def render_document(document: TrialDocument, source: str = "") -> str:
    """One self-contained HTML page for ``document``; ``source`` names the input it came from."""
    children: dict[str, list[Criterion]] = {}
    for crit in document.criteria:
        if crit.parent is not None:
            children.setdefault(crit.parent, []).append(crit)
    sections = []
    for section, title in SECTION_TITLES.items():
        top = [c for c in document.criteria if c.section == section and c.parent is None]
        body = "".join(criterion_html(c, children) for c in top) or '<p class="hint">None.</p>'
        sections.append(f'<section class="section" data-section="{section}"><h2>{title} '
                        f"({len(top)})</h2>\n{body}</section>\n")
    entities = sum(len(c.entities) for c in document.criteria)
    thresholds = sum(len(c.thresholds) for c in document.criteria)
    meta = (f"{source + ' · ' if source else ''}schema {document.schema_version} · "
            f"{len(document.criteria)} criteria · {entities} entities · {thresholds} thresholds")
    return page(f"{document.id}", meta, registry_html(document) + "".join(sections),
                legend() + details_panel())


def criterion_html(crit: Criterion, children: dict[str, list[Criterion]]) -> str:
    marks = [m for ent in crit.entities for m in (entity_mark(ent), *modifier_marks(ent))]
    parts = [f'<article class="criterion" id="{escape(crit.id)}" data-criterion="{escape(crit.id)}">',
             f'<div class="head"><span class="cid">{escape(crit.id)}</span><span>{crit.section}</span>'
             f"<span>{len(crit.entities)} entities, {len(crit.thresholds)} thresholds</span></div>",
             f'<p class="ctext">{marked(crit.text, crit.start, marks)}</p>']
    if crit.thresholds:
        parts.append(thresholds_html(crit.thresholds))
    if crit.logic is not None:
        labels = {**{e.id: e.text for e in crit.entities}, **{t.id: t.text for t in crit.thresholds},
                  **{c.id: c.text for c in children.get(crit.id, [])}}
        parts.append(f'<div class="logic"><span class="op">Logic</span>'
                     f"<ul>{logic_html(crit.logic, labels)}</ul></div>")
    if crit.id in children:
        nested = "".join(criterion_html(c, children) for c in children[crit.id])
        parts.append(f'<div class="children">{nested}</div>')
    parts.append("</article>\n")
    return "".join(parts)


def thresholds_html(thresholds: list[Threshold], flag=lambda th: "") -> str:
    """A row per threshold; ``flag`` gives a row's extra class (the evaluation's 'fp', 'fn')."""
    head = "".join(f"<th>{c}</th>" for c in THRESHOLD_COLUMNS)
    rows = "".join(threshold_row(th, flag(th)) for th in thresholds)
    return f'<table class="thresholds"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def threshold_row(th: Threshold, extra_class: str = "") -> str:
    cells = (th.id or "", th.analyte.text if th.analyte else f"({th.kind})", th.comparator, bound(th),
             th.unit or "", f"× {th.relative_to}" if th.relative_to else "", normalized(th),
             requirement(th), th.condition or "", th.modality or "", th.normalization_error or "")
    tds = "".join(f'<td class="{"error" if k == len(cells) - 1 else ""}">{escape(str(v))}</td>'
                  for k, v in enumerate(cells))
    data = f' data-id="{escape(th.id)}"' if th.id else ""
    data += f' data-fields="{fields_attr(th.model_dump(exclude_none=True))}"'
    classes = f"threshold {extra_class}".strip()
    return f'<tr class="{classes}"{data} tabindex="0" title="{escape(th.text)}">{tds}</tr>'


def bound(th: Threshold) -> str:
    if th.values is not None:
        return " | ".join(map(_number, th.values))
    if th.comparator == "between":
        low, high = ("[" if th.lower_inclusive else "("), ("]" if th.upper_inclusive else ")")
        return f"{low}{_number(th.value)}, {_number(th.upper)}{high}"
    return _number(th.value)


def normalized(th: Threshold) -> str:
    n = th.normalized
    if n is None:
        return ""
    value = _number(n.value) if n.upper is None else f"{_number(n.value)}–{_number(n.upper)}"
    return f"{value} {n.unit}"


def requirement(th: Threshold) -> str:
    r = th.requirement
    if r is None:
        return "none (a permission)" if th.modality == "permission" else ""
    if r.values is not None:
        return f"{r.comparator} {' | '.join(map(_number, r.values))}"
    if r.upper is not None:
        return f"{r.comparator} {_number(r.value)}, {_number(r.upper)}"
    return f"{r.comparator} {_number(r.value)}"


def logic_html(node: LogicNode | LogicRef, labels: dict[str | None, str]) -> str:
    if isinstance(node, LogicRef):
        what = "condition of " if node.part else ""
        label = labels.get(node.ref, "")
        return (f'<li><span class="ref" data-ref="{escape(node.ref)}">{escape(node.ref)}</span> '
                f"{what}{escape(label)}</li>")
    args = "".join(logic_html(arg, labels) for arg in node.args)
    return f'<li><span class="op">{OPS[node.op]}</span><ul>{args}</ul></li>'


def registry_html(document: TrialDocument) -> str:
    reg = document.registry
    if reg is None:
        return ""
    rows = [("source", reg.source), ("minimum age", reg.minimum_age), ("maximum age", reg.maximum_age),
            ("sex", reg.sex), ("healthy volunteers", reg.healthy_volunteers)]
    body = "".join(f"<tr><td>{k}</td><td>{escape(str(v))}</td></tr>" for k, v in rows if v is not None)
    return f'<section class="registry"><h2>Registry eligibility fields</h2><table>{body}</table></section>\n'


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
