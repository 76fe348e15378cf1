"""Named SPARQL queries and the event rows behind networks, tables and notebooks.

Every named query is a ``.rq`` file in ``graph/rdf/queries/`` whose leading comment
says what it answers and which parameters it takes; parameters are bound as RDF
terms (:func:`diplokg.graph.rdf.store.bind_values`), never spliced into the text.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from rdflib.namespace import RDF

from ...ontology.actor_codes import country_entities
from ...ontology.namespaces import CAMEO, DKG, PLOVER, SCHEMA, SEM, WD
from .mapping import date_precision
from .params import ParamSpec, check_params, declarations_of
from .places_read import located, place_descriptions
from .store import QueryResult
from ...core.errors import QueryError

QUERY_DIR = Path(__file__).parent / "queries"


def named_queries() -> dict[str, str]:
    """Name -> first comment line of every shipped query."""
    out = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        first = next((l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("#")), "# ")
        out[path.stem] = first.lstrip("# ").strip()
    return out


def query_levels() -> dict[str, list[str]]:
    """Named query -> the levels beyond ``actor`` it has a version for (``queries/level/NAME.LEVEL.rq``)."""
    out: dict[str, list[str]] = {}
    for path in sorted((QUERY_DIR / "level").glob("*.rq")):
        name, _, level = path.stem.rpartition(".")
        out.setdefault(name, []).append(level)
    return out


def load_query(name: str, level: str = "actor") -> str:
    """The text of a shipped named query (at ``level``: ``country`` or ``sector`` roll persons and agencies
    up to their country, :mod:`diplokg.graph.network.levels`); QueryError listing what is available if there
    is none."""
    path = QUERY_DIR / f"{name}.rq"
    if not path.exists():
        raise QueryError(f"no named query {name!r}; available: {', '.join(named_queries())}")
    if level != "actor":
        path = QUERY_DIR / "level" / f"{name}.{level}.rq"
        if not path.exists():
            offered = [f"{n} ({', '.join(levels)})" for n, levels in query_levels().items()]
            raise QueryError(f"named query {name!r} has no {level} level; queries with levels: {', '.join(offered)}")
    return path.read_text(encoding="utf-8")


def query_parameters(name: str) -> tuple[ParamSpec, ...]:
    """The parameters a shipped named query declares in its header (``# @param`` lines)."""
    return declarations_of(load_query(name))


def checked_bindings(text: str, given: dict[str, str], label: str, *, declared: bool,
                     resolve_actor: Callable[[str, str], str]) -> dict[str, Any]:
    """Bindings for ``given`` checked against the query's ``# @param`` declarations.

    A named query (``declared``) or any text that declares parameters is checked (names, types,
    required ones); a query text without declarations gets ``given`` bound as it is.
    """
    specs = declarations_of(text)
    if not specs and not declared:
        return dict(given)
    return check_params(specs, given, label, resolve_actor)


def answer_query(store_spec: str, text: str, given: dict[str, str], label: str, declared: bool,
                 http_timeout: float | None = None) -> QueryResult:
    """Open the store read-only, check and bind the parameters (actor names resolved through the
    stored labels) and run the query (stepped or not). Module-level, so it can run in a child
    process under a time limit (:func:`.deadline.call_with_timeout`)."""
    from .actor_names import resolve_actor
    from .store import open_store

    store = open_store(store_spec, read_only=True)
    if http_timeout and hasattr(store, "timeout"):
        store.timeout = http_timeout
    bindings = checked_bindings(text, given, label, declared=declared,
                                resolve_actor=lambda name, value: resolve_actor(store, name, value))
    return store.query(text, bindings)


def parse_params(values: list[str] | None) -> dict[str, Any]:
    """``["actor=http://…/Q7747", "from=2016-01-01"]`` -> dict (k=v pairs)."""
    out: dict[str, Any] = {}
    for value in values or []:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param wants NAME=VALUE, got {value!r}")
        if key.strip() in out:
            raise QueryError(f"--param {key.strip()} given twice")
        out[key.strip()] = val
    return out


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """A query result as an aligned text table, CSV or JSON."""
    if result.kind == "ask":
        return json.dumps({"boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if result.kind == "graph":
        return result.triples or ""
    if fmt == "json":
        return json.dumps(result.rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=result.variables, lineterminator="\n")
        writer.writeheader()
        writer.writerows(result.rows)
        return buf.getvalue()
    cols = result.variables
    cells = [[("" if r.get(c) is None else _short(r.get(c))) for c in cols] for r in result.rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def _short(value: Any, limit: int = 100) -> str:
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Shared facts (event cores, actor descriptions) are stored once, in the facts graph; the article
# graphs hold the evidence. So plain patterns over the union default graph count everything once.
# Mandatory patterns come first and OPTIONALs last: Oxigraph joins a pattern that follows an
# OPTIONAL against all its matches, which is orders of magnitude slower on large graphs.
EVENT_ROWS_QUERY = """
SELECT ?event ?source ?target ?relation ?cameo ?cameoLabel ?ploverType ?goldstein ?quad ?date ?datePrecision
       ?dateSource ?negated ?ev ?sentence ?reported ?modality ?confidence ?artId ?title ?artDate ?url ?lang
       ?location ?locationSource
WHERE {
  ?event a dkg:DiplomaticEvent ; dkg:source ?source ; dkg:relation ?relation ; dkg:cameo ?code ;
         dkg:goldstein ?goldstein ; dkg:quadClass ?quad ; dkg:negated ?negated ; dkg:evidence ?ev .
  ?code skos:notation ?cameo .
  ?ev dkg:sentence ?sentence ; dkg:reported ?reported ; dkg:modality ?modality ; dkg:confidence ?confidence ;
      dkg:article ?art .
  ?art dkg:articleId ?artId .
  OPTIONAL { ?code skos:prefLabel ?cameoLabel FILTER(LANG(?cameoLabel) = "en") }
  OPTIONAL { ?event dkg:target ?target }
  OPTIONAL { ?event dkg:ploverType ?ploverType }
  OPTIONAL { ?event sem:hasTimeStamp ?date }
  OPTIONAL { ?event dkg:datePrecision ?datePrecision }
  OPTIONAL { ?event dkg:dateSource ?dateSource }
  OPTIONAL { ?art schema:headline ?title }
  OPTIONAL { ?art schema:datePublished ?artDate }
  OPTIONAL { ?art schema:url ?url }
  OPTIONAL { ?art schema:inLanguage ?lang }
  OPTIONAL { ?event dkg:location ?location }
  OPTIONAL { ?event dkg:locationSource ?locationSource }
}
"""
# The selected events of a filtered read are read by subject: the quads of the event nodes, then of
# their evidence nodes, then of those articles (one index range per node: .subjects).
# As one basic graph pattern with OPTIONALs, Oxigraph joined patterns against all events' or
# articles' values (a month of a million events took over 30 s).


def _by_subject(store, subjects: Iterable[str], chunk: int) -> dict[str, dict[str, list[Any]]]:
    """subject -> predicate -> values, for these subjects (all graphs; see :mod:`.subjects`)."""
    from .subjects import by_subject

    return by_subject(store, subjects, chunk)


def _all(node: dict[str, list[Any]], predicate: str) -> list[Any]:
    """The values of a property of a node read by :func:`_by_subject` (``predicate`` may be an rdflib term)."""
    return node.get(str(predicate), [])


def _one(node: dict[str, list[Any]], predicate: str) -> Any:
    """The value of a single-valued property (the smallest, should the data hold several); None if absent."""
    values = _all(node, predicate)
    return min(values, key=str) if values else None


def _notation(iri: Any, scheme: str) -> str | None:
    """A CAMEO or PLOVER concept's notation, its local name (``cameo:036`` -> ``"036"``, ``plover:CONSULT``
    -> ``"CONSULT"``), read from the IRI: joining ``skos:notation`` made Oxigraph hash-join every event's
    concept. None for IRIs outside the scheme."""
    text = str(iri or "")
    return text[len(scheme):] if text.startswith(str(scheme)) and len(text) > len(scheme) else None


def selected_rows(store, events: Iterable[str], chunk: int = 2000) -> Iterator[dict[str, Any]]:
    """One row per event and evidence sentence, with the columns of :data:`EVENT_ROWS_QUERY`, for these
    event IRIs; events or evidence missing a column that query requires are left out as it leaves them."""
    from ...ontology.scheme import cameo_info

    names = sorted(set(events))
    for i in range(0, len(names), chunk):
        cores = _by_subject(store, names[i:i + chunk], chunk)
        evidence = _by_subject(store, (v for c in cores.values() for v in _all(c, DKG.evidence)), chunk)
        articles = _by_subject(store, (a for v in evidence.values() for a in _all(v, DKG.article)), chunk)
        for event in names[i:i + chunk]:
            core = cores.get(event, {})
            row = {"event": event, "source": _one(core, DKG.source), "target": _one(core, DKG.target),
                   "relation": _one(core, DKG.relation), "cameo": _notation(_one(core, DKG.cameo), CAMEO),
                   "ploverType": _one(core, DKG.ploverType), "goldstein": _one(core, DKG.goldstein),
                   "quad": _one(core, DKG.quadClass), "negated": _one(core, DKG.negated),
                   "date": _one(core, SEM.hasTimeStamp), "datePrecision": _one(core, DKG.datePrecision),
                   "dateSource": _one(core, DKG.dateSource),
                   "location": _one(core, DKG.location),
                   "locationSource": _one(core, DKG.locationSource)}
            if str(DKG.DiplomaticEvent) not in _all(core, RDF.type) or any(
                    row[k] is None for k in ("source", "relation", "cameo", "goldstein", "quad", "negated")):
                continue
            try:
                row["cameoLabel"] = cameo_info(row["cameo"]).label
            except KeyError:
                row["cameoLabel"] = None
            for ev in sorted(_all(core, DKG.evidence), key=str):
                node = evidence.get(ev, {})
                art = _one(node, DKG.article)
                article = articles.get(art, {})
                mention = {"ev": ev, "sentence": _one(node, DKG.sentence), "reported": _one(node, DKG.reported),
                           "modality": _one(node, DKG.modality), "confidence": _one(node, DKG.confidence),
                           "art": art, "artId": _one(article, DKG.articleId)}
                if any(v is None for v in mention.values()):
                    continue
                yield {**row, **mention, "title": _one(article, SCHEMA.headline),
                       "artDate": _one(article, SCHEMA.datePublished), "url": _one(article, SCHEMA.url),
                       "lang": _one(article, SCHEMA.inLanguage)}


ACTOR_QUERY = """
SELECT ?actor ?type ?en ?de ?country ?countryLabel ?code ?sector
WHERE {
  ?actor a sem:Actor ; dkg:actorType ?type .
  OPTIONAL { ?actor rdfs:label ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?actor rdfs:label ?de FILTER(LANG(?de) = "de") }
  OPTIONAL { ?actor dkg:country ?country OPTIONAL { ?country rdfs:label ?countryLabel FILTER(LANG(?countryLabel) = "en") } }
  OPTIONAL { ?actor dkg:actorCode ?code }
  OPTIONAL { ?actor dkg:sector ?sector }
}
"""


def event_rows(store, *, actor: Any = None, depth: int = 1, date_from: Any = None, date_to: Any = None,
               cameo_root: Any = None, chunk: int = 2000) -> list[dict[str, Any]]:
    """Events as plain dicts (actors, coding, flags, evidence list) for networks and tables.

    Without filters: every event. With ``actor``/``depth``, ``date_from``/``date_to`` or
    ``cameo_root`` (as :func:`diplokg.graph.network.filter_events` takes them) only the events of the
    summary month nodes that can hold what those filters keep are read (:mod:`.preselect`), so a
    filtered network of a large store does not read it whole; apply ``filter_events`` (``render_html``
    does) for the exact selection.
    """
    return selected_event_rows(store, actor=actor, depth=depth, date_from=date_from, date_to=date_to,
                               cameo_root=cameo_root, chunk=chunk)[0]


def selected_event_rows(store, *, actor: Any = None, depth: int = 1, date_from: Any = None, date_to: Any = None,
                        cameo_root: Any = None, max_events: int | None = None, chunk: int = 2000
                        ) -> tuple[list[dict[str, Any]], Any]:
    """:func:`event_rows`, at most about ``max_events`` events (the newest whole months that fit, from the
    summary counts; None: no cap), and the selection read (a :class:`.buckets.Selection`, or None when
    every event was read): its ``date_from`` is set when the cap narrowed the range."""
    from . import preselect
    from .month_counts import events_of
    from .sources import as_queryable

    store = as_queryable(store)                   # a store, its folder or URL, or an rdflib graph
    actors = _actors(store)
    chosen = preselect.month_nodes_for(store, list(actors.values()), actor=actor, depth=depth, date_from=date_from,
                                       date_to=date_to, cameo_root=cameo_root, max_events=max_events)
    if chosen is None:
        results: Iterable[dict[str, Any]] = store.query(EVENT_ROWS_QUERY).rows
    else:
        selected = set(chosen.events) | events_of(store, chosen.nodes, chosen.link, chunk)
        results = selected_rows(store, selected, chunk)
    return _rows_of(results, actors, place_descriptions(store)), chosen


def _actors(store) -> dict[str, dict]:
    """Every actor (IRI -> the dict rows carry as source and target)."""
    actors: dict[str, dict] = {}
    for r in store.query(ACTOR_QUERY).rows:
        iri = r["actor"]
        entry = actors.setdefault(iri, {"iri": iri, "label": None, "label_de": None, "type": r["type"],
                                        "qid": iri.rsplit("/", 1)[-1] if iri.startswith(WD) else None,
                                        "country": None, "country_iri": None, "code": None, "sector": None})
        entry["label"] = entry["label"] or r.get("en") or r.get("de") or iri.rsplit("/", 1)[-1]
        entry["label_de"] = entry["label_de"] or r.get("de")
        # the gazetteer (loading it takes longer than reading every actor) only for a country without a label
        entry["country"] = entry["country"] or r.get("countryLabel") or (
            country_entities().get(r["country"], (None,))[0] if r.get("country") else None)
        for field, column in (("country_iri", "country"), ("code", "code"), ("sector", "sector")):
            entry[field] = entry[field] or r.get(column)
    return actors


def _rows_of(results: Iterable[dict[str, Any]], actors: dict[str, dict], places: dict) -> list[dict[str, Any]]:
    """One dict per event (evidence gathered) from rows of one event and evidence sentence each."""
    events: dict[str, dict] = {}
    seen_evidence: set[tuple[str, str]] = set()
    for r in results:
        ev = events.get(r["event"])
        if ev is None:
            ev = events[r["event"]] = {
                "event": r["event"], "source": actors.get(r["source"]), "target": actors.get(r.get("target")),
                "relation": r["relation"], "cameo": r["cameo"], "cameo_label": r.get("cameoLabel"),
                "plover_type": _notation(r.get("ploverType"), PLOVER), "plover_mode": None, "goldstein": r["goldstein"],
                "quad_class": r["quad"], "date": r.get("date"), "negated": bool(r["negated"]),
                "date_precision": r.get("datePrecision") or (date_precision(r["date"]) if r.get("date") else None),
                "date_source": r.get("dateSource"),
                "reported": True, "modality": "asserted", "confidence": 0.0, "evidence": [],
                "location": located(places, r.get("location"), r.get("locationSource"))}
        ev["relation"] = min(ev["relation"], r["relation"])      # articles may word one event differently
        if (r["event"], r["ev"]) in seen_evidence:
            continue
        seen_evidence.add((r["event"], r["ev"]))
        ev["reported"] = ev["reported"] and bool(r["reported"])
        if r["modality"] != "asserted":
            ev["modality"] = r["modality"]
        ev["confidence"] = max(ev["confidence"], float(r["confidence"]))
        ev["evidence"].append({"sentence": r["sentence"], "article_id": r["artId"], "title": r.get("title"),
                               "date": r.get("artDate"), "url": r.get("url"), "lang": r.get("lang")})
    rows = [_with_date_fields(e) for e in events.values() if e["source"] is not None]
    rows.sort(key=lambda e: (e["date"] or "", e["event"]))
    return rows


def _with_date_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The row's publication date (its earliest article's) and which date stands for the event:
    ``date_source`` "sentence" or "publication" for a stored date, "publication" when the event has
    no date and its article's date stands in (:func:`diplokg.graph.network.build.event_date`), else None."""
    published = sorted(str(e["date"]) for e in row["evidence"] if e.get("date"))
    row["publication_date"] = published[0] if published else None
    if row["date"] is None:
        row["date_precision"] = "day" if published else None
        row["date_source"] = "publication" if published else None
    return row
