"""Events from sentences: lexicon triggers, argument slots, flags, dates, confidence.

A trigger is a verb, a light-verb construction (verb + noun) or an event noun
from the lexicon. Its arguments are the actor mentions of its clause, put into
slots the way a careful human coder does it when the parse is unreliable:
prepositions and possessives first (they are unambiguous on the surface), then
dependency labels of any scheme (UD, TIGER, ClearNLP), morphological case, the
valency frame of the lexicon entry and word order.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..ontology.lexicon import LexEntry, Lexicon
from ..ontology.tables import split_values
from ..ontology.words import both_languages, per_language, value_groups, word_map, word_set
from .actors import ActorLinker, Mention
from .dates import date_event
from .lemmas import token_lemmas
from .records import Actor, Article, Event

# Dependency labels of three schemes mapped to argument roles.
SUBJ_DEPS = {"nsubj", "sb", "csubj", "nsubj:pass", "nsubjpass", "pd"}
OBJ_DEPS = {"obj", "dobj", "oa", "oa2", "og"}
DAT_DEPS = {"iobj", "obl:arg", "da", "dative"}
AGENT_DEPS = {"obl:agent", "sbp", "agent"}
PASSIVE_SUBJ_DEPS = {"nsubj:pass", "nsubjpass"}
PARTICLE_DEPS = {"compound:prt", "svp", "prt"}
BOUNDARY_TEXT = {",", ";", ":", "(", ")", "–", "—", "\"", "«", "»", "„", "“", "”", "[", "]"}
# Word lists live in ontology/words/events.tsv (documented there), so users can edit them without code.
SUBORDINATORS = per_language("subordinator")
COORD = both_languages("coordinator")
STATE_ACTION_NOUNS = per_language("state_action_noun")
# Roots whose events between co-subjects are read as mutual when the lexicon row does not say "co":
# intent to cooperate, consult, diplomatic and material cooperation.
RECIPROCAL_ROOTS = {"03", "04", "05", "06"}
PART_NOUNS = per_language("part_noun")
NEGATIONS = per_language("negation")
SPEECH_VERBS = per_language("speech_verb")
SPEECH_PHRASES = {lang: tuple(word_map("speech_phrase", lang)) for lang in ("de", "en")}
KONJUNKTIV_I = word_set("konjunktiv_i", "de")
MODALITY = {lang: word_map("modality", lang) for lang in ("de", "en")}
CONTRACTIONS = word_map("contraction", "de")
PREPOSITIONS = per_language("preposition")
MEANS_PREPOSITIONS = per_language("means_preposition")
MEANS_NOUNS = {lang: value_groups("means_noun", lang) for lang in ("de", "en")}
MEANS_RELATIONS = {"195": "attack from the air", "194": "shell"}
PREPOSITION_LIKE = {lang: word_map("preposition_like", lang) for lang in ("de", "en")}
ARTICLES = per_language("article")
RELATIVE_PRONOUNS = per_language("relative_pronoun")
FOUNDER_VERBS = both_languages("founder_verb")
ENUMERATION_FILLERS = both_languages("enumeration_filler")
PLEDGE_VERBS = per_language("pledge_verb")
# Promises of cooperative acts are intents (03x): the code of the intent for the root of the act.
INTENT_OF_ROOT = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035"}
COUNTERPART_NOUNS = both_languages("counterpart_noun")
VICTIM_NOUNS = both_languages("victim_noun")
NAME_PARTICLES = both_languages("name_particle")
FOUR_CONSULT_ROOT = "04"
# Acts that take two to happen: an agreement "with" a partner is signed by both.
MUTUAL_CODES = {"057"}
DISAPPROVE_ROOT = "11"
ADDRESSING_VERBS = per_language("addressing_verb")
# Appeals and demands: the act they ask for is part of them ("called on Y to withdraw").
REQUEST_ROOTS = {"02", "10"}
ADVERBIAL_PREPOSITIONS = per_language("adverbial_preposition")
OPENING_ONLY_PREPOSITIONS = per_language("opening_only_preposition")
# Roots whose verb takes the subject of its complement clause as target when it has no actor object.
COMPLEMENT_TARGET_ROOTS = {DISAPPROVE_ROOT, "02", "10"}
# Generic cooperation that becomes military cooperation (062) when the partner is X's armed forces.
GENERIC_COOPERATION = {"050", "060"}
MILITARY_PART_NOUNS = both_languages("military_part_noun")
PLAIN_STATEMENTS = {"make statement", "comment"}
EN_NOUN_MARKERS = word_set("noun_marker", "en")


def _antecedent(noun: str, value: str) -> tuple[frozenset[str], bool]:
    """An ``anaphoric_event_noun`` value ("11 at_subject") as (CAMEO roots of the antecedent, whether the
    antecedent must have been directed at the subject of the new event)."""
    roots, _, flag = value.partition(" ")
    if not split_values(roots) or flag not in ("", "at_subject"):
        raise ValueError(f"anaphoric_event_noun {noun!r}: value must be roots like 02|10, then at_subject or "
                         f"nothing, not {value!r}")
    return frozenset(split_values(roots)), flag == "at_subject"


# Definite event nouns that point back to an event told earlier in the article ("the operation was condemned").
ANAPHORIC_EVENT_NOUNS = {noun: _antecedent(noun, value) for lang in ("de", "en")
                         for noun, value in word_map("anaphoric_event_noun", lang).items()}
ANAPHORIC_DETERMINERS = both_languages("anaphoric_determiner")
ANTECEDENT_WINDOW = 3000          # characters before the sentence in which the antecedent event must start
GERMAN_ARTICLE_CASE = word_map("article_case", "de")


@dataclass
class Trigger:
    """A lexicon match in a sentence."""

    index: int                    # token index of the verb or noun
    entry: LexEntry
    noun_index: int | None = None  # the light verb's noun
    tokens: tuple[int, ...] = ()
    alternatives: tuple[LexEntry, ...] = ()   # further entries of the same expression, tried in order

    @property
    def entries(self) -> tuple[LexEntry, ...]:
        return (self.entry,) + self.alternatives


@dataclass
class Unit:
    """A coordinated group of mentions that fills one slot ("Putin und Trump")."""

    mentions: list[Mention]
    start: int
    end: int
    slot: str = "bare"            # bare | pp:X | gen | poss
    dep_role: str | None = None   # subj | obj | dat | agent from the parse
    case: str | None = None
    features: dict = field(default_factory=dict)

    @property
    def actors(self) -> list[Actor]:
        seen, out = set(), []
        for m in self.mentions:
            for a in m.actors:
                if a.key not in seen:
                    seen.add(a.key)
                    out.append(a)
        return out

    @property
    def confidence(self) -> float:
        return min(m.confidence for m in self.mentions)


PREDICATIVE_DEPS = {"oprd", "xcomp", "pd", "obj:pred"}


def has_predicative_complement(verb) -> bool:
    """The verb names or labels its object ("called Macron a partner", "nannte ihn einen Lügner"): an object
    predicate (ClearNLP ``oprd``) or a nominal/adjectival complement, which no plain verb sense takes."""
    if not verb.dep_:                  # rule tier: no parse (and the children of unparsed docs can crash)
        return False
    return any(c.dep_.lower() in PREDICATIVE_DEPS and c.pos_ in ("NOUN", "PROPN", "ADJ")
               for c in verb.children)


def _dep_role(dep: str) -> str | None:
    dep = dep.lower()
    if dep in AGENT_DEPS:
        return "agent"
    if dep in SUBJ_DEPS:
        return "subj_pass" if dep in PASSIVE_SUBJ_DEPS else "subj"
    if dep in OBJ_DEPS:
        return "obj"
    if dep in DAT_DEPS:
        return "dat"
    return None


class EventFinder:
    """Finds events in parsed documents of one language."""

    def __init__(self, lang: str, lexicon: Lexicon, linker: ActorLinker, has_parser: bool):
        self.lang = lang
        self.lex = lexicon
        self.linker = linker
        self.has_parser = has_parser
        self.particles = frozenset(lexicon.particles)
        self.preps = PREPOSITIONS.get(lang, set())
        self.noun_suffixes = sorted({n for n in lexicon.nouns if len(n) >= 5}, key=len, reverse=True)

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
                        ordered = _by_preference(self.lex.verbs[lemma])
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
                    ordered = _by_preference(entries)
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
            if tok.text == "," and tok.i in ends and nxt is not None and _same_kind(ends[tok.i], nxt):
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
                        not comma_only or _same_kind(last.mentions[-1], m)) and all(
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
            u.dep_role = _dep_role(head.dep_) if self.has_parser else None
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

    # -- slot assignment ---------------------------------------------------------------------
    def _assign(self, trig: Trigger, units: list[Unit], sent, passive: bool,
                sent_mentions: list[Mention] = ()) -> dict[str, Unit]:
        doc = sent.doc
        t = doc[trig.index]
        slots: dict[str, Unit] = {}
        is_noun = trig.entry.kind == "noun"
        for u in units:
            if is_noun and u.end <= trig.index and trig.index - u.end <= 2 and u.slot.startswith("pp:") and all(
                    doc[j].pos_ in ("ADJ", "PART") or doc[j].text in ("'s", "’s", "'", "’") for j in range(u.end, trig.index)):
                # "in response to the US airstrike": the preposition governs the event noun, the actor modifies it
                slots.setdefault("poss", u)
                u.features["explicit"] = True
                continue
            if u.slot.startswith("pp:"):
                prep = u.slot[3:]
                if trig.entry.kind == "verb" and self.lang == "de" and u.features.get("after_noun") \
                        and u.features["prep_index"] - 1 != trig.index:
                    continue                    # the PP of another noun, not of the verb
                if is_noun and self.lang == "en" and u.start < trig.index:
                    continue                    # an English noun's PPs follow it; earlier PPs belong elsewhere
                if is_noun and self.lang == "en" and self.has_parser and "prep_index" in u.features and \
                        doc[u.features["prep_index"]].head.i not in (trig.index, t.head.i):
                    continue                    # "claimed by the Houthi movement in Yemen": "in" is not the noun's
                if passive and prep in ("von", "durch", "by"):
                    slots.setdefault("subj", u)
                    u.features["explicit"] = True
                    continue
                if is_noun and prep == "of" and u.start > trig.index:
                    slots.setdefault("gen", u)
                slots.setdefault(u.slot, u)
                u.features["explicit"] = True
            elif is_noun and u.start > trig.index and u.start - trig.index <= 5 and (
                    u.case == "Gen" or any(doc[j].text.lower() in ("der", "des") for j in range(trig.index + 1, u.start))):
                slots.setdefault("gen", u)
                u.features["explicit"] = True
            elif is_noun and u.end <= trig.index and trig.index - u.end <= 2 and all(
                    doc[j].pos_ in ("ADJ", "PART") or doc[j].text in ("'s", "’s", "'", "’") for j in range(u.end, trig.index)):
                slots.setdefault("poss", u)
                u.features["explicit"] = True
        if not is_noun:
            # genitive attribute of the verb's object: "die Kandidatur von Jeremic", "das Vorgehen Russlands"
            for u in units:
                prep = u.slot[3:] if u.slot.startswith("pp:") else None
                if u in slots.values() and prep not in ("von", "of"):
                    continue
                j = u.start - 1
                while j > trig.index and doc[j].pos_ in ("DET", "ADJ"):
                    j -= 1
                article = doc[u.start - 1].text.lower() if u.start > 0 else ""
                after_noun = j > 0 and doc[j].pos_ == "NOUN" and j not in {m for x in units for m in range(x.start, x.end)}
                if u.slot == "bare" and after_noun and article in ("der", "des") and u.case in (None, "Gen"):
                    slots.setdefault("gen", u)
                elif prep in ("von", "of") and doc[u.features.get("prep_index", u.start) - 1].pos_ == "NOUN":
                    slots.setdefault("gen", u)
        if not is_noun and self.has_parser:
            # a country adjective on the verb's object names the target: "condemned Russian aggression",
            # "alleged Iranian involvement"
            for u in units:
                tok = doc[u.start]
                if u.slot == "bare" and all(m.kind == "adjective" for m in u.mentions) and u not in slots.values() \
                        and tok.dep_.lower() in ("amod", "nmod", "compound") and tok.head.head.i == trig.index \
                        and _dep_role(tok.head.dep_) == "obj" \
                        and tok.head.text.lower() in STATE_ACTION_NOUNS.get(self.lang, ()):
                    slots.setdefault("obj", u)
        bare = [u for u in units if u.slot == "bare" and u not in slots.values()
                and not any(m.kind == "adjective" for m in u.mentions)]
        if not bare:
            return slots
        # the subject: parse label + nominative, else nominative, else the first bare unit
        def subj_score(u: Unit) -> float:
            score = 0.0
            if u.dep_role in ("subj",) and not passive:
                score += 2
            if u.dep_role == "subj_pass" and passive:
                score -= 2
            if u.case == "Nom":
                score += 1.5
            if u.case in ("Dat", "Acc"):
                score -= 1.5
            if u.dep_role in ("obj", "dat"):
                score -= 1
            if self.lang == "en" and u.start < trig.index:
                score += 1.5
            if self.lang == "en" and self.has_parser and u.dep_role == "subj" and \
                    doc[u.features.get("head", u.start)].head.i == trig.index:
                score += 2                  # the subject of this very verb, not of a verb that frames it
            
            score -= 0.01 * u.start         # earlier wins ties (German Vorfeld, English SVO)
            return score
        ranked = sorted(bare, key=subj_score, reverse=True)
        if passive:
            # in a passive clause the grammatical subject is the target
            subj_u = slots.get("subj")
            objs = ranked
        else:
            subj_u = ranked[0]
            if self.has_parser and self.lang == "en" and subj_u.dep_role in ("obj", "dat") and not passive:
                subj_u = None                   # the parse calls it an object: the subject is elsewhere
            elif self.lang == "en" and self.has_parser and doc[subj_u.features.get("head", subj_u.start)].head.i \
                    != trig.index and any(_dep_role(c.dep_) == "subj" and any(m.start <= c.i < m.end for m in sent_mentions)
                                          and not subj_u.start <= c.i < subj_u.end for c in t.children):
                subj_u = None                   # the verb's own subject is an actor outside this clause segment
            elif (subj_u.dep_role != "subj" or (self.lang == "en" and self.has_parser and doc[subj_u.features.get(
                    "head", subj_u.start)].head.i != trig.index)) and self._non_actor_subject(t, units, sent_mentions):
                subj_u = None                   # the clause has a subject and it is not an actor
            if subj_u is None:
                pass
            elif "subj" not in slots and not is_noun:
                slots["subj"] = subj_u
                subj_u.features["explicit"] = subj_u.dep_role == "subj" or subj_u.case == "Nom"
            elif is_noun and "subj" not in slots and trig.entry.cameo.startswith(FOUR_CONSULT_ROOT) \
                    and subj_score(subj_u) > -1:
                slots["subj"] = subj_u          # "X ... bei einem Gespräch mit Y": the clause subject met Y
            objs = [u for u in ranked if u is not slots.get("subj")]
        for u in objs:
            role = u.dep_role if u.dep_role in ("obj", "dat") else None
            if u.case == "Dat":
                role = "dat"
            elif u.case == "Acc":
                role = role or "obj"
            if role and role not in slots:
                slots[role] = u
                u.features["explicit"] = True
            else:
                slots.setdefault("obj_any", u)
        return slots

    def _non_actor_subject(self, verb, units: list[Unit], mentions: list[Mention] = ()) -> bool:
        """True when the parse gives the trigger verb a subject outside every actor mention."""
        if not self.has_parser:
            return False
        covered = {i for u in units for i in range(u.start, u.end)} | {
            i for m in mentions for i in range(m.start, m.end)} | {
            u.features["part_noun"] for u in units if "part_noun" in u.features}   # "Members of the EU"
        heads = {verb}
        if verb.dep_.lower() in ("aux", "aux:pass", "auxpass") or verb.head.pos_ in ("AUX",):
            heads.add(verb.head)
        heads.update(c for c in verb.children if c.dep_.lower() in ("aux", "aux:pass", "auxpass"))
        for head in heads:
            for child in head.children:
                if _dep_role(child.dep_) == "subj" and child.i not in covered and child.pos_ in ("NOUN", "PROPN") \
                        and not any(c.dep_.lower() == "appos" and c.i in covered for c in child.children):
                    # "der Parteichef Jarosław Kaczyński": a title whose apposition is the actor is no other subject
                    nxt = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
                    if nxt is not None and nxt.text in ("–", "—", "-"):
                        continue                # a dateline ("Washington – ...") the parser took for a subject
                    return True
        return False

    @staticmethod
    def _fill(spec: tuple[str, ...], slots: dict[str, Unit], exclude: Unit | None = None) -> tuple[str, Unit] | None:
        for slot in spec:
            if slot in ("none", "co"):
                continue
            u = slots.get(slot)
            if u is None and slot in ("obj", "dat"):
                # no actor object: the actor the object belongs to ("die Kandidatur von Jeremic
                # unterstützen", "criticized the policy of Russia")
                u = slots.get("obj_any") or slots.get("dat" if slot == "obj" else "obj") or slots.get("gen")
            if u is not None and u is not exclude:
                return slot, u
        return None

    # -- flags ---------------------------------------------------------------------------------
    def _is_passive(self, tok) -> bool:
        if not self.has_parser:
            return False
        if any(c.dep_.lower() in ("aux:pass", "auxpass") for c in tok.children):
            return True
        if self.lang == "de":
            participle = "Part" in tok.morph.get("VerbForm") or tok.tag_ == "VVPP"
            # UD: "werden" is the participle's aux child; TIGER: "werden" heads the participle (oc)
            werden_child = any(c.lemma_.lower() == "werden" for c in tok.children)
            werden_head = tok.dep_.lower() == "oc" and tok.head.lemma_.lower() == "werden"
            return participle and (werden_child or werden_head)
        return False

    def _segment_tokens(self, sent, seg_of: dict[int, int], index: int) -> list:
        seg = seg_of[index]
        return [t for t in sent if seg_of[t.i] == seg]

    def _flags(self, sent, seg_tokens, trig: Trigger, units: list[Unit], seg_of) -> dict:
        lang = self.lang
        lowers = [t.text.lower() for t in seg_tokens]
        negated = any(w in NEGATIONS.get(lang, ()) for w in lowers) and "nur" not in lowers
        if lang == "en" and self.has_parser:
            # "not" on the verb or on its auxiliary ("had not, as of yesterday, announced")
            trig_tok = sent.doc[trig.index]
            negated = negated or any(t.dep_ == "neg" and (t.head.i == trig.index or (
                t.head.dep_ in ("aux", "auxpass") and t.head.head.i == trig.index)) for t in sent) or any(
                c.dep_ == "neg" for c in trig_tok.children)
        reported = False
        speaker = None
        sent_lower = sent.text.lower()
        trig_lemmas = token_lemmas(sent.doc[trig.index], lang, self.particles)
        own_speech = bool(trig_lemmas & SPEECH_VERBS.get(lang, set())) or trig.entry.cameo.startswith("01")
        if lang == "de" and any(w in KONJUNKTIV_I or "Sub" in t.morph.get("Mood") and w.endswith("e")
                                for w, t in zip(lowers, seg_tokens)):
            reported = True
        if not own_speech:
            for tok in sent:
                if seg_of[tok.i] == seg_of[trig.index]:
                    continue
                if token_lemmas(tok, lang, frozenset()) & SPEECH_VERBS.get(lang, set()) and tok.text[:1].islower():
                    reported = True
                    for u in units:
                        if seg_of.get(u.start) == seg_of[tok.i] and u.slot == "bare":
                            speaker = u.actors[0]
                            break
                    break
            if any(p in sent_lower for p in SPEECH_PHRASES.get(lang, ())):
                reported = True
        modality = "asserted"
        table = MODALITY.get(lang, {})
        for tok in seg_tokens:
            lemma = tok.lemma_.lower()
            cand = table.get(tok.text.lower()) or table.get(lemma)
            if cand and tok.i != trig.index:
                modality = cand
                break
        return {"negated": negated, "reported": reported, "speaker": speaker, "modality": modality}

    # -- the events of one sentence ------------------------------------------------------------
    def sentence_events(self, sent, mentions: list[Mention], article: Article, text_offset: int = 0,
                        prior: list[Event] = (), trigs: list[Trigger] | None = None) -> list[Event]:
        """Events stated in one sentence, given the actor mentions inside it and the article's earlier events
        (``trigs``: the sentence's :meth:`triggers`, when the caller has them already)."""
        trigs = self.triggers(sent, mentions) if trigs is None else trigs
        if not trigs:
            return []
        # a one-word NER "actor" that is an event noun ("Misstöne") is the event, not an actor
        mentions = [m for m in mentions if not self._ner_event_noun(sent.doc, m)]
        seg_of = self.segments(sent, mentions)
        doc = sent.doc
        events: list[Event] = []
        s_start = sent.start_char
        s_text = sent.text
        lead = len(s_text) - len(s_text.lstrip())
        s_text = s_text.strip()
        s_start += lead
        by_trigger: dict[int, tuple[str, int]] = {}   # trigger token -> (CAMEO code, index of its first event)
        for trig in trigs:
            seg = seg_of[trig.index]
            seg_mentions = [m for m in mentions if seg_of.get(m.start) == seg and m.start not in trig.tokens]
            if trig.entry.kind == "noun":
                # a nominal event reaches into a following clause only through its own PPs
                pass
            units = self.units(sent, seg_mentions)
            if not units and trig.entry.kind != "noun":
                units = self._units_from_parse(sent, trig, mentions)
            passive = self._is_passive(doc[trig.index])
            acl_subject = self._acl_subject(doc[trig.index], units, mentions) if trig.entry.kind != "noun" else None
            slots = self._assign(trig, units, sent, passive, mentions)
            if acl_subject is not None and not passive:
                # "officials asking Y": the modified noun is the subject; no actor if it names none
                slots.pop("subj", None)
                if acl_subject is not False:
                    slots["subj"] = acl_subject
                    for key in [k for k, v in slots.items() if v is acl_subject and k != "subj"]:
                        del slots[key]
            elif "subj" not in slots and trig.entry.kind != "noun":
                parsed = self._subject_from_parse(sent, trig, mentions, passive)
                if parsed is not None:
                    slots["subj"] = parsed
            if trig.entry.kind == "light" and self.has_parser and trig.noun_index is not None \
                    and seg_of.get(trig.noun_index) != seg:
                founder = self._founder(doc[trig.noun_index], mentions)
                if founder is not None:
                    slots.setdefault("rel", founder)   # "X announced a coalition which was joined by Y"
            if trig.entry.kind == "noun" and self.has_parser:
                rel = self._relative_clause_object(doc[trig.index], mentions)
                if rel is not None:
                    slots["rel"] = rel
                victim = self._victim_subject(doc[trig.index], mentions)
                if victim is not None:
                    slots.setdefault("rel", victim)  # "X has been the subject of US sanctions"
                if "subj" in trig.entry.source:
                    pred = self._predicate_subject(doc[trig.index], mentions)
                    if pred is not None:
                        slots["subj"] = pred
            if trig.entry.kind == "verb" and trig.entry.cameo[:2] in COMPLEMENT_TARGET_ROOTS \
                    and not any(k in slots for k in ("obj", "obj_any", "dat")):
                comp = self._complement_subject(doc[trig.index], mentions, slots.get("subj"))
                if comp is not None:
                    # "X alleged Y had ...": the accused is the clause's subject; "X recommended/demanded that
                    # Y withdraw": so is the addressee of an appeal or demand
                    slots["obj_any"] = comp
            if trig.entry.kind == "verb" and trig.entry.cameo[:2] in ("02", "10") and "pp:to" in slots \
                    and not any(k in slots for k in ("obj", "dat")) and self._addressed_by_letter(
                        doc[trig.index], slots["pp:to"]) and not self._other_actor(slots.get("obj_any"), slots.get("subj")):
                slots["obj_any"] = slots["pp:to"]   # "X wrote to Y asking to ...": Y is asked
            if prior and trig.entry.kind != "noun" and not any(
                    self._other_actor(slots.get(k), slots.get("subj")) for k in ("obj", "dat", "gen", "poss", "rel")) \
                    and not (
                    # an actor left over from another phrase ("... and said the X family left") is no object
                    "obj_any" in slots and doc[slots["obj_any"].features.get("head", 0)].head.i == trig.index):
                earlier = self._antecedent(doc[trig.index], trig, slots.get("subj"), prior, sent.start_char)
                if earlier is not None:
                    slots["obj_any"] = earlier  # "the operation was condemned by X": the operation's agent
                    for k in ("poss", "gen"):  # (an own actor there: "... a violation of Iraqi sovereignty")
                        if not self._other_actor(slots.get(k), slots.get("subj")):
                            slots[k] = earlier
            chosen = None
            for attempt in range(2):
                for entry in trig.entries:
                    found = self._pairs(entry, slots)
                    if found is not None:
                        chosen = (entry,) + found
                        break
                if chosen is not None or trig.entry.kind != "noun" or attempt:
                    break
                # "Drohungen, die Nordkorea gegen Südkorea ausgestoßen hat": the relative clause on the
                # event noun names its actor (subject) and its PPs
                slots = self._relative_clause_slots(sent, seg_of, trig, mentions, slots)
                if slots is None:
                    break
            if chosen is None:
                continue
            entry, pairs, src_u, tgt = chosen
            pledge = self._pledged(doc[trig.index]) if entry.cameo[:2] in INTENT_OF_ROOT else None
            if pledge is not None:
                # "committed to send troops", "versprach, Hilfe zu schicken": a promise of the act (03x)
                entry = replace(entry, relation=f"pledge to {entry.relation}", cameo=INTENT_OF_ROOT[entry.cameo[:2]])
            if tgt is None and entry.cameo.startswith(FOUR_CONSULT_ROOT) and len(src_u.actors) >= 2:
                host = self._host(units, src_u)
                if host is not None:
                    # "A, B and C met in <A's capital>": A hosts the others (043)
                    entry = replace(entry, relation="host", cameo="043")
                    pairs = [(host, b) for b in src_u.actors if b.key != host.key]
            means = self._means(sent, seg_of, trig.index) if entry.cameo[:2] in ("18", "19") else None
            if means is not None and entry.cameo != means:
                # "the killing of X in an airstrike": the weapon decides the code (195 air, 194 artillery)
                entry = replace(entry, relation=MEANS_RELATIONS[means], cameo=means)
            if entry.cameo in GENERIC_COOPERATION and tgt is not None and \
                    doc[tgt[1].features.get("part_noun", tgt[1].start)].lemma_.lower() in MILITARY_PART_NOUNS:
                # cooperation with the navies / armed forces of X is military cooperation
                entry = replace(entry, relation="cooperate militarily", cameo="062")
            trig = Trigger(trig.index, entry, trig.noun_index, trig.tokens)
            seg_tokens = self._segment_tokens(sent, seg_of, trig.index)
            flags = self._flags(sent, seg_tokens, trig, units, seg_of)
            trig_char = doc[trig.index].idx - s_start
            date = date_event(s_text, trig_char, article.date, self.lang)
            conf = self._confidence(trig, src_u, tgt[1] if tgt else None, sent)
            trigger_text = " ".join(doc[i].text for i in sorted(trig.tokens))
            if trig.entry.kind != "noun" and tgt is not None and tgt[0] in ("obj", "dat"):
                pairs = pairs + self._gapped_pairs(sent, seg_of, seg, mentions, src_u, tgt[1])
            by_trigger.setdefault(trig.index, (entry.cameo, len(events)))
            for a, b in pairs:
                events.append(Event(
                    article_id=article.id, source=a, target=b, relation=trig.entry.relation,
                    cameo=trig.entry.cameo, sentence=s_text, start=s_start + text_offset,
                    end=s_start + text_offset + len(s_text), **date.event_fields(article.date),
                    negated=flags["negated"],
                    reported=flags["reported"], speaker=flags["speaker"], modality=flags["modality"],
                    confidence=conf, trigger=trigger_text, lang=self.lang))
        events = self._drop_requested_acts(doc, events, by_trigger)
        if any(e.target is not None for e in events):
            # the statement verb only frames the sentence's interaction ("X said Y attacked Z")
            events = [e for e in events if e.target is not None]
        # "Erdoğan said, ..." attributes a quote; a government's or organisation's statement is an event
        events = [e for e in events if not (e.target is None and e.source.type == "PERSON"
                                            and e.relation in PLAIN_STATEMENTS)]
        # "X had not announced any plans": a statement that was not made is no event
        events = [e for e in events if not (e.target is None and e.negated and e.cameo.startswith("01"))]
        return events

    @staticmethod
    def _other_actor(unit: Unit | None, subj: Unit | None) -> bool:
        """The unit names an actor other than the subject's."""
        own = {a.key for a in subj.actors} if subj is not None else set()
        return unit is not None and any(a.key not in own for a in unit.actors)

    def _addressed_by_letter(self, verb, unit: Unit) -> bool:
        """The appeal is a participle clause of a verb of writing whose "to" phrase is ``unit`` ("wrote to the
        embassy asking ...", "turned to the UN, urging ...")."""
        if not self.has_parser or verb.dep_.lower() not in ("advcl", "xcomp", "conj") or \
                verb.head.lemma_.lower() not in ADDRESSING_VERBS.get(self.lang, ()):
            return False
        prep = unit.features.get("prep_index")
        return prep is not None and verb.doc[prep].head.i == verb.head.i

    def _antecedent(self, verb, trig: Trigger, subj: Unit | None, prior: list[Event], floor: int) -> Unit | None:
        """The agent of the earlier event a definite event noun object refers back to, as a target unit.

        "Turkey launched an offensive ... The operation was condemned by X" -> Turkey; "Y accused Iran ...
        Iran denied the accusation" -> Y (the antecedent must have been aimed at the subject); "wrote to
        the embassy asking ... The embassy declined the request" -> the writer. Parsed documents only.
        """
        if not self.has_parser:
            return None
        passive = self._is_passive(verb)
        # children, and objects the parser hung on an adverbial of the verb ("verurteilte den Angriff scharf")
        near = list(verb.children) + [g for c in verb.children if c.pos_ in ("ADJ", "ADV") for g in c.children]
        nouns = [c for c in near if _dep_role(c.dep_) == ("subj_pass" if passive else "obj")
                 or (passive and self.lang == "de" and _dep_role(c.dep_) == "subj")]
        if trig.noun_index is not None:
            # the light verb's own noun ("declined the request"), then its object ("called the attack a violation")
            nouns.insert(0, verb.doc[trig.noun_index])
        subject = {a.key for a in subj.actors} if subj is not None else set()
        for noun in nouns:
            spec = ANAPHORIC_EVENT_NOUNS.get(noun.text.lower()) or ANAPHORIC_EVENT_NOUNS.get(noun.lemma_.lower())
            if spec is None or not any(c.text.lower() in ANAPHORIC_DETERMINERS and c.i < noun.i
                                       for c in noun.children):
                continue
            roots, at_subject = spec
            candidates = [ev for ev in reversed(prior) if ev.start >= floor - ANTECEDENT_WINDOW
                          and ev.cameo[:2] in roots and ev.source.key not in subject
                          and not (at_subject and (ev.target is None or ev.target.key not in subject))]
            # an event told with a noun of the same class first ("the US airstrike ... the attack"), then any
            named = [ev for ev in candidates if any(w.lower() in ANAPHORIC_EVENT_NOUNS
                                                    and ANAPHORIC_EVENT_NOUNS[w.lower()] == spec
                                                    for w in ev.trigger.split())]
            for ev in named[:1] or candidates[:1]:
                m = Mention(noun.i, noun.i + 1, (ev.source,), "pronoun", 0.5, {"coref": True})
                return Unit([m], noun.i, noun.i + 1, dep_role="obj", features={"head": noun.i, "explicit": True})
            return None
        return None

    def _drop_requested_acts(self, doc, events: list[Event], by_trigger: dict[int, tuple[str, int]]) -> list[Event]:
        """"X called on Y to stop the attacks", "X forderte Y auf, die Truppen abzuziehen": the act asked for is
        part of the appeal or demand, not an event of its own (parsed documents only)."""
        if not self.has_parser or len(by_trigger) < 2:
            return events
        asked = set()
        for index, (_code, first) in by_trigger.items():
            verb = doc[index]
            head = verb.head
            if head is not verb and verb.dep_.lower() in ("xcomp", "ccomp", "oc") and head.i in by_trigger \
                    and by_trigger[head.i][0][:2] in REQUEST_ROOTS:
                asked.add(first)
        if not asked:
            return events
        starts = sorted(first for _c, first in by_trigger.values()) + [len(events)]
        drop = {k for s0, s1 in zip(starts, starts[1:]) if s0 in asked for k in range(s0, s1)}
        return [e for k, e in enumerate(events) if k not in drop]

    def _relative_clause_slots(self, sent, seg_of: dict[int, int], trig: Trigger, mentions: list[Mention],
                               slots: dict[str, Unit]) -> dict[str, Unit] | None:
        """Slots of an event noun completed from the relative clause right after it (surface: noun, comma,
        relative pronoun), or None when there is none."""
        doc = sent.doc
        j = trig.index + 1
        if j < sent.end and doc[j].text == ",":
            j += 1
        if j >= sent.end or doc[j].text.lower() not in RELATIVE_PRONOUNS.get(self.lang, ()):
            return None
        seg = seg_of[j]
        rel_units = self.units(sent, [m for m in mentions if seg_of.get(m.start) == seg])
        if not rel_units:
            return None
        out = dict(slots)
        bare = [u for u in rel_units if u.slot == "bare" and not any(m.kind == "adjective" for m in u.mentions)]
        if bare:
            out.setdefault("poss", bare[0])
        for u in rel_units:
            if u.slot.startswith("pp:") and u.slot not in ("pp:von", "pp:by"):
                out.setdefault(u.slot, u)
        return out

    def _gapped_pairs(self, sent, seg_of: dict[int, int], seg: int, mentions: list[Mention], src: Unit,
                      tgt: Unit) -> list[tuple[Actor, Actor]]:
        """Gapping: "A nominated X, B Y, C Z" / "Germany sent tanks to Kyiv, France jets to Odesa": the clauses
        after the verb's clause that have no verb of their own but a subject and an object of the same
        kinds as the verb's repeat its event."""
        if not self.has_parser:
            return []
        src_person = any(a.type == "PERSON" for a in src.actors)
        tgt_types = {a.type for a in tgt.actors}
        out: list[tuple[Actor, Actor]] = []
        last_seg = max(seg_of.values())
        nxt = seg
        while nxt < last_seg:
            nxt += 1
            toks = [t for t in sent if seg_of[t.i] == nxt]
            if not toks or toks[0].text != ",":
                break
            words = [t for t in toks if not t.is_punct]
            if not words or any(t.pos_ in ("VERB", "AUX") for t in words):
                break
            ms = [m for m in mentions if seg_of.get(m.start) == nxt]
            if len(ms) == 1 and nxt < last_seg:
                # the object's name in an apposition: "C den früheren Präsidenten der Versammlung, Z"
                after = [m for m in mentions if seg_of.get(m.start) == nxt + 1]
                rest = [t for t in sent if seg_of[t.i] == nxt + 1 and not t.is_punct]
                if len(after) == 1 and rest and rest[0].i == after[0].start and rest[-1].i == after[0].end - 1 \
                        and all(a.type == "PERSON" for a in after[0].actors):
                    ms.append(after[0])
                    nxt += 1
            if len(ms) != 2 or ms[0].start != words[0].i or len(ms[0].actors) != 1 or len(ms[1].actors) != 1:
                break
            a, b = ms[0].actors[0], ms[1].actors[0]
            if (a.type == "PERSON") != src_person or b.type not in tgt_types or a.key == b.key:
                break
            out.append((a, b))
        return out

    def _pairs(self, entry: LexEntry, slots: dict[str, Unit]):
        """(source, target) actor pairs for one lexicon entry, or None if its frame is not filled."""
        src = self._fill(entry.source, slots)
        if src is None and "subj" not in entry.source and slots.get("subj") is not None:
            src = ("subj", slots["subj"])
        symmetric = entry.cameo.startswith(FOUR_CONSULT_ROOT)
        if src is None:
            # "Spannungen zwischen A und B", "talks between A and B": one PP holds both sides
            for slot in entry.target + entry.source:
                u = slots.get(slot)
                if slot in ("pp:zwischen", "pp:between") and u is not None and len(u.actors) >= 2:
                    return _mutual(u.actors, symmetric), u, None
            return None
        src_u = src[1]
        tgt = self._fill(entry.target, slots, exclude=src_u)
        if tgt is None and slots.get("rel") is not None and slots["rel"] is not src_u:
            tgt = ("rel", slots["rel"])         # "the US airstrike that killed X"
        if tgt is not None:
            pairs = [(a, b) for a in src_u.actors for b in tgt[1].actors if a.key != b.key]
            if entry.cameo in MUTUAL_CODES and tgt[0] in ("pp:with", "pp:mit", "co"):
                # "X signed an agreement with Y": both sides sign
                pairs += [(b, a) for a, b in pairs]
            return (pairs, src_u, tgt) if pairs else None
        if len(src_u.actors) >= 2 and src[0] == "subj" and ("co" in entry.target or (
                entry.target != ("none",) and entry.cameo[:2] in RECIPROCAL_ROOTS)):
            # co-subjects of an interaction with no other target act on each other ("A und B streben ... an");
            # co-subjects of a one-sided act each act alone ("Washington und Seoul bestreiten das")
            return _mutual(src_u.actors, symmetric), src_u, None
        for slot in entry.target:
            u = slots.get(slot)
            if slot in ("pp:zwischen", "pp:between") and u is not None and len(u.actors) >= 2:
                return _mutual(u.actors, symmetric), u, None
        if "none" in entry.target:
            return [(a, None) for a in src_u.actors], src_u, None
        return None

    def _subject_from_parse(self, sent, trig: Trigger, mentions: list[Mention], passive: bool) -> Unit | None:
        """The verb's subject from the dependency parse when the clause segment has none.

        Appositions and inserted clauses ("Angela Merkel, the Chancellor of Germany, demanded ...")
        separate subject and verb by commas; the parse still links them.
        """
        if not self.has_parser:
            return None
        verb = sent.doc[trig.index]
        heads = [verb]
        own_subject = any(_dep_role(c.dep_) in ("subj", "subj_pass") for c in verb.children)
        if verb.dep_.lower() in ("conj", "xcomp", "cj", "oc") and verb.head is not verb and not own_subject:
            heads.append(verb.head)         # "A and the US statement spoke": a conjunct with its own subject
            if self.lang == "en" and not passive:
                heads += self._participle_heads(verb.head)     # "..., committing to send troops"
        elif self.lang == "en" and not passive:
            heads += self._participle_heads(verb)
        # a parser may hang the subject on the auxiliary ("Canada had not, until May, criticized Peru")
        heads += [c for c in verb.children if c.dep_.lower() in ("aux", "aux:pass", "auxpass")]
        wanted = ("agent",) if passive else ("subj",)
        doc = sent.doc

        def x_head(x: Mention):
            return next((t for t in doc[x.start:x.end] if not x.start <= t.head.i < x.end or t.head is t), doc[x.head])

        for head in heads:
            for child in head.children:
                role = _dep_role(child.dep_)
                if role not in wanted or self._in_fronted_clause(sent, child, verb):
                    continue
                for m in mentions:
                    if m.start <= child.i < m.end:
                        # the whole coordination the subject belongs to ("X and his counterparts A and B met")
                        unit = next((u for u in self.units(sent, mentions) if u.mentions[0] is m and all(
                            x is m or child.is_ancestor(x_head(x)) for x in u.mentions)), None) or Unit([m], m.start, m.end)
                        unit.dep_role = "subj"
                        unit.features["explicit"] = True
                        return unit
        return None

    @staticmethod
    def _in_fronted_clause(sent, child, verb) -> bool:
        """The token stands in a subordinate clause before the verb ("..., dass die Deutschen hier die
        dominierende Kraft sind, sagte der Parteichef"): a parser's subject link from there is wrong."""
        if child.i >= verb.i:
            return False
        doc = sent.doc
        between = [doc[j].text for j in range(child.i + 1, verb.i)]
        if "," not in between:
            return False
        for j in range(child.i - 1, sent.start - 1, -1):
            if doc[j].text == ",":
                return False
            if doc[j].pos_ == "SCONJ" or doc[j].dep_.lower() in ("mark", "cp"):
                return True
        return False

    def _means(self, sent, seg_of: dict[int, int], index: int) -> str | None:
        """CAMEO code of the weapon named in a PP right after the trigger ("killed in an airstrike")."""
        doc = sent.doc
        end = min(sent.end, index + 8)
        for j in range(index + 1, end):
            if seg_of.get(j) != seg_of[index]:
                break
            if doc[j].text.lower() not in MEANS_PREPOSITIONS.get(self.lang, ()):
                continue
            for k in range(j + 1, min(end + 3, sent.end, j + 4)):
                low = doc[k].text.lower()
                for code, nouns in MEANS_NOUNS.get(self.lang, {}).items():
                    if low in nouns or (self.lang == "de" and any(low.endswith(n) for n in nouns)):
                        return code
        return None

    @staticmethod
    def _host(units: list[Unit], participants: Unit) -> Actor | None:
        """The one participant from the country whose seat the meeting is placed in ("in Cairo")."""
        for u in units:
            if u.slot in ("pp:in", "pp:im") and all(m.kind == "seat" for m in u.mentions):
                country = u.actors[0].country
                hosts = [a for a in participants.actors if country and a.country == country]
                return hosts[0] if len(hosts) == 1 else None
        return None

    def _pledged(self, verb):
        """The promise verb governing an infinitive trigger ("committing to send", "zugesagt, ... zu liefern")."""
        if not self.has_parser or verb.dep_.lower() not in ("xcomp", "oc", "ccomp") or verb.head is verb:
            return None
        head = verb.head
        lemmas = token_lemmas(head, self.lang, self.particles) | {head.lemma_.lower()}
        return head if lemmas & PLEDGE_VERBS.get(self.lang, set()) else None

    @staticmethod
    def _founder(noun, mentions: list[Mention]) -> Unit | None:
        """The actor who announced, formed or leads the thing a noun names ("the United States announced
        a naval coalition"): the subject of the verb the noun is the object of."""
        verb = noun.head
        if _dep_role(noun.dep_) != "obj" or verb.lemma_.lower() not in FOUNDER_VERBS:
            return None
        return EventFinder._subject_unit(verb, mentions)

    @staticmethod
    def _subject_unit(verb, mentions: list[Mention]) -> Unit | None:
        """The actor mention that is the parse subject of ``verb``, as a subject unit."""
        for child in verb.children:
            if _dep_role(child.dep_) == "subj":
                for m in mentions:
                    if m.start <= child.i < m.end:
                        return Unit([m], m.start, m.end, dep_role="subj")
        return None

    @staticmethod
    def _victim_subject(noun, mentions: list[Mention]) -> Unit | None:
        """ "X has been the subject/target of <event>", "X became the victim of <event>": X is acted upon."""
        prep = noun.head
        if prep.lower_ not in ("of", "von") or prep.head is prep:
            return None
        role = prep.head
        if role.lemma_.lower() not in VICTIM_NOUNS or role.dep_ not in ("attr", "acomp") or \
                role.head.lemma_.lower() not in ("be", "become", "remain", "sein", "werden", "bleiben"):
            return None
        return EventFinder._subject_unit(role.head, mentions)

    @staticmethod
    def _predicate_subject(noun, mentions: list[Mention]) -> Unit | None:
        """Who an agent noun describes: "X is a critic of Y" (copula subject), "X, a critic of Y" (apposition)."""
        if noun.dep_ in ("attr", "acomp") and noun.head.lemma_.lower() in ("be", "become", "remain"):
            cands = [c for c in noun.head.children if _dep_role(c.dep_) == "subj"]
        elif noun.dep_ == "appos":
            cands = [noun.head]
        else:
            return None
        for tok in cands:
            for m in mentions:
                if m.start <= tok.i < m.end:
                    unit = Unit([m], m.start, m.end, dep_role="subj")
                    unit.features["explicit"] = True
                    return unit
        return None

    @staticmethod
    def _relative_clause_object(noun, mentions: list[Mention]) -> Unit | None:
        """The actor object of a relative clause on an event noun: "the airstrike that killed X"."""
        for clause in noun.children:
            if clause.dep_.lower() not in ("relcl", "acl:relcl"):
                continue
            for child in clause.children:
                if _dep_role(child.dep_) != "obj":
                    continue
                # the object itself or its apposition ("killed Iranian general, Qasem Soleimani")
                for tok in [child] + [c for c in child.children if c.dep_ == "appos"]:
                    for m in mentions:
                        if m.start <= tok.i < m.end and m.kind != "adjective":
                            return Unit([m], m.start, m.end, dep_role="obj")
        return None

    def _complement_subject(self, verb, mentions: list[Mention], subj: Unit | None) -> Unit | None:
        """The actor subject of the verb's complement clause ("alleged Mahan had contributed to ...")."""
        if not self.has_parser:
            return None
        for clause in verb.children:
            if clause.dep_.lower() not in ("ccomp", "oc"):
                continue
            for child in clause.children:
                if _dep_role(child.dep_) not in ("subj", "subj_pass"):
                    continue
                for m in mentions:
                    if m.start <= child.i < m.end and (subj is None or not subj.start <= m.start < subj.end):
                        return Unit([m], m.start, m.end, dep_role="obj")
        return None

    @staticmethod
    def _participle_heads(verb) -> list:
        """Clauses whose subject an English participle clause without a subject of its own shares:
        "X was forceful in blaming Y" (pcomp -> prep -> acomp -> was), "X acknowledged ..., blaming Y"
        (advcl). Climbs at most four steps and stops at the first clause with a subject."""
        if verb.tag_ not in ("VBG", "VBN") or verb.dep_ not in ("advcl", "pcomp"):
            return []
        out, cur = [], verb
        for _ in range(4):
            if any(_dep_role(c.dep_) in ("subj", "subj_pass") for c in cur.children) or cur.head is cur or \
                    cur.dep_ not in ("advcl", "pcomp", "prep", "acomp"):
                break
            cur = cur.head
            out.append(cur)
        return out

    def _acl_subject(self, verb, units: list[Unit], mentions: list[Mention]) -> Unit | None | bool:
        """A participle modifying a noun ("officials asking Y", "statements speaking of Z") has that noun
        as its subject: the unit of the actor it names, or False when the noun is no actor."""
        if not (self.has_parser and self.lang == "en" and verb.dep_ == "acl" and verb.tag_ in ("VBG", "VBN")):
            return None
        noun = verb.head
        for u in units:
            if u.start <= noun.i < u.end or u.features.get("part_noun") == noun.i or u.end == verb.i:
                return u                        # the actor right before the participle: attachment varies
        for m in mentions:
            if m.start <= noun.i < m.end:
                unit = Unit([m], m.start, m.end, dep_role="subj")
                unit.features["explicit"] = True
                return unit
        return False

    def _units_from_parse(self, sent, trig: Trigger, mentions: list[Mention]) -> list[Unit]:
        """Subject inherited along conj/xcomp chains when the clause itself names no actor."""
        if not self.has_parser:
            return []
        tok = sent.doc[trig.index]
        head = tok.head
        if head is tok or tok.dep_.lower() not in ("conj", "xcomp", "cj", "oc"):
            return []
        subj = [m for m in mentions if sent.doc[m.head].head == head and _dep_role(sent.doc[m.head].dep_) == "subj"]
        return [Unit([m], m.start, m.end, dep_role="subj") for m in subj[:1]]

    def _confidence(self, trig: Trigger, src: Unit, tgt: Unit | None, sent) -> float:
        score = 0.45
        if trig.entry.kind in ("light", "noun"):
            score += 0.1
        if src.features.get("explicit"):
            score += 0.15
        if tgt is not None and tgt.features.get("explicit"):
            score += 0.15
        if tgt is None and trig.entry.target and trig.entry.target[0] == "none":
            score += 0.05
        kinds = [m.kind for m in src.mentions] + ([m.kind for m in tgt.mentions] if tgt else [])
        score -= 0.12 * sum(k in ("pronoun", "ner") for k in kinds)
        score -= 0.05 * sum(k in ("role", "adjective") for k in kinds)
        if not self.has_parser:
            score -= 0.1
        n_tokens = sent.end - sent.start
        if n_tokens > 40:
            score -= 0.1
        dist = abs(src.start - trig.index) + (abs(tgt.start - trig.index) if tgt else 0)
        score -= min(0.15, 0.01 * dist)
        score *= 0.5 + 0.5 * min(src.confidence, tgt.confidence if tgt else 1.0)
        return max(0.05, min(0.99, round(score, 3)))


def _same_kind(a: Mention, b: Mention) -> bool:
    """Both mentions name persons, or neither does (enumerations list actors of one kind)."""
    return any(x.type == "PERSON" for x in a.actors) == any(x.type == "PERSON" for x in b.actors)


def _mutual(actors: list[Actor], symmetric: bool) -> list[tuple[Actor, Actor]]:
    """Both directions for mutual events; once for consultations (scored as symmetric)."""
    return [(a, b) for i, a in enumerate(actors) for j, b in enumerate(actors) if i != j and (not symmetric or i < j)]


def _by_preference(entries: list[LexEntry]) -> list[LexEntry]:
    """Entries with an actor target first, one-actor ("none") entries as the last resort."""
    return sorted(entries, key=lambda e: e.target == ("none",))


def merge_duplicates(events: list[Event]) -> list[Event]:
    """One event per fact in an article: same actors, CAMEO code, date and polarity; extra evidence kept."""
    merged: dict[tuple, Event] = {}
    for ev in events:
        if ev.target is None:
            # one-actor statements: one "made statements" fact per speaker and polarity
            key = (ev.source.key, None, ev.cameo[:2], None, ev.negated)
        else:
            # the same expression repeated is one fact; different expressions are different events
            key = (ev.source.key, ev.target.key, ev.cameo, ev.relation, ev.event_date, ev.negated)
        first = merged.get(key)
        if first is None:
            merged[key] = ev
            continue
        if ev.sentence != first.sentence and all(ev.sentence != s for s, _, _ in first.extra_evidence):
            first.extra_evidence.append((ev.sentence, ev.start, ev.end))
        first.confidence = max(first.confidence, ev.confidence)   # flags stay those of the first statement
    return list(merged.values())
