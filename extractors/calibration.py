"""Calibrated confidence: the coder's raw score mapped to the share of such events that were right.

The raw score of a kept candidate (p(event) x p(root)) ranks candidates well, but its value is not the
chance of being right: on held-out articles the coder's low scores were right more often than they
claim and its highest less often. A two-parameter logistic map of the score's log-odds (Platt scaling),
fitted on predictions for articles the heads were not trained on, turns it into one. Two parameters
cannot over-fit the few high-scored predictions a small training set gives, and the map stays
monotone, so the events kept at a raw threshold are the same; only the number reported changes, and a
``--min-confidence`` level can be turned back into a raw threshold.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

_EPS = 1e-6


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


@dataclass(frozen=True)
class Calibration:
    """``confidence = sigmoid(slope * logit(raw) + intercept)``; slope 1 and intercept 0 leave the score as it is.

    >>> Calibration()(0.3)
    0.3
    >>> c = Calibration(slope=0.5, intercept=0.0)
    >>> round(c(0.1), 3), round(c.raw_threshold(c(0.1)), 3)
    (0.25, 0.1)
    """

    slope: float = 1.0
    intercept: float = 0.0

    @property
    def is_identity(self) -> bool:
        """True when the map leaves scores as they are (no calibration fitted or stored)."""
        return self.slope == 1.0 and self.intercept == 0.0

    def __call__(self, raw: float) -> float:
        if self.is_identity:
            return float(raw)
        z = self.slope * _logit(raw) + self.intercept
        return 1.0 / (1.0 + math.exp(-z))

    def raw_threshold(self, confidence: float) -> float:
        """The lowest raw score whose calibrated confidence reaches ``confidence`` (the inverse map)."""
        if self.is_identity:
            return float(confidence)
        if confidence <= 0.0:
            return 0.0
        if confidence >= 1.0:
            return math.inf
        z = (_logit(confidence) - self.intercept) / self.slope
        return 1.0 / (1.0 + math.exp(-z))

    def as_dict(self) -> dict:
        method = "identity" if self.is_identity else "platt-logit"
        return {"method": method, "slope": round(self.slope, 6), "intercept": round(self.intercept, 6)}

    @classmethod
    def from_dict(cls, d: dict | None) -> "Calibration":
        """The calibration stored in a coder's ``coder.json`` (none stored: the identity, as older coders had)."""
        if not d:
            return cls()
        return cls(float(d["slope"]), float(d["intercept"]))

    @classmethod
    def fit(cls, raw: Sequence[float], right: Sequence[bool]) -> "Calibration":
        """Fit on held-out predictions: their raw scores and whether each was right.

        Too few predictions, or a single outcome, or a map that would not rise with the score, give the
        identity: the raw score is then reported as it is rather than a guess.
        """
        if len(raw) < 30 or len(set(bool(r) for r in right)) < 2:
            return cls()
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        x = np.array([[_logit(p)] for p in raw])
        model = LogisticRegression(C=1e4, solver="lbfgs", max_iter=500).fit(x, [bool(r) for r in right])
        slope, intercept = float(model.coef_[0][0]), float(model.intercept_[0])
        if slope <= 0.0:
            return cls()
        return cls(slope, intercept)
