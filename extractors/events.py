"""Events from sentences: lexicon triggers, argument slots, flags, dates, confidence.

A trigger is a verb, a light-verb construction (verb + noun) or an event noun
from the lexicon. Its arguments are the actor mentions of its clause, put into
slots the way a careful human coder does it when the parse is unreliable:
prepositions and possessives first (they are unambiguous on the surface), then
dependency labels of any scheme (UD, TIGER, ClearNLP), morphological case, the
valency frame of the lexicon entry and word order.

The work is split by job: :mod:`.event_words` (word lists), :mod:`.event_units` (triggers
and units), :mod:`.event_triggers` (finding them), :mod:`.event_slots` (filling the slots); this
module builds the events of a sentence from them.
"""
from __future__ import annotations

from dataclasses import replace

from ..core.records import Article, Event
from ..ontology.lexicon import Lexicon
from .actors import ActorLinker
from .dates import date_event
from .event_slots import SlotRules
from .event_triggers import TriggerRules
from .event_units import Trigger, Unit, dep_role
from .event_words import (
    ADDRESSING_VERBS, ANAPHORIC_DETERMINERS, ANAPHORIC_EVENT_NOUNS, ANTECEDENT_WINDOW,
    COMPLEMENT_TARGET_ROOTS, FOUR_CONSULT_ROOT, GENERIC_COOPERATION, INTENT_OF_ROOT, KONJUNKTIV_I,
    MEANS_RELATIONS, MILITARY_PART_NOUNS, MODALITY, NEGATIONS, PLAIN_STATEMENTS, PREPOSITIONS,
    REQUEST_ROOTS, SPEECH_PHRASES, SPEECH_VERBS,
)
from .lemmas import token_lemmas
from .mention import Mention


