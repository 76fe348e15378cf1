"""Mention recall: national bodies and parties named by common nouns, later surname mentions, group nouns.

Made-up sentences only (no dev or train text). Each absence is checked next to a presence on the same input.
"""
from __future__ import annotations

import pytest

from diplokg.config import Config
from diplokg.ontology.gazetteer import load_gazetteer
from diplokg.pipeline import Extractor


def _linked(text: str, lang: str, model: str, date: str = "2019-05-02") -> list[tuple[str, str, str]]:
    """(mention text, actor name, actor type) of every mention the linker finds in ``text``."""
    ex = Extractor(Config(models={"de": "rules", "en": "rules", lang: model}))
    tools = ex.tools(lang)
    doc = tools.nlp(text)
    return [(doc[m.start:m.end].text, m.actors[0].name, m.actors[0].type) for m in tools.linker.link(doc, date)]


def _names(linked) -> set[str]:
    return {name for _, name, _ in linked}


# -- gazetteer rows -------------------------------------------------------------------------------

def test_gazetteer_loads_bodies_parties_regions_and_group_nouns():
    gaz = load_gazetteer()
    house = gaz.actors["Q11701"]
    assert (house.name, house.type, house.country) == ("United States House of Representatives", "GOVERNMENT", "USA")
    assert ("AUT", "local:org:at_ovp") in gaz.generic_terms["volkspartei"]
    assert ("CHE", "local:org:ch_svp") in gaz.generic_terms["volkspartei"]
    assert gaz.actors["Q99"].name == "California"
    assert gaz.group_nouns[("de", "demonstranten")] == ("protesters", "placed")
    assert gaz.group_modifiers[("de", "prorussische")] == "pro-Russian"


def test_party_acronyms_and_unambiguous_bodies_link_by_name():
    linked = _linked("Die FPÖ und die ÖVP stimmten im Bundestag nicht ab, sagte die Werchowna Rada.", "de", "rules")
    assert {"Freedom Party of Austria", "Austrian People's Party", "Bundestag", "Verkhovna Rada"} <= _names(linked)


# -- generic body nouns (extractors/bodies.py) ----------------------------------------------------

def test_senate_resolves_to_the_body_of_the_adjacent_country(en_model):
    linked = _linked("The Romanian Senate rejected the budget that the French Senate had praised.", "en", en_model)
    assert {"Senate of Romania", "Senate (France)"} <= _names(linked)
    assert "Romania" not in _names(linked)                 # the adjective only says whose senate


def test_congress_resolves_by_the_article_country(en_model):
    text = ("The United States and Canada talked trade. President Donald Trump met Justin Trudeau in Washington. "
            "The United States wants a deal soon. Congress criticized the plan.")
    linked = _linked(text, "en", en_model)
    assert ("Congress", "United States Congress", "GOVERNMENT") in linked
    # no country stands out: the noun stays unresolved
    linked = _linked("Canada and Mexico talked trade. Congress criticized the plan.", "en", en_model)
    assert "United States Congress" not in _names(linked) and "Canada" in _names(linked)


def test_german_compound_and_party_nouns(de_model):
    linked = _linked("Der US-Senat lehnte das Gesetz ab. In Österreich kritisierten die Grünen die Regierung "
                     "in Wien, Österreich solle handeln.", "de", de_model)
    assert "United States Senate" in _names(linked)
    assert "The Greens – The Green Alternative" in _names(linked)


def test_inflected_german_demonyms_name_their_country(de_model):
    linked = _linked("Der Minister sprach mit Ukrainern, Amerikanerinnen und den Syrern. Schweden schwieg.", "de", de_model)
    found = {(text, name) for text, name, _ in linked}
    assert {("Ukrainern", "Ukraine"), ("Amerikanerinnen", "United States"), ("Syrern", "Syria")} <= found
    assert ("Schweden", "Sweden") in found          # the country's own name is not read as "the Swedes"
    kinds = {text: kind for text, kind in _kinds("Schweden schwieg, die Schweden auch.", "de", de_model)}
    assert kinds["Schweden"] == "name"


