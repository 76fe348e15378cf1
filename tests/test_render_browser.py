"""The rendered page in a real browser: headless Chromium driven by Playwright (sync API).

Every request the page makes is routed: ``file:``, ``data:`` and ``about:``
pass, anything else is aborted and counted (the tests assert 0). Console
errors and uncaught page errors fail the tests.

Skipped when playwright or Chromium is missing. Set ``DIPLOKG_REQUIRE_BROWSER=1``
(as CI should) to turn that skip into a failure. The Chromium binary is
``/usr/bin/chromium`` unless ``DIPLOKG_CHROMIUM`` names another one; never
``playwright install``-ed browsers.

Reusable pieces for tests on real pipeline output: :func:`sample_rows`,
:func:`launch_browser`, :func:`open_page` and :func:`check_rendered_page`.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

from diplokg.graph.network.render import notebook_iframe, render_html, to_html


def _load_fixtures():
    """Import tests/test_render.py by path (works with or without tests/__init__.py)."""
    name = "diplokg_test_render_fixtures"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("test_render.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_fx = _load_fixtures()
sample_rows = _fx.sample_rows
xss_rows = _fx.xss_rows
XSS_PAYLOADS = _fx.XSS_PAYLOADS
XSS_HOOK_PAYLOADS = _fx.XSS_HOOK_PAYLOADS
WD = _fx.WD

CHROMIUM = os.environ.get("DIPLOKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "render-screenshot.png"


def _missing(reason: str):
    if os.environ.get("DIPLOKG_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (DIPLOKG_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    _missing("playwright is not installed (pip install playwright; browsers come from the system)")
if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):  # pragma: no cover
    _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set DIPLOKG_CHROMIUM)")

pytestmark = pytest.mark.browser

ALLOWED_SCHEMES = ("file:", "data:", "about:", "blob:")


# --------------------------------------------------------------------------- reusable helpers
def launch_browser(playwright):
    """Headless system Chromium, with the flags that keep it from phoning home."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def open_page(browser, path: Path, *, viewport=(1400, 860), init_script: str | None = None,
              bypass_csp: bool = False, timeout_ms: int = 60000):
    """Open ``path`` via file://, routing every request; wait for the page's ready signal.

    Returns ``(context, page, log)``; ``log`` has ``blocked`` (URLs aborted because they are
    not file:/data:/about:), ``requests`` (all URLs requested), ``console_errors`` and
    ``page_errors``. The caller closes ``context``.
    """
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                                  bypass_csp=bypass_csp, service_workers="block")
    log = {"blocked": [], "requests": [], "console_errors": [], "page_errors": [], "dialogs": []}

    def route(r):
        url = r.request.url
        if url.startswith(ALLOWED_SCHEMES):
            r.continue_()
        else:
            log["blocked"].append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", lambda req: log["requests"].append(req.url))
    page.on("console", lambda m: log["console_errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: log["page_errors"].append(str(exc)))

    def dialog(d):
        log["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    if init_script:
        page.add_init_script(init_script)
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_function("() => window.diplokgTimings && window.diplokgTimings.ready", timeout=timeout_ms)
    return context, page, log


def check_rendered_page(browser, rows, tmp_path: Path, **render_kw) -> dict:
    """Render ``rows``, open the page and assert the basics (no external request, no JS error,
    every node and edge of the data set present). Returns counts for further checks."""
    path = render_html(rows, Path(tmp_path) / "network.html", **render_kw)
    context, page, log = open_page(browser, path)
    try:
        data = page.evaluate("""() => ({nodes: diplokg.nodes.length, edges: diplokg.edges.length,
            metaNodes: diplokg.data.meta.n_nodes, metaEdges: diplokg.data.meta.n_edges,
            drawnNodes: Object.keys(diplokgNetwork.getPositions()).length})""")
        assert log["blocked"] == [], log["blocked"]
        assert not [u for u in log["requests"] if not u.startswith(ALLOWED_SCHEMES)]
        assert log["console_errors"] == [] and log["page_errors"] == [], log
        assert data["nodes"] == data["metaNodes"] == data["drawnNodes"]
        assert data["edges"] == data["metaEdges"]
        return {**data, **log}
    finally:
        context.close()


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = launch_browser(pw)
        yield b
        b.close()


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    return render_html(sample_rows(), tmp_path_factory.mktemp("render") / "sample.html",
                       title="Sample network: Russia, Ukraine, EU, US, Germany 2014–2022")


JS_EDGE_POINT = """([id, t]) => {
  const net = window.diplokgNetwork, e = diplokg.edges.get(id);
  const pos = net.getPositions([e.from, e.to]);
  const a = net.canvasToDOM(pos[e.from]), b = net.canvasToDOM(pos[e.to]);
  const r = document.querySelector('#diplokg-network canvas').getBoundingClientRect();
  return {x: r.left + a.x + (b.x - a.x) * t, y: r.top + a.y + (b.y - a.y) * t};
}"""

JS_NODE_POINT = """(id) => {
  const net = window.diplokgNetwork;
  const p = net.canvasToDOM(net.getPositions([id])[id]);
  const r = document.querySelector('#diplokg-network canvas').getBoundingClientRect();
  return {x: r.left + p.x, y: r.top + p.y};
}"""


def _freeze(page):
    page.evaluate("() => { diplokgNetwork.setOptions({physics: {enabled: false}}); diplokgNetwork.fit({animation: false}); }")
    page.wait_for_timeout(100)


def _edge_id(page, source_label: str, relation: str) -> str:
    return page.evaluate(
        "([s, r]) => diplokg.edges.get({filter: e => e.d.source_label === s && e.d.relation === r})[0].id",
        [source_label, relation])


def _click_edge(page, edge_id: str) -> bool:
    """A real mouse click on a straight edge (tries points along it); True if it got selected."""
    for t in (0.5, 0.4, 0.6, 0.3, 0.7):
        pt = page.evaluate(JS_EDGE_POINT, [edge_id, t])
        page.mouse.move(pt["x"], pt["y"])
        page.mouse.click(pt["x"], pt["y"])
        if page.get_attribute("#diplokg-details", "data-edge") == edge_id:
            return True
    return False


# --------------------------------------------------------------------------- tests
def test_page_offline_without_errors_and_complete(browser, tmp_path):
    info = check_rendered_page(browser, sample_rows(), tmp_path)
    assert info["nodes"] == 11 and info["edges"] == 19
    assert all(u.startswith("file:") for u in info["requests"])


def test_data_sets_and_title(browser, sample_page):
    context, page, log = open_page(browser, sample_page)
    try:
        assert page.title().startswith("Sample network")
        ids = page.evaluate("() => diplokg.nodes.getIds()")
        assert WD + "Q7747" in ids and WD + "Q159" in ids and len(ids) == 11
        putin = page.evaluate(f"() => diplokg.nodes.get('{WD}Q7747')")
        assert putin["label"] == "Vladimir Putin" and putin["d"]["label_de"] == "Wladimir Putin"
        assert page.evaluate("() => diplokg.nodeView.length") == 11
        assert page.evaluate("() => diplokg.edgeView.length") == 19
        assert "Showing 11 of 11 actors" in page.inner_text("#diplokg-status")
        legend = page.inner_text("#diplokg-legend")
        assert "person" in legend and "organization" in legend and "Goldstein" in legend and "dashed" in legend
        assert log["blocked"] == [] and log["console_errors"] == [] and log["page_errors"] == []
    finally:
        context.close()


def test_click_edge_shows_evidence_with_links(browser, sample_page):
    context, page, log = open_page(browser, sample_page)
    try:
        _freeze(page)
        eid = _edge_id(page, "European Union", "impose sanctions")
        pt = page.evaluate(JS_EDGE_POINT, [eid, 0.5])
        page.mouse.move(pt["x"] - 3, pt["y"] - 3)
        page.mouse.move(pt["x"], pt["y"])                     # hover → tooltip
        page.wait_for_selector("#diplokg-tooltip:not([hidden])", timeout=5000)
        tip = page.inner_text("#diplokg-tooltip")
        box = page.locator("#diplokg-tooltip").bounding_box()             # next to the pointer
        assert abs(box["x"] - pt["x"]) < 420 and abs(box["y"] - pt["y"]) < 420
        assert "European Union → Russia" in tip and "impose sanctions" in tip and "163" in tip
        assert "The European Union imposed sweeping economic sanctions" in tip
        assert _click_edge(page, eid), "clicking the edge did not select it"
        panel = page.inner_text("#diplokg-details")
        assert "European Union → Russia" in panel
        assert "163 — impose sanctions, boycotts or embargoes" in panel
        assert "COERCE" in panel and "-8.0" in panel and "2014-07-31" in panel
        assert "The European Union imposed sweeping economic sanctions on Russia over its role in Ukraine." in panel
        assert "Die EU verlängerte die Wirtschaftssanktionen gegen Russland" in panel
        assert "EU agrees tough sanctions on Russia" in panel                      # article title
        hrefs = page.eval_on_selector_all("#diplokg-evidence a", "as => as.map(a => a.href)")
        assert "https://example.org/news/eu-sanctions-2014" in hrefs and len(hrefs) == 3
        rel = page.eval_on_selector_all("#diplokg-evidence a", "as => as.map(a => a.rel)")
        assert all("noopener" in r for r in rel)
        # programmatic selection of a German, reported (dashed) edge
        pid = _edge_id(page, "Vladimir Putin", "offer dialogue")
        page.evaluate("(id) => diplokg.selectEdge(id)", pid)
        panel = page.inner_text("#diplokg-details")
        assert "Putin habe Trump einen partnerschaftlichen Dialog angeboten" in panel
        assert "reported" in panel and "AGREE" in panel
        assert page.evaluate("() => diplokgNetwork.getSelectedEdges()") == [pid]
        assert log["blocked"] == [] and log["console_errors"] == [] and log["page_errors"] == []
    finally:
        context.close()


def test_click_node_shows_labels_and_wikidata(browser, sample_page):
    context, page, log = open_page(browser, sample_page)
    try:
        _freeze(page)
        pt = page.evaluate(JS_NODE_POINT, WD + "Q7747")
        page.mouse.move(pt["x"], pt["y"])
        page.wait_for_selector("#diplokg-tooltip:not([hidden])", timeout=5000)
        assert "Vladimir Putin" in page.inner_text("#diplokg-tooltip")
        page.mouse.click(pt["x"], pt["y"])
        assert page.get_attribute("#diplokg-details", "data-node") == WD + "Q7747"
        panel = page.inner_text("#diplokg-details")
        for text in ("Vladimir Putin", "Wladimir Putin", "PERSON", "Russia", "Q7747", "Top relations",
                     "offer dialogue", "consult ×2"):
            assert text in panel, text
        hrefs = page.eval_on_selector_all("#diplokg-details a", "as => as.map(a => a.href)")
        assert hrefs == ["https://www.wikidata.org/wiki/Q7747"]
        assert log["blocked"] == [] and log["console_errors"] == []
    finally:
        context.close()


def test_in_page_filters(browser, sample_page):
    context, page, log = open_page(browser, sample_page)
    try:
        def counts():
            return page.evaluate("() => [diplokg.nodeView.length, diplokg.edgeView.length]")

        page.select_option("#f-root", "16")
        assert counts() == [3, 2]
        page.select_option("#f-root", "")
        page.select_option("#f-quad", "4")
        assert counts() == [5, 4]
        page.select_option("#f-quad", "")
        page.fill("#f-support", "2")
        assert counts() == [4, 2]
        page.fill("#f-support", "1")
        page.fill("#f-from", "2022-01-01")
        page.fill("#f-to", "2022-12-31")
        assert counts() == [4, 5]
        page.click("#f-reset")
        assert counts() == [11, 19]
        page.check("#f-uncertain")
        assert counts()[1] == 19 - 4
        page.uncheck("#f-uncertain")
        page.fill("#f-search", "putin")
        page.wait_for_function("() => diplokg.nodeView.length === 3")
        assert sorted(page.evaluate("() => diplokg.nodeView.getIds()")) == sorted(
            [WD + "Q7747", WD + "Q22686", WD + "Q567"])
        assert "Showing 3 of 11 actors" in page.inner_text("#diplokg-status")
        page.fill("#f-search", "no such actor")
        page.wait_for_function("() => diplokg.nodeView.length === 0")
        assert page.is_visible("#diplokg-empty")
        page.click("#f-reset")
        page.select_option("#f-color", "quadclass")
        col = page.evaluate("(id) => diplokg.edges.get(id).color.color", _edge_id(page, "European Union", "impose sanctions"))
        assert col == "#d73027" and "QuadClass" in page.inner_text("#diplokg-legend")
        assert log["console_errors"] == [] and log["page_errors"] == [] and log["blocked"] == []
    finally:
        context.close()


XSS_HOOKS = """
window.__xss = 0;
window.alert = function () { window.__xss = 1; };
window.confirm = window.prompt = window.alert;
"""


@pytest.mark.parametrize("bypass_csp", [True, False], ids=["escaping-only", "with-csp"])
def test_xss_payloads_do_not_execute(browser, tmp_path, bypass_csp):
    """With the CSP bypassed the escaping alone must hold; with it, nothing is even attempted."""
    path = render_html(xss_rows(), tmp_path / "xss.html", title="XSS " + XSS_PAYLOADS[0] + XSS_HOOK_PAYLOADS[0])
    context, page, log = open_page(browser, path, init_script=XSS_HOOKS, bypass_csp=bypass_csp)
    try:
        _freeze(page)
        for eid in page.evaluate("() => diplokg.edges.getIds()"):
            page.evaluate("(id) => diplokg.selectEdge(id)", eid)
            text = page.inner_text("#diplokg-details")
            pt = page.evaluate(JS_EDGE_POINT, [eid, 0.5])
            page.mouse.move(pt["x"], pt["y"])
            page.wait_for_timeout(50)
            if "Sentence with" in text:
                for payload in XSS_PAYLOADS + XSS_HOOK_PAYLOADS[:2]:
                    assert payload in text                         # visible as text
                hrefs = page.eval_on_selector_all("#diplokg-details a", "as => as.map(a => a.getAttribute('href'))")
                assert hrefs == [], hrefs                          # javascript:/data: URLs are never links
                assert "URL not linked (not http/https): javascript:alert(1)" in text
        for nid in page.evaluate("() => diplokg.nodes.getIds()"):
            page.evaluate("(id) => diplokg.selectNode(id)", nid)
            pt = page.evaluate(JS_NODE_POINT, nid)
            page.mouse.move(pt["x"], pt["y"])
            page.wait_for_timeout(50)
            for href in page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))"):
                assert href.startswith(("https://", "http://")), href
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__xss") == 0
        assert page.evaluate("() => window.parent.__xss || 0") == 0
        assert log["dialogs"] == []
        assert page.evaluate("() => document.querySelectorAll('body img, body svg, body iframe, body b').length") == 0
        assert page.evaluate("() => document.scripts.length") == 3
        assert XSS_PAYLOADS[0] in page.title()
        assert XSS_HOOK_PAYLOADS[0] in page.inner_text("#diplokg-title")
        assert log["blocked"] == [] and log["page_errors"] == []
        assert log["console_errors"] == [], log["console_errors"]
    finally:
        context.close()


def test_physics_off_for_large_graphs(browser, tmp_path):
    rows = []
    for i in range(400):
        r = _fx.event("putin", "trump", "036", "2016-11-14", [("s", "en", "t", None)], event_id=f"big{i}")
        r["source"] = {"iri": f"urn:a:{i}", "label": f"Actor {i}", "type": "PERSON"}
        r["target"] = {"iri": f"urn:a:{(i * 7 + 1) % 400}", "label": f"Actor {(i * 7 + 1) % 400}", "type": "COUNTRY"}
        rows.append(r)
    path = render_html(rows, tmp_path / "big.html", physics_threshold=300)
    context, page, log = open_page(browser, path)
    try:
        assert page.evaluate("() => diplokg.data.meta.physics") is False
        assert page.evaluate("() => diplokgNetwork.physics.options.enabled") is False
        assert page.evaluate("() => diplokg.nodes.length") == 400
        # positions are the precomputed ones
        x = page.evaluate("() => { const n = diplokg.nodes.get('urn:a:0'); return [n.x, diplokgNetwork.getPositions(['urn:a:0'])['urn:a:0'].x]; }")
        assert abs(x[0] - x[1]) <= 1            # getPositions() rounds
        assert log["blocked"] == [] and log["console_errors"] == [] and log["page_errors"] == []
    finally:
        context.close()


def test_notebook_iframe_is_not_blank(browser, tmp_path):
    host = tmp_path / "notebook.html"
    frame = notebook_iframe(to_html(sample_rows()), height=500)
    host.write_text("<!DOCTYPE html><html><body><h1>cell output</h1>" + frame._repr_html_() + "</body></html>",
                    encoding="utf-8")
    context = browser.new_context()
    blocked = []
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(ALLOWED_SCHEMES)
                  else (blocked.append(r.request.url), r.abort()))
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(host.resolve().as_uri())
        page.wait_for_function("() => document.querySelector('iframe') && document.querySelector('iframe').contentWindow")
        inner = page.frame_locator("iframe")
        inner.locator("html[data-diplokg-ready='1']").wait_for(timeout=30000)
        assert inner.locator("#diplokg-status").inner_text().startswith("Showing 11 of 11")
        box = page.locator("iframe").bounding_box()
        assert box["height"] >= 490
        assert blocked == [] and errors == [], (blocked, errors)
    finally:
        context.close()


