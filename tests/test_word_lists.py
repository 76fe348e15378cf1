"""The extractors' word lists are data files (ontology/words/*.tsv) read by a small loader."""
from __future__ import annotations

import pytest

from diplokg.extractors import actors, collectives, descriptions, interview_turns
from diplokg.extractors import event_words as events
from diplokg.ontology.words import WORDS_DIR, phrase_set, value_groups, word_map, word_set


def test_every_list_the_linker_reads_is_shipped_and_non_empty():
    for per_lang in (actors.INSTITUTION_NOUNS, actors.PLURAL_PRONOUNS, actors.SINGULAR_PRONOUNS,
                     actors.COUNTRY_PAIR_NOUNS, actors.QUOTE_VERBS, actors.FIRST_PERSON,
                     actors.ORGANISATION_HEADS, collectives.GOVERNMENT_TROOPS, collectives.REBEL_NOUNS,
                     collectives.CONFLICT_PARTIES, collectives.DESCRIBED_GROUPS, descriptions.TYPE_NOUNS,
                     descriptions.DEFINITE_ARTICLES, interview_turns.SPEAKER_PRONOUNS,
                     interview_turns.ADDRESSEE_PRONOUNS):
        assert per_lang["de"] and per_lang["en"]
    for flat in (actors.QUOTE_MARKS, descriptions.GENERIC_HEADS, actors.GENERIC_FIRST_WORDS,
                 actors.ENVOY_NOUNS, collectives.LOCATIVE_PREPOSITIONS):
        assert flat
    assert descriptions.TYPE_NOUNS["de"]["land"] == {"COUNTRY", "GOVERNMENT"}

def test_the_event_lists_load_from_events_tsv_in_the_forms_the_extractor_uses():
    assert (WORDS_DIR / "events.tsv").is_file()
    assert "weder" in events.NEGATIONS["de"] and "n't" in events.NEGATIONS["en"] and "weder" not in events.NEGATIONS["en"]
    assert "bekanntgeben" in events.SPEECH_VERBS["de"] and "tweet" in events.SPEECH_VERBS["en"]
    assert "nach angaben" in events.SPEECH_PHRASES["de"] and isinstance(events.SPEECH_PHRASES["en"], tuple)
    assert events.MODALITY["de"]["dürfte"] == "possible" and events.MODALITY["en"]["would"] == "hypothetical"
    assert "sei" in events.KONJUNKTIV_I and events.CONTRACTIONS["zum"] == "zu"
    assert events.GERMAN_ARTICLE_CASE["einem"] == "Dat" and events.PREPOSITION_LIKE["en"]["targeting"] == "against"
    assert "luftangriff" in events.MEANS_NOUNS["de"]["195"] and "mortar" in events.MEANS_NOUNS["en"]["194"]
    assert value_groups("means_noun", "en").keys() == {"195", "194"}
    assert {",", "und", "and"} <= events.COORD                       # "any" rows and both languages, flat
    assert {"von", "al", "of"} <= events.NAME_PARTICLES and "regierung" not in events.NAME_PARTICLES
    assert events.ANAPHORIC_EVENT_NOUNS["vorwurf"] == (frozenset({"11"}), True)
    assert events.ANAPHORIC_EVENT_NOUNS["attack"] == (frozenset({"18", "19", "20"}), False)
    assert "nach" in events.OPENING_ONLY_PREPOSITIONS["de"] and "nach" not in events.ADVERBIAL_PREPOSITIONS["de"]


def test_a_bad_anaphoric_event_noun_value_is_named():
    with pytest.raises(ValueError, match="anaphoric_event_noun 'raid'.*not '18 sometimes'"):
        events._antecedent("raid", "18 sometimes")
    assert events._antecedent("raid", "18|19") == (frozenset({"18", "19"}), False)

def test_language_rows_and_shared_rows_are_merged():
    assert "regierung" in word_set("institution_noun", "de") and "regierung" not in word_set("institution_noun", "en")
    assert "ambassador" in word_set("envoy_noun", "de")            # an "any" row counts for both languages
    assert ("government", "troops") in phrase_set("government_troops", "en")
    assert word_map("type_noun", "en")["country"] == "COUNTRY|GOVERNMENT"


def test_a_user_folder_adds_rows(tmp_path, monkeypatch):
    (tmp_path / "mine.tsv").write_text("list\tlang\tword\tvalue\ninstitution_noun\tde\tkanzleramt\t\n", encoding="utf-8")
    monkeypatch.setenv("DIPLOKG_WORDS", str(tmp_path))
    nouns = word_set("institution_noun", "de")
    assert "kanzleramt" in nouns and "regierung" in nouns


@pytest.mark.parametrize("row, message", [("institution_noun\tfr\tgouvernement\t", "lang must be de, en or any"),
                                          ("\tde\tregierung\t", "must not be empty")])
def test_a_bad_row_is_named(tmp_path, monkeypatch, row, message):
    (tmp_path / "bad.tsv").write_text(f"list\tlang\tword\tvalue\n{row}\n", encoding="utf-8")
    monkeypatch.setenv("DIPLOKG_WORDS", str(tmp_path))
    with pytest.raises(ValueError, match=message) as info:
        word_set("institution_noun", "de")
    assert "bad.tsv row 1" in str(info.value)


def test_a_missing_user_folder_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOKG_WORDS", str(tmp_path / "nowhere"))
    with pytest.raises(ValueError, match="does not exist"):
        word_set("institution_noun", "de")
    assert (WORDS_DIR / "actors.tsv").is_file()
