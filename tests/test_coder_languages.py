"""A coder trained on one language, and the coder's own messages: the rule tier
that codes the other language is announced once per run and language, and ``models`` says per language
which coder is used and why; a missing coder folder and a coder without cross-validation are named so."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import run_cli
from made_up_gold import made_up_article, write_lines


def _one_language_copy(tmp_path, lang: str):
    """The shipped coder, copied and declared to be trained on ``lang`` only (no training needed)."""
    from diplokg.extractors.coder import shipped_coder_dir

    folder = tmp_path / f"coder-{lang}"
    shutil.copytree(shipped_coder_dir(), folder)
    meta = json.loads((folder / "coder.json").read_text(encoding="utf-8"))
    meta.update(name=f"coder-{lang}", languages=[lang])
    (folder / "coder.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_a_coder_without_cross_validation_says_so_and_names_its_languages():
    from diplokg.extractors.coder import LearnedCoder

    coder = LearnedCoder.from_heads({}, 0.3, {"name": "c4", "training_data": ["four.jsonl"], "languages": ["de"]})
    assert coder.describe() == "c4 (trained on four.jsonl; not cross-validated; de articles only (en: rule tier))"
    both = LearnedCoder.from_heads({}, 0.3, {"name": "c", "training_data": ["a.jsonl"], "folds": 0})
    assert "?-fold" not in both.describe() and both.describe().endswith("; not cross-validated)")


def test_a_missing_coder_folder_is_named_as_such(tmp_path):
    from diplokg.core.errors import ModelError
    from diplokg.extractors.coder import LearnedCoder

    with pytest.raises(ModelError, match=r"^/nonexist: no such coder folder"):
        LearnedCoder("/nonexist")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ModelError, match="not a folder"):
        LearnedCoder(tmp_path / "file")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "coder.json").write_text("{broken")
    with pytest.raises(ModelError, match="coder.json: unreadable"):
        LearnedCoder(tmp_path / "broken")
    proc = run_cli("extract", str(tmp_path / "file"), "--coder", "/nonexist", "--model", "de=rules",
                   "--model", "en=rules")
    assert proc.returncode == 2 and proc.stderr.strip().startswith("error: /nonexist: no such coder folder")


def test_models_says_per_language_which_coder_codes_and_why(tmp_path, de_model):
    from diplokg.pipeline import coder_plan

    folder = _one_language_copy(tmp_path, "de")
    lines = coder_plan(str(folder), {"de": de_model, "en": "rules"}).splitlines()
    assert lines[0].startswith("coder: coder-de (trained on") and "de articles only (en: rule tier)" in lines[0]
    assert lines[1] == "  de: learned coder coder-de (the rule tier if the pipeline has no parser)"
    assert lines[2] == "  en: rule tier — coder coder-de was trained on de articles only"
    both = coder_plan(None, {"de": "rules", "en": "rules"}).splitlines()
    assert both[1] == "  de: rule tier — no spaCy model for de (the coder reads parsed sentences)"
    assert coder_plan("rules", {}) == "coder: the rule tier (lexicon and dependency rules), as asked"


def test_the_rule_tier_for_a_language_the_coder_does_not_know_is_announced_once(tmp_path, de_model, en_model):
    folder = _one_language_copy(tmp_path, "de")
    articles = write_lines(tmp_path / "en.jsonl", [
        {"id": f"n{k}", "lang": "en", "date": "2021-05-04",
         "text": "Justin Trudeau praised Narendra Modi for the new climate plan."} for k in range(2)])
    models = ("--model", f"de={de_model}", "--model", f"en={en_model}")
    proc = run_cli("extract", str(articles), "--coder", str(folder), *models)
    assert proc.returncode == 0, proc.stderr
    notices = [line for line in proc.stderr.splitlines() if line.startswith("notice:")]
    assert notices == ["notice: en articles are coded by the rule tier: coder coder-de was trained on de "
                       "articles only"]
    rules = run_cli("extract", str(articles), "--coder", "rules", *models)
    assert proc.stdout == rules.stdout and proc.stdout
    shipped = run_cli("extract", str(articles), *models)
    assert "notice:" not in shipped.stderr


def test_a_coder_trained_on_german_only_says_so(tmp_path, de_model, en_model):
    data = write_lines(tmp_path / "four.jsonl", [made_up_article(k, "de") for k in range(4)])
    out = tmp_path / "coder4"
    models = ("--model", f"de={de_model}", "--model", f"en={en_model}")
    proc = run_cli("train", str(data), "-o", str(out), "--folds", "0", *models)
    assert proc.returncode == 0, proc.stderr
    assert "coder4 (trained on four.jsonl; not cross-validated; de articles only (en: rule tier))" in proc.stdout
    proc = run_cli("models", "--coder", str(out), *models)
    assert proc.returncode == 0 and "de articles only (en: rule tier)" in proc.stdout
