"""Bad input never reaches mapping: invalid Unicode, unreadable files, guessed encodings, broken CSV quoting.

Issue 17's reproductions: a lone surrogate at line 300 of 500 JSONL lines, an unreadable .jsonl/.csv
among good files, one invalid UTF-8 byte, UTF-16 with a BOM, a CSV with an unterminated quote.
"""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from diplokg.extractors.articles import ReadError, read_articles
from diplokg.extractors.csv_input import CsvProblem, CsvRecord, csv_records
from diplokg.extractors.decoding import decode_text

from diplokg.cli import main

RULES = ["--model", "de=rules", "--model", "en=rules", "--workers", "1", "-q"]
SENTENCE = "Putin kritisierte Obama am Montag in Moskau."


def _read(paths, notices=None):
    items = list(read_articles(paths, on_notice=(notices.append if notices is not None else print)))
    return [i for i in items if not isinstance(i, ReadError)], [i for i in items if isinstance(i, ReadError)]


def _ingest(capsys, *args) -> tuple[int, str, str]:
    code = main(["ingest", *args, *RULES])
    out, err = capsys.readouterr()
    return code, out, err


def _stored_ids(store: Path) -> set[str]:
    from diplokg.graph.rdf.store import open_store

    kg = open_store(store)
    try:
        return set(kg.article_hashes())
    finally:
        kg.close()


def _surrogate_lines(field: str) -> tuple[list[str], dict]:
    lines = [json.dumps({"id": f"a{i}", "lang": "de", "date": "2016-11-14", "title": f"T{i}", "url": f"https://x/{i}",
                         "source": "APA", "text": f"{SENTENCE} Meldung {i}."}) for i in range(1, 501)]
    bad = json.loads(lines[299])
    bad[field] = bad[field] + "\udc00" if field == "text" else "\ud800"
    lines[299] = json.dumps(bad)                  # ensure_ascii: written as the escape "\ud800", as in the report
    assert "\\ud800" in lines[299] or "\\udc00" in lines[299]
    return lines, bad


def test_lone_surrogate_at_line_300_of_500_is_one_error_and_the_rest_is_stored(tmp_path, capsys):
    lines, _ = _surrogate_lines("title")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "kg"

    code, out, err = _ingest(capsys, str(source), "--store", str(store), "--batch-size", "50")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1
    assert errors == [f"error: {source}:300: field 'title' is not valid Unicode (unpaired surrogate U+D800 "
                      f"at character 1)"]
    assert "articles: 499 stored" in out
    stored = _stored_ids(store)
    assert len(stored) == 499 and "a299" in stored and "a301" in stored and "a500" in stored and "a300" not in stored

    code, out, err = _ingest(capsys, str(source), "--store", str(store))     # a rerun changes nothing
    assert code == 1 and "0 stored, 499 unchanged" in out and "errors: 1" in out
    assert _stored_ids(store) == stored


@pytest.mark.parametrize("field", ["id", "url", "source", "text", "lang", "date"])
def test_lone_surrogate_in_any_field_is_refused_with_its_line(tmp_path, field):
    lines, bad = _surrogate_lines(field)
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ok, errors = _read([source])
    position = len(bad["text"]) if field == "text" else 1
    code = "DC00" if field == "text" else "D800"
    assert len(ok) == 499 and ok[-1].id == "a500"
    assert [(e.item, e.message) for e in errors] == [
        (f"{source}:300", f"field {field!r} is not valid Unicode (unpaired surrogate U+{code} at character {position})")]


def test_a_fault_while_mapping_or_storing_one_article_costs_that_article_only(tmp_path, capsys, monkeypatch):
    from diplokg.graph.rdf.store import EmbeddedStore

    import diplokg.ingest as ingest_module

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{i}", "lang": "de", "text": f"{SENTENCE} {i}."}) + "\n"
                              for i in range(1, 9)), encoding="utf-8")
    real_map, real_write = ingest_module.map_article, EmbeddedStore.write_articles

    def map_article(article, *args):
        if article.id == "a3":
            raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")
        return real_map(article, *args)

    def write_articles(self, batch):
        batch = list(batch)
        if any(item.graph.value.endswith("/a6") for item in batch):
            raise ValueError("refused by the store")
        return real_write(self, batch)

    monkeypatch.setattr(ingest_module, "map_article", map_article)
    monkeypatch.setattr(EmbeddedStore, "write_articles", write_articles)
    code, out, err = _ingest(capsys, str(source), "--store", str(tmp_path / "kg"), "--batch-size", "4")
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert code == 1 and "articles: 6 stored" in out
    assert errors == [f"error: {source}:3: cannot be stored (UnicodeEncodeError: 'utf-8' codec can't encode "
                      f"character '\\x78' in position 0: surrogates not allowed)",
                      f"error: {source}:6: cannot be stored (ValueError: refused by the store)"]
    assert _stored_ids(tmp_path / "kg") == {"a1", "a2", "a4", "a5", "a7", "a8"}


