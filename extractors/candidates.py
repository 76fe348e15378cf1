"""Candidates: every (source actor, target actor or none) pair a sentence could hold an event between.

The learned coder scores candidates; this module only enumerates them. A sentence's
actors are the distinct actors of the mentions inside it (a coordinated mention such
as "Putin und Trump" gives two). Every ordered pair of two different actors is a
candidate, and every actor alone is one (a statement without a target). Recall of this
step is bounded only by the mentions: measured on the training data, see
``diplokg.training.candidate_recall``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..ontology.words import word_set
from ..core.records import Actor

MAX_ACTORS_PER_SENTENCE = 12      # enumerations longer than this keep their first actors (pairs grow as n²)


@dataclass
class CandidateActor:
    """One actor of a sentence with the tokens that name it (first mention first)."""

    actor: Actor
    heads: list[int]                  # head token (doc index) of each mention naming the actor
    spans: list[tuple[int, int]]      # token spans of those mentions
    kinds: list[str]                  # mention kinds (name, role, pronoun, ...)
    shared: bool = False              # named inside a coordination with another actor ("A und B")
    context: int = 0                  # 0: named in the sentence; k: only named k sentences before
    implicit: bool = False            # not named at all: the agent an agentless passive implies

    @property
    def outside(self) -> bool:
        """Not named in the sentence itself (an earlier sentence's actor or an implicit agent)."""
        return bool(self.context) or self.implicit

    @property
    def head(self) -> int:
        return self.heads[0]


@dataclass
class Candidate:
    """A (source, target-or-none) pair inside one sentence; ``features`` are filled by the coder."""

    sentence_index: int
    source: CandidateActor
    target: CandidateActor | None
    features: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.source.actor.key, self.target.actor.key if self.target else None)


def compared_only(doc, mention, lang: str) -> bool:
    """The mention follows a comparison ("Unlike Biden, ...", "anders als Merkel"): it names no party to the act.

    >>> import spacy
    >>> from diplokg.extractors.actors import Mention
    >>> doc = spacy.blank("en")("Unlike Biden, Trump gained.")
    >>> compared_only(doc, Mention(1, 2, (), "name"), "en"), compared_only(doc, Mention(3, 4, (), "name"), "en")
    (True, False)
    """
    before = [t.text.lower() for t in doc[max(0, mention.start - 3):mention.start]]
    phrases = word_set("comparison_phrase", lang)
    return any(" ".join(before[k:]) in phrases for k in range(len(before)))


def sentence_mentions(sents: list, mentions: list) -> dict[int, list]:
    """Mentions grouped by the index of the sentence their first token is in."""
    starts = [s.start for s in sents]
    out: dict[int, list] = {}
    for m in mentions:
        out.setdefault(bisect.bisect_right(starts, m.start) - 1, []).append(m)
    return out


def sentence_actors(mentions: list) -> list[CandidateActor]:
    """The distinct actors of a sentence's mentions, in order of first mention.

    >>> from diplokg.extractors.actors import Mention
    >>> a, b = Actor("Q7747", "Vladimir Putin", "PERSON"), Actor("Q22686", "Donald Trump", "PERSON")
    >>> [c.actor.name for c in sentence_actors([Mention(0, 1, (a, b), "name"), Mention(4, 5, (a,), "pronoun")])]
    ['Vladimir Putin', 'Donald Trump']
    """
    by_key: dict[str, CandidateActor] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        for actor in m.actors:
            found = by_key.get(actor.key)
            if found is None:
                found = by_key[actor.key] = CandidateActor(actor, [], [], [])
            found.heads.append(m.head)
            found.spans.append((m.start, m.end))
            found.kinds.append(m.kind)
            if len(m.actors) > 1:
                found.shared = True
    return list(by_key.values())[:MAX_ACTORS_PER_SENTENCE]


def sentence_candidates(sentence_index: int, mentions: list, context: list[CandidateActor] = ()) -> list[Candidate]:
    """Every ordered pair of distinct actors of the sentence, and every actor alone.

    >>> from diplokg.extractors.actors import Mention
    >>> a, b = Actor("Q7747", "Vladimir Putin", "PERSON"), Actor("Q22686", "Donald Trump", "PERSON")
    >>> [c.key for c in sentence_candidates(0, [Mention(0, 1, (a,), "name"), Mention(3, 4, (b,), "name")])]
    [('Q7747', None), ('Q22686', None), ('Q7747', 'Q22686'), ('Q22686', 'Q7747')]
    """
    actors = sentence_actors(mentions)
    out = [Candidate(sentence_index, a, None) for a in actors]
    out += [Candidate(sentence_index, a, b) for a in actors for b in actors if a is not b]
    here = {a.actor.key for a in actors}
    extra = [c for c in context if c.actor.key not in here]
    out += [Candidate(sentence_index, a, c) for a in actors for c in extra]
    out += [Candidate(sentence_index, c, a) for a in actors for c in extra]
    if not actors:                    # an implicit agent acts on someone named, never alone
        out += [Candidate(sentence_index, c, None) for c in extra if not c.implicit]
    return out


def context_actors(previous: list[list[CandidateActor]], limit: int = 4) -> list[CandidateActor]:
    """Actors of the last sentences that a sentence may refer back to ("he", "the ministry", "both sides").

    The nearest sentence's actors first, each marked with how many sentences back it was named.
    """
    out: dict[str, CandidateActor] = {}
    for back, actors in enumerate(reversed(previous), 1):
        for a in actors:
            if a.actor.key not in out:
                out[a.actor.key] = CandidateActor(a.actor, a.heads[:1], a.spans[:1], a.kinds[:1], a.shared, back)
        if len(out) >= limit:
            break
    return list(out.values())[:limit]


def with_implicit_agents(context: list[CandidateActor], implicit: list[CandidateActor]) -> list[CandidateActor]:
    """The context actors plus implicit agents; an implicit agent replaces an earlier mention of the same actor
    (the passive verb is the stronger reason to consider it here)."""
    keys = {a.actor.key for a in implicit}
    return [a for a in context if a.actor.key not in keys] + list(implicit)
