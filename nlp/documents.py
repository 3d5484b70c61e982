"""Trial documents from any input a command takes: an extracted document JSON as it is; a gold
file (its text), a criteria text, a page or a registry record through the pipeline."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError
from spacy.language import Language

from .batch import Result, extract_records
from .io import InputError
from .output import doc_to_document
from .records import Record, read_file
from .schema import GoldDocument, TrialDocument, first_error

Pipeline = Callable[[], Language]  # built only when an input needs it


def read_documents(path: Path, pipeline: Pipeline) -> Iterator[Result]:
    """Each trial of ``path`` in order, as a ``Result``: a document, or the one-line reason the
    record it came from failed. A file that cannot be read at all is an ``InputError``."""
    if not path.is_file():
        raise InputError(f"{path}: {'a directory, not a file' if path.is_dir() else 'no such file'}")
    if path.suffix.lower() == ".json":
        document = _document_json(path, pipeline)
        if document is not None:
            yield Result(0, document.id, str(path), document)
            return
    items = list(read_file(path))
    if not any(isinstance(item, Record) for item in items):
        reason = next((i.reason for i in items), "no records")
        raise InputError(f"{path}: {reason}" if not reason.startswith(str(path)) else reason)
    yield from extract_records(items, pipeline())


def load_trial(path: Path, pipeline: Language) -> TrialDocument:
    """The one trial of ``path``; an input of none or several is an ``InputError``."""
    results = list(read_documents(path, lambda: pipeline))
    if len(results) != 1:
        raise InputError(f"{path}: not one trial: {len(results)} records")
    if results[0].document is None:
        raise InputError(f"{path}: {results[0].error}")
    return results[0].document


def _document_json(path: Path, pipeline: Pipeline) -> TrialDocument | None:
    """A document or gold file as its document; None for other JSON (a registry record)."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    except ValueError as err:
        raise InputError(f"{path}: not JSON: {err}") from None
    try:
        if isinstance(data, dict) and "schema_version" in data and "criteria" in data:
            return TrialDocument.model_validate(data)
        if isinstance(data, dict) and "gold_version" in data:
            gold = GoldDocument.model_validate(data)
            if gold.text is None:
                raise InputError(f"{path}: a stand-off gold file; give the corpus text instead")
            return doc_to_document(pipeline()(gold.text), gold.document.id, doc_id=gold.document.id)
    except ValidationError as err:
        raise InputError(f"{path}: not a trial document: {first_error(err)}") from None
    return None
