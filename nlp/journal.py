"""Append-only JSON lines files (plain, or gzip when the name ends in ``.gz``) that a killed
process never leaves with half a record in them.

Each append writes whole lines at once; a gzip file gets one gzip member per append, which
``gzip`` and ``zcat`` read as one stream. ``repair`` cuts what a kill may have torn off the
end: a line without its newline, or a gzip member without its trailer.
"""

from __future__ import annotations

import gzip
import json
import mmap
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

READ_CHUNK = 1 << 16
# model_dump_json writes schema_version then id first: resume reads ids without parsing documents.
LEADING_ID = re.compile(rb'^\{"schema_version":"[^"]*","id":("(?:[^"\\]|\\.)*")')


def is_gzip(path: Path) -> bool:
    return path.suffix == ".gz"


class Appender:
    """Appends lines to ``path``, creating it; ``write`` flushes, so a kill after it loses nothing."""

    def __init__(self, path: Path):
        self.path = path
        self.gzip = is_gzip(path)
        self._file = path.open("ab")

    def write(self, lines: list[str]) -> None:
        if not lines:
            return
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        self._file.write(gzip.compress(data, mtime=0) if self.gzip else data)
        self._file.flush()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Appender:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def repair(path: Path) -> int:
    """Cut a torn tail off ``path``; returns the number of bytes cut (0 when it was whole)."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    size = path.stat().st_size
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        whole = _gzip_whole_end(data) if is_gzip(path) else data.rfind(b"\n") + 1
    if whole < size:
        with path.open("r+b") as f:
            f.truncate(whole)
    return size - whole


def _gzip_whole_end(data: mmap.mmap) -> int:
    """Offset just past the last complete gzip member."""
    view, end = memoryview(data), 0
    try:
        while end < len(view):
            member, k = zlib.decompressobj(wbits=31), end
            while not member.eof and k < len(view):
                chunk = view[k : k + READ_CHUNK]
                member.decompress(chunk)
                k += len(chunk)
            if not member.eof:
                break
            end = k - len(member.unused_data)
    except zlib.error:
        pass
    finally:
        view.release()
    return end


def read_lines(path: Path) -> Iterator[bytes]:
    """The lines of a whole (repaired) file, without their newlines."""
    opener = gzip.open if is_gzip(path) else open
    with opener(path, "rb") as f:
        for line in f:
            if line.strip():
                yield line.rstrip(b"\r\n")


def line_id(line: bytes) -> str | None:
    """The ``id`` of a document or error line."""
    found = LEADING_ID.match(line)
    if found:
        return json.loads(found.group(1))
    return json.loads(line).get("id")
