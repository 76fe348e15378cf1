"""The key a count series can be narrowed to, named the way users name things: ``source``/``target`` of a
dyad (an actor: QID, ``wd:QID``, IRI or stored label) or of a country dyad (a country: ISO3 code such as
``RUS``, QID or IRI), an ``actor``, or a CAMEO ``root``. Why: one dyad or one country pair reads only its
own month nodes (a few hundred) instead of all of them, which is what keeps ``series`` fast on a large
store; the resolved IRIs are bound as RDF terms (``VALUES``), never spliced into the query.
"""
from __future__ import annotations

from typing import Any

from ...core.errors import InputError
from ...ontology.namespaces import WD
from .actor_names import iri_of_form, resolve_actor

ALLOWED = {"dyad": ("source", "target"), "country-dyad": ("source", "target"), "actor": ("actor",),
           "root": ("root",)}


def country_iri(value: str, country_codes: dict[str, str]) -> str:
    """The country IRI an ISO3 code (any case), QID, ``wd:QID`` or IRI names."""
    text = value.strip()
    if len(text) == 3 and text.isalpha():
        from ...ontology.gazetteer import country_codes_by_qid

        # sub-national actors (a US state, USAGOV) carry the code too: the gazetteer's country comes first
        canonical = {str(WD) + qid for qid, iso3 in country_codes_by_qid().items() if iso3 == text.upper()}
        found = sorted((iri for iri, code in country_codes.items() if code == text.upper()),
                       key=lambda iri: (iri not in canonical, iri))
        if not found:
            raise InputError(f"{text!r} is no country code the store or gazetteer knows (ISO 3166 alpha-3, e.g. RUS)")
        return found[0]
    iri = iri_of_form(text)
    if iri is None:
        raise InputError(f"{value!r} is not a country: give its ISO3 code (RUS), QID (Q159) or IRI")
    return iri


def cameo_root(value: str) -> str:
    """The two-digit CAMEO root ``value`` names (``4``, ``04``, ``cameo:04``)."""
    from ...ontology.scheme import load_cameo

    text = str(value).strip().removeprefix("cameo:")
    text = text.zfill(2) if text.isdigit() and len(text) == 1 else text
    roots = sorted(c for c in load_cameo() if len(c) == 2)
    if text not in roots:
        raise InputError(f"--root {value!r} is not a CAMEO root: one of {roots[0]}..{roots[-1]} (e.g. 04)")
    return text


def resolve_keys(source, by: str, keys: dict[str, Any], country_codes) -> dict[str, str]:
    """``keys`` (source, target, actor, root; None for not given) checked against ``by`` and resolved:
    actors and countries to IRIs, the root to its two digits. ``country_codes`` is called for the
    country IRI -> ISO3 table only when a country is named."""
    given = {k: v for k, v in keys.items() if v not in (None, "")}
    wrong = sorted(set(given) - set(ALLOWED[by]))
    if wrong:
        raise InputError(f"--{wrong[0]} does not narrow --by {by}; it takes "
                         + ", ".join(f"--{k}" for k in ALLOWED[by]))
    out: dict[str, str] = {}
    for name, value in given.items():
        if name == "root":
            out[name] = cameo_root(value)
        elif by == "country-dyad":
            out[name] = country_iri(str(value), country_codes())
        else:
            out[name] = resolve_actor(source, f"--{name}", str(value))
    return out
