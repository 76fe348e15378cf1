"""How many corpus events get a location, and from where: the sentence or the dateline.

Ingests the corpus (``../shared/data/corpus``) with the fixture models into a temporary store (or
reads ``--store``), counts the stored events with a ``dkg:location`` by ``dkg:locationSource`` and
language, and prints a seeded sample of located events with their sentence for checking by hand.

    python benchmarks/locations_corpus.py [--store DIR] [--sample 20] [--seed 18]
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

COUNTS = """
SELECT ?lang ?how (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a dkg:DiplomaticEvent ; dkg:evidence/dkg:article/schema:inLanguage ?lang .
  OPTIONAL { ?e dkg:locationSource ?found }
  BIND(COALESCE(?found, "none") AS ?how)
} GROUP BY ?lang ?how ORDER BY ?lang ?how
"""
SAMPLE = """
SELECT ?e ?how ?place ?sentence ?article WHERE {
  ?e dkg:location ?p ; dkg:locationSource ?how ; dkg:evidence ?ev .
  ?p rdfs:label ?place FILTER(LANG(?place) = "en")
  ?ev dkg:sentence ?sentence ; dkg:article/dkg:articleId ?article .
} ORDER BY ?e
"""


def ingest(store: Path) -> None:
    corpus = [str(SHARED / "data" / "corpus" / f"{lang}.jsonl") for lang in ("de", "en")]
    models = ["--model", f"de={SHARED / 'models' / 'de_diplo_ud_sm'}",
              "--model", f"en={SHARED / 'models' / 'en_core_web_sm'}"]
    subprocess.run([sys.executable, "-m", "diplokg", "ingest", *corpus, *models, "--store", str(store)],
                   check=False)


def report(store_dir: Path, sample: int, seed: int) -> None:
    from diplokg.graph.rdf.store import open_store

    store = open_store(store_dir, read_only=True)
    totals: dict[str, dict[str, int]] = {}
    for r in store.query(COUNTS).rows:
        totals.setdefault(r["lang"], {})[r["how"]] = int(r["n"])
    print("| language | events | located | from the sentence | from the dateline | none |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for lang, by in sorted(totals.items()) + [("all", _sum(totals))]:
        n = sum(by.values())
        cells = [by.get(k, 0) for k in ("sentence", "dateline", "none")]
        located = cells[0] + cells[1]
        print(f"| {lang} | {n} | {located} ({located / n:.0%}) | " + " | ".join(
            f"{c} ({c / n:.0%})" for c in cells) + " |")
    rows = {r["e"]: r for r in store.query(SAMPLE).rows}          # one sentence per event
    picked = random.Random(seed).sample(sorted(rows), min(sample, len(rows)))
    print(f"\nSample of {len(picked)} located events (seed {seed}):")
    for i, e in enumerate(picked, 1):
        r = rows[e]
        print(f"{i:2}. [{r['how']}] {r['place']} <- {r['article']}: {r['sentence'][:220]}")


def _sum(totals: dict[str, dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for by in totals.values():
        for k, v in by.items():
            out[k] = out.get(k, 0) + v
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store the corpus is already ingested into")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args(argv)
    if args.store is None:
        with tempfile.TemporaryDirectory() as tmp:
            ingest(Path(tmp) / "store")
            report(Path(tmp) / "store", args.sample, args.seed)
    else:
        report(args.store, args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
