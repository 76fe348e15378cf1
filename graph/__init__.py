"""The graph side: events -> RDF quads (:mod:`.mapping`), stores (:mod:`.store`),
named SPARQL queries (:mod:`.query`), networks (:mod:`.network`, :mod:`.render`)
and analysis (:mod:`.analysis`)."""
