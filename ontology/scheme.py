"""CAMEO and PLOVER concept schemes, relation properties and SHACL shapes of diplokg.

The data ships with the package (``cameo.tsv``, ``plover.tsv``, ``diplokg.ttl``,
``shapes.ttl`` next to this module) and is read with :mod:`importlib.resources`, so
the module works from a source tree, a wheel or a zip file.

Typical use::

    from diplokg.ontology import scheme

    scheme.cameo_info("036").goldstein          # 4.0
    scheme.cameo_root("0311")                   # "03"
    scheme.relation_property_iri("offer dialogue")
    # URIRef('https://w3id.org/diplokg/relation/offerDialogue')
    g = scheme.scheme_graph()                   # ontology + schemes + relation hierarchy
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from .namespaces import CAMEO, DKG, DKGREL, ONTOLOGY_IRI, PLOVER, bind_prefixes
from ..core.errors import InputError

__all__ = [
    "CameoCode",
    "PloverConcept",
    "Triple",
    "load_cameo",
    "load_plover",
    "cameo_info",
    "cameo_root",
    "cameo_iri",
    "cameo_relation_iri",
    "plover_iri",
    "scheme_graph",
    "shapes_graph",
    "relation_property_iri",
    "relation_property_triples",
]

#: An RDF triple as produced by :func:`relation_property_triples`.
Triple = tuple[URIRef, URIRef, URIRef | Literal]

_CAMEO_FILE = "cameo.tsv"
_PLOVER_FILE = "plover.tsv"
_ONTOLOGY_FILE = "diplokg.ttl"
_SHAPES_FILE = "shapes.ttl"

_CAMEO_HEADER = ["code", "label", "goldstein", "quad_class", "plover_type", "plover_mode"]
_PLOVER_HEADER = ["type", "mode", "label", "quad_class", "score"]
_CODE_RE = re.compile(r"\d{2,4}")


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO 1.1b3 event code.

    Attributes:
        code: the code as a string with leading zeros, e.g. ``"036"``.
        label: short English label (diplokg wording), e.g. ``"offer to meet or negotiate"``.
        goldstein: Goldstein conflict-cooperation weight, -10.0 .. +10.0.
        quad_class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
            4 material conflict.
        root: the 2-digit root code, e.g. ``"03"`` (a root's root is itself).
        parent: the next broader code: the root for 3-digit codes (``"03"`` for
            ``"036"``), the 3-digit base for 4-digit codes (``"031"`` for ``"0311"``),
            ``None`` for roots.
        plover_type: PLOVER event type, e.g. ``"AGREE"``, or ``None`` if unmapped.
        plover_mode: PLOVER mode within that type, e.g. ``"phone"``, or ``None``.
    """

    code: str
    label: str
    goldstein: float
    quad_class: int
    root: str
    parent: str | None
    plover_type: str | None
    plover_mode: str | None

    @property
    def is_root(self) -> bool:
        """True for the 20 two-digit root codes."""
        return self.parent is None

    @property
    def iri(self) -> URIRef:
        """The SKOS concept IRI, e.g. ``cameo:036``."""
        return CAMEO[self.code]

    @property
    def relation_iri(self) -> URIRef:
        """The relation property IRI, e.g. ``dkgrel:cameo036``."""
        return DKGREL["cameo" + self.code]


@dataclass(frozen=True)
class PloverConcept:
    """One PLOVER event type (``mode is None``) or one mode of a type.

    Attributes:
        type: PLOVER event type, e.g. ``"CONSULT"``.
        mode: mode name, e.g. ``"phone"``, or ``None`` for the type itself.
        label: short English label (diplokg wording).
        quad_class: PLOVER quad class of the type (1..4).
        score: PLOVER conflict-cooperation score, or ``None`` where PLOVER gives none.
    """

    type: str
    mode: str | None
    label: str
    quad_class: int
    score: float | None

    @property
    def local_name(self) -> str:
        """Local name in the ``plover:`` namespace: ``"CONSULT"`` or ``"CONSULT-phone"``."""
        return self.type if self.mode is None else f"{self.type}-{self.mode}"

    @property
    def iri(self) -> URIRef:
        """The SKOS concept IRI, e.g. ``plover:CONSULT-phone``."""
        return PLOVER[self.local_name]


# ---------------------------------------------------------------------------------
# Reading the shipped tables
# ---------------------------------------------------------------------------------


