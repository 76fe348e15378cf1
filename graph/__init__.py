"""The graph side, by job: :mod:`.rdf` turns events into RDF and keeps them in a store (mapping,
stores, bulk load, summaries, named and stepped SPARQL queries); :mod:`.serve` is the read-only
SPARQL endpoint over a store; :mod:`.network` builds, analyses and renders actor networks from the
event rows a query returns (plain dicts, no RDF)."""
