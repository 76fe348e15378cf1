"""Ingest at scale: a killed run resumes exactly, Ctrl-C exits cleanly, parallel and Dask
ingests store the same quads as one process.

Real processes (``python -m diplokg ingest``), the real corpora from ../shared
(rule tier: fast and model-free), the oxigraph server CI starts for the remote
store, and a real Dask LocalCluster (two worker processes).
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import SHARED, SPARQL_URL, run_cli
from diplokg.ontology.namespaces import STATE_GRAPH_IRI, SUMMARY_GRAPH_IRI

CORPUS = SHARED / "data" / "corpus"
RULES = ["--model", "de=rules", "--model", "en=rules"]
ONTOLOGY_GRAPH = "https://w3id.org/diplokg/graph/ontology"
FACTS_GRAPH = "https://w3id.org/diplokg/graph/facts"
ARTICLE_ID = "https://w3id.org/diplokg/ontology#articleId"
CONTENT_HASH = "https://w3id.org/diplokg/ontology#contentHash"
N_RESUME = 200          # articles for the kill/resume runs (about 15-30 s of rule-tier ingest)
N_DASK = 40


# -- helpers ---------------------------------------------------------------------------------------
def corpus_rows() -> list[dict]:
    """The real German and English articles, interleaved as a mixed feed."""
    files = [CORPUS / "de.jsonl", CORPUS / "en.jsonl"]
    for path in files:
        if not path.exists():
            pytest.skip(f"corpus {path} not found: ../shared is not beside this checkout")
    per_lang = [[json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
                for p in files]
    rows = []
    for i in range(max(map(len, per_lang))):
        rows += [lang_rows[i] for lang_rows in per_lang if i < len(lang_rows)]
    return rows


def write_jsonl(path: Path, rows: list[dict], extra_lines: list[str] = ()) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        for line in extra_lines:
            out.write(line + "\n")
    return path


def ingest_cmd(src: Path, store: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "diplokg", "ingest", str(src), "--store", str(store), *RULES,
            "--batch-size", "5", "-q", *extra]


def read_only_quads(store: Path):
    """Every quad outside the ontology graph and the state graph (the store's bookkeeping: its kept counts),
    read without taking the writer's lock."""
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    return {q for q in s if not (isinstance(q.graph_name, ox.NamedNode)
                                 and q.graph_name.value in (ONTOLOGY_GRAPH, STATE_GRAPH_IRI))}


def stored_count(store: Path) -> int:
    """Articles stored so far (-1 while the store does not exist yet); safe while a writer runs."""
    import pyoxigraph as ox

    try:
        s = ox.Store.read_only(str(store))
        return sum(1 for _ in s.quads_for_pattern(None, ox.NamedNode(ARTICLE_ID), None))
    except (OSError, ValueError, RuntimeError):
        return -1


def wait_until_stored(proc: subprocess.Popen, store: Path, at_least: int, timeout: float = 300) -> int:
    """Poll the running ingest's store (read-only) until ``at_least`` articles are in it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"ingest ended (rc {proc.returncode}) before it could be interrupted: {out} {err[-1500:]}")
        n = stored_count(store)
        if n >= at_least:
            return n
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"fewer than {at_least} articles stored after {timeout:.0f}s")


def export_lines(store: Path) -> set[str]:
    """``diplokg export --format nquads`` of a store, as a set of N-Quads lines."""
    proc = run_cli("export", "--store", str(store), "--format", "nquads")
    assert proc.returncode == 0, proc.stderr
    return {line for line in proc.stdout.splitlines() if line.strip()}


def summary_counts(stdout: str) -> tuple[int, int]:
    """(stored, unchanged) from an ingest summary line."""
    import re

    line = stdout.strip().splitlines()[-1]
    m = re.match(r"articles: (\d+) stored(?:, (\d+) unchanged)?", line)
    assert m, line
    return int(m.group(1)), int(m.group(2) or 0)


def assert_each_article_once(store: Path, n: int) -> None:
    """Exactly ``n`` article nodes, each with one id and one content hash, each id once."""
    import pyoxigraph as ox

    s = ox.Store.read_only(str(store))
    ids = [q.object.value for q in s.quads_for_pattern(None, ox.NamedNode(ARTICLE_ID), None)]
    hashes = [q.subject for q in s.quads_for_pattern(None, ox.NamedNode(CONTENT_HASH), None)]
    assert len(ids) == n and len(set(ids)) == n, (len(ids), len(set(ids)), n)
    assert len(hashes) == n and len(set(hashes)) == n


DKG = "https://w3id.org/diplokg/ontology#"


PLACE_ONLY = {"http://www.w3.org/2003/01/geo/wgs84_pos#lat", "http://www.w3.org/2003/01/geo/wgs84_pos#long",
              DKG + "placeKind", DKG + "countryCode"}
PLACE_CLASSES = {DKG + "Place", "http://semanticweb.cs.vu.nl/2009/11/sem/Place"}
PLACE_SHARED = {"http://www.w3.org/2000/01/rdf-schema#label", DKG + "country"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _place_only(q) -> bool:
    """A triple only a place has (coordinates, kind, country code, a place class)."""
    return q.predicate.value in PLACE_ONLY or (q.predicate.value == RDF_TYPE and q.object.value in PLACE_CLASSES)


def supported_facts(reference_quads: set, article_graphs: set) -> set:
    """The shared facts (facts graph) that the given article graphs support, taken from a full run:
    their events' cores and direct triples, the actors and relation properties those events use, an
    event's location while one of those articles states it, and the places those events are located at."""
    import pyoxigraph as ox

    facts = {q for q in reference_quads if q.graph_name == ox.NamedNode(FACTS_GRAPH)}
    mine = [q for q in reference_quads if q.graph_name in article_graphs]
    event_of = {q.object: q.subject for q in mine if q.predicate.value == DKG + "evidence"}
    stated = {(event_of[q.subject], q.predicate.value.replace("statesLocation", "location"), q.object)
              for q in mine if q.subject in event_of
              and q.predicate.value in (DKG + "statesLocation", DKG + "locationSource")}
    located = {DKG + "location", DKG + "locationSource"}
    core = {q for q in facts if q.subject in event_of.values()
            and (q.predicate.value not in located or (q.subject, q.predicate.value, q.object) in stated)}
    role = {}
    for q in core:
        role.setdefault(q.subject, {})[q.predicate.value] = q.object
    actors = {q.object for q in core if q.predicate.value in (DKG + "source", DKG + "target")}
    actors |= {q.object for q in mine if q.predicate.value == DKG + "speaker"}
    places = {q.object for q in core if q.predicate.value == DKG + "location"}
    rels = {q.object for q in core if q.predicate.value == DKG + "relationProperty"}
    direct = {(r[DKG + "source"], r[DKG + "relationProperty"], r[DKG + "target"])
              for r in role.values() if DKG + "target" in r}
    relation_ns = "https://w3id.org/diplokg/relation/"
    return core | {q for q in facts
                   if (q.subject in actors and not q.predicate.value.startswith(relation_ns) and not _place_only(q))
                   or (q.subject in places and (_place_only(q) or q.predicate.value in PLACE_SHARED))
                   or q.subject in rels or (q.subject, q.predicate, q.object) in direct}


def assert_whole_articles(store: Path, reference: dict) -> None:
    """Every article graph in ``store`` holds exactly the quads the uninterrupted run gave it, and the
    facts graph holds exactly the shared facts those articles support (nothing of an unstored article)."""
    import pyoxigraph as ox

    quads = read_only_quads(store)
    graphs = {q.graph_name for q in quads} - {ox.NamedNode(FACTS_GRAPH), ox.NamedNode(SUMMARY_GRAPH_IRI)}
    articles = {q for q in quads if q.graph_name in graphs}
    assert articles == {q for q in reference["quads"] if q.graph_name in graphs}
    facts = {q for q in quads if q.graph_name == ox.NamedNode(FACTS_GRAPH)}
    assert facts == supported_facts(reference["quads"], graphs)
    assert_summaries_repairable(store)


def assert_summaries_repairable(store: Path) -> None:
    """The summary nodes of a killed run are exact once the store is opened again (opening refreshes
    what the kill left marked stale): a copy opened read-write equals a full rebuild of itself."""
    import shutil
    import tempfile

    from diplokg.graph.rdf.store import EmbeddedStore

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy"
        shutil.copytree(store, copy)
        reopened = EmbeddedStore(copy)
        q = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{SUMMARY_GRAPH_IRI}> {{ ?s ?p ?o }} }}"
        repaired = {tuple(r.values()) for r in reopened.query(q, prefixes=False).rows}
        reopened.rebuild_summaries()
        assert {tuple(r.values()) for r in reopened.query(q, prefixes=False).rows} == repaired
        del reopened


