"""Read the project's tab-separated data files (gazetteer, lexicons, CAMEO table).

One small reader shared by every loader: ``#`` comment lines, a header line,
``|`` for multiple values in a cell, empty cell = none.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..core.errors import InputError

DATA_DIR = Path(__file__).parent


def read_tsv(path: str | Path) -> Iterator[dict[str, str]]:
    """Yield one dict per data row of a TSV file; raises ValueError naming file and line on bad rows."""
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
