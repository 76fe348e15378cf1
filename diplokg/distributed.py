"""Ingest on a Dask cluster: workers extract and map, results go to one store.

``diplokg ingest PATH --dask tcp://scheduler:8786`` (or :func:`ingest_dask` from
Python) reads the input on this machine (the *client*), skips articles whose id
and content hash are already stored, and sends the rest in small chunks to the
cluster. Each worker process loads the extraction pipeline once (a per-process
cached :class:`~diplokg.pipeline.Extractor`) and turns a chunk into the quads of
each article. Where the quads go depends on the store:

* **SPARQL server** (``config.store`` is an ``http(s)://`` URL): by default the
  workers write each chunk themselves through
  :meth:`~diplokg.graph.rdf.store.RemoteStore.write_articles` (one update request per
  batch; the server must be reachable from the workers, and credentials come from
  ``DIPLOKG_STORE_USER`` / ``DIPLOKG_STORE_PASSWORD`` in the *workers'*
  environment). ``write_on="client"`` sends the quads back and writes from here.
* **Embedded store** (a folder, which only one process may open): the workers
  return each article's quads as N-Quads and the client writes them, one
  transaction per article, like :func:`diplokg.ingest.ingest`.

The input is streamed: at most ``max_in_flight`` chunks are submitted at any
time (default: twice the cluster's worker threads), so client memory is bounded
whatever the corpus size. A bad item gets one ``error:`` line naming it; a chunk
whose task fails (a worker died, say) is retried article by article so the error
lands on the article that caused it. Interrupting (Ctrl-C) writes what already
came back, cancels the rest, and a rerun resumes.

Dask is an optional dependency (``pip install "dask[distributed]"``); it is
imported only when this module's functions run.
"""
from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .config import Config
from .core.records import Article
from .extractors.articles import as_path_list
from .ingest import IngestSummary, new_articles
from .progress import IngestProgress
from .core.errors import SetupError

if TYPE_CHECKING:                                  # pragma: no cover - typing only
    from distributed import Client

    from .graph.rdf.mapping import ArticleQuads
    from .pipeline import Extractor

INSTALL_HINT = 'pip install "dask[distributed]"  (on the client and on every worker)'


def _import_distributed():
    """The ``distributed`` package, or a RuntimeError saying how to install it."""
    try:
        import distributed
    except ImportError as exc:                     # pragma: no cover - depends on the environment
        raise SetupError(f"--dask needs Dask's distributed scheduler, which is not installed ({exc}); "
                         f"install it with: {INSTALL_HINT}") from None
    return distributed


def is_remote(spec: str | os.PathLike | None) -> bool:
    """True when the store spec names a SPARQL server rather than a folder."""
    return str(spec or "").startswith(("http://", "https://"))


# -- what a task sends back ------------------------------------------------------------------------
@dataclass
class ItemOutcome:
    """What became of one article on a worker (plain data: pickled back to the client)."""

    article_id: str
    label: str                    # origin (file:line) or id, for messages
    status: str                   # "ok" (quads made), "skipped", "error"
    message: str | None = None    # skip reason, or error (with status "ok": partial result)
    sentences: int = 0
    events: int = 0
    content_hash: str = ""
    graph: str = ""               # IRI of the article's named graph
    nquads: bytes | None = None   # the article's quads, when the client writes them
    written: int = 0              # quads written by the worker (remote store, worker writes)


@dataclass
class ChunkOutcome:
    """The outcomes of one chunk, with the worker's notices (rule tier etc.)."""

    items: list[ItemOutcome] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    worker: str = ""


# -- worker side ------------------------------------------------------------------------------------
_CACHE_LOCK = threading.Lock()
_EXTRACTORS: dict[str, tuple[Extractor, threading.Lock]] = {}
_STORES: dict[str, Any] = {}


def _config_key(config: Config) -> str:
    """What identifies a pipeline setup (the store does not: one extractor serves any store)."""
    import dataclasses

    return repr(dataclasses.replace(config, store=""))


def worker_extractor(config: Config) -> tuple[Extractor, threading.Lock]:
    """This process's Extractor for ``config`` (created once) and the lock that serialises its use.

    A Dask worker runs tasks in threads; one pipeline per process (not per thread)
    keeps memory at one model per worker process, and the lock keeps spaCy and
    the lazily built per-language tools from being used by two threads at once.
    Run workers with ``--nthreads 1`` and scale with ``--nworkers``.
    """
    from .pipeline import Extractor

    key = _config_key(config)
    with _CACHE_LOCK:
        if key not in _EXTRACTORS:
            _EXTRACTORS[key] = (Extractor(config), threading.Lock())
        return _EXTRACTORS[key]


