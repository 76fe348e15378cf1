"""Calibrated confidence: the raw score mapped to the share of such events that were right, fitted on
held-out predictions, stored with the coder, and turned back into a raw threshold for --min-confidence."""
from __future__ import annotations

import json
import math
import random
import shutil
from types import SimpleNamespace

import numpy as np
import pytest

from diplokg.core.errors import ModelError
from diplokg.extractors.calibration import Calibration
from diplokg.extractors.coder import LearnedCoder, decide_rows, shipped_coder_dir
from diplokg.extractors.linear_model import LinearModel
from diplokg.training import CVReport


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def test_fit_recovers_an_over_and_under_confident_score():
    # made-up held-out predictions: right with chance sigmoid(0.5 * logit(raw) + 0.3), i.e. low scores are
    # right more often than they say and high ones less often
    rng = random.Random(7)
    raw = [rng.uniform(0.02, 0.98) for _ in range(6000)]
    right = [rng.random() < _sigmoid(0.5 * _logit(p) + 0.3) for p in raw]
    cal = Calibration.fit(raw, right)
    assert cal.slope == pytest.approx(0.5, abs=0.08) and cal.intercept == pytest.approx(0.3, abs=0.1)
    assert cal(0.05) > 0.05 and cal(0.95) < 0.95                   # both ends pulled toward what was observed
    grid = [i / 100 for i in range(1, 100)]
    assert all(cal(a) < cal(b) for a, b in zip(grid, grid[1:]))     # monotone: the same events are kept
    for level in (0.2, 0.5, 0.7):
        assert cal(cal.raw_threshold(level)) == pytest.approx(level, abs=1e-9)


def test_too_little_evidence_leaves_the_score_as_it_is():
    assert Calibration.fit([0.2, 0.4], [True, False]) == Calibration()
    assert Calibration.fit([0.1 * (i % 9 + 1) for i in range(100)], [True] * 100) == Calibration()
    # a map that would fall with the score is refused too
    raw = [0.1 * (i % 9 + 1) for i in range(90)]
    assert Calibration.fit(raw, [p < 0.5 for p in raw]) == Calibration()
    ident = Calibration()
    assert ident(0.37) == 0.37 and ident.raw_threshold(0.37) == 0.37
    assert ident.as_dict()["method"] == "identity"


def test_round_trip_and_the_ends_of_the_inverse():
    cal = Calibration(0.6, 0.4)
    assert Calibration.from_dict(cal.as_dict()) == Calibration(round(0.6, 6), round(0.4, 6))
    assert Calibration.from_dict(None) == Calibration()          # coders trained before calibration existed
    assert cal.raw_threshold(1.0) == math.inf and cal.raw_threshold(0.0) == 0.0


def _heads(p_event: float) -> dict:
    """An event head that gives every row ``p_event`` and a root head that is sure of root 05."""
    event = LinearModel(["False", "True"], {}, np.zeros((0, 1), dtype=np.float32), np.array([_logit(p_event)]))
    root = LinearModel(["05", "11"], {}, np.zeros((0, 2), dtype=np.float32), np.array([30.0, -30.0]))
    return {"event": event, "root": root}


def test_decisions_keep_by_raw_score_and_report_the_calibrated_confidence():
    heads, cal = _heads(0.3), Calibration(0.5, 0.0)
    rows, keys = [{"x": 1.0}], [("a", "b")]
    (i, root, _, confidence, _, _), = decide_rows(heads, rows, keys, 0.25, cal)
    assert (i, root) == (0, "05") and confidence == pytest.approx(cal(0.3))
    assert decide_rows(heads, rows, keys, 0.35, cal) == []       # the raw score decides what is kept
    coder = LearnedCoder.from_heads(heads, 0.25, calibration=cal)
    cand = SimpleNamespace(features={"x": 1.0}, key=("a", "b"))
    # --min-confidence is a calibrated level: cal(0.3) ≈ 0.396 keeps the row at 0.39, not at 0.40
    assert [c.probability for c in coder.decide([cand], min_probability=0.39)] == [pytest.approx(cal(0.3))]
    assert coder.decide([cand], min_probability=0.40) == []


def test_a_coder_folder_stores_its_calibration_and_a_damaged_one_is_a_model_error(tmp_path):
    folder = tmp_path / "coder"
    shutil.copytree(shipped_coder_dir(), folder)
    meta_path = folder / "coder.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["calibration"] = {"method": "platt-logit", "slope": 0.7, "intercept": 0.2}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert LearnedCoder(folder).calibration == Calibration(0.7, 0.2)
    meta["calibration"] = {"method": "platt-logit", "slope": "steep"}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="unreadable calibration"):
        LearnedCoder(folder)
    del meta["calibration"]
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert LearnedCoder(folder).calibration == Calibration()


def test_the_report_measures_the_calibration_error():
    report = CVReport()
    report.ranked = [(0.25, True)] * 1 + [(0.25, False)] * 3 + [(0.85, True)] * 4 + [(0.85, False)] * 1
    # bins 0.2-0.3: predicted 0.25, observed 0.25; 0.8-0.9: predicted 0.85, observed 0.8
    assert report.calibration_error() == pytest.approx(5 * 0.05 / 9)
    assert CVReport().calibration_error() == 0.0