def _kinds(text: str, lang: str, model: str) -> list[tuple[str, str]]:
    ex = Extractor(Config(models={"de": "rules", "en": "rules", lang: model}))
    tools = ex.tools(lang)
    doc = tools.nlp(text)
    return [(doc[m.start:m.end].text, m.kind) for m in tools.linker.link(doc, "2019-05-02")]


def test_political_opposition_of_the_article_country(de_model, en_model):
    text = ("Griechenland streitet über den Haushalt. Regierungschef Alexis Tsipras will sparen. Die Hamas wurde "
            "nicht erwähnt. Die Opposition warf Tsipras Betrug vor, die Oppositionsparteien fordern Neuwahlen.")
    found = {(t, name) for t, name, _ in _linked(text, "de", de_model)}
    assert {("Opposition", "Greek opposition"), ("Oppositionsparteien", "Greek opposition")} <= found
    assert ("Opposition", "Hamas") not in found        # an earlier armed group is the opposition only in a war
    linked = _linked("Serbia votes on Sunday. President Aleksandar Vucic expects to win. The opposition accused "
                     "Vucic of fraud.", "en", en_model)
    assert ("opposition", "Serbian opposition", "GROUP") in linked
    # no country the article is about: the noun stays unresolved, the person is still found
    linked = _linked("The opposition protested against Aleksandar Vucic.", "en", en_model)
    assert "Aleksandar Vučić" in _names(linked)
    assert not any(name.endswith("opposition") for _, name, _ in linked)


def test_german_demonym_forms_are_the_regular_inflections():
    from diplokg.ontology.gazetteer import german_demonym_forms

    assert german_demonym_forms("Palästinenser") == ["Palästinensern", "Palästinensers"]
    assert german_demonym_forms("Türkin") == ["Türkinnen"]
    assert german_demonym_forms("Israeli") == []           # "Israelis" is listed in the row itself


def test_lower_case_house_is_no_body(en_model):
    linked = _linked("The United States sent aid. The United States said a house in Ohio burned; "
                     "the House voted against it.", "en", en_model)
    houses = [t for t, name, _ in linked if name == "United States House of Representatives"]
    assert houses == ["House"]


# -- later surname mentions (extractors/name_coref.py) --------------------------------------------

def test_surname_resolves_to_the_person_named_earlier(en_model):
    linked = _linked("Senator Jonathan Whitlock Pemberton visited Kenya. Later Pemberton criticized Kenya, "
                     "and Pemberton's staff agreed.", "en", en_model)
    pemberton = [t for t, name, _ in linked if name == "Jonathan Whitlock Pemberton"]
    assert len(pemberton) >= 2 and "Pemberton" in pemberton
    assert "Pemberton" not in _names(linked)              # no second, unmatched local actor


def test_shared_surname_resolves_to_nobody():
    from diplokg.extractors.actors import Mention
    from diplokg.extractors.name_coref import resolve_name_parts
    from diplokg.core.records import Actor

    import spacy
    nlp = spacy.blank("en")
    doc = nlp("Anna Kowalczyk met Piotr Kowalczyk and Lena Brandt . Kowalczyk spoke , Brandt listened .")
    anna = Actor("local:person:anna", "Anna Kowalczyk", "PERSON")
    piotr = Actor("local:person:piotr", "Piotr Kowalczyk", "PERSON")
    lena = Actor("local:person:lena", "Lena Brandt", "PERSON")
    ms = [Mention(0, 2, (anna,), "ner"), Mention(3, 5, (piotr,), "ner"), Mention(6, 8, (lena,), "ner"),
          Mention(9, 10, (Actor("local:person:kowalczyk", "Kowalczyk", "PERSON"),), "ner"),
          Mention(12, 13, (Actor("local:person:brandt", "Brandt", "PERSON"),), "ner")]
    out = {doc[m.start:m.end].text: m.actors[0].name for m in resolve_name_parts(doc, ms)}
    assert out["Kowalczyk"] == "Kowalczyk"                 # two earlier Kowalczyks: ambiguous
    assert out["Brandt"] == "Lena Brandt"


