"""Where it happened: the places gazetteer, places named in a sentence, datelines, Event.location."""
from __future__ import annotations

import json

import pytest
import spacy

from diplokg.extractors.locations import find_dateline, locate_events, sentence_places
from diplokg.core.records import Actor, Article, Event, Place
from diplokg.ontology.places import build_places, load_places

PUTIN = Actor("Q7747", "Vladimir Putin", "PERSON", "Q7747", country="RUS")
TRUMP = Actor("Q22686", "Donald Trump", "PERSON", "Q22686", country="USA")
RUSSIA = Actor("Q159", "Russia", "COUNTRY", "Q159", country="RUS")
USA = Actor("Q30", "United States", "COUNTRY", "Q30", country="USA")
INDONESIA = Actor("Q252", "Indonesia", "GOVERNMENT", "Q252", country="IDN")


@pytest.fixture(scope="module")
def places():
    return load_places()


def event_of(text: str, sentence: str, source: Actor, target: Actor | None) -> Event:
    start = text.index(sentence)
    return Event("a", source, target, "meet", "040", sentence, start, start + len(sentence))


def located(lang: str, text: str, sentence: str, source: Actor, target: Actor | None, places, mentions=()):
    doc = spacy.blank(lang)(text)
    dateline = find_dateline(text, places)
    [event] = locate_events([event_of(text, sentence, source, target)], doc, lang, places, mentions,
                            dateline.country if dateline else None, dateline.end if dateline else 0)
    return event.location


class _Mention:
    """The slice of an actor mention that location needs: a token span and its actors."""

    def __init__(self, doc, word: str, actor: Actor):
        index = next(t.i for t in doc if t.text == word)
        self.start, self.end, self.actors = index, index + 1, (actor,)


def test_gazetteer_has_the_news_places_with_coordinates_and_both_languages(places):
    assert len(places.entries) >= 1000
    kinds = {e.place.kind for e in places.entries.values()}
    assert kinds == {"city", "region", "country"}
    for german, english in [("Moskau", "Moscow"), ("Kiew", "Kyiv"), ("Peking", "Beijing"), ("Wien", "Vienna")]:
        assert places.lookup(german) == places.lookup(english) is not None
    assert places.lookup("Kiev").key == "kyiv-ukr"
    moscow = places.lookup("Moskau")
    assert (moscow.qid, moscow.country, moscow.kind) == ("Q649", "RUS", "city")
    assert 55 < moscow.lat < 56.5 and 37 < moscow.lon < 38
    assert places.german_name(moscow.key) == "Moskau"
    # no QID is invented: a place without one in the sources has none, and is keyed by a slug
    raqqa = places.lookup("Raqqa")
    assert raqqa.qid is None and raqqa.key == "ar-raqqah-syr"
    assert places.country("RUS").qid == "Q159"
    assert all(-90 <= e.place.lat <= 90 and -180 <= e.place.lon <= 180 for e in places.entries.values())


def test_one_name_for_several_places_prefers_the_country_then_the_bigger_city(places):
    assert places.lookup("Georgia").kind == "country"
    assert places.lookup("Tripolis").country == "LBY"        # not the smaller Tripoli in Lebanon
    assert places.lookup("moskau") is None                   # place names are matched as written
    assert places.lookup("MOSKAU").key == "moscow-rus"       # ... except an all-capitals dateline


def test_user_places_file_adds_and_replaces_rows(tmp_path):
    (tmp_path / "places.tsv").write_text(
        "key\tqid\tkind\tcountry\tlat\tlon\tpopulation\tlabel_en\tlabel_de\taliases\n"
        "marea-syr\t\tcity\tSYR\t36.47\t37.19\t\tMarea\tMarea\tMare'\n", encoding="utf-8")
    gaz = build_places([tmp_path])
    assert gaz.lookup("Marea").lat == 36.47 and gaz.lookup("Moskau") is not None
    (tmp_path / "places.tsv").write_text(
        "key\tqid\tkind\tcountry\tlat\tlon\tpopulation\tlabel_en\tlabel_de\taliases\n"
        "bad\t\tplanet\tSYR\t1\t2\t\tX\tX\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind 'planet'"):
        build_places([tmp_path])


