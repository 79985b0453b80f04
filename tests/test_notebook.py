"""notebooks/explore.ipynb, executed as a user would: `jupyter nbconvert --execute` from the
notebooks/ folder of a checkout, with no environment variable pointing at the data.

The checkout is a copy (pyproject.toml, notebooks/, data/processed → the corpus output) so
the test neither needs nor touches the real data/processed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from tests.conftest import ROOT
from tests.corpus_output import corpus_output

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def checkout(tmp_path: Path, with_data: bool) -> Path:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "notebooks").mkdir()
    shutil.copy(NOTEBOOK, tmp_path / "notebooks")
    if with_data:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "processed").symlink_to(corpus_output())
    return tmp_path / "notebooks"


def nbconvert(cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DELIB_OUT")}
    jupyter = Path(sys.executable).with_name("jupyter")
    command = ["nbconvert", "--to", "notebook", "--execute", "--output", "run.ipynb"]
    return subprocess.run(
        [str(jupyter), *command, "explore.ipynb"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_notebook_runs_from_its_folder_and_answers(tmp_path: Path) -> None:
    folder = checkout(tmp_path, with_data=True)
    result = nbconvert(folder)
    assert result.returncode == 0, result.stderr[-3000:]
    nb = nbformat.read(folder / "run.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/html", "") for o in outputs)
    assert "7 sessions, 19 extracts, 61 votes" in text
    # votes: the rejected item (5 pour, 6 contre) comes first
    votes_html = outputs[1]["data"]["text/html"]
    first_row = votes_html.split("<tbody>")[1].split("</tr>")[0]
    assert "Réglementation des questions diverses" in first_row and "rejected" in first_row
    assert "<td>5</td>" in first_row and "<td>6</td>" in first_row
    # a session's roster, the members' timeline, loans apart, findings with evidence
    assert "Maryline LECESTRE" in text and "Marielle SAUGET" in text
    assert "emprunt" in text and "QOS Télécom" in text
    assert "money.sum" in text and "écart de 0,17 €" in text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1 and len(images[0]["data"]["image/png"]) > 1000


def test_notebook_without_data_says_what_to_run(tmp_path: Path) -> None:
    result = nbconvert(checkout(tmp_path, with_data=False))
    assert result.returncode != 0
    assert "DataFolderError" in result.stderr and "delib ingest" in result.stderr
