"""`diplokg serve` answers the formats real clients ask for: SPARQLWrapper, rdflib's SPARQLStore, raw negotiation.

SPARQLWrapper sends ``format=``/``output=``/``results=`` *and* an Accept header;
for a CONSTRUCT its default is ``format=xml`` meaning RDF/XML, which ``convert()``
turns into an rdflib Graph.
"""
from __future__ import annotations

import json

import pytest
import rdflib
from test_serve import WD, Client, _start, _stop

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")      # a declared test dependency: never skipped in CI

REL = "https://w3id.org/diplokg/relation/"
OFFER = "CONSTRUCT { ?s dkgrel:offerDialogue ?o } WHERE { ?s dkgrel:offerDialogue ?o }"
EXPECTED = {(rdflib.URIRef(WD + "Q7747"), rdflib.URIRef(REL + "offerDialogue"), rdflib.URIRef(WD + "Q22686"))}


@pytest.fixture(scope="module")
def endpoint(small_store):
    server, thread = _start(small_store, timeout=30.0, max_results=10000, workers=2)
    yield server.url + "/sparql"
    _stop(server, thread)


def _wrapper(url: str, query: str, fmt=None, method=None):
    sw = SPARQLWrapper.SPARQLWrapper(url)
    sw.setQuery(query)
    if fmt is not None:
        sw.setReturnFormat(fmt)
    if method is not None:
        sw.setMethod(method)
    return sw


def test_sparqlwrapper_select_and_ask(endpoint):
    sw = _wrapper(endpoint, "SELECT ?a WHERE { ?a a dkg:Article } ORDER BY ?a", SPARQLWrapper.JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["a"]["value"].rsplit("/", 1)[1] for r in rows] == ["a1", "a2", "a3"]
    doc = _wrapper(endpoint, "SELECT ?a WHERE { ?a a dkg:Article }", SPARQLWrapper.XML).query().convert()
    assert len(doc.getElementsByTagName("result")) == 3                     # an xml.dom Document
    for method in (SPARQLWrapper.GET, SPARQLWrapper.POST):
        sw = _wrapper(endpoint, "ASK { wd:Q76 dkgrel:criticize wd:Q7747 }", SPARQLWrapper.JSON, method)
        assert sw.query().convert()["boolean"] is True
    doc = _wrapper(endpoint, "ASK { wd:Q76 dkgrel:criticize wd:Q22686 }", SPARQLWrapper.XML).query().convert()
    assert doc.getElementsByTagName("boolean")[0].firstChild.data == "false"
    rows = _wrapper(endpoint, "SELECT ?a WHERE { ?a a dkg:Article }", SPARQLWrapper.CSV).query().convert()
    assert rows.decode().splitlines()[0] == "a" and len(rows.decode().splitlines()) == 4


def test_sparqlwrapper_construct_default_is_an_rdflib_graph(endpoint):
    result = _wrapper(endpoint, OFFER).query()
    assert result.response.headers["Content-Type"].startswith("application/rdf+xml")
    graph = result.convert()
    assert isinstance(graph, rdflib.Graph) and set(graph) == EXPECTED
    graph = _wrapper(endpoint, f"DESCRIBE <{WD}Q76>").query().convert()
    assert isinstance(graph, rdflib.Graph)
    assert (rdflib.URIRef(WD + "Q76"), rdflib.RDFS.label, rdflib.Literal("Barack Obama", lang="en")) in graph


@pytest.mark.parametrize("fmt,media,parse_as", [
    ("TURTLE", "text/turtle", "turtle"),
    ("N3", "text/n3", "n3"),                            # Turtle bytes, which are valid N3
    ("JSONLD", "application/ld+json", None),
    ("RDFXML", "application/rdf+xml", None),
])
def test_sparqlwrapper_construct_formats(endpoint, fmt, media, parse_as):
    result = _wrapper(endpoint, OFFER, getattr(SPARQLWrapper, fmt)).query()
    assert result.response.headers["Content-Type"].startswith(media)
    converted = result.convert()
    graph = converted if parse_as is None else rdflib.Graph().parse(data=converted, format=parse_as)
    assert isinstance(graph, rdflib.Graph) and set(graph) == EXPECTED


def test_rdflib_sparqlstore(endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    for method in ("GET", "POST"):
        graph = rdflib.Graph(store=SPARQLStore(endpoint, method=method))
        rows = list(graph.query("PREFIX dkg: <https://w3id.org/diplokg/ontology#> "
                                "SELECT ?a WHERE { ?a a dkg:Article } ORDER BY ?a"))
        assert [str(r.a).rsplit("/", 1)[1] for r in rows] == ["a1", "a2", "a3"]
        result = graph.query(f"CONSTRUCT {{ ?s <{REL}offerDialogue> ?o }} WHERE {{ ?s <{REL}offerDialogue> ?o }}")
        assert set(result.graph) == EXPECTED
        assert graph.query(f"ASK {{ <{WD}Q76> <{REL}criticize> <{WD}Q7747> }}").askAnswer is True


@pytest.mark.parametrize("params,accept,media,parse_as", [
    ({"format": "xml"}, None, "application/rdf+xml", "xml"),
    ({"output": "json"}, None, "application/ld+json", "json-ld"),
    ({"format": ["json-ld", "application/ld+json"]}, None, "application/ld+json", "json-ld"),
    ({"format": "n3"}, None, "text/n3", "n3"),
    ({}, "text/n3", "text/n3", "n3"),
    ({}, "application/n-quads", "application/n-quads", "nquads"),
    ({}, "application/trig", "application/trig", "trig"),
    ({}, "text/turtle;q=0.5, application/rdf+xml", "application/rdf+xml", "xml"),
    ({}, "application/sparql-results+json, application/rdf+xml;q=0.9", "application/rdf+xml", "xml"),
    ({"format": "csv"}, "application/n-triples", "application/n-triples", "nt"),   # csv is no graph format
])
def test_graph_negotiation(endpoint, params, accept, media, parse_as):
    client = Client(endpoint.rsplit("/", 1)[0])
    status, headers, body = client.get(OFFER, accept, **params)
    assert status == 200, body
    assert headers["Content-Type"].startswith(media)
    graph = rdflib.Dataset() if parse_as in ("nquads", "trig") else rdflib.Graph()
    graph.parse(data=body.decode("utf-8"), format=parse_as)
    assert {t[:3] for t in (graph.quads() if parse_as in ("nquads", "trig") else graph)} == EXPECTED


def test_result_negotiation_and_unknown_format(endpoint):
    client = Client(endpoint.rsplit("/", 1)[0])
    q = "SELECT ?a WHERE { ?a a dkg:Article }"
    status, headers, body = client.get(q, "text/csv", format="xml")          # format= wins over Accept
    assert headers["Content-Type"].startswith("application/sparql-results+xml") and b"<result>" in body
    status, headers, body = client.get(q, "application/rdf+xml, text/tab-separated-values;q=0.8")
    assert headers["Content-Type"].startswith("text/tab-separated-values")
    status, headers, body = client.get(q, output="json")
    assert len(json.loads(body)["results"]["bindings"]) == 3
    status, _, body = client.get(q, format="yaml")
    assert status == 400 and b"unknown format 'yaml'" in body
