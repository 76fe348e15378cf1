"""diplokg: diplomatic news to a knowledge graph of CAMEO-coded events.

The stages live in :mod:`diplokg.extractors` (articles → events),
:mod:`diplokg.graph` (events → RDF store, queries, networks) and
:mod:`diplokg.ontology` (ontology, CAMEO/PLOVER scheme, gazetteer, lexicons), all on
:mod:`diplokg.core` (errors and records).
"""
__version__ = "0.1.0"