def test_meeting_place_not_the_actors(places):
    text = "Putin traf Trump in Helsinki."
    assert located("de", text, text, PUTIN, TRUMP, places).name == "Helsinki"
    text = "Putin met Trump in Helsinki on Monday."
    place = located("en", text, text, PUTIN, TRUMP, places)
    assert (place.name, place.country, place.source) == ("Helsinki", "FIN", "sentence")


def test_locative_place_wins_even_when_it_names_an_actor(places):
    text = "Die indonesische Polizei hat in Jakarta mehrere Demonstranten festgenommen."
    doc = spacy.blank("de")(text)
    mention = _Mention(doc, "Jakarta", INDONESIA)            # the linker reads the capital as Indonesia
    assert located("de", text, text, INDONESIA, None, places, [mention]).name == "Jakarta"


def test_actor_named_by_its_capital_is_no_location(places):
    text = "Moskau kritisierte Washington scharf."
    doc = spacy.blank("de")(text)
    mentions = [_Mention(doc, "Moskau", RUSSIA), _Mention(doc, "Washington", USA)]
    assert located("de", text, text, RUSSIA, USA, places, mentions) is None
    # the same words with no actor reading are places: presence on the same input
    assert [m.place.name for m in sentence_places(doc[:], places, "de")] == ["Moscow", "Washington"]


def test_topic_and_origin_are_not_where_it_happened(places):
    text = "Merkel sprach mit Putin über Syrien und erhielt Berichte aus Aleppo in Berlin."
    assert located("de", text, text, PUTIN, TRUMP, places).name == "Berlin"
    text = "Merkel sprach mit Putin über Syrien."
    assert located("de", text, text, PUTIN, TRUMP, places) is None
    text = "Merkel sprach mit Putin in Syrien."
    assert located("de", text, text, PUTIN, TRUMP, places).kind == "country"


def test_place_after_words_between_preposition_and_name(places):
    text = "Die Chemikalie sei bei Gefechten in der nördlichen Provinz Aleppo verwendet worden."
    assert located("de", text, text, RUSSIA, None, places).name == "Aleppo"
    text = "Fighting continued north of Aleppo, the Russian ministry said."
    assert located("en", text, text, RUSSIA, None, places).name == "Aleppo"


def test_dateline_country_when_the_sentence_names_no_place(places):
    text = "MOSKAU (dpa) - Putin kritisierte Obama scharf."
    place = located("de", text, "Putin kritisierte Obama scharf.", PUTIN, TRUMP, places)
    assert (place.name, place.kind, place.source) == ("Russia", "country", "dateline")
    # the dateline's own words are no sentence place, even inside the first sentence
    place = located("de", text, text, PUTIN, TRUMP, places)
    assert place.source == "dateline"
    text = "WASHINGTON, Jan 5 (Reuters) - Trump criticized Iran."
    assert located("en", text, text, TRUMP, None, places).name == "United States"
    text = "Waffenruhe gescheitert. Jerusalem/Ramallah – Netanyahu traf Abbas."
    assert find_dateline(text, places).place.name == "Jerusalem"
    text = "Sydney, Australia (Wikinews) — Police arrested two men."
    assert find_dateline(text, places).country.name == "Australia"


def test_no_place_no_dateline_no_location(places):
    text = "Putin kritisierte Obama scharf. Berlin ist schön."
    assert located("de", text, "Putin kritisierte Obama scharf.", PUTIN, TRUMP, places) is None
    assert find_dateline("Obama: \"Sieg für Sicherheit\" – Republikaner kündigen an.", places) is None
    assert find_dateline("Berlin – Die Polizei bestätigte am Freitag.", places).place.name == "Berlin"


def test_organisation_named_after_a_place_is_no_place(places):
    doc = spacy.blank("en")("The Washington Post reported it in Paris.")
    from spacy.tokens import Span

    doc.ents = [Span(doc, 1, 3, label="ORG"), Span(doc, 6, 7, label="GPE")]
    found = sentence_places(doc[:], places, "en")
    assert [(m.place.name, m.ner, m.locative) for m in found] == [("Paris", True, True)]


