"""The examples in the docstrings run and give what they show (they are documentation users copy)."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    ("diplokg." if pkg != "diplokg" else "") + pkg + ("" if f.stem == "__init__" else "." + f.stem)
    for pkg in ("core", "graph", "extractors", "ontology", "diplokg")
    for f in (ROOT / pkg).glob("*.py") if f.stem != "__main__")


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples failed in {name}"
