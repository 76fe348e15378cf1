"""Check the fields of one input record before they reach extraction and mapping.

JSON can carry strings that are not valid Unicode (``"\\ud800"``: an unpaired surrogate), and any
field can hold a number, a list or an object. Such a value would crash the mapping of the whole
batch later on; here it becomes a one-line ``ValueError`` naming the field, so the item is refused
with its file and line and the rest of the input goes on.
"""
from __future__ import annotations

import re

from ..core.errors import InputError

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "a list"
    return type(value).__name__


def valid_unicode(value: str, field: str) -> str:
    """``value`` unchanged when it is valid Unicode; else ValueError naming the field and position."""
    bad = _SURROGATE.search(value)
    if bad:
        raise InputError(f"field {field!r} is not valid Unicode (unpaired surrogate "
                         f"U+{ord(bad.group()):04X} at character {bad.start() + 1})")
    return value


def checked_string(record: dict, field: str, *, numbers: bool = True) -> str | None:
    """The field as a valid Unicode string, None when absent or empty; numbers are written out.

    Raises ValueError for lists, objects, true/false and strings that are not valid Unicode.
    """
    value = record.get(field)
    if value is None or value == "":
        return None
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(f"field {field!r} must be a string, not {_json_type(value)}")
    return valid_unicode(value, field)


def one_line(value: str | None) -> str | None:
    """Metadata (title, source, url, id) on one line: control characters and line breaks become one space."""
    if value is None:
        return None
    value = _CONTROL_OR_BREAK.sub(" ", value).strip()
    return value or None
