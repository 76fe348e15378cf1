"""The event table (``events_table`` / ``export --format events-csv|events-parquet``): one row per event
with the documented columns and dtypes, on both stores, an rdflib graph and through the CLI; the
columns other parts of the pipeline fill (actor codes, date precision, location) read from the
contract properties and empty when a store has none."""
from __future__ import annotations

import pandas as pd
import pyoxigraph as ox
import pytest
from conftest import run_cli
from diplokg.graph.network.analysis import events_frame
from diplokg.graph.rdf.event_table import EVENT_TABLE_DTYPES, events_table, read_events_table
from diplokg.graph.rdf.mapping import FACTS_GRAPH, actor_iri, event_iri
from diplokg.graph.rdf.store import insert_data, open_store
from handmade_events import EVENTS, PUTIN, TRUMP, WD, closed_store, fill
from rdflib import Dataset

DKG = "https://w3id.org/diplokg/ontology#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
XSD = "http://www.w3.org/2001/XMLSchema#"
CONTRACT_COLUMNS = ("date_precision", "date_source", "source_code", "source_sector", "target_code",
                    "target_sector", "location", "location_name", "location_qid", "location_lat",
                    "location_lon", "location_source")


def _offer_event() -> str:
    """IRI of the Putin -> Trump offer that articles a1 and a2 both report."""
    from diplokg.core.records import Event

    return event_iri(Event("a1", PUTIN, TRUMP, "offer dialogue", "036", "", 0, 0, "2016-11-14")).value


def _contract_quads() -> list[ox.Quad]:
    """What the actor-code, date and location work writes for the offer event and Putin (contracts-18)."""
    offer, putin = ox.NamedNode(_offer_event()), actor_iri(PUTIN)
    moscow = ox.NamedNode(WD + "Q649")

    def q(s, p, o):
        return ox.Quad(s, ox.NamedNode(p), o, FACTS_GRAPH)

    return [q(putin, DKG + "actorCode", ox.Literal("RUSGOV")), q(putin, DKG + "sector", ox.Literal("GOV")),
            q(offer, DKG + "datePrecision", ox.Literal("day")), q(offer, DKG + "dateSource", ox.Literal("sentence")),
            q(offer, DKG + "location", moscow), q(offer, DKG + "locationSource", ox.Literal("sentence")),
            q(moscow, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(DKG + "Place")),
            q(moscow, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("Moscow", language="en")),
            q(moscow, GEO + "lat", ox.Literal("55.7558", datatype=ox.NamedNode(XSD + "decimal"))),
            q(moscow, GEO + "long", ox.Literal("37.6173", datatype=ox.NamedNode(XSD + "decimal")))]


def test_one_row_per_event_with_the_documented_dtypes(store):
    fill(store)
    df = events_table(store)
    assert list(df.columns) == list(EVENT_TABLE_DTYPES)
    assert {c: str(t) for c, t in df.dtypes.items()} == EVENT_TABLE_DTYPES
    assert len(df) == EVENTS and df["event"].is_unique
    offer = df.set_index("event").loc[_offer_event()]
    # reported by a1 (published 2016-11-15) and a2 (2016-11-14): the first report is a2's
    assert (offer["articles"], offer["mentions"], offer["article_id"]) == (2, 2, "a2")
    assert offer["sentence"] == "Putin offered Trump talks." and offer["url"] == "https://example.org/a2"
    assert offer["publication_date"] == pd.Timestamp("2016-11-14") and offer["date"] == pd.Timestamp("2016-11-14")
    assert offer["confidence"] == pytest.approx(0.8)
    assert (offer["source_label"], offer["source_qid"], offer["source_country"]) == ("Vladimir Putin", "Q7747", "RUS")
    assert (offer["target_label"], offer["target_country"]) == ("Donald Trump", "USA")
    assert (offer["cameo"], offer["cameo_root"], offer["quad_class"], offer["goldstein"]) == ("036", "03", 1, 4.0)
    assert offer["plover_type"] == "AGREE" and offer["relation"] == "offer dialogue"
    assert not offer["negated"] and not offer["reported"] and offer["modality"] == "asserted"
    memo = df[df["cameo"] == "057"].iloc[0]
    assert memo["event_date"] == "2017" and memo["date"] == pd.Timestamp("2017-01-01")
    assert memo["source_country"] == "RUS" and memo["target_country"] == "USA"     # countries are their own
    solo = df[df["cameo"] == "010"].iloc[0]
    assert pd.isna(solo["target"]) and pd.isna(solo["target_label"]) and solo["source_label"] == "Donald Trump"
    mr_x = df[df["source_label"] == "Mr X"].iloc[0]
    assert pd.isna(mr_x["source_country"]) and pd.isna(mr_x["source_qid"]) and mr_x["target_country"] == "RUS"
    assert df["date"].is_monotonic_increasing


