"""A boosted-trees classifier over named sparse features: the coder's alternative event head (LightGBM).

Trees learn conjunctions the linear head cannot ("a criticism trigger AND subject to object AND a
known person"), which is worth about 0.01 event F1 in cross-validation on the project's articles
(``benchmarks/RESULTS-coder-round5.md``). The model is stored as LightGBM's own text format
(``NAME.trees.txt``, no pickle) beside ``NAME.json`` with the labels and feature names.
LightGBM is an optional dependency (``pip install "diplokg[trees]"``): only coders trained with
``--event-head trees`` need it.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.errors import ModelError

MIN_FEATURE_COUNT = 5        # features seen in fewer training rows cannot split a tree reliably
PARAMS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 20,
          "feature_fraction": 0.3, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
          "max_bin": 2, "verbose": -1, "num_threads": 2, "deterministic": True, "force_col_wise": True}
ROUNDS = 800


def _lightgbm():
    try:
        import lightgbm
    except (ImportError, OSError) as exc:       # OSError: the library is there but libgomp is not
        raise ModelError(f"this coder's event head needs LightGBM ({exc}); install it with "
                         "pip install 'diplokg[trees]', or train with --event-head linear") from None
    return lightgbm


@contextmanager
def _c_stderr_silenced():
    """Send what C code writes to file descriptor 2 to /dev/null for the duration (the error is ours to say)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@dataclass
class TreeModel:
    """Labels ``["False", "True"]``, a feature index and a LightGBM booster giving p(True)."""

    labels: list[str]
    index: dict[str, int]                  # feature name -> column of the booster's input
    booster: object

    def matrix(self, rows: Sequence[dict[str, float]]):
        """The rows as a sparse matrix over the model's features (unknown features dropped)."""
        from scipy.sparse import csr_matrix

        cols, vals, ptr = [], [], [0]
        for feats in rows:
            for k, v in feats.items():
                j = self.index.get(k)
                if j is not None:
                    cols.append(j)
                    vals.append(v)
            ptr.append(len(cols))
        return csr_matrix((np.asarray(vals, dtype=np.float32), np.asarray(cols, dtype=np.int32),
                           np.asarray(ptr, dtype=np.int64)), shape=(len(rows), len(self.index)))

    def proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        """Probabilities per label (columns in ``labels`` order), as ``LinearModel.proba``."""
        if not rows:
            return np.zeros((0, 2))
        p = np.asarray(self.booster.predict(self.matrix(rows)), dtype=np.float64)
        return np.stack([1.0 - p, p], axis=1)

    @classmethod
    def fit(cls, rows: Sequence[dict[str, float]], positive: Sequence[bool], seed: int = 0,
            rounds: int = ROUNDS) -> TreeModel:
        """Boost ``rounds`` trees on the rows; features seen in fewer than ``MIN_FEATURE_COUNT`` rows are left out."""
        lgb = _lightgbm()
        counts: dict[str, int] = {}
        for feats in rows:
            for k in feats:
                counts[k] = counts.get(k, 0) + 1
        names = sorted(k for k, n in counts.items() if n >= MIN_FEATURE_COUNT)
        model = cls(["False", "True"], {k: j for j, k in enumerate(names)}, None)
        y = np.asarray(positive, dtype=np.float32)
        params = {**PARAMS, "seed": seed}
        model.booster = lgb.train(params, lgb.Dataset(model.matrix(rows), y, params={"verbose": -1}), rounds)
        return model

    def save(self, folder: Path, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.booster.save_model(str(folder / f"{name}.trees.txt"))
        names = sorted(self.index, key=self.index.get)
        (folder / f"{name}.json").write_text(json.dumps({"labels": self.labels, "kind": "trees", "features": names},
                                                        ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str) -> TreeModel:
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        lgb = _lightgbm()
        path = folder / f"{name}.trees.txt"
        try:
            with _c_stderr_silenced():            # LightGBM's C library prints its own "[Fatal]" line first
                booster = lgb.Booster(model_file=str(path))
        except lgb.basic.LightGBMError as exc:
            raise ModelError(f"{path}: not a LightGBM model ({str(exc).splitlines()[0] if str(exc) else exc})") from None
        if booster.num_feature() != len(meta["features"]):
            raise ModelError(f"{path}: {booster.num_feature()} features for {len(meta['features'])} names")
        return cls(meta["labels"], {f: i for i, f in enumerate(meta["features"])}, booster)

