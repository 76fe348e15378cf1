"""Implicit agents: the home government behind an agentless passive becomes a candidate actor.

Every sentence here is made up for the test (none comes from dev or the training articles).
"""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from diplokg.core.records import Actor
from diplokg.extractors.candidates import CandidateActor, sentence_candidates, with_implicit_agents
from diplokg.extractors.implicit_agents import agentless_passives, implicit_agents

HOME = Actor("Q40", "Austria", "GOVERNMENT")
OTHER = Actor("Q1", "Alpha Person", "PERSON")


def _doc(words, heads, deps, tags=None):
    return Doc(spacy.blank("de").vocab, words=words, heads=heads, deps=deps, tags=tags)


def _mention(start, end, *actors):
    from diplokg.extractors.actors import Mention
    return Mention(start, end, tuple(actors), "name")


def test_ud_passive_without_agent_is_found_and_with_agent_is_not():
    # "Männer wurden von Soldaten festgenommen; Frauen wurden entlassen."
    doc = _doc(["Männer", "wurden", "von", "Soldaten", "festgenommen", ";", "Frauen", "wurden", "entlassen", "."],
               [4, 4, 3, 4, 4, 4, 8, 8, 4, 4],
               ["nsubj:pass", "aux:pass", "case", "obl:agent", "ROOT", "punct", "nsubj:pass", "aux:pass",
                "parataxis", "punct"])
    assert [t.text for t in agentless_passives(doc[:])] == ["entlassen"]


def test_clearnlp_passive_with_a_by_agent_is_not_agentless():
    # "Men were arrested by police and women were released."
    doc = Doc(spacy.blank("en").vocab,
              words=["Men", "were", "arrested", "by", "police", "and", "women", "were", "released", "."],
              heads=[2, 2, 2, 2, 3, 2, 8, 8, 2, 2],
              deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "nsubjpass", "auxpass", "conj", "punct"])
    assert [t.text for t in agentless_passives(doc[:])] == ["released"]


def test_tiger_passive_is_read_from_werden_and_its_participle_not_from_the_future_tense():
    # "Er wird kommen; er wurde entlassen." (future tense, then a passive)
    doc = _doc(["Er", "wird", "kommen", ";", "er", "wurde", "entlassen", "."], [1, 1, 1, 1, 5, 1, 5, 1],
               ["sb", "ROOT", "oc", "punct", "sb", "cj", "oc", "punct"],
               tags=["PPER", "VAFIN", "VVINF", "$.", "PPER", "VAFIN", "VVPP", "$."])
    doc[1].lemma_ = doc[5].lemma_ = "werden"
    assert [t.text for t in agentless_passives(doc[:])] == ["entlassen"]


def test_implicit_agent_needs_a_home_government_not_named_in_the_sentence():
    doc = _doc(["Alpha", "wurde", "verhaftet", "."], [2, 2, 2, 2], ["nsubj:pass", "aux:pass", "ROOT", "punct"])
    mentions = [_mention(0, 1, OTHER)]
    agents = implicit_agents(doc[:], mentions, HOME)
    assert [(a.actor.key, a.heads, a.implicit) for a in agents] == [(HOME.key, [2], True)]
    assert implicit_agents(doc[:], mentions, None) == []
    assert implicit_agents(doc[:], mentions + [_mention(3, 4, HOME)], HOME) == []


def test_an_implicit_agent_pairs_with_named_actors_but_never_stands_alone():
    agent = CandidateActor(HOME, [2], [(2, 3)], ["implicit"], implicit=True)
    keys = {c.key for c in sentence_candidates(0, [_mention(0, 1, OTHER)], [agent])}
    assert (HOME.key, OTHER.key) in keys and (OTHER.key, None) in keys
    assert sentence_candidates(0, [], [agent]) == []


def test_an_implicit_agent_replaces_an_earlier_mention_of_the_same_actor():
    earlier = CandidateActor(HOME, [0], [(0, 1)], ["name"], context=1)
    kept = CandidateActor(OTHER, [3], [(3, 4)], ["name"], context=2)
    agent = CandidateActor(HOME, [7], [(7, 8)], ["implicit"], implicit=True)
    merged = with_implicit_agents([earlier, kept], [agent])
    assert merged == [kept, agent] and merged[1].outside and not earlier.implicit


@pytest.mark.parametrize("lang, text, passive_word, active_text", [
    ("de", "Die Regierung Österreichs plant ein neues Gesetz. Österreich will die Grenzen schützen. "
           "In Graz wurde am Montag der Bürgermeister Alfons Gruber festgenommen.", "festgenommen",
     "In Graz traf der Bürgermeister Alfons Gruber am Montag Journalisten."),
    ("en", "The government of Kenya plans a new law. Kenya wants to protect its borders. "
           "On Monday the mayor Peter Kamau was arrested in Mombasa.", "arrested",
     "On Monday the mayor Peter Kamau met journalists in Mombasa."),
])
def test_the_pipeline_offers_the_home_government_for_an_agentless_passive(lang, text, passive_word, active_text,
                                                                          de_model, en_model):
    from diplokg.config import Config
    from diplokg.core.records import Article
    from diplokg.pipeline import Extractor

    extractor = Extractor(Config(models={"de": de_model, "en": en_model}))
    tools = extractor.tools(lang)

    home = "Austria" if lang == "de" else "Kenya"
    article = Article(id="made-up", text=text.rsplit(". ", 1)[0] + ". " + active_text + " " + text.rsplit(". ", 1)[1],
                      lang=lang, date="2019-05-06")
    readings = list(extractor.readings(tools, article, tools.nlp(article.text)))
    implicit = [[(c.actor.name, r.span.doc[c.head].text) for c in r.context if c.implicit] for r in readings[-2:]]
    assert implicit == [[], [(home, passive_word)]]          # the active sentence has none, the passive one has


def test_the_coder_sees_the_passive_verb_behind_an_implicit_agent():
    from diplokg.extractors.coder import featurize_sentence

    doc = Doc(spacy.blank("en").vocab, words=["Alpha", "was", "arrested", "."], heads=[2, 2, 2, 2],
              deps=["nsubjpass", "auxpass", "ROOT", "punct"])
    agent = implicit_agents(doc[:], [_mention(0, 1, OTHER)], HOME)
    cands = {c.key: c for c in featurize_sentence(doc[:], "en", 0, [_mention(0, 1, OTHER)], [], [], agent)}
    features = cands[(HOME.key, OTHER.key)].features
    assert {"ctx_back=implicit", "en:implicit_verb=arrested", "implicit_here=subjpass"} <= set(features)
    assert "ctx_back=implicit" not in cands[(OTHER.key, None)].features
