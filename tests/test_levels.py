"""Country and sector level: persons and agencies rolled up to their country, unknown ones kept and counted."""
from __future__ import annotations

import pytest

from diplokg.graph.network.levels import LEVELS, check_level, roll_up
from diplokg.graph.network.build import example_row as row

WD = "http://www.wikidata.org/entity/"
RUSSIA = {"iri": WD + "Q159", "label": "Russia", "type": "COUNTRY", "qid": "Q159", "code": "RUS"}
USA = {"iri": WD + "Q30", "label": "United States", "type": "COUNTRY", "qid": "Q30", "code": "USA"}
PUTIN = {"iri": WD + "Q7747", "label": "Vladimir Putin", "type": "PERSON", "country_iri": WD + "Q159",
         "country": "Russia", "sector": "GOV", "code": "RUSGOV"}
LAVROV = {"iri": "local:lavrov", "label": "Sergey Lavrov", "type": "PERSON", "country_iri": WD + "Q159",
          "country": "Russia", "sector": "GOV", "code": "RUSGOV"}
SHOIGU_ARMY = {"iri": "local:army", "label": "Russian army", "type": "GROUP", "country_iri": WD + "Q159",
               "sector": "MIL", "code": "RUSMIL"}
TRUMP = {"iri": WD + "Q22686", "label": "Donald Trump", "type": "PERSON", "country_iri": WD + "Q30",
         "country": "United States", "sector": "GOV", "code": "USAGOV"}
# a country no event names: its label comes from the gazetteer
MACRON = {"iri": WD + "Q3052772", "label": "Emmanuel Macron", "type": "PERSON", "country_iri": WD + "Q142",
          "sector": "GOV", "code": "FRAGOV"}
DOE = {"iri": "local:doe", "label": "Jane Doe", "type": "PERSON"}


def _rows():
    return [row("", "", "consult", "040", 1.0, "2020-01-02", source=PUTIN, target=TRUMP),
            row("", "", "criticize", "111", -2.0, "2020-01-03", source=LAVROV, target=USA),
            row("", "", "threaten", "130", -6.0, "2020-01-04", source=SHOIGU_ARMY, target=DOE),
            row("", "", "praise", "051", 3.4, "2020-01-05", source=RUSSIA, target=MACRON),
            row("", "", "make statement", "010", 0.0, "2020-01-06", source=DOE, target=None)]


def test_country_level_makes_country_dyads_and_keeps_unknown_persons():
    out = roll_up(_rows(), "country")
    pairs = [(r["source"]["label"], r["target"]["label"] if r["target"] else None) for r in out.rows]
    assert pairs == [("Russia", "United States"), ("Russia", "United States"), ("Russia", "Jane Doe"),
                     ("Russia", "France"), ("Jane Doe", None)]
    assert out.rows[3]["target"]["iri"] == WD + "Q142" and out.rows[3]["target"]["type"] == "COUNTRY"
    assert [a["label"] for a in out.kept] == ["Jane Doe"] and out.kept_persons == 1
    assert out.notice() == "1 actor without a known country kept as it is at country level (1 person)"
    assert _rows()[0]["source"] is PUTIN and PUTIN["label"] == "Vladimir Putin"      # the input is unchanged


def test_sector_level_groups_by_country_and_sector():
    out = roll_up(_rows(), "sector")
    sources = [r["source"]["code"] for r in out.rows[:4]]
    assert sources == ["RUSGOV", "RUSGOV", "RUSMIL", "RUS"]
    assert out.rows[0]["target"]["label"] == "United States · GOV"
    assert out.rows[0]["source"]["iri"] == out.rows[1]["source"]["iri"]            # Putin and Lavrov: one node
    assert out.rows[2]["source"]["iri"] != out.rows[0]["source"]["iri"]            # the army is another sector


def test_actor_level_is_the_rows_as_they_are_and_a_bad_level_is_named():
    out = roll_up(_rows(), "actor")
    assert [r["source"]["label"] for r in out.rows][:2] == ["Vladimir Putin", "Sergey Lavrov"]
    assert out.kept == [] and out.notice() is None
    assert LEVELS == ("actor", "country", "sector")
    with pytest.raises(ValueError, match="unknown level 'region'.*actor, country, sector"):
        check_level("region")
