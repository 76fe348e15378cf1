"""Where the graph lives: an embedded Oxigraph store on disk, or any SPARQL 1.1 server.

Both stores offer the same small API (write whole articles atomically, remove an
article, query with safe bindings, export, stats) and an rdflib view
(:attr:`EmbeddedStore.dataset`, via oxrdflib) for users who know rdflib's
``Dataset``. ``open_store("diplokg-data")`` opens a folder,
``open_store("http://127.0.0.1:7878")`` a server (credentials from
``DIPLOKG_STORE_USER`` / ``DIPLOKG_STORE_PASSWORD``).
"""
from __future__ import annotations

import base64
import gc
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyoxigraph as ox

from ...ontology.namespaces import (DKG, ONTOLOGY_GRAPH_IRI, PREFIX_BLOCK, RETRACTING_GRAPH_IRI,
                                    SPARQL_PREFIXES, STATE_GRAPH_IRI)
from . import country_dyads, pending, steps, summaries, summary_delta, totals
from .locking import in_use_error, is_lock_error
from .params import declared_bindings
from .store_folder import check_exists, check_writable_folder
from .sparql_text import declares_dataset, local_syntax_error, syntax_error_message
from .graph_names import ArticleQuads, article_graph
from .terms import FACTS_GRAPH, ONTOLOGY_GRAPH, STATE_GRAPH, SUMMARY_GRAPH, dkg, term_from_python, to_python
from ...core.errors import InputError, QueryError, StoreError

EXPORT_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
_STALE = ox.NamedNode(summaries.STALE)
DEFAULT_SPEC = "diplokg-data"
STORED_ARTICLES_QUERY = PREFIX_BLOCK + ("SELECT ?id ?hash ?file WHERE { GRAPH ?g { ?a dkg:articleId ?id ; "
                                       "dkg:contentHash ?hash OPTIONAL { ?a dkg:idFile ?file } } }")


def stored_articles(store) -> tuple[dict[str, str], dict[str, str]]:
    """What an ingest needs to know of the stored articles, read in one query: article id -> content hash
    (resume, change detection), and article id -> the file whose name gave the id (where one did)."""
    hashes: dict[str, str] = {}
    files: dict[str, str] = {}
    for row in store.query(STORED_ARTICLES_QUERY).rows:
        hashes[row["id"]] = row["hash"]
        if row.get("file"):
            files[row["id"]] = row["file"]
    return hashes, files

