"""Unit tests of diplokg.graph.network.analysis on small hand-made event rows with answers known in advance."""
from __future__ import annotations

import json
import math

import networkx as nx
import pandas as pd
import pytest
from diplokg.graph.network import analysis
from diplokg.graph.network.analysis import (
    actor_graph,
    actor_timeline,
    bipartite_graph,
    centrality,
    changed_dyads,
    communities,
    dyad_balance,
    events_frame,
    export_events,
    export_graph,
    pagerank,
    reciprocity,
)

WD = "http://www.wikidata.org/entity/"
RES = "https://w3id.org/diplokg/resource/"

# goldstein / quad class of the codes used below
CODES = {
    "036": ("offer dialogue", 4.0, 1, "AGREE"),
    "040": ("consult", 1.0, 1, "CONSULT"),
    "051": ("praise", 3.4, 1, "AGREE"),
    "057": ("sign agreement", 8.0, 1, "AGREE"),
    "061": ("cooperate economically", 6.4, 2, "COOPERATE"),
    "111": ("criticize", -2.0, 3, "ACCUSE"),
    "130": ("threaten", -4.4, 3, "THREATEN"),
    "163": ("impose embargo", -8.0, 4, "SANCTION"),
}


def actor(name: str, qid: str | None = None, type_: str = "PERSON", label_de: str | None = None) -> dict:
    iri = WD + qid if qid else RES + "actor/" + name.lower().replace(" ", "-")
    return {"iri": iri, "label": name, "label_de": label_de, "type": type_, "qid": qid, "country": None}


A = {k: actor(*v) for k, v in {
    "putin": ("Vladimir Putin", "Q7747", "PERSON", "Wladimir Putin"),
    "trump": ("Donald Trump", "Q22686"),
    "merkel": ("Angela Merkel", "Q567"),
    "macron": ("Emmanuel Macron", "Q3052772"),
    "xi": ("Xi Jinping", "Q15031"),
    "russia": ("Russia", "Q159", "COUNTRY", "Russland"),
    "usa": ("United States", "Q30", "COUNTRY"),
    "eu": ("European Union", "Q458", "ORGANIZATION"),
    "rebels": ("Rebels", None, "GROUP", "Rebellen"),
}.items()}

_counter = iter(range(10**6))


def ev(src: str, tgt: str | None, cameo: str, day: str | None, *, goldstein: float | None = "code",
       lang: str = "en", event: str | None = None, **extra) -> dict:
    """One event row in the format of ``diplokg.graph.rdf.query.event_rows``."""
    relation, gs, quad, plover = CODES[cameo]
    n = next(_counter)
    row = {
        "event": event or f"{RES}event/e{n}",
        "source": dict(A[src]), "target": dict(A[tgt]) if tgt else None,
        "relation": relation, "cameo": cameo, "cameo_label": relation,
        "plover_type": plover, "plover_mode": None,
        "goldstein": gs if goldstein == "code" else goldstein, "quad_class": quad,
        "date": day, "negated": False, "reported": False, "modality": "asserted", "confidence": 0.8,
        "evidence": [{"sentence": f"{A[src]['label']} {relation} {A[tgt]['label'] if tgt else ''} ({n}).",
                      "article_id": f"art{n}", "title": "T", "date": day, "url": None, "lang": lang}],
    }
    row.update(extra)
    return row


def iri(key: str) -> str:
    return A[key]["iri"]


