"""Negation on the LCT corpus with its own entity spans put into the Doc.

The corpus' Negation events are the gold, on the spans of ``nlp.importers.lct.SPAN_LABELS``
under the guideline's span convention (``LctDocument.entity_span``: a site or subtype written
before the entity is in its span).
Precision, recall and F1 count negated entities.

    python scripts/eval_lct_negation.py ../shared/corpora/lct [--split all|locked|open] [--found]
    python scripts/eval_lct_negation.py ../shared/corpora/lct --split open --errors N

``--found`` scores the entities the default pipeline finds instead: each found entity with the
same offsets as a corpus span counts, negated or not, against that span's Negation event. The
locked split (``models/ner/split.json["dev"]``) is scored, never read: ``--errors`` lists errors
of the open split only, each with the id of the rule that negated it, and counts the true and false
positives of each rule (``Span._.cue_rules``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from eval_lct_thresholds import SPLITS, split_ids  # noqa: E402
from lct import corpus_arg, print_by_rule, print_report, scores  # noqa: E402
from spacy.tokens import Span  # noqa: E402
from spacy.util import filter_spans  # noqa: E402

from nlp.importers.lct import SPAN_LABELS, read_corpus  # noqa: E402
from nlp.pipeline import build  # noqa: E402


def medspacy_default_context(nlp):
    """medspaCy's own ConText rules, for comparison (they write Span._.is_negated)."""
    from medspacy.context import ConText

    context = ConText(nlp, rules="default")
    return context, "is_negated"


def negation_scores(corpus: Path, medspacy_default: bool = False, only: set[str] | None = None) -> dict:
    """Precision, recall, F1 and counts for negated entities, with the error lists and the true and
    false positives of each negating rule (``by_rule``)."""
    nlp = build()
    context, attr = nlp.get_pipe("criteria_context"), "negated"
    if medspacy_default:
        context, attr = medspacy_default_context(nlp)
    tp = fp = fn = 0
    errors = {"fp": [], "fn": []}
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for gold in read_corpus(corpus):
        if only is not None and gold.name not in only:
            continue
        doc = nlp.make_doc(gold.text)
        for name in ("criteria_sections", "criteria_splitter"):
            doc = nlp.get_pipe(name)(doc)
        spans = []
        for ent in gold.entities:
            if (where := gold.entity_span(ent)) is None:
                continue
            span = doc.char_span(*where, label=SPAN_LABELS[ent.type], alignment_mode="expand")
            if span is not None:
                spans.append((span, ent.id in gold.negated))
        kept = filter_spans([s for s, _ in spans])
        keep = {(s.start, s.end) for s in kept}
        doc.ents = kept
        doc = nlp.get_pipe("criteria_modifiers")(doc)  # as in the pipeline: ConText reads them
        doc = context(doc)
        for span, negated in spans:
            if (span.start, span.end) not in keep:
                continue
            placed = Span(doc, span.start, span.end, span.label_)
            predicted = getattr(placed._, attr)
            rule = negating_rule(placed) if predicted else None
            if predicted:
                by_rule[rule]["tp" if negated else "fp"] += 1
            if predicted and negated:
                tp += 1
            elif predicted:
                fp += 1
                errors["fp"].append(f"{gold.name}: [{rule}] {span.text!r} in {span.sent.text[:150]!r}")
            elif negated:
                fn += 1
                errors["fn"].append(f"{gold.name}: {span.text!r} in {span.sent.text[:150]!r}")
    return {**scores(tp, fp, fn, errors), "by_rule": by_rule}


def negating_rule(span: Span) -> str:
    """The id of the rule that negated span (medspaCy's default rules record none)."""
    return (span._.cue_rules or {}).get("negated", "medspacy-default")


def found_negation_scores(corpus: Path, only: set[str] | None = None) -> dict:
    """Negation over the default pipeline's entities that have a corpus span's offsets."""
    nlp = build()
    tp = fp = fn = 0
    errors = {"fp": [], "fn": []}
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for gold in read_corpus(corpus):
        if only is not None and gold.name not in only:
            continue
        negated = {where: e.id in gold.negated for e in gold.entities
                   if (where := gold.entity_span(e)) is not None}
        for ent in nlp(gold.text).ents:
            truth = negated.get((ent.start_char, ent.end_char))
            if truth is None:
                continue
            kind = ("tp" if truth else "fp") if ent._.negated else ("fn" if truth else None)
            if kind is None:
                continue
            tp, fp, fn = tp + (kind == "tp"), fp + (kind == "fp"), fn + (kind == "fn")
            rule = negating_rule(ent) if ent._.negated else None
            if rule is not None:
                by_rule[rule][kind] += 1
            if kind != "tp":
                cue = f"[{rule}] " if rule else ""
                errors[kind].append(f"{gold.name}: {cue}{ent.text!r} in {ent.sent.text[:150]!r}")
    return {**scores(tp, fp, fn, errors), "by_rule": by_rule}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=corpus_arg)
    parser.add_argument("--medspacy-default", action="store_true",
                        help="use medspaCy's default ConText rules instead of ours")
    parser.add_argument("--errors", type=int, default=0, help="print N errors of each kind (--split open)")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="locked: the 159 trials of models/ner/split.json['dev'], scored and never "
                             "read; open: the other 638; all: the 797")
    parser.add_argument("--found", action="store_true",
                        help="score the entities the pipeline finds (those with a corpus span's offsets)")
    args = parser.parse_args()
    if args.errors and args.split != "open":
        parser.error("--errors reads errors on the open split only (--split open)")
    only = split_ids(args.corpus, args.split)
    if args.found:
        s, what = found_negation_scores(args.corpus, only), "found entities"
    else:
        s = negation_scores(args.corpus, args.medspacy_default, only)
        what = f"{'medspaCy default' if args.medspacy_default else 'criteria-nlp'} ConText rules"
    print_report(f"{what}, {SPLITS[args.split]}: negated entities", s, args.errors)
    if args.errors:
        print_by_rule("rule", s["by_rule"])


if __name__ == "__main__":
    main()
