"""Argument slots of a trigger: which unit is the source and which the target."""
from __future__ import annotations

from ..core.records import Actor
from ..ontology.lexicon import LexEntry
from .event_units import Trigger, Unit, dep_role, mutual_pairs
from .event_words import (
    FOUNDER_VERBS, FOUR_CONSULT_ROOT, MEANS_NOUNS, MEANS_PREPOSITIONS, MUTUAL_CODES, PLEDGE_VERBS,
    RECIPROCAL_ROOTS, RELATIVE_PRONOUNS, STATE_ACTION_NOUNS, VICTIM_NOUNS,
)
from .lemmas import token_lemmas
from .mention import Mention


class SlotRules:
    """Putting a trigger's units into its argument slots (source, target) by prepositions,
    possessives, dependency labels, case, the valency frame and word order.

    A mixin of :class:`~diplokg.extractors.events.EventFinder`, using the same attributes as
    :class:`~diplokg.extractors.event_triggers.TriggerRules` and its methods.
    """

    # -- slot assignment ---------------------------------------------------------------------
    def _assign(self, trig: Trigger, units: list[Unit], sent, passive: bool,
                sent_mentions: list[Mention] = ()) -> dict[str, Unit]:
        """Slot -> unit for one trigger: prepositions, genitives and possessives first (unambiguous on the
        surface), then country adjectives on the object, then subject and objects among the bare units."""
        doc = sent.doc
        slots: dict[str, Unit] = {}
        self._surface_slots(trig, units, doc, passive, slots)
        if trig.entry.kind != "noun":
            self._genitive_slots(trig, units, doc, slots)
            if self.has_parser:
                self._adjective_targets(trig, units, doc, slots)
        bare = [u for u in units if u.slot == "bare" and u not in slots.values()
                and not any(m.kind == "adjective" for m in u.mentions)]
        if bare:
            self._bare_slots(trig, bare, sent, passive, units, sent_mentions, slots)
        return slots

    @staticmethod
    def _possessive_before(doc, u: Unit, index: int) -> bool:
        """The unit ends at most two adjectives or a possessive 's before the token ("the US airstrike")."""
        return u.end <= index and index - u.end <= 2 and all(
            doc[j].pos_ in ("ADJ", "PART") or doc[j].text in ("'s", "’s", "'", "’") for j in range(u.end, index))

    def _surface_slots(self, trig: Trigger, units: list[Unit], doc, passive: bool, slots: dict[str, Unit]) -> None:
        """Units a preposition, a genitive or a possessive puts in a slot."""
        t = doc[trig.index]
        is_noun = trig.entry.kind == "noun"
        for u in units:
            if is_noun and u.slot.startswith("pp:") and self._possessive_before(doc, u, trig.index):
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
            elif is_noun and self._possessive_before(doc, u, trig.index):
                slots.setdefault("poss", u)
                u.features["explicit"] = True

    @staticmethod
    def _genitive_slots(trig: Trigger, units: list[Unit], doc, slots: dict[str, Unit]) -> None:
        """Genitive attribute of the verb's object: "die Kandidatur von Jeremic", "das Vorgehen Russlands"."""
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

    def _adjective_targets(self, trig: Trigger, units: list[Unit], doc, slots: dict[str, Unit]) -> None:
        """A country adjective on the verb's object names the target: "condemned Russian aggression",
        "alleged Iranian involvement"."""
        for u in units:
            tok = doc[u.start]
            if u.slot == "bare" and all(m.kind == "adjective" for m in u.mentions) and u not in slots.values() \
                    and tok.dep_.lower() in ("amod", "nmod", "compound") and tok.head.head.i == trig.index \
                    and dep_role(tok.head.dep_) == "obj" \
                    and tok.head.text.lower() in STATE_ACTION_NOUNS.get(self.lang, ()):
                slots.setdefault("obj", u)

    def _subject_score(self, u: Unit, trig: Trigger, passive: bool, doc) -> float:
        """How much a bare unit looks like the subject: parse label + nominative, else nominative, else first."""
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

    def _bare_slots(self, trig: Trigger, bare: list[Unit], sent, passive: bool, units: list[Unit],
                    sent_mentions: list[Mention], slots: dict[str, Unit]) -> None:
        """Subject and objects among the units no preposition or case marks."""
        doc = sent.doc
        is_noun = trig.entry.kind == "noun"
        ranked = sorted(bare, key=lambda u: self._subject_score(u, trig, passive, doc), reverse=True)
        if passive:
            objs = ranked               # in a passive clause the grammatical subject is the target
        else:
            subj_u = self._clause_subject(ranked[0], trig, sent, units, sent_mentions)
            if subj_u is None:
                pass
            elif "subj" not in slots and not is_noun:
                slots["subj"] = subj_u
                subj_u.features["explicit"] = subj_u.dep_role == "subj" or subj_u.case == "Nom"
            elif is_noun and "subj" not in slots and trig.entry.cameo.startswith(FOUR_CONSULT_ROOT) \
                    and self._subject_score(subj_u, trig, passive, doc) > -1:
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

    def _clause_subject(self, subj_u: Unit, trig: Trigger, sent, units: list[Unit],
                        sent_mentions: list[Mention]) -> Unit | None:
        """The best-ranked bare unit as the active clause's subject, or None when the parse says otherwise."""
        doc = sent.doc
        t = doc[trig.index]
        if self.has_parser and self.lang == "en" and subj_u.dep_role in ("obj", "dat"):
            return None                   # the parse calls it an object: the subject is elsewhere
        if self.lang == "en" and self.has_parser and doc[subj_u.features.get("head", subj_u.start)].head.i \
                != trig.index and any(dep_role(c.dep_) == "subj" and any(m.start <= c.i < m.end for m in sent_mentions)
                                      and not subj_u.start <= c.i < subj_u.end for c in t.children):
            return None                   # the verb's own subject is an actor outside this clause segment
        if (subj_u.dep_role != "subj" or (self.lang == "en" and self.has_parser and doc[subj_u.features.get(
                "head", subj_u.start)].head.i != trig.index)) and self._non_actor_subject(t, units, sent_mentions):
            return None                   # the clause has a subject and it is not an actor
        return subj_u

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
                if dep_role(child.dep_) == "subj" and child.i not in covered and child.pos_ in ("NOUN", "PROPN") \
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
                    return mutual_pairs(u.actors, symmetric), u, None
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
            return mutual_pairs(src_u.actors, symmetric), src_u, None
        for slot in entry.target:
            u = slots.get(slot)
            if slot in ("pp:zwischen", "pp:between") and u is not None and len(u.actors) >= 2:
                return mutual_pairs(u.actors, symmetric), u, None
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
        own_subject = any(dep_role(c.dep_) in ("subj", "subj_pass") for c in verb.children)
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
                role = dep_role(child.dep_)
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
        if dep_role(noun.dep_) != "obj" or verb.lemma_.lower() not in FOUNDER_VERBS:
            return None
        return SlotRules._subject_unit(verb, mentions)

    @staticmethod
    def _subject_unit(verb, mentions: list[Mention]) -> Unit | None:
        """The actor mention that is the parse subject of ``verb``, as a subject unit."""
        for child in verb.children:
            if dep_role(child.dep_) == "subj":
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
        return SlotRules._subject_unit(role.head, mentions)

    @staticmethod
    def _predicate_subject(noun, mentions: list[Mention]) -> Unit | None:
        """Who an agent noun describes: "X is a critic of Y" (copula subject), "X, a critic of Y" (apposition)."""
        if noun.dep_ in ("attr", "acomp") and noun.head.lemma_.lower() in ("be", "become", "remain"):
            cands = [c for c in noun.head.children if dep_role(c.dep_) == "subj"]
        elif noun.dep_ == "appos":
            cands = [noun.head]
        else:
            return None
        return next((_explicit_subject(m) for tok in cands for m in mentions if m.start <= tok.i < m.end), None)

    @staticmethod
    def _relative_clause_object(noun, mentions: list[Mention]) -> Unit | None:
        """The actor object of a relative clause on an event noun: "the airstrike that killed X"."""
        for clause in noun.children:
            if clause.dep_.lower() not in ("relcl", "acl:relcl"):
                continue
            for child in clause.children:
                if dep_role(child.dep_) != "obj":
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
                if dep_role(child.dep_) not in ("subj", "subj_pass"):
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
            if any(dep_role(c.dep_) in ("subj", "subj_pass") for c in cur.children) or cur.head is cur or \
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
        return next((_explicit_subject(m) for m in mentions if m.start <= noun.i < m.end), False)

    def _units_from_parse(self, sent, trig: Trigger, mentions: list[Mention]) -> list[Unit]:
        """Subject inherited along conj/xcomp chains when the clause itself names no actor."""
        if not self.has_parser:
            return []
        tok = sent.doc[trig.index]
        head = tok.head
        if head is tok or tok.dep_.lower() not in ("conj", "xcomp", "cj", "oc"):
            return []
        subj = [m for m in mentions if sent.doc[m.head].head == head and dep_role(sent.doc[m.head].dep_) == "subj"]
        return [Unit([m], m.start, m.end, dep_role="subj") for m in subj[:1]]


def _explicit_subject(m: Mention) -> Unit:
    """The mention as a subject unit the parse names outright."""
    unit = Unit([m], m.start, m.end, dep_role="subj")
    unit.features["explicit"] = True
    return unit
