"""Pre-aggregated counts that keep analytical queries fast on large graphs.

Counting events per dyad, per actor or per CAMEO root means touching every event:
seconds to minutes at a million events on any triple store. So the store keeps
small summary nodes in their own graph (:data:`SUMMARY_GRAPH_IRI`), derived from the
events and refreshed in the same SPARQL Update as every write and retraction:

* ``dkg:DyadMonth`` -- events from one source to one target in one month: count,
  Goldstein sum, count per QuadClass; rolled up (``dkg:total``) into
* ``dkg:Dyad`` -- the same for all months (``dkg:dyadEventCount``, ranked by top-dyads);
* ``dkg:ActorMonth`` -- events an actor takes part in (as source or target) in one
  month, rolled up into ``dkg:ActorActivity`` (``dkg:actorEventCount``);
* ``dkg:CodeMonth`` -- events of one CAMEO code in one month;
* ``dkg:CountryDyadMonth`` -- the dyad months rolled up to their actors' countries
  (each dyad month links to it: ``dkg:countryDyadMonth``; :mod:`.country_dyads`).

Every event core links to its month nodes (``dkg:dyadMonth``, ``dkg:actorMonth``,
``dkg:codeMonth``, written by :mod:`diplokg.graph.rdf.mapping`), so refreshing a month
node reads only that month's events, never the whole graph. The month nodes also let
row queries find "the newest 1,000 events of X" from a few summary nodes.

Summary IRIs are stable hashes of the actor IRIs and the month; queries find a dyad's
or an actor's all-months node by its actors (``dkg:summarySource``/``dkg:summaryTarget``,
``dkg:summaryActor``, one index lookup) and its months through ``dkg:total``.

>>> dyad_month_iri("http://www.wikidata.org/entity/Q7747", "http://www.wikidata.org/entity/Q22686", "2016-11")[-40:]
'469d4d040aa496c2a7cfd631612eef91/2016-11'
"""
from __future__ import annotations

import hashlib
from typing import Iterable

from ...ontology.namespaces import DKG, FACTS_GRAPH_IRI, PREFIX_BLOCK, SUMMARY_BASE, SUMMARY_GRAPH_IRI

UNDATED = "undated"
_FACTS = f"<{FACTS_GRAPH_IRI}>"
_S = f"<{SUMMARY_GRAPH_IRI}>"
LINK_PREDICATES = ("dyadMonth", "actorMonth", "codeMonth")
STALE = DKG + "stale"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def month_of(date: str | None) -> str:
    """The summary bucket of an event date: ``"2016-11-14"`` and ``"2016-11"`` -> ``"2016-11"``.

    An event dated to a year only (``"2017"``) is counted in its year's own bucket ``"2017"``, in no
    month (putting it in January would invent a month) but in the all-months totals; events without
    a date share one ``undated`` bucket.

    >>> month_of("2016-11-14"), month_of("2017"), month_of(None)
    ('2016-11', '2017', 'undated')
    """
    return date[:7] if date else UNDATED


def is_year_bucket(bucket: str) -> bool:
    """True for the bucket of events dated to a year only (``"2017"``)."""
    return len(bucket) == 4 and bucket.isdigit()


def dyad_iri(source: str, target: str) -> str:
    """The all-months summary node of source -> target (``MD5(source + " " + target)``)."""
    return f"{SUMMARY_BASE}dyad/{_md5(source + ' ' + target)}"


def actor_activity_iri(actor: str) -> str:
    """The all-months summary node of one actor's events."""
    return f"{SUMMARY_BASE}actor/{_md5(actor)}"


def dyad_month_iri(source: str, target: str, month: str) -> str:
    return f"{dyad_iri(source, target)}/{month}"


def actor_month_iri(actor: str, month: str) -> str:
    return f"{actor_activity_iri(actor)}/{month}"


def code_month_iri(code: str, month: str) -> str:
    """Month node of a CAMEO code (the code's notation, e.g. ``036``)."""
    return f"{SUMMARY_BASE}cameo/{code}/{month}"


