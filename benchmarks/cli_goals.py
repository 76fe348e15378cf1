"""The million-event goals of issues 17 and 18, each measured as the whole ``diplokg`` command a user runs
(a fresh process per run: imports, read-only open, the work, the output), on a store that
``store_reads.py`` / ``graph_scale.py`` built::

    nice -n 5 python benchmarks/cli_goals.py --store /tmp/diplokg-1m/store-1000000 --out /tmp/diplokg-1m/cli

Goals: ``stats`` ≤ 2 s and a depth-1 ego render ≤ 5 s (issue 17); ``series`` ≤ 1 s for every ``--by`` and
``render --level country`` ≤ 5 s (issue 18). Each command: median of ``--repeats`` runs (and the runs);
a whole series (every key: an export of some 10^5 rows at a million events) runs once.
Same-run baselines, since the machine is shared and noisy: ``diplokg --help`` (process start and the
imports every command pays), and for the country-dyad series the way it was read before the country-dyad
month nodes (the dyad months of every actor of both countries, countries joined at query time) in a child
process stopped after ``--timeout`` s. The load average is recorded before and after every command.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _machine import machine_facts, run
from store_reads import command_seconds, in_child


def cases(store: str, out: Path, ego_qid: str) -> list[tuple[str, list[str]]]:
    """(name, arguments) of every command measured."""
    s = ["--store", store]
    series = [("series --by country-dyad --freq M", ["--by", "country-dyad"]),
              ("series --by country-dyad --freq M --source RUS --target USA",
               ["--by", "country-dyad", "--source", "RUS", "--target", "USA"]),
              ("series --by dyad --freq M", ["--by", "dyad"]),
              ("series --by dyad --freq M --source Q7747 --target Q30", ["--by", "dyad", "--source", "Q7747",
                                                                         "--target", "Q30"]),
              ("series --by actor --freq M", ["--by", "actor"]),
              ("series --by actor --freq M --actor Q7747", ["--by", "actor", "--actor", "Q7747"]),
              ("series --by root --freq M", ["--by", "root"]),
              ("series --by root --freq M --root 04", ["--by", "root", "--root", "04"])]
    return [("--help (baseline: process start and imports)", ["--help"]),
            ("stats", ["stats", *s]),
            (f"render --actor {ego_qid} --depth 1 --from 2020-01-01 --to 2020-12-31",
             ["render", *s, "--actor", ego_qid, "--depth", "1", "--from", "2020-01-01", "--to", "2020-12-31",
              "-o", str(out / "ego.html")]),
            ("render --level country", ["render", *s, "--level", "country", "-o", str(out / "country.html")]),
            *[(name, ["series", *s, *args, "--freq", "M", "-o", str(out / f"series-{i}.csv")])
              for i, (name, args) in enumerate(series)]]


def _old_country_dyads(store: str, keys: dict, queue) -> None:
    """The country-dyad series read the way it was before its month nodes (child process)."""
    from diplokg.graph.rdf import series_queries as q
    from diplokg.graph.rdf.series import _CountryCodes, _sides
    from diplokg.graph.rdf.series_keys import resolve_keys
    from diplokg.graph.rdf.store import EmbeddedStore

    graph = EmbeddedStore(store, read_only=True)
    t0 = time.perf_counter()
    codes = _CountryCodes(graph).full()
    resolved = resolve_keys(graph, "country-dyad", keys, lambda: codes)
    rows = graph.query(q.COUNTRY_DYAD_MONTHS.replace(q.SIDES_MARK, _sides(graph, "country-members", resolved))).rows
    queue.put({"seconds": time.perf_counter() - t0, "rows": len(rows),
               "events": sum(int(r["events"]) for r in rows if r.get("bucket"))})


def old_country_dyads(store: str, keys: dict, timeout: float) -> dict:
    """Seconds of the old country-dyad read in its own process, or ``{"stopped": timeout}``."""
    return in_child(_old_country_dyads, (store, keys), timeout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--out", default="/tmp/diplokg-cli-goals")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--ego-rank", type=int, default=50, help="rank of the ego actor in graph_scale's generator")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds before the old country-dyad read stops")
    ap.add_argument("--only", nargs="*", help="measure only the cases whose name starts with one of these")
    ap.add_argument("--no-old", action="store_true", help="skip the old country-dyad reads")
    args = ap.parse_args(argv)
    import graph_scale as gs

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ego = gs.Generator(1_000, 7).actors[args.ego_rank - 1]
    commit = run(["git", "-C", str(Path(__file__).parent), "rev-parse", "--short", "HEAD"])
    results: dict = {"store": args.store, "commit": commit, "machine": machine_facts(), "ego": ego.name,
                     "commands": {}}
    print(f"store {args.store}, commit {commit}, ego {ego.name} ({ego.qid})", flush=True)
    for name, cli in cases(args.store, out, ego.qid):
        if args.only and not any(name.startswith(o) for o in args.only):
            continue
        load0 = os.getloadavg()
        try:
            whole = name.startswith("series") and not any(k in name for k in ("--source", "--actor", "--root"))
            median, runs, err = command_seconds(cli, 1 if whole else args.repeats)   # a whole series: an export
        except RuntimeError as exc:
            print(f"diplokg {name}: failed: {exc}", flush=True)
            continue
        load1 = os.getloadavg()
        results["commands"][name] = {"median_s": median, "runs": runs, "stderr": err[-300:],
                                     "load_before": load0, "load_after": load1}
        print(f"diplokg {name}: {median:.2f} s (runs {', '.join(f'{r:.2f}' for r in runs)}; load "
              f"{load0[0]:.1f} -> {load1[0]:.1f}){' | ' + err.splitlines()[-1] if err else ''}", flush=True)
    if not args.no_old:
        for label, keys in (("RUS -> USA", {"source": "RUS", "target": "USA"}), ("all pairs", {})):
            res = old_country_dyads(args.store, keys, args.timeout)
            results[f"old country-dyad read, {label}"] = res
            shown = f">{res['stopped']:.0f} s (stopped)" if "stopped" in res else \
                f"{res['seconds']:.1f} s ({res['rows']:,} rows, {res['events']:,} events)"
            print(f"country-dyad series {label} read the old way (dyad months, countries joined): {shown}", flush=True)
    print(json.dumps(results, default=str))
    (out / "results.json").write_text(json.dumps(results, default=str, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
