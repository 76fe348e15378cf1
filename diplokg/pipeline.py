"""Orchestration: articles -> spaCy docs -> actor mentions -> events, per language.

:class:`Extractor` keeps one pipeline, actor linker and lexicon per language
and turns :class:`~diplokg.core.records.Article` objects into
:class:`ArticleResult` records (events or a one-line error), in batches.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .config import Config
from .extractors.actors import ActorLinker
from .extractors.assembly import assemble_events
from .extractors.bodies import home_government
from .extractors.candidates import (compared_only, context_actors, sentence_actors, sentence_mentions,
                                    with_implicit_agents)
from .extractors.chunking import text_parts
from .extractors.coder import LearnedCoder, load_coder
from .extractors.events import EventFinder, merge_duplicates
from .extractors.implicit_agents import implicit_agents
from .extractors.language import detect_language, unsupported_reason
from .extractors.mention_codes import code_mentions
from .extractors.locations import Dateline, find_dateline, locate_events
from .extractors.nlp import ModelChoice, load_pipeline, model_label, resolve_model
from .core.records import Article, Event
from .ontology.gazetteer import load_gazetteer
from .ontology.lexicon import load_lexicon
from .ontology.places import load_places

CONTEXT_SENTENCES = 2         # sentences back whose actors a sentence may refer to
MAX_SENTENCE_TOKENS = 400     # longer "sentences" (no punctuation) are cut into windows


@dataclass
class ArticleResult:
    """What extraction made of one article."""

    article: Article
    events: list[Event] = field(default_factory=list)
    sentences: int = 0
    error: str | None = None
    skipped: str | None = None    # reason for a deliberate skip (unsupported language)
    model: str | None = None      # "name version" of the pipeline that read it (provenance)


@dataclass
class SentenceReading:
    """One sentence (or window) as the coder sees it: its span, mentions and the rule tier's events."""

    index: int
    span: object
    mentions: list
    rule_events: list[Event]
    context: list = field(default_factory=list)    # earlier sentences' actors, implicit agents (CandidateActor)
    triggers: list = field(default_factory=list)   # the lexicon's trigger hits in the span


@dataclass
class LanguageTools:
    """The per-language pieces: pipeline, linker, event finder and what model they use."""

    choice: ModelChoice
    nlp: object
    linker: ActorLinker
    finder: EventFinder
    lang: str = ""
    coder: LearnedCoder | None = None     # None: the rule tier decides

    @property
    def model_name(self) -> str:
        return model_label(self.nlp)


