"""The ingest progress bar: input counted without delaying the run, rate and ETA shown, errors kept."""
from __future__ import annotations

import json
import re

from diplokg.progress import count_items, count_lines

from conftest import run_cli


def test_count_items_counts_jsonl_lines_csv_rows_and_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n{"text": "z"}', encoding="utf-8")
    (tmp_path / "b.csv").write_text('id,text\n1,"two\nlines"\n2,plain\n', encoding="utf-8")
    (tmp_path / "c.txt").write_text("one article", encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    assert count_lines(tmp_path / "a.jsonl") == 3                 # last line without newline counts
    assert count_items([tmp_path]) == 3 + 2 + 1                   # a quoted newline is one CSV row
    assert count_items([tmp_path / "missing.jsonl"]) == 1         # an error is one item too
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert count_lines(empty) == 0


def test_ingest_progress_bar_shows_total_rate_and_eta(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"id": f"a{i}", "lang": "de", "date": "2016-11-14",
             "text": f"Putin bot Trump am Montag einen Dialog an. Merkel traf Macron in Berlin ({i})."}
            for i in range(30)]
    lines = [json.dumps(r) for r in rows]
    lines.insert(5, "{not json")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("ingest", str(src), "--store", str(tmp_path / "kg"), "--model", "de=rules",
                   "--model", "en=rules", "--workers", "1", "--progress")
    assert proc.returncode == 1, proc.stderr                      # the malformed line fails, the rest is stored
    assert "articles: 30 stored" in proc.stdout
    bar = proc.stderr.replace("\r", "\n")
    assert re.search(r"ingest: 100%.*31/31", bar), bar[-2000:]
    assert re.search(r"articles/s", bar)
    assert re.search(r"<\d\d:\d\d", bar)                          # an ETA once the total is known
    assert re.search(r"error: .*in\.jsonl:6: malformed JSON", proc.stderr)
    again = run_cli("ingest", str(src), "--store", str(tmp_path / "kg"), "--model", "de=rules",
                    "--model", "en=rules", "--workers", "1", "--progress")
    assert "30 unchanged" in again.stdout
    assert re.search(r"31/31", again.stderr.replace("\r", "\n"))  # unchanged items move the bar too


def test_a_run_faster_than_the_count_still_ends_on_the_total(monkeypatch, tmp_path):
    """Everything unchanged: the items go by before the background count is done; the bar ends on n/total."""
    import io
    import time

    from diplokg import progress

    def slow_count(paths):
        time.sleep(0.3)
        return 31

    monkeypatch.setattr(progress, "count_items", slow_count)
    out = io.StringIO()
    bar = progress.IngestProgress([tmp_path], True, file=out)
    for _ in range(31):
        bar.advance()
    bar.close()
    assert "31/31" in out.getvalue().replace("\r", "\n")
