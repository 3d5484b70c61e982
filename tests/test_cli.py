import json

from typer.testing import CliRunner

from nlp.cli import app

runner = CliRunner()
TEXT = "Inclusion Criteria:\n* Confirmed HCC\nExclusion Criteria:\n* Known HIV infection\n"


def test_extract_reads_stdin_and_prints_json():
    result = runner.invoke(app, ["extract", "-"], input=TEXT)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == "1.1" and doc["id"] == "stdin"
    assert [(c["id"], c["text"]) for c in doc["criteria"]] == [
        ("inc-1", "Confirmed HCC"), ("exc-1", "Known HIV infection")]


def test_output_dir_gets_one_file_per_input_and_bad_inputs_fail_cleanly(tmp_path):
    good = tmp_path / "NCTgood.txt"
    good.write_text(TEXT)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Inclusion Criteria: caf\xe9".encode("latin-1"))
    out = tmp_path / "out"
    args = ["extract", str(empty), str(binary), str(latin), str(tmp_path / "missing.txt"),
            str(good), "--output-dir", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4 and "Traceback" not in result.output
    assert errors[0] == f"criteria: error: {empty}: empty input"
    assert "binary" in errors[1] and "UTF-8" in errors[2] and "no such file" in errors[3]
    assert json.loads((out / "NCTgood.json").read_text())["criteria"][0]["text"] == "Confirmed HCC"


def test_schema_command_prints_the_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["title"] == "TrialDocument"