def test_event_json_carries_the_location():
    place = Place("helsinki-fin", "Helsinki", "Q1757", 60.1695, 24.9354, "FIN", "city", "sentence")
    event = Event("a", PUTIN, TRUMP, "meet", "040", "s", 0, 1, location=place)
    from diplokg.ontology.scheme import cameo_info

    data = json.loads(json.dumps(event.to_json(cameo_info)))
    assert data["location"] == {"name": "Helsinki", "qid": "Q1757", "lat": 60.1695, "lon": 24.9354,
                                "country": "FIN", "source": "sentence"}
    assert Event("a", PUTIN, TRUMP, "meet", "040", "s", 0, 1).to_json(cameo_info)["location"] is None


def test_pipeline_locates_events(de_extractor):
    text = "Putin traf Trump am Montag in Helsinki."
    events = de_extractor.extract(Article("t", text, lang="de", date="2018-07-16")).events
    assert events and all(e.location is not None and e.location.name == "Helsinki" for e in events)
    text = "MOSKAU (dpa) - Putin kritisierte Obama am Montag scharf."
    events = de_extractor.extract(Article("t2", text, lang="de", date="2016-11-14")).events
    assert events and {(e.location.name, e.location.source) for e in events} == {("Russia", "dateline")}


def test_every_place_qid_comes_from_a_source_table():
    """No QID is guessed: each one in places.tsv is in the capitals table (with its provenance) or is the
    QID of a country or region of the actor gazetteer."""
    from pathlib import Path

    from diplokg.ontology.tables import DATA_DIR, read_tsv

    root = Path(__file__).resolve().parents[1]
    sourced = {r["qid"] for r in read_tsv(root / "tools" / "places" / "capital_qids.tsv")}
    for name in ("countries.tsv", "regions.tsv"):
        sourced |= {r["qid"] for r in read_tsv(DATA_DIR / "gazetteer" / name) if r.get("qid")}
    header = (DATA_DIR / "gazetteer" / "places.tsv").read_text(encoding="utf-8")[:3000]
    assert "CC BY 4.0" in header and "GeoNames" in header
    rows = list(read_tsv(DATA_DIR / "gazetteer" / "places.tsv"))
    with_qid = [r for r in rows if r["qid"]]
    assert with_qid and all(r["qid"] in sourced for r in with_qid)
    assert sum(1 for r in rows if not r["qid"]) > 1000


def test_coordinated_places_share_the_preposition_and_a_genitive_has_its_own(places):
    text = "Türkische Kampfjets griffen Stellungen in der Türkei und im Nordirak und in Ankara an."
    found = {m.place.name: m.locative for m in sentence_places(spacy.blank("de")(text)[:], places, "de")}
    assert found == {"Turkey": True, "Ankara": True}
    text = "Die Beziehungen zwischen Moskau und Washington kühlen ab."
    found = {m.place.name: (m.locative, m.other_prep) for m in sentence_places(spacy.blank("de")(text)[:], places, "de")}
    assert found == {"Moscow": (False, True), "Washington": (False, True)}
    text = "Die Regierung in Kiew forderte die Aufnahme der Ukraine in die Nato."
    assert located("de", text, text, RUSSIA, None, places).name == "Kyiv"
    found = {m.place.name: m.locative for m in sentence_places(spacy.blank("de")(text)[:], places, "de")}
    assert found == {"Kyiv": True, "Ukraine": False}


def test_a_place_word_read_as_any_actor_is_no_location(places):
    text = "Während die EU verlängert, sind sich Brüssel und Moskau einig."
    doc = spacy.blank("de")(text)
    mentions = [_Mention(doc, "Brüssel", Actor("Q458", "European Union", "ORGANIZATION", "Q458")),
                _Mention(doc, "Moskau", RUSSIA)]
    assert located("de", text, text, USA, None, places, mentions) is None
    assert located("de", text, text, USA, None, places).name == "Brussels"     # read as places without them