# --------------------------------------------------------------------------- actor_graph
def test_actor_graph_aggregates_per_ordered_dyad():
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("putin", "trump", "130", "2016-12-01"),
            ev("putin", "trump", "036", "2017-01-03"), ev("trump", "putin", "111", "2017-02-01"),
            ev("putin", None, "040", "2017-02-02")]   # one-actor statement: not in the network
    G = actor_graph(rows)
    assert isinstance(G, nx.DiGraph) and not G.is_multigraph()
    assert set(G.nodes) == {iri("putin"), iri("trump")}
    assert G.nodes[iri("putin")]["label"] == "Vladimir Putin"
    assert G.nodes[iri("putin")]["label_de"] == "Wladimir Putin"
    assert G.nodes[iri("putin")]["qid"] == "Q7747"
    assert G.nodes[iri("putin")]["event_count"] == 4
    e = G.edges[iri("putin"), iri("trump")]
    assert e["count"] == e["weight"] == 3
    assert e["mean_goldstein"] == pytest.approx((4.0 - 4.4 + 4.0) / 3, abs=1e-4)
    assert e["relations"] == {"offer dialogue": 2, "threaten": 1}
    assert list(e["relations"]) == ["offer dialogue", "threaten"]  # most frequent first
    assert e["quad_classes"] == {1: 2, 2: 0, 3: 1, 4: 0}
    assert (e["date_first"], e["date_last"]) == ("2016-11-14", "2017-01-03")
    assert len(e["events"]) == 3
    back = G.edges[iri("trump"), iri("putin")]
    assert back["count"] == 1 and back["mean_goldstein"] == -2.0


def test_actor_graph_per_event_multigraph():
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("putin", "trump", "130", "2016-12-01")]
    M = actor_graph(rows, aggregate=False)
    assert isinstance(M, nx.MultiDiGraph)
    assert M.number_of_edges(iri("putin"), iri("trump")) == 2
    keys = {k for _, _, k in M.edges(keys=True)}
    assert keys == {r["event"] for r in rows}
    d = M.edges[iri("putin"), iri("trump"), rows[1]["event"]]
    assert (d["relation"], d["cameo"], d["goldstein"], d["quad_class"], d["date"]) == \
        ("threaten", "130", -4.4, 3, "2016-12-01")
    assert d["evidence"][0]["sentence"].startswith("Vladimir Putin threaten")


def test_actor_graph_counts_an_event_listed_twice_once():
    row = ev("merkel", "macron", "040", "2018-04-17")
    G = actor_graph([row, dict(row)])
    assert G.edges[iri("merkel"), iri("macron")]["count"] == 1


def test_actor_graph_filters():
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("putin", "trump", "130", "2016-12-01"),
            ev("merkel", "macron", "040", "2018-04-17", lang="de"),
            ev("merkel", "macron", "057", "2018-05-01"),
            ev("usa", "russia", "163", "2018-08-08")]
    assert set(actor_graph(rows, date_from="2018-01-01").nodes) == {iri("merkel"), iri("macron"), iri("usa"),
                                                                     iri("russia")}
    assert set(actor_graph(rows, date_to="2016-12").nodes) == {iri("putin"), iri("trump")}
    G = actor_graph(rows, cameo_root="13")
    assert list(G.edges) == [(iri("putin"), iri("trump"))]
    assert G.edges[iri("putin"), iri("trump")]["count"] == 1
    assert list(actor_graph(rows, plover_type="sanction").edges) == [(iri("usa"), iri("russia"))]
    assert list(actor_graph(rows, quad_class=4).edges) == [(iri("usa"), iri("russia"))]
    G = actor_graph(rows, lang="de")
    assert list(G.edges) == [(iri("merkel"), iri("macron"))]
    assert G.edges[iri("merkel"), iri("macron")]["count"] == 1
    G = actor_graph(rows, min_support=2)
    assert sorted(G.edges) == sorted([(iri("putin"), iri("trump")), (iri("merkel"), iri("macron"))])
    assert G.graph["filters"] == {"min_support": 2}
    assert actor_graph(rows, min_support=3).number_of_nodes() == 0


def test_bipartite_graph():
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("trump", "putin", "111", "2017-02-01"),
            ev("putin", None, "040", "2017-02-02")]
    B = bipartite_graph(rows)
    actors = {n for n, d in B.nodes(data=True) if d["bipartite"] == 0}
    events = {n for n, d in B.nodes(data=True) if d["bipartite"] == 1}
    assert actors == {iri("putin"), iri("trump")}
    assert events == {r["event"] for r in rows}
    assert nx.is_bipartite(B)
    assert B.degree(iri("putin")) == 3 and B.degree(iri("trump")) == 2
    assert B.edges[iri("putin"), rows[0]["event"]]["role"] == "source"
    assert B.edges[iri("putin"), rows[1]["event"]]["role"] == "target"
    assert B.nodes[rows[2]["event"]]["relation"] == "consult"