# Remove article graph G and the shared facts only it supports. Each operation sees the previous
# ones' result. The article's event cores are first copied to a scratch graph T; then the cores no
# other article supports go, then the wordings of surviving events that no other article's mention
# states (dkg:statesRelation; stores whose evidence names no wording keep them), likewise the locations
# (dkg:location, dkg:locationSource) no other article's mention states, then G; after that a
# shared fact is still supported exactly when a remaining event core (or, for actors, another article's speaker) refers to it, which is one index
# lookup per candidate instead of a search through every event of a busy actor or relation.
_RETRACT = """
INSERT {{ GRAPH {T} {{ ?e ?p ?o }} }} WHERE {{ GRAPH {G} {{ ?e dkg:evidence ?x }} GRAPH {F} {{ ?e ?p ?o }} }} ;
INSERT {{ GRAPH {T} {{ ?x dkg:retractedSpeaker ?a }} }} WHERE {{ GRAPH {G} {{ ?x dkg:speaker ?a }} }} ;
DELETE {{ GRAPH {F} {{ ?e ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{ GRAPH {G} {{ ?e dkg:evidence ?x }} }} }}
  FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?e dkg:evidence ?y }} FILTER(?g2 != {G}) }}
  GRAPH {F} {{ ?e ?p ?o }}
}} ;
DELETE {{ GRAPH {F} {{ ?e dkg:relationProperty ?rel ; dkg:relation ?r }} }} WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{ GRAPH {G} {{ ?e dkg:evidence ?x }} }} }}
  GRAPH {F} {{ ?e dkg:relationProperty ?rel ; dkg:relation ?r . ?rel rdfs:label ?l }}
  FILTER(STR(?l) = STR(?r))
  FILTER EXISTS {{ GRAPH ?g3 {{ ?e dkg:evidence ?z . ?z dkg:statesRelation ?any }} FILTER(?g3 != {G}) }}
  FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?e dkg:evidence ?y . ?y dkg:statesRelation ?rel }} FILTER(?g2 != {G}) }}
}} ;
DELETE {{ GRAPH {F} {{ ?e dkg:location ?pl }} }} WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{ GRAPH {G} {{ ?e dkg:evidence ?x }} }} }}
  GRAPH {F} {{ ?e dkg:location ?pl }}
  FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?e dkg:evidence ?y . ?y dkg:statesLocation ?pl }} FILTER(?g2 != {G}) }}
}} ;
DELETE {{ GRAPH {F} {{ ?e dkg:locationSource ?how }} }} WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{ GRAPH {G} {{ ?e dkg:evidence ?x }} }} }}
  GRAPH {F} {{ ?e dkg:locationSource ?how }}
  FILTER NOT EXISTS {{ GRAPH ?g2 {{ ?e dkg:evidence ?y . ?y dkg:locationSource ?how }} FILTER(?g2 != {G}) }}
}} ;
DROP SILENT GRAPH {G} ;
DELETE {{ GRAPH {F} {{ ?s ?rel ?t }} }} WHERE {{
  {{ SELECT DISTINCT ?s ?rel ?t WHERE {{ GRAPH {T} {{ ?e dkg:source ?s ; dkg:relationProperty ?rel ; dkg:target ?t }} }} }}
  FILTER NOT EXISTS {{ GRAPH {F} {{ ?e2 dkg:source ?s ; dkg:relationProperty ?rel ; dkg:target ?t }} }}
}} ;
DELETE {{ GRAPH {F} {{ ?a ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?a WHERE {{ GRAPH {T} {{ ?z dkg:source|dkg:target|dkg:retractedSpeaker ?a }} }} }}
  FILTER NOT EXISTS {{ GRAPH {F} {{ ?e2 dkg:source ?a }} }}
  FILTER NOT EXISTS {{ GRAPH {F} {{ ?e3 dkg:target ?a }} }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?y dkg:speaker ?a }} }}
  GRAPH {F} {{ ?a ?p ?o }}
  FILTER (NOT EXISTS {{ GRAPH {F} {{ ?e4 dkg:location ?a }} }} || !({PLACE_TRIPLE} || ?p IN (rdfs:label, dkg:country)))
}} ;
DELETE {{ GRAPH {F} {{ ?pl ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?pl WHERE {{ GRAPH {T} {{ ?e dkg:location ?pl }} }} }}
  FILTER NOT EXISTS {{ GRAPH {F} {{ ?e2 dkg:location ?pl }} }}
  GRAPH {F} {{ ?pl ?p ?o }}
  FILTER (NOT EXISTS {{ GRAPH {F} {{ ?pl a sem:Actor }} }} || {PLACE_TRIPLE})
}} ;
DELETE {{ GRAPH {F} {{ ?rel ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?rel WHERE {{ GRAPH {T} {{ ?e dkg:relationProperty ?rel }} }} }}
  FILTER NOT EXISTS {{ GRAPH {F} {{ ?e2 dkg:relationProperty ?rel }} }}
  GRAPH {F} {{ ?rel ?p ?o }}
}} ;
DROP SILENT GRAPH {T}"""
_SCRATCH = f"<{RETRACTING_GRAPH_IRI}>"
# A triple ?p ?o that only a place has (coordinates, kind, place classes): removed from a node that is still
# an actor but no event's location any more; the only triples kept on a place that is no actor any more.
_PLACE_TRIPLE = "(?p IN (geo:lat, geo:long, dkg:placeKind, dkg:countryCode) || (?p = rdf:type && ?o IN (dkg:Place, sem:Place)))"


