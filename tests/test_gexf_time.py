"""Dynamic GEXF: ``render -o net.gexf`` and ``export_graph`` write spells on edges (one per event period)
and start/end on nodes, in GEXF dynamic mode with dates, so Gephi's timeline plays the network."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from conftest import run_cli
from diplokg.graph.network.analysis import actor_graph, export_graph
from diplokg.graph.network.build import example_row as row
from diplokg.graph.network.render import write_graph_file
from handmade_events import closed_store

NS = {"g": "http://www.gexf.net/1.2draft"}


def _parsed(path) -> tuple[ET.Element, dict[str, ET.Element], dict[tuple[str, str], list[ET.Element]]]:
    """The <graph> element, nodes by label, edges by (source label, target label)."""
    graph = ET.parse(path).getroot().find("g:graph", NS)
    nodes = {n.get("label"): n for n in graph.find("g:nodes", NS)}
    label = {n.get("id"): n.get("label") for n in nodes.values()}
    edges: dict[tuple[str, str], list[ET.Element]] = {}
    for e in graph.find("g:edges", NS):
        edges.setdefault((label[e.get("source")], label[e.get("target")]), []).append(e)
    return graph, nodes, edges


def _spells(edge: ET.Element) -> list[tuple[str, str]]:
    return [(s.get("start"), s.get("end")) for s in edge.findall("g:spells/g:spell", NS)]


ROWS = [row("A", "B", "consult", "040", 1.0, "2020-01-02"), row("A", "B", "consult", "040", 1.0, "2020-01-03"),
        row("A", "B", "consult", "040", 1.0, "2020-03-01"), row("B", "C", "threaten", "130", -4.4, "2020-02"),
        row("C", "D", "praise", "051", 3.4, None)]


def test_render_gexf_has_spells_per_event_period_and_node_lifetimes(tmp_path):
    graph, nodes, edges = _parsed(write_graph_file(ROWS, tmp_path / "net.gexf"))
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    # two adjacent days join into one spell; a month-dated event spans its month
    assert _spells(edges[("A", "B")][0]) == [("2020-01-02", "2020-01-03"), ("2020-03-01", "2020-03-01")]
    assert _spells(edges[("B", "C")][0]) == [("2020-02-01", "2020-02-29")]
    assert (nodes["A"].get("start"), nodes["A"].get("end")) == ("2020-01-02", "2020-03-01")
    assert (nodes["B"].get("start"), nodes["B"].get("end")) == ("2020-01-02", "2020-03-01")
    assert (nodes["C"].get("start"), nodes["C"].get("end")) == ("2020-02-01", "2020-02-29")
    # an undated edge (and a node with no dated edge) stays static: visible throughout
    assert _spells(edges[("C", "D")][0]) == [] and nodes["D"].get("start") is None
    assert nx.read_gexf(tmp_path / "net.gexf").number_of_edges() == 3


def test_graphml_stays_static(tmp_path):
    text = write_graph_file(ROWS, tmp_path / "net.graphml", format="graphml").read_text()
    assert "spell" not in text and "2020-01-02" in text


@pytest.mark.parametrize("aggregate, expected", [
    (True, [("2020-01-02", "2020-03-01")]),                       # an aggregated edge: first to last
    (False, [("2020-01-02", "2020-01-02")]),                      # an edge per event: its day
])
def test_export_graph_writes_dynamic_gexf(tmp_path, aggregate, expected):
    graph, nodes, edges = _parsed(export_graph(actor_graph(ROWS, aggregate=aggregate), tmp_path / "g.gexf"))
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    assert _spells(edges[("A", "B")][0]) == expected
    assert nodes["A"].get("start") == "2020-01-02"


def test_render_command_writes_a_timeline_gephi_plays(tmp_path_factory, tmp_path):
    kg = closed_store(tmp_path_factory.mktemp("gexf"))
    out = tmp_path / "net.gexf"
    proc = run_cli("render", "-o", str(out), "--store", kg)
    assert proc.returncode == 0, proc.stderr
    graph, nodes, edges = _parsed(out)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    assert [_spells(e) for e in edges[("Vladimir Putin", "Donald Trump")]] == [[("2016-11-14", "2016-11-14")]]
    memo = edges[("Russia", "United States")]
    assert sorted(s for e in memo for s in _spells(e)) == [("2016-11-27", "2016-11-27"), ("2017-01-01", "2017-12-31")]
    assert (nodes["Vladimir Putin"].get("start"), nodes["Vladimir Putin"].get("end")) == ("2016-11-14", "2016-12-01")
