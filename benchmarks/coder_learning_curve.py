"""Learning curve of the learned coder: cross-validated event F1 against the amount of training articles.

    python benchmarks/coder_learning_curve.py --cache /tmp/dkg3 [--fractions 0.25 0.5 0.75 1] [--seed 0]
        [--cross-lingual]

Uses the examples cached by ``coder_cv.py`` (run it first with ``--cache DIR``). The outer folds are the
product's (``diplokg.training.folds_of``); in each fold the coder is trained, threshold and calibration by
the inner CV as the product does, on a random share of the training articles (the same share of each
language) and scored on the whole held-out fold. Whether more annotated articles would raise F1, and by how
much, is what a user deciding to annotate their own data needs to know. ``--cross-lingual`` also trains on
one language's articles only and scores the other's held-out articles (does English training help German?).
"""
from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def subsample(arts: list, indices: list[int], share: float, seed: int) -> list:
    """``share`` of the articles at ``indices``, drawn per language so both keep their proportion."""
    rng = random.Random(seed)
    chosen = []
    for lang in sorted({arts[i].lang for i in indices}):
        idx = [i for i in indices if arts[i].lang == lang]
        rng.shuffle(idx)
        chosen += idx[:max(1, round(share * len(idx)))]
    return [arts[i] for i in sorted(chosen)]


def curve_point(arts: list, share: float, seed: int, train_langs: tuple[str, ...] = ("de", "en")):
    """A CVReport of the product's CV where each fold trains on ``share`` of its training articles (only those of
    ``train_langs``) and scores its whole held-out fold."""
    from diplokg.training import (
        CVReport,
        choose_keep_rule,
        fit_heads,
        folds_of,
        predict_article,
        score_article,
    )

    report = CVReport()
    for fold in folds_of(arts, 5, seed):
        test = set(fold)
        pool = [i for i in range(len(arts)) if i not in test and arts[i].lang in train_langs]
        train = subsample(arts, pool, share, seed)
        rule = choose_keep_rule(train, seed=seed)
        heads = fit_heads(train, seed=seed)
        for i in fold:
            score_article(report, arts[i], predict_article(heads, arts[i], rule.threshold, rule.calibration))
    return report


def row(label: str, report, n_train: float) -> str:
    ev = report.as_dict()["events"]
    cells = "  ".join(f"{lang} {ev[lang]['precision']:.3f}/{ev[lang]['recall']:.3f}/{ev[lang]['f1']:.3f}"
                      for lang in ("de", "en", "all") if lang in ev)
    return f"| {label} | {n_train:.0f} | {cells} |"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, required=True, help="the folder coder_cv.py cached its examples in")
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cross-lingual", action="store_true")
    args = ap.parse_args()
    path = args.cache / "ex.pkl"
    if not path.is_file():
        ap.error(f"{path} does not exist: run benchmarks/coder_cv.py --cache {args.cache} first")
    if any(not 0 < f <= 1 for f in args.fractions):
        ap.error("--fractions are shares of the training articles, each in (0, 1]")
    arts = pickle.loads(path.read_bytes())
    per_fold = len(arts) * 4 / 5
    print("| share of training articles | articles per fold | event P/R/F1 per language |")
    print("|---|---:|---|")
    for share in args.fractions:
        started = time.monotonic()
        print(row(f"{share:.2f}", curve_point(arts, share, args.seed), share * per_fold), flush=True)
        print(f"  ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    if args.cross_lingual:
        for langs in (("de",), ("en",)):
            n = sum(1 for a in arts if a.lang in langs) * 4 / 5
            print(row(f"1.00, trained on {'+'.join(langs)} only", curve_point(arts, 1.0, args.seed, langs), n),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
