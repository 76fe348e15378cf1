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
* ``dkg:CodeMonth`` -- events of one CAMEO code in one month.

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
TOUCHED_QUERY = _PREFIXES + """SELECT DISTINCT ?n WHERE {{
  VALUES ?g {{ {graphs} }}
  GRAPH ?g {{ ?e dkg:evidence ?x }}
  GRAPH {F} {{ ?e dkg:dyadMonth|dkg:actorMonth|dkg:codeMonth ?n }}
}}"""


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
            ops.append(_CLEAR.format(S=_S, values=f"VALUES ?n {{ {_iris(by_kind[kind])} }}"))
    for kind, template in (("dyad", _DYAD_MONTHS), ("actor", _ACTOR_MONTHS), ("cameo", _CODE_MONTHS)):
        if by_kind[kind]:
            values = f"VALUES ?n {{ {_iris(by_kind[kind])} }}"
            ops.append(template.format(S=_S, F=_FACTS, values=values, base=SUMMARY_BASE, period=_PERIOD))
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
    ops += [t.format(S=_S, F=_FACTS, values="", base=SUMMARY_BASE, period=_PERIOD)
            for t in (_DYAD_MONTHS, _ACTOR_MONTHS, _CODE_MONTHS)]
    ops += [t.format(S=_S, values="") for t in (_DYADS, _ACTORS)]
    return _PREFIXES + " ;\n".join(ops)


def touched_query(graphs: Iterable[str]) -> str:
    """SELECT of the summary nodes that count events of these article graphs."""
    return TOUCHED_QUERY.format(F=_FACTS, graphs=_iris(graphs))


def month_nodes_of(quads: Iterable) -> set[str]:
    """The summary month nodes the given (pyoxigraph) quads link events to."""
    preds = {DKG + p for p in LINK_PREDICATES}
    return {q.object.value for q in quads if q.predicate.value in preds}


def rebuild(store) -> None:
    """Recompute every summary node from the events: after a bulk load of N-Quads, or to repair.

    One update (one transaction on Oxigraph) on any store with an ``update`` method.
    """
    store.update(rebuild_update())
