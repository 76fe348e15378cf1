"""Summary nodes: kept equal to the events through writes, replacements and removals, and the named
queries that read them answer what a plain query over every event answers."""
from __future__ import annotations

import random
import zlib
from collections import Counter, defaultdict

import pytest

from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import event_key, map_article
from diplokg.graph.rdf.query import load_query
from diplokg.graph.rdf.summaries import month_of
from diplokg.ontology.namespaces import SUMMARY_GRAPH_IRI
from diplokg.ontology.scheme import cameo_info

WD = "http://www.wikidata.org/entity/"
ACTORS = [Actor(f"Q{i}", f"Actor {i}", "COUNTRY", f"Q{i}", f"Akteur {i}", None) for i in range(1, 7)]
CODES = ["036", "040", "0311", "111", "190", "051"]


def _article(aid: str, rng: random.Random, n_events: int, undated_share: float = 0.0) -> tuple[Article, list[Event]]:
    art = Article(aid, f"text {aid} {rng.random()}", lang="en", date="2016-06-01", title=f"T {aid}")
    events = []
    for k in range(n_events):
        source, target = rng.sample(ACTORS, 2)
        if rng.random() < 0.1:
            target = None
        date = None if rng.random() < undated_share else f"201{rng.randint(5, 6)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        share = zlib.crc32(f"{aid}/{k}".encode()) % 10   # not drawn from rng: other tests reuse its sequence
        if date and share < 2:               # dated to a month or a year only ("im März 2015", "in 2016")
            date = date[:7] if share else date[:4]
        events.append(Event(aid, source, target, f"rel {k % 3}", rng.choice(CODES), f"Sentence {k}.", 0, 11, date,
                            confidence=0.7))
    return art, events


def _summaries(store) -> set[tuple]:
    q = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{SUMMARY_GRAPH_IRI}> {{ ?s ?p ?o }} }}"
    return {(r["s"], r["p"], str(r["o"])) for r in store.query(q, prefixes=False).rows}


def _expected_dyads(store) -> dict[tuple[str, str], tuple[int, float]]:
    """Events and Goldstein sum per (source, target), counted from the event nodes themselves."""
    rows = store.query("SELECT ?s ?t ?g WHERE { ?e a dkg:DiplomaticEvent ; dkg:source ?s ; dkg:target ?t ; "
                       "dkg:goldstein ?g }").rows
    out: dict = defaultdict(lambda: [0, 0.0])
    for r in rows:
        out[(r["s"], r["t"])][0] += 1
        out[(r["s"], r["t"])][1] += r["g"]
    return {k: (n, round(g, 6)) for k, (n, g) in out.items()}


def _stored_dyads(store) -> dict[tuple[str, str], tuple[int, float]]:
    rows = store.query("SELECT ?s ?t ?n ?g WHERE { ?d a dkg:Dyad ; dkg:summarySource ?s ; dkg:summaryTarget ?t ; "
                       "dkg:dyadEventCount ?n ; dkg:goldsteinSum ?g }").rows
    return {(r["s"], r["t"]): (r["n"], round(r["g"], 6)) for r in rows}


def _expected_actor_counts(store) -> Counter:
    rows = store.query("SELECT DISTINCT ?e ?a WHERE { ?e a dkg:DiplomaticEvent . "
                       "{ ?e dkg:source ?a } UNION { ?e dkg:target ?a } }").rows
    return Counter(r["a"] for r in rows)


def _stored_actor_counts(store) -> Counter:
    rows = store.query("SELECT ?a ?n WHERE { ?x dkg:summaryActor ?a ; dkg:actorEventCount ?n }").rows
    return Counter({r["a"]: r["n"] for r in rows})


def test_summaries_follow_writes_replacements_and_removals(store):
    """After every step the summary nodes equal a recount from the events and a full rebuild."""
    rng = random.Random(7)
    versions = {f"a{k}": _article(f"a{k}", rng, rng.randint(1, 6), undated_share=0.05) for k in range(30)}
    store.write_articles([map_article(*versions[f"a{k}"]) for k in range(20)])
    # shared facts: a new article reporting events another article already states
    art, _ = _article("copy", rng, 0)
    store.write_articles([map_article(art, versions["a3"][1] + versions["a4"][1])])
    steps = [
        lambda: store.write_articles([map_article(*versions[f"a{k}"]) for k in range(20, 30)]),
        lambda: store.write_articles([map_article(*_article("a5", rng, 4)), map_article(*_article("a6", rng, 2))]),
        lambda: store.remove_article("a3"),
        lambda: store.remove_article("copy"),
        lambda: store.write_articles([map_article(*_article("a7", rng, 0))]),   # replaced by no events
    ]
    years = store.query("SELECT (COUNT(?n) AS ?c) WHERE { ?n dkg:year ?y FILTER NOT EXISTS { ?n dkg:month ?m } }")
    assert years.rows[0]["c"] > 0                # year-only events have their own nodes, in no month
    for step in steps:
        step()
        assert _stored_dyads(store) == _expected_dyads(store)
        assert _stored_actor_counts(store) == _expected_actor_counts(store)
        before = _summaries(store)
        store.rebuild_summaries()
        assert _summaries(store) == before
    for k in range(30):
        store.remove_article(f"a{k}")
    assert _summaries(store) == set()
    assert store.stats(exact=True)["quads"] == 0


