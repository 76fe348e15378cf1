"""Country and sector level: event rows with persons and agencies rolled up to their country.

Country-level dyads are the unit of most event-data analysis: Putin's, Lavrov's and "Moskau"'s events are
one Russia–United States dyad. :func:`roll_up` rewrites the actors of event rows (the format of
:mod:`diplokg.graph.network`) so that every function over rows -- networks, centrality, dyads, the page --
works at that level unchanged:

* ``country``: an actor with a country (``dkg:country``; a country is its own) becomes that country;
* ``sector``: it becomes its country and sector ("RUSGOV": Russia's government, persons and bodies
  together), an actor with a country but no sector its country;
* an official of an intergovernmental organisation becomes the organisation (Guterres: the UN);
* an actor without a known country (an unknown person, an intergovernmental or non-state organisation)
  stays as it is; :attr:`LevelRows.kept` lists them so that callers can say how many.

>>> from diplokg.graph.network.build import example_row as row
>>> putin = {"iri": "http://www.wikidata.org/entity/Q7747", "label": "Vladimir Putin", "type": "PERSON",
...          "country_iri": "http://www.wikidata.org/entity/Q159", "country": "Russia", "sector": "GOV"}
>>> doe = {"iri": "local:doe", "label": "Jane Doe", "type": "PERSON"}
>>> out = roll_up([row("A", "B", "consult", "040", 1.0, "2020-01-02", source=putin, target=doe)], "country")
>>> out.rows[0]["source"]["label"], out.rows[0]["target"]["label"], [a["label"] for a in out.kept]
('Russia', 'Jane Doe', ['Jane Doe'])
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...ontology.actor_codes import WIKIDATA_ENTITY, country_entities, office_organisation

LEVELS = ("actor", "country", "sector")
F = TypeVar("F", bound=Callable[..., Any])
SECTOR_NODE = "https://w3id.org/diplokg/resource/code/"
# the actor type a sector node is drawn with (legend colours); other sectors are groups
SECTOR_TYPES = {"GOV": "GOVERNMENT", "MIL": "GOVERNMENT", "COP": "GOVERNMENT", "SPY": "GOVERNMENT",
                "LEG": "GOVERNMENT", "JUD": "GOVERNMENT", "PTY": "ORGANIZATION", "IGO": "ORGANIZATION",
                "NGO": "ORGANIZATION", "BUS": "ORGANIZATION", "MED": "ORGANIZATION"}


@dataclass
class LevelRows:
    """Event rows at a level, and the actors kept as they are because their country is unknown."""

    level: str
    rows: list[dict[str, Any]]
    kept: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kept_persons(self) -> int:
        """How many of the kept actors are persons (the count the CLI reports)."""
        return sum(1 for a in self.kept if a.get("type") == "PERSON")

    def notice(self) -> str | None:
        """One line saying what stayed at actor level, or None when everything rolled up."""
        if self.level == "actor" or not self.kept:
            return None
        n, persons = len(self.kept), self.kept_persons
        return (f"{n} actor{'s' if n != 1 else ''} without a known country kept as "
                f"{'they are' if n != 1 else 'it is'} at {self.level} level "
                f"({persons} person{'s' if persons != 1 else ''})")


def _country_node(actor: Mapping[str, Any], described: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    """The country actor dict an actor rolls up to (itself for a country), None when it has no country."""
    if actor.get("type") in ("COUNTRY",):
        return dict(actor)
    iri = actor.get("country_iri")
    if not iri:
        return None
    if iri in described:
        return dict(described[iri])
    name, name_de, iso = country_entities().get(iri, (actor.get("country") or iri.rsplit("/", 1)[-1], None,
                                                           None))
    code = iso or (actor.get("code") or "")[:3] or None
    return {"iri": iri, "label": name, "label_de": name_de, "type": "COUNTRY",
            "qid": iri[len(WIKIDATA_ENTITY):] if iri.startswith(WIKIDATA_ENTITY) else None,
            "country": name, "code": code, "sector": None}


@functools.lru_cache(maxsize=1)
def _gazetteer_persons() -> dict[str, str]:
    """Stored IRI of each gazetteer person -> their gazetteer key."""
    from ...ontology.gazetteer import load_gazetteer
    from ..rdf.mapping import actor_iri

    return {actor_iri(a).value: a.key for a in load_gazetteer().actors.values() if a.type == "PERSON"}


def _organisation_node(actor: Mapping[str, Any]) -> dict[str, Any] | None:
    """The organisation node an official of an intergovernmental organisation rolls up to (Guterres: the UN)."""
    from ..rdf.mapping import actor_iri

    key = _gazetteer_persons().get(str(actor.get("iri")))
    org = office_organisation(key) if key else None
    if org is None:
        return None
    return {"iri": actor_iri(org).value, "label": org.name, "label_de": org.name_de, "type": org.type,
            "qid": org.qid, "country": None, "code": "IGO", "sector": "IGO"}


def _sector_node(country: dict[str, Any], sector: str | None) -> dict[str, Any]:
    """The node of a country's sector ("RUSGOV": Russia's government), the country itself without one."""
    if not sector:
        return country
    code = f"{country.get('code') or ''}{sector}"
    label_de = f"{country['label_de']} · {sector}" if country.get("label_de") else None
    return {"iri": f"{SECTOR_NODE}{code}", "label": f"{country['label']} · {sector}", "label_de": label_de,
            "type": SECTOR_TYPES.get(sector, "GROUP"), "qid": None, "country": country["label"],
            "country_iri": country["iri"], "code": code, "sector": sector}


def level_actor(actor: Mapping[str, Any] | None, level: str,
                described: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any] | None:
    """The actor dict ``actor`` stands for at ``level`` (a copy of itself when its country is unknown)."""
    if actor is None or level == "actor":
        return dict(actor) if actor is not None else None
    country = _country_node(actor, described or {})
    if country is None:
        organisation = _organisation_node(actor) if actor.get("sector") == "IGO" else None
        return organisation or dict(actor)
    return country if level == "country" else _sector_node(country, actor.get("sector"))


def check_level(level: str) -> str:
    """``level`` if it is one of :data:`LEVELS`; else a ValueError naming the accepted ones."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} (accepted: {', '.join(LEVELS)})")
    return level


