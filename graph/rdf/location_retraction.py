"""Which location quads removing article graphs deletes: the embedded store's twin of the location steps
of the SPARQL retraction in :mod:`diplokg.graph.rdf.store` (same rules, read through the store's indexes).

An event keeps a ``dkg:location`` (and ``dkg:locationSource``) while a remaining article's evidence
states it (``dkg:statesLocation``, ``dkg:locationSource``); a place node loses its description when no
remaining event is located there. A node that is both (a country is an actor and a place) loses only
the triples of the role it no longer has.
"""
from __future__ import annotations

import pyoxigraph as ox

from ...ontology.namespaces import DKG, GEO, SEM
from .terms import FACTS_GRAPH as FACTS
from .terms import RDF_TYPE, RDFS_LABEL, dkg

LOCATION = dkg("location")
LOCATION_SOURCE = dkg("locationSource")
STATES_LOCATION = dkg("statesLocation")
EVIDENCE = dkg("evidence")
SEM_ACTOR = ox.NamedNode(str(SEM.Actor))
# Triples only a place has; with the label and country, what a place that is no actor keeps.
PLACE_ONLY = {str(GEO.lat), str(GEO.long), str(DKG.placeKind), str(DKG.countryCode)}
PLACE_CLASSES = {str(DKG.Place), str(SEM.Place)}
SHARED = {RDFS_LABEL.value, str(DKG.country)}


def place_only(q: ox.Quad) -> bool:
    """A triple that makes its subject a place (coordinates, kind, country code, a place class)."""
    return q.predicate.value in PLACE_ONLY or (q.predicate == RDF_TYPE and q.object.value in PLACE_CLASSES)


def _stated(store: ox.Store, event: ox.NamedNode, gone: set, predicate: ox.NamedNode) -> set[str]:
    """What the evidence of ``event`` in the remaining articles states with ``predicate``."""
    return {q.object.value
            for y in store.quads_for_pattern(event, EVIDENCE, None, None) if y.graph_name not in gone
            for q in store.quads_for_pattern(y.object, predicate, None, y.graph_name)}


class LocationRetraction:
    """The location quads a retraction deletes, given the events it removes (their IRIs)."""

    def __init__(self, store: ox.Store, graphs: list[ox.NamedNode], removed: set[str]):
        self.store, self.gone, self.removed = store, set(graphs), removed
        self.dropped: set[tuple[str, str]] = set()      # (event, place) links of surviving events that go
        self.places: set[str] = set()                   # places whose description may go
        self.quads: set[ox.Quad] = set()
        for e in removed:
            self.places.update(q.object.value for q in store.quads_for_pattern(ox.NamedNode(e), LOCATION, None, FACTS))
        touched = {q.subject for g in graphs for q in store.quads_for_pattern(None, EVIDENCE, None, g)}
        for e in touched:
            if e.value not in removed:
                self._surviving(e)

    def _surviving(self, event: ox.NamedNode) -> None:
        places = _stated(self.store, event, self.gone, STATES_LOCATION)
        for q in self.store.quads_for_pattern(event, LOCATION, None, FACTS):
            if q.object.value not in places:
                self.quads.add(q)
                self.dropped.add((event.value, q.object.value))
                self.places.add(q.object.value)
        sources = _stated(self.store, event, self.gone, LOCATION_SOURCE)
        self.quads.update(q for q in self.store.quads_for_pattern(event, LOCATION_SOURCE, None, FACTS)
                          if q.object.value not in sources)

    def located(self, node: ox.NamedNode) -> bool:
        """Is a remaining event still located at ``node`` after the retraction?"""
        return any(q.subject.value not in self.removed and (q.subject.value, node.value) not in self.dropped
                   for q in self.store.quads_for_pattern(None, LOCATION, node, FACTS))

    def actor_quads(self, node: ox.NamedNode, quads) -> list[ox.Quad]:
        """Of an actor's quads that go, those that go: a node still located at keeps its place triples."""
        if not self.located(node):
            return list(quads)
        return [q for q in quads if not (place_only(q) or q.predicate.value in SHARED)]

    def place_quads(self, actor_gone) -> set[ox.Quad]:
        """The description quads of places no remaining event is located at (only the place triples of a
        node that stays an actor); ``actor_gone(node)``: does the retraction remove it as an actor?"""
        out: set[ox.Quad] = set()
        for place in self.places:
            node = ox.NamedNode(place)
            if self.located(node):
                continue
            quads = list(self.store.quads_for_pattern(node, None, None, FACTS))
            is_actor = any(q.predicate == RDF_TYPE and q.object == SEM_ACTOR for q in quads)
            out.update(q for q in quads if place_only(q) or not is_actor or actor_gone(node))
        return out
