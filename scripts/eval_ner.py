"""Entity F1 per label on the LCT dev trials the recognizer never saw (``MODEL/split.json``).

    python scripts/eval_ner.py ../shared/corpora/lct [--model models/ner] [--json FILE]
    python scripts/eval_ner.py ../shared/corpora/lct --part tune --rules-win DEVICE --fill-in DEVICE

``--part tune`` scores the 64 tune trials instead, where merge policies are chosen (the dev trials
are the locked split: scored, never chosen on). ``--rules-win`` and ``--fill-in`` set the merge
policy of the ``criteria_entities`` component (comma-separated labels; ``--fill-in all``: every
label; each defaults to the shipped policy).

Three systems on the same dev trials: the recognizer alone (its spans inside the gold criteria),
the lexicon rules alone, and the default pipeline (recognizer merged with the rules, the
policy in ``nlp/components/entities.py``). Strict: same boundaries and label. Overlap:
nervaluate's ent_type, any overlap with the same label.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from lct import corpus_arg

from nlp import doc_to_document
from nlp.evaluate import Span, score_entities
from nlp.gold import Gold, resolve
from nlp.importers import lct
from nlp.pipeline import NER_MODEL, build
from nlp.schema import TrialDocument

LABELS = ("CONDITION", "DRUG", "PROCEDURE", "MEASUREMENT", "OBSERVATION", "DEMOGRAPHIC")


def dev_ids(model: Path = NER_MODEL, part: str = "dev") -> set[str]:
    """The trials the recognizer at ``model`` never saw in training ("dev", the locked split),
    or those it kept its best checkpoint on ("tune")."""
    return set(json.loads((model / "split.json").read_text(encoding="utf-8"))[part])


def dev_golds(corpus: Path, model: Path = NER_MODEL, part: str = "dev") -> list[Gold]:
    dev = dev_ids(model, part)
    documents = [d for d in lct.import_corpus(corpus) if d.document.id in dev]
    return [resolve(d, d.source.document, corpus) for d in documents]


def spans_of(document: TrialDocument) -> list[Span]:
    return [Span(e.label, e.start, e.end) for c in document.criteria for e in c.entities]


def recognizer_spans(golds: list[Gold], model: Path) -> Iterable[list[Span]]:
    recognizer = build(model)
    recognizer.disable_pipes(*[n for n in recognizer.pipe_names if n != "ner"])
    for gold, doc in zip(golds, recognizer.pipe(g.text for g in golds), strict=True):
        bounds = [(c.start, c.end) for c in gold.document.document.criteria]
        yield [Span(e.label_, e.start_char, e.end_char) for e in doc.ents
               if any(s <= e.start_char and e.end_char <= t for s, t in bounds)]


def pipeline_spans(golds: list[Gold], model: Path | None, policy: dict | None = None) -> Iterable[list[Span]]:
    pipeline = build(model)
    if policy:
        entities = pipeline.get_pipe("criteria_entities")
        entities.rules_win = frozenset(policy["rules_win"])
        entities.fill_in = None if policy["fill_in"] is None else frozenset(policy["fill_in"])
    for gold, doc in zip(golds, pipeline.pipe(g.text for g in golds), strict=True):
        yield spans_of(doc_to_document(doc, gold.document.document.id))


def entity_scores(golds: list[Gold], predicted: Iterable[list[Span]]) -> dict:
    """Micro ("ALL") and per-label precision, recall and F1, strict and overlap."""
    scores = score_entities((spans_of(g.document.document), p)
                            for g, p in zip(golds, predicted, strict=True)).to_dict()
    rows = {"ALL": scores["micro"], **{label: scores["by_label"].get(label, {}) for label in LABELS}}
    metrics = ("precision", "recall", "f1")
    return {label: {name: {k: round(row.get(scheme, {}).get(k, 0.0), 4) for k in metrics}
                    for name, scheme in (("strict", "strict"), ("overlap", "ent_type"))}
            for label, row in rows.items()}


def evaluate(corpus: Path, model: Path = NER_MODEL, part: str = "dev", policy: dict | None = None) -> dict:
    golds = dev_golds(corpus, model, part)
    return {"part": part, "dev_trials": len(golds),
            "recognizer": entity_scores(golds, recognizer_spans(golds, model)),
            "rules": entity_scores(golds, pipeline_spans(golds, None)),
            "pipeline": entity_scores(golds, pipeline_spans(golds, model, policy))}


def render(result: dict) -> str:
    systems = ("recognizer", "rules", "pipeline")
    lines = [f"LCT {result.get('part', 'dev')}, {result['dev_trials']} trials: F1 strict / overlap\n",
             "| label | " + " | ".join(systems) + " |", "|---" * (len(systems) + 1) + "|"]
    for label in ("ALL", *LABELS):
        cells = (f"{result[s][label]['strict']['f1']:.3f} / {result[s][label]['overlap']['f1']:.3f}"
                 for s in systems)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _labels(text: str) -> list[str]:
    return [label for label in text.split(",") if label]


def model_arg(text: str) -> Path:
    """An argparse type: a recognizer saved by scripts/train_ner.py, with its split."""
    path = Path(text)
    if not (path / "split.json").is_file():
        raise argparse.ArgumentTypeError(f"{text}: no split.json, not a recognizer from scripts/train_ner.py")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=corpus_arg)
    parser.add_argument("--model", type=model_arg, default=NER_MODEL)
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    parser.add_argument("--part", choices=("dev", "tune"), default="dev",
                        help="dev: the locked split (default); tune: where policies are chosen")
    parser.add_argument("--rules-win", help="labels whose lexicon matches win over the model's")
    parser.add_argument("--fill-in", help="labels a lexicon match may fill in with ('all': every label)")
    args = parser.parse_args()
    policy = None
    if args.rules_win is not None or args.fill_in is not None:
        from nlp.components.entities import FILL_IN, RULES_WIN

        fill_in = {None: FILL_IN, "all": None}.get(args.fill_in) if args.fill_in in (None, "all") \
            else _labels(args.fill_in)
        policy = {"rules_win": RULES_WIN if args.rules_win is None else _labels(args.rules_win),
                  "fill_in": fill_in}
    result = evaluate(args.corpus, args.model, args.part, policy)
    sys.stdout.write(render(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