def roll_up(rows: Iterable[Mapping[str, Any]], level: str = "country") -> LevelRows:
    """The rows with source and target at ``level`` (see the module docstring); rows are copied, the
    input is not changed. ``actor`` level returns the rows as they are."""
    rows = list(rows)
    if check_level(level) == "actor":
        return LevelRows(level, [dict(r) for r in rows])
    described = {a["iri"]: a for r in rows for a in (r.get("source"), r.get("target"))
                 if a and a.get("iri") and a.get("type") == "COUNTRY"}
    kept: dict[str, dict[str, Any]] = {}
    out = []
    for row in rows:
        new = dict(row)
        for side in ("source", "target"):
            actor = row.get(side)
            if actor is None:
                continue
            new[side] = level_actor(actor, level, described)
            if new[side] == actor and actor.get("type") != "COUNTRY":
                kept.setdefault(str(actor.get("iri") or actor.get("label")), dict(actor))
        out.append(new)
    return LevelRows(level, out, sorted(kept.values(), key=lambda a: str(a.get("label"))))


def at_level(func: F) -> F:
    """Give a function over event rows a ``level`` keyword (``"actor"``, ``"country"``, ``"sector"``): the
    rows are rolled up first, and a graph result says in ``G.graph["kept_actors"]`` (a DataFrame in
    ``df.attrs["kept_actors"]``) which actors stayed as they are for want of a country."""
    @functools.wraps(func)
    def wrapper(rows: Iterable[Mapping[str, Any]], *args: Any, level: str = "actor", **kwargs: Any) -> Any:
        if check_level(level) == "actor":
            return func(rows, *args, **kwargs)
        leveled = roll_up(rows, level)
        result = func(leveled.rows, *args, **kwargs)
        for holder in (getattr(result, "graph", None), getattr(result, "attrs", None)):
            if isinstance(holder, dict):
                holder.update(level=level, kept_actors=[a.get("label") for a in leveled.kept])
        return result
    return wrapper  # type: ignore[return-value]
