"""Analysis of event rows with networkx and pandas: actor graphs, centrality, dyads, exports.

Plain functions over plain data, in the networkx style. The input is always
an iterable of *event rows* as :func:`diplokg.graph.rdf.query.event_rows` returns
them (see :mod:`diplokg.graph.network.build` for the row format). Actors are
identified by their IRI (:func:`~diplokg.graph.network.actor_id`); labels,
type, QID and country are node attributes. A *dyad* is a pair of actors; it
is unordered (both directions together) unless a function says otherwise.
The functions over rows take ``level="country"`` or ``level="sector"`` to work on
country (or country + sector) actors instead (:mod:`diplokg.graph.network.levels`).

Every function returning a DataFrame returns the same columns for an empty
input, so notebook code works for any corpus size. pandas is needed (the
``analysis`` extra); networkx's scipy-based algorithms are not used.

>>> from diplokg.graph.network.build import example_row as row
>>> rows = [row("A", "B", "consult", "040", 1.0, "2020-01-02"),
...         row("A", "B", "praise", "051", 3.4, "2020-01-20"),
...         row("B", "C", "threaten", "130", -4.4, "2020-02-01")]
>>> G = actor_graph(rows)
>>> G.edges["local:A", "local:B"]["count"], G.edges["local:A", "local:B"]["mean_goldstein"]
(2, 2.2)
>>> centrality(G).index[0]
'local:C'
>>> dyad_balance(rows, "A", "B")[["period", "events", "mean_goldstein"]].values.tolist()
[[Timestamp('2020-01-01 00:00:00'), 2, 2.2]]
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from .build import (
    actor_id,
    cameo_root_of,
    date_bounds,
    date_in_range,
    date_range,
    event_date,
    filter_events,
    finite_number,
    iso_date,
    match_actors,
)
from .graph_files import export_graph
from .levels import at_level, check_level

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "QUAD_COLUMNS",
    "actor_graph",
    "actor_timeline",
    "bipartite_graph",
    "centrality",
    "changed_dyads",
    "communities",
    "count_series",
    "dyad_balance",
    "events_frame",
    "export_events",
    "export_graph",
    "pagerank",
    "reciprocity",
]

#: Column names of the four QuadClasses (1 verbal cooperation … 4 material conflict).
QUAD_COLUMNS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}

_NODE_FIELDS = ("label", "label_de", "type", "qid", "country", "iri", "code", "sector")


def _pd():
    try:
        import pandas as pd
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the install
        raise ModuleNotFoundError(
            "diplokg.graph.network.analysis needs pandas: pip install 'diplokg[analysis]'") from exc
    return pd


# --------------------------------------------------------------------------- row helpers
def _unique(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Rows with a source, each event IRI once (first occurrence kept)."""
    out, seen = [], set()
    for row in rows:
        if not row.get("source"):
            continue
        ev = row.get("event")
        if ev is not None:
            if ev in seen:
                continue
            seen.add(ev)
        out.append(row)
    return out


def _event_key(row: Mapping[str, Any], i: int) -> str:
    return str(row.get("event") or f"_row{i}")


