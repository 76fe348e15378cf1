"""Scale benchmark of the RDF store: bulk load, named-query latency, and Oxigraph versus rdflib.

Generates a synthetic graph that looks like real ``diplokg ingest`` output: the
quads come from the project's own :func:`diplokg.graph.mapping.map_article`
applied to generated :class:`Article`/:class:`Event` records, so every node,
property, evidence link and named graph has the real shape. The records:

- ~350 actors, most of them (≈ 85 %) Wikidata entities from the shipped
  gazetteer (countries, persons, organisations; major actors such as the USA,
  Russia, Putin, Trump, China and the EU ranked first), the rest local actors
  without a QID; activity is Zipf-like (rank r drawn with weight 1/r^1.1), so a
  few actors and dyads dominate, as in real event data;
- (relation, CAMEO code) pairs from the shipped event lexicons, drawn with a
  realistic root mix (statements, consultations and appeals most frequent;
  force and mass violence rare); 3 % of events have no target;
- articles (one named graph each) of 5 events on average (2–8), German or
  English, published over 10 years (2015–2024); event dates near the
  publication date (8 % undated); 1–3 evidence sentences per event; 15 % of the
  events re-report a story of the same week reported by other articles, so
  they share one event node (several evidence links), as real facts do;
  reported speech, modality, negation and confidence vary.

The N-Quads are written in shards by parallel processes (streamed: memory stays
flat), then ONE run measures:

(a) the bulk load of all shards into a fresh embedded store
    (``pyoxigraph.Store.bulk_load``, quads/s), and ``EmbeddedStore.write_articles``
    (the ingest path, 50 articles per batch) on a sample for comparison;
(b) the latency of every named query in ``graph/rdf/queries/*.rq`` with realistic
    parameters (the most active actor and dyad, a frequent and a rare CAMEO root,
    a one-year window) through ``EmbeddedStore.query`` — median of 3 warm runs
    after one warm-up —, plus ``stats()`` and ``event_rows()``;
(c) the same named queries at ``--rdflib-events`` on rdflib's in-memory
    ``Dataset(default_union=True)`` (PREFIX block prepended, same bound query
    text) and on a fresh embedded store of the same data, with the ratio. rdflib
    runs in its own process; a query still running after ``--rdflib-timeout``
    seconds is stopped (SIGALRM) and reported as a lower bound.

Goals (issue): load ≥ 200 k triples/s; every named query ≤ 1 s at 1 M events;
≥ 20× faster than rdflib in memory at 100 k events.

Run::

    python benchmarks/graph_scale.py                       # 1 M events, rdflib at 100 k (~30-60 min)
    python benchmarks/graph_scale.py --events 20000 --rdflib-events 5000 --no-write   # smoke run

Results are printed and written to ``benchmarks/RESULTS-graph.md`` (and
``results.json`` in ``--out``).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import math
import multiprocessing as mp
import os
import random
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _machine import machine_facts, run  # benchmarks/_machine.py (the script's folder is on sys.path)

RESULTS = Path(__file__).resolve().parent / "RESULTS-graph.md"
MODELS = {"de": "de_core_news_md", "en": "en_core_web_md"}
START = _dt.date(2015, 1, 1)
DAYS = (_dt.date(2024, 12, 31) - START).days + 1
WD = "http://www.wikidata.org/entity/"

# share of events per CAMEO root (roughly the mix of GDELT/ICEWS-style news event data)
ROOT_WEIGHTS = {"01": 17, "02": 7, "03": 8, "04": 21, "05": 8, "06": 3, "07": 3, "08": 3, "09": 1.5, "10": 2,
                "11": 8, "12": 2, "13": 3, "14": 2, "15": 1, "16": 2, "17": 3, "18": 2, "19": 3, "20": 0.5}
# the most active actors first (Zipf rank 1, 2, ...), when the gazetteer knows them
TOP_QIDS = ["Q30", "Q159", "Q7747", "Q148", "Q22686", "Q458", "Q183", "Q212", "Q567", "Q76", "Q794", "Q142",
            "Q145", "Q801", "Q43", "Q3052772", "Q6279", "Q7809"]
PUBLISHERS = ["DER STANDARD", "Die Presse", "Süddeutsche Zeitung", "FAZ", "Die Zeit", "Der Spiegel", "taz",
              "Deutsche Welle", "tagesschau.de", "NZZ", "ORF", "Reuters", "AP", "AFP", "BBC News", "The Guardian",
              "The New York Times", "The Washington Post", "Politico", "Al Jazeera English", "France 24",
              "Euronews", "The Times", "Financial Times", "Bloomberg"]
FILLER = ("according to officials the talks were expected to continue next week in the capital while diplomats "
          "from both sides stressed that no agreement had been reached on the remaining questions of security "
          "trade sanctions energy supplies and the situation at the border which observers described as tense").split()
FILLER_DE = ("wie aus Regierungskreisen verlautete sollen die Gespräche in der kommenden Woche in der Hauptstadt "
             "fortgesetzt werden wobei Diplomaten beider Seiten betonten dass über die offenen Fragen der "
             "Sicherheit des Handels der Sanktionen und der Energieversorgung noch keine Einigung erzielt "
             "worden sei").split()
MODALITIES = (["asserted"] * 80) + (["future"] * 8) + (["intention"] * 6) + (["hypothetical"] * 3) + (["possible"] * 3)


# ---------------------------------------------------------------------------------
# Synthetic records
# ---------------------------------------------------------------------------------


def build_actors(n_actors: int = 350, seed: int = 7):
    """Actors in Zipf rank order: major Wikidata actors first, ≈ 85 % with QIDs, the rest local."""
    from diplokg.core.records import Actor
    from diplokg.ontology.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    rng = random.Random(seed)
    with_qid = sorted((a for a in gaz.actors.values() if a.qid), key=lambda a: a.key)
    without = sorted((a for a in gaz.actors.values() if not a.qid and a.type == "PERSON"), key=lambda a: a.key)
    top = [gaz.actors[q] for q in TOP_QIDS if q in gaz.actors]
    rest = [a for a in with_qid if a.key not in set(TOP_QIDS)]
    rng.shuffle(rest)
    n_local = max(1, int(n_actors * 0.15))
    n_qid = min(len(rest), n_actors - len(top) - n_local)
    local = rng.sample(without, min(len(without), n_local))
    while len(local) < n_local:                               # NER-style actors unknown to the gazetteer
        k = len(local)
        local.append(Actor(f"local:ner:org:group-{k}", f"Group {k}", "GROUP", None, f"Gruppe {k}", None))
    tail = rest[:n_qid] + local
    rng.shuffle(tail)
    return top + tail


def build_relations():
    """(relation label, CAMEO code) pairs of the shipped lexicons, by CAMEO root."""
    from diplokg.ontology.lexicon import load_lexicon
    from diplokg.ontology.scheme import load_cameo

    cameo = load_cameo()
    pairs = set()
    for lang in ("en", "de"):
        lex = load_lexicon(lang)
        for entries in [*lex.verbs.values(), *lex.light.values(), *lex.nouns.values()]:
            for e in entries:
                if e.cameo in cameo:
                    pairs.add((e.relation, e.cameo))
    by_root: dict[str, list[tuple[str, str]]] = {}
    for rel, code in sorted(pairs):
        by_root.setdefault(code[:2], []).append((rel, code))
    for root in ROOT_WEIGHTS:                                  # a root without lexicon rows: its CAMEO label
        if root not in by_root:
            by_root[root] = [(cameo[root].label, root)]
    return by_root


class Generator:
    """Deterministic synthetic articles: ``article(i)`` depends only on ``seed`` and ``i``."""

    STORIES_PER_WEEK = 200
    SHARED = 0.15

    def __init__(self, n_events: int, seed: int = 7):
        self.seed = seed
        self.actors = build_actors(seed=seed)
        self.persons = [a for a in self.actors if a.type == "PERSON"]
        weights = [1.0 / (r + 1) ** 1.1 for r in range(len(self.actors))]
        self.cum = list(_accumulate(weights))
        pw = [1.0 / (r + 1) ** 1.1 for r in range(len(self.persons))]
        self.pcum = list(_accumulate(pw))
        self.relations = build_relations()
        self.roots = list(ROOT_WEIGHTS)
        self.root_cum = list(_accumulate(ROOT_WEIGHTS.values()))
        self.story_cum = list(_accumulate(1.0 / (j + 1) for j in range(self.STORIES_PER_WEEK)))
        self.n_articles = 2 * math.ceil(n_events / 10)       # pairs of articles with 10 events together
        self.n_events = 5 * self.n_articles

    # -- pieces ----------------------------------------------------------------------------
    def _actor(self, rng):
        return rng.choices(self.actors, cum_weights=self.cum)[0]

    def _dyad(self, rng):
        src = self._actor(rng)
        if rng.random() < 0.03:
            return src, None
        while True:
            tgt = self._actor(rng)
            if tgt.key != src.key:
                return src, tgt

    def _government(self, actor, rng):
        from diplokg.core.records import Actor

        if actor is not None and actor.type == "COUNTRY" and rng.random() < 0.3:
            return Actor(actor.key, actor.name, "GOVERNMENT", actor.qid, actor.name_de, actor.country)
        return actor

    def _relation(self, rng):
        root = rng.choices(self.roots, cum_weights=self.root_cum)[0]
        return rng.choice(self.relations[root])

    def _story(self, week: int, j: int):
        rs = random.Random(f"{self.seed}/story/{week}/{j}")
        src, tgt = self._dyad(rs)
        rel, code = self._relation(rs)
        day = min(DAYS - 1, week * 7 + rs.randrange(7))
        return src, tgt, rel, code, (START + _dt.timedelta(days=day)).isoformat()

    def _sentence(self, rng, lang, src, tgt, rel) -> str:
        target = "" if tgt is None else (tgt.name_de or tgt.name) if lang == "de" else tgt.name
        if lang == "de":
            head = f"{src.name_de or src.name} ({rel}) {target}".rstrip()
            words = FILLER_DE
        else:
            head = f"{src.name} moved to {rel} {target}".rstrip()
            words = FILLER
        k = rng.randrange(4, 30)
        start = rng.randrange(len(words))
        tail = " ".join(words[(start + n) % len(words)] for n in range(k))
        return f"{head}, {tail}."

    def counts(self, i: int) -> int:
        """Events in article ``i``: 2..8, pairs of articles sum to 10 (so the total is exact)."""
        d = random.Random(f"{self.seed}/count/{i // 2}").randint(-3, 3)
        return 5 + (d if i % 2 == 0 else -d)

    def article(self, i: int):
        from diplokg.core.records import Article, Event

        rng = random.Random(f"{self.seed}/article/{i}")
        lang = "de" if rng.random() < 0.6 else "en"
        day = rng.randrange(DAYS)
        date = START + _dt.timedelta(days=day)
        publisher = rng.choice(PUBLISHERS)
        aid = f"bench-{i:07d}"
        sentences: list[str] = []
        offset = 0

        def sentence(src, tgt, rel) -> tuple[str, int, int]:
            nonlocal offset
            text = self._sentence(rng, lang, src, tgt, rel)
            start = offset
            offset += len(text) + 1
            sentences.append(text)
            return text, start, start + len(text)

        events = []
        for _ in range(self.counts(i)):
            negated = False
            if rng.random() < self.SHARED:
                j = rng.choices(range(self.STORIES_PER_WEEK), cum_weights=self.story_cum)[0]
                src, tgt, rel, code, edate = self._story(day // 7, j)
            else:
                src, tgt = self._dyad(rng)
                rel, code = self._relation(rng)
                r = rng.random()
                if r < 0.08:
                    edate = None
                elif r < 0.20:
                    edate = (date - _dt.timedelta(days=rng.randrange(3, 60))).isoformat()
                else:
                    edate = (date - _dt.timedelta(days=rng.randrange(0, 3))).isoformat()
                negated = rng.random() < 0.04
            src, tgt = self._government(src, rng), self._government(tgt, rng)
            text, start, end = sentence(src, tgt, rel)
            n_evidence = rng.choices((1, 2, 3), weights=(65, 25, 10))[0]
            extra = [sentence(src, tgt, rel) for _ in range(n_evidence - 1)]
            reported = rng.random() < 0.35
            speaker = None
            if reported:
                speaker = src if src.type == "PERSON" and rng.random() < 0.5 else \
                    rng.choices(self.persons, cum_weights=self.pcum)[0]
            events.append(Event(aid, src, tgt, rel, code, text, start, end, edate, negated=negated,
                                reported=reported, speaker=speaker, modality=rng.choice(MODALITIES),
                                confidence=round(rng.uniform(0.3, 0.95), 3), trigger=rel.split()[0], lang=lang,
                                extra_evidence=extra))
        first = events[0]
        title = (f"{first.source.name_de or first.source.name}: {first.relation}" if lang == "de"
                 else f"{first.source.name} to {first.relation}")
        slug = "-".join(title.lower().split())[:60]
        art = Article(aid, " ".join(sentences), lang=lang, date=date.isoformat(), title=title, source=publisher,
                      url=f"https://news.example/{publisher.lower().replace(' ', '-')}/{date:%Y/%m}/{slug}-{i}")
        return art, events


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def _write_shard(args) -> dict:
    """Worker: map articles k, k+P, k+2P, ... with map_article and stream their N-Quads to one file."""
    import pyoxigraph as ox

    from diplokg.graph.rdf.mapping import map_article

    n_events, seed, k, parts, path = args
    gen = Generator(n_events, seed)
    quads = events = articles = 0
    batch = []
    t0 = time.perf_counter()
    with open(path, "wb") as out:
        for i in range(k, gen.n_articles, parts):
            art, evs = gen.article(i)
            aq = map_article(art, evs, MODELS)
            batch.extend(aq.quads)
            quads += len(aq.quads)
            events += len(evs)
            articles += 1
            if len(batch) >= 200_000:
                ox.serialize(batch, out, format=ox.RdfFormat.N_QUADS)
                batch = []
        if batch:
            ox.serialize(batch, out, format=ox.RdfFormat.N_QUADS)
    return {"path": str(path), "quads": quads, "events": events, "articles": articles,
            "seconds": time.perf_counter() - t0, "bytes": os.path.getsize(path)}


def mapping_fingerprint() -> str:
    """Hash of the code that decides which quads an article becomes (shards of other code are stale)."""
    import hashlib

    from diplokg.graph.rdf import mapping, summaries

    text = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (mapping, summaries))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def generate(n_events: int, seed: int, out: Path, parts: int) -> dict:
    """Write the N-Quads shards of ``n_events`` events (reused when already complete)."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = out / "manifest.json"
    while not manifest.exists() and any(time.time() - p.stat().st_mtime < 60 for p in out.glob("shard-*.nq")):
        time.sleep(10)                                   # another run is writing these shards right now
    fingerprint = mapping_fingerprint()
    if manifest.exists():
        info = json.loads(manifest.read_text())
        if info.get("events_requested") == n_events and info.get("seed") == seed and \
                info.get("mapping") == fingerprint and all(Path(s["path"]).exists() for s in info["shards"]):
            info["reused"] = True
            return info
    t0 = time.perf_counter()
    jobs = [(n_events, seed, k, parts, out / f"shard-{k:02d}.nq") for k in range(parts)]
    ctx = mp.get_context("spawn")
    with ctx.Pool(parts) as pool:
        shards = pool.map(_write_shard, jobs)
    info = {"events_requested": n_events, "seed": seed, "mapping": fingerprint, "shards": shards,
            "quads": sum(s["quads"] for s in shards), "events": sum(s["events"] for s in shards),
            "articles": sum(s["articles"] for s in shards), "bytes": sum(s["bytes"] for s in shards),
            "seconds": time.perf_counter() - t0, "parts": parts, "reused": False}
    manifest.write_text(json.dumps(info, indent=1))
    return info


