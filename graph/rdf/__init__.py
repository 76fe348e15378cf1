"""The RDF graph: events -> quads (:mod:`.mapping`), the embedded or remote store that holds them
(:mod:`.store`, opened by :mod:`.opening` under the :mod:`.locking` rules, resumable writes in
:mod:`.pending`), bulk load of exported files (:mod:`.bulk`), the month summaries and totals kept
next to the facts (:mod:`.summaries`, :mod:`.summary_delta`, :mod:`.totals`), and reading it back:
named queries in ``queries/*.rq`` with typed parameters (:mod:`.query`, :mod:`.params`,
:mod:`.actor_names`), stepped queries (:mod:`.steps`), the summary preselection of a filtered
render and the check of its filters against the store (:mod:`.preselect`, :mod:`.render_filters`),
reads under a time limit (:mod:`.deadline`), and the analyst's flat views: the event table
(:mod:`.event_table`) and count series (:mod:`.series`, :mod:`.series_queries`, :mod:`.series_keys`) of a
store or an rdflib graph (:mod:`.sources`). Shared pyoxigraph terms live in :mod:`.terms`; every IRI they
stand for is written once, in :mod:`diplokg.ontology.namespaces`. Everything here speaks SPARQL or quads."""
