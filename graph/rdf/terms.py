"""RDF terms as pyoxigraph objects, and the conversion between terms and plain Python values.

Why here: the IRIs themselves are written once, in :mod:`diplokg.ontology.namespaces`; the modules
that build or read quads share these terms instead of each building (or re-declaring) its own, and the
query side (:mod:`.store`, :mod:`.steps`) shares one conversion of values to terms.
"""
from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from ...ontology.namespaces import (DKG, FACTS_GRAPH_IRI, ONTOLOGY_GRAPH_IRI, RDF, RDFS, SKOS, STATE_GRAPH_IRI,
                                    SUMMARY_GRAPH_IRI, XSD)

FACTS_GRAPH = ox.NamedNode(FACTS_GRAPH_IRI)
ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY_GRAPH_IRI)
SUMMARY_GRAPH = ox.NamedNode(SUMMARY_GRAPH_IRI)
STATE_GRAPH = ox.NamedNode(STATE_GRAPH_IRI)
RDF_TYPE = ox.NamedNode(str(RDF.type))
RDFS_LABEL = ox.NamedNode(str(RDFS.label))
SKOS_EXACT = ox.NamedNode(str(SKOS.exactMatch))
_XSD = str(XSD)                     # plain text: concatenating the rdflib namespace looks each term up


def dkg(name: str) -> ox.NamedNode:
    """The ontology term ``dkg:name``."""
    return ox.NamedNode(DKG + name)


def typed_literal(text: str, datatype: str) -> ox.Literal:
    """``text`` as a literal of the XSD ``datatype`` (``"integer"``, ``"decimal"``, ``"boolean"`` ...)."""
    return ox.Literal(text, datatype=ox.NamedNode(_XSD + datatype))


def integer_literal(n: int) -> ox.Literal:
    """``n`` as an ``xsd:integer`` literal."""
    return typed_literal(str(n), "integer")


def to_python(term: Any) -> Any:
    """A pyoxigraph term as a plain Python value (IRIs and literals as strings, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


def term_from_python(value: Any) -> ox.NamedNode | ox.Literal:
    """A binding value as an RDF term: IRIs stay IRIs, everything else becomes a typed literal."""
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    if isinstance(value, bool):
        return typed_literal("true" if value else "false", "boolean")
    if isinstance(value, int):
        return integer_literal(value)
    if isinstance(value, float):
        return typed_literal(repr(value), "decimal")
    text = str(value)
    if text.startswith(("http://", "https://", "urn:")) and " " not in text:
        return ox.NamedNode(text)
    return ox.Literal(text)