# ---------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------


def bulk_load(shards: list[str], path: Path) -> dict:
    """A fresh embedded store, then what ``diplokg load --lenient SHARD…`` runs (``graph.bulk.load_files``:
    the shards through Oxigraph's bulk loader, several at once in threads), the summaries rebuilt after."""
    from diplokg.graph.rdf.bulk import load_files
    from diplokg.graph.rdf.store import EmbeddedStore

    if path.exists():
        shutil.rmtree(path)
    store = EmbeddedStore(path)
    report = load_files(store, shards, lenient=True, summaries_mode="skip")
    if report.errors:
        raise RuntimeError("; ".join(f.line() for f in report.errors))
    seconds = report.seconds
    loaded = len(store.store)
    t1 = time.perf_counter()
    store.rebuild_summaries()                     # what load_files does next after a load into an empty store
    summary_seconds = time.perf_counter() - t1
    t2 = time.perf_counter()
    store.store.optimize()                        # and then (compaction: the queries need it)
    optimize_seconds = time.perf_counter() - t2
    stored = len(store.store)
    return {"store": store, "seconds": seconds, "summary_seconds": summary_seconds,
            "optimize_seconds": optimize_seconds, "disk_bytes": _du(path),
            "stored_quads": stored, "summary_quads": stored - loaded, "threads": min(len(shards), os.cpu_count() or 1)}


