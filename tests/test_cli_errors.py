"""Mistakes a user can make on the command line: each is one line on stderr and a non-zero exit,
never an empty answer with exit 0 (named-query parameters, render filters and formats, models,
query time limit, the gold format)."""
from __future__ import annotations

import json
import time

import pytest

from conftest import run_cli
from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import map_article

PUTIN = Actor("Q7747", "Vladimir Putin", "PERSON", "Q7747", "Wladimir Putin", "RUS")
TRUMP = Actor("Q22686", "Donald Trump", "PERSON", "Q22686", "Donald Trump", "USA")
OBAMA = Actor("Q76", "Barack Obama", "PERSON", "Q76", "Barack Obama", "USA")
SMITH_1 = Actor("Q900001", "John Smith", "PERSON", "Q900001", "John Smith", "GBR")
SMITH_2 = Actor("Q900002", "John Smith", "PERSON", "Q900002", "John Smith", "USA")
PUTIN_IRI = "http://www.wikidata.org/entity/Q7747"


def _stored(aid: str, day: str, events: list[tuple[Actor, Actor, str, str]]):
    text = f"Artikel {aid}."
    article = Article(aid, text, lang="de", date=day, title=f"Titel {aid}", url=f"https://example.org/{aid}")
    return map_article(article, [Event(aid, s, t, rel, code, text, 0, len(text), day) for s, t, rel, code in events],
                       {"de": "test"})


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> str:
    """A closed store on disk: Putin offers Trump dialogue (036) and criticises Obama (111); two
    different actors share the label "John Smith"."""
    from diplokg.graph.rdf.store import open_store

    path = tmp_path_factory.mktemp("cli-errors") / "kg"
    store = open_store(path)
    store.write_articles([
        _stored("a1", "2016-11-14", [(PUTIN, TRUMP, "offer dialogue", "036")]),
        _stored("a2", "2016-12-01", [(PUTIN, OBAMA, "criticize", "111")]),
        _stored("a3", "2017-02-01", [(SMITH_1, TRUMP, "meet", "040"), (SMITH_2, OBAMA, "meet", "040")]),
    ])
    store.close()
    return str(path)


