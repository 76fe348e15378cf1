"""Count series: events, mean Goldstein or QuadClass counts per dyad, actor, CAMEO root or country
dyad, per day, week or month, as one long table (``diplokg series`` writes it as CSV).

Monthly series read the month summary nodes wherever they hold the numbers (dyads and country dyads:
all metrics; actors: event counts; roots: all metrics, since a CAMEO code fixes its Goldstein score
and QuadClass), so they answer from a few thousand nodes however many events the store holds; the
rest counts the events (:mod:`.series_queries`). A country dyad puts each actor under its
``dkg:country`` (a country under itself); an actor whose country is unknown stays as itself, with an
empty ``*_country`` column, and the number of its events is reported.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ...core.errors import InputError
from ...ontology.gazetteer import country_codes_by_qid
from ...ontology.namespaces import CAMEO, DKG, WD
from . import series_queries as q
from .series_keys import resolve_keys
from .series_table import SeriesTable, table_rows
from .sources import as_queryable
from .steps import rows_block

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["SERIES_BY", "SERIES_FREQS", "SERIES_METRICS", "check_options", "count_series", "series_columns",
           "series_table"]

SERIES_BY = ("dyad", "actor", "root", "country-dyad")
SERIES_FREQS = {"D": "day", "W": "week (starting Monday)", "M": "month"}
SERIES_METRICS = {"events": ("events",), "goldstein": ("events", "goldstein_sum", "goldstein_mean"),
                  "quadclass": ("events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict")}
_KEYS = {"dyad": ("source", "target"), "country-dyad": ("source", "target"), "actor": ("actor",),
         "root": ("cameo_root",)}
_WD = str(WD)


def _choice(option: str, value: str, accepted, normal: Callable[[str], str] = str.lower,
            cli: bool = True) -> str:
    text = normal(str(value or "").strip())
    if text not in accepted:
        named = f"--{option} {value!r}" if cli else f"{option}={value!r}"
        raise InputError(f"{named} is not one of: {', '.join(accepted)}")
    return text


def check_options(by: str, freq: str, metric: str, *, cli: bool = True) -> tuple[str, str, str]:
    """``by``, ``freq`` and ``metric`` normalised; InputError naming the accepted values otherwise, the
    option as the command's flag (``--by 'x'``) or, with ``cli=False``, as the parameter (``by='x'``)."""
    return (_choice("by", by, SERIES_BY, cli=cli), _choice("freq", freq, SERIES_FREQS, str.upper, cli=cli),
            _choice("metric", metric, SERIES_METRICS, cli=cli))


def series_columns(by: str, metric: str) -> list[str]:
    """The columns of a series table: ``period``, the key columns of ``by``, the metric columns."""
    keys = []
    for side in _KEYS[by]:
        keys += [side] if side == "cameo_root" else [side, f"{side}_label"]
        keys += [f"{side}_country"] if by == "country-dyad" else []
    keys += ["root_label"] if by == "root" else []
    return ["period", *keys, *SERIES_METRICS[metric]]


def _period(bucket: str, freq: str) -> str:
    """First day of the period a month (``YYYY-MM``) or day bucket falls in."""
    if freq == "M":
        return bucket + "-01"
    if freq == "W":
        day = date.fromisoformat(bucket)
        return (day - timedelta(days=day.weekday())).isoformat()
    return bucket


# the variables a key is bound to when the events are counted; root keys are filtered afterwards
_EVENT_KEY_VARS = {"dyad": {"source": "k1", "target": "k2"}, "country-dyad": {"source": "fk1", "target": "fk2"},
                   "actor": {"actor": "k1"}, "root": {}}


