"""Evaluation against gold files in the format of ``shared/data/gold/SCHEMA.md``.

Matching (per article, micro-averaged): a predicted event matches a gold event
when source and target match and the CAMEO roots are equal; root 04 and
"hold phone call"/"meet" relations match in either direction; each gold event
is matched at most once, by a maximum one-to-one matching (not greedily in
prediction order). Actors match as ``SCHEMA.md`` says, "by qid, else
case-insensitive name/alias": when both sides have a QID the QIDs decide;
otherwise the names are compared case- and diacritic-insensitively
("Pelczynska-Nalecz" = "Pełczyńska-Nałęcz"), and a name also matches the
gazetteer aliases of the actor on the other side ("People's Defense Units" has
the alias "People's Protection Units"). Actor scores compare the sets of actors
named in the events of each article, again by a maximum one-to-one matching.
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from .core.records import Article
from .date_eval import DateCounts, date_counts
from .ontology.gazetteer import load_gazetteer
from .ontology.scheme import cameo_info
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
    """A display key of an actor: its QID, else its lower-cased name."""
    if not actor:
        return None
    return actor.get("qid") or (actor.get("name") or "").strip().lower()


# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ß": "ss",
                             "ı": "i", "æ": "ae", "œ": "oe", "’": "'", "‘": "'", "–": "-", "‐": "-"})


def fold_name(name: str) -> str:
    """Case- and diacritic-insensitive form of a name (NFKD without combining marks)."""
    text = unicodedata.normalize("NFKD", (name or "").translate(_FOLD_EXTRA))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@lru_cache(maxsize=None)
def _gazetteer_names() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Per gazetteer actor its folded names and aliases, indexed by QID and by folded English label."""
    gaz = load_gazetteer()
    names: dict[str, set[str]] = defaultdict(set)
    for phrase, entries in gaz.phrases.items():
        for key, kind in entries:
            if kind == "name":
                names[key].add(fold_name(phrase))
    by_qid: dict[str, frozenset[str]] = {}
    by_label: dict[str, frozenset[str]] = {}
    for key, actor in gaz.actors.items():
        folded = frozenset(names.get(key, set()) | {fold_name(actor.name)})
        if actor.qid:
            by_qid[actor.qid] = folded
        by_label.setdefault(fold_name(actor.name), folded)
    return by_qid, by_label


def actor_names(actor: dict) -> frozenset[str]:
    """The folded name of an actor plus the aliases the gazetteer gives the actor (by QID or label)."""
    own = fold_name(actor.get("name") or "")
    by_qid, by_label = _gazetteer_names()
    aliases = by_qid.get(actor.get("qid") or "") or by_label.get(own) or frozenset()
    return aliases | {own}


def same_actor(a: dict | None, b: dict | None) -> bool:
    """SCHEMA.md: actors match by QID, else by case-insensitive name or alias (no actor = no actor)."""
    if not a or not b:
        return not a and not b
    if a.get("qid") and b.get("qid"):
        return a["qid"] == b["qid"]
    name_a, name_b = fold_name(a.get("name") or ""), fold_name(b.get("name") or "")
    return name_a == name_b or name_a in actor_names(b) or name_b in actor_names(a)


def _symmetric(ev: dict) -> bool:
    return str(ev.get("cameo", "")).startswith("04") or ev.get("relation") in SYMMETRIC_RELATIONS


def event_matches(p: dict, g: dict) -> bool:
    """Same CAMEO root and actors, either direction for consultations and meetings."""
    if str(g["cameo"])[:2] != str(p["cameo"])[:2]:
        return False
    ps, pt, gs, gt = p["source"], p.get("target"), g["source"], g.get("target")
    if same_actor(ps, gs) and same_actor(pt, gt):
        return True
    return (_symmetric(g) or _symmetric(p)) and same_actor(ps, gt) and same_actor(pt, gs)


def maximum_matching(left: Sequence, right: Sequence, fits: Callable[[object, object], bool]) -> list[int | None]:
    """Maximum one-to-one matching (augmenting paths); per left item the matched right index or None."""
    edges = [[j for j, r in enumerate(right) if fits(item, r)] for item in left]
    owner: list[int | None] = [None] * len(right)

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] is None or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(left)):
        augment(i, set())
    result: list[int | None] = [None] * len(left)
    for j, i in enumerate(owner):
        if i is not None:
            result[i] = j
    return result


def match_events(predicted: list[dict], gold: list[dict]) -> tuple[Counts, list[bool]]:
    """Maximum one-to-one matching; returns counts and, per prediction, whether it matched."""
    return counts_of(maximum_matching(predicted, gold, event_matches), len(gold))


def counts_of(matching: list[int | None], n_gold: int) -> tuple[Counts, list[bool]]:
    """Counts and per-prediction hits of a matching (per prediction: the matched gold index or None)."""
    hits = [j is not None for j in matching]
    tp = sum(hits)
    return Counts(tp, len(matching) - tp, n_gold - tp), hits


def actor_set(events: list[dict]) -> list[dict]:
    """The distinct actors of a list of events (distinct by display key)."""
    seen: dict[str, dict] = {}
    for e in events:
        for a in (e["source"], e.get("target")):
            if a and actor_id(a) not in seen:
                seen[actor_id(a)] = a
    return list(seen.values())


def actor_counts(predicted: list[dict], gold: list[dict]) -> Counts:
    p, g = actor_set(predicted), actor_set(gold)
    tp = sum(j is not None for j in maximum_matching(p, g, same_actor))
    return Counts(tp, len(p) - tp, len(g) - tp)


@dataclass
class EvalReport:
    events: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    actors: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    ranked: list[tuple[float, bool]] = field(default_factory=list)
    models: dict[str, str] = field(default_factory=dict)
    dates: DateCounts = field(default_factory=DateCounts)
    articles: int = 0
    skipped: list[str] = field(default_factory=list)     # "id: reason" per article not read (its language)

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
        lines.append(self.dates.line())
        lines.append("models: " + ", ".join(f"{k}={v}" for k, v in sorted(self.models.items())))
        return "\n".join(lines)


def evaluate(gold: str | Path | list[dict], extractor: Extractor,
             predictions_path: str | Path | None = None) -> EvalReport:
    """Extract from every gold article's text and date, score, and optionally write predictions.

    ``gold`` is a gold file (refused at its first bad line) or its articles already read
    (``gold_file.read_gold_file``, which reports every bad line and keeps the others).
    """
    from .gold_file import strict_gold_rows

    gold_rows = gold if isinstance(gold, list) else strict_gold_rows(gold)
    report = EvalReport()
    if predictions_path:                       # like render -o and export -o: a missing folder is made
        Path(predictions_path).parent.mkdir(parents=True, exist_ok=True)
    out = open(predictions_path, "w", encoding="utf-8") if predictions_path else None
    try:
        articles = [Article(r["article_id"], r["text"], lang=r.get("lang"), date=r.get("date"), title=r.get("title"))
                    for r in gold_rows]
        by_id = {r["article_id"]: r for r in gold_rows}
        for result in extractor.pipe(articles):
            gold = by_id[result.article.id]
            report.articles += 1
            if result.skipped:                 # scored as found nothing, and said
                report.skipped.append(f"{result.article.id}: {result.skipped}")
            predicted = [e.to_json(cameo_info) for e in result.events]
            lang = gold.get("lang") or result.article.lang or "?"
            matching = maximum_matching(predicted, gold["events"], event_matches)
            counts, hits = counts_of(matching, len(gold["events"]))
            report.dates.add(date_counts(predicted, gold["events"], matching, gold.get("date")))
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

