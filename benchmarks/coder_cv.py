"""Cross-validate the learned coder on cached parses, so each experiment costs minutes, not a re-parse.

    python benchmarks/coder_cv.py --data ../shared/data/train/de.jsonl ../shared/data/train/en.jsonl \\
        --cache /tmp/dkg3 [--rebuild] [--dump preds.pkl] [--json out.json]

The spaCy parses of the annotated articles are stored once in ``CACHE/docs-LANG.spacy`` (DocBin);
the candidate examples built from them with the current code in ``CACHE/ex.pkl`` (``--rebuild``
builds them again from the cached parses after a change to mentions, candidates or features).
The CV itself is the product's (``diplokg.training``: same folds, inner-CV threshold, scoring);
``--dump`` writes the held-out predictions per article for error analysis. ``--through-pipeline`` also
runs each fold's held-out articles through the whole extraction with that fold's coder (assembly, one
event per fact) and scores the events as ``diplokg eval`` does, which checks that the coder's CV figures
are what a user of the product gets.
"""
from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[0].parent / "shared"
MODELS = {"de": str(SHARED / "models" / "de_diplo_ud_sm"), "en": str(SHARED / "models" / "en_core_web_sm")}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def parsed_docs(extractor, rows: list[dict], cache: Path) -> list:
    """The spaCy Doc of every row, from ``cache`` or parsed now and stored there."""
    from spacy.tokens import DocBin
    from diplokg.core.records import Article

    docs: list = [None] * len(rows)
    by_lang: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        lang = row.get("lang") or extractor.language_of(Article(row.get("article_id", "?"), row["text"]))
        by_lang.setdefault(lang, []).append(i)
    for lang, idx in sorted(by_lang.items()):
        nlp = extractor.tools(lang).nlp
        path = cache / f"docs-{lang}.spacy"
        if path.is_file():
            got = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        else:
            started = time.monotonic()
            got = list(nlp.pipe(rows[i]["text"] for i in idx))
            DocBin(store_user_data=True, docs=got).to_disk(path)
            log(f"parsed {len(got)} {lang} articles in {time.monotonic() - started:.0f} s")
        for i, doc in zip(idx, got):
            docs[i] = doc
    return docs


def squeezed(row: dict) -> dict:
    """The article with runs of spaces collapsed, in its text and its gold sentences (experiment)."""
    import re
    sq = lambda t: re.sub(r"(?<=\S) {2,}(?=\S)", " ", t)
    return {**row, "text": sq(row["text"]), "events": [{**g, "sentence": sq(g["sentence"])} for g in row["events"]]}


def examples(data: list[str], cache: Path, rebuild: bool, squeeze: bool = False) -> list:
    """Candidate examples of every article (cached in ``CACHE/ex.pkl``)."""
    path = cache / "ex.pkl"
    if path.is_file() and not rebuild:
        arts = pickle.loads(path.read_bytes())
        if all(hasattr(a, "root_only") for a in arts):
            return arts
        log(f"{path} was built by an older diplokg (no root-only examples): building it again")
    from diplokg.coder_data import article_examples, read_gold
    from diplokg.config import Config
    from diplokg.pipeline import Extractor

    extractor = Extractor(Config(models=MODELS, coder="rules"))
    rows = read_gold(data)
    if squeeze:
        rows = [squeezed(r) for r in rows]
    started = time.monotonic()
    docs = parsed_docs(extractor, rows, cache)
    arts = [article_examples(extractor, row, doc) for row, doc in zip(rows, docs)]
    log(f"examples of {len(arts)} articles in {time.monotonic() - started:.0f} s")
    path.write_bytes(pickle.dumps(arts))
    return arts


def cross_validate_dump(arts: list, k: int, seed: int, event_head: str = "linear", through=None) -> tuple:
    """The product's CV, also returning the held-out predictions per article index.

    ``through(coder, indices)`` is called with each fold's coder (its heads, threshold and calibration) and its held-out
    article indices, to run them through the whole pipeline as well (``--through-pipeline``).
    """
    from diplokg.extractors.coder import LearnedCoder
    from diplokg.training import CVReport, choose_keep_rule, fit_heads, folds_of, predict_article, score_article

    report, preds = CVReport(), {}
    for fold in folds_of(arts, k, seed):
        test = set(fold)
        train = [a for i, a in enumerate(arts) if i not in test]
        rule = choose_keep_rule(train, seed=seed, event_head=event_head)
        t = rule.threshold
        report.thresholds.append(float(t))
        report.calibrations.append(rule.calibration.as_dict())
        heads = fit_heads(train, seed=seed, event_head=event_head)
        for i in fold:
            preds[i] = predict_article(heads, arts[i], t, rule.calibration)
            score_article(report, arts[i], preds[i])
        if through is not None:
            through(LearnedCoder.from_heads(heads, t, calibration=rule.calibration), fold)
        log(f"fold done (threshold {t})")
    return report, preds


