"""Bulk loading of RDF dataset files (N-Quads, TriG, JSON-LD) into a store: ``diplokg load``.

For moving a graph between stores (``diplokg export --format nquads`` on one machine, ``load``
on another), restoring a backup, or a first load far larger than ingesting article by article
would allow. Each file is one unit: it is stored whole or not at all, and a bad file (syntax
error, binary, wrong encoding, empty) is reported in one line naming it while the others load.

On the embedded store the files go through Oxigraph's bulk loader (``Store.bulk_load``: parsing
and index building in Rust, atomic per call), several files at once in threads. Into a store
that holds no article yet everything is loaded straight away and the summary nodes are
rebuilt in one pass at the end. Into a store that already holds articles each file is read
first: a file that holds an article graph the store already has is refused (loading adds
quads, so an article loaded twice in different versions would mix them; remove it first or
re-ingest), and only the summary month nodes the new events fall in are recounted.

On a remote SPARQL server a file is checked completely (parsed) before anything is sent, then
sent as ``INSERT DATA`` requests of :data:`REMOTE_CHUNK` quads; a server failure midway leaves
that file partly stored (reported), and loading it again is harmless (RDF stores keep sets).
"""
from __future__ import annotations

import gzip
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from . import pending, summaries, totals
from ...ontology.namespaces import DKG, FACTS_GRAPH_IRI, ONTOLOGY_GRAPH_IRI, STATE_GRAPH_IRI, SUMMARY_GRAPH_IRI
from ...core.errors import InputError

FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG,
           ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD}
REMOTE_CHUNK = 20_000
# Above this many touched month nodes a full rebuild (counting all events at once) is cheaper than
# recounting node by node.
REFRESH_LIMIT = 20_000
_ARTICLE_ID = ox.NamedNode(DKG + "articleId")
_LINKS = {DKG + p for p in summaries.LINK_PREDICATES}
_COUNTRY = DKG + "country"
_SHARED = {FACTS_GRAPH_IRI, ONTOLOGY_GRAPH_IRI, SUMMARY_GRAPH_IRI, STATE_GRAPH_IRI}


@dataclass
class FileResult:
    """What happened to one file: ``error`` is None when it was stored."""

    path: str
    seconds: float = 0.0
    quads: int | None = None          # quads read (None when not counted)
    error: str | None = None
    already: bool = False             # stored by an earlier load that was interrupted: not loaded again

    def line(self) -> str:
        if self.error:
            return f"error: {self.path}: {self.error}"
        if self.already:
            return f"already loaded {self.path} (by an earlier load that stopped before its summaries)"
        count = f"{self.quads:,} quads" if self.quads is not None else "loaded"
        rate = f", {self.quads / self.seconds:,.0f} quads/s" if self.quads and self.seconds > 0 else ""
        return f"loaded {self.path}: {count} in {self.seconds:.1f} s{rate}"


@dataclass
class LoadReport:
    """The outcome of :func:`load_files`: one result per file, then how the summaries were brought up to date."""

    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    summary: str = "none"               # "rebuilt", "refreshed N nodes", "skipped", "none"
    summary_seconds: float = 0.0
    optimize_seconds: float | None = None   # the embedded store's compaction after the load

    @property
    def errors(self) -> list[FileResult]:
        return [f for f in self.files if f.error]

    @property
    def quads(self) -> int:
        return sum(f.quads or 0 for f in self.files if not f.error)


def format_of(path: str | Path) -> ox.RdfFormat:
    """The dataset format a file name says (``.nq``, ``.trig``, ``.jsonld``, each optionally ``.gz``).

    >>> format_of("part-1.nq.gz") == ox.RdfFormat.N_QUADS
    True
    """
    name = Path(path).name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix not in FORMATS:
        raise InputError(f"unknown dataset format {suffix or '(no extension)'!r}; "
                         f"use one of {', '.join(sorted(FORMATS))} (optionally .gz)")
    return FORMATS[suffix]


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _check_file(path: Path) -> str | None:
    """A reason not to read this file at all, or None."""
    if path.is_dir():
        return "a folder, not a dataset file (give the files in it)"
    if not path.is_file():
        return "no such file"
    if path.stat().st_size == 0:
        return "empty file"
    try:
        format_of(path)
    except ValueError as exc:
        return str(exc)
    with _open(path) as fh:
        try:
            head = fh.read(4096)
        except (OSError, EOFError) as exc:
            return f"cannot read it: {exc}"
    if not head.strip():
        return "empty file"
    if b"\x00" in head:
        return "binary data, not an RDF text file"
    return None


