"""Ingestion: read, extract, map and store articles in batches, with a summary.

Unchanged articles (same id and content hash already in the store) are skipped,
so re-running the same command is a no-op and an interrupted run resumes where
it stopped; a changed text replaces exactly its article's graph.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, TextIO

from .extractors.articles import ReadError, as_path_list, read_articles
from .core.records import Article
from .graph.rdf.mapping import map_article
from .graph.rdf.store import stored_articles
from .pipeline import ArticleResult, Extractor
from .progress import IngestProgress


@dataclass
class IngestSummary:
    """Counts of one ingest run; ``errors`` holds one line per failed item."""

    articles: int = 0          # stored (new or changed)
    unchanged: int = 0
    skipped: int = 0           # unsupported language etc.
    sentences: int = 0
    events: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"articles: {self.articles} stored"]
        if self.unchanged:
            parts[0] += f", {self.unchanged} unchanged"
        if self.skipped:
            parts[0] += f", {self.skipped} skipped"
        parts += [f"sentences: {self.sentences}", f"events: {self.events}",
                  f"triples added: {self.triples}", f"errors: {len(self.errors)}"]
        return " | ".join(parts)


def new_articles(paths: list[str | Path], config, stored: dict[str, str], summary: IngestSummary,
                 report: Callable[[str], None], bar: IngestProgress,
                 stored_files: dict[str, str] | None = None) -> Iterator[Article]:
    """The input's articles that need extracting: read errors and ids repeated in the input are
    reported, articles stored with the same content hash are counted as unchanged and skipped.

    ``stored_files`` (id -> the file whose name made a stored article's id) tells an edited file, whose
    new text replaces its article, from another file of the same name, which is refused: its article
    would silently take the stored one's place."""
    stored_files = stored_files or {}
    seen_ids: dict[str, str] = {}               # id -> the item it came from

    def notice(message: str) -> None:
        summary.notices.append(message)
        bar.write(f"notice: {message}")

    for item in read_articles(paths, lang=config.lang, date=config.date, on_notice=notice):
        if isinstance(item, ReadError):
            report(str(item))
            bar.advance()
            continue
        if item.id in seen_ids:
            report(f"{item.origin}: article id {item.id!r} is already used by {seen_ids[item.id]} in this input "
                   f"(kept that one; give each article its own file name or an 'id' field)")
            bar.advance()
            continue
        seen_ids[item.id] = item.origin or item.id
        if stored.get(item.id) == item.content_hash:
            summary.unchanged += 1
            bar.advance()
            continue
        if item.id in stored:                   # same id, other text: a new version replaces the stored one
            earlier = stored_files.get(item.id)
            if earlier and item.id_file and earlier != item.id_file:
                report(f"{item.origin}: article id {item.id!r} is already stored from another file, {earlier} "
                       f"(kept that one; rename this file, give it an 'id' field, or 'diplokg remove "
                       f"{item.id}' first)")
                bar.advance()
                continue
            notice(f"{item.origin or item.id}: replaces the stored article {item.id!r} (same id, different "
                   f"text); if it is another article, give it its own file name or 'id' and re-ingest the other")
        yield item


def ingest(paths: Iterable[str | Path], store, extractor: Extractor, *, batch_size: int | None = None,
           progress: bool | None = None, err: TextIO | None = None, workers: int | None = None,
           on_error: Callable[[str], None] | None = None) -> IngestSummary:
    """Ingest files/folders into ``store``; bad items are reported and the rest goes on.

    ``batch_size`` (articles per store write), ``progress`` and ``workers`` default to the extractor's
    :class:`~diplokg.config.Config` (``write_batch_size``, ``progress``, ``workers``)."""
    config = extractor.config
    batch_size = batch_size or config.write_batch_size
    progress = config.progress if progress is None else progress
    workers = workers or config.workers
    summary = IngestSummary()
    err = err or sys.stderr
    paths = as_path_list(paths)                  # one path given alone is one input
    stored, stored_files = stored_articles(store)
    bar = IngestProgress(paths, progress, file=err)

    def report(message: str) -> None:
        summary.errors.append(message)
        if on_error:
            on_error(message)
        bar.write(f"error: {message}")

    articles = new_articles(paths, extractor.config, stored, summary, report, bar, stored_files)
    batch = []
    notices_shown = 0
    results = extract_parallel(articles, extractor, workers) if workers > 1 else extractor.pipe(articles)
    try:
        for result in results:
            bar.advance(events=summary.events)
            while notices_shown < len(extractor.notices):
                message = extractor.notices[notices_shown]
                summary.notices.append(message)
                bar.write(f"notice: {message}")
                notices_shown += 1
            if result.skipped:
                summary.skipped += 1
                bar.write(f"skipped: {result.article.origin or result.article.id}: {result.skipped}")
                continue
            if result.error and not result.events:
                report(f"{result.article.origin or result.article.id}: {result.error}")
                continue
            mapped = _mapped_or_report(result, report, extractor)
            if mapped is None:
                continue
            if result.error:
                report(f"{_name(result.article)}: {result.error} (partial result stored)")
            batch.append((result, mapped))
            if len(batch) >= batch_size:
                _write_batch(store, batch, summary, report)
                batch = []
        if batch:
            _write_batch(store, batch, summary, report)
    finally:
        bar.close()
    return summary


_WORKER: Extractor | None = None


def _init_worker(config) -> None:
    global _WORKER
    import signal

    # Ctrl-C reaches the whole process group: the ingest process handles it (keeps what is written
    # and shuts the pool down); a worker interrupted while waiting for work would only print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Extractor(config)
    _exit_with_parent()


def _exit_with_parent() -> None:
    """Stop this worker when the ingest process dies (kill -9 leaves no orphan workers behind)."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="diplokg-parent-watch", daemon=True).start()


def _extract_chunk(chunk: list[Article]) -> tuple[list[ArticleResult], list[str]]:
    assert _WORKER is not None
    results = list(_WORKER.pipe(chunk))
    return results, list(_WORKER.notices)


def extract_parallel(articles: Iterable[Article], extractor: Extractor, workers: int,
                     chunk_size: int = 16) -> Iterator[ArticleResult]:
    """Extract in ``workers`` processes, in input order, with a bounded number of chunks in flight.

    Small inputs (fewer than two chunks per worker) run in this process: starting
    workers costs a pipeline load each. Memory stays bounded whatever the input size.
    """
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    import itertools
    import multiprocessing

    iterator = iter(articles)
    head = list(itertools.islice(iterator, chunk_size * workers * 2))
    if len(head) < chunk_size * workers * 2:
        yield from extractor.pipe(head)
        return
    stream = itertools.chain(head, iterator)
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(extractor.config,)) as pool:
        in_flight: deque = deque()
        while True:
            while len(in_flight) < workers * 2:
                chunk = list(itertools.islice(stream, chunk_size))
                if not chunk:
                    break
                in_flight.append(pool.submit(_extract_chunk, chunk))
            if not in_flight:
                break
            results, notices = in_flight.popleft().result()
            for notice in notices:
                if notice not in extractor.notices:
                    extractor.notices.append(notice)
            for result in results:
                yield result


def mapped_result(result: ArticleResult, extractor: Extractor | None = None):
    """The store quads of one extraction result: its article and events, with the model that read them
    (actors' countries looked up in the extractor's gazetteer folders)."""
    models = {result.article.lang: result.model} if result.model and result.article.lang else {}
    dirs = extractor.config.gazetteer_dirs if extractor is not None else ()
    return map_article(result.article, result.events, models, dirs)


def _name(article: Article) -> str:
    return article.origin or article.id


def _mapped_or_report(result: ArticleResult, report: Callable[[str], None], extractor: Extractor):
    """The article's quads, or None after one error line: a fault in one item never ends the batch."""
    try:
        return mapped_result(result, extractor)
    except Exception as exc:        # whatever the cause, the other articles go on
        report(f"{_name(result.article)}: cannot be stored ({type(exc).__name__}: {exc})")
        return None


def _write_batch(store, batch: list[tuple[ArticleResult, object]], summary: IngestSummary,
                 report: Callable[[str], None]) -> None:
    """Write a batch in one transaction; if the store refuses it, write its articles one by one so
    only the article at fault is reported. When every single write fails too, the store itself is
    the problem: the first error is raised (what is stored so far stays stored)."""
    try:
        summary.triples += store.write_articles([mapped for _, mapped in batch])
    except Exception:
        if len(batch) == 1 or not _write_each(store, batch, summary, report):
            raise
        return
    for result, _ in batch:
        _count(summary, result)


def _write_each(store, batch: list[tuple[ArticleResult, object]], summary: IngestSummary,
                report: Callable[[str], None]) -> int:
    """Write the articles of a refused batch one by one; returns how many went in (their failures are
    reported only then: if none went in, the caller raises the store's error instead)."""
    failures: list[str] = []
    written = 0
    for result, mapped in batch:
        try:
            summary.triples += store.write_articles([mapped])
        except Exception as exc:
            failures.append(f"{_name(result.article)}: cannot be stored ({type(exc).__name__}: {exc})")
            continue
        written += 1
        _count(summary, result)
    if written:
        for message in failures:
            report(message)
    return written


def _count(summary: IngestSummary, result: ArticleResult) -> None:
    summary.articles += 1
    summary.sentences += result.sentences
    summary.events += len(result.events)
