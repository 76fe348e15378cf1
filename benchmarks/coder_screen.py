"""Screen variants of the coder on cached examples: outer 5-fold CV with the deciding heads only.

    python benchmarks/coder_screen.py VARIANT [VARIANT ...]   (cache: /tmp/dkg3/ex.pkl from coder_cv.py)

Prints event P/R/F1 per language at fixed thresholds and the best one (an oracle: tuned on the
held-out folds, for screening only; the kept variants are then run with the product's inner-CV
threshold by ``coder_cv.py``).
"""
from __future__ import annotations

import copy
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from diplokg import training  # noqa: E402
from diplokg.evaluate import Counts, match_events  # noqa: E402
from diplokg.extractors import coder  # noqa: E402

GRID = [0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2]


def dedupe(preds: list[dict]) -> list[dict]:
    """One prediction per (source, target, code) in an article, as the product's merge_duplicates."""
    from diplokg.evaluate import actor_id
    best: dict = {}
    for p in preds:
        key = (actor_id(p["source"]), actor_id(p["target"]), p["cameo"], p["negated"])
        if key not in best or best[key]["confidence"] < p["confidence"]:
            best[key] = p
    return list(best.values())


def run(arts, name: str, fit_C=None, post=None) -> None:
    started = time.monotonic()
    found = {t: defaultdict(Counts) for t in GRID}
    for fold in training.folds_of(arts, 5, int(__import__("os").environ.get("SEED", "0"))):
        test = set(fold)
        train = [a for i, a in enumerate(arts) if i not in test]
        heads = training.fit_heads(train, fit_C, 0, coder.DECIDING_HEADS)
        for i in fold:
            preds = training.predict_article(heads, arts[i], min(GRID))
            if post:
                preds = post(preds)
            for t in GRID:
                counts, _ = match_events([p for p in preds if p["confidence"] >= t], arts[i].gold)
                found[t][arts[i].lang].add(counts)
                found[t]["all"].add(counts)
    print(f"== {name} ({time.monotonic() - started:.0f} s)")
    for t in GRID:
        c = found[t]
        print(f"  t={t:<6} " + "  ".join(f"{k} {c[k].precision:.3f}/{c[k].recall:.3f}/{c[k].f1:.3f}"
                                           for k in ("de", "en", "all")))
    best = max(GRID, key=lambda t: found[t]["all"].f1)
    print(f"  best t={best}: all F1 {found[best]['all'].f1:.3f}", flush=True)


def main() -> int:
    arts = pickle.loads(Path("/tmp/dkg3/ex.pkl").read_bytes())
    import variants_coder3 as V
    for name in sys.argv[1:]:
        V.VARIANTS[name](arts, run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
