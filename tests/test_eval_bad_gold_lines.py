"""Bad gold lines: ``eval`` reports every bad line (one line each, naming file and line),
scores the readable articles and exits 1; ``train`` reports every bad line and writes no coder."""
from __future__ import annotations

import json
import re

import pytest

from conftest import run_cli
from made_up_gold import made_up_article, run_eval_cli, write_lines

RULES = ("--model", "de=rules", "--model", "en=rules")


@pytest.fixture
def gold_bad(tmp_path):
    """Eight lines: three readable articles and five bad lines of different kinds."""
    no_source = {**made_up_article(3), "events": [{"sentence": "x", "cameo": "040"}]}
    return write_lines(tmp_path / "gold_bad.jsonl", [
        made_up_article(0, "de"), "[1, 2]", made_up_article(1, "de"), {"text": "x"}, "{broken",
        made_up_article(2), no_source, made_up_article(0, "de")])


BAD_LINES = {2: "not a JSON object", 4: "needs 'article_id'", 5: "not a JSON object (Expecting",
             7: "event 1 needs a source actor with a name", 8: "article_id 'de-made-up-0' appears twice"}


def _faults(stderr: str, path) -> dict[int, str]:
    """Line number -> message of the 'error: FILE:LINE: ...' lines."""
    pattern = re.compile(rf"^error: {re.escape(str(path))}:(\d+): ")
    return {int(m.group(1)): line for line in stderr.splitlines() for m in [pattern.match(line)] if m}


def test_reading_a_gold_file_keeps_the_good_lines_and_names_every_bad_one(gold_bad):
    from diplokg.gold_file import read_gold_file

    found = read_gold_file(gold_bad)
    assert [r["article_id"] for r in found.rows] == ["de-made-up-0", "de-made-up-1", "en-made-up-2"]
    assert len(found.faults) == 5 and found.lines == 8
    for fault, (number, text) in zip(found.faults, sorted(BAD_LINES.items())):
        assert fault.startswith(f"{gold_bad}:{number}: ") and text in fault, fault


def test_check_gold_file_still_refuses_at_the_first_bad_line(gold_bad):
    from diplokg.core.errors import InputError
    from diplokg.gold_file import check_gold_file

    with pytest.raises(InputError, match=f"^{gold_bad}:2: not a JSON object"):
        check_gold_file(gold_bad)


def test_eval_reports_every_bad_line_scores_the_rest_and_exits_1(gold_bad, capsys):
    code, out, err = run_eval_cli(capsys, str(gold_bad), *RULES, "--format", "json")
    assert code == 1 and "Traceback" not in err
    faults = _faults(err, gold_bad)
    assert sorted(faults) == sorted(BAD_LINES)
    assert all(text in faults[n] for n, text in BAD_LINES.items())
    report = json.loads(out)
    assert report["events"]["all"]["tp"] + report["events"]["all"]["fn"] == 6      # 3 readable articles x 2


def test_eval_of_a_clean_file_exits_0(tmp_path, capsys):
    good = write_lines(tmp_path / "good.jsonl", [made_up_article(0, "de"), made_up_article(1)])
    code, out, err = run_eval_cli(capsys, str(good), *RULES)
    assert code == 0 and "events P" in out and "error" not in err


def test_eval_of_a_file_without_a_readable_line_is_one_error(tmp_path, capsys):
    bad = write_lines(tmp_path / "bad.jsonl", ["[1]", "{broken"])
    code, out, err = run_eval_cli(capsys, str(bad), *RULES)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert sorted(_faults(err, bad)) == [1, 2] and len(lines) == 3
    assert lines[-1] == f"error: {bad}: no readable article (2 bad line(s), listed above); see diplokg eval --format-help"


def test_eval_of_articles_in_no_supported_language_is_still_an_error(tmp_path, capsys):
    french = {"article_id": "fr-1", "text": "Le président a parlé avec la chancelière et ils ont été d'accord.",
              "events": []}
    gold = write_lines(tmp_path / "fr.jsonl", [french])
    code, out, err = run_eval_cli(capsys, str(gold), *RULES)
    assert code == 1 and out == "" and "skipped: fr-1" in err
    assert [l for l in err.splitlines() if l.startswith("error:")][0].startswith("error: none of the 1")


def test_train_reports_every_bad_line_and_writes_no_coder(gold_bad, tmp_path):
    out = tmp_path / "coder"
    proc = run_cli("train", str(gold_bad), "-o", str(out), "--folds", "0", *RULES)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stdout == ""
    assert sorted(_faults(proc.stderr, gold_bad)) == sorted(BAD_LINES)
    assert len(proc.stderr.strip().splitlines()) == len(BAD_LINES) and not out.exists()
