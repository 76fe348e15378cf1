"""Round 11 experiment: the spaCy pipeline's own contextual token vectors as coder features.

    python benchmarks/variant_tensor.py --cache /tmp/dkg-tensor [--slots src tgt top] [--scale 3.0] [--seed 0]

Each candidate gets the ``doc.tensor`` rows (the shared tok2vec output, 96 floats in both fixture
pipelines) of its source head, its target head and the word joining them (their lowest common head; a
lone source's governor), each scaled to length ``--scale``, named per language (``de:vec_top_17``), on top
of the coder's usual features; then ``coder_cv.py``'s cross-validation runs unchanged. The vectors cost no
parse time (spaCy computes them anyway), but they tie a coder to the pipeline that made them.

A DocBin keeps no tensors, so ``--cache`` must be a folder without parses of an earlier run: the articles
are parsed afresh (about half a minute) and the examples built from those parses. Other options
(``--seed``, ``--dump``, ``--sentences``, ...) go to ``coder_cv.py``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def tensor_features(f: dict[str, float], cand, sent, lang: str, slots: tuple[str, ...], scale: float,
                    names: dict) -> None:
    """Add the scaled token vectors of the candidate's ``slots`` (src, tgt, top) to the feature dict ``f``."""
    from diplokg.extractors.coder_features import dependency_path

    doc = sent.doc
    if doc.tensor is None or not doc.tensor.size or doc.tensor.shape[0] != len(doc):
        raise SystemExit("variant_tensor: the parses carry no token vectors (a cached DocBin?): use a fresh --cache")
    src, tgt = cand.source, cand.target
    where = {"src": src.head}
    if tgt is not None and not tgt.outside:
        where["tgt"] = tgt.head
        top = dependency_path(sent, src.head, tgt.head)[1]
        if top is not None:
            where["top"] = top.i
    elif not src.outside:
        where["top"] = doc[src.head].head.i
    for slot, i in where.items():
        if slot in slots:
            v = np.asarray(doc.tensor[i], dtype=np.float64)
            v = v / (np.linalg.norm(v) + 1e-9) * scale
            keys = names.setdefault((lang, slot, len(v)), [f"{lang}:vec_{slot}_{k}" for k in range(len(v))])
            f.update(zip(keys, v.tolist()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0], add_help=True)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--slots", nargs="+", choices=("src", "tgt", "top"), default=["src", "tgt", "top"])
    ap.add_argument("--scale", type=float, default=3.0)
    args, rest = ap.parse_known_args()
    if list(args.cache.glob("docs-*.spacy")) or (args.cache / "ex.pkl").exists():
        ap.error(f"{args.cache}: holds parses or examples of an earlier run (no token vectors): use an empty folder")
    import coder_cv
    from diplokg.extractors import coder

    plain, slots, names = coder.candidate_features, tuple(args.slots), {}

    def with_vectors(cand, sent, lang, *more):
        f = plain(cand, sent, lang, *more)
        tensor_features(f, cand, sent, lang, slots, args.scale, names)
        return f

    coder.candidate_features = with_vectors
    sys.argv = [sys.argv[0], "--cache", str(args.cache), *rest]
    return coder_cv.main()


if __name__ == "__main__":
    sys.exit(main())
