"""Mention evaluation: how well the actor linker finds the actors of annotated articles.

Gold: per article, the union of the ``source`` and ``target`` actors of its events (files in the
format of ``shared/data/gold/SCHEMA.md``, e.g. ``shared/data/train/{de,en}.jsonl``). Predicted: the
actors of the mentions :class:`~diplokg.extractors.actors.ActorLinker` finds, in one of two scopes:

* ``sentences`` (the headline figure): mentions inside the sentences that hold a gold event. Gold
  actors are only those that take part in events, so a mention elsewhere cannot be judged; inside
  event sentences an actor found but in no event still counts as a false positive, which keeps the
  figure honest about names that are no actors ("Medicare", "Wikinews").
* ``article``: every mention of the article (recall is the same or higher, precision far lower).

Actors match as in :mod:`diplokg.evaluate` (QID, else folded name or gazetteer alias), one to one.

    python -m diplokg.mention_eval ../shared/data/train/de.jsonl ../shared/data/train/en.jsonl \\
        --model de=../shared/models/de_diplo_ud_sm --model en=../shared/models/en_core_web_sm
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .config import Config
from .evaluate import Counts, actor_set, actor_id, maximum_matching, same_actor
from .extractors.language import SUPPORTED, detect_language
from .pipeline import Extractor
from .core.errors import InputError

SCOPES = ("sentences", "article")


@dataclass
class MentionReport:
    """Counts per scope and language, and the names most often missed or wrongly found."""

    counts: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {s: defaultdict(Counts) for s in SCOPES})
    missed: Counter = field(default_factory=Counter)       # gold actor names not found (sentence scope)
    spurious: Counter = field(default_factory=Counter)     # predicted names in no event (sentence scope)
    errors: list[str] = field(default_factory=list)

    def table(self) -> str:
        lines = [f"{'scope':10} {'lang':5} {'P':>6} {'R':>6} {'F1':>6} {'(tp/fp/fn)':>16}"]
        for scope in SCOPES:
            by_lang = self.counts[scope]
            for lang in sorted(k for k in by_lang if k != "all") + ["all"]:
                c = by_lang[lang]
                lines.append(f"{scope:10} {lang:5} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
                             f"{f'{c.tp}/{c.fp}/{c.fn}':>16}")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {scope: {lang: c.as_dict() for lang, c in by_lang.items()} for scope, by_lang in self.counts.items()}


def read_gold(paths: Iterable[str | Path]) -> Iterator[dict]:
    """Annotated articles from JSONL files; a malformed line raises ValueError naming file and line."""
    for path in paths:
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict) or not isinstance(row.get("text"), str) \
                        or not isinstance(row.get("events"), list):
                    raise InputError("not an article with 'text' and 'events'")
            except ValueError as exc:
                raise InputError(f"{path}:{number}: {exc}") from exc
            yield row


def event_sentence_spans(text: str, events: list[dict]) -> list[tuple[int, int]]:
    """Character spans of the gold event sentences in ``text`` (every occurrence of each sentence)."""
    spans = set()
    for sentence in {e.get("sentence") or "" for e in events}:
        if not sentence:
            continue
        at = text.find(sentence)
        while at >= 0:
            spans.add((at, at + len(sentence)))
            at = text.find(sentence, at + 1)
    return sorted(spans)


def predicted_actors(doc, mentions, spans: list[tuple[int, int]] | None) -> list[dict]:
    """The distinct actors (gold format) of the mentions, limited to ``spans`` when given."""
    seen: dict[str, dict] = {}
    for m in mentions:
        char = doc[m.start].idx
        if spans is not None and not any(s <= char < e for s, e in spans):
            continue
        for actor in m.actors:
            gold = actor.as_gold()
            seen.setdefault(actor_id(gold), gold)
    return list(seen.values())


def score(predicted: list[dict], gold: list[dict]) -> tuple[Counts, list[dict], list[dict]]:
    """One-to-one matching of two actor sets; counts, the unmatched predicted and unmatched gold actors."""
    pairs = maximum_matching(predicted, gold, same_actor)
    matched = {j for j in pairs if j is not None}
    tp = len(matched)
    wrong = [p for p, j in zip(predicted, pairs) if j is None]
    missed = [g for j, g in enumerate(gold) if j not in matched]
    return Counts(tp, len(predicted) - tp, len(gold) - tp), wrong, missed


def evaluate_mentions(paths: Iterable[str | Path], extractor: Extractor) -> MentionReport:
    """Link every annotated article's text and compare its actors with the gold actors."""
    report = MentionReport()
    for row in read_gold(paths):
        lang = row.get("lang") or detect_language(row["text"])
        if lang not in SUPPORTED:
            report.errors.append(f"{row.get('article_id')}: language {lang!r} is not supported")
            continue
        tools = extractor.tools(lang)
        doc = tools.nlp(row["text"])
        mentions = tools.linker.link(doc, row.get("date"))
        gold = actor_set(row["events"])
        spans = event_sentence_spans(row["text"], row["events"])
        for scope, limit in (("sentences", spans), ("article", None)):
            counts, wrong, missed = score(predicted_actors(doc, mentions, limit), gold)
            for key in (lang, "all"):
                report.counts[scope][key].add(counts)
            if scope == "sentences":
                report.spurious.update(f"{lang}:{a['name']}" for a in wrong)
                report.missed.update(f"{lang}:{a['name']}" for a in missed)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m diplokg.mention_eval", description=__doc__.split("\n")[0])
    parser.add_argument("gold", nargs="+", help="annotated JSONL files (SCHEMA.md format)")
    parser.add_argument("--model", action="append", metavar="LANG=NAME_OR_PATH")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also list the N names most often missed and wrongly found")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    args = parser.parse_args(argv)
    try:
        report = evaluate_mentions(args.gold, Extractor(Config(models=Config.parse_model_args(args.model))))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in report.errors:
        print(f"skipped: {line}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(report.table())
    if args.errors:
        print("missed:   " + ", ".join(f"{n} ({c})" for n, c in report.missed.most_common(args.errors)))
        print("spurious: " + ", ".join(f"{n} ({c})" for n, c in report.spurious.most_common(args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
