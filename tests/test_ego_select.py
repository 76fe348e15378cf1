"""Ego networks read through the dyad summary nodes keep exactly what filtering every event keeps, and the
event cap draws exactly the network of the newest days it names."""
from __future__ import annotations

import pytest
from test_preselect import _key, _store_items

from diplokg.graph.network.build import actor_id, filter_events
from diplokg.graph.rdf.query import event_rows, selected_event_rows

EGO_CASES = [
    {"actor": "Q903", "depth": 1},
    {"actor": "Q903", "depth": 2},
    {"actor": "Q905", "depth": 1, "date_from": "2016-04-01", "date_to": "2016-08-31"},
    {"actor": "Chain Actor 2", "depth": 2, "date_from": "2016-05"},
    {"actor": "Q906", "depth": 2, "date_to": "2016-06-30", "cameo_root": "04"},
    {"actor": "Q901", "depth": 1, "cameo_root": ["03", "19"]},
    {"actor": "Kettenakteur 7", "depth": 1, "date_from": "2016-02-10", "date_to": "2016-11-20", "cameo_root": "11"},
]


@pytest.fixture
def filled(store):
    items = _store_items()
    for i in range(0, len(items), 10):        # small requests: a busy server answers each in time
        store.write_articles(items[i:i + 10])
    return store


def test_ego_network_from_the_summaries_equals_the_scan_of_every_event(filled):
    every = event_rows(filled)
    for case in EGO_CASES:
        read = event_rows(filled, **case)
        expected = filter_events(every, **case)
        assert expected, case                                   # each case draws a network
        assert _key(filter_events(read, **case)) == _key(expected), case
    narrow = {"actor": "Q901", "depth": 1, "date_from": "2016-03-01", "date_to": "2016-06-30"}
    assert len(event_rows(filled, **narrow)) < len(every)       # a mid-chain ego of a few months reads less


def test_events_among_the_neighbours_are_part_of_the_ego_network(filled):
    case = {"actor": "Q903", "depth": 1}
    kept = filter_events(event_rows(filled, **case), **case)
    ends = {(actor_id(r["source"]), actor_id(r["target"])) for r in kept}
    ego = "http://www.wikidata.org/entity/Q903"
    assert any(ego in pair for pair in ends)
    assert any(ego not in pair for pair in ends)                # neighbour to neighbour, e.g. Q902 -> Q904


@pytest.mark.parametrize("case", [
    {"actor": "Q903", "depth": 1},
    {"actor": "Q904", "depth": 2, "date_from": "2016-02-01", "date_to": "2016-12-31"},
    {"date_from": "2016-01-01", "date_to": "2016-12-31"},
    {"cameo_root": "03"},
    {},
])
def test_the_cap_draws_exactly_the_network_of_the_newest_days(filled, case):
    every = event_rows(filled)
    rows, chosen = selected_event_rows(filled, max_events=12, **case)
    assert chosen is not None and chosen.date_from is not None, case
    narrowed = {**case, "date_from": chosen.date_from}
    assert chosen.date_from > (case.get("date_from") or "")
    expected = filter_events(every, **narrowed)
    assert expected and _key(filter_events(rows, **narrowed)) == _key(expected), case
    assert len(rows) < len(event_rows(filled, **case))          # older days were left out
    assert len({r["event"] for r in rows if r.get("date")}) <= 12     # the cap holds for dated events


def test_a_cap_the_selection_fits_reads_everything_it_holds(filled):
    case = {"actor": "Q901", "depth": 1, "date_from": "2016-03-01", "date_to": "2016-06-30"}
    rows, chosen = selected_event_rows(filled, max_events=10_000, **case)
    assert chosen.date_from is None and chosen.held >= len(filter_events(rows, **case)) > 0
    assert _key(filter_events(rows, **case)) == _key(filter_events(event_rows(filled), **case))


def test_cli_render_says_where_the_cap_cut(tmp_path):
    import networkx as nx

    from conftest import run_cli
    from diplokg.graph.rdf.store import open_store

    path = tmp_path / "s"
    store = open_store(path)
    store.write_articles(_store_items())
    every = event_rows(store)
    del store
    out = tmp_path / "net.graphml"
    res = run_cli("render", "-o", str(out), "--store", str(path), "--actor", "Q903", "--max-events", "20")
    assert res.returncode == 0, res.stderr
    cut = res.stderr.split("from ")[1].split(" ")[0]
    assert "drawing the newest" in res.stderr and cut.startswith("2016-")
    kept = filter_events(every, actor="Q903", date_from=cut)
    expected = {actor_id(a) for r in kept for a in (r["source"], r["target"])}
    assert set(nx.read_graphml(out).nodes) == expected and len(expected) > 1
    res = run_cli("render", "-o", str(out), "--store", str(path), "--actor", "Q903", "--max-events", "0")
    assert res.returncode == 0 and "newest" not in res.stderr
    res = run_cli("render", "-o", str(out), "--store", str(path), "--max-events", "-1")
    assert res.returncode != 0 and "--max-events" in res.stderr
