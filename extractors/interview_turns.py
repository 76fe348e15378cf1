"""Interview turns: in "STANDARD: ... ? Hofer: Ich finde ...", the first person of an answer is the interviewee.

Newspapers print interviews as turns, each opened by its speaker's label and a colon: the interviewer
(the paper's name, "Frage", "Q") and the interviewee (a surname, "Hofer:"). Everything an answer says in
the first person singular ("ich", "mir", "I", "me") is the interviewee's, however far the sentence is from
any name; and in an interview with one interviewee, the person the interviewer's questions address ("Sie",
"Ihnen", "you") is the interviewee too. This module finds such turns and resolves those pronouns to the
person the label names.

A text counts as an interview only when one label opens at least two turns and names a person the linker
found (the label itself, or a mention of that person elsewhere in the article); the other labels
(the interviewer) stay unresolved. Turns run from one label to the next.
"""
from __future__ import annotations

from collections import Counter

from ..ontology.words import per_language
from .mention import Mention, distinct_actors
from .name_coref import PARTICLES, surname_keys

SPEAKER_PRONOUNS = per_language("speaker_pronoun")       # ontology/words/actors.tsv
ADDRESSEE_PRONOUNS = per_language("addressee_pronoun")   # German ones count capitalised only ("Sie", not "sie")
TURN_OPENERS = {".", "?", "!", "…", "\"", "“", "”", "«", "»", ")", "–", "-"}
MAX_LABEL_WORDS = 4          # "von der Leyen:", "Ursula von der Leyen:"
MIN_TURNS = 2


def turn_labels(doc) -> list[tuple[int, int]]:
    """(start, end) token spans of the speaker labels that open turns: capitalised words (and name particles
    before the last one, "von der Aue") right before a colon, at the start of the text or right after a
    sentence end, repeated at least ``MIN_TURNS`` times.

    >>> import spacy
    >>> nlp = spacy.blank("de")
    >>> doc = nlp("STANDARD: Warum? Hofer: Nein. STANDARD: Wann? Hofer: Bald. Er sagte: Gut.")
    >>> [doc[a:b].text for a, b in turn_labels(doc)]
    ['STANDARD', 'Hofer', 'STANDARD', 'Hofer']
    >>> doc = nlp("KURIER: Wie? von der Aue: Sicher. KURIER: Und? von der Aue: Ja.")
    >>> [doc[a:b].text for a, b in turn_labels(doc)]
    ['KURIER', 'von der Aue', 'KURIER', 'von der Aue']
    """
    found: list[tuple[int, int, str]] = []
    for tok in doc:
        if tok.text != ":":
            continue
        for n in range(1, MAX_LABEL_WORDS + 1):
            start = tok.i - n
            if start < 0:
                break
            words = doc[start:tok.i]
            if not (words[-1].text[:1].isupper() and words[0].text[:1].isalpha()
                    and all(w.text[:1].isupper() or w.text.lower() in PARTICLES for w in words)):
                break
            if start == 0 or doc[start - 1].text in TURN_OPENERS or "\n" in doc[start - 1].text_with_ws:
                found.append((start, tok.i, words.text))
                break
    counts = Counter(label for _, _, label in found)
    return [(a, b) for a, b, label in found if counts[label] >= MIN_TURNS]


def interview_speakers(doc, mentions: list[Mention], lang: str) -> list[Mention]:
    """``mentions`` plus one mention per first-person singular pronoun in a turn whose label names a
    person (see the module docstring); nothing changes in a text that is no interview."""
    pronouns = SPEAKER_PRONOUNS.get(lang, frozenset())
    labels = turn_labels(doc)
    if not labels or not pronouns:
        return mentions
    persons = _persons_by_label(doc, labels, mentions)
    if not persons:
        return mentions
    taken = {i for m in mentions for i in range(m.start, m.end)}
    added: list[Mention] = []
    bounds = labels[1:] + [(len(doc), len(doc))]
    interviewees = distinct_actors(persons.values())
    addressee = interviewees[0] if len(interviewees) == 1 else None
    addressing = ADDRESSEE_PRONOUNS.get(lang, frozenset())
    for (start, end), (next_start, _) in zip(labels, bounds):
        speaker = persons.get(doc[start:end].text)
        for tok in doc[end + 1:next_start]:
            if tok.i in taken:
                continue
            if speaker is not None and tok.text.lower() in pronouns:
                added.append(Mention(tok.i, tok.i + 1, (speaker,), "pronoun", 0.6, {"coref": True, "turn": True}))
            elif speaker is None and addressee is not None and tok.text.lower() in addressing \
                    and (lang != "de" or tok.text[:1].isupper()):
                # a question turn: "Sie"/"you" is the one interviewee
                added.append(Mention(tok.i, tok.i + 1, (addressee,), "pronoun", 0.55, {"coref": True, "turn": True}))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def _persons_by_label(doc, labels: list[tuple[int, int]], mentions: list[Mention]) -> dict:
    """Label text -> the person it names: a PERSON mention covering the label, else the one person of the
    article whose surname the label is ("Hofer" for a "Norbert Hofer" named in the lead, "Leyen" or
    "von der Leyen" for "Ursula von der Leyen", "Lind" for "Anna Berghofer-Lind")."""
    out: dict = {}
    people = {a.key: a for m in mentions for a in m.actors if a.type == "PERSON"}
    for start, end in labels:
        text = doc[start:end].text
        if text in out:
            continue
        covering = [m for m in mentions if m.start <= start and end <= m.end
                    and len(m.actors) == 1 and m.actors[0].type == "PERSON"]
        if covering:
            out[text] = covering[0].actors[0]
            continue
        named = [a for a in people.values() if text.lower() in surname_keys(a.name)]
        if len(named) == 1:
            out[text] = named[0]
    return out
