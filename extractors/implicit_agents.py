"""Implicit agents: the state behind an agentless passive ("Drei Demonstranten wurden festgenommen").

News reports what police, prosecutors, courts and ministries did in the passive without naming who did it
("were arrested", "wurde angeklagt", "was banned"). Analysts code such acts with the government of the
country the article is about as their source (``NOTES.md``: ministries, armed forces and the like are the
country's GOVERNMENT). This module only proposes that government as a possible actor of such a sentence;
whether the sentence holds an event with it is the learned coder's decision (the candidate carries the
passive verb as evidence, see ``coder_features``).

Passives are read from the parse in the three dependency schemes the coder knows: UD (``aux:pass``,
agent ``obl:agent``), ClearNLP (``auxpass``, agent ``agent``) and TIGER ("werden" with a participle as
its clausal object ``oc``, agent ``sbp``).
"""
from __future__ import annotations

from .candidates import CandidateActor

PASSIVE_AUXILIARIES = {"aux:pass", "auxpass"}          # UD, ClearNLP: the auxiliary hangs off the participle
AGENT_LABELS = {"obl:agent", "agent", "sbp"}           # "by the police", "von der Polizei"
TIGER_PARTICIPLE_TAGS = {"VVPP", "VAPP", "VMPP"}


def agentless_passives(span) -> list:
    """The participles of passive clauses in ``span`` that name no agent, in text order.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> nlp = spacy.blank("en")
    >>> doc = Doc(nlp.vocab, words=["Three", "men", "were", "arrested", "."],
    ...           heads=[1, 3, 3, 3, 3], deps=["nummod", "nsubjpass", "auxpass", "ROOT", "punct"])
    >>> [t.text for t in agentless_passives(doc[:])]
    ['arrested']
    >>> doc = Doc(nlp.vocab, words=["Men", "were", "arrested", "by", "police", "."],
    ...           heads=[2, 2, 2, 2, 3, 2], deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"])
    >>> agentless_passives(doc[:])
    []
    """
    verbs = []
    for tok in span:
        if tok.dep_.lower() in PASSIVE_AUXILIARIES:
            verbs.append(tok.head)
        elif tok.dep_ == "oc" and tok.tag_ in TIGER_PARTICIPLE_TAGS and tok.head.lemma_.lower() == "werden":
            verbs.append(tok)
    out, seen = [], set()
    for verb in sorted(verbs, key=lambda t: t.i):
        if verb.i in seen or not (span.start <= verb.i < span.end):
            continue
        seen.add(verb.i)
        if not any(child.dep_.lower() in AGENT_LABELS for child in verb.children):
            out.append(verb)
    return out


def implicit_agents(span, mentions: list, home) -> list[CandidateActor]:
    """The home government as the implicit agent of the first agentless passive of ``span``, unless named there.

    ``home`` is the article's government (:func:`diplokg.extractors.bodies.home_government`) or None;
    the returned actor points at the passive participle, so the coder's features read that verb.
    """
    if home is None or any(actor.key == home.key for m in mentions for actor in m.actors):
        return []
    verbs = agentless_passives(span)
    if not verbs:
        return []
    verb = verbs[0]
    return [CandidateActor(home, [verb.i], [(verb.i, verb.i + 1)], ["implicit"], implicit=True)]
