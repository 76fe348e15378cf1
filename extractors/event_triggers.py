"""Triggers, segments and units of a sentence: the lexicon side of the event finder."""
from __future__ import annotations

from ..ontology.lexicon import LexEntry
from .event_units import Trigger, Unit, by_preference, dep_role, has_predicative_complement, same_kind
from .event_words import (
    ADVERBIAL_PREPOSITIONS, ARTICLES, BOUNDARY_TEXT, CONTRACTIONS, COORD, COUNTERPART_NOUNS,
    ENUMERATION_FILLERS, EN_NOUN_MARKERS, GERMAN_ARTICLE_CASE, NAME_PARTICLES, OPENING_ONLY_PREPOSITIONS,
    PARTICLE_DEPS, PART_NOUNS, PREPOSITION_LIKE, SUBORDINATORS,
)
from .lemmas import token_lemmas
from .mention import Mention


class TriggerRules:
    """Finding triggers and cutting a sentence into segments and units: the part of
    :class:`~diplokg.extractors.events.EventFinder` that reads the lexicon and the clause structure.

    A mixin: it uses the finder's ``lang``, ``lex``, ``linker``, ``has_parser``, ``particles``, ``preps``
    and ``noun_suffixes``.
    """

    # -- triggers ------------------------------------------------------------------------
    def _particles_after(self, sent, tok) -> list[tuple[str, int]]:
        found = []
        if self.has_parser:                     # tree access on unparsed docs can crash spaCy
            for child in tok.children:
                if child.dep_.lower() in PARTICLE_DEPS:
                    found.append((child.text.lower(), child.i))
        if self.lang == "de":
            # the separable particle closes the clause: "bot ... an." / "strebten auch ein Treffen an,"
            for j in range(tok.i + 1, sent.end):
                t = sent.doc[j]
                if t.text in BOUNDARY_TEXT or t.text in (".", "!", "?") or t.text.lower() in ("und", "oder", "aber"):
                    prev = sent.doc[j - 1]
                    if prev.i > tok.i and prev.text.lower() in self.particles:
                        found.append((prev.text.lower(), prev.i))
                    break
        elif self.lang == "en":
            nxt = tok.i + 1
            if nxt < sent.end and sent.doc[nxt].text.lower() in self.particles:
                found.append((sent.doc[nxt].text.lower(), nxt))
        return found

    def _ner_event_noun(self, doc, m: Mention) -> bool:
        """A NER "actor" that is an event noun ("Misstöne") or a phrase headed by one with lowercase words no
        name has ("Rande des historischen Besuchs")."""
        if m.kind != "ner" or not self._noun_matches(doc[m.end - 1]):
            return False
        return m.end - m.start == 1 or any(t.is_lower and t.is_alpha and t.text not in NAME_PARTICLES
                                           for t in doc[m.start:m.end])

    def _noun_matches(self, tok) -> list[LexEntry]:
        low = tok.text.lower()
        entries = self.lex.nouns.get(low) or self.lex.nouns.get(tok.lemma_.lower())
        if entries:
            return entries
        if self.lang == "de" and len(low) > 4:
            for cut in (1, 2):                  # genitive and dative endings: "des Besuchs", "den Angriffen"
                if low.endswith(("s", "es", "n", "en")[cut - 1::2]) and low[:-cut] in self.lex.nouns:
                    return self.lex.nouns[low[:-cut]]
        if self.lang == "de" and len(low) > 7:
            for noun in self.noun_suffixes:
                if low.endswith(noun) and len(low) - len(noun) >= 3:
                    return self.lex.nouns[noun]
        if self.lang == "en" and low.endswith("s"):
            return self.lex.nouns.get(low[:-1], [])
        return []

    def triggers(self, sent, mentions: list[Mention] = ()) -> list[Trigger]:
        """All lexicon matches in a sentence, light verbs before their nouns.

        Words inside actor names ("the US Air Force") never count as event nouns.
        """
        out: list[Trigger] = []
        inside_names = {i for m in mentions if m.kind in ("name", "ner") and not self._ner_event_noun(sent.doc, m)
                        for i in range(m.start, m.end)}
        used_nouns: set[int] = set(inside_names)
        # common nouns inside a person's mention are titles ("den russischen Botschafter Sergej Andrejew"):
        # they can still be a light verb's noun ("Botschafter ... zitieren")
        title_nouns = {i for m in mentions if m.kind == "name" and any(a.type == "PERSON" for a in m.actors)
                       for i in range(m.start, m.end) if sent.doc[i].pos_ == "NOUN"}
        lowers = {t.i: t.text.lower() for t in sent}
        lemma_of = {t.i: t.lemma_.lower() for t in sent}
        for tok in sent:
            if tok.is_space or tok.is_punct:
                continue
            is_capital_noun = self.lang == "de" and tok.text[:1].isupper() and tok.i != sent.start
            if self.lang == "de" and tok.pos_ in ("DET", "PRON", "NUM") and tok.text.islower() \
                    and tok.is_alpha and len(tok.text) > 3 and not tok.is_stop:
                # a weak German tagger calls some finite verbs DET/PRON ("drohte"); lowercase words that
                # are no function words and whose lemma is in the verb lexicon are verbs
                verb_like = any(c in self.lex.verbs or c in self.lex.light
                                for c in token_lemmas(tok, self.lang, self.particles))
            elif tok.pos_ in ("NOUN", "PROPN", "NUM", "DET", "ADP", "PRON", "PUNCT") and tok.pos_ != "":
                verb_like = False
            elif self.lang == "de" and tok.pos_ in ("ADV", "ADJ") and tok.dep_ in ("advmod", "amod", "mo") \
                    and "Part" not in tok.morph.get("VerbForm"):
                verb_like = False               # an adverb or adjective that looks like a verb form ("äußerst")
            elif self.lang == "en" and tok.pos_ and tok.pos_ not in ("VERB", "AUX"):
                verb_like = False               # English tagging is reliable: "back" (ADV) is no verb
            elif self.lang == "en" and tok.tag_ == "VBN" and tok.dep_ == "amod":
                verb_like = False               # a participle used as adjective: "alleged plots", "occupied areas"
            else:
                verb_like = not is_capital_noun
                if not tok.pos_ and self.lang == "en" and tok.i > sent.start and \
                        sent.doc[tok.i - 1].text.lower() in EN_NOUN_MARKERS:
                    verb_like = False           # rule tier: "the attacks", "new sanctions" are nouns
            if verb_like:
                cands = token_lemmas(tok, self.lang, self.particles)
                full = []
                for particle, p_i in self._particles_after(sent, tok):
                    full += [(particle + c if self.lang == "de" else f"{c} {particle}", p_i) for c in cands]
                full += [(c, None) for c in cands]
                # priority: particle verbs before plain ones; per lemma, light constructions before verbs
                trigger = None
                phrasal = False          # "called for an end": a particle verb of the lexicon that found no
                for lemma, p_i in full:  # row here is not its plain verb ("call" = phone call) either
                    if p_i is None and phrasal:
                        break
                    extra = (p_i,) if p_i else ()
                    for entry in self.lex.light.get(lemma, []):
                        j = self._light_noun(sent, tok.i, entry, lowers, lemma_of, inside_names - title_nouns)
                        if j is not None:
                            trigger = Trigger(tok.i, entry, j, (tok.i, j) + extra)
                            used_nouns.add(j)
                            break
                    if trigger is None and lemma in self.lex.verbs and not has_predicative_complement(tok):
                        ordered = by_preference(self.lex.verbs[lemma])
                        trigger = Trigger(tok.i, ordered[0], None, (tok.i,) + extra, tuple(ordered[1:]))
                    if trigger is not None:
                        out.append(trigger)
                        break
                    phrasal = phrasal or (p_i is not None and (lemma in self.lex.light or lemma in self.lex.verbs))
        for tok in sent:
            if tok.i in used_nouns or any(tok.i == t.index for t in out):
                continue
            if (self.lang == "de" and tok.text[:1].isupper()) or tok.pos_ in ("NOUN", "PROPN") or (
                    self.lang == "en" and tok.pos_ == ""):
                entries = self._noun_matches(tok)
                if entries:
                    ordered = by_preference(entries)
                    out.append(Trigger(tok.i, ordered[0], None, (tok.i,), tuple(ordered[1:])))
        return out

    def _light_noun(self, sent, verb_i: int, entry: LexEntry, lowers, lemma_of, skip=frozenset()) -> int | None:
        """Index of the light verb's noun in the sentence, if present."""
        nouns = {n.lower() for n in entry.nouns}
        for j in range(sent.start, sent.end):
            if j == verb_i or j in skip:
                continue
            low = lowers[j]
            if (low in nouns or lemma_of[j] in nouns or (self.lang == "en" and low.rstrip("s") in nouns) or (
                    # German case endings the lexicon does not list: "mit Militärschlägen", "des Abkommens"
                    self.lang == "de" and len(low) > 5 and (low[:-1] in nouns or low[:-2] in nouns)) or (
                    self.lang == "de" and len(low) > 6 and any(low.endswith(n) and len(low) - len(n) >= 4 for n in nouns))) \
                    and not self._in_adverbial_pp(sent, j):
                return j
        return None

    def _in_adverbial_pp(self, sent, j: int) -> bool:
        """The noun heads a temporal or causal PP ("nach dreijährigen Verhandlungen wollten ...", "after the
        talks"): such a PP is never a light verb's complement."""
        doc = sent.doc
        k = j - 1
        while k >= sent.start and j - k <= 4 and (doc[k].pos_ in ("DET", "ADJ", "NUM", "ADV") or
                                                  doc[k].text.lower() in ARTICLES.get(self.lang, ())):
            k -= 1
        if k < sent.start:
            return False
        prep = doc[k].text.lower()
        if prep in OPENING_ONLY_PREPOSITIONS.get(self.lang, ()):
            # "streben nach", "warnen vor" take complements; "Nach ... Verhandlungen wollten" opens the clause
            return k == sent.start or doc[k - 1].text in BOUNDARY_TEXT
        return prep in ADVERBIAL_PREPOSITIONS.get(self.lang, ())

    # -- clauses and argument units -------------------------------------------------------
    def segments(self, sent, mentions: list[Mention]) -> dict[int, int]:
        """Token index -> clause segment id, split at punctuation and subordinators."""
        starts = {m.start: m for m in mentions}
        ends = {m.end: m for m in mentions}
        seg = 0
        out: dict[int, int] = {}
        subs = SUBORDINATORS.get(self.lang, set())
        # "the Kurdistan Workers' Party (PKK) and ...": the brackets of an abbreviation inside a name split nothing
        bracketed = {i for m in mentions if any(sent.doc[j].text == "(" for j in range(m.start, m.end))
                     for i in range(m.start, m.end + 1)}
        for tok in sent:
            boundary = (tok.text in BOUNDARY_TEXT and not (tok.text in "()" and tok.i in bracketed)) \
                or tok.text.lower() in subs
            k = tok.i + 1
            while k < sent.end and k not in starts and k - tok.i <= 2 and \
                    sent.doc[k].text.lower() in ENUMERATION_FILLERS:
                k += 1                    # ", and France", ", the United Kingdom"
            nxt = starts.get(k)
            if tok.text == "," and tok.i in ends and nxt is not None and same_kind(ends[tok.i], nxt):
                # enumeration of actors: "Egypt, Greece, Cyprus(,) and France"; a person next to a country
                # is no enumeration ("nominierte Danilo Türk, Kroatien seine Außenministerin ...")
                boundary = False
            if tok.text == "," and tok.i + 1 < sent.end and sent.doc[tok.i + 1].text.lower() in subs:
                boundary = True
            if boundary:
                seg += 1
            out[tok.i] = seg
        return out

    def units(self, sent, mentions: list[Mention]) -> list[Unit]:
        """Group coordinated mentions and read their surface slot, parse role and case."""
        doc = sent.doc
        units: list[Unit] = []
        for m in mentions:
            if units:
                last = units[-1]
                between = [doc[j] for j in range(last.end, m.start)]
                if between and between[0].text == ")" and doc[last.end - 1].is_upper:
                    between = between[1:]       # "the Kurdistan Workers' Party (PKK) and ...": the abbreviation
                # "Putin und Trump", "Trump and Turkish President Erdoğan", "Egypt, Greece and France"
                comma_only = all(t.text == "," for t in between)
                if between and len(between) <= 5 and between[0].text.lower() in COORD and (
                        not comma_only or same_kind(last.mentions[-1], m)) and all(
                        t.text.lower() in COORD or t.pos_ == "DET" or t.text.lower() in ("his", "her", "sein", "seine", "ihr", "ihre")
                        or (t.pos_ in ("ADJ", "PROPN", "NOUN") and (t.text[:1].isupper() or t.pos_ == "ADJ"))
                        for t in between[1:]):
                    last.mentions.append(m)
                    last.end = m.end
                    continue
            units.append(Unit([m], m.start, m.end))
        units = self._merge_counterparts(doc, units)
        for u in units:
            head = doc[u.mentions[0].head]
            if self.has_parser:
                # the syntactic head of the span: "the Kurdistan Workers' Party (PKK" ends in an apposition
                m0 = u.mentions[0]
                head = next((t for t in doc[m0.start:m0.end] if not m0.start <= t.head.i < m0.end or t.head is t), head)
            u.dep_role = dep_role(head.dep_) if self.has_parser else None
            u.features["head"] = head.i
            case = head.morph.get("Case")
            u.case = case[0] if case else None
            article_case = self._article_case(doc, u.start, sent.start)
            if article_case:
                u.case = article_case
            # preposition before the unit (skipping determiners and adjectives)
            j = u.start - 1
            steps = 0
            first = u.mentions[0]
            # German names take no article: "in dem Putin ..." is a relative clause, not a PP
            name_tokens = " ".join(filter(None, (first.actors[0].name, first.actors[0].name_de))).lower().split()
            name_first = (first.kind == "name" and first.actors[0].type == "PERSON" and self.lang == "de"
                          and doc[first.start].text.lower() in name_tokens)
            while j >= sent.start and steps < 5 and not name_first and (doc[j].pos_ in ("DET", "ADJ", "NUM") or (
                    # a hyphenated modifier: "into north-eastern Syria"
                    doc[j].text == "-" and not doc[j].whitespace_ and j > sent.start and not doc[j - 1].whitespace_) or (
                    doc[j + 1].text == "-" and not doc[j].whitespace_ and doc[j].is_alpha and j + 1 < u.start) or (
                    # rule tier (no tagger): German inflected adjectives between preposition and noun
                    not doc[j].pos_ and self.lang == "de" and doc[j].is_lower and doc[j].text not in self.preps
                    and doc[j].text.endswith(("e", "en", "em", "er", "es"))) or doc[j].text.lower() in
                    ARTICLES.get(self.lang, ())) and doc[j].text not in BOUNDARY_TEXT:
                j -= 1
                steps += 1
            if j >= sent.start:
                prep = doc[j].text.lower()
                prep = CONTRACTIONS.get(prep, prep)
                prep = PREPOSITION_LIKE.get(self.lang, {}).get(prep, prep)
                is_conjunction = doc[j].pos_ == "SCONJ" or doc[j].dep_ == "mark"
                if prep in ("of", "von", "from", "aus") and j - 1 >= sent.start \
                        and doc[j - 1].text.lower() in PART_NOUNS.get(self.lang, ()):
                    self._through_part_noun(sent, u, j - 1)
                elif prep in self.preps and not is_conjunction:
                    u.slot = f"pp:{prep}"
                    u.features["prep_index"] = j
                    # "für eine Lösung für Israelis": the PP follows a noun and modifies it
                    u.features["after_noun"] = j - 1 >= sent.start and doc[j - 1].pos_ == "NOUN" and \
                        not any(m.start <= j - 1 < m.end for m in mentions)
        return units

    @staticmethod
    def _merge_counterparts(doc, units: list[Unit]) -> list[Unit]:
        """"X and his Greek and French counterparts, A and B": the persons named after "counterparts" join X;
        the country adjectives before it only say where they come from."""
        out: list[Unit] = []
        for u in units:
            prev = out[-1] if out else None
            if prev is not None and any(m.kind == "adjective" for m in prev.mentions):
                between = [doc[j].text.lower() for j in range(prev.end, u.start)]
                if between and between[0] in COUNTERPART_NOUNS and all(w in COUNTERPART_NOUNS or w == "," for w in between):
                    prev.mentions = [m for m in prev.mentions if m.kind != "adjective"] + u.mentions
                    prev.end = u.end
                    continue
            out.append(u)
        return out

    def _through_part_noun(self, sent, u: Unit, noun_i: int) -> None:
        """Give the unit the slot of its part noun's phrase: "by members of X" -> pp:by, "Members of X
        condemned" -> bare (a subject candidate)."""
        doc = sent.doc
        j = noun_i - 1
        while j >= sent.start and noun_i - j <= 4 and (doc[j].pos_ in ("DET", "ADJ", "NUM") or doc[j].text.lower() in (
                "the", "a", "an", "der", "die", "das", "den", "dem", "des", "some", "several", "einige", "mehrere")):
            j -= 1
        u.features["part_noun"] = noun_i
        if j >= sent.start:
            prep = CONTRACTIONS.get(doc[j].text.lower(), doc[j].text.lower())
            if prep in self.preps and prep not in ("of", "von", "from", "aus") and doc[j].pos_ != "SCONJ" \
                    and doc[j].dep_ != "mark":
                u.slot = f"pp:{prep}"
                u.features["prep_index"] = j

    def _article_case(self, doc, start: int, floor: int) -> str | None:
        """Case from an unambiguous German article before the unit ("den ... Machthaber Assad")."""
        if self.lang != "de":
            return None
        for j in range(start - 1, max(floor - 1, start - 5), -1):
            word = doc[j].text.lower()
            if word in GERMAN_ARTICLE_CASE:
                return GERMAN_ARTICLE_CASE[word]
            if doc[j].text in BOUNDARY_TEXT or doc[j].pos_ in ("VERB", "AUX", "ADP"):
                return None
        return None
