"""Country-dyad month summary nodes: kept equal to a rebuild from the events through writes, removals and
replacements on both stores (also when a write gives an unknown actor a country, or takes it away), and the
country-dyad series read from them answers what counting the events answers."""
from __future__ import annotations

import pandas as pd
from diplokg.core.records import Actor
from diplokg.graph.rdf import pending, summaries
from diplokg.graph.rdf.series import count_series
from diplokg.ontology.namespaces import SUMMARY_GRAPH_IRI
from handmade_events import LAVROV, OBAMA, PUTIN, TRUMP, WD, article_quads, fill

# one unknown actor (same IRI) named three ways: its country comes from the article's words, or not at all
REBELS = Actor("local:rebels", "the rebels", "GROUP", None, None, None)
SYRIAN = Actor("local:rebels", "Syrian rebels", "GROUP", None, None, None)
IRAQI = Actor("local:rebels", "Iraqi rebels", "GROUP", None, None, None)
REBELS_IRI = "https://w3id.org/diplokg/resource/actor/local-rebels"
SYR, IRQ = WD + "Q858", WD + "Q796"

R1 = ("r1", "2016-11-10", [(REBELS, PUTIN, "meet", "040", "2016-11-10", "The rebels met Putin."),
                           (TRUMP, REBELS, "criticize", "111", "2016-12-03", "Trump criticised the rebels.")])
R2 = ("r2", "2016-11-15", [(SYRIAN, OBAMA, "appeal", "020", "2016-11-15", "Syrian rebels appealed to Obama.")])
R2_PLAIN = ("r2", "2016-11-16", [(REBELS, OBAMA, "appeal", "020", "2016-11-15", "The rebels appealed to Obama.")])
R3 = ("r3", "2017-01-02", [(IRAQI, LAVROV, "threaten", "130", "2017", "Iraqi rebels threatened Lavrov.")])


def _summaries(store) -> set[tuple]:
    q = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{SUMMARY_GRAPH_IRI}> {{ ?s ?p ?o }} }}"
    return {(r["s"], r["p"], str(r["o"])) for r in store.query(q, prefixes=False).rows}


def _rebels_keys(store) -> set[str]:
    """The country keys the rebels' events are counted under (source or target side)."""
    df = count_series(store, "country-dyad", "M")
    return set(df["source"]) | set(df["target"])


def _check(store) -> None:
    """Summaries equal a rebuild from the events, every dyad month links to its country dyad, and the
    country-dyad series from the summary nodes equals the one counted from the events."""
    assert not summaries.older_layout(store)
    for metric in ("events", "quadclass", "goldstein"):
        from_nodes = count_series(store, "country-dyad", "M", metric)
        from_events = count_series(store, "country-dyad", "M", metric, from_events=True)
        assert from_nodes.attrs["source"] == "summaries"
        pd.testing.assert_frame_equal(from_nodes, from_events)
        assert from_nodes.attrs["notices"] == from_events.attrs["notices"]
    before = _summaries(store)
    store.rebuild_summaries()
    assert _summaries(store) == before


def test_country_dyad_months_follow_writes_and_country_changes(store):
    fill(store)
    _check(store)
    store.write_articles([article_quads(*R1)])               # the rebels: no country, counted as themselves
    _check(store)
    assert REBELS_IRI in _rebels_keys(store)
    store.write_articles([article_quads(*R2)])               # "Syrian rebels": r1's events move to Syria
    _check(store)
    keys = _rebels_keys(store)
    assert SYR in keys and REBELS_IRI not in keys
    store.write_articles([article_quads(*R3)])               # also "Iraqi": the first country IRI (Iraq) counts
    _check(store)
    assert IRQ in _rebels_keys(store) and SYR not in _rebels_keys(store)
    store.remove_article("r3")
    _check(store)
    store.write_articles([article_quads(*R2_PLAIN)])         # r2 replaced: the country goes, the event stays
    _check(store)
    assert REBELS_IRI in _rebels_keys(store) and SYR not in _rebels_keys(store)
    for aid in ("r1", "r2", "a1", "a2", "a3"):
        store.remove_article(aid)
    assert _summaries(store) == set()


def test_a_sparql_refresh_of_every_month_node_changes_nothing(store):
    """The portable recount of given month nodes (remote writes, repairs) keeps the country dyads too."""
    fill(store)
    store.write_articles([article_quads(*R1), article_quads(*R2)])
    before = _summaries(store)
    months = {s for s, p, _ in before if p == summaries.DKG + "total" or s.split("/summary/", 1)[1].startswith("cameo/")}
    store.update(summaries.refresh_update(months))
    assert _summaries(store) == before


def test_a_store_summarised_before_country_dyads_owes_a_rebuild(tmp_path):
    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path / "kg")
    fill(store)
    store.write_articles([article_quads(*R1)])
    expected = _summaries(store)
    s, dkg = f"<{SUMMARY_GRAPH_IRI}>", summaries.DKG
    store.update(f"DELETE {{ GRAPH {s} {{ ?n ?p ?o }} }} WHERE {{ GRAPH {s} {{ ?n a <{dkg}CountryDyadMonth> ; ?p ?o }} }} ;"
                 f"DELETE WHERE {{ GRAPH {s} {{ ?n <{dkg}countryDyadMonth> ?c }} }}")
    assert summaries.older_layout(store)
    old = count_series(store, "country-dyad", "M")           # still answered, from the dyad months
    assert "country-dyad month" in pending.pending_of(store).describe()
    assert pending.finish(store).startswith("summary nodes rebuilt")
    assert _summaries(store) == expected and not summaries.older_layout(store)
    pd.testing.assert_frame_equal(count_series(store, "country-dyad", "M"), old)
