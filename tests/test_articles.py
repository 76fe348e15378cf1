"""Reading inputs: formats, metadata and bad input (one clear error per item, the rest goes on)."""
from __future__ import annotations

import json

from diplokg.extractors.articles import ReadError, decode_bytes, guess_date, read_articles
from diplokg.extractors.language import detect_language


def _read(paths):
    items = list(read_articles(paths))
    return [i for i in items if not isinstance(i, ReadError)], [i for i in items if isinstance(i, ReadError)]


def test_formats_and_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Titelzeile\n\nPutin traf Obama am Montag in Moskau.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Heading\n\nSome **bold** [link](http://x) text about NATO.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "x1", "lang": "en", "date": "2020-01-02",
                                                  "text": "The UN met."}) + "\n", encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,lang,date,title,text\ny1,de,2016-11-14,T,\"Merkel traf Macron, sagte sie.\"\n",
                                    encoding="utf-8")
    ok, bad = _read([tmp_path])
    assert not bad
    by_id = {a.id: a for a in ok}
    assert by_id["a"].title == "Titelzeile"
    assert "**" not in by_id["b"].text and "link" in by_id["b"].text
    assert by_id["x1"].date == "2020-01-02" and by_id["x1"].lang == "en"
    assert by_id["y1"].text.startswith("Merkel traf Macron")


def test_bad_inputs_each_get_one_error_and_the_rest_is_read(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin1.txt").write_bytes("Außenminister Steinmeier kritisierte Moskau.".encode("latin-1"))
    (tmp_path / "lines.jsonl").write_text('{"id": "ok1", "text": "Gut."}\n{"id": broken\n{"id": "nt"}\n',
                                          encoding="utf-8")
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>",
                                       encoding="utf-8")
    (tmp_path / "huge.txt").write_text("Wort " * 4_200_000, encoding="utf-8")      # ~21 MB
    ok, bad = _read([tmp_path])
    assert {a.id for a in ok} == {"latin1", "ok1"}
    assert next(a for a in ok if a.id == "latin1").text.startswith("Außenminister")
    messages = {e.item.rsplit("/", 1)[-1]: e.message for e in bad}
    assert messages["empty.txt"] == "empty file"
    assert "binary" in messages["binary.txt"]
    assert "malformed JSON" in messages["lines.jsonl:2"]
    assert "text" in messages["lines.jsonl:3"]
    assert "no article text" in messages["nav.html"]
    assert "too large" in messages["huge.txt"]
    assert all("\n" not in str(e) for e in bad)


def test_html_article_text_is_extracted(tmp_path):
    body = "".join(f"<p>Der Außenminister traf seinen Amtskollegen zum {i}. Mal in Wien, um über Sanktionen "
                   f"gegen Russland zu sprechen.</p>" for i in range(1, 8))
    (tmp_path / "page.html").write_text(f"<html><head><title>Treffen in Wien</title></head><body><nav>Menü</nav>"
                                        f"<article><h1>Treffen in Wien</h1>{body}</article></body></html>",
                                        encoding="utf-8")
    ok, bad = _read([tmp_path / "page.html"])
    assert not bad and "Sanktionen" in ok[0].text and "Menü" not in ok[0].text


def test_decode_and_agency_date():
    assert decode_bytes("Grüße".encode("cp1252")) == "Grüße"
    assert decode_bytes("\ufeffText".encode("utf-8")) == "Text"
    assert guess_date("Wien – Der Text endet so. (APA, 2.8.2015)") == "2015-08-02"


def test_language_detection():
    assert detect_language("Der Präsident hat am Montag mit der Kanzlerin in Berlin gesprochen.") == "de"
    assert detect_language("The president spoke with the chancellor in Berlin on Monday.") == "en"
    assert detect_language("Le président a parlé avec la chancelière à Berlin lundi et ils ont été contents.") == "fr"
    assert detect_language("12345 67890") is None


def test_language_of_short_sentences_with_few_function_words():
    """Single sentences (coded sentence lists, headlines' first lines) name their language by modal verbs,
    possessives and adverbs as well as articles; another language's sentence is still not taken for them."""
    assert detect_language("Kiew sollte einmal seiner Linie treu bleiben.") == "de"
    assert detect_language("Both leaders could meet before Christmas.") == "en"
    assert detect_language("Seit Jahren streiten Athen und Ankara wegen Zypern.") == "de"
    assert detect_language("De minister is niet blij met het besluit van de regering.") == "nl"
    assert detect_language("Sánchez critica a Rajoy por la corrupción.") == "es"


def test_headline_sentences_without_function_words_go_by_the_event_lexicon():
    """No article, no preposition: the inflected event verb names the language; nothing known, no guess."""
    assert detect_language("Ankara verurteilte Athen scharf.") == "de"
    assert detect_language("Moscow slammed Kyiv") == "en"
    assert detect_language("Kremlin denies claims") == "en"
    assert detect_language("Macron critique Merkel.") is None
    # "in" is German as much as English: a tie the lexicon cannot break is no guess, not English
    assert detect_language("Lukaschenko trifft Putin in Minsk") is None
