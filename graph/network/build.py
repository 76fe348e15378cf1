"""Actor networks from event rows: filtering, aggregation, ranking and layout.

Plain functions in the networkx style. Their input is an iterable of *event
rows* -- plain dicts, one per coded event, as the store's query layer yields
them (no rdflib objects)::

    {"event": "https://w3id.org/diplokg/resource/event/ab12",
     "source": {"iri": ..., "label": "Vladimir Putin", "label_de": "Wladimir Putin",
                "type": "PERSON", "qid": "Q7747", "country": "Russia"},
     "target": {...} or None,
     "relation": "offer dialogue", "cameo": "036", "cameo_label": "...",
     "plover_type": "AGREE", "plover_mode": None, "goldstein": 4.0, "quad_class": 1,
     "date": "2016-11-14", "negated": False, "reported": True, "modality": "asserted",
     "evidence": [{"sentence": ..., "article_id": ..., "title": ..., "date": ...,
                   "url": ..., "lang": "de"}]}

Rows without a target (one-actor statements) are not part of a network and
are skipped everywhere in this module.

>>> rows = [example_row("A", "B", "consult", "040", 1.0, "2020-01-02"),
...         example_row("A", "B", "consult", "040", 1.0, "2020-03-01"),
...         example_row("B", "C", "threaten", "130", -6.0, "2020-02-01")]
>>> G = aggregate_edges(rows)
>>> G.edges["local:A", "local:B", "consult"]["count"]
2
>>> [G.nodes[n]["label"] for n in top_actors(G, 1)]
['B']
>>> len(filter_events(rows, cameo_root="13"))
1
"""
from __future__ import annotations

import calendar
import math
import re
from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from ...ontology.namespaces import DKGR, WD
from .xml_files import write_graph  # noqa: F401 (where the graph writers find it)

__all__ = [
    "ACTOR_TYPES",
    "FACTUAL_MODALITIES",
    "actor_id",
    "aggregate_edges",
    "cameo_root_of",
    "event_date",
    "filter_events",
    "is_uncertain",
    "layout_positions",
    "match_actors",
    "place_counts",
    "top_actors",
    "top_relations",
]

#: Actor types, in legend order (``LOCATION``/``OTHER`` may occur in pipeline output too).
ACTOR_TYPES = ("PERSON", "COUNTRY", "GOVERNMENT", "ORGANIZATION", "GROUP", "LOCATION", "OTHER")

#: Modalities that describe something that actually happened; any other
#: modality (``future``, ``intention``, ``hypothetical``, ``possible`` ...) makes
#: an event non-factual ("hypothetical" for the dashed-edge rule).
FACTUAL_MODALITIES = frozenset({"", "asserted"})

_QID_RE = re.compile(r"^Q[1-9][0-9]*$")
_DATE_RE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


# --------------------------------------------------------------------------- helpers
def actor_id(actor: Mapping[str, Any]) -> str:
    """The node id of an actor dict: its IRI, else its Wikidata entity IRI, else ``local:<label>``.

    >>> actor_id({"iri": "http://www.wikidata.org/entity/Q7747", "label": "Vladimir Putin"})
    'http://www.wikidata.org/entity/Q7747'
    >>> actor_id({"qid": "Q7747", "label": "Vladimir Putin"})
    'http://www.wikidata.org/entity/Q7747'
    >>> actor_id({"label": "Vuk Jeremic"})
    'local:Vuk Jeremic'
    """
    iri = actor.get("iri")
    if iri:
        return str(iri)
    qid = actor.get("qid")
    if qid:
        return WD + str(qid)
    return "local:" + str(actor.get("label") or "?")


