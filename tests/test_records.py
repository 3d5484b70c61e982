import gzip
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.records import Failure, InputPathError, Record, expand, from_object, read_json_lines, read_records

CRITERIA = "Inclusion Criteria:\n* Age >= 18 years\nExclusion Criteria:\n* HIV"


def study(nct_id, text=CRITERIA, **eligibility):
    module = {"eligibilityCriteria": text, **eligibility} if text is not None else eligibility
    return {"protocolSection": {"identificationModule": {"nctId": nct_id}, "eligibilityModule": module}}


AACT = (
    "id|nct_id|sampling_method|gender|minimum_age|maximum_age|healthy_volunteers|population|criteria\n"
    '1|NCT00000001||All|18 Years|N/A|No||"Inclusion Criteria:\n\n  - Age >= 18 years\n\n'
    'Exclusion Criteria:\n\n  - HIV"\n'
    "2|NCT00000002||Female|6 Months|65 Years|Accepts Healthy Volunteers||Inclusion: pregnant women\n"
    "3|NCT00000003||All|||||\n"
)


def summarize(items):
    return [(type(i).__name__, i.id, i.position, i.source.rsplit("/", 1)[-1],
             i.reason if isinstance(i, Failure) else i.text[:12]) for i in items]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("NCT01234567.txt", CRITERIA, [("Record", "NCT01234567", 0, "NCT01234567.txt", "Inclusion Cr")]),
        # a text file's id: the first NCT id in the text, else its stem
        ("page.txt", "NCT07654321\n" + CRITERIA, [("Record", "NCT07654321", 0, "page.txt", "NCT07654321\n")]),
        ("empty.txt", "  \n", [("Failure", "empty", 0, "empty.txt", "empty input")]),
        ("bom.txt", "\ufeff \n", [("Failure", "bom", 0, "bom.txt", "empty input")]),
        ("page.json", json.dumps({"studies": [study("NCT1"), study("NCT2", text=None)]}),
         [("Record", "NCT1", 0, "page.json#0", "Inclusion Cr"),
          ("Failure", "NCT2", 1, "page.json#1", "no criteria text")]),
        ("one.json", json.dumps(study("NCT3")), [("Record", "NCT3", 0, "one.json#0", "Inclusion Cr")]),
        ("odd.json", json.dumps({"studies": [{"protocolSection": {"identificationModule": [1]}},
                                             {"protocolSection": {"identificationModule": {"nctId": "NCT6"},
                                                                  "eligibilityModule": "x"}}]}),
         [("Failure", None, 0, "odd.json#0", "study without protocolSection.identificationModule.nctId"),
          ("Failure", "NCT6", 1, "odd.json#1", "no criteria text")]),
        ("list.json", json.dumps([study("NCT4"), 7]),
         [("Record", "NCT4", 0, "list.json#0", "Inclusion Cr"),
          ("Failure", None, 1, "list.json#1", "a JSON int, not an object")]),
        ("studies.jsonl", "\n".join([json.dumps(study("NCT5")), "{not json", "", json.dumps({"id": 9})]),
         [("Record", "NCT5", 0, "studies.jsonl:1", "Inclusion Cr"),
          ("Failure", None, 1, "studies.jsonl:2",
           "malformed JSON (Expecting property name enclosed in double quotes at column 2)"),
          ("Failure", "9", 2, "studies.jsonl:4",
           "neither a ClinicalTrials.gov study nor an object with 'id' and 'text'")]),
        # JSON lines under a .json name are still JSON lines
        ("records.json", json.dumps({"id": "a", "text": "x"}) + "\n" + json.dumps({"id": "b", "text": " "}),
         [("Record", "a", 0, "records.json:1", "x"),
          ("Failure", "b", 1, "records.json:2", "no criteria text")]),
        ("broken.json", '{"studies": [', [("Failure", None, 0, "broken.json",
                                           "not JSON (Expecting value at line 1)")]),
        ("trials.csv", 'id,text\nT1,"Inclusion: age >= 18\nno HIV"\nT2,\n',
         [("Record", "T1", 0, "trials.csv:2", "Inclusion: a"),
          ("Failure", "T2", 1, "trials.csv:4", "no criteria text")]),
        ("trials.tsv", "ID\tText\nT1\tInclusion: adults\n",
         [("Record", "T1", 0, "trials.tsv:2", "Inclusion: a")]),
        ("other.csv", "nct,criteria\nT1,x\n",
         [("Failure", None, 0, "other.csv", "header has no 'id' and 'text' columns (found: nct, criteria)")]),
        ("eligibilities.txt", AACT,
         [("Record", "NCT00000001", 0, "eligibilities.txt:2", "Inclusion Cr"),
          ("Record", "NCT00000002", 1, "eligibilities.txt:9", "Inclusion: p"),
          ("Failure", "NCT00000003", 2, "eligibilities.txt:10", "no criteria text")]),
    ],
)
def test_formats(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert summarize(read_records([str(path)])) == expected
    # the same file gzip-compressed reads the same, whatever its name says
    packed = tmp_path / "packed" / (name + ".gz")
    packed.parent.mkdir()
    packed.write_bytes(gzip.compress(content.encode("utf-8")))
    same = [(kind, i, pos, src.replace(".gz", ""), what)
            for kind, i, pos, src, what in summarize(read_records([str(packed)]))]
    assert same == expected


def test_registry_fields_are_carried_from_api_v2_and_aact(tmp_path):
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"studies": [study("NCT1", minimumAge="18 Years", sex="FEMALE",
                                                  healthyVolunteers=True)]}))
    aact = tmp_path / "eligibilities.txt"
    aact.write_text(AACT)
    records = [r for r in read_records([str(page), str(aact)]) if isinstance(r, Record)]
    assert [r.position for r in records] == [0, 1, 2]
    assert records[0].registry == {"source": "clinicaltrials.gov", "minimum_age": "18 Years",
                                   "maximum_age": None, "sex": "FEMALE", "healthy_volunteers": True}
    assert records[1].registry == {"source": "aact", "minimum_age": "18 Years", "maximum_age": "N/A",
                                   "sex": "ALL", "healthy_volunteers": False}
    assert records[2].registry["healthy_volunteers"] is True and records[2].registry["sex"] == "FEMALE"


