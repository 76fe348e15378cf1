"""The page's time strip, place map, labels and re-fit in headless Chromium (helpers of test_render_browser).

Every request is routed as in test_render_browser: only file:/data:/about:/blob: pass, and the tests assert
that nothing else was asked for. Skipped like those tests without playwright or Chromium, unless
DIPLOKG_REQUIRE_BROWSER is set.
"""
from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path

import pytest


def _load(name: str, file: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_br = _load("diplokg_test_render_browser", "test_render_browser.py")
_fx = _br._fx
from diplokg.graph.network.build import example_row  # noqa: E402
from diplokg.graph.network.render import render_html  # noqa: E402

pytestmark = pytest.mark.browser
browser = _br.browser
open_page, _freeze, WD = _br.open_page, _br._freeze, _br.WD

PLACES = {
    "moscow": {"name": "Moscow", "name_de": "Moskau", "qid": "Q649", "lat": 55.7558, "lon": 37.6173, "country": "RUS",
               "kind": "city", "iri": "http://www.wikidata.org/entity/Q649", "source": "sentence"},
    "brussels": {"name": "Brussels", "qid": "Q239", "lat": 50.8467, "lon": 4.3525, "country": "BEL"},
    "kyiv": {"name": "Kyiv", "qid": "Q1899", "lat": 50.45, "lon": 30.5236, "country": "UKR"},
    "washington": {"name": "Washington", "qid": "Q61", "lat": 38.895, "lon": -77.0365, "country": "USA"},
}


def located_rows() -> list[dict]:
    """The sample rows with an event location on most events (one of four places), some without."""
    rows = _fx.sample_rows()
    keys = list(PLACES)
    for i, r in enumerate(rows):
        if i % 5 != 4:
            r["location"] = dict(PLACES[keys[i % 4]])
    return rows


def _ok(log):
    assert log["blocked"] == [], log["blocked"]
    assert not [u for u in log["requests"] if not u.startswith(_br.ALLOWED_SCHEMES)]
    assert log["console_errors"] == [] and log["page_errors"] == [], log


def _visible(page):
    return page.evaluate("() => [diplokg.nodeView.length, diplokg.edgeView.length]")


def _in_viewport(page) -> bool:
    """Every visible node's centre lies inside the network canvas."""
    return page.evaluate("""() => {
      const net = diplokgNetwork, ids = diplokg.nodeView.getIds(), pos = net.getPositions(ids);
      const c = document.querySelector('#diplokg-network canvas'), w = c.clientWidth, h = c.clientHeight;
      return ids.length > 0 && ids.every(id => { const p = net.canvasToDOM(pos[id]);
        return p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h; });
    }""")


def _edges_in(rows, lo: str, hi: str) -> int:
    """Distinct (source, target, relation) edges with at least one event dated within [lo, hi]."""
    keys = {(r["source"]["iri"], r["target"]["iri"], r["relation"]) for r in rows
            if r.get("target") and r.get("date") and lo <= r["date"][:10] <= hi}
    return len(keys)


def test_brushing_the_strip_filters_the_network_and_refits(browser, tmp_path):
    rows = located_rows()
    path = render_html(rows, tmp_path / "strip.html")
    context, page, log = open_page(browser, path)
    try:
        _freeze(page)
        assert _visible(page) == [11, 19]
        assert "all months: 22 events" in page.inner_text("#diplokg-strip-caption")
        # zoom far into a corner: before the brush the nodes are off screen
        page.evaluate("() => diplokgNetwork.moveTo({position: {x: 5000, y: 5000}, scale: 3})")
        assert not _in_viewport(page)
        a = page.evaluate("() => diplokg.strip.pointOf('2022-02')")
        b = page.evaluate("() => diplokg.strip.pointOf('2022-03')")
        page.mouse.move(a["x"], a["y"])
        page.mouse.down()
        page.mouse.move((a["x"] + b["x"]) / 2, a["y"], steps=3)
        page.mouse.move(b["x"], b["y"], steps=3)
        page.mouse.up()
        assert page.input_value("#f-from") == "2022-02-01" and page.input_value("#f-to") == "2022-03-31"
        nodes, n_edges = _visible(page)
        assert n_edges == _edges_in(rows, "2022-02-01", "2022-03-31") == 5 and nodes < 11
        dates = page.evaluate("() => diplokg.edgeView.get().map(e => e.d.event_dates)")
        assert all(any(d and "2022-02" <= d[:7] <= "2022-03" for d in ds) for ds in dates)
        assert _in_viewport(page)                                    # re-fitted after the filter
        assert "2022-02 – 2022-03: 5 events" in page.inner_text("#diplokg-strip-caption")
        # keyboard: the focused strip moves the range by a month; Escape clears it
        page.focus("#diplokg-strip")
        page.keyboard.press("ArrowLeft")
        assert page.input_value("#f-from") == "2022-01-01" and page.input_value("#f-to") == "2022-02-28"
        assert _visible(page)[1] == _edges_in(rows, "2022-01-01", "2022-02-28") == 3
        page.keyboard.press("Shift+ArrowRight")
        assert page.input_value("#f-to") == "2022-03-31"
        page.keyboard.press("Escape")
        assert page.input_value("#f-from") == "" and _visible(page) == [11, 19]
        # the date inputs drive the brush the other way
        page.fill("#f-from", "2014-01-01")
        page.fill("#f-to", "2014-12-31")
        assert page.evaluate("() => diplokg.strip.range()") == ["2014-04", "2014-12"]   # the data start in April
        assert _visible(page)[1] == _edges_in(rows, "2014-01-01", "2014-12-31")
        _ok(log)
    finally:
        context.close()


def test_strip_counts_follow_the_other_filters(browser, tmp_path):
    rows = located_rows()
    path = render_html(rows, tmp_path / "strip2.html")
    context, page, log = open_page(browser, path)
    try:
        totals = "() => diplokg.strip.months.length"
        assert page.evaluate(totals) == 8 * 12                          # 2014-04 … 2022-03
        page.select_option("#f-quad", "4")                                # material conflict only
        caption = page.inner_text("#diplokg-strip-caption")
        conflict = sum(1 for r in rows if r.get("target") and r["quad_class"] == 4)
        assert conflict and f"all months: {conflict} events" in caption, caption
        page.select_option("#f-quad", "")
        assert "all months: 22 events" in page.inner_text("#diplokg-strip-caption")
        _ok(log)
    finally:
        context.close()


LABEL_HOOK = """
window.__drawn = new Set();
const fill = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, x, y, w) {
  if (this.canvas && this.canvas.closest && this.canvas.closest('#diplokg-network')) window.__drawn.add(String(text));
  return fill.apply(this, arguments);
};
"""


def _hub_rows() -> list[dict]:
    """Four hubs with 12, 10, 8 and 6 partners of their own, and 36 leaves with one partner each."""
    rows = []
    for h, n in enumerate((12, 10, 8, 6)):
        for j in range(n):
            rows.append(example_row(f"Hub {h}", f"Leaf {h}-{j}", "consult", "040", 1.0, f"2020-0{1 + j % 9}-01"))
    return rows


def _drawn_after_redraw(page) -> set:
    page.evaluate("() => { window.__drawn.clear(); diplokgNetwork.redraw(); }")
    page.wait_for_timeout(150)
    return set(page.evaluate("() => [...window.__drawn]"))


def test_labels_for_the_best_connected_actors_at_first_fit(browser, tmp_path):
    rows = _hub_rows()
    path = render_html(rows, tmp_path / "hubs.html", physics_threshold=0)
    context, page, log = open_page(browser, path, init_script=LABEL_HOOK)
    try:
        n = page.evaluate("() => diplokg.data.meta.labelled")
        assert n == 12 and page.evaluate("() => diplokg.nodes.length") == 40
        drawn = _drawn_after_redraw(page)
        top = page.evaluate("""(n) => diplokg.nodes.get().sort((a, b) => a.d.rank - b.d.rank)
                                 .slice(0, n).map(x => x.label)""", n)
        assert {"Hub 0", "Hub 1", "Hub 2", "Hub 3"} <= set(top)
        assert set(top) <= drawn, set(top) - drawn                      # the top actors are labelled …
        leaves = {x for x in page.evaluate("() => diplokg.nodes.get().map(x => x.label)") if x not in top}
        assert leaves and not (leaves & drawn), leaves & drawn          # … the rest is not, at this zoom
        # zoomed in on one leaf, its label appears; the hub labels stay readable when zoomed out
        leaf = sorted(leaves)[0]
        page.evaluate("""(label) => { const n = diplokg.nodes.get({filter: x => x.label === label})[0];
                            diplokgNetwork.focus(n.id, {scale: 2.5, animation: false}); }""", leaf)
        assert leaf in _drawn_after_redraw(page)
        page.evaluate("() => diplokgNetwork.moveTo({scale: 0.05})")
        assert {"Hub 0", "Hub 1"} <= _drawn_after_redraw(page)
        # after a filter the labelled set is the best of what is visible
        page.fill("#f-search", "Hub 3")
        page.wait_for_function("() => diplokg.nodeView.length === 7")
        assert set(page.evaluate("() => diplokg.labels.hubs()")) == set(page.evaluate("() => diplokg.nodeView.getIds()"))
        assert _in_viewport(page)
        _ok(log)
    finally:
        context.close()


def test_every_filter_refits_the_view(browser, tmp_path):
    path = render_html(_fx.sample_rows(), tmp_path / "refit.html")
    context, page, log = open_page(browser, path)
    try:
        _freeze(page)
        for action in (lambda: page.select_option("#f-quad", "4"), lambda: page.fill("#f-support", "2"),
                       lambda: page.check("#f-uncertain"), lambda: page.click("#f-reset")):
            page.evaluate("() => diplokgNetwork.moveTo({position: {x: -8000, y: 4000}, scale: 2})")
            assert not _in_viewport(page)
            action()
            assert _in_viewport(page)
        _ok(log)
    finally:
        context.close()


def test_map_shows_event_places_and_a_click_filters(browser, tmp_path):
    rows = located_rows()
    path = render_html(rows, tmp_path / "map.html")
    context, page, log = open_page(browser, path)
    try:
        _freeze(page)
        names = page.evaluate("() => diplokg.map.places.map(p => p.name)")
        assert sorted(names) == sorted(p["name"] for p in PLACES.values())
        options = page.eval_on_selector_all("#f-place option", "os => os.map(o => o.textContent)")
        assert any(o.startswith("Moscow / Moskau (RUS): ") for o in options), options
        caption = page.inner_text("#diplokg-map-caption")
        located = sum(1 for r in rows if r.get("target") and r.get("location"))
        assert caption.startswith(f"{located} events at 4 of 4 places"), caption
        # the point is drawn where the map says; a real click on it filters to its events
        i = names.index("Brussels")
        pt = page.evaluate("(i) => diplokg.map.pointOf(i)", i)
        box = page.locator("#diplokg-map").bounding_box()
        assert box["x"] < pt["x"] < box["x"] + box["width"] and box["y"] < pt["y"] < box["y"] + box["height"]
        page.mouse.move(pt["x"], pt["y"])
        assert page.get_attribute("#diplokg-map", "title").startswith("Brussels (BEL): ")
        page.mouse.click(pt["x"], pt["y"])
        assert page.evaluate("() => diplokg.state.place") == str(i)
        in_brussels = {(r["source"]["iri"], r["target"]["iri"], r["relation"]) for r in rows
                       if r.get("target") and (r.get("location") or {}).get("name") == "Brussels"}
        assert _visible(page)[1] == len(in_brussels) > 0
        assert page.input_value("#f-place") == str(i) and "showing Brussels" in page.inner_text("#diplokg-map-caption")
        assert _in_viewport(page)
        # the strip now counts that place's events only
        assert f"all months: {sum(1 for r in rows if r.get('target') and (r.get('location') or {}).get('name') == 'Brussels')} events" \
            in page.inner_text("#diplokg-strip-caption")
        # the edge's details name its places
        eid = page.evaluate("() => diplokg.edgeView.getIds()[0]")
        page.evaluate("(id) => diplokg.selectEdge(id)", eid)
        assert "Brussels" in page.inner_text("#diplokg-details")
        pt = page.evaluate("(i) => diplokg.map.pointOf(i)", i)         # the details may have moved the map
        page.mouse.click(pt["x"], pt["y"])                             # again: the place filter is dropped
        assert page.evaluate("() => diplokg.state.place") == "" and _visible(page) == [11, 19]
        page.select_option("#f-place", str(names.index("Kyiv")))         # keyboard path: the select
        in_kyiv = {(r["source"]["iri"], r["target"]["iri"], r["relation"]) for r in rows
                   if r.get("target") and (r.get("location") or {}).get("name") == "Kyiv"}
        assert _visible(page)[1] == len(in_kyiv) > 0
        page.click("#f-reset")
        assert page.input_value("#f-place") == "" and _visible(page) == [11, 19]
        _ok(log)
    finally:
        context.close()


def test_no_places_no_map(browser, tmp_path):
    path = render_html(_fx.sample_rows(), tmp_path / "nomap.html")
    context, page, log = open_page(browser, path)
    try:
        assert not page.is_visible("#diplokg-map") and not page.is_visible("#f-place")
        assert page.inner_text("#diplokg-map-caption") == "No event has a known location."
        assert page.is_visible("#diplokg-strip")
        _ok(log)
    finally:
        context.close()


def test_actor_codes_and_country_nodes_in_tooltips(browser, tmp_path):
    rows = _fx.sample_rows()
    for r in rows:
        for side in ("source", "target"):
            a = r.get(side)
            if a and a["type"] == "COUNTRY":
                a["code"] = {"Russia": "RUS", "United States": "USA", "Germany": "DEU", "Ukraine": "UKR"}[a["label"]]
            elif a and a["label"] == "Vladimir Putin":
                a["code"], a["sector"] = "RUSGOV", "GOV"
    path = render_html(rows, tmp_path / "codes.html")
    context, page, log = open_page(browser, path)
    try:
        _freeze(page)
        for nid, code in ((WD + "Q7747", "RUSGOV"), (WD + "Q159", "RUS")):
            pt = page.evaluate(_br.JS_NODE_POINT, nid)
            page.mouse.move(pt["x"] + 40, pt["y"] + 40)
            page.mouse.move(pt["x"], pt["y"])
            page.wait_for_selector("#diplokg-tooltip:not([hidden])", timeout=5000)
            assert code in page.inner_text("#diplokg-tooltip")
            page.evaluate("(id) => diplokg.selectNode(id)", nid)
            assert code in page.inner_text("#diplokg-details")
        # a node without a code shows none; the actor search finds a code
        page.evaluate("(id) => diplokg.selectNode(id)", WD + "Q567")
        assert "Actor code" not in page.inner_text("#diplokg-details")
        page.fill("#f-search", "rusgov")
        page.wait_for_function("() => diplokg.nodeView.get().some(n => n.d.code === 'RUSGOV')")
        _ok(log)
    finally:
        context.close()


def test_place_names_and_article_text_stay_inert(browser, tmp_path):
    rows = copy.deepcopy(_fx.xss_rows())
    h1, h2, h3, h4 = _fx.XSS_HOOK_PAYLOADS
    for i, r in enumerate(rows):
        r["location"] = {"name": f"Ort {h1}{i} {_fx.XSS_PAYLOADS[0]}", "lat": 50 + i, "lon": 10 + i,
                         "qid": h2, "country": h3}
        r["source"]["code"] = h4
    path = render_html(rows, tmp_path / "xss-places.html")
    context, page, log = open_page(browser, path, init_script=_br.XSS_HOOKS)
    try:
        _freeze(page)
        options = page.eval_on_selector_all("#f-place option", "os => os.map(o => o.textContent)")
        assert any(h1 in o and _fx.XSS_PAYLOADS[0] in o for o in options), options
        for eid in page.evaluate("() => diplokg.edges.getIds()"):
            page.evaluate("(id) => diplokg.selectEdge(id)", eid)
            assert _fx.XSS_PAYLOADS[0] in page.inner_text("#diplokg-details")       # the place, as text
        page.select_option("#f-place", "0")
        assert h1 in page.inner_text("#diplokg-map-caption")
        pt = page.evaluate("() => diplokg.map.pointOf(1)")
        page.mouse.move(pt["x"], pt["y"])
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.__xss") == 0 and log["dialogs"] == []
        assert page.evaluate("() => document.querySelectorAll('body img, body svg, body iframe, body b').length") == 0
        _ok(log)
    finally:
        context.close()


def test_country_level_page(browser, tmp_path):
    """render --level country: persons with a known country become that country; the page shows codes."""
    rows = located_rows()
    country_iri = {"Russia": WD + "Q159", "United States": WD + "Q30", "Germany": WD + "Q183", "Ukraine": WD + "Q212"}
    for r in rows:
        for side in ("source", "target"):
            a = r.get(side)
            if a and a["type"] != "COUNTRY" and a.get("country") in country_iri:
                a["country_iri"] = country_iri[a["country"]]
            elif a and a["type"] == "COUNTRY":                          # as the store gives countries
                a["code"] = {"Russia": "RUS", "United States": "USA", "Germany": "DEU", "Ukraine": "UKR"}[a["label"]]
    path = render_html(rows, tmp_path / "country.html", level="country")
    context, page, log = open_page(browser, path)
    try:
        _freeze(page)
        nodes = page.evaluate("() => diplokg.nodes.get().map(n => [n.id, n.d.type, n.d.code])")
        types = {t for _, t, _ in nodes}
        assert "PERSON" not in types and "COUNTRY" in types, nodes
        assert (WD + "Q159", "COUNTRY", "RUS") in [tuple(n) for n in nodes]
        pt = page.evaluate(_br.JS_NODE_POINT, WD + "Q159")
        page.mouse.move(pt["x"] + 30, pt["y"] + 30)
        page.mouse.move(pt["x"], pt["y"])
        page.wait_for_selector("#diplokg-tooltip:not([hidden])", timeout=5000)
        assert "RUS" in page.inner_text("#diplokg-tooltip")
        # the strip and the map still count every event; brushing works at this level too
        assert "all months: 22 events" in page.inner_text("#diplokg-strip-caption")
        page.fill("#f-from", "2022-01-01")
        page.fill("#f-to", "2022-12-31")
        assert 0 < _visible(page)[1] < len(nodes) * len(nodes) and _in_viewport(page)
        _ok(log)
    finally:
        context.close()