# --------------------------------------------------------------------------- centrality and communities
def star_chain_rows():
    """Leaves B, C, D point at hub A (star); A points at E (chain). 5 actors, 4 events."""
    return [ev("merkel", "putin", "040", "2020-01-01"), ev("macron", "putin", "040", "2020-01-02"),
            ev("xi", "putin", "040", "2020-01-03"), ev("putin", "trump", "040", "2020-01-04")]


def test_pagerank_of_star_and_chain_is_known():
    # leaf = (1-α)/n + α·E/n (E is dangling); A = leaf + 3α·leaf = 3.55·leaf; E = leaf + α·A = 4.0175·leaf;
    # 3·leaf + A + E = 1  ->  leaf = 1/10.5675.  So E > A > leaves (all equal).
    G = actor_graph(star_chain_rows())
    df = centrality(G)
    leaf = 1 / 10.5675
    assert list(df.index[:2]) == [iri("trump"), iri("putin")]
    assert df.loc[iri("trump"), "pagerank"] == pytest.approx(4.0175 * leaf, abs=1e-6)
    assert df.loc[iri("putin"), "pagerank"] == pytest.approx(3.55 * leaf, abs=1e-6)
    for k in ("merkel", "macron", "xi"):
        assert df.loc[iri(k), "pagerank"] == pytest.approx(leaf, abs=1e-6)
    assert df["pagerank"].sum() == pytest.approx(1.0)
    hub = df.loc[iri("putin")]
    assert (hub["degree"], hub["in_degree"], hub["out_degree"], hub["events"]) == (4, 3, 1, 4)
    # betweenness: A lies on the 3 shortest paths leaf -> E, of (n-1)(n-2) = 12 ordered pairs
    assert hub["betweenness"] == pytest.approx(3 / 12)
    assert df.drop(index=iri("putin"))["betweenness"].eq(0).all()
    assert hub["label"] == "Vladimir Putin" and hub["type"] == "PERSON"
    assert list(df.columns) == ["label", "type", "degree", "in_degree", "out_degree", "events",
                                "betweenness", "pagerank"]


def test_pagerank_matches_networkx_reference():
    ref = pytest.importorskip("networkx.algorithms.link_analysis.pagerank_alg")
    if not hasattr(ref, "_pagerank_python"):
        pytest.skip("networkx has no pure-Python pagerank reference")
    G = nx.gnp_random_graph(30, 0.12, seed=3, directed=True)
    for u, v in G.edges:
        G[u][v]["weight"] = (u * 7 + v) % 5 + 1
    ours = pagerank(G)
    theirs = ref._pagerank_python(G, weight="weight", tol=1e-12, max_iter=1000)
    for n in G:
        assert ours[n] == pytest.approx(theirs[n], abs=1e-6)


def test_centrality_weights_and_multigraph():
    rows = [ev("merkel", "putin", "040", "2020-01-01"), ev("merkel", "putin", "111", "2020-01-02"),
            ev("merkel", "macron", "040", "2020-01-03")]
    agg = centrality(actor_graph(rows))
    multi = centrality(actor_graph(rows, aggregate=False))
    assert agg.loc[iri("merkel"), "events"] == multi.loc[iri("merkel"), "events"] == 3
    assert agg.loc[iri("merkel"), "degree"] == multi.loc[iri("merkel"), "degree"] == 2
    # putin gets twice macron's share of merkel's rank
    assert agg.loc[iri("putin"), "pagerank"] > agg.loc[iri("macron"), "pagerank"]
    for col in ("pagerank", "betweenness"):
        assert agg[col].tolist() == pytest.approx(multi.loc[agg.index, col].tolist())