def retract_update(graphs: Iterable[ox.NamedNode], *, prologue: bool = True) -> str:
    """SPARQL Update removing these article graphs and every shared fact only they support.

    Facts another article also supports stay; run together with the new quads in one
    request, an article is replaced atomically.
    """
    ops = [_RETRACT.format(F=str(FACTS_GRAPH), G=str(g), T=_SCRATCH, PLACE_TRIPLE=_PLACE_TRIPLE).strip()
           for g in graphs]
    if not ops:
        return ""
    return (PREFIX_BLOCK if prologue else "") + " ;\n".join(ops)


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """An ``INSERT DATA`` operation for quads (terms serialised and escaped by pyoxigraph)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    body = "\n".join("\n".join(lines) if g == str(ox.DefaultGraph()) else f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}"
                     for g, lines in by_graph.items())
    return f"INSERT DATA {{\n{body}\n}}"


def delete_data(quads: Iterable[ox.Quad]) -> str:
    """A ``DELETE DATA`` operation for exact quads (empty text when there are none)."""
    quads = list(quads)
    return "DELETE" + insert_data(quads)[len("INSERT"):] if quads else ""


def latest_versions(batch: Iterable[ArticleQuads]) -> list[ArticleQuads]:
    """The batch with one version per article: a later version of the same article wins."""
    by_graph: dict[str, ArticleQuads] = {}
    for item in batch:
        by_graph.pop(item.graph.value, None)
        by_graph[item.graph.value] = item
    return list(by_graph.values())


def replace_requests(existing: list[ox.NamedNode], batch: list[ArticleQuads], touched: Iterable[str] = ()) -> list[str]:
    """The SPARQL Update requests that retract the stored versions of these articles, insert the new ones
    and refresh the summary nodes counting their events (``touched``: those of the stored versions).

    Two requests: the data with "stale" marks on those nodes, then their recount (which clears the
    marks). Oxigraph evaluates an update's patterns slowly over the writes of its own transaction: as
    one request a 40-article write took 8 s, as two 1.3 s. A failure between the two leaves marks that
    the next command's opening recounts (:func:`.pending.finish`), as the embedded store's writes do.
    """
    quads = [q for item in batch for q in item.quads]
    nodes = set(touched) | summaries.month_nodes_of(quads)
    marks = pending.stale_marks(sorted(nodes))
    data = [retract_update(existing, prologue=False), insert_data(quads + marks) if quads or marks else ""]
    requests = [PREFIX_BLOCK + " ;\n".join(p for p in data if p), summaries.refresh_update(nodes)]
    return [r for r in requests if r]


@dataclass
class QueryResult:
    """Result of a query: SELECT gives variables + rows; ASK a boolean; CONSTRUCT/DESCRIBE triples."""

    kind: str                                   # select | ask | graph
    variables: list[str]
    rows: list[dict[str, Any]]                  # variable -> python value (str, int, float, bool, date str)
    boolean: bool | None = None
    triples: str | None = None                  # N-Triples text for graph results

    def __iter__(self) -> Iterator[Any]:
        """As rdflib's ``Result``: the rows of a SELECT, the answer of an ASK, the triples of a graph."""
        if self.kind == "ask":
            return iter([bool(self.boolean)])
        if self.kind == "graph":
            return (quad.triple for quad in ox.parse(self.triples or "", format=ox.RdfFormat.N_TRIPLES))
        return iter(self.rows)

    def __len__(self) -> int:
        return len(list(iter(self))) if self.kind != "select" else len(self.rows)

    def __bool__(self) -> bool:
        """An ASK result is its answer (``if store.query("ASK …")`` means what it says); others: any results."""
        return bool(self.boolean) if self.kind == "ask" else len(self) > 0


