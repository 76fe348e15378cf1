"""Actor networks from event rows (plain dicts as :func:`diplokg.graph.rdf.query.event_rows` yields
them; nothing here reads RDF or a store): filtering, aggregation into a networkx graph, ranking and
layout (:mod:`.build`), analysis with networkx and pandas (:mod:`.analysis`), and the
self-contained interactive HTML page and graph files written by ``diplokg render`` (:mod:`.render`)."""
