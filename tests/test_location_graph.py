"""Event locations in the graph: dkg:location, place nodes with WGS84 coordinates, SHACL, the named query,
exact removal - on the embedded store and a SPARQL server alike."""
from __future__ import annotations

import pyshacl
from rdflib import Graph, Literal, URIRef

from diplokg.core.records import Actor, Article, Event, Place
from diplokg.graph.rdf.location_rdf import coordinate, place_iri
from diplokg.graph.rdf.mapping import map_article
from diplokg.graph.rdf.query import load_query
from diplokg.ontology import scheme
from diplokg.ontology.namespaces import GEO

PUTIN = Actor("Q7747", "Vladimir Putin", "PERSON", "Q7747", "Wladimir Putin", "RUS")
TRUMP = Actor("Q22686", "Donald Trump", "PERSON", "Q22686", "Donald Trump", "USA")
RUSSIA = Actor("Q159", "Russia", "COUNTRY", "Q159", "Russland", "RUS")
HELSINKI = Place("helsinki-fin", "Helsinki", "Q1757", 60.16952, 24.93545, "FIN", "city", "sentence")
RAQQA = Place("ar-raqqah-syr", "Ar Raqqah", None, 35.95283, 39.00788, "SYR", "city", "sentence")
RUSSIA_AT = Place("country-rus", "Russia", "Q159", 56.8571, 50.8005, "RUS", "country", "dateline")


def _event(aid: str, text: str, source=PUTIN, target=TRUMP, place=HELSINKI, cameo="040", date="2018-07-16"):
    return Event(aid, source, target, "meet", cameo, text, 0, len(text), date, confidence=0.8, location=place)


def _quads(aid: str, text: str, events: list[Event]):
    return map_article(Article(aid, text, lang="de", date="2018-07-16"), events, {"de": "test"})


def _write(store, aid, text, events):
    return store.write_articles([_quads(aid, text, events)])


def _graph(quads) -> Graph:
    g = Graph()
    for q in quads:
        terms = []
        for t in (q.subject, q.predicate, q.object):
            if hasattr(t, "datatype") or hasattr(t, "language"):
                plain = t.language or t.datatype.value == "http://www.w3.org/2001/XMLSchema#string"
                terms.append(Literal(t.value, lang=t.language, datatype=None if plain else URIRef(t.datatype.value)))
            else:
                terms.append(URIRef(t.value))
        g.add(tuple(terms))
    return g


def _shacl(g: Graph) -> tuple[bool, str]:
    conforms, _results, text = pyshacl.validate(g + scheme.scheme_graph(copy=False),
                                                shacl_graph=scheme.shapes_graph(), inference="none")
    return conforms, text


def test_place_nodes_conform_to_the_shapes_and_a_place_without_coordinates_does_not():
    t = "Putin traf Trump in Helsinki."
    g = _graph(_quads("a1", t, [_event("a1", t), _event("a1", t, PUTIN, RUSSIA, place=RUSSIA_AT, cameo="036")]).quads)
    conforms, text = _shacl(g)
    assert conforms, text
    helsinki = URIRef("http://www.wikidata.org/entity/Q1757")
    assert str(g.value(helsinki, URIRef(str(GEO.lat)))) == coordinate(60.16952).value == "60.16952"
    assert {str(o) for o in g.objects(helsinki, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))} == {"Helsinki"}
    g.remove((helsinki, URIRef(str(GEO.lat)), None))
    conforms, text = _shacl(g)
    assert not conforms and "geo:lat" in text


def test_place_iri_is_the_wikidata_item_or_a_local_slug():
    assert place_iri(HELSINKI).value == "http://www.wikidata.org/entity/Q1757"
    assert place_iri(RAQQA).value == "https://w3id.org/diplokg/resource/place/ar-raqqah-syr"
    assert coordinate(-0.00001).value == "-0.00001" and coordinate(0.0).value == "0"


def test_location_stored_and_queried(store):
    t = "Putin traf Trump in Helsinki."
    _write(store, "a1", t, [_event("a1", t)])
    row = store.query("SELECT ?label ?lat ?long ?how WHERE { ?e dkg:location ?p ; dkg:locationSource ?how . "
                      "?p a dkg:Place ; rdfs:label ?label ; geo:lat ?lat ; geo:long ?long . "
                      "FILTER(LANG(?label) = 'de') }").rows
    assert [(r["label"], float(r["lat"]), float(r["long"]), r["how"]) for r in row] == [
        ("Helsinki", 60.16952, 24.93545, "sentence")]
    rows = store.query(load_query("events-at-place"), {"place": "helsinki"}).rows
    assert [(r["sourceLabel"], r["targetLabel"], r["placeLabel"], r["country"], r["locationSource"]) for r in rows] == [
        ("Vladimir Putin", "Donald Trump", "Helsinki", "FIN", "sentence")]
    assert store.query(load_query("events-at-place"), {"place": "Moskau"}).rows == []


