"""Actor codes: country + sector from the gazetteer for known actors, from the words for the rest."""
from __future__ import annotations

import pytest

from diplokg.core.records import Actor
from diplokg.ontology import actor_codes
from diplokg.ontology.actor_codes import coded_actor, load_sectors, node_code, words_of
from diplokg.ontology.gazetteer import build_gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _by_name(gaz, name: str) -> Actor:
    found = [a for a in gaz.actors.values() if a.name == name]
    assert len(found) == 1, name
    return found[0]


def _words(text: str, lang: str, gaz, actor: Actor) -> str | None:
    return coded_actor(actor, gaz, words_of(text), lang).code


@pytest.mark.parametrize(("text", "lang", "name", "expected"), [
    ("syrische Rebellen", "de", "Syrian rebels", "SYRREB"),
    ("die syrischen Rebellen", "de", "Syrian rebels", "SYRREB"),
    ("Iraqi protesters", "en", "Iraqi protesters", "IRQCVL"),
    ("irakische Demonstranten", "de", "Iraqi protesters", "IRQCVL"),
    ("ukrainische Journalisten", "de", "Ukrainian journalists", "UKRMED"),
    ("Turkish police officers", "en", "Turkish police officers", "TURCOP"),
    ("prorussische Separatisten", "de", "pro-Russian separatists", "REB"),
])
def test_unknown_group_takes_country_and_sector_from_its_words(gaz, text, lang, name, expected):
    actor = Actor(f"local:group:{name}", name, "GROUP")
    assert _words(text, lang, gaz, actor) == expected
    assert coded_actor(actor, gaz).code == expected          # the English name alone tells the same


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("the Russian army", "en", "RUSMIL"),
    ("die russische Armee", "de", "RUSMIL"),
    ("russische Regierungstruppen", "de", "RUSMIL"),
    ("das russische Außenministerium", "de", "RUSGOV"),
    ("Moskau", "de", "RUSGOV"),
    ("the Russian secret service", "en", "RUSSPY"),
])
def test_a_country_item_named_by_an_institution_takes_the_sector_of_the_mention(gaz, text, lang, expected):
    russia = gaz.country_actor("RUS", as_government=True)
    assert _words(text, lang, gaz, russia) == expected
    assert node_code(coded_actor(russia, gaz, words_of(text), lang), gaz).code == "RUS"   # the node: the state


def test_a_country_is_its_country_alone(gaz):
    russia = gaz.country_actor("RUS")
    assert coded_actor(russia, gaz, ["Russland"], "de").code == "RUS"
    assert coded_actor(russia, gaz).sector is None


@pytest.mark.parametrize(("name", "code", "sector"), [
    ("Sergey Lavrov", "RUSGOV", "GOV"),                 # foreign minister: an office of Russia
    ("Vladimir Putin", "RUSGOV", "GOV"),
    ("António Guterres", "IGO", "IGO"),                # UN secretary-general acts for the UN, not Portugal
    ("Bundestag", "DEULEG", "LEG"),                     # a legislature (bodies.tsv)
    ("Federal Constitutional Court", "DEUJUD", "JUD"),  # a court
    ("Mossad", "ISRSPY", "SPY"),
    ("Christian Democratic Union of Germany", "DEUPTY", "PTY"),   # parties.tsv
    ("Bavaria", "DEUGOV", "GOV"),                       # a region's government
    ("United Nations", "IGO", "IGO"),
    ("NATO", "IGO", "IGO"),
    ("Hamas", "PSEREB", "REB"),                         # sectors.tsv organisation rows
    ("Amnesty International", "HRI", "HRI"),
    ("Islamic Revolutionary Guard Corps", "IRNMIL", "MIL"),
])
def test_known_actors_are_coded_from_the_gazetteer(gaz, name, code, sector):
    actor = coded_actor(_by_name(gaz, name), gaz, ["whatever", "words"], "en")
    assert (actor.code, actor.sector) == (code, sector)


def test_an_office_of_a_country_outside_the_core_kinds_is_read_from_its_title(gaz):
    table = load_sectors()
    assert table.word_sector(words_of("Chief of the General Staff"), None) == "MIL"
    assert table.word_sector(words_of("Speaker of the Parliament"), None) == "LEG"
    assert table.word_sector(words_of("Leader of the Belarusian democratic opposition"), None) == "OPP"
    assert table.word_sector(words_of("Oppositionsführer"), "de") == "OPP"       # compound start
    assert table.word_sector(words_of("Friedenstruppen"), "de") == "IGO"          # whole word before its end
    assert table.word_sector(words_of("Mayor of Kyiv"), None) == "GOV"
    assert table.word_sector(words_of("Rapid growth"), None) is None


def test_a_person_without_office_keeps_the_country_alone(gaz):
    person = next(a for a in gaz.actors.values() if a.type == "PERSON" and a.country == "DEU"
                  and not actor_codes._index(gaz).offices.get(a.key))
    assert coded_actor(person, gaz).code == "DEU"


def test_an_unknown_person_is_coded_from_the_title_words_before_the_name(gaz):
    hijab = Actor("local:ner:per:riad-hijab", "Riad Hijab", "PERSON")
    assert coded_actor(hijab, gaz, ["syrische", "Oppositionsführer", "Riad", "Hijab"], "de").code == "SYROPP"
    assert coded_actor(hijab, gaz, ["Riad", "Hijab"], "de").code is None


def test_code_property_and_json_keys():
    assert Actor("k", "n", "GROUP", country="SYR", sector="REB").code == "SYRREB"
    assert Actor("k", "n", "COUNTRY", country="RUS").code == "RUS"
    assert Actor("k", "n", "ORGANIZATION", sector="IGO").code == "IGO"
    assert Actor("k", "n", "GROUP", sector="REB").code == "REB"
    assert Actor("k", "n", "PERSON").code is None
    assert Actor("k", "n", "PERSON").as_gold() == {"name": "n", "qid": None, "type": "PERSON"}
    assert Actor("k", "n", "GROUP", country="SYR", sector="REB").as_gold() == {
        "name": "n", "qid": None, "type": "GROUP", "country": "SYR", "sector": "REB", "code": "SYRREB"}


def test_a_user_sector_file_adds_words_and_a_bad_one_is_named(tmp_path, monkeypatch, gaz):
    (tmp_path / "sectors.tsv").write_text("kind\tlang\tterms\tsector\tcountry\nword\ten\tbeekeepers\tAGR\n"
                                          "sector\ten\tagriculture\tAGR\n", encoding="utf-8")
    monkeypatch.setenv("DIPLOKG_GAZETTEER", str(tmp_path))
    build_gazetteer([tmp_path])                      # the gazetteer reads the same folder without complaint
    assert load_sectors().word_sector(["Greek", "beekeepers"], "en") == "AGR"
    (tmp_path / "sectors.tsv").write_text("kind\tlang\tterms\tsector\nword\ten\tsailors\tSEA\n", encoding="utf-8")
    actor_codes._sector_table.cache_clear()
    with pytest.raises(ValueError, match="sectors.tsv.*SEA"):
        load_sectors()
    (tmp_path / "sectors.tsv").write_text("kind\tlang\tterms\tsector\nphrase\ten\tsailors\tGOV\n",
                                          encoding="utf-8")
    actor_codes._sector_table.cache_clear()
    with pytest.raises(ValueError, match=r"sectors.tsv.*unknown kind 'phrase'"):
        load_sectors()
    actor_codes._sector_table.cache_clear()
