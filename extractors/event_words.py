"""The word lists and dependency labels the event finder reads, loaded once from ``ontology/words``.

Each name is one list or map (per language where the words differ); see the files under
``ontology/words`` for the words themselves.
"""
from __future__ import annotations

from ..core.errors import InputError
from ..ontology.tables import split_values
from ..ontology.words import both_languages, per_language, value_groups, word_map, word_set

# Dependency labels of three schemes mapped to argument roles.
NOMINAL_SUBJ_DEPS = {"nsubj", "sb", "nsubj:pass", "nsubjpass"}     # a noun or pronoun as the subject
SUBJ_DEPS = NOMINAL_SUBJ_DEPS | {"csubj", "pd"}
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
        raise InputError(f"anaphoric_event_noun {noun!r}: value must be roots like 02|10, then at_subject or "
                         f"nothing, not {value!r}")
    return frozenset(split_values(roots)), flag == "at_subject"

# Definite event nouns that point back to an event told earlier in the article ("the operation was condemned").
ANAPHORIC_EVENT_NOUNS = {noun: _antecedent(noun, value) for lang in ("de", "en")
                         for noun, value in word_map("anaphoric_event_noun", lang).items()}
ANAPHORIC_DETERMINERS = both_languages("anaphoric_determiner")
ANTECEDENT_WINDOW = 3000          # characters before the sentence in which the antecedent event must start
GERMAN_ARTICLE_CASE = word_map("article_case", "de")
PREDICATIVE_DEPS = {"oprd", "xcomp", "pd", "obj:pred"}
