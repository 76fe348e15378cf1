"""Answers a SPARQL user can trust: the event table has one row per event whatever the place's labels; a query's
FROM / FROM NAMED names its dataset (CLI and served endpoint; protocol parameters still win); a SPARQL
syntax error is one readable line, not Oxigraph's list of expected tokens."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import run_cli
from diplokg.graph.rdf.event_table import events_table
from diplokg.graph.rdf.sparql_text import UPDATE_IN_QUERY, declares_dataset, syntax_error_message
from diplokg.graph.rdf.store import open_store
from diplokg.graph.serve.backends import run_query
from diplokg.core.errors import QueryError
from handmade_events import EVENTS, fill

DKG = "https://w3id.org/diplokg/ontology#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
FACTS = ox.NamedNode("https://w3id.org/diplokg/graph/facts")
COUNT_ALL = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s ?p ?o }}"


def _located_store(folder):
    """The hand-made store with every event located at one of two places of several labels."""
    store = open_store(folder / "kg")
    fill(store)
    events = [r["e"] for r in store.query("SELECT ?e WHERE { ?e a dkg:DiplomaticEvent }").rows]
    syria, crimea = ox.NamedNode("http://www.wikidata.org/entity/Q858"), ox.NamedNode("urn:x-test:place/krim")
    quads = [ox.Quad(syria, RDFS_LABEL, ox.Literal(name, language=lang), FACTS)
             for name, lang in (("Syrien", "de"), ("Syria", "en"), ("Syrie", "fr"))]
    quads += [ox.Quad(crimea, RDFS_LABEL, ox.Literal(name, language=lang), FACTS)
              for name, lang in (("Krim", "de"), ("Krym", "uk"))]
    for i, event in enumerate(events):
        quads.append(ox.Quad(ox.NamedNode(event), ox.NamedNode(DKG + "location"), syria if i % 2 else crimea, FACTS))
    store.store.extend(quads)
    return store


def test_event_table_has_one_row_per_event_with_the_english_place_label(tmp_path):
    df = events_table(_located_store(tmp_path))
    assert len(df) == EVENTS and df["event"].is_unique
    assert set(df["location_name"]) == {"Syria", "Krim"}      # English, else the first label in code-point order


def test_events_csv_export_writes_each_event_once(tmp_path):
    store = _located_store(tmp_path)
    store.close()
    out = tmp_path / "ev.csv"
    proc = run_cli("export", "--format", "events-csv", "-o", str(out), "--store", str(tmp_path / "kg"))
    assert proc.returncode == 0, proc.stderr
    assert f"{EVENTS} events written" in proc.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + EVENTS


def test_a_query_from_clause_names_its_dataset(tmp_path):
    store = open_store(tmp_path / "kg")
    fill(store)
    count = lambda src: int(store.query(COUNT_ALL.format(**{"from": src})).rows[0]["n"])  # noqa: E731
    everything, facts = count(""), count(f"FROM <{FACTS.value}>")
    facts_only = sum(1 for _ in store.store.quads_for_pattern(None, None, None, FACTS))
    assert facts == facts_only < everything
    assert count("FROM <http://nope/>") == 0
    assert count("FROM NAMED <http://nope/>") == 0            # a dataset of named graphs only: empty default
    assert count("# from a comment, no dataset\n") == everything
    assert int(store.query("SELECT (COUNT(*) AS ?n) FROM NAMED <%s> WHERE { GRAPH ?g { ?s ?p ?o } }"
                           % FACTS.value).rows[0]["n"]) == facts_only


def test_declares_dataset_reads_the_parse_not_the_words():
    assert declares_dataset("select * from <urn:g> { ?s ?p ?o }")
    assert declares_dataset("PREFIX x: <urn:x#>\nASK FROM NAMED <urn:g> { GRAPH ?g { ?s ?p ?o } }")
    assert not declares_dataset("SELECT ?from WHERE { ?s ?p ?from FILTER(?from != 'FROM <urn:g>') }")
    assert not declares_dataset("# copied from <urn:g>\nSELECT * WHERE { ?s ?p ?o }")


def _served(store: ox.Store, query: str, **graphs) -> int:
    """The count a served COUNT query answers (the worker's own request path)."""
    request = {"query": query, "accept": "application/sparql-results+json", "max_results": 100,
               "max_bytes": 10**6, **graphs}
    reply = run_query(store, request)
    assert reply["status"] == 200, reply.get("body")
    return int(json.loads(reply["body"])["results"]["bindings"][0]["n"]["value"])


def test_served_endpoint_honours_from_and_protocol_graphs_win():
    store = ox.Store()
    g1, g2 = ox.NamedNode("urn:x-test:g1"), ox.NamedNode("urn:x-test:g2")
    store.extend([ox.Quad(ox.NamedNode(f"urn:x-test:s{i}"), RDFS_LABEL, ox.Literal("x"), g1 if i < 3 else g2)
                  for i in range(5)])
    assert _served(store, COUNT_ALL.format(**{"from": ""})) == 5
    assert _served(store, COUNT_ALL.format(**{"from": "FROM <urn:x-test:g1>"})) == 3
    assert _served(store, COUNT_ALL.format(**{"from": "FROM <http://nope/>"})) == 0
    protocol = {"default_graphs": ["urn:x-test:g2"]}
    assert _served(store, COUNT_ALL.format(**{"from": "FROM <urn:x-test:g1>"}), **protocol) == 2
    assert _served(store, COUNT_ALL.format(**{"from": "FROM <urn:x-test:g1>"}),
                   named_graphs=["urn:x-test:g2"]) == 5            # protocol dataset: the query's FROM is ignored
    reply = run_query(store, {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "max_results": 1, "max_bytes": 100})
    assert reply["status"] == 403 and len(store) == 5           # still read-only


@pytest.mark.parametrize("query, expected", [
    ("SELECT ?s WHERE { ?s ?p ", "SPARQL syntax error at line 1, column 25"),
    ("SELECT ?s WHERE { ?s undefinedprefix:x ?o }", "unknown prefix undefinedprefix:"),
    ("PREFIX x: <urn:x#>\nSELECT *\nWHERE { ?s x:p ?o . ?s y:p ?o }", "unknown prefix y:"),
    ("SELECT * WHERE { ?s <a b> ?o }", "SPARQL syntax error at line 1, column 26: IRI parsing failed"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", UPDATE_IN_QUERY),
    ("# a comment\nDELETE WHERE { ?s ?p ?o }", UPDATE_IN_QUERY),
    ("LOAD <http://example.org/x.ttl>", UPDATE_IN_QUERY),
])
def test_syntax_errors_are_one_short_line(tmp_path, query, expected):
    store = open_store(tmp_path / "kg")
    with pytest.raises(QueryError) as info:
        store.query(query)
    assert str(info.value) == expected


def test_the_cli_prints_one_line_for_a_syntax_error(tmp_path):
    open_store(tmp_path / "kg").close()
    for query, expected in (("SELECT ?s WHERE { ?s ?p ", "error: SPARQL syntax error at line 1, column 25"),
                            ("SELECT ?s WHERE { ?s undefinedprefix:x ?o }", "error: unknown prefix undefinedprefix:"),
                            ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", f"error: {UPDATE_IN_QUERY}")):
        proc = run_cli("query", query, "--store", str(tmp_path / "kg"))
        assert proc.returncode != 0 and proc.stdout == ""
        assert proc.stderr.strip() == expected


def test_served_syntax_error_body_is_one_line():
    reply = run_query(ox.Store(), {"query": "SELECT ?s WHERE { ?s ?p ", "max_results": 1, "max_bytes": 100})
    assert reply["status"] == 400
    assert reply["body"].decode() == "invalid SPARQL query: SPARQL syntax error at line 1, column 25\n"


def test_a_message_without_a_position_is_still_one_line():
    assert syntax_error_message("SELECT", SyntaxError("odd\nsecond line")) == "SPARQL syntax error: odd"


def test_a_remote_servers_error_is_one_line(monkeypatch):
    """A server's multi-line error text (Oxigraph lists every expected token) is cut to its first line."""
    import io
    import urllib.error
    import urllib.request

    from diplokg.core.errors import StoreError
    from diplokg.graph.rdf.store import RemoteStore

    body = b"error at 1:25: expected one of \"$\",\n  '\\u{3001}'..='\\u{D7FF}',\n  ...\n"

    def refuse(req, timeout=None):
        raise urllib.error.HTTPError(req.full_url, 400, "Bad Request", {}, io.BytesIO(body))

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    store = RemoteStore("http://127.0.0.1:9/")
    with pytest.raises(StoreError) as caught:
        store._post(store.query_url, "SELECT ?s WHERE { ?s ?p ", "application/sparql-query")
    message = str(caught.value)
    assert "\n" not in message and message.endswith("error at 1:25: expected one of \"$\", …")


def test_a_syntax_errors_position_is_in_the_users_text_with_params_bound(tmp_path):
    """--param binds through a VALUES block put into the query; the error's column is the user's own."""
    open_store(tmp_path / "kg").close()
    query = "SELECT ?s WHERE { ?s ?p ?actor . ?s ?p }"
    bare = run_cli("query", query, "--store", str(tmp_path / "kg"))
    bound = run_cli("query", query, "--param", "actor=Vladimir Putin", "--store", str(tmp_path / "kg"))
    assert bare.returncode != 0 and bound.returncode != 0
    assert bare.stderr.strip() == bound.stderr.strip() == "error: SPARQL syntax error at line 1, column 41"


def test_a_remote_servers_refusal_of_a_bad_query_reads_as_the_embedded_stores(monkeypatch, tmp_path):
    """A query the server refuses (400) and Oxigraph's parser cannot read either gets our one line; a refusal
    of a query that parses keeps the server's words."""
    import io
    import urllib.error
    import urllib.request

    from diplokg.core.errors import StoreError
    from diplokg.graph.rdf.store import RemoteStore

    def refuse(req, timeout=None):
        raise urllib.error.HTTPError(req.full_url, 400, "Bad Request", {}, io.BytesIO(b"the server's reason\n"))

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    remote = RemoteStore("http://127.0.0.1:9/")
    embedded = open_store(tmp_path / "kg")
    for query in ("SELECT ?s WHERE { ?s ?p ", "SELECT ?s WHERE { ?s undefinedprefix:x ?o }"):
        with pytest.raises(QueryError) as from_remote:
            remote.query(query)
        with pytest.raises(QueryError) as from_embedded:
            embedded.query(query)
        assert str(from_remote.value) == str(from_embedded.value)
    with pytest.raises(QueryError) as bound:
        remote.query("SELECT ?s WHERE { ?s ?p ?o . ?s ?p }", {"o": "x"})
    assert str(bound.value) == "SPARQL syntax error at line 1, column 37"
    with pytest.raises(StoreError) as parses:
        remote.query("SELECT ?s WHERE { ?s ?p ?o }")
    assert str(parses.value).endswith("answered 400: the server's reason")
