"""Where ``diplokg serve`` runs queries: worker processes over an embedded store, or a remote server.

Embedded store: a pyoxigraph query cannot be interrupted from Python, so queries
run in a small pool of persistent worker processes, each holding a read-only
handle; a query past the timeout has its worker killed and replaced, and so is a
worker a query left holding more than 1 GiB (an engine-side huge value). Each worker's
address space is capped (``RLIMIT_AS``, 2 GiB above its idle size by default), so a
query building ever larger values ends the worker (500, replaced) instead of taking the
machine's memory. Remote store:
the query is forwarded from a thread and its answer read as a stream. Both check
the query first (:mod:`.guard`: no update, no SERVICE; an embedded-store worker
also has no network at all, :mod:`.sandbox`) and write the answer
through :func:`.formats.render_result` (row and byte caps, spooled to a file
beyond 256 KB so that the HTTP thread relays it in chunks).
"""
from __future__ import annotations

import gc
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pyoxigraph as ox

from ..rdf.sparql_text import declares_dataset, local_syntax_error, syntax_error_message
from .formats import error_reply, render_result
from .guard import refusal
from .sandbox import forbid_network

__all__ = ["NETWORK_REFUSED", "EmbeddedBackend", "RemoteBackend", "run_query"]

NETWORK_REFUSED = ("network access (SERVICE, federated queries) is not allowed on this endpoint: "
                   "the query tried to open a connection and was stopped")


def run_query(store: ox.Store, request: dict, prefixes: dict[str, str] | None = None,
              spool_dir: str | None = None) -> dict:
    """Run one protocol request (``query``, ``accept``, ``formats``, caps, graphs) on a pyoxigraph store."""
    reason = refusal(request["query"])
    if reason:
        return error_reply(403, reason)
    try:
        return _run_checked(store, request, prefixes, spool_dir)
    except PermissionError:
        # forbid_network() stopped a connection attempt (the engine reports it while the results are read)
        return error_reply(403, NETWORK_REFUSED)


def _run_checked(store: ox.Store, request: dict, prefixes: dict[str, str] | None, spool_dir: str | None) -> dict:
    """:func:`run_query` once the guard let the query pass."""
    try:
        kwargs = dataset_options(request)
    except ValueError as exc:
        return error_reply(400, f"invalid graph IRI: {exc}")
    try:
        result = store.query(request["query"], prefixes=prefixes or None, **kwargs)
    except SyntaxError as exc:
        return error_reply(400, f"invalid SPARQL query: {syntax_error_message(request['query'], exc, prefixes or ())}")
    return render_result(result, request.get("accept"), int(request["max_results"]), int(request["max_bytes"]),
                         formats=request.get("formats"), prefixes=prefixes, spool_dir=spool_dir)


def dataset_options(request: dict) -> dict[str, Any]:
    """pyoxigraph's dataset arguments for a request: the protocol's ``default-graph-uri`` /
    ``named-graph-uri`` first (they replace the query's FROM clauses, SPARQL 1.1 Protocol 2.1.4),
    else the query's own FROM / FROM NAMED, else the union of all graphs as the default graph."""
    default, named = request.get("default_graphs"), request.get("named_graphs")
    kwargs: dict[str, Any] = {}
    if default:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default]
    elif named or not declares_dataset(request["query"]):
        kwargs["use_default_graph_as_union"] = True
    if named:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named]
    return kwargs


# ---------------------------------------------------------------------------------
# Worker processes (embedded store)
# ---------------------------------------------------------------------------------

READY = "ready"                                # a worker's first message, once it can answer
STARTUP_TIMEOUT = 60.0
MAX_WORKER_RSS = 1024 * 1024 * 1024            # a worker left larger than this by a query is replaced
MAX_WORKER_MEMORY = 2 * MAX_WORKER_RSS         # address space a query may add to an idle worker (RLIMIT_AS)


def _memory_bytes(field: int) -> int:
    """One size of this process from ``/proc/self/statm`` in bytes (0: address space, 1: resident; Linux,
    0 elsewhere)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _resident_bytes() -> int:
    """This process's resident memory."""
    return _memory_bytes(1)


