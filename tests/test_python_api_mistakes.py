"""Mistakes a user of the Python API makes (found by trying it as a new user): one path given alone, named
queries with their parameters, typed bindings, ASK answers, closing and reopening a store, read-only
stores, rdflib Datasets parsed the usual way, and articles built by hand. Each answers as the command
line does: the right rows, or one clear error, never a silent empty answer.

The stores hold the hand-made events of :mod:`handmade_events`; articles are made up; the rule tier
extracts, so no model is needed.
"""
from __future__ import annotations

import datetime
import json
import os

import pytest
import rdflib
from diplokg.config import Config
from diplokg.core.errors import InputError, MissingStoreError, QueryError, StoreError
from diplokg.core.records import Article
from diplokg.graph.network import analysis
from diplokg.graph.rdf.query import event_rows, load_query
from diplokg.graph.rdf.store import open_store
from diplokg.ingest import ingest
from diplokg.pipeline import Extractor
from handmade_events import EVENTS, WD, fill

RULES = Config(models={"en": "rules", "de": "rules"}, progress=False)
SUMMIT = "Russia threatened Ukraine on Monday. Ukraine criticized Russia."


@pytest.fixture()
def handmade(tmp_path):
    """A store folder holding the hand-made events, closed again."""
    with open_store(tmp_path / "kg") as store:
        fill(store)
    return tmp_path / "kg"


def test_one_path_given_alone_is_one_input_not_its_characters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "t1", "lang": "en", "text": SUMMIT}) + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Russia praised China on Tuesday.", encoding="utf-8")   # must stay out
    with open_store(tmp_path / "kg") as store:
        summary = ingest("a.jsonl", store, Extractor(RULES), progress=False)
        ids = [row["id"] for row in store.query("SELECT ?id WHERE { ?a dkg:articleId ?id }").rows]
    assert summary.errors == [] and summary.articles == 1
    assert ids == ["t1"]


def test_a_named_query_checks_and_resolves_its_parameters_as_the_cli_does(handmade):
    interactions = load_query("interactions")
    with open_store(handmade, read_only=True) as store:
        by_iri = len(store.query(interactions, {"actor": WD + "Q7747"}).rows)
        assert by_iri > 0
        for form in ("Q7747", "wd:Q7747", "Putin", "Vladimir Putin"):
            assert len(store.query(interactions, {"actor": form}).rows) == by_iri, form
        assert len(store.query(interactions, {"actor": "Q7747", "from": None}).rows) == by_iri   # None: unbound
        with pytest.raises(QueryError, match="needs the binding actor="):
            store.query(interactions)
        with pytest.raises(QueryError, match="unknown parameter 'actr'"):
            store.query(interactions, {"actr": "Q7747"})
        roots = load_query("cameo-root")
        assert len(store.query(roots, {"code": "05"}).rows) == len(store.query(roots, {"code": 5}).rows) == 2  # 051, 057


def test_bindings_keep_their_python_and_rdflib_types(handmade):
    day = "SELECT ?e WHERE { ?e a dkg:DiplomaticEvent ; sem:hasTimeStamp ?d }"
    label = "SELECT ?a WHERE { ?a rdfs:label ?l }"
    with open_store(handmade, read_only=True) as store:
        assert len(store.query(day, {"d": datetime.date(2016, 12, 1)}).rows) == 1
        assert len(store.query(day, {"d": "2016-12-01"}).rows) == 0           # a plain string is not a date
        assert [r["a"] for r in store.query(label, {"l": rdflib.Literal("Wladimir Putin", lang="de")}).rows] \
            == [WD + "Q7747"]
        assert store.query("ASK WHERE { FILTER(?x < 0.001) }", {"x": 1e-07}).boolean is True


def test_a_query_result_answers_bool_len_and_iteration_as_rdflibs(handmade):
    with open_store(handmade, read_only=True) as store:
        assert not store.query("ASK { ?e a dkg:NoSuchClass }")
        assert store.query("ASK { ?e a dkg:DiplomaticEvent }")
        events = store.query("SELECT ?e WHERE { ?e a dkg:DiplomaticEvent }")
        assert len(events) == EVENTS and [row["e"] for row in events] == [row["e"] for row in events.rows]
        none = store.query("SELECT ?e WHERE { ?e a dkg:NoSuchClass }")
        assert not none and len(none) == 0
        graph = store.query("CONSTRUCT { ?e a dkg:DiplomaticEvent } WHERE { ?e a dkg:DiplomaticEvent }")
        assert len(graph) == EVENTS and all(t.predicate.value.endswith("#type") for t in graph)


def test_close_lets_go_and_a_second_open_in_this_process_says_so(tmp_path):
    first = open_store(tmp_path / "kg")
    fill(first)
    with pytest.raises(StoreError, match="already open for writing in this process"):
        open_store(tmp_path / "kg")
    first.close()
    first.close()                                                            # twice is harmless
    with pytest.raises(StoreError, match="is closed"):
        first.stats()
    with open_store(tmp_path / "kg") as again:                               # the lock went with close
        assert again.stats()["events"] == EVENTS
    with open_store(tmp_path / "kg") as third:
        assert third.query("ASK { ?e a dkg:DiplomaticEvent }")


def test_read_only_and_missing_stores_are_one_line_errors(tmp_path, handmade):
    with pytest.raises(MissingStoreError, match="no store at"):
        open_store(tmp_path / "typo", read_only=True)
    assert not (tmp_path / "typo").exists()
    with open_store(handmade, read_only=True) as store:
        for change in (lambda: store.remove_article("a1"),
                       lambda: store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")):
            with pytest.raises(StoreError, match="open read-only"):
                change()
        assert store.stats()["events"] == EVENTS
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="folder of other files"):
        open_store(folder)
    assert os.listdir(folder) == ["notes.txt"]


def test_an_rdflib_dataset_parsed_the_usual_way_reads_like_the_store(tmp_path, handmade):
    with open_store(handmade, read_only=True) as store:
        (tmp_path / "kg.trig").write_bytes(store.export("trig"))
        expected = len(event_rows(store))
        series = analysis.count_series(store).shape
    dataset = rdflib.Dataset()                                               # default_union=False, rdflib's default
    dataset.parse(tmp_path / "kg.trig", format="trig")
    size = len(dataset)
    assert expected > 0
    assert len(event_rows(dataset)) == expected
    assert analysis.events_frame(dataset).shape[0] == expected
    assert analysis.count_series(dataset).shape == series
    assert dataset.default_union is False and len(dataset) == size          # the caller's object unchanged


def test_an_article_built_in_python_is_normalised_as_the_readers_do():
    extractor = Extractor(RULES)
    for date in ("2022-02-09T10:00:00Z", datetime.date(2022, 2, 9), datetime.datetime(2022, 2, 9, 10, 0)):
        article = Article("a", SUMMIT, lang="EN", date=date)
        assert (article.lang, article.date) == ("en", "2022-02-09")
        result = extractor.extract(article)
        assert not result.skipped and not result.error and result.events, (date, result)
    with pytest.raises(InputError, match="text must be a string"):
        Article("a", None)
    with pytest.raises(InputError, match="'June 2022' is not a calendar day"):
        Article("a", SUMMIT, date="June 2022")