def code_and_month(node: str) -> tuple[str, str]:
    """A CAMEO-code month node's code and month (inverse of :func:`code_month_iri`).

    >>> code_and_month(code_month_iri("036", "2016-11"))
    ('036', '2016-11')
    """
    code, month = node[len(SUMMARY_BASE) + len("cameo/"):].rsplit("/", 1)
    return code, month


def total_of(month_node: str) -> str:
    """A dyad-month or actor-month node's all-months node (the IRI without its last segment)."""
    return month_node.rsplit("/", 1)[0]


_PREFIXES = PREFIX_BLOCK

_CLEAR = "DELETE {{ GRAPH {S} {{ ?n ?p ?o }} }} WHERE {{ {values} GRAPH {S} {{ ?n ?p ?o }} }}"
# dyad months: the country-dyad node each linked to is marked for its recount as the link goes
_CLEAR_DYAD_MONTHS = ("DELETE {{ GRAPH {S} {{ ?n ?p ?o }} }} INSERT {{ GRAPH {S} {{ ?c <%s> true }} }} WHERE {{ {values} "
                      "GRAPH {S} {{ ?n ?p ?o }} BIND(IF(?p = dkg:countryDyadMonth, ?o, ?none) AS ?c) }}")
# All-months nodes keep their identity (class, actors) while any month remains: only their counts go
# before the recount, and the node goes when its last month has gone.
_CLEAR_COUNTS = {
    "dyad": """DELETE {{ GRAPH {S} {{ ?n dkg:dyadEventCount ?c ; dkg:goldsteinSum ?g }} }} WHERE {{ {values}
  GRAPH {S} {{ ?n dkg:dyadEventCount ?c ; dkg:goldsteinSum ?g }} }}""",
    "actor": """DELETE {{ GRAPH {S} {{ ?n dkg:actorEventCount ?c }} }} WHERE {{ {values}
  GRAPH {S} {{ ?n dkg:actorEventCount ?c }} }}""",
}
_DROP_EMPTY = """DELETE {{ GRAPH {S} {{ ?n ?p ?o }} }} WHERE {{ {values}
  GRAPH {S} {{ ?n ?p ?o }} FILTER NOT EXISTS {{ GRAPH {S} {{ ?m dkg:total ?n }} }} }}"""

# Month nodes are recomputed from the events linked to them; a node left without events is not
# re-inserted (it disappears). The month literal comes from an event's date (all share the month);
# the bucket of events dated to a year only gets the year instead (dkg:year), and no month.
# The same operation gives the all-months node its identity (class, actors); its counts follow.
# QuadClass counts of zero are not stored (most dyad months hold one or two events).
_DYAD_MONTHS = """INSERT {{ GRAPH {S} {{
  ?n a dkg:DyadMonth ; dkg:total ?total ; dkg:month ?month ; dkg:year ?year ; dkg:eventCount ?count ;
     dkg:goldsteinSum ?gsum ;
     dkg:verbalCooperationCount ?q1 ; dkg:materialCooperationCount ?q2 ; dkg:verbalConflictCount ?q3 ;
     dkg:materialConflictCount ?q4 .
  ?total a dkg:Dyad ; dkg:summarySource ?s ; dkg:summaryTarget ?t .
  ?n dkg:countryDyadMonth ?cdm . {mark}
  ?cdm a dkg:CountryDyadMonth ; dkg:countrySource ?k1 ; dkg:countryTarget ?k2 ; dkg:sourceIsCountry ?f1 ;
       dkg:targetIsCountry ?f2 ; dkg:month ?month ; dkg:year ?year .
}} }} WHERE {{
  {{ SELECT ?n (SAMPLE(?s0) AS ?s) (SAMPLE(?t0) AS ?t) (SAMPLE(?d0) AS ?d) (COUNT(?e) AS ?count)
            (SUM(?g) AS ?gsum) (SUM(IF(?q = 1, 1, 0)) AS ?c1) (SUM(IF(?q = 2, 1, 0)) AS ?c2)
            (SUM(IF(?q = 3, 1, 0)) AS ?c3) (SUM(IF(?q = 4, 1, 0)) AS ?c4)
     WHERE {{ {values}
       GRAPH {F} {{ ?e dkg:dyadMonth ?n ; dkg:source ?s0 ; dkg:target ?t0 ; dkg:goldstein ?g ; dkg:quadClass ?q .
                   OPTIONAL {{ ?e sem:hasTimeStamp ?d0 }} }} }}
     GROUP BY ?n }}
  BIND(IRI(REPLACE(STR(?n), "/[^/]*$", "")) AS ?total)
  {period}
  {country_keys}
  BIND(IF(?c1 > 0, ?c1, ?none) AS ?q1) BIND(IF(?c2 > 0, ?c2, ?none) AS ?q2)
  BIND(IF(?c3 > 0, ?c3, ?none) AS ?q3) BIND(IF(?c4 > 0, ?c4, ?none) AS ?q4)
}}"""