def _deliver(data: bytes, out) -> bytes | None:
    """An export's bytes: returned, or written to ``out`` (a binary file) when one is given."""
    if out is None:
        return data
    out.write(data)
    return None


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def bind_values(sparql: str, bindings: dict[str, Any] | None) -> str:
    """Bind variables by a ``VALUES`` block placed first in the outermost WHERE group.

    A query whose parameters are used inside subqueries marks each place with a
    ``# @params`` comment (ending its line; a subquery or a UNION branch evaluated on
    its own does not see outer bindings); every marked place gets the same block.
    The values are RDF terms serialised and escaped by pyoxigraph, never raw user
    text, so a value cannot change the query's structure; unlike SEP-0007
    substitution this also binds variables that are not projected.

    >>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": "x"})
    'SELECT ?s WHERE { VALUES (?o) { ("x") }  ?s ?p ?o }'
    """
    bindings = {name: value for name, value in (bindings or {}).items() if value is not None}   # None: unbound
    if not bindings:
        return sparql
    for name in bindings:
        if not _VAR.match(name):
            raise ValueError(f"invalid variable name {name!r}")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(str(term_from_python(v)) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    marker = re.compile(r"#[ \t]*@params[ \t]*$", re.MULTILINE)
    if marker.search(sparql) is not None:
        return marker.sub(lambda _: block, sparql)
    match = _WHERE.search(sparql)
    if match is None:
        raise QueryError("queries with parameters need an explicit WHERE { ... } clause")
    return sparql[: match.end()] + block + sparql[match.end():]


class EmbeddedStore:
    """A persistent Oxigraph store in a folder (the default store)."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self.location = str(self.path)
        self.read_only = read_only
        self._store: ox.Store | None = None
        if read_only:
            self._store = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                self._store = ox.Store(str(self.path))
            except OSError as exc:
                if is_lock_error(exc):
                    raise (_open_here_error(self.path) or in_use_error(self.path)) from None
                raise
            _OPEN_HERE.add(_key(self.path))
            self.ensure_ontology()
            self.refresh_stale_summaries()
            if totals.read(self.store) is None and next(iter(self.store.quads_for_pattern(
                    None, None, None, FACTS_GRAPH)), None) is None:
                totals.recount(self.store)            # a new store keeps its counts from the start

    # -- writing -------------------------------------------------------------------------
    def ensure_ontology(self, *, recheck: bool = True) -> None:
        """Load the ontology and CAMEO/PLOVER scheme into their graph once (or when changed, or when a
        loaded file brought another version); ``recheck`` is for the remote store's signature."""
        from ...ontology.scheme import scheme_graph

        data = scheme_graph(copy=False).serialize(format="nt")
        marker = ox.Literal(scheme_hash(data))
        version = dkg("schemeHash")
        stored = [q.object for q in self.store.quads_for_pattern(ONTOLOGY_GRAPH, version, None, ONTOLOGY_GRAPH)]
        if stored == [marker]:                    # this version alone (a loaded export may bring another)
            return
        self.store.remove_graph(ONTOLOGY_GRAPH) if self.store.contains_named_graph(ONTOLOGY_GRAPH) else None
        self.store.load(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ONTOLOGY_GRAPH)
        self.store.add(ox.Quad(ONTOLOGY_GRAPH, version, marker, ONTOLOGY_GRAPH))

    def article_hashes(self) -> dict[str, str]:
        """article id -> content hash of everything stored (for resume and change detection)."""
        return stored_articles(self)[0]

    def write_articles(self, batch: Iterable[ArticleQuads]) -> int:
        """Write a batch of articles, replacing stored versions; all or nothing. Returns quads given.

        New articles go in with one ``extend`` (one transaction, the fast path); when
        the batch replaces stored articles, their retraction and the new quads run as
        one SPARQL Update, which Oxigraph applies in one transaction as well.
        """
        self.check_writable()
        batch = latest_versions(batch)
        existing = [item.graph for item in batch if self.store.contains_named_graph(item.graph)]
        self._write(existing, [q for item in batch for q in item.quads])
        return sum(len(item.quads) for item in batch)

    def _write(self, existing: list[ox.NamedNode], quads: list[ox.Quad]) -> None:
        """Retract ``existing`` article graphs, add ``quads`` and bring the summary counts along.

        The counts change by what the events that appear or disappear contribute (read before the
        write; this process is the store's only writer); nodes a crashed write left stale are
        recounted from their events. With retractions everything is one SPARQL Update; new articles
        alone go in through one ``extend`` (with "stale" marks on the month nodes they touch) and the
        counts follow in a second, small update that also clears the marks.
        """
        removed = summary_delta.events_only_in(self.store, existing) if existing else set()
        per_node = summary_delta.changes(self.store, quads, existing, removed)
        # exact quads: the retracted graphs, the facts only they support, the old counts
        retracted = summary_delta.retraction_quads(self.store, existing, removed) if existing else set()
        keys = country_dyads.Keys(self.store, retracted, quads)
        delete, insert = summary_delta.summary_edits(self.store, per_node, keys=keys)
        delete |= retracted
        stale = self._stale()
        old_totals, new_totals = totals.edits(self.store, totals.change(self.store, delete, quads))
        delete, insert = set(delete) | old_totals, set(insert) | new_totals
        if existing:
            parts = [delete_data(delete), insert_data(quads + sorted(insert, key=str)) if quads or insert else "",
                     summaries.refresh_update(stale, prologue=False)]
            self.store.update(PREFIX_BLOCK + " ;\n".join(p for p in parts if p))
        elif quads:
            marks = pending.stale_marks(set(per_node) | keys.rekeyed)
            self.store.extend(quads + marks)
            parts = [delete_data(set(delete) | set(marks)), insert_data(insert) if insert else "",
                     summaries.refresh_update(stale, prologue=False)]
            self.store.update(PREFIX_BLOCK + " ;\n".join(p for p in parts if p))
        self.store.flush()

    def _stale(self) -> set[str]:
        return {q.subject.value for q in self.store.quads_for_pattern(None, _STALE, None, SUMMARY_GRAPH)}

    def refresh_stale_summaries(self) -> int:
        """Refresh summary nodes a crashed write left marked stale; returns how many."""
        stale = self._stale()
        if stale:
            self.store.update(summaries.refresh_update(stale))
            if totals.read(self.store) is not None:
                totals.recount(self.store)            # the crashed write may have added quads uncounted
            self.store.flush()
        return len(stale)

    def rebuild_summaries(self) -> None:
        """Recompute all summary nodes from the events (after a bulk load of N-Quads, or to repair):
        aggregate queries over the event cores and a bulk write (same result as :func:`summaries.rebuild`);
        recorded as pending until done, so an interrupted rebuild is finished by the next command."""
        self.check_writable()
        pending.rebuild(self, lambda: (summary_delta.rebuild(self.store), totals.recount(self.store)))
        self.store.flush()

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the store (one transaction)."""
        self.check_writable()
        self.store.update(sparql)

    def remove_article(self, article_id: str) -> int:
        """Remove everything one article contributed (its graph and the shared facts only it
        supports); returns the number of quads in its graph."""
        self.check_writable()
        graph = article_graph(article_id)
        if not self.store.contains_named_graph(graph):
            return 0
        n = sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph))
        self._write([graph], [])
        return n

    # -- reading ------------------------------------------------------------------------
    def query(self, sparql: str, bindings: dict[str, Any] | None = None, *, prefixes: bool = True) -> QueryResult:
        """Run a SPARQL query (or a stepped one, see :mod:`.steps`) over the union of all graphs (or the
        dataset its FROM / FROM NAMED clauses name); ``bindings`` are substituted as RDF terms."""
        known = SPARQL_PREFIXES if prefixes else None
        bindings = declared_bindings(self, sparql, bindings)

        def run_one(text: str, values: dict[str, Any] | None) -> QueryResult:
            try:                          # a query's own FROM / FROM NAMED is its dataset, else all graphs
                result = self.store.query(bind_values(text, values), prefixes=known,
                                          use_default_graph_as_union=not declares_dataset(text))
            except SyntaxError as exc:          # positions in the user's text, not the one with VALUES in
                found = local_syntax_error(text, known) if values else None
                raise QueryError(syntax_error_message(text, found or exc, known or ())) from None
            return _result_from_oxigraph(result)

        return steps.run_steps(run_one, sparql, bindings)

    def export(self, fmt: str, out: io.BufferedIOBase | None = None, *, ontology: bool = True) -> bytes | None:
        """Serialize the store as turtle, trig, nquads or json-ld: the article, facts and summary graphs
        and (unless ``ontology`` is false) the ontology graph, so an export validates and answers the
        subproperty queries alone; the store's bookkeeping (:data:`STATE_GRAPH`) stays out."""
        if fmt == "json-ld":
            text = _jsonld_of_nquads(self.export("nquads", ontology=ontology))
            if out is None:
                return text
            out.write(text)
            return None
        if fmt not in EXPORT_FORMATS:
            raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join([*EXPORT_FORMATS, 'json-ld'])}")
        rdf_format = EXPORT_FORMATS[fmt]
        graphs = [g for g in self.store.named_graphs() if g not in _left_out(ontology)]
        buffer = io.BytesIO()
        if rdf_format.supports_datasets:
            quads = (q for g in graphs for q in self.store.quads_for_pattern(None, None, None, g))
            ox.serialize(quads, buffer, format=rdf_format, prefixes=SPARQL_PREFIXES)
        else:
            seen = set()
            triples = []
            for g in graphs:
                for q in self.store.quads_for_pattern(None, None, None, g):
                    t = q.triple
                    if t not in seen:
                        seen.add(t)
                        triples.append(t)
            ox.serialize(triples, buffer, format=rdf_format, prefixes=SPARQL_PREFIXES)
        return _deliver(buffer.getvalue(), out)

    def stats(self, *, exact: bool = False) -> dict[str, int]:
        """Counts of articles, events, evidence and actors (kept on a summary node, :mod:`.totals`;
        counted by query on stores that keep none); with ``exact`` also every quad outside the
        ontology (walks the whole store: 11 s at a million events)."""
        kept = None if pending.pending_of(self).rebuild else totals.read(self.store)
        if kept is None:
            return stats_of(self, exact=exact)
        return {**kept, "quads": self.count_quads()} if exact else kept

    def count_quads(self) -> int:
        """Quads outside the ontology graph (counted by the store, not through SPARQL)."""
        onto = sum(1 for g in (ONTOLOGY_GRAPH, STATE_GRAPH) for _ in self.store.quads_for_pattern(None, None, None, g))
        return len(self.store) - onto

    @property
    def dataset(self):
        """The store as an rdflib ``Dataset`` (oxrdflib), union of graphs as default graph, with the project's
        prefixes bound (``serialize`` writes ``dkg:``, ``cameo:`` …). Bindings of variables a query does not
        select go through :meth:`query` (a VALUES block); oxrdflib passes ``initBindings`` to Oxigraph,
        which binds selected variables only."""
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        from ...ontology.namespaces import bind_prefixes

        return bind_prefixes(Dataset(store=OxigraphStore(store=self.store), default_union=True))

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store underneath; a closed store says so instead of answering."""
        if self._store is None:
            raise StoreError(f"store {self.path} is closed (open it again with open_store)")
        return self._store

    def check_writable(self) -> None:
        """Refuse a change to a store opened read-only, in one line."""
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only: open it with open_store({str(self.path)!r}) "
                             f"to change it")

    def close(self) -> None:
        """Write everything out and let go of the database, so another open (in this process or another)
        can write; a closed store refuses further use. Closing twice is harmless."""
        if self._store is None:
            return
        if not self.read_only:
            self._store.flush()
            _OPEN_HERE.discard(_key(self.path))
        self._store = None
        gc.collect()                              # the database's lock goes with its last reference

    def __enter__(self) -> "EmbeddedStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_OPEN_HERE: set[str] = set()                      # store folders this process holds open for writing


def _key(path: Path) -> str:
    return str(path.resolve())


def _open_here_error(path: Path) -> StoreError | None:
    """The error for a store this process itself already holds open for writing (the lock cannot tell)."""
    if _key(path) not in _OPEN_HERE:
        return None
    return StoreError(f"store {path} is already open for writing in this process: close that one first "
                      f"(store.close(), or open it as `with open_store(...) as store:`)")


def _left_out(ontology: bool) -> tuple[ox.NamedNode, ...]:
    """Graphs an export leaves out: the store's bookkeeping, and the ontology when not wanted."""
    return (STATE_GRAPH,) if ontology else (STATE_GRAPH, ONTOLOGY_GRAPH)


