"""CAMEO-style actor codes: an ISO3 country plus a sector (``RUSGOV``, ``SYRREB``, ``IGO``).

Event-data users group actors by country and sector, so every actor gets both where they can be told:
known actors from the gazetteer (a person's most recent office, a body's or party's file and name, an
organisation's row in ``gazetteer/sectors.tsv``), unknown ones from the words that name them ("syrische
Rebellen" -> SYR + REB, "Iraqi protesters" -> IRQ + CVL, "the Russian army" -> RUS + MIL), with the country
adjectives and names the gazetteer knows. A country item is its country alone ("RUS"): the node stands for
the whole state, and a mention's own sector ("die russische Armee") stays on that mention.

>>> from diplokg.core.records import Actor
>>> gaz = load_gazetteer()
>>> coded_actor(Actor("local:group:syrian-rebels", "Syrian rebels", "GROUP"), gaz).code
'SYRREB'
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from ..core.records import Actor
from .gazetteer import GAZETTEER_DIR, Gazetteer, load_gazetteer
from .tables import read_tsv, split_values

SECTOR_FILE = "sectors.tsv"
_WORD = re.compile(r"[\w][\w'’.-]*", re.UNICODE)
_DE_ADJ_ENDINGS = ("en", "em", "er", "es", "e", "")
MIN_COMPOUND_HEAD = 4          # a German word matches the end of a compound only from this length on


@dataclass(frozen=True)
class OrganisationSector:
    """The sector (and country, where it has one) of an organisation the gazetteer names by key."""

    sector: str
    country: str | None


@dataclass
class SectorTable:
    """What ``sectors.tsv`` says: sector labels, office kinds, words and organisations -> sector code."""

    labels: dict[str, dict[str, str]]                    # code -> {lang: label}
    offices: dict[str, str]                              # office value of offices.tsv -> code
    words: dict[str, dict[tuple[str, ...], str]]         # lang -> word tuple -> code
    organisations: dict[str, OrganisationSector]         # organisation key -> sector, country
    longest: int = 1

    def word_sector(self, words: Sequence[str], lang: str | None) -> str | None:
        """The sector the words name: of all matches, the one ending last (the head of the phrase), then
        the longest; German words also match as the end of a compound ("Regierungstruppen")."""
        lows = [w.lower() for w in words]
        best: tuple[int, int, str] | None = None
        for language in ([lang] if lang in self.words else list(self.words)):
            table = self.words[language]
            for end in range(1, len(lows) + 1):
                for length in range(min(self.longest, end), 0, -1):
                    code = table.get(tuple(lows[end - length:end]))
                    if code is None and length == 1 and language == "de":
                        code = _compound_head(lows[end - 1], table)
                    if code is not None:
                        if best is None or (end, length) > best[:2]:
                            best = (end, length, code)
                        break
        return best[2] if best else None


def _compound_head(word: str, table: dict[tuple[str, ...], str]) -> str | None:
    """The sector of the longest listed word that ``word`` ends with ("regierungstruppen" -> "truppen"),
    else that it starts with ("oppositionsführer" -> "opposition")."""
    for cut in range(1, len(word) - MIN_COMPOUND_HEAD + 1):
        code = table.get((word[cut:],))
        if code is not None:
            return code
    for cut in range(len(word) - 1, MIN_COMPOUND_HEAD, -1):
        code = table.get((word[:cut],))
        if code is not None:
            return code
    return None


def _read_sector_file(table: SectorTable, path: Path) -> None:
    for row in read_tsv(path):
        kind, lang, code = row.get("kind"), row.get("lang") or "", row.get("sector", "")
        terms = split_values(row.get("terms"))
        if not code or not terms:
            raise ValueError(f"{path}: a row of kind {kind!r} needs terms and a sector")
        if kind == "sector":
            table.labels.setdefault(code, {})[lang] = terms[0]
        elif kind == "office":
            table.offices.update({term: code for term in terms})
        elif kind == "word":
            words = table.words.setdefault(lang, {})
            for term in terms:
                key = tuple(term.lower().split())
                words[key] = code
                table.longest = max(table.longest, len(key))
        elif kind == "organisation":
            country = row.get("country") or None
            table.organisations.update({term: OrganisationSector(code, country) for term in terms})
        else:
            raise ValueError(f"{path}: unknown kind {kind!r} (sector, office, word, organisation)")


@lru_cache(maxsize=4)
def _sector_table(folders: tuple[str, ...]) -> SectorTable:
    table = SectorTable({}, {}, {}, {})
    for folder in folders:
        path = Path(folder) / SECTOR_FILE
        if path.exists():
            _read_sector_file(table, path)
    unknown = {code for code in [*table.offices.values(), *(c for w in table.words.values() for c in w.values()),
                                 *(o.sector for o in table.organisations.values())] if code not in table.labels}
    if unknown:
        raise ValueError(f"{SECTOR_FILE}: sector codes without a label row: {', '.join(sorted(unknown))}")
    return table


def load_sectors(extra_dirs: Iterable[str | Path] = ()) -> SectorTable:
    """The sector table: the shipped file, then ``sectors.tsv`` in user gazetteer folders (later rows win)."""
    folders = [str(GAZETTEER_DIR), *(str(p) for p in extra_dirs)]
    env = os.environ.get("DIPLOKG_GAZETTEER")
    if env:
        folders.extend(p for p in env.split(os.pathsep) if p)
    return _sector_table(tuple(folders))


def sector_labels() -> dict[str, dict[str, str]]:
    """Sector code -> {"en": label, "de": label}: the vocabulary of ``dkg:sector``."""
    return load_sectors().labels


def words_of(text: str) -> list[str]:
    """The words of a name or phrase, as the sector and country look-ups take them."""
    return _WORD.findall(text.replace("’s", "").replace("'s", ""))


def country_of_words(words: Sequence[str], gaz: Gazetteer, lang: str | None = None) -> str | None:
    """The country a country adjective or name among ``words`` names ("syrische", "Iraqi", "Russia's",
    "US-Senator")."""
    for word in [part for word in words for part in (word, *word.split("-")[:1]) if part]:
        low = word.lower()
        if word[:1].isupper() and low in gaz.adjective_stems:       # English adjective: "Syrian"
            return gaz.adjective_stems[low]
        if lang != "en" and (word[:1].islower() or lang == "de"):   # German adjective: "syrischen", "Syrische"
            for ending in _DE_ADJ_ENDINGS:
                if low.endswith(ending) and low[:len(low) - len(ending)] in gaz.adjective_stems:
                    return gaz.adjective_stems[low[:len(low) - len(ending)]]
        for key, kind in gaz.phrases.get(low, ()):
            actor = gaz.actors.get(key)
            if word[:1].isupper() and actor is not None and actor.type == "COUNTRY" and kind in ("name", "demonym"):
                return actor.country
    return None


@dataclass
class _GazetteerIndex:
    """Look-ups built once per gazetteer: a person's offices (most recent first), an actor's org key."""

    gaz: Gazetteer
    offices: dict[str, list]
    org_keys: dict[str, str]


_INDEXES: dict[int, _GazetteerIndex] = {}


def _index(gaz: Gazetteer) -> _GazetteerIndex:
    found = _INDEXES.get(id(gaz))
    if found is None or found.gaz is not gaz:
        offices: dict[str, list] = {}
        for office in gaz.offices:                    # sorted by start, most recent first
            offices.setdefault(office.person, []).append(office)
        org_keys = {actor_key: org for org, actor_key in gaz.countries.items()}
        found = _INDEXES[id(gaz)] = _GazetteerIndex(gaz, offices, org_keys)
    return found


def is_country_item(actor: Actor, gaz: Gazetteer) -> bool:
    """The actor is a country's own item (typed COUNTRY, or GOVERNMENT where it stands for the state)."""
    return actor.type in ("COUNTRY", "GOVERNMENT") and bool(actor.country) and \
        gaz.countries.get(actor.country or "") == actor.key


