"""Development-corpus floors (LCT, CC BY 4.0). Raise a floor deliberately when quality improves."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from eval_lct_negation import negation_scores  # noqa: E402
from eval_lct_sections import section_agreement  # noqa: E402
from eval_lct_thresholds import threshold_scores  # noqa: E402

SECTION_AGREEMENT_FLOOR = 0.99
NEGATION_F1_FLOOR = 0.80  # measured 0.808 (P 0.809, R 0.808)
THRESHOLD_F1_FLOOR = 0.80  # measured 0.812; issue 3 aims at 0.90


def test_section_agreement_floor(lct_dir):
    docs, total, agree, _ = section_agreement(lct_dir)
    assert docs == 797
    assert agree / total >= SECTION_AGREEMENT_FLOOR


def test_negation_f1_floor_and_gain_over_medspacy_defaults(lct_dir):
    ours = negation_scores(lct_dir)
    default = negation_scores(lct_dir, medspacy_default=True)
    assert ours["f1"] >= NEGATION_F1_FLOOR
    assert ours["f1"] > default["f1"] + 0.2


def test_threshold_f1_floor(lct_dir):
    assert threshold_scores(lct_dir)["f1"] >= THRESHOLD_F1_FLOOR
