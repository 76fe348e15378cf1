"""The actor gazetteer: countries, persons with dated offices, organisations, role nouns.

Loads the TSV files shipped in ``ontology/gazetteer/`` plus any user files of
the same format (``DIPLOKG_GAZETTEER`` = a folder, or ``extra_dirs``), and
answers the questions the actor linker asks: which actors a phrase can name,
and who held an office on a date.

>>> gaz = load_gazetteer()
>>> gaz.office_holder("RUS", office="head_of_state", date="2016-11-14").name
'Vladimir Putin'
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..core.records import Actor
from .tables import DATA_DIR, read_tsv, split_values
from ..core.errors import InputError

GAZETTEER_DIR = DATA_DIR / "gazetteer"
# Files in the organisations format, read in this order from every gazetteer folder.
ORGANISATION_FILES = ("organisations.tsv", "bodies.tsv", "parties.tsv", "regions.tsv")
# the columns each kind of file must have (the others are optional): a user file without one is named
_COLUMNS = {"countries": ("iso3", "label_en"), "organisations": ("key", "label_en"), "persons": ("qid", "label_en"),
            "offices": ("person_qid", "org", "office"), "groups": ("lang", "kind", "forms", "english"),
            "roles": ("lang", "term")}
_QID = re.compile(r"^Q[1-9][0-9]*$")


def _qid(value: str | None) -> str | None:
    """A Wikidata QID, or None for local keys such as ``local:friedrich-merz``."""
    value = (value or "").strip()
    return value if _QID.match(value) else None


@dataclass(frozen=True)
class Office:
    """A person holding an office of a country or organisation between two dates."""

    person: str          # QID
    org: str             # ISO3 or organisation key
    office: str          # head_of_state, head_of_government, foreign_minister, ...
    titles: tuple[str, ...]
    start: str | None
    end: str | None

    def valid_on(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class RoleTerm:
    """A noun that names an office holder without naming them ("Kremlchef", "foreign minister")."""

    lang: str
    term: str
    office: str | None
    country: str | None
    title: str | None


@dataclass
class Gazetteer:
    """All known actors and the surface forms that name them."""

    actors: dict[str, Actor] = field(default_factory=dict)
    # lower-cased phrase -> list of (actor key, kind) with kind in name|alias|seat|adjective|demonym
    phrases: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    adjective_stems: dict[str, str] = field(default_factory=dict)   # German stem / English adjective -> ISO3
    countries: dict[str, str] = field(default_factory=dict)         # ISO3 -> actor key
    offices: list[Office] = field(default_factory=list)
    roles: dict[tuple[str, str], RoleTerm] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    # lower-cased common noun -> (ISO3, actor key) of the bodies it names in that country's context
    generic_terms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (lang, lower-cased plural noun) -> (English noun, bare use: "yes" | "no" | "placed"); groups.tsv
    group_nouns: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    group_modifiers: dict[tuple[str, str], str] = field(default_factory=dict)   # (lang, form) -> English
    # actor key -> the gazetteer file it was read from ("parties", "bodies", ...): what kind of actor it is
    origins: dict[str, str] = field(default_factory=dict)

    def add_phrase(self, phrase: str, key: str, kind: str) -> None:
        phrase = " ".join(phrase.split()).lower()
        if not phrase:
            return
        entries = self.phrases.setdefault(phrase, [])
        if (key, kind) not in entries:
            entries.append((key, kind))

    def add_generic(self, term: str, country: str, key: str) -> None:
        """A common noun ("senate", "grünen") that names ``key`` in an article about ``country``."""
        term = " ".join(term.split()).lower()
        entries = self.generic_terms.setdefault(term, [])
        if (country, key) not in entries:
            entries.append((country, key))

    def country_actor(self, iso3: str, as_government: bool = False) -> Actor | None:
        """The actor for a country, typed GOVERNMENT when it stands for its government."""
        key = self.countries.get(iso3)
        actor = self.actors.get(key) if key else None
        if actor is None or not as_government:
            return actor
        return Actor(actor.key, actor.name, "GOVERNMENT", actor.qid, actor.name_de, actor.country)

    def office_holder(self, org: str, *, office: str | None = None, title: str | None = None,
                      date: str | None = None) -> Actor | None:
        """Who held ``office`` (or an office titled ``title``) of ``org`` on ``date``."""
        if date is None:
            return None
        title_l = title.lower() if title else None
        for entry in self.offices:
            if entry.org != org or not entry.valid_on(date):
                continue
            if office and entry.office != office:
                continue
            if title_l and not any(t.lower() == title_l for t in entry.titles):
                continue
            return self.actors.get(entry.person)
        return None

    def holders_with_title(self, title: str, date: str) -> list[Office]:
        title_l = title.lower()
        return [o for o in self.offices if o.valid_on(date) and any(t.lower() == title_l for t in o.titles)]


def _load_organisations(gaz: Gazetteer, path: Path) -> None:
    """Rows of the organisations format; ``country`` and ``generic`` columns are optional
    (``bodies.tsv``, ``parties.tsv``, ``regions.tsv``: a national body, party or region of a country,
    and the common nouns that name it where the article's country is clear: "the Senate", "die Grünen")."""
    for row in read_tsv(path, _COLUMNS["organisations"]):
        key = row.get("qid") or f"local:org:{row['key'].lower()}"
        country = row.get("country") or None
        gaz.actors[key] = Actor(key, row["label_en"], row.get("type") or "ORGANIZATION",
                                _qid(row.get("qid")), row.get("label_de") or None, country)
        gaz.countries.setdefault(row["key"], key)     # organisations are "orgs" in offices.tsv
        gaz.origins[key] = path.stem
        for name in [row["label_en"], row.get("label_de", ""), *split_values(row.get("aliases"))]:
            gaz.add_phrase(name, key, "name")
        for term in split_values(row.get("generic")):
            if country:
                gaz.add_generic(term, country, key)


def _load_dir(gaz: Gazetteer, folder: Path) -> list[tuple[str, str]]:
    """Add the folder's rows to ``gaz``; returns (inflected German demonym, country key) in row order, for
    :func:`build_gazetteer` to add once every folder is read."""
    demonym_forms: list[tuple[str, str]] = []
    countries = folder / "countries.tsv"
    if countries.exists():
        for row in read_tsv(countries, _COLUMNS["countries"]):
            iso3 = row["iso3"]
            key = row.get("qid") or f"local:country:{iso3.lower()}"
            gaz.actors[key] = Actor(key, row["label_en"], "COUNTRY", _qid(row.get("qid")),
                                    row.get("label_de") or None, iso3)
            gaz.countries[iso3] = key
            for name in [row["label_en"], row.get("label_de", ""), *split_values(row.get("aliases"))]:
                gaz.add_phrase(name, key, "name")
            for seat in split_values(row.get("seats")):
                gaz.add_phrase(seat, key, "seat")
            for adj in split_values(row.get("adjectives_en")):
                gaz.adjective_stems[adj.lower()] = iso3
                gaz.add_phrase(adj, key, "adjective")
            for adj in split_values(row.get("adjectives_de")):
                if adj[:1].isupper():        # demonym noun: "Russe", "Russen"
                    gaz.add_phrase(adj, key, "demonym")
                    demonym_forms.extend((form, key) for form in german_demonym_forms(adj))
                else:
                    gaz.adjective_stems[adj.lower()] = iso3
    for file_name in ORGANISATION_FILES:
        orgs = folder / file_name
        if orgs.exists():
            _load_organisations(gaz, orgs)
    persons = folder / "persons.tsv"
    if persons.exists():
        for row in read_tsv(persons, _COLUMNS["persons"]):
            key = row["qid"]
            gaz.actors[key] = Actor(key, row["label_en"], "PERSON", _qid(key), row.get("label_de") or None,
                                    row.get("country") or None)
            for name in [row["label_en"], row.get("label_de", ""), *split_values(row.get("aliases"))]:
                gaz.add_phrase(name, key, "name")
    offices = folder / "offices.tsv"
    if offices.exists():
        for row in read_tsv(offices, _COLUMNS["offices"]):
            titles = tuple(split_values(row.get("title_en")) + split_values(row.get("title_de")))
            gaz.offices.append(Office(row["person_qid"], row["org"], row["office"], titles,
                                      row.get("start") or None, row.get("end") or None))
    groups = folder / "groups.tsv"
    if groups.exists():
        for row in read_tsv(groups, _COLUMNS["groups"]):
            for form in split_values(row["forms"]):
                if row["kind"] == "noun":
                    gaz.group_nouns[(row["lang"], form.lower())] = (row["english"], row.get("bare") or "no")
                else:
                    gaz.group_modifiers[(row["lang"], form.lower())] = row["english"]
    roles = folder / "roles.tsv"
    if roles.exists():
        for row in read_tsv(roles, _COLUMNS["roles"]):
            for term in split_values(row["term"]):
                gaz.roles[(row["lang"], term.lower())] = RoleTerm(
                    row["lang"], term, row.get("office") or None, row.get("country") or None,
                    row.get("title") or None)
    gaz.sources.append(str(folder))
    return demonym_forms


def build_gazetteer(extra_dirs: Iterable[str | Path] = ()) -> Gazetteer:
    """Load the shipped gazetteer, then user folders of the same format (later rows win)."""
    gaz = Gazetteer()
    demonym_forms = _load_dir(gaz, GAZETTEER_DIR)
    for folder in extra_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise InputError(f"gazetteer folder {folder} does not exist")
        demonym_forms += _load_dir(gaz, folder)
    # Inflected demonyms only where no row names the phrase ("Schweden" stays the country's name); a form two
    # countries share keeps both, in row order, as their listed demonym does.
    listed = set(gaz.phrases)
    for form, key in demonym_forms:
        if form.lower() not in listed:
            gaz.add_phrase(form, key, "demonym")
    # Offices sorted so that the most recent start wins ties (e.g. hand-over day).
    gaz.offices.sort(key=lambda o: o.start or "", reverse=True)
    return gaz


def german_demonym_forms(noun: str) -> list[str]:
    """The inflected forms of a German demonym noun that its row does not list: the dative plural and
    genitive singular of "-er" nouns ("Amerikanern", "Amerikaners"), the plural of "-in" nouns
    ("Amerikanerinnen") and the weak forms of "-e" nouns ("Russen").

    >>> german_demonym_forms("Amerikaner"), german_demonym_forms("Ukrainerin"), german_demonym_forms("Russe")
    (['Amerikanern', 'Amerikaners'], ['Ukrainerinnen'], ['Russen'])
    """
    if noun.endswith("er"):
        return [noun + "n", noun + "s"]
    if noun.endswith("in"):
        return [noun + "nen"]
    if noun.endswith("e"):
        return [noun + "n"]
    return []


@lru_cache(maxsize=4)
def _cached(extra: tuple[str, ...]) -> Gazetteer:
    return build_gazetteer(extra)


def user_dirs(extra_dirs: Iterable[str | Path] | None = None) -> tuple[str, ...]:
    """The user gazetteer folders: ``extra_dirs``, then those ``DIPLOKG_GAZETTEER`` lists."""
    extra = list(extra_dirs or [])
    env = os.environ.get("DIPLOKG_GAZETTEER")
    if env:
        extra.extend(p for p in env.split(os.pathsep) if p)
    return tuple(str(p) for p in extra)


def load_gazetteer(extra_dirs: Iterable[str | Path] | None = None) -> Gazetteer:
    """The gazetteer for this process (cached); ``DIPLOKG_GAZETTEER`` adds a user folder."""
    return _cached(user_dirs(extra_dirs))


@lru_cache(maxsize=4)
def _country_codes(extra: tuple[str, ...]) -> dict[str, str]:
    by_code: dict[str, str | None] = {}
    for folder in (GAZETTEER_DIR, *map(Path, extra)):
        if not folder.is_dir():
            raise InputError(f"gazetteer folder {folder} does not exist")
        countries = folder / "countries.tsv"
        if countries.exists():
            by_code.update((row["iso3"], _qid(row.get("qid"))) for row in read_tsv(countries, _COLUMNS["countries"]))
        for file_name in ORGANISATION_FILES:           # organisations are "countries" of offices too
            if (folder / file_name).exists():
                for row in read_tsv(folder / file_name, _COLUMNS["organisations"]):
                    by_code.setdefault(row["key"], _qid(row.get("qid")))
    return {qid: iso3 for iso3, qid in by_code.items() if qid}


def country_codes_by_qid(extra_dirs: Iterable[str | Path] | None = None) -> dict[str, str]:
    """QID -> ISO3 (or organisation key) of every country and organisation the gazetteer knows, read from
    those files alone (as :func:`load_gazetteer` would give them, later rows winning), so naming a country
    does not cost loading the whole gazetteer (0.1 s)."""
    return dict(_country_codes(user_dirs(extra_dirs)))
