"""A saved pipeline loads with ``spacy.load`` alone: spaCy finds the factories and the tokenizer
through the package's entry points (pyproject.toml), in a process that never imports ``nlp``."""

import json
import subprocess
import sys
from importlib.metadata import entry_points

from nlp.pipeline import FACTORIES

TEXT = ("Inclusion Criteria:\n- Platelets >= 100 x 10^9/L\n- Eastern Cooperative Oncology Group (ECOG) "
        "performance status 0-1\n"
        "Exclusion Criteria:\n- No prior treatment with anti-PD-1\n- History of HIV infection\n")

# Runs in a fresh interpreter: imports spacy only, checks that nlp is not loaded, loads the folder.
LOAD = """
import json, sys
import spacy
assert "nlp" not in sys.modules, "nlp imported before spacy.load"
pipeline = spacy.load(sys.argv[1])
doc = pipeline(sys.argv[2])
ents = [[e.start_char, e.end_char, e.label_, e._.negated, e._.polarity] for e in doc.ents]
print(json.dumps({"thresholds": doc._.thresholds, "abbreviations": doc._.abbreviations, "ents": ents}))
"""


def plain(doc) -> dict:
    return json.loads(json.dumps({
        "thresholds": doc._.thresholds, "abbreviations": doc._.abbreviations,
        "ents": [[e.start_char, e.end_char, e.label_, e._.negated, e._.polarity] for e in doc.ents]}))


def test_every_factory_and_the_tokenizer_have_an_entry_point():
    factories = {e.name: e.value for e in entry_points(group="spacy_factories")
                 if e.name.startswith("criteria_")}
    assert set(factories) == set(FACTORIES.values())
    for name, value in factories.items():
        assert entry_points(group="spacy_factories", name=name)[name].load().__name__ == value.split(":")[1]
    tokenizers = {e.name for e in entry_points(group="spacy_tokenizers")}
    assert "criteria_tokenizer.v1" in tokenizers


def test_a_saved_pipeline_loads_in_a_process_that_never_imports_nlp(pipeline, tmp_path):
    pipeline.to_disk(tmp_path / "model")
    run = subprocess.run([sys.executable, "-c", LOAD, str(tmp_path / "model"), TEXT], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    expected = plain(pipeline(TEXT))
    assert loaded == expected
    # The text has what the comparison is about: a threshold and a negated entity.
    assert any(t["value"] == 100 for t in expected["thresholds"])
    assert any(negated for *_, negated, _ in expected["ents"])
    assert [a["short"]["text"] for a in expected["abbreviations"]] == ["ECOG"]


def test_making_any_spacy_pipeline_does_not_import_medspacy():
    """spaCy imports every registered factory's module whenever it makes a Language; ours leave
    medspaCy (most of a second to import) to the moment a component is built."""
    code = ("import sys, spacy; spacy.blank('en'); "
            "print('nlp.components.context' in sys.modules, 'medspacy' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "False"]
