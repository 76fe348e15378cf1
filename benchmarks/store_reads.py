"""``diplokg stats`` and a depth-1 ego-network render on a large store: the current code against the way
it was done before, measured in the same run on the same store (ratios, not absolute goals).

Uses a store that ``graph_scale.py --keep`` left (``--store``), or generates and bulk-loads one of
``--events`` events with graph_scale's generator. The goals of issue 17 are ``stats`` ≤ 2 s and a
depth-1 ego render ≤ 5 s at a million events::

    nice -n 10 python benchmarks/store_reads.py --events 1000000 --out /tmp/diplokg-graph-scale

Measured: (1) the counts the bb95d97 way (a COUNT per class and every quad counted) against
``store.stats()`` (the totals node) and the whole ``diplokg stats`` command; (2) the rows of the ego
network of the rank-50 actor (depth 1, one year) read the 61f429f way (hops over every dyad ever, all
undated events of the year, SPARQL reads; ``_old_ego.py``) against the dyad-hop selection without a cap
(same events kept: checked) and with the default cap of ``render``, and the whole ``diplokg render``
command. Each way runs in its own process; one still running after ``--timeout`` s is stopped (">").
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import subprocess
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
CLI = str(Path(sys.executable).parent / "diplokg")


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


def command_seconds(args: list[str], repeats: int = 3) -> tuple[float, list[float], str]:
    """Median wall time of a CLI command (a fresh process each run), the runs, and its stderr."""
    runs, err = [], ""
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = subprocess.run([CLI, *args], capture_output=True, text=True, check=False)
        runs.append(time.perf_counter() - t0)
        if res.returncode != 0:
            raise RuntimeError(f"diplokg {' '.join(args)} failed: {res.stderr}")
        err = res.stderr.strip()
    return statistics.median(runs), runs, err


def _ego_child(path: str, way: str, params: dict, cap: int | None, out) -> None:
    """Read the ego network's rows one way (in a child process) and report seconds and what was kept."""
    from _old_ego import old_way

    from diplokg.graph.network.build import filter_events
    from diplokg.graph.rdf.query import selected_event_rows
    from diplokg.graph.rdf.store import EmbeddedStore

    store = EmbeddedStore(path, read_only=True)
    t0 = time.perf_counter()
    if way == "old":
        with old_way():
            rows, chosen = selected_event_rows(store, **params)
    else:
        rows, chosen = selected_event_rows(store, max_events=cap, **params)
    narrowed = {**params, "date_from": chosen.date_from} if chosen is not None and chosen.date_from else params
    kept = filter_events(rows, **narrowed)
    out.put({"seconds": time.perf_counter() - t0, "read": len(rows), "kept": len(kept),
             "kept_events": sorted(r["event"] for r in kept) if len(kept) < 200_000 else None,
             "date_from": narrowed.get("date_from")})


def ego_way(path: Path, way: str, params: dict, cap: int | None, timeout: float) -> dict:
    """One ego read in its own process; ``{"stopped": timeout}`` when it ran longer."""
    return in_child(_ego_child, (str(path), way, params, cap), timeout)


