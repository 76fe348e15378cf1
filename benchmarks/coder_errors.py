"""Count the error classes of cross-validated coder predictions (``coder_cv.py --dump``).

    python benchmarks/coder_errors.py /tmp/dkg3/preds.pkl

Missed gold events: actors not found in the article; found but not a candidate of the
sentence; a candidate but not kept; kept with another root; kept in another sentence.
False predictions: right pair and sentence but wrong root; reversed pair; no target where
gold has one (or the reverse); actors of the sentence's gold events wrongly paired; actors
not in any gold event of the sentence; a sentence without gold events; a duplicate of an
event already matched.
"""
from __future__ import annotations

import pickle
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def gold_sentence(art, g) -> int | None:
    at = art.text.find(g["sentence"])
    if at < 0:
        return None
    end = at + len(g["sentence"])
    for idx, (s0, s1) in sorted(art.sentences.items()):
        if s0 < end and at < s1:
            return idx
    return None


def analyse(arts, preds) -> tuple[Counter, Counter]:
    from diplokg.evaluate import event_matches, maximum_matching, same_actor

    miss, false = Counter(), Counter()
    for i, art in enumerate(arts):
        ps = preds.get(i, [])
        matching = maximum_matching(ps, art.gold, event_matches)
        matched = {j for j in matching if j is not None}
        gsent = [gold_sentence(art, g) for g in art.gold]
        for j, g in enumerate(art.gold):
            if j in matched:
                continue
            cands = [e for e in art.examples if e.root != "none" and event_matches(
                {"source": e.source, "target": e.target, "cameo": e.root}, g)]
            pair = [e for e in art.examples if e.sentence == gsent[j] and event_matches(
                {"source": e.source, "target": e.target, "cameo": str(g["cameo"])}, g)]
            if not pair:
                found = any(same_actor(e.source, g["source"]) for e in art.examples) and (
                    not g.get("target") or any(same_actor(e.source, g["target"]) for e in art.examples))
                miss[art.lang, "actors found, not a candidate" if found else "actors not found"] += 1
                continue
            here = [p for p in ps if p.get("sentence") == gsent[j] and event_matches({**p, "cameo": str(g["cameo"])}, g)]
            if here:
                miss[art.lang, "candidate kept with another root"] += 1
            elif any(event_matches(p, g) for p in ps):
                miss[art.lang, "kept elsewhere (already used)"] += 1
            else:
                miss[art.lang, "candidate not kept"] += 1
        for p, j in zip(ps, matching):
            if j is not None:
                continue
            false[art.lang, false_class(art, p, gsent, same_actor, event_matches)] += 1
    return miss, false


def false_class(art, p, gsent, same_actor, event_matches) -> str:
    golds = [g for g, s in zip(art.gold, gsent) if s == p.get("sentence")]
    if any(event_matches(p, g) for g in art.gold):
        return "duplicate of a matched gold event"
    if not golds:
        elsewhere = any(event_matches({**p, "cameo": str(g["cameo"])}, g) for g in art.gold)
        return "no gold event in sentence" + (" (pair gold elsewhere)" if elsewhere else "")
    if any(event_matches({**p, "cameo": str(g["cameo"])}, g) for g in golds):
        return "right pair, wrong root"
    rev = {**p, "source": p.get("target"), "target": p["source"]}
    if p.get("target") and any(event_matches(rev, g) for g in golds):
        return "reversed pair"
    if any(same_actor(p["source"], g["source"]) and bool(p.get("target")) != bool(g.get("target")) for g in golds):
        return "target missing/extra"
    actors = [a for g in golds for a in (g["source"], g.get("target")) if a]
    ins = [any(same_actor(a, b) for b in actors) for a in (p["source"], p.get("target")) if a]
    if all(ins):
        return "sentence's gold actors, wrong pairing"
    if any(ins):
        return "one actor not in sentence's gold"
    return "no actor in sentence's gold"


def main() -> int:
    arts, preds = pickle.loads(Path(sys.argv[1]).read_bytes())
    miss, false = analyse(arts, preds)
    for title, c in (("missed gold events", miss), ("false predictions", false)):
        print(f"## {title}")
        for key in sorted({k[1] for k in c}, key=lambda k: -(c["de", k] + c["en", k])):
            print(f"  {key:45} de {c['de', key]:5}  en {c['en', key]:5}  all {c['de', key] + c['en', key]:5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
