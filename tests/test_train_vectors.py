"""The vectors script's data preparation and its floret table (scripts/train_vectors.py)."""

import gzip
import io
import json
import sys
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from train_vectors import locked_trials, read_texts, train_table, write_tokens  # noqa: E402

from nlp.pipeline import blank  # noqa: E402


def test_the_locked_trials_are_left_out(tmp_path):
    path = tmp_path / "t.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(3):
            out.write(json.dumps({"id": f"NCT{i}", "text": f"text {i}"}) + "\n")
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"dev": ["NCT1"]}), encoding="utf-8")
    assert list(read_texts(path, locked_trials(split))) == ["text 0", "text 2"]
    assert locked_trials(tmp_path / "absent.json") == set()


def test_tokens_are_the_pipeline_tokens_lowercased_one_line_a_line():
    out = io.StringIO()
    count = write_tokens(["Inclusion Criteria:\n\n  - Age ≥18 years\n"], blank().make_doc, out)
    assert out.getvalue() == "inclusion criteria :\n- age ≥ 18 years\n"
    assert count == 8


def test_a_floret_table_gives_every_word_a_vector(tmp_path):
    corpus = tmp_path / "tokens.txt"
    corpus.write_text("creatinine clearance below 60\nbilirubin above 2\n" * 50, encoding="utf-8")
    train_table(corpus, tmp_path / "vectors", dim=8, bucket=100, epoch=1, min_count=1)
    vectors = spacy.load(tmp_path / "vectors").vocab.vectors
    assert vectors.mode == "floret" and vectors.shape == (100, 8)
    assert vectors.get_batch(["creatinines"]).any()  # a word never seen gets its n-grams' vector
