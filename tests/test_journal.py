import gzip

import pytest

from nlp.journal import Appender, line_id, read_lines, repair


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_appends_read_back_as_one_stream(tmp_path, name):
    path = tmp_path / name
    with Appender(path) as out:
        out.write(['{"id": "a"}', '{"id": "b"}'])
        out.write([])
    with Appender(path) as out:
        out.write(['{"id": "c"}'])
    assert [line_id(line) for line in read_lines(path)] == ["a", "b", "c"]
    assert repair(path) == 0
    if name.endswith(".gz"):  # plain gzip readers see one stream of members
        assert gzip.decompress(path.read_bytes()).decode().splitlines() == [
            '{"id": "a"}', '{"id": "b"}', '{"id": "c"}']


def test_repair_cuts_a_torn_line(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"id": "b"}\n{"id": "c", "crit')
    assert repair(path) == len(b'{"id": "c", "crit')
    assert path.read_bytes() == b'{"id": "a"}\n{"id": "b"}\n'


def test_repair_cuts_a_torn_gzip_member(tmp_path):
    path = tmp_path / "out.jsonl.gz"
    with Appender(path) as out:
        out.write(['{"id": "a"}'])
        out.write(['{"id": "b"}'])
    whole = path.stat().st_size
    torn = gzip.compress(b'{"id": "c"}\n' * 100)
    with path.open("ab") as f:
        f.write(torn[: len(torn) - 5])  # the member's trailer is missing
    assert repair(path) == len(torn) - 5
    assert path.stat().st_size == whole
    assert [line_id(line) for line in read_lines(path)] == ["a", "b"]


def test_line_id_reads_documents_without_parsing_them_and_falls_back_to_json():
    assert line_id(b'{"schema_version":"1.2","id":"NCT\\"1","criteria":[]}') == 'NCT"1'
    assert line_id(b'{"id": null, "position": 3}') is None
