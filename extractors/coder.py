"""The learned event coder: scores every candidate of a sentence and keeps the events.

For each (source, target-or-none) candidate it gives the probability that the sentence
states an event between them, its CAMEO root and exact code, and the reported and negated
flags. The lexicon's trigger hits, the dependency path and the rule tier's own reading are
features (evidence), not the decision. A coder is a folder of plain files
(``coder.json`` + one ``.npz``/``.json`` pair per head) written by ``diplokg train``;
the package ships one trained on the project's annotated articles (``ontology/coder/``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from .calibration import Calibration
from .candidates import Candidate, sentence_candidates
from .coder_features import candidate_features, sentence_flag_features
from .event_words import KONJUNKTIV_I, MODALITY, NEGATIONS, SPEECH_PHRASES, SPEECH_VERBS
from .language import SUPPORTED
from .linear_model import LinearModel
from .tree_model import TreeModel
from ..core.errors import ModelError

NONE_LABEL = "none"
HEADS = ("event", "root", "code", "reported", "negated")
DECIDING_HEADS = ("event", "root")          # the others only label what these two keep
SYMMETRIC_ROOTS = {"04"}                    # consultations: A meets B is B meets A
TRIGGER_CODE_FEATURES = ("lca_lex_code=", "gov_lex_code=")   # the lexicon codes of the pair's own trigger


@dataclass
class CodedCandidate:
    """A candidate the coder kept, with what it decided."""

    candidate: Candidate
    root: str
    code: str
    probability: float            # calibrated chance that this event with this root is right (its confidence)
    reported: bool
    negated: bool


def load_head(folder: Path, name: str) -> LinearModel | TreeModel:
    """A coder head from its folder: boosted trees when its ``NAME.json`` says so, else the linear model."""
    try:
        kind = json.loads((folder / f"{name}.json").read_text(encoding="utf-8")).get("kind", "linear")
    except (OSError, ValueError, AttributeError) as exc:
        raise ModelError(f"{folder / name}.json: unreadable coder head ({exc})") from None
    return TreeModel.load(folder, name) if kind == "trees" else LinearModel.load(folder, name)


def _coder_meta(folder: Path) -> dict:
    """The ``coder.json`` of a coder folder; ModelError (one line) for a missing folder, a folder without it,
    or one that is no JSON object."""
    meta_path = folder / "coder.json"
    if not folder.exists():
        raise ModelError(f"{folder}: no such coder folder (give a folder written by 'diplokg train', or 'rules')")
    if not folder.is_dir():
        raise ModelError(f"{folder}: not a folder (a coder is a folder written by 'diplokg train')")
    if not meta_path.is_file():
        raise ModelError(f"{folder}: no coder.json (not a coder folder written by 'diplokg train')")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{meta_path}: unreadable ({exc})") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{meta_path}: not a JSON object (not written by 'diplokg train')")
    return meta


def shipped_coder_dir() -> Path:
    """The folder of the coder that ships with the package."""
    return Path(str(files("diplokg.ontology").joinpath("coder")))


class LearnedCoder:
    """A trained coder loaded from a folder; ``threshold`` is the minimum raw score of a kept event and
    ``calibration`` maps raw scores to the confidence reported (``extractors/calibration.py``)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        meta_path = self.folder / "coder.json"
        self.meta = _coder_meta(self.folder)
        self.heads = {name: load_head(self.folder, name) for name in HEADS}
        self.threshold = float(self.meta.get("threshold", 0.5))
        try:
            self.calibration = Calibration.from_dict(self.meta.get("calibration"))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{meta_path}: unreadable calibration ({exc!r})") from None
        self.languages = tuple(self.meta.get("languages", ("de", "en")))

    @classmethod
    def from_heads(cls, heads: dict, threshold: float, meta: dict | None = None,
                   calibration: Calibration | None = None) -> "LearnedCoder":
        """A coder from heads fitted in memory (cross-validation runs each fold's coder through the pipeline)."""
        coder = cls.__new__(cls)
        coder.folder, coder.heads, coder.threshold = Path("."), heads, float(threshold)
        coder.calibration = calibration or Calibration()
        coder.meta = dict(meta or {"name": "in-memory coder"})
        coder.languages = tuple(coder.meta.get("languages", ("de", "en")))
        return coder

    @property
    def name(self) -> str:
        return str(self.meta.get("name", self.folder.name))

    def describe(self) -> str:
        """One line: name, training data, cross-validated event F1 per language (or that there is none), and
        the languages it codes when it was trained on fewer than diplokg reads."""
        cv = self.meta.get("cross_validation", {}).get("events", {})
        scores = ", ".join(f"{lang} F1 {v['f1']:.2f}" for lang, v in sorted(cv.items()) if lang != "all")
        data = ", ".join(self.meta.get("training_data", [])) or "unknown data"
        folds = self.meta.get("folds")
        checked = f"{folds}-fold CV event {scores or 'n/a'}" if folds and cv else "not cross-validated"
        head = "; boosted-trees event head" if self.meta.get("event_head") == "trees" else ""
        return f"{self.name} (trained on {data}; {checked}{head}{self._languages_note()})"

    def _languages_note(self) -> str:
        """"; de articles only (en: rule tier)" for a coder that codes fewer languages than diplokg reads."""
        others = [lang for lang in SUPPORTED if lang not in self.languages]
        if not others:
            return ""
        return f"; {', '.join(self.languages) or 'no'} articles only ({', '.join(others)}: rule tier)"

    # -- features -------------------------------------------------------------------------------
    def featurize(self, sent, lang: str, sentence_index: int, mentions: list, triggers: list,
                  rule_events: list, context: list = ()) -> list[Candidate]:
        """The sentence's candidates with their features filled in."""
        return featurize_sentence(sent, lang, sentence_index, mentions, triggers, rule_events, context)

    # -- decisions ------------------------------------------------------------------------------
    def decide(self, cands: list[Candidate], min_probability: float | None = None) -> list[CodedCandidate]:
        """The candidates kept as events: best root above the threshold, one per symmetric pair.

        ``min_probability`` (``--min-confidence``) replaces the threshold; it is a calibrated confidence,
        turned back into the raw score that reaches it.
        """
        threshold = self.threshold if min_probability is None else self.calibration.raw_threshold(min_probability)
        decided = decide_rows(self.heads, [c.features for c in cands], [c.key for c in cands], threshold,
                              self.calibration)
        return [CodedCandidate(cands[i], root, code, p, rep, neg) for i, root, code, p, rep, neg in decided]


