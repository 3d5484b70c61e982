"""Pretrain the entity recognizer's tok2vec on unlabeled registry criteria (``spacy pretrain``).

    python scripts/pretrain_ner.py ../shared/corpora/unlabeled/trials.jsonl.gz [--epochs 2] [--output DIR]
    python scripts/train_ner.py ../shared/corpora/lct --init-tok2vec DIR/model1.bin

With ``--vectors build/vectors`` the tok2vec pretrained is the one with static vectors in its
embedding, as ``train_ner.py --vectors build/vectors`` trains it; pass the same vectors to both.

The recognizer's own CNN tok2vec (the ``ner`` component's ``tok2vec`` layer in
``scripts/train_ner.cfg``) learns to predict the first and last characters of each word from its
context (spaCy's characters objective), over every criterion line of the texts. Trials named in
``--exclude`` (a ``split.json``'s ``dev`` list) are left out, so the locked split stays unseen. One
thread and a fixed seed. Each epoch writes ``DIR/model{N}.bin``, the weights ``train_ner.py
--init-tok2vec`` starts from.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from spacy import registry  # noqa: E402
from spacy.training.initialize import load_vectors_into_model  # noqa: E402
from spacy.training.pretrain import make_update  # noqa: E402
from spacy.util import load_config, load_model_from_config  # noqa: E402
from thinc.api import Adam, fix_random_seed, set_dropout_rate  # noqa: E402
from train_ner import CONFIG, SEED, inner_tok2vec, vector_overrides  # noqa: E402
from train_vectors import locked_trials, read_texts, unlabeled_parser  # noqa: E402

import nlp.pipeline  # noqa: E402, F401  (registers the tokenizer the config names)

ROOT = Path(__file__).parents[1]
# spaCy's characters objective: predict each word's first and last 4 characters from context.
OBJECTIVE = {"@architectures": "spacy.PretrainCharacters.v1", "maxout_pieces": 3, "hidden_size": 300,
             "n_characters": 4}
BATCH = {"@batchers": "spacy.batch_by_words.v1", "size": 3000, "tolerance": 0.2, "discard_oversize": False}
DROPOUT = 0.2


def criterion_lines(texts) -> list[str]:
    """Each non-empty line of the texts, stripped."""
    return [line.strip() for text in texts for line in text.splitlines() if line.strip()]


def pretrain(lines: list[str], output: Path, epochs: int, vectors: str | None = None,
             config_path: Path = CONFIG) -> list[dict]:
    """Train the tok2vec of the recognizer that ``config_path`` describes (with the static
    ``vectors`` in its embedding, if given) on the lines; write ``output/model{N}.bin`` after each
    epoch (the averaged weights), and return each epoch's loss."""
    fix_random_seed(SEED)
    config = load_config(config_path, overrides=vector_overrides(vectors))
    nlp = load_model_from_config(config, auto_fill=True, validate=False)
    if vectors:
        load_vectors_into_model(nlp, vectors)
    sample = [nlp.make_doc("Give it a doc to infer shapes")]
    tok2vec = inner_tok2vec(nlp)
    tok2vec.initialize(X=sample)
    model = registry.resolve({"objective": OBJECTIVE})["objective"](nlp.vocab, tok2vec)
    model.initialize(X=sample)
    set_dropout_rate(model, DROPOUT)
    optimizer = Adam(learn_rate=0.001, L2=0.01, grad_clip=1.0, use_averages=True)
    batcher = registry.resolve({"batcher": BATCH})["batcher"]
    log = []
    for epoch in range(epochs):
        random.Random(SEED + epoch).shuffle(lines)
        loss = words = 0
        for batch in batcher(nlp.make_doc(line) for line in lines):
            loss += make_update(model, batch, optimizer, model.attrs["loss"])
            words += sum(len(doc) for doc in batch)
        with model.use_params(optimizer.averages):
            (output / f"model{epoch}.bin").write_bytes(tok2vec.to_bytes())
        log.append({"epoch": epoch, "words": words, "loss": round(loss, 1)})
        print(json.dumps(log[-1]), flush=True)
    return log


def main() -> int:
    parser = unlabeled_parser(__doc__, ROOT / "build" / "pretrain")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--vectors", help="static vectors in the embedding (scripts/train_vectors.py)")
    parser.add_argument("--config", type=Path, default=CONFIG,
                        help="the recognizer's training config, whose tok2vec is pretrained: pass "
                             "train_ner.py the same one (default: %(default)s)")
    args = parser.parse_args()
    if not args.texts.is_file():
        print(f"error: {args.texts}: no such file", file=sys.stderr)
        return 2
    started = time.perf_counter()
    exclude = locked_trials(args.exclude)
    args.output.mkdir(parents=True, exist_ok=True)
    lines = criterion_lines(read_texts(args.texts, exclude))
    log = pretrain(lines, args.output, args.epochs, args.vectors, args.config)
    print(json.dumps({"lines": len(lines), "epochs": log, "excluded_trials": len(exclude),
                      "vectors": args.vectors,
                      "minutes": round((time.perf_counter() - started) / 60, 1)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