def _error_text(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, UnicodeDecodeError) or "utf-8" in text.lower() and "invalid" in text.lower():
        text = f"not UTF-8 text ({text})"
    return text[:300]


def count_nquads(path: Path) -> int | None:
    """Quads in an N-Quads file, counted as its statement lines (fast; None for other formats)."""
    if format_of(path) != ox.RdfFormat.N_QUADS:
        return None
    n = 0
    last = b"\n"
    with _open(path) as fh:
        while chunk := fh.read(1 << 24):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")


@dataclass
class _Scan:
    quads: int = 0
    graphs: set[str] = field(default_factory=set)
    months: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)        # actors whose country an article graph states


def scan(path: Path) -> _Scan:
    """Parse a whole file (raises ``SyntaxError`` on bad data): its quads, article graphs, month nodes and
    the actors whose country its article graphs state."""
    out = _Scan()
    with _open(path) as fh:
        for quad in ox.parse(fh, format=format_of(path)):
            out.quads += 1
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and graph.value not in _SHARED:
                out.graphs.add(graph.value)
            if quad.predicate.value in _LINKS:
                out.months.add(quad.object.value)
            elif quad.predicate.value == _COUNTRY and isinstance(graph, ox.NamedNode) and graph.value != FACTS_GRAPH_IRI:
                out.countries.add(quad.subject.value)
    return out


def _with_rekeyed(store, found: _Scan) -> set[str]:
    """A file's month nodes and the dyad months of the actors whose country it states (their country-dyad
    month node may change)."""
    if not found.countries:
        return set(found.months)
    rows = store.query(summaries.rekeyed_query(found.countries), prefixes=False).rows
    return set(found.months) | {row["n"] for row in rows}


def _has_articles(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, _ARTICLE_ID, None)), None) is not None


def load_files(store, paths: Iterable[str | Path], *, threads: int | None = None, lenient: bool = False,
               summaries_mode: str = "auto", optimize: bool = True,
               progress: Callable[[FileResult], None] | None = None) -> LoadReport:
    """Load dataset files into ``store`` (an ``EmbeddedStore`` or ``RemoteStore``) and update the summaries.

    ``threads``: files loaded at once on the embedded store (default: the CPU count).
    ``lenient``: skip IRI validation while parsing (faster; for files known to be valid, e.g. our exports).
    ``summaries_mode``: ``"auto"`` (rebuild after a load into an empty store, else recount the touched
    month nodes), ``"rebuild"``, or ``"skip"`` (run ``diplokg rebuild-summaries`` later).
    ``optimize``: compact the embedded store afterwards (``Store.optimize``): bulk-loaded files leave
    overlapping index files that made the named queries 2-3× slower at a million events until compacted.
    ``progress`` is called with each file's result as it finishes.

    Resumable (:mod:`.pending`): the summary work is recorded before any data goes in and each file
    as it is loaded, so after a kill the same command skips the files that went in, loads again the
    one that may be partly in, and finishes the summaries (and read commands finish them meanwhile).
    """
    if summaries_mode not in ("auto", "rebuild", "skip"):
        raise ValueError(f"summaries_mode must be auto, rebuild or skip, not {summaries_mode!r}")
    t0 = time.perf_counter()
    report = LoadReport()
    files = _readable(paths, report, progress)
    embedded = hasattr(store, "store") and isinstance(store.store, ox.Store)
    if not embedded:
        store.ensure_ontology()
    states = pending.file_states(store, files)
    for path in [p for p in files if states.get(str(p)) == "loaded"]:
        files.remove(path)
        _finish(report, FileResult(str(path), already=True), progress)
    resumed = {p for p in files if states.get(str(p)) == "loading"}
    fresh = embedded and not _has_articles(store.store)
    if fresh or summaries_mode != "auto":
        if files:
            pending.mark_rebuild(store, f"a load of {len(files)} files was started")
        mark = None
    else:
        def mark(months: set[str]) -> None:
            if len(months) > REFRESH_LIMIT:
                pending.mark_rebuild(store, "a load touching many summary months was started")
            else:
                pending.mark_stale(store, months)
    if embedded:
        if files:
            totals.drop(store.store)              # counted again when the summaries are brought along
        touched = _load_embedded(store, files, report, fresh=fresh, threads=threads, lenient=lenient,
                                 progress=progress, mark=mark, resumed=resumed)
        store.store.flush()
    else:
        touched = _load_remote(store, files, report, progress, mark=mark, resumed=resumed)
    report.seconds = time.perf_counter() - t0
    store.ensure_ontology(recheck=True)           # one version of the ontology, whatever the files brought
    t1 = time.perf_counter()
    report.summary = _bring_summaries(store, summaries_mode, report, fresh=fresh, touched=touched)
    pending.clear_files(store)
    report.summary_seconds = time.perf_counter() - t1
    if embedded and optimize and any(not f.error and not f.already for f in report.files):
        t2 = time.perf_counter()
        store.store.optimize()
        report.optimize_seconds = time.perf_counter() - t2
    return report


