"""Speed of the default pipeline against medspaCy's default pipeline, on one core, same texts.

    python scripts/bench.py [--ctgov ../shared/corpora/ctgov_v2/studies_sample.json]
                            [--lct ../shared/corpora/lct] [--repeat 3]

Texts: the eligibility criteria of the ClinicalTrials.gov API v2 studies and the LCT trial
texts. Each pipeline first runs on 20 texts to warm up, then the whole set ``--repeat`` times;
the best pass counts (the others measure noise from the machine). Criteria are counted in the
default pipeline's output, so both rates divide the same number.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import medspacy  # noqa: E402

from nlp.pipeline import build  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def ctgov_texts(path: Path) -> list[str]:
    studies = json.loads(path.read_text(encoding="utf-8"))["studies"]
    module = (s["protocolSection"].get("eligibilityModule", {}) for s in studies)
    return [m["eligibilityCriteria"] for m in module if m.get("eligibilityCriteria")]


def lct_texts(root: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((root / "brat").glob("*.txt"))]


def best_seconds(pipeline, texts: list[str], repeat: int) -> float:
    for _ in pipeline.pipe(texts[:20]):
        pass
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in pipeline.pipe(texts):
            pass
        timings.append(time.perf_counter() - started)
    return min(timings)


def bench(name: str, texts: list[str], repeat: int) -> dict:
    ours = build()
    criteria = sum(len(doc._.criteria) for doc in ours.pipe(texts))
    seconds = {"criteria-nlp": best_seconds(ours, texts, repeat),
               "medspacy.load()": best_seconds(medspacy.load(), texts, repeat)}
    rates = {system: criteria / s for system, s in seconds.items()}
    return {"texts": name, "trials": len(texts), "criteria": criteria,
            "criteria_per_s": {k: round(v, 1) for k, v in rates.items()},
            "ratio": round(rates["criteria-nlp"] / rates["medspacy.load()"], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ctgov", type=Path, default=SHARED / "corpora/ctgov_v2/studies_sample.json")
    parser.add_argument("--lct", type=Path, default=SHARED / "corpora/lct")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sets = [("ClinicalTrials.gov API v2", ctgov_texts, args.ctgov), ("LCT", lct_texts, args.lct)]
    missing = [str(path) for _, _, path in sets if not path.exists()]
    if missing:
        print(f"error: {', '.join(missing)}: not found", file=sys.stderr)
        return 2
    for name, read, path in sets:
        print(json.dumps(bench(name, read(path), args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