def test_a_study_field_of_the_wrong_type_is_dropped(tmp_path):
    page = tmp_path / "page.json"
    module = {"eligibilityCriteria": "Adults", "minimumAge": 18, "healthyVolunteers": "Yes"}
    page.write_text(json.dumps(study("NCT1", **module)))
    [record] = read_records([str(page)])
    assert (record.registry["minimum_age"], record.registry["healthy_volunteers"]) == (None, None)


def test_bad_bytes_fail_their_own_record_only(tmp_path):
    lines = tmp_path / "mixed.jsonl"
    lines.write_bytes(b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n'
                      b'{"id": "c", "text": "ok"}\n')
    csv_file = tmp_path / "mixed.csv"
    csv_file.write_bytes(b"id,text\na,ok\nb,caf\xe9\nc,ok\n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Inclusion: caf\xe9".encode("latin-1"))
    got = summarize(read_records([str(lines), str(csv_file), str(latin)]))
    assert [(kind, i) for kind, i, *_ in got] == [
        ("Record", "a"), ("Failure", None), ("Record", "c"),
        ("Record", "a"), ("Failure", "b"), ("Record", "c"), ("Failure", "latin")]
    assert got[1][4] == "not valid UTF-8 (byte 24)" and got[4][4].startswith("not valid UTF-8")
    assert got[6][4] == "not valid UTF-8 (byte 14)"


def test_long_csv_fields_are_read_and_a_field_over_the_limit_stops_that_file_only(tmp_path, monkeypatch):
    import nlp.records

    long = tmp_path / "long.csv"
    long.write_text(f'id,text\nL,"{"Inclusion: adults. " * 10_000}"\n')  # over csv's default limit
    assert summarize(read_records([str(long)]))[0][:2] == ("Record", "L")
    monkeypatch.setattr(nlp.records, "CSV_FIELD_LIMIT", 1000)
    other = tmp_path / "other.csv"
    other.write_text("id,text\nA,ok\n")
    got = summarize(read_records([str(long), str(other)]))
    assert [(kind, i) for kind, i, *_ in got] == [("Failure", None), ("Record", "A")]
    assert got[0][4] == "reading stopped here: field larger than field limit (1000)"


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path):
    body = "".join(json.dumps({"id": str(k), "text": "Inclusion: adults " * 50}) + "\n" for k in range(200))
    packed = gzip.compress(body.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_records([str(path)]))
    assert isinstance(items[-1], Failure) and items[-1].reason.startswith("reading stopped here: ")
    assert 0 < len(items) - 1 < 200 and all(isinstance(i, Record) for i in items[:-1])


def test_directories_and_globs_expand_sorted(tmp_path):
    for name in ("b.txt", "a.txt", "notes.md"):
        (tmp_path / name).write_text(CRITERIA)
    assert [p.name for p in expand([str(tmp_path)])] == ["a.txt", "b.txt"]
    assert [p.name for p in expand([str(tmp_path / "*.txt")])] == ["a.txt", "b.txt"]
    with pytest.raises(InputPathError, match="missing.txt: no such file"):
        expand([str(tmp_path / "missing.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputPathError, match="holds no"):
        expand([str(tmp_path / "empty")])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode),
                      st.lists(st.sampled_from([b"{", b"}", b"[", b"]", b'"id"', b'"text"', b":", b",",
                                                b'"x"', b"\n", b"|", b"nct_id|criteria\n", b"\xe9",
                                                b'"protocolSection"', b"1"]), max_size=40).map(b"".join)),
       suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv", ".tsv", ".txt.gz", ""]))
def test_any_bytes_give_records_or_failures(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    items = list(read_records([str(path)]))
    assert all(isinstance(i, (Record, Failure)) for i in items)  # a header alone holds none
    assert [i.position for i in items] == list(range(len(items)))
    for item in items:
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.id and item.text.strip()


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["id", "text", "x"]), inner, max_size=3), max_leaves=8)
MODULE = st.dictionaries(st.sampled_from(["nctId", "eligibilityCriteria", "sex", "minimumAge"]), JSON)
STUDY = st.fixed_dictionaries({"protocolSection": JSON | st.dictionaries(
    st.sampled_from(["identificationModule", "eligibilityModule"]), JSON | MODULE)})


@settings(max_examples=300, deadline=None)
@given(JSON | STUDY)
def test_any_json_value_gives_a_record_or_a_failure(value):
    assert isinstance(from_object(value, "x:1"), (Record, Failure))


def test_json_lines_of_a_partition_yield_one_item_per_line():
    lines = ['{"id": "a", "text": "Inclusion Criteria:\\n- Age >= 18"}', "", "{bad", b'{"id": "b"}',
             b'{"id": "c", "text": "\xff"}']
    items = list(read_json_lines(lines, "part-0"))
    assert [(type(i).__name__, i.id, i.source, i.position) for i in items] == [
        ("Record", "a", "part-0:1", 0), ("Failure", None, "part-0:3", 1), ("Failure", "b", "part-0:4", 2),
        ("Failure", None, "part-0:5", 3)]
    assert items[0].text == "Inclusion Criteria:\n- Age >= 18"
    assert items[1].reason.startswith("malformed JSON") and "UTF-8" in items[3].reason
