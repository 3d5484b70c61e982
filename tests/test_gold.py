"""Gold files: validated on load, offsets checked against the text, stand-off text resolved."""

import json

import pytest

from nlp.gold import GoldError, read_gold, sha256, write_gold
from nlp.schema import Annotation, Criterion, Entity, GoldDocument, StandOffSource, TrialDocument

TEXT = "Inclusion Criteria:\n- Type 2 diabetes\n"


def gold(text=TEXT, source=None):
    criterion = Criterion(id="inc-1", section="inclusion", text="Type 2 diabetes", start=22, end=37,
                          entities=[Entity(label="CONDITION", text="diabetes", start=29, end=37,
                                           polarity="inclusion")])
    return GoldDocument(text=text if source is None else None, source=source,
                        annotation=Annotation(annotator="test", date="2026-11-22", method="manual"),
                        document=TrialDocument(id="t", criteria=[criterion]))


def test_round_trip(tmp_path):
    write_gold(gold(), tmp_path / "t.json")
    [read] = read_gold(tmp_path)
    assert read.document == gold() and read.text == TEXT


def test_offsets_that_miss_the_text_name_the_file_and_span(tmp_path):
    write_gold(gold(text=TEXT.replace("Type 2", "Type 1")),
               tmp_path / "t.json")
    with pytest.raises(GoldError, match=r"t\.json: criterion inc-1 'Type 2 diabetes' at 22:37 reads "
                                        r"'Type 1 diabetes' in the text"):
        list(read_gold(tmp_path / "t.json"))


def test_unknown_label_is_refused_with_its_place(tmp_path):
    raw = json.loads(gold().model_dump_json())
    raw["document"]["criteria"][0]["entities"][0]["label"] = "GENE"
    (tmp_path / "t.jsonl").write_text("\n" + json.dumps(raw) + "\n")
    with pytest.raises(GoldError, match=r"t\.jsonl:2: document\.criteria\.0\.entities\.0\.label"):
        list(read_gold(tmp_path / "t.jsonl"))


def test_text_or_source_not_both():
    with pytest.raises(ValueError, match="either 'text' or a stand-off 'source'"):
        GoldDocument.model_validate({**gold().model_dump(), "source": {
            "corpus": "c", "document": "d.txt", "sha256": "0" * 64}})


def test_stand_off_text_is_read_from_the_corpus_and_hash_checked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "d.txt").write_text(TEXT)
    write_gold(gold(source=StandOffSource(corpus="c", document="d.txt", sha256=sha256(TEXT))),
               tmp_path / "g.json")
    [read] = read_gold(tmp_path / "g.json", corpus)
    assert read.text == TEXT
    with pytest.raises(GoldError, match="needs the corpus path"):
        list(read_gold(tmp_path / "g.json"))
    (corpus / "d.txt").write_text(TEXT + "changed")
    with pytest.raises(GoldError, match="does not match its SHA-256"):
        list(read_gold(tmp_path / "g.json", corpus))
