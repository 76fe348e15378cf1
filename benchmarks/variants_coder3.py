"""Variants screened by coder_screen.py (each: a function of the examples and the runner)."""
from __future__ import annotations

import copy

from diplokg import training
from coder_screen import dedupe

VARIANTS = {}


def variant(fn):
    VARIANTS[fn.__name__] = fn
    return fn


@variant
def base(arts, run):
    run(arts, "base")


@variant
def merge(arts, run):
    run(arts, "merge duplicates per article", post=dedupe)


def patched_fit(event_weight=None, event_solver=None):
    """A _fit whose event head uses class weights."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from diplokg.extractors.linear_model import LinearModel
    orig = training._fit

    def fit(examples, head, C, seed):
        if head != "event":
            return orig(examples, head, C, seed)
        labels = [str(e.root != "none") for e in examples]
        vec = DictVectorizer()
        X = vec.fit_transform([e.features for e in examples]).tocsr()
        X.indices = X.indices.astype(np.int32)
        X.indptr = X.indptr.astype(np.int32)
        model = LogisticRegression(C=C, solver="liblinear", max_iter=200, tol=1e-4, random_state=seed,
                                   class_weight=event_weight)
        model.fit(X, labels)
        return LinearModel.from_sklearn(model, vec)
    return fit


def with_fit(fit, body):
    orig = training._fit
    training._fit = fit
    try:
        body()
    finally:
        training._fit = orig


for _w in (2, 4, "balanced"):
    def _cw(arts, run, w=_w):
        cw = "balanced" if w == "balanced" else {"True": w, "False": 1}
        with_fit(patched_fit(cw), lambda: run(arts, f"event head class weight {w}"))
    VARIANTS[f"cw{_w}"] = _cw

for _ce in (0.1, 1.0):
    VARIANTS[f"Cev{_ce}"] = lambda arts, run, c=_ce: run(arts, f"event C {c}", fit_C={"event": c})
for _cr in (0.3, 3.0):
    VARIANTS[f"Croot{_cr}"] = lambda arts, run, c=_cr: run(arts, f"root C {c}", fit_C={"root": c})


def kind_of(e) -> str:
    if e.target is None:
        return "lone"
    return "ctx" if any(k.startswith("ctx=") for k in e.features) else "pair"


def transformed(arts, fn):
    out = []
    for a in arts:
        b = copy.copy(a)
        b.examples = [copy.copy(e) for e in a.examples]
        for e in b.examples:
            e.features = fn(e)
        out.append(b)
    return out


@variant
def kindconj(arts, run):
    def fn(e):
        k = kind_of(e)
        f = dict(e.features)
        f.update({k + "|" + n: v for n, v in e.features.items()})
        return f
    run(transformed(arts, fn), "features also conjoined with candidate kind (pair/lone/ctx)")


@variant
def nosentbow(arts, run):
    run(transformed(arts, lambda e: {n: v for n, v in e.features.items() if ":w=" not in n}),
        "without the sentence bag of words")


# -- stacking: a second stage that sees the first stage's scores of the sentence's other candidates --------
def first_stage(heads, examples):
    """(p_event, best root, p_root) per example."""
    import numpy as np
    from diplokg.extractors.coder import _positive_column
    rows = [e.features for e in examples]
    pe = _positive_column(heads["event"], heads["event"].proba(rows))
    rp = heads["root"].proba(rows)
    best = rp.argmax(axis=1)
    return pe, [heads["root"].labels[b] for b in best], rp[np.arange(len(rows)), best]


def _bin(p: float) -> str:
    for edge in (0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7):
        if p < edge:
            return f"<{edge}"
    return ">0.7"


def stage2_features(art_examples, pe, roots, pr) -> list[dict]:
    """Features of each candidate relative to the others of its sentence."""
    import math
    from collections import defaultdict
    from diplokg.evaluate import actor_id
    by_sent = defaultdict(list)
    for k, e in enumerate(art_examples):
        by_sent[e.sentence].append(k)
    out = [None] * len(art_examples)
    for ks in by_sent.values():
        key = {(actor_id(art_examples[k].source), actor_id(art_examples[k].target)): k for k in ks}
        order = sorted(ks, key=lambda k: -pe[k] * pr[k])
        rank = {k: r for r, k in enumerate(order)}
        top = pe[order[0]] * pr[order[0]]
        for k in ks:
            e = art_examples[k]
            s, t = actor_id(e.source), actor_id(e.target)
            kind = kind_of(e)
            c = pe[k] * pr[k]
            f = {"bias": 1.0, "logit": math.log(max(c, 1e-6) / max(1 - c, 1e-6)),
                 "logit_e": math.log(max(pe[k], 1e-6) / max(1 - pe[k], 1e-6)),
                 "bin=" + _bin(c): 1.0, kind + "|bin=" + _bin(c): 1.0,
                 "rank=" + str(min(rank[k], 4)): 1.0, kind + "|rank=" + str(min(rank[k], 4)): 1.0,
                 "gap=" + _bin(top - c): 1.0, "n=" + str(min(len(ks), 12) // 3): 1.0,
                 "root=" + roots[k]: 1.0}
            if t is not None:
                rev = key.get((t, s))
                if rev is not None:
                    f["rev_higher" if pe[rev] * pr[rev] > c else "rev_lower"] = 1.0
                    f["rev_same_root" if roots[rev] == roots[k] else "rev_other_root"] = 1.0
                lone = key.get((s, None))
                if lone is not None:
                    f["lone_bin=" + _bin(pe[lone] * pr[lone])] = 1.0
                tl = key.get((t, None))
                if tl is not None:
                    f["tgt_lone_bin=" + _bin(pe[tl] * pr[tl])] = 1.0
            else:
                best_pair = max((pe[j] * pr[j] for j in ks if actor_id(art_examples[j].source) == s
                                 and art_examples[j].target is not None), default=0.0)
                f["pair_bin=" + _bin(best_pair)] = 1.0
                f["pair_higher" if best_pair > c else "pair_lower"] = 1.0
            same_src = [j for j in ks if actor_id(art_examples[j].source) == s and j != k]
            if same_src:
                f["top_of_source" if all(pe[j] * pr[j] <= c for j in same_src) else "not_top_of_source"] = 1.0
            out[k] = f
    return out


def stacked_heads(train, seed=0, C2=1.0, inner=3, fit=None):
    """First-stage heads on all of ``train`` plus a second stage fitted on inner out-of-fold scores."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from diplokg.extractors.coder import DECIDING_HEADS
    X2, y2 = [], []
    for fold in training.folds_of(train, inner, seed):
        test = set(fold)
        heads = fit([a for i, a in enumerate(train) if i not in test], None, seed, DECIDING_HEADS)
        for i in fold:
            ex = train[i].examples
            if not ex:
                continue
            pe, roots, pr = first_stage(heads, ex)
            X2 += stage2_features(ex, pe, roots, pr)
            y2 += [str(e.root != "none" and e.root == r) for e, r in zip(ex, roots)]
    vec = DictVectorizer()
    X = vec.fit_transform(X2).tocsr()
    X.indices = X.indices.astype(np.int32); X.indptr = X.indptr.astype(np.int32)
    m2 = LogisticRegression(C=C2, solver="liblinear", max_iter=300, random_state=seed).fit(X, y2)
    heads = fit(train, None, seed, DECIDING_HEADS)
    return heads, vec, m2


