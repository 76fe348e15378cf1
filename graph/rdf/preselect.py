"""Which summary month nodes hold every event a network filter can keep, so a filtered render of a
large store reads those events instead of all of them.

Every event is linked to the month nodes it is counted in (``dkg:codeMonth``, ``dkg:dyadMonth``;
see :mod:`diplokg.graph.rdf.summaries`). A date range and a CAMEO root pick CAMEO-code month nodes;
an ego network picks the month nodes of the dyads among the actors within ``depth`` hops, found hop
by hop from the dyad summary nodes (:mod:`.ego`). The selection is always a superset of what
:func:`diplokg.graph.network.build.filter_events` keeps, which then decides exactly. Events without a date
count by their earliest article's date there: with a date range, the undated events with an article
published in the range are read too (found from the articles' dates). The selection comes as month
buckets, newest first, so a cap keeps the newest whole months (:mod:`.buckets`).
Only IRIs read from the store or derived from them go into queries, never the user's text.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Iterable, Iterator

from ..network.build import date_bounds, iso_date, norm_root
from .buckets import Bucket, Selection, by_month, calendar_months, newest_first, take, with_years
from .ego import EgoNetwork, ego_network, seed_actors
from .month_counts import event_dates, events_of, existing_counts
from .summaries import UNDATED, code_and_month

# The code and month of a CAMEO-code month node are read from its IRI (summaries.code_month_iri):
# joining every node's code notation and month took 1.7 s at 100,000 events.
CODE_MONTHS = "SELECT ?n ?count WHERE { ?n a dkg:CodeMonth ; dkg:eventCount ?count }"
HAS_SUMMARIES = "ASK { ?n a dkg:CodeMonth }"
# ?lo and ?hi are bound as literals (VALUES), never spliced into the text. Two steps (graph/rdf/steps.py):
# the articles of the range first (one scan of the publication dates), then their undated events;
# as one query Oxigraph started from every event's evidence (48 s at a million events, 0.9 s in steps).
UNDATED_PUBLISHED = """# @step 1: the articles published in the range
SELECT ?art ?published WHERE { ?art schema:datePublished ?published .
  FILTER(SUBSTR(STR(?published), 1, 10) >= ?lo && SUBSTR(STR(?published), 1, 10) <= ?hi) }
# @step 2: their events without a date
SELECT DISTINCT ?event ?published WHERE {
  # @rows
  ?ev dkg:article ?art . ?event dkg:evidence ?ev .
  FILTER NOT EXISTS { ?event sem:hasTimeStamp ?date } }"""
STORED_MONTHS = "SELECT (MIN(STR(?m)) AS ?first) (MAX(STR(?m)) AS ?last) WHERE { ?n dkg:summaryCode ?c ; dkg:month ?m }"
# the two actors of listed events (IRIs read from the store, bound as a VALUES block)
EVENT_ENDS = "SELECT ?event ?s ?t WHERE { %s ?event dkg:source ?s ; dkg:target ?t }"


def _month_range(date_from: Any, date_to: Any) -> tuple[str | None, str | None]:
    lo, hi = iso_date(date_from, "date_from"), iso_date(date_to, "date_to")
    return (date_bounds(lo)[0][:7] if lo else None), (date_bounds(hi)[1][:7] if hi else None)


def _in_range(month: Any, lo: str | None, hi: str | None) -> bool:
    """Whether a month bucket (``YYYY-MM``, or ``YYYY`` for events dated to a year only) overlaps the
    month range; the undated node only without a range (with one see undated_published)."""
    if month is None or month == UNDATED:
        return lo is None and hi is None
    first, last = date_bounds(str(month)[:7])
    return (lo is None or last[:7] >= lo) and (hi is None or first[:7] <= hi)


def _roots(cameo_root: Any) -> set[str] | None:
    if cameo_root is None:
        return None
    return {norm_root(r) for r in ([cameo_root] if isinstance(cameo_root, (str, int)) else cameo_root)}


def code_buckets(store, undated: dict[str, str], *, date_from: Any = None, date_to: Any = None,
                 cameo_root: Any = None) -> list[Bucket]:
    """The CAMEO-code month nodes that can hold events of this date range and root(s), by month (newest
    first), with the undated events of the range (``undated``: event -> month) in their article's month."""
    lo, hi = _month_range(date_from, date_to)
    roots = _roots(cameo_root)
    buckets: dict[str, Bucket] = {}
    for row in store.query(CODE_MONTHS).rows:
        code, month = code_and_month(row["n"])
        if (roots is None or code[:2] in roots) and _in_range(None if month == UNDATED else month, lo, hi):
            bucket = buckets.setdefault(month, Bucket(month))
            bucket.nodes.append(row["n"])
            bucket.count += int(row["count"] or 0)
    for month, events in by_month(undated).items():
        bucket = buckets.setdefault(month, Bucket(month))
        bucket.events += events
        bucket.count += len(events)
    return [buckets[m] for m in newest_first(buckets)]


def undated_published(store, date_from: Any, date_to: Any) -> dict[str, str]:
    """Events without a date that have an article published within the date range -> the month of the
    latest such article."""
    lo, hi = iso_date(date_from, "date_from"), iso_date(date_to, "date_to")
    bounds = {"lo": date_bounds(lo)[0] if lo else "0000-00-00", "hi": date_bounds(hi)[1] if hi else "9999-99-99"}
    out: dict[str, str] = {}
    for row in store.query(UNDATED_PUBLISHED, bounds).rows:
        month = str(row["published"])[:7]
        out[row["event"]] = max(out.get(row["event"], month), month)
    return out