def _worker_store(url: str):
    from .graph.rdf.store import open_store

    with _CACHE_LOCK:
        if url not in _STORES:
            _STORES[url] = open_store(url)
        return _STORES[url]


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except Exception:                              # not inside a Dask worker (tests, client-side calls)
        return f"{socket.gethostname()}:{os.getpid()}"


def preload(config: Config, langs: Iterable[str]) -> dict[str, str]:
    """Load the pipelines for ``langs`` in this worker process; lang -> model label or ``error: ...``.

    Run once per worker before the first chunk so a model that is missing on a
    worker stops the run with one clear message instead of one error per article.
    """
    from .extractors.nlp import model_label

    extractor, lock = worker_extractor(config)
    out: dict[str, str] = {}
    with lock:
        for lang in langs:
            try:
                out[lang] = model_label(extractor.tools(lang).nlp)
            except Exception as exc:
                out[lang] = f"error: {type(exc).__name__}: {exc}"
    return out


def extract_chunk(config: Config, articles: list[Article], store_url: str | None = None,
                  batch_size: int = 50) -> ChunkOutcome:
    """Extract and map one chunk on a worker.

    With ``store_url`` the worker writes the articles' graphs to that SPARQL server
    (in requests of ``batch_size`` articles) and returns counts only; without it
    each article's quads come back as N-Quads for the client to write.
    """
    import pyoxigraph as ox

    from .ingest import mapped_result

    extractor, lock = worker_extractor(config)
    outcome = ChunkOutcome(worker=_worker_name())
    mapped: list[tuple[ItemOutcome, ArticleQuads]] = []
    with lock:
        results = list(extractor.pipe(articles))
        outcome.notices = list(extractor.notices)
    for result in results:
        article = result.article
        item = ItemOutcome(article.id, article.origin or article.id, "ok", result.error,
                           result.sentences, len(result.events), article.content_hash)
        outcome.items.append(item)
        if result.skipped:
            item.status, item.message = "skipped", result.skipped
            continue
        if result.error and not result.events:
            item.status = "error"
            continue
        try:
            quads = mapped_result(result, extractor)
        except Exception as exc:
            item.status, item.message = "error", f"mapping failed: {type(exc).__name__}: {exc}"
            continue
        item.graph = quads.graph.value
        if store_url is None:
            item.nquads = ox.serialize(quads.quads, format=ox.RdfFormat.N_QUADS)
        else:
            mapped.append((item, quads))
    if store_url is not None and mapped:
        store = _worker_store(store_url)
        for start in range(0, len(mapped), max(1, batch_size)):
            part = mapped[start:start + max(1, batch_size)]
            try:
                store.write_articles([q for _, q in part])
            except Exception as exc:
                for item, _ in part:
                    item.status, item.message = "error", f"store write failed on {outcome.worker}: {exc}"
                continue
            for item, q in part:
                item.written = len(q.quads)
    return outcome


