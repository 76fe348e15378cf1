"""Read the project's tab-separated data files (gazetteer, lexicons, CAMEO table).

One small reader shared by every loader: ``#`` comment lines, a header line,
``|`` for multiple values in a cell, empty cell = none.
"""
from __future__ import annotations

from pathlib import Path
from collections.abc import Iterable, Iterator

from ..core.errors import InputError

DATA_DIR = Path(__file__).parent


def read_tsv(path: str | Path, required: Iterable[str] = ()) -> Iterator[dict[str, str]]:
    """Yield one dict per data row of a TSV file; raises InputError naming file and line on bad rows, and
    naming the file when its header lacks a ``required`` column (a user's gazetteer file, say)."""
    path = Path(path)
    header: list[str] | None = None
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                missing = [name for name in required if name not in header]
                if missing:
                    raise InputError(f"{path}:{lineno}: header lacks the column(s) {', '.join(missing)}")
                continue
            if len(cells) > len(header):
                raise InputError(f"{path}:{lineno}: {len(cells)} cells, header has {len(header)}")
            cells += [""] * (len(header) - len(cells))
            yield {name: cell.strip() for name, cell in zip(header, cells)}


def split_values(cell: str | None) -> list[str]:
    """Split a ``a|b|c`` cell into its non-empty values."""
    if not cell:
        return []
    return [v.strip() for v in cell.split("|") if v.strip()]