def _readable(paths: Iterable[str | Path], report: LoadReport, progress) -> list[Path]:
    """The paths worth reading; the others reported in one line each."""
    files: list[Path] = []
    for p in paths:
        path = Path(p)
        problem = _check_file(path)
        if problem:
            _finish(report, FileResult(str(path), error=problem), progress)
        else:
            files.append(path)
    return files


def _bring_summaries(store, mode: str, report: LoadReport, *, fresh: bool, touched: set[str] | None) -> str:
    """Rebuild or recount the summary nodes after a load (and what an interrupted one left); what was done."""
    owed = pending.pending_of(store)
    loaded = any(not f.error and not f.already for f in report.files)
    if mode == "skip":
        return "skipped (pending: the next command rebuilds them)" if owed else "none"
    if not loaded and not owed:
        return "none"
    if mode == "rebuild" or fresh or owed.rebuild or touched is None or len(touched) > REFRESH_LIMIT:
        store.rebuild_summaries()                 # clears the pending record when done
        return "rebuilt"
    nodes = set(touched) | set(owed.stale)
    if nodes:
        store.update(summaries.refresh_update(nodes))     # recounting a node clears its stale mark
    if isinstance(getattr(store, "store", None), ox.Store):
        totals.recount(store.store)
    return f"refreshed {len(nodes):,} month nodes"


def _finish(report: LoadReport, result: FileResult, progress) -> None:
    report.files.append(result)
    if progress:
        progress(result)


def _checked_scan(path: Path, stored: Callable[[set[str]], list[str]], report: LoadReport,
                  progress) -> _Scan | None:
    """Scan a file for a store that already holds articles; None (reported) when it is bad or holds an
    article graph ``stored`` says the store already has."""
    t = time.perf_counter()
    try:
        found = scan(path)
    except (SyntaxError, ValueError, OSError, EOFError) as exc:
        _finish(report, FileResult(str(path), time.perf_counter() - t, error=_error_text(exc)), progress)
        return None
    clash = stored(found.graphs)
    if clash:
        more = f" and {len(clash) - 1} more" if len(clash) > 1 else ""
        _finish(report, FileResult(str(path), time.perf_counter() - t, error=(
            f"holds article graph {clash[0]}{more} already in the store (loading adds quads; "
            "remove those articles first, or re-ingest them)")), progress)
        return None
    return found


