"""The CLI's two kinds of failure: a DiplokgError (the user's to fix) is one line and exit 2; anything
else is a bug, shown with its traceback, a request to report it and exit 70."""
from __future__ import annotations

import pytest

from diplokg import cli
from diplokg.core.errors import DiplokgError, InputError, MissingStoreError, QueryError, StoreError


def _run_with(monkeypatch, capsys, exc: BaseException) -> tuple[int, str]:
    def failing(args):
        raise exc
    monkeypatch.setattr(cli, "cmd_stats", failing)
    code = cli.main(["stats", "--store", "nowhere"])
    return code, capsys.readouterr().err


def test_user_error_is_one_line_and_exit_2(monkeypatch, capsys):
    code, err = _run_with(monkeypatch, capsys, QueryError("unknown parameter 'actr'"))
    assert code == 2
    assert err == "error: unknown parameter 'actr'\n"


@pytest.mark.parametrize("exc", [KeyError("actor"), ValueError("bad"), TypeError("x")])
def test_anything_else_is_a_bug_with_traceback(monkeypatch, capsys, exc):
    code, err = _run_with(monkeypatch, capsys, exc)
    assert code == 70
    assert "Traceback (most recent call last)" in err and "please report it" in err
    assert not err.startswith("error:")


def test_errors_keep_the_builtin_their_callers_caught():
    assert issubclass(InputError, ValueError) and issubclass(QueryError, ValueError)
    assert issubclass(StoreError, RuntimeError) and issubclass(MissingStoreError, ValueError)
    assert all(issubclass(c, DiplokgError) for c in (InputError, QueryError, StoreError, MissingStoreError))
