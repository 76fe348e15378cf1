"""Extraction rules on made-up sentences: merging, statements, negation, clause structure."""
from __future__ import annotations

from diplokg.config import Config
from diplokg.extractors.events import merge_duplicates
from diplokg.extractors.records import Actor, Article, Event
from diplokg.pipeline import Extractor

USA = Actor("Q30", "United States", "COUNTRY", "Q30")
IRN = Actor("Q794", "Iran", "COUNTRY", "Q794")


def _event(relation: str, cameo: str, target: Actor | None = IRN, sentence: str = "s", date: str | None = None):
    return Event("a", USA, target, relation, cameo, sentence, 0, len(sentence), event_date=date)


def _events(text: str, model: str, lang: str = "en", date: str = "2021-03-01") -> list[tuple]:
    """(source, CAMEO root, target, negated) of each event extracted from ``text``."""
    models = {"de": "rules", "en": "rules", lang: model}
    ex = Extractor(Config(models=models))
    return [(e.source.name, e.cameo[:2], e.target and e.target.name, e.negated)
            for e in ex.extract(Article("t", text, lang=lang, date=date)).events]


def test_different_expressions_of_one_relation_stay_two_events():
    merged = merge_duplicates([_event("accuse", "112", sentence="one"), _event("blame", "112", sentence="two"),
                               _event("blame", "112", sentence="three")])
    assert sorted(e.relation for e in merged) == ["accuse", "blame"]
    blame = next(e for e in merged if e.relation == "blame")
    assert [s for s, _, _ in blame.extra_evidence] == ["three"]


def test_one_actor_statements_merge_per_speaker_whatever_the_date():
    merged = merge_duplicates([_event("make statement", "010", None, "one", "2021-03-01"),
                               _event("announce", "010", None, "two", None)])
    assert len(merged) == 1 and merged[0].extra_evidence


def test_a_statement_that_was_not_made_is_no_event(en_model):
    events = _events("The government of Chile had not, as of Friday, announced any new measures.", en_model)
    assert not any(src == "Chile" and root == "01" for src, root, _, _ in events), events


def test_not_on_the_auxiliary_negates_the_event(en_model):
    events = _events("Canada had not, until last week, criticized Peru.", en_model)
    assert ("Canada", "11", "Peru", True) in events, events
