"""RDF terms as pyoxigraph objects, and the conversion between terms and plain Python values.

Why here: the IRIs themselves are written once, in :mod:`diplokg.ontology.namespaces`; the modules
that build or read quads share these terms instead of each building (or re-declaring) its own, and the
query side (:mod:`.store`, :mod:`.steps`) shares one conversion of values to terms.
"""
from __future__ import annotations

import datetime
import decimal
import math
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
    """A binding value as an RDF term, typed as rdflib's ``initBindings`` would type it: IRIs stay IRIs,
    rdflib terms keep their datatype or language, dates are ``xsd:date``/``xsd:dateTime``, numbers typed.

    >>> import datetime; str(term_from_python(datetime.date(2021, 6, 10)))
    '"2021-06-10"^^<http://www.w3.org/2001/XMLSchema#date>'
    >>> str(term_from_python(1e-07))
    '"1e-07"^^<http://www.w3.org/2001/XMLSchema#double>'
    """
    if isinstance(value, (ox.NamedNode, ox.Literal)):
        return value
    rdflib_term = _from_rdflib(value)
    if rdflib_term is not None:
        return rdflib_term
    if isinstance(value, bool):
        return typed_literal("true" if value else "false", "boolean")
    if isinstance(value, int):
        return integer_literal(value)
    if isinstance(value, float):      # repr may be "1e-07" or "nan", which xsd:decimal does not allow
        if not math.isfinite(value):
            return typed_literal("NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF"), "double")
        return typed_literal(repr(value), "double" if "e" in repr(value) else "decimal")
    if isinstance(value, decimal.Decimal):
        return typed_literal(format(value, "f"), "decimal")
    if isinstance(value, datetime.datetime):
        return typed_literal(value.isoformat(), "dateTime")
    if isinstance(value, datetime.date):
        return typed_literal(value.isoformat(), "date")
    text = str(value)
    if text.startswith(("http://", "https://", "urn:")) and " " not in text:
        return ox.NamedNode(text)
    return ox.Literal(text)


def _from_rdflib(value: Any) -> ox.NamedNode | ox.Literal | None:
    """An rdflib ``URIRef`` or ``Literal`` as the same pyoxigraph term (None for anything else)."""
    kind = type(value).__name__
    if not type(value).__module__.startswith("rdflib"):
        return None
    if kind == "URIRef":
        return ox.NamedNode(str(value))
    if kind == "Literal":
        if value.language:
            return ox.Literal(str(value), language=value.language)
        if value.datatype is not None:
            return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
        return ox.Literal(str(value))
    return None
