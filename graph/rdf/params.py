"""Typed parameters of named queries: declared in the ``.rq`` header, checked before a query runs.

A query declares each parameter on a header line::

    # @param actor: actor — the actor (QID, wd:QID, IRI or name)
    # @param from: date optional — events on or after this day (YYYY-MM-DD)

Types: ``actor`` (an actor of the store, see :mod:`.actor_names`), ``date`` (``YYYY-MM-DD``, a real
day), ``cameo`` (a CAMEO code or root, as ``03``, ``cameo:03`` or its IRI) and ``text`` (any non-empty
string). Why: a misspelt name, an impossible date or an unknown code used to be bound as given and
answered 0 rows (or every row) with exit 0; now each is a one-line error saying what is accepted.
Checked values are still bound as RDF terms (``VALUES``), never spliced into the query text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Callable

from ...ontology.namespaces import CAMEO
from ...core.errors import QueryError

PARAM_TYPES = {
    "actor": "an actor: QID (Q7747), wd:QID, IRI or a name stored as its label",
    "date": "a day as YYYY-MM-DD",
    "cameo": "a CAMEO code or root (03, 036, cameo:036 or its IRI)",
    "text": "any non-empty text",
}
_DECLARATION = re.compile(r"^#\s*@param\b(?P<rest>.*)$")
_SPEC = re.compile(r"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)(?P<optional>\s+optional)?"
                   r"\s*(?:(?:—|--|-)\s*(?P<doc>.*))?$")


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter of a query."""

    name: str
    type: str
    optional: bool = False
    doc: str = ""

    def describe(self) -> str:
        """``actor (actor)`` or ``from (date, optional)`` (for ``query --list`` and messages)."""
        return f"{self.name} ({self.type}" + (", optional)" if self.optional else ")")


def parse_declarations(text: str) -> list[ParamSpec]:
    """The ``# @param`` lines of a query text, in order; ValueError for a malformed line or unknown type.

    >>> parse_declarations("# @param from: date optional — on or after\\nSELECT ...")
    [ParamSpec(name='from', type='date', optional=True, doc='on or after')]
    """
    specs: list[ParamSpec] = []
    for line in text.splitlines():
        found = _DECLARATION.match(line.strip())
        if not found:
            continue
        spec = _SPEC.match(found.group("rest"))
        if spec is None:
            raise QueryError(f"malformed parameter declaration {line.strip()!r}; "
                             "expected '# @param NAME: TYPE [optional] — description'")
        if spec.group("type") not in PARAM_TYPES:
            raise QueryError(f"parameter {spec.group('name')!r} has unknown type {spec.group('type')!r}; "
                             f"types: {', '.join(PARAM_TYPES)}")
        if any(s.name == spec.group("name") for s in specs):
            raise QueryError(f"parameter {spec.group('name')!r} is declared twice")
        specs.append(ParamSpec(spec.group("name"), spec.group("type"), bool(spec.group("optional")),
                               (spec.group("doc") or "").strip()))
    return specs


@lru_cache(maxsize=64)
def declarations_of(text: str) -> tuple[ParamSpec, ...]:
    """:func:`parse_declarations`, parsed once per query text."""
    return tuple(parse_declarations(text))


def check_date(name: str, value: str) -> str:
    """``value`` if it is a real day written YYYY-MM-DD; ValueError naming the parameter otherwise."""
    text = value.strip()
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"{name}={value!r} is not a date: write a real day as YYYY-MM-DD, "
                         "e.g. 2020-01-31") from None
    return text


def cameo_code_of(name: str, value: str) -> str:
    """The CAMEO code named by ``03``, ``036``, ``cameo:036`` or the concept IRI; ValueError if unknown."""
    from ...ontology.scheme import cameo_info, load_cameo

    text = value.strip()
    for prefix in (str(CAMEO), "cameo:"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if text.isdigit() and len(text) == 1:
        text = text.zfill(2)
    try:
        return cameo_info(text).code
    except KeyError:
        roots = sorted(c for c in load_cameo() if len(c) == 2)
        raise QueryError(f"{name}={value!r} is not a CAMEO code: give a root {roots[0]}..{roots[-1]} or a code "
                         "such as 036 or 0311 (optionally as cameo:CODE or its IRI)") from None


def check_params(specs: tuple[ParamSpec, ...] | list[ParamSpec], given: dict[str, str], query: str,
                 resolve_actor: Callable[[str, str], str], *, given_as: str = "--param ") -> dict[str, Any]:
    """The bindings for ``given`` (name -> text) checked against ``specs``: unknown names, missing
    required parameters and values of the wrong type are one-line ValueErrors. ``resolve_actor(name,
    value)`` turns an actor value into its IRI (it needs the store); ``given_as`` is how the user gives
    a parameter, for the message of a missing one."""
    accepted = ", ".join(s.describe() for s in specs) or "none"
    by_name = {s.name: s for s in specs}
    unknown = [k for k in given if k not in by_name]
    if unknown:
        raise QueryError(f"unknown parameter {unknown[0]!r} for {query}; accepted: {accepted}")
    missing = [s.name for s in specs if not s.optional and s.name not in given]
    if missing:
        raise QueryError(f"{query} needs {given_as}{missing[0]}=VALUE ({PARAM_TYPES[by_name[missing[0]].type]}); "
                         f"accepted: {accepted}")
    out: dict[str, Any] = {}
    for key, value in given.items():
        kind = by_name[key].type
        if not value.strip():
            raise QueryError(f"{key} is empty: give {PARAM_TYPES[kind]}")
        if kind == "date":
            out[key] = check_date(key, value)
        elif kind == "cameo":
            out[key] = CAMEO + cameo_code_of(key, value)
        elif kind == "actor":
            out[key] = resolve_actor(key, value)
        else:
            out[key] = value
    dates = {s.name for s in specs if s.type == "date"}
    if {"from", "to"} <= dates and "from" in out and "to" in out and out["from"] > out["to"]:
        raise QueryError(f"from={out['from']} is after to={out['to']}: no day can match")
    return out


def declared_bindings(store: Any, text: str, bindings: dict[str, Any] | None) -> dict[str, Any] | None:
    """``bindings`` of a query that declares its parameters (``# @param``, as the shipped named queries
    do) checked and resolved as the command line does: an unknown or missing parameter is an error,
    an actor may be a QID or a name. A query without declarations gets its bindings as given."""
    specs = declarations_of(text) if "@param" in text else ()     # the store's own queries declare none
    if not specs:
        return bindings
    from .actor_names import resolve_actor

    given = {name: _as_text(value) for name, value in (bindings or {}).items() if value is not None}

    def actor(name: str, value: str) -> str:    # an IRI is taken as given (a country node need not be an actor)
        return value if value.startswith(("http://", "https://", "urn:")) else resolve_actor(store, name, value)

    return check_params(specs, given, "the query", actor, given_as="the binding ")


def _as_text(value: Any) -> str:
    """A binding value as the text a ``--param`` would give (an RDF term as its IRI or lexical form)."""
    return str(getattr(value, "value", value)) if type(value).__module__.startswith("pyoxigraph") else str(value)
