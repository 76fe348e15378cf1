"""Training examples for the learned coder: gold articles -> candidates with features and labels.

Each gold article is parsed and read exactly as at extraction time (mentions, triggers, the
rule tier's events); every candidate of every sentence gets its features, and the label of
the gold event it matches (same sentence, same actors by the scorer's rules, either
direction for consultations), or ``none``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from .evaluate import event_matches, same_actor
from .extractors.coder import NONE_LABEL, featurize_sentence
from .core.records import Article
from .extractors.language import unsupported_reason
from .pipeline import Extractor
from .core.errors import InputError


@dataclass
class Example:
    """One candidate: its features, gold labels and what scoring needs to rebuild the event."""

    features: dict[str, float]
    root: str                          # 2-digit CAMEO root or "none"
    code: str | None
    reported: bool
    negated: bool
    source: dict                       # the candidate's actors in gold form
    target: dict | None
    sentence: int
    source_chars: tuple[int, int] = (0, 0)           # character span of the first mention of each actor
    target_chars: tuple[int, int] | None = None


@dataclass
class ArticleExamples:
    """All candidates of one gold article plus its gold events (for scoring folds)."""

    article_id: str
    lang: str
    examples: list[Example] = field(default_factory=list)
    gold: list[dict] = field(default_factory=list)
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)   # sentence index -> character span
    text: str = ""
    reachable: int = 0                  # gold events some candidate matches
    actors_found: int = 0               # gold events whose actors are all mentioned somewhere in the article
    root_only: list[Example] = field(default_factory=list)   # unreachable gold events, for the root head only


def read_gold(paths: Iterable[str | Path]) -> list[dict]:
    """Annotated articles (the gold JSON-lines format) from one or more files; a bad line names itself."""
    rows = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not a JSON object ({exc.msg})") from None
            if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(
                    row.get("events"), list):
                raise InputError(f"{path}:{n}: an annotated article needs 'text' and a list of 'events'")
            rows.append(row)
    return rows


def _sentence_span(text: str, sentence: str) -> tuple[int, int] | None:
    at = text.find(sentence)
    return (at, at + len(sentence)) if at >= 0 else None


def _chars(doc, cand_actor) -> tuple[int, int]:
    start, end = cand_actor.spans[0]
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def article_examples(extractor: Extractor, row: dict, doc=None) -> ArticleExamples:
    """Candidates of one annotated article with their labels."""
    lang = row.get("lang") or extractor.language_of(Article(row.get("article_id", "?"), row["text"]))
    article = Article(row.get("article_id", "?"), row["text"], lang=lang, date=row.get("date"), title=row.get("title"))
    tools = extractor.tools(lang)
    doc = doc if doc is not None else tools.nlp(article.text)
    out = ArticleExamples(article.id, lang, gold=row["events"], text=article.text)
    spans = [_sentence_span(article.text, g["sentence"]) for g in row["events"]]
    seen_actors: list[dict] = []
    matched: set[int] = set()
    by_gold: dict[int, list[Example]] = {}          # gold event -> the examples of its sentence
    for reading in extractor.readings(tools, article, doc):
        cands = featurize_sentence(reading.span, lang, reading.index, reading.mentions, reading.triggers,
                                   reading.rule_events, reading.context)
        s0, s1 = reading.span.start_char, reading.span.end_char
        out.sentences.setdefault(reading.index, (s0, s1))
        here = [j for j, sp in enumerate(spans) if sp and sp[0] < s1 and s0 < sp[1]]
        first = len(out.examples)
        for c in cands:
            src = c.source.actor.as_gold()
            tgt = c.target.actor.as_gold() if c.target else None
            if c.target is None and not c.source.outside:
                seen_actors.append(src)
            hit = next((j for j in here if event_matches(
                {"source": src, "target": tgt, "cameo": str(row["events"][j]["cameo"])}, row["events"][j])), None)
            g = row["events"][hit] if hit is not None else None
            if hit is not None:
                matched.add(hit)
            out.examples.append(Example(
                c.features, str(g["cameo"])[:2] if g else NONE_LABEL, str(g["cameo"]) if g else None,
                bool(g and g.get("reported")), bool(g and g.get("negated")), src, tgt, reading.index,
                _chars(doc, c.source), _chars(doc, c.target) if c.target else None))
        for j in here:
            by_gold.setdefault(j, []).extend(out.examples[first:])
    out.reachable = len(matched)
    out.root_only = [ex for j, g in enumerate(row["events"]) if j not in matched
                     for ex in [root_example(g, by_gold.get(j, []))] if ex is not None]
    out.actors_found = sum(
        1 for g in row["events"]
        if any(same_actor(a, g["source"]) for a in seen_actors)
        and (not g.get("target") or any(same_actor(a, g["target"]) for a in seen_actors)))
    return out


def root_example(gold: dict, sentence_examples: list[Example]) -> Example | None:
    """A gold event no candidate matches, as a root-head example: the candidate of its sentence that shares
    the most with it (an actor at least), labelled with the gold event's codes.

    Its pair is not the gold pair, so it never teaches the event head; but the words and triggers of the
    sentence say what kind of act it is, and the root head learns from nearly twice the events this way.
    """
    def shared(e: Example) -> int:
        score = 2 * same_actor(e.source, gold["source"])
        if gold.get("target") and e.target is not None:
            score += 2 * same_actor(e.target, gold["target"])
        return score + ((gold.get("target") is None) == (e.target is None)) if score else 0
    best = max(sentence_examples, key=shared, default=None)
    if best is None or not shared(best):
        return None
    return replace(best, root=str(gold["cameo"])[:2], code=str(gold["cameo"]), reported=bool(gold.get("reported")),
                   negated=bool(gold.get("negated")))


def readable_rows(extractor: Extractor, rows: list[dict], on_skip=None) -> list[dict]:
    """The annotated articles in a supported language (given, or identified from the text), each with its
    ``lang`` set; ``on_skip`` hears "id: reason" for the others, which training cannot parse."""
    kept = []
    for row in rows:
        lang = row.get("lang") or extractor.language_of(Article(row.get("article_id", "?"), row["text"]))
        reason = unsupported_reason(lang)
        if reason:
            if on_skip is not None:
                on_skip(f"{row.get('article_id', '?')}: {reason}")
            continue
        kept.append({**row, "lang": lang})
    return kept


def build_examples(extractor: Extractor, rows: list[dict], progress=None) -> Iterator[ArticleExamples]:
    """Examples of many annotated articles, parsed in batches per language."""
    by_lang: dict[str, list[dict]] = {}
    for row in rows:
        lang = row.get("lang") or extractor.language_of(Article(row.get("article_id", "?"), row["text"]))
        by_lang.setdefault(lang, []).append(row)
    for lang, group in by_lang.items():
        nlp = extractor.tools(lang).nlp
        for row, doc in zip(group, nlp.pipe(r["text"] for r in group)):
            yield article_examples(extractor, row, doc)
            if progress is not None:
                progress()
