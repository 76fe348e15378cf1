"""National bodies and parties named by a common noun: "the Senate", "das Parlament", "die Grünen".

The gazetteer's ``generic`` column (``bodies.tsv``, ``parties.tsv``) lists the nouns that name a body of
one country where the article makes the country clear. The country comes, strongest first, from

* a country word right before the noun: "the Romanian parliament", "Ungarns Parlament", "US-Senat"
  (the linker already made "ungarische Parlament" an institution mention of Hungary), or "Russia's Duma";
* a country right after it: "the Parliament of Romania", "das Parlament der Ukraine";
* the country the article is about: the country named clearly most often (names, adjectives, the
  countries of the persons and bodies named), so that "Congress" in a US politics story is the
  United States Congress.

A mention that is only the NER's reading of the noun ("Congress" as a local organisation) or the
country's government read from the institution noun is replaced by the body; gazetteer names stay.
"""
from __future__ import annotations

from collections import Counter

from ..ontology.gazetteer import Gazetteer
from .mention import Mention

POSSESSIVE_MARKS = {"'s", "’s"}
FOLLOWING_LINKS = {"of", "des", "der"}
# English nouns that name a body only when capitalised ("the House", "Congress"); "parliament" may be
# written in lower case ("the parliament voted"), after a determiner.
LOWERCASE_OK = {"parliament", "national assembly"}
DETERMINERS = {"the", "der", "die", "das", "den", "dem", "des"}
REPLACEABLE_KINDS = {"ner", "institution", "adjective", "country"}
# Nouns that, with a definite article and no country of their own ("the government", "die Regierung"),
# stand for the government of the country the article is about.
STATE_NOUNS = {"en": {"government", "administration", "cabinet", "authorities", "regime", "police", "prosecutors",
                      "military", "army", "troops"},
               "de": {"regierung", "bundesregierung", "staatsregierung", "kabinett", "behörden", "regime",
                      "staatsführung", "administration", "polizei", "staatsanwaltschaft", "armee", "militär",
                      "streitkräfte", "bundesheer", "sicherheitskräfte"}}
BARE_OK = {"bundesregierung", "police", "polizei", "bundesheer"}      # also without an article ("Police said")


def article_country(mentions) -> str | None:
    """ISO3 of the country the article is about: named clearly most often (at least 2, ahead of the next)."""
    counts: Counter[str] = Counter()
    for m in mentions:
        for actor in m.actors:
            if actor.country and actor.type in ("COUNTRY", "GOVERNMENT", "PERSON", "ORGANIZATION"):
                counts[actor.country] += 1
    ranked = counts.most_common(2) + [(None, 0)]
    best, n = ranked[0]
    return best if n >= 2 and n > ranked[1][1] else None


def home_government(mentions, gaz: Gazetteer):
    """The government of the country or region the article is about (named clearly most often, persons
    counting for their country), typed GOVERNMENT; None when none stands out. A region such as Hong Kong
    wins over its country when the article names the region more often."""
    counts: Counter[str] = Counter()
    for m in mentions:
        if m.kind == "pronoun" or m.features.get("context_country"):
            continue
        for actor in m.actors:
            if actor.type in ("COUNTRY", "GOVERNMENT"):
                counts[actor.key] += 1
            elif actor.type == "PERSON" and actor.country and actor.country in gaz.countries:
                counts[gaz.countries[actor.country]] += 1
    ranked = counts.most_common(2) + [(None, 0)]
    best, n = ranked[0]
    if best is None or n < 2 or n <= ranked[1][1]:
        return None
    actor = gaz.actors.get(best)
    if actor is None:
        return None
    if actor.country and gaz.countries.get(actor.country) == actor.key:
        return gaz.country_actor(actor.country, as_government=True)
    return actor


def _body_for(gaz: Gazetteer, term: str, iso: str | None):
    if iso is None:
        return None
    for country, key in gaz.generic_terms.get(term, ()):
        if country == iso:
            return gaz.actors.get(key)
    return None


def _country_of(mention, gaz: Gazetteer) -> str | None:
    """The one country a mention stands for (a country, its government, its adjective), else None."""
    if mention is None or len(mention.actors) != 1:
        return None
    actor = mention.actors[0]
    return actor.country if actor.type in ("COUNTRY", "GOVERNMENT") and actor.country else None


def _compound_country(token_text: str, linker) -> tuple[str | None, str]:
    """ "US-Senat" -> ("USA", "senat"): a German compound of a country name and a body noun."""
    head, sep, rest = token_text.partition("-")
    if not sep or not rest:
        return None, ""
    for key, _kind in linker.index.get((head.lower(),), ()):
        actor = linker.gaz.actors.get(key)
        if actor is not None and actor.type == "COUNTRY":
            return actor.country, rest.lower()
    return None, ""


