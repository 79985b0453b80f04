"""Time and memory budget per document: a document past it is stopped (its worker
killed), recorded as ``timeout`` or ``too_large``, and the batch commits the rest."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

import pipeline.tasks as ingest_module
from pipeline.executors import run_tasks
from pipeline.ingest import ingest
from pipeline.store import read_table
from pipeline.workers import LimitError, Limits, rss
from tests.conftest import RAW, REGISTER_2022

SMALL_TEXT = RAW / "lot_politique-usages-tic_presentation.txt"


def _behave(task: str) -> str:
    if task == "stall":
        time.sleep(60)
    if task == "balloon":
        hog = b"x" * (400 << 20)  # written, so resident
        time.sleep(60)
        return str(len(hog))
    if task == "raise":
        raise ValueError("a bug in a task")
    return task


def _limited(task: str, error: LimitError) -> str:
    return f"{error.status}:{task}"


def test_a_task_past_its_time_budget_is_stopped_and_the_others_go_on() -> None:
    start = time.monotonic()
    out = list(
        run_tasks(
            _behave,
            ["a", "stall", "b", "c"],
            workers=2,
            on_crash=lambda t, m: f"crash:{t}",
            limits=Limits(seconds=1.0, memory=None),
            on_limit=_limited,
        )
    )
    assert sorted(out) == ["a", "b", "c", "timeout:stall"]
    assert time.monotonic() - start < 30  # not the 60 s of the stalled task


def test_a_task_past_its_memory_budget_is_stopped() -> None:
    budget = rss(os.getpid()) + (150 << 20)  # the forked worker starts at the parent's size
    out = list(
        run_tasks(
            _behave,
            ["balloon", "a"],
            workers=1,
            on_crash=lambda t, m: f"crash:{t}",
            limits=Limits(seconds=None, memory=budget),
            on_limit=_limited,
        )
    )
    assert sorted(out) == ["a", "too_large:balloon"]


def test_one_worker_with_a_budget_still_runs_in_a_process() -> None:
    out = list(
        run_tasks(
            _behave,
            ["stall", "a"],
            workers=1,
            on_crash=lambda t, m: f"crash:{t}",
            limits=Limits(seconds=0.5, memory=None),
            on_limit=_limited,
        )
    )
    assert out == ["timeout:stall", "a"]


def test_an_exception_of_a_task_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="a bug in a task"):
        list(run_tasks(_behave, ["raise", "a"], workers=2, on_crash=lambda t, m: m))


@pytest.fixture
def stalling_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files named stall* never finish, balloon* grow past any budget (forked workers
    inherit the patch)."""
    real = ingest_module.process_document

    def patched(path: Path, **kwargs: object) -> ingest_module.DocumentResult:
        if path.name.startswith("stall"):
            time.sleep(60)
        if path.name.startswith("balloon"):
            hog = b"x" * (400 << 20)
            time.sleep(60)
            del hog
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "process_document", patched)


def test_ingest_records_timeout_and_too_large_and_commits_the_rest(
    stalling_documents: None, tmp_path: Path
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REGISTER_2022, src / REGISTER_2022.name)
    shutil.copy(SMALL_TEXT, src / "stall.txt")
    (src / "balloon.txt").write_text("Ballon\n" + SMALL_TEXT.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    limits = Limits(seconds=8.0, memory=rss(os.getpid()) + (200 << 20))
    report = ingest([src], out, workers=2, limits=limits)
    status = {Path(r.document["source_path"]).name: r.document for r in report}
    assert status[REGISTER_2022.name]["status"] == "ok"
    assert status["stall.txt"]["status"] == "timeout"
    assert "limite de temps" in status["stall.txt"]["error"]
    assert status["balloon.txt"]["status"] == "too_large"
    assert "limite de mémoire" in status["balloon.txt"]["error"]
    stored = {
        Path(d["source_path"]).name: d["status"] for d in read_table(out, "documents").to_pylist()
    }
    assert stored == {REGISTER_2022.name: "ok", "stall.txt": "timeout", "balloon.txt": "too_large"}
    assert len(read_table(out, "deliberations")) > 0  # the good register's rows are in
    # same budget: the stopped documents are not tried again; another budget: they are
    again = ingest([src], out, workers=2, limits=limits)
    assert all(r.skipped for r in again)
    wider = ingest([src / "stall.txt"], tmp_path / "out", limits=Limits(seconds=0.5, memory=None))
    assert not wider[0].skipped and wider[0].document["status"] == "timeout"
