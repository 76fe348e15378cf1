"""German hyphen compounds that name an actor in their first part: "EU-Sanktionen", "AKP-Regierung".

German writes "the EU's sanctions" as "EU-Sanktionen", "Turkish troops" as "Türkei-Truppen" rarely but
"US-Truppen", "PKK-Kämpfer", "Nato-Staaten", "AKP-Regierung" often. When the part before the first
hyphen is a gazetteer name (country, organisation, party, group) and the compound is a capitalised noun
that no mention covers (role compounds such as "US-Präsident" are resolved by the linker before), the
compound is a mention of that actor:

* a country with an institution noun as the head ("US-Truppen", "Russland-Regierung") or any other
  head ("US-Sanktionen") -> the country's government;
* a party with a government head ("AKP-Regierung") -> the government of the party's country;
* an organisation or group -> itself ("EU-Sanktionen", "PKK-Kämpfer").

A compound right before a person's name is that person's title ("SPD-Chef Martin Schulz", "der
FPÖ-Vorsitzende Norbert Hofer"): the person is the actor, as a role is resolved to its holder, and the
person's mention takes the title in, so that it stands where the parse puts the phrase (the title is
the head of "der FPÖ-Vorsitzende Norbert Hofer", the subject of what follows).
"""
from __future__ import annotations

from .mention import Mention

GOVERNMENT_HEADS = {"regierung", "führung", "staatsführung", "regime", "kabinett", "administration"}
# Heads after which the first part is a topic, not an actor ("EU-Beitritt" is about joining the EU,
# "Iran-Abkommen" an agreement about Iran, "Nato-Gipfel" a meeting place).
TOPIC_HEADS = {"beitritt", "beitritts", "abkommen", "abkommens", "deal", "gipfel", "gipfels", "mitglied",
               "mitglieder", "mitgliedschaft", "krise", "krieg", "konflikt", "politik", "frage", "austritt",
               "grenze", "grenzen", "gebiet", "raum", "zone", "land", "länder", "staaten", "bürger", "ebene",
               "recht", "rechts", "vertrag", "vertrags", "treffen", "wahl", "wahlen", "referendum", "hauptstadt",
               "botschaft", "flagge", "kommission", "parlament", "rat", "kommissar", "kommissarin", "gelder",
               "mittel", "programm", "plan", "gesetz", "reform", "quote", "quoten", "verfahren", "experte",
               "experten", "kreise", "kreisen", "nachrichtenagentur", "medien", "zeitung", "sender"}


def compound_mentions(doc, mentions: list, linker) -> list:
    """The mentions plus one for each uncovered actor compound (see the module docstring)."""
    if linker.lang != "de":
        return mentions
    covered = {i for m in mentions for i in range(m.start, m.end)}
    person_at = {m.start: m for m in mentions if len(m.actors) == 1 and m.actors[0].type == "PERSON"}
    added = []
    for tok in doc:
        if tok.i in covered or "-" not in tok.text or not tok.text[:1].isupper() or tok.pos_ not in ("NOUN", "PROPN", ""):
            continue
        if tok.i + 1 in person_at:                       # a title: "SPD-Chef Martin Schulz"
            person_at[tok.i + 1].start = tok.i
            continue
        first, _, rest = tok.text.partition("-")
        head = rest.rsplit("-", 1)[-1].lower()
        if not first or not rest or not rest[:1].isupper() or head in TOPIC_HEADS:
            continue
        actor = compound_actor(first, head, linker)
        if actor is not None:
            added.append(Mention(tok.i, tok.i + 1, (actor,), "institution", 0.6, {"compound": tok.text}))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def compound_actor(first: str, head: str, linker):
    """The actor a German compound's first part names, as the body its head noun says ("AKP-Regierung":
    Turkey's government; "EU-Sanktionen": the EU)."""
    gaz = linker.gaz
    entries = linker.index.get((first.lower(),))
    if not entries:
        return None
    key, kind = entries[0]
    actor = gaz.actors.get(key)
    if actor is None or kind not in ("name", "seat") or actor.type == "PERSON":
        return None
    if actor.type == "COUNTRY":
        return gaz.country_actor(actor.country, as_government=True)
    if head in GOVERNMENT_HEADS and actor.country and actor.type == "ORGANIZATION":
        return gaz.country_actor(actor.country, as_government=True)    # "AKP-Regierung"
    return actor