def two_groups_rows():
    """Two triangles of strong ties (3 events per pair) joined by one weak edge (1 event)."""
    rows = []
    for group in (("putin", "xi", "russia"), ("merkel", "macron", "eu")):
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                rows += [ev(a, b, "040", "2020-01-01"), ev(b, a, "051", "2020-01-02"),
                         ev(a, b, "036", "2020-01-03")]
    rows.append(ev("putin", "merkel", "111", "2020-02-01"))
    return rows


@pytest.mark.parametrize("seed", [0, 1, 42, 2024])
def test_communities_two_groups_joined_by_a_weak_edge(seed):
    G = actor_graph(two_groups_rows())
    parts = communities(G, seed=seed)
    assert sorted(map(frozenset, parts), key=lambda s: sorted(s)) == sorted(
        [frozenset(map(iri, ("putin", "xi", "russia"))), frozenset(map(iri, ("merkel", "macron", "eu")))],
        key=lambda s: sorted(s))
    assert communities(actor_graph(two_groups_rows(), aggregate=False), seed=seed) == parts


def test_communities_is_deterministic_and_sorted_by_size():
    rows = two_groups_rows() + [ev("usa", "trump", "040", "2020-03-01")]
    parts = communities(actor_graph(rows), seed=7)
    assert [len(p) for p in parts] == [3, 3, 2]
    assert parts == communities(actor_graph(rows), seed=7)
    assert communities(nx.DiGraph()) == []


# --------------------------------------------------------------------------- dyads
def dyad_rows():
    return [
        ev("putin", "trump", "036", "2020-01-05"),    # Jan: +4.0 (verbal coop)
        ev("trump", "putin", "111", "2020-01-20"),    # Jan: -2.0 (verbal conflict), other direction counts
        ev("putin", "trump", "057", "2020-02-10"),    # Feb: +8.0
        ev("trump", "putin", "163", "2020-02-11"),    # Feb: -8.0 (material conflict)
        ev("putin", "trump", "061", "2020-02-12"),    # Feb: +6.4 (material coop)
        ev("putin", "trump", "040", None),            # undated: no month
        ev("putin", "trump", "040", "2020"),          # year only: too coarse for months
        ev("putin", "merkel", "130", "2020-01-07"),   # another dyad
    ]


def test_dyad_balance_monthly_goldstein_means():
    df = dyad_balance(dyad_rows(), a="Vladimir Putin", b="Q22686")
    assert list(df.columns) == ["actor_a", "actor_b", "label_a", "label_b", "period", "events",
                                "mean_goldstein", "verbal_coop", "material_coop", "verbal_conflict",
                                "material_conflict", "coop_minus_conflict"]
    assert df["period"].tolist() == [pd.Timestamp("2020-01-01"), pd.Timestamp("2020-02-01")]
    assert (df["actor_a"] == iri("putin")).all() and (df["label_b"] == "Donald Trump").all()
    assert df["events"].tolist() == [2, 3]
    assert df["mean_goldstein"].tolist() == pytest.approx([1.0, 6.4 / 3])
    assert df["verbal_coop"].tolist() == [1, 1]
    assert df["material_coop"].tolist() == [0, 1]
    assert df["verbal_conflict"].tolist() == [1, 0]
    assert df["material_conflict"].tolist() == [0, 1]
    assert df["coop_minus_conflict"].tolist() == [0, 1]


def test_dyad_balance_all_dyads_other_frequencies_and_directed():
    rows = dyad_rows()
    every = dyad_balance(rows, freq=None)
    assert len(every) == 2
    top = every.iloc[0]
    assert {top["actor_a"], top["actor_b"]} == {iri("putin"), iri("trump")}
    assert top["events"] == 7 and top["period"] is None          # undated events count without periods
    quarter = dyad_balance(rows, iri("putin"), iri("trump"), freq="Q")
    assert quarter["period"].tolist() == [pd.Timestamp("2020-01-01")] and quarter["events"].tolist() == [5]
    year = dyad_balance(rows, "putin", "trump", freq="Y")
    assert year["events"].tolist() == [6]                          # the year-only date counts for years
    only_putin = dyad_balance(rows, a="putin")
    assert set(only_putin["label_b"]) == {"Donald Trump", "Angela Merkel"}
    assert (only_putin["actor_a"] == iri("putin")).all()
    directed = dyad_balance(rows, "putin", "trump", directed=True)
    assert directed["events"].tolist() == [1, 2]
    assert directed["mean_goldstein"].tolist() == pytest.approx([4.0, 7.2])


