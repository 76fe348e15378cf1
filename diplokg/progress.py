"""Progress of an ingest run: a bar with articles/s, and an ETA once the input is counted.

The total (input items: JSONL lines, CSV rows, files) is counted in a background
thread, so a 5 GB JSONL file or a folder of 100,000 files never delays the first
article; until the count is known the bar shows the count and the rate only.
"""
from __future__ import annotations

import csv
import sys
import threading
from pathlib import Path
from typing import Iterable, TextIO

from .extractors.articles import ReadError, iter_input_files

_CHUNK = 1 << 20


def count_lines(path: Path) -> int:
    """Lines of a file, read in 1 MiB blocks (a JSONL file of any size in constant memory).

    A last line without a newline counts; blank lines count too (the total may be a little high).
    """
    lines, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(_CHUNK):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (0 if last == b"\n" else 1)


def count_items(paths: Iterable[str | Path]) -> int:
    """How many input items ``read_articles`` will yield: one per JSONL line, CSV row or file.

    >>> count_items([])
    0
    """
    total = 0
    for entry in iter_input_files(paths):
        if isinstance(entry, ReadError):
            total += 1
            continue
        suffix = entry.suffix.lower()
        try:
            if suffix in (".jsonl", ".ndjson"):
                total += count_lines(entry)
            elif suffix == ".csv":
                with entry.open(encoding="utf-8", errors="replace", newline="") as handle:
                    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
                    total += max(0, sum(1 for _ in csv.reader(handle)) - 1)
            else:
                total += 1
        except (OSError, csv.Error):
            total += 1
    return total


class IngestProgress:
    """A tqdm bar over input items (stored, unchanged, skipped or failed alike).

    ``advance()`` is called once per input item; the ETA appears when the
    background count has finished. Disabled, every method is a no-op.
    """

    def __init__(self, paths: Iterable[str | Path], enabled: bool, *, desc: str = "ingest",
                 file: TextIO | None = None):
        self.bar = None
        self.file = file or sys.stderr
        self._total: int | None = None
        if not enabled:
            return
        from tqdm import tqdm

        self.bar = tqdm(total=None, unit=" articles", desc=desc, file=self.file, dynamic_ncols=True,
                        smoothing=0.05)
        paths = list(paths)
        self._counter = threading.Thread(target=self._count, args=(paths,), name="diplokg-count", daemon=True)
        self._counter.start()

    def _count(self, paths: list) -> None:
        try:
            self._total = count_items(paths)
        except Exception:                        # the bar just stays without ETA
            self._total = None

    def advance(self, n: int = 1, **postfix: object) -> None:
        """Count ``n`` input items as done (and show ``postfix`` values such as events)."""
        if self.bar is None:
            return
        if self._total is not None and self.bar.total is None:
            self.bar.total = max(self._total, self.bar.n + n)
        self.bar.update(n)
        if postfix:
            self.bar.set_postfix(postfix, refresh=False)

    def write(self, message: str) -> None:
        """Print one line to the bar's stream without breaking the bar."""
        if self.bar is not None:
            self.bar.write(message, file=self.file)
        else:
            print(message, file=self.file)

    def close(self) -> None:
        """Finish the bar; a run faster than the count (everything unchanged) still ends on n/total."""
        if self.bar is None:
            return
        self._counter.join(timeout=2.0)
        if self._total is not None and self.bar.total is None:
            self.bar.total = max(self._total, self.bar.n)
            self.bar.refresh()
        self.bar.close()
