"""criteria: structure clinical-trial eligibility criteria into validated JSON, review it as
HTML pages, score it against gold files, and match patients against it."""

from __future__ import annotations

import json
import os
import sys
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click
import typer
from pydantic import ValidationError
from threadpoolctl import threadpool_limits
from typer.core import TyperGroup

from . import __version__
from .annotate.cli import app as annotate_app
from .io import InputError, OutputError, check_folder, check_output_file, make_folder, read_text, write_file
from .match.cli import match_command
from .schema import SCHEMA_VERSION, Patient, TrialDocument, first_error

if TYPE_CHECKING:
    from .batch import Summary
    from .gold import Gold


class _Group(TyperGroup):
    """The top-level group: Ctrl-C in any command is one line and exit 130 (typer alone exits 130
    without a word, and a command that handles it itself, batch, has already said where it stopped)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _error("interrupted")
            raise typer.Exit(130) from None


# Plain click help: rich's shows a '<bool>' placeholder after every flag.
app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__, cls=_Group, rich_markup_mode=None)
app.add_typer(annotate_app, name="annotate")
app.command(name="match")(match_command)


@dataclass
class _Run:
    debug: bool = False  # --debug or CRITERIA_DEBUG: an unexpected error shows its traceback


RUN = _Run()

NER_MODEL_OPTION = typer.Option(
    None, "--ner-model", help="A recognizer from scripts/train_ner.py (default: the shipped models/ner)."
)


def _error(message: str, level: str = "error") -> None:
    typer.echo(f"criteria: {level}: {message}", err=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    """Say message as the one error line; raise the returned Exit."""
    _error(message)
    return typer.Exit(code)


def _one_line(err: BaseException) -> str:
    """'RuntimeError: what it said', on one line however many lines it said."""
    said = " ".join(str(err).split())
    return f"{type(err).__name__}: {said}" if said else type(err).__name__


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"criteria-nlp {__version__} (output schema {SCHEMA_VERSION})")
        raise typer.Exit()


@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an unexpected error "
                                                     "(also CRITERIA_DEBUG=1)."),
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True,
                                 help="Print the version and the output schema version."),
) -> None:
    RUN.debug = debug or _debug_in_environment()


def _debug_in_environment() -> bool:
    return os.environ.get("CRITERIA_DEBUG", "").strip() not in ("", "0")


def main(argv: list[str] | None = None) -> None:
    """The console script: the app, with any error no command expected said in one line (exit 1),
    or shown with its traceback under --debug or CRITERIA_DEBUG=1. Exits always (SystemExit)."""
    RUN.debug = _debug_in_environment()  # until the callback has read --debug
    # The recognizer's matrices are too small for BLAS threads to pay: on the 797 LCT trials they
    # spun 5.5 s of system time on the other core for the same wall time (scripts/README.md, Speed).
    threadpool_limits(limits=1, user_api="blas")
    try:
        app(args=argv, prog_name="criteria")  # standalone: usage errors and exits as typer makes them
    except KeyboardInterrupt:  # before or after any command ran (one that ran is _Group's)
        _error("interrupted")
        sys.exit(130)
    except Exception as err:
        if RUN.debug:
            traceback.print_exc()
        else:
            _error(f"unexpected {_one_line(err)}; rerun with --debug for the traceback")
        sys.exit(1)


def _pipeline(ner_model: Path | None):
    """The pipeline (built once per recognizer); a folder without one is a one-line error."""
    from .pipeline import NER_MODEL, ModelError, load

    try:
        return load(ner_model or NER_MODEL)
    except ModelError as err:
        raise _fail(str(err)) from None


@app.command()
def extract(
    files: list[str] = typer.Argument(..., help="Criteria text files or trial pages; '-' is stdin."),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", "-o", help="Write DIR/<input stem>.json for each input."
    ),
    ner_model: Path | None = NER_MODEL_OPTION,
) -> None:
    """Extract structured criteria from each input as schema JSON.

    One input prints its document (indented JSON); several print one document per line (JSONL),
    or with --output-dir write DIR/<input stem>.json each. An input that fails is one line on
    stderr and the others go on. Exit 2 when an input could not be read or an output not written
    (this wins), else 1 when the pipeline failed on an input, else 0.
    """
    if output_dir is not None:
        try:
            check_folder(output_dir)
        except OutputError as err:
            raise _fail(str(err)) from None
    pipeline = _pipeline(ner_model)
    unusable = failed = 0
    for source in files:
        try:
            text, stem = read_text(source)
        except InputError as err:
            _error(str(err))
            unusable += 1
            continue
        document = _extract_one(pipeline, text, stem, source)
        if document is None:
            failed += 1
            continue
        try:
            _emit(document, stem, output_dir, several=len(files) > 1)
        except OutputError as err:
            _error(str(err))
            unusable += 1
    if unusable or failed:
        raise typer.Exit(2 if unusable else 1)


def _extract_one(pipeline, text: str, stem: str, source: str) -> TrialDocument | None:
    """The document of one input, or None after saying why the pipeline failed on it."""
    from . import doc_to_document

    try:
        return doc_to_document(pipeline(text), stem)
    except Exception as err:  # one input fails, not the run
        if RUN.debug:
            traceback.print_exc()
        _error(f"{'<stdin>' if source == '-' else source}: pipeline failed: {_one_line(err)}")
        return None


def _emit(document: TrialDocument, stem: str, output_dir: Path | None, several: bool) -> None:
    if output_dir is None:
        # Several documents on stdout are JSONL, so that a reader can split them.
        sys.stdout.write(document.model_dump_json(indent=None if several else 2) + "\n")
        sys.stdout.flush()
    else:
        make_folder(output_dir)
        write_file(output_dir / f"{stem}.json", document.model_dump_json(indent=2) + "\n")


@app.command()
def view(
    inputs: list[Path] = typer.Argument(..., help="Criteria texts, trial pages, API v2 records (JSON or "
                                        "JSONL), extracted documents (JSON, or JSONL as batch "
                                        "writes them) or gold files."),
    output_dir: Path = typer.Option(..., "--output-dir", "-o", help="Write DIR/<input stem>.html for each."),
    ner_model: Path | None = NER_MODEL_OPTION,
) -> None:
    """Write a self-contained HTML review page for each trial.

    A page shows the criteria by section with sub-items under their header, entities highlighted
    by label with their ConText attributes and polarity, a row per threshold, and each
    criterion's logic; hovering or clicking an item shows all its fields. It loads nothing from
    the network. A gold file shows its annotations. An input of several records writes
    DIR/<stem>-<record id>.html for each; a name already written gets '-2', '-3'... Exit 2 when
    an input could not be read or a page not written, else 1 when the pipeline failed on a
    record, else 0.
    """
    from .documents import read_documents
    from .view import page_name, render_document

    try:
        check_folder(output_dir)
    except OutputError as err:
        raise _fail(str(err)) from None
    unusable = failed = 0
    written: set[str] = set()
    for path in inputs:
        try:
            results = list(read_documents(path, lambda: _pipeline(ner_model), gold_annotations=True))
        except InputError as err:
            _error(str(err))
            unusable += 1
            continue
        for result in results:
            if result.document is None:
                _error(f"{result.source}: {result.error}")
                failed += 1
                continue
            stem = path.stem if len(results) == 1 else f"{path.stem}-{result.document.id}"
            try:
                make_folder(output_dir)
                write_file(output_dir / page_name(stem, written), render_document(result.document, path.name))
            except OutputError as err:
                _error(str(err))
                unusable += 1
    if unusable or failed:
        raise typer.Exit(2 if unusable else 1)


@app.command()
def batch(
    inputs: list[str] = typer.Argument(..., help="Text files, directories, globs, API v2 JSON/JSONL, "
                                       "AACT eligibilities.txt, CSV/JSONL with id and text; .gz too."),
    output: Path = typer.Option(..., "--output", "-o", help="JSONL of documents (.gz: gzip)."),
    workers: int = typer.Option(0, "--workers", "-w", help="Worker processes (0: all cores)."),
    resume: bool = typer.Option(False, "--resume", help="Skip records already in OUTPUT or its errors."),
    tables: Path | None = typer.Option(None, "--tables", help="Also write flat tables into this folder."),
    tables_format: str = typer.Option("parquet", "--tables-format", help="parquet or csv."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    ner_model: Path | None = NER_MODEL_OPTION,
) -> None:
    """Extract every record of the inputs into one JSONL file, in input order.

    Records that fail go to OUTPUT's errors file (results.jsonl -> results.errors.jsonl: id,
    position, source, reason); the exit code is 1 when any record failed, 2 when the batch
    could not start (an input missing, an output or tables folder not writable) or a worker died
    or the tables could not be written, 130 on Ctrl-C.
    """
    from .batch import BatchError, check_output, default_workers, run_batch
    from .journal import read_lines
    from .records import InputPathError, expand, read_records
    from .tables import TablesError, check_format, write_tables

    try:
        files = [str(f) for f in expand(inputs)]
        # Outputs first: a batch must not run for hours to find its folder unwritable.
        check_folder(output.parent, output)
        check_output(output, resume)
        if tables is not None:
            check_format(tables_format)
            check_folder(tables)
        if ner_model is not None:
            _pipeline(ner_model)  # a bad folder fails here, not in every worker
        with _progress(not quiet and sys.stderr.isatty(), files) as advance:
            summary = run_batch(read_records(files), output, workers=workers or default_workers(),
                                resume=resume, ner_model=ner_model, on_progress=advance)
    except (InputPathError, BatchError, TablesError, OutputError) as err:
        raise _fail(str(err)) from None
    except KeyboardInterrupt:
        _error(f"{output}: interrupted; --resume continues")
        raise typer.Exit(130) from None
    typer.echo(f"criteria: batch: {summary.line()}", err=True)
    if tables is not None:
        documents = (TrialDocument.model_validate_json(line) for line in read_lines(output))
        try:
            counts = write_tables(documents, tables, tables_format)
        except OSError as err:
            where = err.filename or tables
            raise _fail(f"{where}: cannot write the tables ({err.strerror or err})") from None
        typer.echo(f"criteria: batch: tables in {tables}: "
                   + ", ".join(f"{name} {n}" for name, n in counts.items()), err=True)
    if summary.failed:
        raise typer.Exit(1)


@contextmanager
def _progress(show: bool, files: list[str]):
    """A progress bar on a terminal (trials/s, ETA), else nothing; yields what it is told with."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .records import read_records

    total = sum(1 for _ in read_records(files))
    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True)) as progress:
        task = progress.add_task("extract", total=total, rate="")

        def advance(summary: Summary) -> None:
            progress.update(task, completed=summary.read, rate=f"{summary.rate:.1f} trials/s")

        yield advance


