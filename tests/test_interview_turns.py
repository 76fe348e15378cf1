"""Interview turns: the first person of an answer is the interviewee (extractors/interview_turns.py).

Made-up interviews only (no dev or train text). Each absence is checked next to a presence on the same input.
"""
from __future__ import annotations

from diplokg.config import Config
from diplokg.extractors.interview_turns import turn_labels
from diplokg.pipeline import Extractor

GERMAN = ("Die Kandidatin Anna Berghofer-Lind will die Wahl gewinnen. "
          "KURIER: Würden Sie mit der Regierung koalieren? Berghofer-Lind: Nein. Ich halte das für falsch. "
          "KURIER: Was sagen Ihnen die Umfragen? Berghofer-Lind: Mir sagen sie wenig, ich vertraue den Wählern.")
ENGLISH = ("Senator Maria Quintana spoke to us after the vote. "
           "Q: Did the President call you? Quintana: He did not. I criticized his plan. "
           "Q: Will you run again? Quintana: Ask me next year.")


def _mentions(text: str, lang: str, model: str) -> list[tuple[str, str, str]]:
    """(mention text, actor name, mention kind) of every mention the linker finds in ``text``."""
    ex = Extractor(Config(models={"de": "rules", "en": "rules", lang: model}))
    tools = ex.tools(lang)
    doc = tools.nlp(text)
    return [(doc[m.start:m.end].text, m.actors[0].name, m.kind) for m in tools.linker.link(doc, "2019-05-02")]


def _pronoun_actors(text: str, lang: str, model: str) -> list[tuple[str, str]]:
    """(pronoun text, actor name) of every pronoun mention the linker finds in ``text``."""
    return [(t, name) for t, name, kind in _mentions(text, lang, model) if kind == "pronoun"]


def test_german_answers_speak_for_the_interviewee(de_model):
    found = _pronoun_actors(GERMAN, "de", de_model)
    assert ("Ich", "Anna Berghofer-Lind") in found
    assert ("Mir", "Anna Berghofer-Lind") in found and ("ich", "Anna Berghofer-Lind") in found
    # the interviewer's "Sie" / "Ihnen" address the one interviewee; the answer's lower-case "sie" (the polls) does not
    assert ("Sie", "Anna Berghofer-Lind") in found and ("Ihnen", "Anna Berghofer-Lind") in found
    assert not any(text == "sie" and name == "Anna Berghofer-Lind" for text, name in found)


def test_english_answers_speak_for_the_interviewee(en_model):
    found = _pronoun_actors(ENGLISH, "en", en_model)
    assert ("I", "Maria Quintana") in found and ("me", "Maria Quintana") in found
    # the questions' "you" is the interviewee too
    assert sum(1 for text, name in found if text == "you" and name == "Maria Quintana") == 2


def test_questions_to_two_interviewees_address_nobody(en_model):
    text = ("Senator Maria Quintana and Governor Paul Okafor spoke to us. Q: Will you run again? Quintana: Yes. "
            "Q: And you? Okafor: I will not. Q: Do you agree? Quintana: I do. Q: You too? Okafor: Me too.")
    found = _pronoun_actors(text, "en", en_model)
    assert ("I", "Paul Okafor") in found and ("I", "Maria Quintana") in found
    assert not any(t.lower() == "you" for t, _ in found)


def test_a_single_colon_is_no_interview(de_model):
    text = "Anna Berghofer-Lind sprach am Montag. Berghofer-Lind: Ich bleibe. Die Partei schwieg."
    found = _mentions(text, "de", de_model)
    assert any(name == "Anna Berghofer-Lind" and kind != "pronoun" for _, name, kind in found)   # she is found
    assert not any(name == "Anna Berghofer-Lind" and t.lower() == "ich" for t, name, _ in found)
    # the same answer, given twice, is an interview
    twice = text.replace("Die Partei schwieg.", "KURIER: Und? Berghofer-Lind: Ich gehe. KURIER: Danke.")
    assert ("Ich", "Anna Berghofer-Lind") in _pronoun_actors(twice, "de", de_model)


def test_turn_labels_need_a_sentence_start_and_a_repeat():
    import spacy

    nlp = spacy.blank("en")
    doc = nlp("Q: Why? Smith: Because. Q: When? Smith: Soon. He wrote: Fine. He wrote: Again.")
    assert [doc[a:b].text for a, b in turn_labels(doc)] == ["Q", "Smith", "Q", "Smith"]
    assert turn_labels(nlp("He said: yes. Then Smith: no.")) == []


def test_a_label_may_be_part_of_a_double_surname_or_keep_its_particles(de_model):
    text = ("Die Ministerin Anna Berghofer-Lind und Karl von der Aue trafen sich. "
            "KURIER: Streiten Sie? Berghofer: Ich streite nie. von der Aue: Mir fehlt die Zeit. "
            "KURIER: Und morgen? Berghofer: Ich reise ab. von der Aue: Ich bleibe.")
    found = _pronoun_actors(text, "de", de_model)
    assert ("Ich", "Anna Berghofer-Lind") in found and ("Mir", "Karl von der Aue") in found
    assert ("Ich", "Karl von der Aue") in found
    # a label that is no surname of anyone named resolves nothing, and the people are still found
    other = text.replace("Berghofer:", "Hofer:")
    found = _mentions(other, "de", de_model)
    assert any(name == "Anna Berghofer-Lind" and kind != "pronoun" for _, name, kind in found)
    assert not any(name == "Anna Berghofer-Lind" and kind == "pronoun" for _, name, kind in found)
