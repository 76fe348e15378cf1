"""Any networkx graph of event data written as GEXF (Gephi) or GraphML, with its attributes made
writable: dicts and lists become text, None and NaN are left out, each attribute gets one type.

Split from :mod:`.analysis` (which re-exports :func:`export_graph`) to keep each module one job.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from .build import graph_file_format, write_graph
from .gexf_time import add_time

__all__ = ["export_graph"]


def _scalar(value: Any) -> Any:
    """A GEXF/GraphML-safe value: str/int/float/bool kept, None/NaN dropped, containers as text."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(x, str) for x in value):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return ";".join(items)
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=isinstance(value, dict))


def _harmonise(records: list[dict]) -> None:
    """Give each attribute one type across all items (int+float -> float; mixed with str -> str)."""
    kinds: dict[str, set[type]] = defaultdict(set)
    for rec in records:
        for k, v in rec.items():
            kinds[k].add(type(v))
    for k, ts in kinds.items():
        if len(ts) <= 1:
            continue
        if ts <= {int, float}:
            conv = float
        elif ts <= {bool, int}:
            conv = int
        else:
            conv = str
        for rec in records:
            if k in rec:
                rec[k] = conv(rec[k])


def export_graph(G: nx.Graph, path: str | Path, format: str | None = None) -> Path:
    """Write a graph as GEXF (Gephi) or GraphML; dicts/lists become text, None/NaN are left out.

    Lists of strings are ``;``-joined, other containers JSON; every attribute
    gets one type across nodes/edges so Gephi and networkx read it back. GEXF
    is dynamic where edges know their dates (:mod:`.gexf_time`).
    ``format`` None picks it from the suffix (default GEXF); returns the path.
    """
    path = Path(path)
    fmt = graph_file_format(path, format)
    H = G.__class__()
    graph_attrs = {k: _scalar(v) for k, v in G.graph.items()}
    # GEXF has no place for arbitrary graph attributes; GraphML keeps them
    H.graph.update({k: v for k, v in graph_attrs.items()
                    if v is not None and (fmt == "graphml" or k == "name")})
    node_recs = []
    for n, d in G.nodes(data=True):
        node_recs.append({k: s for k, s in ((k, _scalar(v)) for k, v in d.items()) if s is not None})
    _harmonise(node_recs)
    for n, rec in zip(G.nodes, node_recs):
        H.add_node(n if isinstance(n, (str, int)) else str(n), **rec)
    multi = G.is_multigraph()
    if multi:
        edges = list(G.edges(keys=True, data=True))
    else:
        edges = [(u, v, None, d) for u, v, d in G.edges(data=True)]
    edge_recs = [{k: s for k, s in ((k, _scalar(v)) for k, v in d.items()) if s is not None and k != "id"}
                 for _, _, _, d in edges]
    _harmonise(edge_recs)
    for (u, v, k, _), rec in zip(edges, edge_recs):
        u = u if isinstance(u, (str, int)) else str(u)
        v = v if isinstance(v, (str, int)) else str(v)
        if multi:
            H.add_edge(u, v, key=k if isinstance(k, (str, int)) else str(k), **rec)
        else:
            H.add_edge(u, v, **rec)
    if fmt == "gexf":
        add_time(G, H)                    # dynamic GEXF from the edges' dates (Gephi's timeline)
    return write_graph(H, path, fmt)
