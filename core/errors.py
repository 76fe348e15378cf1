"""The errors diplokg raises for things a user can get wrong, as one hierarchy under :class:`DiplokgError`.

The command line prints any :class:`DiplokgError` as one ``error:`` line and exits non-zero; any other
exception is a bug and keeps its traceback. Each class also subclasses the builtin its callers caught
before the hierarchy existed (``ValueError`` or ``RuntimeError``), so ``except ValueError`` still works.
"""
from __future__ import annotations


class DiplokgError(Exception):
    """Something the user can fix (input, model, store, query, setup): shown as one line, no traceback."""


class InputError(DiplokgError, ValueError):
    """A bad article, file, CSV/JSON line, gold file, data table or command-line parameter."""


class ModelError(DiplokgError, ValueError):
    """A spaCy model or event coder that is missing, unreadable or for the wrong language."""


class StoreError(DiplokgError, RuntimeError):
    """A store that is missing, locked by another process, unreachable, corrupt or owes summary nodes."""


class MissingStoreError(StoreError, ValueError):
    """No store (or no diplokg store) where ``--store`` points; a ``ValueError`` as it always was."""


class QueryError(DiplokgError, ValueError):
    """A SPARQL query that does not parse, an unknown named query or parameter, or one that timed out."""


class SetupError(DiplokgError, RuntimeError):
    """Something missing around diplokg: an optional package (Dask, pyvis's vis-network), or a Dask
    cluster that cannot be reached, has no workers, or whose workers cannot extract."""
