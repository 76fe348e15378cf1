"""Features of a candidate for the learned coder: what a human coder looks at, as named binary signals.

For a (source, target) pair in a parsed sentence: the words of the sentence and between
the two mentions, the dependency path between their heads (labels of the UD, TIGER and
ClearNLP schemes mapped to the same coarse roles), the word that governs both (usually
the event verb), the lexicon's trigger hits (CAMEO roots, near the pair or anywhere),
what the rule tier concluded for this pair, and the actors' types and mention kinds.
Word features carry the language (``de:``/``en:``); structural ones do not, so
examples of one language teach the other through them.
"""
from __future__ import annotations

from typing import Iterable

from .candidates import Candidate
from .event_units import has_predicative_complement

# Dependency labels of three schemes (UD, TIGER, ClearNLP) mapped to coarse roles.
COARSE_DEPS = {
    "subj": {"nsubj", "sb", "csubj", "expl"},
    "subjpass": {"nsubj:pass", "nsubjpass", "csubjpass"},
    "obj": {"obj", "dobj", "oa", "oa2", "og", "attr"},
    "dat": {"iobj", "obl:arg", "da", "dative"},
    "agent": {"obl:agent", "sbp", "agent"},
    "pp": {"obl", "nmod", "pobj", "prep", "op", "mo", "pg", "mnr", "obl:tmod", "npadvmod"},
    "poss": {"nmod:poss", "det:poss", "poss", "ag"},
    "conj": {"conj", "cj", "cd", "cc"},
    "appos": {"appos", "app"},
    "clause": {"ccomp", "xcomp", "advcl", "acl", "acl:relcl", "relcl", "oc", "rc", "parataxis", "csubj:pass",
               "re", "cp", "pcomp"},
    "name": {"compound", "flat", "flat:name", "nk", "pnc", "amod", "nn"},
    "root": {"root"},
}
_COARSE = {label: role for role, labels in COARSE_DEPS.items() for label in labels}
MAX_PATH = 6            # longer dependency paths are summarised by their length only
WINDOW = 5              # words after a lone source that describe what it did


def coarse_dep(label: str) -> str:
    """A dependency label of any scheme as a coarse role.

    >>> coarse_dep("nsubj"), coarse_dep("sb"), coarse_dep("obl:arg"), coarse_dep("dative"), coarse_dep("punct")
    ('subj', 'subj', 'dat', 'dat', 'other')
    """
    return _COARSE.get(label.lower(), "other")


def _ancestors(tok, stop) -> list:
    """The token and its heads up to the sentence root (inclusive), never leaving ``stop`` (a span)."""
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and stop.start <= chain[-1].head.i < stop.end and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


def dependency_path(sent, a: int, b: int) -> tuple[list[str], object, list[str]]:
    """Coarse roles up from token ``a`` to the lowest common head, that head, and roles down to ``b``."""
    doc = sent.doc
    up_a, up_b = _ancestors(doc[a], sent), _ancestors(doc[b], sent)
    index_b = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in index_b:
            up = [coarse_dep(x.dep_) for x in up_a[:k]]
            down = [coarse_dep(x.dep_) for x in reversed(up_b[:index_b[t.i]])]
            return up, t, down
    return [coarse_dep(x.dep_) for x in up_a], None, [coarse_dep(x.dep_) for x in reversed(up_b)]


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.text).lower()


def _content_words(tokens: Iterable) -> list[str]:
    return [_lemma(t) for t in tokens if t.is_alpha and not t.is_stop and len(t.text) > 1]


def _relation_of(cand_actor, sent) -> str:
    """The coarse role of the actor's first mention head, plus its preposition if any."""
    tok = sent.doc[cand_actor.head]
    role = coarse_dep(tok.dep_)
    preps = [c.text.lower() for c in tok.children if c.dep_ in ("case", "ac")]
    if tok.head.dep_ == "prep" or tok.dep_ == "pobj":
        preps.append(tok.head.text.lower())
    return role, (preps[0] if preps else "")


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else ("8-15" if n < 16 else "16+"))


