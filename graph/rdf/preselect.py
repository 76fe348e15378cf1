"""Which summary month nodes hold every event a network filter can keep, so a filtered render of a
large store reads those events instead of all of them.

Every event is linked to the month nodes it is counted in (``dkg:codeMonth``, ``dkg:dyadMonth``;
see :mod:`diplokg.graph.rdf.summaries`). A date range and a CAMEO root pick CAMEO-code month nodes;
an ego network picks the month nodes of the dyads among the actors within ``depth`` hops over all
dyads ever recorded (a superset of the hops among the filtered events). The selection is always a superset
of what :func:`diplokg.graph.network.filter_events` keeps, which then decides exactly. Events
without a date count by their earliest article's date there: with a date range, the undated
events with an article published in the range are read too (found from the articles' dates).
Only IRIs read from the store or derived from them go into queries, never the user's text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..network.build import date_bounds, iso_date, match_actors, norm_root, within_hops
from .summaries import UNDATED, code_and_month, dyad_iri

# The code and month of a CAMEO-code month node are read from its IRI (summaries.code_month_iri):
# joining every node's code notation and month took 1.7 s at 100,000 events.
CODE_MONTHS = "SELECT ?n ?count WHERE { ?n a dkg:CodeMonth ; dkg:eventCount ?count }"
MONTHS_OF_TOTALS = """SELECT ?n ?count WHERE { %s
  ?n dkg:total ?total ; dkg:eventCount ?count . }"""
DYADS = "SELECT ?s ?t WHERE { ?d a dkg:Dyad ; dkg:summarySource ?s ; dkg:summaryTarget ?t }"
HAS_SUMMARIES = "ASK { ?n a dkg:CodeMonth }"
# ?lo and ?hi are bound as literals (VALUES), never spliced into the text. Two steps (graph/rdf/steps.py):
# the articles of the range first (one scan of the publication dates), then their undated events;
# as one query Oxigraph started from every event's evidence (48 s at a million events, 0.9 s in steps).
UNDATED_PUBLISHED = """# @step 1: the articles published in the range
SELECT ?art WHERE { ?art schema:datePublished ?published .
  FILTER(SUBSTR(STR(?published), 1, 10) >= ?lo && SUBSTR(STR(?published), 1, 10) <= ?hi) }
# @step 2: their events without a date
SELECT DISTINCT ?event WHERE {
  # @rows
  ?ev dkg:article ?art . ?event dkg:evidence ?ev .
  FILTER NOT EXISTS { ?event sem:hasTimeStamp ?date } }"""


@dataclass
class Selection:
    """What to read: the events linked by ``link`` to ``nodes``, and the events listed in ``events``."""

    link: str
    nodes: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def _month_range(date_from: Any, date_to: Any) -> tuple[str | None, str | None]:
    lo, hi = iso_date(date_from), iso_date(date_to)
    return (date_bounds(lo)[0][:7] if lo else None), (date_bounds(hi)[1][:7] if hi else None)


def _in_range(month: Any, lo: str | None, hi: str | None) -> bool:
    """Whether a month bucket (``YYYY-MM``, or ``YYYY`` for events dated to a year only) overlaps the
    month range; the undated node only without a range (with one see undated_published)."""
    if month is None or month == UNDATED:
        return lo is None and hi is None
    first, last = date_bounds(str(month)[:7])
    return (lo is None or last[:7] >= lo) and (hi is None or first[:7] <= hi)


def code_month_nodes(store, *, date_from: Any = None, date_to: Any = None,
                     cameo_root: str | int | Iterable[str | int] | None = None) -> tuple[list[str], int]:
    """CAMEO-code month nodes that can hold events of this date range and root(s); and their event count."""
    lo, hi = _month_range(date_from, date_to)
    if cameo_root is None:
        roots = None
    else:
        roots = {norm_root(r) for r in ([cameo_root] if isinstance(cameo_root, (str, int)) else cameo_root)}
    nodes, events = [], 0
    for row in store.query(CODE_MONTHS).rows:
        code, month = code_and_month(row["n"])
        if roots is not None and code[:2] not in roots:
            continue
        if not _in_range(month, lo, hi):
            continue
        nodes.append(row["n"])
        events += int(row["count"] or 0)
    return nodes, events


def ego_dyads(store, actors: list[dict], query: str | Iterable[str], depth: int) -> list[tuple[str, str]]:
    """Recorded (source, target) dyads among the actors within ``depth`` hops of the actors ``query`` names
    (hops over every dyad ever recorded, so a superset of the hops among filtered events)."""
    queries = [query] if isinstance(query, str) else list(query)
    pseudo = [{"source": a, "target": None} for a in actors]
    seeds: set[str] = set()
    for q in queries:
        seeds |= match_actors(pseudo, q)
    dyads = [(row["s"], row["t"]) for row in store.query(DYADS).rows]
    keep = within_hops(dyads, seeds, depth)
    return [(s, t) for s, t in dyads if s in keep and t in keep]


def _month_nodes_of_totals(store, totals: list[str], date_from: Any, date_to: Any,
                           chunk: int = 500) -> tuple[list[str], int]:
    from .steps import rows_block

    lo, hi = _month_range(date_from, date_to)
    nodes, events = [], 0
    for i in range(0, len(totals), chunk):
        block = rows_block(["total"], [{"total": t} for t in totals[i:i + chunk]])
        for row in store.query(MONTHS_OF_TOTALS % block).rows:
            if _in_range(row["n"].rsplit("/", 1)[1], lo, hi):    # the bucket is the IRI's last segment
                nodes.append(row["n"])
                events += int(row["count"] or 0)
    return nodes, events


def dyad_month_nodes(store, dyads: Iterable[tuple[str, str]], *, date_from: Any = None,
                     date_to: Any = None) -> tuple[list[str], int]:
    """Month nodes of these dyads within the date range (undated ones included); and their event count."""
    return _month_nodes_of_totals(store, sorted({dyad_iri(s, t) for s, t in dyads}), date_from, date_to)


def undated_published(store, date_from: Any, date_to: Any) -> list[str]:
    """Events without a date that have an article published within the date range."""
    lo, hi = iso_date(date_from), iso_date(date_to)
    bounds = {"lo": date_bounds(lo)[0] if lo else "0000-00-00", "hi": date_bounds(hi)[1] if hi else "9999-99-99"}
    return [row["event"] for row in store.query(UNDATED_PUBLISHED, bounds).rows]


def month_nodes_for(store, actors: list[dict], *, actor: Any = None, depth: int = 1, date_from: Any = None,
                    date_to: Any = None, cameo_root: Any = None) -> Selection | None:
    """What to read for these filters: the month nodes of the smaller of the two families when both
    apply, plus the undated events of the date range; None when the filters select nothing narrower
    than every event (or the store has no summary nodes to read)."""
    if actor is None and date_from is None and date_to is None and cameo_root is None:
        return None
    if not store.query(HAS_SUMMARIES).boolean:
        return None
    options: list[tuple[int, str, list[str]]] = []
    if date_from is not None or date_to is not None or cameo_root is not None:
        nodes, events = code_month_nodes(store, date_from=date_from, date_to=date_to, cameo_root=cameo_root)
        options.append((events, "codeMonth", nodes))
    if actor is not None:
        nodes, events = dyad_month_nodes(store, ego_dyads(store, actors, actor, depth),
                                         date_from=date_from, date_to=date_to)
        options.append((events, "dyadMonth", nodes))
    _, link, nodes = min(options, key=lambda o: o[0])
    undated = undated_published(store, date_from, date_to) if date_from is not None or date_to is not None else []
    return Selection(link, nodes, undated)
