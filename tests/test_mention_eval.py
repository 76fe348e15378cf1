"""The mention evaluation: actors the linker finds against the actors of annotated events."""
from __future__ import annotations

import json

import pytest

from diplokg.config import Config
from diplokg.mention_eval import evaluate_mentions, event_sentence_spans, main, read_gold
from diplokg.pipeline import Extractor

ARTICLE = {
    "article_id": "made-up-1", "lang": "en", "date": "2016-11-14",
    "text": "Russia criticised Germany on Monday. Later France praised Japan.",
    "events": [{"sentence": "Russia criticised Germany on Monday.", "cameo": "111", "relation": "criticize",
                "source": {"name": "Russia", "qid": "Q159", "type": "COUNTRY"},
                "target": {"name": "Poland", "qid": "Q36", "type": "COUNTRY"}}],
}


def _write(tmp_path, rows) -> str:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_sentence_scope_counts_only_event_sentences(tmp_path):
    report = evaluate_mentions([_write(tmp_path, [ARTICLE])], Extractor(Config(models={"en": "rules"})))
    sentences, article = report.counts["sentences"]["en"], report.counts["article"]["en"]
    assert (sentences.tp, sentences.fp, sentences.fn) == (1, 1, 1)      # Russia found, Germany extra, Poland missed
    assert (article.tp, article.fp, article.fn) == (1, 3, 1)            # France and Japan count in the article
    assert report.missed["en:Poland"] == 1 and report.spurious["en:Germany"] == 1


def test_event_sentence_spans_find_every_occurrence():
    text = "A met B. A met B."
    assert event_sentence_spans(text, [{"sentence": "A met B."}, {"sentence": ""}]) == [(0, 8), (9, 17)]


def test_a_malformed_line_is_named(tmp_path):
    path = _write(tmp_path, [ARTICLE, "{not json"])
    with pytest.raises(ValueError, match=r"gold.jsonl:2"):
        list(read_gold([path]))
    assert len(list(read_gold([_write(tmp_path, [ARTICLE])]))) == 1


def test_the_command_exits_non_zero_on_a_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere.jsonl"), "--model", "en=rules"]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main([_write(tmp_path, [ARTICLE]), "--model", "en=rules", "--errors", "3"]) == 0
    assert "sentences  en" in capsys.readouterr().out
