"""SHACL shapes validate what the pipeline really writes, and reject broken data."""
from __future__ import annotations

import pyshacl
import rdflib

from diplokg.core.records import Article
from diplokg.graph.rdf.mapping import map_article
from diplokg.graph.rdf.store import open_store
from diplokg.ontology import scheme


def _data_graph(store) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=store.export("turtle").decode("utf-8"), format="turtle")
    return g


def test_pipeline_output_conforms(tmp_path, de_extractor, seed_record):
    art = Article(seed_record["article_id"], seed_record["text"], lang="de", date=seed_record["date"],
                  title=seed_record["title"], url="https://example.org/a")
    result = de_extractor.extract(art)
    store = open_store(tmp_path / "kg")
    store.write_articles([map_article(art, result.events, de_extractor.models_used())])
    data = _data_graph(store)
    conforms, _, text = pyshacl.validate(data + scheme.scheme_graph(copy=False),
                                         shacl_graph=scheme.shapes_graph(copy=False))
    assert conforms, text


def test_broken_events_are_reported():
    ttl = """
    @prefix dkg: <https://w3id.org/diplokg/ontology#> . @prefix cameo: <https://w3id.org/diplokg/cameo/> .
    @prefix r: <https://w3id.org/diplokg/resource/> .
    r:e1 a dkg:DiplomaticEvent ; dkg:cameo cameo:036 .
    r:e2 a dkg:DiplomaticEvent ; dkg:source r:x ; dkg:cameo cameo:999 .
    """
    data = rdflib.Graph().parse(data=ttl, format="turtle")
    conforms, report, text = pyshacl.validate(data + scheme.scheme_graph(copy=False),
                                              shacl_graph=scheme.shapes_graph(copy=False))
    assert not conforms
    assert "e1" in text and "e2" in text


def test_one_fact_in_two_articles_and_two_wordings_conforms(tmp_path):
    """The shared event node carries both wordings; every evidence states the one it uses."""
    from diplokg.core.records import Actor, Event

    putin = Actor("Q7747", "Vladimir Putin", "PERSON", "Q7747", "Wladimir Putin", "RUS")
    trump = Actor("Q22686", "Donald Trump", "PERSON", "Q22686", "Donald Trump", "USA")
    store = open_store(tmp_path / "kg")
    for aid, text, relation in (("w1", "Putin bot Trump einen Dialog an.", "offer dialogue"),
                                ("w2", "Putin strebt Gespräche mit Trump an.", "seek talks")):
        art = Article(aid, text, lang="de", date="2016-11-14", title=aid, url=f"https://example.org/{aid}")
        store.write_articles([map_article(art, [Event(aid, putin, trump, relation, "036", text, 0, len(text),
                                                      "2016-11-14", confidence=0.7)])])
    assert store.stats()["events"] == 1
    conforms, _, text = pyshacl.validate(_data_graph(store) + scheme.scheme_graph(copy=False),
                                         shacl_graph=scheme.shapes_graph(copy=False))
    assert conforms, text
