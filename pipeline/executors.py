"""Where documents are read: in this process, in a process pool, or on a Dask cluster.

Every executor runs the same picklable function on each task and yields the outputs
*in task order*, whatever order they finish in, so the run is the same with any
number of workers. At most ``window`` tasks are in flight: an archive of tens of
thousands of files never has all its results in memory at once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Literal, TypeVar

T = TypeVar("T")
R = TypeVar("R")
ExecutorName = Literal["local", "dask"]

log = logging.getLogger("delib.ingest")


def default_workers() -> int:
    """The cores this process may run on (not the machine's total under a CPU quota)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _load_nlp() -> None:
    """Load the spaCy model and the French lexicon once in this process (no-ops if loaded)."""
    start = time.perf_counter()
    try:
        from parsers.lexicon import default_lexicon
        from parsers.nlp import get_nlp

        default_lexicon()  # ~0.5 s: the normaliser's word list, shared by forked workers
        get_nlp()
    except Exception as exc:  # the documents that need it will fail with the reason
        log.warning("spaCy model not loaded in process %d: %s", os.getpid(), exc)
        return
    seconds = time.perf_counter() - start
    if seconds > 0.05:  # a real load, not the cached model
        log.info("spaCy model loaded in %.1f s (process %d)", seconds, os.getpid())


def _init_worker() -> None:
    """Process-pool initializer: load the model before the first document."""
    _load_nlp()


def run_ordered(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    *,
    workers: int = 1,
    executor: ExecutorName = "local",
    scheduler: str | None = None,
    on_crash: Callable[[T, str], R],
    window: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(task)`` for every task, in order.

    ``executor="local"`` with one worker runs in this process; with more, in a
    process pool whose workers load the spaCy model once. ``executor="dask"`` submits
    to the Dask scheduler at ``scheduler`` (``tcp://host:8786``); its workers must see
    the input files at the same paths. ``on_crash(task, message)`` makes the output
    of a task whose worker died (out of memory, killed): the batch goes on.
    """
    if not tasks:
        return
    if executor == "dask":
        if not scheduler:
            raise ValueError("--executor dask needs --scheduler tcp://host:port")
        yield from _run_dask(fn, tasks, scheduler, on_crash, window or 4 * max(workers, 2))
    elif executor == "local":
        if workers <= 1 or len(tasks) == 1:
            for task in tasks:
                yield fn(task)
        else:
            yield from _run_pool(fn, tasks, workers, on_crash, window or 4 * workers)
    else:
        raise ValueError(f"unknown executor {executor!r}: use 'local' or 'dask'")


def _pool(workers: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        # Load the model before forking: the workers inherit it (copy-on-write) instead
        # of each paying the 4-6 s load, which would eat most of a short run's gain.
        _load_nlp()
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context()
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)


def _run_pool(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    workers: int,
    on_crash: Callable[[T, str], R],
    window: int,
) -> Iterator[R]:
    pool = _pool(workers)
    pending: deque[tuple[int, Future[R]]] = deque()
    retry: deque[int] = deque()  # tasks in flight when a worker died, run one at a time
    solo: set[int] = set()
    next_task = 0
    try:
        while retry or next_task < len(tasks) or pending:
            if retry:
                if not pending:
                    i = retry.popleft()
                    solo.add(i)
                    pending.append((i, pool.submit(fn, tasks[i])))
            else:
                while next_task < len(tasks) and len(pending) < window:
                    pending.append((next_task, pool.submit(fn, tasks[next_task])))
                    next_task += 1
            index, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                # A worker died and every task in flight failed with it. Run those again
                # alone, in order, in a new pool: the one that kills its worker when
                # alone is the culprit, and the others get through.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers)
                if index in solo:
                    log.error("worker died on task %d; the batch goes on", index)
                    yield on_crash(tasks[index], "the worker process died reading this file")
                else:
                    retry.extend([index] + [i for i, _ in pending])
                pending.clear()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    scheduler: str,
    on_crash: Callable[[T, str], R],
    window: int,
) -> Iterator[R]:
    try:
        from distributed import Client
    except ImportError as exc:  # an optional dependency
        raise RuntimeError(
            "--executor dask needs dask.distributed: pip install 'delib[dask]'"
        ) from exc
    with Client(scheduler, set_as_default=False) as client:
        # Each Dask worker loads the model once, on its first document (get_nlp caches).
        pending: deque[tuple[int, Any]] = deque()
        next_task = 0
        while next_task < len(tasks) or pending:
            while next_task < len(tasks) and len(pending) < window:
                # pure=False: the same path must be read again if asked (it may have changed)
                pending.append((next_task, client.submit(fn, tasks[next_task], pure=False)))
                next_task += 1
            index, future = pending.popleft()
            try:
                yield future.result()
            except Exception as exc:  # KilledWorker and friends: that file failed, go on
                yield on_crash(tasks[index], f"the Dask task failed: {exc!r}")
