"""The event lexicon: verbs, light-verb constructions and event nouns per language.

Each entry maps an expression to a normalized relation label, a CAMEO code and
the argument slots that hold the source and the target (see
``ontology/lexicon/README.md``). Users add entries with files of the same
format (``DIPLOKG_LEXICON`` = folder with ``de.tsv`` / ``en.tsv``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .tables import DATA_DIR, read_tsv, split_values
from ..core.errors import InputError

LEXICON_DIR = DATA_DIR / "lexicon"
SLOTS = {"subj", "obj", "dat", "gen", "poss", "co", "none"}


@dataclass(frozen=True)
class LexEntry:
    """One way of expressing an event in one language."""

    kind: str                      # verb | light | noun
    lemma: str                     # verb lemma ("" for noun entries)
    particle: str
    nouns: tuple[str, ...]
    relation: str
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    note: str = ""


@dataclass
class Lexicon:
    """Entries of one language, indexed by verb lemma and by noun."""

    lang: str
    verbs: dict[str, list[LexEntry]] = field(default_factory=dict)     # plain verbs by lemma
    light: dict[str, list[LexEntry]] = field(default_factory=dict)     # light verbs by verb lemma
    nouns: dict[str, list[LexEntry]] = field(default_factory=dict)     # event nouns by lower-cased noun
    particles: set[str] = field(default_factory=set)

    def verb_key(self, entry: LexEntry) -> str:
        """German lemmas include their particle ("anbieten"); English phrasal verbs are "call on"."""
        if self.lang != "de" and entry.particle and not entry.lemma.endswith(" " + entry.particle):
            return f"{entry.lemma} {entry.particle}"
        return entry.lemma

    def add(self, entry: LexEntry) -> None:
        if entry.kind == "verb":
            self.verbs.setdefault(self.verb_key(entry), []).append(entry)
        elif entry.kind == "light":
            self.light.setdefault(self.verb_key(entry), []).append(entry)
        else:
            for noun in entry.nouns:
                self.nouns.setdefault(noun.lower(), []).append(entry)
        if entry.particle:
            self.particles.add(entry.particle.lower())

    @property
    def verb_lemmas(self) -> set[str]:
        return set(self.verbs) | set(self.light)

    def __len__(self) -> int:
        return sum(map(len, self.verbs.values())) + sum(map(len, self.light.values())) + len(
            {id(e) for es in self.nouns.values() for e in es})


def _slots(cell: str, item: str) -> tuple[str, ...]:
    values = tuple(v.lower() for v in split_values(cell))
    for value in values:
        if value not in SLOTS and not value.startswith("pp:"):
            raise InputError(f"{item}: unknown slot {value!r}")
    return values


def read_lexicon_file(path: Path, lexicon: Lexicon, skip_keys: set[tuple] | None = None) -> list[LexEntry]:
    """Add the entries of one lexicon TSV file to ``lexicon``; returns them."""
    added: list[LexEntry] = []
    for n, row in enumerate(read_tsv(path), 1):
        item = f"{path} row {n}"
        kind = row.get("kind", "").lower()
        if kind not in ("verb", "light", "noun"):
            raise InputError(f"{item}: kind must be verb, light or noun, not {kind!r}")
        entry = LexEntry(
            kind=kind,
            lemma=row.get("lemma", "").lower(),
            particle=row.get("particle", "").lower(),
            nouns=tuple(split_values(row.get("noun"))),
            relation=row["relation"],
            cameo=row["cameo"],
            source=_slots(row.get("source", ""), item) or ("subj",),
            target=_slots(row.get("target", ""), item) or ("none",),
            note=row.get("note", ""),
        )
        if skip_keys and entry_key(entry) in skip_keys:
            continue
        lexicon.add(entry)
        added.append(entry)
    return added


def entry_key(entry: LexEntry) -> tuple:
    """What identifies an expression: a user row with the same key replaces the shipped rows."""
    return (entry.kind, entry.lemma, entry.particle, tuple(n.lower() for n in entry.nouns))


def user_lexicon_files(folder: Path, lang: str) -> list[Path]:
    """``de.tsv`` and ``NAME.de.tsv`` files of a user folder, in name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"lexicon folder {folder} does not exist")
    return sorted(p for p in folder.glob("*.tsv") if p.name == f"{lang}.tsv" or p.name.endswith(f".{lang}.tsv"))


def build_lexicon(lang: str, extra_dirs: Iterable[str | Path] = ()) -> Lexicon:
    """The shipped lexicon for ``lang`` plus user files of the same format."""
    lexicon = Lexicon(lang)
    user_keys: set[tuple] = set()
    for folder in extra_dirs:                       # user rows first: they are tried before shipped ones
        for path in user_lexicon_files(Path(folder), lang):
            user_keys.update(entry_key(e) for e in read_lexicon_file(path, lexicon))
    shipped = LEXICON_DIR / f"{lang}.tsv"
    if shipped.exists():
        read_lexicon_file(shipped, lexicon, skip_keys=user_keys)
    return lexicon


@lru_cache(maxsize=8)
def _cached(lang: str, extra: tuple[str, ...]) -> Lexicon:
    return build_lexicon(lang, extra)


def load_lexicon(lang: str, extra_dirs: Iterable[str | Path] | None = None) -> Lexicon:
    """The lexicon of ``lang`` for this process (cached); ``DIPLOKG_LEXICON`` adds a folder."""
    extra = list(extra_dirs or [])
    env = os.environ.get("DIPLOKG_LEXICON")
    if env:
        extra.extend(p for p in env.split(os.pathsep) if p)
    return _cached(lang, tuple(str(p) for p in extra))