def stacked_predict(heads, vec, m2, art):
    import numpy as np
    ex = art.examples
    if not ex:
        return []
    pe, roots, pr = first_stage(heads, ex)
    X = vec.transform(stage2_features(ex, pe, roots, pr))
    p2 = m2.predict_proba(X)[:, list(m2.classes_).index("True")]
    out = []
    for e, p, r in zip(ex, p2, roots):
        out.append({"source": e.source, "target": e.target, "cameo": r, "relation": "", "confidence": float(p),
                    "reported": False, "negated": False, "sentence": e.sentence})
    return out


def symmetric_one(preds):
    """One 04 event per unordered pair of a sentence (as decide_rows)."""
    from diplokg.evaluate import actor_id
    best, out = {}, []
    for p in preds:
        if p["cameo"] == "04" and p["target"] is not None:
            k = (p["sentence"], frozenset((actor_id(p["source"]), actor_id(p["target"]))))
            if k not in best or best[k]["confidence"] < p["confidence"]:
                best[k] = p
            continue
        out.append(p)
    return out + list(best.values())


@variant
def stacked(arts, run):
    orig_fit, orig_pred = training.fit_heads, training.predict_article
    state = {}

    def fit_heads(train, C, seed, heads):
        state["m"] = stacked_heads(train, seed, fit=orig_fit)
        return state["m"][0]

    def predict_article(heads, art, t):
        return [p for p in symmetric_one(stacked_predict(*state["m"], art)) if p["confidence"] >= t]
    training.fit_heads, training.predict_article = fit_heads, predict_article
    try:
        run(arts, "stacked second stage (sentence-relative scores, inner 3-fold OOF)")
    finally:
        training.fit_heads, training.predict_article = orig_fit, orig_pred


