"""Too few articles for cross-validation: one line naming the minimum, up front, never a
traceback from an empty training part; ``train --folds 0`` keeps working on few articles."""
from __future__ import annotations

import argparse

import pytest

from conftest import run_cli
from made_up_gold import made_up_article, write_lines


def test_the_fewest_articles_k_folds_need_leave_two_in_each_training_part():
    from diplokg.training import articles_needed

    assert [articles_needed(k) for k in (0, 1, 2, 3, 4, 5, 10)] == [2, 2, 4, 3, 4, 5, 10]


def test_too_few_articles_is_one_error_naming_the_minimum_and_the_file():
    from diplokg.core.errors import InputError
    from diplokg.training import check_enough_articles

    check_enough_articles("--cv 2", 2, 4, "four.jsonl")
    with pytest.raises(InputError, match=r"^--cv 5 needs at least 5 readable articles .* two\.jsonl has 2$"):
        check_enough_articles("--cv 5", 5, 2, "two.jsonl")
    with pytest.raises(InputError, match=r"^training needs at least 2 readable articles .* one\.jsonl has 1$"):
        check_enough_articles("--folds 0", 0, 1, "one.jsonl")


def test_cross_validation_refuses_k_below_two_and_too_few_articles_before_fitting():
    from diplokg.coder_data import ArticleExamples
    from diplokg.core.errors import InputError
    from diplokg.training import cross_validate

    arts = [ArticleExamples(f"a{i}", "en") for i in range(2)]
    with pytest.raises(InputError, match="at least 2, got -2"):
        cross_validate(arts, -2)
    with pytest.raises(InputError, match="needs at least 4 readable articles"):
        cross_validate(arts, 2)


def test_a_training_part_without_any_candidate_fits_a_coder_that_keeps_nothing():
    """An article with no candidate (no actor in it) used to leave a fold with nothing to fit: 'Sample
    sequence X is empty'."""
    from diplokg.coder_data import ArticleExamples
    from diplokg.training import choose_keep_rule, fit_heads, predict_article

    arts = [ArticleExamples(f"a{i}", "en") for i in range(3)]
    heads = fit_heads(arts)
    assert predict_article(heads, arts[0], 0.5) == []
    assert 0.0 < choose_keep_rule(arts).threshold < 1.0


def test_eval_cv_below_two_is_one_error_before_reading_anything(tmp_path):
    from diplokg.coder_cli import cmd_eval_cv
    from diplokg.core.errors import InputError

    for k in (0, 1, -2):
        args = argparse.Namespace(cv=k, gold=[str(tmp_path / "missing.jsonl")], model=None)
        with pytest.raises(InputError, match=f"^--cv must be at least 2 .*got {k}$"):
            cmd_eval_cv(args)


def _one_line_error(proc, *expected: str) -> None:
    """A refused command: exit 2, one 'error:' line on stderr naming what is expected, no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert "Traceback" not in proc.stderr and len(errors) == 1 and proc.stdout == "", proc.stderr
    for text in expected:
        assert text in errors[0], (text, errors[0])


@pytest.fixture
def two(tmp_path):
    return write_lines(tmp_path / "two.jsonl", [made_up_article(k) for k in range(2)])


@pytest.mark.parametrize("k, need", [(2, 4), (5, 5)])
def test_eval_cv_with_too_few_articles_names_the_minimum(two, en_model, k, need):
    proc = run_cli("eval", str(two), "--cv", str(k), "--model", f"en={en_model}", "--model", "de=rules")
    _one_line_error(proc, f"--cv {k} needs at least {need} readable articles", f"{two} has 2")


def test_train_folds_with_too_few_articles_names_the_minimum_and_writes_nothing(two, en_model, tmp_path):
    out = tmp_path / "coder"
    proc = run_cli("train", str(two), "-o", str(out), "--folds", "2", "--model", f"en={en_model}",
                   "--model", "de=rules")
    _one_line_error(proc, "--folds 2 needs at least 4 readable articles", f"{two} has 2", "--folds 0")
    assert not out.exists()
    proc = run_cli("train", str(two), "-o", str(out), "--folds", "-1", "--model", f"en={en_model}")
    _one_line_error(proc, "--folds must be 0 (no cross-validation) or at least 2, got -1")
    one = write_lines(tmp_path / "one.jsonl", [made_up_article(0)])
    proc = run_cli("train", str(one), "-o", str(out), "--folds", "0", "--model", f"en={en_model}")
    _one_line_error(proc, "training needs at least 2 readable articles", f"{one} has 1")
    assert not out.exists()


def test_train_without_cross_validation_still_works_on_two_articles(two, en_model, tmp_path):
    out = tmp_path / "coder"
    proc = run_cli("train", str(two), "-o", str(out), "--folds", "0", "--model", f"en={en_model}",
                   "--model", "de=rules")
    assert proc.returncode == 0, proc.stderr
    assert (out / "coder.json").is_file() and "not cross-validated" in proc.stdout


def test_eval_cv_whose_inner_training_parts_hold_one_article_runs(tmp_path, en_model):
    """Three articles in three folds: each training part holds two, each inner fold trains on one."""
    three = write_lines(tmp_path / "three.jsonl", [made_up_article(k) for k in range(3)])
    proc = run_cli("eval", str(three), "--cv", "3", "--model", f"en={en_model}", "--model", "de=rules")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "3-fold cross-validation by article over 3 articles" in proc.stdout
