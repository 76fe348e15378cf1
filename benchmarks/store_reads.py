"""``diplokg stats`` and a depth-1 ego-network read on a large store: the current code against the way
bb95d97 did it, measured in the same run on the same store (ratios, not absolute goals).

Uses a store that ``graph_scale.py --keep`` left (``--store``), or generates and bulk-loads one of
``--events`` events with graph_scale's generator. The goals of issue 17 are ``stats`` ≤ 2 s and a
depth-1 ego render ≤ 5 s at a million events::

    nice -n 10 python benchmarks/store_reads.py --events 1000000 --out /tmp/diplokg-graph-scale
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

OLD_STATS = {      # bb95d97: one COUNT per class, then every quad counted (len(store) walks an index)
    "articles": "SELECT (COUNT(*) AS ?n) WHERE { ?a a dkg:Article }",
    "events": "SELECT (COUNT(*) AS ?n) WHERE { ?e a dkg:DiplomaticEvent }",
    "evidence": "SELECT (COUNT(*) AS ?n) WHERE { ?v a dkg:Evidence }",
    "actors": "SELECT (COUNT(*) AS ?n) WHERE { ?x a sem:Actor }",
}


def old_stats(store) -> dict[str, int]:
    out = {k: int(store.query(q).rows[0]["n"] or 0) for k, q in OLD_STATS.items()}
    out["quads"] = store.count_quads()
    return out


def timed(fn, repeats: int = 3) -> tuple[float, object]:
    """Median seconds of ``repeats`` runs after one warm-up (a warm-up over 20 s is the one measurement)."""
    t0 = time.perf_counter()
    value = fn()
    first = time.perf_counter() - t0
    if first > 20:
        return first, value
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2], value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", help="a store graph_scale.py --keep left (default: generate one)")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--out", default="/tmp/diplokg-store-reads", help="working folder when generating")
    ap.add_argument("--ego-rank", type=int, default=50, help="rank of the ego actor (the benchmark's mid-rank 50)")
    ap.add_argument("--no-ego", action="store_true", help="measure stats only")
    args = ap.parse_args(argv)
    import graph_scale as gs

    from diplokg.graph.rdf.mapping import actor_iri
    from diplokg.graph.network.build import filter_events
    from diplokg.graph.rdf.query import event_rows
    from diplokg.graph.rdf.store import EmbeddedStore

    path = Path(args.store) if args.store else Path(args.out) / f"store-{args.events}"
    if not args.store and not path.exists():
        info = gs.generate(args.events, 7, Path(args.out) / f"nq-{args.events}", 2)
        gs.bulk_load([s["path"] for s in info["shards"]], path).pop("store")
    from diplokg.graph.rdf import totals

    writable = EmbeddedStore(path)
    if totals.read(writable.store) is None:       # a store loaded before the counts were kept
        t0 = time.perf_counter()
        totals.recount(writable.store)
        print(f"counts kept on the totals node ({time.perf_counter() - t0:.1f} s, once)", flush=True)
    del writable
    store = EmbeddedStore(path, read_only=True)
    results: dict = {"store": str(path)}
    t_old, v_old = timed(lambda: old_stats(store), repeats=1)
    t_new, v_new = timed(lambda: store.stats())
    results["stats"] = {"old_s": t_old, "new_s": t_new, "ratio": t_old / t_new, "old": v_old, "new": v_new}
    print(f"stats: bb95d97 way {t_old:.2f} s, now {t_new:.3f} s ({t_old / t_new:.0f}x); {v_new}", flush=True)
    if args.no_ego:
        print(json.dumps(results, default=str))
        return 0
    gen = gs.Generator(args.events, 7)
    mid = gen.actors[min(args.ego_rank - 1, len(gen.actors) - 1)]
    params = {"actor": actor_iri(mid).value, "depth": 1, "date_from": "2020-01-01", "date_to": "2020-12-31"}
    t_ego, rows = timed(lambda: filter_events(event_rows(store, **params), **params), repeats=1)
    results["ego"] = {"actor": mid.name, "seconds": t_ego, "events": len(rows)}
    print(f"ego network of {mid.name} (rank {args.ego_rank}), depth 1, 2020: {len(rows):,} events "
          f"read and kept in {t_ego:.1f} s", flush=True)
    print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
