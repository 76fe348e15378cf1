"""Stepped queries: the rows of one step reach the next as an escaped VALUES block, and every stepped
named query answers exactly what its single-query form (``--inline``) answers."""
from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from diplokg.graph.rdf.mapping import map_article
from diplokg.graph.rdf.query import QUERY_DIR, load_query
from diplokg.graph.rdf.steps import inline_steps, rows_block, run_steps, split_steps
from diplokg.graph.rdf.store import QueryResult

from test_summaries import _article  # noqa: E402  (shared generator of random articles)

WD = "http://www.wikidata.org/entity/"


def test_a_text_without_steps_is_one_step():
    text = "SELECT ?s WHERE { ?s ?p ?o }"
    assert split_steps(text) == [text]
    assert inline_steps(text) == text


def test_misplaced_markers_are_reported():
    with pytest.raises(ValueError, match="first step"):
        split_steps("# @step\nSELECT ?x WHERE { # @rows\n}")
    with pytest.raises(ValueError, match="no '# @rows' marker"):
        split_steps("# @step\nSELECT ?x WHERE {}\n# @step\nSELECT ?y WHERE { ?y ?p ?o }")
    with pytest.raises(ValueError, match="only comments"):
        split_steps("SELECT ?x WHERE {}\n# @step\nSELECT ?x WHERE {}")


def test_rows_block_escapes_values_and_keeps_unbound_cells():
    evil = 'x" ) } DROP ALL ; SELECT * WHERE { ("'
    block = rows_block(["a", "b"], [{"a": evil, "b": 3}, {"a": "https://example.org/n", "b": None}])
    # the block parses as one VALUES clause with the evil text as one literal
    store = ox.Store()
    rows = list(store.query(f"SELECT ?a ?b WHERE {{ {block} }}"))
    assert [(r["a"], r["b"]) for r in rows] == [(ox.Literal(evil), ox.Literal("3", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))), (ox.NamedNode("https://example.org/n"), None)]


def test_run_steps_feeds_each_step_the_rows_before_it():
    seen: list[str] = []

    def run_one(text, bindings):
        seen.append(text)
        if len(seen) == 1:
            return QueryResult("select", ["node"], [{"node": "https://example.org/a"}])
        return QueryResult("select", ["n"], [{"n": 1}])

    text = "# doc\n# @step one\nSELECT ?node WHERE {}\n# @step two\nSELECT ?n WHERE {\n # @rows\n ?node ?p ?n }"
    result = run_steps(run_one, text, {"actor": "x"})
    assert result.rows == [{"n": 1}]
    assert "VALUES (?node) { (<https://example.org/a>) }" in seen[1] and "@rows" not in seen[1]
    # no rows from a step: the next step gets an empty VALUES block (no solutions), not an unbound variable
    seen.clear()
    run_steps(lambda t, b: seen.append(t) or QueryResult("select", ["node"], []), text)
    assert "VALUES (?node) {  }" in seen[1]


def test_a_step_that_is_not_a_select_cannot_feed_the_next():
    text = "# @step\nASK {}\n# @step\nSELECT ?n WHERE { # @rows\n}"
    with pytest.raises(ValueError, match="must be a SELECT"):
        run_steps(lambda t, b: QueryResult("ask", [], [], boolean=True), text)


STEPPED = sorted(p.stem for p in QUERY_DIR.glob("*.rq") if len(split_steps(p.read_text(encoding="utf-8"))) > 1)


def test_the_row_queries_run_in_steps():
    assert {"interactions", "timeline", "evidence", "cameo-root"} <= set(STEPPED)


@pytest.mark.parametrize("name", STEPPED)
def test_stepped_and_inline_forms_give_the_same_rows(store, name):
    """Embedded store and the real Oxigraph server: both forms, several parameter sets."""
    rng = random.Random(11)
    store.write_articles([map_article(*_article(f"s{k}", rng, rng.randint(1, 6), undated_share=0.1))
                          for k in range(40)])
    params = {
        "interactions": [{"actor": WD + "Q1"}, {"actor": WD + "Q2", "from": "2016-03-01", "to": "2016-09-30"}],
        "timeline": [{"a": WD + "Q1", "b": WD + "Q2"}, {"a": WD + "Q3", "b": WD + "Q4", "from": "2016-01-01"}],
        "evidence": [{"source": WD + "Q1", "target": WD + "Q2"},
                     {"source": WD + "Q2", "target": WD + "Q3", "relation": "rel 1"}],
        "cameo-root": [{"code": "https://w3id.org/diplokg/cameo/03"},
                       {"code": "https://w3id.org/diplokg/cameo/04", "to": "2015-12-31"}],
    }[name]
    text = load_query(name)
    for values in params:
        stepped = store.query(text, values).rows
        single = store.query(inline_steps(text), values).rows
        assert stepped, (name, values)
        key = lambda r: sorted((k, str(v)) for k, v in r.items())   # noqa: E731
        assert sorted(stepped, key=key) == sorted(single, key=key), (name, values)


def test_cli_inline_prints_one_runnable_query(tmp_path, capsys):
    from diplokg.cli import main

    assert main(["query", "--name", "interactions", "--inline", "--param", f"actor={WD}Q1",
                 "--store", str(tmp_path / "kg")]) == 0
    text = capsys.readouterr().out
    assert "@step" not in text and "@rows" not in text and "PREFIX dkg:" in text
    assert f"<{WD}Q1>" in text
    ox.Store().query(text)          # parses and runs (no rows in an empty store)
