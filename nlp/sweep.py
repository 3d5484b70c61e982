"""Robustness sweep: run the pipeline over records and list every problem it has with them.

A problem is an exception in the pipeline or in ``doc_to_document``, an object whose offsets do
not give its text (``input[start:end] != text``), a document that does not validate against
the output schema after a JSON round trip, a review page that fails or does not highlight
every entity, or a document whose table rows (``criteria batch --tables``) fail or miss a
column. ``scripts/sweep.py`` is the command; tests call
``sweep`` on the shared corpora and on generated criteria.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError
from spacy.language import Language

from .gold import offset_problems
from .output import doc_to_document
from .records import Failure, Item
from .schema import TrialDocument, first_error
from .tables import COLUMNS, rows
from .view import render_document

PACKAGE = __package__


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record: ``kind`` is 'exception', 'offsets', 'schema', 'view',
    'tables' or 'unread'."""

    id: str | None
    source: str
    kind: str
    detail: str

    def line(self) -> str:
        return f"{self.source}\t{self.id}\t{self.kind}\t{' '.join(self.detail.split())}"


def check_text(pipeline: Language, text: str, record_id: str, registry: dict | None = None
               ) -> Iterator[tuple[str, str]]:
    """(kind, detail) for each problem the pipeline has with one text."""
    try:
        document = doc_to_document(pipeline(text), record_id, doc_id=record_id, registry=registry)
    except Exception as err:  # noqa: BLE001 -- the sweep lists what escapes, it does not stop
        yield ("schema" if isinstance(err, ValidationError) else "exception"), _describe(err)
        return
    for detail in offset_problems(document, text):
        yield "offsets", detail
    try:
        TrialDocument.model_validate_json(document.model_dump_json())
    except ValidationError as err:
        yield "schema", f"after a JSON round trip: {first_error(err)}"
    yield from _view_problems(document)
    yield from _table_problems(document)


def _view_problems(document: TrialDocument) -> Iterator[tuple[str, str]]:
    try:
        page = render_document(document)
    except Exception as err:  # noqa: BLE001
        yield "view", _describe(err)
        return
    entities = sum(len(c.entities) for c in document.criteria)
    highlights = page.count('<mark class="ent')
    if highlights != entities:
        yield "view", f"{highlights} highlights for {entities} entities"


def _table_problems(document: TrialDocument) -> Iterator[tuple[str, str]]:
    try:
        table_rows = list(rows([document]))
    except Exception as err:  # noqa: BLE001
        yield "tables", _describe(err)
        return
    for table, row in table_rows:
        declared = {name for name, _ in COLUMNS[table]}
        if set(row) != declared:
            yield "tables", f"{table} row: columns {sorted(set(row) ^ declared)} differ from the table's"
            return


def sweep(items: Iterable[Item], pipeline: Language) -> Iterator[Problem | int]:
    """The problems of every item, in order; after each record, its running count (an int)."""
    for count, item in enumerate(items, start=1):
        if isinstance(item, Failure):
            yield Problem(item.id, item.source, "unread", item.reason)
        else:
            for kind, detail in check_text(pipeline, item.text, item.id, item.registry):
                yield Problem(item.id, item.source, kind, detail)
        yield count


def _describe(err: Exception) -> str:
    """The exception and the innermost frame of this package it passed through, on one line."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if f"{PACKAGE}/" in f.filename]
    frame = (ours or frames)[-1] if frames else None
    if frame is None:
        return f"{type(err).__name__}: {err}"
    where = frame.filename[frame.filename.rfind(f"{PACKAGE}/"):] if ours else frame.filename
    return f"{type(err).__name__}: {err} (at {where}:{frame.lineno} in {frame.name})"
