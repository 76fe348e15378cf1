"""Interactive, self-contained HTML views of the actor network.

How the page is built
---------------------
pyvis is **not** used to build the page: its template pulls vis-network,
bootstrap and tom-select from CDNs even in ``cdn_resources="in_line"`` mode,
and it hands vis-network HTML ``title`` strings (an XSS sink). Instead this
module fills its own string template (``_PAGE`` below; placeholders
``@@NAME@@`` substituted in one pass) with

- the vis-network 9.1.2 JS and CSS that ship inside the pyvis package
  (``pyvis/lib/vis-9.1.2/``), inlined -- pyvis is only the carrier of those
  two files;
- the graph as JSON in ``<script type="application/json">``, with ``<``,
  ``>``, ``&``, U+2028 and U+2029 escaped (see :func:`json_for_script`), so
  no text can close the script element;
- our own JS, which renders every tooltip and the details panel with DOM
  APIs (``textContent``, ``createElement``), never ``innerHTML``, and links
  only ``http:``/``https:`` URLs.

The result is ONE file that makes no request to any host: no ``src``/``href``
pointing at the network, plus a Content-Security-Policy (``default-src
'none'``, scripts allowed only by their SHA-256 hashes) that blocks any
request and any injected script even if something slipped through.

Positions are computed in Python (:func:`.build.layout_positions`). Up to
``physics_threshold`` actors vis-network physics refines them and stays
live (toggle in the toolbar); above it physics is off and the precomputed
layout is drawn as is.

>>> rows = [_example_row("A", "B", "consult", "040", 1.0, "2020-01-02")]
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
from pathlib import Path
from typing import Any

import networkx as nx

from .build import (
    ACTOR_TYPES,
    _example_row,  # noqa: F401  (used by the doctests)
    _finite,
    aggregate_edges,
    filter_events,
    graph_file_format,
    layout_positions,
    match_actors,
    top_actors,
    write_graph,
)
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
    v = _finite(value)
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


def _page_data(G: nx.MultiDiGraph, *, color_by: str, size_by: str, physics: bool, seed: int,
               edge_labels: bool, meta: dict) -> dict:
    pos = layout_positions(G, seed=seed)
    size_deg = _node_sizes(G, "degree")
    size_evt = _node_sizes(G, "event_count")
    large = G.number_of_nodes() > 1000
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
                "qid": d.get("qid") if re.fullmatch(r"Q[1-9][0-9]*", str(d.get("qid") or "")) else None,
                "iri": _text(d.get("iri")),
                "event_count": d.get("event_count", 0),
                "degree": d.get("degree", 0),
                "relations": d.get("relations", 0),
                "size_degree": size_deg[n],
                "size_events": size_evt[n],
            },
        })

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
                "goldstein": _finite(d.get("goldstein")),
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
            },
        }
        if s == t:
            edge["selfReference"] = {"size": 18 + 8 * j, "angle": round(math.pi / 4 + j * math.pi / 3, 3)}
        if edge_labels:
            rel = _text(d.get("relation", k)) or ""
            edge["label"] = rel + (f" ×{d['count']}" if d.get("count", 1) > 1 else "")
        edges.append(edge)

    all_dates = sorted({x for e in edges for x in e["d"]["dates"] if x})
    types_present = [t for t in ACTOR_TYPES if any(nd["d"]["type"] == t for nd in nodes)]
    types_present += sorted({nd["d"]["type"] for nd in nodes} - set(types_present))
    roots_present = sorted({e["d"]["cameo_root"] for e in edges if e["d"]["cameo_root"]})
    meta = {
        **meta,
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
    return {"meta": meta, "nodes": nodes, "edges": edges}


# --------------------------------------------------------------------------- vis-network assets
@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """(JS, CSS) of vis-network 9.1.2 from the installed pyvis package."""
    try:
        from importlib.resources import files

        base = files("pyvis") / "lib" / "vis-9.1.2"
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


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# --------------------------------------------------------------------------- public API
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

    actor_labels = None
    if filters.get("actor") is not None:
        queries = [filters["actor"]] if isinstance(filters["actor"], str) else list(filters["actor"])
        ids = set().union(*(match_actors(rows, q) for q in queries)) if queries else set()
        actor_labels = sorted(G.nodes[i]["label"] for i in ids if i in G) or None
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

    vis_js, vis_css = _vis_assets()
    csp = (f"default-src 'none'; script-src {_sha256(vis_js)} {_sha256(_APP_JS)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    values = {
        "CSP": _html.escape(csp, quote=True),
        "TITLE": _html.escape(heading, quote=True),
        "SUBTITLE": _html.escape(subtitle, quote=True),
        "VIS_CSS": vis_css,
        "APP_CSS": _APP_CSS,
        "DATA": json_for_script(data),
        "VIS_JS": vis_js,
        "APP_JS": _APP_JS,
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], _PAGE)


def render_html(
    rows: Iterable[Mapping[str, Any]],
    path: str | Path,
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
) -> Path:
    """Write :func:`to_html` to ``path`` (UTF-8, parents created) and return the path."""
    page = to_html(rows, title=title, color_by=color_by, size_by=size_by, top=top,
                   physics_threshold=physics_threshold, seed=seed, edge_labels=edge_labels,
                   hide_edges_on_drag=hide_edges_on_drag, **filters)
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


def write_graph_file(
    rows: Iterable[Mapping[str, Any]],
    path: str | Path,
    format: str | None = "gexf",
    *,
    top: int | None = None,
    layout: bool = True,
    seed: int = 42,
    **filters: Any,
) -> Path:
    """Write the aggregated network as GEXF (Gephi) or GraphML; returns the path.

    Same filters and ``top`` as :func:`to_html`. ``format=None`` picks it from
    the suffix. Lists become ``;``-joined strings (``dates``, ``events``) and
    the evidence a JSON string; ``goldstein`` is a float, ``count`` (also as
    ``weight``) an int. With ``layout`` the GEXF file carries the Python
    layout as ``viz`` positions, sizes and colours.
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
        attrs = _scalar_attrs(d, skip=("event_dates",))
        if "goldstein" in attrs:
            attrs["goldstein"] = float(attrs["goldstein"])
        attrs["weight"] = int(d.get("count", 1))
        H.add_edge(s, t, key=k, **attrs)
    return write_graph(H, path, fmt)