def test_screenshot(browser, sample_page):
    """docs/render-screenshot.png: the sample graph with an edge's evidence open in the panel."""
    context, page, log = open_page(browser, sample_page, viewport=(1440, 880))
    try:
        page.wait_for_timeout(800)                       # let physics settle
        _freeze(page)
        eid = _edge_id(page, "Angela Merkel", "consult")
        page.evaluate("(id) => diplokg.selectEdge(id)", eid)
        hover = _edge_id(page, "European Union", "impose sanctions")
        pt = page.evaluate(JS_EDGE_POINT, [hover, 0.35])
        page.mouse.move(pt["x"], pt["y"])
        page.wait_for_selector("#diplokg-tooltip:not([hidden])", timeout=5000)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size > 20_000
        assert log["blocked"] == [] and log["console_errors"] == [] and log["page_errors"] == []
    finally:
        context.close()


def test_edge_cases_render_cleanly(browser, tmp_path):
    """Self-loops, unknown values, actors without labels or QIDs, and an empty result."""
    rows = sample_rows()[:4]
    loop = _fx.event("russia", "russia", "173", "2019", [("Russische Behörden nahmen Oppositionelle fest.", "de",
                                                         None, None)])
    loop2 = _fx.event("russia", "russia", "111", None, [("Moscow criticised itself.", None, None, "ftp://x")])
    odd = _fx.event("eu", "nato", "040", None, [("", None, None, None)])
    odd["goldstein"] = odd["quad_class"] = odd["cameo"] = odd["plover_type"] = None
    odd["source"] = {"iri": "urn:x:nameless", "label": None, "type": None}
    info = check_rendered_page(browser, rows + [loop, loop2, odd], tmp_path / "edge")
    assert info["nodes"] == 6 and info["edges"] == 6

    path = render_html([], tmp_path / "empty.html", actor="Nobody")
    context, page, log = open_page(browser, path)
    try:
        assert page.is_visible("#diplokg-empty")
        assert "0 actors" in page.inner_text("header")
        assert log["console_errors"] == [] and log["page_errors"] == [] and log["blocked"] == []
    finally:
        context.close()


