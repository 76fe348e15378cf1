"""The first real input: the German report of the first Putin–Trump phone call (fixture model)."""
from __future__ import annotations

import json


from conftest import run_cli
from diplokg.core.records import Article

PUTIN, TRUMP, RUSSIA, UKRAINE = "Q7747", "Q22686", "Q159", "Q212"


def _events(extractor, seed_record):
    art = Article(seed_record["article_id"], seed_record["text"], lang="de", date=seed_record["date"])
    result = extractor.extract(art)
    assert result.error is None
    return result.events


def _find(events, source, target, root, symmetric=False):
    out = []
    for e in events:
        pair = (e.source.qid, e.target.qid if e.target else None)
        if e.cameo.startswith(root) and (pair == (source, target) or (symmetric and pair == (target, source))):
            out.append(e)
    return out


def test_required_events_with_fixture_model(de_extractor, seed_record):
    events = _events(de_extractor, seed_record)
    offer = _find(events, PUTIN, TRUMP, "036")
    assert offer, "Putin -offer dialogue-> Trump (036) missing"
    # (the reported flag follows the training annotations, where a Konjunktiv alone rarely makes an event
    # "reported"; the rule tier's reading is tested in test_rule_tier_still_finds_core_events)
    assert offer[0].relation == "offer dialogue"
    assert offer[0].sentence.startswith("Putin habe Trump einen partnerschaftlichen Dialog angeboten")
    text = seed_record["text"]
    assert text[offer[0].start:offer[0].end] == offer[0].sentence
    assert _find(events, PUTIN, TRUMP, "04", symmetric=True), "phone call Putin/Trump (04x) missing"
    congrat = _find(events, PUTIN, TRUMP, "051")
    assert congrat and congrat[0].event_date == "2016-11-08"
    assert _find(events, TRUMP, RUSSIA, "03"), "Trump -intent to cooperate-> Russia (03x) missing"
    assert _find(events, RUSSIA, UKRAINE, "19"), "Russia -annex-> Ukraine (19x) missing"
    for e in events:
        assert 0.0 <= e.confidence <= 1.0


def test_rule_tier_still_finds_core_events(seed_record):
    from diplokg.config import Config
    from diplokg.pipeline import Extractor

    ex = Extractor(Config(models={"de": "rules"}))
    events = _events(ex, seed_record)
    assert ex.notices and "rule tier" in ex.notices[0]
    offer = _find(events, PUTIN, TRUMP, "036")
    assert offer and offer[0].reported
    assert _find(events, RUSSIA, UKRAINE, "19")


def test_cli_extract_jsonl_follows_gold_fields(seed_jsonl, de_model):
    proc = run_cli("extract", str(seed_jsonl), "--model", f"de={de_model}")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(l) for l in proc.stdout.splitlines()]
    offer = [r for r in rows if r["cameo"] == "036" and r["source"]["qid"] == PUTIN]
    assert offer
    row = offer[0]
    for key in ("source", "target", "relation", "cameo", "event_date", "negated", "reported", "sentence",
                "article_id", "start", "end", "confidence", "goldstein", "quad_class", "plover"):
        assert key in row
    assert row["target"] == {"name": "Donald Trump", "qid": TRUMP, "type": "PERSON",
                             "country": "USA", "sector": "GOV", "code": "USAGOV"}      # the gold keys + the code


def test_ingest_query_and_render(tmp_path, seed_jsonl, de_model):
    store = tmp_path / "kg"
    proc = run_cli("ingest", str(seed_jsonl), "--store", str(store), "--model", f"de={de_model}")
    assert proc.returncode == 0, proc.stderr
    assert "articles: 1 stored" in proc.stdout and "errors: 0" in proc.stdout
    query = ("SELECT ?sentence ?article WHERE { ?e dkg:source wd:Q7747 ; dkg:target wd:Q22686 ; "
             "dkg:cameo cameo:036 ; dkg:evidence ?ev . ?ev dkg:sentence ?sentence ; dkg:article/dkg:articleId ?article }")
    proc = run_cli("query", query, "--store", str(store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and rows[0]["article"] == "seed-putin-trump-2016"
    assert rows[0]["sentence"].startswith("Putin habe Trump einen partnerschaftlichen Dialog")
    # the same input again changes nothing
    before = run_cli("export", "--format", "nquads", "--store", str(store)).stdout
    proc = run_cli("ingest", str(seed_jsonl), "--store", str(store), "--model", f"de={de_model}")
    assert "1 unchanged" in proc.stdout and "triples added: 0" in proc.stdout
    assert run_cli("export", "--format", "nquads", "--store", str(store)).stdout == before
    html = tmp_path / "net.html"
    proc = run_cli("render", "-o", str(html), "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    page = html.read_text(encoding="utf-8")
    assert "Vladimir Putin" in page and "Donald Trump" in page
    assert "partnerschaftlichen Dialog angeboten" in page
