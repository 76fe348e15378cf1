"""Where an event happened: the place its sentence names, else the country of the article's dateline.

A sentence's places are the gazetteer places (:mod:`diplokg.ontology.places`) it names, as written
(NER LOC/GPE on the span counts in their favour; ORG/PERSON spans such as "Washington Post" are no
place; an NER location the gazetteer does not know has no coordinates and is left out). A place word
the linker reads as an actor ("Moskau kritisierte Washington") does not count unless a locative
preposition governs it ("Die indonesische Polizei hat in Jakarta ..."); a place governed by another
preposition ("sprach über Syrien", "aus Moskau") is a topic or an origin, not where it happened, and a
country named without one is who or what, rarely where. Of the rest, a place after a locative
preposition wins, then the more specific kind (city, region, country), then the first named. Without one, every event
of the article gets the country of its dateline ("MOSKAU (dpa) -", "Damaskus – ",
"WASHINGTON, Jan 5 (Reuters) -"), marked ``source="dateline"``.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Iterable

from ..core.records import Event, Place
from ..ontology.places import PlaceGazetteer

# Prepositions that place what the sentence says ("in Jakarta", "nach Moskau", "auf der Krim", "near Aleppo").
LOCATIVE = {
    "de": {"in", "im", "bei", "beim", "nach", "nahe", "am", "auf", "um", "innerhalb",
           "außerhalb", "ausserhalb", "nördlich", "südlich", "östlich", "westlich", "unweit"},
    "en": {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within",
           "north", "south", "east", "west"},
}
# Locative for a city or region only: "auf der Krim" but "Druck auf Russland", "Kämpfe um Aleppo".
WEAK_LOCATIVE = {"auf", "um", "at"}
# Other prepositions: the place is a topic, an origin or a partner, not where the event happened.
NON_LOCATIVE = {
    "de": {"über", "aus", "von", "vom", "mit", "gegen", "für", "zu", "zur", "zum", "durch", "ohne", "wegen",
           "zwischen", "seit", "gegenüber", "an", "vor"},
    "en": {"about", "from", "with", "against", "for", "by", "on", "over", "between", "toward", "towards",
           "regarding", "since", "than", "to", "into"},
}
LOCATIVE_ALL = set().union(*LOCATIVE.values())
NON_LOCATIVE_ALL = set().union(*NON_LOCATIVE.values())
# "north of", "nördlich von": the 'of'/'von' belongs to the locative word before it.
_COMPASS = {"north", "south", "east", "west", "nördlich", "südlich", "östlich", "westlich", "outside"}
_CONJUNCTIONS = {"und", "oder", "sowie", "and", "or"}
_ARTICLES = {"der", "die", "das", "den", "dem", "des", "the", "a", "an", "ein", "eine", "einer", "einem", "einen",
             "eines"}
_SKIPPABLE_POS = {"DET", "ADJ", "NUM", "NOUN", "PROPN", "PUNCT"}
_ENTITY_LABELS = {"LOC", "GPE"}
_BLOCKING_LABELS = {"PER", "PERSON", "ORG", "NORP", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"}
_KIND_SCORE = {"city": 0.5, "region": 0.25, "country": 0.0}


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence: token span, the place and how the words around it use it."""

    start: int
    end: int
    place: Place
    locative: bool         # a locative preposition governs it
    other_prep: bool       # another preposition governs it (topic, origin, partner)
    ner: bool              # NER marks the span LOC/GPE

    @property
    def score(self) -> float:
        return (3.0 if self.locative else 0.0) + (1.0 if self.ner else 0.0) + _KIND_SCORE[self.place.kind]


def _governing_preposition(doc, start: int, floor: int) -> str | None:
    """The preposition before a place, over the determiners, adjectives and nouns between
    ("in der nördlichen Provinz Aleppo" -> "in"); None when a verb, clause mark or 5 words come first."""
    i = start - 1
    steps = 0
    after_article = False
    while i >= floor and steps < 5:
        tok = doc[i]
        word = tok.lower_
        if word in ("of", "von") and i - 1 >= floor and doc[i - 1].lower_ in _COMPASS:
            return doc[i - 1].lower_                     # "north of Aleppo", "nördlich von Aleppo"
        if word in LOCATIVE_ALL or word in NON_LOCATIVE_ALL:
            return word
        if word == "of":                                 # "in the city of Gdańsk": look further back
            i -= 1
            after_article = False
            continue
        if after_article:                                # "Aufnahme der Ukraine": the article starts a
            return None                                  # genitive, not the place's own phrase
        after_article = word in _ARTICLES or tok.pos_ == "DET"
        if word in _CONJUNCTIONS:                        # "in der Türkei und im Nordirak", "zwischen Moskau und Washington"
            i -= 1
            continue
        if tok.is_punct and tok.text not in ("-", "'"):
            return None
        if tok.pos_ and tok.pos_ not in _SKIPPABLE_POS:
            return None
        i -= 1
        steps += 1
    return None


