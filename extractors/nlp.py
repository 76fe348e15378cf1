"""One spaCy pipeline per language: an installed model, a model path, or the rule tier.

The rule tier (no statistical model) is a blank pipeline with a sentence
splitter; lemmas and argument roles then come from lookup rules and word order,
so recall is lower. :func:`resolve_model` says which tier runs and why.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..core.errors import ModelError

# Official pipelines, best first; users install them with `python -m spacy download NAME`.
KNOWN_MODELS = {
    "de": ("de_core_news_lg", "de_core_news_md", "de_core_news_sm", "de_dep_news_trf"),
    "en": ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf"),
}
INSTALL_HINT = {
    "de": "pip install de_core_news_md (or: python -m spacy download de_core_news_md)",
    "en": "pip install en_core_web_sm (or: python -m spacy download en_core_web_sm)",
}


@dataclass(frozen=True)
class ModelChoice:
    """Which pipeline a language will use, and why."""

    lang: str
    spec: str | None        # package name or resolved path; None for the rule tier
    reason: str
    given: str | None = None  # the spec as the user wrote it (shown in messages)

    @property
    def is_rule_tier(self) -> bool:
        return self.spec is None

    def describe(self) -> str:
        what = self.given or self.spec or "rule tier (blank pipeline, no parser/NER)"
        return f"{self.lang}: {what} — {self.reason}"


def resolve_model(lang: str, spec: str | None = None) -> ModelChoice:
    """Choose the pipeline for ``lang``: explicit spec, env var, installed package, or rules.

    >>> resolve_model("de", "rules").is_rule_tier
    True
    """
    if spec is None:
        env = os.environ.get(f"DIPLOKG_MODEL_{lang.upper()}")
        if env:
            spec, source = env, f"from DIPLOKG_MODEL_{lang.upper()}"
        else:
            source = ""
    else:
        source = "given with --model"
    if spec is not None:
        if spec.lower() in ("rules", "none", "blank"):
            return ModelChoice(lang, None, f"rule tier requested ({source})")
        if Path(spec).expanduser().exists():
            path = Path(spec).expanduser().resolve()
            _check_language(spec, lang, source, _folder_meta(spec, path))
            return ModelChoice(lang, str(path), f"path {source}", given=spec)
        if spacy.util.is_package(spec):
            _check_language(spec, lang, source, _package_meta(spec))
            return ModelChoice(lang, spec, f"installed package {source}")
        raise ModelError(_not_found(spec, lang, source))
    for name in KNOWN_MODELS.get(lang, ()):
        if spacy.util.is_package(name):
            return ModelChoice(lang, name, "installed package found by name")
    return ModelChoice(lang, None, f"no model installed; for better recall: {INSTALL_HINT.get(lang, '')}")


_OFFICIAL_NAME = re.compile(r"^[a-z]{2,3}_(?:core|dep)_[a-z]+_(?:sm|md|lg|trf)$")


def _looks_like_path(spec: str) -> bool:
    return any(sep in spec for sep in ("/", os.sep)) or spec.startswith((".", "~"))


def _not_found(spec: str, lang: str, source: str) -> str:
    """The one-line error for a model that is neither a folder nor an installed package, with the
    install step that fits what was given."""
    if _looks_like_path(spec):
        return f"model path {spec!r} for {lang!r} ({source}) does not exist"
    if _OFFICIAL_NAME.match(spec) and not spec.startswith(lang + "_"):
        return (f"model {spec!r} is a pipeline for {spec.split('_')[0]!r} but was given for {lang!r} ({source}); "
                f"give a {lang!r} pipeline, e.g. {KNOWN_MODELS.get(lang, ('a ' + lang + ' model',))[1]}")
    if _OFFICIAL_NAME.match(spec):
        how = f"python -m spacy download {spec}"
    else:
        how = f"pip install {spec} (if it is a packaged spaCy pipeline), or give the pipeline's folder"
    return f"model {spec!r} for {lang!r} ({source}) is not an installed spaCy package; install it with: {how}"


def _folder_meta(spec: str, path: Path) -> dict:
    """The meta.json of a pipeline folder; ValueError if the folder is not a spaCy pipeline."""
    if not (path / "config.cfg").is_file() or not (path / "meta.json").is_file():
        raise ModelError(f"model path {spec!r} is not a spaCy pipeline folder (no config.cfg and meta.json)")
    return spacy.util.load_meta(path / "meta.json")


def _package_meta(name: str) -> dict:
    """The meta.json of an installed pipeline package (at its top or in its versioned data folder)."""
    root = spacy.util.get_package_path(name)
    for meta in [root / "meta.json", *sorted(root.glob("*/meta.json"))]:
        if meta.is_file():
            return spacy.util.load_meta(meta)
    return {}


def _check_language(spec: str, lang: str, source: str, meta: dict) -> None:
    """ValueError when the pipeline's own language (``lang`` in its meta.json) is not ``lang``."""
    own = meta.get("lang")
    if own and own != lang:
        raise ModelError(f"model {spec!r} is a pipeline for {own!r} (its meta.json says lang={own!r}) but was "
                         f"given for {lang!r} ({source}); give a {lang!r} pipeline")


