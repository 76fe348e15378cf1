"""Actor networks from event rows (plain dicts as :func:`diplokg.graph.rdf.query.event_rows` yields
them; nothing here reads RDF or a store): filtering, aggregation into a networkx graph, ranking and
layout (:mod:`.build`), the country and sector level (:mod:`.levels`), analysis with networkx and pandas
(:mod:`.analysis`; its ``events_frame`` and ``count_series`` also take a store, handing it to
:mod:`diplokg.graph.rdf.event_table` and :mod:`diplokg.graph.rdf.series`), GEXF/GraphML files
(:mod:`.graph_files`, dynamic GEXF times from :mod:`.gexf_time`), and the self-contained interactive HTML page
of ``diplokg render`` (:mod:`.render`, with its HTML, CSS and JS as real files in ``templates/``, inlined at
build time)."""
