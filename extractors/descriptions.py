"""Definite descriptions that point back to an actor named before: "the group", "das Land", "the coalition".

News names an actor once and then refers to it by its kind ("Norway ... the country", "die Miliz ... die
Gruppe") or by the head noun of its name ("the Global Coalition to Defeat ISIS ... the coalition"). Both
resolve only when the earlier text leaves one candidate; a description that opens a new phrase ("the group
of seven", "die Gruppe der Angehörigen", "the coalition partners") is left alone. Age descriptions ("der
72-Jährige") have a module of their own (:mod:`.age_descriptions`).
"""
from __future__ import annotations

import bisect

from ..core.records import Actor
from ..ontology.tables import split_values
from ..ontology.words import per_language, word_map, word_set
from .mention import Mention, distinct_actors

TYPE_NOUNS = {lang: {word: set(split_values(types)) for word, types in word_map("type_noun", lang).items()}
              for lang in ("de", "en")}                  # "the group" -> {"GROUP"}, "das Land" -> {"COUNTRY", ...}
DEFINITE_ARTICLES = per_language("definite_article")
GENERIC_HEADS = word_set("generic_head", "en") | word_set("generic_head", "de")
NEW_PHRASE_AFTER_TYPE = {"of", "'s", "’s", "der", "des", "von"}   # "the group of seven", "die Gruppe der Sieben"
NAME_PREPOSITIONS = {"of", "to", "for", "von", "für"}             # "Coalition to Defeat ISIS": the head is before


def type_descriptions(doc, mentions: list[Mention], taken: set[int], lang: str) -> list[Mention]:
    """ "the group" / "the country" / "das Land" (parsed docs): the actor of that kind named last, in the same
    or the previous sentence, when exactly one such actor was named there. ``taken``: token indices already in
    a mention (updated with the new ones)."""
    nouns = TYPE_NOUNS.get(lang, {})
    articles = DEFINITE_ARTICLES.get(lang, set())
    if not nouns or not doc.has_annotation("DEP"):
        return []
    out: list[Mention] = []
    starts = [s.start for s in doc.sents]
    ordered = sorted(mentions, key=lambda m: m.start)
    for tok in doc:
        types = nouns.get(tok.text.lower())
        if types is None or tok.i in taken or tok.i == 0 or doc[tok.i - 1].text.lower() not in articles:
            continue
        if tok.i + 1 < len(doc) and (doc[tok.i + 1].text.lower() in NEW_PHRASE_AFTER_TYPE
                                     or doc[tok.i + 1].pos_ in ("NOUN", "PROPN")):
            continue                        # "the group of seven", "the country's", "the group leader"
        k = bisect.bisect_right(starts, tok.i) - 1
        floor = starts[k - 1] if k >= 1 else 0
        cands = distinct_actors([a for m in ordered if floor <= m.start < tok.i and m.kind != "adjective"
                                 for a in m.actors if a.type in types])
        if len(cands) == 1:
            out.append(Mention(tok.i - 1, tok.i + 1, (cands[0],), "pronoun", 0.5, {"coref": True}))
            taken.update((tok.i - 1, tok.i))
    return out


def definite_descriptions(doc, mentions: list[Mention], taken: set[int], lang: str) -> list[Mention]:
    """"the coalition" after "the Global Coalition to Defeat ISIS": the head noun of an organisation
    named in the previous sentences (multiword names only, generic heads excluded)."""
    articles = DEFINITE_ARTICLES.get(lang, set())
    heads: dict[str, tuple[int, Actor]] = {}        # head noun -> (token index of the mention, actor)
    out: list[Mention] = []
    by_start = {m.start: m for m in mentions}
    for tok in doc:
        m = by_start.get(tok.i)
        if m is not None and m.kind in ("name", "ner", "institution") and m.end - m.start >= 2 \
                and len(m.actors) == 1 and m.actors[0].type in ("ORGANIZATION", "GROUP", "GOVERNMENT"):
            words = [t for t in doc[m.start:m.end] if t.is_alpha]
            # the head: the last word before a preposition ("Coalition to Defeat ISIS"), else the last word
            cut = next((k for k, t in enumerate(words) if t.text.lower() in NAME_PREPOSITIONS), len(words))
            if cut >= 1:
                head = words[cut - 1].text.lower()
                if head not in GENERIC_HEADS and len(head) > 3:
                    heads[head] = (tok.i, m.actors[0])
            continue
        if tok.i in taken or tok.text.lower() not in articles or tok.i + 1 >= len(doc):
            continue
        noun = doc[tok.i + 1]
        hit = heads.get(noun.text.lower())
        if hit is None or noun.i in taken or tok.i - hit[0] > 300:
            continue
        after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
        if after is not None and (after.text.lower() in ("of", "von") or after.pos_ in ("PROPN", "NOUN")):
            continue                        # "the coalition of ..." / "the coalition partners": a new phrase
        out.append(Mention(tok.i + 1, noun.i + 1, (hit[1],), "pronoun", 0.5))
        taken.add(noun.i)
    return out
