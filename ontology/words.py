"""Word lists of the extractors, read from ``ontology/words/*.tsv`` so they can be edited without code.

Every file has the columns ``list lang word value``: ``list`` names the word list (``institution_noun``,
``non_actor_head``, ...), ``lang`` is ``de``, ``en`` or ``any`` (both), ``word`` is a lower-case word or a
phrase of words separated by one space, ``value`` is an optional payload (a class, a type, a name).
A folder of files in the same format named by ``DIPLOKG_WORDS`` (``os.pathsep``-separated) adds rows.

>>> "regierung" in word_set("institution_noun", "de")
True
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from .tables import DATA_DIR, read_tsv
from ..core.errors import InputError

WORDS_DIR = DATA_DIR / "words"
LANGS = ("de", "en", "any")


def _folders() -> list[Path]:
    extra = [Path(p) for p in os.environ.get("DIPLOKG_WORDS", "").split(os.pathsep) if p]
    for folder in extra:
        if not folder.is_dir():
            raise InputError(f"word list folder {folder} (DIPLOKG_WORDS) does not exist")
    return [WORDS_DIR, *extra]


@lru_cache(maxsize=4)
def _rows(folders: tuple[Path, ...]) -> dict[tuple[str, str], dict[str, str]]:
    """(list, lang) -> {word: value} over every file of the folders, later files adding rows."""
    table: dict[tuple[str, str], dict[str, str]] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.tsv")):
            for n, row in enumerate(read_tsv(path), 1):
                name, lang, word = row.get("list", ""), row.get("lang", "").lower(), row.get("word", "")
                if not name or not word:
                    raise InputError(f"{path} row {n}: 'list' and 'word' must not be empty")
                if lang not in LANGS:
                    raise InputError(f"{path} row {n}: lang must be de, en or any, not {lang!r}")
                table.setdefault((name, lang), {})[" ".join(word.split())] = row.get("value", "")
    return table


def word_map(name: str, lang: str) -> dict[str, str]:
    """Word -> value of list ``name`` for ``lang`` (rows of ``lang`` and of ``any``)."""
    table = _rows(tuple(_folders()))
    return {**table.get((name, "any"), {}), **table.get((name, lang), {})}


def word_set(name: str, lang: str) -> frozenset[str]:
    """The words of list ``name`` for ``lang`` (phrases stay strings with single spaces)."""
    return frozenset(word_map(name, lang))


def phrase_set(name: str, lang: str) -> frozenset[str | tuple[str, ...]]:
    """Like :func:`word_set`, but a phrase of several words is a tuple of its words."""
    return frozenset(w if " " not in w else tuple(w.split(" ")) for w in word_map(name, lang))


def per_language(name: str) -> dict[str, frozenset[str]]:
    """``{"de": ..., "en": ...}``: list ``name`` for each language (the form the extractors keep)."""
    return {lang: word_set(name, lang) for lang in LANGS if lang != "any"}


def both_languages(name: str) -> frozenset[str]:
    """The words of list ``name`` in German and English together, for lists matched without a language."""
    return word_set(name, "de") | word_set(name, "en")


def value_groups(name: str, lang: str) -> dict[str, frozenset[str]]:
    """Value -> the words of list ``name`` for ``lang`` carrying it (``means_noun``: CAMEO code -> weapons)."""
    groups: dict[str, set[str]] = {}
    for word, value in word_map(name, lang).items():
        groups.setdefault(value, set()).add(word)
    return {value: frozenset(words) for value, words in groups.items()}