# -- client side ------------------------------------------------------------------------------------
def _connect(scheduler: str | Client) -> tuple[Client, Callable[[], None]]:
    """A Client for an address, ``"local"``/``"local:N"`` (a LocalCluster here) or an existing Client."""
    distributed = _import_distributed()
    if isinstance(scheduler, distributed.Client):
        return scheduler, lambda: None
    address = str(scheduler)
    if address == "local" or address.startswith("local:"):
        n = int(address.partition(":")[2] or os.cpu_count() or 1)
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        client = distributed.Client(cluster, set_as_default=False)

        def close() -> None:
            client.close()
            cluster.close()
        return client, close
    try:
        client = distributed.Client(address, set_as_default=False, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise SetupError(f"cannot connect to the Dask scheduler at {address}: {exc}") from None
    return client, client.close


def _chunks(articles: Iterable[Article], chunk_size: int) -> Iterator[list[Article]]:
    """Chunks of at most ``chunk_size`` articles, one language per chunk (better ``nlp.pipe`` batches)."""
    pending: dict[str | None, list[Article]] = {}
    for article in articles:
        group = pending.setdefault(article.lang, [])
        group.append(article)
        if len(group) >= chunk_size:
            yield pending.pop(article.lang)
    for group in pending.values():
        if group:
            yield group


def recount_after_concurrent_writes(store, graphs: list[str], chunk: int = 200) -> None:
    """Recount the summary nodes of the events these article graphs hold.

    Workers write to the server at the same time; each write recounts its months from a snapshot,
    so two concurrent writes to one month can leave it one event short. Once every worker is done,
    the client recounts those months alone, and the counts are exact again.
    """
    from .graph.rdf import summaries

    for start in range(0, len(graphs), chunk):
        rows = store.query(summaries.touched_query(graphs[start:start + chunk]), prefixes=False).rows
        update = summaries.refresh_update({row["n"] for row in rows})
        if update:
            store.update(update)


def ingest_dask(paths: Iterable[str | Path], scheduler: str | Client, config: Config, *,
                batch_size: int | None = None, chunk_size: int = 16, max_in_flight: int | None = None,
                write_on: str = "auto", progress: bool | None = None, err: TextIO | None = None,
                on_error: Callable[[str], None] | None = None) -> IngestSummary:
    """Ingest files/folders on a Dask cluster into ``config.store``; returns the run's summary.

    ``scheduler`` is a scheduler address (``tcp://10.0.0.5:8786``), ``"local"`` /
    ``"local:N"`` for a LocalCluster of N single-threaded worker processes on this
    machine, or an existing :class:`distributed.Client` (left open). Articles go
    out in chunks of ``chunk_size`` (one language each) with at most
    ``max_in_flight`` chunks submitted at once (default: 2 x the cluster's worker
    threads). ``batch_size`` is the number of articles per store write; it and ``progress`` default to
    ``config.write_batch_size`` and ``config.progress``.
    ``write_on`` is ``"workers"`` (SPARQL server only: workers write directly),
    ``"client"`` (quads come back as N-Quads and this process writes them) or
    ``"auto"`` (workers for a SPARQL server, client for an embedded store).

    Like :func:`diplokg.ingest.ingest`: unchanged articles (same id and content
    hash already stored) are counted and skipped, a duplicate id in the input is
    an error, every failed item gets one ``error:`` line on ``err`` and in
    ``summary.errors``, and the rest of the input goes on.
    """
    from .graph.rdf.mapping import ArticleQuads
    from .graph.rdf.store import open_store, stored_articles

    distributed = _import_distributed()
    batch_size = batch_size or config.write_batch_size
    progress = config.progress if progress is None else progress
    remote = is_remote(config.store)
    write_on = _write_target(write_on, remote)
    store = open_store(config.store)
    if remote:
        store.ensure_ontology()                   # once, before workers write (no race on the ontology graph)
    stored, stored_files = stored_articles(store)
    try:
        client, close_client = _connect(scheduler)
    except BaseException:
        store.close()
        raise
    paths = as_path_list(paths)                  # one path given alone is one input
    run = _ClientSide(store, IngestProgress(paths, progress, desc="ingest (dask)", file=err or sys.stderr),
                      batch_size, on_error)
    store_url = str(config.store) if write_on == "workers" else None
    ac = distributed.as_completed(loop=client.loop)
    in_flight: dict[Any, list[Article]] = {}

    def submit(chunk: list[Article]) -> None:
        future = client.submit(extract_chunk, config, chunk, store_url, batch_size, pure=False)
        in_flight[future] = chunk
        ac.add(future)

    try:
        _preflight(client, config, run.notice)
        limit = max_in_flight or max(2, 2 * sum(client.nthreads().values()))
        articles = new_articles(paths, config, stored, run.summary, run.report, run.bar, stored_files)
        chunks = _chunks(articles, max(1, chunk_size))
        _drive(ac, in_flight, chunks, submit, limit, run)
        run.flush()
        recount_after_concurrent_writes(store, run.worker_graphs)
    except KeyboardInterrupt:
        run.flush()                                # keep what already came back; a rerun resumes
        raise
    finally:
        if in_flight:
            try:
                client.cancel(list(in_flight))
            except Exception:
                pass
        run.bar.close()
        close_client()
        store.close()
    return run.summary


def _write_target(write_on: str, remote: bool) -> str:
    """Who writes the quads: ``"workers"`` (a SPARQL server only) or ``"client"``; ``"auto"`` picks."""
    if write_on == "auto":
        write_on = "workers" if remote else "client"
    if write_on not in ("workers", "client"):
        raise ValueError(f"write_on must be 'auto', 'workers' or 'client', not {write_on!r}")
    if write_on == "workers" and not remote:
        raise ValueError("write_on='workers' needs a SPARQL server store (http URL): only one process "
                         "can open an embedded store, so its quads are written by the client")
    return write_on


def _drive(ac, in_flight: dict, chunks: Iterator[list[Article]], submit: Callable[[list[Article]], None],
           limit: int, run: "_ClientSide") -> None:
    """Keep ``limit`` chunks on the cluster and hand each finished one to ``run``; a chunk whose task
    failed is split into single articles so that only the article that broke it is reported."""
    for chunk in chunks:
        submit(chunk)
        if len(in_flight) >= limit:
            break
    for future in ac:
        chunk = in_flight.pop(future)
        try:
            outcome = future.result()
        except Exception as exc:
            if len(chunk) > 1:                 # isolate the article that broke the task
                for article in chunk:
                    submit([article])
            else:
                run.report(f"{chunk[0].origin or chunk[0].id}: extraction failed on the cluster: "
                           f"{type(exc).__name__}: {exc}")
                run.bar.advance()
        else:
            run.handle(outcome)
        finally:
            future.release()
        while len(in_flight) < limit:
            chunk = next(chunks, None)
            if chunk is None:
                break
            submit(chunk)


class _ClientSide:
    """What the client of a Dask ingest keeps: the run's summary and progress bar, and the quads
    that came back to be written here in batches (or the graphs the workers wrote themselves)."""

    def __init__(self, store, bar: IngestProgress, batch_size: int, on_error: Callable[[str], None] | None):
        self.store, self.bar, self.batch_size, self.on_error = store, bar, batch_size, on_error
        self.summary = IngestSummary()
        self.pending_writes: list = []
        self.worker_graphs: list[str] = []

    def report(self, message: str) -> None:
        self.summary.errors.append(message)
        if self.on_error:
            self.on_error(message)
        self.bar.write(f"error: {message}")

    def notice(self, message: str) -> None:
        if message not in self.summary.notices:
            self.summary.notices.append(message)
            self.bar.write(f"notice: {message}")

    def flush(self) -> None:
        if self.pending_writes:
            self.summary.triples += self.store.write_articles(self.pending_writes)
            self.pending_writes.clear()

    def handle(self, outcome: ChunkOutcome) -> None:
        """Count one chunk's outcome: errors and skips reported, quads queued (or worker writes counted)."""
        import pyoxigraph as ox

        from .graph.rdf.mapping import ArticleQuads

        for message in outcome.notices:
            self.notice(message)
        summary = self.summary
        for item in outcome.items:
            self.bar.advance(events=summary.events)
            if item.status == "skipped":
                summary.skipped += 1
                self.bar.write(f"skipped: {item.label}: {item.message}")
                continue
            if item.status == "error":
                self.report(f"{item.label}: {item.message}")
                continue
            if item.message:
                self.report(f"{item.label}: {item.message} (partial result stored)")
            summary.articles += 1
            summary.sentences += item.sentences
            summary.events += item.events
            if item.nquads is not None:
                quads = list(ox.parse(item.nquads, format=ox.RdfFormat.N_QUADS))
                self.pending_writes.append(ArticleQuads(item.article_id, item.content_hash,
                                                        ox.NamedNode(item.graph), quads))
                if len(self.pending_writes) >= self.batch_size:
                    self.flush()
            else:
                summary.triples += item.written
                self.worker_graphs.append(item.graph)


def _preflight(client: Client, config: Config, notice: Callable[[str], None]) -> None:
    """Load the configured pipelines on every worker now; stop with one message if any cannot.

    Only languages with an explicit ``--model`` are loaded here (others load on
    first use). Workers that would run different pipelines get a notice.
    """
    langs = sorted(config.models)
    workers = list(client.scheduler_info(n_workers=-1)["workers"]) if _accepts_n_workers(client) \
        else list(client.scheduler_info()["workers"])
    if not workers:
        raise SetupError("the Dask cluster has no workers; start some with: "
                         "dask worker SCHEDULER_ADDRESS --nworkers N --nthreads 1")
    if not langs:
        return
    futures = {w: client.submit(preload, config, langs, workers=[w], allow_other_workers=False, pure=False)
               for w in workers}
    labels: dict[str, set[str]] = {}
    failures = []
    for worker, future in futures.items():
        try:
            loaded = future.result()
        except Exception as exc:
            failures.append(f"{worker}: {type(exc).__name__}: {exc}")
            continue
        for lang, label in loaded.items():
            if label.startswith("error:"):
                failures.append(f"{worker} cannot load the {lang} pipeline ({label[7:]})")
            labels.setdefault(lang, set()).add(label)
    if failures:
        raise SetupError("Dask workers are not ready (install the models on every worker or pass a path "
                         "they can all read): " + "; ".join(failures))
    for lang, found in labels.items():
        if len(found) > 1:
            notice(f"workers run different {lang} pipelines: {', '.join(sorted(found))}")


def _accepts_n_workers(client: Client) -> bool:
    import inspect

    try:
        return "n_workers" in inspect.signature(client.scheduler_info).parameters
    except (TypeError, ValueError):
        return False
