"""Event locations for event rows: the stored place nodes, read once, and each event's place as a dict.

The page and tables take a location as ``{"name", "name_de", "lat", "lon", "kind", "country", "qid",
"iri", "source"}`` (WGS84 degrees as floats; ``source`` is "sentence" or "dateline"), or None.
"""
from __future__ import annotations

from typing import Any

PLACES_QUERY = """
SELECT ?place ?lat ?long ?kind ?en ?de ?country
WHERE {
  ?place a dkg:Place ; geo:lat ?lat ; geo:long ?long ; dkg:placeKind ?kind .
  OPTIONAL { ?place rdfs:label ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?place rdfs:label ?de FILTER(LANG(?de) = "de") }
  OPTIONAL { ?place dkg:countryCode ?country }
}
"""
_WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def place_descriptions(store) -> dict[str, dict[str, Any]]:
    """Place IRI -> its description (every stored place; a few thousand at most, one per gazetteer row)."""
    places: dict[str, dict[str, Any]] = {}
    for r in store.query(PLACES_QUERY).rows:
        iri = r["place"]
        if iri in places:
            continue
        qid = iri[len(_WIKIDATA_ENTITY):] if iri.startswith(_WIKIDATA_ENTITY) else None
        places[iri] = {"name": r.get("en") or r.get("de") or iri.rsplit("/", 1)[-1], "name_de": r.get("de"),
                       "lat": float(r["lat"]), "lon": float(r["long"]), "kind": r["kind"],
                       "country": r.get("country"), "qid": qid, "iri": iri}
    return places


def located(places: dict[str, dict[str, Any]], iri: str | None, source: str | None) -> dict[str, Any] | None:
    """An event's location as a dict (a copy, with how it was found), or None when it has none."""
    place = places.get(iri) if iri else None
    return {**place, "source": source} if place else None
