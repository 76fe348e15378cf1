"""Assembly: the coder's decisions become events with a relation label, date, flags and evidence.

The relation label comes from the lexicon trigger that fits the chosen code (else root)
nearest to the pair, otherwise from the CAMEO code's own label; the date from the
sentence around that trigger (else the article date); speaker and modality from the rule
tier's reading of the same pair when it has one.
"""
from __future__ import annotations

from ..ontology.scheme import cameo_info
from .coder import CodedCandidate
from ..core.records import Article, Event
from .dates import date_event


def _trigger_for(coded: CodedCandidate, triggers: list):
    """The lexicon trigger that best explains the decision: same code, else same root, nearest the source."""
    anchor = coded.candidate.source.head
    for fits in (lambda t: t.entry.cameo == coded.code, lambda t: t.entry.cameo[:2] == coded.root):
        found = [t for t in triggers if fits(t)]
        if found:
            return min(found, key=lambda t: abs(t.index - anchor))
    return None


def _label(code: str) -> str:
    try:
        return cameo_info(code).label
    except KeyError:
        return code


def assemble_events(coded: list[CodedCandidate], sent, triggers: list, rule_events: list, article: Article,
                    lang: str, text_offset: int = 0) -> list[Event]:
    """Events of one sentence from the coder's decisions."""
    s_text = sent.text.strip()
    s_start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
    rule_by_pair = {(e.source.key, e.target.key if e.target else None): e for e in rule_events}
    events = []
    for c in coded:
        cand = c.candidate
        trig = _trigger_for(c, triggers)
        relation = trig.entry.relation if trig is not None else _label(c.code)
        anchor = trig.index if trig is not None else cand.source.head
        trigger_text = sent.doc[trig.index].text if trig is not None else ""
        rule = rule_by_pair.get(cand.key)
        date = date_event(s_text, sent.doc[anchor].idx - s_start, article.date, lang)
        events.append(Event(
            article_id=article.id, source=cand.source.actor, target=cand.target.actor if cand.target else None,
            relation=relation, cameo=c.code, sentence=s_text, start=s_start + text_offset,
            end=s_start + text_offset + len(s_text), **date.event_fields(article.date), negated=c.negated,
            reported=c.reported,
            speaker=rule.speaker if rule is not None else None,
            modality=rule.modality if rule is not None else "asserted",
            confidence=c.probability, trigger=trigger_text, lang=lang))
    return events
