"""Queries in steps: each ``# @step`` after the first gets the previous step's rows as a VALUES block.

Why: Oxigraph evaluates "a subquery that finds a few month nodes, then those nodes' events" by
scanning every event's month link and hash-joining (2-3 s at a million events); given the same
nodes as a ``VALUES`` block it looks each one up in its index (about 0.2 s). So a named query may
first ask for the nodes and then for their events. Any SPARQL 1.1 server can run the steps, and
:func:`inline_steps` gives the single equivalent query (nested subqueries) for YASGUI or a client
that sends one query.

A stepped query text::

    # what it answers ...
    # @step the month nodes to read
    SELECT ?node WHERE { ... }
    # @step their events
    SELECT ?event WHERE {
      # @rows
      ?event dkg:actorMonth ?node .
    }

The ``# @rows`` marker (ending its line) is where the previous step's rows go; parameters are bound
in every step alike (``# @params``). Values passed between steps are IRIs, numbers or strings.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from .terms import term_from_python
from ...core.errors import QueryError

STEP_MARKER = re.compile(r"^[ \t]*#[ \t]*@step\b[^\n]*$", re.MULTILINE)
ROWS_MARKER = re.compile(r"#[ \t]*@rows[ \t]*$", re.MULTILINE)


def split_steps(sparql: str) -> list[str]:
    """The steps of a query text (one step when it has no ``# @step`` line).

    >>> split_steps("# a\\n# @step one\\nSELECT ?x WHERE {}\\n# @step two\\nSELECT ?y WHERE { # @rows\\n}")
    ['\\nSELECT ?x WHERE {}\\n', '\\nSELECT ?y WHERE { # @rows\\n}']
    """
    parts = STEP_MARKER.split(sparql)
    if len(parts) == 1:
        _check_markers([sparql])
        return [sparql]
    head, steps = parts[0], parts[1:]
    if any(line.strip() and not line.lstrip().startswith("#") for line in head.splitlines()):
        raise QueryError("a stepped query has only comments before its first '# @step' line")
    _check_markers(steps)
    return steps


def _check_markers(steps: list[str]) -> None:
    for index, step in enumerate(steps):
        has_rows = ROWS_MARKER.search(step) is not None
        if index == 0 and has_rows:
            raise QueryError("'# @rows' in the first step: there are no previous rows to insert")
        if index > 0 and not has_rows:
            raise QueryError(f"step {index + 1} has no '# @rows' marker for the rows of step {index}")


def rows_block(variables: list[str], rows: list[dict[str, Any]]) -> str:
    """A ``VALUES`` block holding ``rows`` (unbound cells as UNDEF), terms escaped by pyoxigraph.

    >>> rows_block(["node"], [{"node": "https://example.org/a"}, {"node": None}])
    ' VALUES (?node) { (<https://example.org/a>) (UNDEF) } '
    """
    if not variables:
        raise QueryError("a step whose rows feed the next one must select at least one variable")
    names = " ".join(f"?{v}" for v in variables)
    body = " ".join("(" + " ".join("UNDEF" if row.get(v) is None else str(term_from_python(row[v]))
                                   for v in variables) + ")" for row in rows)
    return f" VALUES ({names}) {{ {body} }} "


def run_steps(run_one: Callable[[str, dict[str, Any] | None], Any], sparql: str,
              bindings: dict[str, Any] | None = None):
    """Run the steps of ``sparql`` with ``run_one(text, bindings)``; the last step's result is returned."""
    steps = split_steps(sparql)
    result = None
    for index, step in enumerate(steps):
        if index:
            if result.kind != "select":
                raise QueryError(f"step {index} must be a SELECT: its rows feed step {index + 1}")
            block = rows_block(result.variables, result.rows)
            step = ROWS_MARKER.sub(lambda _: block, step)
        result = run_one(step, bindings)
    return result


def inline_steps(sparql: str) -> str:
    """The single query equivalent to a stepped one: each step nested as a subquery at ``# @rows``.

    >>> inline_steps("# @step\\nSELECT ?x WHERE { ?x a ?t }\\n# @step\\nSELECT ?y WHERE { # @rows\\n ?x ?p ?y }")
    'SELECT ?y WHERE { {\\nSELECT ?x WHERE { ?x a ?t }\\n}\\n ?x ?p ?y }'
    """
    steps = split_steps(sparql)
    text = steps[0]
    for step in steps[1:]:
        inner = text
        text = ROWS_MARKER.sub(lambda _: "{" + inner + "}", step).strip()
    return text.strip() if len(steps) > 1 else text
