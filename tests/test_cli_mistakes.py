"""More mistakes a user makes on the command line, found by trying the commands as a new user: each gets
one line and a non-zero exit, and no store is created, lost or written in among other files.

All articles are made up; the rule tier (``--model xx=rules``) extracts, so no model is needed.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import run_cli

MODELS = ["--model", "de=rules", "--model", "en=rules"]
RULES = [*MODELS, "--workers", "1", "-q"]                 # ingest's options; extract takes MODELS
MOSCOW = "Moskau kritisierte am Montag die Regierung in Kiew scharf. Die Ukraine wies die Vorwürfe zurück."
PARIS = "Frankreich lobte am Dienstag die Regierung in Berlin. Deutschland dankte Frankreich für die Hilfe."


def _one_error_line(proc: subprocess.CompletedProcess) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_article_id_of_the_gold_format_is_the_stored_id(tmp_path):
    rows = tmp_path / "coded.jsonl"
    rows.write_text(json.dumps({"article_id": "moskau-kiew", "lang": "de", "text": MOSCOW}) + "\n"
                    + json.dumps({"id": "paris-berlin", "article_id": "ignored", "lang": "de", "text": PARIS}) + "\n",
                    encoding="utf-8")
    proc = run_cli("ingest", str(rows), "--store", str(tmp_path / "kg"), *RULES)
    assert proc.returncode == 0, proc.stderr
    ids = run_cli("query", "SELECT ?id WHERE { ?a dkg:articleId ?id } ORDER BY ?id", "--format", "csv",
                  "--store", str(tmp_path / "kg"))
    assert ids.stdout.split() == ["id", "moskau-kiew", "paris-berlin"]


def _stored(store: str, query: str) -> list[str]:
    proc = run_cli("query", query, "--format", "csv", "--store", store)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()[1:]


def test_an_edited_file_replaces_its_article_with_a_notice(tmp_path):
    article = tmp_path / "a" / "article.txt"
    article.parent.mkdir()
    article.write_text(MOSCOW, encoding="utf-8")
    store = str(tmp_path / "kg")
    first = run_cli("ingest", str(article), "--store", store, "--date", "2016-11-14", *RULES)
    again = run_cli("ingest", str(article), "--store", store, "--date", "2016-11-14", *RULES)
    article.write_text(PARIS, encoding="utf-8")
    edited = run_cli("ingest", str(article), "--store", store, "--date", "2016-11-15", *RULES)
    assert first.returncode == again.returncode == edited.returncode == 0, edited.stderr
    assert "replaces the stored article 'article'" not in first.stderr + again.stderr
    assert "1 unchanged" in again.stdout
    assert "a/article.txt: replaces the stored article 'article'" in edited.stderr
    assert _stored(store, "SELECT ?d WHERE { ?a dkg:articleId ?id ; schema:datePublished ?d }") == ["2016-11-15"]
    assert _stored(store, "SELECT ?f WHERE { ?a dkg:idFile ?f }") == [str(article.resolve())]


def test_another_file_of_a_stored_name_is_refused_and_the_stored_article_kept(tmp_path):
    for folder, text in (("a", MOSCOW), ("b", PARIS)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "article.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b" / "other.txt").write_text(PARIS, encoding="utf-8")
    store = str(tmp_path / "kg")
    first = run_cli("ingest", str(tmp_path / "a"), "--store", store, "--date", "2016-11-14", *RULES)
    other = run_cli("ingest", str(tmp_path / "b"), "--store", store, "--date", "2016-11-15", *RULES)
    assert first.returncode == 0, first.stderr
    assert other.returncode == 1 and "articles: 1 stored" in other.stdout       # the batch went on: other.txt
    line = _one_error_line(other)
    assert "b/article.txt: article id 'article' is already stored from another file" in line
    assert str((tmp_path / "a" / "article.txt").resolve()) in line and "kept that one" in line
    dates = _stored(store, "SELECT ?id ?d WHERE { ?a dkg:articleId ?id ; schema:datePublished ?d } ORDER BY ?id")
    assert dates == ["article,2016-11-14", "other,2016-11-15"]


def test_an_id_given_by_the_input_replaces_whatever_file_it_comes_from(tmp_path):
    store = str(tmp_path / "kg")
    for folder, text in (("a", MOSCOW), ("b", PARIS)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "rows.jsonl").write_text(json.dumps({"id": "story", "lang": "de", "text": text}) + "\n",
                                                       encoding="utf-8")
        proc = run_cli("ingest", str(tmp_path / folder / "rows.jsonl"), "--store", store, *RULES)
        assert proc.returncode == 0, proc.stderr
    assert "b/rows.jsonl:1: replaces the stored article 'story'" in proc.stderr
    assert _stored(store, "SELECT ?f WHERE { ?a dkg:idFile ?f }") == []


def test_two_files_of_one_name_in_one_input_name_each_other(tmp_path):
    for folder, text in (("a", MOSCOW), ("b", PARIS)):
        (tmp_path / "news" / folder).mkdir(parents=True)
        (tmp_path / "news" / folder / "index.txt").write_text(text, encoding="utf-8")
    proc = run_cli("ingest", str(tmp_path / "news"), "--store", str(tmp_path / "kg"), "--date", "2016-11-14", *RULES)
    assert proc.returncode == 1 and "articles: 1 stored" in proc.stdout
    line = _one_error_line(proc)
    assert "b/index.txt: article id 'index' is already used by" in line and "a/index.txt" in line


def test_input_without_any_article_is_an_error(tmp_path):
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    (tmp_path / "header.csv").write_text("id,lang,text\n", encoding="utf-8")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "report.pdf").write_bytes(b"%PDF-1.4")
    for path in ("empty.jsonl", "header.csv", "nothing"):
        for command in ("extract", "ingest"):
            extra = ["--store", str(tmp_path / "kg"), *RULES] if command == "ingest" else MODELS
            proc = run_cli(command, str(tmp_path / path), *extra)
            assert proc.returncode == 1, (command, path, proc.stdout, proc.stderr)
            assert f"no article in {tmp_path / path}" in _one_error_line(proc)
    (tmp_path / "one.jsonl").write_text(json.dumps({"id": "m", "lang": "de", "text": MOSCOW}) + "\n", encoding="utf-8")
    assert run_cli("extract", str(tmp_path / "one.jsonl"), *MODELS).returncode == 0     # one article is enough


def test_commands_that_need_a_store_do_not_create_one(tmp_path):
    missing = tmp_path / "kg-typo"
    for args in (["remove", "a1"], ["rebuild-summaries"]):
        proc = run_cli(*args, "--store", str(missing))
        assert proc.returncode == 2 and f"no store at {missing}" in _one_error_line(proc)
        assert not missing.exists()


def test_a_store_path_that_is_a_file_or_a_folder_of_other_files_is_refused(tmp_path):
    article = tmp_path / "a.jsonl"
    article.write_text(json.dumps({"id": "m", "lang": "de", "text": MOSCOW}) + "\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("mine", encoding="utf-8")
    proc = run_cli("ingest", str(article), "--store", str(article), *RULES)
    assert proc.returncode == 2 and "is a file, not a diplokg store folder" in _one_error_line(proc)
    proc = run_cli("ingest", str(article), "--store", str(docs), *RULES)
    assert proc.returncode == 2 and "is a folder of other files" in _one_error_line(proc)
    assert sorted(p.name for p in docs.iterdir()) == ["notes.txt"]
    empty = tmp_path / "new-empty"
    empty.mkdir()
    assert run_cli("ingest", str(article), "--store", str(empty), *RULES).returncode == 0     # empty folder: fine


def test_a_load_that_loads_nothing_leaves_no_store(tmp_path):
    bad = tmp_path / "bad.nq"
    bad.write_text("this is not N-Quads\n", encoding="utf-8")
    target = tmp_path / "kg"
    proc = run_cli("load", str(bad), str(tmp_path), "--store", str(target), "--threads", "1")
    assert proc.returncode == 1 and not target.exists() and "no store was left" in proc.stderr
    assert f"{tmp_path}: a folder, not a dataset file" in proc.stderr


def test_numbers_out_of_range_are_refused_by_the_parser(tmp_path):
    for args in (["serve", "--port", "99999"], ["serve", "--port", "-1"], ["ingest", "x.txt", "--workers", "-3"],
                 ["ingest", "x.txt", "--batch-size", "0"], ["load", "x.nq", "--threads", "0"],
                 ["eval", "g.jsonl", "--cv", "1"], ["eval", "g.jsonl", "--cv", "-2"]):
        proc = run_cli(*args, "--store", str(tmp_path / "kg"))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, args
        assert proc.stderr.strip().splitlines()[-1].split(": error: ")[1].startswith("argument "), args
    assert not (tmp_path / "kg").exists()


def test_a_reader_that_goes_away_ends_the_command_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "diplokg", "query", "--list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()                   # like `| head -0`: the first write finds no reader
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141 and "error" not in err and "Traceback" not in err


def test_binary_data_named_jsonl_is_one_error(tmp_path):
    blob = tmp_path / "feed.jsonl"
    blob.write_bytes(bytes(range(256)) * 40 + b"\n" + bytes(range(256)) * 40)
    proc = run_cli("extract", str(blob), *MODELS)
    assert proc.returncode == 1 and f"{blob}: binary file" in _one_error_line(proc)


def test_messages_say_what_was_found(tmp_path):
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("id;lang;text\nm;de;" + MOSCOW + "\n", encoding="utf-8")
    line = _one_error_line(run_cli("extract", str(semicolons), *MODELS))
    assert "found 'id;lang;text'" in line and "not ';'" in line
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x", "text": "a\tb"}\n' + json.dumps({"id": "d", "text": MOSCOW, "date": "7 January 2020"})
                      + "\n", encoding="utf-8")
    proc = run_cli("extract", str(broken), *MODELS)
    assert "at at" not in proc.stderr and "'7 January 2020' is not YYYY-MM-DD" in proc.stderr


def test_store_folder_checks_know_rocksdb_leftovers(tmp_path):
    from diplokg.graph.rdf.opening import check_writable_folder

    half_made = tmp_path / "kg"
    half_made.mkdir()
    (half_made / "LOCK").write_text("", encoding="utf-8")           # a creation interrupted before CURRENT
    check_writable_folder(str(half_made))
    assert Path(half_made).is_dir()


def test_models_gives_the_install_hint_only_for_a_language_without_a_pipeline(tmp_path):
    from conftest import DE_MODEL

    if not DE_MODEL.is_dir():
        import pytest
        pytest.skip(f"the German fixture pipeline is not at {DE_MODEL}")
    chosen = run_cli("models", "--model", f"de={DE_MODEL}", "--model", "en=rules", env={"DIPLOKG_MODEL_EN": ""})
    assert chosen.returncode == 0 and "Install an official pipeline" not in chosen.stdout, chosen.stdout
    missing = run_cli("models", "--model", "de=rules", env={"DIPLOKG_MODEL_EN": "/no/such/pipeline"})
    assert missing.returncode == 1 and "Install an official pipeline" in missing.stdout
    assert "  en: pip install" in missing.stdout and "  de: pip install" not in missing.stdout


def test_a_named_query_on_a_store_without_events_is_an_error(tmp_path):
    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path / "kg")                  # a store that exists but holds no article yet
    store.close()
    del store
    proc = run_cli("query", "--name", "top-dyads", "--store", str(tmp_path / "kg"))
    assert proc.returncode == 2 and "no events in" in _one_error_line(proc)
    plain = run_cli("query", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--store", str(tmp_path / "kg"))
    assert plain.returncode == 0, plain.stderr            # the user's own SPARQL may ask anything


def test_eval_writes_predictions_into_a_new_folder_as_render_does(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"article_id": "m", "lang": "de", "date": "2016-11-14", "text": MOSCOW,
                                "events": []}) + "\n", encoding="utf-8")
    out = tmp_path / "runs" / "first" / "predictions.jsonl"
    proc = run_cli("eval", str(gold), "--predictions", str(out), *MODELS)
    assert proc.returncode == 0, proc.stderr
    assert out.is_file()


def test_an_output_path_through_a_file_is_named_in_words(tmp_path):
    store = str(tmp_path / "kg")
    (tmp_path / "a.txt").write_text(MOSCOW, encoding="utf-8")
    assert run_cli("ingest", str(tmp_path / "a.txt"), "--store", store, "--date", "2016-11-14", *RULES).returncode == 0
    (tmp_path / "notes").write_text("a file, not a folder", encoding="utf-8")
    for args in (["render", "-o", str(tmp_path / "notes" / "net.html")],
                 ["export", "--format", "turtle", "-o", str(tmp_path / "notes" / "deeper" / "kg.ttl")]):
        proc = run_cli(*args, "--store", store)
        assert proc.returncode == 2
        line = _one_error_line(proc)
        assert f"{tmp_path / 'notes'} is a file, not a folder" in line and "Errno" not in line, line
