"""A read-only SPARQL 1.1 Protocol endpoint over a diplokg store (``diplokg serve``).

``GET /sparql?query=...`` or ``POST /sparql`` (``application/sparql-query`` body
or form-encoded ``query=``); ``/query`` is the same endpoint and ``/`` a short
HTML page about it. SELECT and ASK answer SPARQL results as JSON (default),
XML, CSV or TSV, CONSTRUCT and DESCRIBE answer Turtle (default), N-Triples,
RDF/XML or JSON-LD, chosen by the ``Accept`` header (or ``format=json|xml|csv|
tsv|turtle|ntriples|rdfxml|jsonld``). As everywhere in diplokg, the default graph
is the union of the named graphs (unless the request names ``default-graph-uri``)
and the project prefixes (``dkg:``, ``cameo:``, ``wd:``, ...) are predeclared.
The answer carries ``Access-Control-Allow-Origin: *``, so YASGUI and other
browser clients can query it.

Read-only, for real: SPARQL Update (``update=``, ``application/sparql-update``,
or an update sent as a query) is answered ``403``; the embedded store is opened
with ``pyoxigraph.Store.read_only``, which cannot write. Federated queries
(``SERVICE``) are refused too (``403``): pyoxigraph would send HTTP requests to
any host a client names.

A read-only handle can be opened while another process (``diplokg ingest``)
holds the store; it sees the store as it was when it was opened, so a worker
re-opens its handle when the store's files have changed (checked before every
query: one directory listing, a re-open costs milliseconds). pyoxigraph calls
reading while another process writes undefined behaviour; in practice a read
can fail when the writer has just replaced a file (RocksDB: "Corruption: IO
error: No such file"), so a failed query is retried up to twice on a fresh
handle and otherwise answered ``500``. The embedded backend needs a store on
disk; an in-memory store cannot be shared with worker processes.

Limits:

* **Timeout.** A pyoxigraph query cannot be interrupted from Python (and an
  aggregation or ``ORDER BY`` is computed in one call before the first row), so
  queries on the embedded store run in a small pool of persistent worker
  processes. When a query runs longer than ``timeout`` seconds the answer is
  ``504`` and its worker process is killed and replaced, so a runaway query does
  not keep burning a core. When every worker is busy for ``timeout`` seconds the
  answer is ``503``. For a remote store the query is forwarded with
  :class:`diplokg.graph.store.RemoteStore` from a thread; after ``timeout`` the
  client gets ``504``, but the remote server goes on until its own limit.
* **Result cap.** At most ``max_results`` rows (SELECT) or triples (CONSTRUCT,
  DESCRIBE) are returned; a cut answer has the header
  ``X-Diplokg-Truncated: true`` (``false`` otherwise) and
  ``X-Diplokg-Max-Results``; the body stays a standard SPARQL result.
"""
from __future__ import annotations

import html
import io
import ipaddress
import json
import os
import pickle
import queue
import re
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pyoxigraph as ox

__all__ = ["make_server", "negotiate", "run_query", "serve"]

ENDPOINT_PATHS = ("/sparql", "/query")
MAX_BODY = 2 * 1024 * 1024                   # bytes of a POST body we accept
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# media type -> short name; first entry of each table is the default
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "ntriples",
    "text/plain": "ntriples", "application/rdf+xml": "rdfxml", "application/ld+json": "jsonld",
}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {"turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
               "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples", "nt": "application/n-triples",
                "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}

# An update is recognised by its first keyword after the prologue (comments and
# PREFIX/BASE declarations skipped; IRIs are matched whole, so a '#' inside one is no comment).
_SKIP = r"(?:\s+|#[^\n]*(?:\n|$))*"
_UPDATE = re.compile(
    rf"^{_SKIP}(?:(?:PREFIX{_SKIP}[^\s:]*:{_SKIP}<[^>]*>|BASE{_SKIP}<[^>]*>){_SKIP})*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
UPDATE_REFUSED = ("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) "
                  "is refused. Change the graph with `diplokg ingest` / `diplokg remove`.")


def is_update(text: str) -> bool:
    """True when ``text`` is a SPARQL Update request rather than a query."""
    return bool(_UPDATE.match(text))


# Strings, IRIs and comments, blanked out before looking for the SERVICE keyword.
_OPAQUE = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n]*")
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)
SERVICE_REFUSED = ("federated queries (SERVICE) are disabled on this endpoint: it does not send requests "
                   "to other hosts on behalf of its clients.")


