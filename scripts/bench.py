"""Speed of the default pipeline against medspaCy's default pipeline, on one core, same texts;
with ``--batch``, the speed, scaling and memory of ``criteria batch``.

    python scripts/bench.py [--ctgov ../shared/corpora/ctgov_v2/studies_sample.json]
                            [--lct ../shared/corpora/lct] [--repeat 3] [--batch [--workers N]]
                            [--components] [--ner-model DIR]

Texts: the eligibility criteria of the ClinicalTrials.gov API v2 studies and the LCT trial
texts. Each pipeline first runs on 20 texts to warm up, then the whole set ``--repeat`` times;
the best pass counts (the others measure noise from the machine). Criteria are counted in the
default pipeline's output, so both rates divide the same number.

``--batch`` runs ``nlp.batch.run_batch`` in a fresh process per configuration, 1 worker and
``--workers`` (default: all cores), ``--repeat`` times each, best pass: trials/s and criteria/s
over the whole run (start-up included) and after the first results (steady state), peak
resident memory of one worker, and start-up (import and pipeline load in a fresh process).

``--components`` times each step of the default pipeline (the tokenizer, then each pipe), one Doc
at a time after the warm-up, best pass per step: what each component costs. ``--ner-model`` times
the default pipeline with another recognizer (a candidate from ``scripts/train_ner.py``).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import medspacy  # noqa: E402
from loguru import logger  # noqa: E402

from nlp.batch import default_workers  # noqa: E402
from nlp.pipeline import NER_MODEL, build  # noqa: E402

# PyRuSH 1.0.13 (medspaCy's sentence splitter) logs every sentence at DEBUG through loguru; writing
# that log would slow the baseline, so it is switched off, as a user of medspaCy would.
logger.disable("PyRuSH")

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


def bench(name: str, texts: list[str], repeat: int, ner_model: Path = NER_MODEL) -> dict:
    ours = build(ner_model)
    criteria = sum(len(doc._.criteria) for doc in ours.pipe(texts))
    seconds = {"criteria-nlp": best_seconds(ours, texts, repeat),
               "medspacy.load()": best_seconds(medspacy.load(), texts, repeat)}
    rates = {system: criteria / s for system, s in seconds.items()}
    return {"texts": name, "trials": len(texts), "criteria": criteria,
            "criteria_per_s": {k: round(v, 1) for k, v in rates.items()},
            "ratio": round(rates["criteria-nlp"] / rates["medspacy.load()"], 2)}


def component_seconds(name: str, texts: list[str], repeat: int, ner_model: Path = NER_MODEL) -> dict:
    pipeline = build(ner_model)
    for _ in pipeline.pipe(texts[:20]):
        pass
    best: dict[str, float] = {}
    for _ in range(repeat):
        seconds = dict.fromkeys(["tokenizer", *pipeline.pipe_names], 0.0)
        for text in texts:
            started = time.perf_counter()
            doc = pipeline.make_doc(text)
            seconds["tokenizer"] += time.perf_counter() - started
            for pipe_name, pipe in pipeline.pipeline:
                started = time.perf_counter()
                doc = pipe(doc)
                seconds[pipe_name] += time.perf_counter() - started
        best = {k: min(v, best.get(k, v)) for k, v in seconds.items()}
    return {"texts": name, "trials": len(texts), "seconds": {k: round(v, 3) for k, v in best.items()},
            "total": round(sum(best.values()), 2)}


# One configuration in a fresh process: records from a file, run_batch, timings and memory.
BATCH_RUN = """
import json, resource, sys, time
from pathlib import Path
from nlp.batch import run_batch
from nlp.records import read_records
source, output, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
first = {}
def seen(summary):
    first.setdefault("t", time.perf_counter()); first.setdefault("n", summary.written + summary.failed)
started = time.perf_counter()
summary = run_batch(read_records([source]), output, workers=workers, on_progress=seen)
ended = time.perf_counter()
criteria = sum(line.count(b'"section":') for line in output.read_bytes().splitlines())
peak = resource.getrusage(resource.RUSAGE_SELF if workers == 1 else resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"trials": summary.written, "failed": summary.failed, "criteria": criteria,
                  "seconds": ended - started, "steady_seconds": ended - first["t"],
                  "steady_trials": summary.written + summary.failed - first["n"],
                  "peak_mb_per_worker": peak // 1024}))
"""
STARTUP = "import time; t = time.perf_counter(); from nlp.pipeline import build; build(); " \
          "print(time.perf_counter() - t)"


def batch_bench(name: str, source: Path, workers: int, repeat: int) -> dict:
    """criteria batch's rates with 1 and ``workers`` processes, best of ``repeat``."""
    rows = {}
    for n in sorted({1, workers}):
        runs = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                command = [sys.executable, "-c", BATCH_RUN, str(source), f"{tmp}/out.jsonl", str(n)]
                out = subprocess.run(command, capture_output=True, text=True, check=True)
                runs.append(json.loads(out.stdout))
        best = min(runs, key=lambda r: r["seconds"])
        steady = max(r["steady_trials"] / r["steady_seconds"] for r in runs)
        rows[f"{n} worker{'s' if n > 1 else ''}"] = {
            "trials_per_s": round(best["trials"] / best["seconds"], 1),
            "criteria_per_s": round(best["criteria"] / best["seconds"], 1),
            "steady_trials_per_s": round(steady, 1),
            "steady_criteria_per_s": round(steady * best["criteria"] / best["trials"], 1),
            "peak_mb_per_worker": best["peak_mb_per_worker"],
        }
    startup = min(float(subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True,
                                       check=True).stdout) for _ in range(repeat))
    return {"texts": name, "trials": best["trials"], "criteria": best["criteria"],
            "startup_s": round(startup, 2), **rows}


def lct_jsonl(root: Path, folder: str) -> Path:
    """The LCT texts as one JSONL of id/text records, for criteria batch."""
    path = Path(folder) / "lct.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for p in sorted((root / "brat").glob("*.txt")):
            f.write(json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")}) + "\n")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ctgov", type=Path, default=SHARED / "corpora/ctgov_v2/studies_sample.json")
    parser.add_argument("--lct", type=Path, default=SHARED / "corpora/lct")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", action="store_true", help="Measure criteria batch instead.")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--components", action="store_true", help="Seconds per pipeline component.")
    parser.add_argument("--ner-model", type=Path, default=NER_MODEL,
                        help="the recognizer of the pipeline timed (default: the shipped one)")
    args = parser.parse_args()
    sets = [("ClinicalTrials.gov API v2", ctgov_texts, args.ctgov), ("LCT", lct_texts, args.lct)]
    missing = [str(path) for _, _, path in sets if not path.exists()]
    if missing:
        print(f"error: {', '.join(missing)}: not found", file=sys.stderr)
        return 2
    if args.batch:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(batch_bench(sets[0][0], args.ctgov, args.workers, args.repeat)))
            print(json.dumps(batch_bench("LCT", lct_jsonl(args.lct, folder), args.workers, args.repeat)))
        return 0
    for name, read, path in sets:
        measure = component_seconds if args.components else bench
        print(json.dumps(measure(name, read(path), args.repeat, args.ner_model)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
