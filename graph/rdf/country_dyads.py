"""Country-dyad month summary nodes (``dkg:CountryDyadMonth``): the dyad month nodes rolled up to the
countries of their actors, so a country-dyad series reads one node per country pair and month instead of
the month nodes of every dyad between the two countries' actors (at a million events RUS -> USA alone is
some 185 dyads and 20,000 month nodes).

A side's key is its actor's country (``dkg:country``; of several, the first IRI in code point order),
a country itself, else the actor (country unknown), and a flag says whether the key is a country
(:func:`key_of`). Every dyad month node links to its country-dyad month node
(``dkg:countryDyadMonth``), whose counts are the sums of the dyad month nodes linked to it. The node IRI
hashes both keys and flags, so SPARQL computes it as well as Python does (:mod:`.summaries`).

Kept in step by the embedded writes through :func:`edits` (deltas of the dyad month nodes a write
changes; the dyad months of an actor whose country facts the write adds or removes are linked anew:
:class:`Keys`), and by the recounts of :mod:`.summaries` (rebuild, and the refresh of given month nodes).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ...ontology.namespaces import SUMMARY_BASE
from .summaries import is_year_bucket
from .terms import RDF_TYPE, SUMMARY_GRAPH, dkg, integer_literal, typed_literal

COUNTRY = dkg("country")
COUNTRY_CLASS = dkg("Country")
LINK = dkg("countryDyadMonth")
QUAD_COUNTS = ("verbalCooperationCount", "materialCooperationCount", "verbalConflictCount", "materialConflictCount")
_TRUE, _FALSE = typed_literal("true", "boolean"), typed_literal("false", "boolean")


def country_dyad_month_iri(k1: str, f1: bool, k2: str, f2: bool, bucket: str) -> str:
    """The country-dyad month node of keys ``k1`` -> ``k2`` (flags: the key is a country) in ``bucket``."""
    digest = hashlib.md5(f"{k1} {k2} {int(f1)}{int(f2)}".encode()).hexdigest()
    return f"{SUMMARY_BASE}countrydyad/{digest}/{bucket}"


def key_of(actor: str, countries: Iterable[str], is_country: bool) -> tuple[str, bool]:
    """A side's key and flag: the first of the actor's countries, else the actor (a country: flag set)."""
    found = sorted(countries)
    return (found[0], True) if found else (actor, is_country)


class Keys:
    """Country keys of actors in the store as a write leaves it (``delete`` and ``insert``: the quads the
    write removes and adds), and the identity of every country-dyad month node a link was made to."""

    def __init__(self, store: ox.Store, delete: Iterable[ox.Quad] = (), insert: Iterable[ox.Quad] = ()) -> None:
        self.store = store
        self.gone = {q for q in delete if _about_country(q)}
        self.added: dict[str, list[ox.Quad]] = defaultdict(list)
        for q in insert:
            if _about_country(q):
                self.added[q.subject.value].append(q)
        self.identity: dict[str, tuple[str, bool, str, bool, str]] = {}
        self.rekeyed: set[str] = set()
        self._cache: dict[tuple[str, bool], tuple[str, bool]] = {}

    def key(self, actor: str, after: bool = True) -> tuple[str, bool]:
        """The actor's key and flag after the write (``after``) or before it."""
        if (actor, after) not in self._cache:
            node = ox.NamedNode(actor)
            stored = [q for q in self.store.quads_for_pattern(node, COUNTRY, None, None)] + \
                     [q for q in self.store.quads_for_pattern(node, RDF_TYPE, COUNTRY_CLASS, None)]
            quads = [q for q in stored if q not in self.gone] + self.added.get(actor, []) if after else stored
            self._cache[(actor, after)] = key_of(actor, (q.object.value for q in quads if q.predicate == COUNTRY),
                                                 any(q.predicate == RDF_TYPE for q in quads))
        return self._cache[(actor, after)]

    def changed(self) -> set[str]:
        """Actors whose key the write changes (their dyad months move to other country-dyad nodes)."""
        actors = {q.subject.value for q in self.gone} | set(self.added)
        return {a for a in actors if self.key(a, after=False) != self.key(a)}

    def link(self, dyad_month: str, source: str, target: str) -> ox.Quad:
        """The link of a dyad month node (of ``source`` -> ``target``) to its country-dyad month node."""
        (k1, f1), (k2, f2) = self.key(source), self.key(target)
        bucket = dyad_month.rsplit("/", 1)[1]
        node = country_dyad_month_iri(k1, f1, k2, f2, bucket)
        self.identity[node] = (k1, f1, k2, f2, bucket)
        return ox.Quad(ox.NamedNode(dyad_month), LINK, ox.NamedNode(node), SUMMARY_GRAPH)


def _about_country(q: ox.Quad) -> bool:
    return q.predicate == COUNTRY or (q.predicate == RDF_TYPE and q.object == COUNTRY_CLASS)


@dataclass
class _Delta:
    count: int = 0
    goldstein: Decimal = Decimal(0)
    quads: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _current(store: ox.Store, node: str) -> set[ox.Quad]:
    return set(store.quads_for_pattern(ox.NamedNode(node), None, None, SUMMARY_GRAPH))


def _value(quads: Iterable[ox.Quad], name: str) -> str | None:
    return next((q.object.value for q in quads if q.predicate.value == dkg(name).value), None)


