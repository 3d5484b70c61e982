"""Train the entity recognizer shipped in ``models/ner`` on the LCT corpus (CC BY 4.0).

    python scripts/train_ner.py ../shared/corpora/lct [--output models/ner] [--vectors en_core_sci_md]

The 797 trials are split by trial with a fixed seed: 20% dev, never seen in training; of the rest,
10% ("tune") is what spaCy scores to keep the best checkpoint, and the remainder is trained on.
The split is written to ``OUTPUT/split.json``. Training runs on one CPU thread with a fixed seed,
so the same corpus and config give the same weights. ``--vectors`` adds the static vectors of an
installed spaCy model (scispaCy's ``en_core_sci_md``/``lg``; ``_sm`` has none) or a vectors-only
pipeline (``scripts/train_vectors.py``) to the embedding. ``--init-tok2vec`` starts the recognizer's
tok2vec from weights pretrained on unlabeled text (``scripts/pretrain_ner.py``).
"""

from __future__ import annotations

import os

# One thread: BLAS reductions in another order would change the weights.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from bisect import bisect_right  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from lct import corpus_arg  # noqa: E402
from spacy import registry  # noqa: E402
from spacy.cli.train import train  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy.util import filter_spans, load_config  # noqa: E402

from nlp.gold import Gold, resolve  # noqa: E402
from nlp.importers import lct  # noqa: E402
from nlp.pipeline import blank  # noqa: E402

CONFIG = Path(__file__).with_name("train_ner.cfg")
# LCT writes every item '          -  '; registry pages and API v2 records write '* ', '- ', '1. ' or
# nothing, and a recognizer that saw only LCT's bullets missed 'Non-small cell lung cancer' after
# '- ' (locked split rewritten to '- ': strict F1 0.735 -> 0.722).
LCT_BULLET = re.compile(r"^[ \t]*-[ \t]+", re.M)
BULLET_STYLES = ("- ", "* ", "1. ", "• ", "")
SEED = 13
DEV_FRACTION = 0.2
TUNE_FRACTION = 0.1


def split_trials(names: list[str], seed: int = SEED) -> dict[str, list[str]]:
    """Trial ids for train, tune and dev, the same for the same names and seed."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    n_dev = round(len(order) * DEV_FRACTION)
    rest = order[n_dev:]
    n_tune = round(len(rest) * TUNE_FRACTION)
    return {"train": sorted(rest[n_tune:]), "tune": sorted(rest[:n_tune]), "dev": sorted(order[:n_dev])}


def restyled(text: str, style: str) -> tuple[str, Callable[[int], int]]:
    """The text with each LCT bullet ('          -  ') written in ``style`` ('* ', '1. '), and
    the map of the text's offsets to the new text's."""
    parts, moves, pos, delta = [], [], 0, 0
    for m in LCT_BULLET.finditer(text):
        parts += [text[pos:m.start()], style]
        delta += len(style) - (m.end() - m.start())
        moves.append((m.end(), delta))
        pos = m.end()
    parts.append(text[pos:])
    ends = [end for end, _ in moves]

    def moved(offset: int) -> int:
        k = bisect_right(ends, offset)
        return offset + (moves[k - 1][1] if k else 0)

    return "".join(parts), moved


def training_doc(make_doc, gold: Gold, counts: Counter, style: str | None = None) -> Doc:
    """The gold text with its entities as ``doc.ents``: spans snap out to token boundaries,
    and where gold spans overlap the longest is kept. ``style``: its bullets rewritten so."""
    text, moved = (gold.text, lambda offset: offset) if style is None else restyled(gold.text, style)
    doc = make_doc(text)
    spans = []
    for criterion in gold.document.document.criteria:
        for entity in criterion.entities:
            start, end = moved(entity.start), moved(entity.end)
            span = doc.char_span(start, end, entity.label)
            if span is None:
                counts["snapped to token boundaries"] += 1
                span = doc.char_span(start, end, entity.label, alignment_mode="expand")
            spans.append(span)
    doc.ents = filter_spans(spans)
    counts["entities"] += len(spans)
    counts["overlapping, left out"] += len(spans) - len(doc.ents)
    return doc


def inner_tok2vec(nlp):
    """The recognizer's own Tok2Vec (embed >> encode), inside the parser model's tok2vec chain
    (tok2vec >> list2array >> linear): the layer ``scripts/pretrain_ner.py`` trains."""
    return nlp.get_pipe("ner").model.get_ref("tok2vec").layers[0]


@registry.callbacks("criteria_init_ner_tok2vec.v1")
def init_ner_tok2vec(path: str):
    """After initialization, the recognizer's Tok2Vec takes the pretrained weights at path
    (spaCy's own ``init_tok2vec`` reaches only a named ref, and ours is unnamed inside a chain)."""
    def load(nlp):
        inner_tok2vec(nlp).from_bytes(Path(path).read_bytes())
        return nlp
    return load


def pretrained_overrides(weights: Path | None) -> dict:
    if weights is None:
        return {}
    return {"initialize.after_init": {"@callbacks": "criteria_init_ner_tok2vec.v1", "path": str(weights)}}


def vector_overrides(vectors: str | None) -> dict:
    """Config overrides that add an installed model's static vectors to the embedding."""
    if not vectors:
        return {}
    return {"paths.vectors": vectors, "components.ner.model.tok2vec.embed.include_static_vectors": True}


def describe(model: Path, summary: dict) -> None:
    """Name and credit in the model's meta.json (its performance is on tune), and no temporary
    training paths in its config.cfg, so two runs give the same files."""
    config = load_config(model / "config.cfg", interpolate=False)
    config["paths"]["train"] = config["paths"]["dev"] = config["paths"]["vectors"] = None
    config["initialize"]["after_init"] = None  # the pretrained weights are in the model now
    config.to_disk(model / "config.cfg")
    path = model / "meta.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta.update(name="criteria_ner", version="1.0.0", license="CC BY 4.0 (training data)",
                description="criteria-nlp entity recognizer; 'performance' is on the tune split",
                sources=[{"name": summary["corpus"], "url": "https://doi.org/10.6084/m9.figshare.17209610",
                          "license": "CC BY 4.0"}])
    path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def write_docbins(golds: list[Gold], split: dict[str, list[str]], work: Path, refit: bool = False,
                  restyle: float = 0.0) -> Counter:
    """train.spacy and tune.spacy; with ``refit`` the tune trials are trained on too. A
    ``restyle`` fraction of the trained trials (with ``refit`` the tune trials among them), drawn
    with the seed, has its bullets written in another registry style; tune.spacy, which spaCy
    scores, keeps LCT's."""
    make_doc = blank().make_doc
    by_name = {g.document.document.id: g for g in golds}
    counts = Counter()
    parts = {"train": split["train"] + (split["tune"] if refit else []), "tune": split["tune"]}
    draw = random.Random(SEED)
    for part, names in parts.items():
        counted = Counter() if refit and part == "tune" else counts  # the tune trials count once
        styles = [draw.choice(BULLET_STYLES) if part == "train" and draw.random() < restyle else None
                  for _ in names]
        counted["restyled"] += sum(style is not None for style in styles)
        docs = [training_doc(make_doc, by_name[name], counted, style)
                for name, style in zip(names, styles, strict=True)]
        DocBin(docs=docs).to_disk(work / f"{part}.spacy")
    return counts


