"""Benchmark of the HTML network renderer on a large graph, in headless Chromium.

Generates a synthetic but realistically shaped event set (preferential
attachment: a few hub actors, many small ones; all five actor types; CAMEO
codes from all four QuadClasses; one evidence sentence per event; some
repeated events so edges have support > 1), renders it with
``diplokg.graph.render.render_html`` and opens the page via file:// in
headless Chromium (all non-file requests aborted and counted). Measures

- Python: aggregation + layout + page build time, file size;
- browser: time from navigation to the page's ``diplokg:ready`` signal (the
  first draw after stabilisation, or the first draw when physics is off),
  split into HTML/JS parse, JSON parse, network construction and first draw;
- a programmatic node drag: mouse down on a node, 10 mouse moves, mouse up,
  until the next redraw; plus the median frame time during the drag.

A 100-node graph rendered in the same run is the baseline; ratios are
large / baseline. Results are printed and written to
``benchmarks/RESULTS-render.md``.

Run::

    python benchmarks/render_large.py            # 5,000 / 20,000
    python benchmarks/render_large.py --nodes 2000 --edges 8000 --repeats 1 --no-write
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import random
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _machine import machine_facts, run  # benchmarks/_machine.py (the script's folder is on sys.path)

from diplokg.graph.network.build import aggregate_edges, filter_events, layout_positions
from diplokg.graph.network.render import render_html

CHROMIUM = os.environ.get("DIPLOKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
RESULTS = Path(__file__).resolve().parent / "RESULTS-render.md"

TYPES = ["PERSON", "COUNTRY", "GOVERNMENT", "ORGANIZATION", "GROUP"]
CODES = [  # cameo, relation, label, goldstein, quad, plover
    ("036", "offer dialogue", "offer to meet or negotiate", 4.0, 1, "AGREE"),
    ("040", "consult", "consult, unspecified", 1.0, 1, "CONSULT"),
    ("042", "pay a visit", "pay a visit", 1.9, 1, "CONSULT"),
    ("057", "sign agreement", "sign a formal accord", 8.0, 1, "SUPPORT"),
    ("071", "give economic aid", "give economic aid", 7.4, 2, "AID"),
    ("061", "cooperate economically", "engage in economic cooperation", 6.4, 2, "COOPERATE"),
    ("111", "criticize", "criticize or condemn", -2.0, 3, "ACCUSE"),
    ("112", "accuse", "make an accusation, unspecified", -2.0, 3, "ACCUSE"),
    ("130", "threaten", "issue a threat, unspecified", -4.4, 3, "THREATEN"),
    ("163", "impose sanctions", "impose sanctions, boycotts or embargoes", -8.0, 4, "COERCE"),
    ("173", "arrest", "arrest, detain or prosecute", -5.0, 4, "COERCE"),
    ("190", "use military force", "apply conventional military force, unspecified", -10.0, 4, "ASSAULT"),
]


def synthetic_rows(n_nodes: int, n_edges: int, seed: int = 7, repeat_share: float = 0.25) -> list[dict]:
    """Event rows giving exactly ``n_nodes`` actors and ``n_edges`` (source, target, relation) edges."""
    rng = random.Random(seed)
    actors = []
    for i in range(n_nodes):
        typ = TYPES[i % 5] if i >= 20 else ("COUNTRY" if i % 2 else "PERSON")
        actors.append({"iri": f"https://w3id.org/diplokg/resource/actor/a{i}", "label": f"Actor {i} {typ.title()}",
                       "label_de": f"Akteur {i}", "type": typ, "qid": f"Q{1000 + i}",
                       "country": f"Country {i % 60}"})
    weights = [1.0] * n_nodes
    seen: set[tuple[int, int, int]] = set()
    edges: list[tuple[int, int, int]] = []

    def pick(limit: int | None = None) -> int:
        hi = limit if limit is not None else n_nodes
        return rng.choices(range(hi), weights=weights[:hi])[0]

    for i in range(1, n_nodes):                       # a spanning forest: every actor gets an edge
        j = pick(i)
        key = (i, j, rng.randrange(len(CODES))) if rng.random() < 0.5 else (j, i, rng.randrange(len(CODES)))
        seen.add(key)
        edges.append(key)
        weights[i] += 1
        weights[j] += 1
    while len(edges) < n_edges:
        a, b = pick(), pick()
        if a == b:
            continue
        key = (a, b, rng.randrange(len(CODES)))
        if key in seen:
            continue
        seen.add(key)
        edges.append(key)
        weights[a] += 0.5
        weights[b] += 0.5
    events = list(edges) + [rng.choice(edges) for _ in range(int(len(edges) * repeat_share))]
    rows = []
    for k, (a, b, c) in enumerate(events):
        cameo, rel, label, gold, quad, plover = CODES[c]
        day = f"20{rng.randrange(14, 24)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        lang = "de" if k % 3 == 0 else "en"
        sentence = (f"{actors[a]['label_de']} und {actors[b]['label_de']}: {label}, wie aus Regierungskreisen "
                    f"verlautete (Meldung {k})." if lang == "de" else
                    f"{actors[a]['label']} moved to {label} with {actors[b]['label']}, officials said (report {k}).")
        rows.append({
            "event": f"https://w3id.org/diplokg/resource/event/bench{k}",
            "source": actors[a], "target": actors[b],
            "relation": rel, "cameo": cameo, "cameo_label": label, "plover_type": plover, "plover_mode": None,
            "goldstein": gold, "quad_class": quad, "date": day,
            "negated": rng.random() < 0.03, "reported": rng.random() < 0.2,
            "modality": "asserted" if rng.random() < 0.9 else "future",
            "evidence": [{"sentence": sentence, "article_id": f"bench-{k}", "title": f"Report {k}", "date": day,
                          "url": f"https://example.org/news/{k}", "lang": lang}],
        })
    return rows


def _machine() -> dict:
    facts = machine_facts()
    facts["chromium"] = run([CHROMIUM, "--version"]).splitlines()[-1] if os.path.exists(CHROMIUM) else "missing"
    return facts


JS_INSTALL = """() => {
  window.__draws = [];
  window.__dragNodes = null;
  diplokgNetwork.on('afterDrawing', () => window.__draws.push(performance.now()));
  diplokgNetwork.on('dragStart', p => { window.__dragNodes = p.nodes; });
}"""

JS_PICK_NODE = """() => {
  // a node near the centre of the view, with edges (so the drag redraws them)
  const net = diplokgNetwork, pos = net.getPositions();
  const r = document.querySelector('#diplokg-network canvas').getBoundingClientRect();
  const cx = r.width / 2, cy = r.height / 2;
  let best = null, bd = Infinity;
  for (const id of Object.keys(pos)) {
    const p = net.canvasToDOM(pos[id]);
    const d = (p.x - cx) ** 2 + (p.y - cy) ** 2;
    if (d < bd && net.getConnectedEdges(id).length > 0) { bd = d; best = {id, x: r.left + p.x, y: r.top + p.y}; }
  }
  return best;
}"""


def measure_page(browser, path: Path, repeats: int) -> dict:
    loads, parts, drags, drag_lat, frames, heap = [], [], [], [], [], []
    blocked: list[str] = []
    errors: list[str] = []
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:", "about:"))
                      else (blocked.append(r.request.url), r.abort()))
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        t0 = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="commit", timeout=300_000)
        page.wait_for_function("() => window.diplokgTimings && window.diplokgTimings.ready", timeout=300_000,
                               polling=10)
        wall = (time.perf_counter() - t0) * 1000
        t = page.evaluate("() => window.diplokgTimings")
        loads.append(wall)
        parts.append(t)
        heap.append(page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : 0") / 2**20)

        # drag a node: mouse down, 10 moves, mouse up, then wait for the next redraw
        page.evaluate("() => diplokgNetwork.setOptions({physics: {enabled: false}})")
        page.wait_for_timeout(300)
        page.evaluate(JS_INSTALL)
        node = page.evaluate(JS_PICK_NODE)
        before = page.evaluate("(id) => diplokgNetwork.getPositions([id])[id]", node["id"])
        page.mouse.move(node["x"], node["y"])
        page.wait_for_timeout(200)
        t_down = page.evaluate("() => performance.now()")
        page.mouse.down()
        for i in range(1, 11):
            page.mouse.move(node["x"] + 6 * i, node["y"] + 4 * i)
        t_up = page.evaluate("() => performance.now()")
        page.mouse.up()
        page.wait_for_function("(t) => window.__draws.some(x => x > t)", arg=t_up, timeout=60_000, polling=5)
        draws = page.evaluate("() => window.__draws")
        dragged = page.evaluate("() => window.__dragNodes")
        after = page.evaluate("(id) => diplokgNetwork.getPositions([id])[id]", node["id"])
        first_after = min(x for x in draws if x > t_up)
        drags.append(first_after - t_down)
        drag_lat.append(first_after - t_up)
        during = [x for x in draws if t_down <= x <= t_up]
        if len(during) >= 2:
            frames.append(statistics.median(b - a for a, b in zip(during, during[1:])))
        assert dragged, "the mouse down did not hit a node"
        assert (after["x"], after["y"]) != (before["x"], before["y"]), "node did not move"
        context.close()
    med = statistics.median
    return {
        "load_ms": med(loads),
        "html_js_ms": med(p["scriptStart"] for p in parts),
        "json_ms": med(p["parsed"] - p["scriptStart"] for p in parts),
        "construct_ms": med(p["created"] - p["parsed"] for p in parts),
        "first_draw_ms": med(p["ready"] - p["created"] for p in parts),
        "ready_in_page_ms": med(p["ready"] for p in parts),
        "drag_ms": med(drags),
        "drag_redraw_ms": med(drag_lat),
        "frame_ms": med(frames) if frames else float("nan"),
        "heap_mb": med(heap),
        "blocked": len(blocked),
        "errors": errors,
        "all_loads": loads,
        "all_drags": drags,
    }


def run_case(browser, name: str, n_nodes: int, n_edges: int, repeats: int, outdir: Path,
             physics_threshold: int = 300, **render_kw) -> dict:
    rows = synthetic_rows(n_nodes, n_edges)
    t = time.perf_counter()
    G = aggregate_edges(filter_events(rows))
    t_agg = time.perf_counter() - t
    t = time.perf_counter()
    layout_positions(G)
    t_layout = time.perf_counter() - t
    assert G.number_of_nodes() == n_nodes and G.number_of_edges() == n_edges, (G.number_of_nodes(), G.number_of_edges())
    t = time.perf_counter()
    path = render_html(rows, outdir / f"{name}.html", title=f"Benchmark {name}", physics_threshold=physics_threshold,
                       **render_kw)
    t_render = time.perf_counter() - t
    res = measure_page(browser, path, repeats)
    hide = render_kw.get("hide_edges_on_drag")
    res.update(name=name, nodes=n_nodes, edges=n_edges, events=len(rows), physics=n_nodes <= physics_threshold,
               hide_edges=n_edges > 3000 if hide is None else hide,
               aggregate_s=t_agg, layout_s=t_layout, render_s=t_render, size_mb=path.stat().st_size / 2**20)
    return res


def table(results: list[dict], base: dict) -> str:
    rows = [
        ("actors / edges / events", lambda r: f"{r['nodes']:,} / {r['edges']:,} / {r['events']:,}", None),
        ("physics", lambda r: "on (stabilise)" if r["physics"] else "off (Python layout)", None),
        ("edges while dragging", lambda r: "hidden" if r["hide_edges"] else "drawn", None),
        ("Python: aggregate (s)", lambda r: f"{r['aggregate_s']:.2f}", "aggregate_s"),
        ("Python: layout (s)", lambda r: f"{r['layout_s']:.2f}", "layout_s"),
        ("Python: render_html total (s)", lambda r: f"{r['render_s']:.2f}", "render_s"),
        ("HTML file (MiB)", lambda r: f"{r['size_mb']:.1f}", "size_mb"),
        ("load → first stabilised draw, wall (ms)", lambda r: f"{r['load_ms']:.0f}", "load_ms"),
        ("  in page: HTML + vis JS parsed (ms)", lambda r: f"{r['html_js_ms']:.0f}", "html_js_ms"),
        ("  in page: JSON.parse (ms)", lambda r: f"{r['json_ms']:.0f}", "json_ms"),
        ("  in page: DataSets + Network (ms)", lambda r: f"{r['construct_ms']:.0f}", "construct_ms"),
        ("  in page: stabilise + first draw (ms)", lambda r: f"{r['first_draw_ms']:.0f}", "first_draw_ms"),
        ("drag: mouse down → 10 moves → up → redraw (ms)", lambda r: f"{r['drag_ms']:.0f}", "drag_ms"),
        ("drag: mouse up → next (full) redraw (ms)", lambda r: f"{r['drag_redraw_ms']:.0f}", "drag_redraw_ms"),
        ("drag: median frame interval while moving (ms)", lambda r: f"{r['frame_ms']:.0f}", "frame_ms"),
        ("JS heap after load (MiB)", lambda r: f"{r['heap_mb']:.0f}", "heap_mb"),
        ("requests blocked (non-file)", lambda r: str(r["blocked"]), None),
        ("console / page errors", lambda r: str(len(r["errors"])), None),
    ]
    large = [r for r in results if r is not base and not r["name"].startswith("baseline")]
    head = "| measure | " + " | ".join(r["name"] for r in results) + " | " + \
        " | ".join(f"ratio {r['name']} / {base['name']}" for r in large) + " |"
    lines = [head, "|---|" + "---:|" * (len(results) + len(large))]
    for label, fmt, key in rows:
        ratios = []
        for r in large:
            ratios.append(f"{r[key] / base[key]:.1f}×" if key and base.get(key) else "")
        lines.append(f"| {label} | " + " | ".join(fmt(r) for r in results) + " | " + " | ".join(ratios) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    ap.add_argument("--baseline-nodes", type=int, default=100)
    ap.add_argument("--baseline-edges", type=int, default=400)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="keep the HTML files in this directory")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS.name}")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    outdir = args.keep or Path(tempfile.mkdtemp(prefix="diplokg-bench-"))
    outdir.mkdir(parents=True, exist_ok=True)
    machine = _machine()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        base = run_case(browser, f"baseline-{args.baseline_nodes}", args.baseline_nodes, args.baseline_edges,
                        args.repeats, outdir)
        base_off = run_case(browser, f"baseline-{args.baseline_nodes}-nophysics", args.baseline_nodes,
                            args.baseline_edges, args.repeats, outdir, physics_threshold=0)
        large = run_case(browser, f"large-{args.nodes}", args.nodes, args.edges, args.repeats, outdir)
        large_edges = run_case(browser, f"large-{args.nodes}-edges-drawn", args.nodes, args.edges, args.repeats,
                               outdir, hide_edges_on_drag=False)
        browser.close()
    results = [base, base_off, large, large_edges]
    text = table(results, base)
    print(text)
    for r in results:
        if r["errors"] or r["blocked"]:
            print(f"WARNING {r['name']}: {r['blocked']} blocked requests, errors: {r['errors'][:3]}")
    command = "python benchmarks/render_large.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    if not args.no_write:
        RESULTS.write_text(f"""# HTML network renderer: large-graph benchmark