def _entity_labels(doc, start: int, end: int) -> set[str]:
    return {t.ent_type_ for t in doc[start:end] if t.ent_type_}


def sentence_places(span, places: PlaceGazetteer, lang: str) -> list[PlaceMention]:
    """Every gazetteer place a sentence names (longest phrase first at each token), with how it is used."""
    doc = span.doc
    found: list[PlaceMention] = []
    i = span.start
    while i < span.end:
        tok = doc[i]
        if not tok.text[:1].isupper():
            i += 1
            continue
        for n in range(min(places.longest, span.end - i), 0, -1):
            place = places.lookup(doc[i:i + n].text)
            if place is None:
                continue
            labels = _entity_labels(doc, i, i + n)
            if labels & _BLOCKING_LABELS and not labels & _ENTITY_LABELS:
                break                                      # "Washington Post", "Real Madrid", "Paris Hilton"
            if i + n < span.end and doc[i + n].ent_type_ in _BLOCKING_LABELS and doc[i + n].ent_iob_ == "I":
                break                                      # the place word starts a longer organisation name
            prep = _governing_preposition(doc, i, span.start)
            locative = prep in LOCATIVE.get(lang, LOCATIVE_ALL) and not (
                prep in WEAK_LOCATIVE and place.kind == "country")
            found.append(PlaceMention(i, i + n, place, locative, prep is not None and not locative,
                                      bool(labels & _ENTITY_LABELS)))
            i += n - 1
            break
        i += 1
    return found


def event_place(candidates: list[PlaceMention], mentions: Iterable) -> Place | None:
    """Where an event happened among the places its sentence names, or None. A place word
    the linker reads as an actor ("Brüssel und Moskau einigten sich") is that actor, not a location,
    unless a locative preposition governs it."""
    actor_spans = [(m.start, m.end) for m in mentions]
    usable = []
    for c in candidates:
        is_actor = any(s < c.end and c.start < e for s, e in actor_spans)
        if c.other_prep or (is_actor and not c.locative):
            continue
        if c.place.kind == "country" and not c.locative:
            continue                       # a country named without 'in' is who or what, rarely where
        usable.append(c)
    if not usable:
        return None
    best = max(usable, key=lambda c: (c.score, -c.start))
    return best.place


_DATELINE = re.compile(
    r"(?P<places>[^\W\d_][\w.'’ -]{0,38}?(?:\s*/\s*[^\W\d_][\w.'’ -]{0,38}?)*)"   # Jerusalem/Ramallah
    r"(?:,[^()\n–—]{1,40}?)?"                                                       # , Jan 5 / , Australia
    r"\s*(?:\([^()\n]{1,40}\))?"                                                     # (dpa) (Reuters) (Wikinews)
    r"\s*(?:–|—|--?)\s")


def _dateline_starts(text: str) -> list[int]:
    """Where a dateline may begin: the text's start, the start of each of its first lines, and after the
    first sentence (10kGNAD articles begin with a title sentence: 'Titel. Damaskus – ...')."""
    head = text[:600]
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*", head)][:3]
    first_end = re.search(r"[.!?\"“”]\s+", head)
    if first_end:
        starts.append(first_end.end())
    return sorted(set(starts))


@dataclass(frozen=True)
class Dateline:
    """An article's dateline: the place it names, that place's country as an event location, and where
    the dateline ends in the text (its words are no place a sentence names)."""

    place: Place
    country: Place | None
    end: int


def find_dateline(text: str, places: PlaceGazetteer) -> Dateline | None:
    """The dateline of an article ("MOSKAU (dpa) -" -> Moscow, Russia), or None."""
    for start in _dateline_starts(text):
        m = _DATELINE.match(text, start)
        if not m:
            continue
        place = places.lookup(m.group("places").split("/")[0].strip())   # "Jerusalem/Ramallah": the first
        if place is not None:
            country = place if place.kind == "country" else places.country(place.country)
            located = dataclasses.replace(country, source="dateline") if country else None
            return Dateline(place, located, m.end())
    return None


def locate_events(events: list[Event], doc, lang: str, places: PlaceGazetteer, mentions: Iterable = (),
                  fallback: Place | None = None, skip_before: int = 0) -> list[Event]:
    """``events`` with their ``location``: the sentence's place, else ``fallback`` (the dateline's
    country, :func:`find_dateline`), else none. Places before character ``skip_before`` (the dateline)
    are not the sentence's."""
    mentions = list(mentions)
    located = []
    cache: dict[tuple[int, int], tuple[object, list[PlaceMention]]] = {}
    for event in events:
        key = (event.start, event.end)
        if key not in cache:
            span = doc.char_span(event.start, event.end, alignment_mode="expand")
            found = sentence_places(span, places, lang) if span is not None else []
            cache[key] = (span, [c for c in found if doc[c.start].idx >= skip_before])
        span, candidates = cache[key]
        place = event_place(candidates, mentions) if span is not None else None
        located.append(dataclasses.replace(event, location=place or fallback))
    return located
