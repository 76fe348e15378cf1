"""Evaluation against gold files in the format of ``shared/data/gold/SCHEMA.md``.

Matching (per article, micro-averaged): a predicted event matches a gold event
when source and target match (by QID, else case-insensitive name) and the CAMEO
roots are equal; root 04 and "hold phone call"/"meet" relations match in either
direction; each gold event is matched at most once. Actor scores compare the
sets of actors named in the events of each article.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .extractors.records import Article
from .pipeline import Extractor

SYMMETRIC_RELATIONS = {"hold phone call", "meet"}


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


def actor_id(actor: dict | None) -> str | None:
    if not actor:
        return None
    return actor.get("qid") or (actor.get("name") or "").strip().lower()


def _symmetric(ev: dict) -> bool:
    return str(ev.get("cameo", "")).startswith("04") or ev.get("relation") in SYMMETRIC_RELATIONS


def match_events(predicted: list[dict], gold: list[dict]) -> tuple[Counts, list[bool]]:
    """Greedy one-to-one matching; returns counts and, per prediction, whether it matched."""
    used = [False] * len(gold)
    hits = []
    for p in predicted:
        ps, pt, pr = actor_id(p["source"]), actor_id(p.get("target")), str(p["cameo"])[:2]
        found = False
        for i, g in enumerate(gold):
            if used[i] or str(g["cameo"])[:2] != pr:
                continue
            gs, gt = actor_id(g["source"]), actor_id(g.get("target"))
            if (ps, pt) == (gs, gt) or ((_symmetric(g) or _symmetric(p)) and (ps, pt) == (gt, gs)):
                used[i] = found = True
                break
        hits.append(found)
    tp = sum(hits)
    return Counts(tp, len(predicted) - tp, len(gold) - tp), hits


def actor_counts(predicted: list[dict], gold: list[dict]) -> Counts:
    def actors(events):
        return {a for e in events for a in (actor_id(e["source"]), actor_id(e.get("target"))) if a}
    p, g = actors(predicted), actors(gold)
    return Counts(len(p & g), len(p - g), len(g - p))


@dataclass
class EvalReport:
    events: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    actors: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    ranked: list[tuple[float, bool]] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)

    def confidence_split(self) -> tuple[float, float]:
        """Precision of the top-confidence half and of the bottom half of all predictions."""
        ordered = sorted(self.ranked, key=lambda x: -x[0])
        half = len(ordered) // 2
        top, bottom = ordered[:half], ordered[half:]
        prec = lambda xs: sum(h for _, h in xs) / len(xs) if xs else 0.0
        return prec(top), prec(bottom)

    def table(self) -> str:
        lines = [f"{'':8} {'events P':>9} {'R':>6} {'F1':>6} {'(tp/fp/fn)':>14}   {'actors P':>9} {'R':>6} {'F1':>6}"]
        for lang in sorted(k for k in self.events if k != "all") + ["all"]:
            e, a = self.events[lang], self.actors[lang]
            lines.append(f"{lang:8} {e.precision:9.3f} {e.recall:6.3f} {e.f1:6.3f} {f'{e.tp}/{e.fp}/{e.fn}':>14}   "
                         f"{a.precision:9.3f} {a.recall:6.3f} {a.f1:6.3f}")
        top, bottom = self.confidence_split()
        lines.append(f"precision of top-confidence half {top:.3f} vs bottom half {bottom:.3f}")
        lines.append("models: " + ", ".join(f"{k}={v}" for k, v in sorted(self.models.items())))
        return "\n".join(lines)


def evaluate(gold_path: str | Path, extractor: Extractor, predictions_path: str | Path | None = None) -> EvalReport:
    """Extract from every gold article's text and date, score, and optionally write predictions."""
    report = EvalReport()
    out = open(predictions_path, "w", encoding="utf-8") if predictions_path else None
    try:
        gold_rows = [json.loads(line) for line in Path(gold_path).read_text(encoding="utf-8").splitlines() if line.strip()]
        articles = [Article(r["article_id"], r["text"], lang=r.get("lang"), date=r.get("date"), title=r.get("title"))
                    for r in gold_rows]
        by_id = {r["article_id"]: r for r in gold_rows}
        for result in extractor.pipe(articles):
            gold = by_id[result.article.id]
            predicted = [e.to_json() for e in result.events]
            lang = gold.get("lang") or result.article.lang or "?"
            counts, hits = match_events(predicted, gold["events"])
            for key in (lang, "all"):
                report.events[key].add(counts)
                report.actors[key].add(actor_counts(predicted, gold["events"]))
            report.ranked += [(p["confidence"], h) for p, h in zip(predicted, hits)]
            if out:
                row = {k: gold.get(k) for k in ("article_id", "lang", "date", "title", "text")}
                row["events"] = predicted
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        report.models = extractor.models_used()
    finally:
        if out:
            out.close()
    return report
