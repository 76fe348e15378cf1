"""Extraction speed against the bare spaCy pipeline on the same texts, in one run.

    python benchmarks/extraction_speed.py [--lang de|en|both] [--repeat 2] [--coder DIR]

Reads ../shared/data/corpus/{de,en}.jsonl and the fixture models in
../shared/models (or --model LANG=SPEC). For each language it times, in the same
process and run: (a) bare ``nlp.pipe`` of the loaded fixture pipeline, (b) our
extraction with the learned coder (the default: actor linking, candidates,
features, the coder's heads), (c) the same pipeline with the rules deciding
(``--coder rules``), and (d) the rule tier (no model). It prints words/s and the
ratio (ours / bare time); the learned coder's goal is ratio <= 3.0 (aim 2.0).
Timings alternate the variants to share the machine's noise. It also prints the
memory the loaded coder takes (RSS before and after loading it).
"""
from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = {"de": SHARED / "models" / "de_diplo_ud_sm", "en": SHARED / "models" / "en_core_web_sm"}


def load_texts(lang: str) -> list[dict]:
    path = SHARED / "data" / "corpus" / f"{lang}.jsonl"
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def main() -> None:
    from diplokg.config import Config
    from diplokg.extractors.coder import LearnedCoder, shipped_coder_dir
    from diplokg.core.records import Article
    from diplokg.pipeline import Extractor

    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", default="both", choices=["de", "en", "both"])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--coder", help="the learned coder to time (a folder from 'diplokg train'; default: the shipped one)")
    args = ap.parse_args()
    langs = ["de", "en"] if args.lang == "both" else [args.lang]
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} | {platform.processor() or platform.machine()} | "
          f"python {platform.python_version()} | spaCy {spacy.__version__}")
    print("| lang | variant | words | seconds (best) | words/s | ratio vs bare |")
    print("|---|---|---:|---:|---:|---:|")
    for lang in langs:
        rows = load_texts(lang)
        texts = [r["text"] for r in rows]
        words = sum(len(t.split()) for t in texts)
        bare = spacy.load(FIXTURES[lang])
        ours = Extractor(Config(models={lang: str(FIXTURES[lang])}, coder=args.coder))
        with_rules = Extractor(Config(models={lang: str(FIXTURES[lang])}, coder="rules"))
        rules = Extractor(Config(models={lang: "rules"}))
        articles = [Article(r["id"], r["text"], lang=lang, date=r.get("date")) for r in rows]
        # warm-up: loads, HanTa cache, lexicon indexes
        list(bare.pipe(texts[:5]))
        list(with_rules.pipe(articles[:5]))
        before = _rss_mb()
        coder = LearnedCoder(args.coder or shipped_coder_dir())
        coder_mb = _rss_mb() - before
        del coder
        list(ours.pipe(articles[:5]))
        list(rules.pipe(articles[:5]))
        best = {"bare spaCy nlp.pipe": float("inf"), "diplokg extract": float("inf"),
                "diplokg extract --coder rules": float("inf"), "diplokg rule tier": float("inf")}
        events = {}
        for _ in range(args.repeat):
            t = time.perf_counter(); list(bare.pipe(texts)); best["bare spaCy nlp.pipe"] = min(best["bare spaCy nlp.pipe"], time.perf_counter() - t)
            t = time.perf_counter(); res = list(ours.pipe(articles)); best["diplokg extract"] = min(best["diplokg extract"], time.perf_counter() - t)
            events["diplokg extract"] = sum(len(r.events) for r in res)
            t = time.perf_counter(); res = list(with_rules.pipe(articles))
            best["diplokg extract --coder rules"] = min(best["diplokg extract --coder rules"], time.perf_counter() - t)
            events["diplokg extract --coder rules"] = sum(len(r.events) for r in res)
            t = time.perf_counter(); res = list(rules.pipe(articles)); best["diplokg rule tier"] = min(best["diplokg rule tier"], time.perf_counter() - t)
            events["diplokg rule tier"] = sum(len(r.events) for r in res)
        base = best["bare spaCy nlp.pipe"]
        for name, secs in best.items():
            extra = f" ({events[name]} events)" if name in events else ""
            print(f"| {lang} | {name}{extra} | {words} | {secs:.2f} | {words / secs:,.0f} | {secs / base:.2f} |")
        print(f"| {lang} | memory of the loaded coder (RSS growth when loading it) | | | {coder_mb:.0f} MB | |")


def _rss_mb() -> float:
    import resource
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