def article_topic(art) -> str:
    """An article's topic for grouped folds: its most frequent gold actor (QID, else name), else its language."""
    counts = Counter((a.get("qid") or a["name"]) for g in art.gold for a in (g["source"], g.get("target")) if a)
    return counts.most_common(1)[0][0] if counts else art.lang


def topic_folds(arts: list, k: int, seed: int) -> list[list[int]]:
    """Folds that never split a topic (:func:`article_topic`): the largest topics first, each into the
    smallest fold so far; a stricter CV than by article when articles share the people they are about."""
    groups: dict[str, list[int]] = {}
    for i, art in enumerate(arts):
        groups.setdefault(article_topic(art), []).append(i)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    keys.sort(key=lambda g: -len(groups[g]))
    folds: list[list[int]] = [[] for _ in range(k)]
    for g in keys:
        min(folds, key=len).extend(groups[g])
    return folds


class HeldOutScorer:
    """What the scorers of held-out articles share: the extractor, the gold rows, and each fold's coder."""

    def __init__(self, data: list[str]):
        from diplokg.coder_data import read_gold
        from diplokg.config import Config
        from diplokg.evaluate import Counts
        from diplokg.pipeline import Extractor

        self.extractor = Extractor(Config(models=MODELS, coder="rules"))
        self.rows = read_gold(data)
        self.events = defaultdict(Counts)

    def use(self, coder) -> None:
        """Extract with ``coder`` (a fold's) from now on."""
        for lang in ("de", "en"):
            self.extractor.tools(lang).coder = coder


class PipelineScores(HeldOutScorer):
    """Held-out articles run through the whole extraction (mentions, coder, assembly, one event per fact),
    scored as ``diplokg eval`` scores: what a user of a coder trained without these articles gets."""

    def __init__(self, data: list[str], cache: Path):
        from diplokg.evaluate import Counts

        super().__init__(data)
        self.docs = parsed_docs(self.extractor, self.rows, cache)
        self.actors = defaultdict(Counts)

    def __call__(self, coder, indices: list[int]) -> None:
        from diplokg.core.records import Article
        from diplokg.evaluate import actor_counts, match_events
        from diplokg.ontology.scheme import cameo_info

        self.use(coder)
        for i in indices:
            row = self.rows[i]
            article = Article(row["article_id"], row["text"], lang=row.get("lang"), date=row.get("date"),
                              title=row.get("title"))
            predicted = [e.to_json(cameo_info) for e in self.extractor.extract_parsed(article, self.docs[i]).events]
            counts, _ = match_events(predicted, row["events"])
            for key in (self.extractor.language_of(article), "all"):
                self.events[key].add(counts)
                self.actors[key].add(actor_counts(predicted, row["events"]))

    def table(self) -> str:
        lines = ["through the whole pipeline (assembly, one event per fact), as diplokg eval scores:"]
        for key in sorted(k for k in self.events if k != "all") + ["all"]:
            c, a = self.events[key], self.actors[key]
            lines.append(f"{key:5} events P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} "
                         f"({c.tp}/{c.fp}/{c.fn})   actors F1 {a.f1:.3f}")
        return "\n".join(lines)