# -- one uninterrupted single-process run: the reference ---------------------------------------------
@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Input of N_RESUME real articles and the export of one uninterrupted ``--workers 1`` ingest."""
    tmp = tmp_path_factory.mktemp("reference")
    src = write_jsonl(tmp / "in.jsonl", corpus_rows()[:N_RESUME])
    proc = subprocess.run(ingest_cmd(src, tmp / "store", "--workers", "1"), capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert summary_counts(proc.stdout) == (N_RESUME, 0)
    lines = export_lines(tmp / "store")
    return {"src": src, "lines": lines, "quads": read_only_quads(tmp / "store"),
            "summary": proc.stdout.strip().splitlines()[-1]}


# -- (a) kill and resume -------------------------------------------------------------------------------
@pytest.mark.slow
def test_sigkill_mid_run_then_rerun_stores_every_article_exactly_once(tmp_path, reference):
    store = tmp_path / "store"
    cmd = ingest_cmd(reference["src"], store, "--workers", "1")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_until_stored(proc, store, at_least=15)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    before = stored_count(store)              # what the killed run committed (each article is atomic)
    assert 0 < before < N_RESUME, f"the kill should land mid-run ({before} of {N_RESUME} stored)"
    assert_whole_articles(store, reference)

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert summary_counts(rerun.stdout) == (N_RESUME - before, before), rerun.stdout

    assert_each_article_once(store, N_RESUME)
    stats = json.loads(run_cli("stats", "--store", str(store), "--format", "json").stdout)
    assert stats["articles"] == N_RESUME
    assert export_lines(store) == reference["lines"]

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert again.returncode == 0 and summary_counts(again.stdout) == (0, N_RESUME)


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_exits_cleanly_and_leaves_only_whole_articles(tmp_path, reference, workers):
    """SIGINT to the whole process group, as a terminal's Ctrl-C sends it (workers included)."""
    store = tmp_path / "store"
    cmd = ingest_cmd(reference["src"], store, "--workers", workers)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        wait_until_stored(proc, store, at_least=5)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, (proc.returncode, err[-2000:])
    assert "interrupted" in err and "Traceback" not in err, err[-2000:]
    assert 0 < stored_count(store) < N_RESUME
    assert_whole_articles(store, reference)     # resuming from here is the SIGKILL test's rerun


