"""What the event finder works with: triggers (lexicon matches), units (a slot's coordinated mentions)
and the small judgements on them (dependency role, same kind of actor, mutual pairs).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.records import Actor
from ..ontology.lexicon import LexEntry
from .event_words import AGENT_DEPS, DAT_DEPS, OBJ_DEPS, PASSIVE_SUBJ_DEPS, PREDICATIVE_DEPS, SUBJ_DEPS
from .mention import Mention


@dataclass
class Trigger:
    """A lexicon match in a sentence."""

    index: int                    # token index of the verb or noun
    entry: LexEntry
    noun_index: int | None = None  # the light verb's noun
    tokens: tuple[int, ...] = ()
    alternatives: tuple[LexEntry, ...] = ()   # further entries of the same expression, tried in order

    @property
    def entries(self) -> tuple[LexEntry, ...]:
        return (self.entry,) + self.alternatives

@dataclass
class Unit:
    """A coordinated group of mentions that fills one slot ("Putin und Trump")."""

    mentions: list[Mention]
    start: int
    end: int
    slot: str = "bare"            # bare | pp:X | gen | poss
    dep_role: str | None = None   # subj | obj | dat | agent from the parse
    case: str | None = None
    features: dict = field(default_factory=dict)

    @property
    def actors(self) -> list[Actor]:
        seen, out = set(), []
        for m in self.mentions:
            for a in m.actors:
                if a.key not in seen:
                    seen.add(a.key)
                    out.append(a)
        return out

    @property
    def confidence(self) -> float:
        return min(m.confidence for m in self.mentions)

def has_predicative_complement(verb) -> bool:
    """The verb names or labels its object ("called Macron a partner", "nannte ihn einen Lügner"): an object
    predicate (ClearNLP ``oprd``) or a nominal/adjectival complement, which no plain verb sense takes."""
    if not verb.dep_:                  # rule tier: no parse (and the children of unparsed docs can crash)
        return False
    return any(c.dep_.lower() in PREDICATIVE_DEPS and c.pos_ in ("NOUN", "PROPN", "ADJ")
               for c in verb.children)

def dep_role(dep: str) -> str | None:
    dep = dep.lower()
    if dep in AGENT_DEPS:
        return "agent"
    if dep in SUBJ_DEPS:
        return "subj_pass" if dep in PASSIVE_SUBJ_DEPS else "subj"
    if dep in OBJ_DEPS:
        return "obj"
    if dep in DAT_DEPS:
        return "dat"
    return None

def same_kind(a: Mention, b: Mention) -> bool:
    """Both mentions name persons, or neither does (enumerations list actors of one kind)."""
    return any(x.type == "PERSON" for x in a.actors) == any(x.type == "PERSON" for x in b.actors)

def mutual_pairs(actors: list[Actor], symmetric: bool) -> list[tuple[Actor, Actor]]:
    """Both directions for mutual events; once for consultations (scored as symmetric)."""
    return [(a, b) for i, a in enumerate(actors) for j, b in enumerate(actors) if i != j and (not symmetric or i < j)]

def by_preference(entries: list[LexEntry]) -> list[LexEntry]:
    """Entries with an actor target first, one-actor ("none") entries as the last resort."""
    return sorted(entries, key=lambda e: e.target == ("none",))
