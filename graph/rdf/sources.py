"""What the table and series readers accept: an opened store, a store folder or URL, or an rdflib graph.

Why: analysts hold the graph in different shapes (a ``diplokg-data`` folder, the oxigraph server,
an rdflib ``Dataset`` parsed from an export); the readers run the same SPARQL with the same bindings
(a ``VALUES`` block of escaped RDF terms, :func:`diplokg.graph.store.bind_values`) on each.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from ...core.errors import InputError
from .store import PREFIX_BLOCK, QueryResult, bind_values

__all__ = ["RdflibSource", "as_queryable"]


class RdflibSource:
    """An rdflib ``Graph``/``Dataset`` with the store's ``query(sparql, bindings)`` interface.

    The store's queries read the union of the article, facts and summary graphs: a ``Dataset`` made
    without ``default_union=True`` (rdflib's default) is read through a union view of the same data,
    the caller's object unchanged."""

    def __init__(self, graph: Any):
        self.graph = union_view(graph)
        self.location = f"rdflib {type(graph).__name__}"

    def query(self, sparql: str, bindings: dict[str, Any] | None = None, *, prefixes: bool = True) -> QueryResult:
        """Run one SELECT or ASK (prefixes of the store prepended, bindings as a VALUES block)."""
        text = bind_values(sparql, bindings)
        result = self.graph.query(PREFIX_BLOCK + text if prefixes else text)
        if result.type == "ASK":
            return QueryResult("ask", [], [], boolean=bool(result.askAnswer))
        variables = [str(v) for v in result.vars]
        rows = [{v: _python(row[i]) for i, v in enumerate(variables)} for row in result]
        return QueryResult("select", variables, rows)


def union_view(graph: Any) -> Any:
    """``graph`` itself, or for a ``Dataset`` whose default graph is not the union of its graphs a
    Dataset over the same store that is (no copy, and the given object is not changed)."""
    from rdflib import Dataset

    if isinstance(graph, Dataset) and not graph.default_union:
        return Dataset(store=graph.store, default_union=True)
    return graph


def _python(term: Any) -> Any:
    """An rdflib term as the stores give values: numbers and booleans as such, the rest as text."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (bool, int)):
            return value
        if isinstance(value, (float, Decimal)):
            return float(value)
        return str(term)
    return str(term)


def as_queryable(store_or_graph: Any):
    """An object with ``query(sparql, bindings)``: the store itself, the store a folder or URL names
    (opened read-only), or an rdflib graph wrapped in :class:`RdflibSource`."""
    if isinstance(store_or_graph, (str, Path)):
        from .opening import open_for_reading

        return open_for_reading(str(store_or_graph))
    from rdflib import Graph

    if isinstance(store_or_graph, Graph):
        return RdflibSource(store_or_graph)
    if callable(getattr(store_or_graph, "query", None)):
        return store_or_graph
    raise InputError(f"expected a store, a store folder or URL, or an rdflib graph; got {type(store_or_graph).__name__}")
