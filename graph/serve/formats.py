"""Content negotiation and capped, streaming serialisation of SPARQL answers for ``diplokg serve``.

Formats follow the SPARQL 1.1 Protocol: SELECT and ASK answer SPARQL JSON (default),
XML, CSV or TSV; CONSTRUCT and DESCRIBE answer Turtle (default), N-Triples,
RDF/XML, JSON-LD, N3 (as Turtle, which is valid N3), N-Quads or TriG. The choice
comes from a ``format=``/``output=`` parameter when it names a format for the
answer's kind (short names as SPARQLWrapper sends them: ``xml`` is SPARQL XML for
a SELECT and RDF/XML for a CONSTRUCT, ``json`` is JSON-LD for a graph), else from
the ``Accept`` header (by q-value, ``q=0`` excluding a type), else the default. An
Accept header that lists only types not offered for the answer is a 406, a ``format=``
that names no format for it a 400 (unless Accept names a fitting type). XML answers
(SPARQL XML, RDF/XML) replace the characters XML 1.0 cannot hold (C0 controls but tab,
LF, CR) with U+FFFD, so that they stay well-formed.

An answer is written row by row (triple by triple) into a :class:`Spool` (memory
up to 256 KB, then a temporary file), never held whole in memory, and stops at
``max_results`` rows or before the row that would take the body past
``max_bytes``: the body stays a complete, valid document. If not even the first
row fits, the answer is an error (413) instead of a misleading empty result.
"""
from __future__ import annotations

import csv
import html
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ...core.xml_chars import NOT_XML, xml_chars
from ...ontology.namespaces import XSD

__all__ = ["FORMAT_NAMES", "NotAcceptable", "Spool", "UnfitFormat", "is_format_name", "negotiate", "pick_format",
           "render_result", "xml_text"]

XSD_STRING = str(XSD.string)
SPOOL_MEMORY = 256 * 1024                     # answer bytes kept in memory before spilling to a file

# media type -> short name; the first name of each kind is its default
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/turtle": "turtle",
    "text/n3": "n3", "text/rdf+n3": "n3", "application/n3": "n3",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
    "application/ld+json": "jsonld", "application/x-json+ld": "jsonld", "application/json": "jsonld",
    "application/n-quads": "nquads", "application/trig": "trig",
}
RESULT_MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"}
GRAPH_MEDIA = {"turtle": "text/turtle; charset=utf-8", "n3": "text/n3; charset=utf-8",
               "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
               "jsonld": "application/ld+json", "nquads": "application/n-quads", "trig": "application/trig"}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "n3": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
# format=/output= values (SPARQLWrapper's, Virtuoso's, file extensions), per kind of answer
RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
GRAPH_NAMES = {"turtle": "turtle", "ttl": "turtle", "n3": "n3", "ntriples": "ntriples", "nt": "ntriples",
               "n-triples": "ntriples", "xml": "rdfxml", "rdf": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml",
               "owl": "rdfxml", "json": "jsonld", "jsonld": "jsonld", "json-ld": "jsonld", "nquads": "nquads",
               "nq": "nquads", "n-quads": "nquads", "trig": "trig"}
FORMAT_NAMES = sorted(set(RESULT_NAMES) | set(GRAPH_NAMES))
# how much larger than its N-Triples form a triple may get in each syntax (XML/JSON markup and escapes)
_GROWTH = {"rdfxml": 3, "jsonld": 3}


class AnswerTooLarge(Exception):
    """Not even the first row (or triple) of the answer fits in ``max_bytes``."""


class Spool:
    """A write-only byte sink: memory up to ``SPOOL_MEMORY``, then a temporary file in ``directory``."""

    def __init__(self, directory: str | None, limit: int):
        self.directory = directory
        self.limit = limit
        self.written = 0
        self._memory: io.BytesIO | None = io.BytesIO()
        self._file = None

    def write(self, data: bytes) -> int:
        if self.written + len(data) > self.limit:
            raise AnswerTooLarge("not even the answer's frame")
        if self._memory is not None and self._memory.tell() + len(data) > SPOOL_MEMORY:
            self._file = tempfile.NamedTemporaryFile(dir=self.directory, prefix="answer-", delete=False)  # noqa: SIM115 - closed in finish()
            self._file.write(self._memory.getvalue())
            self._memory = None
        (self._memory if self._memory is not None else self._file).write(data)
        self.written += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def finish(self) -> dict:
        """``{"body": bytes}`` or ``{"body_path": path}`` (the reader deletes the file), plus ``size``."""
        if self._memory is not None:
            return {"body": self._memory.getvalue(), "size": self.written}
        self._file.close()
        return {"body_path": self._file.name, "size": self.written}

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
            os.unlink(self._file.name)
        self._memory = io.BytesIO()
        self._file = None
        self.written = 0


