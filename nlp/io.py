"""Read one input text, refusing what is not usable criteria text with a one-line reason."""

from __future__ import annotations

import sys
from pathlib import Path


class InputError(Exception):
    """An input that cannot be processed; the message names the input and the problem."""


def read_text(source: str) -> tuple[str, str]:
    """Return (text, id fallback) for a path, or for ``-`` (standard input)."""
    if source == "-":
        data, name, stem = sys.stdin.buffer.read(), "<stdin>", "stdin"
    else:
        path = Path(source)
        name, stem = source, path.stem
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory, not a text file") from None
        except OSError as err:
            raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
    return decode_text(data, name), stem


def decode_text(data: bytes, name: str) -> str:
    """The text of ``data`` read from ``name``; empty, binary or non-UTF-8 data is refused."""
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if b"\x00" in data:
        raise InputError(f"{name}: binary data, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid UTF-8 (byte {err.start})") from None
    # A byte-order mark is not part of the text the offsets count.
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{name}: empty input")
    return text
