"""The command line as a user runs it: help, bad input in a batch, exit codes, models."""
from __future__ import annotations

import json

import pytest

from conftest import run_cli

COMMANDS = ["ingest", "extract", "query", "render", "stats", "export", "load", "remove", "models", "eval", "demo", "serve", "rebuild-summaries"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_help(command):
    proc = run_cli(command, "--help")
    assert proc.returncode == 0 and "usage: diplokg" in proc.stdout


def test_batch_with_bad_items_stores_the_good_ones(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    (data / "good.txt").write_text("Putin kritisierte Obama am Montag scharf.", encoding="utf-8")
    (data / "empty.txt").write_bytes(b"")
    (data / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (data / "fr.txt").write_text("Le président a parlé avec la chancelière et ils ont été d'accord sur la paix.",
                                 encoding="utf-8")
    (data / "x.jsonl").write_text('{"id": "j1", "lang": "en", "text": "Russia criticized Ukraine."}\n{oops\n',
                                  encoding="utf-8")
    store = tmp_path / "kg"
    proc = run_cli("ingest", str(data), "--store", str(store), "--date", "2016-11-14", "--model", "de=rules",
                   "--model", "en=rules")
    assert proc.returncode == 1
    assert "articles: 2 stored" in proc.stdout and "1 skipped" in proc.stdout and "errors: 3" in proc.stdout
    errors = [l for l in proc.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 3 and any("empty.txt" in e for e in errors) and any("x.jsonl:2" in e for e in errors)
    assert "not supported" in proc.stderr
    assert "rule tier" in proc.stderr                               # said once that recall is lower
    stats = json.loads(run_cli("stats", "--store", str(store), "--format", "json").stdout)
    assert stats["articles"] == 2
    proc = run_cli("remove", "good", "--store", str(store))
    assert proc.returncode == 0
    assert json.loads(run_cli("stats", "--store", str(store), "--format", "json").stdout)["articles"] == 1


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_batch_with_no_supported_language_is_an_error(tmp_path, command):
    """Nothing readable is an error with a non-zero exit, not an empty answer; one readable article is enough."""
    fr = tmp_path / "fr.txt"
    fr.write_text("Le président a parlé avec la chancelière et ils ont été d'accord sur la paix.", encoding="utf-8")
    de = tmp_path / "de.txt"
    de.write_text("Der Präsident kritisierte am Montag die Regierung in Moskau scharf.", encoding="utf-8")
    store = ["--store", str(tmp_path / "kg")] if command == "ingest" else []
    models = ["--model", "de=rules", "--model", "en=rules"]
    proc = run_cli(command, str(fr), *store, *models)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [l for l in proc.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and "supported language" in errors[0] and "de, en" in errors[0]
    assert "skipped: " in proc.stderr and "fr.txt" in proc.stderr
    proc = run_cli(command, str(fr), str(de), *store, *models)
    assert proc.returncode == 0 and "fr.txt" in proc.stderr and "error:" not in proc.stderr


def test_models_command_explains_choice(de_model):
    proc = run_cli("models", "--model", f"de={de_model}")
    assert proc.returncode == 0
    assert "de: " in proc.stdout and "path given with --model" in proc.stdout
    assert "pip install" in proc.stdout
    assert "coder: diplokg-coder-" in proc.stdout and "confidence calibrated on held-out predictions" in proc.stdout
    proc = run_cli("models", env={"DIPLOKG_MODEL_EN": "no_such_model_xyz"})
    assert "en: error" in proc.stdout


def test_named_queries_and_bad_query(tmp_path):
    proc = run_cli("query", "--list")
    assert "evidence" in proc.stdout and "top-dyads" in proc.stdout
    proc = run_cli("query", "SELEKT nonsense", "--store", str(tmp_path / "kg"))
    assert proc.returncode == 2 and proc.stderr.startswith("error:")


def test_demo_runs_on_bundled_examples(tmp_path):
    proc = run_cli("demo", "--store", str(tmp_path / "kg"), "-o", str(tmp_path / "net.html"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "network written to" in proc.stdout and (tmp_path / "net.html").exists()
    stats = json.loads(run_cli("stats", "--store", str(tmp_path / "kg"), "--format", "json").stdout)
    assert stats["articles"] == 2 and stats["events"] > 0


def test_rebuild_summaries_restores_the_counts(tmp_path):
    """Data loaded without summary nodes (e.g. N-Quads from another tool) gets them from the command."""
    import random

    from diplokg.graph.rdf.mapping import map_article
    from diplokg.graph.rdf.query import load_query
    from diplokg.graph.rdf.store import open_store
    from test_summaries import _article

    store = open_store(tmp_path / "kg")
    rng = random.Random(5)
    store.write_articles([map_article(*_article(f"r{k}", rng, 4)) for k in range(8)])
    before = store.query(load_query("top-dyads")).rows
    assert before
    store.update("DROP GRAPH <https://w3id.org/diplokg/graph/summaries>")
    assert store.query(load_query("top-dyads")).rows == []
    store.close()
    del store
    proc = run_cli("rebuild-summaries", "--store", str(tmp_path / "kg"))
    assert proc.returncode == 0, proc.stderr
    assert "rebuilt" in proc.stdout
    assert open_store(tmp_path / "kg").query(load_query("top-dyads")).rows == before
