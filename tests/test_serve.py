"""`diplokg serve`: the read-only SPARQL 1.1 Protocol endpoint, queried as a client would (127.0.0.1 only)."""
from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import map_article
from diplokg.graph.serve.server import make_server
from diplokg.graph.rdf.store import EmbeddedStore

PUTIN = Actor("Q7747", "Vladimir Putin", "PERSON", "Q7747", "Wladimir Putin", "RUS")
TRUMP = Actor("Q22686", "Donald Trump", "PERSON", "Q22686", "Donald Trump", "USA")
OBAMA = Actor("Q76", "Barack Obama", "PERSON", "Q76", "Barack Obama", "USA")
WD = "http://www.wikidata.org/entity/"


def _article(aid: str, text: str, date: str) -> Article:
    return Article(aid, text, lang="de", date=date, title=f"Titel {aid}", url=f"https://example.org/{aid}")


def _event(aid, text, source, target, cameo, relation, date) -> Event:
    return Event(aid, source, target, relation, cameo, text, 0, len(text), date, reported=True, confidence=0.8)


def _fill(store: EmbeddedStore) -> None:
    t1 = "Putin habe Trump einen Dialog angeboten."
    t2 = "Putin bot Trump Gespräche an, kritisierte aber Obama."
    t3 = "Obama kritisierte Putin."
    store.write_articles([
        map_article(_article("a1", t1, "2016-11-14"),
                    [_event("a1", t1, PUTIN, TRUMP, "036", "offer dialogue", "2016-11-14")], {"de": "test"}),
        map_article(_article("a2", t2, "2016-11-15"),
                    [_event("a2", t2, PUTIN, TRUMP, "036", "offer dialogue", "2016-11-14"),
                     _event("a2", t2, PUTIN, OBAMA, "111", "criticize", "2016-11-15")], {"de": "test"}),
        map_article(_article("a3", t3, "2016-12-01"),
                    [_event("a3", t3, OBAMA, PUTIN, "111", "criticize", "2016-12-01")], {"de": "test"}),
    ])


