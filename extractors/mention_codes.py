"""Actor codes on mentions: each linked actor gets its country and sector from the words that name it.

The gazetteer decides for the actors it knows (:func:`diplokg.ontology.actor_codes.coded_actor`); the
words of the mention decide for the rest and for the sector of a country item's mention ("die russische
Armee" is Russia, typed GOVERNMENT, sector MIL). An unknown person or group also takes the title words
just before its name ("der syrische Oppositionsführer Riad Hijab", "Iraqi protest leader X").
"""
from __future__ import annotations

from ..ontology.actor_codes import coded_actor
from ..ontology.gazetteer import Gazetteer

MODIFIER_TAGS = ("ADJ", "NOUN", "PROPN", "")   # "" = no tagger (rule tier)
MAX_TITLE_WORDS = 4


def _title_words(doc, start: int, taken: set[int]) -> list[str]:
    """The adjectives and nouns right before a name, back to the first word of another kind."""
    words: list[str] = []
    i = start - 1
    while i >= 0 and len(words) < MAX_TITLE_WORDS:
        tok = doc[i]
        if i in taken or tok.is_punct or tok.is_stop or tok.pos_ not in MODIFIER_TAGS or \
                not tok.text.replace("-", "").isalpha():
            break
        words.insert(0, tok.text)
        i -= 1
    return words


def code_mentions(doc, mentions: list, gaz: Gazetteer, lang: str) -> list:
    """``mentions`` with every actor's country and sector filled in where words or gazetteer tell them."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        words = [t.text for t in doc[m.start:m.end]]
        if any(a.key not in gaz.actors for a in m.actors):
            words = _title_words(doc, m.start, taken) + words
        m.actors = tuple(coded_actor(actor, gaz, words, lang) for actor in m.actors)
    return mentions
