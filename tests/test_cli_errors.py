"""The command line never shows a traceback: each failure is one line on stderr and a documented
exit code (0 ok, 1 some input failed or an unexpected error, 2 an input or output unusable, 130
interrupted); --debug or CRITERIA_DEBUG=1 shows the traceback of an unexpected error instead.

Error paths run in-process (typer's CliRunner keeps stderr and the exit code apart) with the
pipeline loader replaced, so that no test loads the full pipeline; a few run ``python -m nlp`` in
a subprocess, where what the console script prints is what a user sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from test_cli import TEXT, write_gold_file
from typer.testing import CliRunner

import nlp
import nlp.cli
from nlp import SCHEMA_VERSION, __version__
from nlp.cli import app, main

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rules(monkeypatch, fragile):
    """The CLI's pipeline loader gives the fragile rules-only pipeline."""
    monkeypatch.setattr(nlp.cli, "_pipeline", lambda ner_model: fragile)


@pytest.fixture
def no_pipeline(monkeypatch):
    """Fail the test if the CLI loads a pipeline or runs one: the check must come before."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the work started before the output was checked")

    monkeypatch.setattr(nlp.cli, "_pipeline", refuse)
    monkeypatch.setattr(nlp, "extract", refuse)
    monkeypatch.setattr("nlp.batch.run_batch", refuse)


@pytest.fixture
def locked(tmp_path, monkeypatch) -> Path:
    """A read-only folder; for root, who may write into it anyway, the permission check is told so."""
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    if os.access(folder, os.W_OK):
        real = os.access
        monkeypatch.setattr("nlp.io.os.access", lambda path, mode: Path(path) != folder and real(path, mode))
    yield folder
    folder.chmod(0o755)


def one_line(result, code: int) -> str:
    """The single stderr line of a run that exited with code, no traceback anywhere."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def pages(tmp_path: Path, **texts: str) -> list[str]:
    paths = []
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / f"{name}.txt"))
    return paths


def cli(*args: str, env: dict[str, str] | None = None, code: str | None = None):
    """python -m nlp ARGS (or python -c CODE ARGS) as a user runs it."""
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "nlp", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "CRITERIA_DEBUG": "", **(env or {})})


# A schema command that breaks as no command expects: the top-level handler's case.
BROKEN_SCHEMA = """
import sys
import nlp.cli

class Broken:
    @staticmethod
    def model_json_schema():
        raise RuntimeError("boom\\nsecond line")

nlp.cli.TrialDocument = Broken
nlp.cli.main(sys.argv[1:])
"""


# ---- extract: one input failing does not stop the others ---------------------------------------


def test_a_pipeline_exception_fails_that_input_alone(tmp_path, rules):
    a, boom, c = pages(tmp_path, a=TEXT, boom="BOOM\n" + TEXT, c=TEXT)
    result = runner.invoke(app, ["extract", a, boom, c])
    assert one_line(result, 1) == f"criteria: error: {boom}: pipeline failed: RuntimeError: boom second line"
    # several inputs on stdout: one compact document per line
    lines = result.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "c"]
    assert all(line.startswith('{"schema_version"') for line in lines)


def test_a_pipeline_exception_with_output_dir_writes_the_others(tmp_path, rules):
    a, boom, c = pages(tmp_path, a=TEXT, boom="BOOM\n" + TEXT, c=TEXT)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", a, boom, c, "--output-dir", str(out)])
    assert one_line(result, 1).startswith(f"criteria: error: {boom}: pipeline failed: RuntimeError")
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "c.json"]
    assert json.loads((out / "c.json").read_text())["criteria"][0]["text"] == "Confirmed HCC"


def test_an_exception_in_doc_to_document_fails_that_input(tmp_path, rules, monkeypatch):
    real = nlp.doc_to_document

    def fussy(doc, doc_id, **kwargs):
        if doc_id == "odd":
            raise ValueError("no criteria\nsection")
        return real(doc, doc_id, **kwargs)

    monkeypatch.setattr(nlp, "doc_to_document", fussy)
    odd, good = pages(tmp_path, odd=TEXT, good=TEXT)
    result = runner.invoke(app, ["extract", odd, good])
    assert one_line(result, 1) == f"criteria: error: {odd}: pipeline failed: ValueError: no criteria section"
    assert json.loads(result.stdout)["id"] == "good"


def test_stdin_is_named_in_the_error(rules):
    result = runner.invoke(app, ["extract", "-"], input="BOOM " + TEXT)
    assert one_line(result, 1) == "criteria: error: <stdin>: pipeline failed: RuntimeError: boom second line"
    assert result.stdout == ""


