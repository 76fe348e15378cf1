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
may query it, and a request whose ``Host`` header is not a loopback name, the bound
host or an ``allowed_hosts`` name is refused (403), so that a web page whose DNS name
was re-pointed at 127.0.0.1 (DNS rebinding) cannot read the graph.

Client mistakes get one line of plain text with their status: an ``Accept`` header
naming nothing offered for the query form (406), a ``format=`` naming no format for it
(400), percent-encoded bytes that are not UTF-8 (400), an unknown charset (415), a
method other than GET, HEAD, POST, OPTIONS (405 with ``Allow``). HEAD is answered as
GET without the body; a ``Transfer-Encoding: chunked`` body is read like one with a
Content-Length (same size limit, 413), and a leading byte-order mark is dropped.

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
* **Memory.** A query may grow its worker by ``worker_memory`` bytes of address space
  (default 2 GiB, ``RLIMIT_AS``); past that the engine aborts the worker, the answer
  is ``500`` saying so and the worker is replaced.
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

import codecs
import errno
import ipaddress
import math
import os
import re
import shutil
import socket
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .backends import MAX_WORKER_MEMORY, EmbeddedBackend, RemoteBackend, run_query
from .formats import FORMAT_NAMES, error_reply, is_format_name, negotiate
from .guard import SERVICE_REFUSED, UPDATE_REFUSED, is_update, refusal
from .page import help_page
from ...core.errors import InputError, MissingStoreError

__all__ = ["SERVICE_REFUSED", "UPDATE_REFUSED", "is_update", "make_server", "negotiate", "refusal", "run_query",
           "serve"]

ENDPOINT_PATHS = ("/sparql", "/query")
MAX_BODY = 2 * 1024 * 1024                   # bytes of a POST body we accept
CHUNK = 64 * 1024                            # bytes relayed per write from a spooled answer
FORMAT_KEYS = ("format", "output", "results")  # SPARQLWrapper sends all three
ALLOW = "GET, HEAD, POST, OPTIONS"
MAX_TIMEOUT = 7 * 24 * 3600                  # longer waits overflow the thread and queue timeouts
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_BIND_ERRORS = {errno.EADDRINUSE: "the address is already in use (by another server?); choose another port "
                                  "with --port",
                errno.EACCES: "permission denied (ports below 1024 need privileges); choose another port with --port",
                errno.EADDRNOTAVAIL: "that address is not one of this machine's; check --host"}