@app.command()
def schema(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
    patient: bool = typer.Option(False, "--patient", help="The patient record of 'criteria match' instead."),
) -> None:
    """Print the JSON Schema of the output document (or of a patient record)."""
    if output is not None:
        _check_output(output)
    text = json.dumps((Patient if patient else TrialDocument).model_json_schema(), indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)


def _check_output(path: Path) -> None:
    try:
        check_output_file(path)
    except OutputError as err:
        raise _fail(str(err)) from None


def _write(path: Path, text: str) -> None:
    try:
        write_file(path, text)
    except OutputError as err:
        raise _fail(str(err)) from None


IMPORTERS = ("lct", "chia")


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Gold files: a .json, a .jsonl, or a directory."),
    pred: Path | None = typer.Option(
        None, "--pred", help="Predicted documents (output schema): a .json, a .jsonl, or a directory."
    ),
    run_pipeline: bool = typer.Option(False, "--run", help="Run the pipeline on the gold texts."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Corpus root for stand-off gold."),
    importer: str | None = typer.Option(
        None, "--import", help=f"Read --gold as a corpus with an importer: {', '.join(IMPORTERS)}."
    ),
    report: Path | None = typer.Option(None, "--json", help="Write the JSON report here ('-': stdout)."),
    errors: bool = typer.Option(False, "--errors", help="List every false positive and negative."),
    html: Path | None = typer.Option(None, "--html", help="Write the errors as a review page: per "
                                     "criterion, gold and predicted side by side."),
    threshold_kinds: str | None = typer.Option(
        None, "--threshold-kinds", metavar="KINDS",
        help="Score only thresholds of these kinds (comma-separated: measurement, age, time_window, "
        "duration, count, dose, stage), in gold and predictions alike; for a gold that annotates only "
        "some kinds (LCT: --threshold-kinds measurement,age).",
    ),
    ages_by_kind: bool = typer.Option(
        False, "--ages-by-kind",
        help="Match an age threshold to any age threshold of the document on comparator and numbers "
        "alone, not on overlapping analytes; for a gold whose age span is any word of the criterion (LCT).",
    ),
    ner_model: Path | None = NER_MODEL_OPTION,
) -> None:
    """Score predictions (or the pipeline, with --run) against gold files."""
    from .gold import GoldError
    from .score import render, render_errors, score

    if run_pipeline == (pred is not None):
        raise _fail("give either --pred PATH or --run")
    kinds = _threshold_kinds(threshold_kinds)
    to_stdout = str(report) == "-"
    for path in (report if not to_stdout else None, html):
        if path is not None:
            _check_output(path)  # before the pipeline runs on every gold text
    try:
        golds = _gold_set(gold, corpus, importer)
        predicted = _run(golds, _pipeline(ner_model)) if run_pipeline else _predictions(pred, golds)
    except (GoldError, InputError) as err:
        raise _fail(str(err)) from None
    result = score(((g.text, g.document.document, p) for g, p in zip(golds, predicted, strict=True)),
                   threshold_kinds=kinds, ages_by_kind=ages_by_kind)
    as_dict = result.to_dict(errors=errors)
    if html is not None:
        from .view import render_evaluation

        pairs = [(g.document.document, p) for g, p in zip(golds, predicted, strict=True)]
        _write(html, render_evaluation(pairs, result, f"Evaluation of {gold}"))
    if report is not None:
        text = json.dumps(as_dict, indent=2, ensure_ascii=False) + "\n"
        if to_stdout:
            sys.stdout.write(text)
        else:
            _write(report, text)
    if not to_stdout:
        sys.stdout.write(render(as_dict))
        if errors:
            sys.stdout.write("\ndocument\tkind\terror\tspan\tdetail\tcontext\n")
            sys.stdout.write(render_errors(result.errors))


