"""The flat event table: one row per event with fixed columns and dtypes, for pandas, R or Stata.

Analysts load event data as one row per event (ICEWS, POLECAT, GDELT); this module reads it from
the store with one SPARQL query (per-event aggregates and the first evidence in a subquery, actor,
date and location details as OPTIONALs, so properties a store does not hold yet come out empty)
and gives it fixed dtypes. The columns, their dtypes and a map to the POLECAT and ICEWS field
names are documented in ``docs/event-table.md``; :data:`EVENT_TABLE_DTYPES` is the same list.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote
from typing import TYPE_CHECKING, Any

from ...core.errors import InputError, SetupError
from ...ontology.gazetteer import country_codes_by_qid
from ...ontology.namespaces import CAMEO, PLOVER, WD
from ...ontology.scheme import cameo_info
from .csv_cells import safe_cell, text_of_cell
from .sources import as_queryable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["EVENT_TABLE_DTYPES", "events_table", "read_events_table", "write_events_table"]

_ACTOR_COLUMNS = ("", "_label", "_qid", "_code", "_country", "_sector")

#: Column -> pandas dtype of the event table, in column order (see ``docs/event-table.md``).
EVENT_TABLE_DTYPES: dict[str, str] = {
    "event": "string",
    "date": "datetime64[ns]",
    "event_date": "string",
    "date_precision": "string",
    "date_source": "string",
    "publication_date": "datetime64[ns]",
    **{f"source{c}": "string" for c in _ACTOR_COLUMNS},
    **{f"target{c}": "string" for c in _ACTOR_COLUMNS},
    "relation": "string",
    "cameo": "string",
    "cameo_root": "string",
    "quad_class": "Int64",
    "goldstein": "Float64",
    "plover_type": "string",
    "plover_mode": "string",
    "location": "string",
    "location_name": "string",
    "location_qid": "string",
    "location_lat": "Float64",
    "location_lon": "Float64",
    "location_source": "string",
    "articles": "Int64",
    "mentions": "Int64",
    "confidence": "Float64",
    "negated": "boolean",
    "reported": "boolean",
    "modality": "string",
    "sentence": "string",
    "article_id": "string",
    "url": "string",
}
DATE_COLUMNS = ("date", "publication_date")

_GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
_WD = str(WD)

# One label per node, so that a node's several labels never multiply an event's row: the English
# label first, else (places only: "Krim" with no English name) any; the smallest in code-point order
# among equals. The subquery reads the labels once (actors, places, codes: few next to the events).
def _one_label(node: str, out: str, *, english_only: bool = False) -> str:
    """SPARQL binding ``?out`` to one label of ``?node``: English preferred (or required), else the first."""
    lab = f"?l_{out}"
    where = f"?{node} rdfs:label {lab}" + (f' FILTER(LANG({lab}) = "en")' if english_only else "")
    key = f'CONCAT(IF(LANG({lab}) = "en", "0", "1"), STR({lab}))'
    return f"OPTIONAL {{ {{ SELECT ?{node} (SUBSTR(MIN({key}), 2) AS ?{out}) WHERE {{ {where} }} GROUP BY ?{node} }} }}"


# Per event: the aggregates over its evidence and the first report (earliest publication date, then
# evidence IRI). The first report's key carries what the table shows of it (article id and URL, encoded
# so that they hold no space, then the sentence), split in Python by :func:`_first_report`: joining a
# node computed by BIND back to its triples makes Oxigraph scan them per row (20,000 events: 200 s
# instead of 3 s). The date range is
# compared on the stored text at the event date's own precision ("2016" overlaps 2016-05-01..).
# Mandatory patterns first, OPTIONALs last (Oxigraph joins what follows an OPTIONAL against all of it).
EVENT_TABLE_QUERY = f"""
SELECT ?event ?date ?precision ?dateSource ?published ?articles ?mentions ?confidence ?reported ?modality
       ?relation ?source ?target ?code ?goldstein ?quad ?plover ?negated ?firstKey
       ?srcLabel ?srcCode ?srcSector ?srcCountry ?srcCountryCode ?srcIsCountry
       ?tgtLabel ?tgtCode ?tgtSector ?tgtCountry ?tgtCountryCode ?tgtIsCountry
       ?place ?placeLabel ?lat ?lon ?placeSource
