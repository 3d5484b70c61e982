"""Train floret static vectors on unlabeled registry criteria, for the entity recognizer.

    python scripts/train_vectors.py ../shared/corpora/unlabeled/trials.jsonl.gz [--output build/vectors]

The texts (one ``{"id", "text"}`` JSON object a line, gzip or plain) are split into tokens by the
pipeline's own tokenizer and lowercased, one criterion line a line, then floret learns hashed
subword vectors (``--bucket`` rows of ``--dim`` floats: the table's size does not grow with the
vocabulary, and a word never seen still gets a vector from its character n-grams). The output is
a spaCy pipeline holding only the vectors, keyed on LOWER, for ``scripts/train_ner.py --vectors``.
Trials named in ``--exclude`` (a ``split.json``'s ``dev`` list) are left out, so the locked split
stays unseen. One thread (floret seeds its generator with a constant): the same input gives the same table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import floret

from nlp.pipeline import blank

ROOT = Path(__file__).parents[1]


def read_texts(path: Path, exclude: set[str]):
    """The texts of a JSONL file of ``{"id", "text"}`` records, gzip or plain."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("id") not in exclude:
                yield record["text"]


def unlabeled_parser(description: str, output: Path) -> argparse.ArgumentParser:
    """The arguments the scripts over unlabeled criteria share: the texts, an output, the split
    whose locked trials are left out."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("texts", type=Path, help="JSONL of {id, text} records (.gz or plain)")
    parser.add_argument("--output", type=Path, default=output)
    parser.add_argument("--exclude", type=Path, default=ROOT / "models" / "ner" / "split.json",
                        help="a split.json whose 'dev' trials are left out (default: %(default)s)")
    return parser


def locked_trials(split: Path) -> set[str]:
    """The 'dev' trials of a split.json (none when the file is absent)."""
    return set(json.loads(split.read_text(encoding="utf-8"))["dev"]) if split.is_file() else set()


def write_tokens(texts, make_doc, out) -> int:
    """One lowercased, tokenized line per non-empty text line; the number of tokens written."""
    count = 0
    for text in texts:
        for line in text.splitlines():
            words = [t.lower_ for t in make_doc(line) if not t.is_space]
            if words:
                out.write(" ".join(words) + "\n")
                count += len(words)
    return count


def train_table(tokens: Path, output: Path, dim: int, bucket: int, epoch: int, min_count: int = 3) -> None:
    """Floret skipgram vectors of the tokenized lines, written as a vectors-only spaCy pipeline."""
    model = floret.train_unsupervised(
        str(tokens), model="skipgram", mode="floret", dim=dim, bucket=bucket, epoch=epoch,
        minn=4, maxn=5, hashCount=2, minCount=min_count, thread=1, verbose=0)
    table = tokens.with_suffix(".floret")
    model.save_floret_vectors(str(table))
    init = ["init", "vectors", "en", str(table), str(output), "--mode", "floret", "--attr", "LOWER",
            "--name", "criteria_floret"]
    subprocess.run([sys.executable, "-m", "spacy", *init], check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = unlabeled_parser(__doc__, ROOT / "build" / "vectors")
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--bucket", type=int, default=50000)
    parser.add_argument("--epoch", type=int, default=10)
    args = parser.parse_args()
    if not args.texts.is_file():
        print(f"error: {args.texts}: no such file", file=sys.stderr)
        return 2
    started = time.perf_counter()
    exclude = locked_trials(args.exclude)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "tokens.txt"
        with corpus.open("w", encoding="utf-8") as out:
            tokens = write_tokens(read_texts(args.texts, exclude), blank().make_doc, out)
        train_table(corpus, args.output, args.dim, args.bucket, args.epoch)
    summary = {"texts": str(args.texts), "tokens": tokens, "dim": args.dim, "bucket": args.bucket,
               "epoch": args.epoch, "excluded_trials": len(exclude),
               "minutes": round((time.perf_counter() - started) / 60, 1)}
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
