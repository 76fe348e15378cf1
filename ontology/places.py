"""The places gazetteer: countries, regions and cities with WGS84 coordinates, in German and English.

Loads ``ontology/gazetteer/places.tsv`` (written by ``tools/build_places.py``) plus a ``places.tsv``
in any user gazetteer folder (``DIPLOKG_GAZETTEER`` or ``extra_dirs``; later rows win by key), and
answers which place a phrase names ("Kiew", "Kyiv" and "Kiev" are one place).

>>> places = load_places()
>>> places.lookup("Moskau").name, places.lookup("Kiew").key, places.country("RUS").kind
('Moscow', 'kyiv-ukr', 'country')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..core.records import PLACE_KINDS, Place
from .gazetteer import user_dirs
from .tables import DATA_DIR, read_tsv, split_values

PLACES_FILE = DATA_DIR / "gazetteer" / "places.tsv"
_QID = re.compile(r"^Q[1-9][0-9]*$")
# When one phrase names several places: a country before a region before a city, then the larger city.
_KIND_RANK = {"country": 0, "region": 1, "city": 2}


@dataclass(frozen=True)
class PlaceEntry:
    """One gazetteer row: the place and the numbers that rank it among places of the same name."""

    place: Place
    population: int
    names: tuple[str, ...]
    label_de: str

    @property
    def rank(self) -> tuple[int, int]:
        return _KIND_RANK[self.place.kind], -self.population


@dataclass
class PlaceGazetteer:
    """All known places and the surface forms (case as written) that name them."""

    entries: dict[str, PlaceEntry] = field(default_factory=dict)
    by_phrase: dict[str, list[str]] = field(default_factory=dict)      # phrase -> keys, best first
    by_country: dict[str, str] = field(default_factory=dict)           # ISO3 -> key of the country row
    longest: int = 1                                                   # most tokens in one phrase

    def add(self, entry: PlaceEntry) -> None:
        self.entries[entry.place.key] = entry
        if entry.place.kind == "country" and entry.place.country:
            self.by_country[entry.place.country] = entry.place.key
        for name in entry.names:
            phrase = " ".join(name.split())
            keys = self.by_phrase.setdefault(phrase, [])
            if entry.place.key not in keys:
                keys.append(entry.place.key)
            self.longest = max(self.longest, len(phrase.split()))

    def finish(self) -> None:
        """Order each phrase's places best first (see ``_KIND_RANK``)."""
        for keys in self.by_phrase.values():
            keys.sort(key=lambda k: self.entries[k].rank)

    def lookup(self, phrase: str) -> Place | None:
        """The best place a phrase names exactly (as written; an all-capitals dateline word is tried in
        title case too), or None."""
        phrase = " ".join(phrase.split())
        keys = self.by_phrase.get(phrase)
        if keys is None and phrase.isupper() and len(phrase) > 3:
            keys = self.by_phrase.get(_title(phrase))
        return self.entries[keys[0]].place if keys else None

    def country(self, iso3: str | None) -> Place | None:
        """The place row of a country (its population centre)."""
        key = self.by_country.get(iso3 or "")
        return self.entries[key].place if key else None

    def get(self, key: str) -> Place | None:
        entry = self.entries.get(key)
        return entry.place if entry else None

    def german_name(self, key: str) -> str | None:
        entry = self.entries.get(key)
        return entry.label_de if entry else None


def _title(word: str) -> str:
    """'NEU-DELHI' -> 'Neu-Delhi', 'WASHINGTON' -> 'Washington' (dateline capitals)."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word.lower())


def _entry(row: dict[str, str], path: Path) -> PlaceEntry:
    kind = row.get("kind", "")
    if kind not in PLACE_KINDS:
        raise ValueError(f"{path}: place {row.get('key')!r} has kind {kind!r}, expected one of {PLACE_KINDS}")
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (KeyError, ValueError):
        raise ValueError(f"{path}: place {row.get('key')!r} has no valid lat/lon") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{path}: place {row.get('key')!r} has coordinates out of range ({lat}, {lon})")
    qid = row.get("qid", "").strip()
    place = Place(row["key"], row["label_en"], qid if _QID.match(qid) else None, lat, lon,
                  row.get("country") or None, kind)
    names = (row["label_en"], row.get("label_de", ""), *split_values(row.get("aliases")))
    population = int(row["population"]) if row.get("population", "").isdigit() else 0
    return PlaceEntry(place, population, tuple(n for n in names if n), row.get("label_de") or row["label_en"])


def build_places(extra_dirs: Iterable[str | Path] = ()) -> PlaceGazetteer:
    """Load the shipped places, then ``places.tsv`` of user folders (a row with a known key replaces it)."""
    rows: dict[str, PlaceEntry] = {}
    files = [PLACES_FILE] + [Path(d) / "places.tsv" for d in extra_dirs]
    for path in files:
        if path.exists():
            for row in read_tsv(path):
                entry = _entry(row, path)
                rows[entry.place.key] = entry
    gaz = PlaceGazetteer()
    for entry in rows.values():
        gaz.add(entry)
    gaz.finish()
    return gaz


@lru_cache(maxsize=4)
def _cached(extra: tuple[str, ...]) -> PlaceGazetteer:
    return build_places(extra)


def load_places(extra_dirs: Iterable[str | Path] | None = None) -> PlaceGazetteer:
    """The places gazetteer for this process (cached); ``DIPLOKG_GAZETTEER`` adds user folders."""
    return _cached(user_dirs(extra_dirs))