def _threshold_kinds(option: str | None) -> set[str] | None:
    """The kinds named by --threshold-kinds; None when it is not given."""
    if option is None:
        return None
    from .schema import Threshold

    known = Threshold.model_fields["kind"].annotation.__args__
    kinds = {k.strip() for k in option.split(",") if k.strip()}
    if not kinds or kinds - set(known):
        raise _fail(f"--threshold-kinds {option}: name kinds among {', '.join(known)}")
    return kinds


def _gold_set(path: Path, corpus: Path | None, importer: str | None) -> list[Gold]:
    from .gold import read_gold, resolve

    if importer is None:
        return list(read_gold(path, corpus))
    if importer not in IMPORTERS:
        raise InputError(f"--import {importer}: unknown importer (known: {', '.join(IMPORTERS)})")
    if not path.is_dir():
        raise InputError(f"{path}: not a corpus directory")
    from importlib import import_module

    documents = import_module(f".importers.{importer}", __package__).import_corpus(path)
    return [resolve(d, f"{path}/{d.source.document}", path) for d in documents]


def _run(golds: list[Gold], pipeline) -> list[TrialDocument]:
    from . import doc_to_document

    docs = pipeline.pipe(g.text for g in golds)
    return [doc_to_document(doc, g.document.document.id).model_copy(update={"id": g.document.document.id})
            for doc, g in zip(docs, golds, strict=True)]


def _predictions(path: Path, golds: list[Gold]) -> list[TrialDocument]:
    """Predicted documents in gold order, paired by id; a missing one is scored as empty."""
    from .gold import json_records

    found: dict[str, TrialDocument] = {}
    for origin, raw in json_records(path):
        try:
            data = json.loads(raw)
            document = TrialDocument.model_validate(data["document"] if "gold_version" in data else data)
        except (json.JSONDecodeError, ValidationError, TypeError) as err:
            problem = _first_problem(err)
            raise InputError(f"{origin}: not a document of the output schema ({problem})") from None
        found[document.id] = document
    missing = [g.document.document.id for g in golds if g.document.document.id not in found]
    if missing:
        _error(f"{path}: no prediction for {', '.join(missing)}; scored as empty", "warning")
    return [found.get(g.document.document.id) or TrialDocument(id=g.document.document.id) for g in golds]


def _first_problem(err: Exception) -> str:
    return first_error(err) if isinstance(err, ValidationError) else getattr(err, "msg", str(err))
