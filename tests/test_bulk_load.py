"""``diplokg load``: dataset files in whole or not at all, the summaries brought along, bad files named."""
from __future__ import annotations

import gzip
import random

import pytest

from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.bulk import format_of, load_files
from diplokg.graph.rdf.mapping import map_article
from diplokg.graph.rdf.store import open_store
from diplokg.ontology.namespaces import STATE_GRAPH_IRI, SUMMARY_GRAPH_IRI

from conftest import run_cli

ACTORS = [Actor(f"Q{i}", f"Actor {i}", "COUNTRY", f"Q{i}", f"Akteur {i}", None) for i in range(1, 6)]
CODES = ["036", "040", "111", "190", "051"]
ONTOLOGY = "https://w3id.org/diplokg/graph/ontology"


def _items(ids, seed: int = 7):
    rng = random.Random(seed)
    out = []
    for aid in ids:
        art = Article(aid, f"text {aid}", lang="en", date="2016-06-01", title=f"T {aid}")
        events = []
        for k in range(3):
            source, target = rng.sample(ACTORS, 2)
            date = f"2016-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}"
            events.append(Event(aid, source, target, f"rel {k}", rng.choice(CODES), f"Sentence {k}.", 0, 11, date,
                                confidence=0.7))
        # one fact every article states: a shared event node with several evidence links
        events.append(Event(aid, ACTORS[0], ACTORS[1], "consult", "040", "They met.", 0, 9, "2016-02-02"))
        out.append(map_article(art, events, {"en": "test"}))
    return out


def _quads(store, graph_filter=lambda g: g != ONTOLOGY) -> set[tuple]:
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", prefixes=False).rows
    return {(r["g"], r["s"], r["p"], str(r["o"])) for r in rows if graph_filter(r["g"])}


def _data(store) -> set[tuple]:
    """Every quad but the ontology, the summary graph (whose stale marks come and go) and the state graph
    (the store's bookkeeping: its counts, a load's records)."""
    return _quads(store, lambda g: g not in (ONTOLOGY, SUMMARY_GRAPH_IRI, STATE_GRAPH_IRI))


def _summaries(store) -> set[tuple]:
    return _quads(store, lambda g: g == SUMMARY_GRAPH_IRI)


def _export(tmp_path, name, ids, seed=7) -> tuple:
    """An embedded store written article by article, its N-Quads export, and the store."""
    src = open_store(tmp_path / f"src-{name}")
    src.write_articles(_items(ids, seed))
    path = tmp_path / f"{name}.nq"
    path.write_bytes(src.export("nquads"))
    return path, src


def test_format_of_names_what_it_cannot_read():
    assert format_of("x.trig") is not None and format_of("dump.NQ.GZ") is not None
    with pytest.raises(ValueError, match="unknown dataset format '.ttl'"):
        format_of("graph.ttl")


def test_export_loads_into_an_empty_store_as_the_same_graph_with_the_same_summaries(store, tmp_path):
    path, src = _export(tmp_path, "all", [f"a{i}" for i in range(8)])
    report = load_files(store, [path])
    assert not report.errors and report.files[0].quads > 0
    assert _data(store) == _data(src)
    assert _summaries(store) == _summaries(src)
    assert store.stats()["articles"] == 8
    # the loaded articles behave like ingested ones: removal takes exactly their contribution
    assert store.remove_article("a3") > 0
    src.remove_article("a3")
    assert _data(store) == _data(src) and _summaries(store) == _summaries(src)


def test_any_store_exports_its_graphs_and_a_fresh_embedded_store_loads_them_back(store, tmp_path):
    store.write_articles(_items(["f0", "f1", "f2"]))
    path = tmp_path / "moved.trig"
    path.write_bytes(store.export("trig"))                          # named graphs kept, remote or embedded
    target = open_store(tmp_path / "target")
    assert not load_files(target, [path]).errors
    assert _data(target) == _data(store)
    assert _summaries(target) == _summaries(store)
    assert target.remove_article("f1") > 0 and target.stats()["articles"] == 2


