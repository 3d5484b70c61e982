from __future__ import annotations

import os
from pathlib import Path

import pytest
from spacy.language import Language

import nlp

SHARED = Path(os.environ.get("CRITERIA_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.fixture(scope="session")
def pipeline():
    return nlp.load()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed pages not found at {path}")
    return path


@pytest.fixture(scope="session")
def lct_dir() -> Path:
    path = SHARED / "corpora" / "lct"
    if not (path / "brat").is_dir():
        pytest.skip(f"LCT corpus not found at {path}")
    return path


@Language.component("test_raises_on_boom")
def raises_on_boom(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("boom\nsecond line")
    return doc


@pytest.fixture(scope="module")
def fragile():
    """The rules-only pipeline with a component that raises on texts containing BOOM."""
    pipeline = nlp.build(None)
    pipeline.add_pipe("test_raises_on_boom", first=True)
    return pipeline
