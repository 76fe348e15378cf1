"""`diplokg serve` refuses federation (SERVICE) and updates from the parsed query, whatever the text looks like.

The end-to-end test points every SERVICE at a real HTTP server on 127.0.0.1 that
records each request it gets: the endpoint must never contact it.
"""
from __future__ import annotations

import contextlib
import http.server
import json
import platform
import subprocess
import sys
import textwrap
import threading
from typing import ClassVar

import pyoxigraph as ox
import pytest
from diplokg.graph.serve.guard import SERVICE_REFUSED, UPDATE_REFUSED, refusal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_serve import Client, _fill, _start, _stop

# {url} is the recording server; each of these runs SERVICE (or LOAD) on Oxigraph
FEDERATED = [
    # the report's reproduction: an escaped '#' in a prefixed name made the old text reader skip the rest
    r"SELECT * WHERE { ?s dkgr:x\# ?o . SERVICE <{url}> { ?a ?b ?c } }",
    r"PREFIX dkgr: <https://w3id.org/diplokg/resource/> SELECT * WHERE { ?s dkgr:x\# ?o SERVICE <{url}> { ?a ?b ?c } }",
    r"SELECT * WHERE { BIND('it\'s' AS ?x) SERVICE <{url}> { ?a ?b ?c } }",
    r'SELECT * WHERE { BIND("say \"hi\"" AS ?x) SERVICE <{url}> { ?a ?b ?c } }',
    "SELECT * WHERE { # a comment with ' and \" and <\n SERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { BIND('SERVICE' AS ?x) SERVICE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { { { OPTIONAL { SERVICE <{url}> { ?a ?b ?c } } } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { FILTER EXISTS { SERVICE <{url}> { ?a ?b ?c } } }",
    "SELECT * WHERE { { SELECT ?a WHERE { SERVICE <{url}> { ?a ?b ?c } } } }",
    "select * where { service <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { SeRvIcE <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?a ?b ?c } }",
    "SELECT * WHERE { VALUES ?endpoint { <{url}> } SERVICE ?endpoint { ?a ?b ?c } }",
    r"SELECT * WHERE { \u0053ERVICE <{url}> { ?a ?b ?c } }",
    "ASK { SERVICE <{url}> { ?a ?b ?c } }",
    "CONSTRUCT { ?a ?b ?c } WHERE { SERVICE <{url}> { ?a ?b ?c } }",
    "DESCRIBE ?a WHERE { SERVICE <{url}> { ?a ?b ?c } }",
    # a carriage return ends a comment for SPARQL and Oxigraph, not for rdflib's grammar
    "SELECT * WHERE { # x\r SERVICE <{url}> { ?a ?b ?c }\n }",
    "SELECT * WHERE { ?s ?p ?o # x\rSERVICE <{url}> { ?a ?b ?c } }",
]
UPDATES = ["LOAD <{url}>", "# c\nLOAD SILENT <{url}> INTO GRAPH <urn:g>", "# c\rLOAD <{url}>",
           "PREFIX x: <urn:x#> INSERT { ?a ?b ?c } WHERE { SERVICE <{url}> { ?a ?b ?c } }"]
# harmless queries that mention SERVICE: they must run
HARMLESS = [
    ("SELECT ?x WHERE { BIND(\"SERVICE <{url}> { ?a ?b ?c }\" AS ?x) }", "SERVICE <{url}> { ?a ?b ?c }"),
    ("SELECT ?x WHERE { BIND('''customer service''' AS ?x) }", "customer service"),
    ("SELECT ?x WHERE { BIND(<urn:SERVICE> AS ?x) }", "urn:SERVICE"),
    ("SELECT ?x WHERE { BIND(dkg:SERVICE AS ?x) } # SERVICE <{url}> {}", "https://w3id.org/diplokg/ontology#SERVICE"),
    ("SELECT ?service WHERE { BIND('ok' AS ?service) }", "ok"),
    (r"SELECT ?x WHERE { OPTIONAL { ?s dkgr:x\# ?o } BIND('ok' AS ?x) }", "ok"),
]


@pytest.mark.parametrize("query", FEDERATED)
def test_federated_queries_are_refused_by_the_parsed_query(query):
    assert refusal(query.replace("{url}", "http://127.0.0.1:9/")) is not None


@pytest.mark.parametrize("query", UPDATES)
def test_updates_and_loads_are_refused(query):
    assert refusal(query.replace("{url}", "http://127.0.0.1:9/")) == UPDATE_REFUSED


@pytest.mark.parametrize("query,value", HARMLESS)
def test_harmless_mentions_of_service_pass(query, value):
    assert refusal(query.replace("{url}", "http://127.0.0.1:9/")) is None