def _pair_gold_elsewhere(art):
    """Per example: its pair matches a gold event of the article (any sentence, any root)."""
    from diplokg.evaluate import event_matches
    out = []
    for e in art.examples:
        out.append(e.root == "none" and any(event_matches(
            {"source": e.source, "target": e.target, "cameo": str(g["cameo"])}, g) for g in art.gold))
    return out


@variant
def noisefree(arts, run):
    """Training drops 'none' candidates whose pair is a gold event elsewhere in the article (label noise)."""
    orig = training.fit_heads
    flags = {id(a): _pair_gold_elsewhere(a) for a in arts}
    dropped = sum(sum(f) for f in flags.values())

    def fit_heads(train, C, seed, heads):
        clean = []
        for a in train:
            b = copy.copy(a)
            b.examples = [e for e, f in zip(a.examples, flags[id(a)]) if not f]
            clean.append(b)
        return orig(clean, C, seed, heads)
    training.fit_heads = fit_heads
    try:
        run(arts, f"training without {dropped} 'none' candidates whose pair is gold elsewhere in the article")
    finally:
        training.fit_heads = orig


@variant
def joint(arts, run):
    """One softmax over none + roots decides (event head = 1 - p(none)); root head as before."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from diplokg.extractors.linear_model import LinearModel
    orig = training._fit

    def fit(examples, head, C, seed):
        if head != "event":
            return orig(examples, head, C, seed)
        vec = DictVectorizer()
        X = vec.fit_transform([e.features for e in examples]).tocsr()
        X.indices = X.indices.astype(np.int32); X.indptr = X.indptr.astype(np.int32)
        m = LogisticRegression(C=0.3, solver="lbfgs", max_iter=150, tol=1e-3, random_state=seed)
        m.fit(X, [e.root for e in examples])
        lm = LinearModel.from_sklearn(m, vec)
        return JointEvent(lm)
    with_fit(fit, lambda: run(arts, "joint softmax none+roots as event head"))


class JointEvent:
    """Wraps a none+roots softmax as a binary event head (p(True) = 1 - p(none))."""
    labels = ["False", "True"]

    def __init__(self, lm):
        self.lm = lm

    def proba(self, rows):
        import numpy as np
        p = self.lm.proba(rows)
        none = p[:, self.lm.labels.index("none")]
        return np.stack([none, 1 - none], axis=1)


def _salience(art):
    """Per actor id: sentences naming it in the article, and its rank by that count."""
    from collections import Counter
    from diplokg.evaluate import actor_id
    c = Counter()
    for e in art.examples:
        if e.target is None and not any(k.startswith("ctx=") for k in e.features):
            c[actor_id(e.source)] += 1
    ranks = {a: r for r, (a, _) in enumerate(c.most_common())}
    return c, ranks


def _freq_bucket(n: int) -> str:
    return "1" if n <= 1 else "2" if n == 2 else "3-4" if n <= 4 else "5-9" if n <= 9 else "10+"


def salience_features(e, c, ranks) -> dict:
    from diplokg.evaluate import actor_id
    f = dict(e.features)
    for side, a in (("src", e.source), ("tgt", e.target)):
        if a is None:
            continue
        k = actor_id(a)
        f[side + "_known" if a.get("qid") else side + "_local"] = 1.0
        f[side + "_freq=" + _freq_bucket(c.get(k, 0))] = 1.0
        r = ranks.get(k, 99)
        f[side + "_rank=" + ("1" if r == 0 else "2-3" if r < 3 else "4+")] = 1.0
    return f


@variant
def salience(arts, run):
    out = []
    for a in arts:
        c, ranks = _salience(a)
        b = copy.copy(a)
        b.examples = [copy.copy(e) for e in a.examples]
        for e in b.examples:
            e.features = salience_features(e, c, ranks)
        out.append(b)
    run(out, "actor salience: known/local, sentences naming it in the article, its rank")


CONJ_PREFIXES = ("path=", "roles=", "lex_near=", "rule_pair", "rule_any=", "rule_src_other=", "rule_reverse=",
                 "src_type=", "tgt_type=", "src_kind=", "tgt_kind=", "dist=", "ctx=", "ctx_back=", "no_target",
                 "lca_pos=", "gov_pos=", "lca_lex_code=", "gov_lex_code=", "n_actors=", "src_role=", "tgt_role=")


def conj_features(e) -> dict:
    f = dict(e.features)
    keys = sorted(k for k in e.features if k.startswith(CONJ_PREFIXES) and "&" not in k)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            f[a + "&&" + b] = 1.0
    return f


@variant
def conj(arts, run):
    run(transformed(arts, conj_features), "pairwise conjunctions of structural features")


def _conf_variant(arts, run, power: float, name: str):
    import numpy as np
    from diplokg.extractors import coder as C
    orig = C.decide_rows

    def decide_rows(heads, rows, keys, threshold):
        if not rows:
            return []
        p_event = C._positive_column(heads["event"], heads["event"].proba(rows))
        root_p = heads["root"].proba(rows)
        kept = []
        for i in range(len(rows)):
            best = int(np.argmax(root_p[i]))
            conf = float(p_event[i] * root_p[i][best] ** power)
            if conf >= threshold:
                kept.append((i, heads["root"].labels[best], conf, i))
        kept = C._one_per_symmetric_pair(keys, kept)
        return [(i, r, r, c, False, False) for i, r, c, _ in kept]
    training.decide_rows = decide_rows
    try:
        run(arts, name)
    finally:
        training.decide_rows = orig


VARIANTS["conf_event_only"] = lambda arts, run: _conf_variant(arts, run, 0.0, "confidence = p(event) (root = argmax)")
VARIANTS["conf_sqrt"] = lambda arts, run: _conf_variant(arts, run, 0.5, "confidence = p(event) * sqrt(p(root))")


def name_shape_features(e) -> dict:
    f = dict(e.features)
    for side, a in (("src", e.source), ("tgt", e.target)):
        if a is None:
            continue
        local = not a.get("qid")
        words = len((a.get("name") or "").split())
        f[side + "_shape=" + ("known" if not local else "local1" if words == 1 else "local2+")] = 1.0
        f[side + "_shape=" + ("known" if not local else "local1" if words == 1 else "local2+") + "&" + a.get("type", "")] = 1.0
    return f


@variant
def nameshape(arts, run):
    run(transformed(arts, name_shape_features), "actor name shape: gazetteer-known / local one word / local 2+ words")
