"""The bottom layer of diplokg: what every other package may import and which imports nothing of ours.

It holds the error hierarchy (:mod:`diplokg.core.errors`, the exceptions the command line turns into
one-line messages) and the records passed between the stages (:mod:`diplokg.core.records`: articles,
actors, events and the slugs that name them). ``ontology`` builds on it, ``extractors`` and ``graph`` on
both, and the application (``diplokg``: CLI, ingest, pipeline) on everything.
"""