CONTRACT_PROPERTIES = " ".join(f"<{DKG}{p}>" for p in ("actorCode", "sector", "datePrecision", "dateSource",
                                                     "location", "locationSource"))


def test_contract_columns_are_read_from_the_graph_and_empty_without_it(store):
    fill(store)
    written = events_table(store).set_index("event")
    assert written.loc[_offer_event(), "date_precision"] == "day"         # as the mapping writes them
    assert written[written["cameo"] == "057"]["date_precision"].tolist() == ["year"]
    store.update("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { VALUES ?p { %s } GRAPH ?g { ?s ?p ?o } }"
                 % CONTRACT_PROPERTIES)
    before = events_table(store)
    for column in CONTRACT_COLUMNS:
        assert before[column].isna().all(), column
    assert len(before) == EVENTS and before["source_country"].notna().any()
    store.update(insert_data(_contract_quads()))
    after = events_table(store).set_index("event")
    offer = after.loc[_offer_event()]
    assert (offer["date_precision"], offer["date_source"]) == ("day", "sentence")
    assert (offer["source_code"], offer["source_sector"], offer["source_country"]) == ("RUSGOV", "GOV", "RUS")
    assert (offer["location"], offer["location_name"], offer["location_qid"]) == (WD + "Q649", "Moscow", "Q649")
    assert offer["location_lat"] == pytest.approx(55.7558) and offer["location_lon"] == pytest.approx(37.6173)
    assert offer["location_source"] == "sentence"
    others = after.drop(index=_offer_event())
    assert others["location"].isna().all() and others["date_precision"].isna().all()
    assert (others["source_code"] == "RUSGOV").sum() == (others["source_label"] == "Vladimir Putin").sum() > 0
    assert len(after) == EVENTS


def test_date_range_keeps_events_overlapping_it(store):
    fill(store)
    december = events_table(store, date_from="2016-12-01", date_to="2016-12-31")
    assert sorted(december["cameo"]) == ["010", "051"]
    year_2017 = events_table(store, date_from="2017-03-01")
    assert year_2017["event_date"].tolist() == ["2017"]           # a year-dated event overlaps any day of it
    assert len(events_table(store, date_to="2016-11-20")) == 2


def test_an_rdflib_graph_gives_the_same_table(tmp_path):
    store = open_store(tmp_path / "kg")
    fill(store)
    ds = Dataset(default_union=True)
    ds.parse(data=store.export("trig").decode("utf-8"), format="trig")
    from_graph, from_store = events_table(ds), events_frame(store)
    pd.testing.assert_frame_equal(from_graph, from_store)


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> str:
    return closed_store(tmp_path_factory.mktemp("event-table"))


@pytest.mark.parametrize("fmt, suffix", [("events-csv", "csv"), ("events-parquet", "parquet")])
def test_export_writes_a_table_that_reads_back_with_its_dtypes(kg, tmp_path, fmt, suffix):
    out = tmp_path / f"events.{suffix}"
    proc = run_cli("export", "--format", fmt, "-o", str(out), "--store", kg)
    assert proc.returncode == 0, proc.stderr
    assert f"{EVENTS} events written" in proc.stderr
    back = read_events_table(out)
    expected = events_table(open_store(kg, read_only=True))
    pd.testing.assert_frame_equal(back, expected)


