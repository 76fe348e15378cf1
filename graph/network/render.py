"""Interactive, self-contained HTML views of the actor network.

How the page is built
---------------------
pyvis is **not** used to build the page: its template pulls vis-network,
bootstrap and tom-select from CDNs even in ``cdn_resources="in_line"`` mode,
and it hands vis-network HTML ``title`` strings (an XSS sink). Instead this
module fills its own template (``templates/page.html``, read from the installed package by
:func:`page_template`; placeholders ``@@NAME@@`` substituted in one pass) with

- the vis-network 9.1.2 JS and CSS that ship inside the pyvis package
  (``pyvis/lib/vis-9.1.2/``), inlined -- pyvis is only the carrier of those
  two files;
- the graph as JSON in ``<script type="application/json">``, with ``<``,
  ``>``, ``&``, U+2028 and U+2029 escaped (see :func:`json_for_script`), so
  no text can close the script element;
- our own CSS and JS (``templates/app.css``, ``templates/app.js`` and the time strip, map and
  label scripts of :data:`APP_SCRIPTS`), inlined too; the data of the strip and the map come from
  :mod:`.page_facets`; the JS renders every tooltip and the details panel with DOM APIs (``textContent``, ``createElement``), never ``innerHTML``, and links
  only ``http:``/``https:`` URLs.

The result is ONE file that makes no request to any host: no ``src``/``href``
pointing at the network, plus a Content-Security-Policy (``default-src
'none'``, scripts allowed only by their SHA-256 hashes) that blocks any
request and any injected script even if something slipped through.

Positions are computed in Python (:func:`.build.layout_positions`). Up to
``physics_threshold`` actors vis-network physics refines them and stays
live (toggle in the toolbar); above it physics is off and the precomputed
layout is drawn as is.

>>> rows = [example_row("A", "B", "consult", "040", 1.0, "2020-01-02")]
>>> page = to_html(rows, title="Demo")
>>> page.startswith("<!DOCTYPE html>") and "<title>Demo</title>" in page
True
"""
from __future__ import annotations

import base64
import hashlib
import html as _html
import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from importlib.resources import files
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import networkx as nx

from .levels import at_level
from .build import (
    ACTOR_TYPES,
    aggregate_edges,
    example_row,  # noqa: F401  (used by the doctests)
    filter_events,
    finite_number,
    graph_file_format,
    layout_positions,
    match_actors,
    top_actors,
    write_graph,
)
from .gexf_time import add_time
from .page_facets import add_facets
from ...core.errors import InputError, SetupError

__all__ = [
    "CAMEO_ROOT_LABELS",
    "QUAD_CLASS_COLORS",
    "QUAD_CLASS_LABELS",
    "TYPE_COLORS",
    "NotebookIFrame",
    "build_graph",
    "describe_filters",
    "goldstein_color",
    "json_for_script",
    "notebook_iframe",
    "quad_class_color",
    "render_html",
    "safe_url",
    "to_html",
    "write_graph_file",
]

# --------------------------------------------------------------------------- colours and labels
#: Node colour per actor type (Tableau 10; no red/green, which the edges use).
TYPE_COLORS = {
    "PERSON": "#4e79a7",
    "COUNTRY": "#f28e2b",
    "GOVERNMENT": "#76b7b2",
    "ORGANIZATION": "#b07aa1",
    "GROUP": "#9c755f",
    "LOCATION": "#edc948",
    "OTHER": "#bab0ac",
}

#: Goldstein scale stops: -10 (conflict) red, 0 grey, +10 (cooperation) green.
GOLDSTEIN_STOPS = ((-10.0, (0xD7, 0x30, 0x27)), (0.0, (0xA0, 0xA0, 0xA0)), (10.0, (0x1A, 0x98, 0x50)))
UNKNOWN_COLOR = "#c4c4c4"

QUAD_CLASS_COLORS = {1: "#91cf60", 2: "#1a9850", 3: "#fc8d59", 4: "#d73027"}
QUAD_CLASS_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

#: CAMEO root labels (wording of ``ontology/cameo.tsv``).
CAMEO_ROOT_LABELS = {
    "01": "issue a public statement", "02": "make an appeal", "03": "signal intent to cooperate",
    "04": "consult", "05": "cooperate diplomatically", "06": "cooperate materially", "07": "give aid",
    "08": "make concessions", "09": "investigate", "10": "make a demand", "11": "express disapproval",
    "12": "reject", "13": "issue a threat", "14": "protest", "15": "display force",
    "16": "downgrade relations", "17": "use coercion", "18": "carry out an assault",
    "19": "engage in armed fighting", "20": "commit mass violence",
}


