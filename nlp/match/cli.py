"""criteria match TRIAL PATIENT...: one JSON line per patient, or a table with --table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ..io import InputError

RESULT_STYLE = {"passes": "green", "fails": "bold red", "unknown": "dim"}


def match_command(
    trial: Path = typer.Argument(..., help="A criteria text or page, an API v2 record, an extracted "
                                 "document JSON or a gold file."),
    patients: list[Path] = typer.Argument(..., help="Patient record JSON files ('criteria schema "
                                          "--patient' prints their schema)."),
    table: bool = typer.Option(False, "--table", help="A readable table per patient instead of JSON lines."),
    ner_model: Path | None = typer.Option(None, "--ner-model", help="A recognizer from "
                                          "scripts/train_ner.py (default: the shipped models/ner)."),
) -> None:
    """Match patient records against a trial's criteria.

    Each criterion passes, fails (it makes the patient ineligible) or is unknown (the record does not say). The verdict is ineligible when any criterion fails, eligible when all pass, else undetermined. A patient file that cannot be read is one line on stderr and the others go on; exit 2 when the trial or any patient could not be read.
    """  # noqa: E501  (one line per paragraph: the help wraps it)
    from ..cli import _error, _fail, _pipeline
    from . import facts_for, load_patient, load_trial, match

    pipeline = _pipeline(ner_model)
    try:
        document = load_trial(trial, pipeline)
    except InputError as err:
        raise _fail(str(err)) from None
    facts, unreadable = facts_for(pipeline), 0
    for path in patients:
        try:
            patient = load_patient(path)
        except InputError as err:
            _error(str(err))
            unreadable += 1
            continue
        line = match(facts, document, patient, str(trial))
        if table:
            _print_table(line)
        else:
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    if unreadable:
        raise typer.Exit(2)


def _print_table(line: dict) -> None:
    table = Table(title=f"{line['patient']} against {line['trial']}: {line['verdict']}", show_lines=True)
    for column in ("criterion", "section", "result", "text", "reasons"):
        table.add_column(column, overflow="fold")
    for row in line["criteria"]:
        result = f"[{RESULT_STYLE[row['result']]}]{row['result']}[/]"
        table.add_row(row["id"], row["section"], result, row["text"], "\n".join(row["reasons"]))
    Console(soft_wrap=False).print(table)
