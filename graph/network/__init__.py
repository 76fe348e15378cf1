"""Actor networks from event rows (plain dicts as :func:`diplokg.graph.rdf.query.event_rows` yields
them; nothing here reads RDF or a store): filtering, aggregation into a networkx graph, ranking and
layout (:mod:`.build`), analysis with networkx and pandas (:mod:`.analysis`), GEXF/GraphML files
(:mod:`.graph_files`), and the self-contained interactive HTML page of ``diplokg render``
(:mod:`.render`, with its HTML, CSS and JS as real files in ``templates/``, inlined at build time)."""