def test_country_place_shares_the_actor_node_and_removal_is_exact(store):
    t1 = "MOSKAU (dpa) - Putin kritisierte Russland."
    _write(store, "a1", t1, [_event("a1", t1, PUTIN, RUSSIA, place=RUSSIA_AT, cameo="111")])
    t2 = "Putin traf Trump in Helsinki."
    _write(store, "a2", t2, [_event("a2", t2), _event("a2", t2, TRUMP, RUSSIA, place=None, cameo="036")])
    rows = store.query(load_query("events-at-place"), {"place": "Russland"}).rows
    assert [(r["placeLabel"], r["kind"], r["country"], r["locationSource"]) for r in rows] == [
        ("Russia", "country", "RUS", "dateline")]
    # a1 goes: Russia is no place any more but still an actor (a2's target); Helsinki stays
    store.remove_article("a1")
    assert not store.query("ASK WHERE { wd:Q159 ?p ?o FILTER(?p IN (geo:lat, geo:long, dkg:placeKind, dkg:countryCode)) }").boolean
    assert not store.query("ASK WHERE { wd:Q159 a dkg:Place }").boolean
    assert store.query("ASK WHERE { wd:Q159 a sem:Actor ; rdfs:label 'Russland'@de }").boolean
    assert store.query("ASK WHERE { wd:Q1757 a dkg:Place ; geo:lat ?lat }").boolean
    # a2 goes: nothing of Helsinki is left
    store.remove_article("a2")
    assert not store.query("ASK WHERE { wd:Q1757 ?p ?o }").boolean


def test_shared_event_keeps_only_the_locations_its_remaining_articles_give(store):
    t1 = "Putin traf Trump in Helsinki."
    t2 = "Putin traf Trump in Rakka."
    _write(store, "a1", t1, [_event("a1", t1)])
    _write(store, "a2", t2, [_event("a2", t2, place=RAQQA)])
    assert store.stats()["events"] == 1                 # one fact, reported at two places
    places = {r["p"] for r in store.query("SELECT ?p WHERE { ?e dkg:location ?p }").rows}
    assert places == {place_iri(HELSINKI).value, place_iri(RAQQA).value}
    store.remove_article("a1")
    places = {r["p"] for r in store.query("SELECT ?p WHERE { ?e dkg:location ?p }").rows}
    assert places == {place_iri(RAQQA).value}
    assert not store.query("ASK WHERE { wd:Q1757 ?p ?o }").boolean
    # rewriting a2 without a location leaves no location and no place node
    _write(store, "a2", t2 + " ", [_event("a2", t2 + " ", place=None)])
    assert not store.query("ASK WHERE { ?e dkg:location ?p }").boolean
    assert not store.query("ASK WHERE { ?p a dkg:Place }").boolean
    assert store.stats()["events"] == 1


def test_page_data_carries_each_events_place(store):
    import json
    import re

    from diplokg.graph.network.render import to_html
    from diplokg.graph.rdf.query import event_rows

    t1 = "Putin traf Trump in Helsinki."
    _write(store, "a1", t1, [_event("a1", t1), _event("a1", t1, PUTIN, TRUMP, place=None, cameo="040",
                                                      date="2018-07-17")])
    t2 = "Putin traf Trump </script> in Rakka."
    _write(store, "a2", t2, [_event("a2", t2, place=RAQQA, date="2018-07-18")])
    rows = event_rows(store)
    assert sorted((r["location"] or {}).get("name", "-") for r in rows) == ["-", "Ar Raqqah", "Helsinki"]
    assert next(r for r in rows if r["location"] and r["location"]["name"] == "Helsinki")["location"]["lat"] == 60.16952
    # the filtered read (preselected month nodes) gives the same locations
    assert {(r["event"], str(r["location"])) for r in event_rows(store, actor="Q7747", date_from="2018-07-01")} == {
        (r["event"], str(r["location"])) for r in rows}
    page = to_html(rows)
    data = json.loads(re.search(r'id="diplokg-data">(.*?)</script>', page, re.DOTALL).group(1))
    [edge] = data["edges"]
    # one place index per event (aligned with event_dates) into the page's place table
    located = [data["meta"]["places"][i] for i in edge["d"]["event_places"] if i is not None]
    assert len(edge["d"]["event_places"]) == len(edge["d"]["event_dates"]) == 3 and len(located) == 2
    assert {(p["name"], p["lat"], p["lon"], p["country"]) for p in located} == {
        ("Helsinki", 60.16952, 24.93545, "FIN"), ("Ar Raqqah", 35.95283, 39.00788, "SYR")}
    assert [(p["name"], p["count"], p["country"]) for p in edge["d"]["locations"]] == [
        ("Ar Raqqah", 1, "SYR"), ("Helsinki", 1, "FIN")]
