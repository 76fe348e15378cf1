"""The event table (``export --format events-csv``, ``events_frame``) on a generated store, as a ratio to
reading the events' core triples once (the least any table of the events must read), in the same run.

    python benchmarks/event_table_speed.py --events 20000 --out /tmp/diplokg-table [--repeats 3]
    python benchmarks/event_table_speed.py --store PATH          # a store graph_scale.py --keep left

The store is generated and bulk-loaded with graph_scale's generator (2 articles per event on average,
7 evidence shards) unless ``--store`` names one. Prints one line per case (median of ``--repeats`` warm
runs after a warm-up; a warm-up over 20 s is the one measurement), the ratio, and a JSON line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from series_speed import open_or_build        # --store, else a generated, bulk-loaded store
from store_reads import timed                 # median of warm runs after a warm-up

BASELINE = ("SELECT ?event ?source ?code ?date WHERE { ?event a dkg:DiplomaticEvent ; dkg:source ?source ; "
            "dkg:cameo ?code OPTIONAL { ?event sem:hasTimeStamp ?date } }")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", help="a store to read (default: generate one)")
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--out", default="/tmp/diplokg-table", help="working folder when generating")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    from diplokg.graph.rdf.event_table import events_table

    store = open_or_build(args)
    base_s, base = timed(lambda: store.query(BASELINE).rows, args.repeats)
    table_s, df = timed(lambda: events_table(store), args.repeats)
    one_per_event = df["event"].is_unique
    print(f"baseline (core triples of {len(base):,} events): {base_s:.2f} s")
    print(f"event table: {len(df):,} rows in {table_s:.2f} s ({len(df) / table_s:,.0f} rows/s), "
          f"{table_s / base_s:.1f}x the baseline; one row per event: {one_per_event}")
    print(json.dumps({"store": str(store.location), "events": len(base), "baseline_s": base_s, "table_s": table_s,
                      "rows": len(df), "ratio": table_s / base_s, "one_row_per_event": bool(one_per_event)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