@pytest.mark.slow
def test_sigkill_of_a_parallel_ingest_leaves_no_worker_processes(tmp_path, reference):
    psutil = pytest.importorskip("psutil")
    # output to files, not pipes: orphaned workers would hold a pipe open
    with (tmp_path / "out").open("w") as out:
        proc = subprocess.Popen(ingest_cmd(reference["src"], tmp_path / "store", "--workers", "2"),
                                stdout=out, stderr=subprocess.STDOUT)
    parent = psutil.Process(proc.pid)
    children: list = []
    try:
        deadline = time.monotonic() + 300
        while len(parent.children(recursive=True)) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)                     # two pool workers and the resource tracker
        time.sleep(2)
        children = parent.children(recursive=True)
        assert len(children) >= 2, "the pool did not start"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        _, alive = psutil.wait_procs(children, timeout=10)
        assert not alive, f"worker processes outlived the killed ingest: {[p.pid for p in alive]}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for child in children:                  # only the processes this test started
            try:
                child.kill()
            except psutil.Error:
                pass


# -- (c) parallel extraction stores what one process stores -------------------------------------------
@pytest.mark.slow
def test_two_workers_store_the_same_quads_as_one(tmp_path, reference):
    store = tmp_path / "store"
    proc = subprocess.run(ingest_cmd(reference["src"], store, "--workers", "2"), capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == reference["summary"]
    assert export_lines(store) == reference["lines"]


# -- (b) Dask ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None)
    client = distributed.Client(cluster, set_as_default=False)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def dask_input(tmp_path_factory):
    """N_DASK real articles plus three bad items, and what a single-process ``ingest`` makes of them."""
    from diplokg.config import Config
    from diplokg.graph.rdf.store import open_store
    from diplokg.ingest import ingest
    from diplokg.pipeline import Extractor

    tmp = tmp_path_factory.mktemp("dask")
    rows = corpus_rows()[:N_DASK]
    bad = ['{"id": "broken", "text": ', json.dumps({"id": rows[0]["id"], "text": "Doppelt."}),
           json.dumps({"id": "french", "lang": "fr", "text": "Le président a rencontré le chancelier."})]
    src = write_jsonl(tmp / "in.jsonl", rows, bad)
    store = open_store(tmp / "reference")
    summary = ingest([src], store, Extractor(Config(models={"de": "rules", "en": "rules"})), batch_size=5,
                     err=io.StringIO())
    quads = {q for g in store.store.named_graphs() if g.value not in (ONTOLOGY_GRAPH, STATE_GRAPH_IRI)
             for q in store.store.quads_for_pattern(None, None, None, g)}
    assert summary.articles == N_DASK and len(summary.errors) == 2 and summary.skipped == 1
    return {"src": src, "summary": summary, "quads": quads}


def _config(store: str):
    from diplokg.config import Config

    return Config(models={"de": "rules", "en": "rules"}, store=store)


@pytest.mark.slow
def test_dask_ingest_into_an_embedded_store_equals_one_process(tmp_path, dask_client, dask_input):
    """Through the CLI (``--dask ADDRESS``) into a folder; the client writes what workers return."""
    from diplokg.distributed import ingest_dask

    store = tmp_path / "store"
    proc = run_cli("ingest", str(dask_input["src"]), "--store", str(store), *RULES, "--batch-size", "5",
                   "--dask", dask_client.scheduler.address, "--log-file", str(tmp_path / "errors.log"))
    assert proc.returncode == 1, proc.stderr                     # the two bad items
    assert proc.stdout.strip().splitlines()[-1] == dask_input["summary"].line()
    assert "broken" not in proc.stdout and "in.jsonl:41: malformed JSON" in proc.stderr
    assert len((tmp_path / "errors.log").read_text().splitlines()) == 2
    assert read_only_quads(store) == dask_input["quads"]

    again = ingest_dask([dask_input["src"]], dask_client, _config(str(store)), batch_size=5,
                        err=io.StringIO())
    assert (again.articles, again.unchanged, len(again.errors)) == (0, N_DASK, 2)


def _server_quads(url: str) -> set:
    """Every quad on the SPARQL server outside the ontology graph, as pyoxigraph terms."""
    import pyoxigraph as ox

    query = f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}"
    req = urllib.request.Request(url.rstrip("/") + "/query", data=query.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        bindings = json.load(resp)["results"]["bindings"]

    def term(b: dict):
        if b["type"] == "uri":
            return ox.NamedNode(b["value"])
        if b["type"] == "bnode":
            return ox.BlankNode(b["value"])
        if "xml:lang" in b:
            return ox.Literal(b["value"], language=b["xml:lang"])
        return ox.Literal(b["value"], datatype=ox.NamedNode(b.get("datatype",
                                                                    "http://www.w3.org/2001/XMLSchema#string")))

    return {ox.Quad(term(b["s"]), term(b["p"]), term(b["o"]), term(b["g"])) for b in bindings}


@pytest.fixture
def sparql_server(remote_store):
    """URL of the emptied oxigraph server (see ``remote_store``)."""
    return SPARQL_URL


@pytest.mark.slow
@pytest.mark.remote
@pytest.mark.parametrize("write_on", ["workers", "client"])
def test_dask_ingest_into_a_sparql_server_equals_one_process(dask_client, dask_input, sparql_server, write_on):
    from diplokg.distributed import ingest_dask

    summary = ingest_dask([dask_input["src"]], dask_client, _config(sparql_server), batch_size=5,
                          chunk_size=4, write_on=write_on, err=io.StringIO())
    assert summary.line() == dask_input["summary"].line()
    assert _server_quads(sparql_server) == dask_input["quads"]
    again = ingest_dask([dask_input["src"]], dask_client, _config(sparql_server), err=io.StringIO())
    assert (again.articles, again.unchanged) == (0, N_DASK)


def test_dask_rejects_worker_writes_to_an_embedded_store(tmp_path):
    pytest.importorskip("distributed")
    from diplokg.distributed import ingest_dask

    with pytest.raises(ValueError, match="SPARQL server"):
        ingest_dask([], "tcp://127.0.0.1:1", _config(str(tmp_path / "store")), write_on="workers")