def body_mentions(doc, mentions: list, linker) -> list:
    """The mentions with generic body/party nouns resolved (see the module docstring)."""
    gaz: Gazetteer = linker.gaz
    if not gaz.generic_terms:
        return mentions
    longest = max(len(t.split()) for t in gaz.generic_terms)
    lowers = [t.text.lower() for t in doc]
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    home = article_country(mentions)
    added: list = []
    replaced: set[int] = set()
    i = 0
    while i < len(doc):
        hit = _generic_at(doc, lowers, i, longest, gaz, linker)
        if hit is None:
            i += 1
            continue
        start, end, term, iso = hit
        covering = {id(m): m for m in (by_token.get(j) for j in range(start, end)) if m is not None}
        if any(m.kind not in REPLACEABLE_KINDS for m in covering.values()):
            i = end
            continue                                 # a gazetteer name ("Bundestag", "Duma") already links it
        explicit = iso is not None
        if iso is None:
            for m in covering.values():          # "die ungarische Parlament" read as Hungary's government
                iso = iso or _country_of(m, gaz)
            if iso is None:
                before = by_token.get(start - 1) or (
                    by_token.get(start - 2) if start >= 2 and doc[start - 1].text in POSSESSIVE_MARKS else None)
                iso = _country_of(before, gaz)
                if before is not None and iso is not None and _body_for(gaz, term, iso) is not None:
                    start = min(start, before.start)
                    covering[id(before)] = before
            if iso is None and end + 1 < len(doc) and lowers[end] in FOLLOWING_LINKS:
                after = by_token.get(end + 1)
                iso = _country_of(after, gaz)
                if after is not None and iso is not None and _body_for(gaz, term, iso) is not None:
                    end = after.end
                    covering[id(after)] = after
            explicit = iso is not None
        body = _body_for(gaz, term, iso) or (None if explicit else _body_for(gaz, term, home))
        if body is None:
            i = end
            continue
        replaced.update(covering.keys())
        added.append(Mention(start, end, (body,), "name", 0.8 if explicit else 0.6,
                                 {"generic": term, "context_country": not explicit}))
        i = end
    added += _state_nouns(doc, lowers, by_token, linker, home_government(mentions, gaz))
    if not added:
        return mentions
    kept = [m for m in mentions if id(m) not in replaced]
    return sorted(kept + added, key=lambda m: m.start)


def _state_nouns(doc, lowers: list[str], by_token: dict, linker, government) -> list:
    """ "the government", "die Regierung" with no country word of their own: the article country's
    government (nothing when the article has no clear country)."""
    nouns = STATE_NOUNS.get(linker.lang, set())
    if government is None:
        return []
    out = []
    for i, low in enumerate(lowers):
        if low not in nouns or i in by_token or (i > 0 and i - 1 in by_token):
            continue
        if low not in BARE_OK and (i == 0 or lowers[i - 1] not in DETERMINERS):
            continue
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and (lowers[i + 1] in FOLLOWING_LINKS or lowers[i + 1] in ("in", "im", "'s", "’s")
                                or nxt.pos_ in ("PROPN",)):
            continue                               # "the government of X", "die Regierung in Kiew", "Regierung Merkel"
        out.append(Mention(i - (low not in BARE_OK), i + 1, (government,), "institution", 0.5,
                           {"context_country": True}))
    return out


def _generic_at(doc, lowers: list[str], i: int, longest: int, gaz: Gazetteer, linker):
    """(start, end, term, explicit country or None) of a generic body noun at token ``i``, else None."""
    tok = doc[i]
    iso, rest = _compound_country(tok.text, linker) if linker.lang == "de" else (None, "")
    if iso and rest in gaz.generic_terms:
        return i, i + 1, rest, iso
    for n in range(min(longest, len(doc) - i), 0, -1):
        term = " ".join(lowers[i:i + n])
        if term not in gaz.generic_terms:
            continue
        first, last = doc[i], doc[i + n - 1]
        if not first.text[:1].isupper() and not (
                term in LOWERCASE_OK and i > 0 and lowers[i - 1] in DETERMINERS):
            return None                           # "a house", "the senate race" in lower case: no body
        if linker.lang == "en" and i + n < len(doc) and doc[i + n].pos_ in ("PROPN", "NOUN") \
                and doc[i + n].text[:1].isupper():
            return None                           # "House Speaker Nancy Pelosi", "Senate Majority Leader"
        if i > 0 and lowers[i - 1] == "white" and term == "house":
            return None
        if term == "house" and (i == 0 or lowers[i - 1] != "the"):
            return None                           # "the House" only: "Opera House", "House Democrats"
        return i, i + n, term, None
    return None