class BodyError(Exception):
    """A request body that cannot be read: ``status`` and a one-line message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server (one thread per connection); ``server_close()`` also stops the query workers."""

    daemon_threads = True
    request_queue_size = 128                  # listen backlog: bursts of clients wait instead of being dropped

    def __init__(self, address, backend, timeout: float, max_results: int, quiet: bool = False, *,
                 max_bytes: int = 64 * 1024 * 1024, cors: tuple[str, ...] = (), spool_dir: str | None = None,
                 allowed_hosts: tuple[str, ...] = ()):
        self.backend = backend
        self.query_timeout = float(timeout)
        self.max_results = int(max_results)
        self.max_bytes = int(max_bytes)
        self.cors = tuple(cors)
        self.spool_dir = spool_dir
        self.quiet = quiet
        try:
            super().__init__(address, _Handler)
        except OSError as exc:
            self._release()
            if exc.errno in _BIND_ERRORS:
                host = f"[{address[0]}]" if ":" in address[0] else address[0]
                raise InputError(f"cannot listen on {host}:{address[1]}: {_BIND_ERRORS[exc.errno]}") from None
            raise
        except BaseException:
            self._release()
            raise
        self.host_names, self.any_address = _host_names(address[0], self.server_address[0], allowed_hosts)

    def accepts_host(self, header: str | None) -> bool:
        """Whether a request's ``Host`` header names this server: a loopback name or address, the bound host,
        a name given with ``allowed_hosts``, or (bound beyond loopback) any IP address. Other names are
        refused, because a page whose DNS name an attacker re-pointed at 127.0.0.1 (DNS rebinding)
        sends its own name. No header at all (HTTP/1.0) comes from no browser and passes."""
        if header is None:
            return True
        name = _host_of(header)
        if name is None:
            return False
        if name in self.host_names:
            return True
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return False
        return address.is_loopback or self.any_address

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
        """Stop the query workers and delete the spool folder."""
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
        headers = getattr(self, "headers", None)          # none yet when the request line was malformed
        origin = self.server.allowed_origin(headers.get("Origin") if headers is not None else None)
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

    def parse_request(self) -> bool:
        """Read the request line and headers, then refuse (one line, connection closed) a Host that is not
        this server's name (DNS rebinding) and a method the endpoint does not take (405 with Allow)."""
        if not super().parse_request():
            return False
        host = self.headers.get("Host")
        if not self.server.accepts_host(host):
            self.close_connection = True
            self._text(403, f"Host {host.strip()[:100]!r} is not a name of this server (DNS rebinding protection); "
                            f"use {self.server.url}")
            return False
        if not hasattr(self, "do_" + self.command):
            self.close_connection = True
            self._text(405, f"method {self.command[:20]!r} is not allowed: use {ALLOW}", {"Allow": ALLOW})
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A malformed request (line, headers): one line of plain text and the connection closed, no HTML."""
        self.close_connection = True
        text = message or self.responses.get(code, ("error",))[0]
        self._text(code, " ".join(str(text).split()), {"Connection": "close"})

    def do_OPTIONS(self) -> None:
        """CORS preflight (answered with CORS headers only for ``--cors`` origins) or a plain OPTIONS."""
        self.send_response(204)
        self.send_header("Allow", ALLOW)
        self._cors()
        if self.server.allowed_origin(self.headers.get("Origin")):
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        """Answered as GET (the query runs, so status and headers are those of the GET), without the body."""
        self.do_GET()

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        try:
            params = parse_params(parts.query, "the URL's query string")
        except BodyError as exc:
            self._text(exc.status, str(exc))
            return
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

    def _read_body(self) -> bytes:
        """The request body: chunked or Content-Length, at most ``MAX_BODY`` bytes (:class:`BodyError`)."""
        coding = (self.headers.get("Transfer-Encoding") or "").strip().lower()
        if coding:
            if self.headers.get("Content-Length") is not None:
                self.close_connection = True              # both framings: trust neither for the next request
            if coding != "chunked":
                raise BodyError(501, f"unsupported Transfer-Encoding {coding[:40]!r}: send the body with "
                                     "Content-Length or chunked")
            return read_chunked(self.rfile, MAX_BODY)
        value = (self.headers.get("Content-Length") or "0").strip()
        if not value.isdigit():
            raise BodyError(400, f"malformed Content-Length {value[:40]!r}")
        if int(value) > MAX_BODY:
            raise BodyError(413, f"request body too large (limit {MAX_BODY} bytes)")
        return self.rfile.read(int(value)) if int(value) else b""

    def do_POST(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        try:
            body = self._read_body()
        except BodyError as exc:
            self.close_connection = True                  # the rest of the body must not be read as a request
            self._text(exc.status, str(exc))
            return
        if parts.path == "/update":
            self._text(403, UPDATE_REFUSED)
            return
        if parts.path not in ENDPOINT_PATHS:
            self._text(404, f"no such endpoint: {parts.path}; the SPARQL endpoint is /sparql (or /query)")
            return
        ctype = self.headers.get("Content-Type") or ""
        try:
            self._post_query(ctype.split(";")[0].strip().lower(), decode_body(body, ctype),
                             parse_params(parts.query, "the URL's query string"))
        except BodyError as exc:
            self._text(exc.status, str(exc))

    def _post_query(self, media: str, text: str, params: dict[str, list[str]]) -> None:
        """A POSTed query: an ``application/sparql-query`` body or a form (``query=``)."""
        if media == "application/sparql-update":
            self._text(403, UPDATE_REFUSED)
        elif media == "application/sparql-query":
            if "query" in params:
                self._text(400, "a POST with an application/sparql-query body takes no `query` parameter")
                return
            self._endpoint(params, text)
        elif media in ("application/x-www-form-urlencoded", ""):
            for key, values in parse_params(text, "the form body").items():
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
        body_query = body_query.removeprefix("\ufeff")
        if not body_query.strip():
            self._text(400, "the query is empty")
            return
        if is_update(body_query):
            self._text(403, UPDATE_REFUSED)
            return
        formats = [v for key in FORMAT_KEYS for v in params.get(key, []) if v.strip()]
        unknown = [v for v in formats if not is_format_name(v)]
        if unknown:
            self._text(400, f"unknown format {unknown[0][:100]!r}; use a media type or one of: "
                            f"{', '.join(FORMAT_NAMES)}")
            return
        server = self.server
        request = {"query": body_query, "accept": self.headers.get("Accept"), "formats": formats,
                   "max_results": server.max_results, "max_bytes": server.max_bytes,
                   "default_graphs": params.get("default-graph-uri") or [],
                   "named_graphs": params.get("named-graph-uri") or []}
        started = time.monotonic()
        try:
            reply = server.backend.execute(request, server.query_timeout)
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the client without an answer
            self.log_error("query failed: %r", exc)
            reply = error_reply(500, f"the query could not be run: {type(exc).__name__}: {' '.join(str(exc).split())}")
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


def _host_of(header: str) -> str | None:
    """The host name of a ``Host`` header (lower case, no port, IPv6 without brackets); None if malformed.

    >>> _host_of("LocalHost:7879"), _host_of("[::1]:80"), _host_of("a.example:x")
    ('localhost', '::1', None)
    """
    header = header.strip().lower()
    match = re.fullmatch(r"\[([0-9a-f:.]+)\](?::(\d*))?|([^\[\]:/\s@]+)(?::(\d*))?", header)
    if match is None:
        return None
    return (match.group(1) or match.group(3)).rstrip(".") or None


def _host_names(given: str, bound: str, allowed: tuple[str, ...]) -> tuple[frozenset[str], bool]:
    """The host names requests may carry, and whether any IP address may (the server listens beyond loopback)."""
    names = set(LOOPBACK_NAMES) | {given.strip("[]").lower(), bound.lower()}
    names |= {h.strip().strip("[]").lower().rstrip(".") for h in allowed if h.strip()}
    try:
        beyond_loopback = not ipaddress.ip_address(bound).is_loopback
    except ValueError:
        beyond_loopback = True
    if beyond_loopback:
        names.add(socket.gethostname().lower())
    return frozenset(names), beyond_loopback


def read_chunked(stream, limit: int) -> bytes:
    """A ``Transfer-Encoding: chunked`` body from ``stream`` (at most ``limit`` bytes, else 413), trailers
    skipped; a malformed body is a 400 (:class:`BodyError`)."""
    parts, total = [], 0
    while True:
        line = stream.readline(1024)
        size = re.fullmatch(rb"([0-9a-fA-F]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n", line)
        if size is None:
            raise BodyError(400, "malformed chunked request body (a chunk size line is not hexadecimal)")
        length = int(size.group(1), 16)
        if length == 0:
            break
        total += length
        if total > limit:
            raise BodyError(413, f"request body too large (limit {limit} bytes)")
        data = stream.read(length)
        if len(data) < length or stream.readline(3) not in (b"\r\n", b"\n"):
            raise BodyError(400, "malformed chunked request body (a chunk is shorter than its size)")
        parts.append(data)
    for _ in range(64):                                   # trailer fields up to the empty line
        if stream.readline(8192) in (b"\r\n", b"\n", b""):
            break
    return b"".join(parts)


def decode_body(body: bytes, content_type: str) -> str:
    """The text of a request body in the charset its Content-Type names (UTF-8 by default), without a
    leading byte-order mark; an unknown charset is a 415, undecodable bytes a 400 (:class:`BodyError`)."""
    match = re.search(r'charset\s*=\s*"?([^";,\s]+)"?', content_type, re.IGNORECASE)
    charset = match.group(1) if match else "utf-8"
    try:
        codecs.lookup(charset)
        text = body.decode(charset)
    except LookupError:
        raise BodyError(415, f"unknown charset {charset[:40]!r} in the Content-Type: send the query in UTF-8 "
                             "(charset=utf-8)") from None
    except UnicodeDecodeError:
        raise BodyError(400, f"the request body is not valid {charset}") from None
    return text.removeprefix("\ufeff")


def parse_params(text: str, where: str) -> dict[str, list[str]]:
    """Form or URL parameters; percent-encoded bytes that are not UTF-8 are a 400 (:class:`BodyError`),
    not silently replaced (the query would run with U+FFFD in it)."""
    try:
        return urllib.parse.parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise BodyError(400, f"{where} is not valid UTF-8 (percent-encoded bytes must be UTF-8)") from None


def _delete(path: str) -> bool:
    """Delete a spooled answer; False where the system refuses (an open file on Windows), True if gone."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _open_backend(store, timeout: float, workers: int | None, spool_dir: str, worker_memory: int | None):
    from ...ontology.namespaces import PREFIX_BLOCK, SPARQL_PREFIXES
    from ..rdf.store import EmbeddedStore, RemoteStore

    n = workers or max(2, min(4, os.cpu_count() or 2))
    if isinstance(store, RemoteStore):
        return RemoteBackend(store, PREFIX_BLOCK, SPARQL_PREFIXES, n, timeout, spool_dir)
    if isinstance(store, EmbeddedStore):
        return EmbeddedBackend(str(store.path), SPARQL_PREFIXES, n, spool_dir, worker_memory)
    spec = str(store)
    if spec.startswith(("http://", "https://")):
        return RemoteBackend(RemoteStore(spec, timeout=timeout), PREFIX_BLOCK, SPARQL_PREFIXES, n, timeout, spool_dir)
    path = os.path.abspath(spec)
    if not os.path.isdir(path) or not os.listdir(path):
        raise MissingStoreError(f"no diplokg store at {spec}: create one with `diplokg ingest` or `diplokg demo`, "
                                "or pass --store")
    return EmbeddedBackend(path, SPARQL_PREFIXES, n, spool_dir, worker_memory)


