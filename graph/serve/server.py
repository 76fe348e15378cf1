"""A read-only SPARQL 1.1 Protocol endpoint over a diplokg store (``diplokg serve``).

``GET /sparql?query=...`` or ``POST /sparql`` (``application/sparql-query`` body
or form-encoded ``query=``); ``/query`` is the same endpoint and ``/`` a short
HTML page about it. SELECT and ASK answer SPARQL JSON (default), XML, CSV or TSV;
CONSTRUCT and DESCRIBE answer Turtle (default), N-Triples, RDF/XML, JSON-LD, N3,
N-Quads or TriG, chosen by ``format=``/``output=`` (as SPARQLWrapper sends it) or
by ``Accept`` (:mod:`.formats`). As everywhere in diplokg, the default graph
is the union of the named graphs (unless the request names ``default-graph-uri``)
and the project prefixes (``dkg:``, ``cameo:``, ``wd:``, ...) are predeclared.

What it refuses (403): SPARQL Update in any form (``update=``,
``application/sparql-update``, ``/update``, an update sent as a query: INSERT,
DELETE, LOAD, ...), and federated queries (SERVICE), judged on the parsed query
(:mod:`.guard`), because pyoxigraph would fetch any URL a query names and
has no option to stop it. On Linux (x86_64, aarch64) the embedded store's query
workers also run without network (:mod:`.sandbox`, seccomp: internet sockets
fail), so even a query the guard misread could not reach another host. The
embedded store is opened with ``pyoxigraph.Store.read_only``, which cannot write.
No CORS header is sent unless ``--cors ORIGIN`` names the web origins whose pages
may query it.

Limits:

* **Timeout.** Queries on an embedded store run in worker processes
  (:mod:`.backends`); past ``timeout`` seconds the answer is ``504`` and the
  worker is killed and replaced. All workers busy for ``timeout`` s: ``503``.
* **Result caps.** At most ``max_results`` rows (triples) and ``max_bytes`` bytes.
  An answer is written row by row into a spool (memory up to 256 KB, then a
  temporary file) and relayed in 64 KB chunks, so memory stays bounded whatever
  its size. A cut answer stays a complete, valid document ending at the last row
  that fits, with ``X-Diplokg-Truncated: true`` and ``X-Diplokg-Truncated-By: rows``
  or ``bytes`` (``false`` otherwise; ``X-Diplokg-Max-Results``/``-Max-Bytes`` give
  the caps). When not even one row fits in ``max_bytes`` the answer is ``413``
  with a message, not an empty result.
* **Connections.** One thread per connection, a listen backlog of 128.

Why not ``oxigraph serve-read-only --union-default-graph``? Checked with oxigraph
0.5.13: it runs SERVICE (it fetched a URL on 127.0.0.1 for us), has no row or
byte cap, and its ``--timeout-s`` stops a streamed answer after the ``200`` header
went out (a 1 s limit answered a COUNT after 12 s with the error text inside a
broken JSON body). It also lacks the predeclared prefixes and the ``format=``
negotiation SPARQLWrapper relies on. It does have a query timeout and keeps CORS
off unless ``--cors``.

A read-only handle can be opened while another process (``diplokg ingest``)
holds the store; a worker re-opens its handle when the store's files have
changed, and retries a failed read twice on a fresh handle (a writer may have
just replaced a file) before answering ``500``.
"""
from __future__ import annotations

import ipaddress
import os
import re
import shutil
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .backends import EmbeddedBackend, RemoteBackend, run_query
from .formats import FORMAT_NAMES, negotiate
from .guard import SERVICE_REFUSED, UPDATE_REFUSED, is_update, refusal
from .page import help_page
from ...core.errors import InputError, MissingStoreError

__all__ = ["SERVICE_REFUSED", "UPDATE_REFUSED", "is_update", "make_server", "negotiate", "refusal", "run_query",
           "serve"]

ENDPOINT_PATHS = ("/sparql", "/query")
MAX_BODY = 2 * 1024 * 1024                   # bytes of a POST body we accept
CHUNK = 64 * 1024                            # bytes relayed per write from a spooled answer
FORMAT_KEYS = ("format", "output", "results")  # SPARQLWrapper sends all three