def _sides(graph, by: str, keys: dict[str, str], variables: tuple[str, str] = ("s", "t")) -> str:
    """One-variable VALUES blocks of the given sources and targets (``variables``): the actor itself, or
    for a country read from dyad months every actor of it and the country (``by="country-members"``);
    terms escaped by pyoxigraph (:func:`.steps.rows_block`)."""
    blocks = []
    for name, var in zip(("source", "target"), variables):
        if name in keys:
            members = [keys[name]] if by != "country-members" else sorted(
                r["s"] for r in graph.query(q.COUNTRY_MEMBERS, {"key": keys[name]}).rows)
            blocks.append(rows_block([var], [{var: m} for m in members]))
    return " ".join(blocks)


def _summary_rows(graph, by: str, keys: dict[str, str]) -> list[dict]:
    """The month rows of a series from the summary nodes (country dyads: their own month nodes, or on a
    store summarised before those existed the dyad months of every actor of the countries)."""
    from .summaries import older_layout

    if by == "dyad":
        return graph.query(q.DYAD_MONTHS.replace(q.SIDES_MARK, _sides(graph, by, keys))).rows
    if by == "country-dyad" and not older_layout(graph):
        if {"source", "target"} <= set(keys):
            return _pair_rows(graph, keys["source"], keys["target"])
        read = _side_rows(graph, keys)
        if read is not None:
            return read
        return graph.query(q.COUNTRY_DYAD_NODES.replace(q.SIDES_MARK, _sides(graph, by, keys, ("k1", "k2")))).rows
    if by == "country-dyad":
        return graph.query(q.COUNTRY_DYAD_MONTHS.replace(q.SIDES_MARK, _sides(graph, "country-members", keys))).rows
    if by == "root" and "root" in keys:
        return graph.query(q.CODE_MONTHS.replace("WHERE {", "WHERE {" + _codes_of_root(keys["root"]), 1)).rows
    text = q.ACTOR_MONTHS if by == "actor" else q.CODE_MONTHS
    return graph.query(text, {"k1": keys["actor"]} if "actor" in keys else None).rows


def _codes_of_root(root: str) -> str:
    """A VALUES block of the IRIs of every CAMEO code under ``root`` (the root included), so a series of one
    root reads that root's code month nodes only (a twentieth of them at a million events)."""
    from ...ontology.scheme import cameo_iri, load_cameo

    return rows_block(["k1"], [{"k1": str(cameo_iri(code))} for code in sorted(load_cameo()) if code[:2] == root])


def _pair_rows(graph, k1: str, k2: str) -> list[dict]:
    """The month rows of one country pair, read by subject. The pair's node IRIs start with one prefix per
    pair of flags (:func:`.country_dyads.country_dyad_month_iri`), so the source side's index range
    filtered by those prefixes finds them: 0.12 s at a million events, where joining both sides took
    0.9 s and intersecting the two ranges in Python 0.45 s."""
    import pyoxigraph as ox

    from .country_dyads import country_dyad_month_iri
    from .subjects import by_subject

    prefixes = {f"p{i}": ox.Literal(country_dyad_month_iri(k1, f1, k2, f2, ""))
                for i, (f1, f2) in enumerate(((True, True), (True, False), (False, True), (False, False)))}
    nodes = {r["n"] for r in graph.query(q.COUNTRY_PAIR_NODES, {"k1": k1, **prefixes}).rows}
    merged: dict[tuple, dict] = {}
    for props in by_subject(graph, nodes).values():
        _merge_node(merged, props)
    return list(merged.values())


def _side_rows(graph, keys: dict[str, str]) -> list[dict] | None:
    """The month rows of every country dyad, or of those with one given side, on the embedded store: the
    nodes found on one index range and read by subject one at a time (the grouped query took 218 s for
    every dyad at a million events). None for other stores (they run the query)."""
    import pyoxigraph as ox

    raw = getattr(graph, "store", None)
    if not isinstance(raw, ox.Store):
        return None
    from .subjects import by_subject
    from .terms import SUMMARY_GRAPH

    side, prop = ("source", "countrySource") if "source" in keys or "target" not in keys else ("target", "countryTarget")
    key = ox.NamedNode(keys[side]) if side in keys else None
    merged: dict[tuple, dict] = {}
    for quad in raw.quads_for_pattern(None, ox.NamedNode(str(DKG) + prop), key, SUMMARY_GRAPH):
        for props in by_subject(graph, [quad.subject.value]).values():
            _merge_node(merged, props)
    return list(merged.values())


