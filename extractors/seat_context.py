"""Capitals that stand for an organisation seated there: "Brüssel" / "Brussels" for the EU.

The gazetteer lists Brussels as the seat of Belgium, but news uses it far more often for the European
Union ("Brüssel fordert von Athen ..."; ``ontology/gazetteer/README.md``). In an article that names the
EU or one of its bodies and never names Belgium itself (by name, adjective or demonym), a Belgian seat
mention is the EU.
"""
from __future__ import annotations

from .mention import Mention

# country ISO3 -> (organisation key whose mention decides, keys of that organisation's bodies)
ORGANISATION_SEATS = {"BEL": ("EU", ("EU", "EU_COM", "EUCO", "EU_COUNCIL", "EP", "EEAS", "EUROGROUP"))}


def organisation_seats(mentions: list, gaz) -> list:
    """The mentions with seats re-read as the organisation seated there (see the module docstring)."""
    out = mentions
    for iso, (org, bodies) in ORGANISATION_SEATS.items():
        country_key = gaz.countries.get(iso)
        org_actor = gaz.actors.get(gaz.countries.get(org, ""))
        body_keys = {gaz.countries.get(b) for b in bodies} - {None}
        if org_actor is None or not any(a.key in body_keys for m in out for a in m.actors):
            continue
        if any(m.kind != "seat" and any(a.key == country_key for a in m.actors) for m in out):
            continue                                    # Belgium itself is named: Brussels may be Belgium
        out = [Mention(m.start, m.end, (org_actor,), "seat", m.confidence, dict(m.features, seat_of=org))
               if m.kind == "seat" and len(m.actors) == 1 and m.actors[0].key == country_key else m
               for m in out]
    return out
