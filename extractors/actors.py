"""Actor mentions in a parsed document, linked to canonical actors.

Sources of mentions, strongest first: gazetteer names and aliases (persons,
countries, organisations), seats used as metonymy for a government ("Moskau",
"the Kremlin"), country adjectives on institution nouns ("das russische
Präsidialamt"), role nouns resolved by the article date ("der Kremlchef",
"the US president"), statistical NER for actors the gazetteer lacks (local
keys), and pronouns / "beide" / "both" / descriptions ("the group", "der 72-Jährige") resolved to the
actors just named. Names that are no actors (programmes, laws, diseases, titles, news sources) are
filtered by ``nonactors``; an acronym and its expansion get one actor (``aliases``). Word lists:
``ontology/words/actors.tsv``.
"""
from __future__ import annotations

from ..core.records import Actor, slugify
from ..ontology.gazetteer import Gazetteer, RoleTerm
from ..ontology.words import per_language, word_set
from .age_descriptions import age_descriptions
from .aliases import unify_acronyms
from .bodies import body_mentions
from .collectives import collective_mentions, described_groups
from .compounds import compound_actor, compound_mentions
from .descriptions import GENERIC_HEADS, definite_descriptions, type_descriptions
from .event_words import NOMINAL_SUBJ_DEPS
from .groups import group_mentions
from .interview_turns import interview_speakers
from .mention import Mention, distinct_actors, span_text
from .name_coref import resolve_name_parts
from .nonactors import NonActorFilter
from .person_names import lone_person_words, other_first_name, surname_of_lone_person
from .phrases import adjective_country, phrase_index, role_term
from .role_context import contextual_roles
from .seat_context import organisation_seats

# Word lists live in ontology/words/actors.tsv (documented there), so users can edit them without code.
INSTITUTION_NOUNS = per_language("institution_noun")     # "die russische Regierung", "US officials"
PLURAL_PRONOUNS = per_language("plural_pronoun")         # "beide", "both" ("they" is left alone)
SINGULAR_PRONOUNS = per_language("singular_pronoun")
COUNTRY_PAIR_NOUNS = per_language("country_pair_noun")   # "beide Staaten", "both countries"
QUOTE_MARKS = word_set("quote_mark", "en")
QUOTE_VERBS = per_language("quote_verb")
FIRST_PERSON = per_language("first_person")
GENERIC_FIRST_WORDS = word_set("generic_first_word", "en") | word_set("generic_first_word", "de")
ORGANISATION_HEADS = per_language("organisation_head")
ENVOY_NOUNS = word_set("envoy_noun", "en") | word_set("envoy_noun", "de")