def iso_date(value: Any, name: str | None = None) -> str | None:
    """A checked ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) from a str/date/datetime, or None; a
    one-line ValueError for anything else, so that filters never compare malformed text with dates."""
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    text = str(value).strip()
    try:  # "2020" and "2020-04" are checked as their first day
        date.fromisoformat((text + "-01-01")[:10] if _DATE_RE.fullmatch(text) else "?")
    except ValueError:
        if text:
            named = f"{name}={value!r}" if name else repr(value)
            raise ValueError(f"{named} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return text or None


def _stored_date(value: Any) -> str | None:
    """The date part of a date in a row, as it is (data is read leniently; parameters are checked)."""
    return iso_date(value) if isinstance(value, (date, datetime)) else (str(value or "").strip()[:10] or None)


def event_date(row: Mapping[str, Any]) -> str | None:
    """The date of an event row: its ``date``, else the earliest evidence date, else None.

    >>> event_date({"date": None, "evidence": [{"date": "2016-11-15"}, {"date": "2016-11-14"}]})
    '2016-11-14'
    """
    d = _stored_date(row.get("date"))
    if d:
        return d
    dates = sorted(x for x in (_stored_date(e.get("date")) for e in row.get("evidence") or ()) if x)
    return dates[0] if dates else None


def date_bounds(d: str) -> tuple[str, str]:
    """Earliest and latest full date a possibly partial ISO date stands for (a month's real last day).

    >>> date_bounds("2020-02"), date_bounds("2021-04")[1], date_bounds("2020")[1]
    (('2020-02-01', '2020-02-29'), '2021-04-30', '2020-12-31')
    """
    if len(d) == 4:
        return d + "-01-01", d + "-12-31"
    if len(d) == 7:
        real = _DATE_RE.fullmatch(d) and "01" <= d[5:] <= "12" and d[:4] != "0000"
        return d + "-01", f"{d}-{calendar.monthrange(int(d[:4]), int(d[5:]))[1] if real else 31:02d}"
    return d, d


def date_range(date_from: Any, date_to: Any, names: tuple[str, str] = ("date_from", "date_to")
               ) -> tuple[str | None, str | None]:
    """The first and last full day of an inclusive range of checked, possibly partial dates (None: open)."""
    lo, hi = iso_date(date_from, names[0]), iso_date(date_to, names[1])
    return (date_bounds(lo)[0] if lo else None), (date_bounds(hi)[1] if hi else None)


def date_in_range(d: str | None, lo: str | None, hi: str | None, *, within: bool = False) -> bool:
    """Whether the possibly partial date ``d`` overlaps the days ``lo``..``hi`` of :func:`date_range`
    (``within``: lies wholly inside them, so a month is never counted in two adjacent periods)."""
    if not d:
        return False
    d_lo, d_hi = date_bounds(d)
    if within:
        return not ((lo and d_lo < lo) or (hi and d_hi > hi))
    return not ((lo and d_hi < lo) or (hi and d_lo > hi))


def cameo_root_of(code: Any) -> str | None:
    """The two-digit CAMEO root of a code (``"036"`` → ``"03"``, ``"1011"`` → ``"10"``; ints: ``3`` → ``"03"``, ``36`` → ``"03"``).

    >>> cameo_root_of("0361"), cameo_root_of(3), cameo_root_of(None)
    ('03', '03', None)
    """
    if code is None or code == "":
        return None
    if isinstance(code, int):  # lossy form: 1..20 are roots, larger numbers codes without leading zero
        return str(code).zfill(2) if code <= 20 else str(code).zfill(3)[:2]
    text = str(code).strip()
    if not text:
        return None
    if len(text) == 1:
        return text.zfill(2)
    return text[:2]


def norm_root(value: Any) -> str:
    """A CAMEO root as given by a user (``3``, ``"03"``, ``"036"``) as its two digits."""
    text = str(value).strip()
    return text.zfill(2) if len(text) < 2 else text[:2]


def _as_set(value: Any, norm=lambda v: v) -> set | None:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        value = [value]
    return {norm(v) for v in value}


def _is_nonfactual(row: Mapping[str, Any]) -> bool:
    return bool(row.get("negated")) or str(row.get("modality") or "").lower() not in FACTUAL_MODALITIES


def is_uncertain(row: Mapping[str, Any]) -> bool:
    """True if an event is only reported, negated or not factual (future, intention, hypothetical ...).

    An aggregated edge is drawn dashed when *all* its events are uncertain.

    >>> is_uncertain({"reported": True}), is_uncertain({"modality": "hypothetical"}), is_uncertain({})
    (True, True, False)
    """
    return bool(row.get("reported")) or _is_nonfactual(row)


def _casefold(text: Any) -> str:
    return str(text or "").casefold().strip()


def match_actors(rows: Iterable[Mapping[str, Any]], query: str) -> set[str]:
    """Node ids of the actors in ``rows`` that ``query`` names.

    ``query`` may be an IRI, a Wikidata QID (``"Q7747"``) or a label (English
    or German, case-insensitive). If no label matches exactly, labels that
    contain the query are used (so ``"putin"`` finds Vladimir Putin).

    >>> rows = [example_row("Vladimir Putin", "Donald Trump", "consult", "040", 1.0, None)]
    >>> sorted(match_actors(rows, "putin"))
    ['local:Vladimir Putin']
    """
    q = str(query).strip()
    qf = q.casefold()
    is_iri = bool(re.match(r"^[a-z][a-z0-9+.-]*:", q, re.IGNORECASE)) and not _QID_RE.match(q.upper())
    is_qid = bool(_QID_RE.match(q.upper()))
    exact: set[str] = set()
    partial: set[str] = set()
    seen: set[str] = set()
    for row in rows:
        for actor in (row.get("source"), row.get("target")):
            if not actor:
                continue
            aid = actor_id(actor)
            if aid in seen:
                continue
            seen.add(aid)
            if is_iri:
                if aid == q or actor.get("iri") == q:
                    exact.add(aid)
                continue
            if is_qid:
                qid = str(actor.get("qid") or "").upper()
                if qid == q.upper() or aid.rsplit("/", 1)[-1].upper() == q.upper():
                    exact.add(aid)
                continue
            labels = [_casefold(actor.get("label")), _casefold(actor.get("label_de"))]
            if qf in labels:
                exact.add(aid)
            elif qf and any(qf in lab for lab in labels if lab):
                partial.add(aid)
    return exact or partial


# --------------------------------------------------------------------------- filtering
def within_hops(edges: Iterable[tuple[str, str]], seeds: Iterable[str], depth: int) -> set[str]:
    """The nodes within ``depth`` hops of ``seeds`` over ``edges`` taken in either direction.

    >>> sorted(within_hops([("A", "B"), ("C", "B"), ("C", "D")], {"A"}, 2))
    ['A', 'B', 'C']
    """
    adj: dict[str, set[str]] = defaultdict(set)
    for s, t in edges:
        adj[s].add(t)
        adj[t].add(s)
    keep = set(seeds)
    frontier = deque((s, 0) for s in keep)
    while frontier:
        node, dist = frontier.popleft()
        if dist >= depth:
            continue
        for nb in adj[node]:
            if nb not in keep:
                keep.add(nb)
                frontier.append((nb, dist + 1))
    return keep


def filter_events(
    rows: Iterable[Mapping[str, Any]],
    *,
    actor: str | Iterable[str] | None = None,
    depth: int = 1,
    date_from: str | date | None = None,
    date_to: str | date | None = None,
    cameo_root: str | int | Iterable[str | int] | None = None,
    quad_class: int | Iterable[int] | None = None,
    plover_type: str | Iterable[str] | None = None,
    min_support: int = 1,
    lang: str | None = None,
) -> list[dict]:
    """The two-actor event rows that pass all given filters (None = no filter).

    - ``actor``: a label, QID or IRI (or several); keeps the *ego network*:
      the actors within ``depth`` hops of it (edges in either direction) and
      all events among them. ``depth=0`` keeps events among the matched actors.
      No matching actor → empty list (see :func:`match_actors`).
    - ``date_from`` / ``date_to``: inclusive ISO dates (``YYYY[-MM[-DD]]`` or a date; anything else
      is a ValueError); a row is kept when its date overlaps the range; rows without any date
      (neither ``date`` nor evidence dates) are dropped when either is set.
    - ``cameo_root``: root(s) such as ``"03"``/``3``; ``quad_class``: 1–4;
      ``plover_type``: e.g. ``"AGREE"`` (case-insensitive).
    - ``min_support``: keeps only (source, target, relation) edges supported
      by at least that many events (counted after the other filters).
    - ``lang``: keeps only evidence in that language, and drops rows left
      without evidence (rows are then shallow copies; input is never modified).

    Filters are applied in this order: attribute/date/language filters,
    ``min_support``, then the ego network.

    >>> rows = [example_row("A", "B", "consult", "040", 1.0, "2020-01-02"),
    ...         example_row("B", "C", "threaten", "130", -6.0, "2020-02-01"),
    ...         example_row("C", "D", "threaten", "130", -6.0, "2020-02-01")]
    >>> len(filter_events(rows, quad_class=3)), len(filter_events(rows, date_to="2020-01-31"))
    (2, 1)
    >>> [(r["source"]["label"], r["target"]["label"]) for r in filter_events(rows, actor="A", depth=2)]
    [('A', 'B'), ('B', 'C')]
    """
    lo, hi = date_range(date_from, date_to)
    test = _RowTest(roots=_as_set(cameo_root, norm_root), quads=_as_set(quad_class, int),
                    plovers=_as_set(plover_type, lambda v: str(v).upper()), lo=lo, hi=hi,
                    lang=lang.lower() if lang else None)
    out = [kept for kept in map(test.kept, rows) if kept is not None]
    if min_support and min_support > 1:
        events: dict[tuple[str, str, str], set] = defaultdict(set)
        for i, r in enumerate(out):  # distinct events: a join may list one event twice
            events[_edge_key(r)].add(r.get("event") or i)
        out = [r for r in out if len(events[_edge_key(r)]) >= min_support]
    if actor is not None:
        out = _ego_network(out, [actor] if isinstance(actor, str) else list(actor), depth)
    return out


@dataclass(frozen=True)
class _RowTest:
    """The attribute, date and language filters of :func:`filter_events` (None = no filter)."""

    roots: set | None
    quads: set | None
    plovers: set | None
    lo: str | None
    hi: str | None
    lang: str | None

    def kept(self, row: Mapping[str, Any]) -> dict | None:
        """``row`` (a copy keeping only the evidence in ``lang`` if that is set) if it passes, else None."""
        if not row.get("target") or not row.get("source"):
            return None
        if self.roots is not None and cameo_root_of(row.get("cameo")) not in self.roots:
            return None
        if self.quads is not None:
            q = row.get("quad_class")
            if q is None or int(q) not in self.quads:
                return None
        if self.plovers is not None and str(row.get("plover_type") or "").upper() not in self.plovers:
            return None
        if (self.lo or self.hi) and not date_in_range(event_date(row), self.lo, self.hi):
            return None
        if self.lang:
            ev = [e for e in row.get("evidence") or () if str(e.get("lang") or "").lower() == self.lang]
            if not ev:
                return None
            row = {**row, "evidence": ev}
        return row if isinstance(row, dict) else dict(row)


def _ego_network(rows: list[dict], queries: list[str], depth: int) -> list[dict]:
    """The rows among the actors within ``depth`` hops of the actors ``queries`` name (none: [])."""
    seeds: set[str] = set()
    for q in queries:
        seeds |= match_actors(rows, q)
    if not seeds:
        return []
    keep = within_hops(((actor_id(r["source"]), actor_id(r["target"])) for r in rows), seeds, depth)
    return [r for r in rows if actor_id(r["source"]) in keep and actor_id(r["target"]) in keep]


def graph_file_format(path: Path, format: str | None) -> str:
    """``format``, else the file suffix, else GEXF; only 'gexf' and 'graphml' are accepted."""
    fmt = (format or path.suffix.lstrip(".") or "gexf").lower()
    if fmt not in ("gexf", "graphml"):
        given = f"format {format!r}" if format else f"the suffix of {path.name!r}"
        raise ValueError(f"{given} is not a graph file format: use .gexf or .graphml (or format='gexf'/'graphml')")
    return fmt


def _edge_key(row: Mapping[str, Any]) -> tuple[str, str, str]:
    return actor_id(row["source"]), actor_id(row["target"]), str(row.get("relation") or row.get("cameo") or "?")


# --------------------------------------------------------------------------- aggregation
def place_counts(locations: Iterable[Mapping[str, Any] | None]) -> list[dict[str, Any]]:
    """Distinct places of some events with how many happened there, most first (then by name).

    >>> place_counts([{"name": "Helsinki", "lat": 60.2, "lon": 24.9}, None, {"name": "Helsinki", "lat": 60.2, "lon": 24.9}])
    [{'name': 'Helsinki', 'lat': 60.2, 'lon': 24.9, 'count': 2}]
    """
    counts: Counter = Counter()
    first: dict[tuple, Mapping[str, Any]] = {}
    for place in locations:
        if not place:
            continue
        key = (place.get("iri") or place.get("name"), place.get("lat"), place.get("lon"))
        counts[key] += 1
        first.setdefault(key, place)
    out = [{**{k: v for k, v in first[key].items() if k != "source"}, "count": n} for key, n in counts.items()]
    return sorted(out, key=lambda p: (-p["count"], str(p.get("name"))))


def finite_number(value: Any) -> float | None:
    """``value`` as a float, or None when it is missing, not a number, infinite or NaN."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v is not None and v != "")
    return counts.most_common(1)[0][0] if counts else None


_NODE_FIELDS = ("label", "label_de", "type", "qid", "country", "iri", "code", "sector")


def aggregate_edges(rows: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """One directed edge per (source, target, relation), keyed by the relation.

    Edge attributes: ``relation``, ``count`` (distinct events), ``events``
    (event IRIs), ``cameo`` / ``cameo_label`` / ``cameo_root`` (most frequent
    code), ``quad_class``, ``goldstein`` (mean, None if unknown),
    ``plover_type``, ``plover_mode``, ``dates`` (sorted distinct),
    ``event_dates`` (one per event, None if unknown), ``date_first``,
    ``date_last``, ``n_reported``, ``n_negated``, ``n_nonfactual``,
    ``reported_only`` (all events reported), ``negated_or_hypothetical`` (all
    events negated or of a non-asserted modality), ``dashed`` (every event is
    reported, negated or non-factual), ``evidence`` (distinct
    sentences, each dict extended with the event's ``event``, ``reported``,
    ``negated`` and ``modality``), ``event_locations`` (one per event, as
    ``event_dates``: the row's ``location`` dict or None) and ``locations``
    (the distinct places with the number of events there, most first).

    Node attributes: ``label``, ``label_de``, ``labels`` (``{"en": .., "de": ..}``),
    ``type``, ``qid``, ``country``, ``code`` (actor code, "RUSGOV"), ``sector``, ``iri``, ``event_count`` (distinct events
    the actor takes part in), ``degree`` (distinct neighbouring actors,
    either direction) and ``relations`` (aggregated edges touching it).

    >>> rows = [example_row("A", "B", "consult", "040", 1.0, "2020-01-02", reported=True),
    ...         example_row("A", "B", "consult", "040", 3.0, "2020-03-01", modality="future")]
    >>> e = aggregate_edges(rows).edges["local:A", "local:B", "consult"]
    >>> e["count"], e["goldstein"], e["dates"], e["reported_only"], e["dashed"]
    (2, 2.0, ['2020-01-02', '2020-03-01'], False, True)
    """
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = defaultdict(list)
    node_info: dict[str, dict[str, Any]] = {}
    node_events: dict[str, set] = defaultdict(set)
    for i, row in enumerate(rows):
        src, tgt = row.get("source"), row.get("target")
        if not src or not tgt:
            continue
        ev_id = row.get("event") or f"_row{i}"
        for actor in (src, tgt):
            aid = actor_id(actor)
            info = node_info.setdefault(aid, {f: None for f in _NODE_FIELDS})
            for f in _NODE_FIELDS:
                if info[f] in (None, "") and actor.get(f) not in (None, ""):
                    info[f] = actor.get(f)
            node_events[aid].add(ev_id)
        groups[_edge_key(row)].append({**row, "event": ev_id})

    G = nx.MultiDiGraph()
    for aid, info in node_info.items():
        G.add_node(aid, **_node_attributes(aid, info), event_count=len(node_events[aid]))
    for (s, t, rel), members in groups.items():
        G.add_edge(s, t, key=rel, **_edge_attributes(rel, members))
    for n in G.nodes:
        neighbours = set(G.successors(n)) | set(G.predecessors(n))
        neighbours.discard(n)
        G.nodes[n]["degree"] = len(neighbours)
        G.nodes[n]["relations"] = G.in_degree(n) + G.out_degree(n) - G.number_of_edges(n, n)
    return G


def _node_attributes(aid: str, info: Mapping[str, Any]) -> dict[str, Any]:
    """The node attributes of an actor from the first non-empty value of each field in its rows."""
    label = info["label"] or info["label_de"] or info["qid"] or aid
    return {
        "label": str(label),
        "label_de": info["label_de"],
        "labels": {"en": info["label"], "de": info["label_de"]},
        "type": str(info["type"] or "OTHER").upper(),
        "qid": info["qid"],
        "country": info["country"],
        "code": info["code"],
        "sector": info["sector"],
        "iri": info["iri"] or (aid if not aid.startswith("local:") else None),
    }


def _edge_attributes(rel: str, members: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The attributes of one aggregated edge from its rows (see :func:`aggregate_edges`)."""
    # one entry per distinct event (the same event may be listed twice by a join)
    by_event: dict[str, Mapping[str, Any]] = {}
    evidence_by_event: dict[str, list] = defaultdict(list)
    for r in members:
        by_event.setdefault(r["event"], r)
        evidence_by_event[r["event"]].extend(r.get("evidence") or ())
    events = list(by_event.values())
    cameo = _most_common(str(r.get("cameo")) for r in events if r.get("cameo") is not None)
    gold = [g for g in (finite_number(r.get("goldstein")) for r in events) if g is not None]
    event_dates = [event_date(r) for r in events]
    dates = sorted({d for d in event_dates if d})
    n_rep = sum(1 for r in events if r.get("reported"))
    n_nonfact = sum(1 for r in events if _is_nonfactual(r))
    return {
        "relation": rel,
        "count": len(events),
        "events": [e for e in by_event if not str(e).startswith("_row")],
        "cameo": cameo,
        "cameo_label": _most_common(r.get("cameo_label") for r in events if str(r.get("cameo")) == cameo),
        "cameo_root": cameo_root_of(cameo),
        "quad_class": _most_common(int(r["quad_class"]) for r in events if r.get("quad_class") is not None),
        "goldstein": round(sum(gold) / len(gold), 2) if gold else None,
        "plover_type": _most_common(r.get("plover_type") for r in events),
        "plover_mode": _most_common(r.get("plover_mode") for r in events),
        "dates": dates,
        "event_dates": event_dates,
        "date_first": dates[0] if dates else None,
        "date_last": dates[-1] if dates else None,
        "n_reported": n_rep,
        "n_negated": sum(1 for r in events if r.get("negated")),
        "n_nonfactual": n_nonfact,
        "reported_only": n_rep == len(events),
        "negated_or_hypothetical": n_nonfact == len(events),
        "dashed": all(is_uncertain(r) for r in events),
        "evidence": _edge_evidence(by_event, evidence_by_event),
        "event_locations": [r.get("location") for r in events],
        "locations": place_counts(r.get("location") for r in events),
    }


def _edge_evidence(by_event: Mapping[str, Mapping[str, Any]], evidence_by_event: Mapping[str, list]) -> list[dict]:
    """The distinct evidence sentences of an edge's events, each with its event's flags."""
    evidence: list[dict] = []
    seen: set = set()
    for ev_id, r in by_event.items():
        for e in evidence_by_event[ev_id]:
            key = (e.get("article_id"), e.get("sentence"))
            if key in seen:
                continue
            seen.add(key)
            evidence.append({
                **e,
                "event": None if str(ev_id).startswith("_row") else ev_id,
                "reported": bool(r.get("reported")),
                "negated": bool(r.get("negated")),
                "modality": r.get("modality") or "asserted",
            })
    return evidence


# --------------------------------------------------------------------------- ranking
def top_actors(G: nx.MultiDiGraph, n: int) -> list[Hashable]:
    """The ``n`` most connected actors: by ``degree``, then ``event_count``, then label.

    >>> G = aggregate_edges([example_row("A", "B", "r", "040", 1.0, None),
    ...                      example_row("C", "B", "r", "040", 1.0, None)])
    >>> top_actors(G, 1)
    ['local:B']
    """
    def key(node):
        d = G.nodes[node]
        degree = d.get("degree")
        if degree is None:
            degree = len((set(G.successors(node)) | set(G.predecessors(node))) - {node}) \
                if G.is_directed() else len(set(G.neighbors(node)) - {node})
        return (-degree, -(d.get("event_count") or 0), str(d.get("label") or node), str(node))

    return sorted(G.nodes, key=key)[: max(int(n), 0)]


def top_relations(G: nx.MultiDiGraph, node: Hashable, n: int = 5) -> list[dict]:
    """The ``n`` best-supported edges touching ``node``, as small dicts for display.

    Each dict: ``direction`` (``"out"``, ``"in"`` or ``"self"``), ``other`` (node id),
    ``other_label``, ``relation``, ``count``, ``goldstein``.

    >>> G = aggregate_edges([example_row("A", "B", "consult", "040", 1.0, None)])
    >>> top_relations(G, "local:B")[0]["direction"], top_relations(G, "local:B")[0]["other_label"]
    ('in', 'A')
    """
    items = []
    for _, t, k, d in G.out_edges(node, keys=True, data=True):
        items.append(("self" if t == node else "out", t, k, d))
    for s, _, k, d in G.in_edges(node, keys=True, data=True):
        if s != node:
            items.append(("in", s, k, d))
    items.sort(key=lambda it: (-(it[3].get("count") or 0), str(it[2])))
    return [
        {
            "direction": direction,
            "other": other,
            "other_label": G.nodes[other].get("label", str(other)),
            "relation": d.get("relation", k),
            "count": d.get("count", 1),
            "goldstein": d.get("goldstein"),
        }
        for direction, other, k, d in items[:n]
    ]


# --------------------------------------------------------------------------- layout
def _fast_layout(n: int, src, dst, seed: int, iterations: int = 120, sample: int = 300):
    """Fruchterman–Reingold with a sampled repulsion term (O(n·sample) per step), numpy only.

    Each step every node is repelled by a fresh random sample of ``sample`` nodes
    (scaled by ``n / sample``, an unbiased estimate of the full repulsion);
    attraction is exact along the edges. About one second for 5,000 nodes.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    radius = math.sqrt(n)
    x = ((rng.random(n) - 0.5) * 2 * radius).astype(np.float32)
    y = ((rng.random(n) - 0.5) * 2 * radius).astype(np.float32)
    src = np.asarray(src, dtype=np.intp)
    dst = np.asarray(dst, dtype=np.intp)
    m = min(sample, n)
    scale = np.float32(n / m)
    temp = radius * 0.25
    cool = temp / (iterations + 1)
    gravity = np.float32(1.0 / radius)
    for _ in range(iterations):
        idx = rng.choice(n, m, replace=False)
        dx = x[:, None] - x[idx][None, :]
        dy = y[:, None] - y[idx][None, :]
        d2 = dx * dx + dy * dy
        np.maximum(d2, np.float32(1e-2), out=d2)
        np.reciprocal(d2, out=d2)
        fx = (dx * d2).sum(1) * scale
        fy = (dy * d2).sum(1) * scale
        ex = x[src] - x[dst]
        ey = y[src] - y[dst]
        dist = np.sqrt(ex * ex + ey * ey)
        ax = dist * ex
        ay = dist * ey
        fx += (np.bincount(dst, ax, n) - np.bincount(src, ax, n)).astype(np.float32)
        fy += (np.bincount(dst, ay, n) - np.bincount(src, ay, n)).astype(np.float32)
        fx -= x * gravity * scale
        fy -= y * gravity * scale
        length = np.sqrt(fx * fx + fy * fy) + np.float32(1e-9)
        step = np.minimum(length, np.float32(temp)) / length
        x += fx * step
        y += fy * step
        temp -= cool
    return np.column_stack([x, y]).astype(float)


def _nn_median(arr) -> float:
    """Median distance from a node to its nearest neighbour (on a sample of ≤ 400 nodes)."""
    import numpy as np

    n = len(arr)
    if n < 2:
        return 1.0
    idx = np.arange(n) if n <= 400 else np.random.default_rng(0).choice(n, 400, replace=False)
    best = np.full(len(idx), np.inf)
    for start in range(0, n, 2000):
        block = arr[start:start + 2000]
        d = np.hypot(arr[idx, None, 0] - block[None, :, 0], arr[idx, None, 1] - block[None, :, 1])
        d[(idx[:, None] == np.arange(start, start + len(block))[None, :])] = np.inf
        best = np.minimum(best, d.min(axis=1))
    med = float(np.median(best))
    return med if med > 1e-9 else 1.0


def _component_layout(H: nx.Graph, seed: int, large: int) -> dict:
    """Positions of one connected component, scaled to a median nearest-neighbour distance of 1."""
    import numpy as np

    nodes = list(H.nodes)
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if n == 2:
        return {nodes[0]: (-0.5, 0.0), nodes[1]: (0.5, 0.0)}
    if n < large:
        pos = nx.spring_layout(H, seed=seed, iterations=100 if n < 200 else 60, weight=None)
        arr = np.array([pos[v] for v in nodes], dtype=float)
    else:
        index = {v: i for i, v in enumerate(nodes)}
        edges = np.array([(index[a], index[b]) for a, b in H.edges if a != b], dtype=np.intp).reshape(-1, 2)
        arr = _fast_layout(n, edges[:, 0], edges[:, 1], seed)
    arr = arr - arr.mean(axis=0)
    # rotate the main axis to horizontal: screens are wider than tall
    _, vecs = np.linalg.eigh(np.cov(arr.T))
    major = vecs[:, -1]
    rot = np.array([[major[0], major[1]], [-major[1], major[0]]])
    arr = arr @ rot.T
    arr = arr / _nn_median(arr)
    return {v: (float(arr[i, 0]), float(arr[i, 1])) for i, v in enumerate(nodes)}


def layout_positions(
    G: nx.Graph,
    seed: int = 42,
    *,
    spacing: float | None = None,
    large: int = 500,
) -> dict[Hashable, tuple[float, float]]:
    """Pixel positions for every node, computed with networkx/numpy (no browser physics needed).

    Each connected component is laid out on its own -- ``nx.spring_layout``
    for components under ``large`` nodes, a sampled-repulsion
    Fruchterman–Reingold in numpy for bigger ones (networkx's own layouts
    need scipy or are O(n²) there) -- scaled so that the median distance
    from a node to its nearest neighbour is ``spacing`` pixels (default 130
    for ≤ 50 nodes, shrinking to 50 for 5,000), and the components are
    packed in rows, largest first. Edge direction and multiplicity are
    ignored. Deterministic for a given ``seed``.

    >>> G = aggregate_edges([example_row("A", "B", "r", "040", 1.0, None),
    ...                      example_row("C", "D", "r", "040", 1.0, None)])
    >>> pos = layout_positions(G)
    >>> sorted(pos) == sorted(G.nodes), round(abs(pos["local:A"][0] - pos["local:B"][0]))
    (True, 130)
    """
    n_total = G.number_of_nodes()
    if n_total == 0:
        return {}
    if spacing is None:
        spacing = 130.0 if n_total <= 50 else max(50.0, 130.0 - 40.0 * math.log10(n_total / 50))
    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    H.add_edges_from((a, b) for a, b in G.edges() if a != b)
    comps = sorted(nx.connected_components(H), key=lambda c: (-len(c), min(map(str, c))))

    laid: list[tuple[dict, float, float, float, float]] = []
    for i, comp in enumerate(comps):
        pos = _component_layout(H.subgraph(comp), seed + i, large)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        laid.append((pos, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))

    # shelf packing, rows about as wide as the largest component or sqrt(total area)
    gap = 1.5
    area = sum((w + gap) * (h + gap) for _, _, _, w, h in laid)
    row_width = max(max(w for _, _, _, w, _ in laid), math.sqrt(area) * 1.2)
    out: dict[Hashable, tuple[float, float]] = {}
    cx = cy = row_h = 0.0
    for pos, x0, y0, w, h in laid:
        if cx > 0 and cx + w > row_width:
            cx = 0.0
            cy += row_h + gap
            row_h = 0.0
        for v, (px, py) in pos.items():
            out[v] = (px - x0 + cx, py - y0 + cy)
        cx += w + gap
        row_h = max(row_h, h)
    # centre on the origin and scale to pixels
    mx = (min(p[0] for p in out.values()) + max(p[0] for p in out.values())) / 2
    my = (min(p[1] for p in out.values()) + max(p[1] for p in out.values())) / 2
    return {v: (round((x - mx) * spacing, 1), round((y - my) * spacing, 1)) for v, (x, y) in out.items()}


# --------------------------------------------------------------------------- doctest helper
def example_row(src: str, tgt: str | None, relation: str, cameo: str, goldstein: float | None,
                 day: str | None, **extra: Any) -> dict:
    """A minimal event row for examples and tests."""
    import hashlib

    ev = hashlib.sha1(f"{src}|{tgt}|{relation}|{day}|{sorted(extra.items())}".encode()).hexdigest()[:12]
    row = {
        "event": f"{DKGR}event/{ev}",
        "source": {"label": src, "type": "PERSON"},
        "target": {"label": tgt, "type": "COUNTRY"} if tgt else None,
        "relation": relation, "cameo": cameo, "cameo_label": relation,
        "plover_type": None, "plover_mode": None, "goldstein": goldstein,
        "quad_class": 1 if int(cameo[:2]) <= 5 else 2 if int(cameo[:2]) <= 9 else 3 if int(cameo[:2]) <= 14 else 4,
        "date": day, "negated": False, "reported": False, "modality": "asserted",
        "evidence": [{"sentence": f"{src} {relation} {tgt}.", "article_id": "a1", "title": "T",
                      "date": day, "url": None, "lang": "en"}],
    }
    row.update(extra)
    return row
