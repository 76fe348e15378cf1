"""Per-event facets of the HTML page: QuadClass and place of every event of every edge, the place table
and the actors' ranks by degree (which actors get a label at the first fit).

The page's time strip (events per month, stacked by QuadClass) and its map (event locations) count the
events of the edges that pass the page's filters, so they need, for each aggregated edge, one entry per
event aligned with the edge's ``event_dates`` (:func:`.build.aggregate_edges`): that event's QuadClass
and the index of its place in one shared place table. Rows carry the place as ``row["location"]`` =
``{"name", "lat", "lon", "qid", "country", "source"}`` (the event JSON's ``location``); a place without
valid WGS84 coordinates cannot be drawn and counts as no place.

>>> from .build import example_row, aggregate_edges
>>> jakarta = {"name": "Jakarta", "qid": "Q3630", "lat": -6.2, "lon": 106.8, "country": "IDN"}
>>> rows = [example_row("A", "B", "consult", "040", 1.0, "2020-01-02", location=jakarta),
...         example_row("A", "B", "consult", "040", 1.0, "2020-03-01")]
>>> facets = event_facets(aggregate_edges(rows), rows)
>>> facets.edges[("local:A", "local:B", "consult")], [p["name"] for p in facets.places]
({'event_quads': [1, 1], 'event_places': [0, None]}, ['Jakarta'])
"""
from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .build import top_actors

__all__ = ["LABELLED_ACTORS", "PageFacets", "actor_ranks", "add_facets", "event_facets", "place_of"]

#: How many actors (highest degree first, see :func:`.build.top_actors`) the page labels at every zoom
#: level; the other labels appear once the view is zoomed in far enough to read them.
LABELLED_ACTORS = 12

_QID_RE = re.compile(r"Q[1-9][0-9]*")


@dataclass
class PageFacets:
    """Per-edge event facets (keyed by the edge's ``(source, target, key)``) and the place table."""

    edges: dict[tuple[Hashable, Hashable, Hashable], dict[str, list]] = field(default_factory=dict)
    places: list[dict[str, Any]] = field(default_factory=list)


def _coordinate(value: Any, limit: float) -> float | None:
    """A finite coordinate within ±``limit`` rounded to 5 decimals (about 1 m), else None."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return round(v, 5) if math.isfinite(v) and -limit <= v <= limit else None


def place_of(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The drawable place of an event row: name, lat, lon, qid, country; None without valid coordinates.

    >>> place_of({"location": {"name": "Kyiv", "lat": "50.45", "lon": 30.52, "qid": "Q1899"}})["lat"]
    50.45
    >>> place_of({"location": {"name": "Nowhere", "lat": 95, "lon": 0}}) is None
    True
    """
    loc = row.get("location")
    if not isinstance(loc, Mapping):
        return None
    lat, lon = _coordinate(loc.get("lat"), 90.0), _coordinate(loc.get("lon"), 180.0)
    if lat is None or lon is None:
        return None
    name = loc.get("name") or loc.get("label")
    qid = str(loc.get("qid") or "").rsplit("/", 1)[-1]
    place = {"name": str(name).replace("\x00", "") if name else f"{lat}, {lon}", "lat": lat, "lon": lon,
             "qid": qid if _QID_RE.fullmatch(qid) else None,
             "country": str(loc["country"]) if loc.get("country") else None}
    for extra in ("name_de", "kind"):            # the German name and city/region/country, when known
        if loc.get(extra):
            place[extra] = str(loc[extra]).replace("\x00", "")
    return place


def _quad(value: Any) -> int | None:
    try:
        q = int(value)
    except (TypeError, ValueError):
        return None
    return q if 1 <= q <= 4 else None


def event_facets(G: nx.MultiDiGraph, rows: Iterable[Mapping[str, Any]]) -> PageFacets:
    """QuadClass and place index of each event of each edge of ``G`` (aligned with ``event_dates``).

    An edge whose events are not all known by IRI (rows without ``event``) gets its own QuadClass for
    every event and no places: its ``events`` list cannot be aligned with ``event_dates`` then.
    """
    place_index: dict[tuple, int] = {}
    places: list[dict[str, Any]] = []
    seen_locations: dict[tuple, int | None] = {}     # raw (name, lat, lon, qid) -> place index: parsed once

    def index_of(loc: Mapping[str, Any]) -> int | None:
        raw = tuple(loc.get(k) for k in ("name", "lat", "lon", "qid", "country", "name_de", "kind"))
        try:
            return seen_locations[raw]
        except KeyError:
            pass
        except TypeError:                             # unhashable values: parse without the cache
            raw = None
        place, idx = place_of({"location": loc}), None
        if place is not None:
            key = (place["qid"],) if place["qid"] else (place["name"], place["lat"], place["lon"])
            idx = place_index.setdefault(key, len(places))
            if idx == len(places):
                places.append(place)
        if raw is not None:
            seen_locations[raw] = idx
        return idx

    per_event: dict[str, tuple[int | None, int | None]] = {}
    for row in rows:
        ev = row.get("event")
        if not ev:
            continue
        loc = row.get("location")
        idx = index_of(loc) if isinstance(loc, Mapping) else None
        known = per_event.get(ev)
        if known is None:
            q = row.get("quad_class")
            per_event[ev] = (q if q in (1, 2, 3, 4) else _quad(q), idx)
        elif known[1] is None and idx is not None:
            per_event[ev] = (known[0], idx)

    facets = PageFacets(places=places)
    for s, t, k, d in G.edges(keys=True, data=True):
        events, n = d.get("events") or [], len(d.get("event_dates") or [])
        if len(events) == n:
            pairs = [per_event.get(e, (None, None)) for e in events]
        else:
            pairs = [(_quad(d.get("quad_class")), None)] * n
        facets.edges[(s, t, k)] = {"event_quads": [q for q, _ in pairs], "event_places": [p for _, p in pairs]}
    return facets


def actor_ranks(G: nx.MultiDiGraph) -> dict[Hashable, int]:
    """Each actor's rank by degree (0 = most partners; ties by events, then label, as
    :func:`.build.top_actors`): the page labels the :data:`LABELLED_ACTORS` best-ranked visible actors."""
    return {node: rank for rank, node in enumerate(top_actors(G, G.number_of_nodes()))}


def add_facets(data: dict[str, Any], G: nx.MultiDiGraph, rows: Iterable[Mapping[str, Any]], *,
               labelled: int = LABELLED_ACTORS) -> dict[str, Any]:
    """Add the facets to the page data of ``G`` (its ``nodes`` and ``edges`` lists in ``G``'s order):
    ``event_quads`` / ``event_places`` per edge, ``rank`` per node, ``places`` and ``labelled`` (how many
    actors get a label at every zoom level) in ``meta``. Returns ``data``."""
    facets = event_facets(G, rows)
    for edge, key in zip(data["edges"], G.edges(keys=True)):
        edge["d"].update(facets.edges[key])
    ranks = actor_ranks(G)
    for node in data["nodes"]:
        node["d"]["rank"] = ranks[node["id"]]
    data["meta"].update(places=facets.places, labelled=min(labelled, len(data["nodes"])))
    return data
