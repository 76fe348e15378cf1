"""Unit tests of the network functions and the HTML renderer (no browser).

``sample_rows()`` (a realistic, ~11-actor German/English event set) and
``xss_rows()`` are reusable fixtures builders; ``test_render_browser.py``
and the benchmarks load them from here.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import re

import networkx as nx
import pytest

from diplokg.graph.network import build as netmod
from diplokg.graph.network.build import (
    aggregate_edges,
    filter_events,
    layout_positions,
    match_actors,
    top_actors,
    top_relations,
)
from diplokg.graph.network.render import (
    goldstein_color,
    json_for_script,
    notebook_iframe,
    quad_class_color,
    render_html,
    safe_url,
    to_html,
    write_graph_file,
)

WD = "http://www.wikidata.org/entity/"
RES = "https://w3id.org/diplokg/resource/"

# --------------------------------------------------------------------------- fixtures builders
_ACTORS = {
    "putin": ("Vladimir Putin", "Wladimir Putin", "PERSON", "Q7747", "Russia"),
    "trump": ("Donald Trump", "Donald Trump", "PERSON", "Q22686", "United States"),
    "merkel": ("Angela Merkel", "Angela Merkel", "PERSON", "Q567", "Germany"),
    "russia": ("Russia", "Russland", "COUNTRY", "Q159", "Russia"),
    "usa": ("United States", "Vereinigte Staaten", "COUNTRY", "Q30", "United States"),
    "germany": ("Germany", "Deutschland", "COUNTRY", "Q183", "Germany"),
    "ukraine": ("Ukraine", "Ukraine", "COUNTRY", "Q212", "Ukraine"),
    "eu": ("European Union", "Europäische Union", "ORGANIZATION", "Q458", None),
    "nato": ("NATO", "NATO", "ORGANIZATION", "Q7184", None),
    "bundesregierung": ("Federal Government of Germany", "Bundesregierung", "GOVERNMENT", None, "Germany"),
    "separatists": ("Donbas separatists", "Separatisten im Donbass", "GROUP", None, "Ukraine"),
}

# (cameo, relation, cameo_label, goldstein, quad_class, plover_type, plover_mode)
_CODES = {
    "036": ("offer dialogue", "offer to meet or negotiate", 4.0, 1, "AGREE", None),
    "040": ("consult", "consult, unspecified", 1.0, 1, "CONSULT", None),
    "1056": ("demand de-escalation", "demand military de-escalation", -5.0, 3, "REQUEST", "yield"),
    "173": ("arrest", "arrest, detain or prosecute", -5.0, 4, "COERCE", "arrest"),
    "163": ("impose sanctions", "impose sanctions, boycotts or embargoes", -8.0, 4, "COERCE", "restrict"),
    "138": ("threaten military force", "threaten military force, unspecified", -7.0, 3, "THREATEN", "violence"),
    "195": ("carry out air strikes", "carry out air strikes", -10.0, 4, "ASSAULT", "heavy-weapons"),
    "193": ("fight with small arms", "fight with small arms or light weapons", -10.0, 4, "ASSAULT", "firearms"),
    "111": ("criticize", "criticize or condemn", -2.0, 3, "ACCUSE", "disapprove"),
    "112": ("accuse", "make an accusation, unspecified", -2.0, 3, "ACCUSE", "disapprove"),
    "071": ("give economic aid", "give economic aid", 7.4, 2, "AID", None),
    "070": ("give aid", "give aid, unspecified", 7.0, 2, "AID", None),
    "120": ("reject", "reject, unspecified", -4.0, 3, "REJECT", None),
    "020": ("appeal", "make an appeal, unspecified", 3.0, 1, None, None),
    "057": ("sign agreement", "sign a formal accord", 8.0, 1, "SUPPORT", None),
}


def actor(key: str) -> dict:
    """An actor dict of the sample set."""
    label, label_de, typ, qid, country = _ACTORS[key]
    iri = WD + qid if qid else RES + "actor/" + key
    return {"iri": iri, "label": label, "label_de": label_de, "type": typ, "qid": qid, "country": country}


def event(src: str, tgt: str | None, cameo: str, day: str | None, sentences, *, reported=False,
          negated=False, modality="asserted", event_id: str | None = None) -> dict:
    """One event row; ``sentences`` is a list of (sentence, lang, title, url)."""
    relation, label, gold, quad, ptype, pmode = _CODES[cameo]
    eid = event_id or hashlib.sha1(f"{src}|{tgt}|{cameo}|{day}|{sentences[0][0]}".encode()).hexdigest()[:10]
    evidence = []
    for i, (sentence, lang, title, url) in enumerate(sentences):
        evidence.append({"sentence": sentence, "article_id": f"art-{eid}-{i}", "title": title, "date": day,
                         "url": url, "lang": lang})
    return {
        "event": RES + "event/" + eid,
        "source": actor(src),
        "target": actor(tgt) if tgt else None,
        "relation": relation, "cameo": cameo, "cameo_label": label,
        "plover_type": ptype, "plover_mode": pmode, "goldstein": gold, "quad_class": quad,
        "date": day, "negated": negated, "reported": reported, "modality": modality,
        "evidence": evidence,
    }


def sample_rows() -> list[dict]:
    """A realistic event set: 11 actors of all five types, German and English evidence, 23 rows.

    Contains repeated edges (EU → Russia sanctions ×3, Merkel → Putin consult ×2),
    edges in both directions, several relations between one pair, a reported-only,
    a negated and an intention (non-factual) edge, and one one-actor statement.
    """
    ex = "https://example.org/news/"
    return [
        event("putin", "trump", "036", "2016-11-14", [
            ("Putin habe Trump einen partnerschaftlichen Dialog angeboten, hiess es in der russischen Erklärung.",
             "de", "Putin und Trump streben konstruktive Partnerschaft an", ex + "putin-trump-2016")],
            reported=True, event_id="putin-trump-036"),
        event("trump", "putin", "036", "2016-11-14", [
            ("Trump told Putin in a phone call that he looked forward to a strong and enduring relationship.",
             "en", "Trump and Putin agree to work together in first call", ex + "trump-putin-call")]),
        event("merkel", "putin", "040", "2017-05-02", [
            ("Merkel traf Putin in Sotschi zu Gesprächen über die Lage in der Ostukraine.", "de",
             "Merkel und Putin beraten in Sotschi", ex + "merkel-sotschi")]),
        event("merkel", "putin", "040", "2018-08-18", [
            ("Bundeskanzlerin Merkel empfing Putin auf Schloss Meseberg zu einem Arbeitsgespräch.", "de",
             "Putin zu Gast in Meseberg", ex + "meseberg"),
            ("Merkel and Putin met at Meseberg castle for talks on Syria and Ukraine.", "en",
             "Merkel hosts Putin at Meseberg", ex + "meseberg-en")]),
        event("merkel", "putin", "1056", "2014-08-15", [
            ("Merkel forderte Putin auf, zur Deeskalation in der Ostukraine beizutragen.", "de",
             "Merkel drängt Putin zur Deeskalation", ex + "deeskalation")]),
        event("eu", "russia", "163", "2014-07-31", [
            ("The European Union imposed sweeping economic sanctions on Russia over its role in Ukraine.", "en",
             "EU agrees tough sanctions on Russia", ex + "eu-sanctions-2014")]),
        event("eu", "russia", "163", "2015-06-22", [
            ("Die EU verlängerte die Wirtschaftssanktionen gegen Russland um weitere sechs Monate.", "de",
             "EU verlängert Sanktionen gegen Russland", ex + "eu-sanktionen-2015")]),
        event("eu", "russia", "163", "2016-12-19", [
            ("EU leaders extended economic sanctions against Russia until mid-2017.", "en",
             "EU extends Russia sanctions", ex + "eu-sanctions-2016")]),
        event("usa", "russia", "163", "2018-04-06", [
            ("The United States imposed sanctions on seven Russian oligarchs and a dozen companies.", "en",
             "US sanctions Russian oligarchs", ex + "us-oligarchs")]),
        event("russia", "ukraine", "138", "2021-12-01", [
            ("Russia was threatening an invasion of Ukraine, Ukrainian officials said.", "en",
             "Kyiv warns of Russian build-up", ex + "kyiv-warns")], reported=True),
        event("russia", "ukraine", "195", "2022-03-01", [
            ("Russische Kampfflugzeuge bombardierten Ziele in der Nähe von Kiew.", "de",
             "Luftangriffe auf Kiew", ex + "luftangriffe")]),
        event("ukraine", "russia", "112", "2022-02-24", [
            ("Ukraine accused Russia of launching a full-scale invasion.", "en",
             "Ukraine says Russia has launched full-scale invasion", ex + "invasion")]),
        event("separatists", "ukraine", "193", "2014-08-10", [
            ("Prorussische Separatisten lieferten sich im Donbass Gefechte mit der ukrainischen Armee.", "de",
             "Kämpfe im Donbass", ex + "donbass")]),
        event("nato", "russia", "111", "2014-04-01", [
            ("NATO foreign ministers condemned Russia's illegal annexation of Crimea.", "en",
             "NATO condemns annexation of Crimea", ex + "nato-crimea")]),
        event("russia", "nato", "112", "2014-04-02", [
            ("Moskau warf der NATO Provokation und eine Politik der Eindämmung vor.", "de",
             "Moskau wirft NATO Provokation vor", ex + "moskau-nato")]),
        event("germany", "ukraine", "071", "2015-02-10", [
            ("Deutschland sagte der Ukraine Kreditgarantien in Höhe von 500 Millionen Euro zu.", "de",
             "Deutsche Kredithilfe für Kiew", ex + "kredithilfe")]),
        event("bundesregierung", "ukraine", "070", "2022-02-26", [
            ("Die Bundesregierung will der Ukraine Panzerabwehrwaffen liefern.", "de",
             "Berlin will Waffen an die Ukraine liefern", ex + "waffen")], modality="intention"),
        event("trump", "germany", "111", "2017-03-18", [
            ("Trump criticised Germany for failing to pay its fair share of NATO defence spending.", "en",
             "Trump criticises Germany over NATO spending", ex + "trump-nato-spending")]),
        event("germany", "usa", "120", "2018-07-12", [
            ("Berlin did not reject the American proposal outright.", "en",
             "Berlin weighs US proposal", ex + "berlin-weighs")], negated=True),
        event("ukraine", "eu", "020", "2022-02-28", [
            ("Ukraine appealed to the European Union for immediate membership.", "en",
             "Zelensky asks EU for fast-track membership", ex + "fast-track")]),
        event("eu", "ukraine", "071", "2022-03-01", [
            ("Die EU sagte der Ukraine weitere Finanzhilfen in Milliardenhöhe zu.", "de",
             "EU sagt Kiew Milliardenhilfe zu", None)]),
        event("eu", "ukraine", "057", "2014-06-27", [
            ("The EU and Ukraine signed the economic part of their Association Agreement.", "en",
             "EU and Ukraine sign trade pact", ex + "association")]),
        event("putin", None, "036", "2016-11-15", [
            ("Putin sprach von einer neuen Chance für die Beziehungen.", "de", "Putin optimistisch", None)]),
    ]


XSS_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
)
#: Payloads that flag execution in the browser test (``window.__xss`` becomes 1).
XSS_HOOK_PAYLOADS = (
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=1">',
    "<script>window.__xss=1</script>",
    "'><iframe srcdoc=\"<script>parent.__xss=1</script>\">",
)


def xss_rows() -> list[dict]:
    """Rows whose every text field carries an injection payload, plus ``javascript:``/``data:`` URLs."""
    rows = copy.deepcopy(sample_rows()[:3])
    a, b, c = XSS_PAYLOADS
    h1, h2, h3, h4 = XSS_HOOK_PAYLOADS
    r = rows[0]
    r["source"]["label"] = "Evil " + a + " " + h1
    r["source"]["label_de"] = "Böse " + b + " " + h2
    r["source"]["country"] = c + h3
    r["source"]["type"] = "PERSON" + h1
    r["target"]["label"] = b + " Target " + h4
    r["relation"] = "offer " + c + " " + h1
    r["cameo_label"] = a + h2
    r["plover_type"] = h3
    r["evidence"][0]["sentence"] = ("Sentence with " + a + " and " + b + " and " + c + " and " + h1 + " and " + h2
                                    + " \u2028 </script> end.")
    r["evidence"][0]["title"] = "Title " + b + h1
    r["evidence"][0]["url"] = "javascript:alert(1)"
    r["evidence"].append({"sentence": "Second " + c + h4, "article_id": a + h3, "title": c + h2,
                          "date": "2016-11-14" + h1, "url": " JavaScript:window.__xss=1", "lang": '"><b>'})
    rows[1]["evidence"][0]["url"] = "data:text/html,<script>alert(1)</script>"
    rows[1]["evidence"][0]["title"] = h2
    rows[2]["source"]["qid"] = 'Q1"><img src=x onerror="window.__xss=1">'
    return rows


def page_data(page: str) -> dict:
    """The JSON data block of a rendered page."""
    m = re.search(r'<script type="application/json" id="diplokg-data">(.*?)</script>', page, re.DOTALL)
    assert m, "data block missing"
    return json.loads(m.group(1))


# --------------------------------------------------------------------------- filters
def test_targetless_rows_are_skipped():
    rows = sample_rows()
    assert any(r["target"] is None for r in rows)
    kept = filter_events(rows)
    assert len(kept) == len(rows) - 1 and all(r["target"] for r in kept)
    G = aggregate_edges(rows)
    assert G.number_of_nodes() == 11


@pytest.mark.parametrize("query", ["Vladimir Putin", "wladimir putin", "Q7747", WD + "Q7747", "putin"])
def test_actor_matching_by_label_qid_iri(query):
    assert match_actors(sample_rows(), query) == {WD + "Q7747"}


def test_ego_network_depth():
    rows = sample_rows()
    d1 = filter_events(rows, actor="Q7747", depth=1)
    actors1 = {netmod.actor_id(r[k]) for r in d1 for k in ("source", "target")}
    assert actors1 == {WD + "Q7747", WD + "Q22686", WD + "Q567"}
    assert len(d1) == 5
    d2 = filter_events(rows, actor="Q7747", depth=2)
    actors2 = {netmod.actor_id(r[k]) for r in d2 for k in ("source", "target")}
    assert WD + "Q183" in actors2            # Germany, via Trump
    assert WD + "Q212" not in actors2        # Ukraine is three hops away
    d0 = filter_events(rows, actor=["Q7747", "Q22686"], depth=0)
    assert {r["relation"] for r in d0} == {"offer dialogue"} and len(d0) == 2
    assert filter_events(rows, actor="Nobody at all") == []


def test_attribute_and_date_filters():
    rows = sample_rows()
    assert {r["cameo"] for r in filter_events(rows, cameo_root="16")} == {"163"}
    assert {r["cameo"] for r in filter_events(rows, cameo_root=["10", 11])} == {"1056", "111", "112"}
    assert all(r["quad_class"] == 4 for r in filter_events(rows, quad_class=4))
    assert len(filter_events(rows, quad_class=[1, 2])) == 9
    assert {r["cameo"] for r in filter_events(rows, plover_type="assault")} == {"195", "193"}
    in_2014 = filter_events(rows, date_from="2014-01-01", date_to="2014-12-31")
    assert len(in_2014) == 6 and all(r["date"].startswith("2014") for r in in_2014)
    assert len(filter_events(rows, date_from="2022")) == 5   # partial dates are ranges
    undated = dict(sample_rows()[0], date=None, evidence=[dict(sample_rows()[0]["evidence"][0], date=None)])
    assert filter_events([undated], date_from="2000-01-01") == []
    assert len(filter_events([undated])) == 1


def test_min_support_and_lang():
    rows = sample_rows()
    strong = filter_events(rows, min_support=2)
    assert {(r["source"]["label"], r["relation"]) for r in strong} == {
        ("European Union", "impose sanctions"), ("Angela Merkel", "consult")}
    assert len(strong) == 5
    # language filter keeps only matching evidence and does not touch the input
    de = filter_events(rows, lang="de")
    meseberg = [r for r in de if r["date"] == "2018-08-18"][0]
    assert [e["lang"] for e in meseberg["evidence"]] == ["de"]
    assert len([r for r in rows if r["date"] == "2018-08-18"][0]["evidence"]) == 2
    assert all(e["lang"] == "de" for r in de for e in r["evidence"])
    # min_support counts after the other filters, and counts distinct events
    assert filter_events(rows, min_support=3, date_to="2015-12-31") == []
    assert filter_events([rows[0], copy.deepcopy(rows[0])], min_support=2) == []


# --------------------------------------------------------------------------- aggregation
def test_aggregation_counts_and_attributes():
    G = aggregate_edges(sample_rows())
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_edges() == 19
    e = G.edges[WD + "Q458", WD + "Q159", "impose sanctions"]
    assert e["count"] == 3
    assert e["cameo"] == "163" and e["cameo_root"] == "16" and e["quad_class"] == 4
    assert e["goldstein"] == -8.0 and e["plover_type"] == "COERCE"
    assert e["dates"] == ["2014-07-31", "2015-06-22", "2016-12-19"]
    assert e["date_first"] == "2014-07-31" and e["date_last"] == "2016-12-19"
    assert len(e["evidence"]) == 3 and len(e["events"]) == 3
    assert not e["dashed"] and not e["reported_only"]
    # several relations between one ordered pair
    assert set(G[WD + "Q567"][WD + "Q7747"]) == {"consult", "demand de-escalation"}
    consult = G.edges[WD + "Q567", WD + "Q7747", "consult"]
    assert consult["count"] == 2 and len(consult["evidence"]) == 3
    putin = G.nodes[WD + "Q7747"]
    assert putin["label"] == "Vladimir Putin" and putin["labels"] == {"en": "Vladimir Putin", "de": "Wladimir Putin"}
    assert putin["type"] == "PERSON" and putin["qid"] == "Q7747" and putin["country"] == "Russia"
    assert putin["event_count"] == 5          # the one-actor statement is not counted
    assert putin["degree"] == 2               # Trump, Merkel
    russia = G.nodes[WD + "Q159"]
    assert russia["degree"] == 4 and russia["event_count"] == 9


def test_duplicate_event_rows_count_once():
    r = sample_rows()[0]
    twin = copy.deepcopy(r)
    twin["evidence"][0]["sentence"] = "Another sentence for the same event."
    twin["evidence"][0]["article_id"] = "other"
    e = aggregate_edges([r, twin, copy.deepcopy(r)]).edges[WD + "Q7747", WD + "Q22686", "offer dialogue"]
    assert e["count"] == 1 and len(e["evidence"]) == 2


def test_mean_goldstein_and_missing_values():
    r1, r2 = copy.deepcopy(sample_rows()[2]), copy.deepcopy(sample_rows()[3])
    r1["goldstein"], r2["goldstein"] = 1.0, 4.0
    e = aggregate_edges([r1, r2]).edges[WD + "Q567", WD + "Q7747", "consult"]
    assert e["goldstein"] == 2.5
    r1["goldstein"] = r2["goldstein"] = None
    assert aggregate_edges([r1, r2]).edges[WD + "Q567", WD + "Q7747", "consult"]["goldstein"] is None


@pytest.mark.parametrize("flags, dashed, reported_only, neg_hyp", [
    ([{}], False, False, False),
    ([{"reported": True}], True, True, False),
    ([{"reported": True}, {}], False, False, False),
    ([{"negated": True}], True, False, True),
    ([{"modality": "hypothetical"}], True, False, True),
    ([{"modality": "intention"}, {"modality": "future"}], True, False, True),
    ([{"reported": True}, {"negated": True}], True, False, False),
    ([{"negated": True}, {"modality": "asserted"}], False, False, False),
])
def test_dashed_logic(flags, dashed, reported_only, neg_hyp):
    base = sample_rows()[2]
    rows = []
    for i, f in enumerate(flags):
        r = copy.deepcopy(base)
        r["event"] += f"-{i}"
        r.update(f)
        rows.append(r)
    e = aggregate_edges(rows).edges[WD + "Q567", WD + "Q7747", "consult"]
    assert (e["dashed"], e["reported_only"], e["negated_or_hypothetical"]) == (dashed, reported_only, neg_hyp)
    page = page_data(to_html(rows))
    assert page["edges"][0]["dashes"] is dashed


# --------------------------------------------------------------------------- ranking and layout
def test_top_actors_and_relations():
    G = aggregate_edges(sample_rows())
    top = top_actors(G, 3)
    assert top[0] == WD + "Q212"               # Ukraine: most partners (5)
    assert top[1] == WD + "Q159"               # Russia (4)
    assert len(top) == 3 and top_actors(G, 0) == []
    assert len(top_actors(G, 100)) == 11
    rel = top_relations(G, WD + "Q159", n=2)
    assert rel[0]["relation"] == "impose sanctions" and rel[0]["count"] == 3 and rel[0]["direction"] == "in"
    data = page_data(to_html(sample_rows(), top=3))
    assert {n["id"] for n in data["nodes"]} == set(top)
    assert all(e["from"] in top and e["to"] in top for e in data["edges"])
    assert "top 3 actors" in data["meta"]["title"]


def test_layout_positions_small_and_large():
    G = aggregate_edges(sample_rows())
    pos = layout_positions(G, seed=1)
    assert set(pos) == set(G.nodes)
    assert pos == layout_positions(G, seed=1)                      # deterministic
    assert len({(round(x), round(y)) for x, y in pos.values()}) == len(pos)
    # a large component takes the numpy path
    big = nx.MultiDiGraph()
    big.add_edges_from(nx.barabasi_albert_graph(800, 2, seed=3).edges())
    big.add_edge("x", "y")
    pos = layout_positions(big, seed=3)
    assert set(pos) == set(big.nodes)
    xs = [p[0] for p in pos.values()]
    assert max(xs) - min(xs) > 1000                               # spread out, in pixels
    assert layout_positions(nx.MultiDiGraph()) == {}


# --------------------------------------------------------------------------- colours
def test_colour_scales():
    assert goldstein_color(-10) == "#d73027"
    assert goldstein_color(10) == "#1a9850"
    assert goldstein_color(0) == "#a0a0a0"
    assert goldstein_color(-25) == goldstein_color(-10) and goldstein_color(1e9) == goldstein_color(10)
    assert goldstein_color(None) == goldstein_color(float("nan")) == "#c4c4c4"
    mid = goldstein_color(-5)
    assert mid not in ("#d73027", "#a0a0a0") and int(mid[1:3], 16) > int(mid[3:5], 16)   # reddish
    assert quad_class_color(1) == "#91cf60" and quad_class_color(2) == "#1a9850"
    assert quad_class_color(3) == "#fc8d59" and quad_class_color(4) == "#d73027"
    assert quad_class_color(None) == quad_class_color(7) == "#c4c4c4"
    data = page_data(to_html(sample_rows(), color_by="quadclass"))
    sanctions = [e for e in data["edges"] if e["d"]["relation"] == "impose sanctions"][0]
    assert sanctions["color"]["color"] == "#d73027" and sanctions["d"]["c_g"] == goldstein_color(-8)
    assert sanctions["width"] > [e for e in data["edges"] if e["d"]["count"] == 1][0]["width"]


# --------------------------------------------------------------------------- page
def test_page_content_and_title():
    page = to_html(sample_rows(), actor="Putin", depth=1, date_from="2014-01-01")
    data = page_data(page)
    assert data["meta"]["n_nodes"] == 3 and data["meta"]["n_edges"] == 4
    title = data["meta"]["title"]
    assert "Vladimir Putin" in title and "depth 1" in title and "from 2014-01-01" in title
    assert f"<title>{html.escape(title)}</title>" in page
    node = [n for n in data["nodes"] if n["id"] == WD + "Q7747"][0]
    assert node["d"]["label_de"] == "Wladimir Putin" and node["d"]["qid"] == "Q7747"
    assert node["color"]["background"] == "#4e79a7"                 # PERSON
    edge = [e for e in data["edges"] if e["from"] == WD + "Q7747"][0]
    assert edge["d"]["cameo"] == "036" and edge["d"]["plover_type"] == "AGREE"
    ev = edge["d"]["evidence"][0]
    assert ev["sentence"].startswith("Putin habe Trump") and ev["url"].startswith("https://example.org/")
    assert ev["title"] and ev["date"] == "2016-11-14" and ev["lang"] == "de"
    assert data["meta"]["physics"] is True
    big = page_data(to_html(sample_rows(), physics_threshold=5))
    assert big["meta"]["physics"] is False
    assert all(isinstance(n["x"], float) for n in big["nodes"])
    assert "All events" in to_html(sample_rows())


def test_page_is_self_contained():
    page = to_html(sample_rows())
    assert not re.search(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]*\shref\s*=\s*[\"']?(?![\"']|data:)", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?(?:https?:)?//", page, re.IGNORECASE)
    assert "unpkg.com" not in page and "jsdelivr" not in page and "cloudflare" not in page
    assert "sourceMappingURL" not in page
    assert "vis.Network" in page and "vis-network" in page            # vis inlined
    assert page.count("</script>") == 3


def test_csp_hashes_match_inline_scripts():
    page = to_html(sample_rows())
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    assert "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 2
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_xss_payloads_only_escaped(tmp_path):
    page = to_html(xss_rows(), title="Report " + XSS_PAYLOADS[0], actor=XSS_PAYLOADS[1], depth=3)
    for payload in XSS_PAYLOADS + XSS_HOOK_PAYLOADS:
        assert payload not in page
    assert "alert(1)</script>" not in page
    assert "<img" not in page.lower() and "<svg" not in page.lower() and "<iframe" not in page.lower()
    assert len(re.findall(r"^<script", page, re.MULTILINE)) == 3                 # only our three script elements
    assert page.count("</script>") == 3                                  # nothing closes a script early
    assert "\u2028" not in page and "\u2029" not in page
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page               # visible, escaped, in the title
    data = page_data(page)                                               # ... and round-trips as text
    texts = json.dumps(data, ensure_ascii=False)
    for payload in XSS_PAYLOADS + XSS_HOOK_PAYLOADS:
        assert json.dumps(payload, ensure_ascii=False)[1:-1] in texts
    evs = [ev for e in data["edges"] for ev in e["d"]["evidence"]]
    assert all(ev["url"] is None or ev["url"].startswith(("http://", "https://")) for ev in evs)
    bad = {ev["bad_url"] for ev in evs if ev["bad_url"]}
    assert {"javascript:alert(1)", " JavaScript:window.__xss=1"} <= bad
    assert all(ev["lang"] in (None, "de", "en") for ev in evs)
    assert all(n["d"]["qid"] is None or re.fullmatch(r"Q\d+", n["d"]["qid"]) for n in data["nodes"])
    out = render_html(xss_rows(), tmp_path / "xss.html")
    assert out.read_text(encoding="utf-8").count("</script>") == 3


def test_safe_url_and_json_escaping():
    assert safe_url("https://example.org/x?a=1&b=<2>") == "https://example.org/x?a=1&b=<2>"
    assert safe_url("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "data:text/html,x",
                "vbscript:x", "//example.org/x", "/relative", "https://exa mple.org", "http://", None, 5,
                "https://user@evil", "\x01https://example.org"):
        assert safe_url(bad) is None, bad
    text = json_for_script({"a": "</script><!--&\u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!--&\u2028\u2029"}


def test_notebook_iframe_is_isolated():
    page = to_html(xss_rows())
    frame = notebook_iframe(page, height=420)
    out = frame._repr_html_()
    assert out.startswith("<iframe srcdoc=\"") and out.endswith("</iframe>")
    assert out.count("<") == 2 and out.count('"') % 2 == 0                 # everything inside is escaped
    assert "height:420px" in out and 'sandbox="allow-scripts' in out and "allow-same-origin" not in out
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', out).group(1)
    assert html.unescape(srcdoc) == page


def test_options_and_errors():
    with pytest.raises(ValueError):
        to_html(sample_rows(), color_by="rainbow")
    with pytest.raises(ValueError):
        to_html(sample_rows(), size_by="height")
    with pytest.raises(TypeError):
        to_html(sample_rows(), actors="Putin")
    empty = page_data(to_html([]))
    assert empty["nodes"] == [] and empty["edges"] == [] and empty["meta"]["n_nodes"] == 0
    data = page_data(to_html(sample_rows(), size_by="events", edge_labels=True))
    russia = [n for n in data["nodes"] if n["id"] == WD + "Q159"][0]
    assert russia["size"] == russia["d"]["size_events"] == max(n["size"] for n in data["nodes"])
    assert all("label" in e for e in data["edges"])
    assert to_html(sample_rows()) == to_html(sample_rows())               # deterministic
    assert not any("title" in n for n in data["nodes"]) and not any("title" in e for e in data["edges"])


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_write_graph_file(tmp_path, fmt):
    path = write_graph_file(sample_rows(), tmp_path / f"net.{fmt}", format=fmt)
    assert path.exists()
    H = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path, force_multigraph=True)
    assert H.number_of_nodes() == 11 and H.number_of_edges() == 19
    putin = H.nodes[WD + "Q7747"]
    assert putin["label"] == "Vladimir Putin" and putin["label_de"] == "Wladimir Putin" and putin["qid"] == "Q7747"
    edges = [d for s, t, d in H.edges(data=True) if s == WD + "Q458" and t == WD + "Q159"]
    assert len(edges) == 1
    e = edges[0]
    assert int(e["count"]) == 3 and float(e["goldstein"]) == -8.0 and e["cameo"] == "163"
    evidence = json.loads(e["evidence"])
    assert len(evidence) == 3 and evidence[0]["sentence"]
    assert e["dates"] == "2014-07-31;2015-06-22;2016-12-19"
    # filters apply too; format from the suffix
    small = write_graph_file(sample_rows(), tmp_path / "ego.graphml", format=None, actor="Q7747")
    assert nx.read_graphml(small).number_of_nodes() == 3


def test_input_rows_not_modified():
    rows = sample_rows()
    before = copy.deepcopy(rows)
    to_html(rows, lang="en", top=4, min_support=1)
    write_graph_file(rows, "/dev/null", format="graphml")
    assert rows == before