def _many_events(n: int) -> list[tuple[Article, list[Event]]]:
    """n distinct facts, one per article: Actor 1 towards Actor 2 (every tenth day the other way),
    two CAMEO codes a day, over two years."""
    import datetime

    items = []
    for k in range(n):
        day = datetime.date(2014, 1, 1) + datetime.timedelta(days=k // 2)
        source, target = (ACTORS[1], ACTORS[0]) if (k // 2) % 10 == 0 else (ACTORS[0], ACTORS[1])
        ev = Event(f"m{k}", source, target, "consult", "040" if k % 2 else "036", f"Sentence {k}.", 0, 11,
                   day.isoformat(), confidence=0.6)
        items.append((Article(f"m{k}", f"text {k}", lang="en", date=day.isoformat()), [ev]))
    return items


@pytest.fixture(scope="module")
def paged_store(tmp_path_factory):
    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path_factory.mktemp("paged") / "kg")
    items = _many_events(1300)
    store.write_articles([map_article(a, e) for a, e in items])
    return store, [ev for _, evs in items for ev in evs]


def _newest(events: list[Event], n: int = 1000, lo: str = "", hi: str = "9999") -> list[list[Event]]:
    """The newest n facts (event nodes: events with the same key are one) as lists of their mentions."""
    facts: dict[str, list[Event]] = {}
    for e in events:
        if lo <= e.event_date <= hi:
            facts.setdefault(event_key(e), []).append(e)
    return sorted(facts.values(), key=lambda f: f[0].event_date, reverse=True)[:n]


def test_row_queries_return_the_newest_1000_events(paged_store):
    store, events = paged_store
    a1, a2 = WD + "Q1", WD + "Q2"
    rows = store.query(load_query("interactions"), {"actor": a1}).rows
    newest = _newest(events)
    assert sum(r["mentions"] for r in rows) == sum(len(f) for f in newest)
    assert sorted(r["date"] for r in rows) == sorted(f[0].event_date for f in newest)   # one fact per row here
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    # a date range reaches older events, exactly those in the range
    rows = store.query(load_query("interactions"), {"actor": a1, "from": "2014-01-01", "to": "2014-06-30"}).rows
    in_range = _newest(events, lo="2014-01-01", hi="2014-06-30")
    assert 0 < len(rows) == len(in_range) < 1000
    timeline = store.query(load_query("timeline"), {"a": a1, "b": a2}).rows
    assert sorted(r["date"] for r in timeline) == sorted(f[0].event_date for f in newest)
    evidence = store.query(load_query("evidence"), {"source": a1, "target": a2}).rows
    forward = [e for e in events if e.source.qid == "Q1"]
    assert sorted(r["article"] for r in evidence) == sorted(e.article_id for f in _newest(forward) for e in f)
    with_relation = store.query(load_query("evidence"), {"source": a1, "target": a2, "relation": "consult"}).rows
    assert sorted(r["article"] for r in with_relation) == sorted(r["article"] for r in evidence)
    assert store.query(load_query("evidence"), {"source": a1, "target": a2, "relation": "praise"}).rows == []
    root = store.query(load_query("cameo-root"), {"code": "https://w3id.org/diplokg/cameo/04"}).rows
    consult = [e for e in events if e.cameo.startswith("04")]
    assert sorted(r["date"] for r in root) == sorted(f[0].event_date for f in _newest(consult))
    assert sum(r["mentions"] for r in root) == sum(len(f) for f in _newest(consult))
    older = store.query(load_query("cameo-root"), {"code": "https://w3id.org/diplokg/cameo/03",
                                                   "to": "2014-12-31"}).rows
    dialogue = [e for e in events if e.cameo == "036"]       # 036 is below root 03
    assert sorted(r["date"] for r in older) == sorted(f[0].event_date for f in _newest(dialogue, hi="2014-12-31"))


def test_aggregates_equal_a_count_over_every_event(paged_store):
    store, events = paged_store
    balance = store.query(load_query("dyad-balance"), {"a": WD + "Q2", "b": WD + "Q1"}).rows
    by_month = Counter(month_of(e.event_date) for e in events)
    assert {r["month"]: r["events"] for r in balance} == dict(by_month)
    goldstein = defaultdict(float)
    for e in events:
        goldstein[month_of(e.event_date)] += cameo_info(e.cameo).goldstein
    for r in balance:
        assert r["meanGoldstein"] == pytest.approx(goldstein[r["month"]] / r["events"])
        assert r["verbalCoop"] == r["events"]                # 036 and 040 are verbal cooperation
    dyads = store.query(load_query("top-dyads")).rows
    assert [(r["sourceLabel"], r["targetLabel"], r["events"]) for r in dyads] == [
        ("Actor 1", "Actor 2", 1170), ("Actor 2", "Actor 1", 130)]
    actors = store.query(load_query("top-actors")).rows
    assert [(r["label"], r["events"]) for r in actors] == [("Actor 1", 1300), ("Actor 2", 1300)]


def test_a_write_interrupted_before_the_refresh_is_repaired_on_open(tmp_path):
    """Articles and 'stale' marks go in together; the next open refreshes what a crash left stale."""
    import pyoxigraph as ox

    from diplokg.graph.rdf import summaries
    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path / "kg")
    rng = random.Random(1)
    items = [map_article(*_article(f"c{k}", rng, 3)) for k in range(5)]
    store.write_articles(items[:2])
    expected_after = None
    # what write_articles does, stopped after its first transaction
    quads = [q for item in items[2:] for q in item.quads]
    marks = [ox.Quad(ox.NamedNode(n), ox.NamedNode(summaries.STALE), ox.Literal("true"),
                     ox.NamedNode(summaries.SUMMARY_GRAPH_IRI)) for n in summaries.month_nodes_of(quads)]
    store.store.extend(quads + marks)
    store.close()
    del store
    reopened = open_store(tmp_path / "kg")
    assert _stored_dyads(reopened) == _expected_dyads(reopened)
    expected_after = _summaries(reopened)
    reopened.rebuild_summaries()
    assert _summaries(reopened) == expected_after
    assert not any(p == summaries.STALE for _, p, _ in expected_after)