WHERE {{
  {{
    SELECT ?event (SAMPLE(?d) AS ?date) (MIN(?wording) AS ?relation) (COUNT(DISTINCT ?art) AS ?articles)
           (COUNT(DISTINCT ?ev) AS ?mentions) (MAX(?conf) AS ?confidence) (MIN(?rep) AS ?reported)
           (MAX(IF(?mod = "asserted", "", STR(?mod))) AS ?modality) (MIN(?pub) AS ?published)
           (MIN(CONCAT(COALESCE(STR(?pub), "9999-12-31"), " ", STR(?ev), " ", ENCODE_FOR_URI(?aid), " ",
                       ENCODE_FOR_URI(COALESCE(STR(?u), "")), " ", STR(?text))) AS ?firstKey)
    WHERE {{
      # @params
      ?event a dkg:DiplomaticEvent ; dkg:relation ?wording ; dkg:evidence ?ev .
      ?ev dkg:article ?art ; dkg:confidence ?conf ; dkg:reported ?rep ; dkg:modality ?mod ; dkg:sentence ?text .
      ?art dkg:articleId ?aid .
      OPTIONAL {{ ?art schema:datePublished ?pub }}
      OPTIONAL {{ ?art schema:url ?u }}
      OPTIONAL {{ ?event sem:hasTimeStamp ?d }}
      FILTER(!BOUND(?from) || (BOUND(?d) && STR(?d) >= SUBSTR(STR(?from), 1, STRLEN(STR(?d)))))
      FILTER(!BOUND(?to) || (BOUND(?d) && STR(?d) <= SUBSTR(STR(?to), 1, STRLEN(STR(?d)))))
    }}
    GROUP BY ?event
  }}
  ?event dkg:source ?source ; dkg:cameo ?code ; dkg:goldstein ?goldstein ; dkg:quadClass ?quad ;
         dkg:negated ?negated .
  OPTIONAL {{ ?event dkg:ploverType ?plover }}
  OPTIONAL {{ ?event dkg:datePrecision ?precision }}
  OPTIONAL {{ ?event dkg:dateSource ?dateSource }}
  {_one_label("source", "srcLabel", english_only=True)}
  OPTIONAL {{ ?source dkg:actorCode ?srcCode }}
  OPTIONAL {{ ?source dkg:sector ?srcSector }}
  OPTIONAL {{ ?source a dkg:Country BIND(true AS ?srcIsCountry) }}
  OPTIONAL {{ ?source dkg:country ?srcCountry OPTIONAL {{ ?srcCountry dkg:actorCode ?srcCountryCode }} }}
  OPTIONAL {{
    ?event dkg:target ?target .
    {_one_label("target", "tgtLabel", english_only=True)}
    OPTIONAL {{ ?target dkg:actorCode ?tgtCode }}
    OPTIONAL {{ ?target dkg:sector ?tgtSector }}
    OPTIONAL {{ ?target a dkg:Country BIND(true AS ?tgtIsCountry) }}
    OPTIONAL {{ ?target dkg:country ?tgtCountry OPTIONAL {{ ?tgtCountry dkg:actorCode ?tgtCountryCode }} }}
  }}
  OPTIONAL {{ ?event dkg:locationSource ?placeSource }}
  OPTIONAL {{
    ?event dkg:location ?place .
    {_one_label("place", "placeLabel")}
    OPTIONAL {{ ?place <{_GEO}lat> ?lat }}
    OPTIONAL {{ ?place <{_GEO}long> ?lon }}
  }}
}}
"""


def pandas_module():
    try:
        import pandas as pd
    except ModuleNotFoundError:
        raise SetupError("the event table needs pandas, part of the 'analysis' extra: "
                         "pip install 'diplokg[analysis]'") from None
    return pd


def _local_name(iri: Any, namespace: Any) -> str | None:
    """The part of an IRI after ``namespace`` (``wd:Q7747`` -> ``Q7747``, ``cameo:036`` -> ``036``)."""
    text, ns = str(iri or ""), str(namespace)
    return text[len(ns):] if text.startswith(ns) and len(text) > len(ns) else None


def _qid(iri: Any) -> str | None:
    return _local_name(iri, _WD)


def _iso3(code: Any) -> str | None:
    """The country part of a CAMEO-style actor code (``RUSGOV`` -> ``RUS``); None for other codes."""
    text = str(code or "")
    return text[:3] if len(text) >= 3 and text[:3].isalpha() and text[:3].isupper() else None


def _country(r: dict[str, Any], side: str, short: str, gazetteer_codes: dict[str, str]) -> str | None:
    """ISO3 of an actor's country: the code of its ``dkg:country`` node (its own code for a country),
    else the gazetteer's code of that country's QID; None for an actor of no known country."""
    if r.get(f"{short}Country"):
        country, code = r[f"{short}Country"], r.get(f"{short}CountryCode")
    elif r.get(f"{short}IsCountry"):
        country, code = r.get(side), r.get(f"{short}Code")
    else:
        return None
    return _iso3(code) or gazetteer_codes.get(_qid(country) or "")


def _record(r: dict[str, Any], codes: dict[str, str]) -> dict[str, Any]:
    """One table row from one query row (names of :data:`EVENT_TABLE_DTYPES`)."""
    cameo = _local_name(r.get("code"), CAMEO)
    try:
        mode = cameo_info(cameo).plover_mode if cameo else None
    except KeyError:
        mode = None
    rec = {"event": r["event"], "event_date": r.get("date"), "date_precision": r.get("precision"),
           "date_source": r.get("dateSource"), "publication_date": r.get("published"),
           "relation": r.get("relation"), "cameo": cameo, "cameo_root": cameo[:2] if cameo else None,
           "quad_class": r.get("quad"), "goldstein": r.get("goldstein"),
           "plover_type": _local_name(r.get("plover"), PLOVER), "plover_mode": mode,
           "location": r.get("place"), "location_name": r.get("placeLabel"), "location_qid": _qid(r.get("place")),
           "location_lat": r.get("lat"), "location_lon": r.get("lon"), "location_source": r.get("placeSource"),
           "articles": r.get("articles"), "mentions": r.get("mentions"), "confidence": r.get("confidence"),
           "negated": r.get("negated"), "reported": r.get("reported"),
           "modality": r.get("modality") or "asserted", **_first_report(r.get("firstKey"))}
    for side, short in (("source", "src"), ("target", "tgt")):
        actor = r.get(side)
        rec.update({side: actor, f"{side}_label": r.get(f"{short}Label"), f"{side}_qid": _qid(actor),
                    f"{side}_code": r.get(f"{short}Code"), f"{side}_sector": r.get(f"{short}Sector"),
                    f"{side}_country": _country(r, side, short, codes) if actor else None})
    return rec


def _first_report(key: Any) -> dict[str, str | None]:
    """Sentence, article id and URL of an event's first report, from the query's ``?firstKey``
    (publication date, evidence IRI, URI-encoded article id and URL, sentence; space-separated).

    >>> _first_report("2016-11-14 urn:ev:1 seed%20a https%3A%2F%2Fx.org%2Fa Putin called Trump.")
    {'sentence': 'Putin called Trump.', 'article_id': 'seed a', 'url': 'https://x.org/a'}
    """
    parts = str(key or "").split(" ", 4)
    if len(parts) < 5:
        return {"sentence": None, "article_id": None, "url": None}
    return {"sentence": parts[4], "article_id": unquote(parts[2]), "url": unquote(parts[3]) or None}


def _typed(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The records as a DataFrame with the documented dtypes, sorted by date and event IRI."""
    pd = pandas_module()
    df = pd.DataFrame.from_records(records, columns=list(EVENT_TABLE_DTYPES))
    df["date"] = df["event_date"].map(_first_day, na_action="ignore")
    for col, dtype in EVENT_TABLE_DTYPES.items():
        if col in DATE_COLUMNS:
            df[col] = pd.to_datetime(df[col], errors="coerce", format="%Y-%m-%d").astype(dtype)
        else:
            df[col] = df[col].astype(dtype)
    df = df.sort_values(["date", "event"], kind="mergesort", na_position="last")
    return df.reset_index(drop=True)