def test_reciprocity_of_a_known_pair():
    rows = [ev("trump", "putin", "036", "2020-01-01"),    # reported side has fewer events: becomes actor_b
            ev("putin", "trump", "040", "2020-01-02"), ev("putin", "trump", "051", "2020-01-03"),
            ev("putin", "trump", "111", "2020-01-04"),
            ev("merkel", "macron", "040", "2020-01-05"),  # one direction only
            ev("xi", "xi", "040", "2020-01-06")]          # self-loop: ignored
    df = reciprocity(rows)
    assert len(df) == 2
    pair = df.iloc[0]
    assert (pair["actor_a"], pair["actor_b"]) == (iri("putin"), iri("trump"))
    assert (pair["a_to_b"], pair["b_to_a"], pair["total"]) == (3, 1, 4)
    assert pair["reciprocity"] == pytest.approx(1 / 3, abs=1e-4)
    assert pair["goldstein_a_to_b"] == pytest.approx((1.0 + 3.4 - 2.0) / 3, abs=1e-4)
    assert pair["goldstein_b_to_a"] == 4.0
    assert pair["goldstein_asymmetry"] == pytest.approx(0.8 - 4.0, abs=1e-4)
    one_way = df.iloc[1]
    assert (one_way["label_a"], one_way["a_to_b"], one_way["b_to_a"], one_way["reciprocity"]) == \
        ("Angela Merkel", 1, 0, 0.0)
    assert math.isnan(one_way["goldstein_asymmetry"])


def test_changed_dyads_between_two_periods():
    h1, h2 = ("2020-01-01", "2020-06-30"), ("2020-07-01", "2020-12-31")
    rows = [
        # Putin–Merkel: +8, +4 (mean 6) in H1; -8, -2 (mean -5) in H2
        ev("putin", "merkel", "057", "2020-02-01"), ev("merkel", "putin", "036", "2020-03-01"),
        ev("putin", "merkel", "163", "2020-08-01"), ev("merkel", "putin", "111", "2020-09-01"),
        # Putin–Xi: 1 in H1; 4, 1 (mean 2.5) in H2
        ev("putin", "xi", "040", "2020-02-01"),
        ev("putin", "xi", "036", "2020-10-01"), ev("xi", "putin", "040", "2020-11-01"),
        # USA–Russia: only in H2
        ev("usa", "russia", "163", "2020-09-01"), ev("usa", "russia", "163", "2020-10-01"),
        ev("usa", "russia", "163", "2020-11-01"),
        # in neither period
        ev("trump", "macron", "040", "2021-01-01"),
    ]
    df = changed_dyads(rows, h1, h2)
    assert [{r["label_a"], r["label_b"]} for _, r in df.iterrows()] == [
        {"Vladimir Putin", "Angela Merkel"}, {"Vladimir Putin", "Xi Jinping"}]
    assert df["delta_goldstein"].tolist() == pytest.approx([-11.0, 1.5])
    assert df["mean_goldstein_1"].tolist() == pytest.approx([6.0, 1.0])
    assert df[["events_1", "events_2", "delta_events"]].values.tolist() == [[2, 2, 0], [1, 2, 1]]
    assert len(changed_dyads(rows, h1, h2, top=1)) == 1
    by_events = changed_dyads(rows, h1, h2, by="events")
    assert {by_events.iloc[0]["label_a"], by_events.iloc[0]["label_b"]} == {"United States", "Russia"}
    assert by_events.iloc[0]["delta_events"] == 3 and math.isnan(by_events.iloc[0]["delta_goldstein"])
    assert len(by_events) == 3
    # open-ended periods
    open_ended = changed_dyads(rows, (None, "2020-06-30"), ("2020-07-01", None), top=None)
    assert open_ended["delta_goldstein"].tolist() == pytest.approx([-11.0, 1.5])
    with pytest.raises(ValueError):
        changed_dyads(rows, h1, h2, by="nope")


