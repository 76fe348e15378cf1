"""The SPARQL behind count series (:mod:`diplokg.graph.series`): month summary nodes, else events.

Monthly series read the summary nodes (:mod:`diplokg.graph.summaries`): a dyad's month node holds
its event count, Goldstein sum and QuadClass counts, an actor's and a CAMEO code's month nodes their
event counts, so a series over a million events reads some ten thousand small nodes. Daily and
weekly series, and actor series of Goldstein or QuadClass, count the events themselves.

Every query returns the same columns: ``?k1`` (and ``?k2`` for dyads), flags ``?c1``/``?c2`` (1 when
the key is a country), ``?bucket`` (month ``YYYY-MM`` or day; unbound for an event dated too coarsely
or not at all, counted apart), ``?events``, ``?gsum`` and ``?q1``..``?q4`` (events per QuadClass).
"""
from __future__ import annotations

_QUADS = "(SUM(?n1) AS ?q1) (SUM(?n2) AS ?q2) (SUM(?n3) AS ?q3) (SUM(?n4) AS ?q4)"
_PROPERTY = "(SUM(IF(?p = dkg:{p}, ?v, 0)) AS ?{v})"
# One row per dyad month node with its numbers: every property of the node read by subject (?n ?p ?v)
# and picked apart by IF, not one OPTIONAL per property (Oxigraph evaluates an OPTIONAL's pattern on
# its own, over every node, before joining). The dyad comes first, so sources and targets given as
# one-variable VALUES blocks at the `# @sides` mark read only their own dyads (a two-variable block
# of pairs is joined after a scan of every dyad).
_DYAD_NODES = """{{
    SELECT ?s ?t ?n (MAX(IF(?p = dkg:month, STR(?v), "")) AS ?m) """ + " ".join(
    _PROPERTY.format(p=p, v=v) for p, v in (("eventCount", "count"), ("goldsteinSum", "g"),
                                            ("verbalCooperationCount", "n1"), ("materialCooperationCount", "n2"),
                                            ("verbalConflictCount", "n3"), ("materialConflictCount", "n4"))) + """
    WHERE {{
      # @sides
      ?dyad dkg:summarySource ?s ; dkg:summaryTarget ?t .
      ?n dkg:total ?dyad ; ?p ?v .
    }}
    GROUP BY ?s ?t ?n
  }}
  BIND(IF(REGEX(?m, "^[0-9]{{4}}-[0-9]{{2}}$"), ?m, ?none) AS ?bucket)"""
_DYAD_MONTH = _DYAD_NODES.format()
SIDES_MARK = "# @sides"

# dyads: one month node per (source, target, month) already; ?s/?t may be bound (VALUES) to filter
DYAD_MONTHS = f"""SELECT (?s AS ?k1) (?t AS ?k2) ?bucket (SUM(?count) AS ?events) (SUM(?g) AS ?gsum) {_QUADS}
WHERE {{
  {_DYAD_MONTH}
}}
GROUP BY ?s ?t ?bucket"""

# Country dyads from their month nodes (:mod:`.country_dyads`): keys and flags stored on each node, read by
# subject like the dyad months; a given country pair is bound as one-variable VALUES blocks of ?k1/?k2.
COUNTRY_DYAD_NODES = """SELECT ?k1 ?k2 (MAX(?f1) AS ?c1) (MAX(?f2) AS ?c2) ?bucket (SUM(?count) AS ?events)
       (SUM(?g) AS ?gsum) """ + _QUADS + """
WHERE {
  { SELECT ?k1 ?k2 ?n (MAX(IF(?p = dkg:month, STR(?v), "")) AS ?m)
           (MAX(IF(?p = dkg:sourceIsCountry && ?v, 1, 0)) AS ?f1) (MAX(IF(?p = dkg:targetIsCountry && ?v, 1, 0)) AS ?f2) """ + \
    " ".join(_PROPERTY.format(p=p, v=v) for p, v in (("eventCount", "count"), ("goldsteinSum", "g"),
                                                     ("verbalCooperationCount", "n1"), ("materialCooperationCount", "n2"),
                                                     ("verbalConflictCount", "n3"), ("materialConflictCount", "n4"))) + """
    WHERE {
      # @sides
      ?n dkg:countrySource ?k1 ; dkg:countryTarget ?k2 ; ?p ?v .
    }
    GROUP BY ?k1 ?k2 ?n
  }
  BIND(IF(REGEX(?m, "^[0-9]{4}-[0-9]{2}$"), ?m, ?none) AS ?bucket)
}
GROUP BY ?k1 ?k2 ?bucket"""

# The month nodes of one country pair (keys ?k1 -> given by the IRI prefixes ?p0..?p3, one per pair of
# flags): one index range and a string test, not a join of both sides (:func:`.series._pair_rows`).
COUNTRY_PAIR_NODES = """SELECT ?n WHERE {
  ?n dkg:countrySource ?k1 .
  FILTER(STRSTARTS(STR(?n), ?p0) || STRSTARTS(STR(?n), ?p1) || STRSTARTS(STR(?n), ?p2) || STRSTARTS(STR(?n), ?p3))
}"""

