import json

import pytest
from pydantic import ValidationError

from nlp.rules import RESOURCES
from nlp.schema import Entity, TrialDocument

SCHEMA_FILE = RESOURCES / "trial_document.schema.json"


def test_exported_json_schema_is_current():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == TrialDocument.model_json_schema(), (
        "regenerate with: criteria schema -o nlp/resources/trial_document.schema.json"
    )


def test_offsets_must_fit_the_text():
    with pytest.raises(ValidationError, match="offsets"):
        Entity(label="DRUG", text="aspirin", start=0, end=3, polarity="inclusion")


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        TrialDocument.model_validate({"id": "x", "criteria": [], "extra": 1})
