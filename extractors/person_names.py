"""Whether a gazetteer person's name inside a longer PERSON entity names someone else.

The gazetteer links "Biden" in "Hunter Biden" to Joe Biden; the word before the match tells the two
apart when it is a first name the known person does not have.
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
