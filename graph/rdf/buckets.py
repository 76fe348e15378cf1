"""A selection of events as month buckets, newest first, and the cut that keeps it under a cap.

Why: an ego network or a date range of a large store can hold tens of thousands of events, and
reading one costs about 1-3 ms (its node, evidence and article quads). The summary nodes count
every month's events before anything is read, so a render can keep the newest whole months that
fit ``max_events``, then the newest whole days of the next month that still fit (their events' dates
are one lookup each), and say from which day on it draws: what it draws is then exactly the network
of that narrower range, never a sample. An undated event sits in the month of its latest article in
the range (it counts by its articles' dates).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

UNDATED = "undated"


@dataclass
class Bucket:
    """One month of a selection: month nodes to read the events of, and events listed directly."""

    month: str                                   # YYYY-MM, or "undated" (the month nodes of undated events)
    nodes: list[str] = field(default_factory=list)
    count: int = 0                               # events of the nodes plus the listed ones
    events: list[str] = field(default_factory=list)


@dataclass
class Selection:
    """What to read: the events linked by ``link`` to ``nodes``, and the events listed in ``events``.

    ``date_from`` is set when the cap cut the selection: the first day of the oldest month read (filter
    with it to draw exactly that range); ``held`` is the number of events of the whole selection when
    every month was counted (None when counting stopped at the cap)."""

    link: str
    nodes: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    date_from: str | None = None
    held: int | None = None


def calendar_months(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` (``YYYY-MM``), newest first.

    >>> calendar_months("2019-11", "2020-02")
    ['2020-02', '2020-01', '2019-12', '2019-11']
    """
    out = []
    year, month = int(last[:4]), int(last[5:7])
    while f"{year:04d}-{month:02d}" >= first:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out


def by_month(events: dict[str, str], keep: Callable[[str], bool] = lambda e: True) -> dict[str, list[str]]:
    """month -> the events (of ``events``: event -> month) that ``keep`` accepts."""
    out: dict[str, list[str]] = {}
    for event, month in events.items():
        if keep(event):
            out.setdefault(month, []).append(event)
    return out


def newest_first(months: Iterable[str]) -> list[str]:
    """Month buckets newest first, a year bucket (``YYYY``: events dated to the year only) before the
    months of its year (it overlaps every one of them), the undated bucket last.

    >>> newest_first(["2019-12", "2020", "2020-01", "undated"])
    ['2020', '2020-01', '2019-12', 'undated']
    """
    return sorted(set(months), key=lambda m: (m != UNDATED, m[:4], len(m) == 4, m), reverse=True)


def with_years(months: list[str]) -> list[str]:
    """Calendar months (newest first) with the year bucket of each of their years."""
    return newest_first(months + [m[:4] for m in months])


def _first_day(bucket: Bucket) -> str:
    return f"{bucket.month}-01" if len(bucket.month) == 7 else f"{bucket.month}-01-01"


def take(link: str, buckets: Iterable[Bucket], max_events: int | None,
         undated_since: Callable[[str], list[str]] | None = None,
         newest_days: Callable[[Bucket, int, bool], tuple[list[str], str] | None] | None = None) -> Selection:
    """The newest buckets whose events fit ``max_events`` (None: all). The month bucket that does not fit
    anymore gives its newest whole days that do through ``newest_days(bucket, room, must)`` (its events
    and the first day; at least one day when ``must``, i.e. nothing was taken yet). A selection never
    ends on a year bucket (its events overlap the months after it). When something is left out,
    ``undated_since(first day)`` gives the undated events to read for the narrower range (needed when
    the undated ones were a bucket of their own, i.e. no date range was asked for)."""
    taken: list[Bucket] = []
    total = 0
    chosen = Selection(link)
    for bucket in buckets:
        if max_events is not None and total + bucket.count > max_events:
            days = None
            if len(bucket.month) == 7 and newest_days is not None:
                days = newest_days(bucket, max_events - total, not any(len(b.month) == 7 for b in taken))
            if days is None and not any(len(b.month) == 7 for b in taken):
                taken.append(bucket)                    # nothing smaller to draw: this bucket whole
            elif days is None:
                while len(taken[-1].month) == 4:        # a year none of whose months is drawn
                    taken.pop()
            for b in taken:
                chosen.nodes += b.nodes
                chosen.events += b.events
            if days is not None:
                chosen.events += days[0]
                chosen.date_from = days[1]
            elif taken[-1].month != UNDATED:
                chosen.date_from = _first_day(taken[-1])
            if chosen.date_from and undated_since is not None:
                chosen.events = sorted(set(chosen.events) | set(undated_since(chosen.date_from)))
            return chosen
        taken.append(bucket)
        total += bucket.count
    for b in taken:
        chosen.nodes += b.nodes
        chosen.events += b.events
    chosen.held = total
    return chosen
