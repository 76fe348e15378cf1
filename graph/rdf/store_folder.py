"""Whether a path can be a store: checked before Oxigraph opens it, so a read never creates a store and
a write never puts a database in among a user's own files. Kept apart from :mod:`.store` and
:mod:`.opening`, which both check paths this way, so neither has to import the other.
"""
from __future__ import annotations

from pathlib import Path

from ...core.errors import MissingStoreError, StoreError


def check_exists(spec: str) -> None:
    """Refuse a store folder that does not exist or holds no Oxigraph database (reads must not create one)."""
    if spec.startswith(("http://", "https://")):
        return
    path = Path(spec)
    if not path.exists():
        raise MissingStoreError(f"no store at {path} (nothing was ingested or loaded there; check --store or $DIPLOKG_STORE)")
    if not (path / "CURRENT").is_file():
        raise MissingStoreError(f"{path} is not a diplokg store (no Oxigraph database in it)")


def _database_file(name: str) -> bool:
    """A file RocksDB (Oxigraph's storage) keeps in its folder, left by a creation that was interrupted.

    >>> _database_file("LOCK"), _database_file("000012.sst"), _database_file("notes.txt")
    (True, True, False)
    """
    return (name in ("LOCK", "IDENTITY", "CURRENT") or name.startswith(("LOG", "OPTIONS-", "MANIFEST-"))
            or name.endswith((".log", ".sst", ".blob", ".dbtmp")))


def check_writable_folder(spec: str) -> None:
    """Refuse a store path that is a file, or a folder that holds other files but no store: writing an
    Oxigraph database in among a user's files (a mistyped --store) would be hard to undo."""
    path = Path(spec)
    if path.is_file():
        raise StoreError(f"{path} is a file, not a diplokg store folder (check --store or $DIPLOKG_STORE)")
    others = path.is_dir() and any(not _database_file(entry.name) for entry in path.iterdir())
    if others and not (path / "CURRENT").is_file():
        raise StoreError(f"{path} is a folder of other files, not a diplokg store; give --store a new or "
                         f"empty folder")