def test_german_genitive_surname(de_model):
    linked = _linked("Die Politikerin Hildegard Oberwieser besuchte Polen. Oberwiesers Kritik an Polen "
                     "blieb nicht ohne Antwort.", "de", de_model)
    assert ("Oberwiesers", "Hildegard Oberwieser", "PERSON") in linked


# -- group nouns (extractors/groups.py) -----------------------------------------------------------

@pytest.mark.parametrize("text,group", [
    ("Pro-government forces fired at Hong Kong protesters near the harbour.", "Hong Kong protesters"),
    ("Ukraine accused pro-Russian separatists of shelling the town.", "pro-Russian separatists"),
    ("Serbian protesters blocked the road to Belgrade.", "Serbian protesters"),
    ("Germany promised to take in more refugees.", "refugees"),
])
def test_english_group_nouns(en_model, text, group):
    linked = _linked(text, "en", en_model)
    assert (group, "GROUP") in {(name, atype) for _, name, atype in linked}


@pytest.mark.parametrize("text,group", [
    ("Die Ukraine warf prorussischen Separatisten Angriffe vor.", "pro-Russian separatists"),
    ("Die Polizei nahm serbische Demonstranten fest.", "Serbian protesters"),
    ("Ungarn will keine Flüchtlinge aufnehmen.", "refugees"),
    ("Die EU kritisierte westliche Staaten für ihre Haltung.", "Western countries"),
])
def test_german_group_nouns(de_model, text, group):
    linked = _linked(text, "de", de_model)
    assert group in _names(linked)


def test_group_noun_needing_a_modifier(en_model):
    linked = _linked("Hungarian teachers protested in Budapest, and teachers elsewhere watched.", "en", en_model)
    groups = [t for t, name, atype in linked if atype == "GROUP"]
    assert groups == ["Hungarian teachers"]               # bare "teachers" names no group


def test_bare_noun_takes_the_modifier_named_earlier_or_the_place(en_model):
    text = ("Hong Kong protesters marched in Hong Kong on Sunday. Police in Hong Kong fired tear gas "
            "and the protesters fled.")
    linked = _linked(text, "en", en_model)
    assert [name for t, name, _ in linked if t == "protesters"] == ["Hong Kong protesters"]
    text = "Voters in Serbia went to the polls. Serbia counted the votes in Serbia overnight, and voters waited."
    linked = _linked(text, "en", en_model)
    assert "Serbian voters" in _names(linked)


def test_supporters_of_a_person(de_model):
    linked = _linked("Anhänger Erdoğans griffen die Zeitung an.", "de", de_model, date="2016-04-01")
    assert "supporters of Recep Tayyip Erdoğan" in _names(linked)


# -- German actor compounds (extractors/compounds.py) ---------------------------------------------

def test_german_compounds_name_their_first_part(de_model):
    linked = _linked("Die AKP-Regierung verlängerte die EU-Sanktionen nicht, sagten PKK-Kämpfer. "
                     "Der EU-Beitritt der Türkei bleibt offen.", "de", de_model)
    by_text = {t: (name, atype) for t, name, atype in linked}
    assert by_text["AKP-Regierung"] == ("Turkey", "GOVERNMENT")
    assert by_text["EU-Sanktionen"] == ("European Union", "ORGANIZATION")
    assert by_text["PKK-Kämpfer"][0] == "Kurdistan Workers' Party"
    assert "EU-Beitritt" not in by_text                    # a topic, not the EU acting


# -- Brussels for the EU (extractors/seat_context.py) ---------------------------------------------

