"""Tests for diplokg.ontology.scheme: CAMEO/PLOVER tables, SKOS schemes, relation
hierarchy, ontology labels and SHACL shapes."""

from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, SKOS

from diplokg.ontology import scheme
from diplokg.ontology.namespaces import CAMEO, DKG, DKGR, DKGREL, PLOVER, SCHEMA, SEM, WD

# plain Namespace: pytest's collection probes module attributes, which makes rdflib's
# closed XSD namespace warn about unknown names
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


# ---------------------------------------------------------------------------------
# CAMEO table
# ---------------------------------------------------------------------------------


def test_cameo_has_311_codes_and_20_roots():
    codes = scheme.load_cameo()
    assert len(codes) == 311
    roots = [c for c in codes.values() if c.is_root]
    assert [c.code for c in roots] == [f"{i:02d}" for i in range(1, 21)]


def test_every_non_root_has_a_parent_chain_to_its_root():
    codes = scheme.load_cameo()
    for info in codes.values():
        seen = info
        for _ in range(3):
            if seen.parent is None:
                break
            assert seen.parent in codes, f"{seen.code}: parent {seen.parent} missing"
            assert info.code.startswith(seen.parent)
            seen = codes[seen.parent]
        assert seen.is_root
        assert seen.code == info.root == scheme.cameo_root(info.code)


def test_quad_class_follows_root():
    for info in scheme.load_cameo().values():
        root = int(info.root)
        expected = 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4
        assert info.quad_class == expected, info.code
        assert -10.0 <= info.goldstein <= 10.0


def test_goldstein_scores():
    assert scheme.cameo_info("036").goldstein == 4.0
    assert scheme.cameo_info("192").goldstein == -9.5
    assert scheme.cameo_info("0874").goldstein == 10.0
    assert scheme.cameo_info("03").goldstein == 4.0


def test_plover_correspondence():
    info = scheme.cameo_info("036")
    assert info.plover_type == "AGREE"
    assert info.plover_mode is None
    phone = scheme.cameo_info("041")
    assert (phone.plover_type, phone.plover_mode) == ("CONSULT", "phone")
    assert scheme.cameo_info("192").plover_type == "COERCE"
    assert scheme.cameo_info("010").plover_type is None  # 01x is not mapped by PLOVER
    plover = scheme.load_plover()
    for info in scheme.load_cameo().values():
        if info.plover_type:
            assert info.plover_type in plover
        if info.plover_mode:
            assert f"{info.plover_type}-{info.plover_mode}" in plover


def test_labels_are_short_lowercase_phrases():
    for info in scheme.load_cameo().values():
        assert info.label and info.label == info.label.strip()
        assert info.label[0].islower(), info.code
        assert len(info.label) <= 60, info.code


def test_unknown_code_raises_clear_key_error():
    with pytest.raises(KeyError, match="unknown CAMEO code '999'"):
        scheme.cameo_info("999")
    with pytest.raises(KeyError):
        scheme.cameo_root("0361")
    with pytest.raises(TypeError):
        scheme.cameo_info(36)  # type: ignore[arg-type]


def test_load_cameo_returns_independent_dicts():
    first = scheme.load_cameo()
    first.clear()
    assert len(scheme.load_cameo()) == 311


def test_plover_table():
    plover = scheme.load_plover()
    types = [p for p in plover.values() if p.mode is None]
    assert len(types) == 16
    assert plover["CONSULT-phone"].score == 1.5
    assert plover["ASSAULT"].quad_class == 4
    assert scheme.plover_iri("CONSULT", "phone") == PLOVER["CONSULT-phone"]
    with pytest.raises(KeyError):
        scheme.plover_iri("CONSULT", "carrier-pigeon")


# ---------------------------------------------------------------------------------
# SKOS schemes and relation hierarchy
# ---------------------------------------------------------------------------------

PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX cameo: <https://w3id.org/diplokg/cameo/>
PREFIX plover: <https://w3id.org/diplokg/plover/>
PREFIX dkgrel: <https://w3id.org/diplokg/relation/>
PREFIX dkg: <https://w3id.org/diplokg/ontology#>
"""


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return scheme.scheme_graph()


def test_sparql_broader_star_reaches_root(schemes):
    assert schemes.query(PREFIXES + "ASK { cameo:036 skos:broader* cameo:03 }").askAnswer
    assert schemes.query(PREFIXES + "ASK { cameo:0311 skos:broader+ cameo:03 }").askAnswer
    assert not schemes.query(PREFIXES + "ASK { cameo:036 skos:broader* cameo:04 }").askAnswer


def test_every_cameo_concept_reaches_a_top_concept(schemes):
    rows = schemes.query(
        PREFIXES
        + """
        SELECT ?c WHERE {
            ?c skos:inScheme cameo:scheme .
            FILTER NOT EXISTS { ?c skos:broader* ?top . ?top skos:topConceptOf cameo:scheme }
        }"""
    )
    assert list(rows) == []
    concepts = set(schemes.subjects(SKOS.inScheme, CAMEO["scheme"]))
    assert len(concepts) == 311
    assert len(set(schemes.objects(CAMEO["scheme"], SKOS.hasTopConcept))) == 20


def test_cameo_concept_content(schemes):
    c = CAMEO["036"]
    assert (c, RDF.type, SKOS.Concept) in schemes
    assert schemes.value(c, SKOS.notation) == Literal("036")
    assert schemes.value(c, SKOS.prefLabel).language == "en"
    assert schemes.value(c, DKG.goldstein) == Literal(Decimal("4.0"))
    assert schemes.value(c, DKG.goldstein).datatype == XSD.decimal
    assert schemes.value(c, DKG.quadClass) == Literal(1)
    assert schemes.value(c, DKG.ploverType) == PLOVER["AGREE"]
    assert schemes.value(CAMEO["041"], DKG.ploverMode) == PLOVER["CONSULT-phone"]
    assert (PLOVER["CONSULT-phone"], SKOS.broader, PLOVER["CONSULT"]) in schemes
    assert (PLOVER["CONSULT"], SKOS.inScheme, PLOVER["scheme"]) in schemes


def test_relation_property_hierarchy(schemes):
    assert (DKGREL["cameo036"], RDFS.subPropertyOf, DKGREL["cameo03"]) in schemes
    assert (DKGREL["cameo0311"], RDFS.subPropertyOf, DKGREL["cameo031"]) in schemes
    assert (DKGREL["cameo03"], RDFS.subPropertyOf, DKG.interactsWith) in schemes
    ask = PREFIXES + "ASK { dkgrel:cameo2042 rdfs:subPropertyOf+ dkg:interactsWith }"
    assert schemes.query(ask).askAnswer
    props = set(schemes.subjects(RDFS.subPropertyOf, None))
    assert {DKGREL["cameo" + code] for code in scheme.load_cameo()} <= props


def test_scheme_graph_is_a_fresh_copy():
    g = scheme.scheme_graph()
    n = len(g)
    g.add((DKGR["x"], RDF.type, DKG.DiplomaticEvent))
    assert len(scheme.scheme_graph()) == n
    assert scheme.scheme_graph(copy=False) is scheme.scheme_graph(copy=False)


# ---------------------------------------------------------------------------------
# Relation properties from lexicon labels
# ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "local"),
    [
        ("offer dialogue", "offerDialogue"),
        ("Offer  Dialogue", "offerDialogue"),
        ("offer EU membership", "offerEuMembership"),
        ("Gespräch anbieten", "gespraechAnbieten"),
        ("Maßnahmen ergreifen", "massnahmenErgreifen"),
        ("condemn (strongly)", "condemnStrongly"),
        ("5 point plan", "rel5PointPlan"),
        ("cameo 036", "relCameo036"),
    ],
)
def test_relation_property_iri(label, local):
    assert scheme.relation_property_iri(label) == DKGREL[local]


def test_relation_property_iri_rejects_empty_label():
    with pytest.raises(ValueError):
        scheme.relation_property_iri(" -- ")


def test_relation_property_triples():
    triples = scheme.relation_property_triples("offer dialogue", "036")
    iri = DKGREL["offerDialogue"]
    assert set(triples) == {
        (iri, RDF.type, OWL.ObjectProperty),
        (iri, RDFS.label, Literal("offer dialogue", lang="en")),
        (iri, RDFS.subPropertyOf, DKGREL["cameo036"]),
    }
    g = scheme.scheme_graph()
    for t in triples:
        g.add(t)
    ask = PREFIXES + "ASK { dkgrel:offerDialogue rdfs:subPropertyOf+ dkg:interactsWith }"
    assert g.query(ask).askAnswer
    with pytest.raises(KeyError):
        scheme.relation_property_triples("offer dialogue", "999")


# ---------------------------------------------------------------------------------
# Ontology
# ---------------------------------------------------------------------------------


def test_ontology_terms_have_english_and_german_labels_and_comments():
    ttl = files("diplokg.ontology").joinpath("diplokg.ttl").read_text(encoding="utf-8")
    onto = Graph().parse(data=ttl, format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k) if str(s).startswith(str(DKG))}
    expected = {
        DKG.DiplomaticEvent, DKG.Evidence, DKG.Article, DKG.ExtractionRun, DKG.Person,
        DKG.Country, DKG.Government, DKG.Organization, DKG.Group, DKG.source, DKG.target,
        DKG.relation, DKG.relationProperty, DKG.cameo, DKG.ploverType, DKG.ploverMode,
        DKG.goldstein, DKG.quadClass, DKG.negated, DKG.evidence, DKG.sentence,
        DKG.startChar, DKG.endChar, DKG.article, DKG.reported, DKG.speaker, DKG.modality,
        DKG.confidence, DKG.articleId, DKG.contentHash, DKG.namedGraph, DKG.toolVersion,
        DKG.model, DKG.actorType, DKG.country, DKG.interactsWith,
    }
    assert expected <= terms
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(term, prop) if isinstance(o, Literal)}
            assert {"en", "de"} <= langs, f"{term} lacks {prop} in en/de"
    assert (DKG.DiplomaticEvent, RDFS.subClassOf, SEM.Event) in onto
    assert (DKG.cameo, RDFS.subPropertyOf, SEM.eventType) in onto
    assert (DKG.article, RDFS.subPropertyOf, PROV.wasDerivedFrom) in onto
    assert (DKG.Article, RDFS.subClassOf, SCHEMA.NewsArticle) in onto


# ---------------------------------------------------------------------------------
# SHACL
# ---------------------------------------------------------------------------------


def _event_graph() -> Graph:
    """A small, valid graph: one article, one run, two actors, one event with evidence."""
    g = Graph()
    art, run, ev, evid = DKGR["article/a1"], DKGR["run/r1"], DKGR["event/e1"], DKGR["evidence/e1-1"]
    de, fr = DKGR["actor/Q183"], DKGR["actor/Q142"]

    g.add((art, RDF.type, DKG.Article))
    g.add((art, DKG.articleId, Literal("a1")))
    g.add((art, SCHEMA.headline, Literal("Berlin bietet Paris Gespräche an", lang="de")))
    g.add((art, SCHEMA.datePublished, Literal("2024-05-02", datatype=XSD.date)))
    g.add((art, SCHEMA.inLanguage, Literal("de")))
    g.add((art, SCHEMA.publisher, Literal("Example Zeitung")))

    g.add((run, RDF.type, DKG.ExtractionRun))
    g.add((run, DKG.toolVersion, Literal("0.1.0")))
    g.add((run, DKG.model, Literal("de=de_diplo_ud_sm 0.1.0")))

    actors = ((de, "Germany", "Deutschland", "Q183"), (fr, "France", "Frankreich", "Q142"))
    for actor, en, de_label, qid in actors:
        g.add((actor, RDF.type, DKG.Country))
        g.add((actor, RDFS.label, Literal(en, lang="en")))
        g.add((actor, RDFS.label, Literal(de_label, lang="de")))
        g.add((actor, DKG.actorType, Literal("COUNTRY")))
        g.add((actor, SKOS.exactMatch, WD[qid]))

    g.add((ev, RDF.type, DKG.DiplomaticEvent))
    g.add((ev, DKG.source, de))
    g.add((ev, DKG.target, fr))
    g.add((ev, DKG.relation, Literal("offer dialogue")))
    g.add((ev, DKG.relationProperty, DKGREL["offerDialogue"]))
    g.add((ev, DKG.cameo, CAMEO["036"]))
    g.add((ev, DKG.ploverType, PLOVER["AGREE"]))
    g.add((ev, DKG.goldstein, Literal(Decimal("4.0"))))
    g.add((ev, DKG.quadClass, Literal(1)))
    g.add((ev, SEM.hasTimeStamp, Literal("2024-05-02", datatype=XSD.date)))
    g.add((ev, DKG.negated, Literal(False)))
    g.add((ev, DKG.evidence, evid))
    g.add((de, DKGREL["offerDialogue"], fr))

    g.add((evid, RDF.type, DKG.Evidence))
    g.add((evid, DKG.sentence, Literal("Berlin bot Paris Gespräche an.", lang="de")))
    g.add((evid, DKG.startChar, Literal(0)))
    g.add((evid, DKG.endChar, Literal(30)))
    g.add((evid, DKG.article, art))
    g.add((evid, DKG.reported, Literal(False)))
    g.add((evid, DKG.modality, Literal("asserted")))
    g.add((evid, DKG.confidence, Literal(Decimal("0.87"))))
    g.add((evid, PROV.wasGeneratedBy, run))
    for t in scheme.relation_property_triples("offer dialogue", "036"):
        g.add(t)
    return g


def _validate(data: Graph) -> tuple[bool, Graph]:
    merged = data + scheme.scheme_graph(copy=False)
    conforms, results, _text = pyshacl.validate(
        merged, shacl_graph=scheme.shapes_graph(), inference="none"
    )
    return conforms, results


def _violations(results: Graph) -> set[tuple[URIRef, URIRef | BNode | None]]:
    return {
        (results.value(r, SH.focusNode), results.value(r, SH.resultPath))
        for r in results.subjects(RDF.type, SH.ValidationResult)
        if results.value(r, SH.resultSeverity) == SH.Violation
    }


def test_shapes_parse():
    shapes = scheme.shapes_graph()
    for shape in ("ArticleShape", "EventShape", "EvidenceShape", "ActorShape"):
        shape_iri = URIRef("https://w3id.org/diplokg/shapes#" + shape)
        assert (shape_iri, RDF.type, SH.NodeShape) in shapes


def test_valid_event_conforms():
    conforms, results = _validate(_event_graph())
    assert conforms, results.serialize(format="turtle")


def test_event_without_source_is_a_violation():
    g = _event_graph()
    g.remove((DKGR["event/e1"], DKG.source, None))
    conforms, results = _validate(g)
    assert not conforms
    assert (DKGR["event/e1"], DKG.source) in _violations(results)


def test_event_with_unknown_cameo_code_is_a_violation():
    g = _event_graph()
    g.set((DKGR["event/e1"], DKG.cameo, CAMEO["999"]))
    conforms, results = _validate(g)
    assert not conforms
    assert (DKGR["event/e1"], DKG.cameo) in _violations(results)


def test_event_with_concept_from_wrong_scheme_is_a_violation():
    g = _event_graph()
    g.set((DKGR["event/e1"], DKG.cameo, PLOVER["AGREE"]))  # a skos:Concept, wrong scheme
    conforms, results = _validate(g)
    assert not conforms
    assert (DKGR["event/e1"], DKG.cameo) in _violations(results)


@pytest.mark.parametrize(
    ("node", "prop", "value"),
    [
        ("event/e1", DKG.goldstein, Literal(Decimal("12.5"))),
        ("event/e1", DKG.quadClass, Literal(5)),
        ("evidence/e1-1", DKG.startChar, Literal(40)),  # not < endChar (30)
        ("evidence/e1-1", DKG.confidence, Literal(Decimal("1.5"))),
        ("evidence/e1-1", DKG.modality, Literal("rumoured")),
        ("evidence/e1-1", DKG.sentence, Literal("no language tag")),
        ("article/a1", SCHEMA.datePublished, Literal("2 May 2024")),
        ("actor/Q183", DKG.actorType, Literal("STATE")),
    ],
)
def test_out_of_range_values_are_violations(node, prop, value):
    g = _event_graph()
    g.set((DKGR[node], prop, value))
    conforms, results = _validate(g)
    assert not conforms
    assert (DKGR[node], prop) in _violations(results)


def test_missing_required_values_are_violations():
    g = _event_graph()
    g.remove((DKGR["event/e1"], DKG.evidence, None))
    g.remove((DKGR["article/a1"], SCHEMA.inLanguage, None))
    g.remove((DKGR["actor/Q142"], RDFS.label, None))
    conforms, results = _validate(g)
    assert not conforms
    found = _violations(results)
    assert (DKGR["event/e1"], DKG.evidence) in found
    assert (DKGR["article/a1"], SCHEMA.inLanguage) in found
    assert (DKGR["actor/Q142"], RDFS.label) in found
