"""Read articles from files and folders: txt, md, html, jsonl, csv.

Everything is streamed (a JSONL file of any size is read line by line) and
every bad item becomes a :class:`ReadError` naming it, so one broken file never
stops a batch.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .records import Article

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".ndjson", ".csv"}
MAX_ARTICLE_BYTES = 5_000_000        # larger single articles are refused (not news, or a dump)
MIN_HTML_WORDS = 10                  # fewer words extracted from a page = menus/boilerplate, not an article
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


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | ReadError]:
    """Expand files and folders (recursively, sorted) into supported files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield ReadError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                                           f"use one of {', '.join(sorted(SUFFIXES))}")
        else:
            yield ReadError(str(path), "no such file or folder")


def decode_bytes(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without BOM), else Windows-1252/Latin-1.

    Raises ValueError for binary data (NUL bytes or mostly control bytes).
    """
    if b"\x00" in data[:65536]:
        raise ValueError("binary file (contains NUL bytes), not text")
    sample = data[:65536]
    controls = sum(b < 9 or 13 < b < 32 for b in sample)
    if sample and controls / len(sample) > 0.05:
        raise ValueError("binary file (mostly control bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


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
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _normalise_date(value: object) -> str | None:
    if value in (None, ""):
        return None
    value = str(value).strip()[:10]
    if not _DATE_ISO.match(value):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD")
    return value


def make_article(record: dict, *, item: str, default_id: str, lang: str | None = None,
                 date: str | None = None) -> Article:
    """Build an Article from a JSONL/CSV record; raises ValueError when unusable."""
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("no 'text' field (or it is empty)")
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise ValueError(f"text too large ({len(text) // 1_000_000} MB > {MAX_ARTICLE_BYTES // 1_000_000} MB limit)")
    text = clean_text(text)
    rec_date = _normalise_date(record.get("date")) or date or guess_date(text)
    rec_lang = (record.get("lang") or lang or None)
    return Article(
        id=str(record.get("id") or default_id),
        text=text,
        lang=rec_lang.lower() if isinstance(rec_lang, str) else None,
        date=rec_date,
        title=(record.get("title") or None),
        source=(record.get("source") or None),
        url=(record.get("url") or None),
        origin=item,
    )


def _read_jsonl(path: Path, lang: str | None, date: str | None) -> Iterator[Article | ReadError]:
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, 1):
            item = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                record = json.loads(decode_bytes(raw))
                if not isinstance(record, dict):
                    raise ValueError("line is not a JSON object")
                yield make_article(record, item=item, default_id=f"{path.stem}-{lineno}", lang=lang, date=date)
            except json.JSONDecodeError as exc:
                yield ReadError(item, f"malformed JSON ({exc.msg} at column {exc.colno})")
            except ValueError as exc:
                yield ReadError(item, str(exc))


def _read_csv(path: Path, lang: str | None, date: str | None) -> Iterator[Article | ReadError]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        text = decode_bytes(path.read_bytes())
    except ValueError as exc:
        yield ReadError(str(path), str(exc))
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        yield ReadError(str(path), f"CSV needs a 'text' column (columns: {', '.join(FIELDS)})")
        return
    try:
        for rowno, row in enumerate(reader, 2):
            item = f"{path}:{rowno}"
            row = {(k or "").strip().lower(): v for k, v in row.items()}
            try:
                yield make_article(row, item=item, default_id=f"{path.stem}-{rowno}", lang=lang, date=date)
            except ValueError as exc:
                yield ReadError(item, str(exc))
    except csv.Error as exc:
        yield ReadError(str(path), f"malformed CSV ({exc})")


def _read_html(path: Path, data: bytes) -> tuple[str, dict]:
    import trafilatura

    html = decode_bytes(data)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise ValueError("HTML page has no article text (navigation or boilerplate only)")
    meta = trafilatura.extract_metadata(html)
    info = {}
    if meta is not None:
        info = {"title": meta.title, "date": meta.date, "url": meta.url, "source": meta.sitename}
    return text, info


def read_file(path: Path, *, lang: str | None = None, date: str | None = None) -> Iterator[Article | ReadError]:
    """Read one input file into articles (several for JSONL/CSV) or errors."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        yield from _read_jsonl(path, lang, date)
        return
    if suffix == ".csv":
        yield from _read_csv(path, lang, date)
        return
    item = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise ValueError("empty file")
        if size > MAX_ARTICLE_BYTES:
            raise ValueError(f"file too large for one article ({size / 1e6:.0f} MB > "
                             f"{MAX_ARTICLE_BYTES // 1_000_000} MB limit)")
        data = path.read_bytes()
        record: dict = {"id": path.stem}
        if suffix in (".html", ".htm"):
            text, info = _read_html(path, data)
            record.update({k: v for k, v in info.items() if v})
            if record.get("date"):
                record["date"] = str(record["date"])[:10]
        else:
            text = decode_bytes(data)
            if suffix in (".md", ".markdown"):
                text = strip_markdown(text)
        if not text.strip():
            raise ValueError("file has no text (only whitespace)")
        record["text"] = text
        if "title" not in record:
            first = text.strip().split("\n", 1)[0].strip()
            if 0 < len(first) <= 200 and len(text.strip().split("\n", 1)) > 1:
                record["title"] = first
        yield make_article(record, item=item, default_id=path.stem, lang=lang, date=date)
    except (OSError, ValueError) as exc:
        yield ReadError(item, str(exc))


def read_articles(paths: Iterable[str | Path], *, lang: str | None = None,
                  date: str | None = None) -> Iterator[Article | ReadError]:
    """Stream articles (or read errors) from files and folders, in a stable order.

    ``lang`` and ``date`` are defaults for items that do not state their own.
    """
    for entry in iter_input_files(paths):
        if isinstance(entry, ReadError):
            yield entry
        else:
            yield from read_file(entry, lang=lang, date=date)
