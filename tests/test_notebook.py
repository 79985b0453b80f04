"""notebooks/explore.ipynb runs on the sample corpus output and draws its plot."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT
from tests.corpus_output import corpus_output

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_runs_and_plots(monkeypatch: pytest.MonkeyPatch) -> None:
    # the kernel inherits the environment: DELIB_OUT tells the notebook where the tables are
    monkeypatch.setenv("DELIB_OUT", str(corpus_output()))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1 and len(images[0]["data"]["image/png"]) > 1000
    text = "".join(o.get("text", "") for o in outputs)
    assert str(corpus_output()) in text  # it read the folder it was given
    assert os.environ["DELIB_OUT"] == str(corpus_output())