def test_actor_timeline():
    rows = [ev("merkel", "putin", "111", "2020-03-01"), ev("putin", "trump", "036", "2020-01-05"),
            ev("putin", None, "040", "2020-02-01"), ev("putin", "xi", "040", None),
            ev("macron", "merkel", "040", "2020-01-01")]
    for query in ("Vladimir Putin", "wladimir putin", "Q7747", iri("putin")):
        df = actor_timeline(rows, query)
        assert df["date"].tolist()[:3] == ["2020-01-05", "2020-02-01", "2020-03-01"], query
        assert pd.isna(df["date"].iloc[3]) and len(df) == 4
    df = actor_timeline(rows, "Putin")
    assert df["role"].tolist() == ["source", "source", "target", "source"]
    assert df["other_label"].fillna("-").tolist() == ["Donald Trump", "-", "Angela Merkel", "Xi Jinping"]
    assert df.loc[2, "goldstein"] == -2.0 and df.loc[2, "sentence"].startswith("Angela Merkel criticize")
    assert actor_timeline(rows, "nobody").empty


# --------------------------------------------------------------------------- tables and exports
def test_events_frame_is_flat():
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("rebels", None, "130", "2016-11"),
            ev("merkel", "putin", "040", None)]
    rows[0]["evidence"].append({"sentence": "Putin bot Gespräche an.", "article_id": "de1", "title": "T",
                                "date": "2016-11-15", "url": "https://example.org/a", "lang": "de"})
    df = events_frame(rows)
    assert len(df) == 3
    first = df.iloc[0]
    assert (first["source"], first["source_label"], first["source_qid"], first["target_label"]) == \
        (iri("putin"), "Vladimir Putin", "Q7747", "Donald Trump")
    assert (first["cameo"], first["cameo_root"], first["goldstein"], first["quad_class"]) == \
        ("036", "03", 4.0, 1)
    assert first["mentions"] == 2 and first["langs"] == "en;de" and first["articles"].endswith(";de1")
    assert first["date"] == pd.Timestamp("2016-11-14")
    assert pd.isna(df.loc[1, "target"]) and df.loc[1, "source_type"] == "GROUP"
    assert df.loc[1, "date_text"] == "2016-11" and df.loc[1, "date"] == pd.Timestamp("2016-11-01")
    assert pd.isna(df.loc[2, "date"])
    assert str(df["date"].dtype).startswith("datetime64")