class EventFinder(TriggerRules, SlotRules):
    """Finds events in parsed documents of one language."""

    def __init__(self, lang: str, lexicon: Lexicon, linker: ActorLinker, has_parser: bool):
        self.lang = lang
        self.lex = lexicon
        self.linker = linker
        self.has_parser = has_parser
        self.particles = frozenset(lexicon.particles)
        self.preps = PREPOSITIONS.get(lang, set())
        self.noun_suffixes = sorted({n for n in lexicon.nouns if len(n) >= 5}, key=len, reverse=True)

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
        events: list[Event] = []
        by_trigger: dict[int, tuple[str, int]] = {}   # trigger token -> (CAMEO code, index of its first event)
        for trig in trigs:
            seg = seg_of[trig.index]
            seg_mentions = [m for m in mentions if seg_of.get(m.start) == seg and m.start not in trig.tokens]
            units = self.units(sent, seg_mentions)
            if not units and trig.entry.kind != "noun":
                units = self._units_from_parse(sent, trig, mentions)
            slots = self._trigger_slots(sent, trig, units, mentions, seg_of, seg, prior)
            chosen = self._chosen_entry(sent, trig, slots, mentions, seg_of)
            if chosen is None:
                continue
            entry, pairs = self._refined(sent, trig, chosen, units, seg_of)
            trig = Trigger(trig.index, entry, trig.noun_index, trig.tokens)
            tgt = chosen[3]
            if trig.entry.kind != "noun" and tgt is not None and tgt[0] in ("obj", "dat"):
                pairs = pairs + self._gapped_pairs(sent, seg_of, seg, mentions, chosen[2], tgt[1])
            by_trigger.setdefault(trig.index, (entry.cameo, len(events)))
            events += self._events_of(sent, trig, pairs, chosen[2], tgt, units, seg_of, article, text_offset)
        return self._sentence_level_filters(self._drop_requested_acts(sent.doc, events, by_trigger))

    def _trigger_slots(self, sent, trig: Trigger, units: list[Unit], mentions: list[Mention],
                       seg_of: dict[int, int], seg: int, prior: list[Event]) -> dict[str, Unit]:
        """The trigger's units in their slots: surface rules first (:meth:`_assign`), then the parse, then an
        antecedent event of the article for a target the sentence leaves out."""
        doc = sent.doc
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
            self._noun_slots_from_parse(doc[trig.index], trig, mentions, slots)
        self._complement_slots(doc[trig.index], trig, mentions, slots)
        if prior and trig.entry.kind != "noun":
            self._antecedent_slots(doc, trig, slots, prior, sent.start_char)
        return slots

    def _noun_slots_from_parse(self, noun, trig: Trigger, mentions: list[Mention], slots: dict[str, Unit]) -> None:
        """An event noun's actors from the parse: the object of its relative clause, the one it befell, the
        subject it is predicated of."""
        rel = self._relative_clause_object(noun, mentions)
        if rel is not None:
            slots["rel"] = rel
        victim = self._victim_subject(noun, mentions)
        if victim is not None:
            slots.setdefault("rel", victim)  # "X has been the subject of US sanctions"
        if "subj" in trig.entry.source:
            pred = self._predicate_subject(noun, mentions)
            if pred is not None:
                slots["subj"] = pred

    def _complement_slots(self, verb, trig: Trigger, mentions: list[Mention], slots: dict[str, Unit]) -> None:
        """The accused or addressed actor named in a complement clause or after "wrote to"."""
        if trig.entry.kind == "verb" and trig.entry.cameo[:2] in COMPLEMENT_TARGET_ROOTS \
                and not any(k in slots for k in ("obj", "obj_any", "dat")):
            comp = self._complement_subject(verb, mentions, slots.get("subj"))
            if comp is not None:
                # "X alleged Y had ...": the accused is the clause's subject; "X recommended/demanded that
                # Y withdraw": so is the addressee of an appeal or demand
                slots["obj_any"] = comp
        if trig.entry.kind == "verb" and trig.entry.cameo[:2] in ("02", "10") and "pp:to" in slots \
                and not any(k in slots for k in ("obj", "dat")) and self._addressed_by_letter(
                    verb, slots["pp:to"]) and not self._other_actor(slots.get("obj_any"), slots.get("subj")):
            slots["obj_any"] = slots["pp:to"]   # "X wrote to Y asking to ...": Y is asked

    def _antecedent_slots(self, doc, trig: Trigger, slots: dict[str, Unit], prior: list[Event],
                          floor: int) -> None:
        """A target from an earlier event of the article when the sentence names none of its own."""
        if any(self._other_actor(slots.get(k), slots.get("subj")) for k in ("obj", "dat", "gen", "poss", "rel")):
            return
        # an actor left over from another phrase ("... and said the X family left") is no object
        if "obj_any" in slots and doc[slots["obj_any"].features.get("head", 0)].head.i == trig.index:
            return
        earlier = self._antecedent(doc[trig.index], trig, slots.get("subj"), prior, floor)
        if earlier is not None:
            slots["obj_any"] = earlier  # "the operation was condemned by X": the operation's agent
            for k in ("poss", "gen"):  # (an own actor there: "... a violation of Iraqi sovereignty")
                if not self._other_actor(slots.get(k), slots.get("subj")):
                    slots[k] = earlier

    def _chosen_entry(self, sent, trig: Trigger, slots: dict[str, Unit] | None, mentions: list[Mention],
                      seg_of: dict[int, int]) -> tuple | None:
        """(entry, actor pairs, source unit, (slot, target unit) or None) of the first of the trigger's lexicon
        entries whose frame the slots fill; for an event noun, retried with its relative clause's slots."""
        for attempt in range(2):
            for entry in trig.entries:
                found = self._pairs(entry, slots)
                if found is not None:
                    return (entry,) + found
            if trig.entry.kind != "noun" or attempt:
                return None
            # "Drohungen, die Nordkorea gegen Südkorea ausgestoßen hat": the relative clause on the
            # event noun names its actor (subject) and its PPs
            slots = self._relative_clause_slots(sent, seg_of, trig, mentions, slots)
            if slots is None:
                return None
        return None

    def _refined(self, sent, trig: Trigger, chosen: tuple, units: list[Unit], seg_of: dict[int, int]):
        """The chosen entry made specific by its context: a pledge (03x), a host (043), the weapon (194/195),
        military cooperation (062); returns (entry, actor pairs)."""
        doc = sent.doc
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
        return entry, pairs

    def _events_of(self, sent, trig: Trigger, pairs, src_u: Unit, tgt, units: list[Unit], seg_of: dict[int, int],
                   article: Article, text_offset: int) -> list[Event]:
        """One event per actor pair of a coded trigger, with the sentence as evidence, its flags and date."""
        doc = sent.doc
        s_text = sent.text
        s_start = sent.start_char + len(s_text) - len(s_text.lstrip())
        s_text = s_text.strip()
        seg_tokens = self._segment_tokens(sent, seg_of, trig.index)
        flags = self._flags(sent, seg_tokens, trig, units, seg_of)
        date = date_event(s_text, doc[trig.index].idx - s_start, article.date, self.lang)
        conf = self._confidence(trig, src_u, tgt[1] if tgt else None, sent)
        trigger_text = " ".join(doc[i].text for i in sorted(trig.tokens))
        return [Event(article_id=article.id, source=a, target=b, relation=trig.entry.relation,
                      cameo=trig.entry.cameo, sentence=s_text, start=s_start + text_offset,
                      end=s_start + text_offset + len(s_text), **date.event_fields(article.date),
                      negated=flags["negated"],
                      reported=flags["reported"], speaker=flags["speaker"], modality=flags["modality"],
                      confidence=conf, trigger=trigger_text, lang=self.lang)
                for a, b in pairs]

    @staticmethod
    def _sentence_level_filters(events: list[Event]) -> list[Event]:
        """What a whole sentence says about its events: a framing statement verb, a quote, a denied statement."""
        if any(e.target is not None for e in events):
            # the statement verb only frames the sentence's interaction ("X said Y attacked Z")
            events = [e for e in events if e.target is not None]
        # "Erdoğan said, ..." attributes a quote; a government's or organisation's statement is an event
        events = [e for e in events if not (e.target is None and e.source.type == "PERSON"
                                            and e.relation in PLAIN_STATEMENTS)]
        # "X had not announced any plans": a statement that was not made is no event
        return [e for e in events if not (e.target is None and e.negated and e.cameo.startswith("01"))]

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
        nouns = [c for c in near if dep_role(c.dep_) == ("subj_pass" if passive else "obj")
                 or (passive and self.lang == "de" and dep_role(c.dep_) == "subj")]
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
