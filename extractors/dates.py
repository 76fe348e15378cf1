"""Event dates from explicit and relative expressions, resolved against the article date.

German and English: weekdays ("am Montag", "last Tuesday"), yesterday/today,
day + month with or without year ("am 20. Januar", "January 20, 2019"),
numeric dates ("20.1.2017") at day precision; months and years ("im März 2019",
"in 2014", "last year", :mod:`diplokg.extractors.periods`) at month or year
precision. Periods that pin neither ("vergangene Woche", "in recent years") yield
no date, so callers leave the date open instead of guessing. An event whose sentence
has no expression takes the article's publication date, and says so (``source``).

>>> [d.iso for d in find_dates("Der Kremlchef hatte am vergangenen Dienstag gratuliert.", "2016-11-14", "de")]
['2016-11-08']
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .periods import DateMention, find_periods

WEEKDAYS = {
    "de": ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
}
MONTHS = {
    "de": ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "dezember"],
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"],
}
_MONTH_ALIASES = {"jänner": 1, "sept": 9, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                  "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12}
PAST_MARKERS = {"de": r"(?:vergangenen|vergangener|letzten|letzter|vorigen|voriger)", "en": r"(?:last|past)"}
NEXT_MARKERS = {"de": r"(?:kommenden|kommender|nächsten|nächster)", "en": r"(?:next|coming)"}
ANCHOR_PREPS = {"seit", "since", "nach", "after", "vor", "before", "bis", "until"}
PERIODS = {
    "de": r"\b(?:vergangene|letzte|vorige|diese|kommende|nächste)[nr]?\s+Woche\b|"
          r"\bin den (?:vergangenen|letzten) (?:Jahren|Monaten|Wochen|Tagen)\b",
    "en": r"\b(?:last|this|next|past) week\b|\bin (?:recent|the past|past) (?:years|months|weeks)\b",
}
# how many words after a noun-modifying year ("the 2017 peace memorandum") the noun it dates may lie
MODIFIED_NOUN_WORDS = 2


@dataclass(frozen=True)
class EventDate:
    """An event's date: ISO ``YYYY[-MM[-DD]]``, its precision ("day"/"month"/"year") and its source:
    "sentence" when the sentence gave it, "publication" when it is the article date; all None when unknown."""

    iso: str | None
    precision: str | None
    source: str | None

    def event_fields(self, publication_date: str | None) -> dict[str, str | None]:
        """The date fields of an :class:`~diplokg.core.records.Event` (keyword arguments)."""
        return {"event_date": self.iso, "date_precision": self.precision, "date_source": self.source,
                "publication_date": publication_date}


def _weekday_before(ref: dt.date, weekday: int, strictly: bool) -> dt.date:
    delta = (ref.weekday() - weekday) % 7
    if strictly and delta == 0:
        delta = 7
    return ref - dt.timedelta(days=delta)


def _month_number(word: str, lang: str) -> int | None:
    word = word.lower().rstrip(".")
    for table in MONTHS.values():
        if word in table:
            return table.index(word) + 1
    return _MONTH_ALIASES.get(word)


def _closest_year(ref: dt.date | None, month: int, day: int) -> dt.date | None:
    if ref is None:
        return None
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - ref).days) < abs((best - ref).days):
            best = cand
    return best


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, article_date: str | None, lang: str) -> list[DateMention]:
    """All date expressions in ``text`` with their resolution against ``article_date``."""
    lang = lang if lang in WEEKDAYS else "en"
    ref = dt.date.fromisoformat(article_date) if article_date else None
    found: list[DateMention] = []
    months = "|".join(MONTHS[lang] + list(_MONTH_ALIASES))
    weekdays = "|".join(WEEKDAYS[lang])

    # numeric: 20.1.2017 / 2017-01-20
    for m in re.finditer(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b", text):
        d = _safe_date(int(m[3]), int(m[2]), int(m[1]))
        found.append(DateMention(m.start(), m.end(), d.isoformat() if d else None, "day" if d else None))
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        found.append(DateMention(m.start(), m.end(), d.isoformat() if d else None, "day" if d else None))
    # day month [year]: "20. Januar 2017", "20 January 2019"
    for m in re.finditer(rf"\b(\d{{1,2}})\.?\s+({months})\.?(?:\s+(\d{{4}}))?\b", text, re.I):
        month = _month_number(m[2], lang)
        day = int(m[1])
        d = _safe_date(int(m[3]), month, day) if m[3] else _closest_year(ref, month, day)
        found.append(DateMention(m.start(), m.end(), d.isoformat() if d else None, "day"))
    # month day[, year]: "January 20, 2019", "on Jan. 20"
    for m in re.finditer(rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", text, re.I):
        month = _month_number(m[1], lang)
        day = int(m[2])
        d = _safe_date(int(m[3]), month, day) if m[3] else _closest_year(ref, month, day)
        found.append(DateMention(m.start(), m.end(), d.isoformat() if d else None, "day"))
    # weekdays with optional past/next marker
    pattern = rf"\b(?:(am|on|this)\s+)?(?:({PAST_MARKERS[lang]}|{NEXT_MARKERS[lang]})\s+)?({weekdays})\b"
    for m in re.finditer(pattern, text, re.I):
        if any(f.start <= m.start(3) < f.end for f in found):
            continue
        wd = WEEKDAYS[lang].index(m[3].lower())
        iso = None
        if ref is not None:
            marker = (m[2] or "").lower()
            if marker and re.fullmatch(NEXT_MARKERS[lang], marker):
                delta = (wd - ref.weekday()) % 7 or 7
                iso = (ref + dt.timedelta(days=delta)).isoformat()
            else:
                iso = _weekday_before(ref, wd, strictly=bool(marker)).isoformat()
        found.append(DateMention(m.start(), m.end(), iso, "day"))
    relative = {"de": {"gestern": -1, "vorgestern": -2, "heute": 0, "morgen": 1},
                "en": {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0, "tomorrow": 1}}[lang]
    for word, offset in relative.items():
        for m in re.finditer(rf"\b{word}\b", text, re.I if lang == "en" else 0):
            iso = (ref + dt.timedelta(days=offset)).isoformat() if ref else None
            found.append(DateMention(m.start(), m.end(), iso, "day"))
    for m in re.finditer(PERIODS[lang], text, re.I):
        found.append(DateMention(m.start(), m.end(), None, None))
    return _longest(found + find_periods(text, ref, lang))


def _longest(mentions: list[DateMention]) -> list[DateMention]:
    """Overlapping expressions keep the longest ("20. Januar 2017" over "Januar 2017" and "2017"), in text order."""
    kept: list[DateMention] = []
    for m in sorted(mentions, key=lambda d: (d.start - d.end, d.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda d: d.start)


def _is_anchor(text: str, mention: DateMention) -> bool:
    """True when the expression dates something else ("seit der Wahl am 8. November")."""
    before = text[max(0, mention.start - 40):mention.start].lower().split()
    return any(word in ANCHOR_PREPS for word in before[-4:])


def _governs(sentence: str, mention: DateMention, trigger_offset: int) -> bool:
    """A year modifying a noun dates that noun only: the trigger must be that noun ("the 2017
    memorandum", up to two words after the year; "das Abkommen von 2015", the word before)."""
    if mention.noun_side > 0:
        after = list(re.finditer(r"\S+", sentence[mention.end:]))[:MODIFIED_NOUN_WORDS]
        return bool(after) and mention.end <= trigger_offset < mention.end + after[-1].end()
    if mention.noun_side < 0:
        before = list(re.finditer(r"\S+", sentence[:mention.start]))
        return bool(before) and before[-1].start() <= trigger_offset < mention.start
    return True


def date_event(sentence: str, trigger_offset: int, article_date: str | None, lang: str) -> EventDate:
    """The date of an event whose trigger is at ``trigger_offset`` in ``sentence``.

    The nearest date expression that is not an anchor of another phrase (nor a year modifying
    another noun) wins, at its precision; a period that pins nothing gives no date; a sentence
    without any expression gives the article date, marked "publication".
    """
    mentions = [m for m in find_dates(sentence, article_date, lang)
                if not _is_anchor(sentence, m) and _governs(sentence, m, trigger_offset)]
    if not mentions:
        return EventDate(article_date, "day", "publication") if article_date else EventDate(None, None, None)
    nearest = min(mentions, key=lambda m: abs(m.start - trigger_offset))
    if nearest.iso is None or nearest.precision is None:
        return EventDate(None, None, None)
    return EventDate(nearest.iso, nearest.precision, "sentence")


def event_date(sentence: str, trigger_offset: int, article_date: str | None, lang: str) -> str | None:
    """The ISO event date alone (see :func:`date_event`)."""
    return date_event(sentence, trigger_offset, article_date, lang).iso