class NotAcceptable(ValueError):
    """The Accept header names no format offered for this answer (HTTP 406); the message lists the offer."""


class UnfitFormat(ValueError):
    """A ``format=`` value names no format for this kind of answer (HTTP 400), and Accept names none either."""


KIND_WORDS = {"select": "a SELECT", "ask": "an ASK", "graph": "a CONSTRUCT/DESCRIBE"}


def _tables(kind: str) -> tuple[dict[str, str], dict[str, str], dict[str, str], str]:
    """Media types, short names, media sent and default format for an answer of ``kind``."""
    if kind == "graph":
        return GRAPH_TYPES, GRAPH_NAMES, GRAPH_MEDIA, "turtle"
    return RESULT_TYPES, RESULT_NAMES, RESULT_MEDIA, "json"


def accept_ranges(accept: str | None) -> list[tuple[float, int, str]]:
    """(q, position, media range) of each entry of an Accept header; a q that is not a number counts as 0.

    >>> accept_ranges("text/csv;q=0.5, */*")
    [(0.5, 0, 'text/csv'), (1.0, 1, '*/*')]
    """
    ranges = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0]:
            ranges.append((q if 0.0 <= q <= 1.0 else 0.0, i, fields[0].lower()))
    return ranges


def _matches(media_range: str, media: str) -> bool:
    return media_range in ("*/*", media) or (media_range.endswith("/*") and media.startswith(media_range[:-1]))


def _quality(media: str, ranges: list[tuple[float, int, str]]) -> float:
    """The q of the most specific range that matches ``media`` (exact, then type/*, then */*); 0 if none does."""
    found = [(0 if r == "*/*" else 1 if r.endswith("/*") else 2, q) for q, _, r in ranges if _matches(r, media)]
    return max(found)[1] if found else 0.0


def offered(kind: str) -> str:
    """The media types offered for an answer of ``kind``, for a 406 message."""
    media = _tables(kind)[2]
    return ", ".join(m.split(";")[0] for m in media.values())


def negotiate(accept: str | None, kind: str) -> str:
    """The short format name for a result ``kind`` ("select"/"ask" or "graph") under ``accept``.

    Ranges are tried by descending q-value; ``*/*`` (or no Accept header) gives the default (SPARQL
    JSON, or Turtle for graphs); ``q=0`` excludes a type. Raises :class:`NotAcceptable` when the
    header lists only types not offered, so the client learns it instead of getting something else.
    """
    table, _, _, default = _tables(kind)
    if not (accept or "").strip():
        return default
    ranges = accept_ranges(accept)
    refused = {table[m] for m in table if any(q == 0 and r == m for q, _, r in ranges)}
    for q, _, media_range in sorted(ranges, key=lambda r: (-r[0], r[1])):
        if q <= 0:
            break
        for media in table:
            if _matches(media_range, media) and table[media] not in refused and _quality(media, ranges) > 0:
                return table[media]
    raise NotAcceptable(f"the Accept header ({' '.join(accept.split())[:200]}) names no format offered for "
                        f"{KIND_WORDS[kind]} answer; offered: {offered(kind)}")


def _named(value: str, kind: str) -> str | None:
    """The format a ``format=`` value names for ``kind`` (a short name or a comma list of media types)."""
    table, names, _, _ = _tables(kind)
    value = value.strip().lower()
    if value in names:
        return names[value]
    for part in value.split(","):
        media = part.split(";")[0].strip()
        if media in table:
            return table[media]
    return None


def is_format_name(value: str) -> bool:
    """Whether a ``format=`` value names some format of this endpoint (for any kind of answer)."""
    return _named(value, "select") is not None or _named(value, "graph") is not None


def pick_format(formats: list[str], accept: str | None, kind: str) -> str:
    """The format for an answer of ``kind``: the first ``format=`` value that names one for it, else Accept.

    A ``format=`` that names none for this kind is a mistake (:class:`UnfitFormat`) unless the Accept
    header names a fitting type itself (SPARQLWrapper sends its format for every kind of query).
    """
    for value in formats:
        found = _named(value, kind)
        if found:
            return found
    table, names, _, _ = _tables(kind)
    if formats and not any(q > 0 and media in table for q, _, media in accept_ranges(accept)):
        raise UnfitFormat(f"format {formats[0].strip()[:100]!r} is not a format for {KIND_WORDS[kind]} answer; "
                          f"use one of: {', '.join(names)} (or a media type: {offered(kind)})")
    return negotiate(accept, kind)


# -- SPARQL results (SELECT, ASK) ---------------------------------------------------------


def _term_json(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
            direction = getattr(t, "direction", None)
            if direction is not None:
                out["its:dir"] = str(direction).rsplit(".", 1)[-1].lower()
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(t.subject), "predicate": _term_json(t.predicate),
                                            "object": _term_json(t.object)}}
    return {"type": "literal", "value": str(t)}


