"""Score `criteria match` on the hand-written patient cases.

    python scripts/eval_matching.py annotations/matching [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nlp.io import InputError
from nlp.match.score import score_cases
from nlp.pipeline import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path, help="A folder of matching case files.")
    parser.add_argument("--errors", action="store_true", help="List every false and missed failure.")
    args = parser.parse_args()
    try:
        score = score_cases(args.cases, load())
    except InputError as err:
        sys.exit(f"eval_matching: {err}")
    print(json.dumps(score.report(), indent=1))
    if args.errors:
        print("\n".join(score.errors))


if __name__ == "__main__":
    main()
