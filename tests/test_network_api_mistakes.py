"""Mistakes an audit of the Python network-analysis API found: month-dated events left out of periods
ending on a short month's last day, period aliases silently giving empty tables, malformed dates compared
as text, ``level=`` ignored by ``events_frame``, a one-string period, command-line flags in a Python
error. Each now gives the right rows or one clear error. Rows are made up with ``example_row``.
"""
from __future__ import annotations

import datetime

import pytest
import rdflib
from diplokg.graph.network import analysis as an
from diplokg.graph.network.build import date_bounds, filter_events, iso_date
from diplokg.graph.network.build import example_row as row

WD = "http://www.wikidata.org/entity/"
PUTIN = {"iri": WD + "Q7747", "label": "Vladimir Putin", "type": "PERSON", "country_iri": WD + "Q159",
         "country": "Russia", "sector": "GOV"}
LAVROV = {"iri": WD + "Q58079", "label": "Sergey Lavrov", "type": "PERSON", "country_iri": WD + "Q159",
          "country": "Russia", "sector": "GOV"}
BIDEN = {"iri": WD + "Q6279", "label": "Joe Biden", "type": "PERSON", "country_iri": WD + "Q30",
         "country": "United States", "sector": "GOV"}


def rows() -> list[dict]:
    """Four A-B events: three dated to the month (February, April, June), one to the day."""
    return [row("A", "B", "praise", "051", 3.4, "2020-02"), row("A", "B", "consult", "040", 1.0, "2020-04"),
            row("A", "B", "threaten", "130", -4.4, "2020-06-05"),
            row("B", "A", "criticize", "111", -2.0, "2020-06")]


# --------------------------------------------------------------------------- 1: month ends
def test_month_dated_events_count_in_a_period_ending_on_the_months_last_day():
    df = an.changed_dyads(rows(), ("2020-01-01", "2020-04-30"), ("2020-05-01", "2020-06-30"))
    assert df[["events_1", "events_2"]].values.tolist() == [[2, 2]]
    assert round(df["delta_goldstein"][0], 2) == -5.4


def test_month_bounds_are_the_real_last_day_with_leap_years():
    assert date_bounds("2020-02") == ("2020-02-01", "2020-02-29")
    assert date_bounds("2021-02")[1] == "2021-02-28" and date_bounds("2020-04")[1] == "2020-04-30"
    leap = [row("A", "B", "consult", "040", 1.0, "2020-02")]
    assert len(filter_events(leap, date_from="2020-02-29")) == 1
    assert len(filter_events(leap, date_from="2020-03-01")) == 0


def test_actor_graph_and_changed_dyads_agree_on_a_periods_events():
    G = an.actor_graph(rows(), date_from="2020-01-01", date_to="2020-04-30")
    df = an.changed_dyads(rows(), ("2020-01-01", "2020-04-30"), ("2020-05-01", "2020-06-30"), by="events")
    assert G.edges["local:A", "local:B"]["count"] == df["events_1"][0] == 2


# --------------------------------------------------------------------------- 2: period aliases
@pytest.mark.parametrize("freq, alias", [("ME", "M"), ("MS", "M"), ("QE", "Q"), ("QS", "Q"), ("YE", "Y"),
                                         ("YS", "Y"), ("A", "Y"), ("m", "M")])
def test_dyad_balance_takes_pandas_current_aliases(freq, alias):
    got = an.dyad_balance(rows(), freq=freq)
    assert not got.empty and got.equals(an.dyad_balance(rows(), freq=alias))


@pytest.mark.parametrize("freq", ["X", "H", "min", ""])
def test_dyad_balance_refuses_an_unknown_freq(freq):
    with pytest.raises(ValueError, match=r"freq=.* is not one of: D, W, M, Q, Y"):
        an.dyad_balance(rows(), freq=freq)
    with pytest.raises(ValueError, match="is not one of"):
        an.dyad_balance([], freq=freq)


# --------------------------------------------------------------------------- 3: malformed dates
@pytest.mark.parametrize("bad", ["2020-6-1", "June 2020", "01.06.2020", "2020-13-01", "2021-02-29",
                                 "20200601"])
def test_malformed_dates_in_filters_are_one_line_errors(bad):
    for call in (lambda: filter_events(rows(), date_from=bad), lambda: an.actor_graph(rows(), date_to=bad),
                 lambda: an.events_frame(rows(), date_from=bad),
                 lambda: an.changed_dyads(rows(), (bad, None), ("2020", None))):
        with pytest.raises(ValueError, match=r"is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") as err:
            call()
        assert "\n" not in str(err.value) and repr(bad) in str(err.value)


def test_to_html_refuses_a_malformed_date():
    from diplokg.graph.network.render import to_html

    with pytest.raises(ValueError, match="date_from='2020-13-01' is not a date"):
        to_html(rows(), date_from="2020-13-01")


