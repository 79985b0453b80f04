"""Kill ``delib ingest -j 2`` with SIGKILL or SIGTERM at several moments: its workers die
with it, nothing keeps the folder locked, and a run started at once succeeds with the
tables of an uninterrupted run. A lock left by a dead run is taken over."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pipeline.commit import CRASH_ENV, WORK_DIR
from pipeline.ingest import ingest
from pipeline.lock import IngestLockedError
from pipeline.lock import locked as _locked
from tests.conftest import COUTHENANS, RAW, ROOT
from tests.test_batch import snapshot, tables_only

FILES = [*COUTHENANS[:2], RAW / "lot_politique-usages-tic_presentation.txt"]


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in FILES:
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The input folder (one for all, so source paths match) and its uninterrupted tables."""
    base = tmp_path_factory.mktemp("kill")
    src = _corpus(base / "in")
    ingest([src], base / "reference")
    return src, tables_only(snapshot(base / "reference"))


def _start(src: Path, out: Path, marker: str, crash_at: str | None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DELIB_TEST_RUN": marker}
    env.pop(CRASH_ENV, None)
    if crash_at:
        env[CRASH_ENV] = crash_at
    cmd = [sys.executable, "-m", "pipeline.cli", "ingest", str(src), "--out", str(out), "-q"]
    return subprocess.Popen(
        [*cmd, "-j", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _processes_of(marker: str) -> list[int]:
    """Live processes (the run and every worker it forked) carrying ``marker``."""
    found = []
    needle = f"DELIB_TEST_RUN={marker}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def _wait_for_workers(proc: subprocess.Popen, marker: str) -> None:
    """Until the run has forked its workers (at least one process besides itself)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if len([p for p in _processes_of(marker) if p != proc.pid]) >= 1:
            return
        time.sleep(0.05)
    raise AssertionError("the run forked no worker")


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
@pytest.mark.parametrize("moment", ["reading", "staged:1", "commit:1"])
def test_kill_then_run_again_at_once(
    tmp_path: Path, corpus: tuple[Path, dict[str, bytes]], sig: signal.Signals, moment: str
) -> None:
    src, reference = corpus
    out = tmp_path / "out"
    marker = uuid.uuid4().hex
    if moment == "reading":
        proc = _start(src, out, marker, None)
        _wait_for_workers(proc, marker)
        proc.send_signal(sig)
    else:
        proc = _start(src, out, marker, f"{moment}:{sig.name}")
    proc.communicate(timeout=300)
    assert proc.returncode == -sig, "the run was not killed where asked"
    deadline = time.monotonic() + 10
    while _processes_of(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_of(marker) == [], "workers outlived their run"
    again = _start(src, out, uuid.uuid4().hex, None)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert tables_only(snapshot(out)) == reference


def test_a_live_run_keeps_its_lock(tmp_path: Path) -> None:
    work = tmp_path / "out" / WORK_DIR
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path\n"
            "from pipeline.lock import locked as _locked\n"
            f"with _locked(Path({str(work)!r})):\n    print('held', flush=True); time.sleep(60)",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        with pytest.raises(IngestLockedError, match=f"pid {holder.pid}"), _locked(work):
            pass
    finally:
        holder.kill()
        holder.wait()
    with _locked(work):  # its death freed the lock
        pass


def test_a_lock_held_for_a_dead_run_is_taken_over(tmp_path: Path) -> None:
    """Leftovers of a run (say, workers of an older delib) hold the lock; the run they
    belonged to is gone: the next run takes the lock over."""
    work = tmp_path / "out" / WORK_DIR
    work.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (work / "lock").write_text(f"{dead.stdout.strip()} 1\n")
    leftover = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"fh = open({str(work / 'lock')!r}, 'a'); fcntl.flock(fh, fcntl.LOCK_EX)\n"
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert leftover.stdout is not None and leftover.stdout.readline() == b"held\n"
        with _locked(work):
            assert (work / "lock").read_text().split()[0] == str(os.getpid())
    finally:
        leftover.kill()
        leftover.wait()
