"""Score ``criteria match`` against the hand-written cases of ``annotations/matching/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from spacy.language import Language

from ..io import InputError
from ..schema import MatchingCases, first_error
from . import facts_for, load_trial, match


@dataclass
class CaseScore:
    cases: int = 0
    verdicts: int = 0  # verdict right
    exact: int = 0  # verdict and failing criteria right
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def report(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {"cases": {"n": self.cases, "exact": round(self.exact / self.cases, 4)},
                "verdict": {"accuracy": round(self.verdicts / self.cases, 4)},
                "failing": {"precision": round(p, 4), "recall": round(r, 4),
                            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
                            "tp": self.tp, "fp": self.fp, "fn": self.fn}}


def score_cases(folder: Path, pipeline: Language, root: Path = Path(".")) -> CaseScore:
    """Each case file's trial through the pipeline, each patient through the matcher; trial paths
    are relative to ``root``."""
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise InputError(f"{folder}: no matching case files (*.json)")
    facts, score = facts_for(pipeline), CaseScore()
    for path in paths:
        try:
            cases = MatchingCases.model_validate_json(path.read_bytes())
        except ValidationError as err:
            raise InputError(f"{path}: not a matching case file: {first_error(err)}") from None
        document = load_trial(root / cases.trial, pipeline)
        for case in cases.cases:
            got = match(facts, document, case.patient, cases.trial)
            failing = {row["id"] for row in got["criteria"] if row["result"] == "fails"}
            wanted = set(case.failing)
            score.cases += 1
            score.verdicts += got["verdict"] == case.verdict
            score.exact += got["verdict"] == case.verdict and failing == wanted
            score.tp += len(failing & wanted)
            score.fp += len(failing - wanted)
            score.fn += len(wanted - failing)
            for kind, ids in (("false fail", failing - wanted), ("missed fail", wanted - failing)):
                score.errors += [f"{case.patient.id}\t{kind}\t{cid}\t{case.note}" for cid in sorted(ids)]
    return score