def cli_load(shards: list[str], path: Path) -> dict | None:
    """The same shards through Oxigraph's own command-line loader (Rust, files in parallel), for scale:
    it shows how much of the load time is the store's own indexing rather than our Python path."""
    exe = shutil.which("oxigraph")
    if exe is None:
        return None
    shutil.rmtree(path, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([exe, "load", "--lenient", "--location", str(path), "--file", *shards], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    shutil.rmtree(path, ignore_errors=True)
    return {"seconds": seconds, "exe": exe}


def write_into_large_store(store, gen, n_articles: int = 1000, batch: int = 50) -> dict:
    """``write_articles`` of new articles into the loaded large store: the ingest path at scale,
    with the summary refresh it does per batch (months of the busiest actors hold thousands of events)."""
    from diplokg.graph.rdf.mapping import map_article

    items = [map_article(*gen.article(gen.n_articles + i), MODELS) for i in range(n_articles)]
    quads = 0
    per_batch = []
    for k in range(0, len(items), batch):
        t0 = time.perf_counter()
        quads += store.write_articles(items[k:k + batch])
        per_batch.append(time.perf_counter() - t0)
    return {"articles": n_articles, "quads": quads, "seconds": sum(per_batch), "batch": batch,
            "batch_ms_median": statistics.median(per_batch) * 1000, "batch_ms_max": max(per_batch) * 1000}


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def write_articles_rate(n_events: int, seed: int, path: Path, n_articles: int, batch: int = 50) -> dict:
    """``EmbeddedStore.write_articles`` (the ingest path) on a sample of articles, batches of ``batch``."""
    from diplokg.graph.rdf.mapping import map_article
    from diplokg.graph.rdf.store import EmbeddedStore

    gen = Generator(n_events, seed)
    items = [map_article(*gen.article(i), MODELS) for i in range(n_articles)]   # mapping not timed
    if path.exists():
        shutil.rmtree(path)
    store = EmbeddedStore(path)
    quads = 0
    t0 = time.perf_counter()
    for k in range(0, len(items), batch):
        quads += store.write_articles(items[k:k + batch])
    seconds = time.perf_counter() - t0
    t1 = time.perf_counter()
    for i in range(0, min(200, n_articles)):
        map_article(*gen.article(i), MODELS)
    map_per_article = (time.perf_counter() - t1) / min(200, n_articles)
    del store
    gc.collect()
    shutil.rmtree(path, ignore_errors=True)
    return {"articles": n_articles, "quads": quads, "seconds": seconds, "batch": batch,
            "map_ms_per_article": map_per_article * 1000}


def query_cases(gen: Generator) -> list[tuple[str, str, dict]]:
    """(label, named query, parameters): the most active actor and dyad, frequent and rare CAMEO roots."""
    from diplokg.graph.rdf.mapping import actor_iri

    a1, a2 = gen.actors[0], gen.actors[1]
    mid = gen.actors[min(49, len(gen.actors) - 1)]

    def iri(actor) -> str:
        return actor_iri(actor).value
    cameo = "https://w3id.org/diplokg/cameo/"
    return [
        ("cameo-root code=04 (consult, ~21 %)", "cameo-root", {"code": cameo + "04"}),
        ("cameo-root code=20 (mass violence, ~0.5 %)", "cameo-root", {"code": cameo + "20"}),
        ("cameo-root code=036 (one 3-digit code)", "cameo-root", {"code": cameo + "036"}),
        (f"dyad-balance {a1.name} / {a2.name} (top dyad)", "dyad-balance", {"a": iri(a1), "b": iri(a2)}),
        (f"evidence {a1.name} -> {a2.name}", "evidence", {"source": iri(a1), "target": iri(a2)}),
        (f"interactions {a1.name} (rank 1, all dates)", "interactions", {"actor": iri(a1)}),
        (f"interactions {a1.name} (rank 1, 2020)", "interactions",
         {"actor": iri(a1), "from": "2020-01-01", "to": "2020-12-31"}),
        (f"interactions {mid.name} (rank 50)", "interactions", {"actor": iri(mid)}),
        (f"timeline {a1.name} / {a2.name}", "timeline", {"a": iri(a1), "b": iri(a2)}),
        ("top-actors", "top-actors", {}),
        ("top-dyads", "top-dyads", {}),
    ]


def render_cases(gen: Generator) -> list[tuple[str, str, dict]]:
    """Filtered networks as ``diplokg render`` reads them (event_rows with the filters, then filter_events)."""
    from diplokg.graph.rdf.mapping import actor_iri

    mid = gen.actors[min(49, len(gen.actors) - 1)]
    return [
        ("render rows: one month (--from 2020-03-01 --to 2020-03-31)", "__render_rows__",
         {"date_from": "2020-03-01", "date_to": "2020-03-31"}),
        ("render rows: CAMEO root 20, all dates (--cameo-root 20)", "__render_rows__", {"cameo_root": "20"}),
        (f"render rows: ego network of {mid.name} (rank 50), depth 1, 2020", "__render_rows__",
         {"actor": actor_iri(mid).value, "depth": 1, "date_from": "2020-01-01", "date_to": "2020-12-31"}),
        (f"render rows: ego network of {mid.name}, depth 0, all dates", "__render_rows__",
         {"actor": actor_iri(mid).value, "depth": 0}),
    ]


def _oxigraph_phase(path: str, cases, repeats: int, slow: float, conn) -> None:
    """Child process: the cases on a read-only handle; after each warm-up a message, then the result."""
    from diplokg.graph.rdf.query import event_rows, load_query
    from diplokg.graph.rdf.store import EmbeddedStore

    store = EmbeddedStore(path, read_only=True)
    conn.send(("ready", None))

    def run(name, params):
        if name == "__stats__":
            st = store.stats()
            return st, f"{st['events']:,} events"
        if name == "__event_rows__":
            return None, len(event_rows(store))
        if name == "__render_rows__":                # what `diplokg render` with these filters reads and keeps
            from diplokg.graph.network.build import filter_events

            read = event_rows(store, **params)
            return len(read), len(filter_events(read, **params))
        return None, len(store.query(load_query(name), params).rows)

    for label, name, params in cases:
        t0 = time.perf_counter()
        value, rows = run(name, params)
        first = time.perf_counter() - t0
        conn.send(("warm", first))
        times = [first] if first > slow or name.startswith("__") else []
        for _ in range(0 if times else repeats):
            t0 = time.perf_counter()
            value, rows = run(name, params)
            times.append(time.perf_counter() - t0)
        conn.send(("done", {"label": label, "query": name, "rows": rows, "median": statistics.median(times),
                            "runs": times, "warmup": first, "status": "ok", "value": value}))
    conn.send(("end", None))


def time_oxigraph(path: Path, cases, timeout: float, repeats: int = 3, slow: float = 10.0) -> list[dict]:
    """Median of ``repeats`` warm runs (after one warm-up) of each case through ``EmbeddedStore.query``.

    The cases run in a child process on a read-only handle; a case whose warm-up run takes longer
    than ``timeout`` is stopped (the process is killed: a pyoxigraph query cannot be interrupted)
    and reported as a lower bound. A warm-up over ``slow`` seconds is the single measurement.
    """
    ctx = mp.get_context("spawn")
    out: list[dict] = []
    todo = list(cases)
    while todo:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_oxigraph_phase, args=(str(path), todo, repeats, slow, child))
        proc.start()
        parent.recv()                                   # the child has opened the store
        for case in list(todo):
            label, name, params = case
            if not parent.poll(timeout):
                proc.kill()
                proc.join()
                item = {"label": label, "query": name, "rows": None, "median": timeout, "runs": [timeout],
                        "warmup": timeout, "status": "timeout", "value": None}
                out.append(item)
                todo.remove(case)
                print(f"  {label:<55} >{timeout * 1000:10.0f} ms  (stopped)", flush=True)
                break
            kind, first = parent.recv()
            kind, item = parent.recv()
            out.append(item)
            todo.remove(case)
            print(f"  {label:<55} {item['median'] * 1000:11.1f} ms  {item['rows']:>9} rows", flush=True)
        else:
            parent.recv()
            proc.join()
    return out


def time_call(fn, repeats: int = 1) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), value