_ACTOR_MONTHS = """INSERT {{ GRAPH {S} {{
  ?n a dkg:ActorMonth ; dkg:total ?total ; dkg:month ?month ; dkg:year ?year ; dkg:eventCount ?count .
  ?total a dkg:ActorActivity ; dkg:summaryActor ?a .
}} }} WHERE {{
  {{ SELECT ?n (SAMPLE(?a0) AS ?a) (SAMPLE(?d0) AS ?d) (COUNT(DISTINCT ?e) AS ?count)
     WHERE {{ {values}
       GRAPH {F} {{
         {{ ?e dkg:actorMonth ?n ; dkg:source ?a0 . }} UNION {{ ?e dkg:actorMonth ?n ; dkg:target ?a0 . }}
         OPTIONAL {{ ?e sem:hasTimeStamp ?d0 }} }}
       FILTER(STRSTARTS(STR(?n), CONCAT("{base}actor/", MD5(STR(?a0)), "/"))) }}
     GROUP BY ?n }}
  BIND(IRI(REPLACE(STR(?n), "/[^/]*$", "")) AS ?total)
  {period}
}}"""

_CODE_MONTHS = """INSERT {{ GRAPH {S} {{
  ?n a dkg:CodeMonth ; dkg:summaryCode ?c ; dkg:month ?month ; dkg:year ?year ; dkg:eventCount ?count .
}} }} WHERE {{
  {{ SELECT ?n (SAMPLE(?c0) AS ?c) (SAMPLE(?d0) AS ?d) (COUNT(?e) AS ?count)
     WHERE {{ {values}
       GRAPH {F} {{ ?e dkg:codeMonth ?n ; dkg:cameo ?c0 . OPTIONAL {{ ?e sem:hasTimeStamp ?d0 }} }} }}
     GROUP BY ?n }}
  {period}
}}"""

_PERIOD = """BIND(IF(STRLEN(STR(?d)) >= 7, STRDT(SUBSTR(STR(?d), 1, 7), xsd:gYearMonth), ?none) AS ?month)
  BIND(IF(STRLEN(STR(?d)) = 4, STRDT(STR(?d), xsd:gYear), ?none) AS ?year)"""