def organisation_sector(key: str, gaz: Gazetteer, table: SectorTable) -> tuple[str | None, str | None]:
    """(country, sector) of an organisation, body, party or region of the gazetteer, by its actor key."""
    actor = gaz.actors.get(key)
    if actor is None:
        return None, None
    org_key = _index(gaz).org_keys.get(key)
    if org_key in table.organisations:
        listed = table.organisations[org_key]
        return listed.country or actor.country, listed.sector
    origin = gaz.origins.get(key)
    named = table.word_sector(words_of(actor.name), "en")
    if origin == "parties":
        return actor.country, "PTY"
    if origin == "bodies":
        return actor.country, named or "GOV"
    if origin == "regions":
        return actor.country, "REB" if actor.type == "GROUP" else "GOV"
    if actor.type == "ORGANIZATION" and not actor.country:
        return None, "IGO"
    return actor.country, named or ("GOV" if actor.type == "GOVERNMENT" else None)


def person_sector(key: str, gaz: Gazetteer, table: SectorTable) -> tuple[str | None, str | None] | None:
    """(country, sector) of a person from their most recent office: a country's office gives that country
    and the office's sector (the title's words for other offices, else GOV); an organisation's office gives
    the organisation's code (the UN secretary-general is IGO, Hamas's leader PSEREB). None: no office."""
    for office in _index(gaz).offices.get(key, []):
        org_actor = gaz.actors.get(gaz.countries.get(office.org, ""))
        if org_actor is not None and org_actor.type == "COUNTRY":
            sector = table.offices.get(office.office) or table.word_sector(
                [w for title in office.titles for w in words_of(title)], None) or "GOV"
            return office.org, sector
        if org_actor is not None:
            return organisation_sector(org_actor.key, gaz, table)
    return None


