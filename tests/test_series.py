"""Count series (``count_series`` / ``diplokg series``) on hand-made events with known answers: the
Russia-United States monthly count equals a SPARQL count over the same events, every grouping and
metric equals the same numbers counted from the event table, on both stores and through the CLI."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import run_cli
from diplokg.graph.rdf.event_table import events_table
from diplokg.graph.rdf.series import SERIES_BY, SERIES_METRICS, count_series
from handmade_events import RUS_USA_BY_MONTH, WD, closed_store, fill

RUS, USA = WD + "Q159", WD + "Q30"
# events whose source's country is Russia and target's the United States (a country counts as its own)
SPARQL_RUS_USA = """
SELECT ?month (COUNT(?e) AS ?n) WHERE {
  ?e a dkg:DiplomaticEvent ; dkg:source ?s ; dkg:target ?t ; sem:hasTimeStamp ?d .
  { ?s dkg:country wd:Q159 } UNION { VALUES ?s { wd:Q159 } }
  { ?t dkg:country wd:Q30 } UNION { VALUES ?t { wd:Q30 } }
  FILTER(STRLEN(STR(?d)) >= 7)
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month"""


def test_country_dyad_month_matches_a_sparql_count(store):
    fill(store)
    df = count_series(store, "country-dyad", "M")
    rus_usa = df[(df["source_country"] == "RUS") & (df["target_country"] == "USA")]
    got = {p.strftime("%Y-%m"): n for p, n in zip(rus_usa["period"], rus_usa["events"])}
    assert got == RUS_USA_BY_MONTH
    assert got == {r["month"]: r["n"] for r in store.query(SPARQL_RUS_USA).rows}
    assert set(rus_usa["source"]) == {RUS} and set(rus_usa["source_label"]) == {"Russia"}
    usa_rus = df[(df["source_country"] == "USA") & (df["target_country"] == "RUS")]
    assert usa_rus["events"].tolist() == [1]
    mr_x = df[df["source_label"] == "Mr X"]
    assert mr_x["source_country"].isna().all() and mr_x["target_country"].tolist() == ["RUS"]
    assert df.attrs["source"] == "summaries"
    assert df.attrs["notices"] == ["1 events without a date to the month left out (undated or dated more coarsely)",
                                   "1 events with an actor of unknown country, kept under that actor"]


def _expected(table: pd.DataFrame, by: str, freq: str) -> pd.DataFrame:
    """The series counted from the event table: events per key and period, Goldstein and QuadClass sums."""
    t = table[table["event_date"].str.len() >= (7 if freq == "M" else 10)].copy()
    t["period"] = t["date"].dt.to_period({"D": "D", "W": "W-SUN", "M": "M"}[freq]).dt.start_time
    if by == "actor":
        t = pd.concat([t.assign(key=t["source"]), t[t["target"].notna()].assign(key=t["target"])])
        keys = ["key"]
    elif by == "root":
        keys = ["cameo_root"]
    else:
        t = t[t["target"].notna()]
        if by == "country-dyad":
            t = t.assign(source=t["source_country"].fillna(t["source"]), target=t["target_country"].fillna(t["target"]))
        keys = ["source", "target"]
    for k in (1, 2, 3, 4):
        t[f"q{k}"] = (t["quad_class"] == k).astype(int)
    agg = t.groupby(["period", *keys]).agg(events=("event", "count"), goldstein_sum=("goldstein", "sum"),
                                          **{f"q{k}": (f"q{k}", "sum") for k in (1, 2, 3, 4)})
    return agg.reset_index().sort_values(["period", *keys]).reset_index(drop=True)


@pytest.mark.parametrize("freq", ["D", "W", "M"])
@pytest.mark.parametrize("by", SERIES_BY)
def test_every_series_equals_the_counts_of_the_event_table(store, by, freq):
    fill(store)
    table = events_table(store)
    expected = _expected(table, by, freq)
    for metric in SERIES_METRICS:
        df = count_series(store, by, freq, metric)
        assert df.columns[0] == "period" and str(df["period"].dtype) == "datetime64[ns]"
        assert str(df["events"].dtype) == "Int64"
        if by == "country-dyad":         # compare by ISO3 code where the key is a country
            df = df.assign(source=df["source_country"].fillna(df["source"]),
                           target=df["target_country"].fillna(df["target"]))
        keys = {"actor": ["actor"], "root": ["cameo_root"]}.get(by, ["source", "target"])
        got = df.rename(columns={"actor": "key"}) if by == "actor" else df
        got = got.sort_values(["period", *(["key"] if by == "actor" else keys)]).reset_index(drop=True)
        assert got["events"].astype(int).tolist() == expected["events"].tolist(), (by, freq, metric)
        assert got["period"].tolist() == expected["period"].tolist()
        if metric == "goldstein":
            assert got["goldstein_sum"].astype(float).round(6).tolist() == \
                expected["goldstein_sum"].round(6).tolist()
            assert (got["goldstein_mean"] * got["events"]).astype(float).round(6).tolist() == \
                expected["goldstein_sum"].round(6).tolist()
        if metric == "quadclass":
            quads = got[["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]]
            assert quads.astype(int).values.tolist() == expected[["q1", "q2", "q3", "q4"]].values.tolist()


def test_weeks_start_on_monday_and_a_range_cuts_days(store):
    fill(store)
    weeks = count_series(store, "root", "W", date_from="2016-11-21", date_to="2016-11-30")
    # 2016-11-27 (Sun) threaten is in the week of Monday 2016-11-21; 11-28 and 11-30 consult in the next one
    assert [(p.strftime("%Y-%m-%d"), r, n) for p, r, n in zip(weeks["period"], weeks["cameo_root"], weeks["events"])] \
        == [("2016-11-21", "13", 1), ("2016-11-28", "04", 2)]
    assert weeks.attrs["source"] == "events"
    months = count_series(store, "root", "M", date_from="2016-12", date_to="2016-12-31")
    assert months.attrs["source"] == "summaries"
    assert sorted(zip(months["cameo_root"], months["events"])) == [("01", 1), ("05", 1)]


@pytest.fixture(scope="module")
def kg(tmp_path_factory) -> str:
    return closed_store(tmp_path_factory.mktemp("series"))


def test_cli_writes_csv_to_stdout_or_a_file(kg, tmp_path):
    proc = run_cli("series", "--by", "country-dyad", "--freq", "M", "--metric", "goldstein", "--store", kg)
    assert proc.returncode == 0, proc.stderr
    df = pd.read_csv(io.StringIO(proc.stdout), dtype=str)
    assert list(df.columns) == ["period", "source", "source_label", "source_country", "target", "target_label",
                                "target_country", "events", "goldstein_sum", "goldstein_mean"]
    rus_usa = df[(df["source_country"] == "RUS") & (df["target_country"] == "USA")]
    assert rus_usa[["period", "events"]].values.tolist() == [["2016-11-01", "3"], ["2016-12-01", "1"]]
    assert "notice: 1 events with an actor of unknown country" in proc.stderr
    out = tmp_path / "s.csv"
    proc = run_cli("series", "--by", "actor", "--freq", "d", "-o", str(out), "--store", kg)
    assert proc.returncode == 0 and proc.stdout == "" and out.read_text().startswith("period,actor,actor_label,events")


@pytest.mark.parametrize("args, expected", [
    (["--by", "country"], "--by 'country' is not one of: dyad, actor, root, country-dyad"),
    (["--freq", "Y"], "--freq 'Y' is not one of: D, W, M"),
    (["--metric", "mean"], "--metric 'mean' is not one of: events, goldstein, quadclass"),
    (["--from", "2016-02-30"], "--from '2016-02-30' is not a date"),
])
def test_cli_mistakes_are_one_line_errors(kg, args, expected):
    proc = run_cli("series", *args, "--store", kg)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {expected}"), proc.stderr


def test_a_range_without_events_is_an_error_not_an_empty_answer(kg):
    proc = run_cli("series", "--by", "dyad", "--from", "2020", "--store", kg)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == f"error: no events to count by dyad per M dated from 2020 in {kg}"
    proc = run_cli("series", "--by", "dyad", "--freq", "D", "--from", "2017", "--store", kg)
    assert proc.returncode == 2 and "(1 events without a date to the day left out" in proc.stderr
    assert run_cli("series", "--by", "dyad", "--from", "2016-12", "--store", kg).returncode == 0


@pytest.mark.parametrize("freq", ["M", "D"])
def test_one_key_narrows_the_series_to_it(store, freq):
    fill(store)
    whole = count_series(store, "country-dyad", freq, "quadclass")
    pair = count_series(store, "country-dyad", freq, "quadclass", source="rus", target="Q30")
    expected = whole[(whole["source_country"] == "RUS") & (whole["target_country"] == "USA")].reset_index(drop=True)
    pd.testing.assert_frame_equal(pair, expected)
    assert pair["events"].sum() == (sum(RUS_USA_BY_MONTH.values()) if freq == "M" else 4)
    into_russia = count_series(store, "country-dyad", freq, target="RUS")
    assert set(into_russia["target_country"]) == {"RUS"}
    assert set(into_russia["source_label"]) == {"United States", "Mr X"}
    mr_x = into_russia[into_russia["source_label"] == "Mr X"].reset_index(drop=True)     # a key of no country
    pd.testing.assert_frame_equal(count_series(store, "country-dyad", freq, source=mr_x["source"][0],
                                               target="RUS"), mr_x)
    dyad = count_series(store, "dyad", freq, source="Putin", target="Q22686")
    assert dyad["events"].tolist() == [1] and dyad["source_label"].tolist() == ["Vladimir Putin"]
    actor = count_series(store, "actor", freq, actor="Q159")
    assert set(actor["actor_label"]) == {"Russia"} and actor["events"].sum() == 1     # the 2017 memo: no month
    root = count_series(store, "root", freq, root="4")
    assert set(root["cameo_root"]) == {"04"} and root["events"].sum() == 2
    roots = count_series(store, "root", freq, "quadclass")          # one root reads its codes only: same rows
    pd.testing.assert_frame_equal(count_series(store, "root", freq, "quadclass", root="04"),
                                  roots[roots["cameo_root"] == "04"].reset_index(drop=True))


@pytest.mark.parametrize("args, expected", [
    (["--by", "actor", "--source", "RUS"], "--source does not narrow --by actor; it takes --actor"),
    (["--by", "country-dyad", "--source", "XXX"], "'XXX' is no country code the store or gazetteer knows"),
    (["--by", "dyad", "--source", "Nobody At All"], "--source='Nobody At All': no actor"),
    (["--by", "root", "--root", "99"], "--root '99' is not a CAMEO root"),
])
def test_bad_keys_are_one_line_errors(kg, args, expected):
    proc = run_cli("series", *args, "--store", kg)
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and expected in lines[0], proc.stderr


@pytest.mark.parametrize("by, keys", [("country-dyad", {}), ("country-dyad", {"source": "RUS", "target": "USA"}),
                                      ("dyad", {"target": "Q7747"}), ("actor", {"actor": "Putin"}),
                                      ("root", {}), ("root", {"root": "03"})])
def test_month_summaries_answer_what_the_events_answer(store, by, keys):
    fill(store)
    for metric in ("events", "quadclass"):
        summaries = count_series(store, by, "M", metric, **keys)
        events = count_series(store, by, "M", metric, from_events=True, **keys)
        assert (summaries.attrs["source"], events.attrs["source"]) == ("summaries" if metric == "events" or
                                                                         by != "actor" else "events", "events")
        assert not events.empty
        pd.testing.assert_frame_equal(summaries, events)
        assert summaries.attrs["notices"] == events.attrs["notices"]


@pytest.mark.parametrize("freq", ["D", "W", "M"])
@pytest.mark.parametrize("by", SERIES_BY)
def test_the_rows_without_pandas_write_what_the_frame_writes(store, by, freq):
    """``diplokg series`` writes its CSV from plain rows (no pandas import): the same text as the frame's."""
    from diplokg.graph.rdf.series import series_table

    fill(store)
    for metric in SERIES_METRICS:
        table = series_table(store, by, freq, metric)
        df = count_series(store, by, freq, metric)
        assert table.to_csv() == df.to_csv(index=False, date_format="%Y-%m-%d", lineterminator="\n")
        assert (table.notices, table.source) == (df.attrs["notices"], df.attrs["source"])


@pytest.mark.parametrize("keys", [{}, {"source": "RUS"}, {"target": "RUS"}, {"source": "USA", "target": "RUS"}])
def test_country_dyads_read_by_subject_equal_the_grouped_query(tmp_path, monkeypatch, keys):
    """The embedded store reads country-dyad month nodes by subject; the query other stores run gives the
    same series."""
    from diplokg.graph.rdf import series
    from diplokg.graph.rdf.store import open_store

    store = open_store(tmp_path / "kg")
    fill(store)
    by_subject = count_series(store, "country-dyad", "M", "quadclass", **keys)
    assert len(by_subject) > 0
    monkeypatch.setattr(series, "_side_rows", lambda graph, keys: None)
    monkeypatch.setattr(series, "_pair_rows", lambda graph, k1, k2: graph.query(
        series.q.COUNTRY_DYAD_NODES.replace(series.q.SIDES_MARK, series._sides(graph, "country-dyad", {
            "source": k1, "target": k2}, ("k1", "k2")))).rows)
    pd.testing.assert_frame_equal(by_subject, count_series(store, "country-dyad", "M", "quadclass", **keys))