class Client:
    """A minimal SPARQL protocol client on urllib: returns (status, headers, body bytes)."""

    def __init__(self, base: str):
        self.base = base

    def request(self, path: str, *, data: bytes | None = None, headers: dict | None = None, method=None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def get(self, query: str, accept: str | None = None, path: str = "/sparql", **params):
        qs = urllib.parse.urlencode({"query": query, **params}, doseq=True)
        return self.request(f"{path}?{qs}", headers={"Accept": accept} if accept else {})

    def post_query(self, query: str, accept: str | None = None, path: str = "/sparql"):
        headers = {"Content-Type": "application/sparql-query; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        return self.request(path, data=query.encode("utf-8"), headers=headers)

    def post_form(self, fields: dict, accept: str | None = None, path: str = "/sparql"):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        return self.request(path, data=urllib.parse.urlencode(fields).encode("ascii"), headers=headers)

    def select(self, query: str, **kw) -> list[dict]:
        status, _, body = self.get(query, "application/sparql-results+json", **kw)
        assert status == 200, body
        return json.loads(body)["results"]["bindings"]


def _start(store, **kw):
    server = make_server(store, "127.0.0.1", 0, quiet=True, **kw)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def _stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(10)


@pytest.fixture(scope="module")
def endpoint(small_store):
    server, thread = _start(small_store, timeout=30.0, max_results=10000, workers=2)
    yield Client(server.url), server
    _stop(server, thread)


def test_select_json_get_and_post(endpoint, small_store):
    client, _ = endpoint
    q = "SELECT DISTINCT ?e ?date WHERE { ?e dkg:cameo cameo:036 ; sem:hasTimeStamp ?date }"  # prefixes predeclared
    status, headers, body = client.get(q)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert "Access-Control-Allow-Origin" not in headers          # no CORS unless `--cors ORIGIN`
    assert headers["X-Diplokg-Truncated"] == "false"
    data = json.loads(body)
    assert data["head"]["vars"] == ["e", "date"]
    [row] = data["results"]["bindings"]               # one fact node, reported by two articles
    assert row["date"] == {"type": "literal", "value": "2016-11-14",
                           "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    assert row["e"]["type"] == "uri"
    # same answer through POST (direct body), POST (form) and the /query alias
    for status, _, body in (client.post_query(q), client.post_form({"query": q}), client.get(q, path="/query")):
        assert status == 200
        assert json.loads(body)["results"]["bindings"] == [row]
    # the union of the named graphs is the default graph; language tags survive
    rows = client.select("SELECT ?l WHERE { wd:Q7747 rdfs:label ?l } ORDER BY ?l")
    assert {(r["l"]["value"], r["l"].get("xml:lang")) for r in rows} == {("Vladimir Putin", "en"),
                                                                        ("Wladimir Putin", "de")}
    # the same count as the Python API
    n = client.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a dkg:Article }")[0]["n"]
    assert int(n["value"]) == small_store.stats()["articles"] == 3


def test_result_formats_by_accept(endpoint):
    client, _ = endpoint
    q = "SELECT DISTINCT ?s ?n WHERE { ?e dkg:source ?s ; dkg:cameo cameo:111 . ?s rdfs:label ?n FILTER(LANG(?n)='en') } ORDER BY ?n"
    status, headers, body = client.get(q, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows == [["s", "n"], [WD + "Q76", "Barack Obama"], [WD + "Q7747", "Vladimir Putin"]]
    status, headers, body = client.get(q, "text/tab-separated-values")
    assert status == 200 and body.decode().splitlines()[1] == f'<{WD}Q76>\t"Barack Obama"@en'
    status, headers, body = client.get(q, "application/sparql-results+xml")
    assert status == 200 and b"<uri>http://www.wikidata.org/entity/Q76</uri>" in body
    assert b'<literal xml:lang="en">Barack Obama</literal>' in body
    status, headers, body = client.get(q, format="csv")           # format= overrides Accept
    assert headers["Content-Type"].startswith("text/csv")


def test_ask(endpoint):
    client, _ = endpoint
    status, _, body = client.get("ASK WHERE { wd:Q7747 dkgrel:offerDialogue wd:Q22686 }")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    # the CAMEO hierarchy from the ontology graph is in the default graph too
    status, _, body = client.post_query("ASK WHERE { ?e dkg:cameo/skos:broader* cameo:03 }")
    assert json.loads(body)["boolean"] is True
    status, _, body = client.get("ASK { ?e dkg:cameo cameo:190 }", "application/sparql-results+xml")
    assert status == 200 and b"<boolean>false</boolean>" in body


def test_construct_turtle_and_ntriples(endpoint):
    import rdflib

    client, _ = endpoint
    q = "CONSTRUCT { ?s dkgrel:offerDialogue ?o } WHERE { ?s dkgrel:offerDialogue ?o }"
    status, headers, body = client.get(q)                       # Turtle by default
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert set(g) == {(rdflib.URIRef(WD + "Q7747"), rdflib.URIRef("https://w3id.org/diplokg/relation/offerDialogue"),
                       rdflib.URIRef(WD + "Q22686"))}
    status, headers, body = client.post_query(q, "application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert body.decode().strip() == (f"<{WD}Q7747> <https://w3id.org/diplokg/relation/offerDialogue> "
                                     f"<{WD}Q22686> .")
    status, headers, body = client.get(f"DESCRIBE <{WD}Q76>", "text/turtle")
    assert status == 200 and b"Barack Obama" in body


def test_updates_are_refused_and_change_nothing(endpoint, small_store):
    client, _ = endpoint
    before = small_store.stats()
    insert = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
    answers = [
        client.post_form({"update": insert}),                                     # protocol update form
        client.request("/sparql", data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        client.post_query("PREFIX x: <urn:x#> # comment\nDELETE WHERE { ?s ?p ?o }"),   # update sent as query
        client.get("DROP ALL"),
        client.post_form({"update": insert}, path="/update"),
    ]
    for status, _, body in answers:
        assert status == 403, body
        assert b"read-only" in body
    assert small_store.stats() == before
    status, _, body = client.get("ASK { <urn:a> ?p ?o }")
    assert json.loads(body)["boolean"] is False


def test_malformed_query_is_400_with_the_parser_message(endpoint):
    client, _ = endpoint
    status, headers, body = client.get("SELECT ?x WHERE { ?x dkg:source }")
    assert status == 400
    assert headers["Content-Type"].startswith("text/plain")
    text = body.decode()
    assert text.startswith("invalid SPARQL query: SPARQL syntax error at line 1, column")   # one line, the position
    assert len(text.strip().splitlines()) == 1
    status, _, body = client.get("SELECT ?x WHERE { ?x nope:p ?y }")  # undeclared prefix
    assert status == 400 and b"unknown prefix nope:" in body
    assert client.request("/sparql")[0] == 400                          # no query at all
    assert client.get("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")[0] == 403   # no federation
    status, _, body = client.request("/", headers={"Accept": "text/html"})
    assert status == 200 and b"read-only" in body and b"<script" not in body


def test_result_cap(small_store):
    server, thread = _start(small_store, timeout=30.0, max_results=5, workers=1)
    try:
        client = Client(server.url)
        status, headers, body = client.get("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        assert status == 200 and headers["X-Diplokg-Truncated"] == "true"
        assert headers["X-Diplokg-Truncated-By"] == "rows"
        assert headers["X-Diplokg-Max-Results"] == "5"
        assert len(json.loads(body)["results"]["bindings"]) == 5
        status, headers, body = client.get("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
        assert status == 200 and headers["X-Diplokg-Truncated"] == "true"
        assert len(body.decode().strip().splitlines()) == 5
        status, headers, body = client.get("SELECT ?a WHERE { ?a a dkg:Article }")   # 3 rows: not cut
        assert headers["X-Diplokg-Truncated"] == "false" and len(json.loads(body)["results"]["bindings"]) == 3
    finally:
        _stop(server, thread)


def test_timeout_cancels_the_query_and_the_server_keeps_answering(tmp_path):
    store = EmbeddedStore(tmp_path / "big")            # ~ontology + 40 generated articles
    arts = []
    for i in range(40):
        text = f"Putin kritisierte Obama zum {i}. Mal."
        arts.append(map_article(_article(f"g{i}", text, "2016-11-14"),
                                [_event(f"g{i}", text, PUTIN, OBAMA, "111", "criticize", f"2016-11-{1 + i % 28:02d}")],
                                {"de": "test"}))
    store.write_articles(arts)
    server, thread = _start(store, timeout=1.0, max_results=100, workers=1)
    try:
        client = Client(server.url)
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"   # ~10^11 combinations
        started = time.monotonic()
        status, _, body = client.get(slow)
        elapsed = time.monotonic() - started
        assert status == 504, body
        assert b"timed out after 1 s" in body
        assert elapsed < 10
        # the only worker was killed and replaced: the next query is answered
        status, _, body = client.get("ASK { ?e dkg:cameo cameo:111 }")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        _stop(server, thread)
        store.close()


def test_store_spec_and_missing_store(tmp_path, small_store):
    with pytest.raises(ValueError, match="no diplokg store"):
        make_server(str(tmp_path / "nothing-here"), "127.0.0.1", 0)
    server, thread = _start(str(small_store.path), timeout=10.0, max_results=10, workers=1)   # a folder name
    try:
        rows = Client(server.url).select("SELECT ?a WHERE { ?a a dkg:Article }")
        assert len(rows) == 3
    finally:
        _stop(server, thread)


def test_sees_articles_written_after_start(tmp_path):
    store = EmbeddedStore(tmp_path / "live")
    _fill(store)
    server, thread = _start(store, timeout=10.0, max_results=100, workers=1)
    try:
        client = Client(server.url)
        q = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a dkg:Article }"
        assert client.select(q)[0]["n"]["value"] == "3"
        text = "Trump kritisierte Obama."
        store.write_articles([map_article(_article("a4", text, "2017-01-02"),
                                          [_event("a4", text, TRUMP, OBAMA, "111", "criticize", "2017-01-02")])])
        assert client.select(q)[0]["n"]["value"] == "4"       # the worker re-opened its read-only handle
    finally:
        _stop(server, thread)
        store.close()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_store_held_by_another_process(tmp_path):
    """`diplokg serve` next to a running `diplokg ingest`: the other process holds the store read-write."""
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "held"
    writer = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent)!r})
        from test_serve import _fill, _article, _event, TRUMP, OBAMA
        from diplokg.graph.rdf.mapping import map_article
        from diplokg.graph.rdf.store import EmbeddedStore
        store = EmbeddedStore({str(path)!r})
        _fill(store)
        print("ready", flush=True)
        sys.stdin.readline()
        text = "Trump kritisierte Obama."
        store.write_articles([map_article(_article("a4", text, "2017-01-02"),
                              [_event("a4", text, TRUMP, OBAMA, "111", "criticize", "2017-01-02")])])
        print("written", flush=True)
        sys.stdin.readline()
    """)
    proc = subprocess.Popen([sys.executable, "-c", writer], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        server, thread = _start(str(path), timeout=10.0, max_results=100, workers=1)
        try:
            client = Client(server.url)
            q = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a dkg:Article }"
            assert client.select(q)[0]["n"]["value"] == "3"
            proc.stdin.write("go\n")
            proc.stdin.flush()
            assert proc.stdout.readline().strip() == "written"
            assert client.select(q)[0]["n"]["value"] == "4"
            status, _, _ = client.get("DELETE WHERE { ?s ?p ?o }")
            assert status == 403
        finally:
            _stop(server, thread)
    finally:
        proc.stdin.close()
        proc.wait(30)


def test_remote_store_is_proxied(tmp_path):
    """A store given as a URL: queries go through RemoteStore to a real `oxigraph serve` on 127.0.0.1."""
    import shutil
    import subprocess

    from diplokg.graph.rdf.store import RemoteStore

    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the `oxigraph` server binary (pip install oxigraph) is not on PATH")
    port = _free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "ox"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        remote = RemoteStore(url)
        _fill(remote)
        server, thread = _start(url, timeout=10.0, max_results=2, workers=2)
        try:
            client = Client(server.url)
            rows = client.select("SELECT DISTINCT ?a WHERE { ?a a dkg:Article } ORDER BY ?a")
            assert [r["a"]["value"].rsplit("/", 1)[1] for r in rows] == ["a1", "a2"]       # capped at 2
            status, headers, _ = client.get("SELECT DISTINCT ?a WHERE { ?a a dkg:Article }")
            assert headers["X-Diplokg-Truncated"] == "true"
            status, _, body = client.get("ASK { wd:Q7747 dkgrel:offerDialogue wd:Q22686 }")
            assert status == 200 and json.loads(body)["boolean"] is True
            status, headers, body = client.get("CONSTRUCT WHERE { ?s dkgrel:criticize ?o }", "application/n-triples")
            assert status == 200 and body.decode().count(" .\n") == 2
            status, _, body = client.get("SELECT ?x WHERE { ?x dkg:source }")
            assert status == 400 and b"answered 400" in body
            assert client.post_form({"update": "DROP ALL"})[0] == 403
            # federation is refused before forwarding: the remote server would run SERVICE itself
            status, _, body = client.get(r"SELECT * WHERE { ?s dkgr:x\# ?o . SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }")
            assert status == 403 and b"SERVICE" in body
            assert remote.stats()["articles"] == 3
        finally:
            _stop(server, thread)
    finally:
        proc.terminate()
        proc.wait(10)
