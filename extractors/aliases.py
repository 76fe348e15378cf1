"""One actor for the aliases of one body within an article: an acronym and its expansion.

"the Federal Security Service (FSB) ... the FSB said": the expansion followed by its acronym in
brackets, or an acronym whose letters are the initials of a name mentioned in the same article
("... the Kurdistan Democratic Party ... the KDP"), name one actor. Every mention of either form
gets the same actor, the best known of the two (a gazetteer actor with a QID over a local NER key),
and occurrences of the acronym the NER missed become mentions of it too.
"""
from __future__ import annotations

import re

from ..core.records import Actor
from .mention import Mention

BODY_TYPES = {"ORGANIZATION", "GROUP", "GOVERNMENT"}
LINK_WORDS = {"of", "the", "for", "and", "on", "in", "to", "&", "von", "für", "der", "die", "das", "des", "und", "zur",
              "zum", "fuer"}
ACRONYM = re.compile(r"^[A-ZÄÖÜ][A-Za-zÄÖÜ]{0,2}[A-ZÄÖÜ][A-Za-zÄÖÜ]{0,3}$")    # "FSB", "PiS", "CICIG", "ÖVP"


def is_acronym(text: str) -> bool:
    """Two to eight letters, at least two capitals, mostly capitals ("FSB", "PiS"; not "Putin")."""
    return bool(ACRONYM.match(text)) and sum(c.isupper() for c in text) * 2 > len(text)


def initials(words: list[str]) -> set[str]:
    """The acronyms a multiword name can have: initials of its words without and with link words."""
    content = [w for w in words if w.lower() not in LINK_WORDS and w[:1].isalpha()]
    every = [w for w in words if w[:1].isalpha()]
    return {"".join(w[0] for w in ws).upper() for ws in (content, every) if len(ws) >= 2}


def _rank(actor: Actor) -> int:
    return 2 if actor.qid else (1 if not actor.key.startswith("local:") else 0)


def _bodies(doc, mentions) -> list:
    return [m for m in mentions if m.kind in ("name", "ner") and len(m.actors) == 1
            and m.actors[0].type in BODY_TYPES | {"PERSON"}]


def acronym_pairs(doc, mentions) -> dict[str, Actor]:
    """Acronym text -> the actor it and its expansion share, for the pairs found in the article."""
    bodies = _bodies(doc, mentions)
    pairs: dict[str, tuple[Actor, Actor | None]] = {}
    for m in bodies:                                # "Federal Security Service (FSB)"
        if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")" \
                and is_acronym(doc[m.end + 1].text) and m.end - m.start >= 2 and m.actors[0].type != "PERSON":
            pairs.setdefault(doc[m.end + 1].text, (m.actors[0], None))
    expansions: dict[str, Actor] = {}
    for m in bodies:
        if m.end - m.start >= 2 and m.actors[0].type != "PERSON":
            for acronym in initials([t.text for t in doc[m.start:m.end]]):
                expansions.setdefault(acronym, m.actors[0])
    for m in bodies:                                # the acronym's own mentions: its actor, if better known
        text = doc[m.start:m.end].text
        if m.end - m.start != 1 or not is_acronym(text):
            continue
        if text not in pairs and text.upper() in expansions and m.actors[0].type != "PERSON":
            pairs[text] = (expansions[text.upper()], None)
        if text in pairs:
            expansion, own = pairs[text]
            if own is None or _rank(m.actors[0]) > _rank(own):
                pairs[text] = (expansion, m.actors[0])
    out: dict[str, Actor] = {}
    for text, (expansion, own) in pairs.items():
        out[text] = own if own is not None and _rank(own) > _rank(expansion) else expansion
    return out


def unify_acronyms(doc, mentions: list) -> list:
    """Give an acronym and its expansion one actor (see the module docstring); adds missed acronyms."""
    pairs = acronym_pairs(doc, mentions)
    if not pairs:
        return mentions
    for m in mentions:
        if m.kind not in ("name", "ner") or len(m.actors) != 1:
            continue
        actor = pairs.get(doc[m.start:m.end].text)
        if actor is None:                            # the expansion's own mentions: the actor of the pair
            actor = next((a for text, a in pairs.items() if _expands(doc, m, text)), None)
        if actor is not None and m.actors[0].key != actor.key:
            m.actors = (actor,)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added = [Mention(t.i, t.i + 1, (pairs[t.text],), "name", 0.8, {"acronym": True})
             for t in doc if t.text in pairs and t.i not in covered]
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _expands(doc, mention, acronym: str) -> bool:
    """Whether ``mention`` is the written-out name of ``acronym``."""
    if mention.end - mention.start < 2 or mention.actors[0].type == "PERSON":
        return False
    bracketed = mention.end + 2 < len(doc) and doc[mention.end].text == "(" and doc[mention.end + 1].text == acronym
    return bracketed or acronym.upper() in initials([t.text for t in doc[mention.start:mention.end]])