# --------------------------------------------------------------------------- page template
_APP_CSS = r"""
*{box-sizing:border-box}
[hidden]{display:none!important}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2933;background:#fff}
header{padding:8px 14px 6px;background:#1f2933;color:#f9fafb}
header h1{margin:0;font-size:17px;font-weight:600;overflow-wrap:anywhere}
header p{margin:2px 0 0;font-size:12px;color:#cbd2d9}
#diplokg-toolbar{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;padding:6px 14px;background:#f3f4f6;border-bottom:1px solid #d1d5db}
#diplokg-toolbar label{display:inline-flex;gap:4px;align-items:center;white-space:nowrap}
#diplokg-toolbar select,#diplokg-toolbar input,#diplokg-toolbar button{font:inherit;padding:2px 4px;border:1px solid #9aa5b1;border-radius:3px;background:#fff}
#diplokg-toolbar input[type=number]{width:4.5em}
#diplokg-toolbar select{max-width:15em}
#diplokg-toolbar input[type=search]{width:13em}
#diplokg-toolbar button{cursor:pointer;padding:2px 8px}
#diplokg-status{color:#52606d;margin-left:auto;font-size:12px}
main{flex:1;display:flex;min-height:0}
#diplokg-canvas-wrap{flex:1;position:relative;min-width:0;background:#fcfcfd}
#diplokg-network{position:absolute;inset:0}
#diplokg-empty{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:#7b8794;font-size:15px;pointer-events:none}
#diplokg-tooltip{position:absolute;z-index:20;pointer-events:none;max-width:380px;background:rgba(255,255,255,.97);border:1px solid #9aa5b1;border-radius:4px;box-shadow:0 2px 8px rgba(0,0,0,.18);padding:6px 9px;font-size:12px}
#diplokg-tooltip .q{margin:4px 0 0;font-style:italic;color:#323f4b}
aside{width:370px;flex:none;border-left:1px solid #d1d5db;overflow:auto;padding:10px 14px;background:#fff}
aside h2{font-size:15px;margin:0 0 4px;overflow-wrap:anywhere}
aside h3{font-size:13px;margin:12px 0 4px;color:#323f4b;border-bottom:1px solid #e4e7eb;padding-bottom:2px}
aside dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:6px 0}
aside dt{color:#616e7c}
aside dd{margin:0;overflow-wrap:anywhere}
aside ol{padding-left:18px;margin:4px 0}
aside li{margin:0 0 8px}
aside blockquote{margin:0;padding:2px 0 2px 8px;border-left:3px solid #cbd2d9;font-style:italic;overflow-wrap:anywhere}
.meta{color:#616e7c;font-size:12px;overflow-wrap:anywhere}
.flag{display:inline-block;font-size:11px;padding:0 5px;border-radius:8px;background:#fde68a;color:#713f12;margin-left:4px;font-style:normal}
.hint{color:#7b8794}
.swatch{display:inline-block;width:11px;height:11px;border-radius:50%;vertical-align:-1px;margin-right:5px;border:1px solid rgba(0,0,0,.25)}
.bar{display:inline-block;width:24px;height:0;border-top:3px solid #555;vertical-align:middle;margin-right:6px}
.bar.dash{border-top-style:dashed}
.grad{height:10px;border-radius:2px;margin:3px 0 1px}
.gradlab{display:flex;justify-content:space-between;font-size:11px;color:#616e7c}
#diplokg-legend div{margin:1px 0}
button.rel{font:inherit;border:none;background:none;padding:0;color:#1d4ed8;cursor:pointer;text-align:left}
button.rel:hover{text-decoration:underline}
a{color:#1d4ed8}
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="diplokg">
<title>@@TITLE@@</title>
<link rel="icon" href="data:,">
<style>@@VIS_CSS@@</style>
<style>@@APP_CSS@@</style>
</head>
<body>
<header><h1 id="diplokg-title">@@TITLE@@</h1><p id="diplokg-subtitle">@@SUBTITLE@@</p></header>
<div id="diplokg-toolbar" role="toolbar">
<label>CAMEO root <select id="f-root"><option value="">all</option></select></label>
<label>QuadClass <select id="f-quad"><option value="">all</option></select></label>
<label>Min support <input id="f-support" type="number" min="1" step="1" value="1"></label>
<label>From <input id="f-from" type="date"></label>
<label>to <input id="f-to" type="date"></label>
<label>Actor <input id="f-search" type="search" list="diplokg-actors" placeholder="name or QID" autocomplete="off"></label>
<datalist id="diplokg-actors"></datalist>
<label><input id="f-uncertain" type="checkbox"> hide reported/uncertain</label>
<label>Colour <select id="f-color"><option value="goldstein">Goldstein</option><option value="quadclass">QuadClass</option></select></label>
<label>Size <select id="f-size"><option value="degree">degree</option><option value="events">events</option></select></label>
<label><input id="f-physics" type="checkbox"> physics</label>
<button id="f-reset" type="button">Reset</button>
<button id="f-fit" type="button">Fit</button>
<span id="diplokg-status" aria-live="polite"></span>
</div>
<main>
<div id="diplokg-canvas-wrap"><div id="diplokg-network"></div><div id="diplokg-empty" hidden>No events match the filters.</div><div id="diplokg-tooltip" hidden></div></div>
<aside><section id="diplokg-details"></section><section><h3>Legend</h3><div id="diplokg-legend"></div></section></aside>
</main>
<script type="application/json" id="diplokg-data">@@DATA@@</script>
<script>@@VIS_JS@@</script>
<script>@@APP_JS@@</script>
</body>
</html>
"""

