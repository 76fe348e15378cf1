"""Event locations as RDF: the place node (``dkg:Place``, labels, WGS84 ``geo:lat``/``geo:long``) and its IRI.

A place with a Wikidata QID is the ``wd:`` item (a country place is the same node as the country
actor); a place without one is ``dkgr:place/<slug>``. Coordinates are ``xsd:decimal`` with five
decimals (about a metre), as the W3C Basic Geo vocabulary and the SHACL shapes expect.
"""
from __future__ import annotations

from urllib.parse import quote

from pyoxigraph import Literal, NamedNode

from ...core.records import Place
from ...ontology.namespaces import DKG, DKGR, GEO, SEM, WD, XSD
from .terms import RDF_TYPE, RDFS_LABEL

XSD_DECIMAL = NamedNode(str(XSD.decimal))


def place_iri(place: Place) -> NamedNode:
    """``wd:Q...`` when the gazetteer knows the QID, else ``dkgr:place/<key>``."""
    if place.qid:
        return NamedNode(f"{WD}{place.qid}")
    return NamedNode(f"{DKGR}place/{quote(place.key, safe='-_.~')}")


def coordinate(value: float) -> Literal:
    """A latitude or longitude as an ``xsd:decimal`` literal (never exponent notation)."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return Literal(text if text not in ("", "-", "-0") else "0", datatype=XSD_DECIMAL)


def place_triples(place: Place, german_name: str | None, country_node: NamedNode | None) -> list[tuple]:
    """The description of a place node: types, English and German labels, coordinates, kind, country
    (the country actor's node and its ISO3 code)."""
    node = place_iri(place)
    triples = [(node, RDF_TYPE, NamedNode(str(DKG.Place))), (node, RDF_TYPE, NamedNode(str(SEM.Place))),
               (node, RDFS_LABEL, Literal(place.name, language="en")),
               (node, NamedNode(str(GEO.lat)), coordinate(place.lat)),
               (node, NamedNode(str(GEO.long)), coordinate(place.lon)),
               (node, NamedNode(str(DKG.placeKind)), Literal(place.kind))]
    if place.country:
        triples.append((node, NamedNode(str(DKG.countryCode)), Literal(place.country)))
    if german_name:
        triples.append((node, RDFS_LABEL, Literal(german_name, language="de")))
    if country_node is not None and country_node != node:
        triples.append((node, NamedNode(str(DKG.country)), country_node))
    return triples


def event_location(events: list) -> Place | None:
    """The location of an event node from its mentions in one article: a place a sentence names
    before the dateline's country."""
    places = [e.location for e in events if e.location is not None]
    return next((p for p in places if p.source == "sentence"), places[0] if places else None)
