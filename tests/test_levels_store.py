"""The country-level network of a store built from hand-made events: no person whose country the gazetteer
knows is left as a person; unknown persons stay and are counted (both stores, the CLI on the embedded one)."""
from __future__ import annotations

import json
import re

from conftest import run_cli

from diplokg.core.records import Actor, Article, Event
from diplokg.graph.network.analysis import actor_graph
from diplokg.graph.rdf.mapping import map_article
from diplokg.graph.rdf.query import event_rows
from diplokg.ontology.actor_codes import coded_actor
from diplokg.ontology.gazetteer import load_gazetteer


def _actor(gaz, name: str) -> Actor:
    return coded_actor(next(a for a in gaz.actors.values() if a.name == name), gaz)


def _events(aid: str, text: str) -> list[Event]:
    gaz = load_gazetteer()
    putin, lavrov, trump = _actor(gaz, "Vladimir Putin"), _actor(gaz, "Sergey Lavrov"), _actor(gaz, "Donald Trump")
    pompeo, guterres = _actor(gaz, "Mike Pompeo"), _actor(gaz, "António Guterres")
    army = coded_actor(gaz.country_actor("RUS", as_government=True), gaz, ["russische", "Armee"], "de")
    ukraine = gaz.country_actor("UKR")
    stranger = Actor("local:ner:per:jane-roe", "Jane Roe", "PERSON")
    pairs = [(putin, trump, "036", "2019-03-01"), (lavrov, pompeo, "040", "2019-03-02"),
             (putin, pompeo, "111", "2019-03-03"), (army, ukraine, "190", "2019-03-04"),
             (guterres, putin, "020", "2019-03-05"), (stranger, lavrov, "111", "2019-03-06")]
    return [Event(aid, s, t, "act", code, text, 0, len(text), day, confidence=0.8) for s, t, code, day in pairs]


def _store_with_events(store) -> None:
    text = "Putin, Lawrow und die russische Armee; Trump und Pompeo; Guterres; Jane Roe."
    art = Article("levels-1", text, lang="de", date="2019-03-06", title="t", url="https://example.org/l")
    store.write_articles([map_article(art, _events("levels-1", text), {"de": "test"})])


def test_country_level_network_has_no_person_of_a_known_country(store):
    _store_with_events(store)
    G = actor_graph(event_rows(store), level="country")
    labels = {d["label"]: d for _, d in G.nodes(data=True)}
    gaz = load_gazetteer()
    known = {a.name for a in gaz.actors.values() if a.type == "PERSON" and a.country}
    assert not [name for name, d in labels.items() if d["type"] == "PERSON" and name in known]
    assert {"Russia", "United States", "Ukraine"} <= set(labels)
    assert labels["Jane Roe"]["type"] == "PERSON" and G.graph["kept_actors"] == ["Jane Roe"]   # counted
    assert labels["United Nations"]["code"] == "IGO"          # Guterres acts for the UN, not for Portugal
    # Putin's, Lavrov's and the army's events are one Russia -> United States dyad of three events
    assert G.edges["http://www.wikidata.org/entity/Q159", "http://www.wikidata.org/entity/Q30"]["count"] == 3
    # at actor level the persons are there (the same input, presence before absence)
    assert {"Vladimir Putin", "Sergey Lavrov"} <= {d["label"] for _, d in actor_graph(event_rows(store)).nodes(data=True)}


def test_sector_level_keeps_government_and_military_apart(store):
    _store_with_events(store)
    G = actor_graph(event_rows(store), level="sector")
    codes = {d.get("code") for _, d in G.nodes(data=True)}
    assert {"RUSGOV", "USAGOV", "UKR", "IGO"} <= codes
    assert "RUSMIL" not in codes         # the army mention is the Russia item, which the store codes RUS
    assert "RUS" in codes


