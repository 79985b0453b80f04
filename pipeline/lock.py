"""The output folder's lock, held for a whole run, and the run's log file.

Two runs writing to one output folder would mix their commits: a run holds
``OUT/.delib/lock`` from start to end (:func:`locked`), and writes what it does to
``OUT/logs/ingest-<UTC time>-<pid>.log`` (:func:`run_log`).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from delib.errors import IngestLockedError

LOG_DIR = "logs"

log = logging.getLogger("delib.ingest")


_held_lock: int | None = None  # fd of the output folder's lock while a run holds it


def _close_lock_in_child() -> None:
    # A forked worker must not hold the lock: flock belongs to the open file, shared
    # by every process that has it, so a worker left alive would keep the folder locked.
    global _held_lock
    if _held_lock is not None:
        with contextlib.suppress(OSError):
            os.close(_held_lock)
        _held_lock = None


os.register_at_fork(after_in_child=_close_lock_in_child)


@contextlib.contextmanager
def locked(work: Path) -> Iterator[None]:
    """Hold ``work/lock`` for the run; the file names the holder (pid and start time).

    The kernel frees the lock when the run dies, whatever killed it. If the lock is
    still held but the process the file names is gone (leftover processes of a run
    killed by an older delib), the lock file is replaced and taken over; a lock held
    by a live run, or by a holder that left no name, is refused.
    """
    global _held_lock
    work.mkdir(parents=True, exist_ok=True)
    fh = _acquire(work / "lock")
    _held_lock = fh.fileno()
    try:
        yield
    finally:
        _held_lock = None
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()  # a clean end leaves no holder's name behind
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def _acquire(path: Path) -> Any:
    for _ in range(5):
        fh = path.open("a+", encoding="ascii")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fh)
            fh.close()
            if holder is None or _alive(*holder):
                who = f" (pid {holder[0]})" if holder else ""
                raise IngestLockedError(
                    f"another delib ingest{who} is writing to {path.parent.parent}; "
                    "wait for it to finish"
                ) from None
            log.warning("taking over the lock of run %d, which is no longer running", holder[0])
            tmp = path.with_name(f".lock.{os.getpid()}.tmp")
            tmp.write_text("", encoding="ascii")
            os.replace(tmp, path)  # the leftovers keep a lock on a file no one uses
            continue
        if os.fstat(fh.fileno()).st_ino != path.stat().st_ino:
            fh.close()  # replaced by a takeover meanwhile: lock the file now in place
            continue
        previous = _lock_holder(fh)
        if previous and not _alive(*previous):
            log.warning("run %d ended without releasing %s; taking over", previous[0], path)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()} {_start_time(os.getpid())}\n")
        fh.flush()
        return fh
    raise IngestLockedError(f"could not lock {path}: other runs keep replacing it; try again")


def _lock_holder(fh: Any) -> tuple[int, int | None] | None:
    """(pid, start time) written in the lock file by its holder, if any."""
    fh.seek(0)
    parts = fh.read(100).split()
    if not parts or not parts[0].isdigit():
        return None
    start = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    return int(parts[0]), start


def _start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot): a pid reused later differs."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return None if fields[0] == "Z" else int(fields[19])
    except (OSError, IndexError, ValueError):
        return None


def _alive(pid: int, start: int | None = None) -> bool:
    """Whether process ``pid`` (started at ``start``, when known) is still running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    now = _start_time(pid)
    if now is None:
        return not Path("/proc/self/stat").exists()  # zombie, or no /proc to tell
    return start is None or now == start


@contextlib.contextmanager
def run_log(out_dir: Path) -> Iterator[Path]:
    """A log file for this run: OUT/logs/ingest-<UTC time>-<pid>.log."""
    # microseconds: two runs in one second (scripts, tests) get two logs
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = out_dir / LOG_DIR / f"ingest-{stamp}-{os.getpid()}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    previous = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield path
    finally:
        log.removeHandler(handler)
        log.setLevel(previous)
        handler.close()
