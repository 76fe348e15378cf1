"""The learned coder: candidates, features, the stored linear heads, training and cross-validation.

Every sentence here is made up for the test (none comes from dev or the training articles).
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import run_cli
from diplokg.extractors.candidates import CandidateActor, context_actors, sentence_candidates
from diplokg.extractors.coder_features import coarse_dep, dependency_path
from diplokg.extractors.linear_model import LinearModel
from diplokg.core.records import Actor

A = Actor("Q1", "Alpha Person", "PERSON")
B = Actor("Q2", "Beta Land", "COUNTRY")
C = Actor("Q3", "Gamma Org", "ORGANIZATION")


def _mention(start, end, *actors, kind="name"):
    from diplokg.extractors.actors import Mention
    return Mention(start, end, tuple(actors), kind)


def test_candidates_cover_every_ordered_pair_and_lone_sources():
    cands = sentence_candidates(0, [_mention(0, 1, A), _mention(3, 4, B), _mention(6, 7, C)])
    keys = {c.key for c in cands}
    assert len(cands) == 3 + 6
    assert ("Q1", "Q2") in keys and ("Q2", "Q1") in keys and ("Q3", None) in keys


def test_context_actors_pair_only_with_actors_of_the_sentence():
    previous = [[CandidateActor(C, [0], [(0, 1)], ["name"])]]
    ctx = context_actors(previous)
    assert ctx[0].context == 1
    cands = sentence_candidates(1, [_mention(5, 6, A)], ctx)
    keys = {c.key for c in cands}
    assert ("Q1", "Q3") in keys and ("Q3", "Q1") in keys
    assert ("Q3", None) not in keys            # a context actor alone only where the sentence names no one
    alone = sentence_candidates(2, [], ctx)
    assert [c.key for c in alone] == [("Q3", None)]


def test_dependency_labels_of_three_schemes_map_to_the_same_roles():
    assert {coarse_dep(x) for x in ("nsubj", "sb")} == {"subj"}
    assert {coarse_dep(x) for x in ("obj", "dobj", "oa")} == {"obj"}
    assert {coarse_dep(x) for x in ("iobj", "obl:arg", "da", "dative")} == {"dat"}
    assert coarse_dep("punct") == "other"


def test_dependency_path_through_the_verb(en_model):
    import spacy
    nlp = spacy.load(en_model)
    doc = nlp("Norway criticized Chile over the new fishing rules.")
    sent = next(doc.sents)
    up, top, down = dependency_path(sent, 0, 2)
    assert top.text == "criticized" and up == ["subj"] and down == ["obj"]


def test_features_tell_gazetteer_actors_from_one_word_ner_names(en_model):
    import spacy
    from diplokg.extractors.coder_features import candidate_features
    nlp = spacy.load(en_model)
    sent = next(nlp("Norway criticized Tatsuro and the Nordvik Shipping Group.").sents)
    norway = Actor("Q20", "Norway", "COUNTRY", qid="Q20")
    word = Actor("local:person:tatsuro", "Tatsuro", "PERSON")
    group = Actor("local:organization:nordvik", "Nordvik Shipping Group", "ORGANIZATION")
    cands = sentence_candidates(0, [_mention(0, 1, norway), _mention(2, 3, word), _mention(5, 8, group)])
    by_key = {c.key: candidate_features(c, sent, "en", [], [], 3) for c in cands}
    pair = by_key[("Q20", "local:person:tatsuro")]
    assert "src_shape=known" in pair and "tgt_shape=local1&PERSON" in pair
    assert "src_shape=local2+&ORGANIZATION" in by_key[("local:organization:nordvik", None)]


def test_linear_model_round_trip(tmp_path):
    m = LinearModel(["01", "04", "11"], {"a": 0, "b": 1},
                    np.array([[1.0, 0.0, -1.0], [0.0, 2.0, 0.0]], dtype=np.float32), np.array([0.1, 0.0, 0.0]))
    m.save(tmp_path, "root")
    back = LinearModel.load(tmp_path, "root")
    rows = [{"a": 1.0}, {"b": 1.0, "unknown": 1.0}, {}]
    assert np.allclose(back.proba(rows), m.proba(rows), atol=1e-3)
    assert back.proba(rows)[1].argmax() == 1


def test_linear_model_refuses_a_damaged_folder(tmp_path):
    m = LinearModel(["False", "True"], {"a": 0, "b": 1}, np.ones((2, 1), dtype=np.float32), np.array([0.0]))
    m.save(tmp_path, "event")
    meta = json.loads((tmp_path / "event.json").read_text())
    meta["features"].append("c")
    (tmp_path / "event.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="weight rows"):
        LinearModel.load(tmp_path, "event")


# -- training on the user's own annotations ------------------------------------------------------

PAIRS = [("Vladimir Putin", "Q7747", "Angela Merkel", "Q567"), ("Emmanuel Macron", "Q3052772", "Xi Jinping", "Q15031"),
         ("Joe Biden", "Q6279", "Recep Tayyip Erdoğan", "Q39259"), ("Boris Johnson", "Q180589", "Justin Trudeau", "Q3099714"),
         ("Narendra Modi", "Q1058", "Shinzō Abe", "Q132345"), ("Donald Trump", "Q22686", "Moon Jae-in", "Q21001")]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def _made_up_articles(n: int) -> list[dict]:
    """Short English articles with one praise and one criticism each, annotated in the gold format."""
    rows = []
    for k in range(n):
        a, qa, b, qb = PAIRS[k % len(PAIRS)]
        if k % 2:
            a, qa, b, qb = b, qb, a, qa
        praise = f"{a} praised {b} for the new trade agreement on {WEEKDAYS[k % 6]}."
        blame = f"{b} criticized {a} over the border dispute."
        filler = "The weather in the capital was mild and markets were calm."
        text = " ".join([praise, filler, blame])
        rows.append({"article_id": f"made-up-{k}", "lang": "en", "date": "2021-03-0%d" % (1 + k % 8),
                     "title": "", "text": text, "events": [
                         {"sentence": praise, "source": {"name": a, "qid": qa, "type": "PERSON"}, "relation": "praise",
                          "cameo": "051", "target": {"name": b, "qid": qb, "type": "PERSON"}, "event_date": None,
                          "negated": False, "reported": False},
                         {"sentence": blame, "source": {"name": b, "qid": qb, "type": "PERSON"},
                          "relation": "criticize", "cameo": "111", "target": {"name": a, "qid": qa, "type": "PERSON"},
                          "event_date": None, "negated": False, "reported": False}]})
    return rows


def _train_made_up(folder, en_model, name: str, *options: str):
    """Train a coder on 16 made-up articles in ``folder``; (coder folder, data file, stdout)."""
    data = folder / "annotated.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in _made_up_articles(16)) + "\n", encoding="utf-8")
    out = folder / name
    proc = run_cli("train", str(data), "-o", str(out), "--model", f"en={en_model}", "--model", "de=rules", *options)
    assert proc.returncode == 0, proc.stderr
    return out, data, proc.stdout


@pytest.fixture(scope="module")
def trained_coder(tmp_path_factory, en_model):
    return _train_made_up(tmp_path_factory.mktemp("coder"), en_model, "my-coder", "--folds", "2", "--seed", "1")


def test_train_writes_a_coder_with_its_scores(trained_coder):
    out, _, stdout = trained_coder
    meta = json.loads((out / "coder.json").read_text())
    assert meta["training_data"] == ["annotated.jsonl"] and meta["articles"] == {"en": 16}
    assert meta["folds"] == 2 and "f1" in meta["cross_validation"]["events"]["en"]
    assert 0.0 < meta["threshold"] < 1.0
    assert "reliability" in stdout
    for head in ("event", "root", "code", "reported", "negated"):
        assert (out / f"{head}.npz").is_file() and (out / f"{head}.json").is_file()


def test_a_trained_coder_codes_new_text_in_its_codebook(trained_coder, en_model, tmp_path):
    out, _, _ = trained_coder
    article = tmp_path / "new.jsonl"
    article.write_text(json.dumps({"id": "new", "lang": "en", "date": "2021-05-04",
                                   "text": "Justin Trudeau praised Narendra Modi for the new climate plan on Tuesday."})
                       + "\n", encoding="utf-8")
    proc = run_cli("extract", str(article), "--model", f"en={en_model}", "--coder", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [(r["source"]["qid"], r["cameo"][:2], r["target"]["qid"]) for r in rows] == [("Q3099714", "05", "Q1058")]
    proc = run_cli("models", "--coder", str(out))
    assert proc.returncode == 0 and "my-coder (trained on annotated.jsonl; 2-fold CV event en F1" in proc.stdout


def test_eval_cross_validates_by_article(trained_coder, en_model):
    _, data, _ = trained_coder
    proc = run_cli("eval", "--cv", "2", str(data), "--model", f"en={en_model}", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["folds"] == 2 and report["events"]["en"]["tp"] + report["events"]["en"]["fn"] == 32
    assert {r["bin"] for r in report["reliability"]} and "0.5" in report["min_confidence"]


def test_bad_training_input_is_one_line_naming_the_item(tmp_path, en_model):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article_id": "a", "text": "x", "events": []}\n{"article_id": "b", "text": \n', encoding="utf-8")
    proc = run_cli("train", str(bad), "-o", str(tmp_path / "c"), "--model", f"en={en_model}")
    assert proc.returncode != 0 and f"{bad}:2" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "c").exists()


def test_training_events_are_checked_before_parsing(tmp_path, en_model):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"article_id": "a", "lang": "en", "text": "Putin met Merkel.",
                               "events": [{"sentence": "Putin met Merkel.", "cameo": "040"}]}) + "\n", encoding="utf-8")
    proc = run_cli("train", str(bad), "-o", str(tmp_path / "c"), "--model", f"en={en_model}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"error: {bad}:1: event 1 needs a source actor with a name"
    proc = run_cli("train", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "c"), "--model", f"en={en_model}")
    assert proc.returncode == 2 and proc.stderr.strip() == f"error: {tmp_path / 'missing.jsonl'}: no such file"
    assert not (tmp_path / "c").exists()


def test_training_skips_articles_in_other_languages_and_says_so(tmp_path, en_model):
    """An article without a language is identified from its text; one in no supported language is skipped
    with its id; a file with nothing else is an error, not an empty coder."""
    rows = _made_up_articles(8)
    del rows[0]["lang"]
    french = {"article_id": "fr-1", "lang": "fr", "text": "Le président a critiqué le chancelier.", "events": []}
    unknown = {"article_id": "xx-1", "text": "12345 67890", "events": []}
    data = tmp_path / "mixed.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows + [french, unknown]) + "\n", encoding="utf-8")
    proc = run_cli("train", str(data), "-o", str(tmp_path / "c"), "--model", f"en={en_model}", "--folds", "1")
    assert proc.returncode == 0, proc.stderr
    assert "skipped: fr-1: language 'fr' is not supported" in proc.stderr
    assert "skipped: xx-1: an unidentified language is not supported" in proc.stderr
    assert json.loads((tmp_path / "c" / "coder.json").read_text())["articles"] == {"en": 8}
    only = tmp_path / "only.jsonl"
    only.write_text("\n".join(json.dumps(r) for r in (french, unknown)) + "\n", encoding="utf-8")
    proc = run_cli("train", str(only), "-o", str(tmp_path / "d"), "--model", f"en={en_model}")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "no annotated article in a supported language (de, en)" in errors[0]
    assert not (tmp_path / "d").exists()


def test_eval_says_which_articles_it_could_not_read(tmp_path):
    german = {"article_id": "de-1", "text": "Der Präsident kritisierte am Montag die Regierung in Moskau.",
              "events": []}
    french = {"article_id": "fr-1", "text": "Le président a parlé avec la chancelière et ils ont été d'accord.",
              "events": []}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(french) + "\n", encoding="utf-8")
    proc = run_cli("eval", str(gold), "--model", "de=rules", "--model", "en=rules")
    assert proc.returncode == 1 and proc.stdout == "" and "skipped: fr-1: language 'fr'" in proc.stderr
    assert [l for l in proc.stderr.splitlines() if l.startswith("error:")][0].startswith("error: none of the 1")
    gold.write_text(json.dumps(french) + "\n" + json.dumps(german) + "\n", encoding="utf-8")
    proc = run_cli("eval", str(gold), "--model", "de=rules", "--model", "en=rules")
    assert proc.returncode == 0 and "skipped: fr-1" in proc.stderr and "events P" in proc.stdout


# -- word senses a lexicon cannot see (the shipped coder, fixture models) ------------------------

@pytest.fixture(scope="module")
def extractor(de_model, en_model):
    from diplokg.config import Config
    from diplokg.pipeline import Extractor
    return Extractor(Config(models={"de": de_model, "en": en_model}))


def _coded(extractor, text: str, lang: str = "en") -> list[tuple[str, str, str | None]]:
    from diplokg.core.records import Article
    result = extractor.extract(Article("made-up", text, lang=lang, date="2021-06-01"))
    assert result.error is None
    return [(e.source.name, e.cameo, e.target.name if e.target else None) for e in result.events]


MEETING = " Vladimir Putin met Xi Jinping in Beijing on Monday."      # an event every variant must still find


def _has_meeting(events) -> bool:
    return any(c.startswith("04") and {s, t} == {"Vladimir Putin", "Xi Jinping"} for s, c, t in events)


def test_a_verbal_attack_is_criticism_not_force(extractor):
    events = _coded(extractor, "Donald Trump attacked Joe Biden over his tax plan in a speech in Ohio." + MEETING)
    assert _has_meeting(events)
    pair = [c for s, c, t in events if (s, t) == ("Donald Trump", "Joe Biden")]
    assert all(c[:3] in ("111", "112") for c in pair)
    assert not any(c[:2] in ("18", "19", "20") for _, c, _ in events)


def test_calling_someone_something_or_calling_for_is_no_phone_call(extractor):
    events = _coded(extractor, "Angela Merkel called Emmanuel Macron a reliable partner. "
                               "Sergei Lavrov called for an end to the sanctions against Russia." + MEETING)
    assert _has_meeting(events)
    assert not any(c.startswith("041") for _, c, _ in events)


def test_unlike_x_y_is_no_event_between_them(extractor):
    events = _coded(extractor, "Unlike Joe Biden, Donald Trump received a boost in the polls." + MEETING)
    assert _has_meeting(events)
    assert not any({s, t} == {"Joe Biden", "Donald Trump"} for s, _, t in events)


def test_leaving_the_union_is_no_troop_withdrawal(extractor):
    events = _coded(extractor, "Boris Johnson announced the withdrawal of the United Kingdom from the "
                               "European Union." + MEETING)
    assert _has_meeting(events)
    assert not any(c.startswith("087") for _, c, _ in events)


def test_aeusserst_is_no_statement(extractor):
    text = ("Die Lage an der Grenze sei äußerst angespannt, hieß es am Montag in Moskau. "
            "Wladimir Putin traf Xi Jinping am Montag in Peking.")
    from diplokg.core.records import Article
    result = extractor.extract(Article("made-up", text, lang="de", date="2021-06-01"))
    assert any(e.cameo.startswith("04") for e in result.events), [(e.source.name, e.cameo) for e in result.events]
    assert not any(e.trigger.lower().startswith("äußerst") for e in result.events)


def _example(source: Actor, target: Actor | None, root: str = "none"):
    from diplokg.coder_data import Example
    return Example({"bias": 1.0}, root, None, False, False, source.as_gold(), target.as_gold() if target else None, 0)


def test_a_gold_event_no_candidate_reaches_teaches_the_root_head_through_a_neighbour():
    from diplokg.coder_data import root_example
    d = Actor("Q4", "Delta Person", "PERSON")          # a gold target the mentions never found
    sentence = [_example(A, None), _example(A, B), _example(B, A), _example(B, None)]
    gold = {"source": A.as_gold(), "target": d.as_gold(), "cameo": "1121", "reported": True, "negated": False}
    got = root_example(gold, sentence)
    assert got is not None and (got.source["name"], got.target["name"]) == ("Alpha Person", "Beta Land")   # shares the source
    assert (got.root, got.code, got.reported) == ("11", "1121", True)
    assert sentence[1].root == "none"                   # the candidate itself keeps its label
    lone = root_example({**gold, "target": None, "cameo": "010"}, sentence)
    assert lone is not None and lone.target is None and lone.root == "01"
    assert root_example({**gold, "source": C.as_gold()}, sentence) is None   # shares no actor: nothing to learn from
    assert root_example(gold, []) is None


def test_root_only_examples_reach_the_root_head_and_not_the_event_head():
    from diplokg.coder_data import ArticleExamples
    from diplokg.training import fit_heads
    art = ArticleExamples("a", "en", examples=[_example(A, B, "05"), _example(B, A), _example(A, None)])
    heads = fit_heads([art], seed=0, heads=("event", "root"))
    assert heads["root"].labels == ["05"]               # one root seen: a constant model
    art.root_only = [_example(A, B, "11")]
    heads = fit_heads([art], seed=0, heads=("event", "root"))
    assert sorted(heads["root"].labels) == ["05", "11"]
    assert heads["event"].labels == ["False", "True"]


def test_tree_head_learns_when_two_signals_meet_and_round_trips(tmp_path):
    pytest.importorskip("lightgbm", reason="the boosted-trees event head needs LightGBM (diplokg[trees])")
    from diplokg.extractors.linear_model import LinearModel as Linear
    from diplokg.extractors.coder import load_head
    from diplokg.extractors.tree_model import TreeModel
    rng = np.random.default_rng(0)
    rows, labels = [], []
    for _ in range(400):                               # an event only when both signals are there
        a, b = bool(rng.integers(2)), bool(rng.integers(2))
        feats = {"bias": 1.0, f"noise={rng.integers(50)}": 1.0}
        if a:
            feats["trigger"] = 1.0
        if b:
            feats["roles=subj>obj"] = 1.0
        rows.append(feats)
        labels.append(a and b)
    model = TreeModel.fit(rows, labels, seed=0, rounds=200)
    p = model.proba([{"trigger": 1.0, "roles=subj>obj": 1.0}, {"trigger": 1.0}, {"roles=subj>obj": 1.0}, {}])[:, 1]
    assert p[0] > 0.8 and max(p[1:]) < 0.2
    model.save(tmp_path, "event")
    again = load_head(tmp_path, "event")
    assert isinstance(again, TreeModel) and np.allclose(again.proba(rows[:20]), model.proba(rows[:20]))
    Linear(["False", "True"], {"x": 0}, np.zeros((1, 1), dtype=np.float32), np.zeros(1)).save(tmp_path, "root")
    assert isinstance(load_head(tmp_path, "root"), Linear)     # heads without a kind stay linear


def test_a_damaged_tree_head_is_a_model_error(tmp_path):
    pytest.importorskip("lightgbm", reason="the boosted-trees event head needs LightGBM (diplokg[trees])")
    from diplokg.core.errors import ModelError
    from diplokg.extractors.coder import load_head
    from diplokg.extractors.tree_model import TreeModel
    rows = [{"a": 1.0}, {"b": 1.0}] * 30
    TreeModel.fit(rows, [True, False] * 30, rounds=5).save(tmp_path, "event")
    (tmp_path / "event.trees.txt").write_text("tree\nnot a model\n", encoding="utf-8")
    with pytest.raises(ModelError, match="event.trees.txt"):
        load_head(tmp_path, "event")
    (tmp_path / "event.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(ModelError, match="event.json"):
        load_head(tmp_path, "event")


def test_train_with_a_tree_event_head_writes_a_coder_that_codes(tmp_path, en_model):
    pytest.importorskip("lightgbm", reason="the boosted-trees event head needs LightGBM (diplokg[trees])")
    out, _, _ = _train_made_up(tmp_path, en_model, "tree-coder", "--folds", "0", "--event-head", "trees")
    meta = json.loads((out / "coder.json").read_text())
    assert meta["event_head"] == "trees" and (out / "event.trees.txt").is_file() and not (out / "event.npz").exists()
    article = tmp_path / "new.jsonl"
    article.write_text(json.dumps({"id": "new", "lang": "en", "date": "2021-05-04",
                                   "text": "Justin Trudeau praised Narendra Modi for the new climate plan on Tuesday. "
                                           "The weather in the capital was mild and markets were calm."})
                       + "\n", encoding="utf-8")
    proc = run_cli("extract", str(article), "--model", f"en={en_model}", "--coder", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert ("Q3099714", "05", "Q1058") in [(r["source"]["qid"], r["cameo"][:2], (r["target"] or {}).get("qid"))
                                           for r in rows]
    import shutil
    damaged = tmp_path / "damaged-coder"
    shutil.copytree(out, damaged)
    (damaged / "event.trees.txt").write_text("tree\nversion=v4\nnot a model\n", encoding="utf-8")
    proc = run_cli("extract", str(article), "--model", f"en={en_model}", "--coder", str(damaged))
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [proc.stderr.strip()]   # one line, ours
    assert "event.trees.txt: not a LightGBM model" in proc.stderr
    _train_made_up(tmp_path, en_model, "tree-coder", "--folds", "0")          # retrained linear in the same folder
    assert (out / "event.npz").is_file() and not (out / "event.trees.txt").exists()
    assert "boosted-trees" not in run_cli("models", "--coder", str(out)).stdout


def test_event_head_outside_cross_validation_is_a_user_error(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"article_id": "x", "lang": "en", "text": "Hi.", "events": []}) + "\n")
    proc = run_cli("eval", str(gold), "--event-head", "trees")
    assert proc.returncode == 2 and "--event-head" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_tree_head_without_lightgbm_is_a_model_error_naming_the_way_out(monkeypatch):
    import sys

    from diplokg.core.errors import ModelError
    from diplokg.extractors.tree_model import TreeModel
    monkeypatch.setitem(sys.modules, "lightgbm", None)          # as if it were not installed
    with pytest.raises(ModelError, match=r"diplokg\[trees\].*--event-head linear"):
        TreeModel.fit([{"a": 1.0}] * 10, [True, False] * 5, rounds=2)


def test_a_coder_from_heads_in_memory_codes_a_parsed_article_as_the_shipped_one(extractor):
    """What ``coder_cv.py --through-pipeline`` relies on: a coder built from fitted heads and an article
    given as an already parsed doc give the same events as the shipped coder on raw text."""
    from diplokg.core.records import Article
    from diplokg.extractors.coder import LearnedCoder, load_coder

    shipped = load_coder(None)
    twin = LearnedCoder.from_heads(shipped.heads, shipped.threshold, {"name": "twin"}, shipped.calibration)
    assert (twin.name, twin.languages, twin.threshold) == ("twin", ("de", "en"), shipped.threshold)
    assert twin.calibration == shipped.calibration and shipped.calibration.slope != 1.0   # the shipped one is calibrated
    text = "Donald Trump criticised Joe Biden in Ohio." + MEETING
    article = Article("made-up", text, lang="en", date="2021-06-01")
    from diplokg.ontology.scheme import cameo_info
    expected = [e.to_json(cameo_info) for e in extractor.extract(article).events]
    tools = extractor.tools("en")
    kept, tools.coder = tools.coder, twin
    try:
        got = [e.to_json(cameo_info) for e in extractor.extract_parsed(article, tools.nlp(text)).events]
    finally:
        tools.coder = kept
    assert got == expected and _has_meeting([(e["source"]["name"], e["cameo"], (e["target"] or {}).get("name"))
                                             for e in got])
