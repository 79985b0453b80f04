"""Every path the walk meets gets a status: unlisted folders, broken links and link
loops are rows with the status ``unreadable`` and the reason (pipeline/walk.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.store import read_table
from pipeline.walk import walk
from tests.conftest import RAW

GOOD = RAW / "lot_politique-usages-tic_presentation.txt"


def _tree(root: Path) -> Path:
    (root / "sub" / "locked").mkdir(parents=True)
    shutil.copy(GOOD, root / "sub" / "good.txt")
    shutil.copy(GOOD, root / "sub" / "locked" / "hidden-from-us.txt")
    (root / "sub" / "broken.txt").symlink_to(root / "nowhere.txt")
    (root / "sub" / "loop").symlink_to(root / "sub")  # a folder link back to its parent
    (root / "self.pdf").symlink_to(root / "self.pdf")  # a link to itself
    (root / "linked.txt").symlink_to(root / "sub" / "good.txt")  # fine: the same file
    return root


@pytest.fixture
def unlistable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders named "locked" cannot be listed (chmod 000 does not stop root)."""
    real = os.scandir

    def scandir(path: os.PathLike[str] | str | int) -> object:
        if isinstance(path, str | os.PathLike) and Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_walk_reports_what_it_cannot_follow(tmp_path: Path, unlistable: None) -> None:
    root = _tree(tmp_path / "in")
    files, problems = walk([root])
    assert files == [root / "linked.txt"]  # sub/good.txt is the same file, kept once
    why = {p.path.relative_to(root).as_posix(): p.message for p in problems}
    assert set(why) == {"self.pdf", "sub/broken.txt", "sub/locked", "sub/loop"}
    assert why["sub/broken.txt"].startswith("lien symbolique vers rien")
    assert why["self.pdf"].startswith("boucle de liens symboliques")
    assert why["sub/loop"].startswith("boucle de liens symboliques")
    assert "Permission denied" in why["sub/locked"]


def test_ingest_gives_every_path_a_row(tmp_path: Path, unlistable: None) -> None:
    root = _tree(tmp_path / "in")
    out = tmp_path / "out"
    report = ingest([root], out)
    status = {
        Path(r.document["source_path"]).relative_to(root).as_posix(): r.document["status"]
        for r in report
    }
    assert status == {
        "linked.txt": "ok",
        "self.pdf": "unreadable",
        "sub/broken.txt": "unreadable",
        "sub/locked": "unreadable",
        "sub/loop": "unreadable",
    }
    stored = {d["source_path"]: d["status"] for d in read_table(out, "documents").to_pylist()}
    assert sorted(stored.values()) == ["ok"] + ["unreadable"] * 4
    again = ingest([root], out)  # checked again each run, and still said
    assert sorted(r.document["status"] for r in again) == ["ok"] + ["unreadable"] * 4