def xml_text(value: str, quote: bool = False) -> str:
    """``value`` escaped for XML 1.0 text (or an attribute with ``quote``): the characters XML cannot hold
    at all (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD, so the document stays valid,
    and CR is written ``&#13;`` so that parsers keep it.

    >>> xml_text("a\x01b\r<c>")
    'a\ufffdb&#13;&lt;c&gt;'
    """
    return html.escape(xml_chars(value), quote=quote).replace("\r", "&#13;")


def _term_xml(t) -> str:
    """A term in SPARQL XML results; characters XML 1.0 cannot hold are replaced (:func:`xml_text`)."""
    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_text(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_text(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f'<literal xml:lang="{xml_text(t.language, True)}">{xml_text(t.value)}</literal>'
        if t.datatype.value != XSD_STRING:
            return f'<literal datatype="{xml_text(t.datatype.value, True)}">{xml_text(t.value)}</literal>'
        return f"<literal>{xml_text(t.value)}</literal>"
    if isinstance(t, ox.Triple):
        return (f"<triple><subject>{_term_xml(t.subject)}</subject><predicate>{_term_xml(t.predicate)}"
                f"</predicate><object>{_term_xml(t.object)}</object></triple>")
    return f"<literal>{xml_text(str(t))}</literal>"


def _term_csv(t) -> str:
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    return str(t)


def _csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells)
    return buf.getvalue()


def _solutions_frame(variables: list[str], fmt: str) -> tuple[bytes, bytes]:
    """The bytes before the first row and after the last one."""
    if fmt == "json":
        head = json.dumps({"head": {"vars": variables}}, separators=(",", ":"))[:-1]
        return (head + ',"results":{"bindings":[').encode(), b"]}}"
    if fmt == "xml":
        head = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        head += [f'<variable name="{xml_text(v, True)}"/>' for v in variables]
        return ("".join(head) + "</head><results>").encode(), b"</results></sparql>\n"
    if fmt == "csv":
        return _csv_line(variables).encode("utf-8"), b""
    return ("\t".join("?" + v for v in variables) + "\n").encode("utf-8"), b""


def _solution_row(variables: list[str], row: list, fmt: str, first: bool) -> bytes:
    if fmt == "json":
        binding = {v: _term_json(row[i]) for i, v in enumerate(variables) if row[i] is not None}
        return (("" if first else ",") + json.dumps(binding, ensure_ascii=False, separators=(",", ":"))).encode()
    if fmt == "xml":
        cells = "".join(f'<binding name="{xml_text(v, True)}">{_term_xml(row[i])}</binding>'
                        for i, v in enumerate(variables) if row[i] is not None)
        return f"<result>{cells}</result>".encode()
    if fmt == "csv":
        return _csv_line(["" if t is None else _term_csv(t) for t in row]).encode("utf-8")
    # tsv: terms in their N-Triples form (pyoxigraph's str() escapes tabs and newlines)
    return ("\t".join("" if t is None else str(t) for t in row) + "\n").encode("utf-8")


def _term_size(t) -> int:
    """A lower bound of a term's serialised size, read before serialising it."""
    if isinstance(t, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return len(t.value)
    return 0 if t is None else len(str(t))


def _write_solutions(result: ox.QuerySolutions, fmt: str, spool: Spool, max_results: int) -> tuple[int, str | None]:
    """Rows into ``spool`` up to the caps; returns (rows written, "rows"/"bytes" when cut, else None)."""
    variables = [v.value for v in result.variables]
    head, tail = _solutions_frame(variables, fmt)
    spool.write(head)
    count, cut = 0, None
    for solution in result:
        if count >= max_results:
            cut = "rows"
            break
        row = [solution[v] for v in variables]
        room = spool.limit - spool.written - len(tail)
        if sum(_term_size(t) for t in row) > room:
            cut = "bytes"
            break
        data = _solution_row(variables, row, fmt, count == 0)
        if len(data) > room:
            cut = "bytes"
            break
        spool.write(data)
        count += 1
    if cut == "bytes" and count == 0:
        raise AnswerTooLarge("not even its first row")
    spool.write(tail)
    return count, cut


def _boolean_body(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    if fmt in ("csv", "tsv"):
        return (("true" if value else "false") + "\n").encode("utf-8")
    return json.dumps({"head": {}, "boolean": bool(value)}).encode("utf-8")


# -- RDF graphs (CONSTRUCT, DESCRIBE) ------------------------------------------------------


_PROBE = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:x"), ox.NamedNode("urn:x"))


class _TripleFeed:
    """The triples handed to pyoxigraph's serializer, stopped at the row cap or before the byte cap.

    The serializer buffers, so its output is estimated from each triple's N-Triples
    form (times the syntax's growth factor); the spool's hard limit backs the estimate.
    """

    def __init__(self, triples: Iterable, limit: int, max_results: int, growth: int, frame: int):
        self.triples, self.limit, self.max_results, self.growth = triples, limit, max_results, growth
        self.count, self.cut, self.estimate = 0, None, frame

    def __iter__(self) -> Iterator:
        for triple in self.triples:
            if self.count >= self.max_results:
                self.cut = "rows"
                return
            size = self.growth * (len(str(triple)) + 3)
            if self.estimate + size > self.limit:
                self.cut = "bytes"
                return
            self.estimate += size
            self.count += 1
            yield triple


def _xml_safe(term):
    """``term`` with the characters XML 1.0 cannot hold replaced by U+FFFD in its literals (for RDF/XML,
    whose writer in pyoxigraph copies them as they are and so writes a document no parser reads)."""
    if isinstance(term, ox.Triple):
        return ox.Triple(_xml_safe(term.subject), term.predicate, _xml_safe(term.object))
    if isinstance(term, ox.Literal) and NOT_XML.search(term.value):
        value = xml_chars(term.value)
        if term.language:
            return ox.Literal(value, language=term.language)
        return ox.Literal(value, datatype=term.datatype)
    return term


def _write_graph(triples: Iterable, fmt: str, spool: Spool, max_results: int,
                 prefixes: dict[str, str] | None) -> tuple[int, str | None]:
    if fmt == "rdfxml":
        triples = (_xml_safe(triple) for triple in triples)
    options = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "n3", "trig", "rdfxml") else {}
    # prefix declarations, root element, closing markup (Turtle declares prefixes only when it has a triple)
    frame = len(ox.serialize([_PROBE], format=GRAPH_FORMATS[fmt], **options)) + 256
    feed = _TripleFeed(triples, spool.limit, max_results, _GROWTH.get(fmt, 1), frame)
    try:
        ox.serialize(feed, spool, format=GRAPH_FORMATS[fmt], **options)
    except Exception as exc:
        if isinstance(exc, AnswerTooLarge) or "not even the answer's frame" in str(exc):
            raise AnswerTooLarge(f"its {fmt} form (larger than estimated)") from None
        raise
    if feed.cut == "bytes" and feed.count == 0:
        raise AnswerTooLarge("not even its first triple")
    return feed.count, feed.cut


def render_result(result, accept: str | None, max_results: int, max_bytes: int, *, formats: list[str] | None = None,
                  prefixes: dict[str, str] | None = None, spool_dir: str | None = None) -> dict:
    """Serialise a pyoxigraph query result for HTTP within ``max_results`` rows and ``max_bytes`` bytes.

    Returns ``{"status", "content_type", "body" | "body_path", "size", "truncated", "truncated_by",
    "count", "kind"}``; ``truncated_by`` is "rows", "bytes" or None.
    """
    formats = formats or []
    kind = "ask" if isinstance(result, (bool, ox.QueryBoolean)) else \
        "select" if isinstance(result, ox.QuerySolutions) else "graph"
    try:
        fmt = pick_format(formats, accept, kind)
    except NotAcceptable as exc:
        return error_reply(406, str(exc))
    except UnfitFormat as exc:
        return error_reply(400, str(exc))
    if kind == "ask":
        body = _boolean_body(bool(result), fmt)
        return {"status": 200, "content_type": RESULT_MEDIA[fmt], "body": body, "size": len(body),
                "truncated": False, "truncated_by": None, "count": 1, "kind": "ask"}
    spool = Spool(spool_dir, max_bytes)
    try:
        if kind == "select":
            count, cut = _write_solutions(result, fmt, spool, max_results)
        else:
            count, cut = _write_graph(result, fmt, spool, max_results, prefixes)
    except AnswerTooLarge as exc:
        spool.discard()
        unit = "row" if kind == "select" else "triple"
        return error_reply(413, f"the answer is larger than this endpoint's byte cap ({max_bytes} bytes, "
                                f"`diplokg serve --max-bytes`): {exc} fits. Select fewer or "
                                f"shorter values (e.g. SUBSTR) or fewer {unit}s.")
    except BaseException:
        spool.discard()                                  # no half-written answer is left in the spool folder
        raise
    media = RESULT_MEDIA[fmt] if kind == "select" else GRAPH_MEDIA[fmt]
    return {"status": 200, "content_type": media, **spool.finish(), "truncated": cut is not None,
            "truncated_by": cut, "count": count, "kind": kind}


def error_reply(status: int, message: str) -> dict:
    """A plain-text error answer in the same shape as :func:`render_result`'s."""
    body = (message.rstrip() + "\n").encode("utf-8")
    return {"status": status, "content_type": "text/plain; charset=utf-8", "body": body, "size": len(body),
            "truncated": False, "truncated_by": None, "count": 0, "kind": "error"}