Generated by `benchmarks/render_large.py` ({_dt.date.today().isoformat()}).

- **Date:** {machine['date']}
- **Machine:** {machine['nproc']} CPUs ({machine['cpu']}), Python {machine['python']}, {machine['chromium']}
  (headless, `--disable-gpu`: software rendering)
- **Memory (`free -g`):**
```
{machine['free']}
```
- **Command:** `{command.strip()}`
- **Repeats:** {args.repeats} page loads and drags per graph; medians shown.

Synthetic events: preferential attachment (hub actors plus a long tail), all
five actor types, 12 CAMEO codes over the four QuadClasses, one evidence
sentence per event, 25 % repeated events (support > 1). Every graph is
rendered with the defaults of `render_html` (physics up to 300 actors); the
second column forces physics off for the 100-actor graph to separate the
cost of stabilisation. The large graph is measured twice: with the default
for graphs over 3,000 edges (edges are not drawn while dragging/zooming,
vis-network `hideEdgesOnDrag`/`hideEdgesOnZoom`) and with
`hide_edges_on_drag=False` (every drag frame redraws all edges). Ratio
columns are large / baseline-with-physics.

"Load → first stabilised draw" is wall time from `page.goto` to the page's
ready signal (`diplokg:ready`: the first `afterDrawing` after
`stabilizationIterationsDone`, or the first draw when physics is off). The
drag is real input (Playwright mouse: down on a node near the centre of the
fitted view — the whole graph visible —, 10 moves, up) until the first
`afterDrawing` after the mouse up (that redraw includes all edges again);
"frame interval" is the median time between redraws during the moves.
Physics is switched off before the drag in every case, so only drawing is
measured. Software rendering: a browser with GPU canvas is faster.

{text}

Run-to-run values (ms): """ + "; ".join(
            f"{r['name']}: load {', '.join(f'{x:.0f}' for x in r['all_loads'])}, drag {', '.join(f'{x:.0f}' for x in r['all_drags'])}"
            for r in results) + "\n", encoding="utf-8")
        print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
