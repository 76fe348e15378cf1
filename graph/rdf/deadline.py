"""Run a store read in a child process that is killed when it runs past a time limit.

Why: a running pyoxigraph query cannot be interrupted from Python (an aggregation or ORDER BY is
computed in one call), so, as the server does with its query workers, the only way to stop one is
to end the process running it. The child opens the store itself (nothing of the parent's store is
shared) and sends back the result, or the error it raised, pickled through a pipe.
"""
from __future__ import annotations

import multiprocessing
from typing import Any, Callable

from ...core.errors import InputError, MissingStoreError, ModelError, QueryError, SetupError, StoreError


class Timeout(RuntimeError):
    """The work ran longer than its limit and was stopped."""


_PASSED_ON = (InputError, ModelError, MissingStoreError, StoreError, QueryError, SetupError,   # most specific first
              ValueError, KeyError, OSError, RuntimeError)


def _child(conn, func: Callable[..., Any], args: tuple) -> None:
    try:
        reply = ("ok", func(*args))
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the parent as a message
        kind = next((k.__name__ for k in _PASSED_ON if isinstance(exc, k)), "RuntimeError")
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        reply = ("error", (kind, message if kind != "RuntimeError" or isinstance(exc, RuntimeError)
                           else f"{type(exc).__name__}: {exc}"))
    conn.send(reply)
    conn.close()


def _context():
    """fork where the platform has it (no re-import, and the parent holds no store yet), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def call_with_timeout(func: Callable[..., Any], args: tuple, seconds: float) -> Any:
    """``func(*args)`` run in a child process; Timeout after ``seconds`` (the child is killed).

    ``func`` must be a module-level function and its result picklable. diplokg's own errors, ValueError,
    KeyError, OSError and RuntimeError raised in the child are raised again here with their message.
    """
    if not seconds or seconds <= 0:
        raise ValueError(f"the time limit must be a positive number of seconds, got {seconds!r}")
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, func, args), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise Timeout(f"stopped after {seconds:g} s")
        status, payload = receive.recv()
    except EOFError:
        proc.join(1)
        raise QueryError(f"the query process ended unexpectedly (exit code {proc.exitcode}); "
                         "the query may need more memory than is available") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()
    if status == "ok":
        return payload
    kind, message = payload
    raise {k.__name__: k for k in _PASSED_ON}.get(kind, RuntimeError)(message)
