"""The training script's data preparation (scripts/train_ner.py); training itself is the script's run."""

import importlib.util
import sys
from pathlib import Path

import pytest

from nlp.gold import Gold
from nlp.pipeline import blank
from nlp.schema import Annotation, Criterion, Entity, GoldDocument, TrialDocument

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from train_ner import (  # noqa: E402,E501
    CONFIG,
    inner_tok2vec,
    pretrained_overrides,
    refit_overrides,
    restyled,
    split_trials,
    training_doc,
    vector_overrides,
    write_docbins,
)


def test_split_is_by_trial_fixed_and_disjoint():
    names = [f"NCT{i:08d}" for i in range(797)]
    split = split_trials(list(reversed(names)))
    assert split == split_trials(names)
    assert {p: len(v) for p, v in split.items()} == {"train": 574, "tune": 64, "dev": 159}
    assert sorted(split["train"] + split["tune"] + split["dev"]) == names
    assert split_trials(names, seed=14)["dev"] != split["dev"]


def test_shipped_split_matches_the_script():
    import json

    from nlp.pipeline import NER_MODEL

    shipped = json.loads((NER_MODEL / "split.json").read_text(encoding="utf-8"))
    split = split_trials(shipped["train"] + shipped["tune"] + shipped["dev"])
    assert all(split[part] == shipped[part] for part in ("train", "tune", "dev"))


def gold(text: str, entities: list[tuple[str, str]], name: str = "t") -> Gold:
    found = [Entity(label=label, text=span, start=text.index(span), end=text.index(span) + len(span),
                    polarity="inclusion") for label, span in entities]
    criterion = Criterion(id="inc-1", section="inclusion", text=text, start=0, end=len(text), entities=found)
    document = GoldDocument(text=text, document=TrialDocument(id=name, criteria=[criterion]),
                            annotation=Annotation(annotator="test", date="2026-11-22", method="manual"))
    return Gold(text=text, document=document, origin="test")


def test_training_doc_snaps_to_tokens_and_keeps_the_longest_overlap():
    from collections import Counter

    counts = Counter()
    example = gold("Perioperative bleeding in chronic kidney disease",
                   [("PROCEDURE", "operative"), ("CONDITION", "kidney disease"),
                    ("CONDITION", "chronic kidney disease")])
    doc = training_doc(blank().make_doc, example, counts)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Perioperative", "PROCEDURE"), ("chronic kidney disease", "CONDITION")]
    assert counts == Counter({"entities": 3, "snapped to token boundaries": 1, "overlapping, left out": 1})


@pytest.mark.parametrize(("style", "written"), [
    ("- ", "Inclusion Criteria:\n\n- Age >= 18\n\n- Non-small cell lung cancer\n"),
    ("1. ", "Inclusion Criteria:\n\n1. Age >= 18\n\n1. Non-small cell lung cancer\n"),
    ("", "Inclusion Criteria:\n\nAge >= 18\n\nNon-small cell lung cancer\n"),
])
def test_restyled_bullets_keep_every_entity_on_its_words(style, written):
    from collections import Counter

    text = "Inclusion Criteria:\n\n          -  Age >= 18\n\n          -  Non-small cell lung cancer\n"
    assert restyled(text, style)[0] == written
    example = gold(text, [("DEMOGRAPHIC", "Age"), ("CONDITION", "Non-small cell lung cancer")])
    doc = training_doc(blank().make_doc, example, Counter(), style)
    assert doc.text == written
    assert [e.text for e in doc.ents] == ["Age", "Non-small cell lung cancer"]


def test_a_restyle_fraction_rewrites_some_trained_trials_and_no_tune_trial(tmp_path):
    from spacy.tokens import DocBin

    names = [f"NCT{i}" for i in range(40)]
    golds = [gold("Inclusion Criteria:\n\n          -  Age >= 18\n", [("DEMOGRAPHIC", "Age")], name)
             for name in names]
    split = {"train": names[:30], "tune": names[30:], "dev": []}
    assert 5 < write_docbins(golds, split, tmp_path, restyle=0.5)["restyled"] < 25
    vocab = blank().vocab
    trained = list(DocBin().from_disk(tmp_path / "train.spacy").get_docs(vocab))
    assert 5 < sum("          -  Age" not in doc.text for doc in trained) < 25
    assert all([e.text for e in doc.ents] == ["Age"] for doc in trained)
    tune = list(DocBin().from_disk(tmp_path / "tune.spacy").get_docs(vocab))
    assert all("          -  Age" in doc.text for doc in tune)
    assert write_docbins(golds, split, tmp_path)["restyled"] == 0


