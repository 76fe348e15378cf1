"""Extractors: articles in, plain event records out (no rdflib here).

Stages, each a plain function: :mod:`.articles` reads and cleans inputs,
:mod:`.nlp` builds the spaCy pipeline per language, :mod:`.actors` links
mentions to canonical actors, :mod:`.events` finds CAMEO-coded events.
The records they pass on live in :mod:`diplokg.core.records` (re-exported here).
"""
from ..core.records import Actor, Article, Event

__all__ = ["Actor", "Article", "Event"]
