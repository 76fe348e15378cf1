"""The actors of an ego network and the dyads among them, found hop by hop from the dyad summary nodes
instead of from the events.

An ego network (:func:`diplokg.graph.network.build.filter_events` with ``actor``) keeps the actors within
``depth`` hops of the actors the query names, over the events that pass the other filters, and every
event among them. Here the hops run over the dyads (``dkg:Dyad`` with ``dkg:summarySource`` and
``dkg:summaryTarget``) that have a month node in the months asked for (with a date range, the undated
month node too: an undated event counts by its article's date, which the summaries do not hold). One query per
hop asks for the dyads of the actors found last, so a mid-rank actor's network comes from a few hundred
summary nodes, never from the busiest actors' events. The result is a superset of what
``filter_events`` keeps (the other filters are not applied here); it decides exactly on the events read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ...ontology.namespaces import DKG
from ..network.build import match_actors
from .month_counts import existing_counts
from .summaries import dyad_iri

# ?a is bound by a VALUES block of actor IRIs read from the store (never the user's text).
DYADS_OF_ACTORS = """SELECT ?d ?s ?t WHERE { %s
  { ?d dkg:summarySource ?a } UNION { ?d dkg:summaryTarget ?a }
  ?d dkg:summarySource ?s ; dkg:summaryTarget ?t }"""


@dataclass
class EgoNetwork:
    """The actors within reach and the dyads among them: (source, target) -> dyad summary node."""

    actors: set[str] = field(default_factory=set)
    dyads: dict[tuple[str, str], str] = field(default_factory=dict)


def seed_actors(actors: list[dict], query: str | Iterable[str]) -> set[str]:
    """The actors a query can start from: its exact matches and, for a label, also the actors whose
    label contains it (``filter_events`` falls back to those when no exact match keeps an event)."""
    queries = [query] if isinstance(query, str) else list(query)
    seeds: set[str] = set()
    for q in queries:
        exact = match_actors([{"source": a, "target": None} for a in actors], q)
        partial = match_actors([{"source": a, "target": None} for a in actors if a["iri"] not in exact], q)
        seeds |= exact | partial
    return seeds


def dyads_of(store, actors: Iterable[str], chunk: int = 500) -> dict[tuple[str, str], str]:
    """(source, target) -> dyad summary node, for every recorded dyad one of these actors is in."""
    from .steps import rows_block

    out: dict[tuple[str, str], str] = {}
    names = sorted(set(actors))
    for i in range(0, len(names), chunk):
        block = rows_block(["a"], [{"a": a} for a in names[i:i + chunk]])
        for row in store.query(DYADS_OF_ACTORS % block).rows:
            out[(row["s"], row["t"])] = row["d"]
    return out


def _active(store, dyads: dict[tuple[str, str], str], months: list[str] | None) -> set[tuple[str, str]]:
    """The dyads with a month node in these months (all of them when ``months`` is None)."""
    if months is None:
        return set(dyads)
    by_node = {f"{node}/{m}": pair for pair, node in dyads.items() for m in months}
    return {by_node[n] for n in existing_counts(store, by_node)}


def dyads_among(store, actors: set[str]) -> dict[tuple[str, str], str]:
    """(source, target) -> dyad summary node, for every recorded dyad among these actors: each pair's
    node IRI is derived; on the embedded store the dyads of each actor as source are read from the index
    and kept when they are such a pair (probing each of 40,000 pairs took 1.7 s at a million events),
    elsewhere each pair is looked up."""
    import pyoxigraph as ox

    pairs = {dyad_iri(s, t): (s, t) for s in actors for t in actors}
    raw = getattr(store, "store", None)
    if isinstance(raw, ox.Store):
        source = ox.NamedNode(DKG + "summarySource")
        found = {q.subject.value for a in actors for q in raw.quads_for_pattern(None, source, ox.NamedNode(a), None)}
        return {pairs[node]: node for node in found if node in pairs}
    return {pairs[node]: node for node in existing_counts(store, pairs, count="dyadEventCount")}


def ego_network(store, seeds: set[str], depth: int, months: list[str] | None = None,
                max_pairs: int = 40_000) -> EgoNetwork:
    """The actors within ``depth`` hops of ``seeds`` over the dyads with a month node in ``months``
    (None: any), and every recorded dyad among them: one dyad query per hop, then the dyads among the
    actors reached (by pair while there are at most ``max_pairs`` pairs, else one more query)."""
    keep, frontier = set(seeds), set(seeds)
    dyads: dict[tuple[str, str], str] = {}
    for _ in range(depth):
        found = dyads_of(store, frontier) if frontier else {}
        dyads.update(found)
        frontier = {a for s, t in _active(store, found, months) for a in (s, t)} - keep
        keep |= frontier
    if len(keep) ** 2 <= max_pairs:
        return EgoNetwork(keep, dict(sorted(dyads_among(store, keep).items())))
    dyads.update(dyads_of(store, frontier) if frontier else {})
    return EgoNetwork(keep, {pair: node for pair, node in sorted(dyads.items()) if pair[0] in keep and pair[1] in keep})
