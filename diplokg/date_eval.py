"""Date agreement of matched events against gold, comparable with the gold format's ``event_date``.

The gold format writes ``event_date`` only when the text pins the event's day ("am Montag", "on
January 20, 2016") and null otherwise, also for month- or year-only dates. The extractor's event date
says more: a month or year (``date_precision``), or the publication date standing in when the sentence
has no date (``date_source`` "publication"). So the comparable value is the extractor's date when its
sentence pins a day, else null; the raw agreement of the two ``event_date`` strings is reported too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


def pinned_day(event: dict) -> str | None:
    """The day an extracted event's sentence pins (what gold's ``event_date`` holds), else None.

    >>> pinned_day({"event_date": "2016-11-14", "date_source": "publication"}), pinned_day({"event_date": "2014"})
    (None, None)
    """
    date = event.get("event_date")
    if not date or len(date) != 10 or event.get("date_source") == "publication":
        return None
    return date


@dataclass
class DateCounts:
    """Over matched (predicted, gold) pairs: how often the dates agree."""

    matched: int = 0
    agree: int = 0              # pinned day == gold event_date (both null counts as agreement)
    raw_equal: int = 0          # event_date == gold event_date, as strings
    gold_other: int = 0         # gold dates the event to a day other than the article date
    gold_other_found: int = 0   # ... and the extractor has that day

    def add(self, other: "DateCounts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        share = lambda a, b: round(a / b, 3) if b else None
        return {"matched": self.matched, "agree": self.agree, "accuracy": share(self.agree, self.matched),
                "raw_equal": self.raw_equal, "raw_accuracy": share(self.raw_equal, self.matched),
                "gold_other_than_article": self.gold_other, "gold_other_found": self.gold_other_found}

    def line(self) -> str:
        d = self.as_dict()
        return (f"event dates of {self.matched} matched events: as gold writes them (a day the text pins, else "
                f"null) {d['accuracy'] or 0:.3f}, same string {d['raw_accuracy'] or 0:.3f}; gold days other than "
                f"the article date found {self.gold_other_found}/{self.gold_other}")


def date_counts(predicted: Sequence[dict], gold: Sequence[dict], matching: Sequence[int | None],
                article_date: str | None) -> DateCounts:
    """Date agreement of the pairs ``matching`` (per prediction: the matched gold index or None) makes."""
    counts = DateCounts()
    for p, j in zip(predicted, matching):
        if j is None:
            continue
        g = gold[j].get("event_date")
        counts.matched += 1
        counts.agree += pinned_day(p) == g
        counts.raw_equal += p.get("event_date") == g
        if g and g != article_date:
            counts.gold_other += 1
            counts.gold_other_found += p.get("event_date") == g
    return counts
