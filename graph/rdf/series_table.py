"""A count series as plain Python rows, and the same as CSV text or a pandas DataFrame.

Why: importing pandas takes 0.4 s on an idle machine and 1.5-2 s on a busy one, more than ``diplokg
series`` may take in all (issue 18: ≤ 1 s at a million events); the command writes its CSV from these
rows, while :func:`.series.count_series` hands the same rows to pandas. The CSV text is what
``DataFrame.to_csv(index=False, date_format="%Y-%m-%d")`` wrote for the frame (tested).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .csv_cells import safe_cell

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SUMS = ("events", "goldstein_sum", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict")


@dataclass
class SeriesTable:
    """One row per period and key (dicts over ``columns``: strings, ints, floats, None for missing),
    sorted by period and key; what was left out (``notices``) and where the numbers came from."""

    columns: list[str]
    keys: list[str]
    rows: list[dict[str, Any]]
    notices: list[str] = field(default_factory=list)
    source: str = "events"

    def to_csv(self) -> str:
        """The table as CSV text (header line; empty fields for missing values; ``\\n`` line ends)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([_cell(row[c]) for c in self.columns] for row in self.rows)
        return buffer.getvalue()

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame: ``period`` datetime64[ns], keys string, counts Int64, Goldstein
        Float64; ``attrs`` hold the notices and the source."""
        from .event_table import pandas_module

        pd = pandas_module()
        df = pd.DataFrame.from_records(self.rows, columns=self.columns)
        for col in self.keys:
            df[col] = df[col].astype("string")
        for col in self.columns[1 + len(self.keys):]:
            df[col] = df[col].astype("Float64" if col.startswith("goldstein") else "Int64")
        df["period"] = pd.to_datetime(df["period"], format="%Y-%m-%d").astype("datetime64[ns]")
        df.attrs.update({"notices": self.notices, "source": self.source})
        return df


def _cell(value: Any) -> Any:
    """A CSV field: empty for a missing value, text that starts like a formula escaped (:mod:`.csv_cells`)."""
    return "" if value is None else safe_cell(value)


def _add(a: Any, b: Any) -> Any:
    """Sum of two optional numbers (None only when both are)."""
    return b if a is None else a if b is None else a + b


def _sort_key(row: dict[str, Any], names: list[str]) -> tuple:
    """Period, then each key with missing values last (as pandas sorts)."""
    return tuple((row[n] is None, row[n] or "") for n in names)


def table_rows(records: list[dict[str, Any]], columns: list[str], keys: list[str], weekly: bool) -> list[dict[str, Any]]:
    """The records as table rows: a week's days summed per key (``weekly``), the Goldstein mean added,
    sorted by period and key (stable), only ``columns`` kept."""
    if weekly:
        merged: dict[tuple, dict[str, Any]] = {}
        for rec in records:
            at = (rec["period"], *(rec[k] for k in keys))
            if at in merged:
                row = merged[at]
                for name in SUMS:
                    row[name] = _add(row[name], rec[name])
            else:
                merged[at] = dict(rec)
        records = list(merged.values())
    rows = []
    for rec in records:
        gsum, events = rec["goldstein_sum"], rec["events"]
        mean = None if gsum is None or not events else float(gsum) / events
        rows.append({c: (mean if c == "goldstein_mean" else rec[c]) for c in columns})
    rows.sort(key=lambda r: _sort_key(r, ["period", *keys]))
    return rows
