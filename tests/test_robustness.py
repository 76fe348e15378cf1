"""Extraction never crashes or hangs on odd input, with a model or on the rule tier."""
from __future__ import annotations

import json
import re
import time

import pytest
from conftest import GOLD, need
from diplokg.core.records import Article

from diplokg.config import Config
from diplokg.pipeline import Extractor

ODD_TEXTS = {
    "long-sentence": " ".join(["Putin kritisierte Obama und Merkel lobte Macron"] * 300),   # ~2,100 tokens
    "no-punctuation": "putin trump moskau washington " * 200,
    "control-chars": "Putin\x00 traf\x07 Obama\x1b[31m am Montag.\x0c Merkel\u200b lobte Macron.",
    "mixed-language": "Putin traf Obama in Moskau. The president said that Russia supports Syria.",
    "only-symbols": "!!! ??? ... --- ### " * 50,
}


@pytest.mark.parametrize("tier", ["rules", "model"])
@pytest.mark.parametrize("name", sorted(ODD_TEXTS))
def test_odd_texts(name, tier, de_model):
    ex = Extractor(Config(models={"de": de_model if tier == "model" else "rules"}, max_seconds_per_article=30))
    started = time.monotonic()
    result = ex.extract(Article(name, ODD_TEXTS[name], lang="de", date="2016-11-14"))
    assert time.monotonic() - started < 60
    assert result.error is None, result.error
    for ev in result.events:
        assert ev.sentence and ev.start < ev.end


def test_unsupported_language_is_skipped_with_reason():
    ex = Extractor(Config(models={"de": "rules", "en": "rules"}))
    result = ex.extract(Article("fr", "Le président a parlé avec la chancelière et ils ont été d'accord sur la paix."))
    assert result.skipped and "not supported" in result.skipped and not result.events


def test_rule_tier_runs_over_every_gold_article():
    """The rule tier (no parser) reads real articles in both languages without errors."""
    ex = Extractor(Config(models={"de": "rules", "en": "rules"}))
    rows = [json.loads(l) for l in need(GOLD).read_text(encoding="utf-8").splitlines() if l.strip()]
    articles = [Article(r["article_id"], r["text"], lang=r["lang"], date=r.get("date")) for r in rows]
    results = list(ex.pipe(articles))
    assert len(results) == len(rows)
    assert all(r.error is None for r in results)
    assert sum(len(r.events) for r in results) > 10


# --- long texts: parsed in parts, time checked between parts (issue 17) ---------------------------

FILLER = "Die Delegationen sprachen lange über Handel, Energie und Verkehr. "


EVENT_SENTENCES = ("Putin kritisierte Obama scharf.", "Merkel lobte Macron.", "Erdogan drohte der EU.")


def _long_article(paragraphs: int, events_at: tuple[int, ...]) -> str:
    parts = []
    for i in range(paragraphs):
        body = FILLER * 3
        if i in events_at:
            body += EVENT_SENTENCES[events_at.index(i)] + " " + FILLER
        parts.append(body.strip())
    return "\n\n".join(parts)


def test_events_in_later_parts_keep_offsets_into_the_whole_text():
    text = _long_article(12, events_at=(1, 9))
    whole = Extractor(Config(models={"de": "rules"})).extract(Article("w", text, lang="de", date="2016-11-14"))
    parted_ex = Extractor(Config(models={"de": "rules"}, max_chars_per_part=500))
    parted = parted_ex.extract(Article("p", text, lang="de", date="2016-11-14"))
    assert parted.error is None and whole.error is None
    assert len(text) > 4 * 500                                      # several parts, events in the 1st and a later one
    assert sorted(e.sentence for e in parted.events) == sorted(EVENT_SENTENCES[:2])
    assert max(e.start for e in parted.events) > 4 * 500
    for ev in parted.events:
        assert text[ev.start:ev.end] == ev.sentence
    assert [(e.cameo, e.start, e.end, e.extra_evidence) for e in parted.events] == \
           [(e.cameo, e.start, e.end, e.extra_evidence) for e in whole.events]


def test_text_parts_cover_the_text_and_cut_at_boundaries():
    from diplokg.extractors.chunking import text_parts

    text = _long_article(30, events_at=())
    spans = text_parts(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= 1000 for start, end in spans)
    assert all(text[start - 2:start] == "\n\n" for start, _ in spans[1:])          # at paragraph breaks
    no_paragraphs = text.replace("\n\n", " ")
    assert all(no_paragraphs[start - 2:start] == ". " for start, _ in text_parts(no_paragraphs, 1000)[1:])
    words = "wort " * 1000
    assert all(words[start - 1] == " " for start, _ in text_parts(words, 333)[1:])
    assert text_parts("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_four_megabytes_of_short_words_stop_at_the_time_limit():
    """The report's 13 GB / 300 s article: parsed in parts, it stops at the limit with what it found."""
    words = "er sie es wir ihr und auch noch so".split()
    text = " ".join(words[i % len(words)] for i in range(1_050_000))
    assert 3_900_000 < len(text.encode("utf-8")) < 5_000_000          # under the 5 MB item limit
    ex = Extractor(Config(models={"de": "rules"}, max_seconds_per_article=1))
    result = ex.extract(Article("huge", text, lang="de", date="2016-11-14"))
    assert result.error and result.error.startswith("time limit of 1s per article reached after ")
    # stopped between parts ("after 3 of 43 parts") or inside one ("... (in part 1 of 43, ...)")
    between = re.search(r"after (\d+) of (\d+) parts", result.error)
    inside = re.search(r"in part (\d+) of (\d+),", result.error)
    done, total = (int(n) for n in (between or inside).groups())
    assert total == len(text) // 100_000 + 1 and done < total
    assert result.sentences >= 1                                     # what it read before the limit counts


def test_a_long_text_under_the_limit_is_read_completely():
    text = _long_article(40, events_at=(38,))
    ex = Extractor(Config(models={"de": "rules"}, max_chars_per_part=800, max_seconds_per_article=60))
    result = ex.extract(Article("l", text, lang="de", date="2016-11-14"))
    assert result.error is None and len(result.events) == 1
    assert text[result.events[0].start:result.events[0].end] == EVENT_SENTENCES[0]
    assert result.events[0].start > len(text) - 600


def test_time_limit_is_checked_between_parts(monkeypatch):
    ex = Extractor(Config(models={"de": "rules"}, max_chars_per_part=500, max_seconds_per_article=0.8))
    ex.extract(Article("warm-up", "Putin kritisierte Obama.", lang="de"))     # loads the pipeline and lookups
    real = Extractor._events_of_doc
    parsed: list[int] = []

    def slow_events_of_doc(self, tools, article, doc, *args, **kwargs):
        parsed.append(len(doc.text))
        time.sleep(0.5)
        return real(self, tools, article, doc, *args, **kwargs)

    monkeypatch.setattr(Extractor, "_events_of_doc", slow_events_of_doc)
    text = _long_article(20, events_at=(0,))
    result = ex.extract(Article("t", text, lang="de", date="2016-11-14"))
    assert len(parsed) == 2 and all(n <= 500 for n in parsed)        # the third part was never parsed
    assert re.fullmatch(r"time limit of 0\.8s per article reached after 2 of \d+ parts \([\d,]+ of [\d,]+ characters\)",
                        result.error)
    assert [e.sentence for e in result.events] == [EVENT_SENTENCES[0]]   # what was found is kept