# ---------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server (one thread per connection); ``server_close()`` also stops the query workers."""

    daemon_threads = True
    request_queue_size = 128                  # listen backlog: bursts of clients wait instead of being dropped

    def __init__(self, address, backend, timeout: float, max_results: int, quiet: bool = False, *,
                 max_bytes: int = 64 * 1024 * 1024, cors: tuple[str, ...] = (), spool_dir: str | None = None):
        self.backend = backend
        self.query_timeout = float(timeout)
        self.max_results = int(max_results)
        self.max_bytes = int(max_bytes)
        self.cors = tuple(cors)
        self.spool_dir = spool_dir
        self.quiet = quiet
        try:
            super().__init__(address, _Handler)
        except BaseException:
            self._release()
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

    def allowed_origin(self, origin: str | None) -> str | None:
        """The Access-Control-Allow-Origin value for a request from ``origin`` (None: no CORS header)."""
        if "*" in self.cors:
            return "*"
        return origin if origin and origin in self.cors else None

    def _release(self) -> None:
        self.backend.close()
        if self.spool_dir:
            shutil.rmtree(self.spool_dir, ignore_errors=True)

    def server_close(self) -> None:
        super().server_close()
        self._release()


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
        """CORS headers only for the origins given with ``--cors`` (none by default)."""
        if self.server.cors:
            self.send_header("Vary", "Origin")
        origin = self.server.allowed_origin(self.headers.get("Origin"))
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers",
                             "X-Diplokg-Truncated, X-Diplokg-Truncated-By, X-Diplokg-Max-Results, X-Diplokg-Max-Bytes")

    def _head(self, status: int, content_type: str, length: int, headers: dict[str, str] | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self._cors()
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _reply(self, status: int, content_type: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self._head(status, content_type, len(body), headers)
        if self.command != "HEAD":
            self.wfile.write(body)

    def _relay(self, reply: dict, headers: dict[str, str]) -> None:
        """Send a backend reply; a spooled body is read and sent in chunks from its file.

        The file is deleted as soon as it is open (an open file stays readable on POSIX), so no answer is
        left on disk once the client has it, nor when the client hangs up mid-way; where an open file cannot
        be deleted, it is deleted after sending."""
        path = reply.get("body_path")
        if path is None:
            self._reply(reply["status"], reply["content_type"], reply["body"], headers)
            return
        try:
            body = open(path, "rb")
        finally:
            deleted = _delete(path)
        with body:
            try:
                self._head(reply["status"], reply["content_type"], reply["size"], headers)
                while self.command != "HEAD":
                    chunk = body.read(CHUNK)
                    if not chunk:
                        break
                    self.wfile.write(chunk)
            finally:
                if not deleted:
                    body.close()
                    _delete(path)

    def _text(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"), headers)

    # -- methods --------------------------------------------------------------------------
    def do_OPTIONS(self) -> None:
        """CORS preflight (answered with CORS headers only for ``--cors`` origins) or a plain OPTIONS."""
        self.send_response(204)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        self._cors()
        if self.server.allowed_origin(self.headers.get("Origin")):
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "600")
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
        formats = [v for key in FORMAT_KEYS for v in params.get(key, []) if v.strip()]
        unknown = [v for v in formats if v.strip().lower() not in FORMAT_NAMES and "/" not in v]
        if unknown:
            self._text(400, f"unknown format {unknown[0]!r}; use a media type or one of: {', '.join(FORMAT_NAMES)}")
            return
        server = self.server
        request = {"query": body_query, "accept": self.headers.get("Accept"), "formats": formats,
                   "max_results": server.max_results, "max_bytes": server.max_bytes,
                   "default_graphs": params.get("default-graph-uri") or [],
                   "named_graphs": params.get("named-graph-uri") or []}
        started = time.monotonic()
        reply = server.backend.execute(request, server.query_timeout)
        self._relay(reply, self._reply_headers(reply, time.monotonic() - started))

    def _reply_headers(self, reply: dict, elapsed: float) -> dict[str, str]:
        server = self.server
        if reply["status"] == 503:
            return {"Retry-After": "5"}
        if reply["status"] != 200:
            return {}
        headers = {"X-Diplokg-Truncated": "true" if reply["truncated"] else "false",
                   "X-Diplokg-Max-Results": str(server.max_results), "X-Diplokg-Max-Bytes": str(server.max_bytes),
                   "X-Diplokg-Query-Seconds": f"{elapsed:.3f}"}
        if reply["truncated"]:
            headers["X-Diplokg-Truncated-By"] = reply["truncated_by"]
            if not server.quiet:
                self.log_message("result cut at %d %s (--max-%s)", reply["count"],
                                 "triples" if reply["kind"] == "graph" else "rows",
                                 "results" if reply["truncated_by"] == "rows" else "bytes")
        return headers

    def _page(self) -> bytes:
        return help_page(self.server)


def _delete(path: str) -> bool:
    """Delete a spooled answer; False where the system refuses (an open file on Windows), True if gone."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _open_backend(store, timeout: float, workers: int | None, spool_dir: str):
    from ...ontology.namespaces import PREFIX_BLOCK, SPARQL_PREFIXES
    from ..rdf.store import EmbeddedStore, RemoteStore

    n = workers or max(2, min(4, os.cpu_count() or 2))
    if isinstance(store, RemoteStore):
        return RemoteBackend(store, PREFIX_BLOCK, SPARQL_PREFIXES, n, timeout, spool_dir)
    if isinstance(store, EmbeddedStore):
        return EmbeddedBackend(str(store.path), SPARQL_PREFIXES, n, spool_dir)
    spec = str(store)
    if spec.startswith(("http://", "https://")):
        return RemoteBackend(RemoteStore(spec, timeout=timeout), PREFIX_BLOCK, SPARQL_PREFIXES, n, timeout, spool_dir)
    path = os.path.abspath(spec)
    if not os.path.isdir(path) or not os.listdir(path):
        raise MissingStoreError(f"no diplokg store at {spec}: create one with `diplokg ingest` or `diplokg demo`, "
                                "or pass --store")
    return EmbeddedBackend(path, SPARQL_PREFIXES, n, spool_dir)


_ORIGIN = re.compile(r"^https?://[^/\s?#]+$", re.IGNORECASE)


def _check_limits(timeout: float, max_results: int, max_bytes: int, cors: tuple[str, ...]) -> None:
    if not timeout or timeout <= 0:
        raise InputError("--timeout must be a positive number of seconds")
    if max_results < 1:
        raise InputError("--max-results must be at least 1")
    if max_bytes < 1024:
        raise InputError("--max-bytes must be at least 1024")
    for origin in cors:
        if origin != "*" and not _ORIGIN.match(origin):
            raise InputError(f"--cors {origin!r} is not an origin: give scheme://host[:port] "
                             "(e.g. https://yasgui.example), no path, or * for any site")


def make_server(store, host: str = "127.0.0.1", port: int = 7879, timeout: float = 30.0,
                max_results: int = 10000, *, max_bytes: int = 64 * 1024 * 1024, cors: tuple[str, ...] = (),
                workers: int | None = None, quiet: bool = False) -> SparqlServer:
    """A ready (bound, not yet serving) read-only SPARQL endpoint; call ``serve_forever()`` on it.

    ``store`` is an :class:`~diplokg.graph.rdf.store.EmbeddedStore`, a
    :class:`~diplokg.graph.rdf.store.RemoteStore`, a store folder or an http(s) URL.
    An embedded store is only ever opened read-only (by ``workers`` query
    processes, default 2–4); ``server_close()`` stops them. ``cors`` lists the
    web origins whose pages may query the endpoint (none by default).
    """
    cors = tuple(o.rstrip("/") for o in cors)
    _check_limits(timeout, max_results, max_bytes, cors)
    spool_dir = tempfile.mkdtemp(prefix="diplokg-serve-")
    try:
        backend = _open_backend(store, timeout, workers, spool_dir)
    except BaseException:
        shutil.rmtree(spool_dir, ignore_errors=True)
        raise
    server_class = SparqlServer
    try:
        if isinstance(ipaddress.ip_address(host.strip("[]")), ipaddress.IPv6Address):
            server_class = type("SparqlServer6", (SparqlServer,), {"address_family": __import__("socket").AF_INET6})
    except ValueError:
        pass                                             # a host name: IPv4 resolution
    return server_class((host.strip("[]"), port), backend, timeout, max_results, quiet, max_bytes=max_bytes,
                        cors=cors, spool_dir=spool_dir)


def serve(store_spec: str, *, host: str = "127.0.0.1", port: int = 7879, timeout: float = 30.0,
          max_results: int = 10000, max_bytes: int = 64 * 1024 * 1024, cors: tuple[str, ...] = ()) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol until Ctrl-C."""
    server = make_server(store_spec, host, port, timeout, max_results, max_bytes=max_bytes, cors=cors)
    try:
        loopback = ipaddress.ip_address(server.server_address[0]).is_loopback
    except ValueError:
        loopback = False
    print(f"diplokg SPARQL endpoint (read-only): {server.url}/sparql", flush=True)
    print(f"  store {store_spec} — {server.backend.description}; timeout {timeout:g} s, "
          f"at most {max_results} rows and {max_bytes} bytes per answer; help page {server.url}/", flush=True)
    if server.cors:
        print(f"  web pages from {', '.join(server.cors)} may query it (CORS)", flush=True)
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
