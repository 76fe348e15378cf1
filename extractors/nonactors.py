"""Names that are no actors: programmes, laws, diseases, events, publications, titles, adjectives.

Statistical NER tags many names that no one can act through: "Medicare", "COVID-19", "Brexit", the
"Minsker" of "Minsker Abkommen", a sentence-opening "Zugleich", a bare "Regierungschef", the
"Wikinews" of an attribution. This module decides, by general classes read from
``ontology/words/non_actors.tsv``, which candidate spans to drop:

* entity labels that never name an actor (LAW, EVENT, WORK_OF_ART, DISEASE, ...): a name inside a
  longer entity of such a label is part of it ("Paris" in "the Paris Agreement");
* head nouns of things, by class (programme, law, treaty, disease, election, summit, ...; German
  compounds by their ending: "Klimaabkommen", "Präsidentenwahl") and names of diseases, programmes and
  events;
* German city adjectives before a noun ("Minsker Abkommen", "Wiener Gespräche") and single words that
  are no nouns (adverbs, conjunctions, verbs at a sentence start);
* role nouns and titles: trimmed from the front of a person name, and a "name" that ends in one is a
  role whose holder the linker could not resolve;
* news agencies, papers, broadcasters and platforms, unless they act (the subject of a verb).

Gazetteer names are curated and only dropped inside a non-actor entity or as idle news sources.
"""
from __future__ import annotations

from ..ontology.words import word_map, word_set

SUBJECT_DEPS = {"nsubj", "sb", "nsubj:pass"}        # English (spaCy), German (TIGER), UD
OBJECT_DEPS = {"obj", "dobj", "iobj", "dative", "oa", "da", "pobj"}
ATTRIBUTION_WORDS = {"according", "laut", "zufolge", "on", "via", "auf", "in", "im", "bei", "gegenüber"}


class NonActorFilter:
    """The non-actor classes of one language, applied to NER spans and to finished mentions."""

    def __init__(self, lang: str):
        self.lang = lang
        self.labels = {w.upper() for w in word_set("never_actor_label", lang)}
        self.heads = word_map("non_actor_head", lang)
        self.names = word_map("non_actor_name", lang)
        self.sources = word_map("news_source", lang)
        self.source_heads = word_set("news_source_head", lang)
        self.titles = word_map("title_word", lang)
        self.speech_verbs = word_set("quote_verb", lang)

    # -- words ------------------------------------------------------------------------------
    def _ends_with(self, word: str, table) -> str | None:
        """The entry of ``table`` that ``word`` is, or (German compounds) ends with."""
        word = word.lower()
        if word in table:
            return word
        if self.lang == "de":
            tail = word.rpartition("-")[2]
            for entry in table:
                if len(tail) >= len(entry) + 3 and tail.endswith(entry):
                    return entry
        return None

    def thing_head(self, token) -> str | None:
        """The non-actor head noun ``token`` is ("Act", "Summit"; German common nouns also by ending)."""
        if token.pos_ == "PROPN" and token.text.lower() not in self.heads:
            return None
        return self._ends_with(token.text, self.heads)

    def is_title(self, token) -> bool:
        """A role noun, title or honorific ("Energieminister", "President", "Mr.")."""
        return self._ends_with(token.text.rstrip("."), self.titles) is not None

    def trim_titles(self, toks: list) -> list:
        """A person name without the titles in front of it ("Taoiseach Leo Varadkar" -> "Leo Varadkar")."""
        k = 0
        while k < len(toks) - 1 and self.is_title(toks[k]):
            k += 1
        return toks[k:]

    # -- NER spans ---------------------------------------------------------------------------
    def span_reason(self, toks: list, atype: str) -> str | None:
        """Why an NER span (tokens, proposed actor type) names no actor, or None when it may."""
        text = " ".join(t.text for t in toks).lower()
        last = toks[-1]
        if text in self.names:
            return self.names[text]
        head = self.thing_head(last)
        if head is not None:
            return self.heads[head]
        if atype == "PERSON" and self.titles.get(self._ends_with(last.text.rstrip("."), self.titles) or "") == "role":
            return "role"                               # "Regierungschef", "Odessas Gouverneur"
        if len(toks) == 1 and last.is_stop:
            return "function word"                      # "Zugleich", "Dass", "Was" opening a sentence
        if self.lang == "de" and len(toks) == 1 and city_adjective(last):
            return "adjective"                          # "Minsker Abkommen"
        return None

    # -- finished mentions -------------------------------------------------------------------
    def blocking_entities(self, doc) -> list[tuple[int, int]]:
        """Token spans of the document's entities that are no actors (by label or head noun), once per doc."""
        return [(ent.start, ent.end) for ent in getattr(doc, "ents", ())
                if ent.label_ in self.labels or self.thing_head(ent[-1])]

    def keep(self, doc, mention, blocking: list[tuple[int, int]] | None = None) -> bool:
        """False for a mention inside a longer entity that is no actor (by label or head noun: "Lisbon" in
        "the Lisbon Treaty"), or a news source that does not act. ``blocking``: ``blocking_entities(doc)``."""
        for start, end in (self.blocking_entities(doc) if blocking is None else blocking):
            if start <= mention.start and mention.end <= end and (end - start) > (mention.end - mention.start):
                return False
        if mention.kind not in ("name", "ner"):
            return True
        if not self.is_news_source(doc[mention.start:mention.end]):
            return True
        return acts(doc, mention, self.speech_verbs)

    def is_news_source(self, span) -> bool:
        """A news agency, paper, broadcaster or platform, by name or by its last word ("Sky News")."""
        words = [t.text.lower() for t in span if not t.is_punct]
        if not words:
            return False
        return " ".join(words) in self.sources or (words[0] == "the" and " ".join(words[1:]) in self.sources) \
            or (len(words) >= 2 and words[-1] in self.source_heads)


def city_adjective(token) -> bool:
    """A German place adjective before a noun: "Minsker Abkommen", "Wiener Gespräche" (never inflected)."""
    doc = token.doc
    if not (token.text.endswith("er") and token.text[:1].isupper() and len(token.text) > 4):
        return False
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return nxt is not None and nxt.text[:1].isupper() and nxt.pos_ == "NOUN"


def acts(doc, mention, speech_verbs=frozenset()) -> bool:
    """True when the mention is the subject of a verb ("CNN reported", "die BBC berichtete") or the object of
    a verb other than a speech verb ("called on Fox News to fire him"); not in an attribution ("told CNN",
    "according to the BBC", "wrote on Twitter")."""
    if not doc.has_annotation("DEP"):
        return False
    for i in range(mention.start, mention.end):
        tok = doc[i]
        while tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head                              # "Der Guardian und die BBC berichteten"
        if tok.dep_ in SUBJECT_DEPS:                  # the first subject: "sagte der APA" parsed as a second one
            return not any(c.dep_ in SUBJECT_DEPS and c.i < tok.i for c in tok.head.children)
        if tok.dep_ in OBJECT_DEPS:
            governor = tok.head.head if tok.dep_ == "pobj" else tok.head
            preposition = tok.head.text.lower() if tok.dep_ == "pobj" else ""
            cases = {c.text.lower() for c in tok.children if c.dep_ == "case"}
            if preposition in ATTRIBUTION_WORDS or cases & ATTRIBUTION_WORDS or governor.lemma_.lower() in speech_verbs:
                continue
            if governor.pos_ in ("VERB", ""):
                return True
    return False
