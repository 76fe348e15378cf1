"""Work a store still owes its summary nodes, recorded in the store itself so a killed command
leaves a store the next one can finish (``diplokg load`` is resumable like ``ingest``).

Two kinds of record, both written before the data they cover and removed after the work is done:

* "summaries pending" (in the state graph :data:`STATE_GRAPH`): every summary node must be
  recounted (a load into an empty store, a load with ``--no-summaries``, a rebuild that stopped);
* "stale" marks on single month nodes (in the summary graph, :data:`summaries.STALE`): those nodes
  must be recounted (a load into a store with articles; an ingest batch between its two writes).

``load`` also records each file it loads (by path, size and modification time): ``loading``
before, ``loaded`` after, so rerunning the same command after a kill skips the files that went in
and loads again the one that may be partly in (loading the same quads twice stores them once).
The records are SPARQL data, so this works the same on the embedded store and a remote server.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ...ontology.namespaces import DKG, LOAD_RECORD_BASE, STATE_GRAPH_IRI
from . import summaries
from .terms import SUMMARY_GRAPH, typed_literal

_G = f"<{STATE_GRAPH_IRI}>"
_S = f"<{summaries.SUMMARY_GRAPH_IRI}>"
_PENDING = f"<{DKG}summariesPending>"
_LOADING = f"<{DKG}loadingFile>"
_LOADED = f"<{DKG}loadedFile>"

PENDING_QUERY = f"SELECT ?why WHERE {{ GRAPH {_G} {{ {_G} {_PENDING} ?why }} }}"
STALE_QUERY = f"SELECT ?n WHERE {{ GRAPH {_S} {{ ?n <{summaries.STALE}> ?x }} }}"


@dataclass
class Pending:
    """What a store owes its summaries: a full rebuild (and why), and/or month nodes to recount."""

    rebuild: str | None = None
    stale: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.rebuild or self.stale)

    def describe(self) -> str:
        if self.rebuild:
            return f"its summary nodes are not rebuilt yet ({self.rebuild})"
        return f"{len(self.stale):,} summary month nodes are not recounted yet"


def _literal(text: str) -> str:
    import pyoxigraph as ox

    return str(ox.Literal(text))


def pending_of(store) -> Pending:
    """The summary work recorded in ``store`` (three small index lookups); summary nodes of an older
    layout (no country-dyad month nodes) owe a rebuild too."""
    why = [row["why"] for row in store.query(PENDING_QUERY, prefixes=False).rows]
    stale = frozenset(row["n"] for row in store.query(STALE_QUERY, prefixes=False).rows)
    if not why and summaries.older_layout(store):
        why = ["the summary nodes predate the country-dyad month nodes"]
    return Pending(why[0] if why else None, stale)


def mark_rebuild(store, why: str) -> None:
    """Record that every summary node must be recounted (before the change that makes it so)."""
    store.update(f"INSERT DATA {{ GRAPH {_G} {{ {_G} {_PENDING} {_literal(why)} }} }}")


def clear_rebuild(store) -> None:
    store.update(f"DELETE WHERE {{ GRAPH {_G} {{ {_G} {_PENDING} ?why }} }}")


def stale_marks(month_nodes: Iterable[str]) -> list[ox.Quad]:
    """The "stale" marks that say these month nodes still owe a recount."""
    stale, true = ox.NamedNode(summaries.STALE), typed_literal("true", "boolean")
    return [ox.Quad(ox.NamedNode(n), stale, true, SUMMARY_GRAPH) for n in month_nodes]


def mark_stale(store, month_nodes: Iterable[str]) -> None:
    """Mark month nodes for recounting (before the data that changes them goes in)."""
    lines = " ".join(f"{m.subject} {m.predicate} {m.object} ." for m in stale_marks(sorted(month_nodes)))
    if lines:
        store.update(f"INSERT DATA {{ GRAPH {_S} {{ {lines} }} }}")


def finish(store) -> str | None:
    """Do the summary work ``store`` owes (rebuild, or recount the stale month nodes); what was done."""
    owed = pending_of(store)
    if owed.rebuild:
        store.rebuild_summaries()          # clears the record when it is done
        return f"summary nodes rebuilt ({owed.rebuild})"
    if owed.stale:
        store.update(summaries.refresh_update(owed.stale))   # recounting a node removes its mark
        return f"{len(owed.stale):,} summary month nodes recounted"
    return None


def rebuild(store, rebuild_all) -> None:
    """Run ``rebuild_all()`` between a "summaries pending" record and its removal, so a rebuild that
    stops midway (its summary graph half written) is finished by the next command."""
    if not pending_of(store).rebuild:
        mark_rebuild(store, "a summary rebuild was started")
    rebuild_all()
    clear_rebuild(store)


# -- files of a load --------------------------------------------------------------------------
def file_key(path: str | Path) -> str:
    """A file's identity for resuming a load: its absolute path, size and modification time."""
    p = Path(path).resolve()
    st = p.stat()
    return LOAD_RECORD_BASE + hashlib.sha1(f"{p}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()


def file_states(store, paths: Iterable[str | Path]) -> dict[str, str]:
    """``"loading"`` or ``"loaded"`` per file path an earlier, interrupted load recorded."""
    keys = {file_key(p): str(p) for p in paths}
    if not keys:
        return {}
    values = " ".join(f"<{k}>" for k in sorted(keys))
    rows = store.query(f"SELECT ?f ?state WHERE {{ VALUES ?f {{ {values} }} GRAPH {_G} {{ ?f ?state ?path }} }}",
                       prefixes=False).rows
    out: dict[str, str] = {}
    for row in rows:
        state = "loaded" if row["state"] == _LOADED[1:-1] else "loading"
        if out.get(keys[row["f"]]) != "loaded":
            out[keys[row["f"]]] = state
    return out


def mark_file(store, path: str | Path, state: str) -> None:
    """Record that a file is being loaded (``loading``) or is in (``loaded``)."""
    predicate = _LOADED if state == "loaded" else _LOADING
    store.update(f"INSERT DATA {{ GRAPH {_G} {{ <{file_key(path)}> {predicate} {_literal(str(path))} }} }}")


def clear_files(store) -> None:
    """Forget the file records (the load they belong to has finished)."""
    store.update(f"DELETE WHERE {{ GRAPH {_G} {{ ?f {_LOADING} ?p }} }} ;\n"
                 f"DELETE WHERE {{ GRAPH {_G} {{ ?f {_LOADED} ?p }} }}")