def _first_day(text: str) -> str | None:
    """``"2016"`` -> ``"2016-01-01"``, ``"2016-11"`` -> ``"2016-11-01"``, a day as it is."""
    text = str(text)[:10]
    return {4: text + "-01-01", 7: text + "-01", 10: text}.get(len(text))


def events_table(store_or_graph: Any, *, date_from: str | None = None, date_to: str | None = None) -> pd.DataFrame:
    """One row per event of a store (folder, URL, opened store) or rdflib graph, columns and dtypes as
    in :data:`EVENT_TABLE_DTYPES`; ``date_from``/``date_to`` (``YYYY[-MM[-DD]]``) keep the events whose
    date overlaps the range (undated events only without a range).

    ``date`` is the event date's first day as datetime64 (its precision says whether it is a day,
    month or year), ``event_date`` the ISO text as stored at that precision.
    """
    pandas_module()
    source = as_queryable(store_or_graph)
    bindings = {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    rows = source.query(EVENT_TABLE_QUERY, bindings).rows
    codes = country_codes_by_qid()
    return _typed([_record(r, codes) for r in rows])


def write_events_table(df: pd.DataFrame, out: str | Path | Any, fmt: str) -> None:
    """Write the table as ``csv`` (UTF-8, ISO dates, empty cells for missing values) or ``parquet``
    (pyarrow; dtypes kept) to a path or a binary file object."""
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ModuleNotFoundError:
            raise SetupError("events-parquet needs pyarrow, part of the 'analysis' extra: "
                             "pip install 'diplokg[analysis]'") from None
        df.to_parquet(out, index=False)
    elif fmt == "csv":
        spreadsheet_safe(df).to_csv(out, index=False, encoding="utf-8", date_format="%Y-%m-%d")
    else:
        raise InputError(f"unknown event table format {fmt!r}; use csv or parquet")


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas: a cell starting with ``= + - @``, a tab
    or a carriage return (or the quote itself, so the escape reverses exactly) gets a leading ``'``,
    which spreadsheets read as "this is text"; :func:`read_events_table` takes it off again.

    >>> import pandas as pd
    >>> spreadsheet_safe(pd.DataFrame({"a": ["=HYPERLINK(1)", "Putin", "'x"]}))["a"].tolist()
    ["'=HYPERLINK(1)", 'Putin', "''x"]
    """
    out = df.copy()
    for col in _text_columns(out):
        out[col] = _retext(out[col], safe_cell)
    return out


def _retext(column: pd.Series, change: Any) -> pd.Series:
    """``column`` with ``change`` applied to its text cells, missing values and the dtype kept."""
    return column.map(lambda v: change(v) if isinstance(v, str) else v).astype(column.dtype)


def _text_columns(df: pd.DataFrame) -> list[str]:
    """The columns that hold text (string or object dtype), where a formula could hide."""
    return [c for c in df.columns if df[c].dtype == object or str(df[c].dtype).startswith("string")]


def read_events_table(path: str | Path) -> pd.DataFrame:
    """Read an event table written by :func:`write_events_table` back with the documented dtypes."""
    pd = pandas_module()
    path = Path(path)
    if path.suffix.lower() in (".parquet", ".pq"):
        df = pd.read_parquet(path)
    else:
        dtypes = {c: t for c, t in EVENT_TABLE_DTYPES.items() if c not in DATE_COLUMNS}
        df = pd.read_csv(path, dtype=dtypes, parse_dates=list(DATE_COLUMNS), keep_default_na=False,
                         na_values=[""])
        for col in _text_columns(df):               # undo spreadsheet_safe's leading quote
            df[col] = _retext(df[col], text_of_cell)
    for col in DATE_COLUMNS:
        df[col] = df[col].astype(EVENT_TABLE_DTYPES[col])
    return df