def _resource_text(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def _read_tsv(name: str, header: list[str]) -> list[dict[str, str]]:
    lines = [
        line
        for line in _resource_text(name).splitlines()
        if line.strip() and not line.startswith("#")
    ]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    found = next(reader, None)
    if found != header:
        raise InputError(f"{name}: expected header {header}, found {found}")
    rows = []
    for lineno, row in enumerate(reader, start=2):
        if len(row) != len(header):
            raise InputError(
                f"{name}: data row {lineno} has {len(row)} fields, expected {len(header)}"
            )
        rows.append({key: value.strip() for key, value in zip(header, row)})
    return rows


@cache
def _plover_table() -> dict[str, PloverConcept]:
    table: dict[str, PloverConcept] = {}
    for row in _read_tsv(_PLOVER_FILE, _PLOVER_HEADER):
        concept = PloverConcept(
            type=row["type"],
            mode=row["mode"] or None,
            label=row["label"],
            quad_class=int(row["quad_class"]),
            score=float(row["score"]) if row["score"] else None,
        )
        if concept.local_name in table:
            raise InputError(f"{_PLOVER_FILE}: duplicate entry {concept.local_name}")
        if concept.mode is not None and concept.type not in table:
            raise InputError(f"{_PLOVER_FILE}: mode {concept.local_name} listed before its type")
        table[concept.local_name] = concept
    return table


@cache
def _cameo_table() -> dict[str, CameoCode]:
    plover = _plover_table()
    table: dict[str, CameoCode] = {}
    for row in _read_tsv(_CAMEO_FILE, _CAMEO_HEADER):
        code = row["code"]
        if not _CODE_RE.fullmatch(code):
            raise InputError(f"{_CAMEO_FILE}: malformed code {code!r}")
        # roots have no parent; 3-digit codes hang under their root, 4-digit codes under
        # their 3-digit base code
        parent = {2: None, 3: code[:2], 4: code[:3]}[len(code)]
        if parent is not None and parent not in table:
            raise InputError(f"{_CAMEO_FILE}: code {code} listed before its parent {parent}")
        ptype = row["plover_type"] or None
        pmode = row["plover_mode"] or None
        if ptype is not None and ptype not in plover:
            raise InputError(f"{_CAMEO_FILE}: code {code} has unknown PLOVER type {ptype}")
        if pmode is not None and f"{ptype}-{pmode}" not in plover:
            raise InputError(f"{_CAMEO_FILE}: code {code} has unknown PLOVER mode {ptype}/{pmode}")
        table[code] = CameoCode(
            code=code,
            label=row["label"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            root=code[:2],
            parent=parent,
            plover_type=ptype,
            plover_mode=pmode,
        )
    return table


# ---------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------


def load_cameo() -> dict[str, CameoCode]:
    """Return all 311 CAMEO 1.1b3 codes, keyed by code string, in hierarchical order.

    The table is parsed once and cached; each call returns a new ``dict`` (the
    :class:`CameoCode` values are immutable and shared).
    """
    return dict(_cameo_table())


def load_plover() -> dict[str, PloverConcept]:
    """Return the 16 PLOVER event types and their modes, keyed by local name.

    Keys are ``"CONSULT"`` for a type and ``"CONSULT-phone"`` for a mode. Parsed once
    and cached; each call returns a new ``dict``.
    """
    return dict(_plover_table())


def cameo_info(code: str) -> CameoCode:
    """Return the :class:`CameoCode` for *code* (e.g. ``"036"``; surrounding blanks ignored).

    Raises:
        KeyError: if *code* is not one of the 311 CAMEO 1.1b3 codes.
        TypeError: if *code* is not a string (codes need their leading zeros).
    """
    if not isinstance(code, str):
        raise TypeError(
            f"CAMEO code must be a string with leading zeros such as '036', got {code!r}"
        )
    try:
        return _cameo_table()[code.strip()]
    except KeyError:
        raise KeyError(
            f"unknown CAMEO code {code!r}: expected one of the 311 CAMEO 1.1b3 codes "
            "(2-4 digits with leading zeros, e.g. '03', '036', '0311')"
        ) from None


def cameo_root(code: str) -> str:
    """Return the 2-digit root of a CAMEO code (``"0361"``-style codes included).

    ``cameo_root("036") == "03"``; a root is its own root. Raises :class:`KeyError`
    for unknown codes (see :func:`cameo_info`).
    """
    return cameo_info(code).root


def cameo_iri(code: str) -> URIRef:
    """Return the concept IRI of a CAMEO code, e.g. ``cameo:036``; KeyError if unknown."""
    return cameo_info(code).iri


def cameo_relation_iri(code: str) -> URIRef:
    """Return the relation property of a CAMEO code (``dkgrel:cameo036``); KeyError if unknown."""
    return cameo_info(code).relation_iri


def plover_iri(plover_type: str, mode: str | None = None) -> URIRef:
    """Return the concept IRI of a PLOVER type or mode.

    ``plover_iri("AGREE")`` is ``plover:AGREE``, ``plover_iri("CONSULT", "phone")`` is
    ``plover:CONSULT-phone``.

    Raises:
        KeyError: if the type or the type/mode pair is not in the PLOVER table.
    """
    name = plover_type if not mode else f"{plover_type}-{mode}"
    try:
        return _plover_table()[name].iri
    except KeyError:
        raise KeyError(f"unknown PLOVER type or mode {name!r}") from None


# ---------------------------------------------------------------------------------
# Relation properties
# ---------------------------------------------------------------------------------

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)
_RESERVED_NAME = re.compile(r"cameo\d+")


def relation_property_iri(label: str) -> URIRef:
    """Map a relation label to its ``dkgrel:`` property IRI (camelCase, ASCII only).

    ``"offer dialogue"`` becomes ``dkgrel:offerDialogue``. The mapping is deterministic:
    German umlauts and ß are transliterated (``ä`` -> ``ae``, ``ß`` -> ``ss``), other
    accents are dropped, every run of characters other than ASCII letters and digits
    separates words, the first word is lower-cased and the others capitalised
    (``"offer EU membership"`` -> ``offerEuMembership``). Names that would start with a
    digit or collide with the CAMEO code properties (``cameo036``) get the prefix ``rel``
    (``"5 point plan"`` -> ``rel5PointPlan``, ``"cameo 036"`` -> ``relCameo036``).

    Raises:
        ValueError: if the label contains no letter or digit.
        TypeError: if *label* is not a string.
    """
    if not isinstance(label, str):
        raise TypeError(f"relation label must be a string, got {label!r}")
    text = unicodedata.normalize("NFC", label).translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = [word.lower() for word in re.findall(r"[A-Za-z0-9]+", text)]
    if not words:
        raise ValueError(f"relation label {label!r} contains no letters or digits")
    name = words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])
    if name[0].isdigit() or _RESERVED_NAME.fullmatch(name):
        name = "rel" + name[:1].upper() + name[1:]
    return DKGREL[name]