def _send(stream, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _recv(stream):
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("worker pipe closed")
    size = struct.unpack(">Q", head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("worker pipe closed")
    return pickle.loads(data)


def _store_signature(path: str) -> tuple:
    """Names, sizes and mtimes of the store's files: changes whenever a writer writes."""
    try:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                            for e in os.scandir(path) if e.is_file(follow_symlinks=False)))
    except OSError:
        return ()


def limit_memory(extra: int | None) -> int | None:
    """Cap this process's address space at its present size plus ``extra`` bytes (RLIMIT_AS), so that a
    query building huge values fails (the engine aborts the worker) instead of taking the machine's memory.

    Returns the limit set, or None where it cannot be set (no ``resource`` module, no limit asked)."""
    try:
        import resource
    except ImportError:                                   # Windows
        return None
    if not extra or extra <= 0:
        return None
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _memory_bytes(0) + int(extra)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        return None
    return limit


def _open_store(state: dict) -> None:
    """(Re-)open the worker's read-only handle on ``state["path"]``."""
    state["store"] = None
    state["store"] = ox.Store.read_only(state["path"])
    state["signature"] = _store_signature(state["path"])


def _answer(state: dict, request: dict) -> dict:
    """One request on the worker's read-only handle (``state["store"]``, re-opened when the files changed).

    A failure is retried twice on a fresh handle: a writer may have replaced files under the handle
    (RocksDB reports "Corruption: IO error: No such file" for a superseded MANIFEST). Running out of
    memory is not retried; its reply asks the parent to replace this worker (``retire``)."""
    path = state["path"]
    reply: dict = {}
    for attempt in range(3):
        try:
            if state["store"] is None or _store_signature(path) != state["signature"]:
                _open_store(state)
            return run_query(state["store"], request, state["prefixes"], state["spool_dir"])
        except MemoryError:
            state["store"] = None
            return {**error_reply(500, memory_message(state["memory_limit"])), "retire": True}
        except Exception as exc:  # noqa: BLE001 - any failure becomes an HTTP answer
            state["store"] = None
            reply = error_reply(500, f"query failed: {type(exc).__name__}: {exc}")
            time.sleep(0.05 * (attempt + 1))
    return reply


def memory_message(limit: int | None) -> str:
    """The one line for a query that needed more memory than a worker may take."""
    size = f" ({limit / 2**20:.0f} MiB)" if limit else ""
    return (f"the query needed more memory than this endpoint allows a query{size} and was stopped; "
            "add a LIMIT or build smaller values")


