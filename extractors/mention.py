"""A mention: a span of tokens naming one or more actors, as the actor linker and its helpers find them.

Its own module so that the linker (:mod:`.actors`) and the modules that add mentions to its list
(collectives, groups, bodies, compounds, name parts, roles, seats, acronyms, descriptions) all import it
from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.records import Actor


@dataclass
class Mention:
    """A span of tokens naming one or more actors."""

    start: int                       # token index (doc-level), inclusive
    end: int                         # exclusive
    actors: tuple[Actor, ...]
    kind: str                        # name|seat|country|adjective|institution|role|ner|pronoun
    confidence: float = 0.9
    features: dict = field(default_factory=dict)

    @property
    def head(self) -> int:
        return self.end - 1


def span_text(doc, start: int, end: int) -> str:
    """The text of tokens ``start:end`` as written, whitespace collapsed ("Park Won-soon", not "Won - soon").

    >>> import spacy
    >>> span_text(spacy.blank("en")("said Omar al-Rashidi  Jr. today"), 1, 7)
    'Omar al-Rashidi Jr.'
    """
    return " ".join(doc[start:end].text.split())


def distinct_actors(actors) -> list[Actor]:
    """The actors in order, each once (by key), ``None`` dropped.

    >>> a, b = Actor("x", "X", "PERSON"), Actor("y", "Y", "PERSON")
    >>> [x.name for x in distinct_actors([a, None, b, a])]
    ['X', 'Y']
    """
    seen: set[str] = set()
    out = []
    for a in actors:
        if a is not None and a.key not in seen:
            seen.add(a.key)
            out.append(a)
    return out