def test_a_store_that_refuses_every_write_still_fails_the_run(tmp_path, monkeypatch):
    from diplokg.graph.rdf.store import EmbeddedStore

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{i}", "lang": "de", "text": SENTENCE}) + "\n" for i in range(3)),
                      encoding="utf-8")

    def write_articles(self, batch):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(EmbeddedStore, "write_articles", write_articles)
    assert main(["ingest", str(source), "--store", str(tmp_path / "kg"), *RULES]) == 2


@pytest.mark.parametrize("value, why", [({"a": 1}, "an object"), (["x"], "a list"), (True, "true/false")])
def test_fields_that_are_not_strings_are_refused_by_name(tmp_path, value, why):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "ok", "text": SENTENCE}) + "\n"
                      + json.dumps({"id": "bad", "title": value, "text": SENTENCE}) + "\n"
                      + json.dumps({"id": 7, "title": 2016, "text": SENTENCE}) + "\n", encoding="utf-8")
    ok, bad = _read([source])
    assert [a.id for a in ok] == ["ok", "7"] and ok[1].title == "2016"
    assert [(e.item, e.message) for e in bad] == [(f"{source}:2", f"field 'title' must be a string, not {why}")]


def test_metadata_is_made_one_line(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": " x1", "title": "Zeile\neins\u2028zwei\x00", "lang": " DE ",
                                  "text": SENTENCE}) + "\n", encoding="utf-8")
    ok, bad = _read([source])
    assert not bad and ok[0].title == "Zeile eins zwei" and ok[0].lang == "de"
    assert ok[0].id == " x1"                                 # ids stay as given: stored articles are found by them


def _unreadable(monkeypatch, *names: str) -> None:
    """Make ``Path.open``/``read_bytes`` of the named files fail as chmod 000 does (tests run as root)."""
    real_open = Path.open

    def guarded_open(self, *args, **kwargs):
        if self.name in names:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)


