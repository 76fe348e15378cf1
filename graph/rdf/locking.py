"""Who holds an embedded store: the process id behind RocksDB's folder lock, for a one-line
"store in use by process N" error instead of RocksDB's raw "While lock file ... LOCK" message.

Oxigraph (RocksDB) takes a POSIX record lock (``fcntl`` ``F_SETLK``) on ``LOCK`` in the store
folder while a process has the store open for writing; ``F_GETLK`` on the same file names the
holder. That works whichever program holds it (``diplokg ingest``, ``oxigraph serve``, a notebook).
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from ...core.errors import StoreError

# struct flock on Linux (x86_64, aarch64): short l_type, short l_whence, off_t l_start, off_t l_len,
# pid_t l_pid, padded to 8 bytes.
_FLOCK = "hhqqi4x"


def lock_holder(store_dir: str | Path) -> int | None:
    """The id of the process holding the store folder's write lock, or None (free, or unknown here)."""
    lock = Path(store_dir) / "LOCK"
    if not sys.platform.startswith("linux") or not lock.is_file():
        return None
    import fcntl

    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return None
    try:
        probe = struct.pack(_FLOCK, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0)
        l_type, _, _, _, pid = struct.unpack(_FLOCK, fcntl.fcntl(fd, fcntl.F_GETLK, probe))
    except OSError:
        return None
    finally:
        os.close(fd)
    return pid if l_type != fcntl.F_UNLCK and pid > 0 else None


def is_lock_error(exc: OSError) -> bool:
    """Whether an error opening a store is RocksDB refusing its folder lock."""
    text = str(exc)
    return "LOCK" in text and ("lock" in text.lower() or "Resource temporarily unavailable" in text)


def in_use_error(store_dir: str | Path) -> StoreError:
    """The one-line error for a store another process holds open for writing."""
    pid = lock_holder(store_dir)
    who = f"process {pid}" if pid else "another process"
    return StoreError(f"store {store_dir} is in use by {who} (one writer at a time: wait for it to finish; "
                      "stats, query, export, render and serve can read it meanwhile)")
