"""Robustness sweep: the default pipeline over every record of the given inputs, listing every
exception, every object whose offsets do not give its text, and every document that fails the
output schema, with the record's id and source.

    python scripts/sweep.py ../shared/corpora ../shared/seeds
    python scripts/sweep.py --generated 10000

Inputs are what ``criteria batch`` reads (text files, API v2 JSON, JSONL, CSV, AACT, .gz);
a directory is searched recursively for them. ``--generated N`` adds N criteria composed from the
project's own rule files (``nlp.generate``). Problems go to stdout, one per line (source, id,
kind, detail); the summary goes to stderr. Exit code 1 when there is any problem.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from nlp.pipeline import load
from nlp.records import TEXT_SUFFIXES, InputPathError, read_records
from nlp.sweep import Problem, sweep


def input_files(paths: list[str]) -> list[str]:
    """Files as given; a directory's criteria files at any depth (README files aside)."""
    files = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(str(p) for p in path.rglob("*") if p.is_file() and _is_input(p))
        else:
            files.append(raw)
    return files


def _is_input(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    return bool(suffixes) and suffixes[-1] in TEXT_SUFFIXES and not path.name.lower().startswith("readme")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="*", help="Files or directories of records.")
    parser.add_argument("--generated", type=int, default=0, metavar="N",
                        help="Also sweep N generated criteria texts.")
    parser.add_argument("--seed", type=int, default=0, help="Seed of the generated texts.")
    args = parser.parse_args(argv)
    pipeline = load()
    problems: Counter = Counter()
    records = 0
    started = time.perf_counter()
    try:
        items = list(read_records(input_files(args.inputs))) if args.inputs else []
    except InputPathError as err:
        print(f"sweep: error: {err}", file=sys.stderr)
        return 2
    if args.generated:
        from nlp.generate import generated_records

        items += list(generated_records(args.generated, args.seed))
    for event in sweep(items, pipeline):
        if isinstance(event, Problem):
            problems[event.kind] += 1
            print(event.line(), flush=True)
        else:
            records = event
            if records % 500 == 0:
                print(f"sweep: {records} of {len(items)} records, {sum(problems.values())} problems",
                      file=sys.stderr, flush=True)
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(problems.items())) or "none"
    print(f"sweep: {records} records in {time.perf_counter() - started:.0f} s: "
          f"{sum(problems.values())} problems ({kinds})", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
