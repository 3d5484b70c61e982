"""criteria annotate (the sub-app): export, import, validate, diff; exit codes and one-line errors."""

import json
import re
from datetime import date
from pathlib import Path

import pytest
from test_annotate_brat import TEXT
from test_annotate_validate import clean, stray
from typer.testing import CliRunner

from nlp.annotate.cli import app
from nlp.gold import write_gold

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[1] / "scripts" / "examples" / "NCT05793801.txt"


def gold_dir(tmp_path: Path, document=None, name: str = "gold") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    write_gold(document or clean(), folder / "NCT00000001.json")
    return folder


@pytest.mark.parametrize("fmt", ["brat", "labelstudio"])
def test_export_import_validate_round_trip(tmp_path, fmt):
    out, back = tmp_path / "out", tmp_path / "back"
    result = runner.invoke(app, ["export", str(gold_dir(tmp_path)), "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 documents written" in result.stdout
    if fmt == "brat":
        assert {p.name for p in out.iterdir()} == {"NCT00000001.txt", "NCT00000001.ann", "annotation.conf",
                                                   "visual.conf"}
        assert "CRLF as one character" in result.stderr  # the sample text has CR LF line ends
        source = out
    else:
        assert {p.name for p in out.iterdir()} == {"tasks.json", "labeling_config.xml"}
        source = out / "tasks.json"
    result = runner.invoke(app, ["import", str(source), "--format", fmt, "--output", str(back),
                                 "--annotator", "alice"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"1 gold files written to {back}\n" and result.stderr == ""
    written = json.loads((back / "NCT00000001.json").read_text(encoding="utf-8"))
    assert written["text"] == TEXT and written["document"] == clean().document.model_dump(mode="json")
    assert written["annotation"]["annotator"] == "alice"
    assert written["annotation"]["method"] == "corrected-pipeline"
    assert written["annotation"]["date"] == date.today().isoformat()
    result = runner.invoke(app, ["validate", str(back)])
    assert (result.exit_code, result.stdout) == (0, "1 files, 1 documents: ok\n")


def test_export_runs_the_pipeline_on_a_text(tmp_path, pipeline):
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(EXAMPLE), "--format", "labelstudio", "-o", str(out)])
    assert result.exit_code == 0, result.output
    [task] = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert task["data"]["id"] == "NCT05793801" and task["predictions"][0]["result"]


def test_import_warns_about_guideline_problems(tmp_path):
    out, back = tmp_path / "out", tmp_path / "back"
    runner.invoke(app, ["export", str(gold_dir(tmp_path, stray())), "--format", "brat", "-o", str(out)])
    result = runner.invoke(app, ["import", str(out), "--format", "brat", "-o", str(back),
                                 "--annotator", "bob", "--method", "manual", "--note", "by hand"])
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2 and all(w.startswith(f"criteria: warning: {back / 'NCT00000001.json'}:")
                                      for w in warnings)
    assert "2 problems to fix" in result.stdout
    annotation = json.loads((back / "NCT00000001.json").read_text(encoding="utf-8"))["annotation"]
    assert (annotation["method"], annotation["note"]) == ("manual", "by hand")


def test_validate_prints_one_line_per_problem_and_exits_1(tmp_path):
    folder = gold_dir(tmp_path, stray())
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{folder / 'NCT00000001.json'}:") for line in lines)
    assert "polarity inclusion, expected exclusion" in lines[0] and "lies outside the criterion" in lines[1]


def test_validate_with_no_gold_files_is_an_error(tmp_path):
    (tmp_path / "floors.json").write_text('{"entities": {"f1": 0.8}}\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"criteria: error: {tmp_path}: no gold files in this folder (.json or .jsonl)\n"


@pytest.mark.parametrize("fmt", ["brat", "labelstudio"])
def test_pipeline_output_round_trips_clean(tmp_path, seeds_dir, pipeline, fmt):
    """Seed pages through the pipeline, out to the tool and back: the gold files validate clean
    (thresholds whose analyte is no entity included)."""
    pages = sorted(seeds_dir.glob("*.txt"))
    out, back = tmp_path / "out", tmp_path / "back"
    result = runner.invoke(app, ["export", *map(str, pages), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    source = out if fmt == "brat" else out / "tasks.json"
    result = runner.invoke(app, ["import", str(source), "--format", fmt, "-o", str(back), "--annotator", "x"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    result = runner.invoke(app, ["validate", str(back)])
    assert (result.exit_code, result.stdout) == (0, f"{len(pages)} files, {len(pages)} documents: ok\n")


def test_diff_prints_the_table_and_writes_json(tmp_path):
    a = gold_dir(tmp_path, name="a")
    changed = clean()
    changed.document.criteria[0].entities.clear()
    b = gold_dir(tmp_path, changed, name="b")
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["diff", str(a), str(b), "--json", str(report), "--disagreements"])
    assert result.exit_code == 0, result.output
    assert "DEMOGRAPHIC" in result.stdout and "NCT00000001\tentity\tA only\t23:26\tDEMOGRAPHIC\t'Age'" \
        in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["entities"]["by_label"]["DEMOGRAPHIC"]["matched"] == 0
    assert data["entities"]["by_label"]["MEASUREMENT"]["f1"] == 1.0


def bad_ann(tmp_path: Path) -> list[str]:
    out = tmp_path / "out"
    runner.invoke(app, ["export", str(gold_dir(tmp_path)), "--format", "brat", "-o", str(out)])
    with open(out / "NCT00000001.ann", "a", encoding="utf-8", newline="") as f:
        f.write("T99\tCONDITION zero five\tAge\n")
    return ["import", str(out), "--format", "brat", "-o", str(tmp_path / "back"), "--annotator", "x"]


def not_json(tmp_path: Path) -> list[str]:
    (tmp_path / "broken.json").write_text("{nope", encoding="utf-8")
    return ["export", str(tmp_path / "broken.json"), "--format", "brat", "-o", str(tmp_path / "out")]


def ls_not_json(tmp_path: Path) -> list[str]:
    (tmp_path / "export.json").write_text("[{", encoding="utf-8")
    return ["import", str(tmp_path / "export.json"), "--format", "labelstudio", "-o", str(tmp_path / "g"),
            "--annotator", "x"]


def latin1(tmp_path: Path) -> list[str]:
    (tmp_path / "g.json").write_bytes("{\"text\": \"caf\xe9\"}".encode("latin-1"))
    return ["diff", str(tmp_path / "g.json"), str(tmp_path / "g.json")]


def ls_unsafe_id(tmp_path: Path) -> list[str]:
    tasks = [{"data": {"text": "x", "id": "../x"}}]
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    return ["import", str(tmp_path / "export.json"), "--format", "labelstudio", "-o", str(tmp_path / "g"),
            "--annotator", "x"]


def no_ann(tmp_path: Path) -> list[str]:
    (tmp_path / "d.txt").write_text("x", encoding="utf-8")
    return ["import", str(tmp_path), "--format", "brat", "-o", str(tmp_path / "g"), "--annotator", "x"]


@pytest.mark.parametrize(("args", "message"), [
    (lambda t: ["export", str(t / "missing.txt"), "--format", "brat", "-o", str(t / "o")],
     r"missing\.txt: no such file$"),
    (lambda t: ["export", str(t / "missing.json"), "--format", "brat", "-o", str(t / "o")],
     r"missing\.json: no such file or directory$"),
    (not_json, r"broken\.json: not JSON \(Expecting property name"),
    (bad_ann, r"NCT00000001\.ann:\d+: cannot read 'T99\\tCONDITION zero five\\tAge'"),
    (ls_not_json, r"export\.json: not JSON"),
    (ls_unsafe_id, r"export\.json: document id '\.\./x' is not a safe file name$"),
    (latin1, r"g\.json: not valid UTF-8 \(byte \d+\)$"),
    (no_ann, r"d\.txt: no \.ann beside it$"),
    (lambda t: ["validate", str(t / "nothing")], r"nothing: no such file or directory$"),
    (lambda t: ["export", str(t), "--format", "brat", "-o", str(t / "o")], r": no documents"),
    (lambda t: ["diff", str(t / "a"), str(t / "b")], r"a: no such file or directory$"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    result = runner.invoke(app, args(tmp_path))
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("criteria: error: ")
    assert "Traceback" not in result.output
    assert re.search(message, lines[0]), lines[0]


def test_an_unknown_format_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["export", str(tmp_path), "--format", "doccano", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "doccano" in result.stderr