def _merge_node(merged: dict[tuple, dict], props: dict[str, list]) -> None:
    """Add one country-dyad month node (its properties) to the row of its keys and month."""
    def first(name: str, default: Any) -> Any:
        return (props.get(str(DKG) + name) or [default])[0]

    month = str(first("month", ""))
    bucket = month if len(month) == 7 else None
    k1, k2 = str(first("countrySource", "")), str(first("countryTarget", ""))
    row = merged.setdefault((k1, k2, bucket), {"k1": k1, "k2": k2, "c1": 0, "c2": 0, "bucket": bucket, "events": 0,
                                               "gsum": 0.0, "q1": 0, "q2": 0, "q3": 0, "q4": 0})
    for flag, name in (("c1", "sourceIsCountry"), ("c2", "targetIsCountry")):
        row[flag] = max(row[flag], int(bool(first(name, False))))
    for name, prop in _COUNT_PROPERTIES:
        row[name] += first(prop, 0)


_COUNT_PROPERTIES = (("events", "eventCount"), ("gsum", "goldsteinSum"), ("q1", "verbalCooperationCount"),
                    ("q2", "materialCooperationCount"), ("q3", "verbalConflictCount"), ("q4", "materialConflictCount"))


def _read(graph, by: str, freq: str, metric: str, date_from: str | None, date_to: str | None,
          keys: dict[str, str], from_events: bool) -> tuple[list[dict], str]:
    """The query rows for this series and where they came from (``summaries`` or ``events``)."""
    monthly = freq == "M" and _month_aligned(date_from, date_to) and not from_events
    if monthly and (by in ("dyad", "country-dyad", "root") or metric == "events"):
        rows = _summary_rows(graph, by, keys)
        if date_from or date_to:
            rows = [r for r in rows if r.get("bucket") and _in_range(r["bucket"], date_from, date_to)]
        return rows, "summaries"
    names = _EVENT_KEY_VARS[by]
    bindings: dict[str, Any] = {"len": 7 if freq == "M" else 10}
    bindings.update({k: v for k, v in (("from", date_from), ("to", date_to)) if v})
    bindings.update({names[k]: v for k, v in keys.items() if k in names})
    return graph.query(q.events_query(by), bindings).rows, "events"


def _in_range(month: str, date_from: str | None, date_to: str | None) -> bool:
    """Whether a month (``YYYY-MM``) lies within a range of whole months, years or month-aligned days."""
    lo, hi = (date_from or "")[:7], (date_to or "")[:7]
    return month[:len(lo)] >= lo and (not hi or month[:len(hi)] <= hi)


def _month_aligned(date_from: str | None, date_to: str | None) -> bool:
    """Whether a date range covers whole months (so month nodes answer it exactly)."""
    if date_from and len(date_from) == 10 and not date_from.endswith("-01"):
        return False
    if date_to and len(date_to) == 10:
        day = date.fromisoformat(date_to)
        return (day + timedelta(days=1)).day == 1
    return True


_NAMED_LABELS = 200


def _labels(source, keys: set[str]) -> dict[str, str]:
    """English labels of the key IRIs (the gazetteer's name for a country the store does not describe)."""
    from ...ontology.gazetteer import load_gazetteer

    text = q.ACTOR_LABELS
    if len(keys) <= _NAMED_LABELS:                # a few keys: their labels only (all of them took 0.1 s at 1 M)
        text = text.replace("WHERE {", "WHERE {" + rows_block(["a"], [{"a": k} for k in sorted(keys)]), 1)
    labels = {r["a"]: r["label"] for r in source.query(text).rows if r["a"] in keys}
    gaz = load_gazetteer() if keys - labels.keys() else None
    for key in keys - labels.keys():
        actor = gaz.actors.get(key[len(_WD):]) if key.startswith(_WD) else None
        labels[key] = actor.name if actor else key.rsplit("/", 1)[-1]
    return labels


