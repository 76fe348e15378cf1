"""Time on a network written as GEXF, so Gephi's timeline plays it (GEXF dynamic mode, ``timeformat="date"``).

Each edge gets one spell per period its events happened in (a day; the whole month or year for an event
dated only that precisely), overlapping or adjacent periods merged; an edge that only knows its first and
last date gets one spell from the first to the last. Each node gets ``start``/``end``: the first and last
day of its edges' spells. networkx's GEXF writer turns these attributes into ``start``/``end`` and
``<spells>`` and switches the graph to dynamic mode; an element without dates stays visible throughout.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import networkx as nx

__all__ = ["add_time", "edge_spells", "period_of"]


def period_of(value: Any) -> tuple[str, str] | None:
    """First and last day of an ISO date at its precision, or None for no (valid) date.

    >>> period_of("2016-02"), period_of("2016"), period_of("2016-11-14"), period_of("11/2016")
    (('2016-02-01', '2016-02-29'), ('2016-01-01', '2016-12-31'), ('2016-11-14', '2016-11-14'), None)
    """
    text = str(value or "").strip()[:10]
    try:
        if len(text) == 4:
            return date(int(text), 1, 1).isoformat(), date(int(text), 12, 31).isoformat()
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).isoformat(), date(year, month, last).isoformat()
        if len(text) == 10:
            return date.fromisoformat(text).isoformat(), text
    except ValueError:
        return None
    return None


def _merged(periods: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Periods sorted, overlapping or adjacent ones joined (Gephi wants spells that do not overlap)."""
    out: list[list[str]] = []
    for start, end in sorted(periods):
        if out and date.fromisoformat(start) <= date.fromisoformat(out[-1][1]) + timedelta(days=1):
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def edge_spells(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The spells of an edge from its attributes: ``event_dates`` (one per event) or ``dates``, else
    ``date`` (an edge per event), else one spell from ``date_first`` to ``date_last``.

    >>> edge_spells({"event_dates": ["2016-11-14", "2016-11-15", None, "2017-03"]})
    [('2016-11-14', '2016-11-15'), ('2017-03-01', '2017-03-31')]
    >>> edge_spells({"date_first": "2016-11-14", "date_last": "2017-01"})
    [('2016-11-14', '2017-01-31')]
    """
    dates = data.get("event_dates") or data.get("dates") or ([data["date"]] if data.get("date") else [])
    if isinstance(dates, str):
        dates = dates.split(";")
    if dates:
        return _merged(p for p in map(period_of, dates) if p)
    first, last = period_of(data.get("date_first")), period_of(data.get("date_last"))
    if first and last:
        return [(first[0], last[1])]
    return []


def add_time(source: nx.Graph, target: nx.Graph) -> None:
    """Give ``target`` (the copy that is written) the spells of ``source``'s edges and the matching
    node ``start``/``end``; both graphs have the same nodes and edges in the same order."""
    first: dict[Any, str] = {}
    last: dict[Any, str] = {}
    src_edges = source.edges(keys=True, data=True) if source.is_multigraph() else source.edges(data=True)
    dst_edges = target.edges(keys=True, data=True) if target.is_multigraph() else target.edges(data=True)
    for edge, copy in zip(src_edges, dst_edges):
        spells = edge_spells(edge[-1])
        if not spells:
            continue
        copy[-1]["spells"] = spells
        for node in edge[:2]:
            first[node] = min(first.get(node, spells[0][0]), spells[0][0])
            last[node] = max(last.get(node, spells[-1][1]), spells[-1][1])
    for node, data in source.nodes(data=True):
        own = period_of(data.get("date")) if node not in first else None
        if own:                                  # a node that is an event (bipartite graphs)
            first[node], last[node] = own
    for node, start in first.items():
        key = node if node in target else str(node)
        target.nodes[key].update(start=start, end=last[node])
