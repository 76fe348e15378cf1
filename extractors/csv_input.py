"""CSV records with their line numbers, streamed; a quoting error costs one row, not the rest of the file.

Python's csv module lets a quoted field run across lines, so one unterminated quote swallows the
rows after it (to the next quote or the end of the file). Read strictly, such a record ends in an
error (a quote followed by text, or the end of the data inside quotes); :func:`csv_records`
reports it with the lines it spanned and reads on from the line after the bad record's first
line, so the good rows that follow are kept.
"""
from __future__ import annotations

import csv
import sys
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))    # texts are long; the item size limit applies later
MAX_RECORD_CHARS = 20_000_000                        # an article is at most 5 MB; its row, with quotes, less


@dataclass(frozen=True)
class CsvRecord:
    """One CSV record and the physical lines (1-based, inclusive) it came from."""

    first_line: int
    last_line: int
    fields: list[str]


@dataclass(frozen=True)
class CsvProblem:
    """A record that could not be parsed; reading went on at ``first_line + 1``."""

    first_line: int
    last_line: int
    reason: str

    def lines(self) -> str:
        if self.first_line == self.last_line:
            return f"line {self.first_line}"
        return f"lines {self.first_line}-{self.last_line}"

    def message(self) -> str:
        """One line for the user: what is wrong, where, and what was kept."""
        if "unexpected end of data" in self.reason:
            what = f"a quoted field opened on line {self.first_line} is never closed"
        elif "expected after" in self.reason:
            what = 'a quote inside a quoted field is not doubled ("") or the closing quote is missing'
        elif "looks like a row" in self.reason:
            what = self.reason
        elif "longer than" in self.reason:
            what = f"{self.reason} (is a quote opened on line {self.first_line} never closed?)"
        else:
            what = self.reason
        return (f"malformed CSV in {self.lines()}: {what}; line {self.first_line} skipped, "
                f"reading on from line {self.first_line + 1}")


def _row_inside(lines: list[tuple[int, str]], header: list[str],
                looks_like_row: RowTest | None) -> int | None:
    """The number of the first of ``lines`` (inside one quoted field) that parses as a row of its own."""
    if looks_like_row is None:
        return None
    for number, line in lines:
        try:
            fields = next(csv.reader([line], strict=True), [])
        except csv.Error:
            continue
        if looks_like_row(header, fields):
            return number
    return None


class _LineFeed:
    """Lines for one csv.reader: replayed lines first, then the source; remembers the record's lines."""

    def __init__(self, source: Iterator[tuple[int, str]], replay: deque, max_chars: int):
        self.source = source
        self.replay = replay
        self.max_chars = max_chars
        self.record: list[tuple[int, str]] = []
        self.chars = 0

    def next_record(self) -> tuple[int, int]:
        """The first and last line of the record just read; starts the next one."""
        lines = (self.record[0][0], self.record[-1][0])
        self.record.clear()
        self.chars = 0
        return lines

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        item = self.replay.popleft() if self.replay else next(self.source)
        self.record.append(item)
        self.chars += len(item[1])
        if self.chars > self.max_chars:
            raise csv.Error(f"record longer than {self.max_chars:,} characters")
        return item[1]


RowTest = Callable[[list[str], list[str]], bool]


def csv_records(lines: Iterable[str], max_chars: int = MAX_RECORD_CHARS,
                looks_like_row: RowTest | None = None) -> Iterator[CsvRecord | CsvProblem]:
    """Records (blank lines skipped) of CSV text given line by line with line ends kept.

    A record longer than ``max_chars`` (an open quote running on) is a problem too, so memory
    stays bounded whatever the file holds. ``looks_like_row(header, fields)`` catches the quote
    that closes too late without a syntax error: a record whose inner line is a row of its own.
    """
    source = enumerate(lines, 1)
    replay: deque[tuple[int, str]] = deque()
    header: list[str] | None = None
    while True:
        feed = _LineFeed(source, replay, max_chars)
        reader = csv.reader(feed, strict=True)
        try:
            for fields in reader:
                record_lines = list(feed.record)
                first, last = feed.next_record()
                if not fields:
                    continue
                inner = _row_inside(record_lines[1:], header, looks_like_row) if header else None
                if inner:
                    yield CsvProblem(first, last, f"a quoted field runs into line {inner}, which looks like "
                                                  f"a row of its own (is the quote on line {first} closed?)")
                    replay.extendleft(reversed(record_lines[1:]))    # the same reader reads them next
                    continue
                header = header or fields
                yield CsvRecord(first, last, fields)
            return
        except csv.Error as exc:
            bad = feed.record
            if not bad:
                raise
            yield CsvProblem(bad[0][0], bad[-1][0], str(exc))
            replay.extendleft(reversed(bad[1:]))
