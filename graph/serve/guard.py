"""What ``diplokg serve`` refuses before a query reaches the store: updates and federation (SERVICE).

The check reads the *parsed* query (rdflib's SPARQL 1.1 grammar), not its text: a
SERVICE keyword hidden behind an escaped name (``dkgr:x\\#``), a ``\\'`` in a string,
a comment or a ``\\u0053ERVICE`` escape is found wherever the grammar puts it, and
the word SERVICE inside a string or an IRI is no reason to refuse. SPARQL Update
(INSERT, DELETE, LOAD, CLEAR, ...) is never run either: the endpoint is read-only.

rdflib and Oxigraph do not accept exactly the same language (Oxigraph also reads
SPARQL 1.2 triple terms, rdflib has grammar gaps). A query rdflib cannot parse is
passed on only when it does not contain the word ``service`` at all (in any case,
after ``\\uXXXX`` escapes are expanded, as both parsers do first); otherwise it is
refused, because nothing proves it is not federated.
"""
from __future__ import annotations

import re

from ..rdf.sparql_text import grammar_nodes, is_update

__all__ = ["SERVICE_REFUSED", "UPDATE_REFUSED", "is_update", "refusal"]

UPDATE_REFUSED = ("this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) "
                  "is refused. Change the graph with `diplokg ingest` / `diplokg remove`.")
SERVICE_REFUSED = ("federated queries (SERVICE) are disabled on this endpoint: it does not send requests "
                   "to other hosts on behalf of its clients.")
UNVERIFIED_REFUSED = ("this query contains the word SERVICE and the federation check cannot parse it "
                      "({reason}); federated queries are disabled on this endpoint. If SERVICE is only "
                      "part of a string or name, rewrite that part (e.g. without backslash escapes).")

_FEDERATED = frozenset({"ServiceGraphPattern"})


def refusal(text: str) -> str | None:
    """Why this query must not run on a read-only, non-federating endpoint, or None when it may run.

    The check reads the text with every carriage return as a line feed: SPARQL (and Oxigraph) ends a
    comment at either, rdflib only at a line feed, so ``# x\r SERVICE <…>`` would otherwise hide the
    SERVICE that Oxigraph runs inside what rdflib takes for a comment.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_update(text):
        return UPDATE_REFUSED
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            pass
        else:
            return UPDATE_REFUSED
        if re.search("service", expandUnicodeEscapes(text), re.IGNORECASE):
            return UNVERIFIED_REFUSED.format(reason=f"at line {exc.lineno}, column {exc.col}")
        return None                       # Oxigraph parses it and reports its own syntax error
    except Exception as exc:  # noqa: BLE001 - a parser crash proves nothing about federation
        if re.search("service", expandUnicodeEscapes(text), re.IGNORECASE):
            return UNVERIFIED_REFUSED.format(reason=type(exc).__name__)
        return None
    if any(node.name in _FEDERATED for node in grammar_nodes(tree)):
        return SERVICE_REFUSED
    return None
