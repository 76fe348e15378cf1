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
from functools import lru_cache

SUPPORTED = ("de", "en")

_STOPWORDS: dict[str, frozenset[str]] = {
    "de": frozenset("der die das und ist nicht mit den dem des ein eine einen sich auf für von zu in im am sie er es "
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

    A clear winner counts: at least ``min_share`` of the words are its function words, more than any
    other supported language's (a tie with an unsupported language over shared words such as "die" goes
    to the supported one, as before). A short text with no function word at all ("Moscow slammed Kyiv"),
    or with as many German as English ones ("Putin trifft Trump in Helsinki"), is decided by the event lexicon's
    verbs and nouns in its lower-case words (:func:`lexicon_votes`). Non-Latin scripts return None.

    >>> detect_language("Putin kritisierte Merkel scharf.")
    'de'
    >>> detect_language("Renzi attacca Salvini.") is None
    True
    """
    scores = language_scores(text)
    top = max(scores.values())
    leaders = [lang for lang, share in scores.items() if share == top]     # function words shared: "die", "to"
    supported = [lang for lang in leaders if lang in SUPPORTED] if top else list(SUPPORTED)
    if top >= min_share and len(supported) <= 1:
        return (supported or leaders)[0]
    if not supported:
        return None
    votes = lexicon_votes(text)
    ranked = sorted(supported, key=votes.get, reverse=True) + [None]
    best, runner_up = ranked[0], ranked[1]
    if votes[best] and (runner_up is None or votes[best] > votes[runner_up]):
        return best
    return None


def unsupported_reason(lang: str | None) -> str | None:
    """Why an item in ``lang`` (None: not identified) is skipped, or None when the language is supported.

    >>> unsupported_reason("fr")
    "language 'fr' is not supported (supported: de, en)"
    """
    if lang in SUPPORTED:
        return None
    what = f"language {lang!r}" if lang else "an unidentified language"
    return f"{what} is not supported (supported: {', '.join(SUPPORTED)})"


def lexicon_votes(text: str) -> dict[str, int]:
    """Per supported language, how many lower-case words of ``text`` are (inflected) verbs or nouns of
    its event lexicon: "attacked" is "attack", "kritisierte" is "kritisieren".

    >>> lexicon_votes("Moscow slammed Kyiv")
    {'de': 0, 'en': 1}
    """
    words = [w.lower() for w in _WORD.findall(text[:2000]) if w[:1].islower() and len(w) > 2]
    known = _lexicon_words()
    return {lang: sum(bool(_inflected_forms(w, lang) & known[lang]) for w in words) for lang in SUPPORTED}


def _inflected_forms(word: str, lang: str) -> set[str]:
    """Base forms a word may be an inflection of (regular endings only)."""
    if lang == "en":                                        # attacks, attacked, agreed, slammed, denied, making
        return {word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-3] + "y"}
    return {word, word + "n", word[:-1] + "en", word[:-2] + "en", word[:-3] + "en"}   # kritisiert(e)(n), warnt


@lru_cache(maxsize=1)
def _lexicon_words() -> dict[str, frozenset[str]]:
    from ..ontology.lexicon import load_lexicon

    out = {}
    for lang in SUPPORTED:
        lexicon = load_lexicon(lang)
        out[lang] = frozenset(part for key in (*lexicon.verbs, *lexicon.light, *lexicon.nouns)
                              for part in key.lower().split() if len(part) > 2)
    return out