class ActorLinker:
    """Finds and links actor mentions in spaCy docs for one language and gazetteer."""

    def __init__(self, gaz: Gazetteer, nlp, lang: str):
        self.gaz = gaz
        self.lang = lang
        self.index, self.longest = phrase_index(gaz, f"{lang}:{id(nlp.vocab)}", nlp.tokenizer)
        self.institutions = INSTITUTION_NOUNS.get(lang, set())
        self.non_actors = NonActorFilter(lang)
        multi = [tuple(r.term.lower().split()) for (lg, _), r in gaz.roles.items() if lg == lang and " " in r.term]
        self.multiword_roles = {m: gaz.roles[(lang, " ".join(m))] for m in multi}

    # -- gazetteer names -------------------------------------------------------------------
    def _name_mentions(self, doc) -> list[Mention]:
        lowers = [t.text.lower() for t in doc]
        out: list[Mention] = []
        i = 0
        n = len(doc)
        while i < n:
            match = None
            for length in range(min(self.longest, n - i), 0, -1):
                key = tuple(lowers[i:i + length])
                entries = self.index.get(key)
                if not entries and length > 1 and key[-1].endswith(".") and len(key[-1]) > 2:
                    entries = self.index.get(key[:-1] + (key[-1][:-1],))   # "König Abdullah II." at a sentence end
                if entries:
                    match = (length, entries)
                    break
            if match is None:
                i += 1
                continue
            length, entries = match
            first = doc[i]
            # single lower-case words only match seats/adjectives (avoid "will", "mai" etc.)
            if length == 1 and first.text[:1].islower() and entries[0][1] not in ("adjective",):
                i += 1
                continue
            key, kind = entries[0]
            actor = self.gaz.actors.get(key)
            if actor is None:
                i += 1
                continue
            if kind == "seat":
                actor = Actor(actor.key, actor.name, "GOVERNMENT", actor.qid, actor.name_de, actor.country)
            elif kind == "adjective":
                if first.pos_ in ("NOUN", "PROPN") and first.text[:1].isupper() and (
                        self.lang == "de" or first.text.endswith("s")):
                    # a demonym used as a noun ("Israelis und Palästinenser", "the Israelis")
                    out.append(Mention(i, i + length, (actor,), "country", 0.8))
                else:
                    out.append(Mention(i, i + length, (actor,), "adjective", 0.8, {"iso3": actor.country}))
                i += length
                continue
            mention_kind = {"seat": "seat", "demonym": "country"}.get(kind, "name")
            out.append(Mention(i, i + length, (actor,), mention_kind, 0.95 if length > 1 else 0.9))
            i += length
        return out

    # -- country adjectives, institutions, roles -------------------------------------------
    def _modifier_mentions(self, doc, taken: set[int], names: list[Mention], date: str | None) -> list[Mention]:
        out: list[Mention] = []
        by_start = {m.start: m for m in names}
        by_end = {m.end: m for m in names}
        for tok in doc:
            if tok.i in taken:
                continue
            # hyphen compounds: "US-Präsident", "Nato-Generalsekretär"
            if "-" in tok.text and self.lang == "de":
                head, _, rest = tok.text.partition("-")
                entries = self.index.get((head.lower(),))
                role = self.gaz.roles.get((self.lang, rest.lower())) or self.gaz.roles.get(
                    (self.lang, rest.lower().rstrip("n").rstrip("e")))
                following = by_start.get(tok.i + 1)
                if entries and role and following is not None and following.actors[0].type == "PERSON":
                    following.start = min(following.start, tok.i)   # "US-Außenminister John Kerry": the name wins
                elif entries and role:
                    actor = self.gaz.actors.get(entries[0][0])
                    org = (actor.country if actor and actor.type == "COUNTRY" else None) or self._org_key(entries[0][0])
                    holder = self._resolve_role(role, org, date)
                    if holder:
                        out.append(Mention(tok.i, tok.i + 1, (holder,), "role", 0.85, {"role": role.term}))
                elif entries and self._is_institution_compound(rest):
                    # "US-Streitkräfte", "Nato-Truppen", "AKP-Regierung" (the party's country's government)
                    body = compound_actor(head, rest.rsplit("-", 1)[-1].lower(), self)
                    if body is not None:
                        out.append(Mention(tok.i, tok.i + 1, (body,), "institution", 0.8))
                continue
            role = role_term(tok, self.lang, self.gaz)
            if role is not None:
                mention = self._role_mention(doc, tok, role, by_start, by_end, date)
                if mention:
                    out.append(mention)
                continue
            iso = adjective_country(tok, self.lang, self.gaz) if self.lang == "de" else None
            if iso is None and self.lang == "de" and tok.text.endswith("er") and tok.text[:1].isupper():
                # city adjectives of seats: "das Moskauer Außenministerium", "die Pekinger Führung"
                entries = self.index.get((tok.text[:-2].lower(),))
                nxt = self._next_noun(doc, tok.i)
                if entries and entries[0][1] == "seat" and nxt is not None and nxt.text.lower() in self.institutions:
                    seat = self.gaz.actors.get(entries[0][0])
                    if seat is not None and seat.country:
                        actor = self.gaz.country_actor(seat.country, as_government=True)
                        if actor:
                            out.append(Mention(tok.i, nxt.i + 1, (actor,), "institution", 0.85))
                            taken.update(range(tok.i, nxt.i + 1))
                continue
            if iso is None:
                continue
            nxt = self._next_noun(doc, tok.i)
            if nxt is not None and nxt.text.lower() in self.institutions:
                actor = self.gaz.country_actor(iso, as_government=True)
                if actor:
                    out.append(Mention(tok.i, nxt.i + 1, (actor,), "institution", 0.85))
                    taken.update(range(tok.i, nxt.i + 1))
                continue
            actor = self.gaz.country_actor(iso)
            if actor:
                out.append(Mention(tok.i, tok.i + 1, (actor,), "adjective", 0.7, {"iso3": iso}))
        return out

    def _is_institution_compound(self, word: str) -> bool:
        """ "Streitkräfte", "Justizministerium", "Grenztruppen": an institution noun, or a compound ending in one."""
        low = word.lower()
        return low in self.institutions or any(len(noun) >= 6 and low.endswith(noun) for noun in self.institutions)

    def _org_key(self, key: str) -> str | None:
        for org, actor_key in self.gaz.countries.items():
            if actor_key == key:
                return org
        return None

    def _next_noun(self, doc, i: int, limit: int = 3):
        for j in range(i + 1, min(len(doc), i + 1 + limit)):
            tok = doc[j]
            if tok.text[:1].isupper() or tok.pos_ in ("NOUN", "PROPN"):
                return tok
            if tok.pos_ not in ("ADJ", "CCONJ", "") and not tok.text[:1].islower():
                return None
        return None

    def _resolve_role(self, role: RoleTerm, org: str | None, date: str | None) -> Actor | None:
        org = role.country or org
        if org is None or date is None:
            return None
        if role.office:
            return self.gaz.office_holder(org, office=role.office, date=date)
        if role.title:
            return self.gaz.office_holder(org, title=role.title, date=date)
        return None

    def _role_mention(self, doc, tok, role: RoleTerm, by_start, by_end, date) -> Mention | None:
        # a name right after the role names the person itself ("Präsident Putin"): the name wins
        following = by_start.get(tok.i + 1)
        if following and following.actors[0].type == "PERSON":
            # "Turkish President Recep Tayyip Erdoğan": the name wins; its span takes in the title
            j = tok.i
            while j - 1 >= 0 and (doc[j - 1].pos_ in ("ADJ", "PROPN") or doc[j - 1].text[:1].isupper()) and \
                    doc[j - 1].i not in by_end and (j - 1) not in {m.start for m in by_start.values()} and tok.i - j < 3 \
                    and doc[j - 1].text.lower() not in ("and", "und", "the", "der", "die", "das"):
                j -= 1
            following.start = min(following.start, j)
            return None
        if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "B" and doc[tok.i + 1].ent_type_ in ("PER", "PERSON"):
            return None                 # "seine Außenministerin Vesna Pusic": the name the NER found names her
        org = role.country
        start = tok.i
        if org is None:
            # "der russische Präsident", "Russlands Präsident", "US President", "Russia's president"
            j = tok.i - 1
            while j >= 0 and doc[j].pos_ == "ADJ" and adjective_country(doc[j], self.lang, self.gaz) is None:
                j -= 1
            if j >= 0 and doc[j].text in ("'s", "’s"):
                j -= 1
            if j >= 0:
                iso = adjective_country(doc[j], self.lang, self.gaz)
                if iso is None and (j + 1) in by_end:
                    prev = by_end[j + 1]
                    if prev.actors[0].type in ("COUNTRY", "GOVERNMENT", "ORGANIZATION"):
                        iso = prev.actors[0].country or self._org_key(prev.actors[0].key)
                        start = prev.start
                elif iso is not None:
                    start = j
                org = iso
            if org is None:
                # "Präsident Russlands", "President of Russia"
                k = tok.i + 1
                if k < len(doc) and doc[k].text.lower() in ("of", "des", "der"):
                    k += 1
                nxt = by_start.get(k)
                if nxt and nxt.actors[0].type in ("COUNTRY", "ORGANIZATION"):
                    org = nxt.actors[0].country or self._org_key(nxt.actors[0].key)
        holder = self._resolve_role(role, org, date)
        if holder is None and org is None and role.country is None:
            # "der Außenminister", "the president" with no country: the person named shortly before
            # who holds that office ("US-Außenminister John Kerry ... riefen den Außenminister auf")
            holder = self._recent_holder(role, tok.i, by_start, date)
            if holder is not None:
                return Mention(tok.i, tok.i + 1, (holder,), "role", 0.7, {"role": role.term, "coref": True})
        if holder is None:
            return None
        return Mention(start, tok.i + 1, (holder,), "role", 0.8, {"role": role.term})

    def _recent_holder(self, role: RoleTerm, index: int, by_start, date: str | None) -> Actor | None:
        """The one person mentioned within ~150 tokens before ``index`` who holds ``role``'s office
        (none when two such people were named: "Kerry traf Lawrow ... der Außenminister" is ambiguous)."""
        if not role.office and not role.title:
            return None
        title = role.title.lower() if role.title else None
        found: dict[str, Actor] = {}
        for start in sorted(k for k in by_start if index - 150 <= k < index):
            actor = by_start[start].actors[0]
            if actor.type != "PERSON" or actor.key in found:
                continue
            for office in self.gaz.offices:
                if office.person != actor.key or (date is not None and not office.valid_on(date)):
                    continue
                if (role.office and office.office == role.office) or (
                        title and any(t.lower() == title for t in office.titles)):
                    found[actor.key] = actor
                    break
        return next(iter(found.values())) if len(found) == 1 else None

    # -- statistical NER ---------------------------------------------------------------------
    def _ner_mentions(self, doc, taken: set[int], linked: list[Mention] = ()) -> list[Mention]:
        """Actors the gazetteer lacks, from the pipeline's NER, as local actors.

        Leading determiners, prepositions and modifiers already linked ("Iranian airline
        Mahan Air") are trimmed; a later short form of the same name in the article
        ("Mahan") links to the same local actor, and a part of a known person's name
        named before ("Ban" after "Ban Ki-moon") to that person.
        """
        out: list[Mention] = []
        known: dict[str, Actor] = {}
        person_parts = self._person_name_parts(linked)
        adjectives = {i for m in linked if m.kind == "adjective" for i in range(m.start, m.end)}
        heads = ORGANISATION_HEADS.get(self.lang, ())
        surnames = lone_person_words(doc)
        for ent in doc.ents:
            label = ent.label_
            if label in ("PER", "PERSON") or self._titled_name(doc, ent, taken):
                atype = "PERSON"
            elif label == "ORG" or (label in ("FAC", "PRODUCT", "GPE", "LOC", "MISC", "NORP") and len(ent) >= 2
                                    and ent[-1].text.lower() in ORGANISATION_HEADS.get(self.lang, ())):
                atype = "ORGANIZATION"          # "Mahan Air" tagged FAC, "Deutsche Bahn" LOC: the head says ORG
            elif label in ("GPE", "LOC", "MISC", "NORP", "FAC") and len(ent) >= 3:
                atype = "OTHER"                 # a person's name may follow a linked place: "Hong Kong Carrie Lam"
            else:
                continue
            toks = list(ent)
            if atype == "PERSON" and toks[0].i in taken and all(t.pos_ == "NOUN" for t in toks[1:]):
                continue                        # a linked country followed by common nouns is no person
            # a country adjective opening an organisation's name is part of it ("the Norwegian Nobel Committee")
            named = [t for t in toks if t.pos_ != "DET"]
            own = {named[0].i} & adjectives if atype == "ORGANIZATION" and len(named) >= 3 \
                and named[-1].text.lower() in heads and named[0].text[:1].isupper() else set()
            while toks and toks[0].i not in own and (toks[0].i in taken or toks[0].pos_ in ("ADP", "DET", "PUNCT")
                            or toks[0].is_space or toks[0].text[:1].islower() or (toks[0].pos_ == "ADJ" and not (
                                # a first name the German tagger calls an adjective ("Vesna Pusic")
                                atype == "PERSON" and self.lang == "de" and len(toks) >= 2 and not toks[0].is_sent_start
                                and adjective_country(toks[0], self.lang, self.gaz) is None))):
                toks.pop(0)
            while toks and (toks[-1].pos_ in ("PUNCT", "PART", "ADP", "DET", "CCONJ") or toks[-1].is_space
                            or toks[-1].text in ("'s", "’s")):
                toks.pop()                      # "(Am) Rande des historischen Besuchs von": no trailing "von"
            if atype != "PERSON" and surname_of_lone_person(toks, surnames, heads):
                atype = "PERSON"                # "Morgan Tsvangirai" tagged ORG, "Tsvangirai" alone PERSON
            elif atype == "OTHER":
                continue
            if atype == "PERSON":
                toks = self.non_actors.trim_titles(toks)      # "Energieminister Alexander Nowak"
            if not toks or any(t.i in taken and t.i not in own for t in toks):
                continue
            text = span_text(doc, toks[0].i, toks[-1].i + 1)      # "al-Harbi", not "al - Harbi"
            if len(text) < 3 or not text[:1].isupper() or text.lower() in self.institutions \
                    or toks[0].text.lower() in self.institutions:
                continue                             # "(Turkish) Ministry of Foreign Affairs" is the government
            if text.endswith("s") and atype == "PERSON" and text[:-1].lower() in {k[0] for k in self.index if len(k) == 1}:
                continue
            part = person_parts.get(text.lower()) if atype == "PERSON" else None
            if part is not None and part[0] < toks[0].i:
                out.append(Mention(toks[0].i, toks[-1].i + 1, (part[1],), "name", 0.7))
                continue
            if self.non_actors.span_reason(toks, atype) and not any(
                    name.endswith(" " + text.lower()) for name in known):
                continue                        # programmes, laws, diseases, roles, adjectives: no actors
            actor = known.get(text.lower())
            if actor is None:
                for name, other in known.items():          # "Mahan" after "Mahan Air"
                    # NER labels a short form inconsistently ("Mahan" as PERSON): an organisation's first word
                    # still names the organisation
                    if (other.type == atype or (other.type == "ORGANIZATION" and name.startswith(text.lower() + " "))) \
                            and (name.startswith(text.lower() + " ") or name.endswith(" " + text.lower())):
                        actor = other
                        break
            if actor is None:
                actor = Actor(f"local:{atype.lower()}:{slugify(text)}", text, atype)
                known[text.lower()] = actor
            out.append(Mention(toks[0].i, toks[-1].i + 1, (actor,), "ner", 0.55))
        return out + self._organisation_first_words(doc, known, taken, out)

    @staticmethod
    def _person_name_parts(linked: list[Mention]) -> dict[str, tuple[int, Actor]]:
        """Name parts of the gazetteer persons already linked, with where they were first named."""
        person_parts: dict[str, tuple[int, Actor]] = {}
        for m in sorted(linked, key=lambda m: m.start):
            actor = m.actors[0]
            if m.kind in ("name", "role") and actor.type == "PERSON" and not actor.key.startswith("local:ner"):
                for name in filter(None, (actor.name, actor.name_de)):
                    for part in name.replace("-", " ").split() + name.split():
                        if len(part) >= 2 and part[:1].isupper():
                            person_parts.setdefault(part.lower(), (m.start, actor))
        return person_parts

    @staticmethod
    def _organisation_first_words(doc, known: dict[str, Actor], taken: set[int],
                                  found: list[Mention]) -> list[Mention]:
        """The first word of an organisation named before, where the NER missed it ("Mahan has been ...")."""
        firsts = {name.split()[0]: a for name, a in known.items() if a.type == "ORGANIZATION" and " " in name
                  and name.split()[0] not in GENERIC_HEADS | GENERIC_FIRST_WORDS}
        out: list[Mention] = []
        if not firsts:
            return out
        covered = taken | {i for m in found for i in range(m.start, m.end)}
        for tok in doc:
            actor = firsts.get(tok.text.lower())
            if actor is not None and tok.i not in covered and tok.pos_ == "PROPN" and tok.text[:1].isupper() \
                    and any(m.actors[0] is actor and m.start < tok.i for m in found):
                out.append(Mention(tok.i, tok.i + 1, (actor,), "ner", 0.5))
        return out

    def _titled_name(self, doc, ent, taken: set[int]) -> bool:
        """A multiword NER place or misc name right after a role noun is a person ("den ehemaligen
        Staatspräsidenten Danilo Turk" tagged LOC, "the former president Alan Garcia")."""
        if ent.label_ not in ("LOC", "GPE", "MISC") or len(ent) < 2 or ent.start == 0 or \
                any(t.i in taken or not t.text[:1].isupper() or not t.is_alpha for t in ent):
            return False
        title = doc[ent.start - 1]
        return title.pos_ == "NOUN" and (role_term(title, self.lang, self.gaz) is not None
                                         or title.text.lower() in ENVOY_NOUNS)

    # -- all mentions of a doc, with pronouns resolved -----------------------------------
    def link(self, doc, date: str | None) -> list[Mention]:
        """All actor mentions in ``doc`` in text order."""
        names = self._inside_person_names(doc, self._name_mentions(doc))
        taken = {i for m in names for i in range(m.start, m.end)}
        if date is None:
            date = self.reference_date(names)
        mods = self._modifier_mentions(doc, taken, names, date)
        for m in mods:
            taken.update(range(m.start, m.end))
        # drop name mentions swallowed by a longer role/institution mention
        mentions = [m for m in names if not any(o.start <= m.start and m.end <= o.end and o is not m
                                                and o.kind in ("role", "institution") for o in mods)]
        mentions += mods
        # country names followed by an institution noun stand for the government ("Russlands Regierung")
        for m in mentions:
            if m.kind == "name" and m.actors[0].type == "COUNTRY" and m.end < len(doc) \
                    and doc[m.end].text.lower() in self.institutions:
                a = m.actors[0]
                m.actors = (Actor(a.key, a.name, "GOVERNMENT", a.qid, a.name_de, a.country),)
                m.end += 1
                m.kind = "institution"
        mentions += self._ner_mentions(doc, {i for m in mentions for i in range(m.start, m.end)}, mentions)
        mentions.sort(key=lambda m: m.start)
        mentions = self._drop_datelines(doc, mentions)
        mentions = self._english_institutions(doc, mentions)
        mentions = self._absorb_adjectives(doc, mentions)
        for _ in range(3):                       # "US Secretary of State Mike Pompeo": modifiers chain
            before = len(mentions)
            mentions = self._drop_modifiers(doc, mentions)
            if len(mentions) == before:
                break
        mentions = self._merge_same_actor(doc, mentions)
        mentions = self._institution_in_seat(doc, mentions)
        mentions = [m for m in mentions if not any(o is not m and o.start <= m.start and m.end <= o.end
                                                   and (o.end - o.start) > (m.end - m.start) for o in mentions)]
        collectives = described_groups(doc, mentions, self.gaz, self.lang)
        collectives += collective_mentions(doc, mentions + collectives, self.gaz, self.lang)
        if collectives:                     # "Regierungstruppen", "die Rebellen", "syrische Menschenrechtsgruppen"
            inside = {i for m in collectives for i in range(m.start, m.end)}
            mentions = [m for m in mentions if not any(i in inside for i in range(m.start, m.end))]
            mentions = self._absorb_adjectives(doc, sorted(mentions + collectives, key=lambda m: m.start))
        mentions = organisation_seats(mentions, self.gaz)  # "Brüssel" for the EU
        mentions = compound_mentions(doc, mentions, self)  # "EU-Sanktionen", "AKP-Regierung"
        mentions = body_mentions(doc, mentions, self)      # "the Senate", "die Grünen"
        mentions = resolve_name_parts(doc, mentions)       # "Bernie Sanders ... Sanders"
        mentions = contextual_roles(doc, mentions, self, date)   # "the President" in a US story
        blocking = self.non_actors.blocking_entities(doc)
        mentions = [m for m in unify_acronyms(doc, mentions) if self.non_actors.keep(doc, m, blocking)]
        mentions = group_mentions(doc, mentions, self)     # "Hong Kong protesters", "Flüchtlinge"
        mentions = interview_speakers(doc, mentions, self.lang)   # "Hofer: Ich finde ..."
        return self._resolve_pronouns(doc, mentions)

    def _inside_person_names(self, doc, names: list[Mention]) -> list[Mention]:
        """Drop country words inside a person's name (after a first name, or inside a PERSON entity) and
        a known person's surname after another first name ("Hunter Biden" is not Joe Biden)."""
        persons = [(e.start, e.end) for e in getattr(doc, "ents", ()) if e.label_ in ("PER", "PERSON")]
        names = [m for m in names if not other_first_name(doc, m, persons, self.non_actors.is_title)]
        covered = {i for m in names for i in range(m.start, m.end)}

        def surname(m: Mention) -> bool:
            # one country word right after a first name ("Danilo Turk", "Michael Jordan", "Lake Chad")
            if m.end - m.start != 1 or m.start == 0 or m.start - 1 in covered:
                return False
            prev = doc[m.start - 1]
            tags = ("PROPN", "NOUN") if m.kind == "country" else ("PROPN",)   # a demonym never follows a noun
            return prev.pos_ in tags and prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start

        def leads_common_noun(m: Mention, s: int, e: int) -> bool:
            # "warf er Polen Mitschuld vor": the NER took the country and the common noun after it for a name
            return m.start == s and all(doc[j].pos_ == "NOUN" for j in range(m.end, e))

        return [m for m in names if not (m.actors[0].type in ("COUNTRY", "GOVERNMENT") and (surname(m) or any(
            s <= m.start and m.end <= e and (e - s) > (m.end - m.start) and not leads_common_noun(m, s, e)
            for s, e in persons)))]

    def _absorb_adjectives(self, doc, mentions: list[Mention]) -> list[Mention]:
        """Drop a country adjective that only modifies the next mention's noun phrase.

        "dem palästinensischen Präsidenten Mahmoud Abbas": the adjective names Abbas's
        country, not a second actor.
        """
        out = []
        for k, m in enumerate(mentions):
            nxt = mentions[k + 1] if k + 1 < len(mentions) else None
            if m.kind == "adjective" and nxt is not None and nxt.start - m.end <= 2 and all(
                    _nominal(doc[j]) for j in range(m.end, nxt.start)):
                continue
            out.append(m)
        return out

    def reference_date(self, names: list[Mention]) -> str | None:
        """A date to resolve roles by when the article has none, from the office holders it names.

        "Außenminister John Kerry" and "Barack Obama" in an undated text place it where their
        terms overlap (2013-02-01 .. 2017-01-20); the middle of the tightest overlap of the
        named persons' offices is used. None if the named persons' terms do not overlap.
        """
        import datetime as dt

        persons = {m.actors[0].key for m in names if m.actors and m.actors[0].type == "PERSON"}
        spans = []
        for key in persons:
            terms = [(o.start or "1900-01-01", o.end or "2100-01-01") for o in self.gaz.offices if o.person == key]
            if terms:
                spans.append((min(t[0] for t in terms), max(t[1] for t in terms)))
        if not spans:
            return None
        start = max(s for s, _ in spans)
        end = min(e for _, e in spans)
        if start > end:
            return None
        end = min(end, dt.date.today().isoformat())
        a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(max(start, end))
        return (a + (b - a) / 2).isoformat()

    def _drop_datelines(self, doc, mentions: list[Mention]) -> list[Mention]:
        """ "Washington – US-Außenminister ...": a place opening a sentence before a dash is a dateline."""
        out = []
        for m in mentions:
            sent_start = doc[m.start].sent.start if doc.has_annotation("SENT_START") else 0
            first = m.start == sent_start or all(doc[j].is_space or doc[j].is_punct for j in range(sent_start, m.start))
            nxt = doc[m.end] if m.end < len(doc) else None
            if first and nxt is not None and nxt.text in ("–", "—", "-", "--") and m.kind in ("seat", "name", "ner"):
                continue
            out.append(m)
        return out

    def _english_institutions(self, doc, mentions: list[Mention]) -> list[Mention]:
        """ "the Libyan ambassador", "Russian forces": a country adjective on an institution noun."""
        out = []
        for m in mentions:
            if m.kind == "adjective" and self.lang == "en":
                nxt = self._next_noun(doc, m.end - 1)
                if nxt is not None and (nxt.text.lower() in self.institutions or nxt.lemma_.lower() in self.institutions):
                    actor = self.gaz.country_actor(m.actors[0].country, as_government=True) or m.actors[0]
                    out.append(Mention(m.start, nxt.i + 1, (actor,), "institution", 0.85))
                    continue
            out.append(m)
        return out

    def _drop_modifiers(self, doc, mentions: list[Mention]) -> list[Mention]:
        """A country named right before a person ("US President Donald Trump") only modifies the person."""
        out = []
        for k, m in enumerate(mentions):
            nxt = mentions[k + 1] if k + 1 < len(mentions) else None
            # "US Ambassador to Germany Richard Grenell": an envoy's title names where he is posted
            envoy = m.kind == "institution" and doc[m.end - 1].text.lower() in ENVOY_NOUNS
            if m.kind in ("name", "adjective", "ner", "institution") and nxt is not None and nxt.actors[0].type == "PERSON" \
                    and m.actors[0].type != "PERSON" and 0 <= nxt.start - m.end <= 4 and all(
                        _nominal(doc[j]) or doc[j].text.lower() == "of" or (envoy and doc[j].text.lower() in ("to", "the"))
                        for j in range(m.end, nxt.start)) and (m.end - m.start == 1 or m.kind in ("ner", "institution")):
                nxt.start = m.start              # the person's mention takes in its title
                continue
            out.append(m)
        return out

    def _institution_in_seat(self, doc, mentions: list[Mention]) -> list[Mention]:
        """ "der Palast in Amman", "die Regierung in Peking", "the government in Kabul": an institution
        noun located in a seat is that country's government."""
        for m in mentions:
            if m.kind != "seat" or m.start < 2 or doc[m.start - 1].text.lower() not in ("in", "im"):
                continue
            noun = doc[m.start - 2]
            if noun.text.lower() in self.institutions or noun.lemma_.lower() in self.institutions:
                if not any(o is not m and o.start <= noun.i < o.end for o in mentions):
                    m.start = noun.i
                    m.kind = "institution"
        return mentions

    def _merge_same_actor(self, doc, mentions: list[Mention]) -> list[Mention]:
        """One mention for "US-Außenminister John Kerry", "Präsident Putin": same actor, adjacent."""
        out: list[Mention] = []
        for m in mentions:
            prev = out[-1] if out else None
            if prev is not None and m.start - prev.end <= 1 and \
                    {a.key for a in prev.actors} == {a.key for a in m.actors} and \
                    all(_nominal(doc[j]) or (doc[j].is_punct and doc[j].text not in (".", "!", "?", ";"))
                        for j in range(prev.end, m.start)):   # never across a sentence end ("Mahan Air. Mahan")
                best = prev if prev.kind == "name" else m
                out[-1] = Mention(prev.start, m.end, best.actors, best.kind, max(prev.confidence, m.confidence),
                                  dict(best.features))
                continue
            out.append(m)
        return out

    def _resolve_pronouns(self, doc, mentions: list[Mention]) -> list[Mention]:
        """Add mentions for "beide"/"both"/"sie"/"er"/"he" resolved to recently named actors."""
        plural = PLURAL_PRONOUNS.get(self.lang, set())
        singular = SINGULAR_PRONOUNS.get(self.lang, set())
        pairs = COUNTRY_PAIR_NOUNS.get(self.lang, set())
        taken = {i for m in mentions for i in range(m.start, m.end)}
        by_start = {m.start: m for m in mentions}
        history: list[tuple[int, Actor, bool]] = []   # (sentence index, actor, named as a subject) of mentions
        added: list[Mention] = []
        s_idx = -1
        for sent in doc.sents:
            if not sent.text.strip():
                continue                        # blank "sentences" between paragraphs do not count
            s_idx += 1
            for tok in sent:
                if tok.i in by_start:
                    named = by_start[tok.i]
                    as_subject = any(doc[i].dep_ in NOMINAL_SUBJ_DEPS for i in range(named.start, named.end))
                    for actor in named.actors:
                        history.append((s_idx, actor, as_subject))
                if tok.i in taken:
                    continue
                low = tok.text.lower()
                recent = [a for s, a, _ in reversed(history) if s_idx - s <= 5]
                persons = distinct_actors([a for a in recent if a.type == "PERSON"])
                is_plural_sie = self.lang == "de" and low == "sie" and (
                    "Plur" in tok.morph.get("Number") or _plural_verb_follows(tok))
                if low in plural or is_plural_sie or (low == "die" and tok.i + 1 < len(doc)
                                                      and doc[tok.i + 1].text.lower() == "beiden"):
                    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                    if low == "die":
                        nxt = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
                    # "both Kurdish and Sunni members", "beide Seiten": a determiner, not a pronoun
                    determiner = nxt is not None and (nxt.pos_ in ("ADJ", "NOUN", "PROPN", "DET") or (
                        self.lang == "de" and nxt.text[:1].isupper() and nxt.text.lower() not in pairs))
                    if determiner and not (nxt.text.lower() in pairs):
                        continue
                    if nxt is not None and nxt.text.lower() in pairs:
                        countries = distinct_actors([self.gaz.country_actor(a.country) for a in recent
                                               if a.country and a.type == "PERSON"] +
                                              [a for a in recent if a.type in ("COUNTRY", "GOVERNMENT")])
                        if len(countries) >= 2:
                            added.append(Mention(tok.i, nxt.i + 1, tuple(countries[:2]), "pronoun", 0.6))
                            taken.update((tok.i, nxt.i))
                        continue
                    group = persons if len(persons) >= 2 else distinct_actors(recent)
                    if len(group) >= 2:
                        end = tok.i + 2 if low == "die" else tok.i + 1
                        added.append(Mention(tok.i, end, tuple(group[:2]), "pronoun", 0.6))
                        taken.update(range(tok.i, end))
                        history.extend((s_idx, a, False) for a in group[:2])
                elif low in singular and tok.pos_ in ("PRON", ""):
                    last = [(a, subj) for s, a, subj in reversed(history) if s_idx - s <= 2 and a.type == "PERSON"]
                    if last:
                        chosen = last[0][0]
                        if tok.dep_ in NOMINAL_SUBJ_DEPS:
                            # a subject pronoun continues the last person named as a subject (centering)
                            chosen = next((a for a, subj in last if subj), chosen)
                        added.append(Mention(tok.i, tok.i + 1, (chosen,), "pronoun", 0.55))
                        history.append((s_idx, chosen, tok.dep_ in NOMINAL_SUBJ_DEPS))
        added += self._complement_subjects(doc, mentions, taken)
        added += self._quoted_speakers(doc, mentions, taken)
        added += definite_descriptions(doc, mentions, taken, self.lang)
        added += age_descriptions(doc, mentions, taken, self.lang)
        added += type_descriptions(doc, mentions + added, taken, self.lang)
        if not added:
            return mentions
        return sorted(mentions + added, key=lambda m: m.start)

    def _complement_subjects(self, doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """"Chile said it would ...", "the rebels announced they had ...": the subject pronoun of a
        complement clause is the subject of the verb that introduces it (parsed English only)."""
        if self.lang != "en" or not doc.has_annotation("DEP"):
            return []
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        out: list[Mention] = []
        for tok in doc:
            low = tok.text.lower()
            if tok.i in taken:
                continue
            # "Iran said its government had ...", "officials from X acknowledged their army had ...": the
            # possessor of an institution noun that is the clause subject is the speaker's country
            owner = low in ("its", "their") and tok.dep_ == "poss" and tok.head.i == tok.i + 1 \
                and tok.head.text.lower() in self.institutions and tok.head.dep_ in ("nsubj", "nsubjpass")
            if not owner and (low not in ("it", "they") or tok.dep_ not in ("nsubj", "nsubjpass")):
                continue
            subject = tok.head if owner else tok
            clause = subject.head
            if clause.dep_ != "ccomp" or clause.head is clause:
                continue
            outer = clause.head
            subj = next((c for c in outer.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
            m = by_token.get(subj.i) if subj is not None else None
            if m is None and owner and subj is not None:
                # "representatives from Iran": the speaker is the actor of the part noun's phrase
                pobj = next((g for c in subj.children if c.dep_ == "prep" and c.text.lower() in ("of", "from")
                             for g in c.children if g.dep_ == "pobj"), None)
                m = by_token.get(pobj.i) if pobj is not None else None
            if m is None or (low == "it" and any(a.type == "PERSON" for a in m.actors)):
                continue
            if owner:
                countries = [self.gaz.country_actor(a.country, as_government=True) for a in m.actors if a.country]
                if len(countries) != 1 or countries[0] is None:
                    continue
                out.append(Mention(tok.i, subject.i + 1, (countries[0],), "pronoun", 0.6, {"coref": True}))
                taken.update(range(tok.i, subject.i + 1))
                continue
            out.append(Mention(tok.i, tok.i + 1, m.actors, "pronoun", 0.6, {"coref": True}))
            taken.add(tok.i)
        return out

    def _quoted_speakers(self, doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
        """ "X said, "We expect ..."" / "X schrieb: „Ich erwarte ...“": a first-person pronoun inside the
        quotation of a sentence whose speech verb has an actor subject is that speaker (parsed docs)."""
        if not doc.has_annotation("DEP"):
            return []
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        out: list[Mention] = []
        for sent in doc.sents:
            marks = [t.i for t in sent if t.text in QUOTE_MARKS]
            if len(marks) < 1:
                continue
            if sent.start > 0 and doc[sent.start - 1].text in QUOTE_MARKS and len(marks) % 2 == 1:
                marks = [sent.start - 1] + marks      # the opening mark ended up in the sentence before
            speaker = None
            for tok in sent:
                if tok.lemma_.lower() not in QUOTE_VERBS.get(self.lang, ()) or tok.text[:1].isupper() and tok.i != sent.start:
                    continue
                inside = sum(1 for q in marks if q < tok.i) % 2 == 1
                if inside:
                    continue
                for child in tok.children:
                    if child.dep_ in ("nsubj", "sb") and child.i in by_token:
                        speaker = by_token[child.i]
                        break
                if speaker is not None:
                    break
            if speaker is None:
                continue
            for tok in sent:
                if tok.i in taken or tok.text.lower() not in FIRST_PERSON.get(self.lang, ()):
                    continue
                if sum(1 for q in marks if q < tok.i) % 2 == 1:        # inside a quotation
                    out.append(Mention(tok.i, tok.i + 1, speaker.actors, "pronoun", 0.55, {"coref": True}))
                    taken.add(tok.i)
        return out


def _nominal(token) -> bool:
    """Noun, proper noun or adjective; without a tagger (rule tier), a capitalized word."""
    if token.pos_:
        return token.pos_ in ("NOUN", "PROPN", "ADJ")
    return token.text[:1].isupper() and token.is_alpha


def _plural_verb_follows(tok) -> bool:
    doc = tok.doc
    for j in range(tok.i + 1, min(len(doc), tok.i + 3)):
        t = doc[j]
        if t.pos_ in ("VERB", "AUX") or (t.text[:1].islower() and t.text.endswith(("en", "ten"))):
            return t.text.endswith("en") or "Plur" in t.morph.get("Number")
    return False
