"""The store contract, run against the embedded store and a real SPARQL server alike."""
from __future__ import annotations

from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import map_article

PUTIN = Actor("Q7747", "Vladimir Putin", "PERSON", "Q7747", "Wladimir Putin", "RUS")
TRUMP = Actor("Q22686", "Donald Trump", "PERSON", "Q22686", "Donald Trump", "USA")
OBAMA = Actor("Q76", "Barack Obama", "PERSON", "Q76", "Barack Obama", "USA")
PUTIN_IRI, TRUMP_IRI = "http://www.wikidata.org/entity/Q7747", "http://www.wikidata.org/entity/Q22686"
REL = "https://w3id.org/diplokg/relation/"


def _article(aid: str, text: str) -> Article:
    return Article(aid, text, lang="de", date="2016-11-14", title=f"Titel {aid}", url=f"https://example.org/{aid}")


def _event(aid: str, text: str, source=PUTIN, target=TRUMP, cameo="036", relation="offer dialogue") -> Event:
    return Event(aid, source, target, relation, cameo, text, 0, len(text), "2016-11-14", reported=True,
                 confidence=0.8)


def _write(store, aid, text, events):
    return store.write_articles([map_article(_article(aid, text), events, {"de": "test"})])


def test_write_query_dedupe_and_remove(store):
    t1 = "Putin habe Trump einen Dialog angeboten."
    t2 = "Putin bot Trump Gespräche an."
    assert _write(store, "a1", t1, [_event("a1", t1)]) > 0
    _write(store, "a2", t2, [_event("a2", t2), _event("a2", t2, PUTIN, OBAMA, "111", "criticize")])
    stats = store.stats()
    assert stats["articles"] == 2 and stats["events"] == 2          # the 036 fact is one node
    q = ("SELECT (COUNT(DISTINCT ?art) AS ?n) WHERE { ?e dkg:source ?s ; dkg:target ?t ; dkg:cameo cameo:036 ; "
         "dkg:evidence/dkg:article ?art }")
    assert store.query(q, {"s": "http://www.wikidata.org/entity/Q7747",
                           "t": "http://www.wikidata.org/entity/Q22686"}).rows[0]["n"] == 2
    # broader CAMEO root and broader relation property find the specific event
    assert store.query("ASK WHERE { ?e dkg:cameo/skos:broader* cameo:03 }").boolean
    assert store.query("ASK WHERE { ?p rdfs:subPropertyOf* dkgrel:cameo03 . wd:Q7747 ?p wd:Q22686 }").boolean
    # removing one article keeps what the other supports
    assert store.remove_article("a2") > 0
    stats = store.stats()
    assert stats["articles"] == 1 and stats["events"] == 1
    assert store.query("ASK WHERE { wd:Q7747 dkgrel:offerDialogue wd:Q22686 }").boolean
    assert not store.query("ASK WHERE { ?e dkg:cameo cameo:111 }").boolean
    assert store.remove_article("nope") == 0


def test_rewrite_replaces_an_article_exactly(store):
    t = "Putin habe Trump einen Dialog angeboten."
    _write(store, "a1", t, [_event("a1", t)])
    first = store.stats()
    _write(store, "a1", t, [_event("a1", t)])
    assert store.stats() == first                                    # same input, same quads
    t2 = "Putin kritisierte Obama."
    _write(store, "a1", t2, [_event("a1", t2, PUTIN, OBAMA, "111", "criticize")])
    assert not store.query("ASK WHERE { ?e dkg:cameo cameo:036 }").boolean
    assert store.query("ASK WHERE { ?e dkg:cameo cameo:111 }").boolean
    assert store.article_hashes() == {"a1": _article("a1", t2).content_hash}


def test_bindings_are_terms_not_query_text(store):
    t = "Putin habe Trump einen Dialog angeboten."
    _write(store, "a1", t, [_event("a1", t)])
    evil = 'offer dialogue" } } SELECT * WHERE { ?s ?p ?o } #'
    rows = store.query("SELECT ?e WHERE { ?e dkg:relation ?rel }", {"rel": evil}).rows
    assert rows == []
    rows = store.query("SELECT ?e WHERE { ?e dkg:relation ?rel }", {"rel": "offer dialogue"}).rows
    assert len(rows) == 1


