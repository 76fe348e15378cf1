"""Shared fixtures: paths to ../shared fixtures (skip with a reason when absent) and stores."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DIPLOKG_SHARED", ROOT.parent / "shared"))
DE_MODEL = SHARED / "models" / "de_diplo_ud_sm"
EN_MODEL = SHARED / "models" / "en_core_web_sm"
GOLD = SHARED / "data" / "gold" / "dev.jsonl"
SEED_ID = "seed-putin-trump-2016"
SPARQL_URL = os.environ.get("DIPLOKG_TEST_SPARQL", "http://127.0.0.1:7878")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"fixture {path} not found: ../shared is not beside this checkout")
    return path


@pytest.fixture(scope="session")
def de_model() -> str:
    return str(need(DE_MODEL))


@pytest.fixture(scope="session")
def en_model() -> str:
    return str(need(EN_MODEL))


@pytest.fixture(scope="session")
def seed_record() -> dict:
    for line in need(GOLD).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["article_id"] == SEED_ID:
            return row
    pytest.skip("seed article not in the gold file")


@pytest.fixture
def seed_jsonl(tmp_path, seed_record) -> Path:
    """The seed article as an input file with its own metadata (no gold events)."""
    path = tmp_path / "seed.jsonl"
    row = {k: seed_record[k] for k in ("lang", "date", "title", "text")}
    row["id"] = seed_record["article_id"]
    row["source"] = "APA via DER STANDARD"
    row["url"] = "https://example.org/putin-trump"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def de_extractor(de_model):
    from diplokg.config import Config
    from diplokg.pipeline import Extractor

    return Extractor(Config(models={"de": de_model, "en": "rules"}))


def sparql_server_available() -> bool:
    try:
        with urllib.request.urlopen(SPARQL_URL + "/query?query=ASK%7B%7D", timeout=2) as resp:
            return resp.status == 200
    except Exception:
        return False


@pytest.fixture(params=["embedded", "remote"])
def store(request, tmp_path):
    """The same store tests run against the embedded store and the oxigraph server CI starts."""
    from diplokg.graph.rdf.store import open_store

    if request.param == "embedded":
        return open_store(tmp_path / "store")
    return request.getfixturevalue("remote_store")


@pytest.fixture(scope="module")
def small_store(tmp_path_factory, request):
    """The serve tests' store: test_serve's made-up articles, kept open read-write by this process (as by a
    running ingest) while a module's servers read it; one per test module."""
    from diplokg.graph.rdf.store import EmbeddedStore
    from test_serve import _fill

    store = EmbeddedStore(tmp_path_factory.mktemp(request.module.__name__.removeprefix("test_")) / "store")
    _fill(store)
    yield store
    store.close()


@pytest.fixture
def remote_store():
    """The oxigraph server CI starts, emptied before and after the test (skipped locally without one)."""
    from diplokg.graph.rdf.store import open_store

    if not sparql_server_available():
        if os.environ.get("CI"):
            pytest.fail(f"CI must start an oxigraph server at {SPARQL_URL}")
        pytest.skip(f"no SPARQL server at {SPARQL_URL} (CI starts `oxigraph serve --union-default-graph`)")
    remote = open_store(SPARQL_URL)
    remote.update("DROP SILENT ALL")
    yield remote
    remote.update("DROP SILENT ALL")


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m diplokg`` as a subprocess, the way a user runs it."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "diplokg", *args], capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=600)