def test_load_into_a_store_with_articles_recounts_only_what_it_touches(store, tmp_path):
    first, _ = _export(tmp_path, "first", ["b0", "b1", "b2"])
    second, _ = _export(tmp_path, "second", ["b3", "b4"], seed=8)
    both = open_store(tmp_path / "both")                            # the reference: article by article
    both.write_articles(_items(["b0", "b1", "b2"]) + _items(["b3", "b4"], 8))
    assert not load_files(store, [first]).errors
    report = load_files(store, [second])
    assert not report.errors and report.summary.startswith("refreshed")
    assert _data(store) == _data(both)
    assert _summaries(store) == _summaries(both)


def test_a_file_with_an_article_already_stored_is_refused_and_the_others_load(store, tmp_path):
    first, _ = _export(tmp_path, "first", ["c0", "c1"])
    again, _ = _export(tmp_path, "again", ["c1", "c2"], seed=9)     # c1 in another version
    other, _ = _export(tmp_path, "other", ["c3"], seed=10)
    load_files(store, [first])
    before = _data(store)
    report = load_files(store, [again, other])
    assert [f.path for f in report.errors] == [str(again)]
    assert "article graph https://w3id.org/diplokg/resource/graph/c1" in report.errors[0].line()
    assert before < _data(store)                                   # other went in
    assert store.stats()["articles"] == 3                          # c0, c1 (first version), c3


def test_bad_files_get_one_line_each_store_nothing_and_do_not_stop_the_rest(store, tmp_path):
    good, src = _export(tmp_path, "good", ["d0", "d1"])
    text = good.read_bytes()
    empty = tmp_path / "empty.nq"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.nq"
    binary.write_bytes(b"\x00\x01\x02\xff" * 100)
    latin1 = tmp_path / "latin1.nq"
    latin1.write_bytes('<http://e/s> <http://e/p> "Stra\u00dfe" <http://e/g> .\n'.encode("latin-1"))
    broken = tmp_path / "broken.nq"                                # valid for 99 % of its length
    broken.write_bytes(text.replace(b"d0", b"x0").replace(b"d1", b"x1") + b"<http://e/s> <http://e/p> oops .\n")
    missing = tmp_path / "missing.nq"
    turtle = tmp_path / "graph.ttl"
    turtle.write_text("<http://e/s> <http://e/p> <http://e/o> .\n")
    zipped = tmp_path / "good.nq.gz"
    zipped.write_bytes(gzip.compress(text))
    report = load_files(store, [empty, binary, latin1, broken, missing, turtle, zipped])
    errors = {f.path.rsplit("/", 1)[-1]: f.line() for f in report.errors}
    assert set(errors) == {"empty.nq", "binary.nq", "latin1.nq", "broken.nq", "missing.nq", "graph.ttl"}
    assert all("\n" not in line and line.startswith("error: ") for line in errors.values())
    assert "empty file" in errors["empty.nq"] and "binary" in errors["binary.nq"]
    assert "no such file" in errors["missing.nq"] and "unknown dataset format" in errors["graph.ttl"]
    assert "line" in errors["broken.nq"]                            # the parser says where
    assert _data(store) == _data(src)                               # only the gzipped good file went in
    assert not store.query("ASK { ?s <http://e/p> ?o }", prefixes=False).boolean


def test_cli_load_reports_each_file_and_exits_1_when_one_failed(tmp_path):
    good, _ = _export(tmp_path, "good", ["e0"])
    bad = tmp_path / "bad.nq"
    bad.write_text("not rdf at all\n")
    target = tmp_path / "target"
    res = run_cli("load", str(good), str(bad), "--store", str(target), "--lenient")
    assert res.returncode == 1, res.stderr
    assert f"loaded {good}:" in res.stdout and "1 of 2 files loaded" in res.stdout
    assert "summary nodes: rebuilt" in res.stdout
    assert [line for line in res.stderr.splitlines() if line.startswith("error:")] == [
        line for line in res.stderr.splitlines() if str(bad) in line]
    res = run_cli("stats", "--store", str(target), "--format", "json")
    assert '"articles": 1' in res.stdout
