"""``diplokg series`` and the event table on a large store: monthly series from the summary nodes against
the same numbers counted from the events (the baseline), measured in the same run on the same store.

Issue 18 asks for ``series`` in ≤ 1 s at a million events. Uses a store that ``graph_scale.py --keep``
(or ``store_reads.py``) left (``--store``), or generates and bulk-loads one of ``--events`` events with
graph_scale's generator::

    nice -n 10 python benchmarks/series_speed.py --events 100000 --out /tmp/diplokg-series
    python benchmarks/series_speed.py --store /tmp/diplokg-graph-scale/store-1000000 --no-table

Prints one line per case (median of 3 warm runs after a warm-up; a warm-up over 20 s is the one
measurement) and the ratio baseline / summaries, then a JSON line with everything.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from store_reads import timed

BYS = ("country-dyad", "dyad", "actor", "root")


def open_or_build(args):
    """The store to measure: ``--store``, else one generated and bulk-loaded with graph_scale."""
    import graph_scale as gs
    from diplokg.graph.rdf.store import EmbeddedStore

    path = Path(args.store) if args.store else Path(args.out) / f"store-{args.events}"
    if not args.store and not path.exists():
        info = gs.generate(args.events, 7, Path(args.out) / f"nq-{args.events}", 2)
        gs.bulk_load([s["path"] for s in info["shards"]], path).pop("store")
    return EmbeddedStore(path, read_only=True)


def baseline(store, by: str):
    """The monthly events series counted from the events (what a store without summaries must do)."""
    from diplokg.graph.rdf import series_queries as q

    return store.query(q.events_query(by), {"len": 7}).rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", help="a store graph_scale.py --keep left (default: generate one)")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--out", default="/tmp/diplokg-series", help="working folder when generating")
    ap.add_argument("--no-table", action="store_true", help="skip the event table (it reads every event)")
    args = ap.parse_args(argv)
    from diplokg.graph.rdf.event_table import events_table
    from diplokg.graph.rdf.series import count_series

    store = open_or_build(args)
    n_events = store.stats()["events"]
    results: dict = {"store": str(store.location), "events": n_events, "series": {}}
    print(f"store {store.location}: {n_events:,} events", flush=True)
    for by in BYS:
        t_new, df = timed(lambda by=by: count_series(store, by, "M"))
        t_old, rows = timed(lambda by=by: baseline(store, by))
        total_new = int(df["events"].sum())
        total_old = sum(int(r["events"]) for r in rows if r.get("bucket"))
        entry = {"summaries_s": t_new, "events_s": t_old, "ratio": t_old / t_new, "rows": len(df),
                 "events_counted": total_new, "same_total": total_new == total_old, "source": df.attrs["source"]}
        results["series"][f"{by} M events"] = entry
        print(f"series --by {by} --freq M: {t_new:.3f} s from the {df.attrs['source']} ({len(df):,} rows), "
              f"{t_old:.2f} s counting the events ({t_old / t_new:.0f}x); totals equal: {entry['same_total']}",
              flush=True)
    for by, freq, metric in (("country-dyad", "M", "quadclass"), ("actor", "M", "goldstein"),
                             ("country-dyad", "W", "events"), ("dyad", "D", "events")):
        seconds, df = timed(lambda a=(by, freq, metric): count_series(store, *a), repeats=1)
        results["series"][f"{by} {freq} {metric}"] = {"seconds": seconds, "rows": len(df),
                                                      "source": df.attrs["source"]}
        print(f"series --by {by} --freq {freq} --metric {metric}: {seconds:.2f} s from the {df.attrs['source']} "
              f"({len(df):,} rows)", flush=True)
    if not args.no_table:
        seconds, df = timed(lambda: events_table(store), repeats=1)
        results["event_table"] = {"seconds": seconds, "rows": len(df), "rows_per_s": len(df) / seconds}
        print(f"event table: {len(df):,} rows in {seconds:.1f} s ({len(df) / seconds:,.0f} rows/s)", flush=True)
    print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