def office_organisation(key: str, gaz: Gazetteer | None = None) -> Actor | None:
    """The organisation a person acts for, when their most recent office is one of an organisation rather
    than a country (the UN secretary-general acts for the UN); None otherwise."""
    gaz = gaz or load_gazetteer()
    for office in _index(gaz).offices.get(key, [])[:1]:
        org = gaz.actors.get(gaz.countries.get(office.org, ""))
        if org is not None and org.type != "COUNTRY":
            return org
    return None


def coded_actor(actor: Actor, gaz: Gazetteer | None = None, words: Sequence[str] = (),
                lang: str | None = None) -> Actor:
    """``actor`` with its country and sector filled in where they can be told (fields already set stay).

    ``words`` are the words of the mention that named it: they give the sector of a country item's
    mention ("die russische Armee" -> MIL) and the country and sector of an actor the gazetteer does not
    know ("syrische Rebellen"). Without words, an unknown actor's own name is read the same way."""
    gaz = gaz or load_gazetteer()
    table = load_sectors()
    country, sector = actor.country, actor.sector
    if actor.key in gaz.actors and not is_country_item(actor, gaz):
        known = person_sector(actor.key, gaz, table) if actor.type == "PERSON" else \
            organisation_sector(actor.key, gaz, table)
        if known is not None:
            country = known[0] if (known[0] or known[1] == "IGO") else country
            sector = sector or known[1]
    elif is_country_item(actor, gaz):
        if words and actor.type == "GOVERNMENT":
            sector = sector or table.word_sector(words, lang) or "GOV"
    else:
        text = list(words) or words_of(actor.name)
        country = country or country_of_words(text, gaz, lang)
        sector = sector or table.word_sector(text, lang)
        if sector is None and actor.type == "GOVERNMENT":
            sector = "GOV"
    if sector == "IGO":
        country = None               # an official of an intergovernmental body acts for it, not for a state
    if (country, sector) == (actor.country, actor.sector):
        return actor
    return replace(actor, country=country, sector=sector)


def node_code(actor: Actor, gaz: Gazetteer | None = None) -> Actor:
    """The code the actor's graph node carries: one per node, whichever mention named it. A country item is
    its country alone; any other actor keeps its mention's sector, else the one its name and the gazetteer
    give."""
    gaz = gaz or load_gazetteer()
    if is_country_item(actor, gaz):
        return actor if actor.sector is None else replace(actor, sector=None)
    return coded_actor(actor, gaz)


WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


@lru_cache(maxsize=1)
def country_entities() -> dict[str, tuple[str, str | None, str]]:
    """Wikidata entity IRI of each gazetteer country -> (English name, German name, ISO3): names for a
    country that ``dkg:country`` points to but no stored event describes."""
    gaz = load_gazetteer()
    out = {}
    for iso, key in gaz.countries.items():
        actor = gaz.actors.get(key)
        if actor is not None and actor.type == "COUNTRY" and actor.qid:
            out[WIKIDATA_ENTITY + actor.qid] = (actor.name, actor.name_de, iso)
    return out
