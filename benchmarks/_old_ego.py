"""The ego-network read as it was before the dyad-hop selection (diplokg 61f429f), for store_reads.py to
measure the new way against in the same run: hops over every dyad ever recorded, the month nodes of
every dyad among the actors reached, all undated events of the date range, each node's quads read
through a SPARQL query per chunk. The code-month side (not used by an ego network of a date range
alone) is today's."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterable

from diplokg.graph.rdf import month_counts, preselect, subjects
from diplokg.graph.network.build import match_actors, within_hops
from diplokg.graph.rdf.steps import rows_block
from diplokg.graph.rdf.summaries import dyad_iri

MONTHS_OF_TOTALS = """SELECT ?n ?month ?count WHERE { %s
  ?n dkg:total ?total ; dkg:eventCount ?count . OPTIONAL { ?n dkg:month ?month } }"""
DYADS = "SELECT ?s ?t WHERE { ?d a dkg:Dyad ; dkg:summarySource ?s ; dkg:summaryTarget ?t }"


def ego_dyads(store, actors: list[dict], query: str | Iterable[str], depth: int) -> list[tuple[str, str]]:
    queries = [query] if isinstance(query, str) else list(query)
    pseudo = [{"source": a, "target": None} for a in actors]
    seeds: set[str] = set()
    for q in queries:
        seeds |= match_actors(pseudo, q)
    dyads = [(row["s"], row["t"]) for row in store.query(DYADS).rows]
    keep = within_hops(dyads, seeds, depth)
    return [(s, t) for s, t in dyads if s in keep and t in keep]


def dyad_month_nodes(store, dyads, date_from: Any, date_to: Any, chunk: int = 500) -> tuple[list[str], int]:
    totals = sorted({dyad_iri(s, t) for s, t in dyads})
    lo, hi = preselect._month_range(date_from, date_to)
    nodes, events = [], 0
    for i in range(0, len(totals), chunk):
        block = rows_block(["total"], [{"total": t} for t in totals[i:i + chunk]])
        for row in store.query(MONTHS_OF_TOTALS % block).rows:
            if preselect._in_range(row["month"], lo, hi):
                nodes.append(row["n"])
                events += int(row["count"] or 0)
    return nodes, events


def month_nodes_for(store, actors: list[dict], *, actor: Any = None, depth: int = 1, date_from: Any = None,
                    date_to: Any = None, cameo_root: Any = None, max_events: int | None = None):
    if actor is None and date_from is None and date_to is None and cameo_root is None:
        return None
    if not store.query(preselect.HAS_SUMMARIES).boolean:
        return None
    options = []
    if date_from is not None or date_to is not None or cameo_root is not None:
        buckets = preselect.code_buckets(store, {}, date_from=date_from, date_to=date_to, cameo_root=cameo_root)
        options.append((sum(b.count for b in buckets), "codeMonth", [n for b in buckets for n in b.nodes]))
    if actor is not None:
        nodes, events = dyad_month_nodes(store, ego_dyads(store, actors, actor, depth), date_from, date_to)
        options.append((events, "dyadMonth", nodes))
    _, link, nodes = min(options, key=lambda o: o[0])
    dated = date_from is not None or date_to is not None
    return preselect.Selection(link, nodes, list(preselect.undated_published(store, date_from, date_to)) if dated else [])


@contextmanager
def old_way():
    """Within the block, ``event_rows`` selects and reads as it did before (every read through SPARQL)."""
    saved = preselect.month_nodes_for, subjects.by_subject, month_counts._raw
    preselect.month_nodes_for = month_nodes_for
    subjects.by_subject = lambda store, subj, chunk=2000: subjects._by_query(store, sorted(set(subj)), chunk)
    month_counts._raw = lambda store: None
    try:
        yield
    finally:
        preselect.month_nodes_for, subjects.by_subject, month_counts._raw = saved
