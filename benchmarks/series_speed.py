"""``diplokg series`` and the event table on a large store: monthly series from the summary nodes against
the same numbers counted from the events (the baseline), measured in the same run on the same store.

Issue 18 asks for ``series`` in ≤ 1 s at a million events. Uses a store that ``graph_scale.py --keep``
(or ``store_reads.py``) left (``--store``), or generates and bulk-loads one of ``--events`` events with
graph_scale's generator::

    nice -n 10 python benchmarks/series_speed.py --events 100000 --out /tmp/diplokg-series
    python benchmarks/series_speed.py --store /tmp/diplokg-graph-scale/store-1000000 --no-table

Baseline: the same series counted from the events (``count_series(..., from_events=True)``), which is
what a store without summary nodes must do. Prints one line per case (median of ``--repeats`` warm runs
after a warm-up; a warm-up over 20 s is the one measurement), the ratio and whether both give the same
table, then a JSON line with everything.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from store_reads import timed

# one key (the analyst's usual question), then whole series: (--by, keys)
CASES = [("country-dyad", {"source": "RUS", "target": "USA"}), ("dyad", {"source": "Q7747", "target": "Q30"}),
         ("actor", {"actor": "Q7747"}), ("root", {"root": "04"}), ("root", {}), ("actor", {}),
         ("country-dyad", {})]


def open_or_build(args):
    """The store to measure: ``--store``, else one generated and bulk-loaded with graph_scale."""
    import graph_scale as gs
    from diplokg.graph.rdf.store import EmbeddedStore

    path = Path(args.store) if args.store else Path(args.out) / f"store-{args.events}"
    if not args.store and not path.exists():
        info = gs.generate(args.events, 7, Path(args.out) / f"nq-{args.events}", 2)
        gs.bulk_load([s["path"] for s in info["shards"]], path).pop("store")
    return EmbeddedStore(path, read_only=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", help="a store graph_scale.py --keep left (default: generate one)")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--out", default="/tmp/diplokg-series", help="working folder when generating")
    ap.add_argument("--no-table", action="store_true", help="skip the event table (it reads every event)")
    ap.add_argument("--repeats", type=int, default=3, help="warm runs per case after the warm-up (median)")
    args = ap.parse_args(argv)
    from diplokg.graph.rdf.event_table import events_table
    from diplokg.graph.rdf.series import count_series

    store = open_or_build(args)
    n_events = store.stats()["events"]
    results: dict = {"store": str(store.location), "events": n_events, "series": {}}
    print(f"store {store.location}: {n_events:,} events", flush=True)
    for by, keys in CASES:
        name = f"--by {by} --freq M" + "".join(f" --{k} {v}" for k, v in keys.items())
        t_new, df = timed(lambda by=by, keys=keys: count_series(store, by, "M", **keys), repeats=args.repeats)
        t_old, old = timed(lambda by=by, keys=keys: count_series(store, by, "M", from_events=True, **keys),
                           repeats=args.repeats)
        same = df.equals(old)
        results["series"][name] = {"summaries_s": t_new, "events_s": t_old, "ratio": t_old / t_new, "rows": len(df),
                                   "events_counted": int(df["events"].sum()), "same_answer": same}
        print(f"series {name}: {t_new:.3f} s from the {df.attrs['source']} ({len(df):,} rows, "
              f"{int(df['events'].sum()):,} events), {t_old:.2f} s counting the events ({t_old / t_new:.1f}x); "
              f"same answer: {same}", flush=True)
    if not args.no_table:
        seconds, df = timed(lambda: events_table(store), repeats=1)
        results["event_table"] = {"seconds": seconds, "rows": len(df), "rows_per_s": len(df) / seconds}
        print(f"event table: {len(df):,} rows in {seconds:.1f} s ({len(df) / seconds:,.0f} rows/s)", flush=True)
    print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
