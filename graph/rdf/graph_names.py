"""The graph IRI of one article and the quads of one article: what the store module needs from the
mapping, kept apart from it so that opening a store (``diplokg stats``, ``query``) loads neither the
gazetteer nor the CAMEO scheme.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from pyoxigraph import NamedNode, Quad

from ...ontology.namespaces import DKGR


def article_graph(article_id: str) -> NamedNode:
    """IRI of the named graph that holds everything one article contributes."""
    return NamedNode(f"{DKGR}graph/{quote(article_id, safe='-_.~')}")


@dataclass
class ArticleQuads:
    """The quads of one article, ready for the store: its own graph's and its shared facts."""

    article_id: str
    content_hash: str
    graph: NamedNode
    quads: list[Quad]
