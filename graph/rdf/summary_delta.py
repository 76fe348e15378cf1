"""Incremental upkeep of the summary nodes for the embedded store: O(batch), not O(month).

Recounting a month node reads every event of that month (:func:`summaries.refresh_update`),
which on a store of a million events means thousands of events per batch. A write only
adds and removes whole event nodes, so the new counts are the old counts plus the
changes of the events that appear or disappear: this module finds those events, reads
the current summary quads of the nodes they touch and returns the exact quads to delete
and to insert, for the caller to apply in the same transaction as the articles.

It relies on being the only writer (the embedded store holds its folder's lock), since
it reads the counts before writing them. Recounting (:mod:`diplokg.graph.rdf.summaries`)
stays for remote servers, repairs and bulk loads.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

import pyoxigraph as ox

from ...ontology.namespaces import DKG, DKGREL
from . import country_dyads
from .country_dyads import decimal_literal as _dec
from .location_retraction import LocationRetraction
from .summaries import actor_activity_iri, is_year_bucket, kind_of, total_of
from .terms import FACTS_GRAPH, RDF_TYPE, RDFS_LABEL, SUMMARY_GRAPH, dkg, integer_literal, typed_literal
EVENT_CLASS = dkg("DiplomaticEvent")
LINKS = {DKG + "dyadMonth", DKG + "actorMonth", DKG + "codeMonth"}
QUAD_COUNTS = {1: "verbalCooperationCount", 2: "materialCooperationCount", 3: "verbalConflictCount",
               4: "materialConflictCount"}


@dataclass
class EventFacts:
    """What the summaries count of one event node."""

    months: set[str] = field(default_factory=set)
    source: str | None = None
    target: str | None = None
    code: str | None = None
    date: str | None = None
    goldstein: Decimal = Decimal(0)
    quad: int = 0


def facts_from_quads(quads: Iterable[ox.Quad]) -> dict[str, EventFacts]:
    """Event cores among the quads of a batch (facts graph), by event IRI."""
    cores: dict[str, EventFacts] = {}
    events = {q.subject.value for q in quads if q.graph_name == FACTS_GRAPH and q.predicate == RDF_TYPE
              and q.object == EVENT_CLASS}
    for q in quads:
        if q.graph_name != FACTS_GRAPH or q.subject.value not in events:
            continue
        _take(cores.setdefault(q.subject.value, EventFacts()), q.predicate.value, q.object)
    return cores


def facts_from_store(store: ox.Store, events: Iterable[str]) -> dict[str, EventFacts]:
    """Event cores as stored (facts graph), by event IRI."""
    cores: dict[str, EventFacts] = {}
    for e in events:
        node = ox.NamedNode(e)
        facts = EventFacts()
        for q in store.quads_for_pattern(node, None, None, FACTS_GRAPH):
            _take(facts, q.predicate.value, q.object)
        cores[e] = facts
    return cores


def _take(facts: EventFacts, predicate: str, obj) -> None:
    if predicate in LINKS:
        facts.months.add(obj.value)
    elif predicate == DKG + "source":
        facts.source = obj.value
    elif predicate == DKG + "target":
        facts.target = obj.value
    elif predicate == DKG + "cameo":
        facts.code = obj.value
    elif predicate == DKG + "goldstein":
        facts.goldstein = Decimal(obj.value)
    elif predicate == DKG + "quadClass":
        facts.quad = int(obj.value)
    elif predicate == "http://semanticweb.cs.vu.nl/2009/11/sem/hasTimeStamp":
        facts.date = obj.value


def event_exists(store: ox.Store, event: str) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(event), RDF_TYPE, EVENT_CLASS, FACTS_GRAPH)), None) is not None


def events_only_in(store: ox.Store, graphs: list[ox.NamedNode]) -> set[str]:
    """Events that only these article graphs support (they go when the graphs are retracted)."""
    evidence = dkg("evidence")
    gone = set(graphs)
    out = set()
    for g in graphs:
        for q in store.quads_for_pattern(None, evidence, None, g):
            e = q.subject
            if e.value in out:
                continue
            if all(other.graph_name in gone for other in store.quads_for_pattern(e, evidence, None, None)):
                out.add(e.value)
    return out


@dataclass
class _Change:
    count: int = 0
    goldstein: Decimal = Decimal(0)
    quads: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    sample: EventFacts | None = None


def changes(store: ox.Store, new_quads: list[ox.Quad], retracted: list[ox.NamedNode],
            removed: set[str] | None = None) -> dict[str, _Change]:
    """Per month node: how many events (and Goldstein, QuadClass) the write adds (+) or removes (-).

    ``removed``: the events only the ``retracted`` graphs support (computed when not given).
    """
    new = facts_from_quads(new_quads)
    if removed is None:
        removed = events_only_in(store, retracted) if retracted else set()
    stored = facts_from_store(store, removed - set(new))
    per_node: dict[str, _Change] = defaultdict(_Change)

    def apply(facts: EventFacts, sign: int) -> None:
        for node in facts.months:
            ch = per_node[node]
            ch.count += sign
            ch.goldstein += sign * facts.goldstein
            ch.quads[facts.quad] += sign
            if sign > 0 or ch.sample is None:
                ch.sample = facts

    for e, facts in new.items():
        # counted already when stored before (a node only retracted articles supported and the new
        # version states again stays as it is)
        if e not in removed and not event_exists(store, e):
            apply(facts, +1)
    for e, facts in stored.items():
        apply(facts, -1)
    return {n: ch for n, ch in per_node.items() if ch.count or ch.goldstein or any(ch.quads.values())}


def _current(store: ox.Store, node: str) -> set[ox.Quad]:
    return set(store.quads_for_pattern(ox.NamedNode(node), None, None, SUMMARY_GRAPH))


def _value(quads: set[ox.Quad], name: str):
    for q in quads:
        if q.predicate.value == DKG + name:
            return q.object.value
    return None


def summary_edits(store: ox.Store, per_node: dict[str, _Change], *, empty: bool = False,
                  keys: country_dyads.Keys | None = None) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """(quads to delete, quads to insert) that bring the touched summary nodes to their new counts, and
    the country-dyad month nodes along (``keys``: the actors' country keys after the write).

    ``empty``: the summary graph is known to be empty (a rebuild), so nothing is read.
    """
    _current_of = (lambda store, node: set()) if empty else _current
    keys = keys or country_dyads.Keys(store)
    delete: set[ox.Quad] = set()
    insert: set[ox.Quad] = set()
    totals: dict[str, _Change] = defaultdict(_Change)
    dyad_months: dict[str, tuple[set[ox.Quad], set[ox.Quad]]] = {}
    for node, ch in per_node.items():
        kind = kind_of(node)
        old = _current_of(store, node)
        count = int(_value(old, "eventCount") or 0) + ch.count
        n = ox.NamedNode(node)
        new: set[ox.Quad] = set()
        if count > 0:
            sample = ch.sample
            month = node.rsplit("/", 1)[1]
            cls = {"dyad": "DyadMonth", "actor": "ActorMonth", "cameo": "CodeMonth"}[kind]
            new.add(ox.Quad(n, RDF_TYPE, dkg(cls), SUMMARY_GRAPH))
            new.add(ox.Quad(n, dkg("eventCount"), integer_literal(count), SUMMARY_GRAPH))
            if is_year_bucket(month):
                new.add(ox.Quad(n, dkg("year"), typed_literal(month, "gYear"), SUMMARY_GRAPH))
            elif month != "undated":
                new.add(ox.Quad(n, dkg("month"), typed_literal(month, "gYearMonth"), SUMMARY_GRAPH))
            if kind == "cameo":
                code = _value(old, "summaryCode") or sample.code
                new.add(ox.Quad(n, dkg("summaryCode"), ox.NamedNode(code), SUMMARY_GRAPH))
            else:
                new.add(ox.Quad(n, dkg("total"), ox.NamedNode(total_of(node)), SUMMARY_GRAPH))
            if kind == "dyad":
                gsum = Decimal(_value(old, "goldsteinSum") or 0) + ch.goldstein
                new.add(ox.Quad(n, dkg("goldsteinSum"), _dec(gsum), SUMMARY_GRAPH))
                for k, name in QUAD_COUNTS.items():
                    value = int(_value(old, name) or 0) + ch.quads.get(k, 0)
                    if value > 0:
                        new.add(ox.Quad(n, dkg(name), integer_literal(value), SUMMARY_GRAPH))
                new.add(keys.link(node, sample.source, sample.target))
        if kind == "dyad":
            dyad_months[node] = (old, new)
        delete |= old - new
        insert |= new - old
        if kind != "cameo":
            t = totals[total_of(node)]
            t.count += ch.count
            t.goldstein += ch.goldstein
            if count > 0 or t.sample is None:
                t.sample = ch.sample
    for node, ch in totals.items():
        kind = kind_of(node)
        old = _current_of(store, node)
        count_name = "dyadEventCount" if kind == "dyad" else "actorEventCount"
        count = int(_value(old, count_name) or 0) + ch.count
        n = ox.NamedNode(node)
        new = set()
        if count > 0:
            sample = ch.sample
            new.add(ox.Quad(n, dkg(count_name), integer_literal(count), SUMMARY_GRAPH))
            if kind == "dyad":
                new.add(ox.Quad(n, RDF_TYPE, dkg("Dyad"), SUMMARY_GRAPH))
                new.add(ox.Quad(n, dkg("summarySource"), ox.NamedNode(_value(old, "summarySource") or sample.source),
                                SUMMARY_GRAPH))
                new.add(ox.Quad(n, dkg("summaryTarget"), ox.NamedNode(_value(old, "summaryTarget") or sample.target),
                                SUMMARY_GRAPH))
                gsum = Decimal(_value(old, "goldsteinSum") or 0) + ch.goldstein
                new.add(ox.Quad(n, dkg("goldsteinSum"), _dec(gsum), SUMMARY_GRAPH))
            else:
                actor = _value(old, "summaryActor") or _actor_of(node, sample)
                new.add(ox.Quad(n, RDF_TYPE, dkg("ActorActivity"), SUMMARY_GRAPH))
                new.add(ox.Quad(n, dkg("summaryActor"), ox.NamedNode(actor), SUMMARY_GRAPH))
        delete |= old - new
        insert |= new - old
    more_delete, more_insert = country_dyads.edits(store, dyad_months, keys, empty=empty)
    return delete | more_delete, insert | more_insert


def _actor_of(total: str, sample: EventFacts) -> str:
    return sample.source if actor_activity_iri(sample.source) == total else sample.target


# -- retraction as exact quads (embedded store) ---------------------------------------------------

SPEAKER = ox.NamedNode(DKG + "speaker")
SOURCE = ox.NamedNode(DKG + "source")
TARGET = ox.NamedNode(DKG + "target")
RELATION_PROPERTY = ox.NamedNode(DKG + "relationProperty")
RELATION = ox.NamedNode(DKG + "relation")
EVIDENCE = ox.NamedNode(DKG + "evidence")
STATES_RELATION = ox.NamedNode(DKG + "statesRelation")


def _first(quads, keep) -> bool:
    """Whether any of the (lazily read) quads passes ``keep``: stops at the first that does."""
    return any(keep(q) for q in quads)


def retraction_quads(store: ox.Store, graphs: list[ox.NamedNode], removed: set[str]) -> set[ox.Quad]:
    """The exact quads that removing these article graphs deletes: the graphs, the cores of the
    events only they support (``removed``) and the shared facts nothing else supports any more.

    Each "still supported?" question stops at the first supporting event, so a busy actor costs
    one index lookup; the same rules as the SPARQL retraction of :mod:`diplokg.graph.rdf.store`.
    """
    gone = set(graphs)
    out: set[ox.Quad] = set()
    for g in graphs:
        out.update(store.quads_for_pattern(None, None, None, g))
    actors: set[str] = set()
    relations: set[str] = set()
    direct: set[tuple[str, str, str]] = set()
    for e in removed:
        core = list(store.quads_for_pattern(ox.NamedNode(e), None, None, FACTS_GRAPH))
        out.update(core)
        role = {q.predicate.value: q.object.value for q in core}
        actors.update(v for k, v in role.items() if k in (DKG + "source", DKG + "target"))
        wordings = {q.object.value for q in core if q.predicate == RELATION_PROPERTY}   # one per wording
        relations |= wordings
        if DKG + "target" in role:
            direct.update((role[DKG + "source"], rel, role[DKG + "target"]) for rel in wordings)
    for g in graphs:
        actors.update(q.object.value for q in store.quads_for_pattern(None, SPEAKER, None, g))

    # wordings of surviving events that no remaining mention states any more
    dropped: set[tuple[str, str]] = set()
    for e, rel in stale_wordings(store, graphs, removed):
        dropped.add((e.value, rel.value))
        out.add(ox.Quad(e, RELATION_PROPERTY, rel, FACTS_GRAPH))
        labels = {q.object.value for q in store.quads_for_pattern(rel, RDFS_LABEL, None, FACTS_GRAPH)}
        out.update(q for q in store.quads_for_pattern(e, RELATION, None, FACTS_GRAPH) if q.object.value in labels)
        relations.add(rel.value)
        source = next(iter(store.quads_for_pattern(e, SOURCE, None, FACTS_GRAPH)), None)
        target = next(iter(store.quads_for_pattern(e, TARGET, None, FACTS_GRAPH)), None)
        if source is not None and target is not None:
            direct.add((source.object.value, rel.value, target.object.value))

    def live_event(q: ox.Quad) -> bool:
        """``q``: a quad about an event; does it still hold after the retraction?"""
        return q.subject.value not in removed and (q.subject.value, q.object.value) not in dropped

    for s, rel, t in direct:
        sn, reln, tn = ox.NamedNode(s), ox.NamedNode(rel), ox.NamedNode(t)
        supported = _first(store.quads_for_pattern(None, RELATION_PROPERTY, reln, FACTS_GRAPH),
                           lambda q: live_event(q) and
                           next(iter(store.quads_for_pattern(q.subject, SOURCE, sn, FACTS_GRAPH)), None) is not None and
                           next(iter(store.quads_for_pattern(q.subject, TARGET, tn, FACTS_GRAPH)), None) is not None)
        if not supported:
            out.add(ox.Quad(sn, reln, tn, FACTS_GRAPH))
    locations = LocationRetraction(store, graphs, removed)
    out |= locations.quads
    actors_gone: set[str] = set()
    for a in actors:
        node = ox.NamedNode(a)
        if (_first(store.quads_for_pattern(None, SOURCE, node, FACTS_GRAPH), live_event)
                or _first(store.quads_for_pattern(None, TARGET, node, FACTS_GRAPH), live_event)
                or _first(store.quads_for_pattern(None, SPEAKER, node, None), lambda q: q.graph_name not in gone)):
            continue
        actors_gone.add(a)
        out.update(locations.actor_quads(node, (q for q in store.quads_for_pattern(node, None, None, FACTS_GRAPH)
                                                if not q.predicate.value.startswith(DKGREL))))
    out |= locations.place_quads(lambda node: node.value in actors_gone)
    for rel in relations:
        node = ox.NamedNode(rel)
        if not _first(store.quads_for_pattern(None, RELATION_PROPERTY, node, FACTS_GRAPH), live_event):
            out.update(store.quads_for_pattern(node, None, None, FACTS_GRAPH))
    return out


def stale_wordings(store: ox.Store, graphs: list[ox.NamedNode],
                   removed: set[str]) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
    """(event, relation property) pairs that only these graphs' mentions state, for events that
    survive the retraction: the event keeps the wordings its remaining mentions use.

    Events whose remaining mentions name no wording (stores written before evidence did) keep all.
    """
    gone = set(graphs)
    out = []
    touched = {q.subject for g in graphs for q in store.quads_for_pattern(None, EVIDENCE, None, g)}
    for e in sorted(touched, key=str):
        if e.value in removed:
            continue
        stated = {q.object.value
                  for y in store.quads_for_pattern(e, EVIDENCE, None, None) if y.graph_name not in gone
                  for q in store.quads_for_pattern(y.object, STATES_RELATION, None, y.graph_name)}
        if not stated:
            continue
        out.extend((e, q.object) for q in store.quads_for_pattern(e, RELATION_PROPERTY, None, FACTS_GRAPH)
                   if q.object.value not in stated)
    return out


_F = f"<{FACTS_GRAPH.value}>"
_D = f"PREFIX dkg: <{DKG}>\n"


def _column(predicate: str, var: str) -> str:
    """One link of the event cores as a sub-SELECT: ``?e dkg:<predicate> ?<var>`` in the facts graph."""
    return f"{{ SELECT ?e ?{var} WHERE {{ GRAPH {_F} {{ ?e dkg:{predicate} ?{var} }} }} }}"


# Per month node, counted by the store (GROUP BY in Rust) rather than by reading every event in
# Python; each link predicate is written on event cores only (mapping.map_article). The event's
# properties come as sub-SELECTs because Oxigraph hash-joins those, where it would look each event
# up pattern by pattern in one basic graph pattern (dyad months at 1 M events: 28 s against 72 s).
DYAD_MONTH_COUNTS = _D + ("SELECT ?m ?s ?t ?q (COUNT(?e) AS ?n) (SUM(?g) AS ?gs) WHERE { "
                          + " ".join(_column(p, v) for p, v in [("dyadMonth", "m"), ("source", "s"), ("target", "t"),
                                                                 ("goldstein", "g"), ("quadClass", "q")])
                          + " } GROUP BY ?m ?s ?t ?q")
ACTOR_MONTH_COUNTS = _D + ("SELECT ?m (COUNT(?e) AS ?n) WHERE { GRAPH " + _F + " { ?e dkg:actorMonth ?m } }"
                           " GROUP BY ?m")
ACTORS = _D + ("SELECT DISTINCT ?a WHERE { GRAPH " + _F + " { { ?e dkg:source ?a } UNION { ?e dkg:target ?a } } }")
CODE_MONTH_COUNTS = _D + ("SELECT ?m ?c (COUNT(?e) AS ?n) WHERE { " + _column("codeMonth", "m") + " "
                          + _column("cameo", "c") + " } GROUP BY ?m ?c")


def recount(store: ox.Store) -> dict[str, _Change]:
    """Every month node's count (and, for dyads, Goldstein sum and QuadClass counts) from the events,
    by four aggregate queries; the same numbers as adding up every event core one by one."""
    per_node: dict[str, _Change] = defaultdict(_Change)
    for row in store.query(DYAD_MONTH_COUNTS):
        ch = per_node[row["m"].value]
        n = int(row["n"].value)
        ch.count += n
        ch.goldstein += Decimal(row["gs"].value)
        ch.quads[int(row["q"].value)] += n
        ch.sample = ch.sample or EventFacts(source=row["s"].value, target=row["t"].value)
    actor_of = {actor_activity_iri(row["a"].value): row["a"].value for row in store.query(ACTORS)}
    for row in store.query(ACTOR_MONTH_COUNTS):
        node = row["m"].value
        ch = per_node[node]
        ch.count += int(row["n"].value)
        ch.sample = EventFacts(source=actor_of.get(total_of(node)))
    for row in store.query(CODE_MONTH_COUNTS):
        ch = per_node[row["m"].value]
        ch.count += int(row["n"].value)
        ch.sample = EventFacts(code=row["c"].value)
    return per_node


def rebuild(store: ox.Store) -> int:
    """Recount every summary node (:func:`recount`), then write them in bulk.

    Far faster than the SPARQL Update rebuild of :mod:`.summaries` on a large embedded store (the
    counting runs inside Oxigraph; only one row per node reaches Python). Returns the number of
    summary quads written.
    """
    per_node = recount(store)
    if next(iter(store.quads_for_pattern(None, None, None, SUMMARY_GRAPH)), None) is not None:
        store.clear_graph(SUMMARY_GRAPH)                # slow on a big graph; empty after a bulk load
    _, insert = summary_edits(store, per_node, empty=True)
    store.bulk_extend(insert)
    return len(insert)
