"""Cut a long text into parts that are parsed one at a time, at paragraph or sentence boundaries.

spaCy holds a whole document (tokens, vectors, parse) in memory and cannot be interrupted while it
parses, so a 4 MB article would cost gigabytes and run for minutes before any time limit is checked.
Parsed in parts of at most ``max_chars`` characters, memory per article stays bounded and the time
limit is checked between parts. Parts are contiguous spans of the text: an offset inside part
``(start, end)`` plus ``start`` is the offset in the whole text.
"""
from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…][\"'»«“”‘’)\]]*\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """Where the part beginning at ``start`` should end (at most ``limit``, in its second half if possible).

    Preference: after a blank line, after a sentence end, after any whitespace, else at ``limit``.
    """
    floor = start + (limit - start) // 2
    paragraph = text.rfind("\n\n", floor, limit)
    if paragraph >= 0:
        return paragraph + 2
    last_sentence_end = None
    for last_sentence_end in _SENTENCE_END.finditer(text, floor, limit):
        pass
    if last_sentence_end is not None:
        return last_sentence_end.end()
    space = max(text.rfind(" ", floor, limit), text.rfind("\n", floor, limit))
    if space >= 0:
        return space + 1
    return limit


def text_parts(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Contiguous ``(start, end)`` spans covering ``text``, each at most ``max_chars`` long.

    >>> text_parts("Eins. Zwei. Drei.", 12)
    [(0, 12), (12, 17)]
    >>> text_parts("kurz", 100)
    [(0, 4)]
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start, start + max_chars)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans
