"""Every notebook in notebooks/ runs top to bottom without an error (on a copy: outputs are not written back).

The kernel is this interpreter (``sys.executable -m ipykernel_launcher``), whatever kernels
are installed for the user, so the notebooks see the same diplokg as the tests. The working
directory is ``notebooks/``, as when a user opens them in Jupyter.
"""
from __future__ import annotations

import copy
import json
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 600


def this_python_kernel(tmp_path: Path):
    """A kernel manager whose kernel is ``sys.executable`` (a private kernelspec in ``tmp_path``)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    spec_dir = tmp_path / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (diplokg tests)",
        "language": "python",
        "metadata": {"debugger": False},
    }), encoding="utf-8")
    ksm = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=ksm)


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"01_quickstart.ipynb", "02_corpus_analysis.ipynb", "03_sparql_cookbook.ipynb"} <= names


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path):
    original = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "notebooks declare the python3 kernel"
    work = copy.deepcopy(nb)
    # first cell of the copy: prove which interpreter runs the notebook
    work.cells.insert(0, nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = nbclient.NotebookClient(
        work,
        km=this_python_kernel(tmp_path),
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    started = time.perf_counter()
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name} failed:\n{exc}")
    elapsed = time.perf_counter() - started
    executable = "".join(o.get("text", "") for o in work.cells[0].outputs).strip()
    assert Path(executable).resolve() == Path(sys.executable).resolve()
    errors = [o for c in work.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    assert path.read_bytes() == original, "executing must not write to the notebook"
    print(f"{path.name}: {elapsed:.1f} s")
