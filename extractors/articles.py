"""Read articles from files and folders: txt, md, html, jsonl, csv.

Everything is streamed (a JSONL file of any size is read line by line) and
every bad item becomes a :class:`ReadError` naming it, so one broken file never
stops a batch.
"""
from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .csv_input import CsvProblem, CsvRecord, csv_records
from .decoding import (MAX_LINE, TextLines, bounded_lines, decode_bytes, decode_text,  # noqa: F401
                       refuse_binary, stream_encoding)
from .fields import checked_string, one_line
from ..core.records import Article
from ..core.errors import InputError

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".csv"}
MAX_ARTICLE_BYTES = 5_000_000        # larger single articles are refused (not news, or a dump)
MIN_HTML_WORDS = 10                  # fewer words extracted from a page = menus/boilerplate, not an article
BROKEN_LINK = "broken symbolic link (its target does not exist)"
FIELDS = ("id", "lang", "date", "title", "text", "source", "url")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AGENCY_TAG = re.compile(r"\((?:[A-Za-zÄÖÜäöü/. ]{2,30}),\s*(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\)\s*$")


@dataclass
class ReadError:
    """An input item that could not be read, with a one-line reason."""

    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"


def as_path_list(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str | os.PathLike]:
    """``paths`` as a list: one path given alone (``ingest("news.jsonl", …)``) is a list of that path.

    >>> as_path_list("news.jsonl"), as_path_list(["a.txt", "b.txt"])
    (['news.jsonl'], ['a.txt', 'b.txt'])
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        return [os.fsdecode(paths) if isinstance(paths, bytes) else paths]
    return list(paths)


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Expand files and folders (recursively, sorted) into supported files.

    A folder that cannot be listed and a broken link named like a supported file are one error
    each; the rest goes on. One path (a string or Path) is one input, not a sequence of characters.
    """
    for raw in as_path_list(paths):
        path = Path(raw)
        if path.is_dir():
            yield from _folder_entries(path)
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield ReadError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                           f"use one of {', '.join(sorted(SUFFIXES))}")
        elif path.is_symlink():
            yield ReadError(str(path), BROKEN_LINK)
        else:
            yield ReadError(str(path), "no such file or folder")


def _folder_entries(folder: Path) -> Iterator[Path | ReadError]:
    """Supported files below ``folder`` in path order, with unreadable folders and broken links as errors."""
    entries: list[tuple[tuple[str, ...], Path | ReadError]] = []

    def unreadable(exc: OSError) -> None:
        name = exc.filename or str(folder)
        entries.append((Path(name).parts, ReadError(name, f"cannot list folder: {exc.strerror or exc}")))

    for root, _dirs, files in os.walk(folder, onerror=unreadable):
        for name in files:
            child = Path(root, name)
            if child.suffix.lower() not in SUFFIXES or name.startswith("."):
                continue
            if child.is_file():
                entries.append((child.parts, child))
            elif child.is_symlink() and not child.exists():
                entries.append((child.parts, ReadError(str(child), BROKEN_LINK)))
    for _, entry in sorted(entries, key=lambda pair: pair[0]):
        yield entry