def uses_service(text: str) -> bool:
    """True when the query has a SERVICE clause (federation: the store would call other hosts over HTTP)."""
    return bool(_SERVICE.search(_OPAQUE.sub(" ", text)))


# ---------------------------------------------------------------------------------
# Content negotiation and serialisation (used by workers and the remote proxy alike)
# ---------------------------------------------------------------------------------


def negotiate(accept: str | None, kind: str) -> str:
    """The short format name for a result ``kind`` ("select"/"ask" or "graph") under ``accept``.

    Media types are tried by descending q-value; ``*/*`` or an Accept header that
    names nothing usable gives the default (SPARQL JSON, or Turtle for graphs).
    """
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    default = "turtle" if kind == "graph" else "json"
    ranges = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((-q, i, media))
    for negq, _, media in sorted(ranges):
        if negq == 0:
            break
        if media in table:
            return table[media]
        if media == "*/*" or (media.endswith("/*") and any(m.startswith(media[:-1]) for m in table)):
            if media == "*/*":
                return default
            return next(v for m, v in table.items() if m.startswith(media[:-1]))
    return default


def _term_json(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
            direction = getattr(t, "direction", None)
            if direction is not None:
                out["its:dir"] = str(direction).rsplit(".", 1)[-1].lower()
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(t.subject), "predicate": _term_json(t.predicate),
                                            "object": _term_json(t.object)}}
    return {"type": "literal", "value": str(t)}


def _term_xml(t) -> str:
    esc = html.escape
    if isinstance(t, ox.NamedNode):
        return f"<uri>{esc(t.value, quote=False)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{esc(t.value, quote=False)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f'<literal xml:lang="{esc(t.language)}">{esc(t.value, quote=False)}</literal>'
        if t.datatype.value != XSD_STRING:
            return f'<literal datatype="{esc(t.datatype.value)}">{esc(t.value, quote=False)}</literal>'
        return f"<literal>{esc(t.value, quote=False)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_term_xml(t.subject)}</subject><predicate>{_term_xml(t.predicate)}"
                f"</predicate><object>{_term_xml(t.object)}</object></triple>")
    return f"<literal>{esc(str(t), quote=False)}</literal>"


def _term_csv(t) -> str:
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    return str(t)


