"""The shape of the code, checked from its own imports (issue 16): no import circle, no upward arrow
between the layers (core <- ontology <- extractors, graph <- the application), no module above 800
lines, no function above 80 lines, and no ``_private`` name imported from another file.

The source folders are read as they are installed (``core/`` is ``diplokg.core``, ``graph/`` is
``diplokg.graph`` ...), from the files themselves, without importing them.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"core": "diplokg.core", "ontology": "diplokg.ontology", "extractors": "diplokg.extractors",
            "graph": "diplokg.graph", "diplokg": "diplokg"}
# lower layers never import higher ones; the application's settings (config) may be imported by any stage
LAYER = {"diplokg.core": 0, "diplokg.ontology": 1, "diplokg.extractors": 2, "diplokg.graph": 2, "diplokg": 3}
SHARED_APP_MODULES = {"diplokg", "diplokg.config"}
MAX_MODULE_LINES = 80 * 10
MAX_FUNCTION_LINES = 80


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """Dotted module name (as installed) -> source file, for every product module."""
    out: dict[str, Path] = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join((package, *parts))] = path
    return out


def _package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _resolve(importer: str, path: Path, node: ast.ImportFrom) -> list[tuple[str, str]]:
    """(module, imported name) pairs of one ``from ... import ...``, restricted to our modules."""
    known = modules()
    if node.level:
        base = _package_of(importer, path).split(".")
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target not in known:
        return []
    return [(f"{target}.{a.name}" if f"{target}.{a.name}" in known else target, a.name) for a in node.names]


@lru_cache(maxsize=1)
def imports() -> dict[str, set[tuple[str, str, int]]]:
    """Module -> {(imported module, imported name, line)}: every import of ours, local ones included."""
    known = modules()
    out: dict[str, set[tuple[str, str, int]]] = {}
    for name, path in known.items():
        found: set[tuple[str, str, int]] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                found |= {(mod, alias, node.lineno) for mod, alias in _resolve(name, path, node)}
            elif isinstance(node, ast.Import):
                found |= {(a.name, "", node.lineno) for a in node.names if a.name in known}
        out[name] = {f for f in found if f[0] != name}
    return out


def _layer(module: str) -> tuple[str, int]:
    package = next(p for p in sorted(LAYER, key=len, reverse=True) if module == p or module.startswith(p + "."))
    return package, LAYER[package]


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    graph = {m: {t for t, _, _ in targets} for m, targets in imports().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _in_graph(module: str) -> bool:
    return module == "diplokg.graph" or module.startswith("diplokg.graph.")


def test_the_layout_is_read():
    names = modules()
    assert "diplokg.core.errors" in names and "diplokg.cli" in names and "diplokg.graph.rdf.store" in names
    assert ("diplokg.core.records", "Actor") in {(m, a) for m, a, _ in imports()["diplokg.ontology.gazetteer"]}


def test_no_import_cycle_outside_graph():
    cycles = [c for c in _cycles() if not all(_in_graph(m) for m in c)]
    assert cycles == []


def test_no_import_cycle_in_graph():
    assert [c for c in _cycles() if all(_in_graph(m) for m in c)] == []


def test_cycles_are_found():
    """The cycle finder itself: a circle planted in the import table is reported."""
    table = imports()
    saved = dict(table)
    try:
        table["diplokg.core.errors"] = saved["diplokg.core.errors"] | {("diplokg.core.records", "x", 1)}
        table["diplokg.core.records"] = saved["diplokg.core.records"] | {("diplokg.core.errors", "y", 1)}
        assert ["diplokg.core.errors", "diplokg.core.records"] in _cycles()
    finally:
        table.clear()
        table.update(saved)


def test_no_upward_import():
    upward = []
    for module, targets in imports().items():
        package, layer = _layer(module)
        for target, name, line in targets:
            if target in SHARED_APP_MODULES and package != "diplokg.core":
                continue
            target_package, target_layer = _layer(target)
            if target_layer > layer or (target_layer == layer and target_package != package):
                upward.append(f"{module}:{line} imports {target}")
    # extractors and graph sit side by side: neither imports the other
    assert upward == []


def test_core_imports_nothing_of_ours_but_core():
    assert {t for m, ts in imports().items() if m.startswith("diplokg.core") for t, _, _ in ts
            if not t.startswith("diplokg.core")} == set()


def test_no_private_name_imported_from_another_file():
    crossing = [f"{m}:{line} imports {name} from {t}" for m, ts in imports().items() if not _in_graph(m)
                for t, name, line in ts if name.startswith("_") and not name.startswith("__")]
    assert crossing == []


def _product_files(in_graph: bool) -> list[tuple[str, Path]]:
    return [(m, p) for m, p in modules().items() if _in_graph(m) == in_graph]


def _long_modules(in_graph: bool) -> list[str]:
    out = []
    for module, path in _product_files(in_graph):
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_MODULE_LINES:
            out.append(f"{module}: {n} lines")
    return out


def _long_functions(in_graph: bool) -> list[str]:
    out = []
    for module, path in _product_files(in_graph):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    out.append(f"{module}.{node.name}: {n} lines")
    return out


def test_no_module_above_800_lines_outside_graph():
    assert _long_modules(in_graph=False) == []


def test_no_function_above_80_lines_outside_graph():
    assert _long_functions(in_graph=False) == []


def test_no_module_above_800_lines_in_graph():
    assert _long_modules(in_graph=True) == []


def test_no_function_above_80_lines_in_graph():
    assert _long_functions(in_graph=True) == []


def test_size_checks_see_long_code(tmp_path, monkeypatch):
    """The size checks themselves: a planted 900-line module with a 100-line function is reported."""
    body = "\n".join(f"    x{i} = {i}" for i in range(100))
    planted = tmp_path / "planted.py"
    planted.write_text(f"def long():\n{body}\n" + "\n" * 800, encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "_product_files", lambda in_graph: [("diplokg.planted", planted)])
    assert _long_modules(False) == ["diplokg.planted: 901 lines"]
    assert _long_functions(False) == ["diplokg.planted.long: 101 lines"]