class Extractor:
    """Articles in, events out; the Python API behind ``diplokg extract`` and ``ingest``.

    >>> ex = Extractor(Config(models={"de": "rules", "en": "rules"}))
    >>> [e.relation for e in ex.extract(Article("a", "Putin kritisierte Obama.", lang="de", date="2016-11-14")).events]
    ['criticize']
    """

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self._tools: dict[str, LanguageTools] = {}
        self.notices: list[str] = []

    def choice(self, lang: str) -> ModelChoice:
        return resolve_model(lang, self.config.models.get(lang))

    def tools(self, lang: str) -> LanguageTools:
        """Load (once) the pipeline and helpers for a language."""
        if lang not in self._tools:
            choice = self.choice(lang)
            nlp = load_pipeline(lang, choice.spec)
            if choice.is_rule_tier:
                self.notices.append(
                    f"no spaCy model for {lang!r}: running the rule tier (lower recall). {choice.reason}")
            gaz = load_gazetteer(self.config.gazetteer_dirs)
            lexicon = load_lexicon(lang, self.config.lexicon_dirs)
            linker = ActorLinker(gaz, nlp, lang)
            has_parser = "parser" in nlp.pipe_names
            coder = None if choice.is_rule_tier or not has_parser else load_coder(self.config.coder)
            if coder is not None and lang not in coder.languages:
                self.notices.append(f"{lang} articles are coded by the rule tier: coder {coder.name} was "
                                    f"trained on {', '.join(coder.languages) or 'no'} articles only")
                coder = None
            self._tools[lang] = LanguageTools(choice, nlp, linker, EventFinder(lang, lexicon, linker, has_parser),
                                              lang, coder)
        return self._tools[lang]

    def models_used(self) -> dict[str, str]:
        return {lang: t.model_name + (f" + coder {t.coder.name}" if t.coder else " + rules")
                for lang, t in self._tools.items()}

    def language_of(self, article: Article) -> str | None:
        lang = article.lang or self.config.lang
        if lang in (None, "", "auto"):
            lang = detect_language(article.text)
        return lang

    def extract(self, article: Article) -> ArticleResult:
        """Events of one article (errors are caught and reported in the result)."""
        return next(self.pipe([article]))

    def extract_parsed(self, article: Article, doc) -> ArticleResult:
        """Events of an article whose text this extractor's pipeline for its language has already parsed
        (cached parses in benchmarks and cross-validation); no time limit, no splitting into parts."""
        return self._events_of_doc(self.tools(self.language_of(article)), article, doc)

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[ArticleResult]:
        """Extract from a stream of articles, batching per language through ``nlp.pipe``."""
        batch_size = batch_size or self.config.batch_size
        pending: dict[str, list[Article]] = {}
        for article in articles:
            lang = self.language_of(article)
            reason = unsupported_reason(lang)
            if reason:
                yield ArticleResult(article, skipped=reason)
                continue
            article.lang = lang
            pending.setdefault(lang, []).append(article)
            if len(pending[lang]) >= batch_size:
                yield from self._run_batch(lang, pending.pop(lang))
        for lang, batch in pending.items():
            yield from self._run_batch(lang, batch)

    def _run_batch(self, lang: str, batch: list[Article]) -> Iterator[ArticleResult]:
        try:
            tools = self.tools(lang)
        except Exception as exc:                      # model cannot load: every article reports it
            for article in batch:
                yield ArticleResult(article, error=f"cannot load the {lang} pipeline: {exc}")
            return
        part_chars = self._part_chars(tools)
        texts = [a.text for a in batch if len(a.text) <= part_chars]
        try:
            docs = iter(list(tools.nlp.pipe(texts)))
        except Exception:
            docs = iter([None] * len(texts))         # fall back to one by one to isolate the culprit
        for article in batch:
            if len(article.text) > part_chars:        # long texts: parsed part by part, time checked between
                yield self._extract_in_parts(tools, article, part_chars)
                continue
            doc = next(docs)
            try:
                if doc is None:
                    doc = tools.nlp(article.text)
                yield self._events_of_doc(tools, article, doc)
            except Exception as exc:
                yield ArticleResult(article, error=f"extraction failed: {type(exc).__name__}: {exc}")

    def _part_chars(self, tools: LanguageTools) -> int:
        """The longest text parsed as one document (the configured bound, within spaCy's max_length)."""
        return max(1, min(self.config.max_chars_per_part, tools.nlp.max_length))

    def _extract_in_parts(self, tools: LanguageTools, article: Article, part_chars: int) -> ArticleResult:
        """Events of a long article parsed in parts (:mod:`.extractors.chunking`), with offsets into the
        whole text; the time limit is checked before each part, so memory and time stay bounded."""
        started = time.monotonic()
        limit = self.config.max_seconds_per_article
        spans = text_parts(article.text, part_chars)
        dateline = find_dateline(article.text, load_places(self.config.gazetteer_dirs))
        events: list[Event] = []
        sentences = 0
        for number, (start, end) in enumerate(spans, 1):
            error = None
            if time.monotonic() - started > limit:
                error = (f"time limit of {limit:g}s per article reached after {number - 1} of {len(spans)} "
                         f"parts ({start:,} of {len(article.text):,} characters)")
            else:
                part = dataclasses.replace(article, text=article.text[start:end])
                try:
                    result = self._events_of_doc(tools, part, tools.nlp(part.text), dateline, first_part=start == 0)
                except Exception as exc:
                    result = ArticleResult(part, error=f"extraction failed: {type(exc).__name__}: {exc}")
                events += [shifted_event(event, start) for event in result.events]
                sentences += result.sentences
                if result.error:
                    error = f"{result.error} (in part {number} of {len(spans)}, from character {start:,})"
            if error:
                return ArticleResult(article, merge_duplicates(events), sentences, error=error,
                                     model=tools.model_name)
        return ArticleResult(article, merge_duplicates(events), sentences, model=tools.model_name)

    def readings(self, tools: LanguageTools, article: Article, doc) -> Iterator[SentenceReading]:
        """Each sentence (or window of an overlong one) with its mentions, triggers and the rule tier's events."""
        mentions = code_mentions(doc, tools.linker.link(doc, article.date), tools.linker.gaz, tools.lang)
        sents = list(doc.sents)
        by_sentence = sentence_mentions(sents, mentions)
        rule_events: list[Event] = []
        previous: list[list] = []
        home = home_government(mentions, tools.linker.gaz)
        for idx, sent in enumerate(sents):
            if not sent.text.strip():
                continue
            spans = [sent] if len(sent) <= MAX_SENTENCE_TOKENS else [
                doc[w:min(sent.end, w + MAX_SENTENCE_TOKENS)] for w in range(sent.start, sent.end, MAX_SENTENCE_TOKENS)]
            for span in spans:
                ms = [m for m in by_sentence.get(idx, []) if span.start <= m.start and m.end <= span.end
                      and not compared_only(doc, m, tools.lang)]
                triggers = tools.finder.triggers(span, ms)
                found = tools.finder.sentence_events(span, ms, article, prior=rule_events, trigs=triggers)
                rule_events += found
                context = with_implicit_agents(context_actors(previous[-CONTEXT_SENTENCES:]),
                                               implicit_agents(span, ms, home))
                yield SentenceReading(idx, span, ms, found, context, triggers)
            previous.append(sentence_actors(by_sentence.get(idx, [])))

    def _events_of_doc(self, tools: LanguageTools, article: Article, doc, dateline: Dateline | None = None,
                       first_part: bool | None = None) -> ArticleResult:
        """Events of one parsed text, located (:mod:`.extractors.locations`) with the dateline of the
        article's text, or for a part of a long article the whole article's ``dateline``."""
        started = time.monotonic()
        events: list[Event] = []
        mentions: list = []
        sentences = 0
        last = -1
        for reading in self.readings(tools, article, doc):
            mentions += reading.mentions
            if reading.index != last:
                sentences += 1
                last = reading.index
            if time.monotonic() - started > self.config.max_seconds_per_article:
                return ArticleResult(article, events, sentences, model=tools.model_name,
                                     error=f"time limit of {self.config.max_seconds_per_article:.0f}s per article "
                                           f"reached after {sentences} sentences")
            if tools.coder is None:
                events += reading.rule_events
                continue
            cands = tools.coder.featurize(reading.span, tools.lang, reading.index, reading.mentions,
                                          reading.triggers, reading.rule_events, reading.context)
            coded = tools.coder.decide(cands, self.config.min_confidence)
            events += assemble_events(coded, reading.span, reading.triggers, reading.rule_events, article, tools.lang)
        places = load_places(self.config.gazetteer_dirs)
        if first_part is None:
            dateline, first_part = find_dateline(article.text, places), True
        located = locate_events(merge_duplicates(events), doc, tools.lang, places, mentions,
                                dateline.country if dateline else None, dateline.end if dateline and first_part else 0)
        return ArticleResult(article, located, sentences, model=tools.model_name)


