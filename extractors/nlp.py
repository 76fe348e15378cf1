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
            return ModelChoice(lang, str(Path(spec).expanduser().resolve()), f"path {source}", given=spec)
        if spacy.util.is_package(spec):
            return ModelChoice(lang, spec, f"installed package {source}")
        raise ValueError(f"model {spec!r} for {lang!r} ({source}) is neither an installed spaCy package "
                         f"nor an existing path; install one with: {INSTALL_HINT.get(lang, 'spacy download')}")
    for name in KNOWN_MODELS.get(lang, ()):
        if spacy.util.is_package(name):
            return ModelChoice(lang, name, "installed package found by name")
    return ModelChoice(lang, None, f"no model installed; for better recall: {INSTALL_HINT.get(lang, '')}")


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
