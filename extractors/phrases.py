"""Surface forms of actors: the gazetteer's phrases tokenized once, country adjectives, role nouns.

Small lookups the actor linker and the collective-actor finder share.
"""
from __future__ import annotations

from ..ontology.gazetteer import Gazetteer, RoleTerm

_DE_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")


_PHRASE_INDEX_CACHE: dict[tuple[int, str], tuple[dict, int]] = {}


def phrase_index(gaz: Gazetteer, tokenizer_key: str, tokenizer) -> tuple[dict, int]:
    """Tokenize every gazetteer phrase once per gazetteer and tokenizer: token-tuple -> entries."""
    cache_key = (id(gaz), tokenizer_key)
    if cache_key not in _PHRASE_INDEX_CACHE:
        _PHRASE_INDEX_CACHE[cache_key] = _build_phrase_index(gaz, tokenizer)
    return _PHRASE_INDEX_CACHE[cache_key]


def _build_phrase_index(gaz: Gazetteer, tokenizer) -> tuple[dict, int]:
    index: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    longest = 1
    for phrase, entries in gaz.phrases.items():
        tokens = tuple(t.text.lower() for t in tokenizer(phrase) if not t.is_space)
        if len(tokens) > 1 and tokens[-1] == ".":
            tokens = tokens[:-1]                     # "König Abdullah II." -> matched without the period
        if len(tokens) > 1 and tokens[-1].endswith(".") and len(tokens[-1]) > 2:
            tokens = tokens[:-1] + (tokens[-1][:-1],)
        if not tokens:
            continue
        variants = {tokens, _rejoin_abbreviations(tokens, phrase)}
        last = tokens[-1]
        if len(last) > 2 and last[-1] not in "sxzß" and entries[0][1] in ("name", "seat"):
            variants.add(tokens[:-1] + (last + "s",))        # German genitive/possessive: "Russlands", "Putins"
        for variant in variants:
            bucket = index.setdefault(variant, [])
            for entry in entries:
                if entry not in bucket:
                    bucket.append(entry)
        longest = max(longest, len(tokens))
    return index, longest


def _rejoin_abbreviations(tokens: tuple[str, ...], phrase: str) -> tuple[str, ...]:
    """ "u.s" "." -> "u.s.": lower-cased abbreviations tokenize apart, in text "U.S." is one token."""
    words = phrase.split()
    if len(words) == 1 and "." in phrase[:-1]:
        return (phrase,)
    out: list[str] = []
    for tok in tokens:
        if tok == "." and out and "." in out[-1]:
            out[-1] += "."
        else:
            out.append(tok)
    return tuple(out)


def adjective_country(token, lang: str, gaz: Gazetteer) -> str | None:
    low = token.text.lower()
    if lang == "de":
        if not token.text[:1].islower():
            return None
        for ending in _DE_ADJ_ENDINGS:
            stem = low[: len(low) - len(ending)] if ending else low
            if ending and not low.endswith(ending):
                continue
            iso = gaz.adjective_stems.get(stem)
            if iso:
                return iso
        return None
    return gaz.adjective_stems.get(low) if token.text[:1].isupper() else None


def role_term(token, lang: str, gaz: Gazetteer) -> RoleTerm | None:
    forms = [token.text.lower(), token.lemma_.lower()]
    low = token.text.lower()
    for suffix in ("en", "n", "s", "es"):
        if low.endswith(suffix):
            forms.append(low[: -len(suffix)])
    for form in forms:
        role = gaz.roles.get((lang, form))
        if role:
            return role
    return None