def _six_good_articles(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(f"{SENTENCE}", encoding="utf-8")
    (folder / "b.jsonl").write_text("".join(json.dumps({"id": f"b{i}", "text": f"{SENTENCE} {i}."}) + "\n"
                                            for i in range(3)), encoding="utf-8")
    (folder / "c.csv").write_text(f'id,text\nc1,"{SENTENCE}"\nc2,"{SENTENCE} Zwei."\n', encoding="utf-8")
    (folder / "locked.jsonl").write_text(json.dumps({"id": "l1", "text": SENTENCE}) + "\n", encoding="utf-8")
    (folder / "locked.csv").write_text(f'id,text\nl2,"{SENTENCE}"\n', encoding="utf-8")


def test_unreadable_jsonl_and_csv_in_a_folder_are_one_error_each(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "in"
    _six_good_articles(folder)
    (folder / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    _unreadable(monkeypatch, "locked.jsonl", "locked.csv")
    store = tmp_path / "kg"
    code, out, err = _ingest(capsys, str(folder), "--store", str(store), "--lang", "de")
    errors = sorted(line for line in err.splitlines() if line.startswith("error:"))
    assert code == 1
    assert errors == [f"error: {folder / 'gone.jsonl'}: broken symbolic link (its target does not exist)",
                      f"error: {folder / 'locked.csv'}: cannot read: Permission denied",
                      f"error: {folder / 'locked.jsonl'}: cannot read: Permission denied"]
    assert "articles: 6 stored" in out
    assert _stored_ids(store) == {"a", "b0", "b1", "b2", "c1", "c2"}


def test_a_read_failing_midway_keeps_the_lines_before_and_names_the_line(tmp_path, monkeypatch):
    source = tmp_path / "x.jsonl"
    source.write_text("".join(json.dumps({"id": f"x{i}", "text": SENTENCE}) + "\n" for i in range(5)),
                      encoding="utf-8")
    real_open = Path.open

    class FailingAfterTwo:
        def __init__(self, handle):
            self.handle, self.lines = handle, 0

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def readline(self, limit=-1):
            if self.lines == 2:
                raise OSError(5, "Input/output error")
            self.lines += 1
            return self.handle.readline(limit)

    monkeypatch.setattr(Path, "open", lambda self, *a, **k: FailingAfterTwo(real_open(self, *a, **k)))
    ok, bad = _read([source])
    assert [a.id for a in ok] == ["x0", "x1"]
    assert [(e.item, e.message) for e in bad] == [(f"{source}:3", "cannot read: Input/output error")]


def test_unlistable_subfolder_is_one_error(tmp_path, monkeypatch):
    import os

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(SENTENCE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    ok, bad = _read([folder])
    assert [a.id for a in ok] == ["a"]
    assert [(e.item, e.message) for e in bad] == [(str(folder / "sub"), "cannot list folder: Permission denied")]


# --- decoding -----------------------------------------------------------------------------------

GERMAN = "Der Ministerpräsident Müller traf den Außenminister in Wien und lobte die Gespräche."


def test_one_invalid_byte_keeps_the_rest_utf8_and_says_so(tmp_path, capsys):
    data = GERMAN.encode("utf-8").replace(b"Wien", b"Wi\xe9n")           # one Latin-1 byte in UTF-8 text
    (tmp_path / "mixed.txt").write_bytes(data)
    offset = data.index(b"\xe9")
    notices: list[str] = []
    ok, bad = _read([tmp_path / "mixed.txt"], notices)
    assert not bad and ok[0].text == GERMAN.replace("Wien", "Wién")
    assert "Ã" not in ok[0].text
    assert notices == [f"{tmp_path / 'mixed.txt'}: not valid UTF-8 (1 byte, the first at byte {offset}); "
                       f"read it as Windows-1252"]

    code, out, err = _ingest(capsys, str(tmp_path / "mixed.txt"), "--store", str(tmp_path / "kg"))
    assert code == 0 and "articles: 1 stored" in out
    assert f"notice: {notices[0]}" in err.splitlines()


def test_valid_utf8_gets_no_notice(tmp_path):
    (tmp_path / "ok.txt").write_text(GERMAN, encoding="utf-8")
    notices: list[str] = []
    ok, bad = _read([tmp_path / "ok.txt"], notices)
    assert ok[0].text == GERMAN and not bad and notices == []


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-8", codecs.BOM_UTF8), ("utf-32-le", codecs.BOM_UTF32_LE)])
def test_byte_order_marks_decide_the_encoding(tmp_path, encoding, bom):
    (tmp_path / "a.txt").write_bytes(bom + f"Titel\n\n{GERMAN}".encode(encoding))
    (tmp_path / "b.jsonl").write_bytes(bom + "".join(json.dumps({"id": f"j{i}", "text": GERMAN}, ensure_ascii=False)
                                                     + "\n" for i in range(2)).encode(encoding))
    (tmp_path / "c.csv").write_bytes(bom + f'id,text\r\nc1,"{GERMAN}"\r\n'.encode(encoding))
    notices: list[str] = []
    ok, bad = _read([tmp_path], notices)
    assert not bad and not notices
    assert {a.id: a.text for a in ok} == {"a": f"Titel\n\n{GERMAN}", "j0": GERMAN, "j1": GERMAN, "c1": GERMAN}


def test_utf16_without_bom_is_read_with_a_notice(tmp_path):
    (tmp_path / "a.txt").write_bytes(GERMAN.encode("utf-16-le"))
    notices: list[str] = []
    ok, bad = _read([tmp_path], notices)
    assert not bad and ok[0].text == GERMAN
    assert notices == [f"{tmp_path / 'a.txt'}: no byte-order mark; read as UTF-16-LE"]


def test_windows_1252_csv_gets_one_notice_per_file(tmp_path):
    rows = "".join(f'r{i},"{GERMAN} „Zitat“ {i}"\r\n' for i in range(3))
    (tmp_path / "w.csv").write_bytes(("id,text\r\n" + rows).encode("cp1252"))
    notices: list[str] = []
    ok, bad = _read([tmp_path / "w.csv"], notices)
    assert not bad and [a.text for a in ok] == [f"{GERMAN} „Zitat“ {i}" for i in range(3)]
    assert notices == [f"{tmp_path / 'w.csv'}: not valid UTF-8 on 3 lines (the first: line 2); "
                       f"read the invalid bytes as Windows-1252"]


def test_declared_html_charset_is_used_before_the_fallback():
    page = '<html><head><meta charset="iso-8859-2"></head><body>Łódź, Gdańsk</body></html>'.encode("iso-8859-2")
    decoded = decode_text(page, declared=True)
    assert "Łódź, Gdańsk" in decoded.text and decoded.notice is None
    xml = '<?xml version="1.0" encoding="koi8-r"?><t>Москва</t>'.encode("koi8-r")
    assert "Москва" in decode_text(xml, declared=True).text
    assert decode_text(page).notice is not None                     # not a web page: no declaration read


def test_binary_is_still_refused():
    with pytest.raises(ValueError, match="binary"):
        decode_text(bytes(range(256)) * 10)
    with pytest.raises(ValueError, match="binary"):
        decode_text(b"PK\x03\x04\x00\x00" * 100)


# --- CSV quoting --------------------------------------------------------------------------------

def test_unterminated_quote_costs_one_row_and_names_the_lines(tmp_path):
    source = tmp_path / "q.csv"
    source.write_text("id,lang,text\n"
                      'g1,de,"Putin kritisierte Obama, sagte er."\n'
                      'bad,de,"Merkel lobte Macron ohne Ende\n'                  # line 3: quote never closed
                      "g2,de,Steinmeier traf Lawrow in Moskau.\n"
                      'g3,de,"Erdogan warnte die EU, hieß es."\n'
                      "g4,de,Die NATO verurteilte Russland.\n", encoding="utf-8")
    ok, bad = _read([source])
    assert [a.id for a in ok] == ["g1", "g2", "g3", "g4"]
    assert ok[1].text == "Steinmeier traf Lawrow in Moskau." and ok[2].text == "Erdogan warnte die EU, hieß es."
    assert [(e.item, e.message) for e in bad] == [
        (f"{source}:3", "malformed CSV in lines 3-5: a quote inside a quoted field is not doubled (\"\") or the "
                        "closing quote is missing; line 3 skipped, reading on from line 4")]


def test_quote_open_to_the_end_of_the_file(tmp_path):
    source = tmp_path / "q.csv"
    source.write_text('id,text\ng1,Gut.\nbad,"Offen\ng2,Auch gut.\ng3,Noch eins.\n', encoding="utf-8")
    ok, bad = _read([source])
    assert [a.id for a in ok] == ["g1", "g2", "g3"]
    assert [(e.item, e.message) for e in bad] == [
        (f"{source}:3", "malformed CSV in lines 3-5: a quoted field opened on line 3 is never closed; "
                        "line 3 skipped, reading on from line 4")]


def test_multiline_fields_and_row_numbers_by_line(tmp_path):
    source = tmp_path / "m.csv"
    source.write_text('id,text\nm1,"Absatz eins.\n\nAbsatz zwei, mit Komma."\nm2,"Er sagte ""Ja""."\n'
                      "m3,zu,viele,Felder\n", encoding="utf-8")
    ok, bad = _read([source])
    assert [(a.id, a.origin) for a in ok] == [("m1", f"{source}:2"), ("m2", f"{source}:5")]
    assert ok[0].text == "Absatz eins.\n\nAbsatz zwei, mit Komma." and ok[1].text == 'Er sagte "Ja".'
    assert [(e.item, e.message) for e in bad] == [
        (f"{source}:6", "row has 4 fields but the header has 2 (an unquoted comma?)")]


def test_csv_records_replay_after_each_problem():
    lines = ['a,b\n', '1,"x\n', '2,"y\n', '3,z\n']
    assert list(csv_records(lines)) == [
        CsvRecord(1, 1, ["a", "b"]), CsvProblem(2, 3, "',' expected after '\"'"),
        CsvProblem(3, 4, "unexpected end of data"), CsvRecord(4, 4, ["3", "z"])]


# --- dates ----------------------------------------------------------------------------------------

def test_impossible_dates_are_refused_when_read_not_when_extracted(tmp_path):
    from diplokg.extractors.articles import guess_date

    source = tmp_path / "d.jsonl"
    dates = ["2016-13-45", "2016-02-30", "2016-11-14T10:00:00+01:00", "0000-01-01", "14.11.2016"]
    source.write_text("".join(json.dumps({"id": f"d{i}", "date": d, "text": SENTENCE}) + "\n"
                              for i, d in enumerate(dates)), encoding="utf-8")
    ok, bad = _read([source])
    assert [(a.id, a.date) for a in ok] == [("d2", "2016-11-14")]
    assert [(e.item.rsplit(":", 1)[1], e.message) for e in bad] == [
        ("1", "date '2016-13-45' is not a calendar date (month must be in 1..12)"),
        ("2", "date '2016-02-30' is not a calendar date (day is out of range for month)"),
        ("4", "date '0000-01-01' is not a calendar date (year 0 is out of range)"),
        ("5", "date '14.11.2016' is not YYYY-MM-DD")]
    assert guess_date("Text. (APA, 31.2.2015)") is None and guess_date("Text. (APA, 28.2.2015)") == "2015-02-28"
    with pytest.raises(ValueError, match="not a calendar date"):
        list(read_articles([source], date="2016-02-30"))


def test_memory_per_line_and_record_is_bounded():
    import io

    from diplokg.extractors.decoding import bounded_lines

    stream = io.BytesIO(b"short\n" + b"x" * 50 + b"\nafter\nlast")
    assert list(bounded_lines(stream, limit=16)) == [b"short\n", None, b"after\n", b"last"]
    lines = ["id,text\n", 'a,"open\n', "b,ok\n", "c," + "y" * 30 + "\n", "d,fine\n"]
    _, open_quote, b, too_long, d = csv_records(lines, max_chars=25)
    assert open_quote.message() == ("malformed CSV in lines 2-4: record longer than 25 characters (is a quote "
                                    "opened on line 2 never closed?); line 2 skipped, reading on from line 3")
    assert (b.first_line, b.fields) == (3, ["b", "ok"]) and (d.first_line, d.fields) == (5, ["d", "fine"])
    assert (too_long.first_line, too_long.last_line) == (4, 4) and "longer than 25" in too_long.reason


def test_utf16_jsonl_and_csv_without_bom_and_a_utf8_bom_csv_with_a_stray_byte(tmp_path):
    (tmp_path / "a.jsonl").write_bytes("".join(json.dumps({"id": f"j{i}", "text": GERMAN}, ensure_ascii=False) + "\n"
                                               for i in range(2)).encode("utf-16-le"))
    (tmp_path / "b.csv").write_bytes(f'id,text\nc1,"{GERMAN}"\n'.encode("utf-16-be"))
    (tmp_path / "c.csv").write_bytes(codecs.BOM_UTF8 + f'id,text\nc2,"{GERMAN}"\nc3,Caf\xe9\n'.encode("utf-8")
                                     .replace("Café".encode("utf-8"), b"Caf\xe9"))
    notices: list[str] = []
    ok, bad = _read([tmp_path], notices)
    assert not bad
    assert {a.id: a.text for a in ok} == {"j0": GERMAN, "j1": GERMAN, "c1": GERMAN, "c2": GERMAN, "c3": "Café"}
    assert notices == [f"{tmp_path / 'a.jsonl'}: no byte-order mark; read as UTF-16-LE",
                       f"{tmp_path / 'b.csv'}: no byte-order mark; read as UTF-16-BE",
                       f"{tmp_path / 'c.csv'}: not valid UTF-8 on 1 line (the first: line 3); "
                       f"read the invalid bytes as Windows-1252"]


def test_extract_prints_the_decoding_notice(tmp_path, capsys):
    data = "Putin kritisierte Obama in Moskau und lobte Merkels Außenpolitik.".encode("cp1252")
    (tmp_path / "w.txt").write_bytes(data)
    code = main(["extract", str(tmp_path / "w.txt"), "--lang", "de", "--model", "de=rules"])
    out, err = capsys.readouterr()
    assert code == 0 and '"relation": "criticize"' in out
    offset = data.index("ß".encode("cp1252"))
    assert (f"notice: {tmp_path / 'w.txt'}: not valid UTF-8 (1 byte, the first at byte {offset}); "
            f"read it as Windows-1252") in err.splitlines()


def test_a_quote_closed_lines_too_late_is_caught_by_the_rows_it_swallowed(tmp_path):
    source = tmp_path / "late.csv"
    source.write_text("id,lang,date,text\n"
                      "g1,de,2016-11-14,Putin kritisierte Obama.\n"
                      'bad,de,2016-11-14,"Merkel lobte Macron\n'              # quote not closed here ...
                      'g2,en,2016-11-15,Russia criticized Ukraine."\n'         # ... but at the end of this row
                      'm1,de,2016-11-16,"Absatz eins.\n\nZweiter Absatz, de, 2016-11-16, mit Kommas."\n',
                      encoding="utf-8")
    ok, bad = _read([source])
    assert [(a.id, a.lang, a.date) for a in ok] == [("g1", "de", "2016-11-14"), ("g2", "en", "2016-11-15"),
                                                   ("m1", "de", "2016-11-16")]
    assert ok[2].text == "Absatz eins.\n\nZweiter Absatz, de, 2016-11-16, mit Kommas."   # prose is not a row
    assert [(e.item, e.message) for e in bad] == [
        (f"{source}:3", "malformed CSV in lines 3-4: a quoted field runs into line 4, which looks like a row of its "
                        "own (is the quote on line 3 closed?); line 3 skipped, reading on from line 4")]
