"""The read-only SPARQL endpoint (``diplokg serve``): an HTTP server over an embedded or remote
store (:mod:`.server`), query workers that can be stopped (:mod:`.backends`), the refusal of
updates and SERVICE read from the parsed query (:mod:`.guard`) plus a no-network sandbox for the
workers (:mod:`.sandbox`), content negotiation with row and byte caps (:mod:`.formats`) and the help
page (:mod:`.page`).

Why our own server rather than ``oxigraph serve-read-only --union-default-graph``: that server runs
SERVICE (it fetches any URL a query names), has no row or byte cap, and its timeout cuts a streamed
answer after the ``200`` header went out (a broken body); it also lacks the predeclared prefixes and
the ``format=``/``Accept`` negotiation SPARQLWrapper and rdflib clients rely on. Ours stops a query
past its timeout with ``504``, caps rows and bytes with a valid truncated document, refuses SERVICE
and updates from the parsed query, and sends no CORS header unless ``--cors`` asks for one (details
and measurements in :mod:`.server`).
"""
