"""Age descriptions that point back to a person: "der 72-Jährige", "the 72-year-old leader".

News names a person and then, to vary the wording, describes them by age: "Walesa ... Im Dezember
warnte der 72-Jährige vor ...". The description is that person, as a pronoun would be: the person
named last in the two sentences before (never one of the same sentence, who would be someone else:
"Merkel traf den 72-Jährigen"). A description in subject position prefers the person last named as a
subject, as the pronoun resolver does. A description followed by a name is an apposition ("der
31-jährige Blogger Raif Badawi"): the name is linked already and the description adds nothing.
"""
from __future__ import annotations

import re

from .descriptions import DEFINITE_ARTICLES
from .event_words import NOMINAL_SUBJ_DEPS
from .mention import Mention

GERMAN_AGE = re.compile(r"^\d{1,3}-[jJ]ährige[nmrs]?$")
LOOK_BACK = 2          # sentences


def age_descriptions(doc, mentions: list[Mention], taken: set[int], lang: str) -> list[Mention]:
    """Mentions for age descriptions after a definite article, resolved to the person named last before
    them (module docstring). ``taken``: token indices already in a mention (updated with the new ones).

    >>> age_descriptions(None, [], set(), "fr")
    []
    """
    if lang not in ("de", "en") or doc is None or not doc.has_annotation("DEP"):
        return []
    articles = DEFINITE_ARTICLES.get(lang, set())
    spans = [span for span in (_description(doc, tok, lang, articles) for tok in doc) if span is not None]
    if not spans:                       # the common case: no article is scanned further
        return []
    sentence_of, k = {}, -1
    for sent in doc.sents:
        k += bool(sent.text.strip())    # blank "sentences" between paragraphs do not count
        for tok in sent:
            sentence_of[tok.i] = k
    named = [(sentence_of[m.start], m.actors[0], any(doc[i].dep_ in NOMINAL_SUBJ_DEPS for i in range(m.start, m.end)))
             for m in sorted(mentions, key=lambda m: m.start)
             if len(m.actors) == 1 and m.actors[0].type == "PERSON" and m.kind != "pronoun"]
    starts = {m.start for m in mentions}
    out: list[Mention] = []
    for start, end, head in spans:
        if any(i in taken for i in range(start, end)):
            continue
        if end < len(doc) and (end in starts or doc[end].pos_ == "PROPN"):
            continue                    # an apposition: "der 31-jährige Blogger Raif Badawi"
        here = sentence_of[start]
        before = [(actor, subj) for s, actor, subj in reversed(named) if here - LOOK_BACK <= s < here]
        if not before:
            continue
        chosen = before[0][0]
        if head.dep_ in NOMINAL_SUBJ_DEPS:
            chosen = next((actor for actor, subj in before if subj), chosen)
        out.append(Mention(start, end, (chosen,), "pronoun", 0.5, {"coref": True}))
        taken.update(range(start, end))
    return out


def _description(doc, tok, lang: str, articles: set[str]):
    """(start, end, head token) of an age description that starts at ``tok``, or None."""
    if tok.i == 0 or doc[tok.i - 1].text.lower() not in articles:
        return None
    if lang == "de":
        if not GERMAN_AGE.match(tok.text):
            return None
        if doc[tok.i - 1].text.lower() == "die" and tok.text.endswith("n"):
            return None                 # "die 72-Jährigen": several people
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.text.split("-", 1)[1][:1].islower():
            # "der 31-jährige Blogger": an adjective before the noun it describes
            if nxt is None or nxt.pos_ != "NOUN" or not nxt.text[:1].isupper():
                return None
            return tok.i, nxt.i + 1, nxt
        return tok.i, tok.i + 1, tok
    # English: "the 72 - year - old [noun]" (the tokenizer splits at the hyphens)
    words = [t.text.lower() for t in doc[tok.i:tok.i + 5]]
    if not (tok.like_num and words[1:] == ["-", "year", "-", "old"]):
        return None
    end = tok.i + 5
    head = doc[end - 1]
    if end < len(doc) and doc[end].pos_ == "NOUN":
        head = doc[end]
        end += 1
    return tok.i, end, head
