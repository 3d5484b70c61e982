"""The evaluation page: per gold criterion, gold and predicted marks over the same text side by
side, false negatives outlined blue and false positives red, with the error listing under each."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..schema import Criterion, Entity, Threshold, TrialDocument
from ..score import ErrorItem, Report
from .document import thresholds_html
from .page import details_panel, entity_mark, legend, marked, page

MISSES = {"false negative": "fn", "false positive": "fp"}


def render_evaluation(pairs: Iterable[tuple[TrialDocument, TrialDocument]], report: Report,
                      title: str = "Evaluation") -> str:
    """One page for (gold, predicted) documents scored into ``report`` (with its errors)."""
    by_document: dict[str, list[ErrorItem]] = {}
    for err in report.errors:
        by_document.setdefault(err.document, []).append(err)
    sections = [document_html(gold, predicted, by_document.get(gold.id, [])) for gold, predicted in pairs]
    extra = ('<dt><span class="err-fn">blue</span></dt><dd>in the gold only (false negative)</dd>'
             '<dt><span class="err-fp">red</span></dt><dd>predicted only (false positive)</dd>')
    toggle = ('<section class="filter"><h3>Filter</h3><label><input type="checkbox" id="only-errors"> '
              "only criteria with errors</label></section>")
    main = summary_html(report.to_dict()) + "".join(sections)
    return page(title, f"{report.documents} documents · {len(report.errors)} errors", main,
                toggle + legend(extra) + details_panel())


def summary_html(scores: dict) -> str:
    micro = scores["entities"]["micro"]
    rows = [("entities, strict", micro["strict"]), ("entities, partial", micro["partial"]),
            ("criteria boundaries", scores["criteria"]["boundaries"]),
            ("thresholds", scores["thresholds"]["tuples"]), ("modifiers", scores["modifiers"])]
    body = "".join(f"<tr><td>{name}</td><td>{s['precision']:.3f}</td><td>{s['recall']:.3f}</td>"
                   f"<td>{s['f1']:.3f}</td></tr>" for name, s in rows)
    return (f'<section class="summary"><h2>Scores</h2><table><thead><tr><th></th><th>P</th><th>R</th>'
            f"<th>F1</th></tr></thead><tbody>{body}</tbody></table></section>\n")


def document_html(gold: TrialDocument, predicted: TrialDocument, errors: list[ErrorItem]) -> str:
    # One gold and one predicted item may share a span (another label): each side has its own miss.
    outcome = {(e.kind, e.start, e.end, MISSES[e.error]) for e in errors if e.error in MISSES}
    predicted_items = [*_all(predicted, "entities"), *_all(predicted, "thresholds")]
    articles, placed, claimed = [], set(), set()
    for crit in gold.criteria:
        inside = [item for item in predicted_items if crit.start <= item.start and item.end <= crit.end]
        placed.update(map(id, inside))
        mine = [e for e in errors if crit.start <= e.start and e.end <= crit.end]
        claimed.update(map(id, mine))
        articles.append(pair_html(crit, crit.entities, crit.thresholds, inside, mine, outcome))
    outside = [item for item in predicted_items if id(item) not in placed]
    unclaimed = [e for e in errors if id(e) not in claimed]  # a predicted criterion across gold ones
    if outside or unclaimed:
        articles.append(outside_html(outside, unclaimed))
    head = f"<h2>{escape(gold.id)} · {len(errors)} errors</h2>"
    return (f'<section class="section" data-document="{escape(gold.id)}">{head}\n'
            + "".join(articles) + "</section>\n")


def pair_html(crit: Criterion, gold_entities: list[Entity], gold_thresholds: list[Threshold],
              predicted: list, errors: list[ErrorItem], outcome: set[tuple]) -> str:
    entities = [p for p in predicted if isinstance(p, Entity)]
    thresholds = [p for p in predicted if isinstance(p, Threshold)]
    gold_side = side_html("gold", crit, gold_entities, gold_thresholds, outcome, "fn")
    predicted_side = side_html("predicted", crit, entities, thresholds, outcome, "fp")
    state = "with-errors" if errors else "clean"
    return (f'<article class="criterion {state}" data-criterion="{escape(crit.id)}">'
            f'<div class="head"><span class="cid">{escape(crit.id)}</span><span>{crit.section}</span>'
            f"<span>{len(errors)} errors</span></div>"
            f'<div class="pair">{gold_side}{predicted_side}</div>{errors_html(errors)}</article>\n')


def outside_html(predicted: list, errors: list[ErrorItem]) -> str:
    items = "".join(f"<li>{escape(type(p).__name__.lower())} {escape(p.text)} ({p.start}–{p.end})</li>"
                    for p in predicted)
    listing = f"<ul>{items}</ul>" if items else ""
    return (f'<article class="criterion with-errors" data-criterion="outside"><div class="head">'
            f'<span class="cid">outside every gold criterion</span></div>{listing}'
            f"{errors_html(errors)}</article>\n")


def side_html(name: str, crit: Criterion, entities: list[Entity], thresholds: list[Threshold],
              outcome: set[tuple], miss: str) -> str:
    note = "in the gold only" if miss == "fn" else "predicted only"
    marks = [entity_mark(e, miss, note) if ("entity", e.start, e.end, miss) in outcome else entity_mark(e)
             for e in entities]
    flagged = [t for t in thresholds if ("threshold", t.start, t.end, miss) in outcome]
    def flag(th: Threshold) -> str:
        return miss if any(th is f for f in flagged) else ""

    rows = thresholds_html(thresholds, flag) if thresholds else ""
    what = "missed" if miss == "fn" else "spurious"
    missed = (f'<p class="err-{miss}">{len(flagged)} threshold(s) {what}: '
              f"{escape('; '.join(t.text for t in flagged))}</p>") if flagged else ""
    return (f'<div class="side-{name}"><h4>{name}</h4><p class="ctext">{marked(crit.text, crit.start, marks)}'
            f"</p>{rows}{missed}</div>")


def errors_html(errors: list[ErrorItem]) -> str:
    if not errors:
        return ""
    rows = "".join(
        f'<tr><td>{escape(e.kind)}</td><td class="err-{MISSES.get(e.error, "")}">{escape(e.error)}</td>'
        f"<td>{escape(e.text)}</td><td>{escape(e.detail)}</td></tr>" for e in errors)
    return (f'<table class="errors"><thead><tr><th>kind</th><th>error</th><th>span</th><th>detail</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def _all(document: TrialDocument, field: str) -> list:
    return [item for c in document.criteria for item in getattr(c, field)]