def _add(deltas: dict[str, _Delta], quads: set[ox.Quad], sign: int) -> None:
    """Count a dyad month node's numbers (``quads``) into the country-dyad node it links to."""
    link = _value(quads, "countryDyadMonth")
    if link is None:
        return
    d = deltas[link]
    d.count += sign * int(_value(quads, "eventCount") or 0)
    d.goldstein += sign * Decimal(_value(quads, "goldsteinSum") or 0)
    for name in QUAD_COUNTS:
        d.quads[name] += sign * int(_value(quads, name) or 0)


def rekey_candidates(store: ox.Store, actors: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Dyad month nodes of the dyads of these actors, with each dyad's source and target."""
    out: dict[str, tuple[str, str]] = {}
    for actor in actors:
        node = ox.NamedNode(actor)
        dyads = {q.subject for side in ("summarySource", "summaryTarget")
                 for q in store.quads_for_pattern(None, dkg(side), node, SUMMARY_GRAPH)}
        for dyad in dyads:
            source = next(iter(store.quads_for_pattern(dyad, dkg("summarySource"), None, SUMMARY_GRAPH))).object.value
            target = next(iter(store.quads_for_pattern(dyad, dkg("summaryTarget"), None, SUMMARY_GRAPH))).object.value
            for q in store.quads_for_pattern(None, dkg("total"), dyad, SUMMARY_GRAPH):
                out[q.subject.value] = (source, target)
    return out


def edits(store: ox.Store, pairs: dict[str, tuple[set[ox.Quad], set[ox.Quad]]], keys: Keys, *,
          empty: bool = False) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """(quads to delete, quads to insert) for the country-dyad month nodes, given the (old, new) quads of
    the dyad month nodes a write changes; also moves the dyad months of re-keyed actors (``keys.rekeyed``).

    ``empty``: the summary graph is known to be empty (a rebuild), so nothing is read.
    """
    delete: set[ox.Quad] = set()
    insert: set[ox.Quad] = set()
    pairs = dict(pairs)
    if not empty:
        for node, (source, target) in rekey_candidates(store, keys.changed()).items():
            if node in pairs:
                continue
            old = _current(store, node)
            new = {q for q in old if q.predicate != LINK} | {keys.link(node, source, target)}
            if new != old:
                pairs[node] = (old, new)
                delete |= old - new
                insert |= new - old
                keys.rekeyed.add(node)
    deltas: dict[str, _Delta] = defaultdict(_Delta)
    for old, new in pairs.values():
        _add(deltas, old, -1)
        _add(deltas, new, +1)
    for node, d in deltas.items():
        old = set() if empty else _current(store, node)
        new = _node_quads(node, old, d, keys)
        delete |= old - new
        insert |= new - old
    return delete, insert


def _node_quads(node: str, old: set[ox.Quad], d: _Delta, keys: Keys) -> set[ox.Quad]:
    """The quads of a country-dyad month node after adding ``d`` to its stored numbers (none when empty)."""
    count = int(_value(old, "eventCount") or 0) + d.count
    if count <= 0:
        return set()
    if old and _value(old, "countrySource"):
        keep = {"countrySource", "countryTarget", "sourceIsCountry", "targetIsCountry", "month", "year"}
        quads = {q for q in old if q.predicate == RDF_TYPE or q.predicate.value[len(dkg("").value):] in keep}
    else:
        quads = _identity(node, keys.identity[node])
    n = ox.NamedNode(node)
    gsum = Decimal(_value(old, "goldsteinSum") or 0) + d.goldstein
    quads.add(ox.Quad(n, dkg("eventCount"), integer_literal(count), SUMMARY_GRAPH))
    quads.add(ox.Quad(n, dkg("goldsteinSum"), decimal_literal(gsum), SUMMARY_GRAPH))
    for name in QUAD_COUNTS:
        value = int(_value(old, name) or 0) + d.quads.get(name, 0)
        if value > 0:
            quads.add(ox.Quad(n, dkg(name), integer_literal(value), SUMMARY_GRAPH))
    return quads


def _identity(node: str, identity: tuple[str, bool, str, bool, str]) -> set[ox.Quad]:
    """Class, keys, flags and month (or year) of a new country-dyad month node."""
    k1, f1, k2, f2, bucket = identity
    n = ox.NamedNode(node)
    quads = {ox.Quad(n, RDF_TYPE, dkg("CountryDyadMonth"), SUMMARY_GRAPH),
             ox.Quad(n, dkg("countrySource"), ox.NamedNode(k1), SUMMARY_GRAPH),
             ox.Quad(n, dkg("countryTarget"), ox.NamedNode(k2), SUMMARY_GRAPH),
             ox.Quad(n, dkg("sourceIsCountry"), _TRUE if f1 else _FALSE, SUMMARY_GRAPH),
             ox.Quad(n, dkg("targetIsCountry"), _TRUE if f2 else _FALSE, SUMMARY_GRAPH)}
    if is_year_bucket(bucket):
        quads.add(ox.Quad(n, dkg("year"), typed_literal(bucket, "gYear"), SUMMARY_GRAPH))
    elif bucket != "undated":
        quads.add(ox.Quad(n, dkg("month"), typed_literal(bucket, "gYearMonth"), SUMMARY_GRAPH))
    return quads


def decimal_literal(d: Decimal) -> ox.Literal:
    """A Goldstein sum as the ``xsd:decimal`` literal the SPARQL recount writes (``3.0``, ``-1.5``)."""
    text = format(d.normalize(), "f") if d else "0"
    return typed_literal(text if "." in text else text + ".0", "decimal")
