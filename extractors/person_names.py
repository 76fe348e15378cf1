"""Person names the NER or the gazetteer get wrong, told apart by the rest of the name or of the article.

The gazetteer links "Biden" in "Hunter Biden" to Joe Biden; the word before the match tells the two
apart when it is a first name the known person does not have. The NER labels one person's full name
an organisation or a place ("Morgan Tsvangirai" ORG) and the surname alone a person ("Tsvangirai"):
labels agree within an article, so the full name is a person's too.
"""
from __future__ import annotations

from collections.abc import Callable

from .mention import Mention


def other_first_name(doc, m: Mention, persons: list[tuple[int, int]], is_title: Callable[[object], bool]) -> bool:
    """A gazetteer person named by the end of a PERSON entity (``persons``: entity spans) whose word before it
    is a first name the person does not have: "Hunter Biden", "Andrew Johnson" are other people than Joe
    Biden, Boris Johnson.

    The first name is a capitalised proper noun inside the entity, no title (``is_title``: "Präsident
    Putin"), no word or spelling variant of the person's names (same first two letters: "Rudi"/"Rudolf")
    and not the surname of a person named before.
    """
    actor = m.actors[0]
    if m.kind != "name" or actor.type != "PERSON" or m.start == 0 or not any(
            s < m.start and m.end <= e for s, e in persons):
        return False
    first = doc[m.start - 1]
    if not (first.pos_ == "PROPN" and first.is_alpha and first.text[:1].isupper() and len(first.text) >= 2) \
            or is_title(first):
        return False
    own = {w.lower() for n in (actor.name, actor.name_de) if n for w in n.replace("-", " ").split()}
    if any(w[:2] == first.text[:2].lower() for w in own):
        return False
    # German puts subject and object names side by side ("holte Niessl Doskozil"): a surname of a
    # person named before is no first name
    return not any(e - s >= 2 and e <= m.start - 1 and doc[e - 1].text == first.text for s, e in persons)


def lone_person_words(doc) -> set[str]:
    """Lower-cased words that the NER labels a person on their own somewhere in ``doc`` (surnames used
    alone: "Tsvangirai said"); German genitive forms count without their "s"."""
    words: set[str] = set()
    for ent in getattr(doc, "ents", ()):
        if ent.label_ in ("PER", "PERSON") and len(ent) == 1 and ent[0].is_alpha and ent[0].text[:1].isupper():
            low = ent[0].text.lower()
            words.add(low)
            if doc.lang_ == "de" and low.endswith("s") and len(low) > 4:
                words.add(low[:-1])
    return words


def surname_of_lone_person(toks, surnames: set[str], organisation_heads) -> bool:
    """Whether a name the NER labelled otherwise is a person's: two or three capitalised words, the last a
    word the NER labels a person on its own elsewhere in the article, none an organisation's head word.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Tendai", "Mukoro", "spoke"], pos=["PROPN", "PROPN", "VERB"])
    >>> surname_of_lone_person(list(doc[0:2]), {"mukoro"}, {"party"})
    True
    >>> surname_of_lone_person(list(doc[0:2]), {"tendai"}, {"party"})
    False
    """
    if not 2 <= len(toks) <= 3:
        return False
    if not all(t.is_alpha and t.text[:1].isupper() and t.pos_ == "PROPN" for t in toks):
        return False
    words = [t.text.lower() for t in toks]
    return words[-1] in surnames and not any(w in organisation_heads for w in words)