# A dyad month's country-dyad month node (:mod:`.country_dyads`): each side keyed by its actor's country
# (the first in code point order), a country itself, else the actor; the flags say the key is a country.
# Country facts of unknown actors live in article graphs, so they are read from every graph.
_COUNTRY_KEYS = """OPTIONAL { SELECT ?s (MIN(STR(?sc0)) AS ?sc) WHERE { GRAPH ?gs { ?s dkg:country ?sc0 } } GROUP BY ?s }
  OPTIONAL { SELECT ?t (MIN(STR(?tc0)) AS ?tc) WHERE { GRAPH ?gt { ?t dkg:country ?tc0 } } GROUP BY ?t }
  BIND(IF(BOUND(?sc), IRI(?sc), ?s) AS ?k1)
  BIND(IF(BOUND(?tc), IRI(?tc), ?t) AS ?k2)
  BIND(BOUND(?sc) || EXISTS { GRAPH ?gs2 { ?s a dkg:Country } } AS ?f1)
  BIND(BOUND(?tc) || EXISTS { GRAPH ?gt2 { ?t a dkg:Country } } AS ?f2)
  BIND(IRI(CONCAT("%scountrydyad/", MD5(CONCAT(STR(?k1), " ", STR(?k2), " ", IF(?f1, "1", "0"), IF(?f2, "1", "0"))),
                  "/", REPLACE(STR(?n), "^.*/", ""))) AS ?cdm)""".replace("%s", SUMMARY_BASE)

# Country-dyad month nodes get their identity with the dyad months linked to them (above); their counts
# are the sums of those dyad months. A refresh marks the nodes linked before and after (``STALE``: as it
# clears and as it inserts the dyad months), recounts the marked ones, drops those no dyad month links to
# any more and removes the marks.
_CDM_MARKED = "GRAPH {S} {{ ?c <%s> ?mark }}"
_QUAD_COUNTS = ("verbalCooperationCount", "materialCooperationCount", "verbalConflictCount", "materialConflictCount")
_CDM_CLEAR_COUNTS = """DELETE {{ GRAPH {S} {{ ?c ?p ?o }} }} WHERE {{ GRAPH {S} {{ ?c <%s> ?mark ; ?p ?o }}
  FILTER(?p IN (dkg:eventCount, dkg:goldsteinSum, """ + ", ".join(f"dkg:{p}" for p in _QUAD_COUNTS) + """)) }}"""
# every property of the linked dyad months read by subject and picked apart by IF (an OPTIONAL per property
# made Oxigraph scan that property over every node)
_CDM_COUNTS = """INSERT {{ GRAPH {S} {{ ?c dkg:eventCount ?count ; dkg:goldsteinSum ?gsum ; dkg:verbalCooperationCount ?q1 ;
  dkg:materialCooperationCount ?q2 ; dkg:verbalConflictCount ?q3 ; dkg:materialConflictCount ?q4 . }} }} WHERE {{
  {{ SELECT ?c (SUM(IF(?p = dkg:eventCount, ?v, 0)) AS ?count) (SUM(IF(?p = dkg:goldsteinSum, ?v, 0.0)) AS ?gsum)
            (SUM(IF(?p = dkg:verbalCooperationCount, ?v, 0)) AS ?s1) (SUM(IF(?p = dkg:materialCooperationCount, ?v, 0)) AS ?s2)
            (SUM(IF(?p = dkg:verbalConflictCount, ?v, 0)) AS ?s3) (SUM(IF(?p = dkg:materialConflictCount, ?v, 0)) AS ?s4)
     WHERE {{ {values} GRAPH {S} {{ ?m dkg:countryDyadMonth ?c ; ?p ?v }} }}
     GROUP BY ?c }}
  BIND(IF(?s1 > 0, ?s1, ?none) AS ?q1) BIND(IF(?s2 > 0, ?s2, ?none) AS ?q2)
  BIND(IF(?s3 > 0, ?s3, ?none) AS ?q3) BIND(IF(?s4 > 0, ?s4, ?none) AS ?q4)
}}"""
_CDM_DROP_EMPTY = """DELETE {{ GRAPH {S} {{ ?c ?p ?o }} }} WHERE {{ GRAPH {S} {{ ?c <%s> ?mark ; ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH {S} {{ ?m dkg:countryDyadMonth ?c }} }} }}"""
_CDM_UNMARK = "DELETE {{ GRAPH {S} {{ ?c <%s> ?mark }} }} WHERE {{ GRAPH {S} {{ ?c <%s> ?mark }} }}"