def relation_property_triples(label: str, cameo_code: str, *, lang: str = "en") -> list[Triple]:
    """Declare the relation property for *label* under the property of *cameo_code*.

    Returns three triples::

        dkgrel:offerDialogue a owl:ObjectProperty ;
            rdfs:label "offer dialogue"@en ;
            rdfs:subPropertyOf dkgrel:cameo036 .

    so that ``?s dkgrel:offerDialogue ?o`` entails ``?s dkgrel:cameo036 ?o``,
    ``?s dkgrel:cameo03 ?o`` and ``?s dkg:interactsWith ?o`` under RDFS reasoning.
    Whitespace in the label is normalised to single blanks.

    Raises:
        KeyError: for an unknown CAMEO code.
        ValueError: for a label without letters or digits.
    """
    info = cameo_info(cameo_code)
    iri = relation_property_iri(label)
    return [
        (iri, RDF.type, OWL.ObjectProperty),
        (iri, RDFS.label, Literal(" ".join(label.split()), lang=lang)),
        (iri, RDFS.subPropertyOf, info.relation_iri),
    ]


# ---------------------------------------------------------------------------------
# Graphs
# ---------------------------------------------------------------------------------


def _copy(graph: Graph) -> Graph:
    out = bind_prefixes(Graph())
    out += graph
    return out


def _add_scheme(g: Graph, scheme: URIRef, labels: tuple[str, str], version: str) -> URIRef:
    """A SKOS concept scheme with its English and German labels and version; returns the scheme."""
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal(labels[0], lang="en")))
    g.add((scheme, SKOS.prefLabel, Literal(labels[1], lang="de")))
    g.add((scheme, OWL.versionInfo, Literal(version)))
    return scheme


def _add_concept(g: Graph, scheme: URIRef, node: URIRef, notation: str, label: str, quad_class: int,
                 parent: URIRef | None) -> None:
    """One SKOS concept of ``scheme`` with its notation, English label and QuadClass, placed under
    ``parent`` (or at the top of the scheme when there is none)."""
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, scheme))
    g.add((node, SKOS.notation, Literal(notation)))
    g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
    g.add((node, DKG.quadClass, Literal(quad_class)))
    if parent is None:
        g.add((node, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, node))
    else:
        g.add((node, SKOS.broader, parent))
        g.add((parent, SKOS.narrower, node))