def test_a_remote_write_stopped_before_its_recount_is_repaired_when_opened_for_writing(remote_store, monkeypatch):
    """A SPARQL server gets the data with 'stale' marks first and the recount second; when the second
    request fails, the next write command's opening recounts the marked nodes."""
    from diplokg.core.errors import StoreError
    from diplokg.graph.rdf import pending
    from diplokg.graph.rdf.opening import open_for_writing
    from diplokg.graph.rdf.store import RemoteStore

    rng = random.Random(2)
    items = [map_article(*_article(f"r{k}", rng, 3)) for k in range(4)]
    remote_store.write_articles(items[:2])
    expected_before = _summaries(remote_store)
    real_update, sent = RemoteStore.update, []

    def refresh_fails(self, sparql: str) -> None:
        sent.append(sparql)
        if len(sent) > 1:                        # the recount, after the data went in
            raise StoreError("connection reset (simulated)")
        real_update(self, sparql)

    monkeypatch.setattr(RemoteStore, "update", refresh_fails)
    with pytest.raises(StoreError, match="simulated"):
        remote_store.write_articles(items[2:])
    monkeypatch.setattr(RemoteStore, "update", real_update)
    assert pending.pending_of(remote_store).stale                      # the marks say what is owed
    notices: list[str] = []
    reopened = open_for_writing(remote_store.location, notice=notices.append)
    assert any("recounted" in n for n in notices), notices
    assert not pending.pending_of(reopened)
    assert _stored_dyads(reopened) == _expected_dyads(reopened)
    after = _summaries(reopened)
    assert after != expected_before
    reopened.rebuild_summaries()
    assert _summaries(reopened) == after


def test_every_term_the_store_writes_is_declared_in_the_ontology(tmp_path):
    """Classes and properties of the dkg: namespace in stored data are declared with en/de labels."""
    from importlib.resources import files

    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS

    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path / "kg")
    rng = random.Random(2)
    store.write_articles([map_article(*_article(f"d{k}", rng, 4, undated_share=0.2)) for k in range(6)])
    dkg = "https://w3id.org/diplokg/ontology#"
    rows = store.query("SELECT DISTINCT ?p ?c WHERE { GRAPH ?g { ?s ?p ?o OPTIONAL { ?s a ?c } } "
                       "FILTER(?g != <https://w3id.org/diplokg/graph/ontology>) }", prefixes=False).rows
    used = {r["p"] for r in rows if r["p"].startswith(dkg)} | {r["c"] for r in rows if (r["c"] or "").startswith(dkg)}
    assert {dkg + "dyadMonth", dkg + "DyadMonth", dkg + "actorEventCount"} <= used
    onto = Graph().parse(data=files("diplokg.ontology").joinpath("diplokg.ttl").read_text(encoding="utf-8"),
                         format="turtle")
    for term in used:
        langs = {o.language for o in onto.objects(URIRef(term), RDFS.label) if isinstance(o, Literal)}
        assert {"en", "de"} <= langs, f"{term} is written to the store but not declared in diplokg.ttl"


def test_the_embedded_rebuild_equals_the_sparql_rebuild(tmp_path):
    """The bulk recount of the embedded store gives the same quads as the portable SPARQL Update."""
    from diplokg.graph.rdf import summaries
    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path / "kg")
    rng = random.Random(11)
    store.write_articles([map_article(*_article(f"b{k}", rng, 5, undated_share=0.1)) for k in range(25)])
    store.write_articles([map_article(*_article(f"b{k}", rng, 3)) for k in range(5)])     # replacements
    store.rebuild_summaries()
    embedded = _summaries(store)
    summaries.rebuild(store)
    assert _summaries(store) == embedded and embedded
