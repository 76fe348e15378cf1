"""Checks a gold file (the format of ``gold_format.md``) before ``diplokg eval`` extracts anything.

Why: a malformed line or a missing field surfaced as a bare JSON or ``KeyError`` message naming
neither the file nor the line; now each bad line is one message naming both, before minutes of
extraction. ``read_gold_file`` reports every bad line and keeps the readable articles (``eval`` scores
them); ``check_gold_file`` refuses a file at its first bad line.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .core.errors import InputError

FORMAT_FILE = Path(__file__).with_name("gold_format.md")


def format_description() -> str:
    """The gold format, as shipped with the package (``diplokg eval --format-help``)."""
    return FORMAT_FILE.read_text(encoding="utf-8")


def _event_fault(index: int, event: object) -> str | None:
    """What is wrong with one annotated event (None if nothing), so a bad line can say which event."""
    if not isinstance(event, dict):
        return f"event {index} is not a JSON object"
    source = event.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("name"), str):
        return f"event {index} needs a source actor with a name"
    target = event.get("target")
    if target is not None and (not isinstance(target, dict) or not isinstance(target.get("name"), str)):
        return f"event {index} has a target that is not an actor with a name (or null)"
    if not isinstance(event.get("cameo"), str) or not event["cameo"].isdigit():
        return f"event {index} needs a CAMEO code as a string of digits, e.g. \"036\""
    return None


def line_fault(line: str, seen: set[str]) -> tuple[dict | None, str | None]:
    """One line of a gold file read: (the article, None) or (None, what is wrong with the line).

    ``seen`` holds the article ids of the lines before; the id of a readable article is added to it.

    >>> line_fault('{"article_id": "a", "text": "x", "events": []}', set())
    ({'article_id': 'a', 'text': 'x', 'events': []}, None)
    >>> line_fault('[1, 2]', set())
    (None, 'not a JSON object; see diplokg eval --format-help')
    """
    try:
        row = json.loads(line)
    except ValueError as exc:
        return None, f"not a JSON object ({getattr(exc, 'msg', exc)}); see diplokg eval --format-help"
    if not isinstance(row, dict):
        return None, "not a JSON object; see diplokg eval --format-help"
    for key, kind in (("article_id", str), ("text", str), ("events", list)):
        if not isinstance(row.get(key), kind):
            return None, f"needs {key!r} ({kind.__name__}); see diplokg eval --format-help"
    if row["article_id"] in seen:
        return None, f"article_id {row['article_id']!r} appears twice"
    fault = next((f for i, e in enumerate(row["events"], 1) for f in [_event_fault(i, e)] if f), None)
    if fault:
        return None, fault
    seen.add(row["article_id"])
    return row, None


@dataclass
class GoldFile:
    """The readable articles of gold files, and one message per bad line ("FILE:LINE: what is wrong")."""

    rows: list[dict] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    lines: int = 0                     # non-blank lines read

    def add(self, other: "GoldFile") -> None:
        """Take in the articles and faults of another file."""
        self.rows += other.rows
        self.faults += other.faults
        self.lines += other.lines


def _file_text(path: Path) -> str:
    """The text of a gold file; a missing, unreadable or non-UTF-8 file is an InputError (no line can be read)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (see diplokg eval --format-help)") from None


def read_gold_file(path: str | Path) -> GoldFile:
    """Every readable article of a gold file and a fault per bad line, so that one bad line does not hide
    the others (an InputError only for a file that cannot be read at all, or holds no line)."""
    path = Path(path)
    out = GoldFile()
    seen: set[str] = set()
    for number, line in enumerate(_file_text(path).splitlines(), 1):
        if not line.strip():
            continue
        out.lines += 1
        row, fault = line_fault(line, seen)
        if fault:
            out.faults.append(f"{path}:{number}: {fault}")
        else:
            out.rows.append(row)
    if not out.lines:
        raise InputError(f"{path}: no articles (see diplokg eval --format-help)")
    return out


def read_gold_files(paths: list[str] | list[Path]) -> GoldFile:
    """The readable articles and bad lines of several gold files (article ids are unique per file)."""
    out = GoldFile()
    for path in paths:
        out.add(read_gold_file(path))
    return out


def strict_gold_rows(path: str | Path) -> list[dict]:
    """The articles of a gold file; InputError naming the file and line of its first bad line."""
    found = read_gold_file(path)
    if found.faults:
        raise InputError(found.faults[0])
    return found.rows


def check_gold_file(path: str | Path) -> int:
    """The number of articles in a gold file; InputError naming the file and line of the first fault."""
    return len(strict_gold_rows(path))
