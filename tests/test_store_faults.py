"""Faults around the store: a load killed before its summaries, a second writer, read commands while
an ingest writes, a store path that does not exist, and an export that stands alone."""
from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from diplokg.graph.rdf.store import open_store
from diplokg.ontology.namespaces import SUMMARY_GRAPH_IRI

from conftest import run_cli
from test_bulk_load import _items

ONTOLOGY = "https://w3id.org/diplokg/graph/ontology"
SUBPROPERTY_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dkgrel: <https://w3id.org/diplokg/relation/>
SELECT ?s ?o WHERE { ?p rdfs:subPropertyOf* dkgrel:cameo03 . ?s ?p ?o }"""


def _graph_quads(store, graph: str) -> set[tuple]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", prefixes=False).rows
    return {(r["s"], r["p"], str(r["o"])) for r in rows}


@pytest.fixture
def exports(tmp_path):
    """Two N-Quads exports (articles a0-a3, then a4-a5) of embedded stores, and a store holding all six."""
    whole = open_store(tmp_path / "whole")
    files = []
    for name, ids in (("one", ["a0", "a1", "a2", "a3"]), ("two", ["a4", "a5"])):
        src = open_store(tmp_path / f"src-{name}")
        items = _items(ids, seed=len(files) + 3)
        src.write_articles(items)
        whole.write_articles(items)
        path = tmp_path / f"{name}.nq"
        path.write_bytes(src.export("nquads"))
        files.append(path)
    summary_quads = _graph_quads(whole, SUMMARY_GRAPH_IRI)
    del whole, src
    gc.collect()                                       # the CLI below opens it
    expected = {"summaries": summary_quads,
                "top": run_cli("query", "--name", "top-dyads", "--format", "json", "--store",
                               str(tmp_path / "whole")).stdout}
    assert json.loads(expected["top"])
    return files, expected


def _crashed_load(tmp_path, files) -> str:
    """``diplokg load`` killed (as by kill -9) when the files are in and the summaries are next."""
    target = str(tmp_path / "target")
    code = textwrap.dedent(f"""
        import os, sys
        from diplokg.graph.rdf.store import EmbeddedStore
        EmbeddedStore.rebuild_summaries = lambda self: os._exit(137)
        from diplokg.cli import main
        sys.exit(main({["load", *map(str, files), "--store", target]!r}))
    """)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert res.returncode == 137, res.stderr                      # killed: no summaries, no clean-up
    return target


def test_rerun_of_a_load_killed_before_its_summaries_finishes_it(tmp_path, exports):
    files, expected = exports
    target = _crashed_load(tmp_path, files)
    res = run_cli("load", *map(str, files), "--store", target)
    assert res.returncode == 0, res.stderr
    assert all(f"already loaded {f}" in res.stdout for f in files), res.stdout
    assert "2 of 2 files loaded" in res.stdout and "summary nodes: rebuilt" in res.stdout
    assert "error" not in res.stderr
    store = open_store(target, read_only=True)
    assert _graph_quads(store, SUMMARY_GRAPH_IRI) == expected["summaries"]
    assert store.stats()["articles"] == 6


def test_read_command_after_a_killed_load_rebuilds_instead_of_answering_nothing(tmp_path, exports):
    files, expected = exports
    target = _crashed_load(tmp_path, files)
    res = run_cli("query", "--name", "top-dyads", "--format", "json", "--store", target)
    assert res.returncode == 0, res.stderr
    assert "interrupted load" in res.stderr and "rebuild-summaries" in res.stderr
    assert res.stdout == expected["top"] and json.loads(res.stdout)
    again = run_cli("query", "--name", "top-dyads", "--format", "json", "--store", target)
    assert again.stdout == expected["top"] and again.stderr == ""          # done once, not on every read


def test_load_killed_between_files_loads_the_rest_on_rerun(tmp_path, exports):
    files, expected = exports
    target = str(tmp_path / "target")
    res = run_cli("load", *map(str, files), "--store", target, "--threads", "1",
                  env={"DIPLOKG_TEST_CRASH": "after-file"})        # killed after the first file went in
    assert res.returncode == 137, res.stderr
    res = run_cli("load", *map(str, files), "--store", target, "--threads", "1")
    assert res.returncode == 0, res.stderr
    assert f"already loaded {files[0]}" in res.stdout and f"loaded {files[1]}:" in res.stdout
    store = open_store(target, read_only=True)
    assert _graph_quads(store, SUMMARY_GRAPH_IRI) == expected["summaries"]


def test_a_writer_holding_a_half_loaded_store_makes_reads_name_the_command(tmp_path, exports):
    files, _ = exports
    target = _crashed_load(tmp_path, files)
    with _holder(target):
        res = run_cli("query", "--name", "top-dyads", "--store", target)
    assert res.returncode != 0 and res.stdout == ""
    assert f"diplokg rebuild-summaries --store {target}" in res.stderr and len(res.stderr.splitlines()) == 1
    res = run_cli("query", "--name", "top-dyads", "--store", target)     # the holder gone: finished and answered
    assert res.returncode == 0 and "Actor" in res.stdout


class _holder:
    """A second process holding the embedded store open for writing (as a running ingest does)."""

    def __init__(self, path):
        code = textwrap.dedent(f"""
            import sys
            import pyoxigraph as ox
            raw = ox.Store({str(path)!r})
            print("ready", flush=True)
            sys.stdin.read()
        """)
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def __enter__(self):
        assert self.proc.stdout.readline().strip() == "ready"
        return self.proc

    def __exit__(self, *exc):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def test_second_writer_gets_one_line_in_use_error_and_reads_still_work(tmp_path):
    path = tmp_path / "kg"
    store = open_store(path)
    store.write_articles(_items(["h0", "h1"]))
    del store
    with _holder(path) as proc:
        for args in (["remove", "h0"], ["rebuild-summaries"], ["load", str(tmp_path / "none.nq")]):
            res = run_cli(*args, "--store", str(path))
            assert res.returncode != 0, args
            assert res.stderr.strip() == (f"error: store {path} is in use by process {proc.pid} (one writer at a "
                                          "time: wait for it to finish; stats, query, export, render and serve "
                                          "can read it meanwhile)"), res.stderr
        stats = run_cli("stats", "--format", "json", "--store", str(path))
        assert stats.returncode == 0, stats.stderr
        assert json.loads(stats.stdout)["articles"] == 2
        top = run_cli("query", "--name", "top-dyads", "--store", str(path))
        assert top.returncode == 0 and "Actor" in top.stdout, top.stderr
        export = run_cli("export", "--format", "nquads", "--store", str(path))
        assert export.returncode == 0 and "/graph/h1>" in export.stdout
        page = tmp_path / "net.html"
        res = run_cli("render", "-o", str(page), "--store", str(path))
        assert res.returncode == 0 and page.stat().st_size > 0, res.stderr
    res = run_cli("remove", "h0", "--store", str(path))                 # the holder gone: writing works
    assert res.returncode == 0, res.stderr


@pytest.mark.parametrize("args", [["stats"], ["query", "--name", "top-dyads"], ["export"],
                                  ["render", "-o", "OUT"], ["serve", "--port", "0"]])
def test_read_commands_refuse_a_store_that_does_not_exist(tmp_path, args):
    missing = tmp_path / "no-such-store"
    args = [str(tmp_path / "net.html") if a == "OUT" else a for a in args]
    res = run_cli(*args, "--store", str(missing))
    assert res.returncode != 0 and res.stdout == ""
    assert res.stderr.strip() == (f"error: no store at {missing} (nothing was ingested or loaded there; "
                                  "check --store or $DIPLOKG_STORE)")
    assert not missing.exists()
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    res = run_cli(*args, "--store", str(empty))
    assert res.returncode != 0 and "is not a diplokg store" in res.stderr


def test_read_command_on_an_existing_store_answers(tmp_path):
    path = tmp_path / "kg"
    open_store(path).write_articles(_items(["x0"]))
    res = run_cli("stats", "--format", "json", "--store", str(path))
    assert res.returncode == 0 and json.loads(res.stdout)["articles"] == 1


def test_export_carries_the_ontology_and_stands_alone(tmp_path):
    import pyshacl
    import rdflib

    from diplokg.ontology import scheme

    path = tmp_path / "kg"
    open_store(path).write_articles(_items(["o0", "o1"]))
    full, bare = tmp_path / "full.nq", tmp_path / "bare.nq"
    assert run_cli("export", "--format", "nquads", "-o", str(full), "--store", str(path)).returncode == 0
    assert run_cli("export", "--format", "nquads", "--no-ontology", "-o", str(bare), "--store",
                   str(path)).returncode == 0
    answers = {}
    for name, file in (("full", full), ("bare", bare)):
        plain = ox.Store()                                  # any SPARQL store, nothing of ours preloaded
        plain.load(path=str(file), format=ox.RdfFormat.N_QUADS)
        answers[name] = list(plain.query(SUBPROPERTY_QUERY, use_default_graph_as_union=True))
    assert answers["full"] and not answers["bare"]
    data = rdflib.Dataset()
    data.parse(full, format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    conforms, _, text = pyshacl.validate(union, shacl_graph=scheme.shapes_graph(copy=False))
    assert conforms, text


def test_loading_an_export_with_the_ontology_keeps_one_ontology(tmp_path):
    src = tmp_path / "src"
    open_store(src).write_articles(_items(["l0", "l1"]))
    dump = tmp_path / "dump.nq"
    assert run_cli("export", "--format", "nquads", "-o", str(dump), "--store", str(src)).returncode == 0
    target = tmp_path / "target"
    open_store(target).write_articles(_items(["l9"], seed=11))     # already has articles and the ontology
    before = _graph_quads(open_store(target, read_only=True), ONTOLOGY)
    # an export of another version of the ontology: one more statement and another version hash
    text = dump.read_text()
    text = text.replace("/ontology#schemeHash> \"", "/ontology#schemeHash> \"old")
    text += f"<https://w3id.org/diplokg/relation/cameo03> <http://e/old> \"x\" <{ONTOLOGY}> .\n"
    dump.write_text(text)
    res = run_cli("load", str(dump), "--store", str(target))
    assert res.returncode == 0, res.stdout + res.stderr
    store = open_store(target, read_only=True)
    assert _graph_quads(store, ONTOLOGY) == before
    assert store.stats()["articles"] == 3


@pytest.mark.remote
def test_remote_store_pending_summaries_and_export(remote_store, tmp_path):
    from diplokg.graph.rdf import pending
    from diplokg.graph.rdf.opening import open_for_reading, open_for_writing

    remote_store.write_articles(_items(["r0", "r1"]))
    assert f"<{ONTOLOGY}>" in remote_store.export("nquads").decode()
    assert f"<{ONTOLOGY}>" not in remote_store.export("nquads", ontology=False).decode()
    pending.mark_rebuild(remote_store, "a load of 1 files was started")   # as a load killed midway leaves it
    with pytest.raises(RuntimeError, match=f"run: diplokg rebuild-summaries --store {remote_store.location}$"):
        open_for_reading(remote_store.location)
    notices: list[str] = []
    open_for_writing(remote_store.location, notice=notices.append)        # a write command finishes it
    assert any("summary nodes rebuilt" in n for n in notices)
    assert not pending.pending_of(remote_store)
    assert open_for_reading(remote_store.location).stats()["articles"] == 2


def test_load_into_a_store_with_articles_killed_between_files_recounts_on_rerun(tmp_path):
    exports, reference = [], open_store(tmp_path / "reference")
    for k, ids in enumerate((["p0", "p1"], ["p2", "p3"], ["p4"])):
        src = open_store(tmp_path / f"src{k}")
        src.write_articles(_items(ids, seed=20 + k))
        reference.write_articles(_items(ids, seed=20 + k))
        exports.append(tmp_path / f"p{k}.nq")
        exports[-1].write_bytes(src.export("nquads"))
        del src
    expected = _graph_quads(reference, SUMMARY_GRAPH_IRI)
    target = str(tmp_path / "target")
    assert run_cli("load", str(exports[0]), "--store", target).returncode == 0
    res = run_cli("load", *map(str, exports[1:]), "--store", target, "--threads", "1",
                  env={"DIPLOKG_TEST_CRASH": "after-file"})
    assert res.returncode == 137, res.stderr
    res = run_cli("load", *map(str, exports[1:]), "--store", target, "--threads", "1")
    assert res.returncode == 0, res.stderr
    assert f"already loaded {exports[1]}" in res.stdout and "refreshed" in res.stdout
    assert _graph_quads(open_store(target, read_only=True), SUMMARY_GRAPH_IRI) == expected
