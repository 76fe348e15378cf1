"""Train the learned coder on annotated articles and measure it by article-level cross-validation.

``train_coder`` fits the four heads (event root incl. "none", exact code, reported,
negated) as logistic regressions over the candidates' features; the keep-threshold is
chosen by an inner cross-validation on the training articles only, and the confidence is calibrated on
the events that inner CV keeps (``extractors/calibration.py``). ``cross_validate``
splits by article, so no sentence of a test article is ever seen in training, and scores
the held-out predictions with the same matching rules as ``diplokg eval``.
"""
from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from .coder_data import ArticleExamples, Example
from .core.errors import InputError
from .evaluate import Counts, actor_counts, actor_id, match_events, maximum_matching, event_matches
from .extractors.calibration import Calibration
from .extractors.coder import DECIDING_HEADS, HEADS, NONE_LABEL, decide_rows
from .extractors.linear_model import LinearModel
from .extractors.tree_model import TreeModel

EVENT_HEADS = ("linear", "trees")        # the event head's learner: logistic regression or boosted trees
DEFAULT_C = {"event": 0.3, "root": 1.0, "code": 1.0, "reported": 1.0, "negated": 1.0}
# Candidate keep-thresholds for the inner CV: finer where it picks (0.05-0.1 on the project's data).
THRESHOLDS = [0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6]
MIN_CONFIDENCE_LEVELS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
RELIABILITY_BINS = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]


def _constant_model(head: str, only: str) -> LinearModel:
    """A head that always answers ``only``: what a training part with one class (or no candidate) teaches."""
    names = ["False", "True"] if head in ("event", "reported", "negated") else [only]
    bias = np.array([-20.0 if only == "False" else 20.0]) if len(names) == 2 else np.array([0.0])
    return LinearModel(names, {}, np.zeros((0, 1), dtype=np.float32), bias)


def _fit(examples: list[Example], head: str, C: float, seed: int):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if head == "event":
        data = examples
        labels = [str(e.root != NONE_LABEL) for e in data]
    else:
        data = [e for e in examples if e.root != NONE_LABEL]
        labels = [e.root if head == "root" else e.code if head == "code" else str(getattr(e, head)) for e in data]
    if len(set(labels)) < 2:                          # one class only (or no example): a constant model
        return _constant_model(head, labels[0] if labels else "False")
    vec = DictVectorizer()
    X = vec.fit_transform([e.features for e in data]).tocsr()
    X.indices = X.indices.astype(np.int32)
    X.indptr = X.indptr.astype(np.int32)
    binary = len(set(labels)) == 2
    model = LogisticRegression(C=C, solver="liblinear" if binary else "lbfgs", max_iter=200 if binary else 150,
                               tol=1e-4 if binary else 1e-3, random_state=seed)
    model.fit(X, labels)
    return LinearModel.from_sklearn(model, vec)


def fit_heads(arts: list[ArticleExamples], C: dict[str, float] | None = None, seed: int = 0,
              heads: tuple[str, ...] = HEADS, event_head: str = "linear") -> dict[str, LinearModel | TreeModel]:
    """The heads fitted on every candidate of the given articles (event and root decide; the rest label).

    The root head also learns from the gold events no candidate reaches (``ArticleExamples.root_only``);
    ``event_head`` is one of ``EVENT_HEADS``: a logistic regression or boosted trees.
    """
    if event_head not in EVENT_HEADS:
        raise ValueError(f"event head {event_head!r}: choose one of {', '.join(EVENT_HEADS)}")
    C = {**DEFAULT_C, **(C or {})}
    examples = [e for a in arts for e in a.examples]
    root_only = [e for a in arts for e in a.root_only]
    out = {}
    for head in heads:
        if head == "event" and event_head == "trees" and examples:
            out[head] = TreeModel.fit([e.features for e in examples], [e.root != NONE_LABEL for e in examples], seed)
        else:
            out[head] = _fit(examples + root_only if head == "root" else examples, head, C[head], seed)
    return out


MIN_TRAINING_ARTICLES = 2     # the keep-threshold is chosen by an inner CV over the training articles