def test_an_unreadable_input_wins_over_a_pipeline_failure(tmp_path, rules):
    boom, good = pages(tmp_path, boom="BOOM " + TEXT, good=TEXT)
    missing = str(tmp_path / "missing.txt")
    result = runner.invoke(app, ["extract", boom, missing, good])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"criteria: error: {boom}: pipeline failed: RuntimeError: boom second line",
        f"criteria: error: {missing}: no such file"]
    assert json.loads(result.stdout)["id"] == "good"


def test_one_input_prints_indented_json_several_print_jsonl(tmp_path, rules):
    a, b = pages(tmp_path, a=TEXT, b=TEXT)
    single = runner.invoke(app, ["extract", a])
    assert single.exit_code == 0 and single.stdout.startswith('{\n  "schema_version"')
    several = runner.invoke(app, ["extract", a, b])
    assert several.exit_code == 0 and several.stderr == ""
    assert [json.loads(line)["id"] for line in several.stdout.splitlines()] == ["a", "b"]


# ---- outputs that cannot be written: one line, exit 2, before any work ------------------------


def test_extract_output_dir_that_is_a_file(tmp_path, no_pipeline):
    [page] = pages(tmp_path, a=TEXT)
    result = runner.invoke(app, ["extract", page, "--output-dir", page])
    assert one_line(result, 2) == f"criteria: error: {page}: is a file, not a folder"


def test_extract_output_dir_that_cannot_be_created(tmp_path, no_pipeline):
    [page] = pages(tmp_path, a=TEXT)
    out = Path(page) / "out"
    result = runner.invoke(app, ["extract", page, "-o", str(out)])
    assert one_line(result, 2) == f"criteria: error: {out}: cannot write ({page} is a file, not a folder)"


def test_extract_output_dir_in_a_read_only_folder(tmp_path, no_pipeline, locked):
    [page] = pages(tmp_path, a=TEXT)
    result = runner.invoke(app, ["extract", page, "-o", str(locked / "out")])
    assert one_line(result, 2) == (f"criteria: error: {locked / 'out'}: cannot write (no permission to "
                                   f"write in {locked})")


def test_extract_an_output_file_that_fails_to_write(tmp_path, rules, monkeypatch):
    a, b = pages(tmp_path, a=TEXT, b=TEXT)
    out = tmp_path / "out"
    real = Path.write_text

    def full_disk(self, *args, **kwargs):
        if self.name == "a.json":
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    result = runner.invoke(app, ["extract", a, b, "-o", str(out)])
    assert one_line(result, 2) == f"criteria: error: {out / 'a.json'}: cannot write (No space left on device)"
    assert (out / "b.json").is_file()


@pytest.mark.parametrize("where", ["file", "under a file"])
def test_batch_tables_folder_not_writable(tmp_path, no_pipeline, where):
    [page] = pages(tmp_path, a=TEXT)
    tables = Path(page) if where == "file" else Path(page) / "tables"
    result = runner.invoke(app, ["batch", page, "-o", str(tmp_path / "o.jsonl"), "--tables", str(tables),
                                 "--tables-format", "csv"])
    said = "is a file, not a folder" if where == "file" else f"cannot write ({page} is a file, not a folder)"
    assert one_line(result, 2) == f"criteria: error: {tables}: {said}"


def test_batch_output_in_a_folder_that_cannot_be_made(tmp_path, no_pipeline):
    [page] = pages(tmp_path, a=TEXT)
    output = Path(page) / "sub" / "o.jsonl"
    result = runner.invoke(app, ["batch", page, "-o", str(output)])
    assert one_line(result, 2) == f"criteria: error: {output}: cannot write ({page} is a file, not a folder)"


def test_batch_output_in_a_read_only_folder(tmp_path, no_pipeline, locked):
    [page] = pages(tmp_path, a=TEXT)
    result = runner.invoke(app, ["batch", page, "-o", str(locked / "o.jsonl")])
    assert one_line(result, 2).endswith(f"cannot write (no permission to write in {locked})")


def test_batch_output_that_exists_fails_before_a_recognizer_loads(tmp_path, no_pipeline):
    [page] = pages(tmp_path, a=TEXT)
    output = tmp_path / "o.jsonl"
    output.write_text("")
    result = runner.invoke(app, ["batch", page, "-o", str(output), "--ner-model", str(tmp_path)])
    assert one_line(result, 2) == (f"criteria: error: {output}: already exists (--resume continues it; "
                                   "remove it to start over)")


def test_schema_into_a_missing_folder(tmp_path):
    target = tmp_path / "missing" / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert one_line(result, 2) == f"criteria: error: {target}: cannot write (no folder {target.parent})"


def test_schema_onto_a_folder(tmp_path):
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert one_line(result, 2) == f"criteria: error: {tmp_path}: is a folder; name a file"