def decide_rows(heads: dict[str, LinearModel], rows: list[dict], keys: list[tuple], threshold: float,
                calibration: Calibration | None = None) -> list[tuple]:
    """Per kept row: (index, root, code, confidence, reported, negated); ``keys`` are (source, target) ids.

    The raw score of a row is the event head's probability times the root head's probability of the
    chosen root; rows whose raw score is at or above ``threshold`` are kept, one per symmetric pair.
    The confidence returned is the raw score through ``calibration`` (the raw score itself without one).
    """
    if not rows:
        return []
    p_event = _positive_column(heads["event"], heads["event"].proba(rows))
    picked = [i for i in range(len(rows)) if p_event[i] >= threshold]
    if not picked:
        return []
    chosen = [rows[i] for i in picked]
    root_model, code_model = heads["root"], heads.get("code")
    root_p = root_model.proba(chosen)
    kept: list[tuple[int, str, float, int]] = []
    for k, i in enumerate(picked):
        best = int(np.argmax(root_p[k]))
        confidence = float(p_event[i] * root_p[k][best])
        if confidence >= threshold:
            kept.append((i, root_model.labels[best], confidence, k))
    kept = _one_per_symmetric_pair(keys, kept)
    if calibration is not None:
        kept = [(i, root, calibration(confidence), k) for i, root, confidence, k in kept]
    if "code" not in heads:                  # threshold search: the deciding heads alone
        return [(i, root, root, confidence, False, False) for i, root, confidence, _ in kept]
    code_p = code_model.proba(chosen)
    rep_p = _positive_column(heads["reported"], heads["reported"].proba(chosen))
    neg_p = _positive_column(heads["negated"], heads["negated"].proba(chosen))
    out = []
    for i, root, confidence, k in kept:
        code = _choose_code(code_model, code_p[k], root, rows[i])
        out.append((i, root, code, confidence, bool(rep_p[k] >= 0.5), bool(neg_p[k] >= 0.5)))
    return out