def shifted_event(event: Event, offset: int) -> Event:
    """``event`` with its evidence offsets moved by ``offset`` (from a part of the text to the whole text)."""
    if not offset:
        return event
    evidence = [(sentence, start + offset, end + offset) for sentence, start, end in event.extra_evidence]
    return dataclasses.replace(event, start=event.start + offset, end=event.end + offset,
                               extra_evidence=evidence)


def coder_plan(spec: str | None, models: dict[str, str]) -> str:
    """What ``diplokg models`` says of the event coder: the coder, then per language whether it or the rule
    tier codes that language's articles, and why (a language with no spaCy model, or one the coder was not
    trained on, falls back to the rules)."""
    from .extractors.language import SUPPORTED

    if spec == "rules":
        return "coder: the rule tier (lexicon and dependency rules), as asked"
    coder = load_coder(spec)
    lines = [f"coder: {coder.describe()}"]
    for lang in SUPPORTED:
        lines.append(f"  {lang}: {_coder_of_language(coder, lang, models.get(lang))}")
    return "\n".join(lines + _coder_figures(coder))


def _coder_of_language(coder: LearnedCoder, lang: str, model: str | None) -> str:
    """Which coder codes ``lang``'s articles, and why (its coder's languages, its spaCy model)."""
    if lang not in coder.languages:
        return (f"rule tier — coder {coder.name} was trained on {', '.join(coder.languages) or 'no'} "
                f"articles only")
    try:
        rule_tier = resolve_model(lang, model).is_rule_tier
    except ValueError:
        return f"coder {coder.name} once its spaCy model loads (see above)"
    if rule_tier:
        return f"rule tier — no spaCy model for {lang} (the coder reads parsed sentences)"
    return f"learned coder {coder.name} (the rule tier if the pipeline has no parser)"


def _coder_figures(coder: LearnedCoder) -> list[str]:
    """The coder's cross-validated precision per --min-confidence level and its calibration, if it has them."""
    cv = coder.meta.get("cross_validation", {})
    levels = cv.get("min_confidence", {})
    lines = []
    if levels:
        lines.append("  --min-confidence -> cross-validated precision: " + ", ".join(
            f"{k}: {v['precision']:.2f}" for k, v in sorted(levels.items())))
    if not coder.calibration.is_identity and "calibration_error" in cv:
        # (no word "error" here: in this listing it marks a model that failed to load)
        lines.append(f"  confidence calibrated on held-out predictions (cross-validated mean gap between "
                     f"confidence and observed precision {cv['calibration_error']:.3f})")
    return lines