def refit_overrides(steps: int | None) -> dict:
    """Train a fixed number of steps (chosen on tune by a run without refit) and keep the last."""
    return {} if steps is None else {"training.max_steps": steps, "training.patience": 0,
                                     "training.max_epochs": 0}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=corpus_arg, help="the LCT corpus folder (holding brat/)")
    parser.add_argument("--output", type=Path, default=Path(__file__).parents[1] / "models" / "ner")
    parser.add_argument("--vectors", help="an installed spaCy model whose static vectors to use")
    parser.add_argument("--init-tok2vec", type=Path,
                        help="pretrained tok2vec weights (scripts/pretrain_ner.py)")
    parser.add_argument("--config", type=Path, default=CONFIG, help="training config (default: %(default)s)")
    parser.add_argument("--restyle", type=float, default=0.0, metavar="FRACTION", help=(
        "write the bullets of this fraction of the trained trials in another registry style "
        "('- ', '* ', '1. ', '• ', none), drawn with the seed"))
    parser.add_argument("--refit-steps", type=int, help=(
        "train on the train and tune trials for this many steps and keep the last weights: the "
        "final fit once a run without it has chosen the configuration and its best step on tune"))
    args = parser.parse_args()
    started = time.perf_counter()
    golds = [resolve(d, d.source.document, args.corpus) for d in lct.import_corpus(args.corpus)]
    split = split_trials([g.document.document.id for g in golds])
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        counts = write_docbins(golds, split, work, refit=args.refit_steps is not None, restyle=args.restyle)
        train(args.config, work / "out", overrides={
            "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "tune.spacy"),
            **vector_overrides(args.vectors), **pretrained_overrides(args.init_tok2vec),
            **refit_overrides(args.refit_steps)})
        if args.output.exists():
            shutil.rmtree(args.output)
        kept = "model-best" if args.refit_steps is None else "model-last"
        shutil.copytree(work / "out" / kept, args.output)
    summary = {"corpus": "Leaf Clinical Trials (Dobbins et al. 2022), CC BY 4.0", "seed": SEED,
               "trials": {part: len(names) for part, names in split.items()}, "alignment": dict(counts),
               "vectors": args.vectors, "init_tok2vec": args.init_tok2vec and args.init_tok2vec.name,
               "refit_steps": args.refit_steps, "restyle": args.restyle}
    describe(args.output, summary)
    record = json.dumps({**summary, **split}, indent=1) + "\n"
    (args.output / "split.json").write_text(record, encoding="utf-8")
    minutes = (time.perf_counter() - started) / 60
    print(json.dumps({**summary, "minutes": round(minutes, 1)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
