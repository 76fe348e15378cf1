"""The page's per-event facets (graph/network/page_facets.py): QuadClass and place of each event of each
edge, aligned with the edge's event_dates; the place table; actor ranks."""
from __future__ import annotations

from diplokg.graph.network.build import example_row as row, aggregate_edges
from diplokg.graph.network.page_facets import actor_ranks, add_facets, event_facets, place_of

KYIV = {"name": "Kyiv", "qid": "Q1899", "lat": 50.45, "lon": 30.52, "country": "UKR", "source": "sentence"}
KIEW = {"name": "Kiew", "qid": "http://www.wikidata.org/entity/Q1899", "lat": 50.45, "lon": 30.52}
PARIS = {"name": "Paris", "qid": None, "lat": 48.8566, "lon": 2.3522, "country": "FRA"}


def test_facets_are_aligned_with_event_dates():
    rows = [row("A", "B", "consult", "040", 1.0, "2020-01-02", location=KYIV),
            row("A", "B", "consult", "040", 1.0, "2020-03-01"),
            row("A", "B", "consult", "040", 1.0, "2021", location=PARIS, quad_class=2),
            row("B", "C", "threaten", "130", -6.0, "2020-02-01", location=KIEW)]
    G = aggregate_edges(rows)
    facets = event_facets(G, rows)
    ab = G.edges["local:A", "local:B", "consult"]
    got = facets.edges[("local:A", "local:B", "consult")]
    assert ab["event_dates"] == ["2020-01-02", "2020-03-01", "2021"]
    assert got == {"event_quads": [1, 1, 2], "event_places": [0, None, 1]}
    # one place per QID whatever the name or IRI form; places without a QID by name and coordinates
    assert [p["name"] for p in facets.places] == ["Kyiv", "Paris"]
    assert facets.edges[("local:B", "local:C", "threaten")] == {"event_quads": [3], "event_places": [0]}
    assert facets.places[1] == {"name": "Paris", "lat": 48.8566, "lon": 2.3522, "qid": None, "country": "FRA"}


def test_a_place_needs_valid_coordinates():
    assert place_of({"location": KYIV})["qid"] == "Q1899"
    moscow = {"name": "Moscow", "name_de": "Moskau", "kind": "city", "lat": 55.75, "lon": 37.62,
              "iri": "http://www.wikidata.org/entity/Q649", "qid": "Q649", "source": "dateline"}
    assert place_of({"location": moscow}) == {"name": "Moscow", "lat": 55.75, "lon": 37.62, "qid": "Q649",
                                              "country": None, "name_de": "Moskau", "kind": "city"}
    for bad in ({"name": "x", "lat": None, "lon": 1}, {"name": "x", "lat": "n/a", "lon": 1},
                {"name": "x", "lat": 10, "lon": 181}, {"name": "x", "lat": float("nan"), "lon": 1}):
        assert place_of({"location": bad}) is None, bad
    assert place_of({"location": None}) is None and place_of({}) is None
    unnamed = place_of({"location": {"lat": 1.5, "lon": -2}})
    assert unnamed["name"] == "1.5, -2.0" and unnamed["qid"] is None
    assert place_of({"location": {"name": "x", "lat": 1, "lon": 2, "qid": "javascript:1"}})["qid"] is None


def test_rows_without_event_iri_get_the_edge_quadclass_and_no_place():
    rows = [row("A", "B", "consult", "040", 1.0, "2020-01-02", location=KYIV),
            row("A", "B", "consult", "040", 1.0, "2020-01-03", location=KYIV)]
    rows[1]["event"] = None
    G = aggregate_edges(rows)
    got = event_facets(G, rows).edges[("local:A", "local:B", "consult")]
    assert got == {"event_quads": [1, 1], "event_places": [None, None]}


def test_duplicate_rows_of_one_event_count_once_and_keep_a_place():
    first = row("A", "B", "consult", "040", 1.0, "2020-01-02")
    again = {**first, "location": KYIV}                      # a join listed the event twice
    G = aggregate_edges([first, again])
    got = event_facets(G, [first, again]).edges[("local:A", "local:B", "consult")]
    assert got == {"event_quads": [1], "event_places": [0]}


def test_add_facets_ranks_actors_by_degree():
    rows = [row("Hub", t, "consult", "040", 1.0, "2020-01-02") for t in "BCD"] + \
           [row("B", "C", "consult", "040", 1.0, "2020-01-02")]
    G = aggregate_edges(rows)
    ranks = actor_ranks(G)
    assert ranks["local:Hub"] == 0 and sorted(ranks.values()) == [0, 1, 2, 3]
    data = {"meta": {}, "nodes": [{"id": n, "d": {}} for n in G.nodes],
            "edges": [{"d": {}} for _ in G.edges]}
    add_facets(data, G, rows, labelled=2)
    assert data["meta"] == {"places": [], "labelled": 2}
    assert {n["id"]: n["d"]["rank"] for n in data["nodes"]} == ranks
    assert all(e["d"]["event_quads"] == [1] for e in data["edges"])


def test_the_page_carries_the_facets_and_escapes_place_names():
    import json
    import re

    from diplokg.graph.network.render import to_html

    evil = {"name": "</script><script>alert(1)</script>", "lat": 1.0, "lon": 2.0, "qid": "Q1", "country": "X"}
    rows = [row("A", "B", "consult", "040", 1.0, "2020-01-02", location=evil),
            row("A", "C", "threaten", "130", -6.0, "2020-02-01")]
    page = to_html(rows)
    assert "<script>alert(1)" not in page and "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in page
    data = json.loads(re.search(r'id="diplokg-data">(.*?)</script>', page, re.DOTALL).group(1))
    assert data["meta"]["places"][0]["name"] == evil["name"] and data["meta"]["labelled"] == 3
    by_relation = {e["d"]["relation"]: e["d"] for e in data["edges"]}
    assert by_relation["consult"]["event_places"] == [0] and by_relation["threaten"]["event_quads"] == [3]
    assert sorted(n["d"]["rank"] for n in data["nodes"]) == [0, 1, 2]
    for part in ('id="diplokg-strip"', 'id="diplokg-map"', 'id="f-place"', "function diplokgTimeStrip"):
        assert part in page, part
