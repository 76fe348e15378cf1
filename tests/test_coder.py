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
from diplokg.extractors.records import Actor

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
