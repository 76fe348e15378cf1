"""Plain, JSON-serialisable records passed between the stages of the pipeline.

They hold no rdflib or spaCy objects, so every stage can be tested, pickled
across worker processes and written as JSON lines.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

ACTOR_TYPES = ("PERSON", "COUNTRY", "GOVERNMENT", "ORGANIZATION", "GROUP", "LOCATION", "OTHER")
_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug for local actor keys ("Vuk Jeremić" -> "vuk-jeremic")."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG.sub("-", text).strip("-")


@dataclass(frozen=True)
class Actor:
    """A canonical actor: Wikidata QID where known, else a stable local key."""

    key: str                      # QID ("Q7747") or local key ("local:ner:per:vuk-jeremic")
    name: str                     # canonical English label
    type: str                     # one of ACTOR_TYPES
    qid: str | None = None
    name_de: str | None = None
    country: str | None = None    # ISO3 of the actor's country, if any

    def as_gold(self) -> dict[str, Any]:
        """The actor as the gold format writes it: name, qid, type."""
        return {"name": self.name, "qid": self.qid, "type": self.type}


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
    event_date: str | None = None
    negated: bool = False
    reported: bool = False
    speaker: Actor | None = None
    modality: str = "asserted"    # asserted | future | intention | hypothetical | possible
    confidence: float = 0.5
    trigger: str = ""             # the words that triggered the event (for inspection)
    lang: str | None = None
    extra_evidence: list[tuple[str, int, int]] = field(default_factory=list)

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
        }