class _CountryCodes:
    """Country IRI -> ISO3: the country part of a stored country's actor code, else the gazetteer's (loaded
    only when a country lacks a stored code or a key is named: it costs more than the rest of a series)."""

    def __init__(self, source) -> None:
        self.stored: dict[str, str] = {}
        for r in source.query(q.ACTOR_CODES).rows:
            code = str(r.get("code") or "")
            if len(code) >= 3 and code[:3].isalpha() and code[:3].isupper():
                self.stored[r["a"]] = code[:3]
        self._full: dict[str, str] | None = None

    def full(self) -> dict[str, str]:
        """Every code: the gazetteer's, overridden by the stored ones."""
        if self._full is None:
            self._full = {**{_WD + qid: iso3 for qid, iso3 in country_codes_by_qid().items()}, **self.stored}
        return self._full

    def get(self, iri: str) -> str | None:
        """The ISO3 code of a country IRI (None when neither the store nor the gazetteer knows one)."""
        return self.stored.get(iri) or self.full().get(iri)


def _root_numbers(code_iri: str) -> tuple[str, float, int] | None:
    """Root, Goldstein score and QuadClass of a CAMEO code IRI (None outside the scheme)."""
    from ...ontology.scheme import cameo_info

    code = str(code_iri)[len(str(CAMEO)):] if str(code_iri).startswith(str(CAMEO)) else None
    try:
        info = cameo_info(code) if code else None
    except KeyError:
        return None
    return (code[:2], float(info.goldstein), int(info.quad_class)) if info else None


def _root_rows(rows: list[dict]) -> list[dict]:
    """Code rows (month nodes or events) rolled up to their CAMEO root, with the codes' Goldstein
    scores and QuadClasses where the rows carry only counts."""
    merged: dict[tuple, dict] = {}
    for r in rows:
        numbers = _root_numbers(r["k1"])
        if numbers is None:
            continue
        root, goldstein, quad = numbers
        out = merged.setdefault((root, r.get("bucket")), {"k1": root, "bucket": r.get("bucket"), "events": 0,
                                                          "gsum": 0.0, "q1": 0, "q2": 0, "q3": 0, "q4": 0})
        n = int(r["events"])
        out["events"] += n
        out["gsum"] += float(r["gsum"]) if r.get("gsum") is not None else n * goldstein
        for k in (1, 2, 3, 4):
            out[f"q{k}"] += int(r[f"q{k}"]) if r.get(f"q{k}") is not None else (n if quad == k else 0)
    return list(merged.values())


def count_series(store_or_graph: Any, by: str = "dyad", freq: str = "M", metric: str = "events", *,
                 date_from: str | None = None, date_to: str | None = None, source: str | None = None,
                 target: str | None = None, actor: str | None = None, root: str | None = None,
                 from_events: bool = False) -> pd.DataFrame:
    """Events (``metric="events"``), Goldstein sum and mean, or events per QuadClass per ``by`` key and
    period, one row per key and period with events, sorted by period and key.

    ``by``: ``dyad`` (source -> target), ``actor`` (as source or target), ``root`` (CAMEO root) or
    ``country-dyad``; ``freq``: ``D``, ``W`` (weeks from Monday) or ``M``; ``period`` is the
    period's first day. Only events dated at least as precisely as ``freq`` are counted; how many
    were left out (undated, dated to the year or month only, actors of unknown country) is in
    ``df.attrs["notices"]``. ``date_from``/``date_to`` (``YYYY[-MM[-DD]]``) bound the event dates;
    ``source``/``target`` (dyads: actors; country dyads: ``RUS``, a QID or IRI), ``actor`` or ``root``
    narrow it to one key (:mod:`.series_keys`). ``from_events`` counts the events even where month
    summary nodes hold the numbers (a cross-check; slower). The same rows without pandas:
    :func:`series_table`.
    """
    return series_table(store_or_graph, by, freq, metric, date_from=date_from, date_to=date_to, source=source,
                        target=target, actor=actor, root=root, from_events=from_events).frame()