def _choose_code(code_model: LinearModel, code_p, root: str, features: dict) -> str:
    """The exact code: among the codes the pair's own trigger gives for this root, else all codes of the root,
    the one the code head rates highest (a trigger's code the head never saw is taken as it is)."""
    lexical = sorted({k.split("=", 1)[1] for k in features if k.startswith(TRIGGER_CODE_FEATURES)
                      and k.split("=", 1)[1][:2] == root})
    index = {lab: j for j, lab in enumerate(code_model.labels)}
    known = [c for c in lexical if c in index]
    if lexical and not known:
        return lexical[0]
    pool = known or [lab for lab in code_model.labels if lab[:2] == root]
    return max(pool, key=lambda c: code_p[index[c]]) if pool else root


def _positive_column(model: LinearModel, proba: np.ndarray) -> np.ndarray:
    """The probability of the label "True" of a binary head (zeros if it never saw a positive)."""
    if "True" not in model.labels:
        return np.zeros(len(proba))
    return proba[:, model.labels.index("True")]


def _one_per_symmetric_pair(keys: list[tuple], kept: list[tuple]) -> list[tuple]:
    """A consultation between A and B is one event: of A→B and B→A with a symmetric root keep the likelier.

    (Keeping one event per pair whatever the roots lost recall in cross-validation: the annotations
    hold mutual acts between two actors in one sentence.)
    """
    best: dict[tuple, tuple] = {}
    out = []
    for item in kept:
        src, tgt = keys[item[0]]
        if item[1] in SYMMETRIC_ROOTS and tgt is not None:
            pair = (item[1], frozenset((src, tgt)))
            if pair not in best or best[pair][2] < item[2]:
                best[pair] = item
            continue
        out.append(item)
    return sorted(out + list(best.values()))


def featurize_sentence(sent, lang: str, sentence_index: int, mentions: list, triggers: list,
                       rule_events: list, context: list = ()) -> list[Candidate]:
    """Candidates of one sentence with their feature dicts (shared by training and coding)."""
    cands = sentence_candidates(sentence_index, mentions, context)
    if not cands:
        return []
    flags = sentence_flag_features(sent, lang, *_flag_words(lang))
    n_actors = sum(1 for c in cands if c.target is None and not c.source.outside)
    for c in cands:
        c.features = candidate_features(c, sent, lang, triggers, rule_events, n_actors)
        c.features.update(flags)
    return cands


@lru_cache(maxsize=4)
def _flag_words(lang: str):
    return (NEGATIONS.get(lang, set()), SPEECH_VERBS.get(lang, set()), SPEECH_PHRASES.get(lang, ()),
            KONJUNKTIV_I if lang == "de" else set(), MODALITY.get(lang, {}))


@lru_cache(maxsize=8)
def load_coder(spec: str | None) -> LearnedCoder | None:
    """The coder a run uses: ``None``/"default" = the shipped one, "rules" = none (rule tier), else a folder."""
    if spec == "rules":
        return None
    folder = shipped_coder_dir() if spec in (None, "", "default") else Path(spec)
    return LearnedCoder(folder)