_APP_JS = r"""
(function () {
  'use strict';
  var T = window.diplokgTimings = {scriptStart: performance.now()};
  var DATA = JSON.parse(document.getElementById('diplokg-data').textContent);
  T.parsed = performance.now();
  var meta = DATA.meta;
  function $(id) { return document.getElementById(id); }

  // ---- DOM helpers: text only, never innerHTML --------------------------------------------------
  function el(tag, cls, children) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return e;
  }
  function safeHref(u) {
    if (typeof u !== 'string' || !u) return null;
    var p;
    try { p = new URL(u); } catch (err) { return null; }
    return (p.protocol === 'http:' || p.protocol === 'https:') ? p.href : null;
  }
  function link(text, url) {
    var h = safeHref(url);
    if (!h) return el('span', null, [text]);
    var a = document.createElement('a');
    a.href = h; a.target = '_blank'; a.rel = 'noopener noreferrer'; a.referrerPolicy = 'no-referrer';
    a.textContent = text;
    return a;
  }
  function wikidata(qid) {
    return (typeof qid === 'string' && /^Q[1-9][0-9]*$/.test(qid)) ? link(qid, 'https://www.wikidata.org/wiki/' + qid) : null;
  }
  function swatch(color, round) {
    var s = el('span', 'swatch'); s.style.background = color; if (!round) s.style.borderRadius = '2px'; return s;
  }
  function dl(pairs) {
    var d = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      d.appendChild(el('dt', null, [p[0]])); d.appendChild(el('dd', null, [p[1]]));
    });
    return d;
  }
  function fmtG(g) { return (g === null || g === undefined) ? 'unknown' : (g > 0 ? '+' : '') + Number(g).toFixed(1); }
  function truncate(s, n) { s = String(s || ''); return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
  function dateSpan(d) {
    if (!d.dates.length) return 'unknown';
    if (d.dates.length <= 4) return d.dates.join(', ');
    return d.dates[0] + ' \u2013 ' + d.dates[d.dates.length - 1] + ' (' + d.dates.length + ' dates)';
  }
  var QUAD = {}; meta.quad_classes.forEach(function (q) { QUAD[q.quad] = q; });
  var ROOTS = {}; meta.cameo_roots.forEach(function (r) { ROOTS[r.root] = r.label; });

  // ---- data sets and filtering -------------------------------------------------------------------
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var state = {root: '', quad: '', minSupport: 1, from: '', to: '', search: '', hideUncertain: false,
               colorBy: meta.color_by, sizeBy: meta.size_by};
  var visibleNodes = null, visibleEdges = null;   // null = everything

  function bounds(d) {
    if (d.length === 4) return [d + '-01-01', d + '-12-31'];
    if (d.length === 7) return [d + '-01', d + '-31'];
    return [d.slice(0, 10), d.slice(0, 10)];
  }
  function support(e) {
    if (!state.from && !state.to) return e.d.count;
    var n = 0;
    e.d.event_dates.forEach(function (d) {
      if (!d) return;
      var b = bounds(d);
      if ((!state.from || b[1] >= state.from) && (!state.to || b[0] <= state.to)) n++;
    });
    return n;
  }
  function edgePasses(e) {
    if (state.root && e.d.cameo_root !== state.root) return false;
    if (state.quad && String(e.d.quad_class) !== state.quad) return false;
    if (state.hideUncertain && e.d.dashed) return false;
    return support(e) >= Math.max(1, state.minSupport);
  }
  function filtersActive() {
    return !!(state.root || state.quad || state.minSupport > 1 || state.from || state.to || state.hideUncertain);
  }
  function nodeMatches(n, q) {
    var d = n.d;
    return [d.label, d.label_de, d.qid].some(function (s) { return s && String(s).toLowerCase().indexOf(q) >= 0; });
  }
  function recompute() {
    var active = filtersActive();
    var q = state.search.trim().toLowerCase();
    if (!active && !q) { visibleNodes = null; visibleEdges = null; }
    else {
      var eList = [];
      edges.forEach(function (e) { if (!active || edgePasses(e)) eList.push(e); });
      var nSet = new Set();
      if (active) eList.forEach(function (e) { nSet.add(e.from); nSet.add(e.to); });
      else nodes.forEach(function (n) { nSet.add(n.id); });
      if (q) {
        var hits = new Set();
        nodes.forEach(function (n) { if (nSet.has(n.id) && nodeMatches(n, q)) hits.add(n.id); });
        var keep = new Set(hits);
        eList.forEach(function (e) { if (hits.has(e.from)) keep.add(e.to); if (hits.has(e.to)) keep.add(e.from); });
        nSet = keep;
        eList = eList.filter(function (e) { return keep.has(e.from) && keep.has(e.to); });
      }
      visibleNodes = nSet;
      visibleEdges = new Set(eList.map(function (e) { return e.id; }));
    }
    nodeView.refresh(); edgeView.refresh();
    var nn = nodeView.length, ne = edgeView.length;
    $('diplokg-status').textContent = 'Showing ' + nn + ' of ' + nodes.length + ' actors \u00b7 ' +
      ne + ' of ' + edges.length + ' relations';
    $('diplokg-empty').hidden = nn > 0;
  }
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return !visibleNodes || visibleNodes.has(n.id); }});
  var edgeView = new vis.DataView(edges, {filter: function (e) { return !visibleEdges || visibleEdges.has(e.id); }});

  // ---- network ---------------------------------------------------------------------------------------
  var large = meta.large;
  var options = {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    nodes: {shape: 'dot', borderWidth: 1.5, borderWidthSelected: 3,
            font: {size: large ? 12 : 16, color: '#1f2933', strokeWidth: 4, strokeColor: '#ffffff'},
            scaling: {label: {drawThreshold: 6}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.55}}, selectionWidth: 2, hoverWidth: 1.5,
            font: {size: 11, color: '#3e4c59', strokeWidth: 3, strokeColor: '#ffffff', align: 'horizontal'},
            smooth: false, arrowStrikethrough: false},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: !!meta.hide_edges_on_drag,
                  hideEdgesOnZoom: !!meta.hide_edges_on_drag,
                  navigationButtons: false, keyboard: false, multiselect: false},
    physics: meta.physics ? {
      enabled: true, solver: 'barnesHut',
      barnesHut: {gravitationalConstant: -6000, centralGravity: 0.15, springLength: meta.edge_length,
                  springConstant: 0.03, damping: 0.18, avoidOverlap: 0.2},
      stabilization: {enabled: true, iterations: 200, updateInterval: 50, fit: true},
      minVelocity: 0.75
    } : {enabled: false}
  };
  var container = $('diplokg-network');
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  T.created = performance.now();
  $('f-physics').checked = !!meta.physics;

  function markReady() {
    if (T.ready) return;
    T.ready = performance.now();
    document.documentElement.setAttribute('data-diplokg-ready', '1');
    window.dispatchEvent(new CustomEvent('diplokg:ready', {detail: T}));
  }
  if (meta.physics && nodes.length) {
    network.once('stabilizationIterationsDone', function () {
      T.stabilized = performance.now();
      network.once('afterDrawing', markReady);
      network.redraw();
    });
  } else {
    network.once('afterDrawing', markReady);
    if (nodes.length) network.fit({animation: false});
    network.redraw();
  }
  if (!nodes.length) setTimeout(markReady, 0);

  // ---- tooltip (hover) -------------------------------------------------------------------------------
  var tip = $('diplokg-tooltip'), wrap = $('diplokg-canvas-wrap');
  var mouse = {x: 0, y: 0};
  function track(ev) {
    var r = wrap.getBoundingClientRect(); mouse.x = ev.clientX - r.left; mouse.y = ev.clientY - r.top;
  }
  // capture phase: vis-network's input handling must not hide the pointer from us
  wrap.addEventListener('pointermove', track, true);
  wrap.addEventListener('mousemove', track, true);
  function showTip(content) {
    tip.replaceChildren(content);
    tip.hidden = false;
    var w = wrap.clientWidth, h = wrap.clientHeight;
    var x = mouse.x + 14, y = mouse.y + 14;
    if (x + tip.offsetWidth > w - 4) x = Math.max(4, mouse.x - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > h - 4) y = Math.max(4, mouse.y - tip.offsetHeight - 14);
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  }
  function hideTip() { tip.hidden = true; tip.replaceChildren(); }
  function nodeTip(n) {
    var d = n.d, box = el('div');
    box.appendChild(el('strong', null, [d.label || n.label]));
    if (d.label_de && d.label_de !== d.label) box.appendChild(el('div', 'meta', ['de: ' + d.label_de]));
    box.appendChild(el('div', 'meta', [[d.type, d.country, d.qid].filter(Boolean).join(' \u00b7 ')]));
    box.appendChild(el('div', null, [d.event_count + ' events \u00b7 ' + d.degree + ' partners']));
    box.appendChild(el('div', 'hint', ['click for details']));
    return box;
  }
  function edgeTip(e) {
    var d = e.d, box = el('div');
    box.appendChild(el('strong', null, [d.source_label + ' \u2192 ' + d.target_label]));
    box.appendChild(el('div', null, [d.relation + (d.count > 1 ? ' (\u00d7' + d.count + ')' : '')]));
    box.appendChild(el('div', 'meta', ['CAMEO ' + (d.cameo || '?') + (d.cameo_label ? ' ' + d.cameo_label : '') +
      (d.plover_type ? ' \u00b7 PLOVER ' + d.plover_type : '') + ' \u00b7 Goldstein ' + fmtG(d.goldstein)]));
    box.appendChild(el('div', 'meta', [dateSpan(d)]));
    d.evidence.slice(0, 2).forEach(function (ev) {
      box.appendChild(el('div', 'q', ['\u201c' + truncate(ev.sentence, 220) + '\u201d']));
      box.appendChild(el('div', 'meta', [[ev.title, ev.date].filter(Boolean).join(' \u00b7 ')]));
    });
    if (d.evidence.length > 2) box.appendChild(el('div', 'hint', ['+' + (d.evidence.length - 2) + ' more \u2014 click for all']));
    else box.appendChild(el('div', 'hint', ['click for details and links']));
    return box;
  }
  network.on('hoverNode', function (p) { var n = nodes.get(p.node); if (n) showTip(nodeTip(n)); });
  network.on('hoverEdge', function (p) { var e = edges.get(p.edge); if (e) showTip(edgeTip(e)); });
  network.on('blurNode', hideTip);
  network.on('blurEdge', hideTip);
  network.on('dragStart', hideTip);
  network.on('zoom', hideTip);

  // ---- details panel (click) ---------------------------------------------------------------------
  var details = $('diplokg-details');
  function showIntro() {
    details.replaceChildren(
      el('h2', null, ['Details']),
      el('p', 'hint', ['Hover over an actor or a relation for a summary; click it for the full record ' +
        'with the evidence sentences and links to the articles.']),
      el('p', 'meta', [meta.n_nodes + ' actors \u00b7 ' + meta.n_edges + ' relations \u00b7 ' + meta.n_events +
        ' events' + (meta.date_min ? ' \u00b7 ' + meta.date_min + ' \u2013 ' + meta.date_max : '')]));
  }
  function showNode(id) {
    var n = nodes.get(id); if (!n) return;
    var d = n.d;
    var parts = [el('h2', null, [swatch(TYPE_COLOR[d.type] || meta.unknown_color, true), d.label || n.label])];
    parts.push(dl([
      ['English', d.label], ['German', d.label_de], ['Type', d.type], ['Country', d.country],
      ['Wikidata', wikidata(d.qid)], ['IRI', d.iri ? el('span', 'meta', [d.iri]) : null],
      ['Events', String(d.event_count)], ['Partners', String(d.degree)], ['Relations', String(d.relations)]
    ]));
    var conn = network.getConnectedEdges(id).map(function (eid) { return edges.get(eid); })
      .filter(Boolean).sort(function (a, b) { return b.d.count - a.d.count; });
    parts.push(el('h3', null, ['Top relations' + (conn.length > 10 ? ' (10 of ' + conn.length + ')' : '')]));
    var ol = el('ol');
    conn.slice(0, 10).forEach(function (e) {
      var out = e.from === id, other = out ? e.d.target_label : e.d.source_label;
      var b = el('button', 'rel', [(out ? '\u2192 ' : '\u2190 ') + other + ': ' + e.d.relation +
        (e.d.count > 1 ? ' \u00d7' + e.d.count : '')]);
      b.type = 'button';
      b.addEventListener('click', function () { selectEdge(e.id); });
      ol.appendChild(el('li', null, [swatch(edgeColor(e), false), b]));
    });
    if (!conn.length) ol.appendChild(el('li', 'hint', ['no visible relations']));
    parts.push(ol);
    details.replaceChildren.apply(details, parts);
    details.setAttribute('data-node', id); details.removeAttribute('data-edge');
  }
  var EVIDENCE_PAGE = 25;
  function evidenceItem(ev) {
    var li = el('li');
    var q = el('blockquote', null, [ev.sentence]);
    if (ev.lang) q.lang = ev.lang;
    li.appendChild(q);
    var m = el('div', 'meta');
    m.appendChild(link(ev.title || ev.article_id || 'article', ev.url));
    if (ev.date) m.appendChild(document.createTextNode(' \u00b7 ' + ev.date));
    if (ev.lang) m.appendChild(document.createTextNode(' \u00b7 ' + ev.lang));
    if (ev.reported) m.appendChild(el('span', 'flag', ['reported']));
    if (ev.negated) m.appendChild(el('span', 'flag', ['negated']));
    if (ev.modality && ev.modality !== 'asserted') m.appendChild(el('span', 'flag', [ev.modality]));
    if (ev.bad_url) m.appendChild(el('div', null, ['URL not linked (not http/https): ' + truncate(ev.bad_url, 120)]));
    li.appendChild(m);
    return li;
  }
  function showEdge(id) {
    var e = edges.get(id); if (!e) return;
    var d = e.d;
    var status = [];
    if (d.reported_only) status.push('all reported');
    if (d.negated_or_hypothetical) status.push('all negated or not factual');
    if (d.dashed && !status.length) status.push('only reported/negated/not-factual events');
    var parts = [
      el('h2', null, [d.source_label + ' \u2192 ' + d.target_label]),
      el('div', null, [swatch(edgeColor(e), false), el('strong', null, [d.relation]),
                       d.count > 1 ? ' \u00d7' + d.count : '']),
      dl([
        ['CAMEO', (d.cameo || '?') + (d.cameo_label ? ' \u2014 ' + d.cameo_label : '')],
        ['Root', d.cameo_root ? d.cameo_root + (ROOTS[d.cameo_root] ? ' \u2014 ' + ROOTS[d.cameo_root] : '') : null],
        ['QuadClass', d.quad_class ? d.quad_class + (QUAD[d.quad_class] ? ' \u2014 ' + QUAD[d.quad_class].label : '') : null],
        ['PLOVER', d.plover_type ? d.plover_type + (d.plover_mode ? ' (' + d.plover_mode + ')' : '') : '\u2014'],
        ['Goldstein', fmtG(d.goldstein)],
        ['Events', d.count + (d.n_reported ? ' \u00b7 ' + d.n_reported + ' reported' : '') +
                   (d.n_negated ? ' \u00b7 ' + d.n_negated + ' negated' : '') +
                   (d.n_nonfactual - d.n_negated > 0 ? ' \u00b7 ' + (d.n_nonfactual - d.n_negated) + ' not factual' : '')],
        ['Dates', dateSpan(d)],
        ['Status', status.length ? status.join('; ') + ' (dashed)' : null]
      ])
    ];
    parts.push(el('h3', null, ['Evidence (' + d.evidence.length + ')']));
    var ol = el('ol');
    ol.id = 'diplokg-evidence';
    d.evidence.slice(0, EVIDENCE_PAGE).forEach(function (ev) { ol.appendChild(evidenceItem(ev)); });
    parts.push(ol);
    if (d.evidence.length > EVIDENCE_PAGE) {
      var more = el('button', 'rel', ['show all ' + d.evidence.length]);
      more.type = 'button';
      more.addEventListener('click', function () {
        d.evidence.slice(EVIDENCE_PAGE).forEach(function (ev) { ol.appendChild(evidenceItem(ev)); });
        more.remove();
      });
      parts.push(more);
    }
    details.replaceChildren.apply(details, parts);
    details.setAttribute('data-edge', id); details.removeAttribute('data-node');
  }
  function selectEdge(id) { network.selectEdges([id]); showEdge(id); }
  function selectNode(id) { network.selectNodes([id]); showNode(id); }
  network.on('click', function (p) {
    hideTip();
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
    else showIntro();
  });

  // ---- colours, sizes, legend --------------------------------------------------------------------
  var TYPE_COLOR = {}; meta.types.forEach(function (t) { TYPE_COLOR[t.type] = t.color; });
  function edgeColor(e) { return state.colorBy === 'quadclass' ? e.d.c_q : e.d.c_g; }
  function applyColors() {
    edges.update(edges.get().map(function (e) {
      var c = edgeColor(e);
      return {id: e.id, color: {color: c, highlight: c, hover: c, inherit: false, opacity: 0.9}};
    }));
    legend();
  }
  function applySizes() {
    nodes.update(nodes.get().map(function (n) {
      return {id: n.id, size: state.sizeBy === 'events' ? n.d.size_events : n.d.size_degree};
    }));
    legend();
  }
  function legend() {
    var box = $('diplokg-legend'), parts = [];
    parts.push(el('div', 'meta', ['Actors (node colour)']));
    meta.types.forEach(function (t) { parts.push(el('div', null, [swatch(t.color, true), t.type.toLowerCase()])); });
    parts.push(el('div', 'meta', ['Node size: ' + (state.sizeBy === 'events' ? 'number of events' : 'number of partners')]));
    if (state.colorBy === 'quadclass') {
      parts.push(el('div', 'meta', ['Relations (edge colour): QuadClass']));
      meta.quad_classes.forEach(function (q) { parts.push(el('div', null, [swatch(q.color, false), q.quad + ' ' + q.label])); });
    } else {
      parts.push(el('div', 'meta', ['Relations (edge colour): mean Goldstein score']));
      var g = el('div', 'grad');
      g.style.background = 'linear-gradient(to right,' + meta.goldstein_stops.join(',') + ')';
      parts.push(g);
      parts.push(el('div', 'gradlab', [el('span', null, ['\u221210 conflict']), el('span', null, ['0']),
                                       el('span', null, ['+10 cooperation'])]));
    }
    parts.push(el('div', null, [swatch(meta.unknown_color, false), 'unknown']));
    parts.push(el('div', null, [el('span', 'bar'), 'solid: at least one asserted, direct event']));
    parts.push(el('div', null, [el('span', 'bar dash'), 'dashed: only reported, negated or hypothetical']));
    parts.push(el('div', 'meta', ['Edge width: number of supporting events; arrow: source \u2192 target']));
    box.replaceChildren.apply(box, parts);
  }

  // ---- toolbar -------------------------------------------------------------------------------------
  function opt(value, text) { var o = document.createElement('option'); o.value = value; o.textContent = text; return o; }
  meta.cameo_roots.forEach(function (r) { $('f-root').appendChild(opt(r.root, r.root + ' ' + r.label)); });
  meta.quad_classes.forEach(function (q) { $('f-quad').appendChild(opt(String(q.quad), q.quad + ' ' + q.label)); });
  var dlist = $('diplokg-actors');
  if (nodes.length <= 5000) nodes.forEach(function (n) { dlist.appendChild(opt(n.d.label || n.label, n.d.qid || n.d.type)); });
  ['f-from', 'f-to'].forEach(function (id) { if (meta.date_min) { $(id).min = meta.date_min; $(id).max = meta.date_max; } });
  $('f-color').value = state.colorBy; $('f-size').value = state.sizeBy;
  var timer = null;
  function readFilters() {
    state.root = $('f-root').value; state.quad = $('f-quad').value;
    state.minSupport = Math.max(1, parseInt($('f-support').value, 10) || 1);
    state.from = $('f-from').value; state.to = $('f-to').value;
    state.search = $('f-search').value; state.hideUncertain = $('f-uncertain').checked;
    recompute();
  }
  ['f-root', 'f-quad', 'f-support', 'f-from', 'f-to', 'f-uncertain'].forEach(function (id) {
    $(id).addEventListener('change', readFilters);
  });
  $('f-support').addEventListener('input', readFilters);
  $('f-search').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { readFilters(); if (state.search.trim() && nodeView.length) network.fit({animation: false}); }, 200);
  });
  $('f-color').addEventListener('change', function () { state.colorBy = this.value; applyColors(); });
  $('f-size').addEventListener('change', function () { state.sizeBy = this.value; applySizes(); });
  $('f-physics').addEventListener('change', function () { network.setOptions({physics: {enabled: this.checked}}); });
  $('f-fit').addEventListener('click', function () { network.fit({animation: false}); });
  $('f-reset').addEventListener('click', function () {
    $('f-root').value = ''; $('f-quad').value = ''; $('f-support').value = '1'; $('f-from').value = '';
    $('f-to').value = ''; $('f-search').value = ''; $('f-uncertain').checked = false;
    readFilters(); network.fit({animation: false}); showIntro();
  });

  legend();
  showIntro();
  recompute();

  function setFilters(f) {
    var map = {root: 'f-root', quad: 'f-quad', minSupport: 'f-support', from: 'f-from', to: 'f-to', search: 'f-search'};
    Object.keys(f || {}).forEach(function (k) {
      if (k === 'hideUncertain') $('f-uncertain').checked = !!f[k];
      else if (map[k]) $(map[k]).value = String(f[k]);
    });
    readFilters();
  }
  window.diplokgNetwork = network;
  window.diplokg = {network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                    data: DATA, state: state, showNode: showNode, showEdge: showEdge, selectEdge: selectEdge,
                    selectNode: selectNode, setFilters: setFilters, timings: T};
})();
"""
