from __future__ import annotations

import os
from pathlib import Path

import pytest

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
