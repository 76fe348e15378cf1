"""Actor codes go through the pipeline's JSON, the RDF (dkg:actorCode, dkg:sector, dkg:country) and the
SHACL shapes, on both stores."""
from __future__ import annotations

import pyshacl
import pytest
import rdflib

from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import map_article
from diplokg.ontology import scheme
from diplokg.ontology.scheme import cameo_info

LAVROV = Actor("local:sergey-lavrov", "Sergey Lavrov", "PERSON", None, "Sergej Lawrow", "RUS", "GOV")
REBELS = Actor("local:group:syrian-rebels", "Syrian rebels", "GROUP", None, None, "SYR", "REB")
RUSSIA_ARMY = Actor("Q159", "Russia", "GOVERNMENT", "Q159", "Russland", "RUS", "MIL")   # "die russische Armee"
UN = Actor("Q1065", "United Nations", "ORGANIZATION", "Q1065", "Vereinte Nationen")    # no sector on the record
STRANGER = Actor("local:ner:per:jane-roe", "Jane Roe", "PERSON")


def _event(aid: str, source: Actor, target: Actor | None, cameo: str, text: str) -> Event:
    return Event(aid, source, target, "criticize", cameo, text, 0, len(text), "2019-05-02", confidence=0.8)


def _write(store) -> None:
    text = "Die syrischen Rebellen griffen die russische Armee an; Lawrow kritisierte die UN und Jane Roe."
    art = Article("codes-1", text, lang="de", date="2019-05-02", title="t", url="https://example.org/c")
    events = [_event("codes-1", REBELS, RUSSIA_ARMY, "190", text), _event("codes-1", LAVROV, UN, "111", text),
              _event("codes-1", LAVROV, STRANGER, "111", text)]
    store.write_articles([map_article(art, events, {"de": "test"})])


def _codes(store) -> dict[str, tuple]:
    rows = store.query("SELECT ?a ?code ?sector ?country WHERE { ?a a sem:Actor . OPTIONAL { ?a dkg:actorCode ?code } "
                       "OPTIONAL { ?a dkg:sector ?sector } OPTIONAL { ?a dkg:country ?country } }").rows
    return {r["a"].rsplit("/", 1)[-1]: (r.get("code"), r.get("sector"), r.get("country")) for r in rows}


def test_codes_sectors_and_countries_are_stored(store):
    _write(store)
    codes = _codes(store)
    assert codes["Q159"] == ("RUS", None, None)                  # the country node: the state, not its army
    assert codes["local-sergey-lavrov"] == ("RUSGOV", "GOV", "http://www.wikidata.org/entity/Q159")
    assert codes["local-group-syrian-rebels"] == ("SYRREB", "REB", "http://www.wikidata.org/entity/Q858")
    assert codes["Q1065"] == ("IGO", "IGO", None)               # derived from the gazetteer at mapping time
    assert codes["local-ner-per-jane-roe"] == (None, None, None)       # nothing known: no code, no guess
    n = store.query("SELECT (COUNT(?a) AS ?n) WHERE { ?a dkg:sector \"GOV\" }").rows[0]["n"]
    assert n == 1


def test_the_stored_codes_conform_to_the_shapes_and_bad_codes_do_not(store):
    _write(store)
    data = rdflib.Graph().parse(data=store.export("turtle").decode("utf-8"), format="turtle")
    shapes = scheme.shapes_graph(copy=False)
    conforms, _, text = pyshacl.validate(data + scheme.scheme_graph(copy=False), shacl_graph=shapes)
    assert conforms, text
    dkg = rdflib.Namespace("https://w3id.org/diplokg/ontology#")
    lavrov = rdflib.URIRef("https://w3id.org/diplokg/resource/actor/local-sergey-lavrov")
    data.set((lavrov, dkg.actorCode, rdflib.Literal("Russia-GOV")))
    data.add((lavrov, dkg.sector, rdflib.Literal("MIL")))
    conforms, report, _ = pyshacl.validate(data + scheme.scheme_graph(copy=False), shacl_graph=shapes)
    assert not conforms
    paths = {report.value(r, rdflib.SH.resultPath) for r in report.subjects(rdflib.RDF.type, rdflib.SH.ValidationResult)
             if report.value(r, rdflib.SH.focusNode) == lavrov}
    assert {dkg.actorCode, dkg.sector} <= paths


def test_event_json_carries_country_sector_and_code():
    text = "x"
    data = _event("a", RUSSIA_ARMY, STRANGER, "190", text).to_json(cameo_info)
    assert data["source"] == {"name": "Russia", "qid": "Q159", "type": "GOVERNMENT", "country": "RUS",
                              "sector": "MIL", "code": "RUSMIL"}
    assert data["target"] == {"name": "Jane Roe", "qid": None, "type": "PERSON"}


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("de", "Die syrischen Rebellen haben am Montag die russische Armee angegriffen.", {"SYRREB", "RUSMIL"}),
    ("de", "Der russische Außenminister kritisierte am Montag die Nato.", {"RUSGOV", "IGO"}),
    ("en", "Iraqi protesters condemned the Iranian government on Monday.", {"IRQCVL", "IRNGOV"}),
    ("en", "Turkish police officers detained German journalists in Ankara.", {"TURCOP", "DEUMED"}),
])
def test_pipeline_codes_the_mentions_of_made_up_sentences(request, lang, text, expected):
    from diplokg.config import Config
    from diplokg.pipeline import Extractor

    extractor = Extractor(Config(models={lang: request.getfixturevalue(f"{lang}_model")}))
    article = Article(f"made-up-{lang}", text, lang=lang, date="2019-11-04")
    tools = extractor.tools(lang)
    readings = list(extractor.readings(tools, article, tools.nlp(text)))
    found = {actor.code for reading in readings for m in reading.mentions for actor in m.actors}
    assert expected <= found
    result = extractor.extract(article)                      # the events carry the same coded actors
    in_json = {actor.get("code") for ev in result.events for actor in (ev.to_json(cameo_info)["source"],
                                                                        ev.to_json(cameo_info)["target"]) if actor}
    assert in_json and in_json <= found


def test_an_unknown_persons_code_comes_from_the_words_around_the_name_then_the_articles_country(en_model):
    from diplokg.config import Config
    from diplokg.pipeline import Extractor

    text = ("Prime Minister Igor Matovič of the Slovak Republic met Emmanuel Macron in Paris on Friday. "
            "France wants a deal, the French government said. Senator Mike Lee of Utah criticised France. "
            "Jane Roe attended. Macron thanked Matovič.")
    extractor = Extractor(Config(models={"en": en_model}))
    tools = extractor.tools("en")
    doc = tools.nlp(text)
    readings = extractor.readings(tools, Article("ctx", text, lang="en", date="2020-10-02"), doc)
    codes = {doc[m.start:m.end].text: m.actors[0].code for r in readings for m in r.mentions}
    assert codes["Igor Matovič"] == "SVKGOV"        # title before, origin after the name
    assert codes["Matovič"] == "SVKGOV"             # a later mention of the name: the same code
    assert codes["Mike Lee"] == "USALEG"            # the title's sector, the region's country (Utah)
    assert codes["Jane Roe"] == "FRA"               # nothing around the name: the article's country
    assert codes["Emmanuel Macron"] == "FRAGOV"     # the gazetteer's person