def _one_line_error(proc, *expected: str) -> str:
    """The error of a refused command: exit 2, one stderr line starting 'error:', no traceback, no output."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    for text in expected:
        assert text in lines[0], (text, lines[0])
    return lines[0]


# --------------------------------------------------------------------------- named-query parameters
@pytest.mark.parametrize("value", ["Q7747", "wd:Q7747", PUTIN_IRI, "vladimir putin", "Wladimir Putin", "putin"])
def test_actor_parameter_takes_qid_prefixed_qid_iri_or_stored_label(kg, value):
    proc = run_cli("query", "--name", "interactions", "--param", f"actor={value}", "--format", "json", "--store", kg)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert sorted(r["relation"] for r in rows) == ["criticize", "offer dialogue"]


@pytest.mark.parametrize("params, expected", [
    (["actr=Q7747"], ["unknown parameter 'actr'", "accepted: actor (actor), from (date, optional)"]),
    (["actor=Q7747", "from=2020-13-01"], ["from='2020-13-01' is not a date", "YYYY-MM-DD"]),
    (["actor=Q7747", "from=2017-01-01", "to=2016-01-01"], ["is after"]),
    (["actor=Putn"], ["no actor with that name", "nearest: Vladimir Putin"]),
    (["actor=John Smith"], ["names 2 actors", "Q900001 (John Smith)", "Q900002 (John Smith)"]),
    (["actor=o"], ["names 4 actors"]),
    (["actor=Q123456789"], ["no actor http://www.wikidata.org/entity/Q123456789"]),
    ([], ["needs --param actor="]),
])
def test_bad_named_query_parameters_are_one_line_errors(kg, params, expected):
    args = [x for p in params for x in ("--param", p)]
    _one_line_error(run_cli("query", "--name", "interactions", *args, "--store", kg), *expected)


def test_cameo_parameter_is_checked_and_takes_short_forms(kg):
    _one_line_error(run_cli("query", "--name", "cameo-root", "--param", "code=99", "--store", kg),
                    "code='99' is not a CAMEO code", "01..20")
    for code in ("03", "3", "cameo:03", "https://w3id.org/diplokg/cameo/03"):
        proc = run_cli("query", "--name", "cameo-root", "--param", f"code={code}", "--format", "json", "--store", kg)
        assert proc.returncode == 0, proc.stderr
        assert [r["relation"] for r in json.loads(proc.stdout)] == ["offer dialogue"]


def test_query_without_parameters_refuses_one(kg):
    _one_line_error(run_cli("query", "--name", "top-dyads", "--param", "actor=Q7747", "--store", kg),
                    "unknown parameter 'actor'", "accepted: none")
    assert run_cli("query", "--name", "top-dyads", "--store", kg).returncode == 0


def test_list_shows_each_querys_parameters_with_types():
    out = run_cli("query", "--list").stdout
    block = out[out.index("interactions"):out.index("timeline")]
    assert "--param actor (actor)" in block and "--param from (date, optional)" in block
    assert "--param code (cameo)" in out[out.index("cameo-root"):out.index("dyad-balance")]
    top = out[out.index("top-dyads"):]
    assert "--param" not in top and "most active dyads" in top


def test_checked_values_are_still_bound_as_terms(kg):
    proc = run_cli("query", "--name", "interactions", "--inline", "--param", "actor=wd:Q7747",
                   "--param", "from=2016-01-01")
    assert proc.returncode == 0, proc.stderr
    assert f'VALUES (?actor ?from) {{ (<{PUTIN_IRI}> "2016-01-01") }}' in proc.stdout
    # an IRI-looking value with SPARQL in it is no IRI form: resolved as a name, and refused
    _one_line_error(run_cli("query", "--name", "interactions", "--param",
                            "actor=http://x> } DROP ALL #", "--store", kg), "no actor with that name")


def test_declarations_are_parsed_strictly():
    from diplokg.graph.rdf.params import parse_declarations

    assert [s.describe() for s in parse_declarations("# @param a: actor — x\n# @param b: date optional\n")] == [
        "a (actor)", "b (date, optional)"]
    with pytest.raises(ValueError, match="unknown type 'number'"):
        parse_declarations("# @param a: number — x")
    with pytest.raises(ValueError, match="malformed"):
        parse_declarations("# @param a actor")


def test_every_shipped_query_declares_the_variables_it_binds():
    """A named query with a parameter marker declares parameters, and each one is a variable it uses."""
    import re

    from diplokg.graph.rdf.query import load_query, named_queries, query_parameters

    for name in named_queries():
        text = load_query(name)
        specs = query_parameters(name)
        assert bool(specs) == ("@params" in text), name
        for spec in specs:
            assert re.search(rf"\?{spec.name}\b", text), (name, spec.name)
    assert {s.name for s in query_parameters("evidence")} == {"source", "target", "relation", "from", "to"}


@pytest.mark.remote
def test_parameters_and_render_filters_are_checked_on_a_sparql_server(remote_store, tmp_path):
    remote_store.write_articles([_stored("a1", "2016-11-14", [(PUTIN, TRUMP, "offer dialogue", "036")])])
    url = remote_store.location
    proc = run_cli("query", "--name", "interactions", "--param", "actor=putin", "--format", "json", "--store", url)
    assert proc.returncode == 0, proc.stderr
    assert [r["relation"] for r in json.loads(proc.stdout)] == ["offer dialogue"]
    _one_line_error(run_cli("query", "--name", "interactions", "--param", "actor=Putn", "--store", url),
                    "nearest: Vladimir Putin")
    _one_line_error(run_cli("render", "-o", str(tmp_path / "n.html"), "--cameo-root", "19", "--store", url),
                    "no events match --cameo-root 19", "CAMEO roots 03")
    assert not (tmp_path / "n.html").exists()


# --------------------------------------------------------------------------- query time limit
def test_query_stops_at_its_time_limit(kg):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    proc = run_cli("query", slow, "--timeout", "1", "--store", kg)
    _one_line_error(proc, "stopped after 1 s", "--timeout")
    assert time.monotonic() - started < 60
    fast = run_cli("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a sem:Actor }", "--timeout", "30", "--store", kg)
    assert fast.returncode == 0 and "5" in fast.stdout
    for limit in ("0", "nan", "inf", "-1"):              # nan would switch the limit off, inf overflow the clock
        _one_line_error(run_cli("query", slow, "--timeout", limit, "--store", kg), "--timeout must be a positive")


def _sleep_then(value, seconds):
    time.sleep(seconds)
    return value


def _fail(message):
    raise ValueError(message)


def test_call_with_timeout_returns_raises_and_stops():
    from diplokg.graph.rdf.deadline import Timeout, call_with_timeout

    assert call_with_timeout(_sleep_then, ({"rows": [1, 2]}, 0), 30) == {"rows": [1, 2]}
    with pytest.raises(ValueError, match="bad value"):
        call_with_timeout(_fail, ("bad value",), 30)
    started = time.monotonic()
    with pytest.raises(Timeout):
        call_with_timeout(_sleep_then, (1, 60), 0.5)
    assert time.monotonic() - started < 30


# --------------------------------------------------------------------------- render
@pytest.mark.parametrize("args, expected", [
    (["--actor", "Putn"], ["--actor 'Putn'", "nearest: Vladimir Putin"]),
    (["--actor", "Q123456789"], ["no actor http://www.wikidata.org/entity/Q123456789"]),
    (["--cameo-root", "99"], ["--cameo-root '99' is not a CAMEO root", "01..20"]),
    (["--from", "01.01.2020"], ["--from '01.01.2020' is not a date", "YYYY-MM-DD"]),
    (["--from", "2030-01-01"], ["no events match --from 2030-01-01", "2016-11 to 2017-02"]),
    (["--cameo-root", "19"], ["no events match --cameo-root 19", "CAMEO roots 03, 04, 11"]),
    (["--plover-type", "HUG"], ["not a PLOVER type", "CONSULT"]),
])
def test_render_refuses_filters_that_match_nothing(kg, tmp_path, args, expected):
    out = tmp_path / "net.html"
    _one_line_error(run_cli("render", "-o", str(out), *args, "--store", kg), *expected)
    assert not out.exists()


def test_render_of_a_store_without_events_is_an_error(tmp_path):
    from diplokg.graph.rdf.store import open_store

    open_store(tmp_path / "empty").close()
    out = tmp_path / "net.html"
    _one_line_error(run_cli("render", "-o", str(out), "--store", str(tmp_path / "empty")), "holds no events")
    assert not out.exists()


def test_render_with_matching_filters_writes_the_page(kg, tmp_path):
    out = tmp_path / "net.html"
    proc = run_cli("render", "-o", str(out), "--actor", "putin", "--from", "2016-11", "--cameo-root", "3",
                   "--store", kg)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_render_format_follows_the_output_extension(kg, tmp_path):
    for name, root in (("net.gexf", "<gexf"), ("net.graphml", "<graphml"), ("net.htm", "<!DOCTYPE html>")):
        proc = run_cli("render", "-o", str(tmp_path / name), "--store", kg)
        assert proc.returncode == 0, proc.stderr
        assert root in (tmp_path / name).read_text(encoding="utf-8")[:400], name
    _one_line_error(run_cli("render", "-o", str(tmp_path / "net.png"), "--store", kg), ".png", "--format")
    assert not (tmp_path / "net.png").exists()
    proc = run_cli("render", "-o", str(tmp_path / "net.png"), "--format", "graphml", "--store", kg)
    assert proc.returncode == 0 and "<graphml" in (tmp_path / "net.png").read_text(encoding="utf-8")


def test_output_format_unit():
    from diplokg.graph.network.render import output_format

    assert output_format("a/B.GEXF") == "gexf" and output_format("x.gexf", "html") == "html"
    with pytest.raises(ValueError, match="extension"):
        output_format("noext")


# --------------------------------------------------------------------------- models
@pytest.fixture
def three_articles(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(3):
        (folder / f"a{k}.txt").write_text("Putin kritisierte Obama am Montag scharf.", encoding="utf-8")
    return folder


def test_model_for_an_unsupported_language_is_an_error(three_articles):
    _one_line_error(run_cli("extract", str(three_articles), "--model", "fr=rules"),
                    "--model fr=rules", "not supported", "de, en")
    _one_line_error(run_cli("models", "--model", "fr=rules"), "not supported")


def test_model_of_another_language_is_an_error(three_articles, en_model):
    _one_line_error(run_cli("extract", str(three_articles), "--lang", "de", "--model", f"de={en_model}"),
                    "pipeline for 'en'", "given for 'de'")
    _one_line_error(run_cli("extract", str(three_articles), "--model", "de=en_core_web_sm"),
                    "pipeline for 'en'", "given for 'de'")
    proc = run_cli("extract", str(three_articles), "--lang", "en", "--model", f"en={en_model}")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("spec, expected", [
    ("./no/such/model", "model path './no/such/model' for 'de' (given with --model) does not exist"),
    ("de_core_news_lg", "python -m spacy download de_core_news_lg"),
    ("our_custom_pipeline", "pip install our_custom_pipeline"),
])
def test_missing_model_is_one_error_per_run_with_a_fitting_hint(three_articles, tmp_path, spec, expected):
    for command in (["extract", str(three_articles)],
                    ["ingest", str(three_articles), "--store", str(tmp_path / "kg"), "--workers", "1"]):
        line = _one_line_error(run_cli(*command, "--lang", "de", "--model", f"de={spec}"), expected)
        assert "de_core_news_md" not in line                 # not another model's install command
    assert not (tmp_path / "kg").exists()                    # refused before the store was touched


def test_models_command_exits_non_zero_when_a_choice_fails(de_model):
    proc = run_cli("models", env={"DIPLOKG_MODEL_EN": "./no/such/model"})
    assert proc.returncode == 1 and "en: error" in proc.stdout and "does not exist" in proc.stdout
    proc = run_cli("models", "--model", f"de={de_model}", "--model", "en=rules")
    assert proc.returncode == 0 and "error" not in proc.stdout


def test_folder_that_is_not_a_pipeline_is_refused(three_articles, tmp_path):
    _one_line_error(run_cli("extract", str(three_articles), "--model", f"de={tmp_path}"),
                    "not a spaCy pipeline folder")


# --------------------------------------------------------------------------- eval
def test_eval_points_to_a_gold_format_the_package_ships(tmp_path):
    helptext = run_cli("eval", "--help").stdout
    assert "SCHEMA.md" not in helptext and "--format-help" in helptext
    proc = run_cli("eval", "--format-help")
    assert proc.returncode == 0
    assert "`article_id`" in proc.stdout and "`cameo`" in proc.stdout and "maximum" in proc.stdout
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"article_id": "a", "text": "Putin kritisierte Obama.", "events": []}\n{"text": "x"}\n',
                   encoding="utf-8")
    proc = run_cli("eval", str(bad), "--model", "de=rules", "--model", "en=rules")   # line 1 is scored
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "events P" in proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and f"{bad}:2" in errors[0] and "'article_id'" in errors[0]
    _one_line_error(run_cli("eval"), "give the gold file")


def test_gold_format_is_package_data():
    from pathlib import Path

    from diplokg.gold_file import FORMAT_FILE

    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    line = next(l for l in pyproject.splitlines() if l.startswith('"diplokg" = ['))
    assert f'"{FORMAT_FILE.name}"' in line and FORMAT_FILE.is_file()
