"""Batch extraction: records in, one output document or one error per record out, in order.

``extract_records`` is the core, a plain generator with no files or processes of its own, so it
runs anywhere records can be iterated: a Dask bag's ``map_partitions``, a Spark
``mapPartitions``, or a loop. ``run_batch`` adds what the ``criteria batch`` command needs
around it: inputs, worker processes, the output and errors files, resume and a summary.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from multiprocessing import get_context
from pathlib import Path

from spacy.language import Language
from threadpoolctl import threadpool_limits

from .journal import Appender, line_id, read_lines, repair
from .output import doc_to_document
from .records import Failure, Item, Record
from .schema import TrialDocument

REASON_LENGTH = 300


@dataclass(frozen=True)
class Result:
    """The outcome for one input record: its ``document``, or the ``error`` that stopped it."""

    position: int
    id: str | None
    source: str
    document: TrialDocument | None = None
    error: str | None = None

    def error_line(self) -> str:
        return json.dumps({"id": self.id, "position": self.position, "source": self.source,
                           "reason": self.error}, ensure_ascii=False)


def extract_records(records: Iterable[Item], pipeline: Language | None = None,
                    batch_size: int = 16) -> Iterator[Result]:
    """One ``Result`` per record, in order: every record yields a document or an error, and an
    exception in the pipeline fails only the record that raised it.

    ``records`` are ``nlp.records.Record`` (id, text, optionally source, position, registry) or
    ``Failure`` items a reader already gave up on, which pass through as errors. ``pipeline``
    defaults to ``nlp.load()``.
    """
    if pipeline is None:
        from .pipeline import load

        pipeline = load()
    records = iter(records)
    while chunk := list(islice(records, batch_size)):
        yield from _extract_chunk(chunk, pipeline)


def _extract_chunk(chunk: list[Item], pipeline: Language) -> Iterator[Result]:
    fits = [r for r in chunk if isinstance(r, Record) and len(r.text) <= pipeline.max_length]
    try:
        docs = iter(list(pipeline.pipe(r.text for r in fits)))
    except Exception:  # noqa: BLE001 -- one record broke the batch: run each alone to find it
        docs = None
    for item in chunk:
        if isinstance(item, Failure):
            yield Result(item.position, item.id, item.source, error=item.reason)
        elif len(item.text) > pipeline.max_length:
            yield _failed(item, f"text of {len(item.text):,} characters is over the pipeline's "
                                f"limit of {pipeline.max_length:,}")
        else:
            try:
                doc = next(docs) if docs is not None else pipeline(item.text)
                document = doc_to_document(doc, item.id, doc_id=item.id, registry=item.registry)
            except Exception as err:  # noqa: BLE001 -- the record fails, not the batch
                yield _failed(item, f"pipeline failed: {type(err).__name__}: {err}")
            else:
                yield Result(item.position, item.id, item.source, document=document)


def _failed(record: Record, reason: str) -> Result:
    one_line = " ".join(reason.split())
    return Result(record.position, record.id, record.source, error=one_line[:REASON_LENGTH])


# ---- criteria batch ------------------------------------------------------------------------


class BatchError(Exception):
    """A batch that cannot start (its output exists) or go on (a worker died); one line."""


@dataclass
class Summary:
    """read = skipped + written + failed; skipped counts records a resumed run found done."""

    read: int = 0
    skipped: int = 0
    written: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Records processed (written or failed, not skipped) per second."""
        return (self.written + self.failed) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"read {self.read}, skipped {self.skipped}, written {self.written}, failed "
                f"{self.failed} in {self.seconds:.1f} s ({self.rate:.1f} trials/s)")


def errors_path(output: Path) -> Path:
    """``results.jsonl[.gz]`` -> ``results.errors.jsonl``."""
    name = output.name.removesuffix(".gz").removesuffix(".jsonl")
    return output.with_name(f"{name}.errors.jsonl")


def done_keys(output: Path) -> Counter:
    """What an earlier run finished: ids in the output and errors files (positions for errors
    with no id), each as often as it occurs. Torn tails are cut first."""
    done: Counter = Counter()
    for path in (output, errors_path(output)):
        repair(path)
        if path.exists():
            for line in read_lines(path):
                if path == output:
                    done[line_id(line)] += 1
                else:
                    error = json.loads(line)
                    done[_key(error["id"], error["position"])] += 1
    return done