def _country_dyad_ops() -> list[str]:
    """SPARQL operations that recount the country-dyad month nodes marked while their dyad months were
    cleared (old links) and inserted (new links), drop those left without dyad months and remove the marks."""
    marked = _CDM_MARKED.replace("%s", STALE).format(S=_S)
    return [_CDM_CLEAR_COUNTS.replace("%s", STALE).format(S=_S), _CDM_COUNTS.format(S=_S, values=marked),
            *(t.replace("%s", STALE).format(S=_S) for t in (_CDM_DROP_EMPTY, _CDM_UNMARK))]


# All-months counts are sums of their month nodes (at most one per month).
_DYADS = """INSERT {{ GRAPH {S} {{ ?n dkg:dyadEventCount ?count ; dkg:goldsteinSum ?gsum . }} }} WHERE {{
  {{ SELECT ?n (SUM(?c0) AS ?count) (SUM(?g0) AS ?gsum)
     WHERE {{ {values}
       GRAPH {S} {{ ?n a dkg:Dyad . ?m dkg:total ?n ; dkg:eventCount ?c0 ; dkg:goldsteinSum ?g0 }} }}
     GROUP BY ?n }}
}}"""

_ACTORS = """INSERT {{ GRAPH {S} {{ ?n dkg:actorEventCount ?count . }} }} WHERE {{
  {{ SELECT ?n (SUM(?c0) AS ?count)
     WHERE {{ {values}
       GRAPH {S} {{ ?n a dkg:ActorActivity . ?m dkg:total ?n ; dkg:eventCount ?c0 }} }}
     GROUP BY ?n }}
}}"""

# Which summary nodes the events of some article graphs are counted in (asked before a retraction).
# and the dyad months of the actors whose country these graphs state (they may move to another country dyad)
TOUCHED_QUERY = _PREFIXES + """SELECT DISTINCT ?n WHERE {{
  VALUES ?g {{ {graphs} }}
  {{ GRAPH ?g {{ ?e dkg:evidence ?x }}
    GRAPH {F} {{ ?e dkg:dyadMonth|dkg:actorMonth|dkg:codeMonth ?n }} }}
  UNION
  {{ GRAPH ?g {{ ?a dkg:country ?c }} {rekeyed} }}
}}"""
# the dyad months of the dyads of ?a
_DYAD_MONTHS_OF = "GRAPH {S} {{ ?d dkg:summarySource|dkg:summaryTarget ?a . ?n dkg:total ?d ; a dkg:DyadMonth }}"


def _iris(nodes: Iterable[str]) -> str:
    return " ".join(f"<{n}>" for n in sorted(nodes))


def kind_of(node: str) -> str:
    """``dyad``, ``actor`` or ``cameo``: which kind of month node an IRI names."""
    return node[len(SUMMARY_BASE):].split("/", 1)[0]


def refresh_update(month_nodes: Iterable[str], *, prologue: bool = True) -> str:
    """SPARQL Update recomputing these month nodes and their all-months nodes from the events.

    Empty when nothing is touched. Runs after the event changes of the same request, so it sees
    the new state; nodes whose events are all gone are removed. Without ``prologue`` the text
    uses the prefixes dkg, sem and xsd of a prologue the caller puts at the start of the request
    (a prologue after ``;`` is not accepted by every engine).
    """
    by_kind: dict[str, set[str]] = {"dyad": set(), "actor": set(), "cameo": set()}
    for node in month_nodes:
        by_kind.setdefault(kind_of(node), set()).add(node)
    ops: list[str] = []
    totals = {kind: {total_of(n) for n in by_kind[kind]} for kind in ("dyad", "actor")}
    for kind in ("dyad", "actor", "cameo"):
        if by_kind[kind]:
            clear = (_CLEAR_DYAD_MONTHS % STALE) if kind == "dyad" else _CLEAR
            ops.append(clear.format(S=_S, values=f"VALUES ?n {{ {_iris(by_kind[kind])} }}"))
    for kind, template in (("dyad", _DYAD_MONTHS), ("actor", _ACTOR_MONTHS), ("cameo", _CODE_MONTHS)):
        if by_kind[kind]:
            values = f"VALUES ?n {{ {_iris(by_kind[kind])} }}"
            ops.append(template.format(S=_S, F=_FACTS, values=values, base=SUMMARY_BASE, period=_PERIOD,
                                       country_keys=_COUNTRY_KEYS, mark=f"?cdm <{STALE}> true ."))
    ops += _country_dyad_ops() if by_kind["dyad"] else []
    for kind, template in (("dyad", _DYADS), ("actor", _ACTORS)):
        if totals[kind]:
            values = f"VALUES ?n {{ {_iris(totals[kind])} }}"
            ops.append(_CLEAR_COUNTS[kind].format(S=_S, values=values))
            ops.append(template.format(S=_S, values=values))
            ops.append(_DROP_EMPTY.format(S=_S, values=values))
    if not ops:
        return ""
    return (_PREFIXES if prologue else "") + " ;\n".join(ops)


