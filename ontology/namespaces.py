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

The named graphs of a store (``GRAPH`` + ``facts``, ``ontology``, ``summaries``, ``state``) and the
SPARQL prologue every store query starts with (:data:`SPARQL_PREFIXES`, :data:`PREFIX_BLOCK`) are
declared here too: this module is the one place an IRI of the project is written down.
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
    "GRAPH",
    "FACTS_GRAPH_IRI",
    "ONTOLOGY_GRAPH_IRI",
    "SUMMARY_GRAPH_IRI",
    "STATE_GRAPH_IRI",
    "RETRACTING_GRAPH_IRI",
    "SUMMARY_BASE",
    "LOAD_RECORD_BASE",
    "PREFIXES",
    "SPARQL_PREFIXES",
    "PREFIX_BLOCK",
    "RDF",
    "RDFS",
    "XSD",
    "SKOS",
    "PROV",
    "OWL",
    "DCTERMS",
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

#: Named graphs of a store: the shared facts, the ontology and schemes, the derived summaries, the
#: store's own bookkeeping (never exported) and the scratch graph of a retraction.
GRAPH = "https://w3id.org/diplokg/graph/"
FACTS_GRAPH_IRI = GRAPH + "facts"
ONTOLOGY_GRAPH_IRI = GRAPH + "ontology"
SUMMARY_GRAPH_IRI = GRAPH + "summaries"
STATE_GRAPH_IRI = GRAPH + "state"
RETRACTING_GRAPH_IRI = GRAPH + "retracting"

#: Summary nodes (dyad, actor and CAMEO-code months) are minted under this base.
SUMMARY_BASE = str(DKGR) + "summary/"
#: The records of files being bulk-loaded (in the state graph) are named under this base.
LOAD_RECORD_BASE = "urn:diplokg:load:"

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

#: Prefix -> namespace IRI declared before every query a store runs and used when it serialises.
SPARQL_PREFIXES: dict[str, str] = {
    name: str(PREFIXES[name])
    for name in ("dkg", "dkgr", "dkgrel", "cameo", "plover", "sem", "schema", "prov", "skos", "rdfs", "rdf",
                 "xsd", "owl", "wd", "geo")
}
#: The SPARQL prologue declaring :data:`SPARQL_PREFIXES`.
PREFIX_BLOCK = "".join(f"PREFIX {k}: <{v}>\n" for k, v in SPARQL_PREFIXES.items())


def bind_prefixes(graph: Graph) -> Graph:
    """Bind all diplokg prefixes (see :data:`PREFIXES`) on *graph* and return it.

    Existing bindings for the same prefix or namespace are replaced, so serialisations
    always use ``dkg:``, ``cameo:``, ``schema:`` ... as documented.
    """
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