def test_brussels_is_the_eu_where_the_eu_is_the_subject(de_model):
    linked = _linked("Die EU-Kommission legte einen Plan vor. Brüssel fordert von Athen neue Reformen.", "de", de_model)
    assert ("Brüssel", "European Union", "ORGANIZATION") in linked
    linked = _linked("Die EU-Kommission legte einen Plan vor. Belgien und Brüssel reagierten.", "de", de_model)
    assert ("Brüssel", "Belgium", "GOVERNMENT") in linked   # Belgium named: the seat stays Belgian


# -- bare state nouns and abbreviations -----------------------------------------------------------

def test_the_government_is_the_article_countrys(en_model):
    text = "Serbia held elections. Serbia counted votes in Belgrade. The government said the count was fair."
    linked = _linked(text, "en", en_model)
    assert ("The government", "Serbia", "GOVERNMENT") in linked
    linked = _linked("Serbia and Croatia talked. The government said nothing.", "en", en_model)
    assert not any(t == "The government" for t, _, _ in linked) and "Croatia" in _names(linked)


def test_dotted_abbreviation_links_as_one_token(en_model):
    linked = _linked("Protesters stormed the U.S. embassy in Baghdad.", "en", en_model)
    assert ("U.S. embassy", "United States", "GOVERNMENT") in linked


def test_bare_police_is_the_home_region_or_country(en_model):
    text = "Protesters marched in Hong Kong. Hong Kong said the march was illegal. Police fired tear gas."
    linked = _linked(text, "en", en_model)
    assert ("Police", "Hong Kong", "GOVERNMENT") in linked


# -- bare role nouns (extractors/role_context.py) -------------------------------------------------

def test_bare_role_is_the_article_countrys_office_holder(de_model):
    text = ("Österreich verschärft das Asylrecht. Österreich will die Grenzen besser schützen, hieß es in Wien. "
            "Der Bundeskanzler kündigte Kontrollen an.")
    linked = _linked(text, "de", de_model, date="2016-03-01")
    assert ("Der Bundeskanzler", "Werner Faymann", "PERSON") in linked
    linked = _linked("Der Bundeskanzler kündigte in Rom Kontrollen an.", "de", de_model, date="2016-03-01")
    assert "Italy" in _names(linked)
    assert "Werner Faymann" not in _names(linked)          # no clear article country: unresolved


def test_fixed_group_names_and_their_locative_use(de_model):
    linked = _linked("Der Westen kritisierte Russland. Im Westen des Landes regnete es.", "de", de_model)
    westen = [t for t, name, _ in linked if name == "Western countries"]
    assert westen == ["Westen"]                           # the first, not "im Westen des Landes"
    assert "Russia" in _names(linked)


def test_hyphenated_ner_name_keeps_its_spelling(en_model):
    # made up: the tokenizer splits "al-Rashidi" and "Won-ho"; the actor is named as written, so it matches
    # an annotation "Omar al-Rashidi" (not "Omar al - Rashidi")
    linked = _linked("Police chief Omar al-Rashidi met mayor Kim Won-ho in Busan on Monday.", "en", en_model)
    names = _names(linked)
    assert "Omar al-Rashidi" in names and not any(" - " in n for n in names)


# -- names the NER finds: titles, other first names, country adjectives of organisations ---------------

def test_rank_clergy_and_nobility_titles_are_trimmed_from_person_names(en_model):
    """ "Rabbi David Feldstein", "Sultan Hamid bin Rashid": the title is no part of the person's name."""
    names = _names(_linked("The talks were led by Rabbi David Feldstein and Imam Yusuf Karimi in Leeds. "
                           "Sultan Hamid bin Rashid met the envoy of Oman.", "en", en_model))
    assert {"David Feldstein", "Yusuf Karimi", "Hamid bin Rashid"} <= names
    assert not {"Rabbi David Feldstein", "Imam Yusuf Karimi", "Sultan Hamid bin Rashid"} & names