def series_table(store_or_graph: Any, by: str = "dyad", freq: str = "M", metric: str = "events", *,
                 date_from: str | None = None, date_to: str | None = None, source: str | None = None,
                 target: str | None = None, actor: str | None = None, root: str | None = None,
                 from_events: bool = False) -> SeriesTable:
    """The rows of :func:`count_series` as plain Python (:class:`.series_table.SeriesTable`: CSV text or a
    DataFrame), read without importing pandas."""
    by, freq, metric = check_options(by, freq, metric, cli=False)
    graph = as_queryable(store_or_graph)
    codes = _CountryCodes(graph) if by == "country-dyad" else None
    keys = resolve_keys(graph, by, {"source": source, "target": target, "actor": actor, "root": root},
                        lambda: codes.full())
    rows, origin = _read(graph, by, freq, metric, date_from, date_to, keys, from_events)
    if by == "root":
        rows = [r for r in _root_rows(rows) if r["k1"] == keys.get("root", r["k1"])]
    notices = _notices(rows, by, freq)
    rows = [r for r in rows if r.get("bucket") is not None]
    names = {r[k] for r in rows for k in ("k1", "k2") if r.get(k)} if by != "root" else set()
    labels = _labels(graph, names) if names else {}
    records = [_record(r, by, freq, labels, codes) for r in rows]
    columns = series_columns(by, metric)
    key_columns = columns[1:len(columns) - len(SERIES_METRICS[metric])]
    return SeriesTable(columns, key_columns, table_rows(records, columns, key_columns, freq == "W"), notices, origin)


def _notices(rows: list[dict], by: str, freq: str) -> list[str]:
    """What a series leaves out: events dated too coarsely (or not at all) for ``freq``, and for
    country dyads the events of actors whose country is unknown (kept under the actor)."""
    out = []
    left = sum(int(r["events"]) for r in rows if r.get("bucket") is None)
    if left:
        what = "actor appearances in events" if by == "actor" else "events"
        out.append(f"{left} {what} without a date to the {SERIES_FREQS[freq].split()[0]} left out "
                   f"(undated or dated more coarsely)")
    if by == "country-dyad":
        unknown = sum(int(r["events"]) for r in rows if r.get("bucket") is not None
                      and not (int(r.get("c1") or 0) and int(r.get("c2") or 0)))
        if unknown:
            out.append(f"{unknown} events with an actor of unknown country, kept under that actor")
    return out


def _record(r: dict, by: str, freq: str, labels: dict[str, str], codes: _CountryCodes | None) -> dict[str, Any]:
    """One series row: period, key columns, every metric column (the frame keeps the asked ones)."""
    from ...ontology.scheme import cameo_info

    rec: dict[str, Any] = {"period": _period(r["bucket"], freq)}
    if by == "root":
        rec.update({"cameo_root": r["k1"], "root_label": cameo_info(r["k1"]).label})
    else:
        for side, var, flag in zip(_KEYS[by], ("k1", "k2"), ("c1", "c2")):
            rec.update({side: r[var], f"{side}_label": labels.get(r[var])})
            if by == "country-dyad":
                rec[f"{side}_country"] = codes.get(r[var]) if int(r.get(flag) or 0) else None
    gsum = r.get("gsum")
    rec.update({"events": int(r["events"]), "goldstein_sum": None if gsum is None else float(gsum),
                "verbal_coop": r.get("q1"), "material_coop": r.get("q2"), "verbal_conflict": r.get("q3"),
                "material_conflict": r.get("q4")})
    return rec