def _actor_table(rows: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """IRI -> merged actor attributes (first non-empty value of each field wins)."""
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        for actor in (row.get("source"), row.get("target")):
            if not actor:
                continue
            aid = actor_id(actor)
            info = table.setdefault(aid, {f: None for f in _NODE_FIELDS})
            for f in _NODE_FIELDS:
                if info[f] in (None, "") and actor.get(f) not in (None, ""):
                    info[f] = actor.get(f)
    for aid, info in table.items():
        info["label"] = str(info["label"] or info["label_de"] or info["qid"] or aid.rsplit("/", 1)[-1])
        info["type"] = str(info["type"] or "OTHER").upper()
        info["iri"] = info["iri"] or (None if aid.startswith("local:") else aid)
    return table


def _mean(values: Iterable[Any]) -> float | None:
    vals = [v for v in (finite_number(x) for x in values) if v is not None]
    return sum(vals) / len(vals) if vals else None


def _quad(row: Mapping[str, Any]) -> int | None:
    q = row.get("quad_class")
    try:
        return int(q) if q is not None else None
    except (TypeError, ValueError):
        return None


def _select_actors(rows: list[Mapping[str, Any]], query: str | None) -> set[str] | None:
    """Actor ids named by ``query`` (IRI, QID or label); None for no query."""
    if query is None:
        return None
    return match_actors(rows, query)


def _dyad(s: str, t: str, directed: bool) -> tuple[str, str]:
    return (s, t) if directed or s <= t else (t, s)


def _selected(s: str, t: str, sel_a: set[str] | None, sel_b: set[str] | None, directed: bool) -> bool:
    """Whether the event s -> t belongs to a dyad of the selected actors (None = any actor)."""
    fwd = (sel_a is None or s in sel_a) and (sel_b is None or t in sel_b)
    back = (sel_a is None or t in sel_a) and (sel_b is None or s in sel_b)
    return fwd or (not directed and back)


# --------------------------------------------------------------------------- graphs
def _add_event_edges(G: nx.MultiDiGraph, kept: list[Mapping[str, Any]]) -> None:
    """One edge per event row, keyed by the event IRI (see :func:`actor_graph`)."""
    for i, r in enumerate(kept):
        key = _event_key(r, i)
        G.add_edge(actor_id(r["source"]), actor_id(r["target"]), key=key,
                   event=r.get("event"), relation=r.get("relation"), cameo=r.get("cameo"),
                   cameo_label=r.get("cameo_label"), cameo_root=cameo_root_of(r.get("cameo")),
                   goldstein=finite_number(r.get("goldstein")), quad_class=_quad(r),
                   plover_type=r.get("plover_type"), date=event_date(r), negated=bool(r.get("negated")),
                   reported=bool(r.get("reported")), modality=r.get("modality") or "asserted",
                   confidence=finite_number(r.get("confidence")), evidence=list(r.get("evidence") or ()),
                   weight=1)


def _add_dyad_edges(G: nx.DiGraph, kept: list[Mapping[str, Any]]) -> None:
    """One edge per ordered dyad with the counts of its events (see :func:`actor_graph`)."""
    groups: dict[tuple[str, str], list[tuple[str, Mapping[str, Any]]]] = defaultdict(list)
    for i, r in enumerate(kept):
        groups[(actor_id(r["source"]), actor_id(r["target"]))].append((_event_key(r, i), r))
    for (s, t), members in groups.items():
        events = [r for _, r in members]
        dates = sorted(d for d in (event_date(r) for r in events) if d)
        quads = Counter(_quad(r) for r in events)
        relations = Counter(str(r.get("relation") or r.get("cameo") or "?") for r in events)
        codes = Counter(str(r["cameo"]) for r in events if r.get("cameo") is not None)
        G.add_edge(
            s, t,
            count=len(events),
            weight=len(events),
            mean_goldstein=_mean(r.get("goldstein") for r in events),
            relations=dict(relations.most_common()),
            cameo_codes=dict(codes.most_common()),
            quad_classes={q: quads.get(q, 0) for q in QUAD_COLUMNS},
            events=[k for k, _ in members if not k.startswith("_row")],
            date_first=dates[0] if dates else None,
            date_last=dates[-1] if dates else None,
        )


@at_level
def actor_graph(
    rows: Iterable[Mapping[str, Any]],
    *,
    aggregate: bool = True,
    date_from: str | None = None,
    date_to: str | None = None,
    cameo_root: str | int | Iterable[str | int] | None = None,
    plover_type: str | Iterable[str] | None = None,
    quad_class: int | Iterable[int] | None = None,
    lang: str | None = None,
    min_support: int = 1,
) -> nx.DiGraph | nx.MultiDiGraph:
    """The actor network: one edge per ordered dyad (``aggregate``) or one edge per event.

    Filters as in :func:`~diplokg.graph.network.filter_events` (inclusive ISO
    dates, CAMEO root(s), PLOVER type(s), QuadClass(es), evidence language);
    ``min_support`` drops ordered dyads with fewer events. Rows without a
    target are skipped.

    Node attributes: ``label``, ``label_de``, ``type``, ``qid``, ``country``,
    ``iri``, ``event_count``. Aggregated edges (``nx.DiGraph``): ``count`` (=
    ``weight``), ``mean_goldstein`` (None if unknown), ``relations`` and
    ``cameo_codes`` (value → count), ``quad_classes`` (``{1: n, 2: n, 3: n,
    4: n}``), ``events`` (IRIs), ``date_first``, ``date_last``. Per-event
    edges (``nx.MultiDiGraph``, keyed by event IRI): ``relation``, ``cameo``,
    ``goldstein``, ``quad_class``, ``date``, flags and ``evidence``, ``weight=1``.

    >>> from diplokg.graph.network.build import example_row as row
    >>> rows = [row("A", "B", "consult", "040", 1.0, "2020-01-02"),
    ...         row("A", "B", "threaten", "130", -4.4, "2020-02-01")]
    >>> actor_graph(rows).edges["local:A", "local:B"]["relations"]
    {'consult': 1, 'threaten': 1}
    >>> actor_graph(rows, aggregate=False).number_of_edges(), len(actor_graph(rows, cameo_root="13").edges)
    (2, 1)
    """
    kept = filter_events(_unique(rows), date_from=date_from, date_to=date_to, cameo_root=cameo_root,
                         plover_type=plover_type, quad_class=quad_class, lang=lang)
    if min_support and min_support > 1:
        support = Counter((actor_id(r["source"]), actor_id(r["target"])) for r in kept)
        kept = [r for r in kept if support[(actor_id(r["source"]), actor_id(r["target"]))] >= min_support]

    G: nx.DiGraph = nx.DiGraph() if aggregate else nx.MultiDiGraph()
    filters = {"date_from": date_from, "date_to": date_to, "cameo_root": cameo_root,
               "plover_type": plover_type, "quad_class": quad_class, "lang": lang,
               "min_support": min_support if min_support > 1 else None}
    G.graph["filters"] = {k: v for k, v in filters.items() if v is not None}
    actors = _actor_table(kept)
    node_events: dict[str, set[str]] = defaultdict(set)
    for i, r in enumerate(kept):
        for a in (r["source"], r["target"]):
            node_events[actor_id(a)].add(_event_key(r, i))
    for aid, info in actors.items():
        G.add_node(aid, **info, event_count=len(node_events[aid]))

    if aggregate:
        _add_dyad_edges(G, kept)
    else:
        _add_event_edges(G, kept)
    return G


@at_level
def bipartite_graph(rows: Iterable[Mapping[str, Any]]) -> nx.Graph:
    """The actor–event graph: actor nodes (``bipartite=0``), event nodes (``bipartite=1``).

    Edges carry ``role`` (``"source"``, ``"target"`` or ``"source+target"``).
    One-actor events (no target) are included: this is the one graph where
    they appear. Event nodes carry ``relation``, ``cameo``, ``goldstein``,
    ``quad_class``, ``date`` and ``label`` (the relation).

    >>> from diplokg.graph.network.build import example_row as row
    >>> B = bipartite_graph([row("A", "B", "consult", "040", 1.0, None),
    ...                      row("A", None, "say", "010", 0.0, None)])
    >>> sorted(d["kind"] for _, d in B.nodes(data=True)), B.degree("local:A")
    (['actor', 'actor', 'event', 'event'], 2)
    """
    kept = _unique(rows)
    B = nx.Graph()
    for aid, info in _actor_table(kept).items():
        B.add_node(aid, kind="actor", bipartite=0, **info)
    for i, r in enumerate(kept):
        ev = _event_key(r, i)
        B.add_node(ev, kind="event", bipartite=1, label=str(r.get("relation") or r.get("cameo") or "event"),
                   relation=r.get("relation"), cameo=r.get("cameo"), goldstein=finite_number(r.get("goldstein")),
                   quad_class=_quad(r), date=event_date(r))
        s = actor_id(r["source"])
        B.add_edge(s, ev, role="source")
        if r.get("target"):
            t = actor_id(r["target"])
            B.add_edge(t, ev, role="source+target" if t == s else "target")
    return B


# --------------------------------------------------------------------------- centrality and communities
def _weighted_simple(G: nx.Graph, weight: str | None, directed: bool | None = None) -> nx.Graph:
    """``G`` as a simple (Di)Graph, parallel edges merged, their weights summed into ``"weight"``;
    ``directed=False`` also merges the two directions of an edge."""
    H = nx.DiGraph() if (G.is_directed() if directed is None else directed) else nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        w = 1.0 if weight is None else float(finite_number(d.get(weight, 1)) or 0.0)
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def pagerank(G: nx.Graph, alpha: float = 0.85, weight: str | None = "weight", tol: float = 1.0e-10,
             max_iter: int = 1000) -> dict[Hashable, float]:
    """PageRank by power iteration in pure Python (``nx.pagerank`` needs scipy), with the same semantics.

    Dangling nodes spread their rank uniformly; parallel edges add up.

    >>> pr = pagerank(nx.DiGraph([("a", "b"), ("c", "b")]))
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    ('b', 1.0)
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    H = _weighted_simple(G, weight)
    if not H.is_directed():
        H = H.to_directed()
    nodes = list(H.nodes)
    out_w = {u: sum(d["weight"] for _, _, d in H.out_edges(u, data=True)) for u in nodes}
    x = dict.fromkeys(nodes, 1.0 / n)
    dangling = [u for u in nodes if out_w[u] == 0]
    for _ in range(max_iter):
        last = x
        x = dict.fromkeys(nodes, 0.0)
        dsum = alpha * sum(last[u] for u in dangling) / n
        for u in nodes:
            if out_w[u]:
                share = alpha * last[u] / out_w[u]
                for _, v, d in H.out_edges(u, data=True):
                    x[v] += share * d["weight"]
        base = (1.0 - alpha) / n + dsum
        for u in nodes:
            x[u] += base
        if sum(abs(x[u] - last[u]) for u in nodes) < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


_CENTRALITY_COLUMNS = ["label", "type", "degree", "in_degree", "out_degree", "events", "betweenness",
                       "pagerank"]


def centrality(G: nx.Graph, *, weight: str | None = "count") -> pd.DataFrame:
    """Per actor: degree (distinct neighbours), in/out degree, events, betweenness and PageRank, sorted.

    ``degree``/``in_degree``/``out_degree`` count distinct partners (self-loops
    ignored); ``events`` is the weighted degree (sum of ``weight``, default the
    aggregated ``count``; 1 per edge if missing); ``betweenness`` is the
    normalised hop-count betweenness of the directed graph; ``pagerank`` is
    weighted by ``weight``. Sorted by PageRank, then degree, then label.

    >>> G = nx.DiGraph([("b", "a"), ("c", "a"), ("d", "a")])
    >>> centrality(G)[["degree", "in_degree"]].loc["a"].tolist()
    [3, 3]
    """
    pd = _pd()
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=_CENTRALITY_COLUMNS).rename_axis("actor")
    H = _weighted_simple(G, weight)
    pr = pagerank(H, weight="weight")
    bt = nx.betweenness_centrality(nx.DiGraph(H) if H.is_directed() else nx.Graph(H), normalized=True)
    records = []
    for n in H.nodes:
        if H.is_directed():
            succ, pred = set(H.successors(n)) - {n}, set(H.predecessors(n)) - {n}
            strength = sum(d["weight"] for _, _, d in H.out_edges(n, data=True)) + \
                sum(d["weight"] for u, _, d in H.in_edges(n, data=True) if u != n)
        else:
            succ = pred = set(H.neighbors(n)) - {n}
            strength = sum(d["weight"] for _, _, d in H.edges(n, data=True))
        attrs = G.nodes[n]
        records.append({"actor": n, "label": str(attrs.get("label") or n), "type": attrs.get("type"),
                        "degree": len(succ | pred), "in_degree": len(pred), "out_degree": len(succ),
                        "events": int(strength) if float(strength).is_integer() else strength,
                        "betweenness": bt.get(n, 0.0), "pagerank": pr.get(n, 0.0)})
    df = pd.DataFrame.from_records(records, columns=["actor", *_CENTRALITY_COLUMNS]).set_index("actor")
    return df.sort_values(["pagerank", "degree", "label"], ascending=[False, False, True], kind="mergesort")


def communities(G: nx.Graph, *, seed: int | None = 42, resolution: float = 1.0,
                weight: str | None = "count") -> list[set[Hashable]]:
    """Louvain communities of the undirected projection (weights of both directions summed), largest first.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> [sorted(c) for c in communities(G)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    if G.number_of_nodes() == 0:
        return []
    U = _weighted_simple(G, weight, directed=False)
    parts = nx.community.louvain_communities(U, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(p) for p in parts), key=lambda c: (-len(c), min(map(str, c))))


# --------------------------------------------------------------------------- dyads and timelines
_FREQ_PRECISION = {"D": 10, "W": 10, "M": 7, "Q": 7, "Y": 4}
# pandas' period aliases, and the offset aliases of pandas >= 2.2 that name the same periods
_FREQ_ALIASES = {**{f: f for f in _FREQ_PRECISION}, "ME": "M", "MS": "M", "QE": "Q", "QS": "Q", "YE": "Y",
                 "YS": "Y", "A": "Y", "AS": "Y"}


def _period_freq(freq: str) -> str:
    """The period alias ``freq`` means (``"ME"`` -> ``"M"``), else a ValueError naming the accepted ones."""
    alias = _FREQ_ALIASES.get(str(freq).strip().upper())
    if alias is None:
        raise ValueError(f"freq={freq!r} is not one of: {', '.join(_FREQ_ALIASES)} or None")
    return alias


def _period_start(d: str | None, freq: str, pd) -> Any:
    """Start of the period (Timestamp) that the ISO date ``d`` falls in; None if unknown or too coarse."""
    if not d or len(d) < _FREQ_PRECISION[freq]:
        return None
    try:
        return pd.Timestamp(date_bounds(d)[0]).to_period(freq).start_time
    except (ValueError, TypeError):  # a malformed date in the data
        return None


_DYAD_COLUMNS = ["actor_a", "actor_b", "label_a", "label_b", "period", "events", "mean_goldstein",
                 *QUAD_COLUMNS.values(), "coop_minus_conflict"]


@at_level
def dyad_balance(rows: Iterable[Mapping[str, Any]], a: str | None = None, b: str | None = None,
                 freq: str | None = "M", *, directed: bool = False) -> pd.DataFrame:
    """Per dyad and period: events, mean Goldstein, counts per QuadClass and cooperation minus conflict.

    ``a``/``b`` select actors by IRI, QID or label (``a`` alone: every dyad of
    ``a``). ``freq`` is a pandas period alias (``"D"``, ``"W"``, ``"M"``, ``"Q"``,
    ``"Y"``; also ``"ME"``/``"MS"``, ``"QE"``/``"QS"``, ``"YE"``/``"YS"``/``"A"``, ValueError
    for others); ``period`` is the period's first day. Events without a date
    precise enough for ``freq`` are left out. ``freq=None``: one row per dyad
    over all time (``period`` is None; undated events count). Dyads are
    unordered unless ``directed``; ``actor_a`` is then the source. Sorted by
    the dyad's total events, then period. ``coop_minus_conflict`` is
    (verbal + material cooperation) − (verbal + material conflict).

    >>> from diplokg.graph.network.build import example_row as row
    >>> rows = [row("A", "B", "consult", "040", 1.0, "2020-01-02"),
    ...         row("B", "A", "threaten", "130", -4.4, "2020-01-09")]
    >>> cols = ["events", "verbal_coop", "verbal_conflict", "coop_minus_conflict"]
    >>> dyad_balance(rows, "A", "B")[cols].to_dict("records")
    [{'events': 2, 'verbal_coop': 1, 'verbal_conflict': 1, 'coop_minus_conflict': 0}]
    """
    pd = _pd()
    freq = None if freq is None else _period_freq(freq)
    kept = [r for r in _unique(rows) if r.get("target")]
    sel_a, sel_b = _select_actors(kept, a), _select_actors(kept, b)
    actors = _actor_table(kept)
    groups: dict[tuple[str, str, Any], list[Mapping[str, Any]]] = defaultdict(list)
    for r in kept:
        s, t = actor_id(r["source"]), actor_id(r["target"])
        if s == t:
            continue
        if not _selected(s, t, sel_a, sel_b, directed):
            continue
        if directed or sel_a is None:
            x, y = _dyad(s, t, directed)
        else:  # put the selected actor first
            x, y = (s, t) if s in sel_a else (t, s)
        period = _period_start(event_date(r), freq, pd) if freq else None
        if freq and period is None:
            continue
        groups[(x, y, period)].append(r)
    records = []
    for (x, y, period), events in groups.items():
        quads = Counter(_quad(r) for r in events)
        rec = {"actor_a": x, "actor_b": y, "label_a": actors[x]["label"], "label_b": actors[y]["label"],
               "period": period, "events": len(events),
               "mean_goldstein": _mean(r.get("goldstein") for r in events)}
        for q, col in QUAD_COLUMNS.items():
            rec[col] = quads.get(q, 0)
        rec["coop_minus_conflict"] = quads.get(1, 0) + quads.get(2, 0) - quads.get(3, 0) - quads.get(4, 0)
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=_DYAD_COLUMNS)
    if df.empty:
        return df
    df["mean_goldstein"] = df["mean_goldstein"].astype(float)
    total = df.groupby(["actor_a", "actor_b"])["events"].transform("sum")
    df = df.assign(_total=total).sort_values(
        ["_total", "label_a", "label_b", "actor_a", "actor_b", "period"],
        ascending=[False, True, True, True, True, True], kind="mergesort")
    return df.drop(columns="_total").reset_index(drop=True)


