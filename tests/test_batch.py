import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.batch import BatchError, errors_path, extract_records, run_batch
from nlp.journal import read_lines
from nlp.records import Failure, Record

TEXT = "Inclusion Criteria:\n* Hemoglobin >= 9 g/dL\nExclusion Criteria:\n* No prior HIV infection"


def records(n, prefix="T"):
    return [Record(f"{prefix}{k}", f"{TEXT} {k}", f"in.jsonl:{k + 1}", k) for k in range(n)]


def test_one_result_per_record_in_order_and_a_raising_record_fails_alone(fragile):
    items = [*records(3), Failure(None, "in.jsonl:4", "malformed JSON", 3),
             Record("B", "BOOM " + TEXT, "in.jsonl:5", 4), *records(2, "U")]
    results = list(extract_records(items, fragile, batch_size=4))
    assert [(r.id, r.error) for r in results] == [
        ("T0", None), ("T1", None), ("T2", None), (None, "malformed JSON"),
        ("B", "pipeline failed: RuntimeError: boom second line"), ("U0", None), ("U1", None)]
    assert [r.position for r in results] == [0, 1, 2, 3, 4, 0, 1]
    assert results[0].document.id == "T0" and results[0].document.criteria[0].text == "Hemoglobin >= 9 g/dL"


def test_a_text_over_the_length_limit_is_an_error(fragile):
    fragile.max_length, limit = 50, fragile.max_length
    try:
        [result] = extract_records([Record("long", TEXT)], fragile)
    finally:
        fragile.max_length = limit
    assert result.error == f"text of {len(TEXT)} characters is over the pipeline's limit of 50"


def check_document_or_clean_error(pipeline, text):
    [result] = extract_records([Record("x", text)], pipeline)
    assert (result.document is None) != (result.error is None)
    if result.error is not None:
        assert "\n" not in result.error
        return
    for crit in result.document.criteria:
        assert text[crit.start : crit.end] == crit.text
        for ent in crit.entities:
            assert text[ent.start : ent.end] == ent.text
        for th in crit.thresholds:
            assert text[th.start : th.end] == th.text
            if th.analyte:
                assert text[th.analyte.start : th.analyte.end] == th.analyte.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_any_text_gives_a_valid_document_with_round_trip_offsets(pipeline, text):
    check_document_or_clean_error(pipeline, text)


CRITERIA_ALPHABET = st.sampled_from(
    ["Inclusion Criteria:", "Exclusion Criteria:", "\n", "* ", "1. ", "a) ", "(2) ", "no ", "not ",
     "history of ", "HIV", "hemoglobin", " ≥ ", "<", "1.5 × ULN", "9 g/dL", "18 years", "; ", ", ",
     "except ", "ECOG 0-1", "\\>", "(", ")", "×10⁹/L", "  ", "\t", "é", "𝔘", "\u200b", "\r\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CRITERIA_ALPHABET, max_size=60).map("".join))
def test_criteria_like_text_gives_a_valid_document(pipeline, text):
    check_document_or_clean_error(pipeline, text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=60), st.none()), max_size=12))
def test_read_equals_written_plus_failed(tmp_path_factory, fragile, texts):
    items = [Failure(None, f"in:{k}", "malformed", k) if t is None else Record(f"r{k}", t, f"in:{k}", k)
             for k, t in enumerate(texts)]
    out = tmp_path_factory.mktemp("batch") / "out.jsonl"
    summary = run_batch(items, out, pipeline=fragile)
    written = [json.loads(line)["id"] for line in read_lines(out)] if out.exists() else []
    failed = [json.loads(line) for line in read_lines(errors_path(out))] if errors_path(out).exists() else []
    assert summary.read == len(items) == summary.written + summary.failed
    assert (summary.written, summary.failed) == (len(written), len(failed))
    assert sorted(written + [f"#{e['position']}" if e["id"] is None else e["id"] for e in failed]) == sorted(
        f"#{k}" if t is None else f"r{k}" for k, t in enumerate(texts))


def test_resume_skips_what_is_done_and_cuts_a_torn_tail(tmp_path, fragile):
    out = tmp_path / "out.jsonl"
    run_batch(records(3), out, pipeline=fragile)
    with out.open("ab") as f:
        f.write(b'{"schema_version":"1.2","id":"T3","crit')  # a kill mid-write
    with pytest.raises(BatchError, match="already exists"):
        run_batch(records(6), out, pipeline=fragile)
    summary = run_batch(records(6), out, resume=True, pipeline=fragile)
    assert (summary.read, summary.skipped, summary.written, summary.failed) == (6, 3, 3, 0)
    assert [json.loads(line)["id"] for line in read_lines(out)] == [f"T{k}" for k in range(6)]


def test_resume_counts_errors_as_done_and_keeps_duplicate_ids(tmp_path, fragile):
    out = tmp_path / "out.jsonl.gz"
    items = [Record("A", TEXT, "in:1", 0), Record("B", "BOOM", "in:2", 1), Record("A", TEXT, "in:3", 2),
             Failure(None, "in:4", "malformed", 3)]
    first = run_batch(items[:2], out, pipeline=fragile)
    assert (first.written, first.failed) == (1, 1)
    assert json.loads(next(read_lines(errors_path(out)))) == {
        "id": "B", "position": 1, "source": "in:2",
        "reason": "pipeline failed: RuntimeError: boom second line"}
    again = run_batch(items, out, resume=True, pipeline=fragile)
    assert (again.read, again.skipped, again.written, again.failed) == (4, 2, 1, 1)
    assert [json.loads(line)["id"] for line in read_lines(out)] == ["A", "A"]
    assert errors_path(out).name == "out.errors.jsonl"


def test_two_workers_write_what_one_writes(tmp_path):
    items = records(40)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run_batch(items, one, workers=1)
    summary = run_batch(items, two, workers=2, chunk_size=4)
    assert summary.written == 40
    assert one.read_bytes() == two.read_bytes()


def test_a_killed_batch_resumes_with_every_record_exactly_once(tmp_path):
    source = tmp_path / "in.jsonl"
    ids = [f"NCT{k:08d}" for k in range(300)]
    source.write_text("".join(json.dumps({"id": i, "text": f"{TEXT} {i}"}) + "\n" for i in ids))
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-c", "from nlp.cli import app; app()", "batch", str(source), "-o", str(out),
               "--workers", "2", "--quiet"]
    batch = subprocess.Popen(command, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while (not out.exists() or out.read_bytes().count(b"\n") < 40) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()
    assert batch.returncode == -signal.SIGKILL
    partial = out.read_bytes().count(b"\n")
    assert 40 <= partial < len(ids), "the kill did not land mid-run"
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"skipped {partial}" in resumed.stderr
    assert [json.loads(line)["id"] for line in read_lines(out)] == ids