def _key(record_id: str | None, position: int) -> str:
    return record_id if record_id is not None else f"#{position}"


def skip_done(items: Iterable[Item], done: Counter, summary: Summary) -> Iterator[Item]:
    for item in items:
        summary.read += 1
        key = _key(item.id, item.position)
        if done[key] > 0:
            done[key] -= 1
            summary.skipped += 1
        else:
            yield item


def run_batch(items: Iterable[Item], output: Path, *, workers: int = 1, resume: bool = False,
              ner_model: Path | None = None, pipeline: Language | None = None, chunk_size: int = 16,
              on_progress: Callable[[Summary], None] | None = None) -> Summary:
    """Process ``items`` into ``output`` (JSONL, ``.gz`` for gzip) and its errors file, in input
    order, on ``workers`` processes, each loading the recognizer ``ner_model`` (default: the
    shipped one); one worker runs here, with ``pipeline`` when given. ``on_progress`` sees the
    summary after each chunk."""
    check_output(output, resume)
    errors = errors_path(output)
    summary = Summary()
    started = time.perf_counter()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        done = done_keys(output) if resume else Counter()
        out, err = Appender(output), Appender(errors)
    except OSError as error:
        raise BatchError(f"{output}: cannot write ({error.strerror or error})") from None
    todo = skip_done(items, done, summary)
    chunks = iter(lambda: list(islice(todo, chunk_size)), [])
    with out, err:
        for lines in _map_ordered(chunks, workers, ner_model, pipeline):
            out.write([line for kind, line in lines if kind == "document"])
            err.write([line for kind, line in lines if kind == "error"])
            failed = sum(kind == "error" for kind, _ in lines)
            summary.failed += failed
            summary.written += len(lines) - failed
            if on_progress:
                summary.seconds = time.perf_counter() - started
                on_progress(summary)
    if errors.stat().st_size == 0:
        errors.unlink()
    summary.seconds = time.perf_counter() - started
    return summary


def check_output(output: Path, resume: bool) -> None:
    """BatchError when ``output`` names a folder, or exists (or its errors file does) without resume."""
    if output.is_dir():
        raise BatchError(f"{output}: is a directory; --output names a file")
    if not resume and (output.exists() or errors_path(output).exists()):
        raise BatchError(f"{output}: already exists (--resume continues it; remove it to start over)")


_worker_pipeline: Language | None = None


def _pipeline(ner_model: Path | None) -> Language:
    from .pipeline import NER_MODEL, load

    return load(ner_model or NER_MODEL)


def _start_worker(ner_model: Path | None) -> None:
    """Load the pipeline once per worker process; a worker ends with the batch that started it."""
    global _worker_pipeline
    try:  # Linux: a worker whose batch is killed gets SIGTERM instead of waiting forever
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    # One worker per core: a BLAS thread pool in each would only make the workers contend.
    threadpool_limits(limits=1, user_api="blas")
    _worker_pipeline = _pipeline(ner_model)


def _work(chunk: list[Item], pipeline: Language | None = None) -> list[tuple[str, str]]:
    """A chunk's results as ("document" | "error", JSON line), serialized where they were made."""
    results = extract_records(chunk, pipeline or _worker_pipeline, batch_size=len(chunk))
    return [("document", r.document.model_dump_json()) if r.document else ("error", r.error_line())
            for r in results]


def _map_ordered(chunks: Iterator[list[Item]], workers: int, ner_model: Path | None,
                 pipeline: Language | None) -> Iterator[list[tuple[str, str]]]:
    """``_work`` over chunks in order, at most 2 chunks per worker in flight."""
    if workers <= 1:
        pipeline = pipeline or _pipeline(ner_model)
        yield from (_work(chunk, pipeline) for chunk in chunks)
        return
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=(ner_model,)) as pool:
        pending: deque[Future] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_work, chunk))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as err:
            raise BatchError(f"a worker process died ({err}); the output holds every record before "
                             "the ones it had: --resume continues") from None


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