def test_schema_write_failure(tmp_path, monkeypatch):
    def full_disk(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    target = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(target)])
    assert one_line(result, 2) == f"criteria: error: {target}: cannot write (No space left on device)"


def test_evaluate_json_report_into_a_missing_folder(tmp_path, no_pipeline):
    gold = write_gold_file(tmp_path / "gold")
    report = tmp_path / "missing" / "report.json"
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--run", "--json", str(report)])
    assert one_line(result, 2) == f"criteria: error: {report}: cannot write (no folder {report.parent})"


def test_annotate_export_output_that_is_a_file(tmp_path, no_pipeline):
    [page] = pages(tmp_path, a=TEXT)
    result = runner.invoke(app, ["annotate", "export", page, "--format", "brat", "--output", page])
    assert one_line(result, 2) == f"criteria: error: {page}: is a file, not a folder"


def test_annotate_import_output_that_cannot_be_created(tmp_path):
    gold = write_gold_file(tmp_path / "gold")
    out = tmp_path / "out"
    exported = runner.invoke(app, ["annotate", "export", str(gold), "--format", "brat", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    target = out / "NCTgold.txt" / "gold"
    result = runner.invoke(app, ["annotate", "import", str(out), "--format", "brat", "-o", str(target),
                                 "--annotator", "x"])
    assert one_line(result, 2) == (f"criteria: error: {target}: cannot write ({out / 'NCTgold.txt'} is a "
                                   "file, not a folder)")


def test_annotate_diff_json_into_a_missing_folder(tmp_path):
    gold = write_gold_file(tmp_path / "gold")
    report = tmp_path / "missing" / "diff.json"
    result = runner.invoke(app, ["annotate", "diff", str(gold), str(gold), "--json", str(report)])
    assert one_line(result, 2) == f"criteria: error: {report}: cannot write (no folder {report.parent})"
    assert result.stdout == ""


# ---- the top-level handler ---------------------------------------------------------------------


class Raises:
    """Stands in for TrialDocument in nlp.cli: its JSON Schema raises what it is given."""

    def __init__(self, error: BaseException):
        self.error = error

    def model_json_schema(self):
        raise self.error


@pytest.fixture
def in_process(monkeypatch):
    """main() run here: typer installs its exception hook on each run; put the old one back."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.delenv("CRITERIA_DEBUG", raising=False)


def run_main(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    return exit_.value.code


def test_an_unexpected_error_is_one_line_and_exit_1():
    result = cli("schema", code=BROKEN_SCHEMA)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("criteria: error: unexpected RuntimeError: boom second line; rerun with "
                             "--debug for the traceback\n")


def test_debug_shows_the_traceback():
    result = cli("--debug", "schema", code=BROKEN_SCHEMA)
    assert result.returncode == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.rstrip().endswith("RuntimeError: boom\nsecond line")


def test_criteria_debug_in_the_environment_shows_the_traceback(in_process, monkeypatch, capsys):
    monkeypatch.setenv("CRITERIA_DEBUG", "1")
    monkeypatch.setattr(nlp.cli, "TrialDocument", Raises(RuntimeError("boom")))
    assert run_main(["schema"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last):" in err and err.rstrip().endswith("RuntimeError: boom")


def test_without_debug_main_says_one_line(in_process, monkeypatch, capsys):
    monkeypatch.setattr(nlp.cli, "TrialDocument", Raises(KeyError("x")))
    assert run_main(["schema"]) == 1
    assert capsys.readouterr().err == ("criteria: error: unexpected KeyError: 'x'; rerun with --debug for "
                                       "the traceback\n")


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch):
    monkeypatch.setattr(nlp.cli, "TrialDocument", Raises(KeyboardInterrupt()))
    result = runner.invoke(app, ["schema"])
    assert one_line(result, 130) == "criteria: error: interrupted"


def test_ctrl_c_through_main(in_process, monkeypatch, capsys):
    monkeypatch.setattr(nlp.cli, "TrialDocument", Raises(KeyboardInterrupt()))
    assert run_main(["schema"]) == 130
    assert capsys.readouterr().err == "criteria: error: interrupted\n"


@pytest.mark.parametrize("error", [typer.Exit(4), SystemExit(3)])
def test_exit_codes_pass_through_unchanged(in_process, monkeypatch, capsys, error):
    monkeypatch.setattr(nlp.cli, "TrialDocument", Raises(error))
    assert run_main(["schema"]) == (4 if isinstance(error, typer.Exit) else 3)
    assert capsys.readouterr().err == ""


def test_a_usage_error_keeps_its_message_and_exit_2():
    result = cli("extract", "--no-such-option", "x.txt")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "No such option" in result.stderr and "criteria extract" in result.stderr


def test_version():
    result = cli("--version")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"criteria-nlp {__version__} (output schema {SCHEMA_VERSION})\n"