def goldstein_color(value: float | None) -> str:
    """Hex colour of a Goldstein score on a diverging red–grey–green scale (clamped to ±10).

    >>> goldstein_color(-10), goldstein_color(0), goldstein_color(10), goldstein_color(99)
    ('#d73027', '#a0a0a0', '#1a9850', '#1a9850')
    >>> goldstein_color(None)
    '#c4c4c4'
    """
    v = finite_number(value)
    if v is None:
        return UNKNOWN_COLOR
    v = max(-10.0, min(10.0, v))
    (x0, c0), (x1, c1) = (GOLDSTEIN_STOPS[0], GOLDSTEIN_STOPS[1]) if v <= 0 else (GOLDSTEIN_STOPS[1], GOLDSTEIN_STOPS[2])
    t = (v - x0) / (x1 - x0)
    return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(c0, c1))


def quad_class_color(quad_class: int | None) -> str:
    """Hex colour of a QuadClass (1 light green … 4 red; unknown grey).

    >>> quad_class_color(1), quad_class_color(4), quad_class_color(None)
    ('#91cf60', '#d73027', '#c4c4c4')
    """
    try:
        return QUAD_CLASS_COLORS.get(int(quad_class), UNKNOWN_COLOR)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return UNKNOWN_COLOR


def _edge_width(count: int) -> float:
    return round(min(12.0, 1.5 + 2.0 * math.log2(max(1, count))), 2)


