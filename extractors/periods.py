"""Year and month expressions: "in 2014", "a 2017 memorandum", "im März 2019", "Anfang 2015", "last year".

They date an event at year or month precision (:mod:`diplokg.extractors.dates` resolves
days). Relative ones resolve against the article date ("im vergangenen Jahr" in a 2016
article is 2016 - 1 = 2015). A year that modifies a noun ("the 2017 memorandum", "das
Abkommen von 2015") dates that noun only, so the mention records which side its noun is on.

>>> [(m.iso, m.precision) for m in find_periods("Russland hatte die Krim im März 2014 annektiert.", None, "de")]
[('2014-03', 'month')]
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH_NAMES = {
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
_MONTH_ABBREVIATIONS = {"Jänner": 1, "Jan.": 1, "Feb.": 2, "Aug.": 8, "Sept.": 9, "Sep.": 9, "Oct.": 10,
                        "Okt.": 10, "Nov.": 11, "Dec.": 12, "Dez.": 12}
YEAR = r"(?:19|20)\d{2}"
# "Anfang 2015", "Ende März", "early 2015", "mid-March": the qualifier keeps the period's precision
QUALIFIERS = {"de": r"(?i:Anfang|Mitte|Ende|Frühjahr|Sommer|Herbst|Winter|Beginn)(?:\s+des\s+Jahres)?",
              "en": r"(?i:early|mid-?|late|the (?:spring|summer|autumn|fall|winter|end|beginning|start) of)"}
# case-insensitive ((?i:...)) for sentence-initial capitals; month names stay case-sensitive ("May")
# words that put a period in time ("im", "in", "during"); "seit"/"since" make it an anchor (dates.py)
LEADS = {"de": r"(?i:im\s+Jahr(?:e)?|im|in|des\s+Jahres|während\s+des\s+Jahres)",
         "en": r"(?i:in|during|in the year|throughout)"}
DETERMINERS = {"de": r"(?i:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|seine[mnrs]?|ihre[mnrs]?)",
               "en": r"(?i:a|an|the|its|their|his|her|[A-Za-z]+'s)"}
POSTMODIFIER = {"de": r"(?i:von|vom|aus\s+dem\s+Jahr(?:e)?)", "en": r"(?i:of|from)"}
NUMBER_WORDS = {"ein": 1, "einem": 1, "einen": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
                "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3,
                "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# relative periods: per unit the patterns of the previous, the current and the next one (offsets -1, 0, +1)
_PAST_DE, _THIS_DE, _NEXT_DE = r"(?:vergangene[nms]?|letzte[nms]?|vorige[nms]?)", r"diese[nms]?", \
    r"(?:kommende[nms]?|nächste[nms]?)"
RELATIVE = {
    "de": {"year": (rf"(?:im\s+)?{_PAST_DE}\s+Jahr(?:es)?|im\s+Vorjahr",
                    rf"(?:in\s+)?{_THIS_DE}\s+Jahr(?:es)?|im\s+laufenden\s+Jahr|des\s+laufenden\s+Jahres",
                    rf"(?:im\s+)?{_NEXT_DE}\s+Jahr(?:es)?"),
           "month": (rf"(?:im\s+)?{_PAST_DE}\s+Monat(?:s)?|im\s+Vormonat", rf"(?:in\s+)?{_THIS_DE}\s+Monat(?:s)?",
                     rf"(?:im\s+)?{_NEXT_DE}\s+Monat(?:s)?")},
    "en": {"year": (r"last\s+year|the\s+previous\s+year|the\s+year\s+before", r"(?:(?:earlier|later)\s+)?this\s+year",
                    r"next\s+year"),
           "month": (r"last\s+month", r"(?:(?:earlier|later)\s+)?this\s+month", r"next\s+month")},
}
AGO = {"de": r"vor\s+({n})\s+(Jahr|Monat)(?:en|e|s)?", "en": r"({n})\s+(year|month)s?\s+ago"}


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text: character span, resolved ISO date (``YYYY[-MM[-DD]]``) or None.

    ``precision`` is "day", "month" or "year", or None for a period that pins none ("last week");
    ``noun_side`` is +1 / -1 when the expression modifies the noun after / before it ("the 2017
    memorandum", "das Abkommen von 2015") and so dates that noun only, else 0.
    """

    start: int
    end: int
    iso: str | None
    precision: str | None
    noun_side: int = 0

    @property
    def pinned(self) -> bool:
        """True when the expression names a day."""
        return self.precision == "day"


def month_number(word: str) -> int | None:
    """1-12 for a German or English month name or abbreviation (any case), else None."""
    folded = word.strip().lower()
    for names in MONTH_NAMES.values():
        lowered = [n.lower() for n in names]
        if folded.rstrip(".") in lowered:
            return lowered.index(folded.rstrip(".")) + 1
    return next((n for k, n in _MONTH_ABBREVIATIONS.items() if k.lower().rstrip(".") == folded.rstrip(".")), None)


