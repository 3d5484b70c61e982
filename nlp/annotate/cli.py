"""criteria annotate: export to brat or Label Studio, import corrected annotations as gold files,
validate gold files, and measure agreement between two annotation sets."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from pydantic import ValidationError

from ..gold import Gold, GoldError, read_gold, write_gold
from ..importers.brat import BratError
from ..io import InputError, OutputError, check_folder, check_output_file, make_folder, read_text, write_file
from ..schema import Annotation, GoldDocument, TrialDocument, first_error
from .regions import AnnotateError

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__, rich_markup_mode=None)
BAD_INPUT = (AnnotateError, BratError, GoldError, InputError, OutputError, OSError, ValueError)


class Format(StrEnum):
    brat = "brat"
    labelstudio = "labelstudio"


class Method(StrEnum):
    corrected_pipeline = "corrected-pipeline"
    manual = "manual"


def _fail(message: str) -> typer.Exit:
    typer.echo(f"criteria: error: {message}", err=True)
    return typer.Exit(2)


@app.command()
def export(
    inputs: list[Path] = typer.Argument(..., help="Criteria texts (run through the pipeline) or gold "
                                                  "files and directories (.json, .jsonl)."),
    fmt: Format = typer.Option(..., "--format", help="brat or labelstudio."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder to write into."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Corpus root for stand-off gold."),
) -> None:
    """Write documents for annotation: DIR/<id>.txt/.ann + annotation.conf (brat), or
    DIR/tasks.json + DIR/labeling_config.xml (Label Studio)."""
    try:
        check_folder(output)  # before the pipeline runs on the texts
        documents = _documents(inputs, corpus)
        if fmt is Format.brat:
            from .brat import write_brat

            for document, text in documents:
                write_brat(document, text, output)
            where = f"{output}/<id>.txt, .ann"
        else:
            from .labelstudio import write_tasks

            where = str(write_tasks(documents, output))
    except BAD_INPUT as err:
        raise _fail(_message(err)) from None
    if fmt is Format.brat and any("\r" in text for _, text in documents):
        typer.echo("criteria: warning: a text has CR characters; brat's server counts CRLF as one character "
                   "(nlplab/brat#853), so spans drawn in its UI will not read back", err=True)
    typer.echo(f"{len(documents)} documents written to {where}")


def _documents(inputs: list[Path], corpus: Path | None) -> list[tuple[TrialDocument, str]]:
    documents: list[tuple[TrialDocument, str]] = []
    seen: dict[str, str] = {}
    for source in inputs:
        if source.is_dir() or source.suffix in (".json", ".jsonl"):
            found = [(g.document.document, g.text, g.origin) for g in _gold_set(source, corpus)]
        else:
            from .. import extract  # the pipeline loads only when there is a text to run it on

            text, stem = read_text(str(source))
            found = [(extract(text, stem), text, str(source))]
        for document, text, origin in found:
            if document.id in seen:
                raise InputError(f"{origin}: document {document.id} again (also {seen[document.id]})")
            seen[document.id] = origin
            documents.append((document, text))
    if not documents:
        raise InputError(f"{', '.join(map(str, inputs))}: no documents (a folder holds gold .json/.jsonl)")
    return documents


@app.command("import")
def import_(
    path: Path = typer.Argument(..., help="brat: a folder of .txt/.ann (or one .txt); Label Studio: "
                                          "its JSON export."),
    fmt: Format = typer.Option(..., "--format", help="brat or labelstudio."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the gold files."),
    annotator: str = typer.Option(..., "--annotator", help="Who annotated."),
    method: Method = typer.Option(Method.corrected_pipeline, "--method",
                                  help="corrected-pipeline (pre-annotations checked, corrected) or manual."),
    note: str | None = typer.Option(None, "--note", help="What was done (default: where it came from)."),
) -> None:
    """Read annotations back as gold files DIR/<id>.json (text included), then validate them."""
    from .validate import validate

    if not annotator.strip():
        raise _fail("--annotator: give the annotator's name")
    record = Annotation(annotator=annotator.strip(), date=date.today().isoformat(), method=method.value,
                        note=note or f"Annotated in {'brat' if fmt is Format.brat else 'Label Studio'}, "
                                     f"imported from {path.name}.")
    problems = []
    try:
        check_folder(output)
        golds = _import(path, fmt, record)
        _check_ids(golds, path)
        make_folder(output)
        for gold in golds:
            target = output / f"{gold.document.id}.json"
            write_gold(gold, target)
            problems += validate(target)
    except BAD_INPUT as err:
        raise _fail(_message(err)) from None
    for problem in problems:
        typer.echo(f"criteria: warning: {problem}", err=True)
    typer.echo(f"{len(golds)} gold files written to {output}"
               + (f"; {len(problems)} problems to fix (criteria annotate validate)" if problems else ""))


def _check_ids(golds: list[GoldDocument], path: Path) -> None:
    from .brat import SAFE_NAME

    seen = set()
    for gold in golds:
        doc_id = gold.document.id
        if not SAFE_NAME.match(doc_id) or doc_id in seen:
            raise InputError(f"{path}: document id {doc_id!r} is "
                             f"{'there twice' if doc_id in seen else 'not a safe file name'}")
        seen.add(doc_id)


def _import(path: Path, fmt: Format, record: Annotation) -> list[GoldDocument]:
    if fmt is Format.labelstudio:
        from .labelstudio import import_tasks

        if not path.is_file():
            raise InputError(f"{path}: no such file")
        return _utf8(path, import_tasks, path, record)
    from .brat import import_brat

    if path.is_dir():
        texts = sorted(path.glob("*.txt"))
    elif path.suffix in (".txt", ".ann") and path.with_suffix(".txt").is_file():
        texts = [path.with_suffix(".txt")]
    else:
        raise InputError(f"{path}: no such brat folder or .txt file")
    if not texts:
        raise InputError(f"{path}: no .txt files")
    for txt in texts:
        if not txt.with_suffix(".ann").is_file():
            raise InputError(f"{txt}: no .ann beside it")
    return [_utf8(txt, import_brat, txt, record) for txt in texts]


@app.command()
def validate(
    paths: list[Path] = typer.Argument(..., help="Gold files or directories."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Corpus root for stand-off gold."),
) -> None:
    """Check gold files against the guideline; one line per problem, exit 1 when there is any, 2 when
    a path is missing or holds no gold file."""
    from .validate import check_file, gold_files

    documents, problems = 0, []
    try:
        files = [file for path in paths for file in gold_files(path)]
        for file in files:
            count, found = check_file(file, corpus)
            documents, problems = documents + count, problems + found
    except BAD_INPUT as err:
        raise _fail(_message(err)) from None
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{len(files)} files, {documents} documents: ok")


@app.command()
def diff(
    a: Path = typer.Argument(..., help="Annotation set A (the reference): gold file or directory."),
    b: Path = typer.Argument(..., help="Annotation set B."),
    corpus: Path | None = typer.Option(None, "--corpus", help="Corpus root for stand-off gold."),
    report: Path | None = typer.Option(None, "--json", help="Write the JSON report here."),
    disagreements: bool = typer.Option(False, "--disagreements", help="List every disagreement."),
) -> None:
    """Agreement between two annotation sets: F1 and kappa per label, attributes, thresholds."""
    from .diff import diff as compare
    from .diff import render

    try:
        if report is not None:
            check_output_file(report)
        result = compare(_gold_set(a, corpus), _gold_set(b, corpus))
        if report is not None:
            write_file(report, json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    except BAD_INPUT as err:
        raise _fail(_message(err)) from None
    sys.stdout.write(render(result, disagreements))


def _gold_set(path: Path, corpus: Path | None) -> list[Gold]:
    return _utf8(path, lambda: list(read_gold(path, corpus)))


def _utf8(source: Path, read, *args):
    """read(*args), a file that is not UTF-8 said as an error naming source."""
    try:
        return read(*args)
    except UnicodeDecodeError as err:
        raise InputError(f"{source}: not valid UTF-8 (byte {err.start})") from None


def _message(err: Exception) -> str:
    """One line: the input and its problem."""
    if isinstance(err, OSError) and err.filename:
        return f"{err.filename}: {err.strerror or err}"
    if isinstance(err, ValidationError):
        return first_error(err)
    return str(err).splitlines()[0] if str(err) else type(err).__name__