def test_cli_render_country_level_reports_kept_persons(tmp_path):
    from diplokg.graph.rdf.store import open_store

    path = tmp_path / "kg"
    _store_with_events(open_store(path))
    out = tmp_path / "net.html"
    proc = run_cli("render", "-o", str(out), "--level", "country", "--store", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "notice: 1 actor without a known country kept as it is at country level (1 person)" in proc.stderr
    data = json.loads(re.search(r'<script type="application/json" id="diplokg-data">(.*?)</script>',
                                out.read_text(encoding="utf-8"), re.S).group(1))
    nodes = {n["d"]["label"]: n["d"] for n in data["nodes"]}
    assert nodes["Russia"]["code"] == "RUS" and nodes["Jane Roe"]["type"] == "PERSON"
    assert "Vladimir Putin" not in nodes
    proc = run_cli("render", "-o", str(out), "--level", "county", "--store", str(path))
    assert proc.returncode == 2 and "county" in proc.stderr


def test_country_and_sector_level_queries_match_the_rolled_up_network(store):
    from diplokg.graph.rdf.query import load_query

    _store_with_events(store)
    # the United States node is not described (no event names the country itself): its ISO code labels it
    dyads = {(r["sourceLabel"], r["targetLabel"]): r for r in store.query(load_query("top-dyads", "country")).rows}
    assert dyads[("Russia", "USA")]["events"] == 3
    assert abs(dyads[("Russia", "USA")]["meanGoldstein"] - 1.0) < 1e-9        # (4 + 1 - 2) / 3
    assert dyads[("Jane Roe", "Russia")]["events"] == 1                        # no country: the person stays
    G = actor_graph(event_rows(store), level="country")
    nodes = {d["label"]: n for n, d in G.nodes(data=True)}
    assert G.edges[nodes["Russia"], nodes["United States"]]["count"] == 3      # the same count in Python
    assert G.edges[nodes["Russia"], nodes["Ukraine"]]["count"] == dyads[("Russia", "Ukraine")]["events"] == 1
    sectors = {(r["sourceLabel"], r["targetLabel"]): r["events"]
               for r in store.query(load_query("top-dyads", "sector")).rows}
    assert sectors[("Russia · GOV", "USA · GOV")] == 3 and sectors[("Russia", "Ukraine")] == 1
    rows = store.query(load_query("interactions", "country"), {"actor": "http://www.wikidata.org/entity/Q30"}).rows
    assert [(r["date"], r["sourceLabel"], r["cameo"], r["targetLabel"]) for r in rows] == [
        ("2019-03-03", "Russia", "111", "USA"), ("2019-03-02", "Russia", "040", "USA"),
        ("2019-03-01", "Russia", "036", "USA")]                    # Putin's, Lavrov's events: Russia's
    rows = store.query(load_query("interactions", "country"), {"actor": "http://www.wikidata.org/entity/Q159",
                                                               "from": "2019-03-05"}).rows
    assert {(r["sourceLabel"], r["targetLabel"]) for r in rows} == {("Jane Roe", "Russia"),
                                                                   ("António Guterres", "Russia")}
    actors = {r["label"]: r["events"] for r in store.query(load_query("top-actors", "country")).rows}
    assert actors == {"Russia": 6, "USA": 3, "Ukraine": 1, "Jane Roe": 1, "António Guterres": 1}


def test_cli_query_level(tmp_path):
    from diplokg.graph.rdf.store import open_store

    path = tmp_path / "kg"
    _store_with_events(open_store(path))
    proc = run_cli("query", "--name", "top-dyads", "--level", "country", "--format", "json", "--store", str(path))
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {"sourceLabel": "Russia", "targetLabel": "USA", "events": 3}.items() <= rows[0].items()
    proc = run_cli("query", "--name", "interactions", "--level", "country", "--param", "actor=Russia",
                   "--format", "csv", "--store", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "2019-03-04,Russia,act,190,Ukraine,1" in proc.stdout and "Vladimir Putin" not in proc.stdout
    proc = run_cli("query", "--name", "evidence", "--level", "country", "--store", str(path))
    assert proc.returncode == 2 and "has no country level" in proc.stderr and "top-dyads" in proc.stderr
    listing = run_cli("query", "--list").stdout
    assert "--level actor | country | sector" in listing
