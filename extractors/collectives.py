"""Collective actors of an internal conflict: government troops, the opposition, the conflict parties.

News about a civil war names its sides with common nouns: "Regierungstruppen", "government forces",
"die Rebellen", "the opposition", "die Konfliktparteien". When the article makes clear which country
the conflict is in, these nouns name actors (``NOTES.md``: armed forces are the country's GOVERNMENT,
vague collectives a GROUP with a descriptive name such as "Syrian opposition"):

* government-troop nouns -> the conflict country, typed GOVERNMENT;
* rebel/opposition nouns -> the armed group named last in the article (a gazetteer or NER group such as
  the FARC), else the GROUP "<Country> opposition";
* conflict-party nouns ("die Konfliktparteien", "the warring parties") -> both sides: the government
  and the rebel side.

The conflict country is the country the article places events in: the most frequent country among
locative mentions ("in Syrien", "in der syrischen Stadt", "Syrian rebels"), not the countries that act
from outside. Without one, an article about one country (``bodies.article_country``) still has a
political opposition: "die Opposition" in a story about Greece is the GROUP "Greek opposition" (never an
armed group named earlier: that reading needs a conflict). Nothing is added when the article has no
country at all.
"""
from __future__ import annotations

from collections import Counter

from ..ontology.gazetteer import Gazetteer
from ..ontology.words import per_language, phrase_set, word_map, word_set
from .bodies import article_country
from .phrases import adjective_country
from ..core.records import Actor
from .mention import Mention

# Word lists live in ontology/words/collectives.tsv (documented there); phrases are tuples of words.
GOVERNMENT_TROOPS = {lang: phrase_set("government_troops", lang) for lang in ("de", "en")}
REBEL_NOUNS = per_language("rebel_noun")
CONFLICT_PARTIES = {lang: phrase_set("conflict_parties", lang) for lang in ("de", "en")}
LOCATIVE_PREPOSITIONS = word_set("locative_preposition", "de") | word_set("locative_preposition", "en")
# Collective nouns that name a GROUP actor of a country when a country adjective precedes them
# ("syrische Menschenrechtsgruppen" -> "Syrian human rights groups"); value: the group's English name.
DESCRIBED_GROUPS = {lang: {tuple(phrase.split(" ")): name for phrase, name in word_map("described_group", lang).items()}
                    for lang in ("de", "en")}


def english_adjectives(gaz: Gazetteer) -> dict[str, str]:
    """Actor key -> the first English adjective the gazetteer lists for the country ("Syrian")."""
    cached = getattr(gaz, "_english_adjectives", None)
    if cached is None:
        cached = {}
        for phrase, entries in gaz.phrases.items():
            for key, kind in entries:
                if kind == "adjective" and key not in cached:
                    cached[key] = " ".join(w[:1].upper() + w[1:] for w in phrase.split())
        gaz._english_adjectives = cached
    return cached


def conflict_country(doc, mentions) -> str | None:
    """ISO3 of the country the article places events in (most frequent locative mention), or None."""
    counts: Counter[str] = Counter()
    for m in mentions:
        actor = m.actors[0] if len(m.actors) == 1 else None
        if actor is None or actor.type != "COUNTRY" or not actor.country:
            continue
        if m.kind == "adjective" or (m.kind == "name" and m.start > 0
                                     and doc[m.start - 1].text.lower() in LOCATIVE_PREPOSITIONS):
            counts[actor.country] += 1
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    return best if n >= 2 and n > rest[0][1] else None


def described_groups(doc, mentions, gaz: Gazetteer, lang: str) -> list:
    """GROUP mentions for "<country adjective> <collective noun>" ("Syrian human rights groups"); the span
    takes in the adjective (also a capitalised one opening a German sentence: "Syrische ...")."""

    table = DESCRIBED_GROUPS.get(lang, {})
    text = doc.text.lower()
    if not any(k[0] in text for k in table):
        return []                                   # cheap test first: most articles name no such group
    longest = max((len(k) for k in table), default=0)
    covered = {i for m in mentions if m.kind != "ner" for i in range(m.start, m.end)}
    lowers = [t.text.lower() for t in doc]
    out = []
    for i in range(1, len(doc)):
        for n in range(longest, 0, -1):
            noun = table.get(tuple(lowers[i:i + n]))
            if noun is None:
                continue
            adj = doc[i - 1]
            iso = adjective_country(adj, lang, gaz)
            if iso is None and lang == "de" and adj.is_sent_start:
                iso = gaz.adjective_stems.get(next((adj.text.lower()[:-len(e)] for e in ("e", "en", "er", "es", "em")
                                                     if adj.text.lower().endswith(e)), ""))
            if iso and not any(j in covered for j in range(i, i + n)):
                country = gaz.country_actor(iso)
                adjective = english_adjectives(gaz).get(gaz.countries.get(iso, ""), country.name if country else iso)
                actor = Actor(f"local:group:{iso.lower()}-{noun.replace(' ', '-')}", f"{adjective} {noun}", "GROUP",
                              None, None, iso)
                out.append(Mention(i - 1, i + n, (actor,), "collective", 0.6))
            break
    return out


def collective_mentions(doc, mentions, gaz: Gazetteer, lang: str) -> list:
    """New mentions for the collective nouns of a conflict (see the module docstring)."""
    troops, rebels, parties = GOVERNMENT_TROOPS.get(lang, set()), REBEL_NOUNS.get(lang, set()), \
        CONFLICT_PARTIES.get(lang, set())
    text = doc.text.lower()
    if not any((w if isinstance(w, str) else w[-1]) in text for w in troops | rebels | parties):
        return []                                   # cheap test first: most articles name no conflict sides
    lowers = [t.text.lower() for t in doc]
    hits = []
    for i, low in enumerate(lowers):
        nxt = lowers[i + 1] if i + 1 < len(doc) else ""
        if low in troops or (low, nxt) in troops:
            hits.append((i, i + (1 if low in troops else 2), "troops"))
        elif low in parties or (low, nxt) in parties:
            hits.append((i, i + (1 if low in parties else 2), "parties"))
        elif low in rebels and doc[i].pos_ in ("NOUN", "") and not (
                lang == "en" and (nxt in ("to", "of") or (i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN")))):
            hits.append((i, i + 1, "rebels"))      # not "opposition to X", "opposition leader"
    if not hits:
        return []
    iso = conflict_country(doc, mentions)
    in_conflict = iso is not None
    iso = iso or article_country(mentions)
    government = gaz.country_actor(iso, as_government=True) if iso else None
    if government is None:
        return []
    covered = {i for m in mentions for i in range(m.start, m.end)}
    adjective = english_adjectives(gaz).get(gaz.countries.get(iso, ""), government.name)
    opposition = Actor(f"local:group:{iso.lower()}-opposition", f"{adjective} opposition", "GROUP", None, None, iso)
    groups = sorted((m for m in mentions if len(m.actors) == 1 and m.actors[0].type == "GROUP"
                     and m.kind in ("name", "ner")), key=lambda m: m.start)
    out = []
    for start, end, kind in hits:
        if any(i in covered for i in range(start, end)):
            continue
        earlier = [m.actors[0] for m in groups if m.end <= start] if in_conflict else []
        rebel_side = earlier[-1] if earlier else opposition
        actors = {"troops": (government,), "rebels": (rebel_side,), "parties": (government, rebel_side)}[kind]
        out.append(Mention(start, end, actors, "collective", 0.55, {"coref": kind != "troops"}))
        covered.update(range(start, end))
    return out
