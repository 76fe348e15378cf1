"""The project's own ontology and data: OWL model, CAMEO/PLOVER scheme, SHACL shapes,
actor gazetteer and event lexicons, with their loaders."""