def event_ends(store, events: Iterable[str], chunk: int = 2000) -> dict[str, tuple[str, str]]:
    """event -> (source, target), for those of these events that have both."""
    from .steps import rows_block

    names = sorted(set(events))
    out: dict[str, tuple[str, str]] = {}
    for i in range(0, len(names), chunk):
        block = rows_block(["event"], [{"event": e} for e in names[i:i + chunk]])
        out.update({r["event"]: (r["s"], r["t"]) for r in store.query(EVENT_ENDS % block).rows})
    return out


def _months(store, date_from: Any, date_to: Any) -> list[str]:
    """The months of the range (bounded by the months the store holds), newest first."""
    lo, hi = _month_range(date_from, date_to)
    if lo is None or hi is None:
        rows = store.query(STORED_MONTHS).rows
        first, last = (rows[0].get("first"), rows[0].get("last")) if rows else (None, None)
        lo = lo or (str(first)[:7] if first else None)
        hi = hi or (str(last)[:7] if last else None)
    return with_years(calendar_months(lo, hi)) if lo and hi and lo <= hi else []


def ego_buckets(store, net: EgoNetwork, months: list[str], dated: bool) -> Iterator[Bucket]:
    """The month nodes of the dyads of an ego network, by month (newest first; each month counted only
    when reached); without a date range the undated month nodes come last."""
    nodes = list(net.dyads.values())
    for month in months + ([] if dated else [UNDATED]):
        counts = existing_counts(store, (f"{n}/{month}" for n in nodes)) if nodes else {}
        if counts:
            yield Bucket(month, sorted(counts), sum(counts.values()))


def undated_among(store, net: EgoNetwork, date_from: Any, date_to: Any) -> list[str]:
    """Undated events with an article published in the range, among the actors of the ego network."""
    undated = undated_published(store, date_from, date_to)
    ends = event_ends(store, undated)
    return sorted(e for e in undated if ends.get(e) in net.dyads)


def _undated_of_codes(store, day: str, code: list[Bucket], by_root: bool) -> list[str]:
    """Undated events with an article published since ``day`` (a cap cut an unbounded range); with a
    root filter only those of the undated month nodes of ``code``."""
    undated = undated_published(store, day, None)
    if not by_root:
        return sorted(undated)
    nodes = [n for b in code if b.month == UNDATED for n in b.nodes]
    return sorted(set(undated) & events_of(store, nodes, "codeMonth"))


def newest_days(store, link: str) -> Callable[[Bucket, int, bool], tuple[list[str], str] | None]:
    """For :func:`.buckets.take`: the events of a month bucket's newest whole days that fit ``room``
    (at least one day when ``must``), with the first of those days; None when no day fits. The
    bucket's undated events (dated by their articles) all go along."""
    def days(bucket: Bucket, room: int, must: bool) -> tuple[list[str], str] | None:
        dates = {e: d for e, d in event_dates(store, events_of(store, bucket.nodes, link)).items() if len(d) == 10}
        per_day = Counter(dates.values())
        first, taken = None, 0
        for day in sorted(per_day, reverse=True):
            if taken + per_day[day] > room and (first is not None or not must):
                break
            first, taken = day, taken + per_day[day]
        if first is None:
            return None
        return sorted([e for e, d in dates.items() if d >= first] + bucket.events), first
    return days


def _smaller(ego: Iterator[Bucket], code: list[Bucket]) -> list[Bucket] | None:
    """The ego buckets, or None as soon as they hold more events than the code buckets."""
    out, total, limit = [], 0, sum(b.count for b in code)
    for bucket in ego:
        total += bucket.count
        if total > limit:
            return None
        out.append(bucket)
    return out


def month_nodes_for(store, actors: list[dict], *, actor: Any = None, depth: int = 1, date_from: Any = None,
                    date_to: Any = None, cameo_root: Any = None, max_events: int | None = None) -> Selection | None:
    """What to read for these filters: the month nodes of the smaller of the two families when both
    apply, plus the undated events of the date range, cut to the newest months that fit ``max_events``;
    None when every event is to be read (no filter and no more events than ``max_events``, or a store
    without summary nodes)."""
    unfiltered = actor is None and date_from is None and date_to is None and cameo_root is None
    if unfiltered and (max_events is None or store.stats()["events"] <= max_events):
        return None
    if not store.query(HAS_SUMMARIES).boolean:
        return None
    dated = date_from is not None or date_to is not None
    code = None
    # a date range alone holds every event of the period, so an ego network of it is never larger
    if cameo_root is not None or actor is None:
        undated = undated_published(store, date_from, date_to) if dated else {}
        code = code_buckets(store, undated, date_from=date_from, date_to=date_to, cameo_root=cameo_root)
        code_since = None if dated else (lambda day: _undated_of_codes(store, day, code, cameo_root is not None))
        if actor is None:
            return take("codeMonth", code, max_events, code_since, newest_days(store, "codeMonth"))
    months = _months(store, date_from, date_to)
    net = ego_network(store, seed_actors(actors, actor), depth, (months + [UNDATED]) if dated else None)
    ego: Iterable[Bucket] | None = ego_buckets(store, net, months, dated)
    if code is not None:
        ego = _smaller(ego, code)
        if ego is None:
            return take("codeMonth", code, max_events, code_since, newest_days(store, "codeMonth"))
    chosen = take("dyadMonth", ego, max_events, newest_days=newest_days(store, "dyadMonth"))
    if dated or chosen.date_from:                 # the undated events of the range that was read
        undated = undated_among(store, net, chosen.date_from or date_from, date_to)
        chosen.events = sorted(set(chosen.events) | set(undated))
        chosen.held = None if chosen.held is None else chosen.held + len(undated)
    return chosen