_TIMELINE_COLUMNS = ["date", "role", "other", "other_label", "relation", "cameo", "goldstein", "quad_class",
                     "negated", "reported", "modality", "mentions", "sentence", "article_id", "event"]


@at_level
def actor_timeline(rows: Iterable[Mapping[str, Any]], actor: str) -> pd.DataFrame:
    """Every event an actor (IRI, QID or label) takes part in, oldest first; undated events last.

    ``role`` is ``"source"`` or ``"target"`` (``"self"`` for self-loops);
    ``other`` is the partner's IRI (None for one-actor events); ``sentence``
    and ``article_id`` are from the first evidence; ``mentions`` counts it.

    >>> from diplokg.graph.network.build import example_row as row
    >>> rows = [row("A", "B", "consult", "040", 1.0, "2020-03-02"),
    ...         row("C", "A", "threaten", "130", -4.4, "2020-01-09")]
    >>> actor_timeline(rows, "A")[["role", "other_label"]].values.tolist()
    [['target', 'C'], ['source', 'B']]
    """
    pd = _pd()
    kept = _unique(rows)
    ids = match_actors(kept, actor)
    actors = _actor_table(kept)
    records = []
    for i, r in enumerate(kept):
        s = actor_id(r["source"])
        t = actor_id(r["target"]) if r.get("target") else None
        if s not in ids and t not in ids:
            continue
        if s in ids and t in ids:
            role, other = ("self", None) if s == t else ("source", t)
        elif s in ids:
            role, other = "source", t
        else:
            role, other = "target", s
        evidence = list(r.get("evidence") or ())
        first = evidence[0] if evidence else {}
        records.append({"date": event_date(r), "role": role, "other": other,
                        "other_label": actors[other]["label"] if other else None,
                        "relation": r.get("relation"), "cameo": r.get("cameo"),
                        "goldstein": finite_number(r.get("goldstein")), "quad_class": _quad(r),
                        "negated": bool(r.get("negated")), "reported": bool(r.get("reported")),
                        "modality": r.get("modality") or "asserted", "mentions": len(evidence),
                        "sentence": first.get("sentence"), "article_id": first.get("article_id"),
                        "event": r.get("event") or _event_key(r, i)})
    df = pd.DataFrame.from_records(records, columns=_TIMELINE_COLUMNS)
    if df.empty:
        return df
    df["goldstein"] = df["goldstein"].astype(float)
    df = df.assign(_undated=df["date"].isna()).sort_values(["_undated", "date", "relation"], kind="mergesort")
    return df.drop(columns="_undated").reset_index(drop=True)