def _mix(hex_color: str, other: str = "#ffffff", t: float = 0.5) -> str:
    a = [int(hex_color[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


# --------------------------------------------------------------------------- escaping
_URL_RE = re.compile(r"^https?://[^\s/?#@]+(?:[/?#]|$)", re.IGNORECASE)


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL without whitespace or control characters, else None.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url(" java\\tscript:x")
    ('https://example.org/a?b=1', None, None)
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    if not u or any(ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in u):
        return None
    return u if _URL_RE.match(u) else None


def json_for_script(obj: Any) -> str:
    """JSON text that is safe inside ``<script>``: ``<``, ``>``, ``&``, U+2028, U+2029 escaped.

    >>> json_for_script({"s": "</script><b>&\\u2028"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _text(value: Any) -> str | None:
    """A display string (None stays None); strips NULs, which would break nothing but are noise."""
    if value is None:
        return None
    return str(value).replace("\x00", "")


# --------------------------------------------------------------------------- graph assembly
_FILTER_KEYS = ("actor", "depth", "date_from", "date_to", "cameo_root", "quad_class", "plover_type",
                "min_support", "lang")


def _listish(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in sorted(value, key=str))
    return str(value)


def describe_filters(filters: Mapping[str, Any], *, top: int | None = None,
                     actor_labels: Iterable[str] | None = None) -> str:
    """A one-line, human-readable summary of the filters (plain text; the caller escapes it).

    >>> describe_filters({"actor": "Q7747", "depth": 2, "date_from": "2016-01-01", "cameo_root": "03"}, top=50)
    'actor Q7747 (depth 2) · from 2016-01-01 · CAMEO root 03 (signal intent to cooperate) · top 50 actors'
    """
    parts = []
    if filters.get("actor") is not None:
        labels = list(actor_labels or [])
        who = ", ".join(labels) if labels else _listish(filters["actor"])
        parts.append(f"actor {who} (depth {filters.get('depth', 1)})")
    lo, hi = filters.get("date_from"), filters.get("date_to")
    if lo and hi:
        parts.append(f"{lo} to {hi}")
    elif lo:
        parts.append(f"from {lo}")
    elif hi:
        parts.append(f"until {hi}")
    root = filters.get("cameo_root")
    if root is not None:
        roots = [root] if isinstance(root, (str, int)) else list(root)
        names = [str(r).zfill(2) for r in roots]
        text = ", ".join(f"{r} ({CAMEO_ROOT_LABELS[r]})" if r in CAMEO_ROOT_LABELS else r for r in names)
        parts.append(f"CAMEO root {text}")
    quad = filters.get("quad_class")
    if quad is not None:
        quads = [quad] if isinstance(quad, (str, int)) else list(quad)
        parts.append("QuadClass " + ", ".join(
            f"{q} ({QUAD_CLASS_LABELS.get(int(q), '?')})" for q in quads))
    if filters.get("plover_type") is not None:
        parts.append(f"PLOVER {_listish(filters['plover_type'])}")
    if (filters.get("min_support") or 1) > 1:
        parts.append(f"min support {filters['min_support']}")
    if filters.get("lang"):
        parts.append(f"evidence in '{filters['lang']}'")
    if top:
        parts.append(f"top {top} actors")
    return " · ".join(parts)


def build_graph(rows: Iterable[Mapping[str, Any]], *, top: int | None = None, **filters: Any) -> nx.MultiDiGraph:
    """Filter (see :func:`.build.filter_events`), aggregate and keep the ``top`` most connected actors.

    Node attributes keep the values of the whole filtered graph (degree,
    event counts), not of the ``top`` cut.
    """
    unknown = set(filters) - set(_FILTER_KEYS)
    if unknown:
        raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}; known: {', '.join(_FILTER_KEYS)}")
    kept = filter_events(rows, **filters)
    G = aggregate_edges(kept)
    if top is not None and top < G.number_of_nodes():
        G = G.subgraph(top_actors(G, top)).copy()
    return G


def _node_sizes(G: nx.MultiDiGraph, attr: str) -> dict:
    large = G.number_of_nodes() > 1000
    lo, span = (6.0, 24.0) if large else (10.0, 30.0)
    vmax = max([G.nodes[n].get(attr) or 0 for n in G.nodes] or [0]) or 1
    return {n: round(lo + span * math.sqrt((G.nodes[n].get(attr) or 0) / vmax), 1) for n in G.nodes}


def _evidence_item(e: Mapping[str, Any]) -> dict:
    url = e.get("url")
    good = safe_url(url)
    lang = _text(e.get("lang"))
    return {
        "sentence": _text(e.get("sentence")) or "",
        "title": _text(e.get("title")),
        "article_id": _text(e.get("article_id")),
        "date": _text(e.get("date")),
        "url": good,
        "bad_url": None if good or not url else _text(url),
        "lang": lang.lower() if lang and re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?", lang) else None,
        "reported": bool(e.get("reported")),
        "negated": bool(e.get("negated")),
        "modality": _text(e.get("modality")) or "asserted",
    }


def place_item(place: Mapping[str, Any] | None) -> dict | None:
    """A location for the page (the map view draws it): name, WGS84 lat/lon, kind, country, how it was found
    and, for an edge's places, how many events; None without a name or valid coordinates."""
    if not place:
        return None
    lat, lon = finite_number(place.get("lat")), finite_number(place.get("lon"))
    name = _text(place.get("name"))
    if name is None or lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    item = {"name": name, "name_de": _text(place.get("name_de")), "lat": lat, "lon": lon,
            "kind": _text(place.get("kind")), "country": _text(place.get("country")),
            "qid": place.get("qid") if re.fullmatch(r"Q[1-9][0-9]*", str(place.get("qid") or "")) else None}
    if place.get("source") is not None:
        item["source"] = _text(place.get("source"))
    if place.get("count") is not None:
        item["count"] = int(place["count"])
    return item


def _page_data(G: nx.MultiDiGraph, *, color_by: str, size_by: str, physics: bool, seed: int,
               edge_labels: bool, meta: dict) -> dict:
    """What the page's JS draws: nodes and edges as vis-network items (with their details in ``d``)
    and the page's settings and legends in ``meta``."""
    nodes = _page_nodes(G, size_by=size_by, seed=seed)
    edges = _page_edges(G, color_by=color_by, edge_labels=edge_labels)
    meta = {**meta, **_page_meta(nodes, edges, color_by=color_by, size_by=size_by, physics=physics,
                                 large=G.number_of_nodes() > 1000)}
    return {"meta": meta, "nodes": nodes, "edges": edges}


def _page_nodes(G: nx.MultiDiGraph, *, size_by: str, seed: int) -> list[dict]:
    """The actors as vis-network nodes at their precomputed positions."""
    pos = layout_positions(G, seed=seed)
    size_deg = _node_sizes(G, "degree")
    size_evt = _node_sizes(G, "event_count")
    nodes = []
    for n, d in G.nodes(data=True):
        color = TYPE_COLORS.get(d.get("type") or "OTHER", TYPE_COLORS["OTHER"])
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": n,
            "label": _text(d.get("label")) or str(n),
            "x": x,
            "y": y,
            "size": size_deg[n] if size_by == "degree" else size_evt[n],
            "color": {"background": color, "border": _mix(color, "#000000", 0.25),
                      "highlight": {"background": _mix(color, "#ffffff", 0.3), "border": "#111111"},
                      "hover": {"background": _mix(color, "#ffffff", 0.3), "border": "#111111"}},
            "d": {
                "label": _text(d.get("label")),
                "label_de": _text(d.get("label_de")),
                "type": _text(d.get("type")) or "OTHER",
                "country": _text(d.get("country")),
                "code": _text(d.get("code")),
                "sector": _text(d.get("sector")),
                "qid": d.get("qid") if re.fullmatch(r"Q[1-9][0-9]*", str(d.get("qid") or "")) else None,
                "iri": _text(d.get("iri")),
                "event_count": d.get("event_count", 0),
                "degree": d.get("degree", 0),
                "relations": d.get("relations", 0),
                "size_degree": size_deg[n],
                "size_events": size_evt[n],
            },
        })
    return nodes


def _page_edges(G: nx.MultiDiGraph, *, color_by: str, edge_labels: bool) -> list[dict]:
    """The aggregated relations as vis-network edges, coloured by ``color_by``."""
    # curvature: several edges between the same two actors get increasingly curved arcs
    per_pair: dict[frozenset, int] = defaultdict(int)
    for s, t in G.edges():
        per_pair[frozenset((s, t))] += 1
    index_in_dir: dict[tuple, int] = defaultdict(int)

    edges = []
    for i, (s, t, k, d) in enumerate(G.edges(keys=True, data=True)):
        c_g = goldstein_color(d.get("goldstein"))
        c_q = quad_class_color(d.get("quad_class"))
        c = c_q if color_by == "quadclass" else c_g
        j = index_in_dir[(s, t)]
        index_in_dir[(s, t)] += 1
        if s == t:
            smooth: Any = {"enabled": False}
        elif per_pair[frozenset((s, t))] > 1:
            smooth = {"enabled": True, "type": "curvedCW", "roundness": round(0.2 + 0.2 * j, 2)}
        else:
            smooth = {"enabled": False}
        edge = {
            "id": f"e{i}",
            "from": s,
            "to": t,
            "width": _edge_width(d.get("count", 1)),
            "dashes": bool(d.get("dashed")),
            "color": {"color": c, "highlight": c, "hover": c, "inherit": False, "opacity": 0.9},
            "smooth": smooth,
            "d": {
                "relation": _text(d.get("relation", k)),
                "source_label": _text(G.nodes[s].get("label")),
                "target_label": _text(G.nodes[t].get("label")),
                "count": d.get("count", 1),
                "cameo": _text(d.get("cameo")),
                "cameo_label": _text(d.get("cameo_label")),
                "cameo_root": _text(d.get("cameo_root")),
                "quad_class": d.get("quad_class"),
                "goldstein": finite_number(d.get("goldstein")),
                "plover_type": _text(d.get("plover_type")),
                "plover_mode": _text(d.get("plover_mode")),
                "dates": d.get("dates", []),
                "event_dates": d.get("event_dates", []),
                "reported_only": bool(d.get("reported_only")),
                "negated_or_hypothetical": bool(d.get("negated_or_hypothetical")),
                "dashed": bool(d.get("dashed")),
                "n_reported": d.get("n_reported", 0),
                "n_negated": d.get("n_negated", 0),
                "n_nonfactual": d.get("n_nonfactual", 0),
                "c_g": c_g,
                "c_q": c_q,
                "evidence": [_evidence_item(e) for e in d.get("evidence", [])],
                "locations": [item for item in map(place_item, d.get("locations", [])) if item],
            },
        }
        if s == t:
            edge["selfReference"] = {"size": 18 + 8 * j, "angle": round(math.pi / 4 + j * math.pi / 3, 3)}
        if edge_labels:
            rel = _text(d.get("relation", k)) or ""
            edge["label"] = rel + (f" ×{d['count']}" if d.get("count", 1) > 1 else "")
        edges.append(edge)
    return edges


def _page_meta(nodes: list[dict], edges: list[dict], *, color_by: str, size_by: str, physics: bool,
               large: bool) -> dict:
    """The page's settings, counts and legends (the types, roots and dates present)."""
    all_dates = sorted({x for e in edges for x in e["d"]["dates"] if x})
    types_present = [t for t in ACTOR_TYPES if any(nd["d"]["type"] == t for nd in nodes)]
    types_present += sorted({nd["d"]["type"] for nd in nodes} - set(types_present))
    roots_present = sorted({e["d"]["cameo_root"] for e in edges if e["d"]["cameo_root"]})
    return {
        "color_by": color_by,
        "size_by": size_by,
        "physics": physics,
        "large": large,
        "n_nodes": len(nodes),
        "n_edges": len(edges),
        "n_events": sum(e["d"]["count"] for e in edges),
        "date_min": all_dates[0][:10] if all_dates else None,
        "date_max": all_dates[-1][:10] if all_dates else None,
        "types": [{"type": t, "color": TYPE_COLORS.get(t, TYPE_COLORS["OTHER"])} for t in types_present],
        "cameo_roots": [{"root": r, "label": CAMEO_ROOT_LABELS.get(r, "")} for r in roots_present],
        "quad_classes": [{"quad": q, "label": QUAD_CLASS_LABELS[q], "color": QUAD_CLASS_COLORS[q]}
                         for q in (1, 2, 3, 4)],
        "goldstein_stops": [goldstein_color(v) for v in (-10, -5, 0, 5, 10)],
        "unknown_color": UNKNOWN_COLOR,
        "edge_length": 150 if len(nodes) <= 50 else 110,
    }


# --------------------------------------------------------------------------- vis-network assets
@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """(JS, CSS) of vis-network 9.1.2 from the installed pyvis package (found, not imported: importing
    pyvis imports IPython, which took longer than the rest of a small render)."""
    try:
        spec = find_spec("pyvis")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("pyvis")
        base = Path(next(iter(spec.submodule_search_locations))) / "lib" / "vis-9.1.2"
        js = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:  # pragma: no cover - packaging error
        raise SetupError("diplokg's HTML renderer needs vis-network 9.1.2 from the pyvis package "
                         "(pip install 'pyvis>=0.3.2')") from exc
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


#: The page's own scripts, inlined as one <script> in this order: the time strip, the map, their wiring
#: to the filters and the labels (each defines one function) before the app script that calls them.
APP_SCRIPTS = ("timestrip.js", "placemap.js", "facets.js", "labels.js", "app.js")
APP_STYLES = ("app.css", "facets.css")


@lru_cache(maxsize=None)
def page_template(name: str) -> str:
    """One file of the page template (``page.html``, ``app.css`` or ``app.js``) from ``templates/``.

    Read from the installed package (``importlib.resources``), so a wheel install finds it too; the
    page inlines it, so the written HTML still needs no file and makes no request."""
    return (files(__package__) / "templates" / name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# --------------------------------------------------------------------------- public API
@at_level
def _actor_labels(rows: list, G: nx.Graph, actor: Any) -> list[str] | None:
    """The labels of the drawn actors that ``actor`` (one query or several) names, for the heading; an
    actor that names nobody in non-empty ``rows`` is a ValueError, as the command line refuses it."""
    if actor is None:
        return None
    queries = [actor] if isinstance(actor, str) else list(actor)
    found = [match_actors(rows, q) for q in queries]
    unknown = [q for q, ids in zip(queries, found) if rows and not ids]
    if unknown:
        raise ValueError(f"actor={unknown[0]!r} names no actor in these events (an IRI, a QID or a label)")
    return sorted(G.nodes[i]["label"] for i in set().union(*found) if i in G) or None


def to_html(
    rows: Iterable[Mapping[str, Any]],
    *,
    title: str | None = None,
    color_by: str = "goldstein",
    size_by: str = "degree",
    top: int | None = None,
    physics_threshold: int = 300,
    seed: int = 42,
    edge_labels: bool | None = None,
    hide_edges_on_drag: bool | None = None,
    **filters: Any,
) -> str:
    """The network of ``rows`` as one self-contained HTML page (a string).

    - ``title``: page heading; default "Actor network" plus the filter summary.
      The filter summary is always shown under the heading.
    - ``color_by``: edge colour, ``"goldstein"`` (diverging red–green, −10…+10)
      or ``"quadclass"``; switchable in the page.
    - ``size_by``: node size, ``"degree"`` (distinct partners) or ``"events"``.
    - ``top``: keep only the N most connected actors (after filtering).
    - ``physics_threshold``: above this many actors physics is off and the
      Python layout is final; at or below it vis-network physics refines it.
    - ``seed``: layout seed (same input → same page).
    - ``edge_labels``: draw the relation on each edge; default: if ≤ 40 edges.
    - ``hide_edges_on_drag``: skip drawing edges while the view or a node is
      dragged or zoomed (vis-network ``hideEdgesOnDrag``/``hideEdgesOnZoom``);
      default: if > 3,000 edges, where every frame would redraw them all
      (see ``benchmarks/RESULTS-render.md``).
    - ``**filters``: any keyword of :func:`.build.filter_events`
      (``actor``, ``depth``, ``date_from``, ``date_to``, ``cameo_root``,
      ``quad_class``, ``plover_type``, ``min_support``, ``lang``).
    """
    if color_by not in ("goldstein", "quadclass"):
        raise ValueError("color_by must be 'goldstein' or 'quadclass'")
    if size_by not in ("degree", "events"):
        raise ValueError("size_by must be 'degree' or 'events'")
    rows = list(rows)
    G = build_graph(rows, top=top, **filters)

    actor_labels = _actor_labels(rows, G, filters.get("actor"))
    summary = describe_filters({k: v for k, v in filters.items() if v is not None}, top=top,
                               actor_labels=actor_labels)
    heading = title if title else ("Actor network" + (f": {summary}" if summary else ""))
    n_events = sum(d.get("count", 1) for _, _, d in G.edges(data=True))
    subtitle = (f"Filtered: {summary}" if summary else "All events") + \
        f" — {G.number_of_nodes()} actors, {G.number_of_edges()} relations, {n_events} events"

    physics = G.number_of_nodes() <= physics_threshold
    if edge_labels is None:
        edge_labels = G.number_of_edges() <= 40
    if hide_edges_on_drag is None:
        hide_edges_on_drag = G.number_of_edges() > 3000
    data = _page_data(G, color_by=color_by, size_by=size_by, physics=physics, seed=seed,
                      edge_labels=edge_labels,
                      meta={"title": heading, "summary": summary, "generated": date.today().isoformat(),
                            "edge_labels": edge_labels, "hide_edges_on_drag": bool(hide_edges_on_drag)})

    add_facets(data, G, rows)
    vis_js, vis_css = _vis_assets()
    app_js = "\n".join(page_template(name) for name in APP_SCRIPTS)
    csp = (f"default-src 'none'; script-src {_sha256(vis_js)} {_sha256(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    values = {
        "CSP": _html.escape(csp, quote=True),
        "TITLE": _html.escape(heading, quote=True),
        "SUBTITLE": _html.escape(subtitle, quote=True),
        "VIS_CSS": vis_css,
        "APP_CSS": "\n".join(page_template(name) for name in APP_STYLES),
        "DATA": json_for_script(data),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], page_template("page.html"))


@at_level
def render_html(rows: Iterable[Mapping[str, Any]], path: str | Path, **options: Any) -> Path:
    """Write :func:`to_html` to ``path`` (UTF-8, parents created) and return the path; ``options`` are
    :func:`to_html`'s keywords (title, colours, sizes, layout and the event filters)."""
    page = to_html(rows, **options)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


class NotebookIFrame:
    """An HTML page shown in an isolated ``<iframe srcdoc=…>`` by Jupyter (classic, Lab, VS Code).

    The page runs in its own document -- its scripts and CSS cannot clash with
    the notebook's, it works although JupyterLab does not run scripts inserted
    via ``innerHTML``, and the sandbox (scripts and pop-ups only, no
    same-origin) keeps it from touching the notebook.
    """

    def __init__(self, html: str, height: int = 650, width: str = "100%"):
        self.html = html
        self.height = int(height)
        self.width = str(width)

    def _repr_html_(self) -> str:
        width = _html.escape(self.width, quote=True)
        return (
            f'<iframe srcdoc="{_html.escape(self.html, quote=True)}" '
            f'style="width:{width};height:{self.height}px;border:1px solid #ddd;border-radius:4px" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            'referrerpolicy="no-referrer" loading="eager" title="diplokg network"></iframe>'
        )

    def __repr__(self) -> str:
        return f"<NotebookIFrame {len(self.html)} chars, height={self.height}>"


def notebook_iframe(html: str, height: int = 650, width: str = "100%") -> NotebookIFrame:
    """Wrap a page from :func:`to_html` for display in a notebook cell.

    >>> frame = notebook_iframe("<p>a & b</p>", height=300)
    >>> frame._repr_html_().startswith('<iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"')
    True
    """
    return NotebookIFrame(html, height=height, width=width)


def _scalar_attrs(d: Mapping[str, Any], skip: Iterable[str] = ()) -> dict:
    out = {}
    for k, v in d.items():
        if k in skip or v is None:
            continue
        if isinstance(v, bool):
            out[k] = v
        elif isinstance(v, int):
            out[k] = int(v)
        elif isinstance(v, float):
            if math.isfinite(v):
                out[k] = float(v)
        elif isinstance(v, str):
            out[k] = v
        elif isinstance(v, (list, tuple)) and all(isinstance(x, str) or x is None for x in v):
            out[k] = ";".join(x for x in v if x)
        else:
            out[k] = json.dumps(v, ensure_ascii=False, default=str)
    return out


OUTPUT_FORMATS = {".html": "html", ".htm": "html", ".gexf": "gexf", ".graphml": "graphml"}


def output_format(path: str | Path, format: str | None = None) -> str:
    """The format a network file is written in: ``format`` when given, else its suffix (.html, .gexf,
    .graphml); ValueError for another suffix, so a name never gets another format's content."""
    if format:
        if format not in OUTPUT_FORMATS.values():
            raise InputError(f"unknown network format {format!r}; use html, gexf or graphml")
        return format
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(f"cannot tell the format of {str(path)!r} from its extension {suffix or '(none)'}: "
                         "name it .html, .gexf or .graphml, or give --format")
    return OUTPUT_FORMATS[suffix]


@at_level
def write_graph_file(
    rows: Iterable[Mapping[str, Any]],
    path: str | Path,
    format: str | None = None,
    *,
    top: int | None = None,
    layout: bool = True,
    seed: int = 42,
    **filters: Any,
) -> Path:
    """Write the aggregated network as GEXF (Gephi) or GraphML; returns the path.

    Same filters and ``top`` as :func:`to_html`. ``format=None`` picks it from
    the suffix (``.gexf``, ``.graphml``; another suffix is an error unless ``format`` says which). Lists become ``;``-joined strings (``dates``, ``events``) and
    the evidence a JSON string; ``goldstein`` is a float, ``count`` (also as
    ``weight``) an int. With ``layout`` the GEXF file carries the Python
    layout as ``viz`` positions, sizes and colours. GEXF is written in dynamic
    mode: edges carry a spell per event date, nodes their first and last day
    (:mod:`.gexf_time`).
    """
    path = Path(path)
    fmt = graph_file_format(path, format)
    G = build_graph(rows, top=top, **filters)
    H = nx.MultiDiGraph()
    pos = layout_positions(G, seed=seed) if (layout and fmt == "gexf") else {}
    sizes = _node_sizes(G, "degree")
    for n, d in G.nodes(data=True):
        attrs = _scalar_attrs(d, skip=("labels",))
        if n in pos:
            color = TYPE_COLORS.get(d.get("type") or "OTHER", TYPE_COLORS["OTHER"])
            attrs["viz"] = {
                "position": {"x": float(pos[n][0]), "y": float(-pos[n][1]), "z": 0.0},
                "size": float(sizes[n]),
                "color": {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16), "a": 1.0},
            }
        H.add_node(n, **attrs)
    for s, t, k, d in G.edges(keys=True, data=True):
        attrs = _scalar_attrs(d, skip=("event_dates", "event_locations"))
        if "goldstein" in attrs:
            attrs["goldstein"] = float(attrs["goldstein"])
        attrs["weight"] = int(d.get("count", 1))
        H.add_edge(s, t, key=k, **attrs)
    if fmt == "gexf":
        add_time(G, H)                    # dynamic GEXF: Gephi's timeline plays the network
    return write_graph(H, path, fmt)
