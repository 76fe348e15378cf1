"""Event records -> RDF quads: one named graph per article plus one shared facts graph.

The model (documented in ``ontology/diplokg.ttl``): an n-ary ``dkg:DiplomaticEvent``
node per fact, shared by every article that reports it (its IRI hashes source,
target, CAMEO code, date and polarity), one ``dkg:Evidence`` node per mention
(sentence, offsets, flags, confidence, article), the direct triple
``actor –dkgrel:relation→ actor``, actor descriptions and the article node.

What only one article says (its article node, the extraction run, its evidence
nodes and the ``event dkg:evidence mention`` links) lives in the article's named
graph. What several articles share (event cores, direct triples, actor
descriptions, relation-property declarations) lives once in :data:`FACTS_GRAPH`,
so the union default graph holds every fact once and queries need no DISTINCT
to undo per-article copies. The store removes a shared fact when the last
article supporting it goes (:mod:`diplokg.graph.rdf.store`). IRIs are stable hashes:
mapping the same input twice gives the same quads. Each event core also links to
the month nodes that count it (:mod:`diplokg.graph.rdf.summaries`).
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from ... import __version__
from ...core.records import Actor, Article, Event, slugify
from ...ontology.actor_codes import node_code
from ...ontology.gazetteer import load_gazetteer
from ...ontology.namespaces import CAMEO, DKG, DKGR, PLOVER, PROV, SCHEMA, SEM, WD, XSD
from ...ontology.places import load_places
from ...ontology.scheme import cameo_info, relation_property_iri, relation_property_triples
from .graph_names import ArticleQuads, article_graph  # noqa: F401 (re-exported)
from .location_rdf import event_location, place_iri, place_triples
from .summaries import actor_month_iri, code_month_iri, dyad_month_iri, month_of
from .terms import FACTS_GRAPH, RDF_TYPE, RDFS_LABEL, SKOS_EXACT

_XSD, _PROV = str(XSD), str(PROV)     # plain text: concatenating rdflib namespaces looks each term up

TYPE_CLASS = {"PERSON": "Person", "COUNTRY": "Country", "GOVERNMENT": "Government",
              "ORGANIZATION": "Organization", "GROUP": "Group", "LOCATION": "Group", "OTHER": "Group"}


# the XSD datatype of an event date by its precision ("2017" is an xsd:gYear, never 2017-01-01)
DATE_DATATYPES = {"day": "date", "month": "gYearMonth", "year": "gYear"}


def date_precision(iso: str, stated: str | None = None) -> str:
    """The precision of an ISO event date: the stated one, else read from its length.

    >>> date_precision("2017"), date_precision("2017-03"), date_precision("2017-03-05")
    ('year', 'month', 'day')
    """
    if stated in DATE_DATATYPES:
        return stated
    return {4: "year", 7: "month"}.get(len(iso), "day")


def _n(iri: str) -> NamedNode:
    return NamedNode(str(iri))


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def article_iri(article_id: str) -> NamedNode:
    """IRI of an article node: readable and stable (the id, percent-encoded)."""
    return _n(f"{DKGR}article/{quote(article_id, safe='-_.~')}")


def actor_iri(actor: Actor) -> NamedNode:
    """Wikidata entity IRI when the QID is known, else a stable local IRI."""
    if actor.qid:
        return _n(f"{WD}{actor.qid}")
    return _n(f"{DKGR}actor/{slugify(actor.key) or _hash(actor.key)}")


def event_key(ev: Event) -> str:
    """Identity of a fact: actors, CAMEO code, date and polarity; without a date also the article, since
    two undated reports (of any year) cannot be told to be the same fact. A date that is only the
    article's publication date stands apart from the same date stated by a sentence, so each event
    node has one date source (``dkg:dateSource``) whichever articles support it."""
    parts = [ev.source.qid or ev.source.key, (ev.target.qid or ev.target.key) if ev.target else None,
             ev.cameo, ev.event_date, ev.negated]
    if not ev.event_date:
        return _hash(*parts, "undated", ev.article_id)
    return _hash(*parts, "publication") if ev.date_source == "publication" else _hash(*parts)


def event_iri(ev: Event) -> NamedNode:
    """One node per fact: the same actors, CAMEO code, date and polarity in any article (an event
    without a date stays its article's own)."""
    return _n(f"{DKGR}event/{event_key(ev)}")


def run_iri(models: dict[str, str]) -> NamedNode:
    return _n(f"{DKGR}run/{_hash(__version__, sorted(models.items()))}")


def from_rdflib(term) -> NamedNode | Literal:
    """Convert an rdflib URIRef/Literal into the pyoxigraph term the store takes."""
    from rdflib import Literal as RLiteral

    if isinstance(term, RLiteral):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype:
            return Literal(str(term), datatype=_n(term.datatype))
        return Literal(str(term))
    return _n(term)


def _lit(value: object, datatype: str | None = None, lang: str | None = None) -> Literal:
    if lang:
        return Literal(str(value), language=lang)
    if datatype:
        return Literal(str(value).lower() if isinstance(value, bool) else str(value), datatype=_n(_XSD + datatype))
    return Literal(str(value))


def map_article(article: Article, events: list[Event], models: dict[str, str] | None = None,
                gazetteer_dirs: Iterable[str | Path] = ()) -> ArticleQuads:
    """All quads one article contributes: article node, run and evidence in the article's graph;
    event cores, direct triples, actors and relation properties in the shared facts graph."""
    out = _ArticleQuadsBuilder(article, tuple(gazetteer_dirs))
    art = article_iri(article.id)
    out.describe_article(art)
    run = out.describe_run(models or {})
    # One node per fact: events of this article with the same key (actors, code, date, polarity) are
    # one event node with every wording they use (each evidence says which one it states).
    facts: dict[str, list[Event]] = {}
    for ev in events:
        facts.setdefault(event_key(ev), []).append(ev)
    for group in facts.values():
        out.describe_event(group, art, run)
    # de-duplicate while keeping order (shared actors/relations described once)
    return ArticleQuads(article.id, article.content_hash, out.graph, list(dict.fromkeys(out.quads)))


class _ArticleQuadsBuilder:
    """Collects the quads of one article (see :func:`map_article`), describing each actor once."""

    def __init__(self, article: Article, gazetteer_dirs: tuple[str | Path, ...] = ()):
        self.article = article
        self.gazetteer_dirs = gazetteer_dirs
        self.graph = article_graph(article.id)
        self.quads: list[Quad] = []
        self.described: set[str] = set()
        self.placed: set[str] = set()
        self.seen_evidence: set[str] = set()

    def add(self, s, p, o) -> None:
        """A quad in the article's own graph."""
        self.quads.append(Quad(s, p if isinstance(p, NamedNode) else _n(p), o, self.graph))

    def fact(self, s, p, o) -> None:
        """A quad in the shared facts graph."""
        self.quads.append(Quad(s, p if isinstance(p, NamedNode) else _n(p), o, FACTS_GRAPH))

    def describe_article(self, art: NamedNode) -> None:
        article, add = self.article, self.add
        add(art, RDF_TYPE, _n(DKG.Article))
        add(art, RDF_TYPE, _n(SCHEMA.NewsArticle))
        add(art, DKG.articleId, _lit(article.id))
        add(art, DKG.contentHash, _lit(article.content_hash))
        if article.id_file:
            add(art, DKG.idFile, _lit(article.id_file))
        add(art, DKG.namedGraph, self.graph)
        if article.title:
            add(art, SCHEMA.headline, _lit(article.title, lang=article.lang) if article.lang else _lit(article.title))
        if article.url:
            add(art, SCHEMA.url, _lit(article.url, "anyURI"))
        if article.source:
            add(art, SCHEMA.publisher, _lit(article.source))
        if article.date:
            add(art, SCHEMA.datePublished, _lit(article.date, "date"))
        if article.lang:
            add(art, SCHEMA.inLanguage, _lit(article.lang))

    def describe_run(self, models: dict[str, str]) -> NamedNode:
        add = self.add
        run = run_iri(models)
        agent = _n(f"{DKGR}agent/diplokg")
        add(run, RDF_TYPE, _n(DKG.ExtractionRun))
        add(run, RDF_TYPE, _n(_PROV + "Activity"))
        add(run, _n(_PROV + "wasAssociatedWith"), agent)
        add(run, DKG.toolVersion, _lit(__version__))
        for lang, name in sorted(models.items()):
            add(run, DKG.model, _lit(f"{lang}={name}"))
        add(agent, RDF_TYPE, _n(_PROV + "SoftwareAgent"))
        add(agent, RDFS_LABEL, _lit(f"diplokg {__version__}"))
        return run

    def describe_actor(self, actor: Actor) -> NamedNode:
        node = actor_iri(actor)
        if node.value in self.described:
            return node
        self.described.add(node.value)
        fact = self.fact
        # a government mention is the country item; its class stays Country (type is per mention)
        atype = "COUNTRY" if actor.type == "GOVERNMENT" and actor.qid else actor.type
        fact(node, RDF_TYPE, _n(DKG[TYPE_CLASS.get(atype, "Group")]))
        fact(node, RDF_TYPE, _n(SEM.Actor))
        fact(node, DKG.actorType, _lit(atype))
        fact(node, RDFS_LABEL, _lit(actor.name, lang="en"))
        if actor.name_de:
            fact(node, RDFS_LABEL, _lit(actor.name_de, lang="de"))
        if actor.qid:
            fact(node, SKOS_EXACT, _n(f"{WD}{actor.qid}"))
        gaz = load_gazetteer(self.gazetteer_dirs)
        coded = node_code(actor, gaz)
        # the gazetteer's code is the node's own; an unknown actor's comes from this article's words, so it
        # lives in the article's graph and goes with it (the shared facts stay the same in any ingest order)
        code_fact = fact if actor.key in gaz.actors else self.add
        if coded.code:
            code_fact(node, DKG.actorCode, _lit(coded.code))
        if coded.sector:
            code_fact(node, DKG.sector, _lit(coded.sector))
        if coded.country and actor.type != "COUNTRY":
            country = gaz.country_actor(coded.country)
            if country is not None and country.key != actor.key:
                code_fact(node, DKG.country, actor_iri(country))
        return node

    def describe_event(self, group: list[Event], art: NamedNode, run: NamedNode) -> None:
        """The event core of one fact in the facts graph and its evidence in the article's graph."""
        ev = group[0]
        try:
            info = cameo_info(ev.cameo)
        except KeyError:
            return                        # a code outside the scheme never reaches the store
        fact = self.fact
        node = event_iri(ev)
        src = self.describe_actor(ev.source)
        fact(node, RDF_TYPE, _n(DKG.DiplomaticEvent))
        fact(node, RDF_TYPE, _n(SEM.Event))
        fact(node, DKG.source, src)
        fact(node, DKG.cameo, _n(CAMEO[ev.cameo]))
        evidence = self._new_evidence(group)
        wordings = list(dict.fromkeys(e.relation for _, e, *_ in evidence))
        for wording in wordings:
            fact(node, DKG.relation, _lit(wording))
            fact(node, DKG.relationProperty, _n(relation_property_iri(wording)))
            for s, p, o in relation_property_triples(wording, ev.cameo):
                fact(from_rdflib(s), from_rdflib(p), from_rdflib(o))
        fact(node, DKG.goldstein, _lit(info.goldstein, "decimal"))
        fact(node, DKG.quadClass, _lit(info.quad_class, "integer"))
        if info.plover_type:
            fact(node, DKG.ploverType, _n(PLOVER[info.plover_type]))
        if ev.event_date:
            precision = date_precision(ev.event_date, ev.date_precision)
            fact(node, SEM.hasTimeStamp, _lit(ev.event_date, DATE_DATATYPES[precision]))
            fact(node, DKG.datePrecision, _lit(precision))
            if ev.date_source:
                fact(node, DKG.dateSource, _lit(ev.date_source))
        fact(node, DKG.negated, _lit(ev.negated, "boolean"))
        month = month_of(ev.event_date)
        fact(node, DKG.actorMonth, _n(actor_month_iri(src.value, month)))
        fact(node, DKG.codeMonth, _n(code_month_iri(ev.cameo, month)))
        if ev.target is not None:
            tgt = self.describe_actor(ev.target)
            fact(node, DKG.target, tgt)
            for wording in wordings:
                fact(src, _n(relation_property_iri(wording)), tgt)
            fact(node, DKG.dyadMonth, _n(dyad_month_iri(src.value, tgt.value, month)))
            fact(node, DKG.actorMonth, _n(actor_month_iri(tgt.value, month)))
        location = event_location(group)
        if location is not None:
            self.describe_location(node, location)
        for item in evidence:
            self.describe_evidence(node, art, run, *item)

    def describe_location(self, node: NamedNode, place) -> None:
        """Where the event happened: the place node's description (once) and the event's link to it."""
        pl = place_iri(place)
        if pl.value not in self.placed:
            self.placed.add(pl.value)
            country = load_gazetteer(self.gazetteer_dirs).country_actor(place.country) if place.country else None
            german = load_places(self.gazetteer_dirs).german_name(place.key)
            for s, p, o in place_triples(place, german, actor_iri(country) if country else None):
                self.fact(s, p, o)
        self.fact(node, DKG.location, pl)
        self.fact(node, DKG.locationSource, _lit(place.source))

    def _new_evidence(self, group: list[Event]) -> list[tuple]:
        """The mentions of a fact not yet described (one evidence node per sentence position)."""
        key = event_key(group[0])
        evidence = []
        for e in group:
            for sentence, start, end in [(e.sentence, e.start, e.end)] + list(e.extra_evidence):
                evn = _n(f"{DKGR}evidence/{_hash(self.article.id, key, start)}")
                if evn.value not in self.seen_evidence:
                    self.seen_evidence.add(evn.value)
                    evidence.append((evn, e, sentence, start, end))
        return evidence

    def describe_evidence(self, node: NamedNode, art: NamedNode, run: NamedNode, evn: NamedNode, e: Event,
                          sentence: str, start: int, end: int) -> None:
        add, lang = self.add, self.article.lang
        add(node, DKG.evidence, evn)
        add(evn, RDF_TYPE, _n(DKG.Evidence))
        add(evn, DKG.sentence, _lit(sentence, lang=lang) if lang else _lit(sentence))
        add(evn, DKG.startChar, _lit(start, "integer"))
        add(evn, DKG.endChar, _lit(end, "integer"))
        add(evn, DKG.article, art)
        add(evn, DKG.reported, _lit(e.reported, "boolean"))
        add(evn, DKG.modality, _lit(e.modality))
        add(evn, DKG.confidence, _lit(round(e.confidence, 3), "decimal"))
        add(evn, DKG.trigger, _lit(e.trigger))
        add(evn, DKG.statesRelation, _n(relation_property_iri(e.relation)))
        if e.location is not None:
            add(evn, DKG.statesLocation, place_iri(e.location))
            add(evn, DKG.locationSource, _lit(e.location.source))
        add(evn, _n(_PROV + "wasGeneratedBy"), run)
        if e.speaker is not None:
            add(evn, DKG.speaker, self.describe_actor(e.speaker))