class SentenceScores(HeldOutScorer):
    """Each held-out gold sentence run alone, as its own one-sentence article (with the article's date and
    language): how the coder does without the article around it, as on a list of single coded sentences.

    Scores, per language: event P/R/F1 against the sentence's gold events, and the share of sentences
    where some predicted event has the CAMEO root of one of its gold events ("right event type").
    """

    def __init__(self, data: list[str]):
        super().__init__(data)
        self.typed = defaultdict(lambda: [0, 0])        # lang -> [sentences with the right root, sentences]
        self.predicted: dict[tuple[str, str], list[dict]] = {}     # (article id, sentence) -> its events

    def __call__(self, coder, indices: list[int]) -> None:
        from diplokg.core.records import Article
        from diplokg.evaluate import match_events
        from diplokg.ontology.scheme import cameo_info

        self.use(coder)
        for i in indices:
            row = self.rows[i]
            by_sentence: dict[str, list[dict]] = {}
            for g in row["events"]:
                by_sentence.setdefault(g["sentence"], []).append(g)
            for k, (sentence, gold) in enumerate(by_sentence.items()):
                article = Article(f"{row['article_id']}#{k}", sentence, lang=row.get("lang"), date=row.get("date"))
                predicted = [e.to_json(cameo_info) for e in self.extractor.extract(article).events]
                self.predicted[row["article_id"], sentence] = predicted
                counts, _ = match_events(predicted, gold)
                roots = {str(g["cameo"])[:2] for g in gold}
                hit = any(str(p["cameo"])[:2] in roots for p in predicted)
                for key in (row.get("lang") or "?", "all"):
                    self.events[key].add(counts)
                    self.typed[key][0] += hit
                    self.typed[key][1] += 1

    def table(self) -> str:
        lines = ["each gold sentence alone (a one-sentence article):"]
        for key in sorted(k for k in self.events if k != "all") + ["all"]:
            c, (hit, n) = self.events[key], self.typed[key]
            lines.append(f"{key:5} events P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} ({c.tp}/{c.fp}/{c.fn})"
                         f"   right event type in {hit}/{n} sentences ({hit / max(n, 1):.2f})")
        return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", nargs="+", default=[str(SHARED / "data" / "train" / f"{x}.jsonl") for x in ("de", "en")])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/dkg3"))
    ap.add_argument("--rebuild", action="store_true", help="build the examples again from the cached parses")
    ap.add_argument("--examples-only", action="store_true")
    ap.add_argument("--set", action="append", metavar="MODULE.NAME=VALUE", help="override a constant (experiments)")
    ap.add_argument("--squeeze", action="store_true", help="collapse runs of spaces before parsing (experiment)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--event-head", choices=("linear", "trees"), default="linear", help="learner of the event head")
    ap.add_argument("--dump", type=Path, help="write (articles, predictions) here (pickle)")
    ap.add_argument("--json", type=Path, help="write the report as JSON here")
    ap.add_argument("--through-pipeline", action="store_true",
                    help="also run each fold's held-out articles through the whole extraction and score its events")
    ap.add_argument("--folds-by", choices=("article", "topic"), default="article",
                    help="topic: no topic (an article's most frequent gold actor) is split across folds, inner CV too")
    ap.add_argument("--sentences", action="store_true",
                    help="also run each held-out gold sentence alone and score it (no article context)")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from diplokg.coder_cli import cv_table

    for item in args.set or []:                      # experiments: module.NAME=VALUE (a Python literal)
        import ast
        import importlib
        target, value = item.split("=", 1)
        module, name = target.rsplit(".", 1)
        setattr(importlib.import_module(module), name, ast.literal_eval(value))
    if args.folds_by == "topic":
        from diplokg import training
        training.folds_of = topic_folds              # the outer and the inner (threshold) CV alike
    args.cache.mkdir(parents=True, exist_ok=True)
    arts = examples(args.data, args.cache, args.rebuild, args.squeeze)
    if args.examples_only:
        return 0
    started = time.monotonic()
    if args.through_pipeline and args.squeeze:
        ap.error("--through-pipeline runs the texts as given: it cannot be combined with --squeeze")
    scorers = ([PipelineScores(args.data, args.cache)] if args.through_pipeline else []) + (
        [SentenceScores(args.data)] if args.sentences else [])

    def through(coder, indices):
        for scorer in scorers:
            scorer(coder, indices)

    report, preds = cross_validate_dump(arts, args.folds, args.seed, args.event_head, through if scorers else None)
    print(cv_table(report))
    for scorer in scorers:
        print(scorer.table())
    print(f"CV in {time.monotonic() - started:.0f} s")
    if args.dump:
        args.dump.write_bytes(pickle.dumps((arts, preds)))
        for scorer in scorers:
            if isinstance(scorer, SentenceScores):
                args.dump.with_suffix(".sentences.pkl").write_bytes(pickle.dumps(scorer.predicted))
    if args.json:
        args.json.write_text(json.dumps(report.as_dict(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
