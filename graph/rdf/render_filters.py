"""Checks of ``diplokg render``'s filters: malformed values refused before reading, and a selection
that keeps no event explained instead of written as an empty page.

Why: ``--from 01.01.2020`` compared as text and filtered nothing, ``--cameo-root 99`` or an unknown
``--actor`` wrote an empty network with exit 0. Each is now a one-line error naming the accepted
forms or what the store holds (nearest actor labels, roots and months present).
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping

from ...ontology.namespaces import CAMEO
from ...core.errors import InputError

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_STORED_MONTHS = ("SELECT (MIN(STR(?m)) AS ?first) (MAX(STR(?m)) AS ?last) "
                  "WHERE { ?node dkg:summaryCode ?c ; dkg:month ?m }")
_STORED_CODES = "SELECT DISTINCT ?code WHERE { ?node dkg:summaryCode ?code }"


def check_partial_date(option: str, value: str) -> str:
    """``value`` if it is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a real year, month or day.

    >>> check_partial_date("--from", "2020-02")
    '2020-02'
    """
    text = value.strip()
    found = _PARTIAL_DATE.match(text)
    try:
        if not found:
            raise ValueError
        year, month, day = (int(g) if g else 1 for g in found.groups())
        date(year, month, day)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY), "
                         "e.g. 2020-01-31") from None
    return text


def check_cameo_root(value: str) -> str:
    """The two-digit root ``value`` names (``4``, ``04``, ``cameo:04``); ValueError for anything else."""
    from ...ontology.scheme import load_cameo

    text = value.strip().removeprefix("cameo:")
    text = text.zfill(2) if text.isdigit() and len(text) == 1 else text
    roots = sorted(c for c in load_cameo() if len(c) == 2)
    if text not in roots:
        raise InputError(f"--cameo-root {value!r} is not a CAMEO root: give one of {roots[0]}..{roots[-1]} "
                         "(e.g. 04 for consult)")
    return text


def check_plover_type(value: str) -> str:
    """The PLOVER type ``value`` names (case-insensitive); ValueError listing the types otherwise."""
    from ...ontology.scheme import load_plover

    types = sorted(k for k in load_plover() if "-" not in k)
    if value.strip().upper() not in types:
        raise InputError(f"--plover-type {value!r} is not a PLOVER type; one of: {', '.join(types)}")
    return value.strip().upper()


def check_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The render filters with their values checked and normalised (before anything is read)."""
    out = dict(filters)
    for key, option in (("date_from", "--from"), ("date_to", "--to")):
        if out.get(key) is not None:
            out[key] = check_partial_date(option, str(out[key]))
    if out.get("date_from") and out.get("date_to") and out["date_from"] > out["date_to"]:
        raise InputError(f"--from {out['date_from']} is after --to {out['date_to']}: no day can match")
    if out.get("cameo_root") is not None:
        out["cameo_root"] = check_cameo_root(str(out["cameo_root"]))
    if out.get("plover_type") is not None:
        out["plover_type"] = check_plover_type(str(out["plover_type"]))
    for key, option, least in (("depth", "--depth", 0), ("min_support", "--min-support", 1), ("top", "--top", 1)):
        if out.get(key) is not None and out[key] < least:
            raise InputError(f"{option} must be at least {least}, got {out[key]}")
    if out.get("actor") is not None and not str(out["actor"]).strip():
        raise InputError("--actor is empty: give a label, QID or IRI")
    return out


def check_actor_known(store, query: str) -> None:
    """ValueError naming the nearest stored labels when no stored actor is ``query`` (by IRI, QID or
    label) or has a label containing it, as :func:`..network.build.match_actors` matches."""
    from .actor_names import ACTOR_EXISTS, ACTOR_LABELS, iri_of_form, nearest

    iri = iri_of_form(query)
    if iri is not None:
        if not store.query(ACTOR_EXISTS, {"actor": iri}).boolean:
            raise InputError(f"--actor {query!r}: no actor {iri} in the store")
        return
    labels = {str(r["label"]) for r in store.query(ACTOR_LABELS).rows}
    wanted = query.strip().casefold()
    if not any(wanted in label.casefold() for label in labels):
        close = nearest(query, labels)
        raise InputError(f"--actor {query!r}: no actor with that name in the store"
                         + (f"; nearest: {', '.join(close)}" if close else ""))


def nothing_kept_message(store, given: Mapping[str, Any]) -> str:
    """The one-line error for filters that keep no event: the filters given and what the store holds."""
    from ...ontology.scheme import cameo_root

    options = {"actor": "--actor", "depth": "--depth", "date_from": "--from", "date_to": "--to",
               "cameo_root": "--cameo-root", "quad_class": "--quad-class", "plover_type": "--plover-type",
               "min_support": "--min-support", "lang": "--lang"}
    shown = " ".join(f"{options[k]} {v}" for k, v in given.items() if k in options)
    if not shown:
        return "the store holds no events with two actors to draw (ingest or load some first); nothing written"
    months = store.query(_STORED_MONTHS).rows
    codes = {str(r["code"]).removeprefix(CAMEO) for r in store.query(_STORED_CODES).rows}
    roots = sorted({cameo_root(c) for c in codes if c.isdigit()})
    held = []
    if months and months[0].get("first"):
        held.append(f"dated events from {months[0]['first']} to {months[0]['last']}")
    if roots:
        held.append(f"CAMEO roots {', '.join(roots)}")
    return f"no events match {shown}" + (f" (the store holds {'; '.join(held)})" if held else "") + "; nothing written"