def _solutions_body(variables: list[str], rows: list, fmt: str) -> bytes:
    if fmt == "json":
        bindings = [{v: _term_json(row[i]) for i, v in enumerate(variables) if row[i] is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f'<variable name="{html.escape(v)}"/>' for v in variables]
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [f'<binding name="{html.escape(v)}">{_term_xml(row[i])}</binding>'
                    for i, v in enumerate(variables) if row[i] is not None]
            out.append("</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode("utf-8")
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([["" if t is None else _term_csv(t) for t in row] for row in rows])
        return buf.getvalue().encode("utf-8")
    # tsv: terms in their N-Triples form (pyoxigraph's str() escapes tabs and newlines)
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _boolean_body(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        return (("true" if value else "false") + "\n").encode("utf-8")
    return json.dumps({"head": {}, "boolean": bool(value)}).encode("utf-8")


def render_result(result, accept: str | None, max_results: int, prefixes: dict[str, str] | None = None) -> dict:
    """Serialise a pyoxigraph query result (at most ``max_results`` rows/triples) for HTTP.

    Returns ``{"status", "content_type", "body", "truncated", "count", "kind"}``.
    """
    if isinstance(result, (bool, ox.QueryBoolean)):
        fmt = negotiate(accept, "ask")
        return {"status": 200, "content_type": RESULT_MEDIA[fmt], "body": _boolean_body(bool(result), fmt),
                "truncated": False, "count": 1, "kind": "ask"}
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows, truncated = [], False
        for solution in result:
            if len(rows) >= max_results:
                truncated = True
                break
            rows.append([solution[v] for v in variables])
        fmt = negotiate(accept, "select")
        return {"status": 200, "content_type": RESULT_MEDIA[fmt], "body": _solutions_body(variables, rows, fmt),
                "truncated": truncated, "count": len(rows), "kind": "select"}
    triples, truncated = [], False
    for triple in result:
        if len(triples) >= max_results:
            truncated = True
            break
        triples.append(triple)
    fmt = negotiate(accept, "graph")
    buf = io.BytesIO()
    if fmt in ("turtle", "rdfxml"):
        ox.serialize(triples, buf, format=GRAPH_FORMATS[fmt], prefixes=prefixes or None)
    else:
        ox.serialize(triples, buf, format=GRAPH_FORMATS[fmt])
    return {"status": 200, "content_type": GRAPH_MEDIA[fmt], "body": buf.getvalue(), "truncated": truncated,
            "count": len(triples), "kind": "graph"}


def _error(status: int, message: str) -> dict:
    return {"status": status, "content_type": "text/plain; charset=utf-8",
            "body": (message.rstrip() + "\n").encode("utf-8"), "truncated": False, "count": 0, "kind": "error"}


def run_query(store: ox.Store, request: dict, prefixes: dict[str, str] | None = None) -> dict:
    """Run one protocol request (``query``, ``accept``, ``max_results``, graphs) on a pyoxigraph store."""
    kwargs: dict[str, Any] = {"prefixes": prefixes or None}
    try:
        if request.get("default_graphs"):
            kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        else:
            kwargs["use_default_graph_as_union"] = True
        if request.get("named_graphs"):
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
    except ValueError as exc:
        return _error(400, f"invalid graph IRI: {exc}")
    try:
        result = store.query(request["query"], **kwargs)
    except SyntaxError as exc:
        return _error(400, f"invalid SPARQL query: {exc}")
    return render_result(result, request.get("accept"), int(request["max_results"]), prefixes)


# ---------------------------------------------------------------------------------
# Worker processes (embedded store)
# ---------------------------------------------------------------------------------


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


def _worker_main() -> None:
    """Entry point of a query worker process: requests on stdin, answers on stdout (pickled, length-prefixed)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)          # Ctrl-C is the parent's to handle
    proto_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())      # stray prints cannot corrupt the protocol
    proto_in = sys.stdin.buffer
    init = _recv(proto_in)
    path, prefixes = init["path"], init["prefixes"]
    store, signature = None, None
    while True:
        try:
            request = _recv(proto_in)
        except EOFError:
            return
        if request is None:
            return
        reply = None
        for attempt in range(3):
            try:
                current = _store_signature(path)
                if store is None or current != signature:
                    store = None
                    store = ox.Store.read_only(path)
                    signature = _store_signature(path)
                reply = run_query(store, request, prefixes)
                break
            except Exception as exc:  # noqa: BLE001 - any failure becomes an HTTP answer
                # A writer may have replaced files under the handle (RocksDB reports "Corruption: IO
                # error: No such file" for a superseded MANIFEST): retry on a fresh handle.
                store = None
                reply = _error(500, f"query failed: {type(exc).__name__}: {exc}")
                time.sleep(0.05 * (attempt + 1))
        _send(proto_out, reply)


class _Worker:
    """One persistent query process holding a read-only handle on the store."""

    def __init__(self, path: str, prefixes: dict[str, str]):
        code = "from diplokg.graph.serve import _worker_main; _worker_main()"
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     close_fds=True)
        self.replies: queue.Queue = queue.Queue()
        _send(self.proc.stdin, {"path": path, "prefixes": prefixes})
        threading.Thread(target=self._read, daemon=True, name=f"diplokg-worker-{self.proc.pid}").start()

    def _read(self) -> None:
        try:
            while True:
                self.replies.put(_recv(self.proc.stdout))
        except Exception:  # noqa: BLE001 - a closed or broken pipe ends the reader
            self.replies.put(EOFError("worker process ended"))

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ask(self, request: dict, timeout: float):
        """Send a request and wait up to ``timeout`` s; raises queue.Empty on timeout, EOFError if it died."""
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

    def __init__(self, path: str, prefixes: dict[str, str], workers: int):
        self.path = str(path)
        self.prefixes = prefixes
        self.description = "embedded Oxigraph store (opened read-only)"
        try:
            probe = ox.Store.read_only(self.path)     # fail early, in the caller, with a clear message
            del probe
        except OSError as exc:
            raise OSError(f"cannot open the store at {self.path} read-only: {exc}") from None
        self.size = max(1, workers)
        self.idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(self.size):
            self.idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self.path, self.prefixes)
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
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            return _error(503, f"all {self.size} query workers are busy (waited {timeout:g} s); try again later")
        if not worker.alive():                            # died while idle (e.g. killed by the OOM killer)
            self._retire(worker)
            worker = self.idle.get()
        try:
            reply = worker.ask(request, timeout)
        except queue.Empty:
            self._retire(worker)                          # the only way to stop a running pyoxigraph query
            return _error(504, f"query timed out after {timeout:g} s and was cancelled (server limit, "
                               "`diplokg serve --timeout`); add a LIMIT or narrow the pattern")
        except (EOFError, OSError, ValueError) as exc:
            self._retire(worker)
            return _error(500, f"the query worker process ended unexpectedly ({exc}); "
                               "the query may need more memory than is available")
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
    """Queries forwarded to a SPARQL server through :class:`diplokg.graph.store.RemoteStore`."""

    ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"

    def __init__(self, remote, prefix_block: str, prefixes: dict[str, str], workers: int, timeout: float):
        self.remote = remote
        self.prefix_block = prefix_block
        self.prefixes = prefixes
        self.description = "remote SPARQL server (forwarded)"
        self.size = max(1, workers)
        self.slots = threading.BoundedSemaphore(self.size)

    def _forward(self, request: dict) -> dict:
        url = self.remote.query_url
        params = [("default-graph-uri", g) for g in request.get("default_graphs") or []]
        params += [("named-graph-uri", g) for g in request.get("named_graphs") or []]
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        try:
            raw = self.remote._post(url, self.prefix_block + request["query"], "application/sparql-query",
                                    self.ACCEPT)
        except RuntimeError as exc:
            text = str(exc)
            status = 400 if " answered 400" in text else 504 if "timed out" in text else 502
            return _error(status, text)
        try:
            data = json.loads(raw)
            result = ox.parse_query_results(raw, ox.QueryResultsFormat.JSON) if isinstance(data, dict) else None
        except ValueError:
            result = None
        if result is None:
            try:
                result = [q.triple for q in ox.parse(raw, ox.RdfFormat.N_TRIPLES)]
            except SyntaxError as exc:
                return _error(502, f"the SPARQL server sent an answer that is neither SPARQL JSON nor N-Triples: {exc}")
        return render_result(result, request.get("accept"), int(request["max_results"]), self.prefixes)

    def execute(self, request: dict, timeout: float) -> dict:
        if not self.slots.acquire(timeout=timeout):
            return _error(503, f"all {self.size} query slots are busy (waited {timeout:g} s); try again later")
        box: dict = {}
        done = threading.Event()

        def run() -> None:
            try:
                box["reply"] = self._forward(request)
            except Exception as exc:  # noqa: BLE001 - any failure becomes an HTTP answer
                box["reply"] = _error(502, f"forwarding the query failed: {type(exc).__name__}: {exc}")
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=run, daemon=True).start()
        if not done.wait(timeout):
            return _error(504, f"the SPARQL server did not answer within {timeout:g} s (server limit, "
                               "`diplokg serve --timeout`); the remote server may still be running the query")
        return box["reply"]

    def close(self) -> None:
        pass


# ---------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; ``server_close()`` also stops the query workers."""

    daemon_threads = True

    def __init__(self, address, backend, timeout: float, max_results: int, quiet: bool = False):
        self.backend = backend
        self.query_timeout = float(timeout)
        self.max_results = int(max_results)
        self.quiet = quiet
        try:
            super().__init__(address, _Handler)
        except BaseException:
            backend.close()
            raise

    @property
    def url(self) -> str:
        host = self.server_address[0]
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.server_address[1]}"

    def server_close(self) -> None:
        super().server_close()
        self.backend.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "diplokg-sparql"
    timeout = 300                                      # idle keep-alive connections are closed after this

    # -- plumbing -------------------------------------------------------------------------
    def log_message(self, fmt: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(fmt, *args)

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "X-Diplokg-Truncated, X-Diplokg-Max-Results")

    def _reply(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self._cors()
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"), headers)

    # -- methods --------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:                      # CORS preflight
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self._reply(200, "text/html; charset=utf-8", self._page())
        else:
            self._text(405 if path in ENDPOINT_PATHS else 404, "use GET or POST")

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if parts.path in ("/", "/index.html"):
            self._reply(200, "text/html; charset=utf-8", self._page())
        elif parts.path in ENDPOINT_PATHS:
            if not params:
                if "text/html" in (self.headers.get("Accept") or ""):
                    self._reply(200, "text/html; charset=utf-8", self._page())
                else:
                    self._text(400, "missing the `query` parameter (SPARQL 1.1 Protocol: GET ?query=... "
                                    "or POST); see / for help")
                return
            self._endpoint(params, None)
        elif parts.path == "/update":
            self._text(403, UPDATE_REFUSED)
        else:
            self._text(404, f"no such page: {parts.path}; the SPARQL endpoint is /sparql (or /query)")

    def do_POST(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self._text(413, f"request body too large or malformed (limit {MAX_BODY} bytes)")
            return
        body = self.rfile.read(length) if length else b""
        if parts.path == "/update":
            self._text(403, UPDATE_REFUSED)
            return
        if parts.path not in ENDPOINT_PATHS:
            self._text(404, f"no such endpoint: {parts.path}; the SPARQL endpoint is /sparql (or /query)")
            return
        ctype = (self.headers.get("Content-Type") or "").lower()
        media = ctype.split(";")[0].strip()
        charset = "utf-8"
        match = re.search(r"charset=([\w.-]+)", ctype)
        if match:
            charset = match.group(1)
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            self._text(400, f"the request body is not valid {charset}")
            return
        params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if media == "application/sparql-update":
            self._text(403, UPDATE_REFUSED)
            return
        if media == "application/sparql-query":
            if "query" in params:
                self._text(400, "a POST with an application/sparql-query body takes no `query` parameter")
                return
            self._endpoint(params, text)
        elif media in ("application/x-www-form-urlencoded", ""):
            for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
            self._endpoint(params, None)
        else:
            self._text(415, f"unsupported Content-Type {media!r}: send application/sparql-query or "
                            "application/x-www-form-urlencoded (query=...)")

    # -- the endpoint ---------------------------------------------------------------------
    def _endpoint(self, params: dict[str, list[str]], body_query: str | None) -> None:
        if "update" in params:
            self._text(403, UPDATE_REFUSED)
            return
        if body_query is None:
            queries = params.get("query") or []
            if len(queries) != 1:
                self._text(400, "give exactly one `query` parameter" if queries else
                           "missing the `query` parameter (SPARQL 1.1 Protocol)")
                return
            body_query = queries[0]
        if not body_query.strip():
            self._text(400, "the query is empty")
            return
        if is_update(body_query):
            self._text(403, UPDATE_REFUSED)
            return
        if uses_service(body_query):
            self._text(403, SERVICE_REFUSED)
            return
        accept = self.headers.get("Accept")
        fmt = (params.get("format") or params.get("output") or [None])[0]
        if fmt:
            if fmt.lower() not in FORMAT_PARAM and "/" not in fmt:
                self._text(400, f"unknown format {fmt!r}; use one of: {', '.join(FORMAT_PARAM)}")
                return
            accept = FORMAT_PARAM.get(fmt.lower(), fmt)
        server = self.server
        request = {"query": body_query, "accept": accept, "max_results": server.max_results,
                   "default_graphs": params.get("default-graph-uri") or [],
                   "named_graphs": params.get("named-graph-uri") or []}
        started = time.monotonic()
        reply = server.backend.execute(request, server.query_timeout)
        elapsed = time.monotonic() - started
        headers = {}
        if reply["status"] == 200:
            headers = {"X-Diplokg-Truncated": "true" if reply["truncated"] else "false",
                       "X-Diplokg-Max-Results": str(server.max_results),
                       "X-Diplokg-Query-Seconds": f"{elapsed:.3f}"}
            if reply["truncated"] and not server.quiet:
                self.log_message("result cut at %d %s (--max-results)", reply["count"],
                                 "triples" if reply["kind"] == "graph" else "rows")
        elif reply["status"] in (503, 504):
            headers = {"Retry-After": "5"} if reply["status"] == 503 else {}
        self._reply(reply["status"], reply["content_type"], reply["body"], headers)

    def _page(self) -> bytes:
        from .store import PREFIXES

        server = self.server
        base = server.url
        esc = html.escape
        example = "SELECT ?event ?date ?relation WHERE {\n  ?event a dkg:DiplomaticEvent ; dkg:relation ?relation .\n" \
                  "  OPTIONAL { ?event sem:hasTimeStamp ?date }\n}\nORDER BY DESC(?date)\nLIMIT 20"
        example_url = base + "/sparql?" + urllib.parse.urlencode({"query": example})
        prefixes = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())
        page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>diplokg SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.4}}
pre,textarea{{background:#f4f4f4;padding:.6em;overflow-x:auto}}textarea{{width:100%;font-family:monospace}}</style>
</head><body>
<h1>diplokg SPARQL endpoint</h1>
<p>A <strong>read-only</strong> <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a>
endpoint over a diplokg knowledge graph ({esc(server.backend.description)}).</p>
<p>Endpoint: <code>{esc(base)}/sparql</code> (also <code>{esc(base)}/query</code>). Send
<code>GET ?query=...</code>, or <code>POST</code> with an <code>application/sparql-query</code> body or a
form field <code>query</code>. SELECT/ASK answer SPARQL JSON (XML, CSV, TSV by <code>Accept</code>);
CONSTRUCT/DESCRIBE answer Turtle (N-Triples, RDF/XML, JSON-LD by <code>Accept</code>).
Browser clients such as YASGUI may query it (CORS is allowed).</p>
<ul>
<li>The default graph is the union of all graphs: the article graphs (evidence), the shared facts graph (events, actors) and the ontology graph.</li>
<li>These prefixes are predeclared:<pre>{esc(prefixes)}</pre></li>
<li>Queries stop after {server.query_timeout:g} s (answer 504); at most {server.max_results} rows or triples
are returned (header <code>X-Diplokg-Truncated: true</code> when cut).</li>
<li>SPARQL Update is refused (403): the graph changes only through <code>diplokg ingest</code> and
<code>diplokg remove</code>.</li>
</ul>
<form method="get" action="/sparql">
<textarea name="query" rows="8">{esc(example)}</textarea>
<p><label>format <select name="format"><option>json</option><option>csv</option><option>tsv</option>
<option>xml</option><option>turtle</option></select></label> <button type="submit">Run query</button></p>
</form>
<p>From a shell:</p>
<pre>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s a dkg:Article }} LIMIT 5' {esc(base)}/sparql</pre>
<p><a href="{esc(example_url)}">Run the example query</a></p>
</body></html>
"""
        return page.encode("utf-8")


def _open_backend(store, timeout: float, workers: int | None):
    from .store import PREFIX_BLOCK, PREFIXES, EmbeddedStore, RemoteStore

    n = workers or max(2, min(4, os.cpu_count() or 2))
    if isinstance(store, RemoteStore):
        return RemoteBackend(store, PREFIX_BLOCK, PREFIXES, n, timeout)
    if isinstance(store, EmbeddedStore):
        return EmbeddedBackend(str(store.path), PREFIXES, n)
    spec = str(store)
    if spec.startswith(("http://", "https://")):
        return RemoteBackend(RemoteStore(spec, timeout=timeout), PREFIX_BLOCK, PREFIXES, n, timeout)
    path = os.path.abspath(spec)
    if not os.path.isdir(path) or not os.listdir(path):
        raise ValueError(f"no diplokg store at {spec}: create one with `diplokg ingest` or `diplokg demo`, "
                         "or pass --store")
    return EmbeddedBackend(path, PREFIXES, n)


def make_server(store, host: str = "127.0.0.1", port: int = 7879, timeout: float = 30.0,
                max_results: int = 10000, *, workers: int | None = None, quiet: bool = False) -> SparqlServer:
    """A ready (bound, not yet serving) read-only SPARQL endpoint; call ``serve_forever()`` on it.

    ``store`` is an :class:`~diplokg.graph.store.EmbeddedStore`, a
    :class:`~diplokg.graph.store.RemoteStore`, a store folder or an http(s) URL.
    An embedded store is only ever opened read-only (by ``workers`` query
    processes, default 2–4); ``server_close()`` stops them.
    """
    if not timeout or timeout <= 0:
        raise ValueError("--timeout must be a positive number of seconds")
    if max_results < 1:
        raise ValueError("--max-results must be at least 1")
    backend = _open_backend(store, timeout, workers)
    server_class = SparqlServer
    try:
        if isinstance(ipaddress.ip_address(host.strip("[]")), ipaddress.IPv6Address):
            server_class = type("SparqlServer6", (SparqlServer,), {"address_family": __import__("socket").AF_INET6})
    except ValueError:
        pass                                             # a host name: IPv4 resolution
    return server_class((host.strip("[]"), port), backend, timeout, max_results, quiet)


def serve(store_spec: str, *, host: str = "127.0.0.1", port: int = 7879, timeout: float = 30.0,
          max_results: int = 10000) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol until Ctrl-C."""
    server = make_server(store_spec, host, port, timeout, max_results)
    try:
        loopback = ipaddress.ip_address(server.server_address[0]).is_loopback
    except ValueError:
        loopback = False
    print(f"diplokg SPARQL endpoint (read-only): {server.url}/sparql", flush=True)
    print(f"  store {store_spec} — {server.backend.description}; timeout {timeout:g} s, "
          f"at most {max_results} rows per answer; help page {server.url}/", flush=True)
    if not loopback:
        print(f"  note: bound to {host}: anyone who can reach this address can read the graph", flush=True)
    print("  Ctrl-C stops", flush=True)
    import signal

    def _terminate(signum, frame):                       # SIGTERM (service managers) stops like Ctrl-C
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopping the SPARQL endpoint", flush=True)
    finally:
        server.server_close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