def candidate_features(cand: Candidate, sent, lang: str, triggers: list, rule_events: list,
                       n_actors: int) -> dict[str, float]:
    """Named binary features of one candidate (see the module docstring)."""
    f: dict[str, float] = {"bias": 1.0}
    L = lang + ":"
    src, tgt = cand.source, cand.target
    words = _content_words(sent)
    for w in set(words):
        f[L + "w=" + w] = 1.0
    f["n_actors=" + _bucket(n_actors)] = 1.0
    f["src_type=" + src.actor.type] = 1.0
    f["src_kind=" + src.kinds[0]] = 1.0
    _shape_features(f, "src", src.actor)
    if tgt is not None:
        _shape_features(f, "tgt", tgt.actor)
    if src.shared:
        f["src_shared"] = 1.0
    s_role, s_prep = _relation_of(src, sent)
    f["src_role=" + s_role] = 1.0
    if s_prep:
        f[L + "src_prep=" + s_prep] = 1.0
    near: set[str] = set()
    t_role = ""                       # the target's role, for pairs named in the sentence
    trig_roots = {t.entry.cameo[:2] for t in triggers}
    for r in trig_roots:
        f["lex=" + r] = 1.0
    if not triggers:
        f["lex=none"] = 1.0
    if tgt is None:
        _one_actor_features(f, src, sent, L, triggers, near)
    elif src.outside or tgt.outside:
        _context_features(f, src, tgt, sent, L, triggers, near)
    else:
        t_role = _pair_features(f, src, tgt, sent, L, triggers, near, s_role)
    for r in near:
        f["lex_near=" + r] = 1.0
        f["lex_near=" + r + "&" + ("none" if tgt is None else "pair")] = 1.0
        f["lex_near=" + r + "&src=" + src.actor.type] = 1.0
        if tgt is not None and not (src.outside or tgt.outside):
            f["lex_near=" + r + "&roles=" + s_role + ">" + t_role] = 1.0
    _rule_features(f, cand, rule_events)
    return f


def _shape_features(f: dict[str, float], side: str, actor) -> None:
    """Whether the actor has a Wikidata item, else whether its name is one word (one-word names the NER
    alone found are often no actor: sentence-initial words, German common nouns), with its type."""
    shape = "known" if actor.qid else ("local1" if len(actor.name.split()) == 1 else "local2+")
    f[side + "_shape=" + shape] = 1.0
    f[side + "_shape=" + shape + "&" + actor.type] = 1.0


def _one_actor_features(f: dict[str, float], src, sent, L: str, triggers: list, near: set[str]) -> None:
    """A candidate without a target: the words after the actor and the word that governs it."""
    doc = sent.doc
    f["no_target"] = 1.0
    f["no_target&src_type=" + src.actor.type] = 1.0
    after = doc[src.spans[0][1]:min(sent.end, src.spans[0][1] + WINDOW)]
    for w in _content_words(after):
        f[L + "aft=" + w] = 1.0
    head = doc[src.head]
    governor = head.head if head.head.i != head.i else head
    f[L + "gov=" + _lemma(governor)] = 1.0
    f["gov_pos=" + governor.pos_] = 1.0
    if has_predicative_complement(governor):
        f["gov_predicative"] = 1.0
    for t in triggers:
        if t.index == governor.i:
            near.add(t.entry.cameo[:2])
            f["gov_lex_code=" + t.entry.cameo] = 1.0


def _pair_features(f: dict[str, float], src, tgt, sent, L: str, triggers: list, near: set[str],
                   s_role: str) -> str:
    """Two actors named in the sentence: their types, roles, order, the words and the parse between them;
    returns the target's role."""
    doc = sent.doc
    f["tgt_type=" + tgt.actor.type] = 1.0
    f["tgt_kind=" + tgt.kinds[0]] = 1.0
    f["types=" + src.actor.type + ">" + tgt.actor.type] = 1.0
    if tgt.shared:
        f["tgt_shared"] = 1.0
    if src.shared and tgt.shared and any(sp in tgt.spans for sp in src.spans):
        f["same_mention"] = 1.0
    t_role, t_prep = _relation_of(tgt, sent)
    f["tgt_role=" + t_role] = 1.0
    f["roles=" + s_role + ">" + t_role] = 1.0
    if t_prep:
        f[L + "tgt_prep=" + t_prep] = 1.0
    first, second = sorted((src.head, tgt.head))
    f["src_first" if src.head < tgt.head else "tgt_first"] = 1.0
    between = doc[first + 1:second]
    f["dist=" + _bucket(len(between))] = 1.0
    for w in _content_words(between):
        f[L + "btw=" + w] = 1.0
    if any(t.text in ",;:" for t in between):
        f["comma_between"] = 1.0
    _path_features(f, sent, src.head, tgt.head, L, triggers, near, s_role + ">" + t_role)
    for t in triggers:
        if first < t.index < second:
            near.add(t.entry.cameo[:2])
    return t_role


def _path_features(f: dict[str, float], sent, src_head: int, tgt_head: int, L: str, triggers: list,
                   near: set[str], roles: str) -> None:
    """The dependency path between the two actors and the word where it turns (their lowest common head)."""
    up, top, down = dependency_path(sent, src_head, tgt_head)
    if top is None:
        return
    f[L + "lca=" + _lemma(top)] = 1.0
    f["lca_pos=" + top.pos_] = 1.0
    if len(up) + len(down) <= MAX_PATH:
        f["path=" + "/".join(up) + "^" + "/".join(down)] = 1.0
    else:
        f["path_len=long"] = 1.0
    if has_predicative_complement(top):
        f["lca_predicative"] = 1.0              # "called X a Y": naming, not the verb's plain sense
    f[L + "lca_roles=" + _lemma(top) + "|" + roles] = 1.0    # who does what to whom
    f["path_up=" + (up[0] if up else "self")] = 1.0
    f["path_down=" + (down[-1] if down else "self")] = 1.0
    for t in triggers:
        if t.index == top.i or (t.noun_index is not None and t.noun_index == top.i):
            near.add(t.entry.cameo[:2])
            f["lca_lex_code=" + t.entry.cameo] = 1.0
            f["lca_lex_kind=" + t.entry.kind] = 1.0


