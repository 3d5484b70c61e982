import json

import pytest
from typer.testing import CliRunner

from nlp import SCHEMA_VERSION
from nlp.cli import app

runner = CliRunner()
TEXT = "Inclusion Criteria:\n* Confirmed HCC\nExclusion Criteria:\n* Known HIV infection\n"


def test_extract_reads_stdin_and_prints_json():
    result = runner.invoke(app, ["extract", "-"], input=TEXT)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == SCHEMA_VERSION and doc["id"] == "stdin"
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


def write_gold_file(folder):
    from nlp.gold import write_gold
    from nlp.schema import Annotation, Criterion, Entity, GoldDocument, TrialDocument

    def crit(cid, section, phrase, label, concept):
        start = TEXT.index(phrase)
        at = TEXT.index(concept)
        return Criterion(id=cid, section=section, text=phrase, start=start, end=start + len(phrase),
                         entities=[Entity(label=label, text=concept, start=at, end=at + len(concept),
                                          polarity=section)])

    document = TrialDocument(id="NCTgold", criteria=[
        crit("inc-1", "inclusion", "Confirmed HCC", "CONDITION", "HCC"),
        crit("exc-1", "exclusion", "Known HIV infection", "CONDITION", "HIV infection")])
    folder.mkdir()
    write_gold(GoldDocument(text=TEXT, document=document,
                            annotation=Annotation(annotator="test", date="2026-11-22", method="manual")),
               folder / "NCTgold.json")
    return folder


def test_evaluate_runs_the_pipeline_and_writes_a_json_report(tmp_path):
    gold = write_gold_file(tmp_path / "gold")
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--run", "--json", "-"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 1
    assert report["criteria"]["boundaries"]["f1"] == 1.0
    assert report["criteria"]["section"]["accuracy"] == 1.0


def test_evaluate_pairs_predictions_by_id_and_lists_errors(tmp_path):
    gold = write_gold_file(tmp_path / "gold")
    pred = tmp_path / "pred"
    pred.mkdir()
    empty = {"schema_version": "1.1", "id": "NCTgold", "criteria": []}
    (pred / "p.jsonl").write_text(json.dumps(empty) + "\n")
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(pred), "--errors"])
    assert result.exit_code == 0, result.output
    assert "criteria boundaries: P 0.000  R 0.000  F1 0.000  (tp 0, fp 0, fn 2)" in result.stdout
    assert "NCTgold\tentity\tfalse negative\t" in result.stdout
    assert "[HIV infection]" in result.stdout


def test_evaluate_scores_a_missing_prediction_as_empty_and_says_so(tmp_path):
    gold = write_gold_file(tmp_path / "gold")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"schema_version": "1.1", "id": "NCTother", "criteria": []}))
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), "--pred", str(other)])
    assert result.exit_code == 0
    assert result.stderr == f"criteria: warning: {other}: no prediction for NCTgold; scored as empty\n"
    assert "(tp 0, fp 0, fn 2)" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--run", "--pred", "x.json"], "give either --pred PATH or --run"),
    (["--run", "--import", "brat"], "--import brat: unknown importer (known: lct, chia)"),
    (["--pred", "{missing}"], "{missing}: no such file or directory"),
    (["--pred", "{bad}"], "{bad}: not a document of the output schema (criteria.0: Input should be"),
])
def test_evaluate_bad_input_is_one_line_and_exit_2(tmp_path, args, message):
    gold = write_gold_file(tmp_path / "gold")
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "criteria": [3]}')
    paths = {"missing": str(tmp_path / "missing.json"), "bad": str(bad)}
    args = [a.format(**paths) for a in args]
    result = runner.invoke(app, ["evaluate", "--gold", str(gold), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("criteria: error: " + message.format(**paths))
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output


def test_a_folder_without_a_recognizer_is_a_one_line_error(tmp_path):
    result = runner.invoke(app, ["extract", "-", "--ner-model", str(tmp_path)], input=TEXT)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip() == f"criteria: error: {tmp_path}: no trained recognizer here (no config.cfg)"


def test_batch_writes_documents_errors_tables_and_a_summary(tmp_path):
    import gzip

    import pyarrow.parquet as pq

    source = tmp_path / "trials.jsonl.gz"
    lines = [json.dumps({"id": "T1", "text": TEXT}), "{broken", json.dumps({"id": "T2", "text": "  "}),
             json.dumps({"id": "T3", "text": "Exclusion Criteria:\n* Child-Pugh B7 or worse\n"})]
    source.write_bytes(gzip.compress("\n".join(lines).encode()))
    out = tmp_path / "out" / "results.jsonl"
    result = runner.invoke(app, ["batch", str(source), "-o", str(out), "--workers", "1",
                                 "--tables", str(tmp_path / "tables")])
    assert result.exit_code == 1, result.output  # some records failed
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["T1", "T3"]
    errors = [json.loads(line) for line in (out.parent / "results.errors.jsonl").read_text().splitlines()]
    assert [(e["id"], e["position"], e["source"].rsplit("/", 1)[1], e["reason"]) for e in errors] == [
        (None, 1, "trials.jsonl.gz:2", "malformed JSON (Expecting property name enclosed in double "
         "quotes at column 2)"), ("T2", 2, "trials.jsonl.gz:3", "no criteria text")]
    assert "read 4, skipped 0, written 2, failed 2" in result.stderr
    criteria = pq.read_table(tmp_path / "tables" / "criteria.parquet").to_pylist()
    assert [(c["trial_id"], c["criterion_id"], c["text"]) for c in criteria] == [
        ("T1", "inc-1", "Confirmed HCC"), ("T1", "exc-1", "Known HIV infection"),
        ("T3", "exc-1", "Child-Pugh B7 or worse")]
    [child_pugh] = pq.read_table(tmp_path / "tables" / "thresholds.parquet").to_pylist()
    assert (child_pugh["value"], child_pugh["value_category"]) == (None, "B7")


def test_batch_refuses_to_start_with_one_line(tmp_path):
    (tmp_path / "done.jsonl").write_text("{}\n")
    page = tmp_path / "page.txt"
    page.write_text(TEXT)
    cases = [
        (["batch", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.jsonl")],
         f"criteria: error: {tmp_path / 'missing.txt'}: no such file, directory or matching glob"),
        (["batch", str(page), "-o", str(tmp_path / "done.jsonl")],
         f"criteria: error: {tmp_path / 'done.jsonl'}: already exists (--resume continues it; "
         "remove it to start over)"),
        (["batch", str(page), "-o", str(tmp_path / "o.jsonl"), "--tables", "t", "--tables-format", "xls"],
         "criteria: error: --tables-format xls: unknown (known: parquet, csv)"),
        (["batch", str(page), "-o", str(tmp_path)], f"criteria: error: {tmp_path}: is a directory; --output "
         "names a file"),
        (["batch", str(page), "-o", str(page / "o.jsonl")],
         f"criteria: error: {page / 'o.jsonl'}: cannot write ({page} is a file, not a folder)"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stderr.strip()) == (2, message)
        assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [[], ["extract"], ["view"], ["batch"], ["schema"], ["evaluate"],
                                     ["match"], ["annotate"], ["annotate", "export"], ["annotate", "import"],
                                     ["annotate", "validate"], ["annotate", "diff"]])
def test_help_is_clean(command):
    """No reStructuredText quoting and no '<bool>' placeholder after a flag in any command's help."""
    result = CliRunner().invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "``" not in result.output and "<bool>" not in result.output
