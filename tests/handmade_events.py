"""Hand-made articles and events with answers known in advance, for the event table and series tests.

Russia-United States events, by month (source country -> target country):

* 2016-11: Putin -> Trump offer dialogue (two articles report it: one event), Lavrov -> Obama
  criticise, Russia -> United States threaten  => RUS->USA 3 events in 2016-11
* 2016-12: Putin -> Obama praise (2016-12-01) => RUS->USA 1 event in 2016-12
* 2016-11: Trump -> Putin consult (the other direction: USA->RUS 1)
* 2017: a memorandum dated to the year only (Russia -> United States, 057): in no month
* 2016-11: Mr X (no country) -> Putin meet: kept under Mr X
* Trump says something, no target (010)
"""
from __future__ import annotations

from diplokg.core.records import Actor, Article, Event
from diplokg.graph.rdf.mapping import map_article

PUTIN = Actor("Q7747", "Vladimir Putin", "PERSON", "Q7747", "Wladimir Putin", "RUS")
LAVROV = Actor("Q172858", "Sergey Lavrov", "PERSON", "Q172858", "Sergei Lawrow", "RUS")
TRUMP = Actor("Q22686", "Donald Trump", "PERSON", "Q22686", "Donald Trump", "USA")
OBAMA = Actor("Q76", "Barack Obama", "PERSON", "Q76", "Barack Obama", "USA")
RUSSIA = Actor("Q159", "Russia", "COUNTRY", "Q159", "Russland", "RUS")
USA = Actor("Q30", "United States", "COUNTRY", "Q30", "Vereinigte Staaten", "USA")
MR_X = Actor("local:mr-x", "Mr X", "PERSON", None, None, None)
WD = "http://www.wikidata.org/entity/"

# (article id, publication date, [(source, target, relation, code, event date, sentence)])
ARTICLES = [
    ("a1", "2016-11-15", [(PUTIN, TRUMP, "offer dialogue", "036", "2016-11-14", "Putin bot Trump Dialog an."),
                          (LAVROV, OBAMA, "criticize", "111", "2016-11-20", "Lawrow kritisierte Obama.")]),
    ("a2", "2016-11-14", [(PUTIN, TRUMP, "offer dialogue", "036", "2016-11-14", "Putin offered Trump talks."),
                          (RUSSIA, USA, "threaten", "130", "2016-11-27", "Russia threatened the US."),
                          (TRUMP, PUTIN, "consult", "040", "2016-11-28", "Trump spoke to Putin.")]),
    ("a3", "2016-12-02", [(PUTIN, OBAMA, "praise", "051", "2016-12-01", "Putin lobte Obama."),
                          (RUSSIA, USA, "sign agreement", "057", "2017", "Ein Memorandum von 2017."),
                          (MR_X, PUTIN, "meet", "040", "2016-11-30", "Mr X traf Putin."),
                          (TRUMP, None, "make statement", "010", "2016-12-02", "Trump sprach.")]),
]
RUS_USA_BY_MONTH = {"2016-11": 3, "2016-12": 1}
EVENTS = 8          # the Putin -> Trump offer reported twice is one event


def article_quads(aid: str, day: str, events: list[tuple]) -> object:
    """The quads of one hand-made article (one sentence per event, at increasing offsets)."""
    text = " ".join(e[5] for e in events)
    article = Article(aid, text, lang="de", date=day, title=f"Titel {aid}", url=f"https://example.org/{aid}")
    records, start = [], 0
    for source, target, relation, code, when, sentence in events:
        records.append(Event(aid, source, target, relation, code, sentence, start, start + len(sentence), when,
                             confidence=0.8 if aid == "a2" else 0.6))
        start += len(sentence) + 1
    return map_article(article, records, {"de": "test"})


def fill(store) -> None:
    """Write the hand-made articles into ``store``."""
    store.write_articles([article_quads(*a) for a in ARTICLES])


def closed_store(folder) -> str:
    """A store on disk holding the hand-made articles, closed (for commands run as subprocesses)."""
    from diplokg.graph.rdf.store import open_store

    store = open_store(folder / "kg")
    fill(store)
    store.close()
    return str(folder / "kg")
