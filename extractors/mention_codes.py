"""Actor codes on mentions: each linked actor gets its country and sector from the words that name it.

The gazetteer decides for the actors it knows (:func:`diplokg.ontology.actor_codes.coded_actor`); the
words of the mention decide for the rest and for the sector of a country item's mention ("die russische
Armee" is Russia, typed GOVERNMENT, sector MIL). An unknown person or group also takes the words around
its name: the title before it ("der syrische Oppositionsführer Riad Hijab", "US-Senator Mike Lee"), an
apposition or bracket after it ("Leo Varadkar, the Irish prime minister", "Alev Korun (Grüne)"), and a
party or body named there gives its country and sector. What one mention of a name says codes all its
mentions in the article. An unknown person, or an unknown actor whose words name a sector, with no country
of its own takes the country the article is about (named clearly most often, as the gazetteer's common
nouns for bodies do: "the Senate"); without such a country, and for other unknown actors, nothing is guessed.
"""
from __future__ import annotations

from dataclasses import replace

from ..ontology.actor_codes import coded_actor, is_country_item
from ..ontology.gazetteer import Gazetteer
from .bodies import article_country

MODIFIER_TAGS = ("ADJ", "NOUN", "PROPN", "")   # "" = no tagger (rule tier)
MAX_TITLE_WORDS = 4
MAX_APPOSITION_WORDS = 8
OPENERS = {",": ",", "(": ")", "–": "–", "-": "-"}
ORIGIN_WORDS = {"of", "from", "aus"}
CLAUSE_TAGS = ("VERB", "AUX")


def _title_span(doc, start: int, persons: set[int]) -> int:
    """Where the title words right before a name begin (adjectives and nouns, back to another kind)."""
    i = start
    while i > 0 and start - i < MAX_TITLE_WORDS:
        tok = doc[i - 1]
        if i - 1 in persons or tok.is_punct or tok.is_stop or tok.pos_ not in MODIFIER_TAGS or \
                not tok.text.replace("-", "").replace(".", "").isalpha():
            break
        i -= 1
    return i


def _apposition_span(doc, end: int, persons: set[int]) -> int:
    """Where an apposition, bracket or origin right after a name ends (``end`` when there is none): a short
    phrase without a verb, closed by the matching mark or the sentence end ("Leo Varadkar, the Irish prime
    minister,", "Alev Korun (Grüne)", "Mike Lee of Utah", "Prime Minister Igor Matovič of the Slovak Republic")."""
    if end >= len(doc) or (doc[end].text not in OPENERS and doc[end].lower_ not in ORIGIN_WORDS):
        return end
    origin = doc[end].text not in OPENERS
    closer = OPENERS.get(doc[end].text)
    for j in range(end + 1, min(len(doc), end + 2 + MAX_APPOSITION_WORDS)):
        tok = doc[j]
        if tok.text == closer or tok.is_sent_end or (tok.is_punct and tok.text in ".;:"):
            return j if j > end + 1 else end
        if j in persons or tok.pos_ in CLAUSE_TAGS:
            return j if origin and j > end + 1 else end   # "Mike Lee of Utah said": the origin ends at the verb
        if origin and tok.is_punct:
            return j if j > end + 1 else end
    return end


def _context(doc, m, mentions: list, persons: set[int]) -> tuple[list[str], list]:
    """The words around an unknown actor's mention and the actors other mentions name in them."""
    before, after = _title_span(doc, m.start, persons), _apposition_span(doc, m.end, persons)
    words = [t.text for t in doc[before:after]]
    inside = [a for o in mentions if o is not m and before <= o.start and o.end <= after
              for a in o.actors if a.type != "PERSON"]
    return words, inside


def _from_neighbours(actor, inside: list, gaz: Gazetteer):
    """A party or body named beside an unknown person gives the person's country (and PTY for a party)."""
    for other in inside:
        coded = coded_actor(other, gaz)
        if coded.country and coded.sector and not is_country_item(coded, gaz):
            sector = actor.sector or ("PTY" if coded.sector == "PTY" else None)
            return replace(actor, country=actor.country or coded.country, sector=sector)
    return actor


def _unknown_actor(actor, words: list[str], inside: list, gaz: Gazetteer, lang: str):
    """An actor the gazetteer does not know, coded from its words and the party or body beside it."""
    return _from_neighbours(coded_actor(actor, gaz, words, lang), inside, gaz)


def _best_per_actor(mentions: list) -> dict[str, object]:
    """Per actor key, its best-coded reading in the article (country and sector, then country, then sector):
    the title given once ("Taoiseach Leo Varadkar") codes every later mention of the name."""
    best: dict[str, object] = {}
    for m in mentions:
        for actor in m.actors:
            rank = (actor.country is not None, actor.sector is not None)
            held = best.get(actor.key)
            if held is None or rank > (held.country is not None, held.sector is not None):
                best[actor.key] = actor
    return best


def code_mentions(doc, mentions: list, gaz: Gazetteer, lang: str) -> list:
    """``mentions`` with every actor's country and sector filled in where words or gazetteer tell them."""
    persons = {i for m in mentions if any(a.type == "PERSON" for a in m.actors) for i in range(m.start, m.end)}
    for m in mentions:
        if all(a.key in gaz.actors for a in m.actors):
            words = [t.text for t in doc[m.start:m.end]]
            m.actors = tuple(coded_actor(actor, gaz, words, lang) for actor in m.actors)
            continue
        words, inside = _context(doc, m, mentions, persons - set(range(m.start, m.end)))
        m.actors = tuple(actor if actor.key in gaz.actors else _unknown_actor(actor, words, inside, gaz, lang)
                         for actor in coded_actor_tuple(m.actors, gaz, words, lang))
    best = _best_per_actor(mentions)
    home = article_country(mentions)
    for m in mentions:
        m.actors = tuple(_with_home(best.get(a.key, a) if a.key not in gaz.actors else a, home, gaz)
                         for a in m.actors)
    return mentions


def coded_actor_tuple(actors, gaz: Gazetteer, words: list[str], lang: str) -> tuple:
    """The known actors of a mention coded from the gazetteer (and the mention's words), unknown ones as given."""
    return tuple(coded_actor(a, gaz, words, lang) if a.key in gaz.actors else a for a in actors)


def _with_home(actor, home: str | None, gaz: Gazetteer):
    """An unknown person, or an unknown actor whose words name a sector, without a country of its own takes
    the country the article is about ("Senator Mike Lee" in a US story); no country is guessed otherwise."""
    if actor.key in gaz.actors or actor.country or not home or actor.sector == "IGO":
        return actor
    if actor.type == "PERSON" or actor.sector:
        return replace(actor, country=home)
    return actor
