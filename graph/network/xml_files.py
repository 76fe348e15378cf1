"""GEXF and GraphML files that XML can hold, written whole or not at all.

Why: labels and names can come from a loaded file or a remote store, and XML 1.0 cannot hold most control
characters: networkx's GraphML writer refuses them with a traceback after creating the file, and its GEXF
writer writes a file no XML reader opens. Such characters become U+FFFD, and a file is written next to its
target and moved into place only when complete.
"""
from __future__ import annotations

import os
from pathlib import Path

import networkx as nx

from ...core.xml_chars import xml_chars as xml_text


def xml_safe_graph(H: nx.Graph) -> nx.Graph:
    """A copy of ``H`` whose node names and text attributes XML can hold (``H`` itself unchanged)."""
    G = H.__class__()
    G.graph.update({k: xml_text(v) for k, v in H.graph.items()})
    G.add_nodes_from((xml_text(n), {k: xml_text(v) for k, v in d.items()}) for n, d in H.nodes(data=True))
    if H.is_multigraph():
        G.add_edges_from((xml_text(u), xml_text(v), key, {a: xml_text(x) for a, x in d.items()})
                         for u, v, key, d in H.edges(keys=True, data=True))
    else:
        G.add_edges_from((xml_text(u), xml_text(v), {a: xml_text(x) for a, x in d.items()})
                         for u, v, d in H.edges(data=True))
    return G


def write_graph(H: nx.Graph, path: Path, fmt: str) -> Path:
    """Write ``H`` as GEXF or GraphML (``fmt`` from :func:`.build.graph_file_format`), creating the folder;
    an error leaves no partial file and an earlier file at ``path`` as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    try:
        (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(xml_safe_graph(H), part)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
    return path
