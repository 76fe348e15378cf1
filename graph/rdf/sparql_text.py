"""What a SPARQL query text says before it runs: is it an update, does it name its own dataset, and
what one line to tell the user when Oxigraph cannot parse it.

pyoxigraph (0.5) does not expose its parsed query, so the dataset clause and the prefixed names
are read from rdflib's SPARQL 1.1 parse tree (a real grammar, not a text search). The store runs
queries over the union of its graphs; a query that declares ``FROM`` / ``FROM NAMED`` must get
the dataset it asks for instead (:func:`declares_dataset`). Oxigraph's syntax errors list every
token its grammar expected (several lines of Unicode ranges); :func:`syntax_error_message` keeps
the position and any readable reason.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

__all__ = ["UPDATE_IN_QUERY", "declares_dataset", "grammar_nodes", "is_update", "local_syntax_error",
           "syntax_error_message"]

UPDATE_IN_QUERY = "updates are not allowed in a query; use diplokg ingest / remove / load"

# An update is recognised by its first keyword after the prologue (comments and
# PREFIX/BASE declarations skipped): a fast, clear answer before any parsing.
_SKIP = r"(?:\s+|#[^\n\r]*(?:[\n\r]|$))*"          # a comment ends at a line feed or a carriage return
_UPDATE = re.compile(
    rf"^{_SKIP}(?:(?:PREFIX{_SKIP}[^\s:]*:{_SKIP}<[^>]*>|BASE{_SKIP}<[^>]*>){_SKIP})*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
# A dataset clause needs the keyword FROM (not a ?from / $from variable): without it no parse is needed.
_FROM_WORD = re.compile(r"(?<![?$\w])from\b", re.IGNORECASE)
_POSITION = re.compile(r"^error at (\d+):(\d+): ")
# Oxigraph's own reasons among the expected tokens ("Prefix not found", "IRI parsing failed", ...):
# words and spaces only, unlike the quoted tokens, keywords and character ranges around them.
_REASON = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+)+$")
_PNAME_BEFORE = re.compile(r"([A-Za-z][\w.\-]*)?:[\w.\-%\\]*$")


def is_update(text: str) -> bool:
    """True when ``text`` starts like a SPARQL Update request rather than a query."""
    return bool(_UPDATE.match(text))


@lru_cache(maxsize=256)
def _parse_tree(text: str) -> Any:
    """rdflib's parse tree of a query (cached: named queries run again and again), None when rdflib
    cannot parse it (a syntax error, or syntax only Oxigraph reads)."""
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        return parseQuery(text)
    except Exception:  # noqa: BLE001 - pyparsing errors and parser crashes alike: no tree
        return None


def declares_dataset(text: str) -> bool:
    """True when the query has a ``FROM`` or ``FROM NAMED`` clause, whose dataset the store's union
    default graph must not replace; False for a query rdflib cannot parse (the union applies)."""
    if not _FROM_WORD.search(text):
        return False
    tree = _parse_tree(text)
    return tree is not None and "datasetClause" in tree[1]


def grammar_nodes(node: Any) -> Iterator[Any]:
    """Every grammar rule node (rdflib ``CompValue``) of a parse tree."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def unknown_prefix(text: str, known: Iterable[str] = ()) -> str | None:
    """The first prefix the query uses without declaring it (``PREFIX``) or ``known`` defining it,
    read from rdflib's parse tree; None when every prefix is defined or rdflib cannot parse it."""
    tree = _parse_tree(text)
    if tree is None:
        return None
    declared = {dict.get(d, "prefix", "") or "" for d in tree[0] if getattr(d, "name", "") == "PrefixDecl"}
    used = {dict.get(n, "prefix", "") or "" for n in grammar_nodes(tree[1]) if n.name == "pname"}
    missing = used - declared - set(known)
    if not missing:
        return None
    return min(missing, key=lambda p: (text.find(f"{p}:") % (len(text) + 1), p))


def _prefix_at(text: str, line: int, column: int) -> str | None:
    """The prefix of a prefixed name ending where Oxigraph stopped (it stops just after the name
    whose prefix it cannot find)."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    match = _PNAME_BEFORE.search(lines[line - 1][: max(column - 1, 0)])
    return None if match is None else match.group(1) or ""


def _declared(text: str, prefix: str) -> bool:
    """Whether a query rdflib cannot parse declares ``prefix`` (a ``PREFIX p:`` in its text)."""
    return re.search(rf"\bPREFIX\s+{re.escape(prefix)}:", text, re.IGNORECASE) is not None


def local_syntax_error(text: str, prefixes: dict[str, str] | None = None) -> SyntaxError | None:
    """The error Oxigraph's parser finds in ``text`` (None when it parses), checked on an empty in-memory
    store: the position of an error in the user's own text, before a VALUES block went in, and a reason
    in our words for a query a remote server refused.

    >>> local_syntax_error("SELECT ?s WHERE { ?s ?p ?o }") is None
    True
    >>> str(local_syntax_error("SELECT ?s WHERE { ?s ?p }")).startswith("error at 1:26")
    True
    """
    import pyoxigraph as ox

    try:
        ox.Store().query(text, prefixes=prefixes)
    except SyntaxError as exc:
        return exc
    except (OSError, RuntimeError, ValueError):       # it parsed; evaluating it on nothing is not the question
        return None
    return None


def syntax_error_message(text: str, error: BaseException, known_prefixes: Iterable[str] = ()) -> str:
    """One line for a query Oxigraph rejected: an update, an unknown prefix, or the position with the
    readable part of Oxigraph's message (never its list of expected tokens)."""
    if is_update(text):
        return UPDATE_IN_QUERY
    message = str(error)
    found = _POSITION.match(message)
    if found is None:
        return f"SPARQL syntax error: {message.splitlines()[0] if message else type(error).__name__}"
    line, column = int(found.group(1)), int(found.group(2))
    expected = message[found.end():].replace("\n", " ")
    items = [i.strip() for i in expected.removeprefix("expected one of ").removeprefix("expected ").split(",")]
    reasons = [i for i in items if _REASON.match(i)]
    known = set(known_prefixes)
    prefix = unknown_prefix(text, known) if _parse_tree(text) is not None else _prefix_at(text, line, column)
    if prefix is not None and (prefix in known or _declared(text, prefix)):
        prefix = None
    if prefix is not None:
        return f"unknown prefix {prefix}:"
    where = f"SPARQL syntax error at line {line}, column {column}"
    return f"{where}: {_sentence_case(reasons[0])}" if reasons else where


def _sentence_case(reason: str) -> str:
    """``"Prefix not found"`` -> ``"prefix not found"``; an acronym (``"IRI parsing failed"``) as it is."""
    return reason[0].lower() + reason[1:] if reason[1:2].islower() else reason
