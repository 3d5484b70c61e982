"""The ``criteria`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from .io import InputError, read_text
from .schema import TrialDocument

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)


def _error(message: str) -> None:
    typer.echo(f"criteria: error: {message}", err=True)


@app.command()
def extract(
    files: list[str] = typer.Argument(..., help="Criteria text files or trial pages; '-' is stdin."),
    output_dir: Path | None = typer.Option(
        None, "--output-dir", "-o", help="Write DIR/<input stem>.json for each input."
    ),
) -> None:
    """Extract structured criteria from each input as schema JSON."""
    from . import extract as run  # the pipeline loads only when there is work

    if output_dir is None and len(files) > 1:
        _error("several inputs need --output-dir")
        raise typer.Exit(2)
    failed = 0
    for source in files:
        try:
            text, stem = read_text(source)
        except InputError as err:
            _error(str(err))
            failed += 1
            continue
        document = run(text, stem).model_dump_json(indent=2)
        if output_dir is None:
            sys.stdout.write(document + "\n")
        else:
            output_dir.mkdir(parents=True, exist_ok=True)
            (output_dir / f"{stem}.json").write_text(document + "\n", encoding="utf-8")
    if failed:
        raise typer.Exit(2)


@app.command()
def schema(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
) -> None:
    """Print the JSON Schema of the output document."""
    text = json.dumps(TrialDocument.model_json_schema(), indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