def test_title_trimming_reads_german_compounds_and_professions():
    import spacy
    from diplokg.extractors.nonactors import NonActorFilter
    de = NonActorFilter("de")
    doc = spacy.blank("de")("Generalmajor Otto Brandl Politologin Eva Maurer")
    assert [t.text for t in de.trim_titles(list(doc[0:3]))] == ["Otto", "Brandl"]
    assert [t.text for t in de.trim_titles(list(doc[3:6]))] == ["Eva", "Maurer"]
    assert [t.text for t in de.trim_titles(list(doc[1:3]))] == ["Otto", "Brandl"]


def test_a_known_surname_after_another_first_name_is_another_person(en_model):
    """ "Malia Obama" is not Barack Obama; "Barack Obama" in the same text still is."""
    linked = _linked("Yesterday Malia Obama visited Kenya, while Barack Obama stayed in Washington.", "en", en_model)
    assert ("Malia Obama", "Malia Obama", "PERSON") in linked
    assert ("Barack Obama", "Barack Obama", "PERSON") in linked
    assert [m for m in linked if m[0] == "Obama"] == []


def test_a_title_or_the_persons_own_first_name_keeps_the_known_person(en_model):
    linked = _linked("On Monday, President Obama met Angela Merkel in Berlin.", "en", en_model)
    assert "Barack Obama" in _names(linked) and "Angela Merkel" in _names(linked)


def test_a_country_adjective_opening_an_organisation_name_is_part_of_it(en_model):
    """ "the Norwegian Fishing Federation" is one organisation, not Norway plus a "Fishing Federation"."""
    linked = _linked("Members of the Norwegian Fishing Federation met Prime Minister Erna Solberg.", "en", en_model)
    assert ("Norwegian Fishing Federation", "Norwegian Fishing Federation", "ORGANIZATION") in linked
    assert "Fishing Federation" not in _names(linked) and "Norway" not in _names(linked)
    assert "Erna Solberg" in _names(linked)


# -- surnames the tagger calls common words ----------------------------------------------------------

def _doc(words: list[str], pos: list[str], starts: list[int]):
    import spacy
    from spacy.tokens import Doc
    return Doc(spacy.blank("de").vocab, words=words, pos=pos, sent_starts=starts)


def test_a_surname_tagged_as_adverb_is_the_person_but_not_before_an_adverb_at_a_sentence_start():
    """ "Anna Kurz kam. Kurz darauf sprach Kurz. Kurz sagte nichts.": the adverb "Kurz darauf" names no one."""
    from diplokg.core.records import Actor
    from diplokg.extractors.mention import Mention
    from diplokg.extractors.name_coref import resolve_name_parts
    words = ["Anna", "Kurz", "kam", ".", "Kurz", "darauf", "sprach", "Kurz", ".", "Kurz", "sagte", "nichts", "."]
    pos = ["PROPN", "PROPN", "VERB", "PUNCT", "ADV", "ADV", "VERB", "ADV", "PUNCT", "ADV", "VERB", "PRON", "PUNCT"]
    starts = [1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0]
    anna = Actor("local:person:anna-kurz", "Anna Kurz", "PERSON")
    out = resolve_name_parts(_doc(words, pos, starts), [Mention(0, 2, (anna,), "ner", 0.55)])
    assert [(m.start, m.actors[0].name) for m in out] == [(0, "Anna Kurz"), (7, "Anna Kurz"), (9, "Anna Kurz")]


def test_a_party_title_before_a_name_is_part_of_the_person(de_model):
    text = ("Der SPÖ-Vorsitzende Andreas Babler kritisierte die Regierung in Wien. "
            "Die SPÖ-Abgeordneten stimmten dagegen.")
    linked = _linked(text, "de", de_model)
    assert ("SPÖ-Vorsitzende Andreas Babler", "Andreas Babler", "PERSON") in linked
    assert not any(t == "SPÖ-Vorsitzende" for t, _, _ in linked)       # the title is no actor of its own
    # a party compound with no name after it still names the party
    assert any(t == "SPÖ-Abgeordneten" and name == "Social Democratic Party of Austria" for t, name, _ in linked)
