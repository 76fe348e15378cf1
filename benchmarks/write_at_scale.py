"""Ingest-path writes into a large existing store: new articles, replacements, removals.

``graph_scale.py`` measures bulk loading and queries; this measures what an ingest does to a
store that already holds a million events (``EmbeddedStore.write_articles`` and
``remove_article``, summary counts included), on a store built by ``graph_scale.py --keep`` (or a
copy of one). Articles come from the same generator, with ids after the store's own.

    python benchmarks/write_at_scale.py STORE_DIR --events 1000000 [--articles 1000] [--batch 50]
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from graph_scale import MODELS, Generator  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store")
    ap.add_argument("--events", type=int, default=1_000_000, help="events the store was generated with")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--offset", type=int, default=1000, help="first new article after the store's own")
    args = ap.parse_args(argv)

    from diplokg.graph.rdf.mapping import map_article
    from diplokg.graph.rdf.store import EmbeddedStore

    gen = Generator(args.events, args.seed)
    t0 = time.perf_counter()
    store = EmbeddedStore(args.store)
    opened = time.perf_counter() - t0
    new = [map_article(*gen.article(gen.n_articles + args.offset + i), MODELS) for i in range(args.articles)]
    times, quads = [], 0
    for k in range(0, len(new), args.batch):
        t = time.perf_counter()
        quads += store.write_articles(new[k:k + args.batch])
        times.append(time.perf_counter() - t)
    res = {"open_s": opened, "new": {"articles": len(new), "quads": quads, "seconds": sum(times),
                                      "batch_ms_median": statistics.median(times) * 1000,
                                      "batch_ms_max": max(times) * 1000}}
    print(json.dumps(res["new"]), flush=True)
    changed = [dataclasses.replace(map_article(*gen.article(i), MODELS), content_hash=f"changed-{i}")
               for i in range(0, args.batch * 4)]
    times = []
    for k in range(0, len(changed), args.batch):
        t = time.perf_counter()
        store.write_articles(changed[k:k + args.batch])
        times.append(time.perf_counter() - t)
    res["replace"] = {"articles": len(changed), "seconds": sum(times), "batch_ms_median": statistics.median(times) * 1000}
    print(json.dumps(res["replace"]), flush=True)
    times = []
    for i in range(args.batch * 4, args.batch * 4 + 20):
        t = time.perf_counter()
        store.remove_article(f"bench-{i:07d}")
        times.append(time.perf_counter() - t)
    res["remove"] = {"articles": len(times), "ms_median": statistics.median(times) * 1000, "ms_max": max(times) * 1000}
    print(json.dumps(res["remove"]), flush=True)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
