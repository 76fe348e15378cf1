"""Store-wide counts (articles, events, evidence, actors) kept on one node of the store's state graph, so ``diplokg stats``
reads four numbers instead of counting a million type quads (5.5 s at a million events).

The embedded store brings the node along in the same transaction as every write and removal: the
count of a class changes by the type quads of that class that the write adds or removes (each node's
``rdf:type`` is stored once). A rebuild of the summaries, a load and the repair after a crashed write
recount it. Stores without the node (made before it existed, remote servers) are counted by query.
"""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from ...ontology.namespaces import DKG, SUMMARY_BASE
from .terms import RDF_TYPE, STATE_GRAPH, integer_literal

# Bookkeeping, like the records of :mod:`.pending`: in the state graph, which exports leave out.
TOTALS = ox.NamedNode(SUMMARY_BASE + "totals")
CLASSES = {"articles": DKG + "Article", "events": DKG + "DiplomaticEvent", "evidence": DKG + "Evidence",
           "actors": "http://semanticweb.cs.vu.nl/2009/11/sem/Actor"}
_PREDICATE = {key: ox.NamedNode(DKG + "total" + key.capitalize()) for key in CLASSES}
_KEY_OF_CLASS = {iri: key for key, iri in CLASSES.items()}


def current(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(TOTALS, None, None, STATE_GRAPH))


def read(store: ox.Store) -> dict[str, int] | None:
    """The kept counts, or None when the store keeps none (or a crashed write left them partial)."""
    values: dict[str, list[int]] = {}
    for q in current(store):
        for key, predicate in _PREDICATE.items():
            if q.predicate == predicate:
                values.setdefault(key, []).append(int(q.object.value))
    if set(values) != set(CLASSES) or any(len(v) != 1 for v in values.values()):
        return None
    return {key: values[key][0] for key in CLASSES}


def change(store: ox.Store, deleted: Iterable[ox.Quad], inserted: Iterable[ox.Quad]) -> dict[str, int]:
    """How a write (exact quads deleted, then quads inserted) changes each count; read before the write."""
    inserted = {q for q in inserted if q.predicate == RDF_TYPE and q.object.value in _KEY_OF_CLASS}
    deleted = {q for q in deleted if q.predicate == RDF_TYPE and q.object.value in _KEY_OF_CLASS}
    out = dict.fromkeys(CLASSES, 0)
    for q in inserted | deleted:
        before = q in store
        after = q in inserted or (before and q not in deleted)
        out[_KEY_OF_CLASS[q.object.value]] += int(after) - int(before)
    return out


def edits(store: ox.Store, delta: dict[str, int]) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """The quads to delete and insert so the node holds the counts changed by ``delta`` (none when the
    store keeps no counts)."""
    counts = read(store)
    if counts is None or not any(delta.values()):
        return set(), set()
    return current(store), quads_of({key: counts[key] + delta[key] for key in CLASSES})


def quads_of(counts: dict[str, int]) -> set[ox.Quad]:
    return {ox.Quad(TOTALS, _PREDICATE[key], integer_literal(counts[key]), STATE_GRAPH) for key in CLASSES}


def count(store: ox.Store) -> dict[str, int]:
    """Every count by query (one COUNT per class: seconds at a million events)."""
    out = {}
    for key, iri in CLASSES.items():
        rows = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?x a <{iri}> }}", use_default_graph_as_union=True))
        out[key] = int(rows[0]["n"].value)
    return out


def recount(store: ox.Store) -> dict[str, int]:
    """Count every class and keep the result on the node (after a rebuild, a load or a crashed write)."""
    counts = count(store)
    for q in current(store):
        store.remove(q)
    store.extend(quads_of(counts))
    return counts


def drop(store: ox.Store) -> None:
    """Forget the counts (before a bulk load; the load recounts them when it is done)."""
    for q in current(store):
        store.remove(q)
