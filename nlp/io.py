"""Read one input text, refusing what is not usable criteria text with a one-line reason; check and
write outputs, refusing what cannot be written the same way."""

from __future__ import annotations

import os
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


class OutputError(Exception):
    """An output that cannot be written; the message names the output and the problem."""


def check_folder(folder: Path, name: Path | None = None) -> None:
    """Refuse, before any work, a folder that is not one or cannot be made or written into.

    ``name`` is the output the message names (a file to be written in ``folder``); the folder
    itself by default. Nothing is created: a missing folder is checked through its nearest
    existing ancestor, which must be a folder we may write into.
    """
    name = name or folder
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file, not a folder" if existing.is_file() else "is not a folder"
        raise OutputError(f"{name}: {what}" if existing == name
                          else f"{name}: cannot write ({existing} {what})")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{name}: cannot write (no permission to write in {existing})")


def check_output_file(path: Path) -> None:
    """Refuse, before any work, a file that cannot be written: a folder, or in a folder that is
    missing (not created for a single file) or not writable."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file")
    parent = path.parent
    if not parent.exists():
        raise OutputError(f"{path}: cannot write (no folder {parent})")
    check_folder(parent, path)


def make_folder(folder: Path) -> None:
    """Create folder (and its parents); a failure is an OutputError naming it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"{folder}: cannot create the folder ({err.strerror or err})") from None


def write_file(path: Path, text: str) -> None:
    """Write text (UTF-8) to path; a failure (a full disk, a race) is an OutputError naming it."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
