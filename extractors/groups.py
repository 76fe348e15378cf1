"""Group actors named by a plural noun: "Hong Kong protesters", "prorussische Separatisten", "refugees".

News names many actors by a collective noun rather than a name. ``groups.tsv`` lists the nouns (German
and English) with the English word an analyst uses, and the adjectives that narrow them. A group
mention is the noun with the modifiers right before it; its English name is built the way the gold
conventions name vague collectives (``NOTES.md``: "Syrian opposition", "foreign powers"):

* a country adjective or name becomes the English adjective ("serbische Demonstranten", "US voters" ->
  "Serbian protesters", "American voters");
* another linked name or an English proper noun is kept as written ("Hong Kong protesters",
  "Trump supporters", "Democratic voters"), as are English "pro-"/"anti-" compounds ("pro-Russian");
* a listed modifier is translated ("prorussische" -> "pro-Russian", "westliche" -> "Western");
* "supporters of X" / "Anhänger Erdoğans" names the person or body: "supporters of Recep Tayyip Erdoğan".

Nouns marked ``bare=no`` ("teachers", "countries") name a group only with a modifier. Rebels, the
opposition and government troops are left to ``collectives.py``; pronoun-like uses ("the militants"
after a named group) were resolved before this runs, so their tokens are taken.
"""
from __future__ import annotations

from collections import Counter

from ..ontology.gazetteer import Gazetteer
from .collectives import english_adjectives
from ..core.records import Actor, slugify
from .phrases import adjective_country
from .mention import Mention

OF_WORDS = {"en": {"of"}, "de": {"von", "des", "der"}}
LOCATIVE_WORDS = {"in", "im"}
LOCATIVE_PREPOSITIONS = {"in", "im", "nach", "gen", "aus", "vom", "von", "to", "from", "into", "towards"}
STANCE_PREFIXES = {"pro", "anti"}
TYPE_LIKE_NOUNS = {"militants", "rebels", "group", "militia"}
RELATION_NOUNS = {"supporters", "critics", "opponents"}
MAX_MODIFIERS = 3


def _country_adjective(gaz: Gazetteer, iso: str | None) -> str | None:
    if not iso:
        return None
    return english_adjectives(gaz).get(gaz.countries.get(iso, ""))


def group_mentions(doc, mentions: list, linker) -> list:
    """The mentions plus GROUP mentions for collective nouns (see the module docstring)."""
    gaz: Gazetteer = linker.gaz
    lang = linker.lang
    if not gaz.group_nouns:
        return mentions
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    found: list[tuple[int, int, str, str, list[str], str | None, list]] = []   # start, end, noun, bare, words, iso, used
    for tok in doc:
        entry = gaz.group_nouns.get((lang, tok.text.lower()))
        if entry is None or tok.pos_ not in ("NOUN", "PROPN", "") or _taken(doc, tok, by_token):
            continue
        english, bare = entry
        if " " in english:                           # a fixed name: "der Westen", "Unbekannte"
            if not _locative(doc, tok, lang):
                found.append((tok.i, tok.i + 1, english, "fixed", [], None, [by_token[tok.i]] if tok.i in by_token else []))
            continue
        start, words, iso, used = _modifiers(doc, tok.i, by_token, linker)
        end = tok.i + 1
        if tok.i in by_token:
            used.append(by_token[tok.i])            # the NER read the noun as a name ("Separatisten" ORG)
        if english in RELATION_NOUNS and not words:
            name, end, target = _relation_target(doc, tok.i, by_token, lang, english)
            if target is not None:
                found.append((start, end, english, "of", [name], None, used + [target]))
                continue
        if not words and bare == "no":
            continue
        found.append((start, end, english, bare, words, iso, used))
    if not found:
        return mentions
    place = None
    added, absorbed = [], set()
    for k, (start, end, english, bare, words, iso, used) in enumerate(found):
        if bare == "of":
            name = words[0]
        elif bare == "fixed":
            name = english
        else:
            if not words:                          # "the protesters" after "Hong Kong protesters"
                words, iso = _earlier_modifiers(found, k, english)
            if not words and bare == "placed":
                place = place or _article_place(doc, mentions, gaz) or ("", None)
                words, iso = ([place[0]], place[1]) if place[0] else ([], None)
            name = " ".join(words + [english])
        actor = Actor(f"local:group:{slugify(name)}", name, "GROUP", None, None, iso)
        added.append(Mention(start, end, (actor,), "collective", 0.5, {"group_noun": english}))
        absorbed.update(id(m) for m in used)
    kept = [m for m in mentions if id(m) not in absorbed]
    return sorted(kept + added, key=lambda m: m.start)


def _locative(doc, tok, lang: str) -> bool:
    """ "im Westen des Landes", "the west of the country", lower-case "west": a direction, not a group."""
    prev = doc[tok.i - 1].text.lower() if tok.i > 0 else ""
    nxt = doc[tok.i + 1].text.lower() if tok.i + 1 < len(doc) else ""
    return not tok.text[:1].isupper() or prev in LOCATIVE_PREPOSITIONS or nxt in OF_WORDS.get(lang, ()) \
        or (lang == "en" and nxt[:1].isalpha() and doc[tok.i + 1].text[:1].isupper())


def _taken(doc, tok, by_token: dict) -> bool:
    """A token some mention already names, other than a bare NER reading of the noun; and "the militants"
    right after a named group, which the linker's type descriptions resolve to that group."""
    m = by_token.get(tok.i)
    if m is not None and not (m.kind == "ner" and m.start == m.end - 1 == tok.i):
        return True
    return tok.i > 0 and doc[tok.i - 1].text.lower() == "the" and tok.text.lower() in TYPE_LIKE_NOUNS


