"""The HTML help page of ``diplokg serve`` (``/``): endpoint address, formats, limits, an example query."""
from __future__ import annotations

import html
import urllib.parse

__all__ = ["help_page"]

EXAMPLE = ("SELECT ?event ?date ?relation WHERE {\n  ?event a dkg:DiplomaticEvent ; dkg:relation ?relation .\n"
           "  OPTIONAL { ?event sem:hasTimeStamp ?date }\n}\nORDER BY DESC(?date)\nLIMIT 20")


def help_page(server) -> bytes:
    """The page for a running :class:`~diplokg.graph.serve.SparqlServer` (everything it prints is escaped)."""
    from ...ontology.namespaces import SPARQL_PREFIXES

    base = server.url
    esc = html.escape
    example_url = base + "/sparql?" + urllib.parse.urlencode({"query": EXAMPLE})
    prefixes = "\n".join(f"PREFIX {k}: <{v}>" for k, v in SPARQL_PREFIXES.items())
    cors = (f"Web pages from {esc(', '.join(server.cors))} may query it (CORS)." if server.cors else
            "Web pages from other sites may not query it (no CORS; start with <code>--cors ORIGIN</code> "
            "to allow one).")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>diplokg SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:52em;margin:2em auto;padding:0 1em;line-height:1.4}}
pre,textarea{{background:#f4f4f4;padding:.6em;overflow-x:auto}}textarea{{width:100%;font-family:monospace}}</style>
</head><body>
<h1>diplokg SPARQL endpoint</h1>
<p>A <strong>read-only</strong> <a href="https://www.w3.org/TR/sparql11-protocol/">SPARQL 1.1 Protocol</a>
endpoint over a diplokg knowledge graph ({esc(server.backend.description)}).</p>
<p>Endpoint: <code>{esc(base)}/sparql</code> (also <code>{esc(base)}/query</code>). Send
<code>GET ?query=...</code>, or <code>POST</code> with an <code>application/sparql-query</code> body or a
form field <code>query</code>. SELECT/ASK answer SPARQL JSON (XML, CSV, TSV); CONSTRUCT/DESCRIBE answer
Turtle (N-Triples, RDF/XML, JSON-LD, N3, N-Quads, TriG), chosen by <code>Accept</code> or
<code>format=</code>. {cors}</p>
<ul>
<li>The default graph is the union of all graphs: the article graphs (evidence), the shared facts graph (events, actors) and the ontology graph.</li>
<li>These prefixes are predeclared:<pre>{esc(prefixes)}</pre></li>
<li>Queries stop after {server.query_timeout:g} s (answer 504); at most {server.max_results} rows or triples and
{server.max_bytes} bytes are returned (header <code>X-Diplokg-Truncated: true</code> when cut, 413 when not even
one row fits).</li>
<li>SPARQL Update is refused (403): the graph changes only through <code>diplokg ingest</code> and
<code>diplokg remove</code>. Federated queries (<code>SERVICE</code>) are refused too (403).</li>
</ul>
<form method="get" action="/sparql">
<textarea name="query" rows="8">{esc(EXAMPLE)}</textarea>
<p><label>format <select name="format"><option>json</option><option>csv</option><option>tsv</option>
<option>xml</option><option value="turtle">turtle (CONSTRUCT, DESCRIBE)</option></select></label>
<button type="submit">Run query</button></p>
</form>
<p>From a shell:</p>
<pre>curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {{ ?s a dkg:Article }} LIMIT 5' {esc(base)}/sparql</pre>
<p><a href="{esc(example_url)}">Run the example query</a></p>
</body></html>
"""
    return page.encode("utf-8")
