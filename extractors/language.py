"""Language identification for German and English news, without a model.

Counts frequent function words of the supported languages and of common
unsupported ones, so that a French or Spanish article is reported as
unsupported instead of being parsed as English.

>>> detect_language("Der Präsident hat am Montag mit dem Kanzler gesprochen.")
'de'
>>> detect_language("The president spoke with the chancellor on Monday.")
'en'
"""
from __future__ import annotations

import re

SUPPORTED = ("de", "en")

_STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset("der die das und ist nicht mit den dem des ein eine einen sich auf für von zu im am sie er es "
                    "wird wurde auch nach bei aus wie über hat haben sei seien dass oder noch nur zum zur vom "
                    "werden sind war waren einer eines ihre seine seiner seinen seinem ihrer ihren ihrem "
                    "vor seit wegen gegen unter zwischen durch ohne um bis ins beim zum bereits erst schon "
                    "sollte sollen soll will wollen kann können muss müssen hatte hatten habe wir ihr ich "
                    "diese dieser diesen dieses jedoch aber sowie sondern weil wenn als dann nun einmal "
                    "weitere weiteren mehr sehr keine kein".split()),
    "en": frozenset("the and is not with of to in on for a an that this by from as at was were be been has have "
                    "had it its he she they their said would will which who but or are "
                    "also both before after since during against between into about than then there these "
                    "those could should can may must did does do his her him them we our you your "
                    "while because however more most very no".split()),
    "fr": frozenset("le la les et est pas avec des du un une que qui dans pour sur par au aux il elle ils ont été "
                    "sont ce cette mais ou".split()),
    "es": frozenset("el la los las y es no con del un una que en por para al se su sus como pero fue son han "
                    "ha este esta".split()),
    "it": frozenset("il lo la gli le e è non con del della un una che per nel sono ha hanno questo questa ma "
                    "anche".split()),
    "nl": frozenset("de het een en is niet met van te op voor dat die zijn heeft hebben werd ook maar bij naar "
                    "om".split()),
    "pt": frozenset("o a os as e é não com do da um uma que em para por no na se seu sua foram são mas".split()),
    "pl": frozenset("i w nie na z się że do jest to jak po za od przez tym oraz ale".split()),
    "tr": frozenset("ve bir bu da de ile için olarak çok daha gibi ama olan".split()),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def language_scores(text: str, sample_chars: int = 20000) -> dict[str, float]:
    """Share of words in ``text`` that are function words of each language."""
    words = [w.lower() for w in _WORD.findall(text[:sample_chars])]
    if not words:
        return {lang: 0.0 for lang in _STOPWORDS}
    return {lang: sum(w in stops for w in words) / len(words) for lang, stops in _STOPWORDS.items()}


def detect_language(text: str, min_share: float = 0.08) -> str | None:
    """Return the ISO 639-1 code of the most likely language, or None if unclear.

    Only a clear winner counts: at least ``min_share`` of the words must be its
    function words. Non-Latin scripts (no Latin letters) return None.
    """
    scores = language_scores(text)
    best = max(scores, key=scores.get)
    if scores[best] < min_share:
        return None
    return best
