"""Event counts of summary month nodes named by their IRIs, and the events linked to month nodes.

Month node IRIs are derived, not searched: a dyad's node for 2020-03 is ``<dyad node>/2020-03``
(:mod:`.summaries`). Looking a node up by subject is one index seek; asking Oxigraph for "the month
nodes whose ``dkg:total`` is one of these dyads" hash-joined every month node instead (6 s for 900
dyads at 100,000 events). The embedded store is read directly, a server by ``VALUES`` queries.
"""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from ...ontology.namespaces import DKG, SEM
COUNTS = "SELECT ?m ?count WHERE { %s ?m dkg:%s ?count }"
EVENTS_OF_NODES = "SELECT DISTINCT ?event WHERE { %s ?event %s ?node }"


def _raw(store) -> ox.Store | None:
    raw = getattr(store, "store", None)
    return raw if isinstance(raw, ox.Store) else None


def existing_counts(store, nodes: Iterable[str], chunk: int = 2000, count: str = "eventCount") -> dict[str, int]:
    """node -> event count (``dkg:<count>``: ``dyadEventCount`` for an all-months dyad node), for those of
    these summary node IRIs that exist."""
    from .steps import rows_block

    names = sorted(set(nodes))
    raw = _raw(store)
    out: dict[str, int] = {}
    if raw is not None:
        predicate = ox.NamedNode(str(DKG) + count)
        for name in names:
            for q in raw.quads_for_pattern(ox.NamedNode(name), predicate, None, None):
                out[name] = int(q.object.value)
        return out
    for i in range(0, len(names), chunk):
        block = rows_block(["m"], [{"m": n} for n in names[i:i + chunk]])
        out.update({r["m"]: int(r["count"] or 0) for r in store.query(COUNTS % (block, count)).rows})
    return out


def events_of(store, nodes: Iterable[str], link: str, chunk: int = 2000) -> set[str]:
    """The events linked by ``dkg:<link>`` (``dyadMonth``, ``codeMonth``) to these month nodes."""
    from .steps import rows_block

    names = sorted(set(nodes))
    raw = _raw(store)
    if raw is not None:
        predicate = ox.NamedNode(str(DKG) + link)
        return {q.subject.value for n in names for q in raw.quads_for_pattern(None, predicate, ox.NamedNode(n), None)}
    out: set[str] = set()
    for i in range(0, len(names), chunk):
        block = rows_block(["node"], [{"node": v} for v in names[i:i + chunk]])
        out.update(r["event"] for r in store.query(EVENTS_OF_NODES % (block, f"dkg:{link}")).rows)
    return out


DATES = "SELECT ?event ?date WHERE { %s ?event sem:hasTimeStamp ?date }"


def event_dates(store, events: Iterable[str], chunk: int = 2000) -> dict[str, str]:
    """event -> its date (``YYYY-MM-DD``), for those of these events that have one."""
    from .steps import rows_block

    names = sorted(set(events))
    raw = _raw(store)
    if raw is not None:
        predicate = ox.NamedNode(str(SEM.hasTimeStamp))
        return {q.subject.value: q.object.value[:10] for n in names
                for q in raw.quads_for_pattern(ox.NamedNode(n), predicate, None, None)}
    out: dict[str, str] = {}
    for i in range(0, len(names), chunk):
        block = rows_block(["event"], [{"event": e} for e in names[i:i + chunk]])
        out.update({r["event"]: str(r["date"])[:10] for r in store.query(DATES % block).rows})
    return out