def _period_days(period: Any, name: str) -> tuple[str | None, str | None]:
    """First and last day of a period: ``(from, to)`` (None: open) or one date (``"2020"``: the year)."""
    if isinstance(period, (str, date)):
        period = (period, period)
    if not isinstance(period, (tuple, list)) or len(period) != 2:
        raise ValueError(f"{name} must be (from, to) or one date such as '2020' or '2020-04', not {period!r}")
    return date_range(*period, names=(f"{name}[0]", f"{name}[1]"))


_CHANGED_COLUMNS = ["actor_a", "actor_b", "label_a", "label_b", "events_1", "events_2", "delta_events",
                    "mean_goldstein_1", "mean_goldstein_2", "delta_goldstein"]


@at_level
def changed_dyads(rows: Iterable[Mapping[str, Any]], period1: tuple[str | None, str | None] | str,
                  period2: tuple[str | None, str | None] | str, top: int | None = 10, *,
                  by: str = "goldstein",
                  directed: bool = False, min_events: int = 1) -> pd.DataFrame:
    """Dyads whose mean Goldstein (``by="goldstein"``) or event count (``by="events"``) changed most.

    ``period1``/``period2`` are inclusive ``(from, to)`` ISO dates (either end
    may be None), or one date for the whole of it (``"2020"``, ``"2020-04"``). An
    event counts in a period its date lies wholly within (a month-dated event
    in the months it falls in). Deltas are period 2 minus period 1. For ``"goldstein"`` a
    dyad needs ``min_events`` in both periods; for ``"events"`` in either.
    Sorted by the absolute change, largest first; ``top=None`` keeps all.

    >>> from diplokg.graph.network.build import example_row as row
    >>> rows = [row("A", "B", "praise", "051", 3.4, "2020-01-05"),
    ...         row("A", "B", "threaten", "130", -4.4, "2020-06-05")]
    >>> df = changed_dyads(rows, ("2020-01-01", "2020-03-31"), ("2020-04-01", "2020-12-31"))
    >>> df["delta_goldstein"].round(2).tolist()
    [-7.8]
    """
    pd = _pd()
    if by not in ("goldstein", "events"):
        raise ValueError("by must be 'goldstein' or 'events'")
    periods = (_period_days(period1, "period1"), _period_days(period2, "period2"))
    kept = [r for r in _unique(rows) if r.get("target")]
    actors = _actor_table(kept)
    stats: dict[tuple[str, str], list[list[Mapping[str, Any]]]] = defaultdict(lambda: [[], []])
    for r in kept:
        s, t = actor_id(r["source"]), actor_id(r["target"])
        if s == t:
            continue
        d = event_date(r)
        for k, (lo, hi) in enumerate(periods):
            if date_in_range(d, lo, hi, within=True):
                stats[_dyad(s, t, directed)][k].append(r)
    records = []
    for (x, y), (p1, p2) in stats.items():
        if by == "goldstein" and (len(p1) < min_events or len(p2) < min_events):
            continue
        if by == "events" and max(len(p1), len(p2)) < min_events:
            continue
        g1, g2 = _mean(r.get("goldstein") for r in p1), _mean(r.get("goldstein") for r in p2)
        records.append({"actor_a": x, "actor_b": y,
                        "label_a": actors[x]["label"], "label_b": actors[y]["label"],
                        "events_1": len(p1), "events_2": len(p2), "delta_events": len(p2) - len(p1),
                        "mean_goldstein_1": g1, "mean_goldstein_2": g2,
                        "delta_goldstein": g2 - g1 if g1 is not None and g2 is not None else None})
    df = pd.DataFrame.from_records(records, columns=_CHANGED_COLUMNS)
    if df.empty:
        return df
    for col in ("mean_goldstein_1", "mean_goldstein_2", "delta_goldstein"):
        df[col] = df[col].astype(float)
    key = "delta_goldstein" if by == "goldstein" else "delta_events"
    df = df.assign(_abs=df[key].abs(), _n=df["events_1"] + df["events_2"])
    df = df.sort_values(["_abs", "_n", "label_a", "label_b"], ascending=[False, False, True, True],
                        na_position="last", kind="mergesort").drop(columns=["_abs", "_n"])
    if by == "goldstein":
        df = df[df["delta_goldstein"].notna()]
    if top is not None:
        df = df.head(top)
    return df.reset_index(drop=True)


