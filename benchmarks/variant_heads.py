"""Shared machinery of the coder-variant experiments: deciding heads over precomputed rows, CV scoring.

Every variant replaces the two deciding heads of the learned coder (event, root) and keeps the
labelling heads (code, reported, negated) of ``diplokg.training``; decisions go through the
product's own ``decide_rows`` and scoring through ``score_article``, on the folds of ``folds_of``,
so the figures are comparable with ``diplokg eval --cv``.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from diplokg.coder_data import ArticleExamples
from diplokg.evaluate import Counts, actor_id, match_events
from diplokg.extractors.coder import NONE_LABEL, decide_rows
from diplokg.training import THRESHOLDS, CVReport, fit_heads, folds_of, score_article

LABELLING_HEADS = ("code", "reported", "negated")


class Row(dict):
    """A candidate's feature dict that also knows its row in the experiment's matrices."""

    def __init__(self, features: dict, ix: int):
        super().__init__(features)
        self.ix = ix


class RowHead:
    """A deciding head whose probabilities are looked up by row number (``proba(rows)`` like LinearModel)."""

    def __init__(self, labels: list[str], proba: np.ndarray):
        self.labels = labels
        self.table = proba                       # (n_rows_of_the_experiment, n_labels); NaN rows never asked

    def proba(self, rows: list[Row]) -> np.ndarray:
        return self.table[[r.ix for r in rows]]


# A deciding-head maker: (all articles, train indices, test indices) -> {"event": RowHead, "root": RowHead}
HeadMaker = Callable[[list[ArticleExamples], list[int], list[int]], dict]


def offsets(arts: list[ArticleExamples]) -> list[int]:
    """Row number of each article's first example (rows run over all examples of all articles)."""
    out, n = [], 0
    for a in arts:
        out.append(n)
        n += len(a.examples)
    return out


def predict_rows(heads: dict, art: ArticleExamples, first_row: int, threshold: float) -> list[dict]:
    """Held-out events of one article, as ``diplokg.training.predict_article`` but through row-aware heads."""
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for j, e in enumerate(art.examples):
        by_sentence[e.sentence].append(j)
    out = []
    for idx in by_sentence.values():
        exs = [art.examples[j] for j in idx]
        rows = [Row(e.features, first_row + j) for e, j in zip(exs, idx)]
        keys = [(actor_id(e.source), actor_id(e.target)) for e in exs]
        for i, root, code, p, rep, neg in decide_rows(heads, rows, keys, threshold):
            e = exs[i]
            out.append({"source": e.source, "target": e.target, "cameo": code, "relation": "", "confidence": p,
                        "reported": rep, "negated": neg})
    return out


@dataclass
class VariantResult:
    """Out-of-fold predictions (at the lowest threshold) and what scoring them needs."""

    name: str
    preds: dict[int, list[dict]] = field(default_factory=dict)          # article index -> predictions
    root_hits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    train_seconds: float = 0.0
    predict_seconds: float = 0.0

    def report(self, arts: list[ArticleExamples], threshold: float) -> CVReport:
        rep = CVReport()
        rep.thresholds.append(threshold)
        for i, preds in sorted(self.preds.items()):
            score_article(rep, arts[i], [p for p in preds if p["confidence"] >= threshold])
        return rep

    def best_threshold(self, arts: list[ArticleExamples]) -> float:
        """The threshold with the best out-of-fold F1 (an oracle: tuned on the test folds; reported as such)."""
        found = {t: Counts() for t in THRESHOLDS}
        for i, preds in self.preds.items():
            for t in THRESHOLDS:
                found[t].add(match_events([p for p in preds if p["confidence"] >= t], arts[i].gold)[0])
        return max(THRESHOLDS, key=lambda t: (round(found[t].f1, 4), -t))


def run_variant(name: str, arts: list[ArticleExamples], make_heads: HeadMaker, k: int = 5, seed: int = 0,
                test_filter: Callable[[ArticleExamples], bool] = lambda a: True,
                train_filter: Callable[[ArticleExamples], bool] = lambda a: True,
                folds: list[list[int]] | None = None) -> VariantResult:
    """Article-level CV of one variant's deciding heads (labelling heads: the sparse ones)."""
    res = VariantResult(name)
    first = offsets(arts)
    for fold in folds if folds is not None else folds_of(arts, k, seed):
        test = [i for i in fold if test_filter(arts[i])]
        train = [i for i in range(len(arts)) if i not in set(fold) and train_filter(arts[i])]
        t0 = time.perf_counter()
        heads = make_heads(arts, train, test)
        heads.update(fit_heads([arts[i] for i in train], seed=seed, heads=LABELLING_HEADS))
        res.train_seconds += time.perf_counter() - t0
        t0 = time.perf_counter()
        for i in test:
            res.preds[i] = predict_rows(heads, arts[i], first[i], min(THRESHOLDS))
        res.predict_seconds += time.perf_counter() - t0
        _root_accuracy(res, heads["root"], arts, test, first)
    return res


def _root_accuracy(res: VariantResult, root_head, arts, test: list[int], first: list[int]) -> None:
    """Root head alone on the held-out candidates that are gold events: is its best root the gold root?"""
    for i in test:
        rows = [Row(e.features, first[i] + j) for j, e in enumerate(arts[i].examples) if e.root != NONE_LABEL]
        if not rows:
            continue
        best = np.argmax(root_head.proba(rows), axis=1)
        gold = [e.root for e in arts[i].examples if e.root != NONE_LABEL]
        for b, g in zip(best, gold):
            for key in (arts[i].lang, "all"):
                res.root_hits[key][0] += root_head.labels[b] == g
                res.root_hits[key][1] += 1