def test_export_formats_parse(store):
    import rdflib

    t = "Putin habe Trump einen Dialog angeboten."
    _write(store, "a1", t, [_event("a1", t)])
    for fmt in ("turtle", "nquads", "trig", "json-ld"):
        data = store.export(fmt)
        ds = rdflib.Dataset()
        ds.parse(data=data.decode("utf-8"), format=fmt)
        assert len(list(ds.quads())) > 10, fmt


def test_rdflib_dataset_view_of_the_embedded_store(tmp_path):
    """Users who know rdflib get the same data through oxrdflib's Dataset."""
    from rdflib import URIRef

    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path / "kg")
    t = "Putin habe Trump einen Dialog angeboten."
    _write(store, "a1", t, [_event("a1", t)])
    ds = store.dataset
    rel = URIRef("https://w3id.org/diplokg/relation/offerDialogue")
    assert (URIRef("http://www.wikidata.org/entity/Q7747"), rel, URIRef("http://www.wikidata.org/entity/Q22686")) in ds
    rows = list(ds.query("SELECT ?s WHERE { ?e <https://w3id.org/diplokg/ontology#source> ?s }"))
    assert [str(r[0]) for r in rows] == ["http://www.wikidata.org/entity/Q7747"]


def test_named_queries_count_each_event_once(store):
    """The union default graph is a bag; named queries still count a fact reported twice once."""
    from diplokg.graph.rdf.query import event_rows, load_query

    t1 = "Putin habe Trump einen Dialog angeboten."
    t2 = "Putin bot Trump Gespräche an."
    _write(store, "a1", t1, [_event("a1", t1)])
    _write(store, "a2", t2, [_event("a2", t2)])
    dyads = store.query(load_query("top-dyads")).rows
    assert [(r["sourceLabel"], r["targetLabel"], r["events"], r["meanGoldstein"]) for r in dyads] == [
        ("Vladimir Putin", "Donald Trump", 1, 4.0)]
    q = ("SELECT (COUNT(DISTINCT ?art) AS ?n) WHERE { ?e dkg:source wd:Q7747 ; dkg:target wd:Q22686 ; "
         "dkg:evidence/dkg:article ?art }")
    assert store.query(q).rows[0]["n"] == 2                        # two articles support the edge
    balance = store.query(load_query("dyad-balance"), {"a": "http://www.wikidata.org/entity/Q7747",
                                                       "b": "http://www.wikidata.org/entity/Q22686"}).rows
    assert balance == [{"month": "2016-11", "events": 1, "meanGoldstein": 4.0, "verbalCoop": 1,
                        "materialCoop": 0, "verbalConflict": 0, "materialConflict": 0}]
    rows = event_rows(store)
    assert len(rows) == 1 and len(rows[0]["evidence"]) == 2
    evidence = store.query(load_query("evidence"), {"source": "http://www.wikidata.org/entity/Q7747",
                                                    "target": "http://www.wikidata.org/entity/Q22686"}).rows
    assert sorted(r["article"] for r in evidence) == ["a1", "a2"]


def _facts(store) -> set[tuple]:
    q = ("SELECT ?s ?p ?o WHERE { GRAPH <https://w3id.org/diplokg/graph/facts> { ?s ?p ?o } }")
    return {(r["s"], r["p"], str(r["o"])) for r in store.query(q, prefixes=False).rows}


