"""A linear classifier over named sparse features, stored as plain files and run with numpy alone.

The coder's heads (event root, exact code, reported, negated) are multinomial logistic
regressions. Training uses scikit-learn (``diplokg.training``); using one needs only
numpy: weights in ``NAME.npz``, feature names and labels in ``NAME.json`` (no pickle,
so a model folder from anyone is safe to load).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..core.errors import ModelError


@dataclass
class LinearModel:
    """Labels, a feature index and the weight matrix of a softmax (or binary logistic) classifier."""

    labels: list[str]
    index: dict[str, int]                  # feature name -> row of ``weights``
    weights: np.ndarray                    # (n_features, n_labels) float32; binary: (n_features, 1)
    bias: np.ndarray                       # (n_labels,) or (1,)
    ovr: bool = False                      # one-vs-rest logistic scores (normalised), else softmax

    def scores(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """Raw scores, one row per feature dict."""
        out = np.tile(self.bias.astype(np.float64), (len(rows), 1))
        for r, feats in enumerate(rows):
            idx = [self.index[k] for k in feats if k in self.index]
            if idx:
                vals = np.fromiter((feats[k] for k in feats if k in self.index), dtype=np.float64, count=len(idx))
                out[r] += vals @ self.weights[idx]
        return out

    def proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """Probabilities per label (columns in ``labels`` order).

        >>> m = LinearModel(["no", "yes"], {"x": 0}, np.array([[2.0]], dtype=np.float32), np.array([0.0]))
        >>> m.proba([{"x": 1.0}, {}]).round(2).tolist()
        [[0.12, 0.88], [0.5, 0.5]]
        """
        s = self.scores(rows)
        if s.shape[1] == 1:                                  # binary: one column of logits for labels[1]
            p = 1.0 / (1.0 + np.exp(-s[:, 0]))
            return np.stack([1.0 - p, p], axis=1)
        if self.ovr:
            p = 1.0 / (1.0 + np.exp(-s))
            return p / np.maximum(p.sum(axis=1, keepdims=True), 1e-12)
        s -= s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    @classmethod
    def from_sklearn(cls, estimator, vectorizer) -> "LinearModel":
        """Take the weights of a fitted ``LogisticRegression`` over a fitted ``DictVectorizer``."""
        coef = np.asarray(estimator.coef_, dtype=np.float32).T
        names = vectorizer.get_feature_names_out()
        keep = np.flatnonzero(np.abs(coef).max(axis=1) > 1e-6)         # drop features with no weight
        index = {str(names[i]): k for k, i in enumerate(keep)}
        ovr = getattr(estimator, "solver", "") == "liblinear" and coef.shape[1] > 1
        return cls([str(c) for c in estimator.classes_], index, coef[keep], np.asarray(estimator.intercept_), ovr)

    def save(self, folder: Path, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / f"{name}.npz", weights=self.weights.astype(np.float16), bias=self.bias)
        names = sorted(self.index, key=self.index.get)
        (folder / f"{name}.json").write_text(json.dumps({"labels": self.labels, "ovr": self.ovr, "features": names},
                                                        ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str) -> "LinearModel":
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{name}.npz") as data:
            weights, bias = data["weights"].astype(np.float32), data["bias"]
        if weights.shape[0] != len(meta["features"]):
            raise ModelError(f"{folder / name}: {weights.shape[0]} weight rows for {len(meta['features'])} features")
        return cls(meta["labels"], {f: i for i, f in enumerate(meta["features"])}, weights, bias, bool(meta.get("ovr")))
