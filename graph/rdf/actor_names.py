"""An actor named the way users name them: a QID, ``wd:QID``, an IRI, or a label stored in the graph.

Why: named queries bind actors as IRIs, and ``Q7747`` or ``Putin`` bound as text matched nothing
(0 rows, exit 0). Names resolve through the stored ``rdfs:label`` / ``skos:altLabel`` values of the
actors (case-insensitive); an ambiguous name lists its candidates and an unknown one the nearest
labels, so the answer is never silently empty.
"""
from __future__ import annotations

import difflib
import re
from typing import Iterable

from ...ontology.namespaces import WD

from ...core.errors import QueryError
_QID = re.compile(r"^(?:wd:)?(Q[1-9][0-9]*)$", re.IGNORECASE)
_IRI = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)

ACTOR_LABELS = """
SELECT ?actor ?label WHERE {
  ?actor a sem:Actor .
  { ?actor rdfs:label ?label } UNION { ?actor skos:altLabel ?label }
}
"""
ACTOR_EXISTS = "ASK WHERE { ?actor a sem:Actor }"


def nearest(query: str, names: Iterable[str], n: int = 5) -> list[str]:
    """Up to ``n`` of ``names`` closest to ``query``, closest first: compared whole and word by word,
    case-insensitive, so a misspelt surname finds the full name.

    >>> nearest("putn", ["Vladimir Putin", "Donald Trump", "Putin"])
    ['Putin', 'Vladimir Putin']
    """
    q = query.casefold().strip()
    scored: dict[str, float] = {}
    for name in names:
        folded = name.casefold()
        parts = [folded, *folded.split()]
        score = max(difflib.SequenceMatcher(None, q, part).ratio() for part in parts)
        if q and q in folded:
            score = max(score, 0.8)
        if score >= 0.6 and score > scored.get(name, 0.0):
            scored[name] = score
    ranked = sorted(scored, key=lambda name: (-scored[name], len(name), name))
    out: list[str] = []
    for name in ranked:
        if name.casefold() not in (o.casefold() for o in out):
            out.append(name)
    return out[:n]


def iri_of_form(value: str) -> str | None:
    """The IRI a QID, ``wd:QID`` or IRI stands for; None for anything else (a name).

    >>> iri_of_form("wd:Q7747"), iri_of_form("q7747"), iri_of_form("Putin")
    ('http://www.wikidata.org/entity/Q7747', 'http://www.wikidata.org/entity/Q7747', None)
    """
    text = value.strip()
    qid = _QID.match(text)
    if qid:
        return WD + qid.group(1).upper()
    return text if _IRI.match(text) else None


def resolve_actor(store, name: str, value: str) -> str:
    """The IRI of the stored actor ``value`` names (parameter ``name`` in messages): by QID or IRI, else
    by a label equal to it, else by labels containing it; ValueError when no stored actor, or more
    than one, fits."""
    iri = iri_of_form(value)
    if iri is not None:
        if not store.query(ACTOR_EXISTS, {"actor": iri}).boolean:
            raise QueryError(f"{name}={value!r}: no actor {iri} in the store")
        return iri
    labels: dict[str, set[str]] = {}
    for row in store.query(ACTOR_LABELS).rows:
        labels.setdefault(str(row["label"]), set()).add(row["actor"])
    wanted = value.strip().casefold()
    # an exact label first; else labels containing the name ("putin"), as render --actor matches
    found = sorted({a for label, actors in labels.items() if label.casefold() == wanted for a in actors}) or \
        sorted({a for label, actors in labels.items() if wanted in label.casefold() for a in actors})
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        shown = [f"{a} ({_label_of(a, labels)})" for a in found[:10]]
        raise QueryError(f"{name}={value!r} names {len(found)} actors; give one of: {', '.join(shown)}")
    close = nearest(value, labels)
    hint = f"; nearest: {', '.join(close)}" if close else "; give a QID (Q7747), wd:QID or IRI"
    raise QueryError(f"{name}={value!r}: no actor with that name in the store{hint}")


def _label_of(actor: str, labels: dict[str, set[str]]) -> str:
    """One label of an actor (the shortest) for listing candidates."""
    return min((label for label, actors in labels.items() if actor in actors), key=lambda l: (len(l), l))