def test_shared_facts_are_stored_once_and_leave_with_their_last_article(store):
    """Event cores, actors and direct triples live once in the facts graph; the last article takes them."""
    t1 = "Putin habe Trump einen Dialog angeboten."
    t2 = "Putin bot Trump Gespräche an. Putin kritisierte Obama."
    _write(store, "a1", t1, [_event("a1", t1)])
    only_a1 = _facts(store)
    _write(store, "a2", t2, [_event("a2", t2), _event("a2", t2, PUTIN, OBAMA, "111", "criticize")])
    # the shared 036 event core appears once in the union, not once per article
    n = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?e dkg:source ?s ; dkg:cameo cameo:036 }").rows[0]["n"]
    assert n == 1
    labels = store.query("SELECT (COUNT(*) AS ?n) WHERE { wd:Q7747 rdfs:label ?l }").rows[0]["n"]
    assert labels == 2                                              # en + de, not repeated per article
    assert store.query("ASK WHERE { wd:Q76 a sem:Actor }").boolean
    store.remove_article("a2")
    assert _facts(store) == only_a1                                  # Obama, criticize and 111 are gone
    assert not store.query("ASK WHERE { wd:Q76 ?p ?o }").boolean
    assert not store.query("ASK WHERE { dkgrel:criticize ?p ?o }").boolean
    store.remove_article("a1")
    assert _facts(store) == set()
    assert store.stats(exact=True)["quads"] == 0


def test_replacing_an_article_keeps_facts_other_articles_support(store):
    t1 = "Putin habe Trump einen Dialog angeboten."
    _write(store, "a1", t1, [_event("a1", t1)])
    _write(store, "a2", t1, [_event("a2", t1), _event("a2", t1, PUTIN, OBAMA, "111", "criticize")])
    # a2 changes: it no longer reports the 036 fact; a1 still does, so it stays
    t2 = "Putin kritisierte Obama."
    _write(store, "a2", t2, [_event("a2", t2, PUTIN, OBAMA, "111", "criticize")])
    assert store.query("ASK WHERE { wd:Q7747 dkgrel:offerDialogue wd:Q22686 }").boolean
    q = "SELECT (COUNT(DISTINCT ?art) AS ?n) WHERE { ?e dkg:cameo cameo:036 ; dkg:evidence/dkg:article ?art }"
    assert store.query(q).rows[0]["n"] == 1
    # a batch that holds two versions of one article stores the later one only
    t3 = "Putin lobte Obama."
    store.write_articles([map_article(_article("a3", t2), [_event("a3", t2, PUTIN, OBAMA, "111", "criticize")]),
                          map_article(_article("a3", t3), [_event("a3", t3, PUTIN, OBAMA, "051", "praise")])])
    assert store.article_hashes()["a3"] == _article("a3", t3).content_hash
    q = "SELECT ?code WHERE { ?e dkg:evidence/dkg:article/dkg:articleId \"a3\" ; dkg:cameo/skos:notation ?code }"
    assert [r["code"] for r in store.query(q).rows] == ["051"]


def test_one_article_stating_one_fact_in_two_wordings_gives_one_event_node():
    """Same actors, code, date and polarity: one node with both wordings, each mention states its own."""
    t = "Putin bot Trump einen Dialog an. Putin strebt Gespräche mit Trump an."
    first = Event("w1", PUTIN, TRUMP, "offer dialogue", "036", t[:32], 0, 32, "2016-11-14")
    second = Event("w1", PUTIN, TRUMP, "seek talks", "036", t[33:], 33, len(t), "2016-11-14")
    quads = map_article(_article("w1", t), [first, second]).quads
    relations = {q.object.value for q in quads if q.predicate.value.endswith("#relation")}
    evidence = [q for q in quads if q.predicate.value.endswith("#evidence")]
    assert relations == {"offer dialogue", "seek talks"} and len(evidence) == 2
    assert len({q.subject.value for q in evidence}) == 1
    stated = [q.object.value for q in quads if q.predicate.value.endswith("#statesRelation")]
    assert sorted(stated) == [REL + "offerDialogue", REL + "seekTalks"]


def _wordings(store) -> set[tuple[str, str]]:
    """(label, property) of every event's wordings; each label must have its property and vice versa."""
    labels = store.query("SELECT ?r WHERE { ?e a dkg:DiplomaticEvent ; dkg:relation ?r }").rows
    props = store.query("SELECT ?p ?l WHERE { ?e a dkg:DiplomaticEvent ; dkg:relationProperty ?p . "
                        "?p rdfs:label ?l }").rows
    assert sorted(r["r"] for r in labels) == sorted(r["l"] for r in props)
    return {(r["l"], r["p"]) for r in props}