def rebuild_update() -> str:
    """SPARQL Update that recomputes every summary node from the events in one pass each."""
    ops = [f"DROP SILENT GRAPH {_S}"]
    ops += [t.format(S=_S, F=_FACTS, values="", base=SUMMARY_BASE, period=_PERIOD, country_keys=_COUNTRY_KEYS,
                     mark="")
            for t in (_DYAD_MONTHS, _ACTOR_MONTHS, _CODE_MONTHS)]
    ops += [t.format(S=_S, values="") for t in (_CDM_COUNTS, _DYADS, _ACTORS)]
    return _PREFIXES + " ;\n".join(ops)


# One dyad month node and its country-dyad link: a store summarised before country-dyad month nodes existed
# has dyad months without the link (and must be rebuilt: :mod:`.pending`).
LAYOUT_QUERY = (f"SELECT ?c WHERE {{ {{ SELECT ?n WHERE {{ ?n a <{DKG}DyadMonth> }} LIMIT 1 }} "
                f"OPTIONAL {{ ?n <{DKG}countryDyadMonth> ?c }} }}")


def older_layout(store) -> bool:
    """Whether the store's summary nodes predate the country-dyad month nodes (a dyad month without its link)."""
    rows = store.query(LAYOUT_QUERY, prefixes=False).rows
    return bool(rows) and rows[0].get("c") is None


def touched_query(graphs: Iterable[str]) -> str:
    """SELECT of the summary nodes that count events of these article graphs (and the dyad months of the
    actors whose country they state)."""
    return TOUCHED_QUERY.format(F=_FACTS, graphs=_iris(graphs), rekeyed=_DYAD_MONTHS_OF.format(S=_S))


def rekeyed_query(actors: Iterable[str]) -> str:
    """SELECT of the dyad month nodes of these actors' dyads (whose country key a write may change)."""
    return _PREFIXES + f"SELECT DISTINCT ?n WHERE {{ VALUES ?a {{ {_iris(actors)} }} {_DYAD_MONTHS_OF.format(S=_S)} }}"


def country_stated(quads: Iterable) -> set[str]:
    """Actors whose country the given (pyoxigraph) quads state outside the facts graph (an unknown
    actor's country, from an article's words: it comes and goes with the article)."""
    country = DKG + "country"
    return {q.subject.value for q in quads if q.predicate.value == country and q.graph_name.value != FACTS_GRAPH_IRI}


def month_nodes_of(quads: Iterable) -> set[str]:
    """The summary month nodes the given (pyoxigraph) quads link events to."""
    preds = {DKG + p for p in LINK_PREDICATES}
    return {q.object.value for q in quads if q.predicate.value in preds}


def rebuild(store) -> None:
    """Recompute every summary node from the events: after a bulk load of N-Quads, or to repair.

    One update (one transaction on Oxigraph) on any store with an ``update`` method.
    """
    store.update(rebuild_update())