def clean_text(text: str) -> str:
    """Normalise newlines, drop control characters, strip trailing spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub(" ", text)
    return text.strip()


def strip_markdown(text: str) -> str:
    """Remove Markdown markup that is not article prose (headings marks, emphasis, links)."""
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", text)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    return text


def guess_date(text: str) -> str | None:
    """Find a dateline agency tag such as ``(APA, 2.8.2015)`` at the end of the text."""
    match = _AGENCY_TAG.search(text[-80:])
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:                 # "(APA, 31.2.2015)": no such day, so no date
        return None


def _normalise_date(value: object) -> str | None:
    """An ISO date (``YYYY-MM-DD``, a longer timestamp is cut) that exists in the calendar, or None."""
    if value in (None, ""):
        return None
    given = str(value).strip()
    value = given[:10]
    if not _DATE_ISO.match(value):
        raise InputError(f"date {given[:40]!r} is not YYYY-MM-DD")
    try:
        datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"date {value!r} is not a calendar date ({exc})") from None
    return value


def make_article(record: dict, *, item: str, default_id: str, lang: str | None = None,
                 date: str | None = None, id_file: Path | None = None) -> Article:
    """Build an Article from a JSONL/CSV record; raises ValueError when unusable.

    Every field is checked first (valid Unicode, a string or a number), so nothing that reaches
    extraction and mapping can fail there because of the input. ``id_file`` is the file whose name
    ``default_id`` was made from: kept when the record gives no id of its own, so that a store can tell
    an edited file (same file, replaces its article) from another file of the same name.
    """
    text = checked_string(record, "text", numbers=False)
    if text is None or not text.strip():
        raise InputError("no 'text' field (or it is empty)")
    if len(text) > MAX_ARTICLE_BYTES or len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise InputError(f"text too large ({len(text.encode('utf-8')) / 1e6:.1f} MB > "
                         f"{MAX_ARTICLE_BYTES // 1_000_000} MB limit)")
    meta = {name: one_line(checked_string(record, name)) for name in ("title", "source", "url", "lang")}
    # the id is kept as given (stored articles are found by it); only checked, and a missing one replaced
    # "article_id" is the gold format's and extract's own name for it, so their files read back with their ids
    id_field = "id" if record.get("id") else ("article_id" if record.get("article_id") else None)
    article_id = checked_string(record, id_field) if id_field else None
    text = clean_text(text)
    rec_date = _normalise_date(checked_string(record, "date")) or date or guess_date(text)
    rec_lang = meta["lang"] or lang or None
    return Article(
        id=article_id or default_id,
        text=text,
        lang=rec_lang.lower() if rec_lang else None,
        date=rec_date,
        title=meta["title"],
        source=meta["source"],
        url=meta["url"],
        origin=item,
        id_file=None if article_id or id_file is None else str(Path(id_file).resolve()),
    )


Notify = Callable[[str], None]


def _ignore(_message: str) -> None:
    """Default for ``on_notice``: notices are dropped."""


def _read_jsonl(path: Path, lang: str | None, date: str | None,
                on_notice: Notify) -> Iterator[Article | ReadError]:
    """One article or error per line; a UTF-16/32 file (with its BOM) is decoded as a whole stream."""
    lineno = 0
    try:
        with path.open("rb") as handle:
            start = handle.peek(65536)[:65536]
            wide = stream_encoding(start)        # UTF-16/32 with a byte-order mark: decoded as a stream
            if not wide:
                refuse_binary(start)             # one error for the file, not one per chunk between newlines
            lines = TextLines(handle) if wide else bounded_lines(handle)
            if isinstance(lines, TextLines) and lines.notice():
                on_notice(f"{path}: {lines.notice()}")
            for lineno, raw in enumerate(lines, 1):
                item = f"{path}:{lineno}"
                if raw is None:
                    yield ReadError(item, f"line longer than {MAX_LINE / 1e6:g} MB "
                                          f"(the item limit is {MAX_ARTICLE_BYTES // 1_000_000} MB)")
                    continue
                yield from _jsonl_item(raw, item, f"{path.stem}-{lineno}", lang, date, on_notice, id_file=path)
    except (OSError, ValueError) as exc:
        where = f"{path}:{lineno + 1}" if lineno else str(path)
        yield ReadError(where, _os_reason(exc) if isinstance(exc, OSError) else str(exc))


def _jsonl_item(raw: bytes | str, item: str, default_id: str, lang: str | None, date: str | None,
                on_notice: Notify, id_file: Path | None = None) -> Iterator[Article | ReadError]:
    """The article of one JSONL line, or its error; a guessed encoding is announced through ``on_notice``."""
    if not raw.strip():
        return
    try:
        if isinstance(raw, bytes):
            decoded = decode_text(raw)
            if decoded.notice:
                on_notice(f"{item}: {decoded.notice}")
            raw = decoded.text
        record = json.loads(raw[1:] if raw.startswith("\ufeff") else raw)
        if not isinstance(record, dict):
            raise InputError("line is not a JSON object")
        yield make_article(record, item=item, default_id=default_id, lang=lang, date=date, id_file=id_file)
    except json.JSONDecodeError as exc:
        yield ReadError(item, f"malformed JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")
    except RecursionError:
        yield ReadError(item, "malformed JSON (nested too deeply)")
    except ValueError as exc:
        yield ReadError(item, str(exc))


def _read_csv(path: Path, lang: str | None, date: str | None,
              on_notice: Notify) -> Iterator[Article | ReadError]:
    """One article or error per record; a quoting error costs the bad row only (see :mod:`.csv_input`)."""
    try:
        with path.open("rb") as handle:
            lines = TextLines(handle)
            yield from _csv_articles(path, csv_records(lines, looks_like_row=_looks_like_a_row), lang, date)
            if lines.notice():
                on_notice(f"{path}: {lines.notice()}")
    except (OSError, ValueError) as exc:
        yield ReadError(str(path), _os_reason(exc) if isinstance(exc, OSError) else str(exc))


def _csv_articles(path: Path, records: Iterator[CsvRecord | CsvProblem], lang: str | None,
                  date: str | None) -> Iterator[Article | ReadError]:
    """Articles of the records after the header, named ``path:LINE`` by the line each record starts on."""
    header: list[str] | None = None
    for record in records:
        if isinstance(record, CsvProblem):
            yield ReadError(f"{path}:{record.first_line}", record.message())
            continue
        if header is None:
            header = [name.strip().lower() for name in record.fields]
            if "text" not in header:
                yield ReadError(str(path), _missing_text_column(record.fields))
                return
            continue
        item = f"{path}:{record.first_line}"
        if any(value.strip() for value in record.fields[len(header):]):
            yield ReadError(item, f"row has {len(record.fields)} fields but the header has {len(header)} "
                                  f"(an unquoted comma?)")
            continue
        try:
            yield make_article(dict(zip(header, record.fields)), item=item,
                               default_id=f"{path.stem}-{record.first_line}", lang=lang, date=date, id_file=path)
        except ValueError as exc:
            yield ReadError(item, str(exc))


def _missing_text_column(found: list[str]) -> str:
    """The error of a CSV header without a 'text' column: what was found, what is read, and a hint when
    the fields are split by another delimiter than the comma.

    >>> _missing_text_column(["id;text;date"])
    "CSV needs a 'text' column; found 'id;text;date' (fields must be separated by commas, not ';')"
    """
    shown = ", ".join(repr(name) for name in found[:8]) + (", ..." if len(found) > 8 else "")
    message = f"CSV needs a 'text' column; found {shown}"
    for delimiter in (";", "\t", "|"):
        if len(found) == 1 and delimiter in found[0]:
            return message + f" (fields must be separated by commas, not {delimiter!r})"
    return message + f" (columns read: {', '.join(FIELDS)})"


_LANG_CODE = re.compile(r"^[A-Za-z]{2}$")


def _looks_like_a_row(header: list[str], fields: list[str]) -> bool:
    """A line inside a quoted field with the header's number of fields and a language code and/or an
    ISO date in their columns is a row swallowed by a quote that closed too late (prose never is)."""
    names = [name.strip().lower() for name in header]
    if len(fields) != len(names):
        return False
    typed = [(pattern, value) for name, value in zip(names, fields)
             for key, pattern in (("lang", _LANG_CODE), ("date", _DATE_ISO)) if name == key]
    return bool(typed) and all(pattern.match(value) for pattern, value in typed)


def _os_reason(exc: OSError) -> str:
    """An OSError as a short reason without the file name (the item names it already)."""
    return f"cannot read: {exc.strerror or exc}"


def _read_html(data: bytes) -> tuple[str, dict, str | None]:
    """Article text, metadata and the decoding notice (if any) of a web page."""
    import trafilatura

    decoded = decode_text(data, declared=True)
    html = decoded.text
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise InputError("HTML page has no article text (navigation or boilerplate only)")
    meta = trafilatura.extract_metadata(html)
    info = {}
    if meta is not None:
        info = {"title": meta.title, "date": meta.date, "url": meta.url, "source": meta.sitename}
    return text, info, decoded.notice


def _plain_file_article(path: Path, lang: str | None, date: str | None) -> tuple[Article, str | None]:
    """The article of a .txt/.md/.html file and its decoding notice; raises OSError/ValueError."""
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    if size > MAX_ARTICLE_BYTES:
        raise InputError(f"file too large for one article ({size / 1e6:.0f} MB > "
                         f"{MAX_ARTICLE_BYTES // 1_000_000} MB limit)")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    record: dict = {}                             # the id is the file's name (default_id below)
    if suffix in (".html", ".htm"):
        text, info, notice = _read_html(data)
        record.update({k: v for k, v in info.items() if v})
        if record.get("date"):
            record["date"] = str(record["date"])[:10]
    else:
        decoded = decode_text(data)
        text, notice = decoded.text, decoded.notice
        if suffix in (".md", ".markdown"):
            text = strip_markdown(text)
    if not text.strip():
        raise InputError("file has no text (only whitespace)")
    record["text"] = text
    if "title" not in record:
        first = text.strip().split("\n", 1)[0].strip()
        if 0 < len(first) <= 200 and len(text.strip().split("\n", 1)) > 1:
            record["title"] = first
    return make_article(record, item=str(path), default_id=path.stem, lang=lang, date=date, id_file=path), notice


def read_file(path: Path, *, lang: str | None = None, date: str | None = None,
              on_notice: Notify = _ignore) -> Iterator[Article | ReadError]:
    """Read one input file into articles (several for JSONL/CSV) or errors.

    ``on_notice`` receives one line (naming the item) when the encoding had to be guessed.
    """
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(path, lang, date, on_notice)
        return
    if suffix == ".csv":
        yield from _read_csv(path, lang, date, on_notice)
        return
    try:
        article, notice = _plain_file_article(path, lang, date)
    except OSError as exc:
        yield ReadError(str(path), _os_reason(exc))
        return
    except ValueError as exc:
        yield ReadError(str(path), str(exc))
        return
    if notice:
        on_notice(f"{path}: {notice}")
    yield article


def read_articles(paths: Iterable[str | Path], *, lang: str | None = None, date: str | None = None,
                  on_notice: Notify = _ignore) -> Iterator[Article | ReadError]:
    """Stream articles (or read errors) from files and folders, in a stable order.

    ``lang`` and ``date`` are defaults for items that do not state their own; ``on_notice`` gets
    one line per item whose encoding was guessed (see :mod:`.decoding`). An impossible default
    ``date`` raises ValueError before anything is read.
    """
    date = _normalise_date(date)
    for entry in iter_input_files(paths):
        if isinstance(entry, ReadError):
            yield entry
        else:
            yield from read_file(entry, lang=lang, date=date, on_notice=on_notice)
