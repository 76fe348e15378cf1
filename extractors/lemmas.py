"""Lemma candidates for matching tokens against the event lexicon.

The statistical lemmatizers we meet are uneven (the small German fixture turns
"angeboten" into "angebon"; the rule tier has none), so a token matches a
lexicon lemma when any candidate does: the pipeline's lemma, HanTa's German
morphological analysis (cached per word form), or suffix-stripping rules. Over-
generation is harmless because candidates are only compared with the lexicon.
"""
from __future__ import annotations

from functools import lru_cache

_DE_SUFFIXES = ("est", "tet", "ten", "test", "te", "en", "et", "st", "t", "e", "n", "end", "ende", "enden")
_EN_IRREGULAR = {
    "met": "meet", "spoke": "speak", "spoken": "speak", "said": "say", "says": "say", "told": "tell",
    "took": "take", "taken": "take", "gave": "give", "given": "give", "made": "make", "held": "hold",
    "sought": "seek", "brought": "bring", "fought": "fight", "struck": "strike", "stricken": "strike",
    "shot": "shoot", "hit": "hit", "sent": "send", "left": "leave", "won": "win", "lost": "lose",
    "began": "begin", "begun": "begin", "broke": "break", "broken": "break", "withdrew": "withdraw",
    "withdrawn": "withdraw", "threw": "throw", "thrown": "throw", "led": "lead", "paid": "pay",
    "bought": "buy", "sold": "sell", "froze": "freeze", "frozen": "freeze", "forbade": "forbid",
    "forbidden": "forbid", "undertook": "undertake", "undertaken": "undertake", "beat": "beat",
    "beaten": "beat", "overthrew": "overthrow", "overthrown": "overthrow", "seized": "seize",
    "wrote": "write", "written": "write", "rode": "ride", "drove": "drive", "driven": "drive",
    "kept": "keep", "swore": "swear", "sworn": "swear", "bore": "bear", "borne": "bear", "fled": "flee",
    "stood": "stand", "understood": "understand", "went": "go", "gone": "go", "came": "come",
    "saw": "see", "seen": "see", "knew": "know", "known": "know", "rang": "ring", "rung": "ring",
    "shook": "shake", "shaken": "shake", "forgave": "forgive", "forgiven": "forgive", "did": "do",
    "done": "do", "was": "be", "were": "be", "been": "be", "had": "have", "has": "have",
    "upheld": "uphold", "withheld": "withhold", "arose": "arise", "fell": "fall", "fallen": "fall",
    "bade": "bid", "spent": "spend", "lent": "lend", "built": "build", "meant": "mean", "put": "put",
    "set": "set", "cut": "cut", "shut": "shut", "quit": "quit", "let": "let", "spread": "spread",
    "sank": "sink", "sunk": "sink", "slew": "slay", "slain": "slay", "stole": "steal", "stolen": "steal",
}


@lru_cache(maxsize=1)
def _hanta():
    try:
        from HanTa import HanoverTagger
    except ImportError:          # HanTa is a declared dependency; degrade to rules if it is missing
        return None
    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


@lru_cache(maxsize=200_000)
def hanta_lemma(word: str) -> str | None:
    """HanTa's lemma of a German word form (cached; None if HanTa is unavailable)."""
    tagger = _hanta()
    if tagger is None:
        return None
    try:
        lemma, _tag = tagger.analyze(word)
    except Exception:            # HanTa raises on odd strings (digits, symbols)
        return None
    return lemma.lower()


@lru_cache(maxsize=200_000)
def german_candidates(word: str, particles: frozenset[str] = frozenset()) -> frozenset[str]:
    """Possible infinitives of a German verb form ("strebten" -> "streben", "anzubieten" -> "anbieten")."""
    w = word.lower()
    out = {w}
    stems = {w}
    for part in particles:
        if w.startswith(part + "zu") and len(w) > len(part) + 4:
            stems.add(part + w[len(part) + 2:])
        if w.startswith(part + "ge") and len(w) > len(part) + 4:
            stems.add(part + w[len(part) + 2:])
    if w.startswith("ge") and len(w) > 5:
        stems.add(w[2:])
    for stem in stems:
        out.add(stem)
        for suffix in _DE_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                base = stem[: -len(suffix)]
                out.add(base + "en")
                out.add(base + "n")
                if base.endswith("ier"):
                    out.add(base + "en")
    return frozenset(out)


@lru_cache(maxsize=200_000)
def english_candidates(word: str) -> frozenset[str]:
    """Possible base forms of an English verb form ("imposed" -> "impose", "met" -> "meet")."""
    w = word.lower()
    out = {w}
    if w in _EN_IRREGULAR:
        out.add(_EN_IRREGULAR[w])
    if w.endswith("ies") or w.endswith("ied"):
        out.add(w[:-3] + "y")
    for suffix in ("es", "s", "ed", "d", "ing"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            base = w[: -len(suffix)]
            out.add(base)
            out.add(base + "e")
            if len(base) > 2 and base[-1] == base[-2]:
                out.add(base[:-1])
    return frozenset(out)


def token_lemmas(token, lang: str, particles: frozenset[str] = frozenset()) -> frozenset[str]:
    """All lemma candidates of a spaCy token in ``lang``."""
    text = token.text
    cands = {token.lemma_.lower()} if token.lemma_ else set()
    if lang == "de":
        cands |= german_candidates(text, particles)
        if text[:1].islower() and len(text) >= 3:      # short strong forms: "bot", "lud", "bat"
            lemma = hanta_lemma(text)
            if lemma:
                cands.add(lemma)
    else:
        cands |= english_candidates(text)
    return frozenset(cands)