def _load_embedded(wrapper, files: list[Path], report: LoadReport, *, fresh: bool, threads: int | None,
                   lenient: bool, progress, mark, resumed: set[Path]) -> set[str] | None:
    """Bulk-load the files (in parallel); returns the month nodes they touch (None: not scanned).

    ``mark(months)`` records the summary work before the data goes in (None: already recorded);
    ``resumed`` files were being loaded when an earlier load stopped: loaded again, not refused.
    """
    store: ox.Store = wrapper.store
    touched: set[str] = set()
    scans: dict[Path, _Scan] = {}
    if not fresh:
        # a store with articles: read each file first (refuse stored articles, except in a file an earlier
        # load stopped in; collect the month nodes: opening the store recounted them before it is complete)
        for path in list(files):
            found = _checked_scan(path, lambda graphs: [] if path in resumed else sorted(
                g for g in graphs if store.contains_named_graph(ox.NamedNode(g))), report, progress)
            if found is None:
                files.remove(path)
                continue
            scans[path] = found
            touched |= _with_rekeyed(wrapper, found)
    if mark is not None and files:
        mark(touched)
    for path in files:
        pending.mark_file(wrapper, path, "loading")

    def one(path: Path) -> FileResult:
        t = time.perf_counter()
        try:
            quads = scans[path].quads if path in scans else count_nquads(path)
            if path.name.lower().endswith(".gz"):
                with _open(path) as fh:
                    store.bulk_load(fh, format=format_of(path), lenient=lenient)
            else:                                  # read by Rust itself, not through a Python file object
                store.bulk_load(path=str(path), format=format_of(path), lenient=lenient)
        except (SyntaxError, ValueError, OSError, EOFError) as exc:
            return FileResult(str(path), time.perf_counter() - t, error=_error_text(exc))
        return FileResult(str(path), time.perf_counter() - t, quads=quads)

    workers = max(1, min(len(files), threads or os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for path, result in zip(files, pool.map(one, files)):
            if not result.error:
                store.flush()
                pending.mark_file(wrapper, path, "loaded")
                _crash_point("after-file")
            _finish(report, result, progress)
    return None if fresh else touched


def _crash_point(name: str) -> None:
    """Test hook: ``DIPLOKG_TEST_CRASH=NAME`` ends the process here at once (as ``kill -9`` would), so the
    suite can check that the next command finds a store it can finish."""
    if os.environ.get("DIPLOKG_TEST_CRASH") == name:
        os._exit(137)


def _chunks(quads: Iterator[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    chunk: list[ox.Quad] = []
    for quad in quads:
        chunk.append(quad)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load_remote(store, files: list[Path], report: LoadReport, progress, *, mark, resumed: set[Path]) -> set[str]:
    """Check each file completely, refuse stored articles (unless ``resumed``), record the summary work
    (``mark``) and the file, then send it in INSERT DATA chunks."""
    from .store import insert_data

    touched: set[str] = set()
    for path in files:
        t = time.perf_counter()
        found = _checked_scan(path, lambda graphs: [] if path in resumed else _stored_graphs(store, graphs),
                              report, progress)
        if found is None:
            continue
        months = _with_rekeyed(store, found)
        touched |= months                         # recounted even if the file is stored only in part
        if mark is not None:
            mark(months)
        pending.mark_file(store, path, "loading")
        sent = 0
        try:
            with _open(path) as fh:
                for chunk in _chunks(ox.parse(fh, format=format_of(path)), REMOTE_CHUNK):
                    store.update(insert_data(chunk))
                    sent += len(chunk)
        except (RuntimeError, OSError) as exc:
            _finish(report, FileResult(str(path), time.perf_counter() - t, error=(
                f"{_error_text(exc)} (after {sent:,} of {found.quads:,} quads were stored; loading the file "
                "again completes it)")), progress)
            continue
        pending.mark_file(store, path, "loaded")
        _finish(report, FileResult(str(path), time.perf_counter() - t, quads=found.quads), progress)
    return touched


def _stored_graphs(store, graphs: set[str], batch: int = 500) -> list[str]:
    """Which of these graph IRIs the (remote) store holds."""
    from .steps import rows_block

    names = sorted(graphs)
    out: list[str] = []
    for i in range(0, len(names), batch):
        values = rows_block(["g"], [{"g": g} for g in names[i:i + batch]])
        rows = store.query(f"SELECT DISTINCT ?g WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} }}", prefixes=False).rows
        out += sorted(r["g"] for r in rows)
    return out
