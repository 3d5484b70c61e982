"""Thresholds on the LCT corpus against its Numeric-Filter events.

A predicted threshold is right when its analyte overlaps the gold analyte (a threshold with no
analyte: its text overlaps the gold comparison, as ``nlp/score.py`` scores it) and its comparator
and numbers are equal. For ages the analyte is the kind: LCT's Age span is whichever word of the
criterion an annotator picked ('aged', 'old', 'years'), so an age threshold matches a gold Age.
An analyte written with its abbreviation is two Observations in LCT, tied by Abbrev-Of, and the
threshold hangs on either; a predicted analyte overlapping either one is the same analyte.
Only measurements and ages are scored: LCT annotates time windows as Temporality, durations as
Duration, counts as Minimum-Count, drug doses as Dose and a condition's stage as Stage, none of
them as Numeric-Filter. "in" (a list) counts as "=". The gold and its conventions are read by
``nlp.importers.lct``; ``criteria evaluate --gold CORPUS --import lct --run --threshold-kinds
measurement,age --ages-by-kind`` scores the same gold with ``nlp/score.py``.

    python scripts/eval_lct_thresholds.py ../shared/corpora/lct [--split all|locked|open]
    python scripts/eval_lct_thresholds.py ../shared/corpora/lct --split open --errors N
    python scripts/eval_lct_thresholds.py ../shared/corpora/lct --split locked --without ID[,ID]

The 159 trials of ``models/ner/split.json["dev"]`` are the locked split: the recognizer never saw
them, and no rule is written by reading their errors, so ``--errors`` lists errors of the other
638 trials (``--split open``) only, with the true and false positives of each linking rule.
``--without`` leaves linking or kind rules out, to measure what each is worth on either split.
Report both splits' scores side by side.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from eval_ner import dev_ids  # noqa: E402
from lct import corpus_arg, print_by_rule, print_report, scores  # noqa: E402

from nlp.importers.lct import read_corpus  # noqa: E402
from nlp.importers.lct_thresholds import OPERATORS, number  # noqa: E402
from nlp.pipeline import build  # noqa: E402
from nlp.thresholds import written_comparator  # noqa: E402
from nlp.thresholds.expressions import ONE_SIDED  # noqa: E402


def predicted_key(t: dict) -> tuple[str, tuple]:
    comparator = "=" if t["comparator"] == "in" else t["comparator"]
    raw = t["values"] if t["values"] is not None else [t["value"], t["upper"]]
    numbers = tuple(sorted(n for n in map(_number, raw) if n is not None))
    return comparator, numbers


def _number(value) -> float | None:
    return value if isinstance(value, float) else number(value) if isinstance(value, str) else None


def same_analyte(t: dict, g) -> bool:
    if g.type == "Age" or t["kind"] == "age":
        return g.type == "Age" and t["kind"] == "age"
    if not t["analyte"]:  # as nlp/score.py scores it: the texts overlap
        return t["start"] < g.text_end and g.text_start < t["end"]
    start, end = t["analyte"]["start"], t["analyte"]["end"]
    spans = ((g.start, g.end), *g.aliases)
    return any(start < gold_end and gold_start < end for gold_start, gold_end in spans)


def threshold_scores(corpus: Path, only: set[str] | None = None, without: tuple[str, ...] = (),
                     as_written: bool = False) -> dict:
    """Scores over the corpus, or over the trials named in ``only``, with the linking or kind
    rules named in ``without`` left out; ``by_resolver`` counts true and false positives per rule.
    ``contradicted`` counts the gold comparators that contradict their own text (``criteria annotate
    validate``'s check); with ``as_written`` those gold thresholds take the comparator written."""
    nlp = build()
    component = nlp.get_pipe("criteria_thresholds")
    if without:
        _leave_out(component, without)
    tp = fp = fn = unlinked = contradicted = 0
    errors = {"fp": [], "fn": []}
    by_resolver: dict[str, Counter] = defaultdict(Counter)
    for gold in read_corpus(corpus):
        if only is not None and gold.name not in only:
            continue
        doc = nlp(gold.text)
        predicted = [t for t in doc._.thresholds if t["kind"] in ("measurement", "age")]
        matched = set()
        for g in gold.thresholds:
            key = (OPERATORS.get(g.operator, "="), g.numbers)  # no operator: '='
            stated = written_comparator(component.grammar, g.text)
            if stated is not None and key[0] in ("=", *ONE_SIDED) and key[0] != stated:
                contradicted += 1
                key = (stated, g.numbers) if as_written else key
            hit = next((i for i, t in enumerate(predicted) if i not in matched
                        and same_analyte(t, g) and predicted_key(t) == key), None)
            if hit is None:
                fn += 1
                errors["fn"].append(f"{gold.name}: {gold.text[g.start:g.end]!r} {key} in {g.text!r}")
            else:
                tp += 1
                matched.add(hit)
                by_resolver[predicted[hit]["resolver"]]["tp"] += 1
        for i, t in enumerate(predicted):
            if i not in matched:
                fp += 1
                by_resolver[t["resolver"]]["fp"] += 1
                unlinked += any(start < t["end"] and t["start"] < end for start, end in gold.unlinked)
                analyte = t["analyte"]["text"] if t["analyte"] else None
                errors["fp"].append(f"{gold.name}: [{t['resolver']}] {analyte!r} {predicted_key(t)} "
                                    f"{t['text']!r}")
    result = scores(tp, fp, fn, errors)
    result["fp_on_unlinked"] = unlinked
    result["contradicted"] = contradicted
    result["by_resolver"] = by_resolver
    return result


def _leave_out(component, without: tuple[str, ...]) -> None:
    """The thresholds component with the named linking or kind rules left out of its grammar."""
    linking = component.rules.linking
    known = {r.id for r in linking.resolvers} | {r.id for r in linking.kinds}
    if unknown := set(without) - known:
        raise SystemExit(f"eval_lct_thresholds: --without: no linking or kind rule "
                         f"{', '.join(sorted(unknown))}")
    kept = {name: [r for r in getattr(linking, name) if r.id not in without]
            for name in ("resolvers", "kinds")}
    rules = component.rules.model_copy(update={"linking": linking.model_copy(update=kept)})
    component._build(component.entries, rules)


SPLITS = {"all": "all 797 trials", "locked": "locked split, 159 trials", "open": "open split, 638 trials"}


def split_ids(corpus: Path, split: str) -> set[str] | None:
    """The trial names of a split; None for all of them."""
    if split == "all":
        return None
    locked = dev_ids()
    if split == "locked":
        return locked
    return {gold.name for gold in read_corpus(corpus)} - locked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=corpus_arg)
    parser.add_argument("--errors", type=int, default=0, help="print N errors of each kind (--split open)")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="locked: the 159 trials of models/ner/split.json['dev'], scored and never "
                             "read; open: the other 638; all: the 797")
    parser.add_argument("--without", default="", metavar="IDS",
                        help="leave these linking or kind rules out (comma-separated ids): what each "
                             "is worth")
    parser.add_argument("--unlinked", action="store_true",
                        help="also report the false positives on comparisons the annotators linked to "
                             "nothing, and the scores if those went unscored (a sensitivity figure)")
    parser.add_argument("--as-written", action="store_true",
                        help="score gold comparators that contradict their own text ('at least 18' "
                             "annotated '<=') as written: a sensitivity figure for annotation slips")
    args = parser.parse_args()
    if args.errors and args.split != "open":
        parser.error("--errors reads errors on the open split only (--split open); the locked split is "
                     "scored, never read")
    without = tuple(name for name in args.without.split(",") if name)
    s = threshold_scores(args.corpus, split_ids(args.corpus, args.split), without, args.as_written)
    print_report(f"thresholds ({SPLITS[args.split]}{', gold comparators as written' * args.as_written}):",
                 s, args.errors)
    print(f"gold comparators that contradict their own text: {s['contradicted']}")
    if args.errors:
        print_by_rule("resolver", s["by_resolver"])
    if args.unlinked:
        on = s["fp_on_unlinked"]
        rest = scores(s["tp"], s["fp"] - on, s["fn"], {"fp": [], "fn": []})
        print(f"false positives on unlinked comparisons: {on} of {s['fp']}; without them "
              f"P={rest['precision']:.3f} R={rest['recall']:.3f} F1={rest['f1']:.3f}")


if __name__ == "__main__":
    main()
