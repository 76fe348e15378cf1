"""The store mapping reads the gazetteer folders of the run's Config (issue 16), not only the global one:
an actor's country is linked through the same gazetteer the extractor used."""
from __future__ import annotations

import pytest

from diplokg.core.errors import InputError
from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import map_article

COUNTRY = "https://w3id.org/diplokg/ontology#country"


def _country_links(**kwargs) -> list[str]:
    lavrov = Actor("Q172915", "Sergey Lavrov", "PERSON", "Q172915", "Sergei Lawrow", "RUS")
    text = "Lawrow kritisierte die Nato."
    article = Article("m1", text, lang="de", date="2016-11-14")
    event = Event("m1", lavrov, None, "criticize", "111", text, 0, len(text), "2016-11-14")
    quads = map_article(article, [event], {"de": "test"}, **kwargs).quads
    return [q.object.value for q in quads if q.predicate.value == COUNTRY]


def test_country_link_uses_the_configured_gazetteer_folders(tmp_path):
    assert _country_links() == ["http://www.wikidata.org/entity/Q159"]
    assert _country_links(gazetteer_dirs=[tmp_path]) == ["http://www.wikidata.org/entity/Q159"]
    with pytest.raises(InputError, match="gazetteer folder .*missing does not exist"):
        _country_links(gazetteer_dirs=[tmp_path / "missing"])