def nearest_year_of_month(ref: dt.date | None, month: int) -> int | None:
    """The year that puts ``month`` nearest the article date (March in a May 2019 article: 2019)."""
    if ref is None:
        return None
    return min((ref.year - 1, ref.year, ref.year + 1),
               key=lambda y: abs((dt.date(y, month, 15) - ref).days))


def shift_month(ref: dt.date, months: int) -> str:
    """The ``YYYY-MM`` of the month ``months`` after the article date's month."""
    index = ref.year * 12 + ref.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _months_pattern(lang: str) -> str:
    names = MONTH_NAMES[lang] + [k.rstrip(".") + r"\." if k.endswith(".") else k for k in _MONTH_ABBREVIATIONS]
    return "(?:" + "|".join(sorted(names, key=len, reverse=True)) + ")"


def _month_mentions(text: str, ref: dt.date | None, lang: str) -> list[DateMention]:
    """ "im März 2019", "March 2019", "Anfang März", "in March": month precision."""
    months = _months_pattern(lang)
    out = []
    with_year = rf"(?:\b(?:{LEADS[lang]}|{QUALIFIERS[lang]})\s+)?\b({months})\s+({YEAR})\b"
    for m in re.finditer(with_year, text):
        out.append(DateMention(m.start(), m.end(), f"{m[2]}-{month_number(m[1]):02d}", "month"))
    # a month alone needs a lead or qualifier ("im März", "early May"): "May" alone is mostly a verb
    alone = rf"\b(?:{LEADS[lang]}|{QUALIFIERS[lang]})\s*({months})\b(?!\s*\d)"
    for m in re.finditer(alone, text):
        month = month_number(m[1])
        year = nearest_year_of_month(ref, month)
        out.append(DateMention(m.start(), m.end(), f"{year}-{month:02d}" if year else None, "month"))
    return out


def _year_mentions(text: str, lang: str) -> list[DateMention]:
    """ "in 2014", "im Jahr 2014", "Anfang 2015", "the 2017 memorandum", "das Abkommen von 2015": year precision."""
    out = [DateMention(m.start(), m.end(), m[1], "year")
           for m in re.finditer(rf"\b(?:{LEADS[lang]}|{QUALIFIERS[lang]})\s+({YEAR})\b(?![.,]?\d)", text)]
    # "in the 2016 election": the lead dates the sentence's event, not just the noun
    lead_det = rf"\b(?:{LEADS[lang]})\s+{DETERMINERS[lang]}\s+({YEAR})\b(?=\s+\w)"
    out += [DateMention(m.start(), m.end(), m[1], "year") for m in re.finditer(lead_det, text)]
    noun_mod = rf"\b{DETERMINERS[lang]}\s+({YEAR})\b(?=\s+\w)"
    out += [DateMention(m.start(1), m.end(1), m[1], "year", noun_side=1) for m in re.finditer(noun_mod, text)]
    post = rf"\b{POSTMODIFIER[lang]}\s+({YEAR})\b(?![.,]?\d)"
    out += [DateMention(m.start(), m.end(), m[1], "year", noun_side=-1) for m in re.finditer(post, text)]
    if lang == "de":
        # "2014 annektierte Russland die Krim": a year opening a clause before a (lower-case) verb
        out += [DateMention(m.start(1), m.end(1), m[1], "year")
                for m in re.finditer(rf"(?:^|[,;:]\s+)({YEAR})\s+(?=[a-zäöüß])", text)]
    return out


def _relative_mentions(text: str, ref: dt.date | None, lang: str) -> list[DateMention]:
    """ "im vergangenen Jahr", "this month", "vor zwei Jahren", "three years ago": year or month precision."""
    out = []
    for unit, patterns in RELATIVE[lang].items():
        for offset, pattern in zip((-1, 0, 1), patterns):
            for m in re.finditer(rf"\b(?:{pattern})\b", text, re.I):
                out.append(_relative(m, ref, unit, offset))
    numbers = "|".join(NUMBER_WORDS) + r"|\d{1,2}"
    for m in re.finditer(rf"\b{AGO[lang].format(n=numbers)}\b", text, re.I):
        n = int(m[1]) if m[1].isdigit() else NUMBER_WORDS[m[1].lower()]
        unit = "year" if m[2].lower() in ("jahr", "year") else "month"
        out.append(_relative(m, ref, unit, -n))
    return out


def _relative(m: re.Match, ref: dt.date | None, unit: str, offset: int) -> DateMention:
    if ref is None:
        return DateMention(m.start(), m.end(), None, unit)
    iso = f"{ref.year + offset:04d}" if unit == "year" else shift_month(ref, offset)
    return DateMention(m.start(), m.end(), iso, unit)


def find_periods(text: str, ref: dt.date | None, lang: str) -> list[DateMention]:
    """Year and month expressions of ``text`` (overlapping ones included; the caller keeps the longest)."""
    lang = lang if lang in MONTH_NAMES else "en"
    return _month_mentions(text, ref, lang) + _year_mentions(text, lang) + _relative_mentions(text, ref, lang)
