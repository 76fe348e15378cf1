"""Deciding-head makers of the coder variants: sparse (the product's), sparse + embeddings, spaCy textcat.

Each maker takes (all articles, train indices, test indices) and returns the event and root heads
fitted on the training articles only, with probabilities for the test articles' rows.
"""
from __future__ import annotations

import random

import numpy as np

from diplokg.coder_data import ArticleExamples
from diplokg.extractors.coder import DECIDING_HEADS, NONE_LABEL
from diplokg.training import DEFAULT_C, fit_heads

from variant_heads import RowHead, offsets


def sparse_maker(arts, train, test, seed: int = 0) -> dict:
    """The lead's heads as they are (logistic regressions over the named sparse features)."""
    return fit_heads([arts[i] for i in train], seed=seed, heads=DECIDING_HEADS)


def _rows(arts, idx: list[int]) -> list[int]:
    first = offsets(arts)
    return [first[i] + j for i in idx for j in range(len(arts[i].examples))]


def _labels(arts, idx: list[int]):
    exs = [e for i in idx for e in arts[i].examples]
    return exs, np.array([e.root != NONE_LABEL for e in exs]), np.array([e.root for e in exs])


def _fit_tables(n_rows: int, X_train, y_event, y_root, X_test, test_rows, seed: int,
                c_event: float = DEFAULT_C["event"], c_root: float = DEFAULT_C["root"]) -> dict:
    """Event (binary, liblinear) and root (multinomial, lbfgs, gold events only) logistic regressions."""
    from sklearn.linear_model import LogisticRegression

    ev = LogisticRegression(C=c_event, solver="liblinear", max_iter=200, random_state=seed).fit(X_train, y_event)
    pos = np.flatnonzero(y_event)
    rt = LogisticRegression(C=c_root, solver="lbfgs", max_iter=300, tol=1e-3, random_state=seed)
    rt.fit(X_train[pos], y_root[pos])
    ev_table = np.full((n_rows, 2), np.nan)
    rt_table = np.full((n_rows, len(rt.classes_)), np.nan)
    if len(test_rows):
        ev_table[test_rows] = ev.predict_proba(X_test)
        rt_table[test_rows] = rt.predict_proba(X_test)
    return {"event": RowHead([str(c) for c in ev.classes_], ev_table),
            "root": RowHead([str(c) for c in rt.classes_], rt_table)}


class EmbeddingMaker:
    """Sparse features plus dense embedding columns (z-scored on the training rows, times ``alpha``)."""

    def __init__(self, emb: np.ndarray, alpha: float, seed: int = 0, sparse: bool = True):
        self.emb, self.alpha, self.seed, self.sparse = emb, alpha, seed, sparse

    def __call__(self, arts, train, test) -> dict:
        from scipy.sparse import csr_matrix, hstack
        from sklearn.feature_extraction import DictVectorizer

        tr_rows, te_rows = _rows(arts, train), _rows(arts, test)
        exs, y_event, y_root = _labels(arts, train)
        mu, sd = self.emb[tr_rows].mean(axis=0), self.emb[tr_rows].std(axis=0) + 1e-6
        dense = lambda rows: csr_matrix(self.alpha * (self.emb[rows] - mu) / sd)
        if self.sparse:
            vec = DictVectorizer()
            X_tr = hstack([vec.fit_transform([e.features for e in exs]), dense(tr_rows)]).tocsr()
            X_te = hstack([vec.transform([e.features for i in test for e in arts[i].examples]),
                           dense(te_rows)]).tocsr()
        else:
            X_tr, X_te = dense(tr_rows), dense(te_rows)
        return _fit_tables(len(self.emb), X_tr, y_event, y_root, X_te, te_rows, self.seed)


def marked_text(art: ArticleExamples, e) -> str:
    """The candidate's sentence with its mentions bracketed: "[S] Putin [/S] habe [T] Trump [/T] ...";
    a mention outside the sentence (an actor carried over from context) is put in front of it."""
    s0, s1 = art.sentences[e.sentence]
    marks = [(e.source_chars, "S", e.source["name"])]
    if e.target is not None:
        marks.append((e.target_chars, "T", e.target["name"]))
    inside = sorted(((c, tag) for c, tag, _ in marks if c and s0 <= c[0] and c[1] <= s1), reverse=True)
    text = art.text[s0:s1]
    for (a, b), tag in inside:
        if any(a < y and x < b for (x, y), t in inside if t != tag):      # overlapping mentions: mark the first
            continue
        text = f"{text[:a - s0]}[{tag}] {text[a - s0:b - s0]} [/{tag}]{text[b - s0:]}"
    front = [f"[{tag}] {name} [/{tag}]" for c, tag, name in marks if not (c and s0 <= c[0] and c[1] <= s1)]
    return " ".join(front + [text])


class SpacyTextcatMaker:
    """A spaCy ``textcat`` (exclusive classes: none + the roots) trained from scratch on marked sentences."""

    def __init__(self, arch: str = "bow", epochs: int = 3, negatives: float = 0.5, seed: int = 0):
        self.arch, self.epochs, self.negatives, self.seed = arch, epochs, negatives, seed
        self.last_nlp = None

    def _nlp(self, labels: list[str]):
        import spacy

        nlp = spacy.blank("xx")
        if self.arch == "bow":
            model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
                     "no_output_layer": False, "length": 262144}
        else:
            model = {"@architectures": "spacy.TextCatCNN.v2", "exclusive_classes": True,
                     "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "width": 64, "depth": 2,
                                 "embed_size": 5000, "window_size": 1, "maxout_pieces": 3,
                                 "subword_features": True, "pretrained_vectors": None}}
        textcat = nlp.add_pipe("textcat", config={"model": model, "threshold": 0.0})
        for lab in labels:
            textcat.add_label(lab)
        return nlp

    def __call__(self, arts, train, test) -> dict:
        from spacy.training import Example
        from spacy.util import minibatch

        rng = random.Random(self.seed)
        exs = [(marked_text(arts[i], e), e.root) for i in train for e in arts[i].examples
               if e.root != NONE_LABEL or rng.random() < self.negatives]
        labels = sorted({r for _, r in exs})
        nlp = self._nlp(labels)
        data = [Example.from_dict(nlp.make_doc(t), {"cats": {lab: float(lab == r) for lab in labels}})
                for t, r in exs]
        optimizer = nlp.initialize(lambda: data[:500])
        for _ in range(self.epochs):
            rng.shuffle(data)
            for batch in minibatch(data, size=64):
                nlp.update(batch, sgd=optimizer, drop=0.1)
        self.last_nlp = nlp
        return self.tables(nlp, arts, test, labels)

    def tables(self, nlp, arts, test, labels) -> dict:
        n = sum(len(a.examples) for a in arts)
        first = offsets(arts)
        roots = [lab for lab in labels if lab != NONE_LABEL]
        ev = np.full((n, 2), np.nan)
        rt = np.full((n, len(roots)), np.nan)
        for i in test:
            texts = [marked_text(arts[i], e) for e in arts[i].examples]
            for j, doc in enumerate(nlp.pipe(texts, batch_size=256)):
                p_none = doc.cats.get(NONE_LABEL, 0.0)
                ev[first[i] + j] = (p_none, 1.0 - p_none)
                r = np.array([doc.cats[lab] for lab in roots])
                rt[first[i] + j] = r / max(r.sum(), 1e-12)
        return {"event": RowHead(["False", "True"], ev), "root": RowHead(roots, rt)}
