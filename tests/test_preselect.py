"""Filtered event rows read through the month summary nodes keep exactly what filtering all rows keeps."""
from __future__ import annotations

import json
import random

from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import map_article
from diplokg.graph.network.build import filter_events
from diplokg.graph.rdf.query import event_rows

# a chain of actors A1 - A2 - ... - A8 plus random links, so depth matters
ACTORS = [Actor(f"Q{900 + i}", f"Chain Actor {i}", "COUNTRY", f"Q{900 + i}", f"Kettenakteur {i}", None)
          for i in range(1, 9)]
LOCAL = Actor("local:ner:org:unnamed-militia", "Unnamed Militia", "ARMED_GROUP", None, None, None)
CODES = ["036", "040", "0311", "111", "190", "051", "1011"]


def _store_items(seed: int = 3):
    rng = random.Random(seed)
    items = []
    for k in range(40):
        aid = f"p{k}"
        art = Article(aid, f"text {aid}", lang=rng.choice(["en", "de"]), date=f"2016-{rng.randint(1, 12):02d}-15",
                      title=f"T {aid}")
        events = []
        for j in range(3):
            i = rng.randrange(len(ACTORS) - 1)
            source, target = (ACTORS[i], ACTORS[i + 1]) if rng.random() < 0.85 else tuple(rng.sample(ACTORS, 2))
            if rng.random() < 0.1:
                target = LOCAL
            date = None if rng.random() < 0.2 else f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            events.append(Event(aid, source, target, f"rel {j}", rng.choice(CODES), f"Sentence {aid} {j}.", 0, 12,
                                date, confidence=0.6))
        items.append(map_article(art, events, {"en": "test", "de": "test"}))
    return items


def _key(rows) -> set[str]:
    """Every field of every row (evidence in a fixed order): the filtered read must give the same rows."""
    return {json.dumps({**r, "evidence": sorted(r["evidence"], key=lambda e: json.dumps(e, sort_keys=True))},
                       sort_keys=True, default=str) for r in rows}


CASES = [
    {"date_from": "2016-03-01", "date_to": "2016-05-31"},
    {"date_from": "2016-11"},
    {"date_to": "2016-04"},
    {"cameo_root": "03"},
    {"cameo_root": ["10", 19]},
    {"cameo_root": "04", "date_from": "2016-06-01"},
    {"actor": "Q901", "depth": 1},
    {"actor": "chain actor 1", "depth": 2},
    {"actor": "Kettenakteur 4", "depth": 0},
    {"actor": "Unnamed Militia"},
    {"actor": "Q904", "depth": 1, "date_from": "2016-02-01", "date_to": "2016-09-30", "cameo_root": "01"},
    {"actor": "nobody at all"},
]


def test_preselected_rows_filter_to_the_same_events_as_all_rows(store):
    store.write_articles(_store_items())
    every = event_rows(store)
    for case in CASES:
        pre = event_rows(store, **case)
        assert _key(filter_events(pre, **case)) == _key(filter_events(every, **case)), case
        if "actor" not in case or case.get("depth") == 0:           # narrow filters read less than everything
            assert len(pre) < len(every), case                      # (an ego network of depth >= 1 may span all)


def test_without_summary_nodes_every_event_is_read(tmp_path):
    from diplokg.graph.rdf.store import open_store
    from diplokg.ontology.namespaces import SUMMARY_GRAPH_IRI

    store = open_store(tmp_path / "s")
    store.write_articles(_store_items())
    store.update(f"DROP GRAPH <{SUMMARY_GRAPH_IRI}>")             # e.g. loaded by another tool, not recounted
    case = {"date_from": "2016-03-01", "date_to": "2016-05-31"}
    assert _key(filter_events(event_rows(store, **case), **case)) == _key(filter_events(event_rows(store), **case))
    assert len(event_rows(store, **case)) == len(event_rows(store))


def test_cli_render_with_filters_draws_what_filtering_every_event_gives(tmp_path):
    import networkx as nx

    from conftest import run_cli
    from diplokg.graph.network.build import actor_id
    from diplokg.graph.rdf.store import open_store

    path = tmp_path / "s"
    store = open_store(path)
    store.write_articles(_store_items())
    case = {"actor": "Q903", "depth": 1, "date_from": "2016-02-01", "date_to": "2016-10-31"}
    expected = {actor_id(a) for r in filter_events(event_rows(store), **case) for a in (r["source"], r["target"])}
    del store
    out = tmp_path / "net.graphml"
    res = run_cli("render", "-o", str(out), "--format", "graphml", "--store", str(path), "--actor", "Q903",
                  "--depth", "1", "--from", "2016-02-01", "--to", "2016-10-31")
    assert res.returncode == 0, res.stderr
    assert set(nx.read_graphml(out).nodes) == expected and len(expected) > 1
