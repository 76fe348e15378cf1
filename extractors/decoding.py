"""Turn input bytes into text without silent mojibake.

Order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; else strict UTF-8; else an encoding the
document declares (HTML ``<meta charset>``, XML declaration); else UTF-8 with every invalid byte read
as Windows-1252. Whenever the result is a guess, :class:`Decoded` carries a one-line ``notice`` that
the caller shows next to the item's name, so a user can check the few items that were guessed.
"""
from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ..core.errors import InputError

_SAMPLE = 65536
_BOMS = (                                   # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""        # <meta charset=..> and http-equiv
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""",    # <?xml version="1.0" encoding=".."?>
    re.I)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding used and, when that was a guess, why (one line)."""

    text: str
    encoding: str
    notice: str | None = None


def bom_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``head`` announces, or None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 4 KB (a known codec name), or None."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name   # as browsers do (WHATWG)


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte (for Latin script); which half says LE/BE."""
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def refuse_binary(sample: bytes) -> None:
    """Raise InputError when ``sample`` (the start of a file) is binary data rather than text."""
    if b"\x00" in sample:
        raise InputError("binary file (contains NUL bytes), not text")
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    if sample and controls / len(sample) > 0.05:
        raise InputError("binary file (mostly control bytes), not text")


def _decode_marked(data: bytes, encoding: str, skip: int, notice: str | None) -> Decoded:
    """Decode in the encoding a BOM (``skip`` its length) or the NUL pattern announced."""
    try:
        text = data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            return utf8_with_fallback(data[skip:])
        why = "byte-order mark" if skip else "pattern of NUL bytes"
        raise InputError(f"not valid {encoding.upper()} although its {why} says so "
                         f"(byte {exc.start + skip}: {exc.reason})") from None
    if "\x00" in text:
        raise InputError(f"binary file (NUL characters after decoding as {encoding.upper()}), not text")
    return Decoded(text, encoding, notice)


def _cp1252_byte(byte: int) -> str:
    """One byte as Windows-1252; its five unassigned bytes as the Latin-1 character of the same value."""
    try:
        return bytes((byte,)).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def utf8_with_fallback(data: bytes) -> Decoded:
    """UTF-8, with each byte that is not part of a valid UTF-8 sequence read as Windows-1252.

    A Windows-1252 file has no valid multi-byte sequences, so it comes out whole; a UTF-8 file with
    one stray byte keeps all its other characters (not "MinisterprÃ¤sident").
    """
    view = memoryview(data)
    parts: list[str] = []
    position = bad = 0
    first_bad = -1
    while position < len(data):
        try:
            parts.append(codecs.utf_8_decode(view[position:], "strict", True)[0])
            break
        except UnicodeDecodeError as exc:
            start, end = position + exc.start, position + exc.end
            parts.append(codecs.utf_8_decode(view[position:start], "strict", True)[0])
            parts.append("".join(_cp1252_byte(b) for b in data[start:end]))
            bad += end - start
            first_bad = start if first_bad < 0 else first_bad
            position = end
    text = "".join(parts)
    if not bad:
        return Decoded(text, "utf-8")
    what = "byte" if bad == 1 else "bytes"
    return Decoded(text, "utf-8+cp1252", f"not valid UTF-8 ({bad} {what}, the first at byte {first_bad}); "
                                         f"read {'it' if bad == 1 else 'them'} as Windows-1252")


def decode_text(data: bytes, *, declared: bool = False) -> Decoded:
    """Decode one item's bytes (see the module docstring for the order of attempts).

    ``declared`` looks for an HTML/XML charset declaration (for web pages). Raises ValueError for
    binary data (NUL or mostly control bytes outside UTF-16/32).
    """
    marked = bom_encoding(data[:4])
    if marked:
        bom = next(b for b, encoding in _BOMS if encoding == marked)
        return _decode_marked(data, marked, len(bom), None)
    sample = data[:_SAMPLE]
    unmarked_utf16 = _utf16_without_bom(sample)
    if unmarked_utf16:
        notice = f"no byte-order mark; read as {unmarked_utf16.upper()}"
        return _decode_marked(data, unmarked_utf16, 0, notice)
    refuse_binary(sample)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    charset = declared_encoding(data) if declared else None
    if charset and not charset.startswith("utf"):
        try:
            return Decoded(data.decode(charset), charset)
        except UnicodeDecodeError:
            pass
    return utf8_with_fallback(data)


def decode_bytes(data: bytes) -> str:
    """The text of ``data`` (see :func:`decode_text`), for callers that need no notice."""
    return decode_text(data).text


MAX_LINE = 20_000_000     # bytes (characters for decoded streams) of one line held in memory


def bounded_lines(handle, limit: int = MAX_LINE) -> Iterator:
    """Lines of a binary or text stream with at most ``limit`` bytes/characters each in memory;
    a longer line is skipped to its end and yields None in its place (so line numbers stay right)."""
    while True:
        line = handle.readline(limit)
        if not line:
            return
        if len(line) < limit or line[-1:] in (b"\n", "\n"):
            yield line
            continue
        while True:
            rest = handle.readline(limit)
            if not rest or rest[-1:] in (b"\n", "\n"):
                break
        yield None


def _too_long(number: int, limit: int) -> InputError:
    return InputError(f"line {number} is longer than {limit / 1e6:g} MB; the rest of the file is not read")


def stream_encoding(head: bytes) -> tuple[str, str | None] | None:
    """UTF-16/32 (by BOM, or by the NUL pattern with a notice): files that must be decoded as one
    stream rather than line by line; None for everything else (UTF-8 with or without BOM included)."""
    marked = bom_encoding(head[:4])
    if marked and marked != "utf-8":
        return marked, None
    guessed = None if marked else _utf16_without_bom(head[:_SAMPLE])
    if guessed:
        return guessed, f"no byte-order mark; read as {guessed.upper()}"
    return None


class TextLines:
    """The lines (ends kept) of a text file opened in binary mode, decoded as :func:`decode_text` does.

    UTF-16/32 files are decoded as one stream; otherwise each line is UTF-8 (a leading BOM dropped)
    with invalid bytes read as Windows-1252, and :meth:`notice` says afterwards on how many lines
    that happened. Raises ValueError for a binary file (checked on its first block) or UTF-16/32
    that does not decode.
    """

    def __init__(self, handle: BinaryIO):
        self.handle = handle
        head = handle.peek(_SAMPLE)[:_SAMPLE]
        self.stream, self.guess = stream_encoding(head) or (None, None)
        self.bad_lines = 0
        self.first_bad_line = 0
        if not self.stream:
            refuse_binary(head)

    def __iter__(self) -> Iterator[str]:
        if self.stream:
            yield from self._stream_lines(self.stream)
            return
        for number, raw in enumerate(bounded_lines(self.handle), 1):
            if raw is None:
                raise _too_long(number, MAX_LINE)
            decoded = utf8_with_fallback(raw[3:] if number == 1 and raw.startswith(codecs.BOM_UTF8) else raw)
            if decoded.notice:
                self.bad_lines += 1
                self.first_bad_line = self.first_bad_line or number
            yield from _split_carriage_returns(decoded.text)

    def _stream_lines(self, encoding: str) -> Iterator[str]:
        wrapper = io.TextIOWrapper(self.handle, encoding=encoding, newline="")
        number = 0
        try:
            for number, line in enumerate(bounded_lines(wrapper), 1):
                if line is None:
                    raise _too_long(number, MAX_LINE)
                yield line[1:] if number == 1 and line.startswith("\ufeff") else line
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding.upper()} after line {number} ({exc.reason})") from None
        finally:
            wrapper.detach()

    def notice(self) -> str | None:
        """One line for the user when the encoding was guessed or some lines were not UTF-8, else None."""
        if self.guess or not self.bad_lines:
            return self.guess
        lines = "1 line" if self.bad_lines == 1 else f"{self.bad_lines} lines"
        return (f"not valid UTF-8 on {lines} (the first: line {self.first_bad_line}); "
                f"read the invalid bytes as Windows-1252")


def _split_carriage_returns(line: str) -> Iterator[str]:
    """Old Mac files end lines with a bare CR: split them as universal newlines do."""
    if "\r" not in line.rstrip("\r\n"):
        yield line
    else:
        yield from io.StringIO(line, newline="")
