"""Opening a store for a command: read commands never create a store, read the embedded one
read-only (so they work while an ingest writes), and finish (or name) the summary work an
interrupted command left; write commands get a one-line error when another process holds the store.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from . import pending
from .locking import lock_holder
from .store import DEFAULT_SPEC, EmbeddedStore, RemoteStore
from .store_folder import check_exists, check_writable_folder  # noqa: F401 (part of this module's API)
from ...core.errors import StoreError


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def store_spec(spec: str | Path | None) -> str:
    """The store a command means: ``spec``, else ``$DIPLOKG_STORE``, else ./diplokg-data."""
    return str(spec or os.environ.get("DIPLOKG_STORE") or DEFAULT_SPEC)


def open_for_reading(spec: str | Path | None, *, notice: Callable[[str], None] = _stderr):
    """An existing store for a read command (embedded: read-only) whose summary nodes are current.

    Summary work an interrupted command left is finished here (a writable open, when no other
    process holds the store); when a writer holds it, or on a remote server, the error names the
    exact command to run instead, so no count is answered from half-built summaries.
    """
    spec = store_spec(spec)
    check_exists(spec)
    if spec.startswith(("http://", "https://")):
        store = RemoteStore(spec)
        owed = pending.pending_of(store)
        if owed:
            raise StoreError(f"store {spec}: {owed.describe()}; if no load into it is running, run: "
                             f"diplokg rebuild-summaries --store {spec}")
        return store
    store = EmbeddedStore(spec, read_only=True)
    owed = pending.pending_of(store)
    if not owed:
        return store
    holder = lock_holder(spec)
    if holder:
        if not owed.rebuild:
            return store           # an ingest batch between its two writes: its marks go within the batch
        raise StoreError(f"store {spec}: {owed.describe()}, and process {holder} is writing to it (a load "
                         f"running?); wait for it to finish, or if it was stopped run: "
                         f"diplokg rebuild-summaries --store {spec}")
    del store
    notice(f"notice: store {spec}: {owed.describe()} (an interrupted load or rebuild); finishing that first "
           f"(what `diplokg rebuild-summaries --store {spec}` does)")
    writable = EmbeddedStore(spec)
    done = pending.finish(writable)
    if done:
        notice(f"notice: {done}")
    return writable


def open_for_writing(spec: str | Path | None, *, finish_pending: bool = True, create: bool = True,
                     notice: Callable[[str], None] = _stderr):
    """A store for a write command (created when missing if ``create``); with ``finish_pending`` the
    summary work an interrupted command left is done first. Another writer holding it is a one-line error."""
    spec = store_spec(spec)
    remote = spec.startswith(("http://", "https://"))
    if not remote:
        if create:
            check_writable_folder(spec)
        else:
            check_exists(spec)
    store = RemoteStore(spec) if remote else EmbeddedStore(spec)
    if finish_pending:
        owed = pending.pending_of(store)
        if owed:
            notice(f"notice: store {spec}: {owed.describe()} (an interrupted load or rebuild); finishing that first")
            notice(f"notice: {pending.finish(store)}")
    return store