# --------------------------------------------------------------------------- real pipeline output
def test_seed_article_network_from_real_pipeline_output(browser, tmp_path):
    """Ingest the seed article with the German fixture model, render from the store, hover the edge."""
    from conftest import DE_MODEL, SEED_ID, need, GOLD
    import json as _json

    from diplokg.config import Config
    from diplokg.core.records import Article
    from diplokg.graph.rdf.mapping import map_article
    from diplokg.graph.rdf.query import event_rows
    from diplokg.graph.rdf.store import open_store
    from diplokg.pipeline import Extractor

    need(DE_MODEL)
    seed = next(r for r in map(_json.loads, need(GOLD).read_text(encoding="utf-8").splitlines())
                if r["article_id"] == SEED_ID)
    article = Article(SEED_ID, seed["text"], lang="de", date=seed["date"], title=seed["title"],
                      url="https://example.org/putin-trump")
    extractor = Extractor(Config(models={"de": str(DE_MODEL)}))
    result = extractor.extract(article)
    store = open_store(tmp_path / "kg")
    store.write_articles([map_article(article, result.events, {"de": result.model})])
    rows = event_rows(store)
    info = check_rendered_page(browser, rows, tmp_path)
    assert info["nodes"] >= 4 and info["edges"] >= 5
    context, page, log = open_page(browser, tmp_path / "network.html")
    try:
        _freeze(page)
        eid = _edge_id(page, "Vladimir Putin", "offer dialogue")
        page.evaluate("(id) => diplokg.selectEdge(id)", eid)
        panel = page.inner_text("#diplokg-details")
        assert "Vladimir Putin → Donald Trump" in panel
        assert "Putin habe Trump einen partnerschaftlichen Dialog angeboten" in panel
        assert "Putin und Trump streben konstruktive Partnerschaft an" in panel          # article title
        assert log["blocked"] == [] and log["console_errors"] == [] and log["page_errors"] == []
    finally:
        context.close()
