"""One configuration object for a run (models, store, defaults), like spaCy's config."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .core.errors import InputError

DEFAULT_STORE = "diplokg-data"


@dataclass
class Config:
    """Settings shared by the CLI and the Python API."""

    models: dict[str, str] = field(default_factory=dict)     # lang -> package name, path or "rules"
    store: str = field(default_factory=lambda: os.environ.get("DIPLOKG_STORE", DEFAULT_STORE))
    lang: str | None = None                                   # default language for items without one
    date: str | None = None                                   # date of items that state none (applied by the reader)
    gazetteer_dirs: list[Path] = field(default_factory=list)
    lexicon_dirs: list[Path] = field(default_factory=list)
    batch_size: int = 32                                      # articles per spaCy nlp.pipe batch
    write_batch_size: int = 50                                # articles per store write (ingest --batch-size)
    workers: int = 1                                          # extraction processes (ingest --workers)
    progress: bool = False                                    # show the ingest progress bar
    max_seconds_per_article: float = 60.0
    max_chars_per_part: int = 100_000                         # longer texts are parsed part by part
    coder: str | None = None                                  # None: the shipped coder; "rules"; or a folder
    min_confidence: float | None = None                       # keep events above this (None: the coder's own)

    @staticmethod
    def parse_model_args(values: list[str] | None) -> dict[str, str]:
        """``["de=../shared/models/de_diplo_ud_sm", "en=en_core_web_sm"]`` -> dict."""
        out: dict[str, str] = {}
        for value in values or []:
            lang, sep, spec = value.partition("=")
            if not sep or not lang or not spec:
                raise InputError(f"--model wants LANG=NAME_OR_PATH, got {value!r}")
            out[lang.strip().lower()] = spec.strip()
        return out
