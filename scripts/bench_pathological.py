"""Pathological inputs stay linear: time and memory of the default pipeline on inputs that break
quadratic code, at 1/8, 1/4, 1/2 and the full size, plus every regular expression of the
pipeline against inputs that make backtracking explode.

    python scripts/bench_pathological.py [--ctgov ../shared/corpora/ctgov_v2/studies_sample.json]

Inputs (full size): a 1 MB criteria text (the API v2 criteria, concatenated), 10,000 bullets, a
single 200 KB line, and 5,000 lines of numbering nested as deep as the marker styles go. An
input is linear when doubling it at most doubles its time, with 50% slack for noise; a regular
expression is safe when quadrupling its subject at most quadruples the time of one match
attempt, with 2x slack (catastrophic backtracking is a single attempt growing faster than its
subject; how often a pattern is attempted is what the input timings measure). Exit code 1 when
any check fails, so the script is the time-bound test.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

from bench import ctgov_texts  # noqa: E402  (scripts/ is on the path)

from nlp.pipeline import build  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLE = Path(__file__).resolve().parent / "examples" / "NCT05793801.txt"
SCALES = (1 / 8, 1 / 4, 1 / 2, 1)
TIME_SLACK = 1.5
REGEX_SLACK = 2.0
MARKERS = ("{n}.", "{a})", "({n})", "({a})", "{r}.", "-", "*", "•", "{n})", "{A}.")


def criteria_text(size: int, ctgov: Path) -> str:
    parts = ctgov_texts(ctgov) if ctgov.exists() else [EXAMPLE.read_text(encoding="utf-8")]
    text = ""
    while len(text) < size:
        text += "\n".join(parts) + "\n"
    return text[:size]


def bullets(count: int) -> str:
    item = "* Hemoglobin >= 9 g/dL, no history of myocardial infarction within 6 months\n"
    return "Inclusion Criteria:\n" + item * count


def single_line(size: int) -> str:
    clause = "no prior HIV; AST ≤ 2.5 × ULN, ECOG 0-1 and age ≥ 18 years or not pregnant; "
    return "Inclusion Criteria: " + (clause * (size // len(clause) + 1))[:size]


def nested(lines: int) -> str:
    out = ["Inclusion Criteria:"]
    for k in range(lines):
        depth = k % len(MARKERS)
        n = k // len(MARKERS) % 9 + 1
        marker = MARKERS[depth].format(n=n, a="abcdefghi"[n - 1], A="ABCDEFGHI"[n - 1],
                                       r=["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"][n - 1])
        out.append("  " * depth + f"{marker} Platelets ≥ 100 × 10^9/L")
    return "\n".join(out)


def headings(count: int) -> str:
    """A heading before every item: each heading is checked against those found before it."""
    return "".join(f"{'Inclusion' if k % 2 else 'Exclusion'} Criteria:\n- Platelets ≥ 100 × 10^9/L\n"
                   for k in range(count))


INPUTS: dict[str, tuple[Callable[..., str], int]] = {
    "1 MB criteria text": (criteria_text, 1_000_000),
    "10,000 bullets": (bullets, 10_000),
    "one 200 KB line": (single_line, 200_000),
    "5,000 nested numbered lines": (nested, 5_000),
    "5,000 headings": (headings, 5_000),
}


def time_inputs(pipeline, ctgov: Path) -> bool:
    ok = True
    for name, (make, full) in INPUTS.items():
        seconds = []
        for scale in SCALES:
            args = (int(full * scale), ctgov) if make is criteria_text else (int(full * scale),)
            text = make(*args)
            started = time.perf_counter()
            doc = pipeline(text)
            seconds.append(time.perf_counter() - started)
        ratios = [b / a for a, b in zip(seconds, seconds[1:], strict=False)]
        linear = all(r <= 2 * TIME_SLACK for r in ratios)
        ok &= linear
        print(json.dumps({
            "input": name, "characters": len(text), "criteria": len(doc._.criteria),
            "seconds": [round(s, 2) for s in seconds], "doubling_ratios": [round(r, 2) for r in ratios],
            "characters_per_s": round(len(text) / seconds[-1]), "linear": linear,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }, ensure_ascii=False))
    return ok


def patterns(obj, seen: set[int], depth: int = 0):
    """Every compiled regular expression reachable from a pipeline component's attributes."""
    if id(obj) in seen or depth > 4:
        return
    seen.add(id(obj))
    if isinstance(obj, re.Pattern):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from patterns(value, seen, depth + 1)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for value in obj:
            yield from patterns(value, seen, depth + 1)
    elif hasattr(obj, "__dict__") and type(obj).__module__.startswith("nlp"):
        for value in vars(obj).values():
            yield from patterns(value, seen, depth + 1)


ADVERSARIAL = {
    "digits": "1", "digit-space": "1 ", "spaces": " ", "letters": "a", "words": "aa ", "dots": "1.",
    "dashes": "- ", "parens": "(", "comparators": "≥ ", "powers": "10^", "slashes": "/",
    "times": "x 10", "newlines": "\n ", "of-the": "of the ", "capitals": "A ",
    # a heading word, then blanks, then a line that is no heading: the section rules' case
    "heading-blanks": ("Exclusion Criteria", " ", "x" * 60 + "\n"),
    "bare-heading-blanks": ("Exclusion", " ", "x" * 60 + "\n"),
}


def check_regexes(pipeline) -> bool:
    seen: set[int] = set()
    found = [p for _, component in pipeline.pipeline for p in patterns(component, seen)]
    for module in [m for name, m in sys.modules.items() if name.startswith("nlp.") and m]:
        found += [v for v in vars(module).values() if isinstance(v, re.Pattern) and id(v) not in seen]
    worst = []
    for pattern in {p.pattern: p for p in found}.values():
        for family, shape in ADVERSARIAL.items():
            prefix, unit, suffix = shape if isinstance(shape, tuple) else ("", shape, "!")
            times = []
            for n in (40, 160):
                subject = prefix + unit * n + suffix
                subject = subject.encode() if isinstance(pattern.pattern, bytes) else subject
                started = time.perf_counter()
                pattern.match(subject)
                times.append(time.perf_counter() - started)
            growth = times[1] / max(times[0], 1e-6)
            if times[1] > 0.005 and growth > 4 * REGEX_SLACK:
                worst.append({"pattern": pattern.pattern[:80], "input": family,
                              "seconds": round(times[1], 3), "growth_x4": round(growth, 1)})
    print(json.dumps({"regular_expressions": len({p.pattern for p in found}),
                      "adversarial_inputs": len(ADVERSARIAL), "superlinear": worst}, ensure_ascii=False))
    return not worst


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ctgov", type=Path, default=SHARED / "corpora/ctgov_v2/studies_sample.json")
    args = parser.parse_args()
    pipeline = build()
    ok = check_regexes(pipeline)
    ok &= time_inputs(pipeline, args.ctgov)
    print("all linear" if ok else "FAILED: superlinear behaviour above", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
