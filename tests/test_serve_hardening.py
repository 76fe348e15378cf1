"""`diplokg serve` answers client mistakes and hostile requests with one line and the right status, and keeps
serving: memory limit of the query workers, network refusal, Host check (DNS rebinding), limits that are
numbers, XML without control characters, remote syntax errors, chunked bodies, 406, UTF-8, HEAD and other
methods, a byte-order mark, unknown charsets and a port in use (127.0.0.1 only, ephemeral ports)."""
from __future__ import annotations

import json
import math
import platform
import socket
import subprocess
import sys
import textwrap
import urllib.error
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import rdflib
from conftest import SPARQL_URL, sparql_server_available
from diplokg.core.errors import InputError
from diplokg.graph.serve import backends
from diplokg.graph.serve import server as server_module
from diplokg.graph.serve.backends import RemoteBackend
from diplokg.graph.serve.server import make_server
from test_serve import Client, _start, _stop

MIB = 1024 * 1024
SANDBOXED = platform.system() == "Linux" and platform.machine() in ("x86_64", "aarch64")
RESULTS_XML = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def endpoint(small_store):
    """One server for the module: two workers, each allowed 256 MiB more address space than when idle."""
    server, thread = _start(small_store, timeout=30.0, max_results=1000, workers=2, worker_memory=256 * MIB)
    yield Client(server.url), server
    _stop(server, thread)


def _one_line(body: bytes) -> str:
    text = body.decode("utf-8")
    assert text.endswith("\n") and len(text.strip().splitlines()) == 1, text
    return text


def _raw(server, data: bytes) -> bytes:
    """Send raw bytes to the server and read until it closes the connection (bounded by a socket timeout)."""
    with socket.create_connection(server.server_address[:2], timeout=30) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _alive(client: Client) -> None:
    status, _, body = client.get("ASK { ?e dkg:cameo cameo:111 }")
    assert status == 200 and json.loads(body)["boolean"] is True


# 1 ----------------------------------------------------------------------------------------------------


def _growing_query(levels: int = 10) -> str:
    """Each level concatenates the previous value ten times: 10**levels bytes at the end."""
    binds = " ".join(f"BIND(CONCAT({', '.join([f'?v{i}'] * 10)}) AS ?v{i + 1})" for i in range(levels))
    return f'SELECT (STRLEN(?v{levels}) AS ?n) WHERE {{ BIND("x" AS ?v0) {binds} }}'


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the address-space limit is read from /proc")
def test_query_past_the_memory_limit_is_stopped_and_the_worker_replaced(endpoint):
    client, server = endpoint
    _alive(client)
    before = {w.proc.pid for w in server.backend._all}
    status, headers, body = client.get(_growing_query())
    assert status == 500, body[:300]
    assert headers["Content-Type"].startswith("text/plain")
    assert "more memory than this endpoint allows a query (256 MiB)" in _one_line(body)
    after = {w.proc.pid for w in server.backend._all}
    assert len(after) == 2 and after != before                       # the worker was replaced
    _alive(client)
    status, _, body = client.get(_growing_query(4))                  # a small value still fits
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "10000"


# 2 ----------------------------------------------------------------------------------------------------


