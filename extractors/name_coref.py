"""Within-article name coreference: a later short form of a person's name is that person.

News introduces a person by full name and then uses the surname: "Bernie Sanders ... Sanders said",
"Eva Glawischnig ... Glawischnigs Kritik". The linker links the full name (gazetteer or NER) but the
NER often labels the short form differently ("Sanders" as ORG) or not at all, which gives a second,
unmatched local actor or no mention. This module, run after all names are linked:

* resolves a local NER mention whose text is the surname (or a part of a hyphenated surname, or the
  full name with a leading word the NER took in: "Vermont Bernie Sanders") of one person named
  earlier in the article to that person;
* adds a mention for a token that no mention covers and that is such a surname (German genitive "-s"
  allowed; any part of speech, since weak taggers call surnames nouns or adverbs, but at a sentence
  start only before a verb).

A surname shared by two persons named earlier resolves to neither.
"""
from __future__ import annotations

from .mention import Mention, span_text

MIN_SURNAME = 3
PARTICLES = {"von", "van", "de", "der", "den", "da", "di", "du", "del", "la", "le", "al", "el", "bin", "ibn", "zu"}


def _name_words(name: str) -> list[str]:
    return [w for w in name.replace(".", " ").split() if w]


def surname_keys(name: str) -> set[str]:
    """Lower-cased forms that stand for a person's surname: "Glawischnig-Piesczek" gives the whole
    surname and each hyphen part; "Ursula von der Leyen" gives "von der leyen" and "leyen"."""
    words = _name_words(name)
    if len(words) < 2:
        return set()
    last = words[-1]
    keys = {last.lower()}
    k = len(words) - 1
    while k - 1 >= 1 and words[k - 1].lower() in PARTICLES:
        k -= 1
    keys.add(" ".join(words[k:]).lower())
    if "-" in last:
        keys.update(p.lower() for p in last.split("-") if len(p) >= MIN_SURNAME)
    return {key for key in keys if len(key) >= MIN_SURNAME and key not in PARTICLES}


def _is_local(actor) -> bool:
    return actor.key.startswith("local:") and actor.qid is None


def resolve_name_parts(doc, mentions: list) -> list:
    """The mentions with short name forms resolved to the person named earlier (module docstring)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    surnames: dict[str, dict[str, object]] = {}     # surname key -> {person key: actor}
    full_names: dict[str, object] = {}              # lower-cased full name -> actor
    out = []
    for m in ordered:
        if len(m.actors) == 1 and m.kind in ("ner", "name"):
            target = _earlier_person(doc, m, surnames, full_names)
            if target is not None:
                m = Mention(m.start, m.end, (target,), m.kind, min(m.confidence, 0.7),
                                dict(m.features, name_coref=True))
        out.append(m)
        for actor in m.actors:
            if actor.type == "PERSON" and m.kind in ("name", "ner", "role") and len(_name_words(actor.name)) >= 2:
                full_names.setdefault(actor.name.lower(), actor)
                for key in surname_keys(actor.name):
                    surnames.setdefault(key, {})[actor.key] = actor
    return _uncovered_surnames(doc, out)


def _earlier_person(doc, m, surnames: dict, full_names: dict):
    """The person an NER-only mention stands for, if its text is the surname of one earlier person."""
    actor = m.actors[0]
    if not _is_local(actor) or actor.type not in ("PERSON", "ORGANIZATION"):
        return None
    text = span_text(doc, m.start, m.end).lower()
    for full, person in full_names.items():              # "Vermont Bernie Sanders": the NER took in a word
        if text != full and text.endswith(" " + full):
            return person
    candidates = surnames.get(text) or surnames.get(text[:-1] if text.endswith("s") else "")
    if candidates and len(candidates) == 1:
        person = next(iter(candidates.values()))
        return person if person.key != actor.key else None
    return None


def _uncovered_surnames(doc, mentions: list) -> list:
    """Mentions for surname tokens that no mention covers (named earlier, one person)."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    first_seen: dict[str, tuple[int, dict]] = {}
    for m in mentions:
        for actor in m.actors:
            if actor.type == "PERSON" and m.kind in ("name", "ner", "role") and len(_name_words(actor.name)) >= 2:
                for key in surname_keys(actor.name):
                    if " " in key:
                        continue
                    start, people = first_seen.get(key, (m.start, {}))
                    people[actor.key] = actor
                    first_seen[key] = (min(start, m.start), people)
    if not first_seen:
        return mentions
    added = []
    for tok in doc:
        if tok.i in covered or not tok.text[:1].isupper() or not _may_be_name(tok):
            continue
        low = tok.text.lower()
        hit = first_seen.get(low) or (first_seen.get(low[:-1]) if low.endswith("s") else None)
        if hit is None or hit[0] >= tok.i or len(hit[1]) != 1:
            continue
        person = next(iter(hit[1].values()))
        added.append(Mention(tok.i, tok.i + 1, (person,), "name", 0.6, {"name_coref": True}))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def _may_be_name(tok) -> bool:
    """A capitalised token that may stand for a name: a proper noun, or (weak taggers call surnames nouns,
    adverbs or adjectives: "Kurz", "Malmström") any other word, at a sentence start only before a verb
    ("Kurz sagte", not "Kurz darauf")."""
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ in ("PUNCT", "NUM", "SYM", "SPACE") or not tok.is_alpha:
        return False
    if tok.is_sent_start:
        doc = tok.doc
        return tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ in ("VERB", "AUX")
    return True