# -- rdflib (in its own process, so its memory is returned afterwards) ----------------------


class _Timeout(Exception):
    pass


RDFLIB_STORES = {
    "dataset": "`Dataset(default_union=True)` (Memory store) holding the same N-Quads plus the ontology graph",
    "simple": "`Graph(store=\"SimpleMemory\")` holding the triples of the same N-Quads plus the ontology (the "
              "union the queries read, graph names dropped; about a fifth of the Dataset's memory)",
}


def _union_graph(shards: list[str]):
    """rdflib's leanest in-memory store with the union of the shards' triples (pyoxigraph parses)."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        return Literal(t.value, lang=t.language) if t.language else Literal(t.value, datatype=URIRef(t.datatype.value))

    graph = Graph(store="SimpleMemory")
    for shard in shards:
        for q in ox.parse(path=shard, format=ox.RdfFormat.N_QUADS):
            graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def _rdflib_phase(shards: list[str], cases, timeout: float, repeats: int, conn, store_kind: str = "dataset") -> None:
    import signal

    from rdflib import Dataset, URIRef

    from diplokg.graph.rdf.terms import ONTOLOGY_GRAPH
    from diplokg.graph.rdf.query import load_query
    from diplokg.graph.rdf.steps import run_steps
    from diplokg.graph.rdf.store import PREFIX_BLOCK, QueryResult, bind_values
    from diplokg.ontology.scheme import scheme_graph

    t0 = time.perf_counter()
    if store_kind == "simple":
        ds = _union_graph(shards)
        for triple in scheme_graph(copy=False):
            ds.add(triple)
    else:
        ds = Dataset(default_union=True)
        onto = ds.graph(URIRef(ONTOLOGY_GRAPH.value))
        for triple in scheme_graph(copy=False):
            onto.add(triple)
        for shard in shards:
            ds.parse(shard, format="nquads")
    load = time.perf_counter() - t0
    conn.send({"load_seconds": load, "union_triples": len(ds), "rss_mb": _rss_mb()})

    def alarm(signum, frame):                        # rdflib is pure Python: a signal stops it
        raise _Timeout

    def run_one(text: str, values: dict | None) -> QueryResult:
        """One step on rdflib, rows as the plain values the stores return (IRIs as strings)."""
        result = ds.query(PREFIX_BLOCK + bind_values(text, values))
        variables = [str(v) for v in result.vars]
        rows = [{k: (str(t) if isinstance(t, URIRef) else t.toPython()) for k, t in row.asdict().items()}
                for row in result]
        return QueryResult("select", variables, rows)

    signal.signal(signal.SIGALRM, alarm)
    for label, name, params in cases:
        text = load_query(name)
        runs, rows, status = [], None, "ok"
        for _ in range(repeats):
            signal.setitimer(signal.ITIMER_REAL, timeout)
            t = time.perf_counter()
            try:
                rows = len(run_steps(run_one, text, params).rows)    # the same steps as the stores run
                runs.append(time.perf_counter() - t)
            except _Timeout:
                status = "timeout"
                runs.append(timeout)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if status == "timeout" or runs[-1] > 20:    # slow enough: one run is the measurement
                break
        conn.send({"label": label, "query": name, "rows": rows, "median": statistics.median(runs), "runs": runs,
                   "status": status})
    conn.send(None)


def time_rdflib(shards, cases, timeout: float, repeats: int = 3, store_kind: str = "dataset") -> tuple[dict, list[dict]]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_rdflib_phase, args=(shards, cases, timeout, repeats, child, store_kind))
    proc.start()
    head = parent.recv()
    print(f"  rdflib loaded {head['union_triples']:,} triples in {head['load_seconds']:.1f} s "
          f"(peak RSS {head['rss_mb']:.0f} MB)", flush=True)
    results = []
    while (item := parent.recv()) is not None:
        mark = ">" if item["status"] == "timeout" else " "
        print(f"  {item['label']:<55} {mark}{item['median'] * 1000:10.1f} ms  {item['rows'] or 0:>7} rows", flush=True)
        results.append(item)
    proc.join()
    return head, results


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _machine() -> dict:
    import pyoxigraph
    import rdflib

    facts = machine_facts()
    facts.update(pyoxigraph=pyoxigraph.__version__, rdflib=rdflib.__version__,
                 disk=run(["df", "-h", "/tmp"]).splitlines()[-1] if shutil.which("df") else "")
    return facts


# ---------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}" if seconds >= 0.0995 else f"{seconds * 1000:,.1f}"


def _n(value) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _row(q: dict) -> str:
    mark = ">" if q["status"] != "ok" else ""
    runs = ", ".join(_ms(t) for t in q["runs"]) if q["status"] == "ok" else "stopped"
    return f"| {q['label']} | {_n(q['rows'])} | **{mark}{_ms(q['median'])} ms** | {runs}"


def _t(q: dict) -> str:
    return f"{'>' if q['status'] != 'ok' else ''}{_ms(q['median'])} ms"


def _runs(q: dict) -> str:
    return ", ".join(_ms(t) for t in q["runs"]) if q["status"] == "ok" else "stopped"


def _ok(q: dict) -> str:
    return "yes" if q["status"] == "ok" and q["median"] <= 1 else "**no**"


def _ratio_value(rd: dict, ox_q: dict):
    """rdflib / Oxigraph, or None when it is unknown (Oxigraph stopped)."""
    if ox_q["status"] != "ok":
        return None
    return rd["median"] / max(ox_q["median"], 1e-6)


def _ratio(rd: dict, ox_q: dict) -> str:
    if ox_q["status"] != "ok":
        return "?" if rd["status"] != "ok" else f"<{rd['median'] / ox_q['median']:,.2f}×"
    r = rd["median"] / max(ox_q["median"], 1e-6)
    mark = ">" if rd["status"] != "ok" else ""
    return f"{mark}{r:,.2f}×" if r < 10 else f"{mark}{r:,.0f}×"


def report(res: dict) -> str:
    m, big, small = res["machine"], res["big"], res["small"]
    goal_load = big["load"]["rate"] >= 200_000
    lines = [
        "# RDF store at scale: bulk load, named queries, Oxigraph vs rdflib",
        "",
        f"Generated by `benchmarks/graph_scale.py` ({m['date']}), diplokg commit {res.get('commit', '?')}.",
        "",
        f"- **Command:** `{res['command']}`",
        f"- **Machine:** {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, pyoxigraph {m['pyoxigraph']}, "
        f"rdflib {m['rdflib']}; disk `{m['disk']}`",
        "- **Memory (`free -g`):**",
        "```",
        m["free"],
        "```",
        "- **Order:** write_articles sample, then the large scale (generation, bulk load, summary rebuild, compaction, 1,000",
        "  articles written into the loaded store, queries), then the comparison scale (generation, bulk load and",
        "  summaries, rdflib on the same quads, then Oxigraph); one phase at a time.",
        f"- **Total wall time of the run:** {res['wall_seconds'] / 60:.1f} min; load average (1/5/15 min) at start "
        f"{'/'.join('%.1f' % x for x in res['loadavg_start'])}, at end {'/'.join('%.1f' % x for x in res['loadavg_end'])}"
        " (other jobs on the machine share its 2 cores when this is above ~1)",
    ]
    for rq in res.get("recompared", []):
        lines.append(f"- **Comparison with rdflib re-measured at {rq['events']:,} events:** `{rq.get('command', '')}` "
                     f"({rq['date']}, diplokg commit {rq['commit']}, load average at start "
                     f"{'/'.join('%.1f' % x for x in rq['loadavg'])}): section (c) is that measurement.")
    for rq in res.get("reloaded", []):
        lines.append(f"- **Bulk load at {rq['events']:,} events re-measured:** `{rq.get('command', '')}` ({rq['date']}, "
                     f"diplokg commit {rq['commit']}, load average at start "
                     f"{'/'.join('%.1f' % x for x in rq['loadavg'])}): the loading rows of (a) for the large scale "
                     "are that measurement.")
    for rq in res.get("requeried", []):
        lines.append(f"- **Named queries at {rq['events']:,} events re-measured** with `--queries-only` on the kept "
                     f"store ({rq['date']}, diplokg commit {rq['commit']}, load average at start "
                     f"{'/'.join('%.1f' % x for x in rq['loadavg'])}): the (b) table below is that measurement, "
                     "on the store the latest load of the large scale left"
                     + (" (the re-measured load: without the 1,000 articles the full run wrote into it)."
                        if res.get("reloaded") else "."))
    lines += [
        "",
        "## Data",
        "",
        "Synthetic but real-shaped: every quad comes from `diplokg.graph.mapping.map_article` applied to generated",
        "`Article`/`Event` records (see the module docstring: ~350 actors, ≈ 85 % Wikidata IRIs, Zipf-like activity;",
        "lexicon (relation, CAMEO) pairs with a realistic root mix; 10 years; 1–3 evidence sentences per event;",
        "one named graph per article with its evidence, shared facts (event nodes, actors, direct triples) in the",
        "facts graph; 5 events per article on average; 15 % of events re-report a story of the same week and",
        "share its event node). \"quads written\" counts what `map_article` emits (a shared fact once per article",
        "that states it); \"quads stored\" what the store holds afterwards (each quad once, with the summary",
        "nodes that `rebuild_summaries()` derives from the events).",
        "",
        "| | events (records) | distinct event nodes | articles (named graphs) | quads written | quads stored "
        "| stored quads / event | N-Quads | generation |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for tag, d in (("large", big), ("rdflib comparison", small)):
        g, st = d["gen"], d["stats"]
        lines.append(f"| {tag} | {g['events']:,} | {st['events']:,} | {g['articles']:,} | {g['quads']:,} | "
                     f"{d['load']['stored_quads']:,} | {d['load']['stored_quads'] / g['events']:.1f} | "
                     f"{g['bytes'] / 2**30:.2f} GiB | "
                     f"{'reused' if g.get('reused') else '%.0f s (%d processes)' % (g['seconds'], g['parts'])} |")
    w = res["write_articles"]
    lines += [
        "",
        "## (a) Loading",
        "",
        "| path | quads read | time | rate | goal |",
        "|---|---:|---:|---:|---|",
        f"| `diplokg load --lenient` (`graph.bulk.load_files`: `Store.bulk_load`, "
        f"{big['load'].get('threads', 1)} shard(s) at a time) of the N-Quads shards into a fresh store, "
        f"{big['gen']['events']:,} events | "
        f"{big['gen']['quads']:,} | {big['load']['seconds']:.1f} s | **{big['load']['rate']:,.0f} quads/s** "
        f"({big['load']['stored_quads'] / big['load']['seconds']:,.0f} stored quads/s) | "
        f"≥ 200,000 triples/s: {'met' if goal_load else 'MISSED'} |",
        f"| then the summary nodes (`rebuild_summaries()`: aggregate queries over the event cores, bulk write), "
        f"{big['gen']['events']:,} events | {big['load'].get('summary_quads', 0):,} written | "
        f"{big['load'].get('summary_seconds', 0):.1f} s | bulk load + summaries: "
        f"**{big['gen']['quads'] / (big['load']['seconds'] + big['load'].get('summary_seconds', 0)):,.0f} quads/s** | |",
        f"| then the compaction (`Store.optimize()`, as `diplokg load` ends) | | "
        f"{big['load'].get('optimize_seconds', 0):.1f} s | all three: "
        f"**{big['gen']['quads'] / (big['load']['seconds'] + big['load'].get('summary_seconds', 0) + big['load'].get('optimize_seconds', 0)):,.0f} quads/s** | |",
        f"| same, {small['gen']['events']:,} events | {small['gen']['quads']:,} | {small['load']['seconds']:.1f} s "
        f"+ {small['load'].get('summary_seconds', 0):.1f} s summaries | {small['load']['rate']:,.0f} quads/s | |",
        f"| `EmbeddedStore.write_articles` (ingest path, {w['batch']} articles per call, one transaction per "
        f"batch), {w['articles']:,} articles into a fresh store | {w['quads']:,} | {w['seconds']:.1f} s | "
        f"{w['quads'] / w['seconds']:,.0f} quads/s | |",
    ]
    cli = big.get("cli_load")
    if cli:
        lines.append(
            f"| for scale: Oxigraph's own loader `oxigraph load --lenient --file` (Rust, the shards in parallel) of the same "
            f"shards into a fresh folder | {big['gen']['quads']:,} | {cli['seconds']:.1f} s | "
            f"{big['gen']['quads'] / cli['seconds']:,.0f} quads/s | |")
    wl = big.get("write_large")
    if wl:
        lines.append(
            f"| `EmbeddedStore.write_articles` of {wl['articles']:,} new articles into the loaded "
            f"{big['gen']['events']:,}-event store ({wl['batch']} per call; each call refreshes the summary nodes "
            f"of its events' months) | {wl['quads']:,} | {wl['seconds']:.1f} s | {wl['quads'] / wl['seconds']:,.0f} "
            f"quads/s (a batch: median {wl['batch_ms_median']:,.0f} ms, max {wl['batch_ms_max']:,.0f} ms) | |")
    lines += [
        "",
        f"Store on disk after the large load: {big['load']['disk_bytes'] / 2**30:.2f} GiB. "
        f"`map_article` itself costs {w['map_ms_per_article']:.2f} ms per article "
        f"({w['map_ms_per_article'] / 5:.2f} ms per event) — in `diplokg ingest` that, not the store, is",
        "the cost next to NLP. A quad is one line of N-Quads; \"triples/s\" in the goal counts the same thing.",
        "",
        f"## (b) Named queries at {big['gen']['events']:,} events",
        "",
        "Through `EmbeddedStore.query` (what `diplokg query --name` runs: VALUES-bound parameters, union default",
        "graph, rows converted to Python values), in a child process on a read-only handle. Median of 3 warm runs",
        "after one warm-up run; a warm-up over 10 s is the single measurement; a query still running after",
        f"{res['timeout']:.0f} s is stopped (the process is killed) and shown as \">\" (a lower bound).",
        "",
        "| query (parameters) | rows | median | runs (ms) | ≤ 1 s |",
        "|---|---:|---:|---|---|",
    ]
    for q in big["queries"] + big["extra"]:
        named = not q["query"].startswith("__")
        rows = _n(q["rows"])
        if q["query"] == "__render_rows__" and q["status"] == "ok":
            rows = f"{q['rows']:,} kept of {q['value']:,} read"
        lines.append(f"| {q['label']} | {rows} | **{_t(q)}** | {_runs(q)} | "
                     f"{_ok(q) if named else '(not a named query)'} |")
    missed = [q for q in big["queries"] if q["median"] > 1 or q["status"] != "ok"]
    lines += ["", f"Named-query goal (≤ 1 s at {big['gen']['events']:,} events): "
              + ("**met by every case**." if not missed else
                 f"**missed by {len(missed)} of {len(big['queries'])} cases**: "
                 + ", ".join(f"{q['label']} ({'>' if q['status'] != 'ok' else ''}{q['median']:.1f} s)"
                             for q in missed) + ".")]
    head = small.get("rdflib_head", {"union_triples": 0, "load_seconds": 0, "rss_mb": 0})
    lines += [
        "",
        f"## (c) Oxigraph vs rdflib in memory at {small['gen']['events']:,} events",
        "",
        f"rdflib {m['rdflib']} {RDFLIB_STORES[head.get('store', 'dataset')]} "
        f"({head['union_triples']:,} distinct triples in the union; parsed in {head['load_seconds']:.0f} s, "
        f"peak RSS {head['rss_mb'] / 1024:.1f} GiB), queried with the project PREFIX block",
        f"prepended to the same bound query text; a run still going after {res['rdflib_timeout']:.0f} s is stopped",
        "(then \">\": a lower bound). rdflib: median of up to 3 runs (1 run when a run takes over 20 s).",
        "Oxigraph: a fresh store bulk-loaded from the same shards, measured as in (b).",
        "",
        "| query (parameters) | rows Oxigraph / rdflib | Oxigraph | rdflib | rdflib / Oxigraph |",
        "|---|---:|---:|---:|---:|",
    ]
    for oq, rq in zip(small["queries"], small["rdflib"]):
        lines.append(f"| {oq['label']} | {_n(oq['rows'])} / {_n(rq['rows'])} | {_t(oq)} | {_t(rq)} | "
                     f"{_ratio(rq, oq)} |")
    ratios = [_ratio_value(rq, oq) for oq, rq in zip(small["queries"], small["rdflib"])]
    met = sum(1 for r in ratios if r is not None and r >= 20)
    known = [r for r in ratios if r is not None]
    geo = math.exp(sum(math.log(max(r, 1e-9)) for r in known) / len(known)) if known else float("nan")
    lines += ["", f"Goal ≥ 20× faster than rdflib: met (or shown by a lower bound) by {met} of "
                  f"{len(small['queries'])} cases; geometric mean of the ratios {geo:,.0f}× "
                  "(a lower bound where rdflib was stopped)."]
    lines += ["", "Oxigraph at this scale, other calls:", ""]
    for q in small["extra"]:
        lines.append(f"- {q['label']}: {_t(q)} ({_n(q['rows'])})")
    lines += ["", "## Analysis", "", res.get("analysis", "(written by hand after the run)"), ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------


def measure_scale(tag: str, n_events: int, seed: int, out: Path, parts: int, with_rdflib: bool,
                  rdflib_timeout: float, event_rows: bool, timeout: float, keep: bool = False,
                  with_cli_load: bool = False, rdflib_store: str = "dataset") -> dict:
    print(f"\n== {tag}: {n_events:,} events", flush=True)
    gen_info = generate(n_events, seed, out / f"nq-{n_events}", parts)
    print(f"  {'reused' if gen_info.get('reused') else 'generated'} {gen_info['quads']:,} quads, "
          f"{gen_info['articles']:,} articles, {gen_info['bytes'] / 2**30:.2f} GiB N-Quads in "
          f"{gen_info['seconds']:.0f} s", flush=True)
    shards = [s["path"] for s in gen_info["shards"]]
    gen = Generator(n_events, seed)
    cases = query_cases(gen)
    result: dict = {"gen": gen_info}
    load = bulk_load(shards, out / f"store-{n_events}")
    store = load.pop("store")
    if with_rdflib:
        # rdflib gets exactly what the Oxigraph store holds: the shards plus the summary graph built from them
        import pyoxigraph as ox

        from diplokg.ontology.namespaces import SUMMARY_GRAPH_IRI

        summary_file = out / f"summaries-{n_events}.nq"
        with open(summary_file, "wb") as fh:
            ox.serialize(store.store.quads_for_pattern(None, None, None, ox.NamedNode(SUMMARY_GRAPH_IRI)), fh,
                         format=ox.RdfFormat.N_QUADS)
        print(f"  rdflib ({rdflib_store}, in memory):", flush=True)
        head, rd = time_rdflib(shards + [str(summary_file)], cases, rdflib_timeout, store_kind=rdflib_store)
        head["store"] = rdflib_store
        result["rdflib_head"], result["rdflib"] = head, rd
    load["rate"] = gen_info["quads"] / load["seconds"]
    result["load"] = load
    if with_cli_load:
        result["cli_load"] = cli = cli_load(shards, out / f"store-{n_events}-cli")
        if cli:
            print(f"  oxigraph load (CLI): {gen_info['quads'] / cli['seconds']:,.0f} quads/s", flush=True)
    print(f"  bulk_load: {gen_info['quads']:,} quads in {load['seconds']:.1f} s = {load['rate']:,.0f} quads/s; "
          f"summaries {load['summary_quads']:,} quads in {load['summary_seconds']:.1f} s; "
          f"{load['disk_bytes'] / 2**30:.2f} GiB on disk", flush=True)
    if not with_rdflib:
        result["write_large"] = w = write_into_large_store(store, gen)
        print(f"  write_articles into this store: {w['quads']:,} quads of {w['articles']:,} articles in "
              f"{w['seconds']:.1f} s = {w['quads'] / w['seconds']:,.0f} quads/s (batch of {w['batch']}: median "
              f"{w['batch_ms_median']:.0f} ms, max {w['batch_ms_max']:.0f} ms)", flush=True)
    del store
    gc.collect()
    print(f"  named queries (EmbeddedStore.query, median of 3 warm runs, stopped after {timeout:.0f} s):", flush=True)
    extra_cases = [("`store.stats()` (`diplokg stats`: kept counts, counting queries on older stores)", "__stats__", {})]
    extra_cases += render_cases(gen)
    if event_rows:
        extra_cases.append(("`event_rows(store)` (every event with its evidence as Python dicts: what `render` "
                            "and the notebooks load)", "__event_rows__", {}))
    measured = time_oxigraph(out / f"store-{n_events}", cases + extra_cases, timeout)
    result["queries"] = measured[:len(cases)]
    result["extra"] = measured[len(cases):]
    stats = next((m["value"] for m in result["extra"] if m["query"] == "__stats__" and m["value"]), None)
    result["stats"] = stats or {"events": 0}
    if not keep:
        shutil.rmtree(out / f"store-{n_events}", ignore_errors=True)
    return result


def requery(args) -> int:
    """Named queries (b) again on the kept large store; the report says so and when."""
    saved = args.out / "results.json"
    path = args.out / f"store-{args.events}"
    if not saved.exists() or not path.exists():
        print(f"error: --queries-only needs {saved} and the store {path} of a run with --keep", file=sys.stderr)
        return 2
    res = json.loads(saved.read_text())
    cases = query_cases(Generator(args.events, args.seed))
    extra = [("`store.stats()` (`diplokg stats`: kept counts, counting queries on older stores)", "__stats__", {})]
    extra += render_cases(Generator(args.events, args.seed))
    print(f"named queries at {args.events:,} events on {path}:", flush=True)
    load = os.getloadavg()
    measured = time_oxigraph(path, cases + extra, args.timeout)
    res["big"]["queries"], res["big"]["extra"] = measured[:len(cases)], measured[len(cases):]
    res.setdefault("requeried", []).append({"events": args.events, "commit": _commit(), "loadavg": load,
                                            "date": time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())})
    return save_and_report(res, args)


def reload(args) -> int:
    """The bulk load (a) of the large scale again, from its kept shards into a fresh store (kept for
    --queries-only), into the saved results of a full run; with --cli-load Oxigraph's loader too."""
    saved = args.out / "results.json"
    shards_dir = args.out / f"nq-{args.events}"
    if not saved.exists() or not (shards_dir / "manifest.json").exists():
        print(f"error: --load-only needs {saved} and the shards {shards_dir} of a full run", file=sys.stderr)
        return 2
    res = json.loads(saved.read_text())
    gen_info = json.loads((shards_dir / "manifest.json").read_text())
    shards = [s["path"] for s in gen_info["shards"]]
    load = os.getloadavg()
    print(f"bulk load of {gen_info['quads']:,} quads ({len(shards)} shards):", flush=True)
    result = bulk_load(shards, args.out / f"store-{args.events}")
    result.pop("store")
    result["rate"] = gen_info["quads"] / result["seconds"]
    print(f"  {result['rate']:,.0f} quads/s; summaries {result['summary_seconds']:.1f} s", flush=True)
    res["big"]["load"] = result
    res["big"].pop("cli_load", None)
    if args.cli_load:
        res["big"]["cli_load"] = cli = cli_load(shards, args.out / f"store-{args.events}-cli")
        if cli:
            print(f"  oxigraph load (CLI): {gen_info['quads'] / cli['seconds']:,.0f} quads/s", flush=True)
    command = "python benchmarks/graph_scale.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    res.setdefault("reloaded", []).append({"events": args.events, "commit": _commit(), "loadavg": load,
                                           "command": command,
                                           "date": time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())})
    return save_and_report(res, args)


