"""The Leaf Clinical Trials corpus for the evaluation scripts. Its one reader is
``nlp.importers.lct``, with the gold thresholds in ``nlp.importers.lct_thresholds`` (whose
docstring has their conventions); their names are re-exported here, and this module adds only
the scripts' scores and report line.

The corpus stays where it is (CC BY 4.0, Dobbins et al. 2022); scripts take its path.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from nlp.importers.lct import SPAN_LABELS as LABELS
from nlp.importers.lct import LctDocument, read_corpus, read_document
from nlp.importers.lct_thresholds import GoldThreshold, number

__all__ = ["LABELS", "GoldThreshold", "LctDocument", "corpus_arg", "number", "print_by_rule", "print_report",
           "read_corpus", "read_document", "scores"]


def corpus_arg(text: str) -> Path:
    """An argparse type: the LCT corpus folder, whose ``brat/`` (or itself) holds the trials."""
    path = Path(text)
    brat = path / "brat" if (path / "brat").is_dir() else path
    if not brat.is_dir() or not any(txt.with_suffix(".ann").is_file() for txt in brat.glob("*.txt")):
        raise argparse.ArgumentTypeError(f"{text}: no brat/ trials (.txt with .ann), not the LCT corpus")
    return path


def scores(tp: int, fp: int, fn: int, errors: dict) -> dict:
    """Precision, recall and F1 with the counts and error lists, for the evaluation scripts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "errors": errors}


def print_report(label: str, s: dict, n_errors: int) -> None:
    """The scores on one line, then up to n_errors false positives and negatives."""
    print(f"{label} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
          f"(tp={s['tp']} fp={s['fp']} fn={s['fn']})")
    for kind in ("fp", "fn"):
        for line in s["errors"][kind][:n_errors]:
            print(kind.upper(), line)


def print_by_rule(kind: str, by_rule: dict[str, Counter]) -> None:
    """True and false positives per rule (``kind`` names the column), most false positives first."""
    print(f"{kind}\ttp\tfp\tprecision")
    for name, counts in sorted(by_rule.items(), key=lambda item: (-item[1]["fp"], item[0])):
        total = counts["tp"] + counts["fp"]
        print(f"{name}\t{counts['tp']}\t{counts['fp']}\t{counts['tp'] / total:.3f}")