def articles_needed(k: int) -> int:
    """Fewest articles k-fold CV can split: one in each fold and ``MIN_TRAINING_ARTICLES`` in each training part
    (k below 2: no cross-validation, only the training itself).

    >>> [articles_needed(k) for k in (0, 2, 3, 5)]
    [2, 4, 3, 5]
    """
    if k < 2:
        return MIN_TRAINING_ARTICLES
    n = k
    while n - -(-n // k) < MIN_TRAINING_ARTICLES:      # the largest fold is held out from n articles
        n += 1
    return n


def check_enough_articles(option: str, k: int, found: int, where: str) -> None:
    """InputError, before any parsing, when ``found`` readable articles are too few for k-fold CV (``option``
    names it: "--cv 5", "--folds 2") or, k below 2, for training at all."""
    need = articles_needed(k)
    if found >= need:
        return
    if k < 2:
        raise InputError(f"training needs at least {need} readable articles (the keep-threshold is chosen by "
                         f"cross-validation within them); {where} has {found}")
    raise InputError(f"{option} needs at least {need} readable articles (one in each fold and "
                     f"{MIN_TRAINING_ARTICLES} in each training part); {where} has {found}")


def folds_of(arts: list[ArticleExamples], k: int, seed: int) -> list[list[int]]:
    """Article indices split into k folds, stratified by language so each fold holds both."""
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        by_lang[a.lang].append(i)
    turn = 0
    for lang in sorted(by_lang):
        idx = by_lang[lang][:]
        rng.shuffle(idx)
        for i in idx:
            folds[turn % k].append(i)
            turn += 1
    return folds


def predict_article(heads: dict[str, LinearModel], art: ArticleExamples, threshold: float,
                    calibration: Calibration | None = None) -> list[dict]:
    """Held-out events of one article in the gold format (with confidence: raw, or calibrated if given)."""
    out = []
    by_sentence: dict[int, list[Example]] = defaultdict(list)
    for e in art.examples:
        by_sentence[e.sentence].append(e)
    for exs in by_sentence.values():
        keys = [(actor_id(e.source), actor_id(e.target)) for e in exs]
        for i, root, code, p, rep, neg in decide_rows(heads, [e.features for e in exs], keys, threshold,
                                                         calibration):
            e = exs[i]
            out.append({"source": e.source, "target": e.target, "cameo": code, "relation": "", "confidence": p,
                        "reported": rep, "negated": neg, "sentence": e.sentence})
    return out


@dataclass(frozen=True)
class KeepRule:
    """What a coder keeps (raw scores at or above ``threshold``) and how it reports their confidence."""

    threshold: float
    calibration: Calibration = Calibration()


def choose_keep_rule(arts: list[ArticleExamples], k: int = 3, seed: int = 0, C=None,
                     event_head: str = "linear") -> KeepRule:
    """The keep-threshold that maximises event F1 in an inner k-fold CV over these articles only, and the
    calibration fitted on the events that threshold keeps in the same inner CV (each judged right or not
    against gold, the most confident first)."""
    found: dict[float, Counts] = {t: Counts() for t in THRESHOLDS}
    held_out: list[tuple[int, list[dict]]] = []
    for fold in folds_of(arts, k, seed):
        test = set(fold)
        heads = fit_heads([a for i, a in enumerate(arts) if i not in test], C, seed, DECIDING_HEADS, event_head)
        for i in fold:
            preds = predict_article(heads, arts[i], min(THRESHOLDS))
            held_out.append((i, preds))
            for t in THRESHOLDS:
                counts, _ = match_events([p for p in preds if p["confidence"] >= t], arts[i].gold)
                found[t].add(counts)
    threshold = float(max(THRESHOLDS, key=lambda t: (round(found[t].f1, 4), -t)))
    raw: list[float] = []
    right: list[bool] = []
    for i, preds in held_out:
        kept = sorted((p for p in preds if p["confidence"] >= threshold), key=lambda p: -p["confidence"])
        _, hits = match_events(kept, arts[i].gold)
        raw += [p["confidence"] for p in kept]
        right += hits
    return KeepRule(threshold, Calibration.fit(raw, right))


@dataclass
class CVReport:
    """Cross-validated figures per language (and "all")."""

    events: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    actors: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    roots: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    code_hits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    flag_hits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    ranked: list[tuple[float, bool]] = field(default_factory=list)
    thresholds: list[float] = field(default_factory=list)
    calibrations: list[dict] = field(default_factory=list)
    candidate_recall: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))

    def reliability(self) -> list[tuple[str, int, float, float]]:
        """(bin, predictions, mean predicted probability, observed precision) per confidence bin."""
        rows = []
        for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
            inside = [(p, h) for p, h in self.ranked if lo <= p < hi]
            if inside:
                rows.append((f"{lo:.1f}-{min(hi, 1.0):.1f}", len(inside), sum(p for p, _ in inside) / len(inside),
                             sum(h for _, h in inside) / len(inside)))
        return rows

    def calibration_error(self) -> float:
        """Expected calibration error: the gap between confidence and observed precision, averaged over the
        reliability bins weighted by their predictions (0 for a perfectly calibrated coder)."""
        rows = self.reliability()
        total = sum(n for _, n, _, _ in rows)
        return sum(n * abs(p - o) for _, n, p, o in rows) / total if total else 0.0

    def precision_at(self, min_confidence: float) -> tuple[float, int]:
        kept = [h for p, h in self.ranked if p >= min_confidence]
        return (sum(kept) / len(kept) if kept else 0.0), len(kept)

    def as_dict(self) -> dict:
        langs = sorted(self.events)
        return {
            "events": {k: self.events[k].as_dict() for k in langs},
            "actors": {k: self.actors[k].as_dict() for k in langs},
            "roots": {k: self.roots[k].as_dict() for k in sorted(self.roots)},
            "exact_code_accuracy": {k: round(v[0] / v[1], 3) if v[1] else None for k, v in self.code_hits.items()},
            "flag_accuracy": {k: round(v[0] / v[1], 3) if v[1] else None for k, v in self.flag_hits.items()},
            "reliability": [dict(zip(("bin", "n", "predicted", "observed"), (b, n, round(p, 3), round(o, 3))))
                            for b, n, p, o in self.reliability()],
            "calibration_error": round(self.calibration_error(), 3),
            "thresholds": self.thresholds,
            "calibrations": self.calibrations,
            "min_confidence": {f"{m:.1f}": dict(zip(("precision", "kept"), (round(p, 3), n)))
                               for m in MIN_CONFIDENCE_LEVELS for p, n in [self.precision_at(m)]},
            "candidate_recall": {k: {"gold": v[0], "actors_found": v[1], "candidate": v[2]}
                                 for k, v in self.candidate_recall.items()},
        }


