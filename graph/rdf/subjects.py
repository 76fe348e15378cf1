"""Every property of a set of nodes, read by subject: subject -> predicate -> values (all graphs).

Why: the filtered render reads the quads of the selected events, their evidence and their articles.
Through SPARQL (a ``VALUES`` block per chunk) each quad costs a parse, a join step and a result row
(about 28 µs a quad at a million events); the embedded store is asked directly by subject
(``Store.quads_for_pattern``: one index range per node), several times faster. Other stores
(a SPARQL server) are read by the query, in chunks.
"""
from __future__ import annotations

from typing import Any, Iterable

import pyoxigraph as ox

from .terms import to_python

SUBJECT_QUADS = "SELECT ?s ?p ?o WHERE { %s ?s ?p ?o }"


def _direct(store: ox.Store, names: list[str]) -> dict[str, dict[str, list[Any]]]:
    out: dict[str, dict[str, list[Any]]] = {}
    for name in names:
        props: dict[str, list[Any]] = {}
        seen: set[tuple[str, Any]] = set()
        for q in store.quads_for_pattern(ox.NamedNode(name), None, None, None):
            key = (q.predicate.value, q.object)
            if key in seen:                       # the same triple in two graphs: one value, as in the union
                continue
            seen.add(key)
            props.setdefault(key[0], []).append(to_python(q.object))
        if props:
            out[name] = props
    return out


def _by_query(store, names: list[str], chunk: int) -> dict[str, dict[str, list[Any]]]:
    from .steps import rows_block

    out: dict[str, dict[str, list[Any]]] = {}
    for i in range(0, len(names), chunk):
        block = rows_block(["s"], [{"s": x} for x in names[i:i + chunk]])
        for r in store.query(SUBJECT_QUADS % block, prefixes=False).rows:
            out.setdefault(r["s"], {}).setdefault(r["p"], []).append(r["o"])
    return out


def by_subject(store, subjects: Iterable[str], chunk: int = 2000) -> dict[str, dict[str, list[Any]]]:
    """subject -> predicate -> values for these subject IRIs (subjects without quads are left out)."""
    names = sorted(set(subjects))
    raw = getattr(store, "store", None)
    if isinstance(raw, ox.Store):
        return _direct(raw, names)
    return _by_query(store, names, chunk)