def check_model_languages(models: dict[str, str]) -> None:
    """ValueError for ``--model LANG=...`` naming a language diplokg does not read."""
    from .language import SUPPORTED

    for lang, spec in models.items():
        if lang not in SUPPORTED:
            raise ModelError(f"--model {lang}={spec}: language {lang!r} is not supported "
                             f"(supported: {', '.join(SUPPORTED)})")


def check_models(models: dict[str, str]) -> dict[str, ModelChoice]:
    """Every supported language's model choice, checked once before any article is read: a language
    diplokg does not read, a model that cannot be found or one for another language is a ValueError
    (one line), so a run never reports the same model error for every article."""
    from .language import SUPPORTED

    check_model_languages(models)
    return {lang: resolve_model(lang, models.get(lang)) for lang in SUPPORTED}


_NUMERAL_WITH_PERIOD = re.compile(r"^(?:[IVXL]+|[0-9]{1,3})\.$")
_YEAR_WITH_PERIOD = re.compile(r"^(?:1[89]|20)[0-9]{2}\.$")


@Language.component("diplokg_paragraphs")
def paragraph_boundaries(doc):
    """Start a sentence after every blank line so headlines never merge with the body, and after an
    ordinal numeral that ends a sentence ("... traf König Abdullah II. Bei dem Gespräch ..."): the
    tokenizer keeps the period on the numeral, so the sentencizer sees no sentence end; a capitalised
    function word after it starts a new sentence ("Abdullah II. besuchte" or "am 8. November" do not);
    so does any capitalised word after a year with its period ("im September 1939. Schetyna sagte").

    Runs before the parser, which respects preset boundaries.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
        elif token.text[-1] == "." and len(token.text) > 1:
            nxt = doc[token.i + 1]
            if nxt.text[:1].isupper() and not nxt.is_upper and (
                    (nxt.is_stop and _NUMERAL_WITH_PERIOD.match(token.text))
                    or _YEAR_WITH_PERIOD.match(token.text)):    # "im September 1939. Schetyna sagte"
                nxt.is_sent_start = True
    return doc


@lru_cache(maxsize=8)
def load_pipeline(lang: str, spec: str | None) -> Language:
    """Load (once per process) the pipeline for a language and model spec."""
    if spec is None:
        nlp = spacy.blank(lang)
        nlp.add_pipe("diplokg_paragraphs")
        nlp.add_pipe("sentencizer")
    else:
        nlp = spacy.load(spec)
        # Sentences from punctuation and paragraphs, set before the parser (which respects them):
        # small parsers split sentences at odd places and that breaks clauses apart.
        first = next((name for name in ("parser", "senter", "ner") if name in nlp.pipe_names), None)
        if first:
            nlp.add_pipe("sentencizer", name="diplokg_sentencizer", before=first)
            nlp.add_pipe("diplokg_paragraphs", after="diplokg_sentencizer")
        else:
            nlp.add_pipe("sentencizer", name="diplokg_sentencizer")
            nlp.add_pipe("diplokg_paragraphs")
    nlp.max_length = 6_000_000
    return nlp


def model_label(nlp: Language) -> str:
    """A short "name version" label of a pipeline for provenance."""
    meta = nlp.meta or {}
    name = meta.get("name", "blank")
    lang = meta.get("lang", nlp.lang)
    if name == "pipeline" or not name:
        return f"{lang} blank (rule tier)"
    return f"{lang}_{name} {meta.get('version', '')}".strip()