def test_export_csv_to_stdout_and_a_range(kg):
    proc = run_cli("export", "--format", "events-csv", "--from", "2016-12", "--store", kg)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("event,date,event_date,date_precision,date_source,publication_date,source,")
    assert len(lines) == 1 + 3 and ",2017," in lines[3]


@pytest.mark.parametrize("args, expected", [
    (["--format", "trig", "--from", "2016-01-01"], "--from/--to apply to the event table formats"),
    (["--format", "events-csv", "--from", "2016-13"], "--from '2016-13' is not a date"),
    (["--format", "events-csv", "--from", "2017", "--to", "2016-12-31"], "--from 2017 is after --to 2016-12-31"),
])
def test_export_mistakes_are_one_line_errors(kg, args, expected):
    proc = run_cli("export", *args, "--store", kg)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()] and expected in proc.stderr


def test_missing_parquet_support_names_the_extra(kg, tmp_path, monkeypatch, capsys):
    import importlib.util

    from diplokg import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    out = tmp_path / "e.parquet"
    assert cli.main(["export", "--format", "events-parquet", "-o", str(out), "--store", kg]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: --format events-parquet needs pyarrow, part of the 'analysis' extra: " \
                  "pip install 'diplokg[analysis]'"
    assert not out.exists()
    assert cli.main(["export", "--format", "events-csv", "-o", str(tmp_path / "e.csv"), "--store", kg]) == 0


def test_a_range_without_events_is_an_error_not_an_empty_table(kg, tmp_path):
    out = tmp_path / "none.csv"
    proc = run_cli("export", "--format", "events-csv", "--from", "2020-01-01", "-o", str(out), "--store", kg)
    assert proc.returncode == 2 and not out.exists()
    assert proc.stderr.strip() == f"error: no events dated from 2020-01-01 in {kg}"
    assert run_cli("export", "--format", "events-csv", "--from", "2017", "-o", str(out), "--store", kg).returncode == 0
    assert len(read_events_table(out)) == 1


def test_an_empty_store_gives_an_empty_typed_table(tmp_path):
    df = events_table(open_store(tmp_path / "empty"))
    assert df.empty and {c: str(t) for c, t in df.dtypes.items()} == EVENT_TABLE_DTYPES


def test_csv_cells_cannot_run_as_spreadsheet_formulas_and_read_back_exactly(tmp_path):
    """An actor label (from a loaded file or a remote store) that starts like a formula is written as text."""
    store = open_store(tmp_path / "kg")
    fill(store)
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    putin = ox.NamedNode(WD + PUTIN.key)
    for quad in list(store.store.quads_for_pattern(putin, label, None, FACTS_GRAPH)):
        store.store.remove(quad)
    store.store.add(ox.Quad(putin, label, ox.Literal('=HYPERLINK("http://evil.example","x")', language="en"), FACTS_GRAPH))
    store.store.add(ox.Quad(putin, label, ox.Literal("'quoted", language="de"), FACTS_GRAPH))
    expected = events_table(store)
    out = tmp_path / "events.csv"
    from diplokg.graph.rdf.event_table import write_events_table
    write_events_table(expected, out, "csv")
    text = out.read_text(encoding="utf-8")
    assert "=HYPERLINK" in text and ",=HYPERLINK" not in text and ',"=HYPERLINK' not in text
    assert "'=HYPERLINK" in text
    pd.testing.assert_frame_equal(read_events_table(out), expected)
    store.close()


def test_series_csv_keys_cannot_run_as_formulas():
    from diplokg.graph.rdf.series_table import SeriesTable

    table = SeriesTable(["period", "source", "events"], ["source"],
                        [{"period": "2016-11-01", "source": "=cmd|' /C calc'!A0", "events": 3},
                         {"period": "2016-11-01", "source": "Russia", "events": -1}])
    lines = table.to_csv().splitlines()
    assert lines[1].startswith("2016-11-01,'=cmd") and lines[2] == "2016-11-01,Russia,-1"
