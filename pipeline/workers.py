"""Worker processes that obey a time and memory budget per task and die with their parent.

A document is untrusted input: an 8 KiB PDF can inflate to gigabytes, a one-line
text can keep an extractor busy for minutes. A thread cannot be stopped and a process
pool cannot stop one task, so each worker here is a plain forked process that runs
one task at a time while the parent watches it: past the time budget, or past the
memory budget (its resident set, read from ``/proc``), the worker is killed, the task
is reported through ``on_limit`` (``timeout`` or ``too_large``) and a fresh worker
takes the next task. The rest of the batch goes on and is committed.

Inside the worker, an address-space backstop (``RLIMIT_DATA``, the worker's heap at
start plus the budget) turns an allocation burst the parent could not see in time
into a ``MemoryError``, reported as ``too_large`` as well.

A worker never outlives the run that started it, whatever signal ends the parent:
on Linux the kernel kills it when the parent dies (``PR_SET_PDEATHSIG``), and a
watchdog thread checks the parent's pid every second elsewhere. Orphans used to live
on for minutes holding memory and, with them, the output folder's lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from delib.errors import LimitError

T = TypeVar("T")
R = TypeVar("R")

log = logging.getLogger("delib.ingest")

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
POLL_SECONDS = 0.05  # how often the parent looks at the clock and the workers' memory
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Limits:
    """The budget of one task: wall-clock seconds and resident bytes (None: no limit)."""

    seconds: float | None = 120.0
    # under issue 13's ceiling of 1 GiB per worker, with room for the overshoot of one
    # poll (a flate bomb was stopped 4 MiB past the limit); the largest real document
    # read so far (a 1 941-page register) peaks at about 540 MiB, a 2 M-character line
    # at about 400 MiB
    memory: int | None = 960 << 20

    @property
    def any(self) -> bool:
        return self.seconds is not None or self.memory is not None


DEFAULT_LIMITS = Limits()
NO_LIMITS = Limits(None, None)


# --- in the worker ----------------------------------------------------------------------


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when ``parent_pid`` does, whatever ends it (even SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog below still works
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:  # re-parented: the run is gone
            os.kill(os.getpid(), signal.SIGKILL)


def _cap_memory(budget: int | None) -> None:
    """RLIMIT_DATA = this process's private memory now + ``budget`` (a backstop)."""
    if budget is None or not hasattr(resource, "RLIMIT_DATA"):
        return
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            data = next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("VmData:"))
        _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        cap = data + budget
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    except (OSError, StopIteration, ValueError):
        pass


def _worker_main(fn: Callable[[Any], Any], conn: Connection, parent_pid: int, memory: int | None):
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _cap_memory(memory)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if message is None:
            os._exit(0)
        index, task = message
        try:
            reply: tuple[str, Any] = ("ok", fn(task))
        except MemoryError:
            reply = ("memory", None)
        except BaseException as exc:  # re-raised in the parent, as a pool would
            reply = ("raise", exc)
        try:
            conn.send((index, reply))
        except MemoryError:
            conn.send((index, ("memory", None)))
        except Exception as exc:  # an unpicklable exception or result
            conn.send((index, ("raise", RuntimeError(f"worker could not send: {exc!r}"))))


# --- in the parent ----------------------------------------------------------------------


def rss(pid: int) -> int:
    """Resident bytes of process ``pid`` (0 when it is gone or /proc is missing)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


class _Worker:
    def __init__(self, context: Any, fn: Callable[[Any], Any], memory: int | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(fn, child, os.getpid(), memory), daemon=True
        )
        self.process.start()
        child.close()
        self.index: int | None = None
        self.started = 0.0

    def submit(self, index: int, task: Any) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send((index, task))

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(1)
        self.stop()


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def run_limited(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    order: list[int],
    workers: int,
    limits: Limits,
    on_crash: Callable[[T, str], R],
    on_limit: Callable[[T, LimitError], R] | None = None,
) -> Iterator[R]:
    """Yield ``fn(task)`` for every task, each as soon as it is done.

    ``workers`` processes take the tasks in ``order``, one at a time each. A task past
    ``limits`` is stopped with its worker and yields ``on_limit(task, error)`` (or
    ``on_crash`` without it); one whose worker died yields ``on_crash(task, message)``.
    An exception raised by ``fn`` is raised here, as from a process pool.
    """
    context = _context()
    waiting = deque(order)
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    try:
        while waiting or busy:
            while waiting and len(busy) < workers:
                worker = idle.pop() if idle else _Worker(context, fn, limits.memory)
                i = waiting.popleft()
                worker.submit(i, tasks[i])
                busy.append(worker)
            ready = set(
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy], POLL_SECONDS)
            )
            for worker in list(busy):
                index = worker.index
                assert index is not None
                task = tasks[index]
                if worker.conn in ready or worker.process.sentinel in ready:
                    reply = _receive(worker)
                    busy.remove(worker)
                    if reply is None:  # died without a word: killed, crashed
                        worker.stop()
                        log.error("worker died on task %d; the batch goes on", index)
                        yield on_crash(task, "the worker process died reading this file")
                        continue
                    kind, value = reply
                    if kind == "memory":  # its heap is a wreck: a fresh worker goes on
                        worker.stop()
                        heap = LimitError("too_large", _memory_message(limits, None))
                        yield on_limit(task, heap) if on_limit else on_crash(task, heap.message)
                        continue
                    idle.append(worker)
                    if kind == "raise":
                        raise value
                    yield value
                    continue
                error = _over_budget(worker, limits)
                if error is not None:
                    busy.remove(worker)
                    worker.stop()  # killed: a fresh worker takes the next task
                    log.error("task %d stopped: %s", index, error.message)
                    yield on_limit(task, error) if on_limit else on_crash(task, error.message)
    finally:
        for worker in idle:
            worker.close()
        for worker in busy:
            worker.stop()


def _receive(worker: _Worker) -> tuple[str, Any] | None:
    try:
        if not worker.conn.poll():
            return None
        _, reply = worker.conn.recv()
    except (EOFError, OSError):
        return None
    return reply


def _over_budget(worker: _Worker, limits: Limits) -> LimitError | None:
    elapsed = time.monotonic() - worker.started
    if limits.seconds is not None and elapsed > limits.seconds:
        return LimitError(
            "timeout",
            f"arrêté après {elapsed:.0f} s : au-delà de la limite de temps par document "
            f"({limits.seconds:g} s, delib ingest --time-limit)",
        )
    if limits.memory is not None:
        resident = rss(worker.process.pid or 0)
        if resident > limits.memory:
            return LimitError("too_large", _memory_message(limits, resident))
    return None


def _memory_message(limits: Limits, resident: int | None) -> str:
    used = f" à {resident / 2**20:.0f} Mio" if resident else ""
    budget = f"{limits.memory / 2**20:.0f} Mio" if limits.memory else "mémoire"
    return (
        f"arrêté{used} : au-delà de la limite de mémoire par document ({budget}, "
        "delib ingest --memory-limit)"
    )