# A side's country: its dkg:country (of several, the first IRI: as the country-dyad month nodes count),
# a country itself, else the actor itself (unknown country).
_COUNTRY_OF = """OPTIONAL {{ SELECT ?{v} (MIN(STR(?{v}C0)) AS ?{v}First) WHERE {{ ?{v} dkg:country ?{v}C0 }} GROUP BY ?{v} }}
  BIND(IRI(?{v}First) AS ?{v}Country)
  OPTIONAL {{ ?{v} a dkg:Country BIND(true AS ?{v}IsCountry) }}
  BIND(COALESCE(?{v}Country, ?{v}) AS ?{k})
  BIND(IF(BOUND(?{v}Country) || BOUND(?{v}IsCountry), 1, 0) AS ?{k}IsCountry)"""
_COUNTRY_KEYS = _COUNTRY_OF.format(v="s", k="k1") + "\n  " + _COUNTRY_OF.format(v="t", k="k2")
COUNTRY_DYAD_MONTHS = f"""SELECT ?k1 ?k2 (MAX(?k1IsCountry) AS ?c1) (MAX(?k2IsCountry) AS ?c2) ?bucket
       (SUM(?count) AS ?events) (SUM(?g) AS ?gsum) {_QUADS}
WHERE {{
  {_DYAD_MONTH}
  {_COUNTRY_KEYS}
}}
GROUP BY ?k1 ?k2 ?bucket"""
# the actors a country key stands for: those of that country and the country itself (zero-length step)
COUNTRY_MEMBERS = "SELECT DISTINCT ?s WHERE { ?s dkg:country? ?key }"

ACTOR_MONTHS = """SELECT ?k1 ?bucket (SUM(?count) AS ?events)
WHERE {
  ?x dkg:summaryActor ?k1 .
  ?n dkg:total ?x ; a dkg:ActorMonth ; dkg:eventCount ?count .
  OPTIONAL { ?n dkg:month ?m }
  BIND(IF(REGEX(STR(?m), "^[0-9]{4}-[0-9]{2}$"), STR(?m), ?none) AS ?bucket)
}
GROUP BY ?k1 ?bucket"""

# per CAMEO code: Goldstein score and QuadClass are the code's (series.py adds them from the scheme)
CODE_MONTHS = """SELECT ?k1 ?bucket (SUM(?count) AS ?events)
WHERE {
  ?n a dkg:CodeMonth ; dkg:summaryCode ?k1 ; dkg:eventCount ?count .
  OPTIONAL { ?n dkg:month ?m }
  BIND(IF(REGEX(STR(?m), "^[0-9]{4}-[0-9]{2}$"), STR(?m), ?none) AS ?bucket)
}
GROUP BY ?k1 ?bucket"""

# From the events: ?len is 7 (months) or 10 (days); an event's date text shorter than that (a year,
# or a month for a daily series) leaves ?bucket unbound. ?from/?to compare at the date's precision.
_EVENT_CORE = """?e a dkg:DiplomaticEvent ; dkg:goldstein ?g ; dkg:quadClass ?q .
  {keys}
  OPTIONAL {{ ?e sem:hasTimeStamp ?d }}
  FILTER(!BOUND(?from) || (BOUND(?d) && STR(?d) >= SUBSTR(STR(?from), 1, STRLEN(STR(?d)))))
  FILTER(!BOUND(?to) || (BOUND(?d) && STR(?d) <= SUBSTR(STR(?to), 1, STRLEN(STR(?d)))))
  BIND(IF(STRLEN(STR(?d)) >= ?len, SUBSTR(STR(?d), 1, ?len), ?none) AS ?bucket)"""
_EVENT_AGGREGATES = """(COUNT(?e) AS ?events) (SUM(?g) AS ?gsum) (SUM(IF(?q = 1, 1, 0)) AS ?q1)
       (SUM(IF(?q = 2, 1, 0)) AS ?q2) (SUM(IF(?q = 3, 1, 0)) AS ?q3) (SUM(IF(?q = 4, 1, 0)) AS ?q4)"""

# by -> (grouping keys, extra projection, key pattern)
EVENT_KEYS = {
    "dyad": ("?k1 ?k2", "", "?e dkg:source ?k1 ; dkg:target ?k2 ."),
    # an actor's events as source or target, each event once per actor
    "actor": ("?k1", "", ("{ SELECT DISTINCT ?e ?k1 WHERE {\n    # @params\n"
                          "    { ?e dkg:source ?k1 } UNION { ?e dkg:target ?k1 } } }")),
    "root": ("?k1", "", "?e dkg:cameo ?k1 ."),
    # a given country pair is bound as ?fk1/?fk2 (?k1/?k2 are computed here)
    "country-dyad": ("?k1 ?k2", "(MAX(?k1IsCountry) AS ?c1) (MAX(?k2IsCountry) AS ?c2)",
                     "?e dkg:source ?s ; dkg:target ?t .\n  " + _COUNTRY_KEYS
                     + "\n  FILTER((!BOUND(?fk1) || ?k1 = ?fk1) && (!BOUND(?fk2) || ?k2 = ?fk2))"),
}


def events_query(by: str) -> str:
    """The series query over the events for ``by`` (parameters ``?len``, optional ``?from``/``?to``)."""
    group, extra, keys = EVENT_KEYS[by]
    return (f"SELECT {group} {extra} ?bucket {_EVENT_AGGREGATES}\nWHERE {{\n  # @params\n  "
            f"{_EVENT_CORE.format(keys=keys)}\n}}\nGROUP BY {group} ?bucket")


ACTOR_LABELS = """SELECT ?a ?label WHERE { ?a rdfs:label ?label FILTER(LANG(?label) = "en") }"""
# the codes of country nodes (a person's "USAGOV" must not make it a country)
ACTOR_CODES = """SELECT ?a ?code WHERE { ?a a dkg:Country ; dkg:actorCode ?code }"""