_RECIPROCITY_COLUMNS = ["actor_a", "actor_b", "label_a", "label_b", "a_to_b", "b_to_a", "total",
                        "reciprocity", "goldstein_a_to_b", "goldstein_b_to_a", "goldstein_asymmetry"]


@at_level
def reciprocity(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Per unordered dyad: events A→B and B→A, reciprocity (min/max, 0…1) and Goldstein asymmetry.

    ``actor_a`` is the more active side (ties: by label). ``goldstein_asymmetry``
    is mean Goldstein A→B minus B→A (NaN unless both directions have scores).
    Self-loops are ignored. Sorted by total events.

    >>> from diplokg.graph.network.build import example_row as row
    >>> rows = [row("A", "B", "praise", "051", 3.4, "2020-01-05"),
    ...         row("A", "B", "consult", "040", 1.0, "2020-01-06"),
    ...         row("B", "A", "threaten", "130", -4.4, "2020-06-05")]
    >>> cols = ["label_a", "a_to_b", "b_to_a", "reciprocity", "goldstein_asymmetry"]
    >>> reciprocity(rows)[cols].round(2).to_dict("records")
    [{'label_a': 'A', 'a_to_b': 2, 'b_to_a': 1, 'reciprocity': 0.5, 'goldstein_asymmetry': 6.6}]
    """
    pd = _pd()
    kept = [r for r in _unique(rows) if r.get("target")]
    actors = _actor_table(kept)
    directed: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for r in kept:
        s, t = actor_id(r["source"]), actor_id(r["target"])
        if s != t:
            directed[(s, t)].append(r)
    records, done = [], set()
    for (s, t) in directed:
        pair = _dyad(s, t, False)
        if pair in done:
            continue
        done.add(pair)
        x, y = pair
        n_xy, n_yx = len(directed.get((x, y), ())), len(directed.get((y, x), ()))
        if n_yx > n_xy or (n_yx == n_xy and (actors[y]["label"], y) < (actors[x]["label"], x)):
            x, y, n_xy, n_yx = y, x, n_yx, n_xy
        g_xy = _mean(r.get("goldstein") for r in directed.get((x, y), ()))
        g_yx = _mean(r.get("goldstein") for r in directed.get((y, x), ()))
        records.append({"actor_a": x, "actor_b": y,
                        "label_a": actors[x]["label"], "label_b": actors[y]["label"],
                        "a_to_b": n_xy, "b_to_a": n_yx, "total": n_xy + n_yx,
                        "reciprocity": min(n_xy, n_yx) / max(n_xy, n_yx),
                        "goldstein_a_to_b": g_xy, "goldstein_b_to_a": g_yx,
                        "goldstein_asymmetry": None if g_xy is None or g_yx is None else g_xy - g_yx})
    df = pd.DataFrame.from_records(records, columns=_RECIPROCITY_COLUMNS)
    if df.empty:
        return df
    for col in ("reciprocity", "goldstein_a_to_b", "goldstein_b_to_a", "goldstein_asymmetry"):
        df[col] = df[col].astype(float)
    df = df.sort_values(["total", "reciprocity", "label_a", "label_b"], ascending=[False, False, True, True],
                        kind="mergesort")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- tables and exports
_EVENT_COLUMNS = [
    "event", "date", "date_text",
    "source", "source_label", "source_label_de", "source_type", "source_qid", "source_country",
    "target", "target_label", "target_label_de", "target_type", "target_qid", "target_country",
    "relation", "cameo", "cameo_root", "cameo_label", "plover_type", "plover_mode", "goldstein", "quad_class",
    "negated", "reported", "modality", "confidence", "mentions", "articles", "langs", "sentence",
    "article_id", "title", "url",
]


def events_frame(rows: Iterable[Mapping[str, Any]] | Any, *, level: str = "actor", date_from: Any = None,
                 date_to: Any = None) -> pd.DataFrame:
    """One row per event, flat: actors (IRI, labels, type, QID, country), coding, flags, first evidence.

    Given a store (folder, URL or opened) or an rdflib graph instead of rows, the documented event
    table of :func:`diplokg.graph.event_table.events_table` (``docs/event-table.md``). ``date_from``/
    ``date_to`` keep the events whose date overlaps the range (undated ones only without a range);
    ``level="country"``/``"sector"`` rolls the actors of rows up first (:mod:`.levels`).

    ``date`` is a datetime (NaT when unknown; partial dates at their first
    day), ``date_text`` the ISO text as stored; ``mentions`` counts evidence
    sentences, ``articles`` and ``langs`` are ``;``-joined distinct values.
    Actor fields use the merged actor attributes (a label missing in one
    row is filled from another).

    >>> from diplokg.graph.network.build import example_row as row
    >>> df = events_frame([row("A", "B", "consult", "040", 1.0, "2020-01-02")])
    >>> df[["source_label", "target_label", "cameo_root", "mentions"]].to_dict("records")
    [{'source_label': 'A', 'target_label': 'B', 'cameo_root': '04', 'mentions': 1}]
    """
    if not (isinstance(rows, (str, Path)) or callable(getattr(rows, "query", None))):
        return _rows_frame(rows, level=level, date_from=date_from, date_to=date_to)
    if check_level(level) != "actor":
        raise ValueError(f"level={level!r} needs event rows, not a store: events_frame(event_rows(store))")
    from ..rdf.event_table import events_table
    return events_table(rows, date_from=iso_date(date_from, "date_from"),
                        date_to=iso_date(date_to, "date_to"))


@at_level
def _rows_frame(rows: Iterable[Mapping[str, Any]], *, date_from: Any = None,
                date_to: Any = None) -> pd.DataFrame:
    """:func:`events_frame` of event rows (``level`` from :func:`.levels.at_level`)."""
    pd = _pd()
    lo, hi = date_range(date_from, date_to)
    kept = [r for r in _unique(rows) if (lo is None and hi is None) or date_in_range(event_date(r), lo, hi)]
    actors = _actor_table(kept)
    records = []
    for i, r in enumerate(kept):
        rec: dict[str, Any] = {"event": r.get("event") or _event_key(r, i)}
        d = event_date(r)
        rec["date"] = date_bounds(d)[0] if d else None
        rec["date_text"] = d
        for side in ("source", "target"):
            a = r.get(side)
            info = actors[actor_id(a)] if a else {f: None for f in _NODE_FIELDS}
            rec[side] = actor_id(a) if a else None
            for f in ("label", "label_de", "type", "qid", "country"):
                rec[f"{side}_{f}"] = info[f]
        evidence = list(r.get("evidence") or ())
        first = evidence[0] if evidence else {}
        rec.update({
            "relation": r.get("relation"), "cameo": None if r.get("cameo") is None else str(r.get("cameo")),
            "cameo_root": cameo_root_of(r.get("cameo")), "cameo_label": r.get("cameo_label"),
            "plover_type": r.get("plover_type"), "plover_mode": r.get("plover_mode"),
            "goldstein": finite_number(r.get("goldstein")), "quad_class": _quad(r),
            "negated": bool(r.get("negated")), "reported": bool(r.get("reported")),
            "modality": r.get("modality") or "asserted", "confidence": finite_number(r.get("confidence")),
            "mentions": len(evidence),
            "articles": _joined(e.get("article_id") for e in evidence),
            "langs": _joined(e.get("lang") for e in evidence),
            "sentence": first.get("sentence"), "article_id": first.get("article_id"),
            "title": first.get("title"), "url": first.get("url"),
        })
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=_EVENT_COLUMNS)
    df["date"] = pd.to_datetime(df["date"], errors="coerce")
    for col in ("goldstein", "confidence"):
        df[col] = df[col].astype(float)
    df["quad_class"] = df["quad_class"].astype("Int64")
    df["mentions"] = df["mentions"].astype("int64")
    for col in ("negated", "reported"):
        df[col] = df[col].astype(bool)
    return df


def count_series(store_or_graph: Any, by: str = "dyad", freq: str = "M", metric: str = "events",
                 **options: Any) -> pd.DataFrame:
    """Events, Goldstein or QuadClass counts per dyad, actor, root or country dyad and period, read from a
    store's summary nodes: :func:`diplokg.graph.rdf.series.count_series` (``docs/event-table.md``)."""
    from ..rdf.series import count_series as read_series

    return read_series(store_or_graph, by, freq, metric, **options)


def export_events(rows: Iterable[Mapping[str, Any]] | pd.DataFrame, path: str | Path,
                  format: str | None = None) -> Path:
    """Write :func:`events_frame` (or a given DataFrame) as CSV (UTF-8) or Parquet; returns the path.

    ``format``: ``"csv"`` or ``"parquet"``; None picks it from the suffix (default CSV).
    """
    pd = _pd()
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".") or "csv").lower()
    if fmt == "pq":
        fmt = "parquet"
    if fmt not in ("csv", "parquet"):
        raise ValueError("format must be 'csv' or 'parquet'")
    df = rows if isinstance(rows, pd.DataFrame) else events_frame(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        df.to_csv(path, index=False, encoding="utf-8")
    else:
        df.to_parquet(path, index=False)
    return path


def _joined(values: Iterable[Any]) -> str:
    """Distinct non-empty values, in order, ``;``-joined."""
    return ";".join(dict.fromkeys(str(v) for v in values if v))