def _direct(store) -> set[str]:
    rows = store.query("SELECT DISTINCT ?p WHERE { ?s ?p ?o . ?o a sem:Actor . "
                       "FILTER(STRSTARTS(STR(?p), STR(dkgrel:)) && !STRSTARTS(STR(?p), STR(dkgrel:cameo))) }").rows
    return {r["p"] for r in rows}


def test_articles_that_word_one_fact_differently_share_its_node_and_removal_takes_only_its_wording(store):
    """Two articles, one fact (same actors, code, date): one node with both wordings; removing or
    re-wording one article takes away exactly the wording no remaining mention states."""
    from diplokg.graph.rdf.query import load_query

    t1, t2 = "Putin bot Trump einen Dialog an.", "Putin strebt Gespräche mit Trump an."
    a1 = map_article(_article("w1", t1), [Event("w1", PUTIN, TRUMP, "offer dialogue", "036", t1, 0, len(t1),
                                                "2016-11-14")])
    a2 = map_article(_article("w2", t2), [Event("w2", PUTIN, TRUMP, "seek talks", "036", t2, 0, len(t2),
                                                "2016-11-14")])
    store.write_articles([a1, a2])
    assert store.stats()["events"] == 1
    assert _wordings(store) == {("offer dialogue", REL + "offerDialogue"), ("seek talks", REL + "seekTalks")}
    assert _direct(store) == {REL + "offerDialogue", REL + "seekTalks"}
    rows = store.query(load_query("interactions"), {"actor": PUTIN_IRI}).rows
    assert [(r["relation"], r["mentions"]) for r in rows] == [("offer dialogue", 2)]     # one row per event
    evidence = store.query(load_query("evidence"), {"source": PUTIN_IRI, "target": TRUMP_IRI}).rows
    assert sorted((r["article"], r["relation"]) for r in evidence) == [("w1", "offer dialogue"), ("w2", "seek talks")]
    store.remove_article("w2")
    assert store.stats()["events"] == 1
    assert _wordings(store) == {("offer dialogue", REL + "offerDialogue")}
    assert _direct(store) == {REL + "offerDialogue"}
    assert not store.query("ASK { dkgrel:seekTalks ?p ?o }").boolean        # its declaration only w2 needed
    # re-ingesting w1 in other words replaces its wording; the fact stays one node
    t3 = "Putin strebt ein Treffen mit Trump an."
    store.write_articles([map_article(_article("w1", t3), [Event("w1", PUTIN, TRUMP, "seek meeting", "036", t3, 0,
                                                                 len(t3), "2016-11-14")])])
    assert _wordings(store) == {("seek meeting", REL + "seekMeeting")}
    assert _direct(store) == {REL + "seekMeeting"}
    store.write_articles([a2])
    assert {w for w, _ in _wordings(store)} == {"seek meeting", "seek talks"}
    store.remove_article("w1")
    store.remove_article("w2")
    assert store.stats(exact=True)["quads"] == 0


def test_removing_the_only_article_of_a_fact_in_two_wordings_leaves_nothing(store):
    """Both wordings' direct triples and relation declarations go with the event's last article."""
    t = "Putin bot Trump einen Dialog an. Putin strebt Gespräche mit Trump an."
    first = Event("w1", PUTIN, TRUMP, "offer dialogue", "036", t[:32], 0, 32, "2016-11-14")
    second = Event("w1", PUTIN, TRUMP, "seek talks", "036", t[33:], 33, len(t), "2016-11-14")
    store.write_articles([map_article(_article("w1", t), [first, second])])
    assert _direct(store) == {REL + "offerDialogue", REL + "seekTalks"}
    store.remove_article("w1")
    assert store.stats(exact=True)["quads"] == 0


def test_undated_reports_stay_separate_facts_dated_ones_merge(store):
    t = "Putin bot Trump Gespräche an."

    def undated(aid):
        return Event(aid, PUTIN, TRUMP, "offer dialogue", "036", t, 0, len(t), None, confidence=0.8)

    _write(store, "u1", t, [undated("u1")])
    _write(store, "u2", t, [undated("u2")])                        # no date: cannot tell it is the same fact
    _write(store, "d1", t, [_event("d1", t)])
    _write(store, "d2", t, [_event("d2", t)])                      # same actors, code and date: one fact
    assert store.stats()["events"] == 3
