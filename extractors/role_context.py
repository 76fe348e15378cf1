"""Role nouns without a country of their own, read in the article's country: "the President", "der Kanzler".

The linker resolves "der russische Präsident" and "US President" by their country word, and a bare
"der Außenminister" by the one holder of that office named shortly before. What is left ("the
President's power", "der Bundeskanzler sagte" in a story about Austria) names the office holder of the
country the article is about, on the article date. Nothing is added without a clear article country
or date, or where a name follows the role ("the President Donald Trump" is the name's mention).
"""
from __future__ import annotations

from .bodies import article_country
from .phrases import role_term
from .mention import Mention

DETERMINERS = {"the", "der", "die", "das", "den", "dem", "des"}
FOLLOWERS_OF_ANOTHER_COUNTRY = {"of", "von", "des", "der"}


def contextual_roles(doc, mentions: list, linker, date: str | None) -> list:
    """The mentions plus a role mention for each bare role noun (see the module docstring)."""

    home = article_country(mentions)
    if home is None or date is None:
        return mentions
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for tok in doc:
        if tok.i in covered or tok.i == 0 or doc[tok.i - 1].text.lower() not in DETERMINERS:
            continue
        role = role_term(tok, linker.lang, linker.gaz)
        if role is None or role.country is not None or tok.pos_ not in ("NOUN", "PROPN", ""):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and (nxt.pos_ == "PROPN" or nxt.text.lower() in FOLLOWERS_OF_ANOTHER_COUNTRY
                                or (nxt.text[:1].isupper() and linker.lang == "en" and nxt.is_alpha)):
            continue
        holder = linker._resolve_role(role, home, date)
        if holder is not None:
            added.append(Mention(tok.i - 1, tok.i + 1, (holder,), "role", 0.55,
                                     {"role": role.term, "context_country": True}))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)