def in_child(target, args: tuple, timeout: float) -> dict:
    """``target(*args, queue)`` in a spawned process: what it puts on the queue, or ``{"stopped": timeout}``."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    try:
        return queue.get(timeout=timeout)
    except Exception:
        return {"stopped": timeout}
    finally:
        proc.terminate()
        proc.join()


def ensure_store(args) -> Path:
    """The store to measure: given, or generated and bulk-loaded once (kept for the next run)."""
    import graph_scale as gs

    from diplokg.graph.rdf import totals
    from diplokg.graph.rdf.store import EmbeddedStore

    path = Path(args.store) if args.store else Path(args.out) / f"store-{args.events}"
    if not args.store and not path.exists():
        info = gs.generate(args.events, 7, Path(args.out) / f"nq-{args.events}", 2)
        gs.bulk_load([s["path"] for s in info["shards"]], path).pop("store")
    writable = EmbeddedStore(path)
    if totals.read(writable.store) is None:       # a store loaded before the counts were kept
        t0 = time.perf_counter()
        totals.recount(writable.store)
        print(f"counts kept on the totals node ({time.perf_counter() - t0:.1f} s, once)", flush=True)
    del writable
    return path


def measure_stats(path: Path) -> dict:
    from diplokg.graph.rdf.store import EmbeddedStore

    store = EmbeddedStore(path, read_only=True)
    t_old, v_old = timed(lambda: old_stats(store), repeats=1)
    t_new, v_new = timed(lambda: store.stats())
    t_cli, runs, _ = command_seconds(["stats", "--store", str(path)])
    print(f"stats: bb95d97 way {t_old:.2f} s, store.stats() {t_new:.4f} s ({t_old / t_new:,.0f}x); "
          f"`diplokg stats` {t_cli:.2f} s (runs {', '.join(f'{r:.2f}' for r in runs)}); {v_new}", flush=True)
    return {"old_s": t_old, "new_s": t_new, "ratio": t_old / t_new, "cli_s": t_cli, "cli_runs": runs,
            "old": v_old, "new": v_new}


def measure_ego(path: Path, args) -> dict:
    import graph_scale as gs

    from diplokg.graph.rdf.mapping import actor_iri

    gen = gs.Generator(args.events, 7)
    mid = gen.actors[min(args.ego_rank - 1, len(gen.actors) - 1)]
    params = {"actor": actor_iri(mid).value, "depth": 1, "date_from": "2020-01-01", "date_to": "2020-12-31"}
    out: dict = {"actor": mid.name, "rank": args.ego_rank, "params": params}
    for name, way, cap in (("old", "old", None), ("new", "new", None), ("capped", "new", args.max_events)):
        if name not in args.ways:
            continue
        res = ego_way(path, way, params, cap, args.timeout)
        out[name] = res
        shown = (f">{res['stopped']:.0f} s (stopped)" if "stopped" in res else
                 f"{res['seconds']:.1f} s, {res['read']:,} events read, {res['kept']:,} kept"
                 + (f" (from {res['date_from']})" if res.get("date_from") != params["date_from"] else ""))
        print(f"ego rows of {mid.name} (rank {args.ego_rank}), depth 1, 2020, {name}: {shown}", flush=True)
    if {"old", "new"} <= set(out) and "stopped" not in out["old"] and "stopped" not in out["new"]:
        out["same_as_old"] = out["old"]["kept_events"] == out["new"]["kept_events"]
        print(f"new selection keeps the same events as the old: {out['same_as_old']}", flush=True)
    html = Path(args.out) / "ego.html"
    t_cli, runs, err = command_seconds(["render", "-o", str(html), "--store", str(path), "--actor", params["actor"],
                                        "--depth", "1", "--from", "2020-01-01", "--to", "2020-12-31"])
    out["cli_s"], out["cli_runs"], out["cli_notice"] = t_cli, runs, err
    print(f"`diplokg render --actor <{mid.name}> --depth 1 --from 2020-01-01 --to 2020-12-31`: {t_cli:.2f} s "
          f"(runs {', '.join(f'{r:.2f}' for r in runs)}); {err}", flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", help="a store graph_scale.py --keep left (default: generate one)")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--out", default="/tmp/diplokg-store-reads", help="working folder when generating")
    ap.add_argument("--ego-rank", type=int, default=50, help="rank of the ego actor (the benchmark's mid-rank 50)")
    ap.add_argument("--max-events", type=int, default=1000, help="the cap of the capped read (render's default)")
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds before an ego read is stopped")
    ap.add_argument("--no-ego", action="store_true", help="measure stats only")
    ap.add_argument("--ways", nargs="+", choices=["old", "new", "capped"], default=["old", "new", "capped"],
                    help="which ego reads to measure besides the render command (default: all three)")
    args = ap.parse_args(argv)
    path = ensure_store(args)
    results: dict = {"store": str(path), "load_average_start": os.getloadavg()}
    results["stats"] = measure_stats(path)
    if not args.no_ego:
        results["ego"] = measure_ego(path, args)
    results["load_average_end"] = os.getloadavg()
    for part in ("old", "new", "capped"):
        results.get("ego", {}).get(part, {}).pop("kept_events", None)
    print(json.dumps(results, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
