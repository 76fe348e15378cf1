"""End-to-end ingest throughput and memory on a replicated real corpus, in one run.

    python benchmarks/ingest_throughput.py                      # the full run (>= 10,000 articles)
    python benchmarks/ingest_throughput.py --articles 2000 --throughput-articles 300   # smaller

Reads ../shared/data/corpus/{de,en}.jsonl (131 + 119 real articles) and writes a
replicated JSONL of ``--articles`` articles into a temporary folder (replica *k*
of an article gets the id ``<id>~r<k>``; the text is unchanged), then measures:

1. **Throughput** (in this process, on the first ``--throughput-articles`` articles),
   for each tier (fixture spaCy models from ../shared/models, and the rule tier)
   and each worker count (``--workers``, default 1 and 2):

   * *bare spaCy*: ``nlp.pipe(texts, n_process=W)`` of the same pipeline
     (``spacy.load`` of the fixture model; for the rule tier the blank pipeline
     diplokg builds) over the same texts, per language;
   * *ingest*: :func:`diplokg.ingest.ingest` end to end (read JSONL, skip check,
     extract with ``workers=W``, map, write to a fresh embedded store).

   With one worker both sides have their pipeline loaded before the clock starts;
   with W > 1 both sides start their worker processes (and load their pipelines
   there) inside the timed region, as a user's run does.

2. **Memory**: ``python -m diplokg ingest`` as a subprocess on the first N
   articles for each N in ``--rss-sizes`` (default 1,000 and the full corpus),
   sampling the resident set size of the whole process tree (main process plus
   worker processes) every 0.2 s with psutil (or /proc when psutil is absent);
   the peak tree RSS should not grow with N beyond the store's cache.

Prints a Markdown report (also written to ``--out`` when given). Goals: ingest
>= 0.7 x bare spaCy throughput; 2 workers >= 1.7 x one worker; flat RSS.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DIPLOKG_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "data" / "corpus"
FIXTURES = {"de": SHARED / "models" / "de_diplo_ud_sm", "en": SHARED / "models" / "en_core_web_sm"}
GOAL_VS_BARE = 0.7
GOAL_SPEEDUP = 1.7


# -- input ----------------------------------------------------------------------------------------
def load_corpus() -> list[dict]:
    """The real articles, German and English interleaved (as a mixed feed would be)."""
    per_lang = []
    for lang in ("de", "en"):
        path = CORPUS / f"{lang}.jsonl"
        if not path.exists():
            sys.exit(f"corpus {path} not found: ../shared must be beside the checkout (or set DIPLOKG_SHARED)")
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for row in rows:
            row.setdefault("lang", lang)
        per_lang.append(rows)
    mixed = []
    for i in range(max(len(rows) for rows in per_lang)):
        for rows in per_lang:
            if i < len(rows):
                mixed.append(rows[i])
    return mixed


def write_replicated(rows: list[dict], n: int, path: Path) -> None:
    """Stream ``n`` articles to ``path``: replicas of ``rows`` with new ids."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            replica, row = divmod(i, len(rows))
            row = dict(rows[row])
            row["id"] = f"{row['id']}~r{replica}"
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# -- memory sampling ----------------------------------------------------------------------------
def _tree_rss_proc(pid: int) -> tuple[int, int]:
    """(main RSS, tree RSS) in bytes from /proc (fallback when psutil is missing)."""
    def rss(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def children(p: int) -> list[int]:
        out = []
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
        return out

    main = rss(pid)
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss(p)
        stack += children(p)
    return main, total


class TreeSampler:
    """Samples the RSS of a process and all its descendants in a background thread."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval = pid, interval
        self.peak_main = self.peak_tree = self.peak_children = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        try:
            import psutil
            self._psutil = psutil
        except ImportError:
            self._psutil = None

    @property
    def method(self) -> str:
        return "psutil" if self._psutil else "/proc"

    def _sample(self) -> tuple[int, int]:
        if self._psutil is None:
            return _tree_rss_proc(self.pid)
        ps = self._psutil
        try:
            proc = ps.Process(self.pid)
            main = proc.memory_info().rss
            kids = 0
            for child in proc.children(recursive=True):
                try:
                    kids += child.memory_info().rss
                except ps.Error:
                    pass
            return main, main + kids
        except ps.Error:
            return 0, 0

    def _run(self) -> None:
        while not self._stop.is_set():
            main, tree = self._sample()
            if tree:
                self.samples += 1
                self.peak_main = max(self.peak_main, main)
                self.peak_tree = max(self.peak_tree, tree)
                self.peak_children = max(self.peak_children, tree - main)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# -- measurements ------------------------------------------------------------------------------
def cpu_seconds() -> float:
    """User + system CPU time of this process and of its waited-for children (worker processes)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def model_specs(tier: str) -> dict[str, str]:
    if tier == "rules":
        return {"de": "rules", "en": "rules"}
    return {lang: str(path) for lang, path in FIXTURES.items()}


def bare_pipelines(tier: str) -> dict:
    import spacy
    from diplokg.extractors.nlp import load_pipeline

    if tier == "rules":
        return {lang: load_pipeline(lang, None) for lang in ("de", "en")}
    return {lang: spacy.load(str(path)) for lang, path in FIXTURES.items()}


def time_bare(tier: str, rows: list[dict], workers: int) -> tuple[float, float]:
    """(wall, CPU) seconds for bare ``nlp.pipe`` over the texts, language by language."""
    nlps = bare_pipelines(tier)
    for lang, nlp in nlps.items():           # warm-up outside the clock
        list(nlp.pipe([r["text"] for r in rows if r["lang"] == lang][:3]))
    started, cpu = time.perf_counter(), cpu_seconds()
    for lang, nlp in nlps.items():
        texts = [r["text"] for r in rows if r["lang"] == lang]
        for _ in nlp.pipe(texts, n_process=workers, batch_size=32):
            pass
    return time.perf_counter() - started, cpu_seconds() - cpu


def time_ingest(tier: str, path: Path, workers: int, store_dir: Path) -> tuple[float, float, str, list[str]]:
    """(wall, CPU) seconds of an end-to-end :func:`ingest` into a fresh embedded store, summary, errors."""
    from diplokg.core.records import Article
    from diplokg.graph.rdf.store import open_store

    from diplokg.config import Config
    from diplokg.ingest import ingest
    from diplokg.pipeline import Extractor

    store = open_store(store_dir)
    extractor = Extractor(Config(models=model_specs(tier), store=str(store_dir)))
    if workers == 1:                         # warm-up outside the clock, like the bare side
        for lang in ("de", "en"):
            extractor.extract(Article("warm-up", "Merkel traf Putin in Berlin." if lang == "de"
                                      else "Merkel met Putin in Berlin.", lang=lang))
    sink = io.StringIO()
    started, cpu = time.perf_counter(), cpu_seconds()
    summary = ingest([path], store, extractor, batch_size=50, workers=workers, err=sink)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    store.close()
    return seconds, cpu, summary.line(), summary.errors


def rss_run(tier: str, path: Path, workers: int, store_dir: Path) -> dict:
    """Run the CLI on ``path`` and sample its process tree's RSS."""
    cmd = [sys.executable, "-m", "diplokg", "ingest", str(path), "--store", str(store_dir),
           "--workers", str(workers), "--batch-size", "50", "-q"]
    for lang, spec in model_specs(tier).items():
        cmd += ["--model", f"{lang}={spec}"]
    started, cpu = time.perf_counter(), cpu_seconds()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeSampler(proc.pid) as sampler:
        out, err = proc.communicate()
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    store_bytes = sum(p.stat().st_size for p in store_dir.rglob("*") if p.is_file())
    errors = [line[len("error: "):] for line in err.splitlines() if line.startswith("error: ")]
    return {"seconds": seconds, "cpu": cpu, "errors": errors, "summary": out.strip().splitlines()[-1], "peak_tree": sampler.peak_tree,
            "peak_main": sampler.peak_main, "peak_children": sampler.peak_children,
            "samples": sampler.samples, "method": sampler.method, "store_bytes": store_bytes}


# -- report ------------------------------------------------------------------------------------
def mib(n: int) -> str:
    return f"{n / 2**20:,.0f}"


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000, help="size of the replicated corpus (default 10000)")
    ap.add_argument("--throughput-articles", type=int, default=1000,
                    help="articles (first of the replicated corpus) for the throughput comparison (default 1000)")
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    ap.add_argument("--tiers", default="models,rules", help="models (fixture spaCy pipelines) and/or rules")
    ap.add_argument("--rss-sizes", help="corpus sizes for the memory runs (default: 1000 and --articles)")
    ap.add_argument("--rss-tiers", default="models,rules", help="tiers of the memory runs (default models,rules)")
    ap.add_argument("--rss-workers", type=int, help="workers in the memory runs (default: the largest of --workers)")
    ap.add_argument("--out", help="also write the Markdown report here")
    args = ap.parse_args()

    import spacy

    from diplokg import __version__

    workers = [int(w) for w in args.workers.split(",") if w]
    tiers = [t for t in args.tiers.split(",") if t]
    rss_tiers = [t for t in args.rss_tiers.split(",") if t]
    rss_sizes = ([int(n) for n in args.rss_sizes.split(",")] if args.rss_sizes
                 else sorted({min(1000, args.articles), args.articles}))
    rss_workers = args.rss_workers or max(workers)
    if "models" in tiers + rss_tiers:
        for path in FIXTURES.values():
            if not path.exists():
                sys.exit(f"fixture model {path} not found")
    lines: list[str] = []

    def emit(text: str = "") -> None:
        lines.append(text)
        print(text, flush=True)

    def note(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    corpus = load_corpus()
    with tempfile.TemporaryDirectory(prefix="diplokg-bench-") as tmp:
        tmp = Path(tmp)
        tp_path = tmp / "throughput.jsonl"
        write_replicated(corpus, min(args.throughput_articles, args.articles), tp_path)
        tp_rows = read_rows(tp_path)
        tp_words = sum(len(r["text"].split()) for r in tp_rows)

        emit(f"# ingest throughput — {time.strftime('%Y-%m-%d %H:%M %Z')}")
        emit()
        emit(f"- machine: {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
             f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
             f"spaCy {spacy.__version__}, diplokg {__version__}")
        emit(f"- command: `{' '.join(['python', 'benchmarks/ingest_throughput.py', *sys.argv[1:]])}`")
        emit(f"- corpus: {len(corpus)} real articles replicated to {args.articles:,}; throughput on the first "
             f"{len(tp_rows):,} ({tp_words:,} words); load average at start: {loadavg()}")
        emit()
        emit("## Throughput")
        emit()
        emit("Wall time is what a user waits; CPU time (user + system, this process and its worker")
        emit("processes) is much less sensitive to other load on a shared machine.")
        emit()
        emit("| tier | workers | variant | wall s | articles/s | words/s | CPU s | words per CPU s "
             "| ingest / bare (wall) | ingest / bare (CPU) | vs 1 worker (wall) | load avg 1 min |")
        emit("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        problems: list[str] = []
        wall: dict[tuple[str, int, str], float] = {}
        cpu: dict[tuple[str, int, str], float] = {}
        for tier in tiers:
            for w in workers:
                note(f"bare spaCy, {tier}, {w} worker(s)")
                wall[(tier, w, "bare")], cpu[(tier, w, "bare")] = time_bare(tier, tp_rows, w)
                load_bare = os.getloadavg()[0]
                note(f"ingest, {tier}, {w} worker(s)")
                secs, cpus, summary, errors = time_ingest(tier, tp_path, w, tmp / f"store-{tier}-{w}")
                problems += [f"{tier}, {w} worker(s), ingest: {e}" for e in errors]
                wall[(tier, w, "ingest")], cpu[(tier, w, "ingest")] = secs, cpus
                load_ing = os.getloadavg()[0]
                for key, variant, load in (("bare", "bare spaCy nlp.pipe", load_bare),
                                           ("ingest", "diplokg ingest", load_ing)):
                    s, c = wall[(tier, w, key)], cpu[(tier, w, key)]
                    ratio = f"{wall[(tier, w, 'bare')] / s:.2f}" if key == "ingest" else ""
                    ratio_cpu = f"{cpu[(tier, w, 'bare')] / c:.2f}" if key == "ingest" else ""
                    one = wall.get((tier, 1, key))
                    speedup = f"{one / s:.2f}" if one and w != 1 else ""
                    emit(f"| {tier} | {w} | {variant} | {s:.1f} | {len(tp_rows) / s:,.1f} | {tp_words / s:,.0f} "
                         f"| {c:.1f} | {tp_words / c:,.0f} | {ratio} | {ratio_cpu} | {speedup} | {load:.2f} |")
                note(f"  {summary}")
        emit()
        emit(f"Goals: ingest / bare >= {GOAL_VS_BARE}; 2 workers >= {GOAL_SPEEDUP} x one worker (wall).")
        for tier in tiers:
            for w in workers:
                r = wall[(tier, w, "bare")] / wall[(tier, w, "ingest")]
                rc = cpu[(tier, w, "bare")] / cpu[(tier, w, "ingest")]
                emit(f"- {tier}, {w} worker(s): ingest / bare = {r:.2f} wall "
                     f"({'met' if r >= GOAL_VS_BARE else 'MISSED'}), {rc:.2f} CPU")
            if 1 in workers:
                for w in workers:
                    if w == 1:
                        continue
                    for key in ("ingest", "bare"):
                        sp = wall[(tier, 1, key)] / wall[(tier, w, key)]
                        extra = cpu[(tier, w, key)] / cpu[(tier, 1, key)]
                        emit(f"- {tier}, {key}: {w} workers = {sp:.2f} x one worker (wall"
                             + (f", {'met' if sp >= GOAL_SPEEDUP else 'MISSED'}" if key == "ingest" else "")
                             + f"); CPU time {extra:.2f} x one worker's")
        emit()
        emit(f"## Memory (peak RSS of the `diplokg ingest` process tree, {rss_workers} worker(s))")
        emit()
        emit("| tier | articles | wall s | articles/s | CPU s | peak tree RSS MiB | peak main MiB "
             "| peak workers MiB | store on disk MiB | samples | summary |")
        emit("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for tier in rss_tiers:
            for n in rss_sizes:
                path = tmp / f"rss-{n}.jsonl"
                if not path.exists():
                    write_replicated(corpus, n, path)
                note(f"memory run, {tier}, {n} articles")
                r = rss_run(tier, path, rss_workers, tmp / f"store-rss-{tier}-{n}")
                emit(f"| {tier} | {n:,} | {r['seconds']:.0f} | {n / r['seconds']:,.1f} | {r['cpu']:.0f} "
                     f"| {mib(r['peak_tree'])} | {mib(r['peak_main'])} | {mib(r['peak_children'])} "
                     f"| {mib(r['store_bytes'])} | {r['samples']} ({r['method']}) | {r['summary']} |")
                note(f"  {r['summary']}")
                problems += [f"memory run, {tier}, {n:,} articles: {e}" for e in r["errors"]]
                shutil.rmtree(tmp / f"store-rss-{tier}-{n}", ignore_errors=True)
        emit()
        emit(f"Load average at the end: {loadavg()}.")
        if problems:
            emit()
            emit(f"## Errors reported by the runs ({len(problems)}; first 20)")
            emit()
            for line in problems[:20]:
                emit(f"- {line}")
    if args.out:
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
