"""Namespace constants of the diplokg vocabularies.

All IRIs the project mints live under ``https://w3id.org/diplokg/``:

* ``DKG``    -- classes and properties of the diplokg ontology (``diplokg.ttl``)
* ``CAMEO``  -- SKOS concepts for CAMEO codes (local name = the code, e.g. ``cameo:036``)
* ``PLOVER`` -- SKOS concepts for PLOVER event types and modes (``plover:CONSULT``,
  ``plover:CONSULT-phone``)
* ``DKGREL`` -- relation properties (``dkgrel:cameo036``, ``dkgrel:offerDialogue``)
* ``DKGR``   -- resources (events, evidence, articles, actors, runs)
* ``DKGSH``  -- SHACL shapes (``shapes.ttl``)

and ``GEO``, the W3C Basic Geo (WGS84) vocabulary of place coordinates.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

__all__ = [
    "DKG",
    "CAMEO",
    "PLOVER",
    "DKGREL",
    "DKGR",
    "DKGSH",
    "SEM",
    "SCHEMA",
    "WD",
    "GEO",
    "ONTOLOGY_IRI",
    "PREFIXES",
    "bind_prefixes",
]

DKG = Namespace("https://w3id.org/diplokg/ontology#")
CAMEO = Namespace("https://w3id.org/diplokg/cameo/")
PLOVER = Namespace("https://w3id.org/diplokg/plover/")
DKGREL = Namespace("https://w3id.org/diplokg/relation/")
DKGR = Namespace("https://w3id.org/diplokg/resource/")
DKGSH = Namespace("https://w3id.org/diplokg/shapes#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

#: IRI of the ontology document itself (the ``owl:Ontology`` node).
ONTOLOGY_IRI = "https://w3id.org/diplokg/ontology"

#: Prefix -> namespace for every vocabulary used in diplokg graphs.
PREFIXES: dict[str, Namespace] = {
    "dkg": DKG,
    "cameo": CAMEO,
    "plover": PLOVER,
    "dkgrel": DKGREL,
    "dkgr": DKGR,
    "dkgsh": DKGSH,
    "sem": SEM,
    "schema": SCHEMA,
    "wd": WD,
    "geo": GEO,
    "prov": Namespace(str(PROV)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "sh": Namespace(str(SH)),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind all diplokg prefixes (see :data:`PREFIXES`) on *graph* and return it.

    Existing bindings for the same prefix or namespace are replaced, so serialisations
    always use ``dkg:``, ``cameo:``, ``schema:`` ... as documented.
    """
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