def scheme_hash(ntriples: str) -> str:
    """The ontology version stored with it: a hash of its N-Triples lines in sorted order (rdflib writes
    them in an order that changes from process to process, which made every open reload the graph)."""
    return hash_text("\n".join(sorted(ntriples.splitlines())))


def hash_text(text: str) -> str:
    import hashlib

    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _result_from_oxigraph(result) -> QueryResult:
    if isinstance(result, (bool, ox.QueryBoolean)):
        return QueryResult("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [{v: to_python(sol[v]) for v in variables} for sol in result]
        return QueryResult("select", variables, rows)
    buffer = io.BytesIO()
    ox.serialize(result, buffer, format=ox.RdfFormat.N_TRIPLES)
    return QueryResult("graph", [], [], triples=buffer.getvalue().decode("utf-8"))


# Each node's rdf:type is stored once (article and evidence nodes in their article's graph, events and
# actors in the facts graph), so COUNT(*) counts nodes without a costly DISTINCT.
STATS_QUERIES = {
    "articles": PREFIX_BLOCK + "SELECT (COUNT(*) AS ?n) WHERE { ?a a dkg:Article }",
    "events": PREFIX_BLOCK + "SELECT (COUNT(*) AS ?n) WHERE { ?e a dkg:DiplomaticEvent }",
    "evidence": PREFIX_BLOCK + "SELECT (COUNT(*) AS ?n) WHERE { ?v a dkg:Evidence }",
    "actors": PREFIX_BLOCK + "SELECT (COUNT(*) AS ?n) WHERE { ?x a sem:Actor }",
}
QUADS_QUERY = PREFIX_BLOCK + """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER(?g NOT IN (<%s>, <%s>)) }""" % (ONTOLOGY_GRAPH_IRI, STATE_GRAPH_IRI)


def stats_of(store, *, exact: bool = False) -> dict[str, int]:
    """Counts of articles, events, evidence and actors by one COUNT query each (and, with ``exact``,
    quads outside the ontology)."""
    out = {key: int(store.query(q, prefixes=False).rows[0]["n"] or 0) for key, q in STATS_QUERIES.items()}
    if exact:
        out["quads"] = store.count_quads()
    return out


class RemoteStore:
    """Any SPARQL 1.1 server: Query and Update protocols over HTTP.

    ``url`` is the server base (``http://127.0.0.1:7878`` for ``oxigraph serve``:
    ``/query`` and ``/update``), or a single endpoint URL used for both (Fuseki's
    ``/ds/sparql``); ``DIPLOKG_UPDATE_URL`` overrides the update endpoint.
    """

    def __init__(self, url: str, timeout: float = 120.0):
        self.location = url
        self.timeout = timeout
        base = url.rstrip("/")
        if base.endswith(("/query", "/sparql")) or "?" in base:
            self.query_url = base
            self.update_url = os.environ.get("DIPLOKG_UPDATE_URL") or (
                base[: -len("/query")] + "/update" if base.endswith("/query") else base)
        else:
            self.query_url = base + "/query"
            self.update_url = os.environ.get("DIPLOKG_UPDATE_URL") or base + "/update"
        user = os.environ.get("DIPLOKG_STORE_USER")
        password = os.environ.get("DIPLOKG_STORE_PASSWORD", "")
        self._auth = ("Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()) if user else None
        self._ontology_checked = False

    def _post(self, url: str, body: str, content_type: str, accept: str | None = None) -> bytes:
        import urllib.error           # here, not at the top: a command on the embedded store never needs it
        import urllib.request

        req = urllib.request.Request(url, data=body.encode("utf-8"), method="POST")
        req.add_header("Content-Type", content_type + "; charset=utf-8")
        if accept:
            req.add_header("Accept", accept)
        if self._auth:
            req.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            lines = [line.strip() for line in exc.read().decode("utf-8", "replace").splitlines() if line.strip()]
            detail = (lines[0][:300] + (" …" if len(lines) > 1 or len(lines[0]) > 300 else "")) if lines else ""
            raise StoreError(f"SPARQL server {url} answered {exc.code}: {detail}") from None
        except urllib.error.URLError as exc:
            raise StoreError(f"cannot reach SPARQL server {url}: {exc.reason}") from None

    def update(self, sparql: str) -> None:
        self._post(self.update_url, sparql, "application/sparql-update")

    def ensure_ontology(self, *, recheck: bool = False) -> None:
        """Load the ontology graph when the server lacks this version or holds another one too
        (asked once per store object unless ``recheck``, e.g. after a load that may have brought one)."""
        from ...ontology.scheme import scheme_graph

        if self._ontology_checked and not recheck:
            return
        data = scheme_graph(copy=False).serialize(format="nt")
        marker = scheme_hash(data)
        version = f"<{ONTOLOGY_GRAPH.value}> <{DKG}schemeHash>"
        ask = (f"ASK {{ GRAPH <{ONTOLOGY_GRAPH.value}> {{ {version} \"{marker}\" }} "
               f"FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY_GRAPH.value}> {{ {version} ?other FILTER(?other != \"{marker}\") }} }} }}")
        if not self._ask(ask):
            self.update(f"DROP SILENT GRAPH <{ONTOLOGY_GRAPH.value}> ;\nINSERT DATA {{ GRAPH <{ONTOLOGY_GRAPH.value}> {{\n"
                        f"{data}\n<{ONTOLOGY_GRAPH.value}> <{DKG}schemeHash> \"{marker}\" .\n}} }}")
        self._ontology_checked = True

    def _ask(self, sparql: str) -> bool:
        raw = self._post(self.query_url, sparql, "application/sparql-query", "application/sparql-results+json")
        return bool(json.loads(raw).get("boolean"))

    def article_hashes(self) -> dict[str, str]:
        return stored_articles(self)[0]

    def write_articles(self, batch: Iterable[ArticleQuads]) -> int:
        """One SPARQL Update request per batch (one transaction on servers that support it)."""
        self.ensure_ontology()
        batch = latest_versions(batch)
        if not batch:
            return 0
        graphs = " ".join(str(item.graph) for item in batch)
        stored = self.query(f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?s ?p ?o }} }}",
                            prefixes=False).rows
        known = {row["g"] for row in stored}
        existing = [item.graph for item in batch if item.graph.value in known]
        touched = self._touched(existing) | self._rekeyed(q for item in batch for q in item.quads)
        self._replace(existing, batch, touched)
        return sum(len(item.quads) for item in batch)

    def _replace(self, existing: list[ox.NamedNode], batch: list[ArticleQuads], touched: set[str]) -> None:
        """Send the requests of :func:`replace_requests` in order."""
        for request in replace_requests(existing, batch, touched):
            self.update(request)

    def _touched(self, graphs: list[ox.NamedNode]) -> set[str]:
        if not graphs:
            return set()
        return {row["n"] for row in self.query(summaries.touched_query(g.value for g in graphs), prefixes=False).rows}

    def _rekeyed(self, quads: Iterable[ox.Quad]) -> set[str]:
        """Dyad month nodes of the actors whose country the new quads state (their country key may change)."""
        actors = summaries.country_stated(quads)
        if not actors:
            return set()
        return {row["n"] for row in self.query(summaries.rekeyed_query(actors), prefixes=False).rows}

    def rebuild_summaries(self) -> None:
        """Recompute all summary nodes from the events (after loading data by other means); recorded as
        pending until done."""
        pending.rebuild(self, lambda: summaries.rebuild(self))

    def remove_article(self, article_id: str) -> int:
        """Remove the article's graph and the shared facts only it supports; returns its graph's quads."""
        graph = article_graph(article_id)
        res = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}", prefixes=False)
        n = int(res.rows[0]["n"] or 0)
        if n:
            self._replace([graph], [], self._touched([graph]))
        return n

    def query(self, sparql: str, bindings: dict[str, Any] | None = None, *, prefixes: bool = True) -> QueryResult:
        """Run a query (or a stepped one, see :mod:`.steps`) on the server; bindings go in as a VALUES
        block of escaped RDF terms; a query that declares its parameters gets them checked first."""
        bindings = declared_bindings(self, sparql, bindings)
        return steps.run_steps(lambda text, values: self._query_one(text, values, prefixes), sparql, bindings)

    def _query_one(self, text: str, values: dict[str, Any] | None, prefixes: bool) -> QueryResult:
        """One query on the server; a query the server refuses and Oxigraph's parser cannot read either
        gets the embedded store's one-line syntax error (the server's own words otherwise)."""
        try:
            raw = self._post(self.query_url, (PREFIX_BLOCK if prefixes else "") + bind_values(text, values),
                             "application/sparql-query", "application/sparql-results+json, application/n-triples;q=0.9")
        except StoreError as exc:
            known = SPARQL_PREFIXES if prefixes else None
            found = local_syntax_error(text, known) if " answered 400" in str(exc) else None
            if found is None:
                raise
            raise QueryError(syntax_error_message(text, found, known or ())) from None
        try:
            data = json.loads(raw)
        except ValueError:
            return QueryResult("graph", [], [], triples=raw.decode("utf-8"))
        if "boolean" in data:
            return QueryResult("ask", [], [], boolean=bool(data["boolean"]))
        variables = data["head"].get("vars", [])
        rows = [{v: _json_value(b.get(v)) for v in variables} for b in data["results"]["bindings"]]
        return QueryResult("select", variables, rows)

    def export(self, fmt: str, out=None, *, ontology: bool = True):
        """Serialize the store as turtle, trig, nquads or json-ld (the ontology graph too unless ``ontology``
        is false; see :meth:`EmbeddedStore.export`), keeping the graph names in the dataset formats (one
        SELECT of every quad, read as JSON)."""
        if fmt not in (*EXPORT_FORMATS, "json-ld"):
            raise InputError(f"unknown export format {fmt!r}; use one of: {', '.join([*EXPORT_FORMATS, 'json-ld'])}")
        left_out = " ".join(str(g) for g in _left_out(ontology))
        raw = self._post(self.query_url, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                         f"FILTER(?g NOT IN ({left_out.replace(' ', ', ')})) }}", "application/sparql-query",
                         "application/sparql-results+json")
        quads = [ox.Quad(_json_term(b["s"]), _json_term(b["p"]), _json_term(b["o"]), _json_term(b["g"]))
                 for b in json.loads(raw)["results"]["bindings"]]
        buffer = io.BytesIO()
        if fmt == "json-ld":
            ox.serialize(quads, buffer, format=ox.RdfFormat.N_QUADS)
            data = _jsonld_of_nquads(buffer.getvalue())
        else:
            rdf_format = EXPORT_FORMATS[fmt]
            items = quads if rdf_format.supports_datasets else list(dict.fromkeys(q.triple for q in quads))
            ox.serialize(items, buffer, format=rdf_format, prefixes=SPARQL_PREFIXES)
            data = buffer.getvalue()
        return _deliver(data, out)

    def stats(self, *, exact: bool = False) -> dict[str, int]:
        """Counts as :meth:`EmbeddedStore.stats` (by COUNT queries on the server)."""
        return stats_of(self, exact=exact)

    def count_quads(self) -> int:
        """Quads outside the ontology graph (a COUNT query on the server)."""
        return int(self.query(QUADS_QUERY, prefixes=False).rows[0]["n"] or 0)

    def close(self) -> None:
        """Nothing to let go of: each request is its own connection."""

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _json_value(binding: dict | None) -> Any:
    if binding is None:
        return None
    value = binding.get("value")
    dt = binding.get("datatype", "")
    if binding.get("type") in ("literal", "typed-literal") and dt:
        if dt.endswith(("#integer", "#int", "#long")):
            return int(value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(value)
        if dt.endswith("#boolean"):
            return value == "true"
    return value


def _jsonld_of_nquads(data: bytes) -> bytes:
    """JSON-LD (graphs kept) of an N-Quads serialization, through rdflib (pyoxigraph writes no JSON-LD)."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds.serialize(format="json-ld", indent=2).encode("utf-8")


def _json_term(binding: dict) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An RDF term from a SPARQL JSON results binding."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if "xml:lang" in binding:
        return ox.Literal(value, language=binding["xml:lang"])
    if binding.get("datatype"):
        return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(value)


def open_store(spec: str | Path | None = None, *, read_only: bool = False):
    """Open the store named by ``spec`` (folder or http(s) URL); default ``$DIPLOKG_STORE`` or ./diplokg-data.

    A read-only open needs an existing store; a writable one creates it, but never in a file or in a
    folder of other files (one-line errors). Use it as ``with open_store(...) as store:`` to close it."""
    spec = str(spec or os.environ.get("DIPLOKG_STORE") or DEFAULT_SPEC)
    if spec.startswith(("http://", "https://")):
        return RemoteStore(spec)
    if read_only:
        check_exists(spec)
    else:
        check_writable_folder(spec)
    return EmbeddedStore(spec, read_only=read_only)