def initialized(tmp_path, vectors: str | None, weights=None, config=CONFIG):
    """The training ``config`` initialized on one example, with the static vectors of ``vectors``
    and the pretrained tok2vec ``weights``."""
    from collections import Counter

    from spacy.tokens import DocBin
    from spacy.training.initialize import init_nlp
    from spacy.util import load_config

    example = gold("History of chronic kidney disease", [("CONDITION", "chronic kidney disease")])
    DocBin(docs=[training_doc(blank().make_doc, example, Counter())]).to_disk(tmp_path / "t.spacy")
    paths = {"paths.train": str(tmp_path / "t.spacy"), "paths.dev": str(tmp_path / "t.spacy")}
    overrides = {**paths, **vector_overrides(vectors), **pretrained_overrides(weights)}
    return init_nlp(load_config(config, overrides=overrides))


def uses_static_vectors(nlp) -> bool:
    return any(layer.name == "static_vectors" for layer in nlp.get_pipe("ner").model.walk())


def test_vector_option(tmp_path):
    import numpy

    assert not uses_static_vectors(initialized(tmp_path, None))
    source = blank()
    for word in ("kidney", "disease"):
        source.vocab.set_vector(word, numpy.ones(8, dtype="float32"))
    source.to_disk(tmp_path / "vectors")
    nlp = initialized(tmp_path, str(tmp_path / "vectors"))
    assert uses_static_vectors(nlp) and nlp.vocab.vectors.n_keys == 2


@pytest.mark.skipif(importlib.util.find_spec("en_core_sci_md") is None,
                    reason="scispaCy's en_core_sci_md is not installed")
def test_scispacy_vectors_feed_the_embedding(tmp_path):
    nlp = initialized(tmp_path, "en_core_sci_md")
    assert uses_static_vectors(nlp) and nlp.vocab.vectors.n_keys > 10_000


def test_pretrained_weights_replace_the_initial_tok2vec(tmp_path):
    import numpy

    fresh = initialized(tmp_path, None)
    pretrained = inner_tok2vec(fresh)
    for node in pretrained.walk():  # weights no initialization draws
        for name in node.param_names:
            if node.has_param(name):
                node.set_param(name, numpy.full_like(node.get_param(name), 0.5))
    (tmp_path / "model0.bin").write_bytes(pretrained.to_bytes())
    nlp = initialized(tmp_path, None, tmp_path / "model0.bin")
    assert inner_tok2vec(nlp).to_bytes() == (tmp_path / "model0.bin").read_bytes()
    assert inner_tok2vec(initialized(tmp_path, None)).to_bytes() != (tmp_path / "model0.bin").read_bytes()


def test_the_refit_trains_on_the_tune_trials_too_for_fixed_steps(tmp_path):
    from spacy.tokens import DocBin

    golds = [gold("History of stroke", [("CONDITION", "stroke")], name) for name in ("A", "B", "C")]
    split = {"train": ["A", "B"], "tune": ["C"], "dev": []}
    for refit, trained in ((False, 2), (True, 3)):
        assert write_docbins(golds, split, tmp_path, refit=refit)["entities"] == 3  # each trial once
        assert len(DocBin().from_disk(tmp_path / "train.spacy")) == trained
        assert len(DocBin().from_disk(tmp_path / "tune.spacy")) == 1
    assert refit_overrides(None) == {}
    assert refit_overrides(2600) == {"training.max_steps": 2600, "training.patience": 0,
                                     "training.max_epochs": 0}


def test_pretraining_with_vectors_gives_weights_the_vectors_recognizer_loads(tmp_path):
    import numpy
    from pretrain_ner import pretrain

    source = blank()
    for word in ("kidney", "disease"):
        source.vocab.set_vector(word, numpy.ones(8, dtype="float32"))
    source.to_disk(tmp_path / "vectors")
    log = pretrain(["History of chronic kidney disease", "No kidney disease"], tmp_path, epochs=1,
                   vectors=str(tmp_path / "vectors"))
    assert [entry["words"] for entry in log] == [8]
    nlp = initialized(tmp_path, str(tmp_path / "vectors"), tmp_path / "model0.bin")
    assert uses_static_vectors(nlp)
    assert inner_tok2vec(nlp).to_bytes() == (tmp_path / "model0.bin").read_bytes()
    with pytest.raises(ValueError):  # weights with a static-vectors layer fit only that embedding
        initialized(tmp_path, None, tmp_path / "model0.bin")


def test_pretraining_follows_the_config_it_is_given(tmp_path):
    from pretrain_ner import pretrain

    wider = tmp_path / "wider.cfg"  # another embedding: twice the hash rows
    wider.write_text(CONFIG.read_text(encoding="utf-8").replace(
        "rows = [10000,2500,5000,2500]", "rows = [20000,5000,10000,5000]"), encoding="utf-8")
    assert wider.read_text(encoding="utf-8") != CONFIG.read_text(encoding="utf-8")
    pretrain(["History of chronic kidney disease"], tmp_path, epochs=1, config_path=wider)
    nlp = initialized(tmp_path, None, tmp_path / "model0.bin", config=wider)
    assert inner_tok2vec(nlp).to_bytes() == (tmp_path / "model0.bin").read_bytes()
    with pytest.raises(ValueError):  # the default embedding has other dimensions
        initialized(tmp_path, None, tmp_path / "model0.bin")
