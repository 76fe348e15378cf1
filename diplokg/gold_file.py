"""Checks a gold file (the format of ``gold_format.md``) before ``diplokg eval`` extracts anything.

Why: a malformed line or a missing field surfaced as a bare JSON or ``KeyError`` message naming
neither the file nor the line; now it is one error naming both, before minutes of extraction.
"""
from __future__ import annotations

import json
from pathlib import Path

from .core.errors import InputError

FORMAT_FILE = Path(__file__).with_name("gold_format.md")


def format_description() -> str:
    """The gold format, as shipped with the package (``diplokg eval --format-help``)."""
    return FORMAT_FILE.read_text(encoding="utf-8")


def _check_event(where: str, index: int, event: object) -> None:
    if not isinstance(event, dict):
        raise InputError(f"{where}: event {index} is not a JSON object")
    source = event.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("name"), str):
        raise InputError(f"{where}: event {index} needs a source actor with a name")
    target = event.get("target")
    if target is not None and (not isinstance(target, dict) or not isinstance(target.get("name"), str)):
        raise InputError(f"{where}: event {index} has a target that is not an actor with a name (or null)")
    if not isinstance(event.get("cameo"), str) or not event["cameo"].isdigit():
        raise InputError(f"{where}: event {index} needs a CAMEO code as a string of digits, e.g. \"036\"")


def check_gold_file(path: str | Path) -> int:
    """The number of articles in a gold file; ValueError naming the file and line of the first fault."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (see diplokg eval --format-help)") from None
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise InputError(f"{where}: not a JSON object ({exc.msg}); see diplokg eval --format-help") from None
        if not isinstance(row, dict):
            raise InputError(f"{where}: not a JSON object; see diplokg eval --format-help")
        for key, kind in (("article_id", str), ("text", str), ("events", list)):
            if not isinstance(row.get(key), kind):
                raise InputError(f"{where}: needs {key!r} ({kind.__name__}); see diplokg eval --format-help")
        if row["article_id"] in seen:
            raise InputError(f"{where}: article_id {row['article_id']!r} appears twice")
        seen.add(row["article_id"])
        for index, event in enumerate(row["events"], 1):
            _check_event(where, index, event)
    if not seen:
        raise InputError(f"{path}: no articles (see diplokg eval --format-help)")
    return len(seen)