def _earlier_modifiers(found: list, k: int, english: str) -> tuple[list[str], str | None]:
    """The modifiers of the same noun named with modifiers before (else after) in the article."""
    before = [f for f in found[:k] if f[2] == english and f[4] and f[3] != "of"]
    after = [f for f in found[k + 1:] if f[2] == english and f[4] and f[3] != "of"]
    pick = before[-1] if before else (after[0] if after else None)
    return (list(pick[4]), pick[5]) if pick else ([], None)


def _article_place(doc, mentions: list, gaz: Gazetteer) -> tuple[str, str | None] | None:
    """(English modifier, ISO3) of the place the article reports from: the country or region named
    clearly most often after "in"/"im" ("in Hong Kong", "in Serbien"), else named clearly most often at
    all ("Belgrade", "Serbia", "Serbians"); None when no place stands out."""
    located: Counter[str] = Counter()
    named: Counter[str] = Counter()
    actors = {}
    for m in mentions:
        if len(m.actors) != 1 or m.kind == "pronoun" or m.features.get("context_country"):
            continue
        actor = m.actors[0]
        if actor.type not in ("COUNTRY", "GOVERNMENT") or not actor.country:
            continue
        actors[actor.key] = actor
        named[actor.key] += 1
        if m.start > 0 and doc[m.start - 1].text.lower() in LOCATIVE_WORDS:
            located[actor.key] += 1
    best = _clear_winner(located) or _clear_winner(named)
    if best is None:
        return None
    actor = actors[best]
    if actor.key == gaz.countries.get(actor.country):
        return _country_adjective(gaz, actor.country) or actor.name, actor.country
    return actor.name, actor.country


def _clear_winner(counts: Counter) -> str | None:
    """The key counted at least twice and more often than any other, else None."""
    ranked = counts.most_common(2) + [(None, 0)]
    best, n = ranked[0]
    return best if best is not None and n >= 2 and n > ranked[1][1] else None


def _modifiers(doc, i: int, by_token: dict, linker) -> tuple[int, list[str], str | None, list]:
    """(start token, English modifier words, country ISO3, absorbed mentions) of the noun at ``i``."""
    gaz, lang = linker.gaz, linker.lang
    words: list[str] = []
    used: list = []
    iso = None
    j = i - 1
    start = i
    while j >= 0 and len(words) < MAX_MODIFIERS:
        tok = doc[j]
        m = by_token.get(j)
        word, span_start, country = None, j, None
        if m is not None:
            if m.kind == "pronoun" or len(m.actors) != 1 or m.end != j + 1:
                break
            actor = m.actors[0]
            span_start = m.start
            if actor.country and actor.key == gaz.countries.get(actor.country):   # the country itself
                country = actor.country
                word = _country_adjective(gaz, country) or actor.name
            elif lang == "en":
                word = doc[m.start:m.end].text          # "Hong Kong protesters", "Trump supporters"
            elif actor.type != "PERSON":
                word = actor.name
        else:
            word, country = _plain_modifier(tok, linker)
        if word is None:
            break
        if m is not None:
            used.append(m)
        if span_start >= 2 and doc[span_start - 1].text == "-" and doc[span_start - 2].text.lower() in STANCE_PREFIXES:
            span_start -= 2                            # "pro - Russian" split by the tokenizer: "pro-Russian"
            word, country = f"{doc[span_start].text.lower()}-{word}", None
        words.insert(0, word)
        iso = iso or country
        start = span_start
        j = span_start - 1
    return start, words, iso, used


def _plain_modifier(tok, linker) -> tuple[str | None, str | None]:
    """An unlinked modifier word: a listed adjective, a country adjective, a pro-/anti- compound, a
    German place adjective ("Hongkonger"), or an English capitalised proper noun/adjective."""

    gaz, lang = linker.gaz, linker.lang
    low = tok.text.lower()
    listed = gaz.group_modifiers.get((lang, low))
    if listed:
        return listed, None
    iso = adjective_country(tok, lang, gaz)
    if iso:
        return _country_adjective(gaz, iso) or tok.text, iso
    if lang == "en":
        if low.startswith(("pro-", "anti-")) or low.endswith("-wing"):
            return tok.text, None
        if tok.text[:1].isupper() and (tok.pos_ == "PROPN" or (tok.pos_ == "ADJ" and not tok.is_sent_start)):
            return tok.text, None
        return None, None
    if tok.text[:1].isupper() and low.endswith("er") and len(low) > 4:
        for key, _kind in linker.index.get((low[:-2],), ()):
            actor = gaz.actors.get(key)
            if actor is not None and actor.type not in ("COUNTRY", "PERSON"):
                return actor.name, None              # "Hongkonger Demonstranten" -> "Hong Kong protesters"
    return None, None


def _relation_target(doc, i: int, by_token: dict, lang: str, english: str):
    """ "supporters of X" / "Anhänger Erdoğans": (name, end token, absorbed mention) or (None, i + 1, None)."""
    k = i + 1
    if k < len(doc) and doc[k].text.lower() in OF_WORDS.get(lang, ()):
        k += 1
    elif lang == "en":
        return None, i + 1, None
    m = by_token.get(k)
    if m is None or m.start != k or len(m.actors) != 1 or m.kind == "pronoun":
        return None, i + 1, None
    return f"{english} of {m.actors[0].name}", m.end, m