_ORIGIN = re.compile(r"^https?://[^/\s?#]+$", re.IGNORECASE)


def _check_limits(timeout: float, max_results: int, max_bytes: int, cors: tuple[str, ...]) -> None:
    """Refuse limits the server cannot keep (NaN or infinite seconds, caps below one row) before it starts."""
    try:
        seconds = float(timeout)
    except (TypeError, ValueError):
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_TIMEOUT):
        raise InputError(f"--timeout must be a finite number of seconds above 0 and at most {MAX_TIMEOUT} "
                         f"(a week), got {timeout!r}")
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
                workers: int | None = None, quiet: bool = False, allowed_hosts: tuple[str, ...] = (),
                worker_memory: int | None = MAX_WORKER_MEMORY) -> SparqlServer:
    """A ready (bound, not yet serving) read-only SPARQL endpoint; call ``serve_forever()`` on it.

    ``store`` is an :class:`~diplokg.graph.rdf.store.EmbeddedStore`, a
    :class:`~diplokg.graph.rdf.store.RemoteStore`, a store folder or an http(s) URL.
    An embedded store is only ever opened read-only (by ``workers`` query
    processes, default 2–4); ``server_close()`` stops them. ``cors`` lists the
    web origins whose pages may query the endpoint (none by default). ``allowed_hosts`` are host names
    requests may carry besides loopback and the bound host (DNS rebinding check). A query may grow a
    worker by ``worker_memory`` bytes of address space (default 2 GiB; None: no limit) before it is
    stopped with a 500 and the worker replaced.
    """
    cors = tuple(o.rstrip("/") for o in cors)
    _check_limits(timeout, max_results, max_bytes, cors)
    spool_dir = tempfile.mkdtemp(prefix="diplokg-serve-")
    try:
        backend = _open_backend(store, timeout, workers, spool_dir, worker_memory)
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
                        cors=cors, spool_dir=spool_dir, allowed_hosts=tuple(allowed_hosts))


def serve(store_spec: str, *, host: str = "127.0.0.1", port: int = 7879, timeout: float = 30.0,
          max_results: int = 10000, max_bytes: int = 64 * 1024 * 1024, cors: tuple[str, ...] = (),
          allowed_hosts: tuple[str, ...] = ()) -> None:
    """Serve the store read-only over the SPARQL 1.1 Protocol until Ctrl-C."""
    server = make_server(store_spec, host, port, timeout, max_results, max_bytes=max_bytes, cors=cors,
                         allowed_hosts=allowed_hosts)
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