def test_export_events_csv_and_parquet_round_trip(tmp_path):
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("rebels", None, "130", "2016-11")]
    df = events_frame(rows)
    csv_path = export_events(rows, tmp_path / "events.csv")
    back = pd.read_csv(csv_path, dtype={"cameo": str, "cameo_root": str})
    assert list(back.columns) == list(df.columns)
    assert back["cameo"].tolist() == ["036", "130"] and back["cameo_root"].tolist() == ["03", "13"]
    assert back["goldstein"].tolist() == [4.0, -4.4]
    assert back["source_label"].tolist() == ["Vladimir Putin", "Rebels"]
    pq_path = export_events(rows, tmp_path / "out" / "events.parquet")
    back = pd.read_parquet(pq_path)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)
    explicit = export_events(df, tmp_path / "events.data", format="parquet")
    assert pd.read_parquet(explicit).shape == df.shape
    with pytest.raises(ValueError):
        export_events(rows, tmp_path / "events.xlsx")


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export_graph_round_trip(tmp_path, fmt):
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("putin", "trump", "130", "2016-12-01"),
            ev("rebels", "putin", "130", "2017-01-01", goldstein=None)]
    G = actor_graph(rows)
    path = export_graph(G, tmp_path / f"g.{fmt}")
    H = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert H.is_directed()
    assert set(H.nodes) == set(G.nodes)
    if fmt == "graphml":  # GEXF keeps the label as the node label, not as an attribute
        assert H.nodes[iri("putin")]["label"] == "Vladimir Putin"
    assert H.nodes[iri("putin")]["qid"] == "Q7747"
    assert int(H.nodes[iri("putin")]["event_count"]) == 3
    e = H.edges[iri("putin"), iri("trump")]
    assert int(e["count"]) == 2 and float(e["weight"]) == 2.0
    assert float(e["mean_goldstein"]) == pytest.approx(-0.2)
    assert json.loads(e["relations"]) == {"offer dialogue": 1, "threaten": 1}
    assert json.loads(e["quad_classes"]) == {"1": 1, "2": 0, "3": 1, "4": 0}
    assert e["events"].split(";") == [r["event"] for r in rows[:2]]
    assert "mean_goldstein" not in H.edges[iri("rebels"), iri("putin")]  # None is left out


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export_multigraph_and_bipartite(tmp_path, fmt):
    rows = [ev("putin", "trump", "036", "2016-11-14"), ev("putin", "trump", "130", "2016-12-01"),
            ev("putin", None, "040", "2016-12-02")]
    M = actor_graph(rows, aggregate=False)
    path = export_graph(M, tmp_path / f"m.{fmt}")
    H = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert H.number_of_edges(iri("putin"), iri("trump")) == 2
    assert sorted(d["relation"] for _, _, d in H.edges(data=True)) == ["offer dialogue", "threaten"]
    assert all(json.loads(d["evidence"])[0]["sentence"] for _, _, d in H.edges(data=True))
    B = bipartite_graph(rows)
    path = export_graph(B, tmp_path / f"b.{fmt}")
    H = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert not H.is_directed() and H.number_of_nodes() == 5 and H.number_of_edges() == 5
    assert {d["kind"] for _, d in H.nodes(data=True)} == {"actor", "event"}


def test_export_graph_harmonises_mixed_attribute_types(tmp_path):
    G = nx.Graph()
    G.add_node("a", score=1, note="x", tags=["p", "q"])
    G.add_node("b", score=2.5, note=3, tags={"r"})
    G.add_edge("a", "b", weight=1)
    for fmt in ("gexf", "graphml"):
        path = export_graph(G, tmp_path / f"mixed.{fmt}")
        H = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
        assert (H.nodes["a"]["score"], H.nodes["b"]["score"]) == (1.0, 2.5)
        assert (H.nodes["a"]["note"], H.nodes["b"]["note"]) == ("x", "3")
        assert (H.nodes["a"]["tags"], H.nodes["b"]["tags"]) == ("p;q", "r")
    with pytest.raises(ValueError):
        export_graph(G, tmp_path / "g.dot")


# --------------------------------------------------------------------------- empty input
def test_everything_works_on_no_events(tmp_path):
    rows: list = []
    G = actor_graph(rows)
    assert G.number_of_nodes() == 0
    assert bipartite_graph(rows).number_of_nodes() == 0
    assert centrality(G).empty and "pagerank" in centrality(G).columns
    assert communities(G) == []
    for df, column in ((dyad_balance(rows), "mean_goldstein"), (actor_timeline(rows, "x"), "sentence"),
                       (changed_dyads(rows, (None, None), (None, None)), "delta_goldstein"),
                       (reciprocity(rows), "reciprocity"), (events_frame(rows), "source_label")):
        assert df.empty and column in df.columns
    assert pd.read_csv(export_events(rows, tmp_path / "e.csv")).empty
    assert nx.read_gexf(export_graph(G, tmp_path / "e.gexf")).number_of_nodes() == 0
    # one-actor statements only: no network, but a table and a bipartite graph
    solo = [ev("putin", None, "040", "2020-01-01")]
    assert actor_graph(solo).number_of_nodes() == 0
    assert len(events_frame(solo)) == 1 and bipartite_graph(solo).number_of_edges() == 1


def test_module_exports():
    for name in analysis.__all__:
        assert hasattr(analysis, name)