def test_parsed_refusal_names_federation():
    assert refusal("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }") == SERVICE_REFUSED
    assert refusal("SELECT * WHERE { ?s ?p ?o }") is None


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every SPARQL request with one row and records it: a contacted recorder is a failed test."""

    hits: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.hits.append(f"{self.command} {self.path}")
        body = b'{"head":{"vars":["a"]},"results":{"bindings":[{"a":{"type":"literal","value":"leaked"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def _recording_server():
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Recorder.hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture(scope="module")
def recorder():
    with _recording_server() as rec:
        yield rec


# Pieces that make text readers lose track (escapes, quotes, comments, '#' in IRIs), for the property test
_PIECES = [r"?s dkgr:x\# ?o .", r"?s dkgr:a\'b ?o .", r"BIND('it\'s' AS ?q1)", r'BIND("a\"b" AS ?q2)',
           "BIND('''x'y''' AS ?q3)", 'BIND("""y"\n""" AS ?q4)', "# comment ' \" < {\n", "BIND(<urn:a#b> AS ?q5)",
           "FILTER(true)", "{ }", "?s <urn:p> 'SERVICE <urn:x> { }' .", r"?s dkgr:x\#\. ?o ."]
_KEYWORDS = ["SERVICE", "service", "SeRvIcE", r"\u0053ERVICE", r"SERVIC\u0045", "SERVICE SILENT"]
_WRAPS = ["{}", "OPTIONAL {{ {} }}", "{{ {{ {} }} }}", "FILTER EXISTS {{ {} }}", "MINUS {{ {} }}"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prologue=st.sampled_from(["", "PREFIX dkgr: <https://w3id.org/diplokg/resource/>\n", "BASE <http://x/#>\n"]),
       pieces=st.lists(st.sampled_from(_PIECES), max_size=4), keyword=st.sampled_from(_KEYWORDS),
       wrap=st.sampled_from(_WRAPS), gap=st.sampled_from([" ", "\n", "\t", " # c\n"]))
def test_whatever_the_engine_would_federate_is_refused(recorder, prologue, pieces, keyword, wrap, gap):
    """Property: every query on which bare pyoxigraph contacts the recorder is refused by the guard."""
    url, hits = recorder
    hits.clear()
    service = wrap.format(f"{keyword}{gap}<{url}>{gap}{{ ?a ?b ?c }}")
    query = f"{prologue}SELECT * WHERE {{ {' '.join(pieces)} {service} }}"
    try:
        list(ox.Store().query(query, prefixes={"dkgr": "https://w3id.org/diplokg/resource/"}))
    except (SyntaxError, OSError):
        pass
    if hits:
        assert refusal(query) is not None, query


def test_the_recorder_sees_a_federated_query_of_the_bare_engine(recorder):
    """The control: pyoxigraph itself does call the URL a SERVICE names, so the endpoint test can fail."""
    url, hits = recorder
    hits.clear()
    rows = list(ox.Store().query(f"SELECT ?a WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}"))
    assert [r["a"].value for r in rows] == ["leaked"] and len(hits) == 1


def test_endpoint_never_contacts_a_service(recorder, tmp_path):
    url, hits = recorder
    hits.clear()
    from diplokg.graph.rdf.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    _fill(store)
    server, thread = _start(store, timeout=30.0, max_results=100, workers=1)
    try:
        client = Client(server.url)
        for query in FEDERATED + UPDATES:
            text = query.replace("{url}", url)
            for status, _, body in (client.get(text), client.post_query(text)):
                assert status == 403, (text, body)
                assert b"read-only" in body or b"federated" in body
        assert client.post_form({"update": f"LOAD <{url}>"})[0] == 403
        assert hits == []
        for query, value in HARMLESS:                 # the same words in strings, IRIs, names and comments run
            rows = client.select(query.replace("{url}", url))
            [row] = rows
            assert next(iter(row.values()))["value"] == value.replace("{url}", url)
        status, _, body = client.get("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 1
        assert hits == []
    finally:
        _stop(server, thread)
        store.close()


SANDBOXED = platform.system() == "Linux" and platform.machine() in ("x86_64", "aarch64")


@pytest.mark.skipif(not SANDBOXED, reason="the worker network filter is Linux seccomp on x86_64/aarch64")
def test_a_sandboxed_process_cannot_federate_even_past_the_guard(recorder):
    """The second wall: in a process after forbid_network() the engine's SERVICE call fails, local reads work."""
    url, hits = recorder
    hits.clear()
    code = textwrap.dedent(f"""
        import socket, pyoxigraph as ox
        from diplokg.graph.serve.sandbox import forbid_network
        assert forbid_network()
        store = ox.Store()
        store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")))
        print("local rows", len(list(store.query("SELECT * WHERE {{ ?s ?p ?o }}"))))
        try:
            list(store.query("SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}"))
        except PermissionError as exc:
            print("service refused", exc)
        a, b = socket.socketpair()          # local (AF_UNIX) sockets still work: the worker's pipes
        print("socketpair ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["local rows 1", "service refused Permission denied (os error 13)",
                                       "socketpair ok"]
    assert hits == []


@pytest.mark.skipif(not SANDBOXED, reason="the worker network filter is Linux seccomp on x86_64/aarch64")
def test_embedded_workers_run_without_network(tmp_path):
    from diplokg.graph.rdf.store import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    _fill(store)
    server, thread = _start(store, timeout=30.0, max_results=100, workers=2)
    try:
        assert Client(server.url).get("ASK { ?s ?p ?o }")[0] == 200
        started = [w for w in server.backend._all if w.ready]
        assert started and all(w.network_blocked is True for w in started)
    finally:
        _stop(server, thread)
        store.close()
