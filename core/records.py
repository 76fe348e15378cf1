"""Plain, JSON-serialisable records passed between the stages of the pipeline.

They hold no rdflib or spaCy objects, so every stage can be tested, pickled
across worker processes and written as JSON lines.
"""
from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from .errors import InputError

ACTOR_TYPES = ("PERSON", "COUNTRY", "GOVERNMENT", "ORGANIZATION", "GROUP", "LOCATION", "OTHER")
_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug for local actor keys ("Vuk Jeremić" -> "vuk-jeremic")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG.sub("-", text).strip("-")


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_day(value: Any, what: str = "date") -> str | None:
    """``value`` as ``YYYY-MM-DD`` (None for none): a ``date``/``datetime``, or text that starts with a real
    calendar day (a timestamp's time is dropped); anything else is an :class:`InputError` naming ``what``.

    >>> iso_day("2022-02-09T10:00:00Z"), iso_day(datetime.date(2022, 2, 9)), iso_day(None)
    ('2022-02-09', '2022-02-09', None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    day = text[:10]
    try:
        if _ISO_DAY.match(day) and text[10:11] in ("", "T", " "):
            return datetime.date.fromisoformat(day).isoformat()
    except ValueError:
        pass
    raise InputError(f"{what}: date {text[:40]!r} is not a calendar day YYYY-MM-DD")


@dataclass(frozen=True)
class Actor:
    """A canonical actor: Wikidata QID where known, else a stable local key."""

    key: str                      # QID ("Q7747") or local key ("local:ner:per:vuk-jeremic")
    name: str                     # canonical English label
    type: str                     # one of ACTOR_TYPES
    qid: str | None = None
    name_de: str | None = None
    country: str | None = None    # ISO3 of the actor's country, if any
    sector: str | None = None     # CAMEO/PLOVER sector code (GOV, MIL, REB, ...; ontology/gazetteer/sectors.tsv)

    @property
    def code(self) -> str | None:
        """The CAMEO-style actor code: country + sector ("RUSGOV"), the country alone ("RUS"), "IGO" for an
        intergovernmental organisation or its official, the sector alone when no country is known."""
        if self.sector == "IGO":
            return "IGO"
        return ((self.country or "") + (self.sector or "")) or None

    def as_gold(self) -> dict[str, Any]:
        """The actor as the gold format writes it (name, qid, type), plus country, sector and code when known."""
        gold: dict[str, Any] = {"name": self.name, "qid": self.qid, "type": self.type}
        for key, value in (("country", self.country), ("sector", self.sector), ("code", self.code)):
            if value is not None:
                gold[key] = value
        return gold


PLACE_KINDS = ("city", "region", "country")
LOCATION_SOURCES = ("sentence", "dateline")


@dataclass(frozen=True)
class Place:
    """Where an event happened: a gazetteer place with WGS84 coordinates and how it was found."""

    key: str                      # local slug ("moscow-rus", "country-rus"); the IRI uses the QID when known
    name: str                     # English name
    qid: str | None
    lat: float
    lon: float
    country: str | None           # ISO3
    kind: str                     # one of PLACE_KINDS
    source: str = "sentence"      # one of LOCATION_SOURCES: named in the sentence, or the article's dateline

    def to_json(self) -> dict[str, Any]:
        """The place as event JSON writes it."""
        return {"name": self.name, "qid": self.qid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "source": self.source}


@dataclass
class Article:
    """One news article as the extractors receive it."""

    id: str
    text: str
    lang: str | None = None       # "de", "en" or None (detect)
    date: str | None = None       # ISO publication date
    title: str | None = None
    source: str | None = None     # publisher
    url: str | None = None
    origin: str | None = None     # where it was read from (file, line)
    id_file: str | None = None    # the file whose name made the id (absolute path); None when the input gave the id

    def __post_init__(self) -> None:
        """An article built in Python is normalised as the file readers normalise one: the language
        code in lower case, the date as ``YYYY-MM-DD`` (a ``date``/``datetime`` or an ISO timestamp is
        accepted); a text that is not a string or a date that is not one is a one-line error here."""
        if not isinstance(self.text, str):
            raise InputError(f"article {self.id!r}: text must be a string, not {type(self.text).__name__}")
        if self.lang is not None:
            self.lang = str(self.lang).strip().lower() or None
        self.date = iso_day(self.date, f"article {self.id!r}")

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text: re-ingesting unchanged text is a no-op."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One coded event: source –relation→ target with its evidence sentence."""

    article_id: str
    source: Actor
    target: Actor | None
    relation: str
    cameo: str
    sentence: str
    start: int                    # character offsets of the sentence in the article text
    end: int
    event_date: str | None = None       # when the event happened: "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    negated: bool = False
    reported: bool = False
    speaker: Actor | None = None
    modality: str = "asserted"    # asserted | future | intention | hypothetical | possible
    confidence: float = 0.5
    trigger: str = ""             # the words that triggered the event (for inspection)
    lang: str | None = None
    extra_evidence: list[tuple[str, int, int]] = field(default_factory=list)
    date_precision: str | None = None   # "year" | "month" | "day" (of event_date)
    date_source: str | None = None      # "sentence" (the sentence dates it) | "publication" (the article date)
    publication_date: str | None = None  # the article's publication date (Article.date), for the JSON
    location: Place | None = None

    def to_json(self, cameo_info: Callable[[str], Any]) -> dict[str, Any]:
        """The event in the gold JSON-lines format plus provenance fields; ``cameo_info`` is
        :func:`diplokg.ontology.scheme.cameo_info`, passed in because records import nothing of ours."""
        try:
            info = cameo_info(self.cameo)
            goldstein, quad, ptype, pmode = info.goldstein, info.quad_class, info.plover_type, info.plover_mode
        except KeyError:
            goldstein = quad = ptype = pmode = None
        return {
            "article_id": self.article_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "source": self.source.as_gold(),
            "relation": self.relation,
            "cameo": self.cameo,
            "target": self.target.as_gold() if self.target else None,
            "event_date": self.event_date,
            "date_precision": self.date_precision,
            "date_source": self.date_source,
            "publication_date": self.publication_date,
            "negated": self.negated,
            "reported": self.reported,
            "speaker": self.speaker.as_gold() if self.speaker else None,
            "modality": self.modality,
            "confidence": round(self.confidence, 3),
            "goldstein": goldstein,
            "quad_class": quad,
            "plover": {"type": ptype, "mode": pmode},
            "trigger": self.trigger,
            "evidence": [{"sentence": s, "start": a, "end": b} for s, a, b in self.extra_evidence],
            "location": self.location.to_json() if self.location else None,
        }