def _context_features(f: dict[str, float], src, tgt, sent, L: str, triggers: list, near: set[str]) -> None:
    """A pair with one actor not named in the sentence (named earlier, or the implicit agent of a passive):
    how that actor could be meant here."""
    ctx, here = (src, tgt) if src.outside else (tgt, src)
    side = "src" if src.outside else "tgt"
    f["ctx=" + side] = 1.0
    f["ctx_back=" + ("implicit" if ctx.implicit else str(min(ctx.context, 3)))] = 1.0
    f["ctx_" + side + "_type=" + ctx.actor.type] = 1.0
    f["types=" + src.actor.type + ">" + tgt.actor.type] = 1.0
    doc = sent.doc
    f["ctx_prev_role=" + coarse_dep(doc[ctx.head].dep_)] = 1.0
    head = doc[here.head]
    role = coarse_dep(head.dep_)
    f["ctx_" + side + "&here_role=" + role] = 1.0
    governor = head.head if head.head.i != head.i else head
    f[L + "ctx_gov=" + _lemma(governor)] = 1.0
    pronoun_subject = any(t.pos_ == "PRON" and coarse_dep(t.dep_) in ("subj", "subjpass") for t in sent)
    if pronoun_subject:
        f["ctx_" + side + "&pron_subj"] = 1.0
    if not any(coarse_dep(t.dep_) in ("subj", "subjpass") and t.i in range(*here.spans[0]) for t in sent):
        f["ctx_" + side + "&here_not_subj"] = 1.0
    for t in triggers:
        if t.index == governor.i:
            near.add(t.entry.cameo[:2])
    if ctx.implicit:
        _implicit_features(f, doc[ctx.head], head, L, triggers, near)


def _implicit_features(f: dict[str, float], verb, here_head, L: str, triggers: list, near: set[str]) -> None:
    """The passive verb whose unnamed agent the implicit actor stands for, and how the named actor hangs on it."""
    f[L + "implicit_verb=" + _lemma(verb)] = 1.0
    attached = here_head.head.i == verb.i or any(t.i == verb.i for t in here_head.ancestors)
    f["implicit_here=" + (coarse_dep(here_head.dep_) if attached else "elsewhere")] = 1.0
    for t in triggers:
        if t.index == verb.i:
            near.add(t.entry.cameo[:2])
            f["implicit_lex=" + t.entry.cameo[:2]] = 1.0


def _rule_features(f: dict[str, float], cand: Candidate, rule_events: list) -> None:
    """What the rule tier said about this pair, this source, or the sentence."""
    src_key, tgt_key = cand.key
    said_any = False
    for e in rule_events:
        root = e.cameo[:2]
        e_tgt = e.target.key if e.target else None
        said_any = True
        f["rule_any=" + root] = 1.0
        if e.source.key == src_key and e_tgt == tgt_key:
            f["rule_pair=" + root] = 1.0
            f["rule_pair"] = 1.0
            if e.reported:
                f["rule_pair_reported"] = 1.0
            if e.negated:
                f["rule_pair_negated"] = 1.0
        elif e.source.key == tgt_key and e_tgt == src_key:
            f["rule_reverse=" + root] = 1.0
        elif e.source.key == src_key:
            f["rule_src_other=" + root] = 1.0
        elif e_tgt is not None and e_tgt == tgt_key:
            f["rule_tgt_other=" + root] = 1.0
    if not said_any:
        f["rule_none"] = 1.0


def sentence_flag_features(sent, lang: str, negations: set[str], speech_verbs: set[str],
                           speech_phrases: tuple[str, ...], subjunctive: set[str], modal_words: dict) -> dict[str, float]:
    """Signals for the reported / negated / modality flags, shared by every candidate of a sentence."""
    f: dict[str, float] = {}
    lowered = sent.text.lower()
    for tok in sent:
        low = tok.text.lower()
        if low in negations:
            f["flag_neg=" + low] = 1.0
            f["flag_neg"] = 1.0
        if _lemma(tok) in speech_verbs:
            f["flag_speech_verb"] = 1.0
        if low in subjunctive or "Sub" in tok.morph.get("Mood"):
            f["flag_subjunctive"] = 1.0
        if low in modal_words or _lemma(tok) in modal_words:
            f["flag_modal=" + modal_words.get(low, modal_words.get(_lemma(tok), ""))] = 1.0
        if tok.text in ("\"", "“", "”", "„", "«", "»"):
            f["flag_quote"] = 1.0
    if any(p in lowered for p in speech_phrases):
        f["flag_speech_phrase"] = 1.0
    if lowered.rstrip().endswith("?"):
        f["flag_question"] = 1.0
    return f