@pytest.mark.skipif(not SANDBOXED, reason="the worker network filter is Linux seccomp on x86_64/aarch64")
def test_network_refusal_in_a_worker_is_403_and_not_retried(tmp_path):
    """The engine reports the refused socket while results are read; the guard is bypassed on purpose here."""
    code = textwrap.dedent(f"""
        import pyoxigraph as ox
        from diplokg.graph.serve import backends
        from diplokg.graph.serve.sandbox import forbid_network
        ox.Store({str(tmp_path / "store")!r}).flush()
        assert forbid_network()
        backends.refusal = lambda text: None             # as if the guard had missed a SERVICE
        calls = []
        original = backends.run_query
        backends.run_query = lambda *a: calls.append(1) or original(*a)
        state = {{"path": {str(tmp_path / "store")!r}, "prefixes": {{}}, "spool_dir": None, "memory_limit": None,
                  "store": None, "signature": None}}
        request = {{"query": "SELECT * WHERE {{ SERVICE <http://127.0.0.1:7981/> {{ ?s ?p ?o }} }}", "accept": None,
                    "formats": [], "max_results": 10, "max_bytes": 100000}}
        reply = backends._answer(state, request)
        print(reply["status"], len(calls))
        print(reply["body"].decode().strip())
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    status_line, message = out.stdout.splitlines()
    assert status_line == "403 1"                                   # one attempt, no retries
    assert "network access (SERVICE, federated queries) is not allowed" in message


# 3 ----------------------------------------------------------------------------------------------------


def test_foreign_host_header_is_refused(endpoint):
    client, server = endpoint
    port = server.server_address[1]
    query = "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?a WHERE { ?a a dkg:Article }"})
    evil = {"Host": f"attacker.example:{port}", "Origin": f"http://attacker.example:{port}"}
    status, _, body = client.request(query, headers=evil)
    assert status == 403 and "DNS rebinding" in _one_line(body) and b"example.org" not in body
    for method in ("POST", "OPTIONS", "HEAD"):
        assert client.request("/sparql", headers=evil, method=method)[0] == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "[::1]", "LOCALHOST", f"127.0.0.1:{port + 1}"):
        assert client.request(query, headers={"Host": host})[0] == 200, host
    _alive(client)


def test_host_names_beyond_loopback(small_store):
    names, any_address = server_module._host_names("0.0.0.0", "0.0.0.0", ("kg.lab.example",))
    assert any_address and "kg.lab.example" in names and socket.gethostname().lower() in names
    names, any_address = server_module._host_names("127.0.0.1", "127.0.0.1", ())
    assert not any_address and names == {"localhost", "127.0.0.1", "::1"}
    server, thread = _start(small_store, timeout=30.0, max_results=10, workers=1, allowed_hosts=("kg.example",))
    try:
        assert server.accepts_host("kg.example:80") and server.accepts_host(None)
        assert not server.accepts_host("kg.example.evil") and not server.accepts_host("10.1.2.3")
        assert not server.accepts_host("") and not server.accepts_host("a b")
    finally:
        _stop(server, thread)


# 4 ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", [math.nan, math.inf, -1.0, 0.0, 1e12])
def test_timeout_must_be_a_finite_positive_number(small_store, timeout):
    with pytest.raises(InputError, match="--timeout must be a finite number of seconds"):
        make_server(small_store, "127.0.0.1", 0, timeout=timeout, workers=1)


def test_cli_refuses_a_nan_timeout_in_one_line(small_store):
    """It used to start serving with no timeout at all: the 60 s bound ends that run."""
    out = subprocess.run([sys.executable, "-m", "diplokg", "serve", "--store", str(small_store.path), "--port", "0",
                          "--timeout", "nan"], capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 2
    assert out.stderr.startswith("error: --timeout must be a finite number") and len(out.stderr.splitlines()) == 1


def test_an_exception_in_a_request_replaces_the_worker(endpoint, monkeypatch):
    """``--timeout inf`` used to raise OverflowError while a worker was out of the pool: it was lost."""
    client, server = endpoint
    pool = server.backend

    def fail(worker, request, timeout):
        raise OverflowError("timeout value is too large")

    monkeypatch.setattr(backends._Worker, "ask", fail)
    request = {"query": "ASK {}", "accept": None, "formats": [], "max_results": 10, "max_bytes": 100000}
    with pytest.raises(OverflowError):
        pool.execute(request, 30.0)
    assert pool.idle.qsize() == pool.size == len(pool._all) == 2
    status, _, body = client.get("ASK {}")                          # the client gets one line, not a hang-up
    assert status == 500 and "OverflowError: timeout value is too large" in _one_line(body)
    monkeypatch.undo()
    assert pool.idle.qsize() == 2
    _alive(client)
    _alive(client)


# 5 ----------------------------------------------------------------------------------------------------


def test_xml_answers_stay_valid_with_control_characters(endpoint):
    client, _ = endpoint
    select = 'SELECT ?x WHERE { BIND("a\\u0001b\\u000Dc\\u0009d" AS ?x) }'
    status, headers, body = client.get(select, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    literal = ET.fromstring(body).find(f".//{RESULTS_XML}literal")
    assert literal.text == "a\ufffdb\rc\td"                       # CR and tab kept, U+0001 replaced
    construct = 'CONSTRUCT { <urn:a> <urn:b> ?x } WHERE { BIND("a\\u0001b" AS ?x) }'
    status, headers, body = client.get(construct, "application/rdf+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/rdf+xml")
    graph = rdflib.Graph().parse(data=body.decode("utf-8"), format="xml")
    assert {str(o) for o in graph.objects()} == {"a\ufffdb"}


# 6 ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def remote_endpoint():
    """diplokg serve in front of the test oxigraph server (DIPLOKG_TEST_SPARQL); read-only queries only."""
    if not sparql_server_available():
        pytest.skip(f"no SPARQL server at {SPARQL_URL} (set DIPLOKG_TEST_SPARQL)")
    server, thread = _start(SPARQL_URL, timeout=30.0, max_results=10, workers=1)
    yield Client(server.url)
    _stop(server, thread)


def test_remote_syntax_errors_are_one_line_about_the_users_text(remote_endpoint):
    status, _, body = remote_endpoint.get("SELECT * WHERE { ?s foo:bar ?o }")
    assert status == 400
    assert _one_line(body).startswith("invalid SPARQL query: unknown prefix foo:")
    status, _, body = remote_endpoint.get("SELECT ?x WHERE {\n ?x dkg:source }")
    assert status == 400
    assert _one_line(body).startswith("invalid SPARQL query: SPARQL syntax error at line 2, column")
    assert "expected one of" not in body.decode()
    assert remote_endpoint.get("ASK {}")[0] == 200


def test_remote_refusal_of_a_query_that_parses_keeps_the_servers_first_line():
    backend = RemoteBackend(None, "", {}, 1, 10.0)
    error = urllib.error.HTTPError("http://x/query", 400, "Bad Request", {}, None)
    error.read = lambda n=-1: b"the server does not like it\nsecond line\n"
    reply = backend._refused("ASK {}", "http://x/query", error)
    assert reply["status"] == 400
    assert _one_line(reply["body"]) == "SPARQL server http://x/query answered 400: the server does not like it\n"


# 7 ----------------------------------------------------------------------------------------------------


def test_chunked_post_body_is_read(endpoint):
    _, server = endpoint
    query = b"ASK { ?e dkg:cameo cameo:111 }"
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (query[:10], query[10:])) + b"0\r\n\r\n"
    first = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n" + chunked)
    second = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    answer = _raw(server, first + second)                         # one keep-alive connection
    assert answer.count(b"HTTP/1.1 200 OK") == 2, answer
    assert b'"boolean":true' in answer.replace(b" ", b"")
    too_big = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n%x\r\n" % (server_module.MAX_BODY + 1))
    answer = _raw(server, too_big + second)                       # closed after the 413: no second answer
    assert answer.startswith(b"HTTP/1.1 413") and answer.count(b"HTTP/1.1") == 1
    assert b"request body too large" in answer
    answer = _raw(server, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and b"malformed chunked" in answer


# 8 ----------------------------------------------------------------------------------------------------


def test_negotiation_answers_406_and_refuses_unfitting_formats(endpoint):
    client, _ = endpoint
    select = "SELECT ?a WHERE { ?a a dkg:Article }"
    for accept in ("application/sparql-results+json;q=0", "application/x-foo", "text/html"):
        status, _, body = client.get(select, accept)
        assert status == 406, accept
        assert "offered: application/sparql-results+json, application/sparql-results+xml" in _one_line(body)
    status, headers, _ = client.get(select, "application/sparql-results+json;q=0, */*")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    for accept in (None, "*/*", "text/*;q=0.1, */*;q=0.5"):
        status, headers, _ = client.get(select, accept)
        assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json"), accept
    status, _, body = client.get("CONSTRUCT WHERE { ?s dkg:cameo ?o }", "application/sparql-results+json")
    assert status == 406 and "offered: text/turtle" in _one_line(body)
    status, _, body = client.get(select, format="a/b")
    assert status == 400 and "unknown format 'a/b'" in _one_line(body)
    status, _, body = client.get(select, "*/*", format="turtle")
    assert status == 400 and "'turtle' is not a format for a SELECT answer" in _one_line(body)
    _alive(client)


# 9, 11, 12 --------------------------------------------------------------------------------------------


def test_query_text_encodings(endpoint):
    client, _ = endpoint
    status, _, body = client.request("/sparql?query=ASK%7B%7D%FF")
    assert status == 400 and "the URL's query string is not valid UTF-8" in _one_line(body)
    status, _, body = client.request("/sparql", data=b"query=ASK%7B%7D%FF",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and "the form body is not valid UTF-8" in _one_line(body)
    status, _, body = client.request("/sparql", data="\ufeffASK { ?e dkg:cameo cameo:111 }".encode(),
                                     headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = client.request("/sparql", data=b"ASK {}",
                                     headers={"Content-Type": "application/sparql-query; charset=foo"})
    assert status == 415 and "unknown charset 'foo'" in _one_line(body)
    status, _, body = client.request("/sparql", data="ASK {}".encode("utf-16"),
                                     headers={"Content-Type": 'application/sparql-query; charset="utf-16"'})
    assert status == 200
    _alive(client)


# 10 ---------------------------------------------------------------------------------------------------


def test_head_and_other_methods(endpoint):
    client, server = endpoint
    query = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    status, headers, body = client.request(query, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, body = client.request(query, method=method, data=b"x")
        assert status == 405 and headers["Allow"] == "GET, HEAD, POST, OPTIONS", method
        assert headers["Content-Type"].startswith("text/plain") and method in _one_line(body)
    headers = b"".join(b"X-%d: y\r\n" % i for i in range(120))          # a request the parser refuses
    answer = _raw(server, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n")
    assert answer.startswith(b"HTTP/1.1 431") and b"text/plain" in answer and b"<html" not in answer.lower()
    assert answer.split(b"\r\n\r\n", 1)[1] == b"Too many headers\n"
    _alive(client)


# 13 ---------------------------------------------------------------------------------------------------


def test_port_in_use_is_one_line_naming_it(small_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError) as caught:
            make_server(small_store, "127.0.0.1", port, workers=1)
    message = str(caught.value)
    assert message == f"cannot listen on 127.0.0.1:{port}: the address is already in use (by another server?); " \
                      "choose another port with --port"