def recompare(args) -> int:
    """The comparison scale (c) again, at --rdflib-events, into the saved results of a full run."""
    saved = args.out / "results.json"
    if not saved.exists():
        print(f"error: --comparison-only needs {saved} from a full run", file=sys.stderr)
        return 2
    res = json.loads(saved.read_text())
    load = os.getloadavg()
    res["small"] = measure_scale("rdflib comparison", args.rdflib_events, args.seed, args.out, args.processes, True,
                                 args.rdflib_timeout, True, args.timeout, args.keep, rdflib_store=args.rdflib_store)
    res["rdflib_timeout"] = args.rdflib_timeout
    command = "python benchmarks/graph_scale.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    res.setdefault("recompared", []).append({"events": args.rdflib_events, "commit": _commit(), "loadavg": load,
                                             "command": command,
                                             "date": time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime())})
    return save_and_report(res, args)


def _commit() -> str:
    return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent).stdout.strip() or "?"


def save_and_report(res: dict, args) -> int:
    """results.json in the working folder, the report (with analysis.md if written) printed and saved."""
    (args.out / "results.json").write_text(json.dumps(res, indent=1, default=str))
    analysis = args.out / "analysis.md"
    if analysis.exists():
        res["analysis"] = analysis.read_text()
    text = report(res)
    print("\n" + text)
    if not args.no_write:
        RESULTS.write_text(text + "\n", encoding="utf-8")
        print(f"written {RESULTS}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000, help="events of the large graph (default 1,000,000)")
    ap.add_argument("--rdflib-events", type=int, default=100_000,
                    help="events of the Oxigraph-vs-rdflib comparison (default 100,000)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/diplokg-graph-scale"),
                    help="working folder for N-Quads shards and stores (default /tmp/diplokg-graph-scale)")
    ap.add_argument("--processes", type=int, default=os.cpu_count() or 2, help="generator processes / shards")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sample-articles", type=int, default=4000, help="articles for the write_articles rate")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds before an Oxigraph query is stopped and reported as a lower bound")
    ap.add_argument("--rdflib-timeout", type=float, default=120.0, help="seconds before an rdflib query is stopped")
    ap.add_argument("--no-event-rows", action="store_true", help="skip event_rows() at the large scale")
    ap.add_argument("--keep", action="store_true", help="keep the stores (the N-Quads shards are always kept)")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.name}")
    ap.add_argument("--cli-load", action="store_true",
                    help="also load the large shards with Oxigraph's own `oxigraph load` (the loader's ceiling)")
    ap.add_argument("--rdflib-store", choices=sorted(RDFLIB_STORES), default="dataset",
                    help="rdflib store of the comparison: dataset (Dataset with named graphs, default) or simple "
                         "(SimpleMemory graph of the union: fits 100,000 events in memory)")
    ap.add_argument("--comparison-only", action="store_true",
                    help="re-measure only the Oxigraph-vs-rdflib comparison (c) at --rdflib-events into the "
                         "results of an earlier run; the other figures stay that run's")
    ap.add_argument("--queries-only", action="store_true",
                    help="re-measure only the named queries of the large scale on the store a run kept (--keep), "
                         "after a query change; the other figures stay those of that run")
    ap.add_argument("--load-only", action="store_true",
                    help="re-measure only the bulk load (a) of the large scale from the kept shards (into a fresh "
                         "store, kept); the other figures stay those of the earlier run")
    args = ap.parse_args(argv)
    if args.load_only:
        return reload(args)
    if args.queries_only:
        return requery(args)
    if args.comparison_only:
        return recompare(args)

    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    res: dict = {"machine": _machine(), "rdflib_timeout": args.rdflib_timeout, "timeout": args.timeout, "loadavg_start": os.getloadavg(),
                 "command": "python benchmarks/graph_scale.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))}
    res["commit"] = _commit()
    print("\n== write_articles sample", flush=True)
    res["write_articles"] = write_articles_rate(args.events, args.seed, args.out / "store-sample",
                                                args.sample_articles)
    w = res["write_articles"]
    print(f"  {w['quads']:,} quads of {w['articles']:,} articles in {w['seconds']:.1f} s = "
          f"{w['quads'] / w['seconds']:,.0f} quads/s (map_article {w['map_ms_per_article']:.2f} ms/article)",
          flush=True)
    res["big"] = measure_scale("large", args.events, args.seed, args.out, args.processes, False,
                               args.rdflib_timeout, not args.no_event_rows, args.timeout, args.keep,
                               args.cli_load)
    res["small"] = measure_scale("rdflib comparison", args.rdflib_events, args.seed, args.out, args.processes, True,
                                 args.rdflib_timeout, True, args.timeout, args.keep, rdflib_store=args.rdflib_store)
    res["wall_seconds"] = time.perf_counter() - started
    res["loadavg_end"] = os.getloadavg()
    return save_and_report(res, args)


if __name__ == "__main__":
    raise SystemExit(main())
