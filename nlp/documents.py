"""Trial documents from any input a command takes: extracted documents (a JSON file, or JSON
lines as ``criteria batch`` writes them, gzip too) as they are; a gold file as its annotations
or its text through the pipeline; a criteria text, a page or a registry record through the
pipeline."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError
from spacy.language import Language

from .batch import Result, extract_records
from .io import InputError
from .output import doc_to_document
from .records import GZIP_MAGIC, Item, Record, read_file
from .schema import GoldDocument, TrialDocument, first_error

Pipeline = Callable[[], Language]  # built only when an input needs it


def read_documents(path: Path, pipeline: Pipeline, *, gold_annotations: bool = False) -> Iterator[Result]:
    """Each trial of ``path`` in order, as a ``Result``: a document, or the one-line reason the
    record it came from failed. A gold file gives its annotations with ``gold_annotations``, else
    the pipeline's document of its text. A file that cannot be read at all is an ``InputError``."""
    documents, items = _read(path, pipeline, gold_annotations)
    if documents is not None:
        yield from (Result(k, d.id, str(path), d) for k, d in enumerate(documents))
    else:
        yield from extract_records(items, pipeline())


def load_trial(path: Path, pipeline: Language) -> TrialDocument:
    """The one trial of ``path`` (a gold file: the pipeline's document of its text); an input of
    none or several is an ``InputError``, before the pipeline runs."""
    documents, items = _read(path, lambda: pipeline, gold_annotations=False)
    found = documents if documents is not None else items
    if len(found) != 1:
        raise InputError(f"{path}: not one trial: {len(found)} records")
    if documents is not None:
        return documents[0]
    (result,) = extract_records(items, pipeline)
    if result.document is None:
        raise InputError(f"{path}: {result.error}")
    return result.document


def _read(path: Path, pipeline: Pipeline, gold_annotations: bool
          ) -> tuple[list[TrialDocument] | None, list[Item]]:
    """The documents of a file of documents or gold files, else None and the file's records."""
    if not path.is_file():
        raise InputError(f"{path}: {'a directory, not a file' if path.is_dir() else 'no such file'}")
    objects = _json_objects(path)
    if objects and all(_is_document(obj) for obj in objects):
        return [_document(obj, path, pipeline, gold_annotations) for obj in objects], []
    items = list(read_file(path))
    if not any(isinstance(item, Record) for item in items):
        reason = next((i.reason for i in items), "no records")
        raise InputError(f"{path}: {reason}" if not reason.startswith(str(path)) else reason)
    return None, items


def _json_objects(path: Path) -> list | None:
    """The JSON object of the file, or its JSON lines; None when it is not JSON."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:
            raise InputError(f"{path}: not a readable gzip file: {err}") from None
    try:
        return [json.loads(data)]
    except ValueError:
        pass
    try:
        return [json.loads(line) for line in data.splitlines() if line.strip()]
    except ValueError:
        return None


def _is_document(obj: object) -> bool:
    if not isinstance(obj, dict):
        return False
    return "gold_version" in obj or ("schema_version" in obj and "criteria" in obj)


def _document(obj: dict, path: Path, pipeline: Pipeline, gold_annotations: bool) -> TrialDocument:
    try:
        if "gold_version" not in obj:
            return TrialDocument.model_validate(obj)
        gold = GoldDocument.model_validate(obj)
    except ValidationError as err:
        raise InputError(f"{path}: not a trial document: {first_error(err)}") from None
    if gold_annotations:
        return gold.document
    if gold.text is None:
        raise InputError(f"{path}: a stand-off gold file; give the corpus text instead")
    return doc_to_document(pipeline()(gold.text), gold.document.id, doc_id=gold.document.id)