def _add_cameo(g: Graph) -> None:
    scheme = _add_scheme(g, CAMEO["scheme"], ("CAMEO event codes", "CAMEO-Ereigniscodes"), "1.1b3")
    g.add((
        scheme,
        DCTERMS.description,
        Literal(
            "The 311 event codes of CAMEO 1.1b3 (Conflict and Mediation Event Observations) "
            "with Goldstein scores, quad classes and PLOVER correspondences; labels in "
            "diplokg's own wording.",
            lang="en",
        ),
    ))
    for info in _cameo_table().values():
        node = info.iri
        parent = None if info.parent is None else CAMEO[info.parent]
        _add_concept(g, scheme, node, info.code, info.label, info.quad_class, parent)
        g.add((node, DKG.goldstein, Literal(Decimal(str(info.goldstein)))))
        if info.plover_type is not None:
            g.add((node, DKG.ploverType, PLOVER[info.plover_type]))
            if info.plover_mode is not None:
                g.add((node, DKG.ploverMode, PLOVER[f"{info.plover_type}-{info.plover_mode}"]))

        prop = info.relation_iri
        g.add((prop, RDF.type, OWL.ObjectProperty))
        g.add((prop, RDFS.label, Literal(info.label, lang="en")))
        g.add((prop, RDFS.seeAlso, node))
        parent_prop = DKG.interactsWith if info.parent is None else DKGREL["cameo" + info.parent]
        g.add((prop, RDFS.subPropertyOf, parent_prop))


def _add_plover(g: Graph) -> None:
    scheme = _add_scheme(g, PLOVER["scheme"], ("PLOVER event types and modes", "PLOVER-Ereignistypen und -Modi"),
                         "Draft 0.8")
    for concept in _plover_table().values():
        node = concept.iri
        parent = None if concept.mode is None else PLOVER[concept.type]
        _add_concept(g, scheme, node, concept.local_name, concept.label, concept.quad_class, parent)
        if concept.score is not None:
            g.add((node, DKG.ploverScore, Literal(Decimal(str(concept.score)))))


@cache
def _scheme_graph() -> Graph:
    g = bind_prefixes(Graph())
    g.parse(data=_resource_text(_ONTOLOGY_FILE), format="turtle", publicID=ONTOLOGY_IRI)
    _add_cameo(g)
    _add_plover(g)
    return g


@cache
def _shapes_graph() -> Graph:
    g = bind_prefixes(Graph())
    g.parse(data=_resource_text(_SHAPES_FILE), format="turtle")
    return g


def scheme_graph(*, copy: bool = True) -> Graph:
    """Return the diplokg ontology together with the CAMEO and PLOVER concept schemes.

    Contents:

    * the parsed ``diplokg.ttl`` (classes and properties);
    * ``cameo:scheme`` with one ``skos:Concept`` per CAMEO code (``skos:prefLabel`` @en,
      ``skos:notation``, ``skos:broader`` to the parent code, ``skos:topConceptOf`` for
      roots, ``dkg:goldstein``, ``dkg:quadClass``, ``dkg:ploverType``/``dkg:ploverMode``);
    * ``plover:scheme`` with the PLOVER types (top concepts) and modes (``skos:broader``
      their type), ``dkg:quadClass`` and ``dkg:ploverScore``;
    * the relation hierarchy ``dkgrel:cameoNNNN rdfs:subPropertyOf dkgrel:cameoNNN``,
      ``dkgrel:cameoNNN rdfs:subPropertyOf dkgrel:cameoNN``,
      ``dkgrel:cameoNN rdfs:subPropertyOf dkg:interactsWith``.

    The graph (about 5,200 triples) is built once and cached. By default every call
    returns a fresh copy, so callers may add data to it (e.g. to validate with SHACL)
    without affecting later calls; ``copy=False`` returns the shared cached graph
    (saves ~0.1 s per call), which callers must then treat as read-only.
    """
    return _copy(_scheme_graph()) if copy else _scheme_graph()


def shapes_graph(*, copy: bool = True) -> Graph:
    """Return the SHACL shapes (``shapes.ttl``) as a graph.

    Parsed once and cached; every call returns a fresh copy unless ``copy=False`` (shared,
    read-only by convention). Validate data merged with :func:`scheme_graph`, e.g.
    ``pyshacl.validate(data + scheme_graph(copy=False), shacl_graph=shapes_graph())``,
    so that the CAMEO/PLOVER membership checks can see the concepts (pyshacl's
    ``ont_graph`` does not carry the ``skos:inScheme`` statements over).
    """
    return _copy(_shapes_graph()) if copy else _shapes_graph()