def score_article(report: CVReport, art: ArticleExamples, preds: list[dict]) -> None:
    """Add one held-out article's predictions to the report."""
    counts, hits = match_events(preds, art.gold)
    actors = actor_counts(preds, art.gold)
    for key in (art.lang, "all"):
        report.events[key].add(counts)
        report.actors[key].add(actors)
        cr = report.candidate_recall[key]
        cr[0] += len(art.gold)
        cr[1] += art.actors_found
        cr[2] += art.reachable
    report.ranked += [(p["confidence"], h) for p, h in zip(preds, hits)]
    matching = maximum_matching(preds, art.gold, event_matches)
    for p, j in zip(preds, matching):
        root = p["cameo"][:2]
        if j is None:
            report.roots[root].fp += 1
            continue
        g = art.gold[j]
        report.roots[root].tp += 1
        report.code_hits[art.lang][0] += p["cameo"] == str(g["cameo"])
        report.code_hits[art.lang][1] += 1
        for flag in ("reported", "negated"):
            report.flag_hits[flag][0] += bool(p[flag]) == bool(g.get(flag))
            report.flag_hits[flag][1] += 1
    matched = {j for j in matching if j is not None}
    for j, g in enumerate(art.gold):
        if j not in matched:
            report.roots[str(g["cameo"])[:2]].fn += 1


def cross_validate(arts: list[ArticleExamples], k: int = 5, seed: int = 0, C=None,
                   threshold: float | None = None, progress=None, event_head: str = "linear") -> CVReport:
    """Article-level k-fold CV: train on k-1 folds (threshold and calibration from an inner CV), score the
    held-out fold (InputError when k is below 2 or the articles too few for k folds)."""
    if k < 2:
        raise InputError(f"k-fold cross-validation needs k of at least 2, got {k}")
    check_enough_articles(f"{k}-fold cross-validation", k, len(arts), "the data")
    report = CVReport()
    for fold in folds_of(arts, k, seed):
        test = set(fold)
        train = [a for i, a in enumerate(arts) if i not in test]
        rule = KeepRule(threshold) if threshold is not None else choose_keep_rule(train, seed=seed, C=C,
                                                                                   event_head=event_head)
        report.thresholds.append(float(rule.threshold))
        report.calibrations.append(rule.calibration.as_dict())
        heads = fit_heads(train, C, seed, event_head=event_head)
        for i in fold:
            score_article(report, arts[i], predict_article(heads, arts[i], rule.threshold, rule.calibration))
        if progress is not None:
            progress()
    return report