def worker_main() -> None:
    """Entry point of a query worker process: requests on stdin, answers on stdout (pickled, length-prefixed)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)          # Ctrl-C is the parent's to handle
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())      # stray prints cannot corrupt the protocol
    proto_in = sys.stdin.buffer
    init = _recv(proto_in)
    state = {"path": init["path"], "prefixes": init["prefixes"], "spool_dir": init.get("spool_dir"),
             "memory_limit": init.get("memory_limit"), "store": None, "signature": None}
    network_blocked = forbid_network()                     # the engine cannot federate even past the guard
    refusal("ASK {}")                                      # load the SPARQL grammar before the first query
    try:
        _open_store(state)         # RocksDB's threads and arenas (~0.3 GB of address space) belong to the idle worker
    except Exception:  # noqa: BLE001 - the first request re-opens the handle and reports the error
        state["store"] = None
    limit_memory(state["memory_limit"])                    # after start-up: the limit is what a query may add
    _send(proto_out, {READY: True, "network_blocked": network_blocked})
    while True:
        try:
            request = _recv(proto_in)
        except EOFError:
            return
        if request is None:
            return
        reply = _answer(state, request)
        reply["worker_rss"] = _resident_bytes()
        _send(proto_out, reply)


class _Worker:
    """One persistent query process holding a read-only handle on the store."""

    def __init__(self, path: str, prefixes: dict[str, str], spool_dir: str | None, memory_limit: int | None = None):
        code = "from diplokg.graph.serve.backends import worker_main; worker_main()"
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     close_fds=True)
        self.replies: queue.Queue = queue.Queue()
        self.ready = False
        self.network_blocked: bool | None = None          # known once the worker has started
        _send(self.proc.stdin, {"path": path, "prefixes": prefixes, "spool_dir": spool_dir,
                                "memory_limit": memory_limit})
        threading.Thread(target=self._read, daemon=True, name=f"diplokg-worker-{self.proc.pid}").start()

    def _read(self) -> None:
        try:
            while True:
                self.replies.put(_recv(self.proc.stdout))
        except Exception:  # noqa: BLE001 - a closed or broken pipe ends the reader
            self.replies.put(EOFError("worker process ended"))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ran_out_of_memory(self) -> bool:
        """Whether the ended process was aborted (the engine's answer to a failed allocation) or killed
        (the system's out-of-memory killer), waiting a moment for it to end."""
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return False
        return code in (-signal.SIGABRT, -signal.SIGKILL)

    def ask(self, request: dict, timeout: float):
        """Send a request and wait up to ``timeout`` s; raises queue.Empty on timeout, EOFError if it died.

        A new worker's start-up (imports, grammar) is awaited first and not counted in ``timeout``.
        """
        if not self.ready:
            try:
                hello = self.replies.get(timeout=STARTUP_TIMEOUT)
            except queue.Empty:
                raise EOFError(f"the query worker did not start within {STARTUP_TIMEOUT} s") from None
            if not isinstance(hello, dict) or not hello.get(READY):
                raise hello if isinstance(hello, BaseException) else EOFError("unexpected worker start-up reply")
            self.ready, self.network_blocked = True, hello["network_blocked"]
        _send(self.proc.stdin, request)
        reply = self.replies.get(timeout=max(timeout, 0.0))
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def kill(self) -> None:
        try:
            self.proc.kill()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def stop(self) -> None:
        try:
            _send(self.proc.stdin, None)
            self.proc.stdin.close()
            self.proc.wait(timeout=2)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        self.kill()


class EmbeddedBackend:
    """Queries on an embedded (on-disk) store, answered by a pool of worker processes."""

    def __init__(self, path: str, prefixes: dict[str, str], workers: int, spool_dir: str | None = None,
                 memory_limit: int | None = MAX_WORKER_MEMORY):
        self.path = str(path)
        self.prefixes = prefixes
        self.spool_dir = spool_dir
        self.memory_limit = memory_limit
        self.description = "embedded Oxigraph store (opened read-only)"
        try:
            probe = ox.Store.read_only(self.path)     # fail early, in the caller, with a clear message
            del probe
        except OSError as exc:
            raise OSError(f"cannot open the store at {self.path} read-only: {exc}") from None
        self.size = max(1, workers)
        self.max_worker_rss = MAX_WORKER_RSS
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(self.size):
            self.idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self.path, self.prefixes, self.spool_dir, self.memory_limit)
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if not closed:
            self.idle.put(self._spawn())

    def execute(self, request: dict, timeout: float) -> dict:
        """Answer one request on an idle worker; whatever happens, the worker goes back to the pool or is
        replaced (a worker that timed out, died, ran out of memory or failed in an unexpected way)."""
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            return error_reply(503, f"all {self.size} query workers are busy (waited {timeout:g} s); try again later")
        if not worker.alive():                            # died while idle (e.g. killed by the OOM killer)
            self._retire(worker)
            worker = self.idle.get()
        try:
            reply = worker.ask(request, timeout)
        except queue.Empty:
            self._retire(worker)                          # the only way to stop a running pyoxigraph query
            return error_reply(504, f"query timed out after {timeout:g} s and was cancelled (server limit, "
                               "`diplokg serve --timeout`); add a LIMIT or narrow the pattern")
        except (EOFError, OSError, ValueError) as exc:
            out_of_memory = worker.ran_out_of_memory()
            self._retire(worker)
            if out_of_memory:
                return error_reply(500, memory_message(self.memory_limit))
            return error_reply(500, f"the query worker process ended unexpectedly ({exc}); "
                               "the query may need more memory than is available")
        except BaseException:
            self._retire(worker)                          # never lose a worker to an unexpected error
            raise
        retire = reply.pop("retire", False)
        if retire or reply.pop("worker_rss", 0) > self.max_worker_rss:
            self._retire(worker)                          # hand the memory of a huge answer back to the system
        else:
            self.idle.put(worker)
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


class RemoteBackend:
    """Queries forwarded to a SPARQL server through :class:`diplokg.graph.rdf.store.RemoteStore`."""

    ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"

    def __init__(self, remote, prefix_block: str, prefixes: dict[str, str], workers: int, timeout: float,
                 spool_dir: str | None = None):
        self.remote = remote
        self.prefix_block = prefix_block
        self.prefixes = prefixes
        self.spool_dir = spool_dir
        self.description = "remote SPARQL server (forwarded)"
        self.size = max(1, workers)
        self.slots = threading.BoundedSemaphore(self.size)

    def _open(self, request: dict):
        """The remote server's HTTP response (not yet read), or an error reply."""
        url = self.remote.query_url
        params = [("default-graph-uri", g) for g in request.get("default_graphs") or []]
        params += [("named-graph-uri", g) for g in request.get("named_graphs") or []]
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        req = urllib.request.Request(url, data=(self.prefix_block + request["query"]).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/sparql-query; charset=utf-8",
                                              "Accept": self.ACCEPT})
        if self.remote._auth:
            req.add_header("Authorization", self.remote._auth)
        try:
            return urllib.request.urlopen(req, timeout=self.remote.timeout)
        except urllib.error.HTTPError as exc:
            return self._refused(request["query"], url, exc)
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return error_reply(504 if "timed out" in str(reason) else 502, f"cannot reach SPARQL server {url}: {reason}")

    def _refused(self, query: str, url: str, exc: urllib.error.HTTPError) -> dict:
        """The reply to an error status of the server: for a 400 on a query Oxigraph's parser rejects too,
        the embedded store's one line about the user's own text (the server counts lines from the prefix
        block we put in front and lists expected tokens); otherwise the first line of the server's text."""
        detail = exc.read(2000).decode("utf-8", "replace").strip()
        first = detail.splitlines()[0] if detail else exc.reason
        if exc.code == 400:
            found = local_syntax_error(query, self.prefixes)
            if found is not None:
                return error_reply(400, f"invalid SPARQL query: {syntax_error_message(query, found, self.prefixes)} "
                                        "(the SPARQL server answered 400)")
        return error_reply(400 if exc.code == 400 else 502, f"SPARQL server {url} answered {exc.code}: {first}")

    def _forward(self, request: dict) -> dict:
        reason = refusal(request["query"])
        if reason:
            return error_reply(403, reason)
        response = self._open(request)
        if isinstance(response, dict):
            return response
        try:
            return self._render(response, request)
        finally:
            # pyoxigraph's parser of a Python stream ends up in reference cycles; its objects must be
            # freed on the thread that made them (pyo3 "unsendable"), not by a later collection elsewhere
            gc.collect()

    def _render(self, response, request: dict) -> dict:
        with response:                        # read as a stream: the caps stop reading a huge answer early
            media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            try:
                if media in ("application/sparql-results+json", "application/json"):
                    result = ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
                else:
                    result = (quad.triple for quad in ox.parse(response, ox.RdfFormat.N_TRIPLES))
                return render_result(result, request.get("accept"), int(request["max_results"]),
                                     int(request["max_bytes"]), formats=request.get("formats"),
                                     prefixes=self.prefixes, spool_dir=self.spool_dir)
            except SyntaxError as exc:
                return error_reply(502, f"the SPARQL server sent an answer that is neither SPARQL JSON nor "
                                        f"N-Triples ({media or 'no Content-Type'}): {exc}")

    def execute(self, request: dict, timeout: float) -> dict:
        if not self.slots.acquire(timeout=timeout):
            return error_reply(503, f"all {self.size} query slots are busy (waited {timeout:g} s); try again later")
        box: dict = {}
        done = threading.Event()

        def run() -> None:
            try:
                box["reply"] = self._forward(request)
            except Exception as exc:  # noqa: BLE001 - any failure becomes an HTTP answer
                box["reply"] = error_reply(502, f"forwarding the query failed: {type(exc).__name__}: {exc}")
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=run, daemon=True).start()
        if not done.wait(timeout):
            return error_reply(504, f"the SPARQL server did not answer within {timeout:g} s (server limit, "
                               "`diplokg serve --timeout`); the remote server may still be running the query")
        return box["reply"]

    def close(self) -> None:
        pass