def test_dates_and_datetimes_are_accepted_as_dates():
    assert iso_date(datetime.date(2020, 6, 1)) == "2020-06-01"
    assert iso_date(datetime.datetime(2020, 6, 1, 12, 30)) == "2020-06-01"
    assert len(filter_events(rows(), date_from=datetime.date(2020, 6, 1))) == 2
    assert len(filter_events(rows(), date_from="2020-06")) == 2 and iso_date("  ") is None


def test_event_rows_refuses_a_malformed_date(tmp_path):
    from diplokg.graph.rdf.query import event_rows
    from diplokg.graph.rdf.store import open_store
    from handmade_events import fill

    store = open_store(tmp_path / "kg")
    fill(store)
    assert len(event_rows(store, date_from="2016-12")) == 3
    with pytest.raises(ValueError, match="'01.01.2022' is not a date"):
        event_rows(store, date_from="01.01.2022")


# --------------------------------------------------------------------------- 4: events_frame level
def test_events_frame_applies_level_to_rows():
    level_rows = [row("A", "B", "consult", "040", 1.0, "2020-01-02", source=PUTIN, target=BIDEN),
                  row("A", "B", "meet", "043", 2.8, "2020-01-03", source=LAVROV, target=BIDEN)]
    df = an.events_frame(level_rows, level="country")
    assert df["source_label"].tolist() == ["Russia", "Russia"]
    assert df["target_label"].tolist() == ["United States", "United States"]
    assert df.attrs["level"] == "country"
    assert an.events_frame(level_rows)["source_label"].tolist() == ["Vladimir Putin", "Sergey Lavrov"]
    with pytest.raises(ValueError, match="unknown level 'town'"):
        an.events_frame(level_rows, level="town")


def test_events_frame_filters_rows_by_date_and_refuses_unknown_keywords():
    assert an.events_frame(rows(), date_from="2020-06")["date_text"].tolist() == ["2020-06-05", "2020-06"]
    assert len(an.events_frame(rows(), date_to="2020-04-30")) == 2
    with pytest.raises(TypeError, match="date_frm"):
        an.events_frame(rows(), date_frm="2020")


# --------------------------------------------------------------------------- 5: one-string period
def test_changed_dyads_takes_one_date_as_the_whole_period():
    df = an.changed_dyads(rows(), "2020-04", "2020-06")
    assert df[["events_1", "events_2"]].values.tolist() == [[1, 2]]
    by_year = an.changed_dyads(rows(), "2019", "2020", by="events")
    assert by_year[["events_1", "events_2"]].values.tolist() == [[0, 4]]


@pytest.mark.parametrize("period", [("2020",), ("2020", "2020-06", "2021"), 2020, None])
def test_changed_dyads_refuses_a_period_that_is_not_from_to(period):
    with pytest.raises(ValueError, match=r"period1 must be \(from, to\) or one date"):
        an.changed_dyads(rows(), period, "2021")


# --------------------------------------------------------------------------- 6: Python wording
def test_count_series_names_the_parameter_not_the_flag():
    for kwargs, expected in (({"by": "dyads"}, "by='dyads' is not one of: dyad, actor"),
                             ({"freq": "Q"}, "freq='Q' is not one of: D, W, M"),
                             ({"metric": "mean"}, "metric='mean' is not one of: events")):
        with pytest.raises(ValueError) as err:
            an.count_series(rdflib.Graph(), **kwargs)
        assert str(err.value).startswith(expected) and "--" not in str(err.value)


def test_the_command_line_keeps_its_flag_wording():
    from diplokg.graph.rdf.series import check_options

    with pytest.raises(ValueError, match="^--by 'dyads' is not one of"):
        check_options("dyads", "M", "events")



def test_graph_files_hold_labels_with_control_characters_and_never_stay_half_written(tmp_path):
    """Labels from a loaded file may hold characters XML cannot: the files still parse, with U+FFFD."""
    import xml.dom.minidom

    from diplokg.graph.network.render import write_graph_file

    odd = [row("Joe\x01Biden\x0b", "B", "praise", "051", 3.4, "2020-02")]
    for suffix in ("gexf", "graphml"):
        path = write_graph_file(odd, tmp_path / f"net.{suffix}")
        text = xml.dom.minidom.parse(str(path)).toxml()
        assert "Joe\ufffdBiden\ufffd" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.gexf", "net.graphml"]      # no .part left


def test_a_graph_file_takes_its_format_from_the_suffix_or_refuses_another(tmp_path):
    from diplokg.graph.network.render import write_graph_file

    with pytest.raises(ValueError, match="txt"):
        write_graph_file(rows(), tmp_path / "net.txt")
    assert not (tmp_path / "net.txt").exists()
    assert write_graph_file(rows(), tmp_path / "net.xml", format="graphml").read_text().count("<graphml") == 1


def test_to_html_refuses_an_actor_that_names_nobody():
    from diplokg.graph.network.render import to_html

    with pytest.raises(ValueError, match="'Nobody' names no actor"):
        to_html(rows(), actor="Nobody")
    assert "A" in to_html(rows(), actor="A")                     # the same rows with a known actor render
