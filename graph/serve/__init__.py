"""The read-only SPARQL endpoint (``diplokg serve``): an HTTP server over an embedded or remote
store (:mod:`.server`), query workers that can be stopped (:mod:`.backends`), the refusal of
updates and SERVICE read from the parsed query (:mod:`.guard`) plus a no-network sandbox for the
workers (:mod:`.sandbox`), content negotiation with row and byte caps (:mod:`.formats`) and the help
page (:mod:`.page`)."""
